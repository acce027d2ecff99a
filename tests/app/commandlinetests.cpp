// The command line as a user runs it: output, exit codes and messages.
#include "catalog/catalog.h"
#include "commandline.h"
#include "design/designfile.h"
#include "drawing/paper/diagramset.h"
#include "layout/autolayout.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

struct CliRun
{
    std::optional<int> exitCode;
    QString designPath;
    QString out;
    QString err;
};

CliRun run(const QStringList& args)
{
    QBuffer out, err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    const LaunchRequest request = runCommandLine(args, out, err);
    return {request.exitCode, request.designPath, QString::fromUtf8(out.data()),
            QString::fromUtf8(err.data())};
}

QStringList splitCsv(const QString& line)
{
    return portolan::test::parseCsv(line).value(0);
}

} // namespace

TEST(CommandLine, NoArgumentsOpensTheWindow)
{
    const CliRun r = run({});
    EXPECT_FALSE(r.exitCode.has_value());
    EXPECT_TRUE(r.designPath.isEmpty());
}

TEST(CommandLine, DesignArgumentOpensTheWindowOnIt)
{
    const CliRun r = run({u"examples/lab.portolan"_s});
    EXPECT_FALSE(r.exitCode.has_value());
    EXPECT_EQ(r.designPath, u"examples/lab.portolan"_s);
}

TEST(CommandLine, VersionAndHelp)
{
    const CliRun version = run({u"--version"_s});
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_EQ(version.out, u"portolan " PORTOLAN_VERSION "\n"_s);
    const CliRun help = run({u"--help"_s});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.startsWith(u"Usage: portolan"_s));
    EXPECT_TRUE(help.out.contains(u"catalog"_s));
    EXPECT_EQ(run({u"-h"_s}).out, help.out);
}

TEST(CommandLine, UnknownArgumentsAreOneLineAndExitTwo)
{
    for (const QStringList& args : {QStringList{u"--frobnicate"_s}, QStringList{u"frobnicate"_s},
                                    QStringList{u"catalog"_s, u"extra"_s}}) {
        const CliRun r = run(args);
        EXPECT_EQ(r.exitCode, 2) << args.join(u' ').toStdString();
        EXPECT_TRUE(r.out.isEmpty());
        EXPECT_EQ(r.err.count(u'\n'), 1) << r.err.toStdString();
        EXPECT_TRUE(r.err.startsWith(u"portolan: "_s));
    }
    EXPECT_EQ(run({u"--frobnicate"_s}).err,
              u"portolan: unknown option '--frobnicate' (see portolan --help)\n"_s);
}

TEST(CommandLine, CatalogPrintsEveryRowAsCsv)
{
    const CliRun r = run({u"catalog"_s});
    ASSERT_EQ(r.exitCode, 0);
    QStringList lines = r.out.split(u'\n');
    ASSERT_EQ(lines.takeLast(), QString()); // ends with a newline
    ASSERT_FALSE(lines.isEmpty());
    EXPECT_TRUE(lines.first().startsWith(
        u"Source Role,Destination Role,Protocol,Port,Description,Configurable,Notes,Reference"_s));
    EXPECT_EQ(lines.size() - 1, Catalog::builtin().rows().size());

    static const QRegularExpression portFormat(u"^(\\d+|\\d+-\\d+|DYNAMIC|)$"_s);
    int sqlBroker = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList f = splitCsv(lines.at(i));
        ASSERT_GE(f.size(), 8) << lines.at(i).toStdString();
        EXPECT_TRUE(portFormat.match(f.at(3)).hasMatch()) << "port: " << f.at(3).toStdString();
        EXPECT_TRUE(f.at(2) == u"TCP" || f.at(2) == u"UDP" || f.at(2) == u"ICMP");
        EXPECT_EQ(f.at(3).isEmpty(), f.at(2) == u"ICMP");
        EXPECT_TRUE(f.at(5) == u"Yes" || f.at(5) == u"No");
        // Basis, and the public source of a field-reported row.
        ASSERT_EQ(f.size(), 14) << lines.at(i).toStdString();
        EXPECT_TRUE(f.at(10) == u"reference" || f.at(10).startsWith(u"reference text ("_s) ||
                    f.at(10) == u"field-reported")
            << lines.at(i).toStdString();
        EXPECT_EQ(f.at(10) == u"field-reported", f.at(13).startsWith(u"https://"_s))
            << lines.at(i).toStdString();
        if (f.at(3) == u"4022")
            sqlBroker += f.at(0) == u"SQL Server" && f.at(7) == u"SQL Server --> SQL Server";
    }
    EXPECT_EQ(sqlBroker, 1);
    EXPECT_TRUE(
        r.out.contains(u"Client,Distribution point,UDP,4011,Boot Information Negotiation Layer (BINL),No,,"
                       u"\"Client --> Distribution point configured for PXE, both standard and pull\""_s));
    EXPECT_TRUE(r.out.contains(
        u"Software update point,Site server,TCP,8531,HTTPS,Yes,3,Site server <--> Software update point"_s));
}

namespace {

const QString kExamples = QStringLiteral(PORTOLAN_EXAMPLES);

QList<QStringList> csvRows(const QString& text)
{
    return portolan::test::parseCsv(text);
}

} // namespace

