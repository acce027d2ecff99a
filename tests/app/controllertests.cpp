// Gestures turned into commands: the CAS + two primaries example built from
// an empty canvas by drops, links and moves, every step undoable.
#include "canvas/canvasitems.h"
#include "canvas/designscene.h"
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "designcontroller.h"
#include "drawing/paper/diagramset.h"
#include "drawing/viewstate.h"
#include "exportdialog.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "layout/autolayout.h"
#include "mainwindow.h"
#include "panels/flowtablepanel.h"

#include <gtest/gtest.h>

#include <set>

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QGraphicsSceneMouseEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPrinter>
#include <QPrintPreviewDialog>
#include <QPrintPreviewWidget>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

int nodeNamed(const Document& doc, const QString& prefix)
{
    for (const auto& [id, n] : doc.nodes())
        if (n.name.startsWith(prefix))
            return id;
    return -1;
}

// A mouse drag of a node on the scene, as the canvas delivers it: press on the node,
// the item follows the mouse, release at the target.
void dragNode(DesignScene& scene, int node, QPointF to)
{
    NodeItem* item = scene.nodeItem(node);
    const auto send = [&scene](QEvent::Type type, QPointF at) {
        QGraphicsSceneMouseEvent event(type);
        event.setScenePos(at);
        event.setButton(Qt::LeftButton);
        event.setButtons(type == QEvent::GraphicsSceneMouseRelease ? Qt::NoButton : Qt::LeftButton);
        event.setButtonDownScenePos(Qt::LeftButton, at);
        QCoreApplication::sendEvent(&scene, &event);
    };
    send(QEvent::GraphicsSceneMousePress, item->scenePos());
    item->setPos(to);
    send(QEvent::GraphicsSceneMouseRelease, to);
}

} // namespace

TEST(Controller, BuildsAHierarchyFromDropsAndUndoesAllOfIt)
{
    DesignController c;
    c.newDesign();
    const QByteArray empty = DesignFile::toJson(c.document());
    c.dropPaletteItem(u"site:cas"_s, {0, 0});
    c.dropPaletteItem(u"site:primary"_s, {0, 400});
    ASSERT_EQ(c.document().sites().size(), 2u);
    const int cas = c.document().siteByCode(u"CAS");
    const int p01 = c.document().siteByCode(u"P01");
    ASSERT_GE(cas, 0);
    ASSERT_GE(p01, 0);
    EXPECT_EQ(c.document().site(p01)->parent, cas)
        << "a primary dropped into a design with a CAS reports to it";
    c.dropPaletteItem(u"site:secondary"_s, {100, 800});
    EXPECT_EQ(c.document().site(c.document().siteByCode(u"S01"))->parent, p01);

    // Servers dropped into frames join their sites; a role dropped on a server co-locates.
    c.dropPaletteItem(u"role:site_server"_s, {120, 460});
    const int ss = nodeNamed(c.document(), u"ss"_s);
    ASSERT_GE(ss, 0);
    EXPECT_EQ(c.document().node(ss)->site, p01);
    c.dropPaletteItem(u"role:management_point"_s, {120, 460});
    EXPECT_EQ(c.document().node(ss)->roles.size(), 2);
    c.dropPaletteItem(u"role:distribution_point"_s, {400, 460});
    const int dp = nodeNamed(c.document(), u"dp"_s);
    c.dropPaletteItem(u"group:windows"_s, {300, 700});
    const int clients = nodeNamed(c.document(), u"Clients"_s);
    ASSERT_GE(clients, 0);
    EXPECT_EQ(c.document().node(clients)->site, p01) << "client groups are assigned to a primary";

    // The canvas shows the computed edges.
    EdgeItem* edge = c.scene().edgeItem(clients, dp);
    ASSERT_NE(edge, nullptr);
    EXPECT_EQ(edge->label(), u"TCP 80, 443"_s);

    // A link drawn from the group to the DP is a boundary group.
    EXPECT_TRUE(c.requestLink(clients, dp));
    EXPECT_EQ(c.document().links().begin()->second.kind, LinkKind::Boundary);
    EXPECT_FALSE(c.requestLink(dp, clients)) << "no link kind applies from a DP to clients";

    // Undo everything: back to the empty design.
    while (c.undoStack().canUndo())
        c.undoStack().undo();
    EXPECT_EQ(DesignFile::toJson(c.document()), empty);
    EXPECT_EQ(c.engine().flowCount(), 0u);
    // Nothing of the design is drawn: the label layer is all that is left.
    const QList<QGraphicsItem*> left = c.scene().items();
    EXPECT_TRUE(std::all_of(left.begin(), left.end(),
                            [](const QGraphicsItem* item) { return item->type() == LabelLayer::Type; }))
        << left.size() << " items";
}

