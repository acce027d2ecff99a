// Proving the ports are open: the port test script's tables, read from its
// tree-sitter-powershell parse tree, hold every flow of the design as data; the
// results files (docs/test-results.md) read back, merge, and match the design.
#include "catalog/catalog.h"
#include "designbuilder.h"
#include "export/exporter.h"
#include "testsupport.h"
#include "verify/testplan.h"
#include "verify/testresults.h"
#include "verify/verification.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <set>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

const QString kResults = QStringLiteral(PORTOLAN_TEST_DATA "/results/");

// The $listeners and $probes tables of a script as tree-sitter-powershell reads
// them (tests/powershell/tables.cjs), plus the syntax errors it found.
struct ScriptTables
{
    QStringList errors;
    QJsonArray listeners;
    QJsonArray probes;
    QJsonObject functions; // name -> {try, finally, all}: the calls in each part
};

// The tables of several scripts in one parser run (loading the grammar takes seconds).
std::optional<QList<ScriptTables>> readTables(const QList<QByteArray>& scripts, QString* output)
{
    QTemporaryDir dir;
    QStringList files;
    for (const QByteArray& script : scripts) {
        QFile file(dir.filePath(u"porttest%1.ps1"_s.arg(files.size())));
        if (!file.open(QIODevice::WriteOnly) || file.write(script) != script.size())
            return std::nullopt;
        files << file.fileName();
    }
    const int code = runTool(
        nodeProgram(),
        QStringList{QStringLiteral(PORTOLAN_POWERSHELL_CHECK "/tables.cjs"), u"listeners,probes"_s} + files,
        output);
    if (code != 0)
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(output->toUtf8()).object();
    QList<ScriptTables> out;
    for (const QString& file : files) {
        const QJsonObject one = json.value(file).toObject();
        ScriptTables t;
        for (const QJsonValue& e : one.value(u"errors").toArray())
            t.errors << e.toString();
        t.listeners = one.value(u"tables").toObject().value(u"listeners").toArray();
        t.probes = one.value(u"tables").toObject().value(u"probes").toArray();
        t.functions = one.value(u"functions").toObject();
        out << t;
    }
    return out;
}

// The text of a table value that must be a single-quoted literal; "<not a string>" otherwise.
QString stringValue(const QJsonObject& entry, const QString& key)
{
    const QJsonObject value = entry.value(key).toObject();
    return value.contains(u"string") ? value.value(u"string").toString() : u"<not a string>"_s;
}

QList<int> arrayValue(const QJsonObject& entry, const QString& key)
{
    QList<int> out;
    for (const QJsonValue& v : entry.value(key).toObject().value(u"array").toArray())
        out << (v.isDouble() ? v.toInt() : -1);
    return out;
}

