#pragma once

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QStringList>
#include <QVariantMap>

#include "design/linkkind.h"

#include <map>
#include <vector>

namespace portolan {

class Catalog;

enum class SiteKind
{
    Cas,
    Primary,
    Secondary
};
enum class NodeKind
{
    Server,
    ClientGroup,
    Console,
    Endpoint
};
enum class OsFamily
{
    Windows,
    Mac,
    Mobile
};

QString siteKindName(SiteKind kind);
QString nodeKindName(NodeKind kind);
QString osFamilyName(OsFamily os);

// Option values keyed by catalog option name ("dp.pxe"); only values that
// differ from the catalog default need to be present.
using Options = QVariantMap;

struct Zone
{
    QString key;
    QString name;
    QStringList subnets;
    QString color;
    // The firewall interface the zone sits behind ("eth1"); rule sets between zones match it with
    // the addresses, so that a forged source on the wrong side is dropped. Empty: unbound.
    QString firewallInterface = {};
    friend bool operator==(const Zone&, const Zone&) = default;
};

struct Site
{
    int id = -1;
    QString key; // persistent id in the file
    QString code;
    QString name;
    SiteKind kind = SiteKind::Primary;
    int parent = -1;
    Options options; // site.*
    QRectF frame;    // where the site's frame sits on the canvas
    friend bool operator==(const Site&, const Site&) = default;
};

// A server, a client group, a console or an external endpoint.
struct Node
{
    int id = -1;
    QString key; // persistent id in the file
    NodeKind kind = NodeKind::Server;
    QString name;                    // host name (FQDN) or group / endpoint name
    QString address;                 // IPv4/IPv6 address or CIDR (servers, consoles, endpoints)
    QString zone;                    // zone key
    int site = -1;                   // member site (servers) or assigned site (client groups)
    QList<int> roles;                // catalog role indices: server roles, or the endpoint's kind
    Options options;                 // role, system, group and console options
    QStringList subnets;             // client groups and consoles
    int devices = 0;                 // client groups
    OsFamily os = OsFamily::Windows; // client groups
    QList<int> managedSites;         // consoles; empty means every site
    QPointF position;
    friend bool operator==(const Node&, const Node&) = default;
};

// An explicit relation the model cannot infer (DOMAIN.md section 1).
struct Link
{
    int id = -1;
    LinkKind kind = LinkKind::PullSource;
    int from = -1;
    int to = -1;
    friend bool operator==(const Link&, const Link&) = default;
};

struct DesignInfo
{
    QString name;
    QString author;
    QString revision;
    QString description;
    // The design's own identity (a UUID without braces): kept by Save As, new for File > New, an
    // import and a saved copy. Exports use it where two designs must not collide (the Windows
    // firewall rule group and rule names), since two designs may well share a name.
    QString id;
    friend bool operator==(const DesignInfo&, const DesignInfo&) = default;
};

// The whole content of a design as plain values (implicitly shared, cheap to copy):
// what undo of a replacement keeps, and what a worker thread rebuilds a design from.
struct DesignContent
{
    DesignInfo info;
    Options options;
    QList<Zone> zones;
    QList<Site> sites;
    QList<Node> nodes;
    QList<Link> links;
};

// The design: all state, with fine-grained change notifications. It knows
// nothing of scenes or widgets; views and the flow engine follow its signals.
// Ids are assigned on insertion and never reused within a document.
class Document : public QObject
{
    Q_OBJECT
public:
    explicit Document(const Catalog& catalog, QObject* parent = nullptr);

    const Catalog& catalog() const { return m_catalog; }

    const DesignInfo& info() const { return m_info; }
    const Options& options() const { return m_options; }
    const QList<Zone>& zones() const { return m_zones; }
    const std::map<int, Site>& sites() const { return m_sites; }
    const std::map<int, Node>& nodes() const { return m_nodes; }
    const std::map<int, Link>& links() const { return m_links; }

    const Site* site(int id) const;
    const Node* node(int id) const;
    const Link* link(int id) const;
    const Zone* zone(QStringView key) const;
    // Whether traffic from one host to another passes between network zones, so that a firewall
    // between zones sees it: both hosts are in the design and their zones differ (hosts in no zone
    // share the zone ""). The one definition the checks, the rule sets and the zone pages use.
    bool crossesZones(int source, int destination) const;
    int siteByCode(QStringView code) const;
    int nodeByKey(QStringView key) const;
    int nextId() const { return m_nextId; }

    // Roles a node plays for the catalog: a server's roles, the endpoint's
    // kind, "client" (plus "mac_computer") or "mobile_device" for client
    // groups, "console" for consoles.
    QList<int> effectiveRoles(const Node& node) const;
    bool hasRole(const Node& node, QStringView roleId) const;
    bool hasRole(const Node& node, int role) const; // a catalog role index

    void setInfo(const DesignInfo& info);
    void setOptions(const Options& options);
    void setZones(const QList<Zone>& zones);

    // Insertion keeps a given id when it is free (undo of a removal), else
    // assigns a new one; returns the id.
    int addSite(Site site);
    void updateSite(const Site& site);
    void removeSite(int id);
    int addNode(Node node);
    void updateNode(const Node& node);
    void moveNode(int id, QPointF position);
    // Moves many nodes and frames at once (automatic layout) with one geometryChanged()
    // instead of a signal per item.
    void setGeometry(const QHash<int, QPointF>& nodes, const QHash<int, QRectF>& frames);
    void removeNode(int id);
    int addLink(Link link);
    void removeLink(int id);

    // Replaces everything (used by loading); emits reset().
    void reset(const DesignInfo& info, const Options& options, const QList<Zone>& zones, QList<Site> sites,
               QList<Node> nodes, QList<Link> links);
    bool sameContent(const Document& other) const;
    DesignContent content() const;
    void reset(DesignContent content)
    {
        reset(content.info, content.options, content.zones, std::move(content.sites),
              std::move(content.nodes), std::move(content.links));
    }

Q_SIGNALS:
    void infoChanged();
    void optionsChanged();
    void zonesChanged();
    void siteAdded(int id);
    void siteChanged(int id, const portolan::Site& before);
    void siteRemoved(const portolan::Site& site);
    void nodeAdded(int id);
    void nodeChanged(int id, const portolan::Node& before);
    void nodeMoved(int id);
    void nodeRemoved(const portolan::Node& node);
    void linkAdded(int id);
    void linkRemoved(const portolan::Link& link);
    void documentReset();
    void geometryChanged();

private:
    int takeId(int wanted);
    template <typename T> static void setSlot(std::vector<T*>& slots, int id, T* item);

    const Catalog& m_catalog;
    DesignInfo m_info;
    Options m_options;
    QList<Zone> m_zones;
    std::map<int, Site> m_sites;
    std::map<int, Node> m_nodes;
    std::map<int, Link> m_links;
    // Sites and nodes by id, for lookups in constant time (the maps keep them in id order).
    std::vector<Site*> m_siteSlots;
    std::vector<Node*> m_nodeSlots;
    int m_nextId = 1;
    int m_clientRole = -1;
    int m_macRole = -1;
    int m_mobileRole = -1;
    int m_consoleRole = -1;
};

} // namespace portolan
