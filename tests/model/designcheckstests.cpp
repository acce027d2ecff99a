// portolan check: each hierarchy rule and design mistake is reported, and a
// correct design reports nothing.
#include "checks/designchecks.h"
#include "designbuilder.h"
#include "flows/flowlist.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

QStringList lines(const Document& doc, const FlowEngine& engine)
{
    QStringList lines;
    for (const DesignIssue& issue : checkDesign(doc, engine))
        lines << formatIssue(doc, issue);
    return lines;
}

// What the Checks panel says, from the window's engine; `portolan check`, whose engine computes
// no flow up front, must say the same in the same order.
QStringList check(DesignBuilder& b)
{
    const QStringList panel = lines(*b.doc, b.engine());
    EXPECT_EQ(panel, lines(*b.doc, FlowEngine(*b.doc, FlowEngine::Compute::OnDemand)));
    return panel;
}

// A complete standalone primary with clients that reach an MP and a DP.
struct Good : DesignBuilder
{
    int ps = site(u"PS1"_s, SiteKind::Primary);
    int ss = server(u"ss"_s, ps,
                    {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s, u"management_point"_s,
                     u"distribution_point"_s});
    int clients = group(u"clients"_s, ps);
};

} // namespace

TEST(DesignChecks, ACompleteDesignIsClean)
{
    Good g;
    EXPECT_TRUE(check(g).isEmpty()) << check(g).join(u'\n').toStdString();
}

TEST(DesignChecks, SiteCodes)
{
    Good g;
    g.site(u"AB"_s, SiteKind::Secondary, g.ps);
    g.site(u"SMS"_s, SiteKind::Secondary, g.ps);
    g.site(u"ps1"_s, SiteKind::Secondary, g.ps);
    const QStringList lines = check(g);
    EXPECT_TRUE(
        lines.contains(u"error: site AB (AB): site code 'AB' must be exactly three letters or digits"_s));
    EXPECT_TRUE(
        lines.contains(u"error: site SMS (SMS): site code 'SMS' is reserved by Configuration Manager"_s));
    EXPECT_TRUE(lines.contains(u"error: site ps1 (ps1): site code 'ps1' is also used by another site"_s));
}

TEST(DesignChecks, HierarchyShape)
{
    DesignBuilder b;
    const int cas = b.site(u"CAS"_s, SiteKind::Cas);
    b.site(u"CA2"_s, SiteKind::Cas);
    const int secondary = b.site(u"S01"_s, SiteKind::Secondary, cas);
    b.site(u"S02"_s, SiteKind::Secondary);
    b.site(u"P02"_s, SiteKind::Primary, secondary);
    const QStringList lines = check(b);
    EXPECT_TRUE(
        lines.contains(u"error: site CA2 (CA2): a hierarchy has at most one central administration site"_s));
    EXPECT_TRUE(
        lines.contains(u"error: site S01 (S01): a secondary site needs a primary site as its parent"_s));
    EXPECT_TRUE(
        lines.contains(u"error: site S02 (S02): a secondary site needs a primary site as its parent"_s));
    EXPECT_TRUE(lines.contains(
        u"error: site P02 (P02): the parent of a primary site must be the central administration site"_s));
}

TEST(DesignChecks, SiteLimitsAreWarnings)
{
    DesignBuilder b;
    const int p = b.site(u"P01"_s, SiteKind::Primary);
    for (int i = 0; i < 251; ++i)
        b.site(u"%1"_s.arg(i, 3, 36, QChar(u'0')).toUpper(), SiteKind::Secondary, p);
    const QStringList lines = check(b);
    EXPECT_TRUE(lines.contains(
        u"warning: site P01 (P01): 251 secondary sites under one primary site; the limit is 250"_s));
}

TEST(DesignChecks, MissingSiteSystems)
{
    DesignBuilder b;
    b.site(u"PS1"_s, SiteKind::Primary);
    const QStringList lines = check(b);
    EXPECT_EQ(lines, (QStringList{u"error: site PS1 (PS1): has no site server"_s,
                                  u"error: site PS1 (PS1): has no site database server (SQL Server role)"_s,
                                  u"error: site PS1 (PS1): has no SMS Provider"_s,
                                  u"error: site PS1 (PS1): has no management point to serve clients"_s}));
}

TEST(DesignChecks, NamedInstanceNeedsAStaticPort)
{
    Good g;
    const int sql = g.server(u"sql2"_s, g.ps, {u"sql_server"_s}, {{u"sql.namedInstance"_s, true}});
    EXPECT_TRUE(check(g).contains(
        u"error: server sql2: named SQL Server instance without a static port (set sql.port; "
        u"dynamic ports are not supported)"_s));
    Node fixed = *g.doc->node(sql);
    fixed.options.insert(u"sql.port"_s, 1500);
    g.doc->updateNode(fixed);
    EXPECT_TRUE(check(g).isEmpty());
}