TEST(CommandLine, FlowsPrintsSortedUniqueRowsForEveryExample)
{
    const QStringList examples = QDir(kExamples).entryList({u"*.portolan"_s}, QDir::Files);
    ASSERT_GE(examples.size(), 3);
    for (const QString& name : examples) {
        const CliRun r = run({u"flows"_s, kExamples + u'/' + name});
        ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
        EXPECT_TRUE(r.err.isEmpty()) << r.err.toStdString();
        QList<QStringList> rows = csvRows(r.out);
        ASSERT_GT(rows.size(), 10);
        EXPECT_EQ(rows.takeFirst(),
                  (QStringList{u"Source"_s, u"Source Address"_s, u"Source Zone"_s, u"Destination"_s,
                               u"Destination Address"_s, u"Destination Zone"_s, u"Protocol"_s, u"Port"_s,
                               u"Service"_s, u"Configurable"_s, u"Reference"_s, u"Basis"_s, u"Local"_s}));
        QSet<QString> seen;
        static const QRegularExpression port(u"^(\\d+|\\d+-\\d+)$"_s);
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QStringList& f = rows.at(i);
            const QString key = f.mid(0, 8).join(u'|');
            EXPECT_FALSE(seen.contains(key)) << "repeated: " << key.toStdString();
            seen.insert(key);
            EXPECT_EQ(f.at(7).isEmpty(), f.at(6) == u"ICMP") << key.toStdString();
            if (!f.at(7).isEmpty()) {
                EXPECT_TRUE(port.match(f.at(7)).hasMatch()) << "port " << f.at(7).toStdString();
            }
            EXPECT_FALSE(f.at(7).contains(u"DYNAMIC"_s));
            // Every flow says where it comes from.
            static const QRegularExpression basis(
                u"^(reference|reference text \\([^)]+\\)|field-reported)$"_s);
            ASSERT_EQ(f.size(), 13) << key.toStdString();
            for (const QString& b : f.at(11).split(u"; "_s))
                EXPECT_TRUE(basis.match(b).hasMatch())
                    << "basis '" << b.toStdString() << "' of " << key.toStdString();
            EXPECT_EQ(f.at(12), u"No"_s) << "local flows only with --include-local";
            if (i > 0) {
                const QStringList& p = rows.at(i - 1);
                EXPECT_LE(QString::compare(p.at(0), f.at(0), Qt::CaseInsensitive), 0) << "sorted by source";
            }
        }
    }
}

TEST(CommandLine, FlowsIncludeLocalAddsCoLocatedFlows)
{
    const QString lab = kExamples + u"/lab.portolan"_s;
    const CliRun plain = run({u"flows"_s, lab});
    const CliRun local = run({u"flows"_s, u"--include-local"_s, lab});
    ASSERT_EQ(local.exitCode, 0);
    EXPECT_GT(local.out.size(), plain.out.size());
    EXPECT_TRUE(
        local.out.contains(u"cm.lab.local,192.168.10.10,Lab,cm.lab.local,192.168.10.10,Lab,TCP,1433,"_s));
    EXPECT_FALSE(plain.out.contains(u"cm.lab.local,192.168.10.10,Lab,cm.lab.local"_s));
    // The lab's PXE distribution point with the responder without WDS.
    EXPECT_TRUE(plain.out.contains(u"Test VMs,192.168.10.0/24,Lab,cm.lab.local,192.168.10.10,Lab,UDP,547,"
                                   u"DHCPv6 for PXE responder without WDS,No,"_s));
}

TEST(CommandLine, FlowsCountIsTheNumberOfRowsWithLocalOnesApart)
{
    for (const QString& name : portolan::test::exampleNames()) {
        const QString path = kExamples + u'/' + name;
        const qsizetype network = run({u"flows"_s, path}).out.trimmed().count(u'\n');
        const qsizetype all = run({u"flows"_s, u"--include-local"_s, path}).out.trimmed().count(u'\n');
        const CliRun count = run({u"flows"_s, u"--count"_s, path});
        ASSERT_EQ(count.exitCode, 0);
        const QString expected = all == network ? u"%1 flows\n"_s.arg(network)
                                                : u"%1 flows, %2 local\n"_s.arg(network).arg(all - network);
        EXPECT_EQ(count.out, expected) << name.toStdString();
    }
}

TEST(CommandLine, LayoutWritesTheDesignLaidOut)
{
    QTemporaryDir dir;
    const QString input = kExamples + u"/cas-two-primaries.portolan"_s;
    const QString output = dir.filePath(u"laid-out.portolan"_s);
    const CliRun r = run({u"layout"_s, input, u"-o"_s, output});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    Document original(Catalog::builtin()), laidOut(Catalog::builtin());
    QString error;
    ASSERT_TRUE(DesignFile::load(original, input, &error));
    ASSERT_TRUE(DesignFile::load(laidOut, output, &error)) << error.toStdString();
    const Layout expected = computeLayout(original);
    for (const auto& [id, n] : laidOut.nodes()) {
        const int before = original.nodeByKey(n.key);
        EXPECT_EQ(n.position, expected.nodes.value(before)) << n.name.toStdString();
        Node unmoved = n;
        unmoved.position = original.node(before)->position;
        unmoved.id = before;
        EXPECT_EQ(unmoved.name, original.node(before)->name) << "only the geometry changes";
        EXPECT_EQ(unmoved.site == -1, original.node(before)->site == -1);
    }
    EXPECT_EQ(laidOut.links().size(), original.links().size());

    const CliRun noOutput = run({u"layout"_s, input});
    EXPECT_EQ(noOutput.exitCode, 2);
    EXPECT_TRUE(noOutput.err.contains(u"-o FILE.portolan"_s)) << noOutput.err.toStdString();
    const CliRun missing = run({u"layout"_s, dir.filePath(u"none.portolan"_s), u"-o"_s, output});
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_TRUE(missing.err.contains(dir.filePath(u"none.portolan"_s))) << missing.err.toStdString();
}

