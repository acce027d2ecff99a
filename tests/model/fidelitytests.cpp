// Issue 27: labels and scope found by a review of hand-derived hierarchies. Each
// case builds a design of its own: the WSUS database flow is a reference row, a
// port an option changes is configurable, the remote-SQL installation ports never
// appear on a site server that holds its own database, and a boundary group that
// lists only some roles keeps the assigned site's systems for the others.
#include "checks/designchecks.h"
#include "designbuilder.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

const CatalogRow& rowOf(const Flow& f)
{
    return Catalog::builtin().rows().at(f.row);
}

QStringList checkMessages(DesignBuilder& b)
{
    QStringList lines;
    for (const DesignIssue& issue : checkDesign(*b.doc, b.engine()))
        lines << formatIssue(*b.doc, issue);
    return lines;
}

} // namespace

// A primary whose software update point keeps its WSUS database on SQL Server on
// its own server: the site server's SQL flow to it is the reference's section
// "Site server --> SQL Server for WSUS" (Note 3), and stays in the reference-only view.
TEST(Fidelity, WsusDatabaseOnTheUpdatePointIsAReferenceFlow)
{
    DesignBuilder b;
    const int p1 = b.site(u"P01"_s, SiteKind::Primary);
    const int ss = b.server(u"ss"_s, p1, {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s});
    const int sup = b.server(u"sup"_s, p1, {u"software_update_point"_s},
                             {{u"sup.susdbOnSql"_s, true}, {u"sup.susdbPort"_s, 14331}});
    b.doc->setOptions({{u"design.supplementary"_s, false}});
    ASSERT_TRUE(b.has(ss, sup, u"TCP 14331"_s)) << "the reference-only view keeps the SUSDB flow";
    for (const Flow& f : b.engine().flowsBetween(ss, sup)) {
        if (f.port.first != 14331)
            continue;
        const CatalogRow& row = rowOf(f);
        EXPECT_EQ(basisLabel(row), u"reference"_s);
        EXPECT_EQ(referenceLabel(row), u"Site server --> SQL Server for WSUS"_s);
        EXPECT_EQ(row.notes, QList<int>{3});
        EXPECT_TRUE(row.configurable);
    }
}

// A primary with a CMG connection point and a management point on a custom
// client HTTPS port: the connection point's flow follows the port, and says so.
TEST(Fidelity, CmgConnectionPointFlowsFollowingAPortAreConfigurable)
{
    DesignBuilder b;
    const int p1 = b.site(u"P01"_s, SiteKind::Primary, -1, {{u"site.clientHttpsPort"_s, 8443}});
    b.server(u"ss"_s, p1, {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s});
    const int cp = b.server(u"cmgcp"_s, p1, {u"cmg_connection_point"_s});
    const int mp = b.server(u"mp"_s, p1, {u"management_point"_s});
    const int sup = b.server(u"sup"_s, p1, {u"software_update_point"_s}, {{u"sup.httpPort"_s, 8080}});
    ASSERT_TRUE(b.has(cp, mp, u"TCP 8443"_s));
    ASSERT_TRUE(b.has(cp, sup, u"TCP 8080"_s));
    for (int to : {mp, sup})
        for (const Flow& f : b.engine().flowsBetween(cp, to))
            EXPECT_TRUE(rowOf(f).configurable)
                << rowOf(f).section.toStdString() << ' ' << f.port.toString().toStdString();
}

// A standalone primary whose site server holds its own database, beside a second
// primary with a remote SQL Server: only the remote one gets the installation ports.
TEST(Fidelity, RemoteSqlInstallationPortsOnlyForARemoteDatabase)
{
    DesignBuilder b;
    const int local = b.site(u"P01"_s, SiteKind::Primary);
    const int ss = b.server(u"ss"_s, local, {u"site_server"_s, u"sql_server"_s});
    EXPECT_EQ(b.ports(ss, ss, true), QStringList{u"TCP 1433"_s})
        << "a local database gets no SMB or RPC installation flows, not even local ones: "
        << b.ports(ss, ss, true).join(u", ").toStdString();
    const int remote = b.site(u"P02"_s, SiteKind::Primary);
    const int ss2 = b.server(u"ss2"_s, remote, {u"site_server"_s, u"sms_provider"_s});
    const int sql2 = b.server(u"sql2"_s, remote, {u"sql_server"_s});
    EXPECT_EQ(b.ports(ss2, sql2),
              (QStringList{u"TCP 135"_s, u"TCP 1433"_s, u"TCP 445"_s, u"TCP 49152-65535"_s, u"UDP 135"_s}));
}

// A branch boundary group that lists only its local distribution point: the
// clients keep the assigned site's management point and software update point
// (Microsoft Learn, "Boundary groups and management points"), and their content
// comes from the listed DP only.
TEST(Fidelity, BoundaryGroupNarrowsOnlyTheRolesItLists)
{
    DesignBuilder b;
    const int p1 = b.site(u"P01"_s, SiteKind::Primary);
    const int ss = b.server(u"ss"_s, p1,
                            {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s, u"management_point"_s,
                             u"distribution_point"_s, u"software_update_point"_s});
    const int branchDp = b.server(u"branch-dp"_s, p1, {u"distribution_point"_s});
    const int branch = b.group(u"branch"_s, p1);
    b.link(LinkKind::Boundary, branch, branchDp);
    EXPECT_TRUE(b.has(branch, ss, u"TCP 10123"_s)) << "the management point of the assigned site";
    EXPECT_TRUE(b.has(branch, ss, u"TCP 8530"_s)) << "the software update point of the assigned site";
    EXPECT_TRUE(b.has(branch, branchDp, u"TCP 80"_s));
    for (const Flow& f : b.engine().flowsBetween(branch, ss))
        EXPECT_NE(b.doc->catalog().role(rowOf(f).destinationRole).id, u"distribution_point"_s)
            << "the listed DP narrows the distribution points";
    for (const QString& line : checkMessages(b))
        EXPECT_FALSE(line.contains(u"in reach"_s)) << line.toStdString();

    // The DP also becomes a management point: the group now has one listed.
    Node dp = *b.doc->node(branchDp);
    dp.roles << b.doc->catalog().roleIndex(u"management_point");
    b.doc->updateNode(dp);
    EXPECT_TRUE(b.has(branch, branchDp, u"TCP 10123"_s));
    EXPECT_FALSE(b.has(branch, ss, u"TCP 10123"_s)) << "a listed management point narrows the role";
    EXPECT_TRUE(b.has(branch, ss, u"TCP 8530"_s));
}
