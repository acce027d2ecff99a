// Panels as a user meets them: the palette offers every role, the properties
// panel refuses bad input with a reason, the flow table filters, the checks
// list follows the design.
#include "checks/designchecks.h"
#include "designbuilder.h"
#include "panels/analysispanel.h"
#include "panels/checkspanel.h"
#include "panels/flowtablepanel.h"
#include "panels/palettewidget.h"
#include "panels/panelworker.h"
#include "panels/propertiespanel.h"
#include "panels/zoneseditor.h"

#include <gtest/gtest.h>

#include <QLineEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

TEST(Palette, OffersEveryPlaceableThing)
{
    PaletteWidget palette(Catalog::builtin());
    const QStringList keys = palette.keys();
    for (const RoleInfo& role : Catalog::builtin().roles()) {
        switch (role.placement) {
        case Placement::Server:
        case Placement::Cloud:
            EXPECT_TRUE(keys.contains(u"role:"_s + role.id)) << role.id.toStdString();
            break;
        case Placement::Endpoint:
            EXPECT_TRUE(keys.contains(u"endpoint:"_s + role.id)) << role.id.toStdString();
            break;
        case Placement::Client:
        case Placement::Console:
            break;
        }
    }
    for (const QString& key : {u"site:cas"_s, u"site:primary"_s, u"site:secondary"_s, u"group:windows"_s,
                               u"group:mac"_s, u"group:mobile"_s, u"console"_s})
        EXPECT_TRUE(keys.contains(key)) << key.toStdString();
}

TEST(Properties, RefusesABadAddressWithTheReasonAndAcceptsAGoodOne)
{
    DesignBuilder b;
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    const int ss = b.server(u"ss"_s, ps, {u"site_server"_s});
    PropertiesPanel panel(*b.doc);
    QSignalSpy edits(&panel, &PropertiesPanel::nodeEdited);
    panel.showSelection({ss}, {});
    auto* address = panel.findChild<QLineEdit*>(u"Address"_s);
    ASSERT_NE(address, nullptr);
    address->setText(u"10.0.0.300"_s);
    Q_EMIT address->editingFinished();
    EXPECT_EQ(edits.count(), 0);
    EXPECT_EQ(panel.message(), u"Address refused: '10.0.0.300' is not an IPv4 or IPv6 address or CIDR"_s);
    address = panel.findChild<QLineEdit*>(u"Address"_s);
    address->setText(u"10.0.0.30"_s);
    Q_EMIT address->editingFinished();
    ASSERT_EQ(edits.count(), 1);
    EXPECT_EQ(edits.first().at(1).value<Node>().address, u"10.0.0.30"_s);
    EXPECT_TRUE(panel.message().isEmpty());
}

TEST(Properties, ValidationRules)
{
    EXPECT_TRUE(PropertiesPanel::addressProblem(u"fe80::1"_s).isEmpty());
    EXPECT_TRUE(PropertiesPanel::addressProblem(u"10.0.0.0/8"_s).isEmpty());
    EXPECT_FALSE(PropertiesPanel::addressProblem(u"cm01"_s).isEmpty());
    EXPECT_FALSE(PropertiesPanel::subnetProblem(u"10.0.0.0/8, 10.1.0.0/33"_s).isEmpty());
    EXPECT_EQ(PropertiesPanel::siteCodeProblem(u"SMS"_s), u"SMS is reserved by Configuration Manager"_s);
    EXPECT_FALSE(PropertiesPanel::siteCodeProblem(u"P1"_s).isEmpty());
    EXPECT_TRUE(PropertiesPanel::siteCodeProblem(u"P01"_s).isEmpty());
    EXPECT_FALSE(PropertiesPanel::hostNameProblem(u"  "_s).isEmpty());
}

TEST(Properties, OptionEditorsShowDefaultsAndReportChanges)
{
    DesignBuilder b;
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    const int mp = b.server(u"mp"_s, ps, {u"management_point"_s});
    PropertiesPanel panel(*b.doc);
    QSignalSpy edits(&panel, &PropertiesPanel::nodeEdited);
    panel.showSelection({mp}, {});
    QSpinBox* notification = nullptr;
    for (QSpinBox* spin : panel.findChildren<QSpinBox*>())
        if (spin->toolTip().contains(u"mp.notificationPort"_s))
            notification = spin;
    ASSERT_NE(notification, nullptr);
    EXPECT_EQ(notification->value(), 10123);
    notification->setValue(10200);
    ASSERT_EQ(edits.count(), 1);
    EXPECT_EQ(edits.first().at(1).value<Node>().options.value(u"mp.notificationPort"_s).toInt(), 10200);
    // The undo history names the option as the panel labels it, not by its key.
    EXPECT_EQ(edits.first().at(2).toString(), u"Change “Client notification port of the management point”"_s);
}

