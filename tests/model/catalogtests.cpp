// Checks the built-in catalog against the reference: every section with the
// right number of rows, the tricky rows, and two-way sections in both
// directions. The expected counts were read off the reference's tables.
#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <QSet>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

struct SectionCount
{
    const char16_t* title;
    int reference; // directional rows from the section's table(s)
    int referenceText = 0;
    int fieldReported = 0;
};

// Two-way sections count each table row twice (once per direction). "135 135"
// is two rows (UDP and TCP), "67 and 68" two, "80 or 8530" two alternatives.
const SectionCount kSections[] = {
    {u"Asset Intelligence synchronization point --> Microsoft", 1},
    {u"Asset Intelligence synchronization point --> SQL Server", 1},
    {u"Client --> Client", 4, 1},
    {u"Client --> Configuration Manager Network Device Enrollment Service (NDES) policy module", 2},
    {u"Client --> Cloud distribution point", 1},
    {u"Client --> Cloud management gateway (CMG)", 1},
    {u"Client --> Distribution point, both standard and pull", 3},
    {u"Client --> Distribution point configured for multicast, both standard and pull", 2},
    {u"Client --> Distribution point configured for PXE, both standard and pull", 5, 1},
    {u"Client --> Fallback status point", 1},
    {u"Client --> Global catalog domain controller", 1},
    {u"Client --> Management point", 3},
    {u"Client --> Software update point", 4},
    {u"Client --> State migration point", 3},
    {u"CMG connection point --> CMG virtual machine scale set", 2},
    {u"CMG connection point --> CMG classic cloud service", 3},
    {u"CMG connection point --> Management point", 2},
    {u"CMG connection point --> Software update point", 4},
    {u"Configuration Manager console --> Client", 2},
    {u"Configuration Manager console --> internet", 2},
    {u"Configuration Manager console --> Reporting services point", 2},
    {u"Configuration Manager console --> Site server", 1},
    {u"Configuration Manager console --> SMS Provider", 4},
    {u"Configuration Manager Network Device Enrollment Service (NDES) policy module --> Certificate "
     u"registration point",
     1},
    {u"Data warehouse service point --> SQL Server", 1},
    {u"Distribution point, both standard and pull --> Management point", 2},
    {u"Endpoint Protection point --> internet", 1},
    {u"Endpoint Protection point --> SQL Server", 1},
    {u"Enrollment proxy point --> Enrollment point", 1},
    {u"Enrollment point --> SQL Server", 1},
    {u"Exchange Server Connector --> Exchange Online", 1},
    {u"Exchange Server Connector --> On-premises Exchange Server", 1},
    {u"Mac computer --> Enrollment proxy point", 1},
    {u"Management point --> Domain controller", 7},
    {u"Management point <--> Site server", 6},
    {u"Management point --> SQL Server", 1},
    {u"Mobile device --> Enrollment proxy point", 1},
    {u"Pull-Distribution point --> Distribution point configured as source", 3},
    {u"Reporting Services point --> SQL Server", 1},
    {u"Service connection point --> Azure (CMG)", 1},
    {u"Service connection point --> Azure Logic App", 1},
    {u"Service connection point --> SQL Server", 1},
    {u"Site server <--> Asset Intelligence synchronization point", 8},
    {u"Site server --> Client", 1},
    {u"Site server --> Client (client push installation)", 0, 0, 4},
    {u"Site server --> Cloud distribution point", 1},
    {u"Site server --> Distribution point, both standard and pull", 4},
    {u"Site server --> Domain controller", 7},
    {u"Site server <--> Certificate registration point", 8},
    {u"Site server <--> CMG connection point", 8},
    {u"Site server <--> Endpoint Protection point", 8},
    {u"Site server <--> Enrollment point", 8},
    {u"Site server <--> Enrollment proxy point", 8},
    {u"Site server <--> Fallback status point", 8},
    {u"Site server --> internet", 2},
    {u"Site server <--> Issuing certification authority (CA)", 6},
    {u"Site server --> Server hosting remote content library share", 1},
    {u"Site server <--> Service connection point", 8},
    {u"Site server <--> Reporting services point", 8},
    {u"Site server <--> Site server", 2},
    {u"Site server --> SQL Server", 5},
    // Twice: to a separate SQL Server (a link) and to the update point's own SQL Server.
    {u"Site server --> SQL Server for WSUS", 2},
    {u"Site server --> SMS Provider", 4},
    {u"Site server <--> Software update point", 16},
    {u"Site server <--> State migration point", 6},
    {u"SMS Provider --> SQL Server", 1},
    {u"Software update point --> internet", 1},
    {u"Software update point --> Upstream WSUS server", 4},
    {u"SQL Server --> SQL Server", 2},
    {u"State migration point --> SQL Server", 1},
    {u"Client to server shares", 1},
    {u"Software update point --> SQL Server (site database)", 0, 0, 1},
};

