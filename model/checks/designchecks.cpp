#include "designchecks.h"

#include "addresschecks.h"

#include "catalog/catalog.h"
#include "design/document.h"
#include "export/escape.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "import/hierarchy.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <vector>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

class Checker
{
public:
    Checker(const Document& document, const FlowEngine& engine) : m_doc(document), m_engine(engine)
    {
        // Which roles each site's servers hold, found once rather than per site and role.
        for (const auto& [id, n] : m_doc.nodes())
            if (n.kind == NodeKind::Server && n.site >= 0)
                for (int r : n.roles)
                    m_siteRoles[n.site].insert(r);
        // Which nodes start or end a link of each kind, also found once: a
        // design with 100,000 pull distribution points must not compare every
        // server with every link. Sorted numbers.
        m_linkEnds.reserve(m_doc.links().size() * 2);
        for (const auto& [id, l] : m_doc.links()) {
            m_linkEnds.push_back(linkEnd(l.kind, l.from, true));
            m_linkEnds.push_back(linkEnd(l.kind, l.to, false));
        }
        std::sort(m_linkEnds.begin(), m_linkEnds.end());
    }

    QList<DesignIssue> run()
    {
        checkSites();
        checkNodes();
        checkLinks();
        checkRuleAddresses();
        m_issues << checkAddresses(m_doc);
        checkIdentifiers();
        checkImportNotes();
        return m_issues;
    }

private:
    void error(const QString& message, int site, int node)
    {
        m_issues << DesignIssue{DesignIssue::Severity::Error, message, site, node};
    }
    void warning(const QString& message, int site, int node)
    {
        m_issues << DesignIssue{DesignIssue::Severity::Warning, message, site, node};
    }

    // Role indices are looked up once per name: a check of a million servers asks about each several times.
    bool has(const Node& n, const char16_t* role) const { return m_doc.hasRole(n, roleIndex(role)); }
    int roleIndex(const char16_t* role) const
    {
        for (const auto& [name, index] : m_roleCache)
            if (name == role)
                return index;
        m_roleCache.emplace_back(role, m_doc.catalog().roleIndex(QStringView(role)));
        return m_roleCache.back().second;
    }

    bool siteHas(int site, const char16_t* role) const
    {
        return m_siteRoles.value(site).contains(roleIndex(role));
    }

    void checkSites()
    {
        static const QRegularExpression codeFormat(u"^[A-Za-z0-9]{3}$"_s);
        static const QStringList reserved = {u"AUX"_s, u"CON"_s, u"NUL"_s, u"PRN"_s, u"SMS"_s, u"ENV"_s};
        int cas = 0;
        QHash<QString, int> codes;
        QHash<int, int> primariesUnder, secondariesUnder;
        for (const auto& [id, s] : m_doc.sites()) {
            const Site* parent = m_doc.site(s.parent);
            if (!codeFormat.match(s.code).hasMatch())
                error(u"site code '%1' must be exactly three letters or digits"_s.arg(s.code), id, -1);
            else if (reserved.contains(s.code.toUpper()))
                error(u"site code '%1' is reserved by Configuration Manager"_s.arg(s.code), id, -1);
            const QString upper = s.code.toUpper();
            if (codes.contains(upper))
                error(u"site code '%1' is also used by another site"_s.arg(s.code), id, -1);
            codes.insert(upper, id);
            switch (s.kind) {
            case SiteKind::Cas:
                if (++cas == 2)
                    error(u"a hierarchy has at most one central administration site"_s, id, -1);
                if (parent)
                    error(u"a central administration site has no parent site"_s, id, -1);
                break;
            case SiteKind::Primary:
                if (parent && parent->kind != SiteKind::Cas)
                    error(u"the parent of a primary site must be the central administration site"_s, id, -1);
                if (parent)
                    ++primariesUnder[s.parent];
                break;
            case SiteKind::Secondary:
                if (!parent || parent->kind != SiteKind::Primary)
                    error(u"a secondary site needs a primary site as its parent"_s, id, -1);
                else
                    ++secondariesUnder[s.parent];
                break;
            }
            checkSiteSystems(id, s);
        }
        for (auto it = primariesUnder.begin(); it != primariesUnder.end(); ++it)
            if (it.value() > 25)
                warning(u"%1 primary sites under one central administration site; the limit is 25"_s.arg(
                            it.value()),
                        it.key(), -1);
        for (auto it = secondariesUnder.begin(); it != secondariesUnder.end(); ++it)
            if (it.value() > 250)
                warning(u"%1 secondary sites under one primary site; the limit is 250"_s.arg(it.value()),
                        it.key(), -1);
    }

