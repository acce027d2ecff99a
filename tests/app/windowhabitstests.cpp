// The designer as a Windows and Visio user drives it: the wheel, the rubber band, right-click
// menus, rename in place, File > Close, properties of several items, Help > Port Reference.
// Every test goes through the window's own widgets and menus, as a user's hand would.
#include "canvas/canvasitems.h"
#include "canvas/designscene.h"
#include "canvas/designview.h"
#include "canvasactions.h"
#include "catalog/catalog.h"
#include "design/document.h"
#include "designcontroller.h"
#include "drawing/designrenderer.h"
#include "drawing/viewstate.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "mainwindow.h"
#include "panels/analysispanel.h"
#include "panels/checkspanel.h"
#include "panels/flowtablepanel.h"
#include "panels/propertiespanel.h"

#include <gtest/gtest.h>

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPrintPreviewDialog>
#include <QPrintPreviewWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWheelEvent>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

constexpr auto kCas = PORTOLAN_EXAMPLES "/cas-two-primaries.portolan";

int nodeNamed(const Document& doc, const QString& name)
{
    for (const auto& [id, n] : doc.nodes())
        if (n.name == name)
            return id;
    return -1;
}

// The window shown and active at 100 %, so that shortcuts, popups and the viewport behave.
void showAtActualSize(MainWindow& window)
{
    window.resize(1400, 900);
    window.show();
    window.activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    window.view().setZoom(1.0);
    window.view().setFocus();
    QCoreApplication::processEvents();
}

QPoint onScreen(MainWindow& window, QPointF scenePos)
{
    window.view().centerOn(scenePos);
    return window.view().mapFromScene(scenePos);
}

QAction* menuAction(QMenu* menu, const QString& text)
{
    for (QAction* a : menu->actions())
        if (a->text().remove(u'&') == text)
            return a;
    return nullptr;
}

QAction* menuBarAction(MainWindow& window, const QString& menu, const QString& text)
{
    for (QAction* top : window.menuBar()->actions())
        if (top->text().remove(u'&') == menu && top->menu())
            return menuAction(top->menu(), text);
    return nullptr;
}

void wheel(QWidget* viewport, QPoint at, int delta, Qt::KeyboardModifiers modifiers)
{
    QWheelEvent event(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton, modifiers,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &event);
}

} // namespace

TEST(WindowHabits, TheWheelScrollsAndCtrlWheelZooms)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    showAtActualSize(window);
    DesignView& view = window.view();
    QScrollBar* vertical = view.verticalScrollBar();
    const QPoint middle = view.viewport()->rect().center();
    view.centerOn(800, 400);
    const int before = vertical->value();
    wheel(view.viewport(), middle, -120, Qt::NoModifier); // one notch towards the user
    EXPECT_DOUBLE_EQ(view.zoom(), 1.0) << "the plain wheel does not zoom";
    EXPECT_GT(vertical->value(), before) << "the plain wheel scrolls down";
    const int horizontal = view.horizontalScrollBar()->value();
    wheel(view.viewport(), middle, -120, Qt::ShiftModifier);
    EXPECT_GT(view.horizontalScrollBar()->value(), horizontal) << "Shift+wheel scrolls sideways";
    wheel(view.viewport(), middle, 120, Qt::ControlModifier);
    EXPECT_GT(view.zoom(), 1.1) << "Ctrl+wheel zooms in";
}

TEST(WindowHabits, TheRubberBandSelectsWhatLiesWhollyInside)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    showAtActualSize(window);
    DesignScene& scene = window.controller().scene();
    const Document& doc = window.controller().document();
    // From the empty canvas above-left of P01 to the middle of its frame: the band crosses the
    // frame and holds its first server (top left) whole, the second (beside it) only in part.
    const Site* p01 = doc.site(doc.siteByCode(u"P01"));
    ASSERT_NE(p01, nullptr);
    std::vector<const Node*> servers;
    for (const auto& [id, n] : doc.nodes())
        if (n.site == p01->id && n.kind == NodeKind::Server)
            servers.push_back(&n);
    std::sort(servers.begin(), servers.end(), [](const Node* a, const Node* b) {
        return std::pair(a->position.y(), a->position.x()) < std::pair(b->position.y(), b->position.x());
    });
    ASSERT_GE(servers.size(), 2u);
    ASSERT_EQ(servers[0]->position.y(), servers[1]->position.y()) << "two servers side by side";
    const QString first = servers[0]->name, second = servers[1]->name;
    const QPointF from = p01->frame.topLeft() - QPointF(0, 30) + QPointF(1, 0);
    const NodeItem* beside = scene.nodeItem(nodeNamed(doc, second));
    ASSERT_NE(beside, nullptr);
    const QPointF to(beside->sceneBox().center().x(), p01->frame.center().y());
    ASSERT_TRUE(scene.items(from).isEmpty() ||
                std::none_of(scene.items(from).cbegin(), scene.items(from).cend(),
                             [](QGraphicsItem* i) { return i->flags() & QGraphicsItem::ItemIsSelectable; }))
        << "the band starts on the empty canvas";
    DesignView& view = window.view();
    view.centerOn(QRectF(from, to).center());
    const QPoint a = view.mapFromScene(from), b = view.mapFromScene(to);
    QTest::mousePress(view.viewport(), Qt::LeftButton, {}, a);
    for (int step = 1; step <= 4; ++step) {
        const QPoint at = a + (b - a) * step / 4;
        QMouseEvent move(QEvent::MouseMove, at, view.viewport()->mapToGlobal(at), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view.viewport(), &move);
    }
    QTest::mouseRelease(view.viewport(), Qt::LeftButton, {}, b);
    EXPECT_FALSE(scene.selectedSites().contains(p01->id)) << "a frame the band only crosses stays unselected";
    const QList<int> selected = scene.selectedNodes();
    EXPECT_TRUE(selected.contains(nodeNamed(doc, first))) << "wholly inside";
    EXPECT_FALSE(selected.contains(nodeNamed(doc, second))) << "only partly inside";
}