TEST(CommandLine, FlowsAndCheckOnABadFileExitTwoNamingTheFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"broken.portolan"_s);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"portolan-design\", \"version\": 1, \"servers\": [{\"id\": 1}]}");
    file.close();
    for (const QString& command : {u"flows"_s, u"check"_s}) {
        const CliRun r = run({command, path});
        EXPECT_EQ(r.exitCode, 2);
        EXPECT_EQ(r.err, u"portolan: %1: $.servers[0].id: expected a string\n"_s.arg(path));
        EXPECT_TRUE(r.out.isEmpty());
    }
    EXPECT_EQ(run({u"flows"_s}).exitCode, 2);
    EXPECT_EQ(run({u"flows"_s, u"--bogus"_s, path}).exitCode, 2);
    EXPECT_EQ(run({u"check"_s, dir.filePath(u"missing.portolan"_s)}).exitCode, 2);
}

TEST(CommandLine, CheckExitsZeroOnCleanDesignsAndOneOnErrors)
{
    for (const QString& name : QDir(kExamples).entryList({u"*.portolan"_s}, QDir::Files)) {
        const CliRun r = run({u"check"_s, kExamples + u'/' + name});
        EXPECT_EQ(r.exitCode, 0) << name.toStdString() << ": " << r.out.toStdString();
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(u"empty-site.portolan"_s);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "portolan-design", "version": 1,
                  "sites": [{"id": "P01", "code": "P01", "kind": "primary"}]})");
    file.close();
    const CliRun r = run({u"check"_s, path});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.out.startsWith(u"error: site P01: has no site server\n"_s)) << r.out.toStdString();
}

TEST(CommandLine, ExportWritesEachFormatAndRefusesBadInput)
{
    QTemporaryDir dir;
    const QString design = kExamples + u"/cas-two-primaries.portolan"_s;
    for (const QString& format :
         {u"csv"_s, u"xlsx"_s, u"powershell"_s, u"nftables"_s, u"asa"_s, u"nsg"_s, u"porttest"_s}) {
        const QString out = dir.filePath(u"out."_s + format);
        const CliRun r = run({u"export"_s, design, u"--format"_s, format, u"-o"_s, out});
        EXPECT_EQ(r.exitCode, 0) << format.toStdString() << ": " << r.err.toStdString();
        EXPECT_GT(QFileInfo(out).size(), 500) << format.toStdString();
    }
    QFile csv(dir.filePath(u"out.csv"_s));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    EXPECT_EQ(csv.readAll(), "\xEF\xBB\xBF" + run({u"flows"_s, design}).out.toUtf8())
        << "the CSV export is the flow list, after a UTF-8 byte order mark for Excel";
    const QString noBom = dir.filePath(u"nobom.csv"_s);
    EXPECT_EQ(run({u"export"_s, design, u"--format"_s, u"csv"_s, u"--no-bom"_s, u"-o"_s, noBom}).exitCode, 0);
    QFile plain(noBom);
    ASSERT_TRUE(plain.open(QIODevice::ReadOnly));
    EXPECT_EQ(plain.readAll(), run({u"flows"_s, design}).out.toUtf8()) << "--no-bom";

    const CliRun badPath =
        run({u"export"_s, design, u"--format"_s, u"csv"_s, u"-o"_s, u"/no/such/dir/x.csv"_s});
    EXPECT_EQ(badPath.exitCode, 2);
    EXPECT_TRUE(badPath.err.startsWith(u"portolan: /no/such/dir/x.csv: cannot write"_s))
        << badPath.err.toStdString();
    const CliRun badDesign = run({u"export"_s, dir.filePath(u"none.portolan"_s), u"--format"_s, u"csv"_s,
                                  u"-o"_s, dir.filePath(u"x.csv"_s)});
    EXPECT_EQ(badDesign.exitCode, 2);
    EXPECT_TRUE(badDesign.err.contains(u"none.portolan: cannot open"_s));
    EXPECT_EQ(run({u"export"_s, design, u"--format"_s, u"visio"_s, u"-o"_s, u"x"_s}).exitCode, 2);
    EXPECT_EQ(run({u"export"_s, design, u"--format"_s, u"csv"_s}).exitCode, 2) << "no output file";
    EXPECT_EQ(run({u"export"_s, design, u"--format"_s, u"pdf"_s, u"--page"_s, u"B7"_s, u"-o"_s, u"x.pdf"_s})
                  .exitCode,
              2);
    const QString a3 = dir.filePath(u"a3.pdf"_s);
    EXPECT_EQ(run({u"export"_s, design, u"--format"_s, u"pdf"_s, u"--page"_s, u"A4"_s, u"--portrait"_s,
                   u"--scale"_s, u"1"_s, u"--appendix"_s, u"-o"_s, a3})
                  .exitCode,
              0);
    EXPECT_GT(QFileInfo(a3).size(), QFileInfo(dir.filePath(u"out.pdf"_s)).size())
        << "tiles and appendix add pages";
}

