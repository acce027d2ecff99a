// The collector's JSON: one array per WMI class, each object shaped as the
// class's instances are (docs/hierarchy-import.md).
#include "collectionjson.h"
#include "hierarchyimport.h"
#include "rolenames.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>

using namespace Qt::StringLiterals;

namespace portolan::HierarchyImport {

namespace {

using namespace Json;

class CollectionReader
{
public:
    CollectionReader(Hierarchy& h, ImportReport& r) : m_h(h), m_report(r) {}

    void read(const QJsonObject& top)
    {
        if (top.value(u"format").toString() != u"portolan-collection")
            throw ReadError{u"$.format"_s, u"expected \"portolan-collection\" (a file written by "
                                           u"collect-hierarchy.ps1)"_s};
        if (const qint64 version = integer(top, u"version"_s, u"$"_s); version != 1)
            throw ReadError{u"$.version"_s,
                            u"version %1 is not supported (this Portolan reads version 1)"_s.arg(version)};
        readAddresses(top);
        readErrors(top);
        forEach(top, u"SMS_Site"_s, [this](const QJsonObject& o, const QString& p) { readSite(o, p); });
        forEach(top, u"SMS_SystemResourceList"_s, [this](const QJsonObject& o, const QString& p) {
            QString name = text(o, u"ServerRemoteName"_s, p);
            if (name.isEmpty())
                name = text(o, u"ServerName"_s, p);
            if (name.isEmpty())
                name = serverFromPath(text(o, u"NALPath"_s, p, true));
            addRole(name, text(o, u"RoleName"_s, p, true), text(o, u"SiteCode"_s, p), p);
        });
        forEach(top, u"SMS_SCI_SiteDefinition"_s,
                [this](const QJsonObject& o, const QString& p) { readSiteDefinition(o, p); });
        forEach(top, u"SMS_SCI_SysResUse"_s,
                [this](const QJsonObject& o, const QString& p) { readRole(o, p); });
        forEach(top, u"SMS_SCI_Component"_s,
                [this](const QJsonObject& o, const QString& p) { readComponent(o, p); });
        forEach(top, u"SMS_AzureService"_s,
                [this](const QJsonObject& o, const QString& p) { readAzure(o, p); });
        readBoundaries(top, m_h, m_report, [this](const QString& line) { note(line); });
        finish();
    }

private:
    void readAddresses(const QJsonObject& top)
    {
        const QJsonObject addresses = top.value(u"DnsAddresses").toObject();
        for (auto it = addresses.begin(); it != addresses.end(); ++it) {
            QStringList list;
            for (const QJsonValue& a : it.value().toArray())
                list << a.toString();
            if (it.value().isString())
                list << it.value().toString();
            // An IPv4 address first: firewall teams write rules for those.
            QString chosen;
            for (const QString& a : std::as_const(list))
                if (QHostAddress(a).protocol() == QAbstractSocket::IPv4Protocol) {
                    chosen = a;
                    break;
                }
            if (chosen.isEmpty() && !list.isEmpty())
                chosen = list.first();
            m_addresses.insert(it.key().toLower(), chosen);
        }
    }

    void readErrors(const QJsonObject& top)
    {
        forEach(top, u"Errors"_s, [this](const QJsonObject& o, const QString& p) {
            m_report.notes << u"the collector could not read %1: %2"_s.arg(text(o, u"Class"_s, p),
                                                                           text(o, u"Message"_s, p));
        });
    }