TEST(WindowHabits, ARightClickOpensAMenuThatActsOnWhatWasClicked)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    showAtActualSize(window);
    const Document& doc = window.controller().document();
    const int dp = nodeNamed(doc, u"p01-dp.corp.contoso.com"_s);
    const QPoint at = onScreen(window, doc.node(dp)->position);
    QTest::mouseClick(window.view().viewport(), Qt::RightButton, {}, at);
    auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    ASSERT_NE(menu, nullptr) << "a right click without a drag opens a menu";
    EXPECT_EQ(window.controller().scene().selectedNodes(), QList<int>{dp}) << "what was clicked is selected";
    QStringList texts;
    for (QAction* a : menu->actions())
        if (!a->isSeparator())
            texts << a->text().remove(u'&');
    for (const QString& expected :
         {u"Rename"_s, u"Duplicate"_s, u"Delete"_s, u"Properties"_s, u"Show Its Flows"_s,
          u"Fold Client Groups of the Site"_s, u"Zoom to Selection"_s})
        EXPECT_TRUE(texts.contains(expected))
            << expected.toStdString() << " in " << texts.join(u", ").toStdString();
    const qsizetype nodes = doc.nodes().size();
    menuAction(menu, u"Delete"_s)->trigger();
    menu->close();
    EXPECT_EQ(doc.node(dp), nullptr);
    EXPECT_EQ(qsizetype(doc.nodes().size()), nodes - 1);
    window.controller().undoStack().undo();
    EXPECT_NE(doc.node(dp), nullptr) << "the menu's delete is one undo step";

    // On the empty canvas: paste, select all, fit.
    const QPointF empty = doc.site(doc.siteByCode(u"CAS"))->frame.topLeft() - QPointF(200, 0);
    QTest::mouseClick(window.view().viewport(), Qt::RightButton, {}, onScreen(window, empty));
    menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
    ASSERT_NE(menu, nullptr);
    EXPECT_TRUE(window.controller().scene().selectedNodes().isEmpty());
    ASSERT_NE(menuAction(menu, u"Select All"_s), nullptr);
    EXPECT_NE(menuAction(menu, u"Paste"_s), nullptr);
    EXPECT_NE(menuAction(menu, u"Fit to Window"_s), nullptr);
    menu->close();
}

TEST(WindowHabits, ARightDragStillDrawsALink)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    showAtActualSize(window);
    const Document& doc = window.controller().document();
    const int group = nodeNamed(doc, u"HQ workstations"_s);
    const int dp = nodeNamed(doc, u"p01-dp.corp.contoso.com"_s);
    ASSERT_GE(group, 0);
    const qsizetype links = doc.links().size();
    DesignView& view = window.view();
    view.centerOn(QRectF(doc.node(group)->position, doc.node(dp)->position).center());
    const QPoint a = view.mapFromScene(doc.node(group)->position),
                 b = view.mapFromScene(doc.node(dp)->position);
    QTest::mousePress(view.viewport(), Qt::RightButton, {}, a);
    QMouseEvent move(QEvent::MouseMove, b, view.viewport()->mapToGlobal(b), Qt::NoButton, Qt::RightButton,
                     Qt::NoModifier);
    QApplication::sendEvent(view.viewport(), &move);
    QTest::mouseRelease(view.viewport(), Qt::RightButton, {}, b);
    EXPECT_EQ(QApplication::activePopupWidget(), nullptr) << "a drag opens no menu";
    EXPECT_GT(qsizetype(doc.links().size()), links) << "the right drag drew a link";
}

