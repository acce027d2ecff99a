// `portolan verify DESIGN RESULTS...`: each flow with its result, rows the
// design does not know listed, and the exit code a pipeline can act on.
#include "commandline.h"

#include <gtest/gtest.h>

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>

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
