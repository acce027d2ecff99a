// `portolan verify DESIGN RESULTS...`: each flow with its result, rows the
// design does not know listed, and the exit code a pipeline can act on.
#include "commandline.h"

#include <gtest/gtest.h>

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

const QString kLab = QStringLiteral(PORTOLAN_EXAMPLES "/lab.portolan");
const QString kResults = QStringLiteral(PORTOLAN_TEST_DATA "/results/");

struct VerifyRun
{
    std::optional<int> exitCode;
    QStringList out;
    QString err;
};

VerifyRun verify(const QStringList& files)
{
    QBuffer out, err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    QStringList args = {u"verify"_s, kLab};
    for (const QString& f : files)
        args << (f.startsWith(u'/') ? f : kResults + f);
    const LaunchRequest request = runCommandLine(args, out, err);
    return {request.exitCode, QString::fromUtf8(out.data()).split(u'\n', Qt::SkipEmptyParts),
            QString::fromUtf8(err.data())};
}

// The line of one flow ("source -> destination PROTO PORT: ...").
QString lineOf(const VerifyRun& r, const QString& flow)
{
    for (const QString& line : r.out)
        if (line.startsWith(flow + u": "_s))
            return line.mid(flow.size() + 2);
    return u"<missing>"_s;
}

} // namespace

TEST(VerifyCommand, OneRunPrintsEachResultAndFailsOnAFailure)
{
    const VerifyRun r = verify({u"run1.csv"_s});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.isEmpty()) << r.err.toStdString();
    EXPECT_TRUE(lineOf(r, u"cm.lab.local -> dc.lab.local TCP 389"_s)
                    .startsWith(u"PASS (2026-11-25T21:00:00Z from CM)"_s));
    EXPECT_TRUE(
        lineOf(r, u"cm.lab.local -> dc.lab.local TCP 636"_s).startsWith(u"FAIL (2026-11-25T21:00:00Z"_s));
    EXPECT_TRUE(lineOf(r, u"cm.lab.local -> dc.lab.local UDP 389"_s).startsWith(u"NO RESPONDER"_s));
    EXPECT_TRUE(lineOf(r, u"cm.lab.local -> Internet TCP 443"_s).startsWith(u"NOT TESTED"_s));
    EXPECT_EQ(lineOf(r, u"cm.lab.local -> dc.lab.local TCP 135"_s), u"UNTESTED"_s);
    EXPECT_EQ(lineOf(r, u"Test VMs -> cm.lab.local TCP 80"_s).left(4), u"FAIL"_s);
    // Rows the design does not know are listed with the file and line they came from.
    EXPECT_TRUE(r.out.contains(
        kResults + u"run1.csv:11: not in the design: no flow cm.lab.local -> dc.lab.local TCP 9389"_s));
    EXPECT_TRUE(r.out.filter(kResults + u"run1.csv:12: unknown computer 'ghost.lab.local'"_s).size() == 1);
    EXPECT_TRUE(r.out.last().endsWith(u"2 result rows not in the design"_s)) << r.out.last().toStdString();
}

TEST(VerifyCommand, TwoRunsMergeAndTheNewestResultWins)
{
    const VerifyRun r = verify({u"run1.csv"_s, u"run2.csv"_s});
    EXPECT_EQ(r.exitCode, 1); // Admin laptop -> cm TCP 135 and one port of the RPC range fail
    EXPECT_TRUE(
        lineOf(r, u"cm.lab.local -> dc.lab.local TCP 636"_s).startsWith(u"PASS (2026-11-25T22:00:00Z"_s));
    EXPECT_TRUE(lineOf(r, u"Test VMs -> cm.lab.local TCP 80"_s)
                    .startsWith(u"PASS (2026-11-25T22:00:00Z from VM02)"_s));
    EXPECT_TRUE(
        lineOf(r, u"cm.lab.local -> dc.lab.local TCP 389"_s).startsWith(u"PASS (2026-11-25T21:00:00Z"_s));
    EXPECT_TRUE(
        lineOf(r, u"cm.lab.local -> dc.lab.local TCP 49152-65535"_s)
            .startsWith(
                u"FAIL (2026-11-25T22:00:00Z from CM; sample of the range 49152-65535: port 57343"_s));
    EXPECT_TRUE(lineOf(r, u"Admin laptop -> cm.lab.local TCP 135"_s).startsWith(u"FAIL"_s));
}