const Catalog& catalog()
{
    return Catalog::builtin();
}

QString roleName(int index)
{
    return catalog().role(index).name;
}

// Rows of a section matching protocol and port text, in the given direction.
QList<const CatalogRow*> find(QStringView section, Protocol protocol, QStringView port,
                              std::optional<bool> reverse = std::nullopt)
{
    QList<const CatalogRow*> result;
    for (const CatalogRow* row : catalog().rowsInSection(section))
        if (row->protocol == protocol && row->port.toString() == port &&
            (!reverse || row->reverse == *reverse))
            result << row;
    return result;
}

} // namespace

TEST(Catalog, HasEverySectionOfTheReferenceAndNoOther)
{
    QSet<QString> expected;
    for (const auto& s : kSections)
        expected.insert(QString::fromUtf16(s.title));
    const QStringList titles = catalog().sectionTitles();
    EXPECT_EQ(QSet<QString>(titles.begin(), titles.end()), expected);
    EXPECT_EQ(titles.size(), std::size(kSections));
}

TEST(Catalog, RowCountPerSectionMatchesTheReference)
{
    for (const auto& s : kSections) {
        int reference = 0, referenceText = 0, fieldReported = 0;
        for (const CatalogRow* row : catalog().rowsInSection(s.title)) {
            reference += row->kind == RowKind::Reference;
            referenceText += row->kind == RowKind::ReferenceText;
            fieldReported += row->kind == RowKind::FieldReported;
        }
        const QString title = QString::fromUtf16(s.title);
        EXPECT_EQ(reference, s.reference) << title.toStdString();
        EXPECT_EQ(referenceText, s.referenceText) << title.toStdString();
        EXPECT_EQ(fieldReported, s.fieldReported) << title.toStdString();
    }
}

TEST(Catalog, PxeDistributionPointPortsAreUdpAndSwitchedByPxe)
{
    const auto section = u"Client --> Distribution point configured for PXE, both standard and pull";
    for (const auto port : {u"67", u"68", u"69", u"4011", u"547"}) {
        const auto rows = find(section, Protocol::Udp, port);
        ASSERT_EQ(rows.size(), 1) << QString::fromUtf16(port).toStdString();
        EXPECT_EQ(rows.first()->when.first().toString(), u"dp.pxe"_s);
        EXPECT_EQ(roleName(rows.first()->destinationRole), u"Distribution point"_s);
    }
    EXPECT_EQ(find(section, Protocol::Udp, u"547").first()->when.size(), 2)
        << "DHCPv6 547 needs the PXE responder without WDS";
    EXPECT_EQ(find(section, Protocol::Udp, u"69").first()->notes, QList<int>{4});
    const auto tftp = find(section, Protocol::Udp, u"49152-65535");
    ASSERT_EQ(tftp.size(), 1);
    EXPECT_EQ(tftp.first()->kind, RowKind::ReferenceText);
    EXPECT_EQ(basisLabel(*tftp.first()), u"reference text (Note 4)"_s);
    EXPECT_TRUE(find(section, Protocol::Tcp, u"67").isEmpty());
}

TEST(Catalog, MulticastRangeIsUdpWithSmb)
{
    const auto section = u"Client --> Distribution point configured for multicast, both standard and pull";
    const auto range = find(section, Protocol::Udp, u"63000-64000");
    ASSERT_EQ(range.size(), 1);
    EXPECT_EQ(range.first()->port.first, 63000);
    EXPECT_EQ(range.first()->port.last, 64000);
    EXPECT_EQ(find(section, Protocol::Tcp, u"445").size(), 1);
}

TEST(Catalog, CmgConnectionPointRanges)
{
    const auto vmss = u"CMG connection point --> CMG virtual machine scale set";
    const auto classic = u"CMG connection point --> CMG classic cloud service";
    EXPECT_EQ(find(vmss, Protocol::Tcp, u"10124-10139").size(), 1);
    EXPECT_EQ(find(vmss, Protocol::Tcp, u"443").size(), 1);
    EXPECT_EQ(find(classic, Protocol::Tcp, u"10140-10155").size(), 1);
    EXPECT_EQ(find(classic, Protocol::Tcp, u"10124-10139").size(), 1);
    EXPECT_TRUE(find(vmss, Protocol::Tcp, u"10140-10155").isEmpty()) << "TCP-TLS is classic only";
    EXPECT_EQ(find(classic, Protocol::Tcp, u"10140-10155").first()->description, u"TCP-TLS (preferred)"_s);
}