    void readSite(const QJsonObject& o, const QString& p)
    {
        ImportedSite site;
        site.place = p;
        site.code = text(o, u"SiteCode"_s, p, true).toUpper();
        site.name = text(o, u"SiteName"_s, p);
        site.parentCode = text(o, u"ReportingSiteCode"_s, p).toUpper();
        // SMS_Site.Type: 1 secondary, 2 primary, 4 central administration site.
        switch (integer(o, u"Type"_s, p)) {
        case 1:
            site.kind = SiteKind::Secondary;
            break;
        case 2:
            site.kind = SiteKind::Primary;
            break;
        case 4:
            site.kind = SiteKind::Cas;
            break;
        default:
            m_report.notMapped << u"site %1: SMS_Site.Type %2 is not 1, 2 or 4; taken for a primary site"_s
                                      .arg(site.code, text(o, u"Type"_s, p));
        }
        m_h.sites << site;
        if (const QString server = text(o, u"ServerName"_s, p); !server.isEmpty())
            addRole(server, u"SMS Site Server"_s, site.code, p);
    }

    // Adds a role by Configuration Manager's name; returns the server, or null when the
    // role adds nothing to a server (unmapped roles are reported here).
    ImportedServer* addRole(const QString& serverName, const QString& roleName, const QString& siteCode,
                            const QString& path)
    {
        const QString name = serverName.trimmed().toLower();
        if (name.isEmpty()) {
            m_report.notMapped << u"%1: role '%2' names no server"_s.arg(path, roleName);
            return nullptr;
        }
        QString id;
        const RoleNames::Kind kind = RoleNames::lookup(roleName, &id);
        if (kind == RoleNames::Kind::Unmapped) {
            const QString item = u"server %1: role '%2' (site %3) has no flows in Portolan's catalog"_s.arg(
                name, roleName, siteCode);
            if (!m_notMappedSeen.contains(item)) {
                m_notMappedSeen.insert(item);
                m_report.notMapped << item;
            }
        }
        ImportedServer& server = m_h.server(name);
        if (server.place.isEmpty())
            server.place = path;
        if (server.address.isEmpty())
            server.address = m_addresses.value(name);
        if (kind == RoleNames::Kind::Generic)
            ++m_generic;
        if (server.siteCode.isEmpty())
            server.siteCode = siteCode.toUpper();
        else if (kind == RoleNames::Kind::Mapped &&
                 server.siteCode.compare(siteCode, Qt::CaseInsensitive) != 0 && !siteCode.isEmpty())
            note(u"server %1 holds roles of sites %2 and %3; it is drawn in %2"_s.arg(name, server.siteCode,
                                                                                      siteCode.toUpper()));
        if (kind == RoleNames::Kind::Mapped && !server.roles.contains(id))
            server.roles << id;
        if (kind == RoleNames::Kind::Option)
            server.options.insert(id, true);
        return &server;
    }

    void note(const QString& line)
    {
        if (!m_notesSeen.contains(line)) {
            m_notesSeen.insert(line);
            m_report.notes << line;
        }
    }

    void readRole(const QJsonObject& o, const QString& p)
    {
        const QString roleName = text(o, u"RoleName"_s, p, true);
        const QString siteCode = text(o, u"SiteCode"_s, p).toUpper();
        ImportedServer* server =
            addRole(serverFromPath(text(o, u"NetworkOSPath"_s, p, true)), roleName, siteCode, p);
        if (!server)
            return;
        const Props props(o, p);
        QString id;
        RoleNames::lookup(roleName, &id);
        // "Require the site server to initiate connections to this site system":
        // SMS Site System Props FDMOperation 1 (reference Note 5).
        if (roleName.compare(u"SMS Site System"_s, Qt::CaseInsensitive) == 0 &&
            props.value(u"FDMOperation"_s, 0) == 1)
            server->options.insert(u"system.siteServerInitiates"_s, true);
        if (id == u"distribution_point") {
            // A cloud DP is listed as a distribution point too: NALType "Windows Azure", and the
            // NAL path that its SMS_AzureService row names (matched in finish()).
            m_dpRows << DpRow{server->name, text(o, u"NALPath"_s, p).toLower(), text(o, u"NALType"_s, p)};
            readDistributionPoint(*server, o, props, p);
        } else if (id == u"software_update_point")
            readUpdatePoint(*server, props, siteCode);
        else if (id == u"sql_server")
            readSql(*server, siteCode);
        else if (id == u"management_point") {
            // SslState: 0 HTTP, 1 HTTPS, 2 not applicable, 3 always HTTPS, 4 always HTTP
            // (SMS_SystemResourceList Server WMI Class, learn.microsoft.com).
            const qint64 ssl = integer(o, u"SslState"_s, p, 0);
            m_mpSsl[siteCode] << (ssl == 1 || ssl == 3);
        }
    }