TEST(VerifyCommand, ExitsZeroWhenEveryTestedFlowPassed)
{
    const VerifyRun r = verify({u"pass.csv"_s});
    EXPECT_EQ(r.exitCode, 0) << r.out.join(u'\n').toStdString();
    EXPECT_TRUE(lineOf(r, u"cm.lab.local -> dc.lab.local TCP 389"_s).startsWith(u"PASS"_s));
}

TEST(VerifyCommand, UnreadableInputExitsTwoNamingFileAndLine)
{
    VerifyRun r = verify({u"bad-result.csv"_s});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(
        r.err,
        u"portolan: %1bad-result.csv:3: result 'OK' is not PASS, FAIL, NO RESPONDER or NOT TESTED\n"_s.arg(
            kResults));
    EXPECT_TRUE(r.out.isEmpty());
    r = verify({u"run1.csv"_s, u"missing.csv"_s});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.startsWith(u"portolan: %1missing.csv: cannot read"_s.arg(kResults)))
        << r.err.toStdString();
    QTemporaryDir dir;
    QFile binary(dir.filePath(u"results.xlsx"_s));
    ASSERT_TRUE(binary.open(QIODevice::WriteOnly));
    binary.write(QByteArray("PK\x03\x04\x00\"\x01\x02", 8));
    binary.close();
    r = verify({binary.fileName()});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.startsWith(u"portolan: "_s + binary.fileName() + u':')) << r.err.toStdString();
    r = verify({});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(r.err, u"portolan: verify: no results file given (see portolan --help)\n"_s);
}

TEST(VerifyCommand, DesignWithResultsOpensTheDesignerWithThemImported)
{
    QBuffer out, err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    LaunchRequest request = runCommandLine({kLab, u"--results"_s, u"a.csv"_s, u"b.csv"_s}, out, err);
    EXPECT_FALSE(request.exitCode.has_value());
    EXPECT_EQ(request.designPath, kLab);
    EXPECT_EQ(request.resultsPaths, (QStringList{u"a.csv"_s, u"b.csv"_s}));
    request = runCommandLine({kLab, u"--results"_s}, out, err);
    EXPECT_EQ(request.exitCode, 2);
    EXPECT_TRUE(QString::fromUtf8(err.data()).contains(u"--results: no results file given"_s));
}

namespace {

const QByteArray kHeader = "\"source\",\"computer\",\"time\",\"destination\",\"address\",\"protocol\","
                           "\"port\",\"tested_port\",\"result\","
                           "\"reason\"\n";

QString writeResults(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return file.fileName();
}

} // namespace

// Issue 24: a pipe or a device is refused at once (exit 2), never waited on or
// read until memory runs out.
TEST(VerifyCommand, APipeOrADeviceIsRefusedAtOnce)
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(u"results.csv"_s);
    ASSERT_EQ(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    for (const QString& path : {fifo, u"/dev/zero"_s}) {
        const VerifyRun r = verify({path});
        EXPECT_EQ(r.exitCode, 2) << qPrintable(path);
        EXPECT_TRUE(r.err.startsWith(u"portolan: %1: is not a regular file"_s.arg(path)))
            << qPrintable(r.err);
    }
}