// Checks the script of a design against its flows, read straight from the flow
// engine (not from the test plan the script is made from).
void expectEveryFlowInTables(const Document& doc, const FlowEngine& engine, const ScriptTables* tables,
                             const QString& what)
{
    SCOPED_TRACE(what.toStdString());
    EXPECT_TRUE(tables->errors.isEmpty()) << tables->errors.join(u"; "_s).toStdString();
    const QStringList stringKeys = {u"Target"_s,   u"Source"_s, u"Destination"_s, u"Address"_s,
                                    u"Protocol"_s, u"Port"_s,   u"Service"_s,     u"Skip"_s};
    using Key = std::tuple<QString, QString, QString, QString>; // source, destination, protocol, port
    std::map<Key, QJsonObject> probes;
    for (const QJsonValue& v : tables->probes) {
        const QJsonObject p = v.toObject();
        for (const QString& key : stringKeys)
            EXPECT_NE(stringValue(p, key), u"<not a string>"_s) << key.toStdString() << " is not a literal";
        probes[{stringValue(p, u"Source"_s), stringValue(p, u"Destination"_s), stringValue(p, u"Protocol"_s),
                stringValue(p, u"Port"_s)}] = p;
    }
    std::set<std::tuple<QString, QString, QString>> listeners; // computer, protocol, port
    for (const QJsonValue& v : tables->listeners) {
        const QJsonObject l = v.toObject();
        for (const QString& key : {u"Target"_s, u"Computer"_s, u"Protocol"_s, u"Port"_s})
            EXPECT_NE(stringValue(l, key), u"<not a string>"_s) << key.toStdString() << " is not a literal";
        listeners.insert(
            {stringValue(l, u"Computer"_s), stringValue(l, u"Protocol"_s), stringValue(l, u"Port"_s)});
    }
    std::set<Key> expected;
    int tested = 0;
    for (const Flow& f : engine.flows()) {
        if (f.local || f.source == f.destination)
            continue;
        const QString port = f.protocol == Protocol::Icmp ? QString() : f.port.toString();
        const Key key{doc.node(f.source)->name, doc.node(f.destination)->name, protocolName(f.protocol),
                      port};
        expected.insert(key);
        const auto it = probes.find(key);
        ASSERT_NE(it, probes.end()) << "no probe for " << std::get<0>(key).toStdString() << " -> "
                                    << std::get<1>(key).toStdString() << ' ' << std::get<2>(key).toStdString()
                                    << ' ' << port.toStdString();
        const QJsonObject& p = it->second;
        EXPECT_TRUE(stringValue(p, u"Service"_s).contains(doc.catalog().rows().at(f.row).description));
        // A range is tested on its first and last port and ports between.
        const QList<int> ports = arrayValue(p, u"Test"_s);
        if (f.protocol == Protocol::Icmp) {
            EXPECT_TRUE(ports.isEmpty());
        } else {
            ASSERT_FALSE(ports.isEmpty());
            EXPECT_EQ(ports.first(), f.port.first);
            EXPECT_EQ(ports.last(), f.port.last);
            for (int sample : ports)
                EXPECT_TRUE(sample >= f.port.first && sample <= f.port.last) << sample;
            if (f.port.kind == PortSpec::Kind::Range && f.port.last - f.port.first > 4) {
                EXPECT_EQ(ports.size(), 5);
            }
        }
        // Every flow the probe can reach has a listener on its destination.
        if (stringValue(p, u"Skip"_s).isEmpty()) {
            ++tested;
            EXPECT_EQ(listeners.count({std::get<1>(key), std::get<2>(key), port}), 1u)
                << "no listener on " << std::get<1>(key).toStdString() << " for " << port.toStdString();
        }
    }
    EXPECT_EQ(probes.size(), expected.size()) << "probes the design has no flow for";
    EXPECT_GT(tested, 0);
}

QStringList callsIn(const QJsonObject& function, const QString& part)
{
    QStringList out;
    for (const QJsonValue& v : function.value(part).toArray())
        out << v.toString();
    return out;
}

// Listen mode adds firewall exceptions and opens sockets only inside a try whose
// finally closes every socket and removes every exception it recorded.
void expectListenerCleansUp(const ScriptTables& t)
{
    const QJsonObject listen = t.functions.value(u"Invoke-PortolanListen").toObject();
    const QStringList inTry = callsIn(listen, u"try"_s), inFinally = callsIn(listen, u"finally"_s),
                      all = callsIn(listen, u"all"_s);
    EXPECT_GE(inTry.count(u"New-NetFirewallRule"_s), 2);
    EXPECT_EQ(all.count(u"New-NetFirewallRule"_s), inTry.count(u"New-NetFirewallRule"_s))
        << "a rule outside the try";
    EXPECT_EQ(inTry.count(u"$added.Add"_s), inTry.count(u"New-NetFirewallRule"_s)) << "a rule not recorded";
    EXPECT_EQ(all.count(u"$socket.Start"_s), inTry.count(u"$socket.Start"_s));
    for (const QString& cleanup : {u"Remove-NetFirewallRule"_s, u"$socket.Stop"_s, u"$socket.Close"_s})
        EXPECT_TRUE(inFinally.contains(cleanup)) << cleanup.toStdString() << " is not in the finally block";
    const QJsonObject probe = t.functions.value(u"Invoke-PortolanProbe").toObject();
    EXPECT_TRUE(callsIn(probe, u"all"_s).contains(u"Export-Csv"_s)) << "probe mode writes no results file";
    EXPECT_TRUE(callsIn(probe, u"finally"_s).contains(u"$pool.Close"_s));
}

