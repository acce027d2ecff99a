// The analysis charts say what the flow list says (counted here independently
// from the engine's flows), follow the selection, and report clicks; the diff
// finds known additions and removals.
#include "analysis/flowdiff.h"
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "panels/analysispanel.h"
#include "panels/qcustomplotinclude.h"
#include "drawing/diagram.h"

#include "testsupport.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <map>
#include <set>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

using Loaded = portolan::test::LoadedExample;

Loaded load(const QString& name)
{
    return portolan::test::loadExample(name);
}

// Distinct (source, destination, protocol, port) of the non-local flows: the flow list's rows.
std::set<std::tuple<int, int, int, QString>> flowRows(const FlowEngine& engine, const QSet<int>& nodes = {})
{
    std::set<std::tuple<int, int, int, QString>> rows;
    for (const Flow& f : engine.flows())
        if (!f.local && (nodes.isEmpty() || nodes.contains(f.source) || nodes.contains(f.destination)))
            rows.insert({f.source, f.destination, int(f.protocol), f.port.toString()});
    return rows;
}

QString zone(const Document& doc, int node)
{
    const Zone* z = doc.zone(doc.node(node)->zone);
    return z ? z->name : u"(no zone)"_s;
}

} // namespace

TEST(Analysis, PortBarsEqualTheFlowList)
{
    for (const QString& name : portolan::test::exampleNames()) {
        const Loaded l = load(name);
        AnalysisPanel panel(*l.doc, *l.engine);
        std::map<QString, std::pair<int, int>> expected; // port -> (tcp, udp)
        for (const auto& [s, d, protocol, port] : flowRows(*l.engine)) {
            if (Protocol(protocol) == Protocol::Icmp)
                continue;
            (Protocol(protocol) == Protocol::Tcp ? expected[port].first : expected[port].second) += 1;
        }
        ASSERT_EQ(panel.ports().size(), qsizetype(expected.size())) << name.toStdString();
        for (const PortStat& p : panel.ports()) {
            EXPECT_EQ(p.tcp, expected[p.port].first)
                << name.toStdString() << " port " << p.port.toStdString();
            EXPECT_EQ(p.udp, expected[p.port].second)
                << name.toStdString() << " port " << p.port.toStdString();
        }
        for (qsizetype i = 1; i < panel.ports().size(); ++i)
            EXPECT_GE(panel.ports().at(i - 1).total(), panel.ports().at(i).total()) << "busiest first";
        // The bars drawn are those numbers, TCP below UDP.
        auto* tcp = qobject_cast<QCPBars*>(panel.portPlot()->plottable(0));
        auto* udp = qobject_cast<QCPBars*>(panel.portPlot()->plottable(1));
        ASSERT_TRUE(tcp && udp);
        EXPECT_EQ(udp->barBelow(), tcp);
        const int shown = qMin(int(panel.ports().size()), AnalysisPanel::kMaxPorts);
        ASSERT_EQ(tcp->data()->size(), shown);
        for (int i = 0; i < shown; ++i) {
            EXPECT_EQ(tcp->data()->at(i)->value, panel.ports().at(i).tcp);
            EXPECT_EQ(udp->data()->at(i)->value, panel.ports().at(i).udp);
        }
    }
}

TEST(Analysis, ZoneMatrixAndServersEqualTheFlows)
{
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    AnalysisPanel panel(*l.doc, *l.engine);
    std::map<std::pair<QString, QString>, int> pairs;
    std::map<int, std::set<QString>> inbound;
    for (const auto& [s, d, protocol, port] : flowRows(*l.engine)) {
        ++pairs[{zone(*l.doc, s), zone(*l.doc, d)}];
        if (l.doc->node(d)->kind == NodeKind::Server && Protocol(protocol) != Protocol::Icmp)
            inbound[d].insert(protocolName(Protocol(protocol)) + port);
    }
    int total = 0;
    for (const auto& [key, count] : pairs) {
        EXPECT_EQ(panel.zones().at(key.first, key.second), count)
            << key.first.toStdString() << " -> " << key.second.toStdString();
        total += count;
    }
    int matrix = 0;
    for (const auto& row : panel.zones().counts)
        for (int c : row)
            matrix += c;
    EXPECT_EQ(matrix, total);
    ASSERT_FALSE(panel.servers().isEmpty());
    for (const ServerStat& s : panel.servers())
        EXPECT_EQ(s.openPorts, int(inbound[s.node].size())) << s.name.toStdString();
    for (qsizetype i = 1; i < panel.servers().size(); ++i)
        EXPECT_GE(panel.servers().at(i - 1).inboundRules, panel.servers().at(i).inboundRules);
}

