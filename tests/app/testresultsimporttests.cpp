// File > Import Test Results as the designer shows it: edge colours, the flow
// table's Result column, failures in the Checks panel, and the verification
// report (PDF and XLSX) for the change ticket.
#include "canvas/canvasitems.h"
#include "canvas/designscene.h"
#include "designcontroller.h"
#include "drawing/designrenderer.h"
#include "flows/flowengine.h"
#include "mainwindow.h"
#include "panels/checkspanel.h"
#include "panels/flowtablepanel.h"
#include "testresultscontroller.h"
#include "verify/verification.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

const QString kResults = QStringLiteral(PORTOLAN_TEST_DATA "/results/");

int nodeNamed(const Document& doc, const QString& name)
{
    for (const auto& [id, n] : doc.nodes())
        if (n.name == name)
            return id;
    return -1;
}

// The Result column of the flow table's row for one flow.
QString resultShown(const FlowTablePanel& panel, const QString& source, const QString& destination,
                    const QString& protocol, const QString& port)
{
    const FlowTableModel& model = panel.model();
    for (int r = 0; r < model.rowCount(); ++r) {
        const FlowListRow& row = model.row(r);
        if (row.sourceName == source && row.destinationName == destination && row.protocol == protocol &&
            row.port == port)
            return model.data(model.index(r, FlowTableModel::Result)).toString();
    }
    return u"<no row>"_s;
}

QString run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

TEST(TestResultsImport, ColoursEdgesFillsResultColumnAndListsFailures)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QStringLiteral(PORTOLAN_EXAMPLES "/lab.portolan")));
    const Document& doc = window.controller().document();
    DesignScene& scene = window.controller().scene();
    const int cm = nodeNamed(doc, u"cm.lab.local"_s), dc = nodeNamed(doc, u"dc.lab.local"_s),
              vms = nodeNamed(doc, u"Test VMs"_s), admin = nodeNamed(doc, u"Admin laptop"_s);
    EdgeItem* failed = scene.edgeItem(cm, dc);
    EdgeItem* passed = scene.edgeItem(vms, dc);
    EdgeItem* partly = scene.edgeItem(vms, cm);
    ASSERT_TRUE(failed && passed && partly);
    const QColor protocolColour = DesignRenderer::edgeColor(failed->flows());
    EXPECT_EQ(failed->colour(), protocolColour);
    auto* table = window.flowTable().findChild<QTableView*>();
    ASSERT_NE(table, nullptr);
    EXPECT_TRUE(table->isColumnHidden(FlowTableModel::Result));

    ASSERT_TRUE(window.importTestResults({kResults + u"run1.csv"_s, kResults + u"run2.csv"_s}));
    // cm -> dc: one port of the RPC range failed; VMs -> dc: its one flow passed;
    // VMs -> cm: TCP 80 passed, the rest was never tested.
    EXPECT_EQ(scene.edgeResult(cm, dc), DesignScene::EdgeResult::Failed);
    EXPECT_EQ(failed->colour(), DesignScene::edgeResultColour(DesignScene::EdgeResult::Failed));
    EXPECT_EQ(scene.edgeResult(vms, dc), DesignScene::EdgeResult::Passed);
    EXPECT_EQ(passed->colour(), DesignScene::edgeResultColour(DesignScene::EdgeResult::Passed));
    EXPECT_EQ(scene.edgeResult(vms, cm), DesignScene::EdgeResult::Untested);
    EXPECT_EQ(partly->colour(), DesignScene::edgeResultColour(DesignScene::EdgeResult::Untested));
    EXPECT_EQ(scene.edgeResult(admin, cm), DesignScene::EdgeResult::Failed);

    EXPECT_FALSE(table->isColumnHidden(FlowTableModel::Result));
    const FlowTablePanel& flows = window.flowTable();
    // The table fills a moment after the design opens.
    QElapsedTimer waited;
    waited.start();
    while (flows.model().rowCount() == 0 && waited.elapsed() < 3000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    EXPECT_EQ(resultShown(flows, u"cm.lab.local"_s, u"dc.lab.local"_s, u"TCP"_s, u"636"_s), u"PASS"_s);
    EXPECT_EQ(resultShown(flows, u"cm.lab.local"_s, u"dc.lab.local"_s, u"UDP"_s, u"389"_s),
              u"NO RESPONDER"_s);
    EXPECT_EQ(resultShown(flows, u"cm.lab.local"_s, u"Internet"_s, u"TCP"_s, u"443"_s), u"NOT TESTED"_s);
    EXPECT_EQ(resultShown(flows, u"cm.lab.local"_s, u"dc.lab.local"_s, u"TCP"_s, u"49152-65535"_s),
              u"FAIL"_s);
    EXPECT_EQ(resultShown(flows, u"cm.lab.local"_s, u"dc.lab.local"_s, u"TCP"_s, u"135"_s), u"UNTESTED"_s);

    const QStringList checks = window.checks().lines();
    const auto listed = [&checks](const QString& start) {
        return checks.filter(start).size() == 1 && checks.filter(start).first().startsWith(start);
    };
    EXPECT_TRUE(listed(u"Port test: Admin laptop -> cm.lab.local TCP 135: FAIL"_s))
        << checks.join(u'\n').toStdString();
    EXPECT_TRUE(listed(u"Port test: cm.lab.local -> dc.lab.local TCP 49152-65535: FAIL"_s));
    EXPECT_TRUE(listed(u"Port test: cm.lab.local -> dc.lab.local UDP 389: NO RESPONDER"_s));
    EXPECT_TRUE(listed(u"Port test: "_s + kResults + u"run1.csv:12: unknown computer 'ghost.lab.local'"_s));
    EXPECT_TRUE(listed(u"Port test: "_s + kResults + u"run1.csv:11: not in the design"_s));
    EXPECT_TRUE(checks.filter(u"TCP 636: FAIL"_s).isEmpty()) << "the newer PASS replaced it";

    // A bad file changes nothing; clearing gives the protocol colours back.
    QString error;
    EXPECT_FALSE(window.testResults().importFiles({kResults + u"bad-result.csv"_s}, &error));
    EXPECT_TRUE(error.startsWith(kResults + u"bad-result.csv:3: "_s)) << error.toStdString();
    EXPECT_EQ(scene.edgeResult(vms, dc), DesignScene::EdgeResult::Passed);
    window.testResults().clear();
    EXPECT_EQ(failed->colour(), protocolColour);
    EXPECT_TRUE(table->isColumnHidden(FlowTableModel::Result));
    EXPECT_TRUE(window.checks().lines().filter(u"Port test"_s).isEmpty());
}