TEST(FlowTable, FiltersByTextPortAndSelection)
{
    DesignBuilder b;
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    const int dp = b.server(u"dp"_s, ps, {u"distribution_point"_s}, {{u"dp.pxe"_s, true}});
    b.server(u"ss"_s, ps, {u"site_server"_s});
    const int clients = b.group(u"clients"_s, ps);
    FlowTablePanel panel(*b.doc, b.engine());
    const int all = panel.visibleRows();
    EXPECT_EQ(all, panel.model().rowCount());
    panel.setFilterText(u"4011"_s);
    EXPECT_EQ(panel.visibleRows(), 1);
    // Inside the RPC range (site server to DP, client push to clients) and the TFTP range (clients to DP).
    panel.setFilterText(u"50000"_s);
    EXPECT_EQ(panel.visibleRows(), 3);
    panel.setFilterText(QString());
    panel.setSelection({clients});
    int expected = 0;
    for (int r = 0; r < panel.model().rowCount(); ++r)
        expected += panel.model().row(r).source == clients || panel.model().row(r).destination == clients;
    EXPECT_EQ(panel.visibleRows(), expected);
    EXPECT_LT(expected, all);
    Q_UNUSED(dp);
}

TEST(FlowTable, ASelectionClearedGivesTheWholeListBackInOneStep)
{
    // A selected server deleted (or the selection cleared) widens the list from its rows to every
    // row. Inserted between the rows kept, they came in one range at a time, the table's header
    // going over the whole list for each: a large design's delete waited for it.
    DesignBuilder b;
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    b.server(u"ss"_s, ps, {u"site_server"_s, u"management_point"_s});
    const int dp = b.server(u"dp"_s, ps, {u"distribution_point"_s});
    for (int i = 0; i < 12; ++i)
        b.group(u"clients%1"_s.arg(i), ps);
    FlowTablePanel panel(*b.doc, b.engine());
    const int all = panel.visibleRows();
    panel.setSelection({dp});
    ASSERT_LT(panel.visibleRows(), all);
    const QAbstractItemModel* shown = panel.findChild<QTableView*>()->model();
    QSignalSpy inserted(shown, &QAbstractItemModel::rowsInserted);
    panel.setSelection({});
    EXPECT_EQ(panel.visibleRows(), all);
    EXPECT_LE(inserted.count(), 1) << "rows inserted range by range";
}

TEST(FlowTable, FiltersByRoleAndBySiteAndTheCanvasIsTold)
{
    DesignBuilder b;
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    const int ss = b.server(u"ss"_s, ps, {u"site_server"_s, u"management_point"_s});
    const int dp = b.server(u"dp"_s, ps, {u"distribution_point"_s});
    const int secondary = b.site(u"SS1"_s, SiteKind::Secondary, ps);
    const int sdp = b.server(u"sdp"_s, secondary, {u"site_server"_s, u"distribution_point"_s});
    const int branch = b.group(u"branch"_s, secondary);
    FlowTablePanel panel(*b.doc, b.engine());
    panel.setSelection({});
    const int all = panel.visibleRows();
    const auto rowsTouching = [&panel](const QSet<int>& nodes) {
        int n = 0;
        for (const FlowListRow& r : panel.model().rows())
            n += nodes.contains(r.source) || nodes.contains(r.destination);
        return n;
    };
    QSignalSpy changed(&panel, &FlowTablePanel::filterChanged);
    EXPECT_FALSE(panel.isFiltering());

    // A role: the flows of every node that plays it, and only those.
    panel.setRoleFilter(u"distribution_point"_s);
    EXPECT_TRUE(panel.isFiltering());
    EXPECT_EQ(changed.count(), 1) << "the canvas highlights what the panel keeps";
    const int dps = rowsTouching({dp, sdp});
    EXPECT_EQ(panel.visibleRows(), dps);
    EXPECT_LT(dps, all);
    for (const auto& [from, to] : panel.filteredPairs())
        EXPECT_TRUE(from == dp || to == dp || from == sdp || to == sdp);

    // A site as well: its servers and the client groups assigned to it.
    panel.setSiteFilter(secondary);
    int both = 0;
    for (const FlowListRow& r : panel.model().rows()) {
        const bool role = QSet<int>{dp, sdp}.contains(r.source) || QSet<int>{dp, sdp}.contains(r.destination);
        const bool site =
            QSet<int>{sdp, branch}.contains(r.source) || QSet<int>{sdp, branch}.contains(r.destination);
        both += role && site;
    }
    EXPECT_EQ(panel.visibleRows(), both);
    panel.setRoleFilter(QString());
    EXPECT_EQ(panel.visibleRows(), rowsTouching({sdp, branch}));
    panel.setSiteFilter(-1);
    EXPECT_EQ(panel.visibleRows(), all);
    EXPECT_FALSE(panel.isFiltering());
    Q_UNUSED(ss);
}

