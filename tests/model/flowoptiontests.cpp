// One test per option of DOMAIN.md section 4: the port it puts in force, the
// flows it adds, and the flows it must remove.
#include "designbuilder.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

struct Standalone : DesignBuilder
{
    explicit Standalone(const Options& siteOptions = {}, const Options& dpOptions = {},
                        const Options& supOptions = {})
    {
        ps = site(u"PS1"_s, SiteKind::Primary, -1, siteOptions);
        ss = server(u"ss"_s, ps, {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s});
        mp = server(u"mp"_s, ps, {u"management_point"_s});
        dp = server(u"dp"_s, ps, {u"distribution_point"_s}, dpOptions);
        sup = server(u"sup"_s, ps, {u"software_update_point"_s}, supOptions);
        clients = group(u"clients"_s, ps);
    }
    int ps, ss, mp, dp, sup, clients;
};

} // namespace

TEST(FlowOption, SiteClientPortsApplyToEveryClientHttpFlow)
{
    Standalone s({{u"site.clientHttpPort"_s, 8080}, {u"site.clientHttpsPort"_s, 8443}});
    EXPECT_EQ(s.ports(s.clients, s.mp), (QStringList{u"TCP 10123"_s, u"TCP 8080"_s, u"TCP 8443"_s}));
    EXPECT_EQ(s.ports(s.clients, s.dp), (QStringList{u"TCP 8080"_s, u"TCP 8443"_s}));
    EXPECT_EQ(s.ports(s.dp, s.mp), (QStringList{u"TCP 8080"_s, u"TCP 8443"_s}));
}

TEST(FlowOption, HttpsOnlyDropsClientHttp)
{
    Standalone s({{u"site.httpsOnly"_s, true}});
    EXPECT_EQ(s.ports(s.clients, s.mp), (QStringList{u"TCP 10123"_s, u"TCP 443"_s}));
    EXPECT_EQ(s.ports(s.clients, s.dp), QStringList{u"TCP 443"_s});
    EXPECT_TRUE(s.has(s.clients, s.sup, u"TCP 8530"_s)) << "the SUP keeps its own ports";
}

// A distribution point whose own client communication is HTTPS (SslState 1, or the DP's
// "HTTPS" setting) takes no HTTP from clients nor from the pull DPs it is a source of,
// in a site that otherwise allows HTTP ("Client --> Distribution point", "Pull-Distribution
// point --> Distribution point configured as source").
TEST(FlowOption, HttpsDistributionPointDropsHttpToItOnly)
{
    Standalone s({}, {{u"dp.https"_s, true}});
    const int http = s.server(u"dp-http"_s, s.ps, {u"distribution_point"_s});
    const int pull = s.server(u"pull"_s, s.ps, {u"distribution_point"_s}, {{u"dp.pull"_s, true}});
    s.link(LinkKind::PullSource, pull, s.dp);
    s.link(LinkKind::PullSource, pull, http);
    EXPECT_EQ(s.ports(s.clients, s.dp), QStringList{u"TCP 443"_s});
    EXPECT_EQ(s.ports(pull, s.dp), QStringList{u"TCP 443"_s});
    EXPECT_EQ(s.ports(s.clients, http), (QStringList{u"TCP 443"_s, u"TCP 80"_s}));
    EXPECT_EQ(s.ports(pull, http), (QStringList{u"TCP 443"_s, u"TCP 80"_s}));
    EXPECT_EQ(s.ports(s.dp, s.mp), (QStringList{u"TCP 443"_s, u"TCP 80"_s})) << "the MP's own setting";
}

TEST(FlowOption, NotificationPort)
{
    Standalone s;
    Node mp = *s.doc->node(s.mp);
    mp.options.insert(u"mp.notificationPort"_s, 10200);
    s.doc->updateNode(mp);
    EXPECT_TRUE(s.has(s.clients, s.mp, u"TCP 10200"_s));
    EXPECT_FALSE(s.has(s.clients, s.mp, u"TCP 10123"_s));
}