TEST(TestResultsImport, VerificationReportNamesFailuresSourcesTimesAndRules)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QStringLiteral(PORTOLAN_EXAMPLES "/lab.portolan")));
    ASSERT_TRUE(window.importTestResults({kResults + u"run1.csv"_s, kResults + u"run2.csv"_s}));
    const Verification& v = *window.testResults().verification();
    QString rule;
    for (const FlowVerdict& f : v.flows)
        if (f.result == TestResult::Fail &&
            window.controller().document().node(f.flow.source)->name == u"Admin laptop")
            rule = f.rule;
    ASSERT_FALSE(rule.isEmpty());
    QTemporaryDir dir;
    QString error;
    const QString pdf = dir.filePath(u"verification.pdf"_s);
    ASSERT_TRUE(window.testResults().exportReport(pdf, &error)) << error.toStdString();
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    ASSERT_FALSE(pdftotext.isEmpty()) << "pdftotext (poppler-utils) is needed";
    // pdftotext gives the ligatures the font draws ("fi", "fl") as one character.
    const QString text = run(pdftotext, {u"-raw"_s, pdf, u"-"_s})
                             .replace(QChar(0xFB01), u"fi"_s)
                             .replace(QChar(0xFB02), u"fl"_s)
                             .simplified();
    EXPECT_TRUE(text.contains(u"Port test verification: Home lab"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"Admin laptop -> cm.lab.local TCP 135 FAIL ADMIN 2026-11-25T22:00:00Z"_s))
        << text.toStdString();
    EXPECT_TRUE(text.contains(rule.simplified().left(30))) << rule.toStdString();
    EXPECT_TRUE(text.contains(u"unknown computer 'ghost.lab.local'"_s));

    const QString xlsx = dir.filePath(u"verification.xlsx"_s);
    ASSERT_TRUE(window.testResults().exportReport(xlsx, &error)) << error.toStdString();
    const QString unzip = QStandardPaths::findExecutable(u"unzip"_s);
    if (unzip.isEmpty())
        GTEST_SKIP() << "unzip is not installed: the workbook's content is not checked";
    const QString strings = run(unzip, {u"-p"_s, xlsx, u"xl/sharedStrings.xml"_s});
    for (const QString& expected :
         {u"Admin laptop -&gt; cm.lab.local TCP 135"_s, u"ADMIN"_s, u"2026-11-25T22:00:00Z"_s,
          u"Rule that should allow it"_s, rule.toHtmlEscaped()})
        EXPECT_TRUE(strings.contains(expected)) << expected.toStdString();
    const QString workbook = run(unzip, {u"-p"_s, xlsx, u"xl/workbook.xml"_s});
    EXPECT_TRUE(workbook.contains(u"name=\"Failures\""_s) && workbook.contains(u"name=\"All Flows\""_s));
    // A target that cannot be written is an error naming it.
    EXPECT_FALSE(window.testResults().exportReport(u"/nonexistent-directory/report.pdf"_s, &error));
    EXPECT_TRUE(error.startsWith(u"/nonexistent-directory/report.pdf"_s)) << error.toStdString();
}

// Results stay matched to the design as it changes: a removed console's failures
// leave the Checks panel, and come back with undo.
TEST(TestResultsImport, ResultsFollowTheDesignThroughEditsAndUndo)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QStringLiteral(PORTOLAN_EXAMPLES "/lab.portolan")));
    ASSERT_TRUE(window.importTestResults({kResults + u"run1.csv"_s, kResults + u"run2.csv"_s}));
    const QString adminFailure = u"Port test: Admin laptop -> cm.lab.local TCP 135: FAIL"_s;
    const auto listed = [&window, &adminFailure] {
        return !window.checks().lines().filter(adminFailure).isEmpty();
    };
    const auto settle = [] {
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 600)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    };
    ASSERT_TRUE(listed());
    DesignController& c = window.controller();
    const int admin = nodeNamed(c.document(), u"Admin laptop"_s);
    c.scene().selectOnly({admin});
    c.deleteSelection();
    settle();
    EXPECT_FALSE(listed());
    // Its rows now name a computer the design does not have.
    EXPECT_FALSE(window.checks().lines().filter(u"unknown computer 'Admin laptop'"_s).isEmpty());
    c.undoStack().undo();
    settle();
    EXPECT_TRUE(listed());
    const int restored = nodeNamed(c.document(), u"Admin laptop"_s);
    const int cm = nodeNamed(c.document(), u"cm.lab.local"_s);
    ASSERT_NE(c.scene().edgeItem(restored, cm), nullptr);
    EXPECT_EQ(c.scene().edgeItem(restored, cm)->colour(),
              DesignScene::edgeResultColour(DesignScene::EdgeResult::Failed));
}