QList<ResultRow> readAll(const QStringList& names)
{
    QList<ResultRow> rows;
    for (const QString& name : names) {
        QString error;
        EXPECT_TRUE(readTestResults(kResults + name, &rows, &error)) << error.toStdString();
    }
    return rows;
}

const FlowVerdict* verdict(const Document& doc, const Verification& v, const QString& source,
                           const QString& destination, Protocol protocol, const QString& port)
{
    for (const FlowVerdict& f : v.flows)
        if (doc.node(f.flow.source)->name == source && doc.node(f.flow.destination)->name == destination &&
            f.flow.protocol == protocol && f.flow.portText() == port)
            return &f;
    ADD_FAILURE() << "no flow " << source.toStdString() << " -> " << destination.toStdString() << ' '
                  << port.toStdString();
    return nullptr;
}

std::optional<TestResult> resultOf(const Document& doc, const Verification& v, const QString& source,
                                   const QString& destination, Protocol protocol, const QString& port)
{
    const FlowVerdict* f = verdict(doc, v, source, destination, protocol, port);
    return f ? f->result : std::nullopt;
}

} // namespace

// The generated script parses in tree-sitter-powershell, and its two tables,
// read from the parse tree, name every flow of each example and of a design
// full of hostile names, every name a single-quoted literal holding exactly
// the design's text.
TEST(PortTestScript, TablesHoldEveryFlowAndNamesStayStrings)
{
    if (nodeProgram().isEmpty())
        GTEST_SKIP()
            << "node (Debian package nodejs) is not installed: the PowerShell parse check is skipped";
    QString output;
    if (parsePowerShellFiles({}, &output) == 2)
        GTEST_SKIP() << output.toStdString();
    std::vector<LoadedExample> examples;
    QList<QByteArray> scripts;
    for (const QString& name : exampleNames()) {
        examples.push_back(loadExample(name));
        scripts << portTestScript(*examples.back().doc, *examples.back().engine, {});
    }
    DesignBuilder b;
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    const QString evilServer = u"x'; Remove-Item C:\\ -Recurse; ' [a]*?.contoso.com"_s;
    const QString evilGroup = u"y’ ; $(Remove-Item D:\\) ‘ #> `n @{ [b]"_s;
    b.server(evilServer, ps, {u"site_server"_s, u"management_point"_s, u"distribution_point"_s});
    b.group(evilGroup, ps);
    scripts << portTestScript(*b.doc, b.engine(), {});
    const auto tables = readTables(scripts, &output);
    ASSERT_TRUE(tables) << output.toStdString();
    ASSERT_EQ(tables->size(), scripts.size());
    for (size_t i = 0; i < examples.size(); ++i)
        expectEveryFlowInTables(*examples[i].doc, *examples[i].engine, &tables->at(qsizetype(i)),
                                exampleNames().at(qsizetype(i)));
    expectEveryFlowInTables(*b.doc, b.engine(), &tables->last(), u"hostile names"_s);
    for (const ScriptTables& t : *tables)
        expectListenerCleansUp(t);
}

TEST(PortTestScript, RangesAreSampledAtBothEndsAndBetween)
{
    EXPECT_EQ(samplePorts(PortSpec::range(49152, 65535)),
              (QList<quint16>{49152, 53247, 57343, 61439, 65535}));
    EXPECT_EQ(samplePorts(PortSpec::range(67, 69)), (QList<quint16>{67, 68, 69}));
    EXPECT_EQ(samplePorts(PortSpec::single(443)), QList<quint16>{443});
    EXPECT_TRUE(samplePorts(PortSpec{}).isEmpty());
}