TEST(ChecksPanelTest, ListsWhatCheckSays)
{
    DesignBuilder b;
    b.site(u"PS1"_s, SiteKind::Primary);
    ChecksPanel panel(*b.doc, b.engine());
    QStringList expected;
    for (const DesignIssue& issue : checkDesign(*b.doc, b.engine()))
        expected << formatIssue(*b.doc, issue);
    EXPECT_EQ(panel.lines(), expected);
    EXPECT_EQ(expected.size(), 4);
}

TEST(Zones, AddEditAndRefuseToRemoveAZoneInUse)
{
    DesignBuilder b;
    b.doc->setZones({{u"dc"_s, u"Datacenter"_s, {u"10.0.0.0/16"_s}, u"#3566a8"_s},
                     {u"branch"_s, u"Branch"_s, {}, u"#3f8f4f"_s}});
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    Node ss = *b.doc->node(b.server(u"ss"_s, ps, {u"site_server"_s}));
    ss.zone = u"dc"_s;
    b.doc->updateNode(ss);
    ZonesEditor editor(*b.doc);
    QSignalSpy edits(&editor, &ZonesEditor::zonesEdited);
    QSignalSpy problems(&editor, &ZonesEditor::problem);
    EXPECT_EQ(editor.table()->rowCount(), 2);

    editor.addZone();
    ASSERT_EQ(edits.count(), 1);
    const auto added = edits.takeFirst().first().value<QList<Zone>>();
    ASSERT_EQ(added.size(), 3);
    EXPECT_FALSE(b.doc->zone(added.last().key)) << "a new, unused key";

    editor.removeZone(0);
    EXPECT_EQ(edits.count(), 0) << "Datacenter is used by a server";
    ASSERT_EQ(problems.count(), 1);
    EXPECT_TRUE(problems.takeFirst().first().toString().contains(u"Datacenter"_s));

    editor.removeZone(1);
    ASSERT_EQ(edits.count(), 1);
    EXPECT_EQ(edits.takeFirst().first().value<QList<Zone>>().size(), 1);

    editor.editCell(0, 1, u"10.0.0.0/16, 10.9.0.0/40"_s);
    EXPECT_EQ(edits.count(), 0);
    ASSERT_EQ(problems.count(), 1);
    EXPECT_TRUE(problems.takeFirst().first().toString().contains(u"10.9.0.0/40"_s));
    editor.editCell(0, 3, u"#ff0000"_s);
    ASSERT_EQ(edits.count(), 1);
    EXPECT_EQ(edits.takeFirst().first().value<QList<Zone>>().first().color, u"#ff0000"_s);

    // The firewall interface the zone sits behind: a name a rule set can match, or nothing.
    EXPECT_EQ(editor.table()->horizontalHeaderItem(2)->text(), u"Interface"_s);
    editor.editCell(0, 2, u"eth 1\"; drop"_s);
    EXPECT_EQ(edits.count(), 0);
    ASSERT_EQ(problems.count(), 1);
    EXPECT_TRUE(problems.takeFirst().first().toString().contains(u"interface"_s));
    editor.editCell(0, 2, u"eth1"_s);
    ASSERT_EQ(edits.count(), 1);
    EXPECT_EQ(edits.takeFirst().first().value<QList<Zone>>().first().firewallInterface, u"eth1"_s);
}