    void readDistributionPoint(ImportedServer& server, const QJsonObject& o, const Props& props,
                               const QString& p)
    {
        Options& options = server.options;
        // The DP's own client communication (HTTP, or HTTPS with a PKI certificate): SslState 1
        // HTTPS or 3 always HTTPS (SMS_SCI_SysResUse.SslState, its values as the
        // SMS_SystemResourceList Server WMI Class documents them: 0 HTTP, 1 HTTPS, 2 not
        // applicable, 3 always HTTPS, 4 always HTTP).
        const qint64 ssl = integer(o, u"SslState"_s, p, 0);
        setOption(options, u"dp.https"_s, ssl == 1 || ssl == 3, false);
        setOption(options, u"dp.pxe"_s, props.value(u"IsPXE"_s, 0) == 1, false);
        setOption(options, u"dp.multicast"_s,
                  props.value(u"IsMulticast"_s, 0) == 1 || options.contains(u"dp.multicast"_s), false);
        setOption(options, u"dp.pxeResponderWithoutWds"_s, props.value(u"SccmPXE"_s, 0) == 1, false);
        const bool pull = props.value(u"IsPullDP"_s, 0) == 1;
        setOption(options, u"dp.pull"_s, pull, false);
        if (!pull)
            return;
        // SMS_EmbeddedPropertyList SourceDistributionPoints: NAL paths of the sources. A pull
        // DP left without a source is reported when the design is built (buildDesign()).
        for (const QJsonValue& list : o.value(u"PropLists").toArray()) {
            const QJsonObject l = list.toObject();
            if (l.value(u"PropertyListName")
                    .toString()
                    .compare(u"SourceDistributionPoints"_s, Qt::CaseInsensitive) != 0)
                continue;
            for (const QJsonValue& value : l.value(u"Values").toArray()) {
                const QString source = serverFromPath(value.toString());
                if (!source.isEmpty())
                    m_h.links << ImportedLink{LinkKind::PullSource, server.name, source};
            }
        }
    }

    void readUpdatePoint(ImportedServer& server, const Props& props, const QString& siteCode)
    {
        const qint64 http = props.value(u"WSUSIISPort"_s, 8530);
        const qint64 https = props.value(u"WSUSIISSSLPort"_s, -1);
        if (http > 0 && http < 65536)
            setOption(server.options, u"sup.httpPort"_s, int(http), 8530);
        setOption(server.options, u"sup.ssl"_s, props.value(u"SSLWSUS"_s, 0) == 1, false);
        // AllowProxyTraffic 0: the update point does not take CMG traffic (SMS_SCI_SysResUse Props).
        setOption(server.options, u"sup.allowCmgTraffic"_s, props.value(u"AllowProxyTraffic"_s, 1) != 0,
                  true);
        const qint64 expected = http == 80 ? 443 : http + 1;
        if (https > 0 && https != expected)
            m_report.notMapped
                << u"server %1: WSUS HTTPS port %2 is not %3 (the port WSUS pairs with HTTP %4); "
                   u"flows use %3"_s.arg(server.name)
                       .arg(https)
                       .arg(expected)
                       .arg(http);
        if (props.value(u"UseParentWSUS"_s, 0) == 1)
            m_upstream << std::pair{server.name, siteCode};
    }

