// One test per scope of DOMAIN.md section 3: the pairs a row applies to, and
// the pairs it must not.
#include "designbuilder.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

const Options kPxe{{u"dp.pxe"_s, true}};

// CAS, two primaries, a secondary under the first.
struct Hierarchy : DesignBuilder
{
    int cas = site(u"CAS"_s, SiteKind::Cas);
    int p1 = site(u"P01"_s, SiteKind::Primary, cas);
    int p2 = site(u"P02"_s, SiteKind::Primary, cas);
    int s1 = site(u"S01"_s, SiteKind::Secondary, p1);
    int casSs = server(u"cas-ss"_s, cas, {u"site_server"_s, u"sms_provider"_s});
    int casSql = server(u"cas-sql"_s, cas, {u"sql_server"_s});
    int p1Ss = server(u"p1-ss"_s, p1, {u"site_server"_s, u"sms_provider"_s});
    int p1Sql = server(u"p1-sql"_s, p1, {u"sql_server"_s});
    int p1Mp = server(u"p1-mp"_s, p1, {u"management_point"_s, u"distribution_point"_s});
    int p2Ss = server(u"p2-ss"_s, p2, {u"site_server"_s});
    int p2Sql = server(u"p2-sql"_s, p2, {u"sql_server"_s});
    int p2Mp = server(u"p2-mp"_s, p2, {u"management_point"_s});
    int s1Ss = server(u"s1-ss"_s, s1,
                      {u"site_server"_s, u"management_point"_s, u"distribution_point"_s, u"sql_server"_s});
};

} // namespace

TEST(FlowScope, SameSiteOnlyWithinTheSite)
{
    Hierarchy h;
    EXPECT_EQ(h.ports(h.p1Mp, h.p1Sql), QStringList{u"TCP 1433"_s});
    EXPECT_TRUE(h.ports(h.p1Mp, h.p2Sql).isEmpty());
    EXPECT_TRUE(h.ports(h.p1Mp, h.casSql).isEmpty());
    // Site server to its distribution point: SMB, RPC endpoint mapper and the dynamic range.
    EXPECT_EQ(h.ports(h.p1Ss, h.p1Mp),
              (QStringList{u"TCP 135"_s, u"TCP 445"_s, u"TCP 49152-65535"_s, u"UDP 135"_s}));
}

TEST(FlowScope, ParentChildSqlReplicationBothWays)
{
    Hierarchy h;
    const QStringList replication{u"TCP 1433"_s, u"TCP 4022"_s};
    EXPECT_EQ(h.ports(h.casSql, h.p1Sql), replication);
    EXPECT_EQ(h.ports(h.p1Sql, h.casSql), replication);
    EXPECT_EQ(h.ports(h.p1Sql, h.s1Ss), replication);
    EXPECT_EQ(h.ports(h.s1Ss, h.p1Sql), (QStringList{u"TCP 1433"_s, u"TCP 4022"_s}));
    EXPECT_TRUE(h.ports(h.p1Sql, h.p2Sql).isEmpty()) << "sibling primaries do not replicate directly";
    EXPECT_TRUE(h.ports(h.casSql, h.s1Ss).isEmpty()) << "grandparent and grandchild do not replicate";
    EXPECT_TRUE(h.has(h.casSs, h.p1Ss, u"TCP 445"_s));
    EXPECT_TRUE(h.has(h.p1Ss, h.casSs, u"TCP 445"_s));
    EXPECT_FALSE(h.has(h.p1Ss, h.p2Ss, u"TCP 445"_s));
}

TEST(FlowScope, AssignedClientsReachTheirSiteAndSecondariesBeneath)
{
    Hierarchy h;
    const int g = h.group(u"clients"_s, h.p1);
    EXPECT_EQ(h.ports(g, h.p1Mp), (QStringList{u"TCP 10123"_s, u"TCP 443"_s, u"TCP 80"_s}));
    EXPECT_TRUE(h.has(g, h.s1Ss, u"TCP 10123"_s)) << "secondary beneath the assigned site";
    EXPECT_TRUE(h.ports(g, h.p2Mp).isEmpty()) << "another primary's MP is not in reach";
    EXPECT_TRUE(h.ports(g, h.p1Sql).isEmpty());
}

TEST(FlowScope, BoundaryGroupNarrowsTheSiteSystems)
{
    Hierarchy h;
    const int g = h.group(u"branch"_s, h.p1);
    h.link(LinkKind::Boundary, g, h.s1Ss);
    EXPECT_TRUE(h.has(g, h.s1Ss, u"TCP 80"_s));
    EXPECT_TRUE(h.ports(g, h.p1Mp).isEmpty()) << "outside the boundary group";
}

