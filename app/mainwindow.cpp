#include "mainwindow.h"

#include "analysis/flowdiff.h"
#include "canvas/designscene.h"
#include "canvas/designview.h"
#include "canvasactions.h"
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "designcontroller.h"
#include "diffdialog.h"
#include "drawing/diagram.h"
#include "exportdialog.h"
#include "filesafety.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "helpdialogs.h"
#include "importactions.h"
#include "io/outputfile.h"
#include "panels/analysispanel.h"
#include "panels/catalogtablemodel.h"
#include "panels/checkspanel.h"
#include "panels/flowtablepanel.h"
#include "panels/palettewidget.h"
#include "panels/propertiespanel.h"
#include "recovery.h"
#include "testresultscontroller.h"
#include "verify/verification.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPrinter>
#include <QPrintPreviewDialog>
#include <QScreen>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QUndoView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

constexpr int kMaxRecent = 8;

QDockWidget* dock(QMainWindow* window, const QString& title, const QString& name, QWidget* content,
                  Qt::DockWidgetArea area)
{
    auto* d = new QDockWidget(title, window);
    d->setObjectName(name);
    d->setWidget(content);
    window->addDockWidget(area, d);
    return d;
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_controller(new DesignController(this))
{
    m_view = new DesignView(&m_controller->scene(), this);
    setCentralWidget(m_view);
    createDocks();
    // Imported port test results colour the edges, fill the flow table's Result column and
    // list the failures among the checks.
    m_results = new TestResultsController(m_controller->document(), m_controller->engine(), this);
    connect(m_results, &TestResultsController::changed, this, [this] {
        const auto v = m_results->verification();
        m_controller->scene().setVerification(v);
        m_flows->setVerification(v);
        m_checks->setVerification(v);
        m_view->viewport()->update(); // the key to the result colours
    });
    createActions();
    m_zoomLabel = new QLabel(this);
    m_flowLabel = new QLabel(this);
    m_checkLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_checkLabel);
    statusBar()->addPermanentWidget(m_flowLabel);
    statusBar()->addPermanentWidget(m_zoomLabel);
    connect(m_view, &DesignView::zoomChanged, this,
            [this](qreal zoom) { m_zoomLabel->setText(tr("Zoom %1%").arg(qRound(zoom * 100))); });
    // The same count as the flow panel, the analysis and `portolan flows --count`: flow list rows.
    auto* countLater = new QTimer(this);
    countLater->setSingleShot(true);
    countLater->setInterval(80);
    connect(countLater, &QTimer::timeout, this, [this] {
        const FlowCount count = countFlows(m_controller->document(), m_controller->engine());
        m_flowLabel->setText(flowCountText(count));
        m_flowLabel->setToolTip(tr("Flows across the network (rows of the flow list); local flows run "
                                   "between roles on one server and cross no firewall"));
    });
    connect(&m_controller->engine(), &FlowEngine::flowsChanged, countLater, qOverload<>(&QTimer::start));
    connect(m_checks, &ChecksPanel::summaryChanged, this, [this](int errors, int warnings) {
        m_checkLabel->setText(tr("%1 errors, %2 warnings").arg(errors).arg(warnings));
    });
    connect(m_controller, &DesignController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(&m_controller->undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    connect(m_controller, &DesignController::filePathChanged, this, &MainWindow::updateTitle);
    connect(&m_controller->selection(), &Selection::changed, this, &MainWindow::selectionChanged);
    connect(m_view, &DesignView::paletteDropped, m_controller, &DesignController::dropPaletteItem);
    connect(m_palette, &PaletteWidget::activated, this, [this](const QString& key) {
        m_controller->dropPaletteItem(key, m_view->mapToScene(m_view->viewport()->rect().center()));
    });
    connect(m_properties, &PropertiesPanel::nodeEdited, m_controller, &DesignController::editNode);
    connect(m_properties, &PropertiesPanel::nodesEdited, m_controller, &DesignController::editNodes);
    connect(m_properties, &PropertiesPanel::siteEdited, m_controller, &DesignController::editSite);
    connect(m_properties, &PropertiesPanel::designEdited, m_controller, &DesignController::editDesign);
    connect(m_properties, &PropertiesPanel::zonesEdited, m_controller, &DesignController::editZones);
    connect(m_properties, &PropertiesPanel::showFlowsRequested, this, &MainWindow::showFlowsPanel);
    connect(m_flows, &FlowTablePanel::pairActivated, this, [this](int source, int destination) {
        m_controller->selection().set({source, destination});
        m_view->centerOn(m_controller->scene().nodeItem(source)
                             ? QPointF(m_controller->document().node(source)->position)
                             : QPointF());
    });
    // The Flows panel's filter (host, port, zone, service, section; protocol) also filters the
    // canvas: the matching edges stand out, the rest dims.
    connect(m_flows, &FlowTablePanel::filterChanged, this, [this] {
        if (!m_flows->isFiltering()) {
            m_controller->scene().clearHighlight();
            return;
        }
        const QSet<std::pair<int, int>> pairs = m_flows->filteredPairs();
        m_controller->scene().highlightFlows([&pairs](const Flow& f) {
            return pairs.contains({f.source, f.destination});
        });
    });
    connect(m_checks, &ChecksPanel::culpritActivated, this, [this](int site, int node) {
        m_controller->selection().set(node >= 0 ? QList<int>{node} : QList<int>{},
                                      site >= 0 ? QList<int>{site} : QList<int>{});
        if (const Node* n = m_controller->document().node(node))
            m_view->centerOn(n->position);
        else if (const Site* s = m_controller->document().site(site))
            m_view->centerOn(s->frame.center());
    });
    connect(m_analysis, &AnalysisPanel::portActivated, this, [this](const QString& port) {
        m_flows->setFilterText(port);
        m_flowsDock->raise();
        const auto range = PortSpec::parseConcrete(port, nullptr);
        if (range)
            m_controller->scene().highlightFlows(
                [range](const Flow& f) { return f.protocol != Protocol::Icmp && f.port == *range; });
    });
    connect(m_analysis, &AnalysisPanel::serverActivated, this, [this](int node) {
        m_controller->selection().set({node});
        if (const Node* n = m_controller->document().node(node))
            m_view->centerOn(n->position);
    });
    connect(m_analysis, &AnalysisPanel::zonePairActivated, this,
            [this](const QString& from, const QString& to) {
                const Document& doc = m_controller->document();
                m_controller->scene().highlightFlows([&doc, from, to](const Flow& f) {
                    return nodeZoneName(doc, f.source) == from && nodeZoneName(doc, f.destination) == to;
                });
                statusBar()->showMessage(tr("Flows from %1 to %2 highlighted").arg(from, to), 5000);
            });
    m_safety = new FileSafety(*m_controller, this);
    connect(m_safety, &FileSafety::quitRequested, this, [this] {
        if (close())
            QCoreApplication::quit();
    });
    // A recovery copy that cannot be written is said, and stays said until one is.
    connect(&m_safety->recovery(), &Recovery::copyFailed, this, [this](const QString& why) {
        statusBar()->showMessage(tr("No recovery copy could be written (%1): save your work").arg(why));
    });
    connect(m_safety, &FileSafety::reloadRequested, this, [this] {
        const QString path = m_controller->filePath();
        QString error;
        QStringList warnings;
        if (!m_controller->open(path, &error, &warnings))
            QMessageBox::critical(this, tr("Cannot reload design"), error);
        else
            statusBar()->showMessage(tr("Reloaded %1").arg(QFileInfo(path).fileName()), 5000);
    });
    m_controller->newDesign();
    restoreLayout();
    updateTitle();
    m_view->setZoom(1.0);
}

MainWindow::~MainWindow()
{
    // The controller outlives this class's part of the object (it is a child
    // QObject) and its undo stack and scene still signal while they go:
    // nothing of theirs may reach a half-destroyed window.
    for (QObject* sender :
         std::initializer_list<QObject*>{m_controller, &m_controller->undoStack(), &m_controller->scene(),
                                         &m_controller->engine(), &m_controller->selection()})
        disconnect(sender, nullptr, this, nullptr);
}

void MainWindow::addFoldActions(QMenu* view)
{
    // Folding is view state, like the zoom: no undo step, nothing saved.
    QAction* foldAll = view->addAction(tr("Fold &All Client Groups"));
    foldAll->setShortcut(QKeySequence(u"Ctrl+Shift+G"_s));
    foldAll->setCheckable(true);
    foldAll->setToolTip(tr("Each site's client groups as one node carrying their flows"));
    connect(foldAll, &QAction::toggled, this,
            [this](bool on) { m_controller->scene().setAllClientGroupsFolded(on); });
    connect(&m_controller->document(), &Document::documentReset, foldAll, [foldAll] {
        const QSignalBlocker blocker(foldAll); // a design opens unfolded
        foldAll->setChecked(false);
    });
    view->addAction(tr("Fold or Unfold Client Groups of &Selected Sites"), QKeySequence(u"Ctrl+G"_s), this,
                    [this] {
                        DesignScene& scene = m_controller->scene();
                        const QList<int> sites = m_controller->sitesOfSelection();
                        if (sites.isEmpty()) {
                            statusBar()->showMessage(tr("Select a site (or a node in it) to fold its "
                                                        "client groups"),
                                                     5000);
                            return;
                        }
                        const bool fold = !scene.areClientGroupsFolded(sites.first());
                        for (int site : std::as_const(sites))
                            scene.setClientGroupsFolded(site, fold);
                    });
}

void MainWindow::createDocks()
{
    DesignController& c = *m_controller;
    m_palette = new PaletteWidget(c.document().catalog(), this);
    m_properties = new PropertiesPanel(c.document(), this);
    m_properties->setFlowEngine(&c.engine());
    m_flows = new FlowTablePanel(c.document(), c.engine(), this);
    m_checks = new ChecksPanel(c.document(), c.engine(), this);
    m_analysis = new AnalysisPanel(c.document(), c.engine(), this);
    auto* history = new QUndoView(&c.undoStack(), this);
    history->setEmptyLabel(tr("Opened design"));
    // The port catalog with a filter box: every column searched, as the Flows panel's filter is.
    auto* catalogPanel = new QWidget(this);
    auto* catalogFilter = new QLineEdit(catalogPanel);
    catalogFilter->setObjectName(u"catalogFilter"_s);
    catalogFilter->setPlaceholderText(tr("Filter: port, service, role or reference section"));
    catalogFilter->setClearButtonEnabled(true);
    auto* catalogTable = new QTableView(catalogPanel);
    auto* catalogModel = new CatalogTableModel(c.document().catalog(), this);
    auto* catalogProxy = new QSortFilterProxyModel(this);
    catalogProxy->setSourceModel(catalogModel);
    catalogProxy->setFilterKeyColumn(-1);
    catalogProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(catalogFilter, &QLineEdit::textChanged, catalogProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    catalogTable->setModel(catalogProxy);
    auto* catalogLayout = new QVBoxLayout(catalogPanel);
    catalogLayout->setContentsMargins(0, 0, 0, 0);
    catalogLayout->addWidget(catalogFilter);
    catalogLayout->addWidget(catalogTable);
    catalogTable->verticalHeader()->hide();
    catalogTable->horizontalHeader()->setStretchLastSection(true);
    catalogTable->setAlternatingRowColors(true);
    catalogTable->resizeColumnsToContents();

    QDockWidget* palette = dock(this, tr("Palette"), u"palette"_s, m_palette, Qt::LeftDockWidgetArea);
    QDockWidget* properties =
        dock(this, tr("Properties"), u"properties"_s, m_properties, Qt::RightDockWidgetArea);
    QDockWidget* undo = dock(this, tr("History"), u"history"_s, history, Qt::RightDockWidgetArea);
    QDockWidget* flows = dock(this, tr("Flows"), u"flows"_s, m_flows, Qt::BottomDockWidgetArea);
    QDockWidget* checks = dock(this, tr("Checks"), u"checks"_s, m_checks, Qt::BottomDockWidgetArea);
    QDockWidget* catalog =
        dock(this, tr("Port catalog"), u"catalog"_s, catalogPanel, Qt::BottomDockWidgetArea);
    QDockWidget* analysis = dock(this, tr("Analysis"), u"analysis"_s, m_analysis, Qt::BottomDockWidgetArea);
    m_flowsDock = flows;
    m_propertiesDock = properties;
    tabifyDockWidget(properties, undo);
    tabifyDockWidget(flows, checks);
    tabifyDockWidget(checks, analysis);
    tabifyDockWidget(analysis, catalog);
    properties->raise();
    flows->raise();
    resizeDocks({palette, properties}, {250, 400}, Qt::Horizontal);
    resizeDocks({flows}, {260}, Qt::Vertical);
    m_viewMenu = new QMenu(tr("&Panels"), this);
    for (QDockWidget* d : {palette, properties, undo, flows, checks, analysis, catalog})
        m_viewMenu->addAction(d->toggleViewAction());
}

void MainWindow::createActions()
{
    DesignController* c = m_controller;
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New"), QKeySequence::New, this, &MainWindow::newDesign);
    file->addAction(tr("&Open..."), QKeySequence::Open, this, &MainWindow::open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    // Some desktops define no Save As key; the README promises Ctrl+Shift+S everywhere.
    const QList<QKeySequence> saveAsKeys = QKeySequence::keyBindings(QKeySequence::SaveAs);
    file->addAction(tr("Save &As..."), this, &MainWindow::saveAs)
        ->setShortcuts(saveAsKeys.isEmpty() ? QList<QKeySequence>{QKeySequence(u"Ctrl+Shift+S"_s)}
                                            : saveAsKeys);
    file->addAction(tr("Save a Cop&y..."), this, &MainWindow::saveCopy);
    file->addSeparator();
    file->addAction(tr("&Import Hierarchy..."), this, [this] {
        if (ImportActions::importHierarchy(this, *m_controller, lastDirectory()))
            m_view->zoomToFit();
    });
    file->addAction(tr("&Export..."), QKeySequence(u"Ctrl+E"_s), this, &MainWindow::exportDesign);
    file->addAction(tr("&Print..."), QKeySequence::Print, this, [this] { printDesign(); });
    file->addAction(tr("Print Pre&view"), QKeySequence(u"Ctrl+Shift+P"_s), this,
                    [this] { printDesign(false); });
    file->addAction(tr("Export &Charts..."), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export charts"),
                                                          QDir(lastDirectory()).filePath(u"charts.png"_s),
                                                          tr("PNG images (*.png);;PDF documents (*.pdf)"));
        QString error;
        if (!path.isEmpty() && !m_analysis->saveCharts(path, &error))
            QMessageBox::critical(this, tr("Export failed"), error);
    });
    file->addSeparator();
    file->addAction(tr("Import &Test Results..."), this, [this] {
        const QStringList paths =
            QFileDialog::getOpenFileNames(this, tr("Import port test results"), lastDirectory(),
                                          tr("Port test results (*.csv);;All files (*)"));
        if (!paths.isEmpty())
            importTestResults(paths);
    });
    file->addAction(tr("Export &Verification Report..."), this, &MainWindow::exportVerificationReport);
    file->addAction(tr("Clear Test Results"), this, [this] { m_results->clear(); });
    file->addSeparator();
    file->addAction(tr("What Changed Since Last &Save..."), this,
                    [this] { compareWith(m_controller->filePath()); });
    file->addAction(tr("Compare &With Another Design..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Compare with"), lastDirectory(),
                                                          tr("Portolan designs (*.portolan)"));
        if (!path.isEmpty())
            compareWith(path);
    });
    file->addSeparator();
    file->addAction(tr("&Close"), QKeySequence::Close, this, &MainWindow::closeDesign);
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    updateRecentMenu();

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = c->undoStack().createUndoAction(this, tr("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    QAction* redo = c->undoStack().createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(u"Ctrl+Y"_s), QKeySequence(u"Ctrl+Shift+Z"_s)});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("Cu&t"), QKeySequence::Cut, this, [c] {
        auto* mime = new QMimeData;
        mime->setData(QString::fromLatin1(DesignController::kClipboardMime), c->copySelection());
        QApplication::clipboard()->setMimeData(mime);
        c->deleteSelection();
    });
    edit->addAction(tr("&Copy"), QKeySequence::Copy, this, [c] {
        auto* mime = new QMimeData;
        mime->setData(QString::fromLatin1(DesignController::kClipboardMime), c->copySelection());
        QApplication::clipboard()->setMimeData(mime);
    });
    QAction* paste = edit->addAction(tr("&Paste"), QKeySequence::Paste, this, [c] {
        if (const QMimeData* mime = QApplication::clipboard()->mimeData())
            c->paste(mime->data(QString::fromLatin1(DesignController::kClipboardMime)));
    });
    QAction* duplicate = edit->addAction(tr("D&uplicate"), QKeySequence(u"Ctrl+D"_s), c,
                                         &DesignController::duplicateSelection);
    QAction* remove = edit->addAction(tr("&Delete"), c, &DesignController::deleteSelection);
    remove->setShortcuts({QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)});
    QAction* selectAll =
        edit->addAction(tr("Select &All"), QKeySequence::SelectAll, c, &DesignController::selectAll);
    QAction* fit = new QAction(tr("&Fit to Window"), this);
    fit->setShortcut(QKeySequence(u"Ctrl+0"_s));
    connect(fit, &QAction::triggered, m_view, &DesignView::zoomToFit);
    CanvasActions::Hooks hooks{remove, duplicate, paste, selectAll, fit, {}, {}, {}};
    hooks.showProperties = [this] {
        m_propertiesDock->show();
        m_propertiesDock->raise();
    };
    hooks.showFlows = [this] {
        showFlowsPanel();
    };
    hooks.toggleFold = [c](int site) {
        c->scene().setClientGroupsFolded(site, !c->scene().areClientGroupsFolded(site));
    };
    m_canvasActions = new CanvasActions(*c, m_view, hooks, this);
    edit->addAction(m_canvasActions->renameAction());
    edit->addSeparator();
    QMenu* arrange = edit->addMenu(tr("A&rrange"));
    arrange->addAction(tr("Lay &Out"), QKeySequence(u"Ctrl+L"_s), this, [this, c] {
        c->layOut();
        m_view->zoomToFit();
    });
    arrange->addSeparator();
    arrange->addAction(tr("Align &Left"), this, [c] { c->alignSelection(Qt::AlignLeft); });
    arrange->addAction(tr("Align &Right"), this, [c] { c->alignSelection(Qt::AlignRight); });
    arrange->addAction(tr("Align &Top"), this, [c] { c->alignSelection(Qt::AlignTop); });
    arrange->addAction(tr("Align &Bottom"), this, [c] { c->alignSelection(Qt::AlignBottom); });
    arrange->addAction(tr("Align Centres &Horizontally"), this, [c] { c->alignSelection(Qt::AlignVCenter); });
    arrange->addAction(tr("Align Centres &Vertically"), this, [c] { c->alignSelection(Qt::AlignHCenter); });
    arrange->addSeparator();
    arrange->addAction(tr("Distribute Hori&zontally"), this, [c] { c->distributeSelection(Qt::Horizontal); });
    arrange->addAction(tr("Distribute V&ertically"), this, [c] { c->distributeSelection(Qt::Vertical); });
    const struct
    {
        Qt::Key key;
        QPointF delta;
    } nudges[] = {
        {Qt::Key_Left, {-20, 0}}, {Qt::Key_Right, {20, 0}}, {Qt::Key_Up, {0, -20}}, {Qt::Key_Down, {0, 20}}};
    for (const auto& n : nudges) {
        auto* action = new QAction(this);
        action->setShortcut(QKeySequence(n.key));
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, c, [c, delta = n.delta] { c->nudgeSelection(delta); });
        m_view->addAction(action);
    }

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* zoomIn = view->addAction(tr("Zoom &In"), m_view, &DesignView::zoomIn);
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)});
    QAction* zoomOut = view->addAction(tr("Zoom &Out"), m_view, &DesignView::zoomOut);
    zoomOut->setShortcuts({QKeySequence::ZoomOut, QKeySequence(Qt::Key_Minus)});
    view->addAction(fit);
    view->addAction(tr("Actual &Size"), QKeySequence(u"Ctrl+1"_s), m_view, &DesignView::actualSize);
    QAction* snap = view->addAction(tr("&Snap to Grid"));
    snap->setCheckable(true);
    snap->setChecked(true);
    connect(snap, &QAction::toggled, this, [this](bool on) { m_controller->scene().setSnapToGrid(on); });
    QAction* firewall = view->addAction(tr("&Firewall View"));
    firewall->setShortcut(QKeySequence(u"Ctrl+Shift+W"_s));
    firewall->setCheckable(true);
    firewall->setToolTip(
        tr("Only the flows that cross a zone boundary, one line per pair of zones with its ports"));
    connect(firewall, &QAction::toggled, this, [this](bool on) {
        m_controller->scene().setFirewallView(on);
        statusBar()->showMessage(on ? tr("Firewall view: flows between zones, with their ports") : QString(),
                                 5000);
    });
    QAction* legend = view->addAction(tr("&Legend"));
    legend->setCheckable(true);
    legend->setChecked(m_view->isLegendVisible());
    connect(legend, &QAction::toggled, m_view, &DesignView::setLegendVisible);
    addFoldActions(view);
    view->addSeparator();
    addFocusActions(view);
    view->addSeparator();
    view->addAction(tr("Search &Palette"), QKeySequence::Find, m_palette, &PaletteWidget::focusSearch);
    view->addMenu(m_viewMenu);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Getting Started"), QKeySequence::HelpContents, this,
                    [this] { HelpDialogs::showGettingStarted(this); });
    help->addAction(tr("&Port Reference (Microsoft Learn)"), this,
                    [this] { HelpDialogs::openPortReference(this); });
    help->addAction(tr("Get the Hierarchy &Collector..."), this,
                    [this] { ImportActions::saveCollector(this, lastDirectory()); });
    help->addSeparator();
    help->addAction(tr("&About Portolan"), this, [this] { HelpDialogs::showAbout(this); });
}