TEST(Catalog, SqlReplicationHasServiceBroker)
{
    const auto rows = find(u"SQL Server --> SQL Server", Protocol::Tcp, u"4022");
    ASSERT_EQ(rows.size(), 1);
    EXPECT_EQ(rows.first()->description, u"SQL Server Service Broker"_s);
    EXPECT_TRUE(rows.first()->configurable);
    EXPECT_EQ(rows.first()->scope, Scope::ParentChild);
    EXPECT_EQ(find(u"SQL Server --> SQL Server", Protocol::Tcp, u"1433").size(), 1);
    EXPECT_TRUE(find(u"SQL Server --> SQL Server", Protocol::Udp, u"1434").isEmpty())
        << "SQL Server Browser is not required";
}

TEST(Catalog, ExchangeConnectorUsesWinRm)
{
    const auto online = find(u"Exchange Server Connector --> Exchange Online", Protocol::Tcp, u"5986");
    const auto onprem =
        find(u"Exchange Server Connector --> On-premises Exchange Server", Protocol::Tcp, u"5985");
    ASSERT_EQ(online.size(), 1);
    ASSERT_EQ(onprem.size(), 1);
    EXPECT_EQ(roleName(online.first()->destinationRole), u"Exchange Online"_s);
    EXPECT_EQ(roleName(onprem.first()->destinationRole), u"On-premises Exchange Server"_s);
}

TEST(Catalog, WsusAlternativesAreOneRowEach)
{
    const auto section = u"Client --> Software update point";
    for (const auto port : {u"80", u"8530", u"443", u"8531"})
        EXPECT_EQ(find(section, Protocol::Tcp, port).size(), 1) << QString::fromUtf16(port).toStdString();
    const auto https = find(section, Protocol::Tcp, u"8531").first();
    EXPECT_TRUE(https->options.contains(u"sup.ssl"_s)) << "HTTPS only with SSL (note 3)";
    const auto http = find(section, Protocol::Tcp, u"8530").first();
    EXPECT_FALSE(http->options.contains(u"sup.ssl"_s)) << "the HTTP port is always needed";
    EXPECT_EQ(http->notes, QList<int>{3});
}

TEST(Catalog, TwoWaySectionsHaveBothDirections)
{
    for (const QString& title : catalog().sectionTitles()) {
        if (!title.contains(u" <--> "))
            continue;
        const auto rows = catalog().rowsInSection(title);
        int forward = 0, reverse = 0;
        for (const CatalogRow* row : rows) {
            EXPECT_TRUE(row->twoWay);
            (row->reverse ? reverse : forward) += 1;
        }
        EXPECT_EQ(forward, reverse) << title.toStdString();
    }
    const auto sup = u"Site server <--> Software update point";
    const auto toSup = find(sup, Protocol::Tcp, u"445", false);
    const auto toSiteServer = find(sup, Protocol::Tcp, u"445", true);
    ASSERT_EQ(toSup.size(), 1);
    ASSERT_EQ(toSiteServer.size(), 1);
    EXPECT_EQ(roleName(toSup.first()->sourceRole), u"Site server"_s);
    EXPECT_EQ(roleName(toSup.first()->destinationRole), u"Software update point"_s);
    EXPECT_EQ(roleName(toSiteServer.first()->sourceRole), u"Software update point"_s);
    EXPECT_EQ(roleName(toSiteServer.first()->destinationRole), u"Site server"_s);
    EXPECT_EQ(toSiteServer.first()->when.last().toString(), u"!system.siteServerInitiates"_s)
        << "note 5: the site system side goes away when the site server initiates";
    EXPECT_TRUE(toSup.first()->when.isEmpty());
}

TEST(Catalog, ManagementPointToSiteServerIsForwardWithNote5)
{
    const auto rows = find(u"Management point <--> Site server", Protocol::Tcp, u"445");
    ASSERT_EQ(rows.size(), 2);
    for (const CatalogRow* row : rows) {
        const bool toSiteServer = roleName(row->destinationRole) == u"Site server";
        EXPECT_EQ(toSiteServer, !row->reverse);
        EXPECT_EQ(!row->when.isEmpty(), toSiteServer);
    }
}