TEST(WindowHabits, F2AndADoubleClickRenameANodeInPlace)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    showAtActualSize(window);
    const Document& doc = window.controller().document();
    const int dp = nodeNamed(doc, u"p01-dp.corp.contoso.com"_s);
    onScreen(window, doc.node(dp)->position);
    window.controller().scene().selectOnly({dp});
    QTest::keyClick(window.view().viewport(), Qt::Key_F2);
    QLineEdit* editor = window.canvasActions().renameEditor();
    ASSERT_NE(editor, nullptr) << "F2 opens the name for editing over the node";
    EXPECT_EQ(editor->text(), u"p01-dp.corp.contoso.com"_s);
    editor->selectAll();
    QTest::keyClicks(editor, u"p01-dp2.corp.contoso.com"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    EXPECT_EQ(doc.node(dp)->name, u"p01-dp2.corp.contoso.com"_s);
    EXPECT_EQ(window.canvasActions().renameEditor(), nullptr);
    EXPECT_TRUE(window.findChild<QLabel*>() != nullptr);
    // The Properties header follows the rename.
    bool headerFollows = false;
    for (const QLabel* label : window.properties().findChildren<QLabel*>())
        headerFollows = headerFollows || label->text().endsWith(u"p01-dp2.corp.contoso.com"_s);
    EXPECT_TRUE(headerFollows);
    window.controller().undoStack().undo();
    EXPECT_EQ(doc.node(dp)->name, u"p01-dp.corp.contoso.com"_s) << "a rename is one undo step";

    // A double click opens the same editor; Escape leaves the name as it was.
    QTest::mouseDClick(window.view().viewport(), Qt::LeftButton, {},
                       window.view().mapFromScene(doc.node(dp)->position));
    editor = window.canvasActions().renameEditor();
    ASSERT_NE(editor, nullptr) << "a double click renames in place";
    editor->selectAll();
    QTest::keyClicks(editor, u"discarded"_s);
    QTest::keyClick(editor, Qt::Key_Escape);
    EXPECT_EQ(doc.node(dp)->name, u"p01-dp.corp.contoso.com"_s) << "Escape cancels";
}

// A host named in a panel (a check's culprit, a server in the analysis, a pair in the flow list) is
// selected in the session, which the canvas and the other panels show: the canvas selects it and
// the properties panel and the menus act on it, whichever of them asked.
TEST(WindowHabits, AHostActivatedInAPanelIsTheSessionsSelection)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    const Document& doc = window.controller().document();
    const int dp = nodeNamed(doc, u"p01-dp.corp.contoso.com"_s);
    const int ss = nodeNamed(doc, u"p01-ss.corp.contoso.com"_s);
    const int p02 = [&doc] {
        for (const auto& [id, s] : doc.sites())
            if (s.code == u"P02"_s)
                return id;
        return -1;
    }();
    ASSERT_GE(p02, 0);
    auto* checks = window.findChild<ChecksPanel*>();
    auto* analysis = window.findChild<AnalysisPanel*>();
    ASSERT_NE(checks, nullptr);
    ASSERT_NE(analysis, nullptr);
    const auto selectedOnCanvas = [&window] {
        QList<int> nodes = window.controller().scene().selectedNodes();
        std::sort(nodes.begin(), nodes.end());
        return nodes;
    };
    Q_EMIT checks->culpritActivated(-1, dp);
    EXPECT_EQ(window.controller().selection().nodes(), QList<int>{dp});
    EXPECT_EQ(selectedOnCanvas(), QList<int>{dp});
    Q_EMIT checks->culpritActivated(p02, -1);
    EXPECT_TRUE(window.controller().selection().nodes().isEmpty());
    EXPECT_EQ(window.controller().selection().sites(), QList<int>{p02});
    Q_EMIT analysis->serverActivated(ss);
    EXPECT_EQ(window.controller().selection().nodes(), QList<int>{ss});
    EXPECT_TRUE(window.controller().selection().sites().isEmpty());
    EXPECT_EQ(selectedOnCanvas(), QList<int>{ss});
    Q_EMIT window.flowTable().pairActivated(ss, dp);
    QList<int> both{ss, dp};
    std::sort(both.begin(), both.end());
    EXPECT_EQ(window.controller().selection().nodes(), both);
    EXPECT_EQ(selectedOnCanvas(), both);
    // The rename editor acts on the host it renames, selected in the session too.
    window.canvasActions().rename(dp);
    EXPECT_EQ(window.controller().selection().nodes(), QList<int>{dp});
}

TEST(WindowHabits, TheRenameEditorRefusesANameTheDesignCannotHold)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    showAtActualSize(window);
    const Document& doc = window.controller().document();
    const int dp = nodeNamed(doc, u"p01-dp.corp.contoso.com"_s);
    window.canvasActions().rename(dp);
    QLineEdit* editor = window.canvasActions().renameEditor();
    ASSERT_NE(editor, nullptr);
    editor->setText(u"   "_s);
    QTest::keyClick(editor, Qt::Key_Return);
    EXPECT_EQ(doc.node(dp)->name, u"p01-dp.corp.contoso.com"_s);
    EXPECT_TRUE(window.controller().undoStack().count() == 0) << "nothing changed, nothing to undo";
}

TEST(WindowHabits, FileCloseAsksAboutUnsavedChangesAndLeavesAnEmptyCanvas)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    QAction* close = menuBarAction(window, u"File"_s, u"Close"_s);
    ASSERT_NE(close, nullptr) << "File > Close exists";
    EXPECT_TRUE(close->shortcut().matches(QKeySequence::Close) == QKeySequence::ExactMatch ||
                !QKeySequence::keyBindings(QKeySequence::Close).isEmpty());
    window.controller().editDesign({u"Renamed"_s, {}, {}, {}, {}}, {}, u"Rename design"_s);
    ASSERT_TRUE(window.controller().isModified());
    // Cancel keeps the design; Discard closes it.
    for (const auto button : {QMessageBox::Cancel, QMessageBox::Discard}) {
        bool asked = false;
        QTimer::singleShot(0, &window, [&asked, button] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                asked = true;
                box->button(button)->click();
            }
        });
        close->trigger();
        EXPECT_TRUE(asked) << "unsaved changes are asked about";
        if (button == QMessageBox::Cancel) {
            EXPECT_FALSE(window.controller().document().nodes().empty()) << "Cancel keeps the design";
        }
    }
    EXPECT_TRUE(window.controller().document().nodes().empty()) << "closed to an empty canvas";
    EXPECT_TRUE(window.controller().filePath().isEmpty());
    EXPECT_TRUE(window.windowTitle().startsWith(u"Untitled"_s));
}