    // The site database's ports and name are the site's, in SMS_SCI_SiteDefinition:
    // Props SQLServicePort and SSBPort, SQLDatabaseName "CM_P01" or "INSTANCE\CM_P01".
    void readSiteDefinition(const QJsonObject& o, const QString& p)
    {
        const QString code = text(o, u"SiteCode"_s, p, true).toUpper();
        const Props props(o, p);
        SiteDatabase& db = m_databases[code];
        db.port = props.value(u"SQLServicePort"_s, -1);
        db.brokerPort = props.value(u"SSBPort"_s, -1);
        db.namedInstance = text(o, u"SQLDatabaseName"_s, p).contains(u'\\');
    }

    void readSql(ImportedServer& server, const QString& siteCode)
    {
        const auto it = m_databases.constFind(siteCode);
        const SiteDatabase db = it == m_databases.constEnd() ? SiteDatabase{} : *it;
        // A named instance needs its static port even when it is 1433 (check warns otherwise).
        if (db.port > 0 && db.port < 65536)
            setOption(server.options, u"sql.port"_s, int(db.port),
                      db.namedInstance ? QVariant() : QVariant(1433));
        if (db.brokerPort > 0 && db.brokerPort < 65536)
            setOption(server.options, u"sql.brokerPort"_s, int(db.brokerPort), 4022);
        if (db.namedInstance)
            server.options.insert(u"sql.namedInstance"_s, true);
        if (db.port <= 0)
            note(u"server %1: SQL Server port not collected; 1433 assumed"_s.arg(server.name));
    }

    void readComponent(const QJsonObject& o, const QString& p)
    {
        // The site's client ports live on the management point component, its
        // communication mode (IISSSLState) on the site component manager.
        const QString item = text(o, u"ItemName"_s, p, true);
        if (item.startsWith(u"SMS_SITE_COMPONENT_MANAGER"_s, Qt::CaseInsensitive)) {
            const Props props(o, p);
            const qint64 state = props.value(u"IISSSLState"_s, -1);
            if (state >= 0)
                m_siteSsl[text(o, u"SiteCode"_s, p, true).toUpper()] = state;
            return;
        }
        if (!item.startsWith(u"SMS_MP_CONTROL_MANAGER"_s, Qt::CaseInsensitive))
            return;
        const Props props(o, p);
        const QString code = text(o, u"SiteCode"_s, p, true).toUpper();
        const auto firstPort = [](const QString& list) {
            return list.section(u',', 0, 0).trimmed().toInt();
        };
        m_clientPorts[code] = {firstPort(props.text1(u"IISPortsList"_s)),
                               firstPort(props.text1(u"IISSSLPortsList"_s))};
    }

