// Boundary groups become client groups: their boundaries as CIDRs, their site
// systems as boundary links, their default site (or their systems' site) as the
// assigned primary site.
#include "cidr.h"
#include "collectionjson.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace portolan::HierarchyImport::Json {

namespace {

class BoundaryReader
{
public:
    BoundaryReader(Hierarchy& h, ImportReport& r, const std::function<void(const QString&)>& note)
        : m_h(h), m_report(r), m_note(note)
    {}

    void readBoundaries(const QJsonObject& top)
    {
        struct Boundary
        {
            qint64 type = -1;
            QString value, name;
        };
        QHash<qint64, Boundary> boundaries;
        forEach(top, u"SMS_Boundary"_s, [&](const QJsonObject& o, const QString& p) {
            boundaries.insert(
                integer(o, u"BoundaryID"_s, p),
                {integer(o, u"BoundaryType"_s, p), text(o, u"Value"_s, p), text(o, u"DisplayName"_s, p)});
        });
        QMap<qint64, qsizetype> groups; // GroupID -> index in m_h.groups
        QSet<qint64> fallback;          // the automatic Default-Site-Boundary-Group<XXX> groups
        forEach(top, u"SMS_BoundaryGroup"_s, [&](const QJsonObject& o, const QString& p) {
            ImportedGroup group;
            group.name = text(o, u"Name"_s, p, true);
            // Each site's automatic default boundary group is the product's fallback
            // container, not a place clients live: left out, and noted.
            static const QRegularExpression automatic(u"^Default-Site-Boundary-Group<[A-Za-z0-9]{3}>$"_s);
            if (automatic.match(group.name).hasMatch()) {
                fallback.insert(integer(o, u"GroupID"_s, p));
                m_note(u"boundary group %1: the site's automatic default boundary group (fallback for "
                       u"clients outside every boundary), left out"_s.arg(group.name));
                return;
            }
            group.siteCode = text(o, u"DefaultSiteCode"_s, p).toUpper();
            groups.insert(integer(o, u"GroupID"_s, p), m_h.groups.size());
            m_h.groups << group;
        });
        const auto group = [&](const QJsonObject& o, const QString& p) -> ImportedGroup* {
            const qint64 id = integer(o, u"GroupID"_s, p);
            if (fallback.contains(id))
                return nullptr;
            if (!groups.contains(id)) {
                m_report.notMapped << u"%1: boundary group %2 is not in SMS_BoundaryGroup"_s.arg(p).arg(id);
                return nullptr;
            }
            return &m_h.groups[groups.value(id)];
        };
        forEach(top, u"SMS_BoundaryGroupMembers"_s, [&](const QJsonObject& o, const QString& p) {
            ImportedGroup* g = group(o, p);
            const qint64 id = integer(o, u"BoundaryID"_s, p);
            if (!g)
                return;
            if (!boundaries.contains(id)) {
                m_report.notMapped
                    << u"boundary group %1: boundary %2 is not in SMS_Boundary"_s.arg(g->name).arg(id);
                return;
            }
            addBoundary(*g, boundaries.value(id).type, boundaries.value(id).value, boundaries.value(id).name);
        });
        forEach(top, u"SMS_BoundaryGroupSiteSystems"_s, [&](const QJsonObject& o, const QString& p) {
            if (ImportedGroup* g = group(o, p)) {
                const QString server = serverFromPath(text(o, u"ServerNALPath"_s, p, true));
                g->systems << server;
                m_h.links << ImportedLink{LinkKind::Boundary, u"group:"_s + g->name, server};
            }
        });
    }

    void addBoundary(ImportedGroup& group, qint64 type, const QString& value, const QString& name)
    {
        const QString what = u"boundary group %1: boundary %2"_s.arg(
            group.name,
            name.isEmpty() || name == value ? u"'%1'"_s.arg(value) : u"%1 ('%2')"_s.arg(name, value));
        QString cidr, error;
        QStringList cidrs;
        switch (type) {
        case 0: // IP subnet
            if (Cidr::normalise(value, &cidr, &error))
                group.subnets << cidr;
            else
                m_report.notMapped << what +
                                          u": IP subnet without a prefix length (SMS_Boundary keeps only the "
                                          u"subnet ID); add the subnet to the client group by hand"_s;
            return;
        case 1: // Active Directory site
            m_report.notMapped << what + u": an Active Directory site boundary has no addresses Portolan can "
                                         u"use; add the site's subnets to the client group by hand"_s;
            return;
        case 2: // IPv6 prefix: Configuration Manager's prefixes are 64 bits long
            if (Cidr::normalise(value.contains(u'/') ? value : value + u"/64"_s, &cidr, &error) ||
                Cidr::normalise(value + u"::/64"_s, &cidr, &error))
                group.subnets << cidr;
            else
                m_report.notMapped << what + u": "_s + error;
            return;
        case 3: // IP address range
            if (Cidr::fromRange(value, &cidrs, &error)) {
                group.subnets << cidrs;
                if (cidrs.size() > 1)
                    m_note(what + u": split into %1 CIDR blocks"_s.arg(cidrs.size()));
            } else {
                m_report.notMapped << what + u": "_s + error;
            }
            return;
        default:
            m_report.notMapped << what + u": boundary type %1 (a VPN boundary?) has no addresses"_s.arg(type);
        }
    }

private:
    Hierarchy& m_h;
    ImportReport& m_report;
    const std::function<void(const QString&)>& m_note;
};

} // namespace

void readBoundaries(const QJsonObject& top, Hierarchy& hierarchy, ImportReport& report,
                    const std::function<void(const QString&)>& note)
{
    BoundaryReader(hierarchy, report, note).readBoundaries(top);
}

void assignGroupSites(Hierarchy& hierarchy, ImportReport& report)
{
    // A secondary's boundary group goes to its parent.
    for (ImportedGroup& group : hierarchy.groups) {
        QString code = group.siteCode;
        if (code.isEmpty())
            for (const QString& system : std::as_const(group.systems))
                if (const ImportedServer* s = hierarchy.findServer(system); s && !s->siteCode.isEmpty()) {
                    code = s->siteCode;
                    break;
                }
        const ImportedSite* site = hierarchy.findSite(code);
        if (site && site->kind == SiteKind::Secondary)
            site = hierarchy.findSite(site->parentCode);
        if (!site || site->kind != SiteKind::Primary) {
            report.notMapped << u"boundary group %1: no primary site to assign its clients to (default site "
                                u"'%2')"_s.arg(group.name, group.siteCode);
            group.siteCode.clear();
            continue;
        }
        group.siteCode = site->code;
    }
}

} // namespace portolan::HierarchyImport::Json