TEST(WindowHabits, PropertiesSetTheZoneOfSeveralServersAtOnce)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    const Document& doc = window.controller().document();
    QList<int> servers;
    for (const char16_t* name :
         {u"p01-ss.corp.contoso.com", u"p01-dp.corp.contoso.com", u"contoso-cmg.contoso.com"})
        servers << nodeNamed(doc, QString::fromUtf16(name));
    window.controller().scene().selectOnly(servers);
    QCoreApplication::processEvents();
    auto* zone = window.properties().findChild<QComboBox*>(u"zone"_s);
    ASSERT_NE(zone, nullptr) << "a multiple selection shows the fields its items share";
    EXPECT_EQ(zone->currentIndex(), -1) << "their zones differ: (mixed)";
    const int undoSteps = window.controller().undoStack().count();
    const int east = zone->findText(u"Branch East"_s);
    ASSERT_GE(east, 0);
    zone->setCurrentIndex(east);
    const QString key = zone->itemData(east).toString();
    for (int id : servers)
        EXPECT_EQ(doc.node(id)->zone, key) << doc.node(id)->name.toStdString();
    EXPECT_EQ(window.controller().undoStack().count(), undoSteps + 1) << "one undo step for all";
    window.controller().undoStack().undo();
    EXPECT_EQ(doc.node(servers.last())->zone, u"zone-azure"_s);
    EXPECT_EQ(doc.node(servers.first())->zone, u"zone-dc"_s);
}

TEST(WindowHabits, PortReferenceWithoutABrowserShowsTheAddress)
{
    MainWindow window;
    QAction* reference = menuBarAction(window, u"Help"_s, u"Port Reference (Microsoft Learn)"_s);
    ASSERT_NE(reference, nullptr);
    // The offscreen platform opens no browser, like a desktop without one.
    reference->trigger();
    auto* box = window.findChild<QMessageBox*>(u"portReferenceMessage"_s);
    ASSERT_NE(box, nullptr) << "the failure is shown, not only written to standard error";
    EXPECT_TRUE(box->informativeText().startsWith(u"https://learn.microsoft.com/"_s));
    box->close();
}

TEST(WindowHabits, ADuplicatedServerWithTheSameAddressIsAnErrorInChecks)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    showAtActualSize(window);
    const Document& doc = window.controller().document();
    const int dp = nodeNamed(doc, u"p01-dp.corp.contoso.com"_s);
    window.controller().scene().selectOnly({dp});
    QAction* duplicate = menuBarAction(window, u"Edit"_s, u"Duplicate"_s);
    ASSERT_NE(duplicate, nullptr);
    duplicate->trigger();
    const QList<int> copies = window.controller().scene().selectedNodes();
    ASSERT_EQ(copies.size(), 1);
    ASSERT_EQ(doc.node(copies.first())->address, u"10.0.2.14"_s) << "the copy keeps the address";
    window.checks().refreshNow();
    auto* list = window.checks().findChild<QListWidget*>();
    ASSERT_NE(list, nullptr);
    QListWidgetItem* row = nullptr;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->text().contains(u"10.0.2.14"_s) && list->item(i)->text().startsWith(u"error"_s))
            row = list->item(i);
    ASSERT_NE(row, nullptr) << "Checks names the shared address";
    window.controller().scene().clearSelection();
    Q_EMIT list->itemActivated(row); // what a double click does
    EXPECT_EQ(window.controller().scene().selectedNodes(), copies) << "the culprit is selected";
}