void MainWindow::showFlowsPanel()
{
    // The selection's flows are what the user came to read: the panel gets room for them, not the
    // few rows a panel tabbed under the canvas starts with.
    m_flowsDock->show();
    m_flowsDock->raise();
    const int tall = height() / 2;
    if (!m_flowsDock->isFloating() && m_flowsDock->height() < tall)
        resizeDocks({m_flowsDock}, {tall}, Qt::Vertical);
}

void MainWindow::selectionChanged()
{
    const QList<int> nodes = m_controller->selection().nodes();
    m_properties->showSelection(nodes, m_controller->selection().sites());
    m_flows->setSelection(nodes);
    m_analysis->setSelection(nodes);
}

void MainWindow::updateTitle()
{
    const QString path = m_controller->filePath();
    const QString name = path.isEmpty() ? tr("Untitled") : QFileInfo(path).fileName();
    setWindowTitle(u"%1[*] — Portolan"_s.arg(name));
    setWindowModified(m_controller->isModified());
}

bool MainWindow::maybeSave()
{
    if (!m_controller->isModified())
        return true;
    const auto answer = QMessageBox::warning(this, tr("Unsaved changes"),
                                             tr("The design has unsaved changes. Save them first?"),
                                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool MainWindow::newDesign()
{
    if (!maybeSave())
        return false;
    m_controller->newDesign();
    m_view->setZoom(1.0);
    m_view->centerOn(400, 300);
    return true;
}

void MainWindow::closeDesign()
{
    // One design per window: closing it leaves the empty canvas, as File > New does.
    if (newDesign())
        statusBar()->showMessage(tr("Design closed"), 5000);
}

QString MainWindow::lastDirectory() const
{
    return QSettings().value(u"files/lastDirectory"_s).toString();
}

void MainWindow::open()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open design"), lastDirectory(),
                                                      tr("Portolan designs (*.portolan);;All files (*)"));
    if (!path.isEmpty())
        openDesign(path);
}