TEST(FlowOption, WsusPorts)
{
    Standalone plain;
    EXPECT_EQ(plain.ports(plain.clients, plain.sup), QStringList{u"TCP 8530"_s});
    Standalone ssl({}, {}, {{u"sup.ssl"_s, true}});
    EXPECT_EQ(ssl.ports(ssl.clients, ssl.sup), (QStringList{u"TCP 8530"_s, u"TCP 8531"_s}))
        << "an HTTPS SUP keeps its HTTP port (note 3)";
    Standalone classic({}, {}, {{u"sup.httpPort"_s, 80}, {u"sup.ssl"_s, true}});
    EXPECT_EQ(classic.ports(classic.clients, classic.sup), (QStringList{u"TCP 443"_s, u"TCP 80"_s}));
    Standalone custom({}, {}, {{u"sup.httpPort"_s, 8000}, {u"sup.ssl"_s, true}});
    EXPECT_EQ(custom.ports(custom.clients, custom.sup), (QStringList{u"TCP 8000"_s, u"TCP 8001"_s}));
    // Both directions of the site server <--> SUP section follow the SUP.
    EXPECT_TRUE(custom.has(custom.ss, custom.sup, u"TCP 8001"_s));
    EXPECT_TRUE(custom.has(custom.sup, custom.ss, u"TCP 8000"_s));
}

TEST(FlowOption, SqlPorts)
{
    DesignBuilder b;
    const int cas = b.site(u"CAS"_s, SiteKind::Cas);
    const int p = b.site(u"P01"_s, SiteKind::Primary, cas);
    const int casSql =
        b.server(u"cas-sql"_s, cas, {u"sql_server"_s}, {{u"sql.port"_s, 1500}, {u"sql.brokerPort"_s, 4500}});
    const int pSql = b.server(u"p-sql"_s, p, {u"sql_server"_s});
    const int pSs = b.server(u"p-ss"_s, p, {u"site_server"_s});
    EXPECT_EQ(b.ports(pSql, casSql), (QStringList{u"TCP 1500"_s, u"TCP 4500"_s}));
    EXPECT_EQ(b.ports(casSql, pSql), (QStringList{u"TCP 1433"_s, u"TCP 4022"_s}));
    EXPECT_TRUE(b.has(pSs, pSql, u"TCP 1433"_s));
}

TEST(FlowOption, RpcDynamicRange)
{
    Standalone s;
    EXPECT_TRUE(s.has(s.ss, s.dp, u"TCP 49152-65535"_s));
    s.doc->setOptions({{u"design.rpcRange"_s, u"50000-50100"_s}});
    EXPECT_TRUE(s.has(s.ss, s.dp, u"TCP 50000-50100"_s));
    EXPECT_FALSE(s.has(s.ss, s.dp, u"TCP 49152-65535"_s));
    for (const Flow& f : s.engine().flows())
        EXPECT_NE(f.port.kind, PortSpec::Kind::Dynamic) << "DYNAMIC is always resolved";
}

TEST(FlowOption, PxeMulticastAndExpressOnTheDistributionPoint)
{
    Standalone off;
    EXPECT_EQ(off.ports(off.clients, off.dp), (QStringList{u"TCP 443"_s, u"TCP 80"_s}));
    Standalone pxe({}, {{u"dp.pxe"_s, true}});
    EXPECT_EQ(pxe.ports(pxe.clients, pxe.dp),
              (QStringList{u"TCP 443"_s, u"TCP 80"_s, u"UDP 4011"_s, u"UDP 49152-65535"_s, u"UDP 67"_s,
                           u"UDP 68"_s, u"UDP 69"_s}));
    Standalone responder({}, {{u"dp.pxe"_s, true}, {u"dp.pxeResponderWithoutWds"_s, true}});
    EXPECT_TRUE(responder.has(responder.clients, responder.dp, u"UDP 547"_s));
    Standalone multicast({}, {{u"dp.multicast"_s, true}});
    EXPECT_EQ(multicast.ports(multicast.clients, multicast.dp),
              (QStringList{u"TCP 443"_s, u"TCP 445"_s, u"TCP 80"_s, u"UDP 63000-64000"_s}));
    Standalone express({}, {{u"dp.express"_s, true}, {u"dp.expressPort"_s, 8100}});
    EXPECT_TRUE(express.has(express.clients, express.dp, u"TCP 8100"_s));
    EXPECT_FALSE(express.has(express.clients, express.dp, u"TCP 8005"_s));
}

TEST(FlowOption, CmgPortsFollowDeploymentAndVmCount)
{
    const auto cmgPorts = [](const Options& options) {
        DesignBuilder b;
        const int p = b.site(u"P01"_s, SiteKind::Primary);
        const int cp = b.server(u"cp"_s, p, {u"cmg_connection_point"_s});
        const int cmg = b.server(u"cmg"_s, p, {u"cmg"_s}, options);
        b.link(LinkKind::CmgConnection, cp, cmg);
        return b.ports(cp, cmg);
    };
    EXPECT_EQ(cmgPorts({}), QStringList{u"TCP 443"_s});
    EXPECT_EQ(cmgPorts({{u"cmg.vmCount"_s, 3}}), QStringList{u"TCP 10124-10126"_s});
    EXPECT_EQ(cmgPorts({{u"cmg.vmCount"_s, 16}}), QStringList{u"TCP 10124-10139"_s});
    EXPECT_EQ(cmgPorts({{u"cmg.deployment"_s, u"classic"_s}}), (QStringList{u"TCP 10140"_s, u"TCP 443"_s}));
    EXPECT_EQ(cmgPorts({{u"cmg.deployment"_s, u"classic"_s}, {u"cmg.vmCount"_s, 2}}),
              (QStringList{u"TCP 10124-10125"_s, u"TCP 10140-10141"_s}));
}