namespace {

// Answers the next file dialog with this path, as a user typing it and pressing Save would.
void answerFileDialog(QObject* context, const QString& path, bool* answered)
{
    QTimer::singleShot(0, context, [path, answered] {
        if (auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
            *answered = true;
            dialog->selectFile(path);
            static_cast<QDialog*>(dialog)->accept(); // what Save does, through QFileDialog's own checks
        }
    });
}

QJsonObject savedTop(const QString& path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

TEST(WindowHabits, SaveAsNamesAnUntitledDesignAndEveryDesignKeepsItsOwnIdentity)
{
    MainWindow window;
    DesignController& c = window.controller();
    c.dropPaletteItem(u"site:primary"_s, {0, 0});
    const QString untitledId = c.document().info().id;
    ASSERT_FALSE(untitledId.isEmpty()) << "File > New gives a design its identity";
    QTemporaryDir dir;
    bool answered = false;
    answerFileDialog(&window, dir.filePath(u"branch-office.portolan"_s), &answered);
    menuBarAction(window, u"File"_s, u"Save As..."_s)->trigger();
    ASSERT_TRUE(answered);
    EXPECT_EQ(c.document().info().name, u"branch-office"_s) << "named after its file, not 'Untitled design'";
    const QJsonObject saved = savedTop(dir.filePath(u"branch-office.portolan"_s));
    EXPECT_EQ(saved.value(u"name"_s).toString(), u"branch-office"_s);
    EXPECT_EQ(saved.value(u"id"_s).toString(), untitledId) << "Save As keeps the identity";

    // A copy is a design of its own; the open design stays what it was.
    answered = false;
    answerFileDialog(&window, dir.filePath(u"copy.portolan"_s), &answered);
    menuBarAction(window, u"File"_s, u"Save a Copy..."_s)->trigger();
    ASSERT_TRUE(answered);
    const QJsonObject copy = savedTop(dir.filePath(u"copy.portolan"_s));
    EXPECT_FALSE(copy.value(u"id"_s).toString().isEmpty());
    EXPECT_NE(copy.value(u"id"_s).toString(), untitledId) << "a copy gets a new identity";
    EXPECT_EQ(c.filePath(), dir.filePath(u"branch-office.portolan"_s)) << "the copy is not opened";
    EXPECT_EQ(c.document().info().id, untitledId);

    // A second Save As of a named design keeps its name.
    answered = false;
    answerFileDialog(&window, dir.filePath(u"renamed-file.portolan"_s), &answered);
    menuBarAction(window, u"File"_s, u"Save As..."_s)->trigger();
    EXPECT_EQ(c.document().info().name, u"branch-office"_s);

    menuBarAction(window, u"File"_s, u"New"_s)->trigger();
    EXPECT_NE(c.document().info().id, untitledId) << "File > New is another design";
}

TEST(WindowHabits, PrintShowsOnlyPaperChoicesAndPrintPreviewKeepsThem)
{
    QSettings().remove(u"diagram"_s); // the paper choices are remembered between sessions
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    int printedPages = -1, previewPages = -1;
    QStringList shown;
    QTimer::singleShot(0, &window, [&] {
        auto* options = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        if (!options)
            return;
        for (const QCheckBox* box : options->findChildren<QCheckBox*>())
            if (box->isVisibleTo(options))
                shown << box->text();
        for (const QComboBox* combo : options->findChildren<QComboBox*>())
            if (combo->isVisibleTo(options))
                shown << combo->itemText(0);
        for (QCheckBox* box : options->findChildren<QCheckBox*>())
            if (box->text() == u"Flow list after the diagram"_s)
                box->setChecked(true);
        QTimer::singleShot(0, &window, [&] {
            if (auto* preview = qobject_cast<QPrintPreviewDialog*>(QApplication::activeModalWidget())) {
                printedPages = preview->findChild<QPrintPreviewWidget*>()->pageCount();
                preview->reject();
            }
        });
        options->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    });
    menuBarAction(window, u"File"_s, u"Print..."_s)->trigger();
    for (const QString& exportOnly : {u"byte order mark"_s, u"dcerpc"_s, u"CR LF"_s, u"local flows"_s,
                                      u"one sheet per"_s, u"forward chain"_s, u"Transparent"_s, u"dpi"_s})
        for (const QString& text : shown)
            EXPECT_FALSE(text.contains(exportOnly)) << "printing offers '" << text.toStdString() << "'";
    EXPECT_TRUE(shown.contains(u"Flow list after the diagram"_s));
    ASSERT_GT(printedPages, 1);

    // File > Print Preview: straight to the preview, with the flow list chosen last time.
    QTimer::singleShot(0, &window, [&] {
        if (auto* preview = qobject_cast<QPrintPreviewDialog*>(QApplication::activeModalWidget())) {
            previewPages = preview->findChild<QPrintPreviewWidget*>()->pageCount();
            preview->reject();
        }
    });
    QAction* previewAction = menuBarAction(window, u"File"_s, u"Print Preview"_s);
    ASSERT_NE(previewAction, nullptr);
    previewAction->trigger();
    EXPECT_EQ(previewPages, printedPages) << "the appendix chosen for printing carries over";
    QSettings().remove(u"diagram"_s);
}

TEST(WindowHabits, ThePortCatalogHasAFilterBox)
{
    MainWindow window;
    auto* filter = window.findChild<QLineEdit*>(u"catalogFilter"_s);
    ASSERT_NE(filter, nullptr) << "the Port catalog panel has a filter box";
    QTableView* table = nullptr;
    for (QTableView* t : window.findChildren<QTableView*>())
        if (t->parentWidget() == filter->parentWidget())
            table = t;
    ASSERT_NE(table, nullptr);
    const int all = table->model()->rowCount();
    QTest::keyClicks(filter, u"Service Broker"_s);
    const int shown = table->model()->rowCount();
    EXPECT_GT(shown, 0);
    EXPECT_LT(shown, all);
    for (int row = 0; row < shown; ++row) {
        QStringList cells;
        for (int column = 0; column < table->model()->columnCount(); ++column)
            cells << table->model()->index(row, column).data().toString();
        EXPECT_TRUE(cells.join(u' ').contains(u"Service Broker"_s, Qt::CaseInsensitive)) << row;
    }
    filter->clear();
    EXPECT_EQ(table->model()->rowCount(), all);
}

TEST(WindowHabits, ASelectedServersPortsReadInboundApartFromOutboundWithOneCount)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    showAtActualSize(window);
    const Document& doc = window.controller().document();
    const int ss = nodeNamed(doc, u"p01-ss.corp.contoso.com"_s);
    ASSERT_GE(ss, 0);
    QTest::mouseClick(window.view().viewport(), Qt::LeftButton, {}, onScreen(window, doc.node(ss)->position));
    ASSERT_EQ(window.controller().scene().selectedNodes(), QList<int>{ss});

    // What the server must open and must reach, counted from the whole flow list by hand.
    FlowListOptions withLocal;
    withLocal.includeLocal = true;
    qsizetype inbound = 0, outbound = 0, local = 0;
    QSet<QString> opens, reaches;
    for (const FlowListRow& r : buildFlowList(doc, window.controller().engine(), withLocal)) {
        if (r.local && r.source == ss)
            ++local;
        else if (r.destination == ss) {
            ++inbound;
            opens << r.protocol + u' ' + r.port;
        } else if (r.source == ss) {
            ++outbound;
            reaches << r.protocol + u' ' + r.port;
        }
    }
    ASSERT_GT(inbound, 0);
    ASSERT_GT(outbound, 0);
    ASSERT_GT(local, 0) << "the site server's co-located roles";
    const QString count = u"%1 flows (%2 inbound, %3 outbound), %4 local"_s.arg(inbound + outbound)
                              .arg(inbound)
                              .arg(outbound)
                              .arg(local);
    // One count everywhere: the Flows panel, Analysis and Properties.
    QTRY_VERIFY_WITH_TIMEOUT(window.analysis().scopeText().contains(count), 3000);
    QTRY_VERIFY_WITH_TIMEOUT(window.flowTable().countText().contains(u"Selection: "_s + count), 3000);
    EXPECT_TRUE(window.properties().portsText().contains(count))
        << window.properties().portsText().toStdString();

    // The Flows panel: a Direction column first, inbound rows (ports to open) before outbound ones.
    QTableView* table = window.flowTable().findChild<QTableView*>();
    ASSERT_NE(table, nullptr);
    ASSERT_FALSE(table->isColumnHidden(FlowTableModel::Direction))
        << "a selection shows which way each flow goes";
    EXPECT_EQ(table->horizontalHeader()->visualIndex(FlowTableModel::Direction), 0);
    const QAbstractItemModel* model = table->model();
    ASSERT_EQ(model->rowCount(), inbound + outbound + local);
    const QString name = doc.node(ss)->name;
    QStringList order;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString direction = model->index(row, FlowTableModel::Direction).data().toString();
        const QString source = model->index(row, FlowTableModel::Source).data().toString();
        const QString destination = model->index(row, FlowTableModel::Destination).data().toString();
        if (source == name && destination == name)
            EXPECT_EQ(direction, u"Local"_s) << row;
        else if (destination == name)
            EXPECT_EQ(direction, u"Inbound"_s) << row;
        else
            EXPECT_EQ(direction, u"Outbound"_s) << row;
        if (order.isEmpty() || order.last() != direction)
            order << direction;
    }
    EXPECT_EQ(order, (QStringList{u"Inbound"_s, u"Outbound"_s, u"Local"_s})) << "in two groups, then local";