bool MainWindow::openDesign(const QString& path)
{
    QString error;
    QStringList warnings;
    if (!m_controller->open(path, &error, &warnings)) {
        QMessageBox::critical(this, tr("Cannot open design"), error);
        return false;
    }
    if (!warnings.isEmpty())
        QMessageBox::warning(this, tr("Opened with warnings"), warnings.join(u'\n'));
    QSettings().setValue(u"files/lastDirectory"_s, QFileInfo(path).absolutePath());
    addRecent(QFileInfo(path).absoluteFilePath());
    // Fit, and again once the window has its final size.
    m_view->requestFit();
    statusBar()->showMessage(tr("Opened %1").arg(QFileInfo(path).fileName()), 5000);
    return true;
}

void MainWindow::offerRecovery()
{
    m_safety->offerRecoveredCopies();
    if (!m_controller->isModified())
        return;
    QTimer::singleShot(0, m_view, &DesignView::zoomToFit);
    statusBar()->showMessage(tr("Restored from the recovery copy: save to keep the changes"), 15000);
}

bool MainWindow::save()
{
    if (m_controller->filePath().isEmpty())
        return saveAs();
    if (!m_safety->mayOverwriteOpenFile())
        return false;
    QString error;
    if (!m_controller->save(m_controller->filePath(), &error)) {
        QMessageBox::critical(this, tr("Cannot save design"), error);
        return false;
    }
    showSaved();
    return true;
}