// run1.csv is what PowerShell's Export-Csv writes (byte order mark, every field
// quoted, CR LF); run2.csv has its columns in another order and a header in capitals.
TEST(TestResults, ReadsExportCsvAndColumnsByName)
{
    const QList<ResultRow> rows = readAll({u"run1.csv"_s, u"run2.csv"_s});
    ASSERT_EQ(rows.size(), 18);
    EXPECT_EQ(rows.first().source, u"cm.lab.local"_s);
    EXPECT_EQ(rows.first().line, 2);
    EXPECT_EQ(rows.first().time, QDateTime(QDate(2026, 11, 25), QTime(21, 0), Qt::UTC));
    EXPECT_EQ(rows.at(2).result, TestResult::NoResponder);
    EXPECT_EQ(rows.at(9).reason, u"Active Directory Web Services, \"ADWS\", not in the design"_s);
    const ResultRow& last = rows.last();
    EXPECT_EQ(last.file, kResults + u"run2.csv"_s);
    EXPECT_EQ(last.line, 7);
    EXPECT_EQ(last.testedPort, u"57343"_s);
    EXPECT_EQ(last.port, u"49152-65535"_s);
    EXPECT_EQ(last.time.toUTC(), QDateTime(QDate(2026, 11, 25), QTime(22, 0), Qt::UTC));
}

TEST(TestResults, BadInputNamesFileAndLine)
{
    const auto errorOf = [](const QByteArray& data) {
        QList<ResultRow> rows;
        QString error;
        EXPECT_FALSE(parseTestResults(data, u"r.csv"_s, &rows, &error));
        EXPECT_TRUE(rows.isEmpty());
        return error;
    };
    const QByteArray header = "source,time,destination,protocol,port,result\n";
    EXPECT_EQ(errorOf(header + "a,2026-11-25T21:00:00Z,b,TCP,80,PASS\na,2026-11-25T21:00:00Z,b,TCP,80,OK\n"),
              u"r.csv:3: result 'OK' is not PASS, FAIL, NO RESPONDER or NOT TESTED"_s);
    EXPECT_EQ(errorOf(header + "a,yesterday,b,TCP,80,PASS\n"),
              u"r.csv:2: time 'yesterday' is not an ISO 8601 time with a time zone (2026-11-25T21:04:05Z)"_s);
    EXPECT_EQ(errorOf(header + "a,2026-11-25T21:00:00,b,TCP,80,PASS\n").left(9), u"r.csv:2: "_s);
    EXPECT_EQ(errorOf(header + "a,2026-11-25T21:00:00Z,b,SCTP,80,PASS\n"),
              u"r.csv:2: protocol 'SCTP' is not TCP, UDP or ICMP"_s);
    EXPECT_TRUE(
        errorOf(header + "a,2026-11-25T21:00:00Z,b,TCP,70000,PASS\n").startsWith(u"r.csv:2: port '70000'"_s));
    EXPECT_EQ(errorOf("source,time,destination,port,result\n"),
              u"r.csv:1: the header has no 'protocol' column"_s);
    EXPECT_EQ(errorOf(""), u"r.csv: empty: no header line (docs/test-results.md)"_s);
    EXPECT_TRUE(
        errorOf(header + "a,2026-11-25T21:00:00Z,\"b\"x,TCP,80,PASS\n").startsWith(u"r.csv:2: not CSV"_s));
    QList<ResultRow> rows;
    QString error;
    EXPECT_FALSE(readTestResults(kResults + u"missing.csv"_s, &rows, &error));
    EXPECT_TRUE(error.startsWith(kResults + u"missing.csv: cannot read"_s)) << error.toStdString();
}