// Issue 24: what a results file says is printed escaped: a reason with a line
// break cannot forge a PASS line, and escape sequences do not reach the terminal.
TEST(VerifyCommand, ResultTextCannotForgeLinesOrDriveTheTerminal)
{
    QTemporaryDir dir;
    const QString path = writeResults(
        dir, u"forged.csv"_s,
        kHeader +
            "\"cm.lab.local\",\"CM\x1b[2J\",\"2026-11-25T21:00:00Z\",\"dc.lab.local\",\"\",\"TCP\",\"636\","
            "\"636\",\"FAIL\",\"blocked\ncm.lab.local -> dc.lab.local TCP 636: PASS\"\n"
            "\"cm.lab.local\",\"CM\",\"2026-11-25T21:00:00Z\",\"dc\x1b]0;owned\x07.lab.local\",\"\",\"TCP\","
            "\"1\",\"\",\"PASS\",\"\"\n");
    const VerifyRun r = verify({path});
    for (const QString& line : r.out)
        EXPECT_FALSE(line.startsWith(u"cm.lab.local -> dc.lab.local TCP 636: PASS"_s)) << qPrintable(line);
    const QString all = r.out.join(u'\n');
    EXPECT_FALSE(all.contains(QChar(0x1b))) << "an escape sequence reached the terminal";
    EXPECT_FALSE(all.contains(QChar(0x07)));
    EXPECT_TRUE(lineOf(r, u"cm.lab.local -> dc.lab.local TCP 636"_s)
                    .startsWith(u"FAIL (2026-11-25T21:00:00Z from CM\\x1b[2J; blocked\\ncm.lab.local"_s))
        << qPrintable(all);
}

// Issue 24: a year in the future (a local calendar, a Thai Buddhist year 543
// years ahead) is refused: it would always win as the newest result.
TEST(VerifyCommand, ATimeInTheFutureIsRefused)
{
    QTemporaryDir dir;
    const QString path =
        writeResults(dir, u"thai.csv"_s,
                     kHeader + "\"cm.lab.local\",\"CM\",\"2569-11-25T21:00:00Z\",\"dc.lab.local\","
                               "\"\",\"TCP\",\"636\",\"636\",\"PASS\",\"\"\n");
    const VerifyRun r = verify({path});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.startsWith(
        u"portolan: %1:2: time '2569-11-25T21:00:00Z' is in the future (year 2569)"_s.arg(path)))
        << qPrintable(r.err);
}

// Issue 24: results that match nothing in the design prove nothing: exit 1.
TEST(VerifyCommand, NoMatchingResultFails)
{
    QTemporaryDir dir;
    const QString path =
        writeResults(dir, u"other.csv"_s,
                     kHeader + "\"web.other.local\",\"W\",\"2026-11-25T21:00:00Z\",\"db.other.local\","
                               "\"\",\"TCP\",\"1433\",\"1433\",\"PASS\",\"\"\n");
    VerifyRun r = verify({path});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains(u"no result matches the design"_s)) << qPrintable(r.err);
    r = verify({writeResults(dir, u"header.csv"_s, kHeader)});
    EXPECT_EQ(r.exitCode, 1);
}

// Issue 24: an unclosed quote is named where it opened; UTF-16 is named as such.
TEST(VerifyCommand, MalformedFilesAreNamedForWhatTheyAre)
{
    QTemporaryDir dir;
    QByteArray rows = kHeader +
                      "\"cm.lab.local\",\"CM\",\"2026-11-25T21:00:00Z\",\"dc.lab.local\",\"\",\"TCP\","
                      "\"636\",\"636\",\"FAIL\",\"never closed\n";
    for (int i = 0; i < 5; ++i)
        rows +=
            "\"cm.lab.local\",\"CM\",\"2026-11-25T21:00:00Z\",\"dc.lab.local\",\"\",\"TCP\",\"389\",\"389\","
            "\"PASS\",\"\"\n";
    const QString open = writeResults(dir, u"open.csv"_s, rows);
    VerifyRun r = verify({open});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.startsWith(u"portolan: %1:2: "_s.arg(open))) << qPrintable(r.err);
    QByteArray utf16("\xFF\xFE", 2);
    for (const char c : kHeader) {
        utf16 += c;
        utf16 += '\0';
    }
    r = verify({writeResults(dir, u"utf16.csv"_s, utf16)});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains(u"UTF-16"_s)) << qPrintable(r.err);
}