TEST(DesignChecks, PullDpWithoutSourceAndCmgWithoutConnectionPoint)
{
    Good g;
    const int pull = g.server(u"pull"_s, g.ps, {u"distribution_point"_s}, {{u"dp.pull"_s, true}});
    const int cmg = g.server(u"cmg"_s, g.ps, {u"cmg"_s});
    QStringList lines = check(g);
    EXPECT_TRUE(lines.contains(
        u"error: server pull: pull distribution point with no source distribution point (draw a pull source link)"_s));
    EXPECT_TRUE(lines.contains(
        u"error: server cmg: cloud management gateway with no CMG connection point linked to it"_s));
    g.link(LinkKind::PullSource, pull, g.ss);
    const int cp = g.server(u"cp"_s, g.ps, {u"cmg_connection_point"_s});
    g.link(LinkKind::CmgConnection, cp, cmg);
    EXPECT_TRUE(check(g).isEmpty()) << check(g).join(u'\n').toStdString();
}

TEST(DesignChecks, ClientGroupOutOfReach)
{
    Good g;
    const int p2 = g.site(u"P02"_s, SiteKind::Primary);
    g.server(u"p2"_s, p2, {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s, u"management_point"_s});
    g.group(u"stranded"_s, p2);
    g.group(u"nowhere"_s, -1);
    const QStringList lines = check(g);
    EXPECT_TRUE(
        lines.contains(u"error: client group stranded: client group has no distribution point in reach"_s));
    EXPECT_FALSE(lines.contains(
        u"error: client group stranded: client group has no management point (or CMG) in reach"_s));
    EXPECT_TRUE(lines.contains(u"error: client group nowhere: client group is assigned to no site"_s));
}

TEST(DesignChecks, NamesThatCollideOnFirewallsAndEndsWithoutAddresses)
{
    Good g;
    const int east = g.server(u"dp01.east.contoso.com"_s, g.ps, {u"distribution_point"_s});
    g.server(u"DP01.west.contoso.com"_s, g.ps, {u"distribution_point"_s});
    g.doc->setZones({{u"z1"_s, u"東京"_s, {}, {}}, {u"z2"_s, u"大阪"_s, {}, {}}});
    Node clients = *g.doc->node(g.clients);
    clients.subnets.clear();
    clients.zone = u"z2"_s;
    g.doc->updateNode(clients);
    Node dp = *g.doc->node(east);
    dp.zone = u"z1"_s;
    g.doc->updateNode(dp);
    const QStringList lines = check(g);
    const auto has = [&lines](const QString& text) {
        for (const QString& line : lines)
            if (line.contains(text))
                return true;
        return false;
    };
    EXPECT_TRUE(has(u"warning: server DP01.west.contoso.com: shares its first name label 'dp01' with "
                    u"dp01.east.contoso.com"_s))
        << lines.join(u'\n').toStdString();
    EXPECT_TRUE(has(u"warning: design: zones '東京' and '大阪' become the same identifier"_s))
        << lines.join(u'\n').toStdString();
    EXPECT_TRUE(has(u"warning: client group clients: has no address or subnet; "_s))
        << lines.join(u'\n').toStdString();
    EXPECT_TRUE(has(u"flows between zones need one"_s));
}

TEST(DesignChecks, AServerWithoutAnAddressIsNamedAsOneRuleSetsCannotAdmit)
{
    Good g;
    Node ss = *g.doc->node(g.ss);
    ss.address.clear();
    g.doc->updateNode(ss);
    EXPECT_TRUE(
        check(g).contains(u"warning: server ss: has no address; firewall rule sets cannot admit its flows "
                          u"and list them as NOT EXPRESSED placeholders"_s))
        << check(g).join(u'\n').toStdString();
}

TEST(DesignChecks, TwoHostsWithOneAddressAreAnError)
{
    Good g;
    const int dp = g.server(u"dp.contoso.com"_s, g.ps, {u"distribution_point"_s});
    const int copy = g.server(u"dp-copy.contoso.com"_s, g.ps, {u"distribution_point"_s});
    for (const int id : {dp, copy}) {
        Node n = *g.doc->node(id);
        n.address = u"10.1.0.13"_s;
        g.doc->updateNode(n);
    }
    const QList<DesignIssue> issues = checkDesign(*g.doc, g.engine());
    const auto culprit = std::find_if(issues.cbegin(), issues.cend(), [](const DesignIssue& i) {
        return i.message.contains(u"10.1.0.13"_s) && i.severity == DesignIssue::Severity::Error;
    });
    ASSERT_NE(culprit, issues.cend()) << check(g).join(u'\n').toStdString();
    EXPECT_EQ(culprit->node, copy) << "the later host is the culprit, selectable in the Checks panel";
    EXPECT_TRUE(culprit->message.contains(u"dp.contoso.com"_s)) << "and the host it clashes with is named";
    // The same address written another way is the same address.
    Node v6 = *g.doc->node(copy);
    v6.address = u"2001:db8::1"_s;
    g.doc->updateNode(v6);
    Node other = *g.doc->node(dp);
    other.address = u"2001:0db8:0:0::0001"_s;
    g.doc->updateNode(other);
    const QStringList lines = check(g);
    EXPECT_TRUE(std::any_of(lines.cbegin(), lines.cend(), [](const QString& l) {
        return l.startsWith(u"error: server dp"_s) && l.contains(u"2001:"_s);
    })) << lines.join(u'\n').toStdString();
}

