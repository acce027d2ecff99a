// The corrections of issue 14, found by an expert who derived flows by hand
// from the reference: for each, the flows that must appear and those that
// must not; and the three design checks that go with them.
#include "checks/designchecks.h"
#include "designbuilder.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

// A CAS, a primary with a secondary beneath it, and every kind of client group.
struct Corrections : DesignBuilder
{
    int cas = site(u"CAS"_s, SiteKind::Cas);
    int p1 = site(u"P01"_s, SiteKind::Primary, cas);
    int s1 = site(u"S01"_s, SiteKind::Secondary, p1);
    int casSs = server(u"cas-ss"_s, cas, {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s});
    int p1Ss = server(u"p1-ss"_s, p1, {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s});
    int p1Mp = server(u"p1-mp"_s, p1, {u"management_point"_s, u"distribution_point"_s});
    int p1Sup = server(u"p1-sup"_s, p1, {u"software_update_point"_s});
    int p1Epp = server(u"p1-epp"_s, p1, {u"enrollment_proxy_point"_s});
    int s1Ss = server(u"s1-ss"_s, s1,
                      {u"site_server"_s, u"management_point"_s, u"distribution_point"_s, u"sql_server"_s});
    int windows = group(u"windows"_s, p1);
    int mac = group(u"mac"_s, p1, {}, OsFamily::Mac);
    int mobile = group(u"mobile"_s, p1, {}, OsFamily::Mobile);
    int roaming = group(u"roaming"_s, p1, {{u"group.internet"_s, true}});
    int console = DesignBuilder::console(u"console"_s, {cas});
};

QStringList check(DesignBuilder& b)
{
    QStringList lines;
    for (const DesignIssue& issue : checkDesign(*b.doc, b.engine()))
        lines << formatIssue(*b.doc, issue);
    return lines;
}

} // namespace

TEST(FlowCorrections, ConsoleReachesSmsProviderAndSiteServerOfCasAndPrimaryOnly)
{
    Corrections c;
    EXPECT_TRUE(c.has(c.console, c.casSs, u"TCP 135"_s));
    EXPECT_TRUE(c.has(c.console, c.p1Ss, u"TCP 135"_s));
    EXPECT_TRUE(c.has(c.console, c.p1Ss, u"TCP 443"_s)) << "the administration service on the SMS Provider";
    EXPECT_TRUE(c.ports(c.console, c.s1Ss).isEmpty())
        << "a secondary site has no SMS Provider: " << c.ports(c.console, c.s1Ss).join(u", ").toStdString();
    // Clients are reached wherever they are; only site systems of secondaries are out.
    EXPECT_EQ(c.ports(c.console, c.windows), (QStringList{u"TCP 2701"_s, u"TCP 3389"_s}));
}

TEST(FlowCorrections, MacClientsGetNoUpdatesNotificationOrRemoteTools)
{
    Corrections c;
    EXPECT_EQ(c.ports(c.windows, c.p1Sup), QStringList{u"TCP 8530"_s});
    EXPECT_TRUE(c.ports(c.mac, c.p1Sup).isEmpty()) << "Mac clients do not use the software update point";
    EXPECT_TRUE(c.has(c.windows, c.p1Mp, u"TCP 10123"_s));
    EXPECT_FALSE(c.has(c.mac, c.p1Mp, u"TCP 10123"_s)) << "no client notification for Mac clients";
    EXPECT_TRUE(c.has(c.mac, c.p1Mp, u"TCP 443"_s));
    EXPECT_TRUE(c.has(c.mac, c.p1Epp, u"TCP 443"_s)) << "Mac computer --> Enrollment proxy point";
    EXPECT_TRUE(c.ports(c.console, c.mac).isEmpty()) << "no remote control or assistance for Mac clients";
    // Client push installs the Windows client only.
    EXPECT_TRUE(c.has(c.p1Ss, c.windows, u"TCP 445"_s));
    EXPECT_TRUE(c.has(c.p1Ss, c.windows, u"ICMP"_s));
    EXPECT_TRUE(c.ports(c.p1Ss, c.mac).isEmpty()) << c.ports(c.p1Ss, c.mac).join(u", ").toStdString();
}

TEST(FlowCorrections, MobileDevicesGetOnlyTheirEnrollmentPath)
{
    Corrections c;
    EXPECT_EQ(c.ports(c.mobile, c.p1Epp), QStringList{u"TCP 443"_s});
    for (int other : {c.p1Mp, c.p1Sup, c.p1Ss, c.s1Ss, c.casSs})
        EXPECT_TRUE(c.ports(c.mobile, other).isEmpty()) << c.doc->node(other)->name.toStdString();
    for (int other : {c.p1Ss, c.console})
        EXPECT_TRUE(c.ports(other, c.mobile).isEmpty()) << c.doc->node(other)->name.toStdString();
}