TEST(Catalog, OneWaySectionsAreNotDuplicated)
{
    for (const CatalogRow& row : catalog().rows()) {
        if (!row.section.contains(u" <--> ")) {
            EXPECT_FALSE(row.reverse) << row.section.toStdString();
        }
    }
}

TEST(Catalog, RpcDynamicRowsCarryNote6AndTheRangeOption)
{
    int dynamicRows = 0;
    for (const CatalogRow& row : catalog().rows()) {
        if (row.port.kind != PortSpec::Kind::Dynamic)
            continue;
        ++dynamicRows;
        EXPECT_TRUE(row.notes.contains(6)) << row.section.toStdString();
        EXPECT_EQ(row.portOption, u"design.rpcRange"_s) << row.section.toStdString();
        EXPECT_EQ(row.protocol, Protocol::Tcp);
    }
    // 12 two-way sections with an RPC row, 7 one-way rows
    EXPECT_EQ(dynamicRows, 2 * 12 + 7);
}

TEST(Catalog, WakeUpProxyHasIcmpWithoutPort)
{
    const auto rows = find(u"Client --> Client", Protocol::Icmp, u"");
    ASSERT_EQ(rows.size(), 1);
    EXPECT_EQ(rows.first()->scope, Scope::WithinGroup);
    EXPECT_EQ(rows.first()->when.first().toString(), u"group.wakeupProxy"_s);
}

TEST(Catalog, InstallOnlyRowsAreTheRemoteSqlInstallationPorts)
{
    QStringList installOnly;
    for (const CatalogRow& row : catalog().rows())
        if (row.installOnly)
            installOnly << row.section + u' ' + protocolName(row.protocol) + u' ' + row.port.toString();
    EXPECT_EQ(
        installOnly,
        (QStringList{u"Site server --> SQL Server TCP 445"_s, u"Site server --> SQL Server UDP 135"_s,
                     u"Site server --> SQL Server TCP 135"_s, u"Site server --> SQL Server TCP DYNAMIC"_s}));
}

TEST(Catalog, Note2MeansConfigurable)
{
    for (const CatalogRow& row : catalog().rows()) {
        if (row.notes.contains(2)) {
            EXPECT_TRUE(row.configurable) << row.section.toStdString();
        }
    }
    const auto fixed = find(u"Client --> State migration point", Protocol::Tcp, u"445");
    ASSERT_EQ(fixed.size(), 1);
    EXPECT_FALSE(fixed.first()->configurable);
}

// A port that follows an option (a custom port, the RPC range in force, the
// number of CMG VMs) is one the network team cannot take from the reference as
// printed: the row says it is configurable.
TEST(Catalog, RowsWhosePortAnOptionChangesAreConfigurable)
{
    for (const CatalogRow& row : catalog().rows()) {
        if (row.portOption.isEmpty())
            continue;
        EXPECT_TRUE(row.configurable)
            << row.section.toStdString() << ": " << row.description.toStdString() << ' '
            << row.port.toString().toStdString() << " follows " << row.portOption.toStdString();
    }
}

TEST(Catalog, WsusDatabaseRowsAreTheReferenceSection)
{
    const auto rows = find(u"Site server --> SQL Server for WSUS", Protocol::Tcp, u"1433");
    ASSERT_EQ(rows.size(), 2);
    QStringList destinations;
    for (const CatalogRow* row : rows) {
        EXPECT_EQ(row->kind, RowKind::Reference);
        EXPECT_EQ(row->notes, QList<int>{3});
        EXPECT_TRUE(row->configurable);
        destinations << roleName(row->destinationRole);
    }
    EXPECT_EQ(destinations, (QStringList{u"SQL Server for WSUS"_s, u"Software update point"_s}));
}

TEST(Catalog, RemoteSqlInstallationRowsAreNeverLocal)
{
    for (const CatalogRow& row : catalog().rows())
        EXPECT_EQ(row.remoteOnly, row.installOnly) << row.section.toStdString();
}

TEST(Catalog, FieldReportedRowsSayWhyAndCanBeSwitchedOff)
{
    for (const CatalogRow& row : catalog().rows()) {
        if (row.kind != RowKind::FieldReported)
            continue;
        EXPECT_FALSE(row.reason.isEmpty());
        EXPECT_TRUE(row.options.contains(u"design.supplementary"_s)) << row.description.toStdString();
    }
    ASSERT_NE(catalog().option(u"design.supplementary"), nullptr);
    EXPECT_EQ(catalog().option(u"design.rpcRange")->defaultValue.toString(), u"49152-65535"_s);
}