    // Properties lists the ports too: each one to open, each one to reach.
    const QString ports = window.properties().portsText();
    const qsizetype split = ports.indexOf(u"Must reach (outbound)"_s);
    ASSERT_GT(split, ports.indexOf(u"Must open (inbound)"_s));
    ASSERT_GE(ports.indexOf(u"Must open (inbound)"_s), 0);
    for (const QString& port : opens)
        EXPECT_TRUE(ports.left(split).contains(port)) << "to open: " << port.toStdString();
    for (const QString& port : reaches)
        EXPECT_TRUE(ports.mid(split).contains(port)) << "to reach: " << port.toStdString();
    EXPECT_TRUE(ports.mid(split).contains(u"p01-sql"_s)) << "with the hosts at the other end";

    // Its button gives the Flows panel room: no longer a strip of eight rows under the canvas.
    QPushButton* show = nullptr;
    for (QPushButton* b : window.properties().findChildren<QPushButton*>())
        if (b->text() == u"Show in the Flows Panel"_s)
            show = b;
    ASSERT_NE(show, nullptr);
    QTest::mouseClick(show, Qt::LeftButton);
    QCoreApplication::processEvents();
    EXPECT_TRUE(table->isVisible());
    EXPECT_GE(table->viewport()->height() / table->verticalHeader()->defaultSectionSize(), 14)
        << "rows shown: " << table->viewport()->height() / table->verticalHeader()->defaultSectionSize();
}