    void checkSiteSystems(int id, const Site& s)
    {
        const auto need = [&](const char16_t* role, const QString& what) {
            if (!siteHas(id, role))
                error(u"has no %1"_s.arg(what), id, -1);
        };
        need(u"site_server", u"site server"_s);
        need(u"sql_server", u"site database server (SQL Server role)"_s);
        if (s.kind == SiteKind::Secondary) {
            need(u"management_point", u"management point"_s);
            need(u"distribution_point", u"distribution point"_s);
            return;
        }
        need(u"sms_provider", u"SMS Provider"_s);
        if (s.kind == SiteKind::Primary)
            need(u"management_point", u"management point to serve clients"_s);
    }

    void checkNodes()
    {
        for (const auto& [id, n] : m_doc.nodes()) {
            switch (n.kind) {
            case NodeKind::Server:
                checkServer(id, n);
                break;
            case NodeKind::ClientGroup:
                checkGroup(id, n);
                break;
            case NodeKind::Console:
            case NodeKind::Endpoint:
                break;
            }
        }
    }

    void checkServer(int id, const Node& n)
    {
        if (!m_doc.site(n.site))
            error(u"belongs to no site"_s, -1, id);
        if (n.roles.isEmpty())
            warning(u"holds no role"_s, -1, id);
        if (n.address.isEmpty())
            warning(
                u"has no address; firewall rule sets cannot admit its flows and list them as NOT EXPRESSED "
                u"placeholders"_s,
                -1, id);
        if (has(n, u"sql_server") && n.options.value(u"sql.namedInstance"_s).toBool() &&
            !n.options.contains(u"sql.port"_s))
            error(u"named SQL Server instance without a static port (set sql.port; dynamic ports are not "
                  u"supported)"_s,
                  -1, id);
        if (has(n, u"distribution_point") && n.options.value(u"dp.pull"_s).toBool() &&
            !linked(id, LinkKind::PullSource, true))
            error(u"pull distribution point with no source distribution point (draw a pull source link)"_s,
                  -1, id);
        if (has(n, u"cmg") && !linked(id, LinkKind::CmgConnection, false))
            error(u"cloud management gateway with no CMG connection point linked to it"_s, -1, id);
        if (has(n, u"cmg_connection_point") && !linked(id, LinkKind::CmgConnection, true))
            warning(u"CMG connection point with no cloud management gateway linked"_s, -1, id);
        if (n.options.value(u"dp.pxeResponderWithoutWds"_s).toBool() &&
            !n.options.value(u"dp.pxe"_s).toBool())
            warning(u"PXE responder set without PXE"_s, -1, id);
        // A CMG or cloud distribution point is an Azure service, not a Windows
        // server: it holds no other role.
        const bool cloud = has(n, u"cmg") || has(n, u"cloud_distribution_point");
        if (cloud && n.roles.size() > 1)
            error(u"a cloud management gateway or cloud distribution point holds no other site system role"_s,
                  -1, id);
        const Site* site = m_doc.site(n.site);
        if (site && site->kind == SiteKind::Secondary && has(n, u"sms_provider"))
            error(
                u"a secondary site has no SMS Provider (only central administration and primary sites do)"_s,
                -1, id);
    }

    // A hash of the lower-case first DNS label of a name, equal whenever the labels are; host names
    // are ASCII, so only other names pay for a lower-case copy.
    static size_t firstLabelHash(const QString& name)
    {
        const qsizetype dot = name.indexOf(u'.');
        const QStringView first = QStringView(name).left(dot < 0 ? name.size() : dot);
        char16_t lowered[64];
        bool ascii = first.size() <= 64;
        for (qsizetype i = 0; ascii && i < first.size(); ++i) {
            const char16_t c = first[i].unicode();
            ascii = c < 0x80;
            lowered[i] = c >= u'A' && c <= u'Z' ? char16_t(c + 32) : c;
        }
        if (ascii)
            return qHash(QStringView(lowered, first.size()));
        return qHash(first.toString().toLower());
    }

    static quint64 linkEnd(LinkKind kind, int node, bool from)
    {
        return quint64(quint32(kind)) << 33 | quint64(quint32(node)) << 1 | quint64(from);
    }
    bool linked(int id, LinkKind kind, bool from) const
    {
        return std::binary_search(m_linkEnds.begin(), m_linkEnds.end(), linkEnd(kind, id, from));
    }