    void readAzure(const QJsonObject& o, const QString& p)
    {
        const QString type = text(o, u"ServiceType"_s, p);
        QString name = text(o, u"ServiceCName"_s, p);
        if (name.isEmpty())
            name = text(o, u"Fqdn"_s, p);
        if (name.isEmpty())
            name = text(o, u"Name"_s, p, true);
        const QString siteCode = text(o, u"SiteCode"_s, p).toUpper();
        // ServiceType CloudProxyService (a CMG) or CloudDistributionPoint.
        const bool cmg = type.contains(u"Proxy"_s, Qt::CaseInsensitive);
        const bool cloudDp =
            !cmg && (type.contains(u"DP"_s) || type.contains(u"Distribution"_s, Qt::CaseInsensitive));
        if (!cmg && !cloudDp) {
            m_report.notMapped
                << u"Azure service %1: ServiceType '%2' is neither a CMG nor a cloud distribution point"_s
                       .arg(name, type);
            return;
        }
        // An Azure service is never an on-premises server: one named like a server
        // already read is not merged into it (which would blank the server's site).
        if (const ImportedServer* existing = m_h.findServer(name);
            existing && (existing->place.isEmpty() || !existing->place.startsWith(u"$.SMS_AzureService"_s))) {
            m_report.notMapped << u"Azure service %1 (%2): named like the on-premises server %1 (%3); not "
                                  u"imported, add it by hand under another name"_s.arg(name, p,
                                                                                       existing->place);
            return;
        }
        ImportedServer& server = m_h.server(name);
        if (server.place.isEmpty())
            server.place = p;
        if (!siteCode.isEmpty() || server.siteCode.isEmpty())
            server.siteCode = siteCode;
        server.roles << (cmg ? u"cmg"_s : u"cloud_distribution_point"_s);
        // SMS_AzureService.NALPath: the NAL path of the corresponding distribution point.
        if (const QString nal = text(o, u"NALPath"_s, p).toLower(); !cmg && !nal.isEmpty())
            m_cloudDpPaths.insert(nal, server.name);
        if (!cmg)
            return;
        const qint64 vms = integer(o, u"NumberOfInstances"_s, p, 1);
        if (vms < 1 || vms > 16)
            m_report.notMapped
                << u"CMG %1: %2 virtual machines is outside 1 to 16; 1 assumed"_s.arg(name).arg(vms);
        else
            setOption(server.options, u"cmg.vmCount"_s, int(vms), 1);
        // SMS_AzureService has no deployment kind; a classic cloud service has a
        // cloudapp.net name, a virtual machine scale set a regional cloudapp.azure.com one.
        const QString fqdn = text(o, u"Fqdn"_s, p).toLower();
        if (fqdn.endsWith(u".cloudapp.net"_s)) {
            server.options.insert(u"cmg.deployment"_s, u"classic"_s);
            note(u"CMG %1: classic cloud service (its Azure name %2 ends in cloudapp.net)"_s.arg(name, fqdn));
        }
        m_cmgs << std::pair{name, siteCode};
    }

    // The cloud DP's own distribution point row: one node, a cloud DP (no on-premises DP).
    void matchCloudDistributionPoints()
    {
        for (const DpRow& row : std::as_const(m_dpRows)) {
            const auto cloud = m_cloudDpPaths.constFind(row.nalPath);
            const bool azure = row.nalType.contains(u"Azure"_s, Qt::CaseInsensitive);
            if (cloud == m_cloudDpPaths.constEnd() && !azure)
                continue;
            ImportedServer& server = m_h.server(row.server);
            server.roles.removeAll(u"distribution_point"_s);
            for (const QString& option : {u"dp.pxe"_s, u"dp.multicast"_s, u"dp.pxeResponderWithoutWds"_s,
                                          u"dp.pull"_s, u"dp.https"_s})
                server.options.remove(option);
            if (cloud != m_cloudDpPaths.constEnd() && *cloud != row.server && server.roles.isEmpty())
                m_h.removeServer(row.server);
        }
    }