TEST(Controller, NewConsolesGetAName)
{
    DesignController c;
    c.newDesign();
    c.dropPaletteItem(u"console"_s, {0, 0});
    c.dropPaletteItem(u"console"_s, {300, 0});
    QStringList names;
    for (const auto& [id, n] : c.document().nodes())
        names << n.name;
    names.sort();
    EXPECT_EQ(names, QStringList({u"Admin consoles"_s, u"Admin consoles 2"_s}));
    EXPECT_EQ(c.undoStack().text(0), u"Add Admin consoles"_s);
}

TEST(Controller, PullSourceLinkMakesThePullDp)
{
    DesignController c;
    c.newDesign();
    c.dropPaletteItem(u"site:primary"_s, {0, 0});
    c.dropPaletteItem(u"role:distribution_point"_s, {100, 100});
    c.dropPaletteItem(u"role:distribution_point"_s, {400, 100});
    const int a = nodeNamed(c.document(), u"dp1"_s);
    const int b = nodeNamed(c.document(), u"dp2"_s);
    ASSERT_TRUE(c.requestLink(b, a));
    EXPECT_TRUE(c.document().node(b)->options.value(u"dp.pull"_s).toBool());
    c.undoStack().undo();
    EXPECT_FALSE(c.document().node(b)->options.value(u"dp.pull"_s).toBool());
    EXPECT_TRUE(c.document().links().empty());
}

TEST(Controller, MovingIntoAnotherFrameChangesTheSiteInOneStep)
{
    DesignController c;
    c.newDesign();
    c.dropPaletteItem(u"site:primary"_s, {0, 0});
    c.dropPaletteItem(u"site:primary"_s, {1000, 0});
    const int p01 = c.document().siteByCode(u"P01");
    const int p02 = c.document().siteByCode(u"P02");
    c.dropPaletteItem(u"role:management_point"_s, {100, 100});
    const int mp = nodeNamed(c.document(), u"mp"_s);
    ASSERT_EQ(c.document().node(mp)->site, p01);
    const int before = c.undoStack().count();
    c.applyMoves({{mp, {100, 100}}}, {{mp, {1100, 100}}}, {}, {});
    EXPECT_EQ(c.undoStack().count(), before + 1);
    EXPECT_EQ(c.document().node(mp)->site, p02);
    EXPECT_EQ(c.document().node(mp)->position, QPointF(1100, 100));
    c.undoStack().undo();
    EXPECT_EQ(c.document().node(mp)->site, p01);
    EXPECT_EQ(c.document().node(mp)->position, QPointF(100, 100));
}