    void checkGroup(int id, const Node& n)
    {
        const Site* site = m_doc.site(n.site);
        if (!site) {
            error(u"client group is assigned to no site"_s, -1, id);
            return;
        }
        if (site->kind != SiteKind::Primary) {
            error(u"clients are assigned to primary sites only, not to %1 sites"_s.arg(
                      site->kind == SiteKind::Cas ? u"central administration"_s : u"secondary"_s),
                  -1, id);
            return;
        }
        // Wake-up proxy works alongside Wake On LAN: without it nothing wakes the
        // sleeping computers the proxy answers for.
        if (n.options.value(u"group.wakeupProxy"_s).toBool() &&
            !n.options.value(u"group.wakeOnLan"_s).toBool())
            warning(u"wake-up proxy without Wake On LAN (switch on Wake On LAN for the group)"_s, -1, id);
        if (n.os == OsFamily::Mobile)
            return;
        bool mp = false, dp = false;
        const auto reached = [&](std::span<const Flow> flows) {
            for (const Flow& f : flows) {
                const Node* target = m_doc.node(f.destination);
                mp = mp || has(*target, u"management_point") || has(*target, u"cmg");
                dp = dp || has(*target, u"distribution_point") || has(*target, u"cloud_distribution_point");
            }
            return mp && dp;
        };
        // Made on demand, the group's flows stop at the first catalog row that completes the answer.
        m_engine.visitFlowsFrom(id, reached);
        if (!mp)
            error(u"client group has no management point (or CMG) in reach"_s, -1, id);
        if (!dp)
            error(u"client group has no distribution point in reach"_s, -1, id);
    }

    // What an import could not map (model/import/hierarchy.h) stays in the
    // description, one line each, and is a warning until the user removes it.
    void checkImportNotes()
    {
        for (const QString& line : m_doc.info().description.split(kLineSeparator))
            if (line.trimmed().startsWith(kNotImportedPrefix))
                warning(line.trimmed(), -1, -1);
    }

    // Firewall rules between zones need both ends' addresses; without one a
    // rule set can only list the flow as a placeholder.
    void checkRuleAddresses()
    {
        if (m_doc.zones().size() < 2)
            return;
        const auto unaddressed = [](const Node& n) {
            return n.kind != NodeKind::Server && n.address.isEmpty() && n.subnets.isEmpty();
        };
        // Counted as rows of the flow list: one per source, destination, protocol and port,
        // from the flows that start or end at each such node (not every flow of the design).
        struct Needing
        {
            std::vector<std::tuple<int, int, int, int, int>> rows;
            int firstSource = std::numeric_limits<int>::max();
            bool placed = false;
        };
        const auto crossesZones = [&](const Flow& f) {
            return !f.local && m_doc.crossesZones(f.source, f.destination);
        };
        std::map<int, Needing> needing;
        std::vector<Flow> touching;
        for (const auto& [id, n] : m_doc.nodes()) {
            if (!unaddressed(n))
                continue;
            flowsTouching(id, touching);
            for (const Flow& f : touching) {
                if (!crossesZones(f))
                    continue;
                Needing& need = needing[id];
                need.rows.emplace_back(f.source, f.destination, int(f.protocol), f.port.first, f.port.last);
                need.firstSource = std::min(need.firstSource, f.source);
            }
        }
        // Warned in the order the flow list first names them: by the first source that has
        // such a flow, then by that source's own order of flows.
        std::vector<int> sources;
        for (const auto& [id, need] : needing)
            sources.push_back(need.firstSource);
        std::sort(sources.begin(), sources.end());
        sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
        QList<int> order;
        for (int source : sources)
            m_engine.visitFlowsFrom(source, [&](std::span<const Flow> flows) {
                for (const Flow& f : flows)
                    if (crossesZones(f))
                        for (int id : {f.source, f.destination})
                            if (const auto it = needing.find(id); it != needing.end() &&
                                                                  it->second.firstSource == source &&
                                                                  !it->second.placed) {
                                it->second.placed = true;
                                order << id;
                            }
                return false;
            });
        for (int id : std::as_const(order)) {
            auto& rows = needing[id].rows;
            std::sort(rows.begin(), rows.end());
            rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
            warning(u"has no address or subnet; %1 between zones %2 one, and firewall rule sets list "
                    u"them as NOT EXPRESSED placeholders"_s.arg(flowsText(qsizetype(rows.size())),
                                                                rows.size() == 1 ? u"needs"_s : u"need"_s),
                    -1, id);
        }
    }