TEST(WindowHabits, TheLegendIsDraggedToAnotherCornerAndStaysThere)
{
    QSettings().remove(u"canvas/legendCorner"_s);
    const auto nodesOnScreen = [](MainWindow& window) {
        QRectF bounds;
        for (const auto& [id, n] : window.controller().document().nodes())
            if (const NodeItem* item = window.controller().scene().nodeItem(id))
                bounds |= window.view().mapFromScene(item->sceneBoundingRect()).boundingRect();
        return bounds;
    };
    {
        MainWindow window;
        ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
        showAtActualSize(window);
        DesignView& view = window.view();
        QWidget* viewport = view.viewport();
        const QRectF before = view.legendRect();
        ASSERT_LT(before.left(), 20) << "bottom-left at first";
        ASSERT_GT(before.bottom(), viewport->height() - 20);
        // Picked up by its middle and let go near the top-right corner.
        const QPoint from = before.center().toPoint(), to(viewport->width() - 120, 90);
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        for (int step = 1; step <= 4; ++step) {
            const QPoint at = from + (to - from) * step / 4;
            QMouseEvent move(QEvent::MouseMove, at, viewport->mapToGlobal(at), Qt::NoButton, Qt::LeftButton,
                             Qt::NoModifier);
            QApplication::sendEvent(viewport, &move);
        }
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
        const QRectF after = view.legendRect();
        EXPECT_GT(after.right(), viewport->width() - 20) << "now in the top-right corner";
        EXPECT_LT(after.top(), 20);
        EXPECT_EQ(after.size(), before.size());
        EXPECT_TRUE(window.controller().scene().selectedNodes().isEmpty())
            << "a drag of the legend selects nothing";
        // Fit to Window keeps the design clear of the legend in its new corner.
        menuBarAction(window, u"View"_s, u"Fit to Window"_s)->trigger();
        EXPECT_FALSE(nodesOnScreen(window).intersects(view.legendRect()));
    }
    {
        MainWindow window; // the next session finds it where it was left
        ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
        showAtActualSize(window);
        EXPECT_GT(window.view().legendRect().right(), window.view().viewport()->width() - 20);
        EXPECT_LT(window.view().legendRect().top(), 20);
    }
    QSettings().remove(u"canvas/legendCorner"_s);
}

TEST(WindowHabits, ASoftwareUpdatePointsOptionsSitBelowItsRoles)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    showAtActualSize(window);
    const Document& doc = window.controller().document();
    const int sup = nodeNamed(doc, u"p01-sup.corp.contoso.com"_s);
    QTest::mouseClick(window.view().viewport(), Qt::LeftButton, {},
                      onScreen(window, doc.node(sup)->position));
    ASSERT_EQ(window.controller().scene().selectedNodes(), QList<int>{sup});
    window.resize(1400, 560); // a laptop's window: the Properties panel shorter than its form
    QTest::qWait(100);        // the form laid out and the scroll area settled
    QListWidget* roles = window.properties().findChild<QListWidget*>();
    ASSERT_NE(roles, nullptr);
    QWidget* form = roles->parentWidget();
    const int rolesBottom = roles->mapTo(form, QPoint(0, roles->height())).y();
    int options = 0;
    for (const portolan::OptionInfo& info : doc.catalog().options()) {
        if (!info.name.startsWith(u"sup."_s) || info.derived)
            continue;
        for (QLabel* label : form->findChildren<QLabel*>())
            if (label->text() == info.description && label->isVisible()) {
                ++options;
                EXPECT_GE(label->mapTo(form, QPoint(0, 0)).y(), rolesBottom)
                    << info.name.toStdString() << " is drawn over the roles list";
            }
    }
    EXPECT_GT(options, 0) << "a software update point has options of its own";
    // Every role can be read: the list is as tall as its rows.
    EXPECT_GE(roles->viewport()->height(), roles->sizeHintForRow(0) * roles->count());
}