TEST(Analysis, FollowsTheSelectionAndReportsClicks)
{
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    AnalysisPanel panel(*l.doc, *l.engine);
    const int dp = l.doc->nodeByKey(u"p01-dp");
    panel.setSelection({dp});
    panel.refreshNow();
    int selected = 0;
    for (const PortStat& p : panel.ports())
        selected += p.total();
    int expected = 0;
    for (const auto& row : flowRows(*l.engine, {dp}))
        expected += Protocol(std::get<2>(row)) != Protocol::Icmp;
    EXPECT_EQ(selected, expected);
    QSignalSpy ports(&panel, &AnalysisPanel::portActivated);
    Q_EMIT panel.portPlot()->plottableClick(panel.portPlot()->plottable(0), 0, nullptr);
    ASSERT_EQ(ports.count(), 1);
    EXPECT_EQ(ports.first().first().toString(), panel.ports().first().port);
    QSignalSpy servers(&panel, &AnalysisPanel::serverActivated);
    Q_EMIT panel.serverPlot()->plottableClick(panel.serverPlot()->plottable(0), 0, nullptr);
    ASSERT_EQ(servers.count(), 1);
    EXPECT_EQ(servers.first().first().toInt(), panel.servers().first().node);
}

TEST(Analysis, DiffFindsKnownAdditionsAndRemovals)
{
    const Loaded before = load(u"lab.portolan"_s);
    Loaded after = load(u"lab.portolan"_s);
    const int cm = after.doc->nodeByKey(u"cm");
    Node changed = *after.doc->node(cm);
    changed.options.insert(u"dp.pxe"_s, false);              // removes the PXE flows
    changed.options.insert(u"mp.notificationPort"_s, 10200); // moves 10123 to 10200
    after.doc->updateNode(changed);
    const FlowDiff diff =
        diffFlows(buildFlowList(*before.doc, *before.engine), buildFlowList(*after.doc, *after.engine));
    QStringList added, removed;
    for (const FlowListRow& r : diff.added)
        added << r.protocol + u' ' + r.port;
    for (const FlowListRow& r : diff.removed)
        removed << r.protocol + u' ' + r.port;
    EXPECT_EQ(added, QStringList{u"TCP 10200"_s});
    removed.sort();
    EXPECT_EQ(removed, (QStringList{u"TCP 10123"_s, u"UDP 4011"_s, u"UDP 49152-65535"_s, u"UDP 547"_s,
                                    u"UDP 67"_s, u"UDP 68"_s, u"UDP 69"_s}));
    int addedCount = 0, removedCount = 0;
    for (const PortChange& c : diff.perPort) {
        addedCount += c.added;
        removedCount += c.removed;
    }
    EXPECT_EQ(addedCount, 1);
    EXPECT_EQ(removedCount, 7);
    const QByteArray csv = flowDiffCsv(diff);
    EXPECT_TRUE(csv.startsWith("Change,Source,Source Address"));
    EXPECT_EQ(csv.count("\nadded,"), 1);
    EXPECT_EQ(csv.count("\nremoved,"), 7);
    EXPECT_TRUE(
        diffFlows(buildFlowList(*before.doc, *before.engine), buildFlowList(*before.doc, *before.engine))
            .isEmpty());
}

TEST(Analysis, ChartsBecomeAPageOfThePdf)
{
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    AnalysisPanel panel(*l.doc, *l.engine);
    PageOptions pages;
    pages.extraPage = [&panel](QPainter* painter, const QRectF& area) {
        panel.paintCharts(painter, area);
    };
    pages.extraPageTitle = u"Analysis"_s;
    QTemporaryDir dir;
    const QString pdf =
        qEnvironmentVariableIsSet("PORTOLAN_KEEP") ? u"/tmp/charts.pdf"_s : dir.filePath(u"charts.pdf"_s);
    QString error;
    const Diagram diagram(*l.doc, *l.engine);
    ASSERT_TRUE(writeDiagramPdf(diagram, pdf, pages, &error)) << error.toStdString();
    QProcess info;
    info.start(QStandardPaths::findExecutable(u"pdfinfo"_s), {pdf});
    info.waitForFinished();
    // The drawing, the charts, then the appendix of the labels shortened on the drawing.
    const QPageLayout layout(QPageSize(QPageSize::A3), QPageLayout::Landscape, QMarginsF(28, 28, 28, 28));
    const int expected = diagram.pageCount(layout, pages);
    EXPECT_GE(expected, 2);
    EXPECT_TRUE(
        QString::fromUtf8(info.readAllStandardOutput()).contains(u"Pages:           %1\n"_s.arg(expected)));
    QProcess text;
    text.start(QStandardPaths::findExecutable(u"pdftotext"_s), {u"-f"_s, u"2"_s, pdf, u"-"_s});
    text.waitForFinished();
    const QString page = QString::fromUtf8(text.readAllStandardOutput());
    EXPECT_TRUE(page.contains(u"Source zone"_s)) << page.toStdString();
    EXPECT_TRUE(page.contains(u"Inbound firewall rules"_s));
}