TEST(FlowTable, ALargeDesignIsListedInTheBackgroundAndTheLastEditWins)
{
    // Every design counts as large here, so that the worker thread is what fills the panels.
    const int threshold = PanelWorker::backgroundThreshold();
    PanelWorker::setBackgroundThreshold(1);
    DesignBuilder b;
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    b.server(u"ss"_s, ps, {u"site_server"_s, u"management_point"_s, u"distribution_point"_s});
    for (int i = 0; i < 40; ++i)
        b.group(u"clients%1"_s.arg(i), ps);
    FlowListOptions options;
    options.includeLocal = true;
    const auto fields = [](const QList<FlowListRow>& rows) {
        QList<QStringList> result;
        for (const FlowListRow& r : rows)
            result << flowListFields(r);
        return result;
    };
    FlowTablePanel panel(*b.doc, b.engine());
    ChecksPanel checks(*b.doc, b.engine());
    EXPECT_TRUE(panel.isUpdating()) << "the window is not kept waiting for the list";
    EXPECT_EQ(panel.model().rowCount(), 0);
    const auto* busy = panel.findChild<QProgressBar*>();
    ASSERT_NE(busy, nullptr);
    EXPECT_FALSE(busy->isHidden()) << "the panel shows that it is working";
    ASSERT_TRUE(QTest::qWaitFor([&] { return !panel.isUpdating(); }, 20000));
    EXPECT_TRUE(busy->isHidden());
    EXPECT_EQ(fields(panel.model().rows()), fields(buildFlowList(*b.doc, b.engine(), options)));

    // An edit while the list is being made: what is shown in the end is the design after it.
    const int sup = b.server(u"sup"_s, ps, {u"software_update_point"_s});
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return !panel.isUpdating() &&
                   fields(panel.model().rows()) == fields(buildFlowList(*b.doc, b.engine(), options));
        },
        20000));
    bool listed = false;
    for (const FlowListRow& r : panel.model().rows())
        listed |= r.destination == sup;
    EXPECT_TRUE(listed);
    QStringList expected;
    for (const DesignIssue& issue : checkDesign(*b.doc, b.engine()))
        expected << formatIssue(*b.doc, issue);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return checks.lines() == expected || (expected.isEmpty() && checks.lines().size() == 1); },
        20000));
    PanelWorker::setBackgroundThreshold(threshold);
}

TEST(PanelWorker, ThePanelsOfALargeDesignShareOneCopyAndOneFlowComputationPerEdit)
{
    // Every design counts as large here, so that the panels are filled in the background.
    const int threshold = PanelWorker::backgroundThreshold();
    PanelWorker::setBackgroundThreshold(1);
    DesignBuilder b;
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    b.server(u"ss"_s, ps, {u"site_server"_s, u"management_point"_s, u"distribution_point"_s});
    for (int i = 0; i < 40; ++i)
        b.group(u"clients%1"_s.arg(i), ps);
    const int before = PanelWorker::snapshotsMade();
    FlowTablePanel flows(*b.doc, b.engine());
    ChecksPanel checks(*b.doc, b.engine());
    AnalysisPanel analysis(*b.doc, b.engine());
    QList<PanelWorker*> workers;
    for (QObject* panel : std::initializer_list<QObject*>{&flows, &checks, &analysis})
        workers << panel->findChild<PanelWorker*>();
    ASSERT_EQ(workers.count(nullptr), 0);
    const auto idle = [&] {
        return std::none_of(workers.begin(), workers.end(), [](const PanelWorker* w) { return w->isBusy(); });
    };
    ASSERT_TRUE(QTest::qWaitFor(idle, 20000));
    EXPECT_EQ(PanelWorker::snapshotsMade() - before, 1) << "the three panels' first fill";

    // An edit: each panel is filled again (after its own short delay), from one copy of the design.
    QSignalSpy finished(workers.first(), &PanelWorker::finished);
    QSignalSpy checked(workers.at(1), &PanelWorker::finished);
    QSignalSpy analysed(workers.at(2), &PanelWorker::finished);
    const int sup = b.server(u"sup"_s, ps, {u"software_update_point"_s});
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return finished.count() && checked.count() && analysed.count(); }, 20000));
    EXPECT_EQ(PanelWorker::snapshotsMade() - before, 2);
    bool listed = false;
    for (const FlowListRow& r : flows.model().rows())
        listed |= r.destination == sup;
    EXPECT_TRUE(listed) << "the copy is of the design after the edit";
    PanelWorker::setBackgroundThreshold(threshold);
}