TEST(CommandLine, DiffReportsAChangeMadeToADesign)
{
    QTemporaryDir dir;
    const QString before = kExamples + u"/lab.portolan"_s;
    QFile original(before);
    ASSERT_TRUE(original.open(QIODevice::ReadOnly));
    QByteArray text = original.readAll();
    text.replace("\"dp.pxeResponderWithoutWds\": true", "\"dp.pxeResponderWithoutWds\": false");
    const QString after = dir.filePath(u"after.portolan"_s);
    QFile changed(after);
    ASSERT_TRUE(changed.open(QIODevice::WriteOnly));
    changed.write(text);
    changed.close();
    const CliRun same = run({u"diff"_s, before, before});
    EXPECT_EQ(same.exitCode, 0);
    EXPECT_EQ(same.out.count(u'\n'), 1) << "only the header";
    const CliRun diff = run({u"diff"_s, before, after});
    EXPECT_EQ(diff.exitCode, 1);
    EXPECT_EQ(diff.out.count(u"\nremoved,"_s), 1);
    EXPECT_TRUE(
        diff.out.contains(u"removed,Test VMs,192.168.10.0/24,Lab,cm.lab.local,192.168.10.10,Lab,UDP,547,"_s))
        << diff.out.toStdString();
    const CliRun summary = run({u"diff"_s, u"--summary"_s, before, after});
    EXPECT_EQ(summary.out, u"Protocol,Port,Added,Removed\nUDP,547,0,1\n"_s);
    EXPECT_EQ(run({u"diff"_s, before}).exitCode, 2);
    EXPECT_EQ(run({u"diff"_s, before, dir.filePath(u"missing.portolan"_s)}).exitCode, 2);
}

TEST(CommandLine, RuleSetsRefuseWhatTheDesignCannotServeAndNameWhatTheyCannotExpress)
{
    QTemporaryDir dir;
    const QString out = dir.filePath(u"rules.nft"_s);
    // The lab has one zone: a firewall between zones would only drop traffic.
    for (const QString& format : {u"nftables"_s, u"asa"_s}) {
        const CliRun refused =
            run({u"export"_s, kExamples + u"/lab.portolan"_s, u"--format"_s, format, u"-o"_s, out});
        EXPECT_EQ(refused.exitCode, 2) << format.toStdString();
        EXPECT_TRUE(refused.err.contains(u"only one zone (Lab)"_s)) << refused.err.toStdString();
        EXPECT_FALSE(QFileInfo::exists(out)) << "no file is written";
    }
    const CliRun noAzure =
        run({u"export"_s, kExamples + u"/lab.portolan"_s, u"--format"_s, u"nsg"_s, u"-o"_s, out});
    EXPECT_EQ(noAzure.exitCode, 2);
    EXPECT_TRUE(noAzure.err.contains(u"nothing in Azure"_s)) << noAzure.err.toStdString();
    // The CAS example reaches the internet and roaming clients, which have no address.
    const CliRun cas = run({u"export"_s, kExamples + u"/cas-two-primaries.portolan"_s, u"--format"_s,
                            u"nftables"_s, u"-o"_s, out});
    EXPECT_EQ(cas.exitCode, 0) << cas.err.toStdString();
    EXPECT_TRUE(cas.err.contains(u"flows cannot be expressed"_s)) << cas.err.toStdString();
    EXPECT_TRUE(cas.err.contains(u"cas-ss.corp.contoso.com -> Internet: TCP 80, 443"_s))
        << cas.err.toStdString();
    QFile file(out);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_TRUE(file.readAll().contains("# NOT EXPRESSED: cas-ss.corp.contoso.com -> Internet: TCP 80, 443"));

    // The host firewall needs no zones: the one-zone lab gets one, explicitly chosen.
    const CliRun host = run({u"export"_s, kExamples + u"/lab.portolan"_s, u"--format"_s, u"nftables"_s,
                             u"--target"_s, u"host"_s, u"-o"_s, out});
    EXPECT_EQ(host.exitCode, 0) << host.err.toStdString();
    QFile hostFile(out);
    ASSERT_TRUE(hostFile.open(QIODevice::ReadOnly));
    EXPECT_TRUE(hostFile.readAll().contains("hook input priority filter; policy accept;"));
    EXPECT_EQ(run({u"export"_s, kExamples + u"/lab.portolan"_s, u"--format"_s, u"nftables"_s, u"--target"_s,
                   u"everywhere"_s, u"-o"_s, out})
                  .exitCode,
              2);

    const CliRun badGpo = run({u"export"_s, kExamples + u"/lab.portolan"_s, u"--format"_s, u"powershell"_s,
                               u"--gpo"_s, u"nobackslash"_s, u"-o"_s, dir.filePath(u"x.ps1"_s)});
    EXPECT_EQ(badGpo.exitCode, 2);
    EXPECT_TRUE(badGpo.err.contains(u"--gpo takes DOMAIN\\GPO"_s)) << badGpo.err.toStdString();
    EXPECT_EQ(run({u"export"_s, kExamples + u"/lab.portolan"_s, u"--format"_s, u"powershell"_s, u"--gpo"_s,
                   u"LAB\\Portolan Firewall"_s, u"-o"_s, dir.filePath(u"x.ps1"_s)})
                  .exitCode,
              0);
}

