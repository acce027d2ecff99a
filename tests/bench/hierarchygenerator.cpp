#include "hierarchygenerator.h"

#include "catalog/catalog.h"
#include "design/document.h"

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

class Generator
{
public:
    explicit Generator(Document& doc) : m_doc(doc) {}

    int site(const QString& code, SiteKind kind, int parent)
    {
        Site s;
        s.key = code;
        s.code = code;
        s.name = code;
        s.kind = kind;
        s.parent = parent;
        return m_doc.addSite(s);
    }

    int server(const QString& name, int site, const QStringList& roles, const Options& options = {})
    {
        Node n;
        n.kind = NodeKind::Server;
        n.key = name;
        n.name = name + u".corp.example"_s;
        n.address = address();
        n.zone = u"dc"_s;
        n.site = site;
        for (const QString& r : roles)
            n.roles << m_doc.catalog().roleIndex(r);
        n.options = options;
        return m_doc.addNode(n);
    }

    int group(const QString& name, int site)
    {
        Node n;
        n.kind = NodeKind::ClientGroup;
        n.key = name;
        n.name = name;
        n.subnets = {address() + u"/24"_s};
        n.devices = 250;
        n.site = site;
        n.zone = u"branch"_s;
        return m_doc.addNode(n);
    }

    int endpoint(const QString& name, const QString& kind)
    {
        Node n;
        n.kind = NodeKind::Endpoint;
        n.key = name;
        n.name = name;
        n.roles << m_doc.catalog().roleIndex(kind);
        return m_doc.addNode(n);
    }

    void link(LinkKind kind, int from, int to)
    {
        Link l;
        l.kind = kind;
        l.from = from;
        l.to = to;
        m_doc.addLink(l);
    }

private:
    QString address()
    {
        const int n = ++m_count;
        return u"10.%1.%2.%3"_s.arg((n >> 16) & 255).arg((n >> 8) & 255).arg(n & 255);
    }

    Document& m_doc;
    int m_count = 0;
};

} // namespace

std::unique_ptr<Document> generateHierarchy(const HierarchySize& size)
{
    auto doc = std::make_unique<Document>(Catalog::builtin());
    doc->setZones(
        {{u"dc"_s, u"Datacenter"_s, {}, u"#3566a8"_s}, {u"branch"_s, u"Branches"_s, {}, u"#3f8f4f"_s}});
    Generator g(*doc);
    g.endpoint(u"dc01.corp.example"_s, u"domain_controller"_s);
    g.endpoint(u"ca01.corp.example"_s, u"issuing_ca"_s);
    g.endpoint(u"Internet"_s, u"internet"_s);
    const bool hierarchy = size.primaries > 1 || size.secondariesPerPrimary > 0;
    const int cas = hierarchy ? g.site(u"CAS"_s, SiteKind::Cas, -1) : -1;
    int topSup = -1;
    if (hierarchy) {
        g.server(u"cas-ss"_s, cas, {u"site_server"_s, u"sms_provider"_s, u"service_connection_point"_s});
        g.server(u"cas-sql"_s, cas, {u"sql_server"_s});
        topSup = g.server(u"cas-sup"_s, cas, {u"software_update_point"_s});
    }
    for (int p = 0; p < size.primaries; ++p) {
        const QString pc = u"P%1"_s.arg(p + 1, 2, 10, QChar(u'0'));
        const int primary = g.site(pc, SiteKind::Primary, cas);
        const int ss = g.server(pc + u"-ss"_s, primary, {u"site_server"_s, u"sms_provider"_s});
        g.server(pc + u"-sql"_s, primary, {u"sql_server"_s, u"reporting_services_point"_s});
        g.server(pc + u"-mp1"_s, primary, {u"management_point"_s});
        g.server(pc + u"-mp2"_s, primary, {u"management_point"_s});
        for (int d = 0; d < 4; ++d)
            g.server(pc + u"-dp%1"_s.arg(d + 1), primary, {u"distribution_point"_s}, {{u"dp.pxe"_s, d == 0}});
        const int sup = g.server(pc + u"-sup"_s, primary, {u"software_update_point"_s});
        if (topSup >= 0)
            g.link(LinkKind::Upstream, sup, topSup);
        for (int c = 0; c < size.groupsPerPrimary; ++c)
            g.group(pc + u"-clients%1"_s.arg(c + 1), primary);
        for (int s = 0; s < size.secondariesPerPrimary; ++s) {
            const QString sc =
                QString::number(p * size.secondariesPerPrimary + s, 36).rightJustified(3, u'0').toUpper();
            const int secondary = g.site(sc, SiteKind::Secondary, primary);
            const int sss =
                g.server(sc + u"-ss"_s, secondary,
                         {u"site_server"_s, u"management_point"_s, u"distribution_point"_s, u"sql_server"_s});
            std::vector<int> dps;
            for (int d = 0; d < size.distributionPointsPerSecondary; ++d) {
                const int dp = g.server(sc + u"-dp%1"_s.arg(d + 1), secondary, {u"distribution_point"_s},
                                        {{u"dp.pull"_s, true}});
                g.link(LinkKind::PullSource, dp, sss);
                dps.push_back(dp);
            }
            for (int c = 0; c < size.groupsPerSecondary; ++c) {
                const int group = g.group(sc + u"-clients%1"_s.arg(c + 1), primary);
                g.link(LinkKind::Boundary, group, sss);
                if (!dps.empty())
                    g.link(LinkKind::Boundary, group, dps[size_t(c) % dps.size()]);
            }
        }
        Q_UNUSED(ss);
    }
    return doc;
}

} // namespace portolan