TEST(Controller, DraggingIntoAnotherFrameAlwaysChangesTheSite)
{
    DesignController c;
    c.newDesign();
    c.dropPaletteItem(u"site:primary"_s, {0, 0});
    c.dropPaletteItem(u"site:primary"_s, {1000, 0});
    const int p01 = c.document().siteByCode(u"P01");
    const int p02 = c.document().siteByCode(u"P02");
    // Dropped near the left edge, the server grows its frame, which then sits off the grid.
    c.dropPaletteItem(u"role:management_point"_s, {20, 100});
    c.dropPaletteItem(u"role:distribution_point"_s, {300, 100});
    const int mp = nodeNamed(c.document(), u"mp"_s);
    const int dp = nodeNamed(c.document(), u"dp"_s);
    ASSERT_EQ(c.document().node(mp)->site, p01);
    const QRectF grown = c.document().site(p01)->frame;
    ASSERT_NE(std::fmod(grown.left(), DesignScene::kGrid), 0.0) << "the case that went wrong";

    dragNode(c.scene(), dp, {1200, 100});
    EXPECT_EQ(c.document().node(dp)->site, p02);
    EXPECT_EQ(c.document().node(dp)->position, QPointF(1200, 100));
    EXPECT_EQ(c.document().site(p01)->frame, grown) << "a frame nobody dragged stays where it is";
    dragNode(c.scene(), mp, {1400, 200});
    EXPECT_EQ(c.document().node(mp)->site, p02);
    // The saved file says so too.
    const QByteArray saved = DesignFile::toJson(c.document());
    Document reread(Catalog::builtin());
    QString error;
    ASSERT_TRUE(DesignFile::loadBytes(reread, saved, u"saved"_s, &error)) << error.toStdString();
    EXPECT_EQ(reread.node(mp)->site, reread.siteByCode(u"P02"));
    c.undoStack().undo();
    EXPECT_EQ(c.document().node(mp)->site, p01);
}

TEST(Controller, CopyPasteDuplicateDeleteAlign)
{
    DesignController c;
    c.newDesign();
    c.dropPaletteItem(u"site:primary"_s, {0, 0});
    c.dropPaletteItem(u"role:distribution_point"_s, {100, 100});
    c.dropPaletteItem(u"role:management_point"_s, {400, 160});
    const int dp = nodeNamed(c.document(), u"dp"_s);
    const int mp = nodeNamed(c.document(), u"mp"_s);
    c.scene().selectOnly({dp});
    c.duplicateSelection();
    EXPECT_EQ(c.document().nodes().size(), 3u);
    const QList<int> pasted = c.scene().selectedNodes();
    ASSERT_EQ(pasted.size(), 1);
    EXPECT_NE(pasted.first(), dp);
    EXPECT_EQ(c.document().node(pasted.first())->roles, c.document().node(dp)->roles);
    EXPECT_EQ(c.document().node(pasted.first())->position, c.document().node(dp)->position + QPointF(40, 40));
    c.deleteSelection();
    EXPECT_EQ(c.document().nodes().size(), 2u);
    c.scene().selectOnly({dp, mp});
    c.alignSelection(Qt::AlignTop);
    EXPECT_EQ(c.document().node(dp)->position.y(), c.document().node(mp)->position.y());
    c.undoStack().undo();
    EXPECT_NE(c.document().node(dp)->position.y(), c.document().node(mp)->position.y());
}

TEST(Controller, SaveOpenRoundTripAndBadFileKeepsTheDesign)
{
    QTemporaryDir dir;
    DesignController c;
    QString error;
    ASSERT_TRUE(c.open(QStringLiteral(PORTOLAN_EXAMPLES "/cas-two-primaries.portolan"), &error, nullptr))
        << error.toStdString();
    const QByteArray before = DesignFile::toJson(c.document());
    EXPECT_FALSE(c.isModified());
    c.dropPaletteItem(u"console"_s, {0, 0});
    EXPECT_TRUE(c.isModified());
    const QString path = dir.filePath(u"saved.portolan"_s);
    ASSERT_TRUE(c.save(path, &error));
    EXPECT_FALSE(c.isModified());
    const QByteArray saved = DesignFile::toJson(c.document());
    EXPECT_NE(saved, before);

    const QString broken = dir.filePath(u"broken.portolan"_s);
    QFile file(broken);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("{ not json");
    file.close();
    EXPECT_FALSE(c.open(broken, &error, nullptr));
    EXPECT_TRUE(error.startsWith(broken + u": $: not valid JSON"_s)) << error.toStdString();
    EXPECT_EQ(DesignFile::toJson(c.document()), saved) << "a bad file leaves the open design untouched";
    EXPECT_EQ(c.filePath(), path);

    DesignController again;
    ASSERT_TRUE(again.open(path, &error, nullptr));
    EXPECT_EQ(DesignFile::toJson(again.document()), saved);
}