TEST(DesignChecks, AddressesOutsideTheirZoneAndOverlappingZonesAreWarnings)
{
    Good g;
    g.doc->setZones({{u"dc"_s, u"Datacenter"_s, {u"10.0.0.0/16"_s}, {}},
                     {u"branch"_s, u"Branch"_s, {u"10.20.0.0/16"_s, u"10.0.128.0/24"_s}, {}}});
    Node ss = *g.doc->node(g.ss);
    ss.zone = u"dc"_s;
    ss.address = u"10.1.0.10"_s; // not in 10.0.0.0/16
    g.doc->updateNode(ss);
    Node clients = *g.doc->node(g.clients);
    clients.zone = u"branch"_s;
    clients.subnets = {u"10.20.4.0/24"_s, u"10.21.0.0/24"_s}; // the second is outside Branch
    g.doc->updateNode(clients);
    const QStringList lines = check(g);
    const auto has = [&lines](const QString& text) {
        return std::any_of(lines.cbegin(), lines.cend(),
                           [&text](const QString& l) { return l.contains(text); });
    };
    EXPECT_TRUE(has(u"warning: server ss: 10.1.0.10 lies outside the subnets of its zone 'Datacenter'"_s))
        << lines.join(u'\n').toStdString();
    EXPECT_TRUE(
        has(u"warning: client group clients: 10.21.0.0/24 lies outside the subnets of its zone 'Branch'"_s))
        << lines.join(u'\n').toStdString();
    EXPECT_FALSE(has(u"10.20.4.0/24 lies outside"_s)) << "inside its zone";
    EXPECT_TRUE(
        has(u"warning: design: zones 'Datacenter' and 'Branch' overlap (10.0.0.0/16 and 10.0.128.0/24)"_s))
        << lines.join(u'\n').toStdString();
    // Put right, nothing is said.
    ss.address = u"10.0.1.10"_s;
    g.doc->updateNode(ss);
    g.doc->setZones({{u"dc"_s, u"Datacenter"_s, {u"10.0.0.0/17"_s}, {}},
                     {u"branch"_s, u"Branch"_s, {u"10.20.0.0/15"_s, u"10.0.128.0/24"_s}, {}}});
    const QStringList fixed = check(g);
    EXPECT_FALSE(std::any_of(fixed.cbegin(), fixed.cend(), [](const QString& l) {
        return l.contains(u"outside"_s) || l.contains(u"overlap"_s);
    })) << fixed.join(u'\n').toStdString();
}

TEST(DesignChecks, OneFlowIsOneFlowInEveryMessage)
{
    EXPECT_EQ(flowsText(1), u"1 flow"_s);
    EXPECT_EQ(flowsText(0), u"0 flows"_s);
    EXPECT_EQ(flowsText(2), u"2 flows"_s);
}

TEST(DesignChecks, TheCommandLinesChecksWithoutTheDesignsFlowsSayWhatThePanelSays)
{
    // Hosts without an address in other zones than their peers, a proxy without one (it takes
    // every internet-bound flow), groups whose sites give them nothing to reach.
    const LoadedExample cas = loadExample(u"cas-two-primaries.portolan"_s);
    Document& doc = *cas.doc;
    addProxy(doc, u"zone-internet"_s);
    const int dp = doc.catalog().roleIndex(u"distribution_point"_s);
    std::vector<Node> changed;
    int addressed = 0;
    for (const auto& [id, n] : doc.nodes()) {
        Node copy = n;
        if (n.kind != NodeKind::Server && (!n.address.isEmpty() || !n.subnets.isEmpty()) &&
            addressed++ % 2 == 0) {
            copy.address.clear();
            copy.subnets.clear();
        }
        copy.roles.removeAll(dp);
        changed.push_back(copy);
    }
    for (const Node& n : changed)
        doc.updateNode(n);
    const QStringList panel = lines(doc, FlowEngine(doc));
    EXPECT_EQ(lines(doc, FlowEngine(doc, FlowEngine::Compute::OnDemand)), panel);
    EXPECT_GE(panel.filter(u"has no address or subnet"_s).size(), 4) << panel.join(u'\n').toStdString();
    EXPECT_TRUE(panel.filter(u"proxy.corp.example: has no address or subnet"_s).size() == 1)
        << panel.join(u'\n').toStdString();
    EXPECT_FALSE(panel.filter(u"has no distribution point in reach"_s).isEmpty())
        << panel.join(u'\n').toStdString();
}