TEST(CommandLine, ImportWritesALaidOutDesignAndPrintsWhatItCouldNotMap)
{
    QTemporaryDir dir;
    const QString data = QStringLiteral(PORTOLAN_TEST_DATA) + u"/import/"_s;
    const QString out = dir.filePath(u"fabrikam.portolan"_s);
    const CliRun r = run({u"import"_s, data + u"cmg.json"_s, u"-o"_s, out});
    EXPECT_EQ(r.exitCode, 1) << r.err.toStdString();
    EXPECT_TRUE(r.out.startsWith(
        u"Imported from %1cmg.json: 1 sites, 7 servers, 1 client groups, 6 links.\n"_s.arg(data)))
        << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(u"  - server pdp03.fabrikam.com: pull distribution point without source"_s));
    EXPECT_TRUE(r.err.isEmpty()) << r.err.toStdString();
    // The file written has the flows of the same hierarchy drawn by hand, and is laid out.
    const CliRun imported = run({u"flows"_s, out});
    const CliRun drawn = run({u"flows"_s, data + u"cmg.portolan"_s});
    EXPECT_EQ(imported.exitCode, 0);
    EXPECT_EQ(imported.out, drawn.out);
    Document doc(Catalog::builtin());
    QString error;
    ASSERT_TRUE(DesignFile::load(doc, out, &error)) << error.toStdString();
    EXPECT_TRUE(hasCoordinates(doc));
    const CliRun check = run({u"check"_s, out});
    EXPECT_TRUE(check.out.contains(u"warning: design: Not imported: server pdp03.fabrikam.com"_s))
        << check.out.toStdString();

    // Everything mapped: exit 0.
    QFile csv(dir.filePath(u"roles.csv"_s));
    ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
    csv.write("Server Name,Site Code,Role Name,IP Address\ncm1.lab.local,LAB,Site server,10.0.0.1\n");
    csv.close();
    EXPECT_EQ(run({u"import"_s, csv.fileName(), u"-o"_s, dir.filePath(u"lab.portolan"_s)}).exitCode, 0);

    // Bad input: exit 2, the message names the file and place, nothing is written.
    QFile bad(dir.filePath(u"bad.json"_s));
    ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
    bad.write("{\"format\": \"portolan-collection\", \"version\": 1, \"SMS_Site\": [{\"Type\": 2}]}");
    bad.close();
    const CliRun failed = run({u"import"_s, bad.fileName(), u"-o"_s, dir.filePath(u"bad.portolan"_s)});
    EXPECT_EQ(failed.exitCode, 2);
    EXPECT_EQ(failed.err, u"portolan: %1: $.SMS_Site[0].SiteCode: missing\n"_s.arg(bad.fileName()));
    EXPECT_FALSE(QFileInfo::exists(dir.filePath(u"bad.portolan"_s)));
    EXPECT_EQ(run({u"import"_s, bad.fileName()}).exitCode, 2);
    EXPECT_EQ(run({u"import"_s, csv.fileName(), u"-o"_s, csv.fileName()}).exitCode, 2);
    QFile again(csv.fileName());
    ASSERT_TRUE(again.open(QIODevice::ReadOnly));
    EXPECT_TRUE(again.readAll().startsWith("Server Name,"));
}

// Issue 24: what an imported file says is printed escaped: a role name cannot
// forge a report line or send escape sequences to the terminal.
TEST(CommandLine, ImportReportEscapesControlCharacters)
{
    QTemporaryDir dir;
    QFile csv(dir.filePath(u"roles.csv"_s));
    ASSERT_TRUE(csv.open(QIODevice::WriteOnly));
    csv.write("ServerName,RoleName,SiteCode\n"
              "cm1.lab.local,\"Odd\x1b[31m role\",LAB\n");
    csv.close();
    const CliRun r = run({u"import"_s, csv.fileName(), u"-o"_s, dir.filePath(u"lab.portolan"_s)});
    EXPECT_EQ(r.exitCode, 1) << r.err.toStdString();
    EXPECT_FALSE(r.out.contains(QChar(0x1b))) << "an escape sequence reached the terminal";
    EXPECT_TRUE(r.out.contains(u"role 'Odd\\x1b[31m role'"_s)) << r.out.toStdString();
}