TEST(Controller, ADesignWithoutCoordinatesIsLaidOutWhenOpened)
{
    // The CAS example as a script would write it: no x, y or frame anywhere.
    QFile example(QStringLiteral(PORTOLAN_EXAMPLES "/cas-two-primaries.portolan"));
    ASSERT_TRUE(example.open(QIODevice::ReadOnly));
    QJsonObject top = QJsonDocument::fromJson(example.readAll()).object();
    for (const QString& list : {u"servers"_s, u"clientGroups"_s, u"consoles"_s, u"endpoints"_s, u"sites"_s}) {
        QJsonArray items = top.value(list).toArray();
        for (auto item : items) {
            QJsonObject o = item.toObject();
            o.remove(u"x"_s);
            o.remove(u"y"_s);
            o.remove(u"frame"_s);
            item = o;
        }
        top.insert(list, items);
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(u"scripted.portolan"_s);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(top).toJson());
    file.close();

    DesignController c;
    // Laid out before the canvas (or anything else that follows the document) sees it: with every
    // node at the origin the scene routed and labelled the large generated design for minutes.
    int resets = 0, piles = 0;
    QObject::connect(&c.document(), &Document::documentReset, [&] {
        ++resets;
        piles += !hasCoordinates(c.document());
    });
    QString error;
    ASSERT_TRUE(c.open(path, &error, nullptr)) << error.toStdString();
    EXPECT_EQ(resets, 1);
    EXPECT_EQ(piles, 0) << "the canvas was handed a pile at the origin";
    EXPECT_TRUE(hasCoordinates(c.document())) << "not a pile at the origin";
    const Layout expected = computeLayout(c.document());
    for (const auto& [id, n] : c.document().nodes())
        EXPECT_EQ(n.position, expected.nodes.value(id)) << n.name.toStdString();
    EXPECT_FALSE(c.isModified()) << "opening alone changes nothing the user has to save";
    // Drawn where the document says.
    for (const auto& [id, n] : c.document().nodes())
        EXPECT_EQ(c.scene().nodeItem(id)->scenePos(), n.position);
}

TEST(MainWindowTest, OpensTheExampleAndShowsItsFlows)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QStringLiteral(PORTOLAN_EXAMPLES "/lab.portolan")));
    EXPECT_EQ(window.windowTitle(), u"lab.portolan[*] — Portolan"_s);
    // One line per pair of hosts with flows, either way.
    std::set<std::pair<int, int>> pairs;
    for (const Edge& e : window.controller().engine().edges())
        pairs.insert({std::min(e.source, e.destination), std::max(e.source, e.destination)});
    EXPECT_EQ(size_t(window.controller().scene().edgeItems().size()), pairs.size());
}

TEST(ExportDialogTest, OffersEveryFormatWithItsOptions)
{
    ExportDialog dialog(u"/tmp/designs/contoso.portolan"_s, false);
    auto* format = dialog.findChild<QComboBox*>();
    ASSERT_NE(format, nullptr);
    // Seven data exports, three single drawings, and the diagram set for Visio and draw.io.
    EXPECT_EQ(format->count(), 12);
    EXPECT_GE(format->findText(u"Diagram set (Visio VSDX)"_s), 0);
    EXPECT_GE(format->findText(u"Diagram set (draw.io)"_s), 0);
    format->setCurrentIndex(format->findData(int(ExportFormat::Xlsx)));
    EXPECT_EQ(dialog.format(), ExportFormat::Xlsx);
    EXPECT_EQ(dialog.path(), u"/tmp/designs/contoso.xlsx"_s);
    format->setCurrentIndex(format->findData(int(ExportFormat::PowerShell)));
    EXPECT_EQ(dialog.path(), u"/tmp/designs/contoso.ps1"_s);
    const QList<QLineEdit*> edits = dialog.findChildren<QLineEdit*>();
    for (QLineEdit* edit : edits)
        if (edit->placeholderText().contains(u"GPO"_s)) {
            EXPECT_TRUE(edit->isEnabled());
            edit->setText(u"CONTOSO\\Firewall"_s);
        }
    EXPECT_EQ(dialog.options().policyStore, u"CONTOSO\\Firewall"_s);
}