TEST(FlowScope, InternetClientsReachOnlyCloudServices)
{
    Hierarchy h;
    const int cmg = h.server(u"cmg"_s, h.p1, {u"cmg"_s});
    const int cdp = h.server(u"cdp"_s, h.p1, {u"cloud_distribution_point"_s});
    const int dc = h.endpoint(u"dc"_s, u"domain_controller"_s);
    const int internet = h.group(u"roaming"_s, h.p1, {{u"group.internet"_s, true}});
    const int intranet = h.group(u"office"_s, h.p1);
    EXPECT_EQ(h.ports(internet, cmg), QStringList{u"TCP 443"_s});
    EXPECT_EQ(h.ports(internet, cdp), QStringList{u"TCP 443"_s});
    EXPECT_TRUE(h.ports(internet, h.p1Mp).isEmpty());
    EXPECT_TRUE(h.ports(internet, dc).isEmpty()) << "internet-only clients never contact a global catalog";
    EXPECT_TRUE(h.ports(intranet, cmg).isEmpty());
    EXPECT_EQ(h.ports(intranet, dc), QStringList{u"TCP 3268"_s});
}

TEST(FlowScope, TopOfHierarchyIsTheCasOrAStandalonePrimary)
{
    Hierarchy h;
    const int ca = h.endpoint(u"ca"_s, u"issuing_ca"_s);
    const QStringList dcom{u"TCP 135"_s, u"TCP 49152-65535"_s, u"UDP 135"_s};
    EXPECT_EQ(h.ports(h.casSs, ca), dcom);
    EXPECT_EQ(h.ports(ca, h.casSs), dcom);
    EXPECT_TRUE(h.ports(h.p1Ss, ca).isEmpty());

    DesignBuilder standalone;
    const int ps = standalone.site(u"PS1"_s, SiteKind::Primary);
    const int ss = standalone.server(u"ss"_s, ps, {u"site_server"_s});
    const int ca2 = standalone.endpoint(u"ca"_s, u"issuing_ca"_s);
    EXPECT_EQ(standalone.ports(ss, ca2), dcom);
}

// Only the site server's site counts: a CA given a site (a file may say so) still talks
// to the CAS's site server and to no other, from whichever end the flows are computed.
TEST(FlowScope, TopOfHierarchyIgnoresTheSiteOfTheExternalEnd)
{
    Hierarchy h;
    const int ca = h.endpoint(u"ca"_s, u"issuing_ca"_s);
    Node placed = *h.doc->node(ca);
    placed.site = h.p1;
    h.doc->updateNode(placed);
    const QStringList dcom{u"TCP 135"_s, u"TCP 49152-65535"_s, u"UDP 135"_s};
    EXPECT_EQ(h.ports(h.casSs, ca), dcom);
    EXPECT_EQ(h.ports(ca, h.casSs), dcom);
    EXPECT_TRUE(h.ports(h.p1Ss, ca).isEmpty());
    EXPECT_TRUE(h.ports(ca, h.p1Ss).isEmpty());
    FlowEngine full(*h.doc);
    EXPECT_EQ(full.flowsBetween(ca, h.casSs).size(), h.engine().flowsBetween(ca, h.casSs).size());
    EXPECT_TRUE(full.flowsBetween(ca, h.p1Ss).empty());
}

TEST(FlowScope, ConsolesReachTheSitesTheyManage)
{
    Hierarchy h;
    const int g1 = h.group(u"g1"_s, h.p1);
    const int g2 = h.group(u"g2"_s, h.p2);
    const int c = h.console(u"console"_s, {h.p1});
    EXPECT_EQ(h.ports(c, h.p1Ss),
              (QStringList{u"TCP 135"_s, u"TCP 443"_s, u"TCP 49152-65535"_s, u"UDP 135"_s}));
    EXPECT_TRUE(h.ports(c, h.p2Ss).isEmpty());
    EXPECT_EQ(h.ports(c, g1), (QStringList{u"TCP 2701"_s, u"TCP 3389"_s}));
    EXPECT_TRUE(h.ports(c, g2).isEmpty());
    const int everywhere = h.console(u"cas-console"_s, {h.cas});
    EXPECT_EQ(h.ports(everywhere, g2), (QStringList{u"TCP 2701"_s, u"TCP 3389"_s}))
        << "managing the CAS covers all";
    const int noRemote = h.console(u"no-remote"_s, {}, {{u"console.remoteControl"_s, false}});
    EXPECT_EQ(h.ports(noRemote, g2), QStringList{u"TCP 3389"_s});
}

TEST(FlowScope, DirectoryFlowsForEveryDomainMember)
{
    Hierarchy h;
    const int dc = h.endpoint(u"dc"_s, u"domain_controller"_s);
    const QStringList ldap{u"TCP 135"_s, u"TCP 3268"_s, u"TCP 389"_s, u"TCP 49152-65535"_s,
                           u"TCP 636"_s, u"UDP 389"_s,  u"UDP 636"_s};
    EXPECT_EQ(h.ports(h.p1Ss, dc), ldap);
    EXPECT_EQ(h.ports(h.p2Mp, dc), ldap);
    EXPECT_TRUE(h.ports(h.p1Sql, dc).isEmpty()) << "no catalog row from SQL Server to a DC";
    const int workgroup = h.group(u"workgroup"_s, h.p1, {{u"group.domainJoined"_s, false}});
    EXPECT_TRUE(h.ports(workgroup, dc).isEmpty());
}