// Issue 24: `flows` prefixes cells a spreadsheet would take for a formula, as the CSV export does.
TEST(CommandLine, FlowsNeutraliseFormulaCells)
{
    QTemporaryDir dir;
    Document doc(Catalog::builtin());
    QString error;
    ASSERT_TRUE(DesignFile::load(doc, kExamples + u"/lab.portolan"_s, &error)) << error.toStdString();
    QList<Zone> zones = doc.zones();
    ASSERT_FALSE(zones.isEmpty());
    for (Zone& z : zones)
        z.name = u"=HYPERLINK(\"http://x\")"_s;
    doc.setZones(zones);
    const QString path = dir.filePath(u"formula.portolan"_s);
    ASSERT_TRUE(DesignFile::save(doc, path, &error)) << error.toStdString();
    const CliRun r = run({u"flows"_s, path});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(u"'=HYPERLINK"_s)) << r.out.left(600).toStdString();
    EXPECT_FALSE(r.out.contains(u",=HYPERLINK"_s) || r.out.contains(u",\"=HYPERLINK"_s));
}

// Issue 24: a zone named with a closing apostrophe gets a sheet of its own,
// without the spreadsheet library's warnings.
TEST(CommandLine, SheetPerZoneTakesAnyZoneName)
{
    QTemporaryDir dir;
    Document doc(Catalog::builtin());
    QString error;
    ASSERT_TRUE(DesignFile::load(doc, kExamples + u"/lab.portolan"_s, &error)) << error.toStdString();
    QList<Zone> zones = doc.zones();
    ASSERT_FALSE(zones.isEmpty());
    zones.first().name = u"Vendors'"_s;
    if (zones.size() > 1)
        zones[1].name = u"'History"_s;
    doc.setZones(zones);
    const QString path = dir.filePath(u"vendors.portolan"_s);
    ASSERT_TRUE(DesignFile::save(doc, path, &error)) << error.toStdString();
    const CliRun r = run({u"export"_s, path, u"--format"_s, u"xlsx"_s, u"--sheet-per-zone"_s, u"-o"_s,
                          dir.filePath(u"flows.xlsx"_s)});
    EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_TRUE(r.err.isEmpty()) << r.err.toStdString();
    EXPECT_TRUE(QFileInfo(dir.filePath(u"flows.xlsx"_s)).size() > 0);
}

TEST(CommandLine, ExportWritesTheDiagramSetForVisioAndDrawio)
{
    QTemporaryDir dir;
    const QString design = kExamples + u"/cas-two-primaries.portolan"_s;
    const auto loaded = portolan::test::loadExample(u"cas-two-primaries.portolan"_s);
    // As the PDF set: the flow list only with --appendix.
    DiagramSetOptions whole;
    whole.flowAppendix = false;
    const qsizetype pages = qsizetype(buildDiagramSet(*loaded.doc, *loaded.engine, whole).pages.size());
    DiagramSetOptions single = whole;
    single.singlePage = true;
    const qsizetype singlePages =
        qsizetype(buildDiagramSet(*loaded.doc, *loaded.engine, single).pages.size());
    ASSERT_GT(pages, singlePages) << "the set has more pages than the single drawing";
    // draw.io: one <diagram> per page of the set, or of the single drawing.
    for (const bool one : {false, true}) {
        const QString out = dir.filePath(one ? u"single.drawio"_s : u"set.drawio"_s);
        QStringList args{u"export"_s, design, u"--format"_s, u"drawio"_s, u"-o"_s, out};
        if (one)
            args << u"--single-page"_s;
        const CliRun r = run(args);
        ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
        QFile file(out);
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        EXPECT_EQ(QString::fromUtf8(file.readAll()).count(u"<diagram "_s), one ? singlePages : pages);
    }
    // Visio: a package whose pages part lists every page.
    const QString vsdx = dir.filePath(u"set.vsdx"_s);
    const CliRun r = run({u"export"_s, design, u"--format"_s, u"vsdx"_s, u"-o"_s, vsdx});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    QFile file(vsdx);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_TRUE(file.read(4) == QByteArray("PK\x03\x04", 4)) << "a zip package";
    file.close();
    // A failure leaves the user's file as it was.
    const QByteArray before = [&] {
        QFile f(vsdx);
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }();
    EXPECT_EQ(
        run({u"export"_s, design, u"--format"_s, u"vsdx"_s, u"-o"_s, vsdx, u"--page"_s, u"B7"_s}).exitCode,
        2);
    EXPECT_EQ(run({u"export"_s, design, u"--format"_s, u"vsdx"_s, u"-o"_s, design}).exitCode, 2)
        << "the design itself is refused";
    QFile after(vsdx);
    ASSERT_TRUE(after.open(QIODevice::ReadOnly));
    EXPECT_EQ(after.readAll(), before);
}