TEST(WindowHabits, ADoubleClickOnASiteTitleOpensItsPageAndEscapeComesBack)
{
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    showAtActualSize(window);
    DesignScene& scene = window.controller().scene();
    const Document& doc = window.controller().document();
    const int p02 = doc.siteByCode(u"P02");
    const int cas = doc.siteByCode(u"CAS");
    const int casSql = nodeNamed(doc, u"cas-sql.corp.contoso.com"_s);
    ASSERT_GE(p02, 0);
    ASSERT_GE(casSql, 0);
    const qreal zoomBefore = window.view().zoom();

    // The title of P02's frame, double-clicked where it is drawn.
    const QRectF title = DesignRenderer::siteTitleRect(scene.frameItem(p02)->frameRect());
    const QPoint at = onScreen(window, title.center());
    QTest::mouseDClick(window.view().viewport(), Qt::LeftButton, {}, at);
    const ViewFocus& focus = scene.viewFocus();
    ASSERT_EQ(focus.kind, ViewFocus::Kind::SitePage) << "a double click on a site's title opens its page";
    EXPECT_EQ(focus.site, p02);
    int hidden = 0;
    for (const auto& [id, n] : doc.nodes()) {
        EXPECT_EQ(scene.nodeItem(id)->isVisible(), focus.showsNode(id)) << n.name.toStdString();
        hidden += !scene.nodeItem(id)->isVisible();
    }
    EXPECT_GT(hidden, 0) << "the servers P02 has no flow with are hidden";
    EXPECT_TRUE(scene.frameItem(cas)->isVisible()) << "the CAS site server is P02's peer, so its frame shows";
    EXPECT_TRUE(window.view().focusBannerText().contains(u"Site page of P02"_s));
    EXPECT_FALSE(window.view().focusBannerRect().isEmpty());
    // The view is fitted to the page: every node shown is in view, below the banner.
    const QRect viewport = window.view().viewport()->rect();
    for (int id : focus.core + focus.peers) {
        const QRect box = window.view().mapFromScene(scene.nodeItem(id)->sceneBox()).boundingRect();
        EXPECT_TRUE(viewport.contains(box)) << doc.node(id)->name.toStdString();
        EXPECT_FALSE(box.intersects(window.view().focusBannerRect().toRect()))
            << doc.node(id)->name.toStdString();
    }
    EXPECT_EQ(window.controller().undoStack().count(), 0) << "looking is not an edit";
    EXPECT_FALSE(window.controller().isModified());

    // Escape in the rename editor cancels the rename and leaves the page on.
    const int p02ss = nodeNamed(doc, u"p02-ss.corp.contoso.com"_s);
    scene.selectOnly({p02ss});
    window.canvasActions().rename(p02ss);
    QLineEdit* editor = window.canvasActions().renameEditor();
    ASSERT_NE(editor, nullptr);
    QTest::keyClicks(editor, u"discarded"_s);
    QTest::keyClick(editor, Qt::Key_Escape);
    EXPECT_EQ(window.canvasActions().renameEditor(), nullptr) << "Escape closes the editor";
    EXPECT_EQ(doc.node(p02ss)->name, u"p02-ss.corp.contoso.com"_s);
    EXPECT_TRUE(scene.viewFocus().active()) << "and only the editor";

    // Escape on the canvas: the whole design again, at the zoom it was looked at before.
    QTest::keyClick(window.view().viewport(), Qt::Key_Escape);
    EXPECT_FALSE(scene.viewFocus().active());
    for (const auto& [id, n] : doc.nodes())
        EXPECT_TRUE(scene.nodeItem(id)->isVisible()) << n.name.toStdString();
    EXPECT_TRUE(window.view().focusBannerText().isEmpty());
    EXPECT_DOUBLE_EQ(window.view().zoom(), zoomBefore);

    // View > Focus on Selection with the CAS SQL Server selected: it and its peers only.
    scene.selectOnly({casSql});
    QAction* focusAction = menuBarAction(window, u"View"_s, u"Focus on Selection"_s);
    ASSERT_NE(focusAction, nullptr);
    focusAction->trigger();
    EXPECT_EQ(scene.viewFocus().kind, ViewFocus::Kind::Selection);
    EXPECT_TRUE(scene.nodeItem(casSql)->isVisible());
    const int p02dp = nodeNamed(doc, u"p02-dp.corp.contoso.com"_s);
    ASSERT_FALSE(!window.controller().engine().flowsBetween(casSql, p02dp).empty() ||
                 !window.controller().engine().flowsBetween(p02dp, casSql).empty());
    EXPECT_FALSE(scene.nodeItem(p02dp)->isVisible()) << "no flow with the CAS SQL Server: hidden";
    QAction* showAll = menuBarAction(window, u"View"_s, u"Show All"_s);
    ASSERT_NE(showAll, nullptr);
    EXPECT_TRUE(showAll->isEnabled());
    showAll->trigger();
    EXPECT_FALSE(scene.viewFocus().active());
    EXPECT_FALSE(showAll->isEnabled());
}

TEST(WindowHabits, FitToWindowFramesEveryLineAndKeepsTheLinesOfADesignWhoseBoxesFit)
{
    // The CAS example's boxes fit at about a third of their size; some of its lines bend round
    // the outside of the drawing. Opened, then after the user's Fit to Window: every line in view,
    // drawn as lines with their labels (not bundles), every box with its text.
    MainWindow window;
    ASSERT_TRUE(window.openDesign(QString::fromUtf8(kCas)));
    window.resize(1400, 900);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    DesignScene& scene = window.controller().scene();
    DesignView& view = window.view();
    const auto everyLineInView = [&](const char* when) {
        SCOPED_TRACE(when);
        EXPECT_FALSE(scene.showsBundles()) << "zoom " << view.zoom();
        EXPECT_GE(view.zoom(), DesignRenderer::kSimpleDetail) << "labels and the boxes' text are drawn";
        const QRectF shown = view.mapToScene(view.viewport()->rect()).boundingRect();
        int lines = 0;
        for (const EdgeItem* e : scene.edgeItems()) {
            if (!e->isVisible())
                continue;
            ++lines;
            const QPolygonF& route = e->route();
            EXPECT_TRUE(std::all_of(route.begin(), route.end(), [&](QPointF p) { return shown.contains(p); }))
                << window.controller().document().node(e->from())->name.toStdString() << " and "
                << window.controller().document().node(e->to())->name.toStdString();
        }
        EXPECT_GT(lines, 50);
    };
    // Opening fits the boxes before the lines are routed, and again once they are.
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 1500)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    everyLineInView("opened");
    view.setZoom(1.0);
    QCoreApplication::processEvents();
    menuBarAction(window, u"View"_s, u"Fit to Window"_s)->trigger();
    QCoreApplication::processEvents();
    everyLineInView("View > Fit to Window");
}