TEST(FlowCorrections, InternetOnlyGroupsGetNoRemoteToolsAndNoPush)
{
    Corrections c;
    EXPECT_TRUE(c.ports(c.console, c.roaming).isEmpty()) << "the CMG does not relay remote tools";
    EXPECT_TRUE(c.ports(c.p1Ss, c.roaming).isEmpty());
    for (const Flow& f : c.engine().flowsFrom(c.console))
        EXPECT_NE(f.destination, c.roaming);
}

TEST(FlowCorrections, RemoteSupFileDispatchManagerReachesTheSiteDatabase)
{
    Corrections c;
    EXPECT_EQ(c.ports(c.p1Sup, c.p1Ss).join(u", ").toStdString(),
              "TCP 135, TCP 1433, TCP 445, TCP 49152-65535, TCP 8530, UDP 135");
    EXPECT_EQ(c.sections(c.p1Sup, c.p1Ss),
              (QStringList{u"Site server <--> Software update point"_s,
                           u"Software update point --> SQL Server (site database)"_s}));
    Corrections strict;
    strict.doc->setOptions({{u"design.supplementary"_s, false}});
    EXPECT_FALSE(strict.has(strict.p1Sup, strict.p1Ss, u"TCP 1433"_s)) << "field-reported rows switch off";
    EXPECT_FALSE(strict.has(strict.p1Ss, strict.windows, u"TCP 445"_s));
}

TEST(FlowCorrections, SiteServerReachesAWsusDatabaseOnSqlServerOnItsPort)
{
    Corrections c;
    EXPECT_FALSE(c.has(c.p1Ss, c.p1Sup, u"TCP 1433"_s))
        << "SUSDB in the Windows Internal Database by default";
    Node sup = *c.doc->node(c.p1Sup);
    sup.options.insert(u"sup.susdbOnSql"_s, true);
    c.doc->updateNode(sup);
    EXPECT_TRUE(c.has(c.p1Ss, c.p1Sup, u"TCP 1433"_s));
    EXPECT_TRUE(c.sections(c.p1Ss, c.p1Sup).contains(u"Site server --> SQL Server for WSUS"_s));
    EXPECT_FALSE(c.has(c.casSs, c.p1Sup, u"TCP 1433"_s)) << "only the site server of the SUP's site";
    sup.options.insert(u"sup.susdbPort"_s, 14330);
    c.doc->updateNode(sup);
    EXPECT_TRUE(c.has(c.p1Ss, c.p1Sup, u"TCP 14330"_s));
    EXPECT_FALSE(c.has(c.p1Ss, c.p1Sup, u"TCP 1433"_s));
}

TEST(DesignChecksIssue14, WakeupProxyWithoutWakeOnLan)
{
    Corrections c;
    Node g = *c.doc->node(c.windows);
    g.options.insert(u"group.wakeupProxy"_s, true);
    c.doc->updateNode(g);
    const QString message =
        u"warning: client group windows: wake-up proxy without Wake On LAN (switch on Wake On "
        u"LAN for the group)"_s;
    EXPECT_TRUE(check(c).contains(message)) << check(c).join(u'\n').toStdString();
    g.options.insert(u"group.wakeOnLan"_s, true);
    c.doc->updateNode(g);
    EXPECT_FALSE(check(c).contains(message));
}

TEST(DesignChecksIssue14, CloudServicesHoldNoOtherRole)
{
    Corrections c;
    const int cmg = c.server(u"cmg"_s, c.p1, {u"cmg"_s, u"management_point"_s});
    const int cdp = c.server(u"cdp"_s, c.p1, {u"cloud_distribution_point"_s});
    const QStringList lines = check(c);
    const QString suffix =
        u": a cloud management gateway or cloud distribution point holds no other site system role"_s;
    EXPECT_TRUE(lines.contains(u"error: server cmg"_s + suffix)) << lines.join(u'\n').toStdString();
    EXPECT_FALSE(lines.contains(u"error: server cdp"_s + suffix));
    Node alone = *c.doc->node(cmg);
    alone.roles = {c.doc->catalog().roleIndex(u"cmg")};
    c.doc->updateNode(alone);
    EXPECT_FALSE(check(c).contains(u"error: server cmg"_s + suffix));
    Q_UNUSED(cdp);
}

TEST(DesignChecksIssue14, SecondarySiteHoldsNoSmsProvider)
{
    Corrections c;
    const QString message =
        u"error: server s1-ss: a secondary site has no SMS Provider (only central administration and primary "
        u"sites do)"_s;
    EXPECT_FALSE(check(c).contains(message));
    Node ss = *c.doc->node(c.s1Ss);
    ss.roles << c.doc->catalog().roleIndex(u"sms_provider");
    c.doc->updateNode(ss);
    EXPECT_TRUE(check(c).contains(message)) << check(c).join(u'\n').toStdString();
    EXPECT_FALSE(check(c).join(u'\n').contains(u"server p1-ss: a secondary site"_s));
}