// One site's page of the diagram set, as a network team asks for the site it works on: the
// page (and its table's continuations) alone, in every format of the set.
TEST(CommandLine, ExportSiteWritesThatSitesPageAlone)
{
    QTemporaryDir dir;
    const QString design = kExamples + u"/cas-two-primaries.portolan"_s;
    const QString pages = dir.filePath(u"p01"_s);
    const CliRun svg = run(
        {u"export"_s, design, u"--format"_s, u"svg"_s, u"--pages"_s, u"--site"_s, u"P01"_s, u"-o"_s, pages});
    ASSERT_EQ(svg.exitCode, 0) << svg.err.toStdString();
    const QStringList files = QDir(pages).entryList({u"*.svg"_s}, QDir::Files, QDir::Name);
    ASSERT_FALSE(files.isEmpty());
    EXPECT_EQ(files.first(), u"01-site-P01.svg"_s);
    for (const QString& f : files)
        EXPECT_TRUE(f.contains(u"site-P01"_s)) << f.toStdString() << ": another page than P01's";
    // Its references name their site, not a page of a set that is not there.
    QFile page(QDir(pages).filePath(files.first()));
    ASSERT_TRUE(page.open(QIODevice::ReadOnly));
    const QString svgText = QString::fromUtf8(page.readAll());
    EXPECT_TRUE(svgText.contains(u"(outside this page)"_s)) << "dc01, a host of no site";
    EXPECT_FALSE(svgText.contains(u"→ page"_s));
    // Two sites: both pages, in the set's order; PDF and draw.io the same pages.
    const QString two = dir.filePath(u"two"_s);
    ASSERT_EQ(run({u"export"_s, design, u"--format"_s, u"svg"_s, u"--pages"_s, u"--site"_s, u"S01"_s,
                   u"--site"_s, u"P01"_s, u"-o"_s, two})
                  .exitCode,
              0);
    const QStringList both = QDir(two).entryList({u"*.svg"_s}, QDir::Files, QDir::Name);
    ASSERT_GT(both.size(), files.size());
    EXPECT_TRUE(both.first().contains(u"site-P01"_s) && both.last().contains(u"site-S01"_s))
        << both.join(u' ').toStdString();
    const QString drawio = dir.filePath(u"p01.drawio"_s);
    ASSERT_EQ(run({u"export"_s, design, u"--format"_s, u"drawio"_s, u"--site"_s, u"P01"_s, u"-o"_s, drawio})
                  .exitCode,
              0);
    QFile file(drawio);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(QString::fromUtf8(file.readAll()).count(u"<diagram "_s), files.size());
    const QString pdf = dir.filePath(u"p01.pdf"_s);
    ASSERT_EQ(
        run({u"export"_s, design, u"--format"_s, u"pdf"_s, u"--site"_s, u"P01"_s, u"-o"_s, pdf}).exitCode, 0);
    EXPECT_GT(QFileInfo(pdf).size(), 1000);

    // A code the design does not have names itself and the design's sites; nothing is written.
    const CliRun unknown = run({u"export"_s, design, u"--format"_s, u"pdf"_s, u"--site"_s, u"P09"_s, u"-o"_s,
                                dir.filePath(u"p09.pdf"_s)});
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_TRUE(unknown.err.contains(u"no site 'P09' (its sites: CAS, P01, P02, S01, S02)"_s))
        << unknown.err.toStdString();
    EXPECT_FALSE(QFileInfo::exists(dir.filePath(u"p09.pdf"_s)));
    // Formats without pages of the set refuse it rather than ignore it.
    for (const QStringList& other :
         {QStringList{u"png"_s}, QStringList{u"svg"_s}, QStringList{u"csv"_s},
          QStringList{u"pdf"_s, u"--single-page"_s}, QStringList{u"vsdx"_s, u"--single-page"_s}}) {
        QStringList args{u"export"_s, design, u"--format"_s};
        args << other << u"--site"_s << u"P01"_s << u"-o"_s << dir.filePath(u"x"_s);
        const CliRun r = run(args);
        EXPECT_EQ(r.exitCode, 2) << other.join(u' ').toStdString();
        EXPECT_TRUE(r.err.contains(u"--site"_s)) << r.err.toStdString();
    }
}

// A diagram set whose drawings shrink to fit their paper until the port labels print under 7 pt is
// written (it is what was asked for) and said, with the smallest size and where: on A4 portrait the
// first sheet of the standalone primary, whose page table goes in a band over the drawing. The CAS
// example prints readably on A4 and Letter landscape (its P01 site server sheet was at 6.3 and
// 5.8 pt before its table narrowed and the ports opened both ways were said once) and on A3.
TEST(CommandLine, ExportSaysWhichPagesPrintTheirLabelsTooSmallToRead)
{
    QTemporaryDir dir;
    const QString standalone = kExamples + u"/standalone-primary.portolan"_s;
    const QStringList a4Portrait{u"--page"_s, u"A4"_s, u"--portrait"_s};
    const QString a4 = dir.filePath(u"a4.pdf"_s);
    const CliRun small =
        run(QStringList{u"export"_s, standalone, u"--format"_s, u"pdf"_s, u"-o"_s, a4} + a4Portrait);
    ASSERT_EQ(small.exitCode, 0) << small.err.toStdString();
    EXPECT_GT(QFileInfo(a4).size(), 1000);
    EXPECT_TRUE(small.err.contains(u"warning: "_s) && small.err.contains(u"print under 7 pt"_s) &&
                small.err.contains(u"(page 3, Site PS1 · Fabrikam standalone primary · sheet 1 of"_s))
        << small.err.toStdString();
    const CliRun drawio = run(QStringList{u"export"_s, standalone, u"--format"_s, u"drawio"_s, u"-o"_s,
                                          dir.filePath(u"a4.drawio"_s)} +
                              a4Portrait);
    ASSERT_EQ(drawio.exitCode, 0) << drawio.err.toStdString();
    EXPECT_TRUE(drawio.err.contains(u"print under 7 pt"_s)) << drawio.err.toStdString();
    const QString cas = kExamples + u"/cas-two-primaries.portolan"_s;
    for (const QStringList& paper :
         {QStringList{u"--page"_s, u"A4"_s}, QStringList{u"--page"_s, u"Letter"_s}, QStringList{}}) {
        const CliRun readable =
            run(QStringList{u"export"_s, cas, u"--format"_s, u"pdf"_s, u"-o"_s, dir.filePath(u"cas.pdf"_s)} +
                paper);
        ASSERT_EQ(readable.exitCode, 0) << readable.err.toStdString();
        EXPECT_FALSE(readable.err.contains(u"7 pt"_s))
            << paper.join(u' ').toStdString() << ": " << readable.err.toStdString();
    }
}