// One run: each result as the file says, rows the design does not know reported.
TEST(Verify, OneRunGivesEachFlowItsResult)
{
    const LoadedExample l = loadExample(u"lab.portolan"_s);
    const Verification v = verifyResults(*l.doc, *l.engine, readAll({u"run1.csv"_s}));
    const QString cm = u"cm.lab.local"_s, dc = u"dc.lab.local"_s;
    EXPECT_EQ(resultOf(*l.doc, v, cm, dc, Protocol::Tcp, u"389"_s), TestResult::Pass);
    EXPECT_EQ(resultOf(*l.doc, v, cm, dc, Protocol::Tcp, u"636"_s), TestResult::Fail);
    EXPECT_EQ(resultOf(*l.doc, v, cm, dc, Protocol::Udp, u"389"_s), TestResult::NoResponder);
    EXPECT_EQ(resultOf(*l.doc, v, cm, u"Internet"_s, Protocol::Tcp, u"443"_s), TestResult::NotTested);
    EXPECT_EQ(resultOf(*l.doc, v, cm, dc, Protocol::Tcp, u"49152-65535"_s), TestResult::Pass);
    EXPECT_EQ(resultOf(*l.doc, v, u"Test VMs"_s, cm, Protocol::Tcp, u"80"_s), TestResult::Fail);
    EXPECT_EQ(resultOf(*l.doc, v, cm, dc, Protocol::Tcp, u"135"_s), std::nullopt); // untested
    EXPECT_FALSE(v.passed());
    ASSERT_EQ(v.unmatched.size(), 2);
    EXPECT_EQ(v.unmatched.at(0).row.line, 11);
    EXPECT_TRUE(v.unmatched.at(0).why.startsWith(
        u"not in the design: no flow cm.lab.local -> dc.lab.local TCP 9389"_s))
        << v.unmatched.at(0).why.toStdString();
    EXPECT_EQ(v.unmatched.at(1).row.line, 12);
    EXPECT_TRUE(v.unmatched.at(1).why.startsWith(u"unknown computer 'ghost.lab.local'"_s));
    // The failure names the rule that should have let it through.
    const FlowVerdict* failed = verdict(*l.doc, v, cm, dc, Protocol::Tcp, u"636"_s);
    ASSERT_TRUE(failed);
    EXPECT_TRUE(failed->rule.contains(u"636"_s)) << failed->rule.toStdString();
    EXPECT_EQ(
        verdictLine(*l.doc, *failed),
        u"cm.lab.local -> dc.lab.local TCP 636: FAIL (2026-11-25T21:00:00Z from CM; no answer within 2000 "
        u"ms: blocked on the way, or the computer is down)"_s);
}

// Two runs: the newest row per flow and port wins, whatever the file order;
// one failed sample fails a range.
TEST(Verify, TwoRunsMergeNewestWins)
{
    const LoadedExample l = loadExample(u"lab.portolan"_s);
    for (const QStringList& files :
         {QStringList{u"run1.csv"_s, u"run2.csv"_s}, QStringList{u"run2.csv"_s, u"run1.csv"_s}}) {
        SCOPED_TRACE(files.join(u' ').toStdString());
        const Verification v = verifyResults(*l.doc, *l.engine, readAll(files));
        const QString cm = u"cm.lab.local"_s, dc = u"dc.lab.local"_s;
        EXPECT_EQ(resultOf(*l.doc, v, cm, dc, Protocol::Tcp, u"636"_s), TestResult::Pass);
        EXPECT_EQ(resultOf(*l.doc, v, u"Test VMs"_s, cm, Protocol::Tcp, u"80"_s), TestResult::Pass);
        EXPECT_EQ(resultOf(*l.doc, v, cm, dc, Protocol::Tcp, u"389"_s), TestResult::Pass); // older FAIL loses
        EXPECT_EQ(resultOf(*l.doc, v, u"Admin laptop"_s, cm, Protocol::Tcp, u"135"_s), TestResult::Fail);
        const FlowVerdict* range = verdict(*l.doc, v, cm, dc, Protocol::Tcp, u"49152-65535"_s);
        ASSERT_TRUE(range);
        EXPECT_EQ(range->result, TestResult::Fail);
        EXPECT_EQ(range->rows.size(), 5);
        ASSERT_TRUE(range->decisive());
        EXPECT_EQ(range->decisive()->testedPort, u"57343"_s);
        EXPECT_EQ(v.unmatched.size(), 2);
        EXPECT_FALSE(v.passed());
    }
    const Verification good = verifyResults(*l.doc, *l.engine, readAll({u"pass.csv"_s}));
    EXPECT_TRUE(good.passed());
    EXPECT_EQ(good.count(TestResult::Pass), 1);
    EXPECT_EQ(good.count(TestResult::NotTested), 1);
}