TEST(MainWindowTest, StatusBarFlowPanelAndAnalysisShowOneFlowCount)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QStringLiteral(PORTOLAN_EXAMPLES "/cas-two-primaries.portolan")));
    const Document& doc = window.controller().document();
    const FlowEngine& engine = window.controller().engine();
    FlowListOptions withLocal;
    withLocal.includeLocal = true;
    const qsizetype network = buildFlowList(doc, engine).size();
    const qsizetype local = buildFlowList(doc, engine, withLocal).size() - network;
    ASSERT_GT(local, 0) << "the CAS example co-locates roles";
    const QString expected = u"%1 flows, %2 local"_s.arg(network).arg(local);
    // The panels and the status bar refresh a moment after the flows change (the flow panel says it twice:
    // what it shows and the whole design).
    QElapsedTimer waited;
    waited.start();
    const auto labels = [&window] {
        QStringList texts;
        for (const QLabel* label : window.findChildren<QLabel*>())
            texts << label->text();
        return texts.join(u'|');
    };
    while (waited.elapsed() < 2000 && labels().count(expected) < 4)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const QString shown = labels();
    EXPECT_TRUE(shown.contains(u"|"_s + expected + u"|"_s) || shown.startsWith(expected + u"|"_s) ||
                shown.endsWith(u"|"_s + expected))
        << "status bar: " << shown.toStdString();
    EXPECT_TRUE(shown.contains(u"Shown: "_s + expected + u" · design: "_s + expected)) << "flow panel";
    EXPECT_TRUE(shown.contains(u"Whole design: "_s + expected)) << "analysis";
}

TEST(MainWindowTest, TheFlowFilterAlsoFiltersTheCanvas)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QStringLiteral(PORTOLAN_EXAMPLES "/lab.portolan")));
    DesignScene& scene = window.controller().scene();
    QElapsedTimer waited; // the panel refreshes a moment after the flows change
    waited.start();
    while (window.flowTable().model().rowCount() == 0 && waited.elapsed() < 2000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    window.flowTable().setFilterText(u"4011"_s); // BINL, only from clients to the PXE DP
    int highlighted = 0;
    for (EdgeItem* e : scene.edgeItems()) {
        bool carries = false;
        for (const Flow& f : e->flows())
            carries = carries || (f.protocol == Protocol::Udp && f.port.first <= 4011 && f.port.last >= 4011);
        EXPECT_EQ(e->state(), carries ? DesignRenderer::State::Highlighted : DesignRenderer::State::Dimmed);
        highlighted += carries;
    }
    EXPECT_GE(highlighted, 1);
    window.flowTable().setFilterText(QString());
    for (EdgeItem* e : scene.edgeItems())
        EXPECT_EQ(e->state(), DesignRenderer::State::Normal) << "cleared with the filter";
}