    void finish()
    {
        matchCloudDistributionPoints();
        if (m_generic > 0)
            note(
                u"%1 entries for the generic roles (site system, component server) open no port of their own"_s
                    .arg(m_generic));
        // Client ports and communication mode, per site.
        for (ImportedSite& site : m_h.sites) {
            const auto ports = m_clientPorts.value(site.code);
            if (ports.first > 0 && ports.first < 65536)
                setOption(site.options, u"site.clientHttpPort"_s, ports.first, 80);
            if (ports.second > 0 && ports.second < 65536)
                setOption(site.options, u"site.clientHttpsPort"_s, ports.second, 443);
            // The site's own setting first: IISSSLState of SMS_SITE_COMPONENT_MANAGER, 31 or 63
            // HTTPS only, 192, 224, 448, 480, 1216, 1248 or 1504 HTTPS or HTTP (bit 64 set), as the
            // ConfigMgr DSC module's CMSiteConfiguration reads it. Without it, the management points'.
            if (const auto state = m_siteSsl.constFind(site.code); state != m_siteSsl.constEnd()) {
                if ((*state & 64) == 0)
                    site.options.insert(u"site.httpsOnly"_s, true);
                continue;
            }
            const QList<bool> ssl = m_mpSsl.value(site.code);
            if (!ssl.isEmpty() && !ssl.contains(false))
                site.options.insert(u"site.httpsOnly"_s, true);
        }
        // A SUP that synchronises from its parent site's SUP (UseParentWSUS).
        QHash<QString, const ImportedServer*> updatePoints; // site code -> its first SUP
        if (!m_upstream.isEmpty())
            for (const ImportedServer& s : std::as_const(m_h.servers))
                if (s.roles.contains(u"software_update_point"_s))
                    if (!updatePoints.contains(s.siteCode)) // the first wins
                        updatePoints.insert(s.siteCode, &s);
        for (const auto& [name, siteCode] : std::as_const(m_upstream)) {
            const ImportedSite* site = m_h.findSite(siteCode);
            const QString parent = site ? site->parentCode : QString();
            const ImportedServer* upstream = updatePoints.value(parent);
            if (upstream)
                m_h.links << ImportedLink{LinkKind::Upstream, name, upstream->name};
            else
                m_report.notMapped
                    << u"server %1: synchronises from its parent site's software update point, "
                       u"but site %2 has none in the file"_s.arg(name, parent);
        }
        // Each CMG is reached by the CMG connection points of its site (else of the hierarchy).
        QStringList all;
        QHash<QString, QStringList> pointsBySite;
        if (!m_cmgs.isEmpty())
            for (const ImportedServer& s : std::as_const(m_h.servers))
                if (s.roles.contains(u"cmg_connection_point"_s)) {
                    all << s.name;
                    pointsBySite[s.siteCode] << s.name;
                }
        for (const auto& [cmg, siteCode] : std::as_const(m_cmgs)) {
            const QStringList points = pointsBySite.value(siteCode);
            for (const QString& point : points.isEmpty() ? all : points)
                m_h.links << ImportedLink{LinkKind::CmgConnection, point, cmg};
        }
        assignGroupSites(m_h, m_report);
    }

    Hierarchy& m_h;
    ImportReport& m_report;
    QHash<QString, QString> m_addresses;
    QSet<QString> m_notMappedSeen, m_notesSeen; // what is listed once already
    QHash<QString, QPair<int, int>> m_clientPorts;
    QHash<QString, QList<bool>> m_mpSsl;
    QHash<QString, qint64> m_siteSsl; // site code -> IISSSLState
    struct DpRow
    {
        QString server, nalPath, nalType;
    };
    QList<DpRow> m_dpRows;
    QHash<QString, QString> m_cloudDpPaths; // SMS_AzureService.NALPath (lower case) -> cloud DP name
    struct SiteDatabase
    {
        qint64 port = -1;
        qint64 brokerPort = -1;
        bool namedInstance = false;
    };
    QHash<QString, SiteDatabase> m_databases;
    QList<std::pair<QString, QString>> m_upstream;
    QList<std::pair<QString, QString>> m_cmgs;
    int m_generic = 0;
};

} // namespace

bool readCollection(const QByteArray& bytes, const QString& label, Hierarchy* hierarchy, ImportReport* report,
                    QString* error)
{
    QJsonParseError parse;
    const QJsonDocument json = QJsonDocument::fromJson(bytes, &parse);
    if (parse.error != QJsonParseError::NoError) {
        *error = u"%1: byte %2: %3"_s.arg(label).arg(parse.offset).arg(parse.errorString());
        return false;
    }
    if (!json.isObject()) {
        *error = json.isArray()
                     ? u"%1: $: a JSON array, not the collector's JSON object (a file written by "
                       u"collect-hierarchy.ps1 starts with {\"format\": \"portolan-collection\")"_s.arg(label)
                     : u"%1: $: expected a JSON object"_s.arg(label);
        return false;
    }
    Hierarchy h;
    ImportReport r = *report;
    try {
        CollectionReader(h, r).read(json.object());
    } catch (const ReadError& e) {
        *error = u"%1: %2: %3"_s.arg(label, e.path, e.message);
        return false;
    }
    *hierarchy = std::move(h);
    *report = std::move(r);
    return true;
}

} // namespace portolan::HierarchyImport