TEST(FlowScope, LinksArePulledOnlyWhereDrawn)
{
    Hierarchy h;
    const int pull = h.server(u"pull-dp"_s, h.p1, {u"distribution_point"_s}, {{u"dp.pull"_s, true}});
    const int other = h.server(u"other-dp"_s, h.p1, {u"distribution_point"_s});
    const QString pullSection = u"Pull-Distribution point --> Distribution point configured as source"_s;
    EXPECT_FALSE(h.sections(pull, h.p1Mp).contains(pullSection));
    h.link(LinkKind::PullSource, pull, h.p1Mp);
    EXPECT_TRUE(h.sections(pull, h.p1Mp).contains(pullSection));
    EXPECT_EQ(h.ports(pull, h.p1Mp), (QStringList{u"TCP 443"_s, u"TCP 80"_s}));
    EXPECT_FALSE(h.sections(pull, other).contains(pullSection));

    const int cp = h.server(u"cmgcp"_s, h.p1, {u"cmg_connection_point"_s});
    const int cmg = h.server(u"cmg"_s, h.p1, {u"cmg"_s});
    EXPECT_TRUE(h.ports(cp, cmg).isEmpty());
    h.link(LinkKind::CmgConnection, cp, cmg);
    EXPECT_EQ(h.ports(cp, cmg), QStringList{u"TCP 443"_s});

    const int exchange = h.server(u"exch-conn"_s, h.p1, {u"exchange_connector"_s});
    const int online = h.endpoint(u"exo"_s, u"exchange_online"_s);
    const int onprem = h.endpoint(u"exch"_s, u"exchange_onprem"_s);
    h.link(LinkKind::Exchange, exchange, online);
    EXPECT_EQ(h.ports(exchange, online), QStringList{u"TCP 5986"_s});
    EXPECT_TRUE(h.ports(exchange, onprem).isEmpty());
}

TEST(FlowScope, UpstreamSoftwareUpdatePoint)
{
    Hierarchy h;
    const int top = h.server(u"cas-sup"_s, h.cas, {u"software_update_point"_s});
    const int child = h.server(u"p1-sup"_s, h.p1, {u"software_update_point"_s}, {{u"sup.ssl"_s, true}});
    const int internet = h.endpoint(u"internet"_s, u"internet"_s);
    EXPECT_TRUE(h.has(child, internet, u"TCP 80"_s)) << "no upstream yet: syncs from Microsoft Update";
    h.link(LinkKind::Upstream, child, top);
    EXPECT_EQ(h.ports(child, top), QStringList{u"TCP 8530"_s}) << "the upstream's ports; it has no SSL";
    EXPECT_TRUE(h.ports(child, internet).isEmpty()) << "syncs from its upstream, not the internet";
    EXPECT_EQ(h.ports(top, internet), QStringList{u"TCP 80"_s});
}

TEST(FlowScope, WithinGroupFlowsAreOneSelfFlow)
{
    Hierarchy h;
    const int g = h.group(u"g"_s, h.p1, {{u"group.wakeupProxy"_s, true}, {u"group.peerCache"_s, true}});
    EXPECT_EQ(h.ports(g, g), (QStringList{u"ICMP"_s, u"TCP 8003"_s, u"UDP 25536"_s, u"UDP 8004"_s}));
    const int quiet = h.group(u"quiet"_s, h.p1);
    EXPECT_TRUE(h.ports(quiet, quiet).isEmpty());
    for (const Flow& f : h.engine().flowsBetween(g, g))
        EXPECT_FALSE(f.local) << "crosses the network between devices";
    for (const Edge& e : h.engine().edges())
        EXPECT_NE(e.source, e.destination);
}

TEST(FlowScope, SiteServerWakesItsOwnClientsOnly)
{
    Hierarchy h;
    const int g = h.group(u"g"_s, h.p1, {{u"group.wakeOnLan"_s, true}, {u"group.wakeOnLanPort"_s, 12287}});
    EXPECT_TRUE(h.has(h.p1Ss, g, u"UDP 12287"_s));
    EXPECT_TRUE(h.has(g, g, u"UDP 12287"_s));
    EXPECT_FALSE(h.has(h.s1Ss, g, u"UDP 12287"_s));
    EXPECT_FALSE(h.has(h.p2Ss, g, u"UDP 12287"_s));
    const int off = h.group(u"off"_s, h.p1);
    EXPECT_FALSE(h.has(h.p1Ss, off, u"UDP 9"_s));
}