void MainWindow::showSaved()
{
    const QString name = QFileInfo(m_controller->filePath()).fileName();
    const QString why = m_safety->recovery().lastError();
    if (why.isEmpty())
        statusBar()->showMessage(tr("Saved %1").arg(name), 5000);
    else
        statusBar()->showMessage(
            tr("Saved %1, but recovery copies cannot be written (%2): unsaved edits are not protected")
                .arg(name, why));
}

bool MainWindow::saveAs()
{
    // The question about replacing a file is asked here, once the suffix is on
    // the name, so that it names the file that will really be replaced, whether
    // the platform's dialog or Qt's own was used.
    QFileDialog dialog(this, tr("Save design"), lastDirectory(), tr("Portolan designs (*.portolan)"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(u"portolan"_s);
    dialog.setOption(QFileDialog::DontConfirmOverwrite);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return false;
    QString path = dialog.selectedFiles().constFirst();
    if (!path.endsWith(u".portolan"))
        path += u".portolan"_s;
    if (QFileInfo::exists(path) && !OutputFile::sameFile(path, m_controller->filePath()) &&
        QMessageBox::warning(this, tr("Replace file"),
                             tr("%1 already exists. Replace it?").arg(QFileInfo(path).fileName()),
                             QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
        return false;
    if (OutputFile::sameFile(path, m_controller->filePath()) && !m_safety->mayOverwriteOpenFile())
        return false;
    m_controller->nameAfterFile(path);
    QString error;
    if (!m_controller->save(path, &error)) {
        QMessageBox::critical(this, tr("Cannot save design"), error);
        return false;
    }
    QSettings().setValue(u"files/lastDirectory"_s, QFileInfo(path).absolutePath());
    addRecent(QFileInfo(path).absoluteFilePath());
    showSaved();
    return true;
}

void MainWindow::saveCopy()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save a copy"), lastDirectory(),
                                                      tr("Portolan designs (*.portolan)"));
    QString error;
    if (path.isEmpty())
        return;
    if (OutputFile::sameFile(path, m_controller->filePath())) {
        QMessageBox::warning(this, tr("Save a copy"), tr("That is the open design's own file: use Save."));
        return;
    }
    if (!m_controller->saveCopy(path, &error))
        QMessageBox::critical(this, tr("Cannot save the copy"), error);
    else
        statusBar()->showMessage(
            tr("Saved a copy as %1 (a design of its own)").arg(QFileInfo(path).fileName()), 8000);
}

void MainWindow::addRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(u"files/recent"_s).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(u"files/recent"_s, recent.mid(0, kMaxRecent));
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(u"files/recent"_s).toStringList();
    for (const QString& path : recent)
        m_recentMenu
            ->addAction(QFileInfo(path).fileName(), this,
                        [this, path] {
                            if (maybeSave())
                                openDesign(path);
                        })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray())) {
        const QRect screen = QGuiApplication::primaryScreen()->availableGeometry();
        resize(screen.size() * 0.92);
        move(screen.center() - rect().center());
    }
    restoreState(settings.value(u"window/state"_s).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // A termination signal or a logout without interaction has kept a recovery
    // copy already: close without asking.
    if (!m_safety->quittingForSignal() && !maybeSave()) {
        event->ignore();
        return;
    }
    m_safety->closedNormally();
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    event->accept();
}

} // namespace portolan