TEST(MainWindowTest, PrintGoesFromTheOptionsThroughThePreviewToThePrinter)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QStringLiteral(PORTOLAN_EXAMPLES "/lab.portolan")));
    QTemporaryDir dir;
    const QString pdf = dir.filePath(u"printed.pdf"_s);
    bool optionsShown = false;
    int previewPages = -1;
    // The options dialog and the preview are modal: act on each once it is up.
    QTimer::singleShot(0, &window, [&] {
        auto* options = qobject_cast<ExportDialog*>(QApplication::activeModalWidget());
        if (!options)
            return;
        optionsShown = true;
        QTimer::singleShot(0, &window, [&] {
            auto* preview = qobject_cast<QPrintPreviewDialog*>(QApplication::activeModalWidget());
            if (!preview)
                return;
            auto* pages = preview->findChild<QPrintPreviewWidget*>();
            previewPages = pages ? pages->pageCount() : -1;
            // What the preview's Print button does once a printer is chosen: paint onto it.
            preview->printer()->setOutputFileName(pdf);
            if (pages)
                pages->print();
            preview->reject();
        });
        QPushButton* ok = options->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        EXPECT_EQ(ok->text(), u"Preview"_s);
        ok->click();
        if (options->isVisible()) // refused: close it so that the test ends
            options->reject();
    });
    window.printDesign();
    EXPECT_TRUE(optionsShown);
    // The diagram set: contents, overview, the site's page and what else the lab needs.
    const DiagramSet set =
        buildDiagramSet(window.controller().document(), window.controller().engine(), DiagramSetOptions{});
    EXPECT_EQ(previewPages, int(set.pages.size()));
    EXPECT_GE(previewPages, 3);
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    ASSERT_FALSE(pdftotext.isEmpty());
    QProcess text;
    text.start(pdftotext, {pdf, u"-"_s});
    text.waitForFinished();
    const QString printed = QString::fromUtf8(text.readAllStandardOutput());
    for (const auto& [id, n] : window.controller().document().nodes())
        EXPECT_TRUE(printed.contains(n.name)) << n.name.toStdString() << " is not on the printed page";
    EXPECT_TRUE(printed.contains(u"Contents"_s)) << "printing gives the diagram set";
    EXPECT_TRUE(printed.contains(u"Overview"_s));
}

TEST(Controller, TheSelectionIsTheSessionsAndTheCanvasMirrorsItBothWays)
{
    DesignController c;
    QString error;
    ASSERT_TRUE(c.open(QStringLiteral(PORTOLAN_EXAMPLES "/cas-two-primaries.portolan"), &error, nullptr))
        << error.toStdString();
    const Document& doc = c.document();
    DesignScene& scene = c.scene();
    int ss = -1, sql = -1, sup = -1;
    for (const auto& [id, n] : doc.nodes()) {
        if (n.name == u"p01-ss.corp.contoso.com")
            ss = id;
        if (n.name == u"cas-sql.corp.contoso.com")
            sql = id;
        if (n.name == u"p01-sup.corp.contoso.com")
            sup = id;
    }
    ASSERT_TRUE(ss >= 0 && sql >= 0 && sup >= 0);
    int changes = 0;
    QObject::connect(&c.selection(), &Selection::changed, [&changes] { ++changes; });

    // Set in the session (as a panel or a menu does): the canvas shows it.
    c.selection().set({ss});
    EXPECT_TRUE(scene.nodeItem(ss)->isSelected());
    EXPECT_EQ(scene.selectedNodes(), QList<int>{ss});
    // Clicked on the canvas: the session has it.
    scene.selectOnly({sql});
    EXPECT_EQ(c.selection().nodes(), QList<int>{sql});
    EXPECT_EQ(changes, 2);
    // Edits act on the session's selection.
    c.selection().set({sup});
    c.deleteSelection();
    EXPECT_EQ(doc.node(sup), nullptr);
    EXPECT_TRUE(c.selection().isEmpty()) << "what is deleted is no longer selected";
    c.undoStack().undo();
    // What the canvas cannot select (hidden by a site page) drops out of the session's selection.
    scene.setViewFocus(focusOnSite(doc, c.engine(), doc.siteByCode(u"P02")));
    int hidden = -1;
    for (const auto& [id, n] : doc.nodes())
        if (!scene.nodeItem(id)->isVisible())
            hidden = id;
    ASSERT_GE(hidden, 0);
    c.selection().set({hidden});
    EXPECT_TRUE(c.selection().nodes().isEmpty());
    // Another design: nothing selected.
    scene.clearViewFocus();
    c.selection().set({ss});
    c.newDesign();
    EXPECT_TRUE(c.selection().isEmpty());
}