    // Names that a firewall would see as one: hosts with the same first DNS
    // label, zones whose names reduce to the same identifier. Rule sets name
    // things by their ids, but people read remarks and display names.
    void checkIdentifiers()
    {
        // Sorted by a hash of the lower-case first label rather than filed in a hash table: a
        // million servers sort in a fraction of the time that a million string keys take to insert.
        const auto label = [](const Node& n) {
            return n.name.section(u'.', 0, 0).toLower();
        };
        std::vector<std::pair<size_t, int>> hashed; // (hash of the label, node id), in id order
        for (const auto& [id, n] : m_doc.nodes())
            if (n.kind == NodeKind::Server)
                hashed.emplace_back(firstLabelHash(n.name), id);
        std::sort(hashed.begin(), hashed.end());
        std::vector<std::pair<int, int>> clashes; // (node, earlier node with the same label)
        for (size_t run = 0; run < hashed.size();) {
            size_t end = run + 1;
            while (end < hashed.size() && hashed[end].first == hashed[run].first)
                ++end;
            for (size_t i = run + 1; i < end; ++i) {
                const QString mine = label(*m_doc.node(hashed[i].second));
                for (size_t j = run; j < i; ++j)
                    if (label(*m_doc.node(hashed[j].second)) == mine) {
                        clashes.emplace_back(hashed[i].second, hashed[j].second);
                        break;
                    }
            }
            run = end;
        }
        std::sort(clashes.begin(), clashes.end());
        for (const auto& [id, first] : clashes)
            warning(u"shares its first name label '%1' with %2; rule remarks and display names cannot tell "
                    u"them apart"_s.arg(label(*m_doc.node(id)), m_doc.node(first)->name),
                    -1, id);
        QHash<QString, QString> zones;
        for (const Zone& z : m_doc.zones()) {
            const QString identifier = escape::identifier(z.name).toLower();
            const auto it = zones.constFind(identifier);
            if (it == zones.cend())
                zones.insert(identifier, z.name);
            else
                warning(u"zones '%1' and '%2' become the same identifier '%3' on firewalls that allow only "
                        u"letters and digits; rename one"_s.arg(*it, z.name, identifier),
                        -1, -1);
        }
    }

    void checkLinks()
    {
        for (const auto& [id, l] : m_doc.links()) {
            const Node* from = m_doc.node(l.from);
            const Node* to = m_doc.node(l.to);
            if (!from || !to)
                continue;
            if (l.kind == LinkKind::PullSource && !from->options.value(u"dp.pull"_s).toBool())
                warning(u"links to a source distribution point but is not a pull distribution point"_s, -1,
                        l.from);
            if (l.kind == LinkKind::Boundary && from->kind != NodeKind::ClientGroup)
                warning(u"boundary group links start from a client group"_s, -1, l.from);
        }
    }

    // The flows that start or end at a node (those of both kinds twice).
    void flowsTouching(int id, std::vector<Flow>& into) const
    {
        m_engine.flowsIntoNode(id, into);
        m_engine.visitFlowsFrom(id, [&into](std::span<const Flow> flows) {
            into.insert(into.end(), flows.begin(), flows.end());
            return false;
        });
    }

    const Document& m_doc;
    const FlowEngine& m_engine;
    mutable std::vector<std::pair<const char16_t*, int>> m_roleCache;
    QHash<int, QSet<int>> m_siteRoles;
    std::vector<quint64> m_linkEnds; // linkEnd() of both ends of every link, sorted
    QList<DesignIssue> m_issues;
};

} // namespace

QList<DesignIssue> checkDesign(const Document& document, const FlowEngine& engine)
{
    return Checker(document, engine).run();
}

QString formatIssue(const Document& document, const DesignIssue& issue)
{
    const QString severity = issue.severity == DesignIssue::Severity::Error ? u"error"_s : u"warning"_s;
    QString where;
    if (const Site* s = document.site(issue.site))
        where = s->name.isEmpty() ? u"site %1"_s.arg(s->code) : u"site %1 (%2)"_s.arg(s->code, s->name);
    else if (const Node* n = document.node(issue.node))
        where = u"%1 %2"_s.arg(nodeKindName(n->kind), n->name);
    else
        where = u"design"_s;
    return u"%1: %2: %3"_s.arg(severity, where, issue.message);
}

} // namespace portolan