namespace {

struct ProgramRun
{
    int exitCode = -1;
    QString out, err;
};

// The `portolan` program itself (a copy of it, or the built one), as a user runs it.
ProgramRun runProgram(const QString& program, const QStringList& args,
                      const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, args);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return {};
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

TEST(CommandLine, TheProgramRunsItsCommandsWithoutTheDesignerLibraryAndNamesItWhenMissing)
{
    // The program alone, without the designer library beside it or in ../lib/portolan.
    QTemporaryDir dir;
    const QString program = dir.filePath(u"bin/portolan"_s);
    ASSERT_TRUE(QDir(dir.path()).mkpath(u"bin"_s));
    ASSERT_TRUE(QFile::copy(QStringLiteral(PORTOLAN_EXECUTABLE), program));
    const QString design = kExamples + u"/cas-two-primaries.portolan"_s;
    const ProgramRun check = runProgram(program, {u"check"_s, design});
    EXPECT_EQ(check.exitCode, 0) << check.err.toStdString();
    EXPECT_EQ(check.out, run({u"check"_s, design}).out);
    const QString csv = dir.filePath(u"flows.csv"_s);
    EXPECT_EQ(runProgram(program, {u"export"_s, design, u"--format"_s, u"csv"_s, u"-o"_s, csv}).exitCode, 0);
    EXPECT_GT(QFileInfo(csv).size(), 500);

    // A diagram needs the library: a clear error naming it and where it was looked for, no file.
    QProcessEnvironment offscreen = QProcessEnvironment::systemEnvironment();
    offscreen.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    const QString pdf = dir.filePath(u"design.pdf"_s);
    const ProgramRun diagram =
        runProgram(program, {u"export"_s, design, u"--format"_s, u"pdf"_s, u"-o"_s, pdf}, offscreen);
    EXPECT_EQ(diagram.exitCode, 2);
    const QString library = QFileInfo(QStringLiteral(PORTOLAN_DESIGNER_LIBRARY)).fileName();
    EXPECT_TRUE(
        diagram.err.startsWith(u"portolan: the designer library %1 is missing (looked for %2 and "_s.arg(
            library, QDir(dir.filePath(u"bin"_s)).filePath(library))))
        << diagram.err.toStdString();
    EXPECT_TRUE(diagram.err.contains(u"reinstall Portolan"_s)) << diagram.err.toStdString();
    EXPECT_FALSE(QFileInfo::exists(pdf));
    // Usage errors are the program's own, library or not.
    const ProgramRun badPage = runProgram(
        program, {u"export"_s, design, u"--format"_s, u"pdf"_s, u"--page"_s, u"B7"_s, u"-o"_s, pdf},
        offscreen);
    EXPECT_EQ(badPage.exitCode, 2);
    EXPECT_TRUE(badPage.err.startsWith(u"portolan: export: unknown page size 'B7'"_s))
        << badPage.err.toStdString();

    // With the library where an installation puts it, the diagram is drawn.
    ASSERT_TRUE(QDir(dir.path()).mkpath(u"lib/portolan"_s));
    ASSERT_TRUE(
        QFile::copy(QStringLiteral(PORTOLAN_DESIGNER_LIBRARY), dir.filePath(u"lib/portolan/"_s + library)));
    const ProgramRun drawn =
        runProgram(program, {u"export"_s, design, u"--format"_s, u"pdf"_s, u"-o"_s, pdf}, offscreen);
    EXPECT_EQ(drawn.exitCode, 0) << drawn.err.toStdString();
    EXPECT_GT(QFileInfo(pdf).size(), 10000);
}

#ifdef __GLIBC__
TEST(CommandLine, CheckLoadsNoneOfTheWindowsLibraries)
{
    // The dynamic linker's list of what it loads: a command that starts fast loads no Qt GUI library.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"LD_DEBUG"_s, u"files"_s);
    const ProgramRun check =
        runProgram(QStringLiteral(PORTOLAN_EXECUTABLE),
                   {u"check"_s, kExamples + u"/cas-two-primaries.portolan"_s}, environment);
    EXPECT_EQ(check.exitCode, 0);
    ASSERT_TRUE(check.err.contains(u"libQt6Core.so"_s)) << "no list from the dynamic linker";
    for (const QString& library : {u"libQt6Gui.so"_s, u"libQt6Widgets.so"_s, u"libQt6PrintSupport.so"_s,
                                   u"libQt6Svg.so"_s, u"libQCustomPlot"_s, u"portolan-designer"_s})
        EXPECT_FALSE(check.err.contains(library)) << library.toStdString();
}
#endif