TEST(FlowOption, ProxyTakesInternetBoundFlows)
{
    Standalone s;
    const int internet = s.endpoint(u"internet"_s, u"internet"_s);
    EXPECT_EQ(s.ports(s.ss, internet), (QStringList{u"TCP 443"_s, u"TCP 80"_s}));
    const int proxy = s.endpoint(u"proxy"_s, u"proxy_server"_s);
    EXPECT_TRUE(s.ports(s.ss, internet).isEmpty());
    EXPECT_EQ(s.ports(s.ss, proxy), QStringList{u"TCP 8080"_s});
    s.doc->setOptions({{u"design.proxyPort"_s, 3128}});
    EXPECT_EQ(s.ports(s.ss, proxy), QStringList{u"TCP 3128"_s});
    EXPECT_TRUE(s.ports(s.clients, proxy).isEmpty());
}

TEST(FlowOption, SiteServerInitiatesRemovesTheReturnDirection)
{
    Standalone s;
    const int fsp = s.server(u"fsp"_s, s.ps, {u"fallback_status_point"_s});
    EXPECT_TRUE(s.has(fsp, s.ss, u"TCP 445"_s));
    EXPECT_TRUE(s.has(s.mp, s.ss, u"TCP 445"_s));
    Node changed = *s.doc->node(fsp);
    changed.options.insert(u"system.siteServerInitiates"_s, true);
    s.doc->updateNode(changed);
    EXPECT_TRUE(s.ports(fsp, s.ss).isEmpty());
    EXPECT_TRUE(s.has(s.ss, fsp, u"TCP 445"_s)) << "the site server still reaches the system";
    Node mp = *s.doc->node(s.mp);
    mp.options.insert(u"system.siteServerInitiates"_s, true);
    s.doc->updateNode(mp);
    EXPECT_FALSE(s.has(s.mp, s.ss, u"TCP 445"_s));
    EXPECT_TRUE(s.has(s.ss, s.mp, u"TCP 445"_s));
}

TEST(FlowOption, SupplementaryRowsCanBeSwitchedOff)
{
    Standalone s;
    EXPECT_TRUE(s.has(s.ss, s.clients, u"TCP 445"_s)) << "client push";
    EXPECT_TRUE(s.has(s.sup, s.ss, u"TCP 1433"_s)) << "WSUS sync manager to the site database";
    s.doc->setOptions({{u"design.supplementary"_s, false}});
    EXPECT_TRUE(s.ports(s.ss, s.clients).isEmpty());
    EXPECT_FALSE(s.has(s.sup, s.ss, u"TCP 1433"_s));
}

TEST(FlowOption, CoLocatedRolesAreLocalAndNeverEdges)
{
    Standalone s;
    // ss holds the site server, SMS Provider and SQL Server.
    const QStringList local = s.ports(s.ss, s.ss, true);
    EXPECT_TRUE(local.contains(u"TCP 1433"_s));
    EXPECT_TRUE(s.ports(s.ss, s.ss).isEmpty());
    for (const Flow& f : s.engine().flowsBetween(s.ss, s.ss))
        EXPECT_TRUE(f.local);
    for (const Edge& e : s.engine().edges())
        EXPECT_NE(e.source, e.destination);
}

TEST(FlowEdges, OnePerOrderedPairWithACompactLabel)
{
    Standalone s;
    int ssToDp = 0, dpToSs = 0;
    for (const Edge& e : s.engine().edges()) {
        if (e.source == s.ss && e.destination == s.dp) {
            ++ssToDp;
            EXPECT_EQ(flowLabel(e.flows), u"TCP 135, 445, 49152-65535; UDP 135"_s);
        }
        dpToSs += e.source == s.dp && e.destination == s.ss;
    }
    EXPECT_EQ(ssToDp, 1);
    EXPECT_EQ(dpToSs, 0) << "distribution points send no status to the site server";
    const int g = s.group(u"wake"_s, s.ps, {{u"group.wakeupProxy"_s, true}});
    EXPECT_EQ(flowLabel(s.engine().flowsBetween(g, g)), u"UDP 25536; ICMP"_s);
}
