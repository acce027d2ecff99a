// The user's path through the real main window (numbers in the README): the designer's
// MainWindow, a generated design opened as File > Open and the command line open it (fitted
// to the window, the panels on as the window starts), timed until the window is idle: the
// canvas painted after the fit, the events the open posted handled and the short timers it
// started (the scene's deferred work, the panels' refreshes, the flow count) fired. Then edits
// on the large design (move a server, change a server's option, delete a server) timed until
// the canvas is repainted (its deferred work done), with the time until the window is idle beside.
#include "designcontroller.h"
#include "mainwindow.h"

#include "canvas/designscene.h"
#include "canvas/designview.h"
#include "commands/commands.h"
#include "design/designfile.h"
#include "design/document.h"
#include "hierarchygenerator.h"
#include "layout/autolayout.h"
#include "panels/panelworker.h"

#include <benchmark/benchmark.h>

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

// With PORTOLAN_PERF_CTL naming perf record's control fifo (perf record -D -1
// --control=fifo:FIFO), only the timed part of an edit is recorded.
void perfControl(const char* command)
{
    static FILE* fifo = [] {
        const QByteArray path = qgetenv("PORTOLAN_PERF_CTL");
        return path.isEmpty() ? nullptr : std::fopen(path.constData(), "w");
    }();
    if (fifo) {
        std::fputs(command, fifo);
        std::fflush(fifo);
    }
}

// Counts the canvas's paints.
class PaintWatch : public QObject
{
public:
    explicit PaintWatch(QWidget* viewport) { viewport->installEventFilter(this); }
    int paints = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

// A short single-shot timer still to fire: work the window put off (a longer one, such as the
// recovery copy's, is not waiting on the user).
bool waitingTimers(const MainWindow& window)
{
    const auto timers = window.findChildren<QTimer*>();
    return std::any_of(timers.begin(), timers.end(), [](const QTimer* t) {
        return t->isActive() && t->isSingleShot() && t->interval() <= 500;
    });
}

bool panelsBusy(const MainWindow& window)
{
    const auto workers = window.findChildren<PanelWorker*>();
    return std::any_of(workers.begin(), workers.end(), [](const PanelWorker* w) { return w->isBusy(); });
}

// Handles events until the canvas has painted (more than `paintsBefore` times) and nothing
// the window put off is waiting. Returns the seconds until then; `panels` gets the seconds until
// the panels' background work is in too.
double waitUntilIdle(MainWindow& window, const PaintWatch& watch, int paintsBefore,
                     const QElapsedTimer& clock, double* panels)
{
    double idle = -1;
    for (;;) {
        QCoreApplication::processEvents(QEventLoop::AllEvents);
        if (idle < 0 && watch.paints > paintsBefore && !waitingTimers(window))
            idle = double(clock.nsecsElapsed()) / 1e9;
        if (idle >= 0 && !panelsBusy(window))
            break;
        if (idle >= 0)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
    }
    if (panels)
        *panels = double(clock.nsecsElapsed()) / 1e9;
    return idle;
}

// A generated design written to a file: with coordinates (laid out beforehand) or without them,
// as `flow_bench generate` writes it.
QString writeDesign(const QTemporaryDir& dir, int size, bool coordinates)
{
    auto doc = generateHierarchy(generatedSize(size));
    if (coordinates)
        LayoutCommand(*doc).redo();
    const QString path = dir.filePath(u"design-%1-%2.portolan"_s.arg(size).arg(coordinates));
    QString error;
    if (!DesignFile::save(*doc, path, &error))
        qFatal("%s", qPrintable(error));
    return path;
}

std::unique_ptr<MainWindow> showWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->resize(1600, 1000);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        qFatal("the window was not shown");
    QCoreApplication::processEvents();
    return window;
}

// The large design, laid out, opened in a window just shown and fitted, the window idle.
struct FittedLarge
{
    QTemporaryDir dir;
    std::unique_ptr<MainWindow> window;
    std::unique_ptr<PaintWatch> watch;
};

std::unique_ptr<FittedLarge> openLargeFitted()
{
    auto large = std::make_unique<FittedLarge>();
    const QString path = writeDesign(large->dir, 2, true);
    large->window = showWindow();
    large->watch = std::make_unique<PaintWatch>(large->window->view().viewport());
    large->window->openDesign(path);
    QElapsedTimer warm;
    warm.start();
    waitUntilIdle(*large->window, *large->watch, large->watch->paints, warm, nullptr);
    return large;
}

// Opening a design in a window just shown: args size (1 medium, 2 large), coordinates (0, 1).
void OpenInWindow(benchmark::State& state)
{
    QTemporaryDir dir;
    const QString path = writeDesign(dir, int(state.range(0)), state.range(1) != 0);
    double panels = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto window = showWindow();
        PaintWatch watch(window->view().viewport());
        state.ResumeTiming();
        QElapsedTimer clock;
        clock.start();
        window->openDesign(path);
        const double idle = waitUntilIdle(*window, watch, watch.paints, clock, &panels);
        state.SetIterationTime(idle);
        state.PauseTiming();
        window->controller().undoStack().setClean(); // closes without asking
        window.reset();
        QCoreApplication::processEvents();
        state.ResumeTiming();
    }
    state.counters["panels_s"] = panels;
}

// Edits on the large design, laid out, open and fitted: 0 moves a distribution point, 1 changes
// its option, 2 deletes one (selected beforehand, as a user clicks it before pressing Delete: the
// window idle again before the clock starts), 3 selects one (the click alone), each undone apart
// from the timing.
void EditInWindow(benchmark::State& state)
{
    const std::unique_ptr<FittedLarge> large = openLargeFitted();
    MainWindow* window = large->window.get();
    PaintWatch& watch = *large->watch;
    DesignController& controller = window->controller();
    const Document& doc = controller.document();
    std::vector<int> servers;
    for (const auto& [id, n] : doc.nodes())
        if (doc.hasRole(n, u"distribution_point") && !doc.hasRole(n, u"management_point"))
            servers.push_back(id);
    size_t next = 0;
    double panels = 0, idle = 0;
    for (auto _ : state) {
        const int id = servers[(next++ * 7919) % servers.size()];
        const Node before = *doc.node(id);
        if (state.range(0) == 2) {
            state.PauseTiming();
            const int paintsBefore = watch.paints;
            controller.scene().selectOnly({id});
            QElapsedTimer selected;
            selected.start();
            waitUntilIdle(*window, watch, paintsBefore, selected, nullptr);
            state.ResumeTiming();
        }
        QElapsedTimer clock;
        clock.start();
        const int paints = watch.paints;
        perfControl("enable\n");
        switch (state.range(0)) {
        case 0:
            controller.applyMoves({{id, before.position}}, {{id, before.position + QPointF(40, 40)}}, {}, {});
            break;
        case 1: {
            Node after = before;
            after.options[u"dp.pxe"_s] = !after.options.value(u"dp.pxe"_s).toBool();
            controller.editNode(before, after, u"PXE"_s);
            break;
        }
        case 2:
            controller.deleteSelection();
            break;
        default:
            controller.scene().selectOnly({id});
            break;
        }
        // Repainted: the canvas painted with the scene's deferred work done.
        double repainted = -1;
        while (repainted < 0) {
            QCoreApplication::processEvents(QEventLoop::AllEvents);
            if (watch.paints > paints && !controller.scene().hasPendingWork())
                repainted = double(clock.nsecsElapsed()) / 1e9;
        }
        perfControl("disable\n");
        idle = waitUntilIdle(*window, watch, paints, clock, &panels);
        state.SetIterationTime(repainted);
        state.PauseTiming();
        if (state.range(0) != 3)
            controller.undoStack().undo();
        controller.scene().selectOnly({});
        QElapsedTimer undo;
        undo.start();
        waitUntilIdle(*window, watch, watch.paints, undo, nullptr);
        state.ResumeTiming();
    }
    state.counters["idle_s"] = idle; // the panels' short timers fired too
    state.counters["panels_s"] = panels;
    controller.undoStack().setClean();
}

// A whole repaint of the large design fitted to the window (what an edit that changes every
// node's look, such as clearing a selection that dimmed the rest, costs at least).
void RepaintFitted(benchmark::State& state)
{
    const std::unique_ptr<FittedLarge> large = openLargeFitted();
    MainWindow* window = large->window.get();
    for (auto _ : state) {
        QElapsedTimer clock;
        clock.start();
        perfControl("enable\n");
        window->view().viewport()->repaint();
        perfControl("disable\n");
        state.SetIterationTime(double(clock.nsecsElapsed()) / 1e9);
    }
    window->controller().undoStack().setClean();
}

// The price of the lazy routes and labels: the large design opened and fitted, then View > Actual
// Size (100 %, arg 0) or a zoom to 30 % (arg 1, where the bundles give way to the edges and their
// labels are drawn), where edges are routed and labelled the first time, until repainted.
void FirstZoomToActualSize(benchmark::State& state)
{
    QTemporaryDir dir;
    const QString path = writeDesign(dir, 2, true);
    for (auto _ : state) {
        state.PauseTiming();
        auto window = showWindow();
        PaintWatch watch(window->view().viewport());
        window->openDesign(path);
        QElapsedTimer opened;
        opened.start();
        waitUntilIdle(*window, watch, watch.paints, opened, nullptr);
        state.ResumeTiming();
        QElapsedTimer clock;
        clock.start();
        const int paints = watch.paints;
        perfControl("enable\n");
        if (state.range(0) == 0)
            window->view().actualSize();
        else
            window->view().setZoom(DesignScene::kBundleZoom);
        while (watch.paints == paints || window->controller().scene().hasPendingWork())
            QCoreApplication::processEvents(QEventLoop::AllEvents);
        perfControl("disable\n");
        state.SetIterationTime(double(clock.nsecsElapsed()) / 1e9);
        state.PauseTiming();
        window->controller().undoStack().setClean();
        window.reset();
        state.ResumeTiming();
    }
}

QAction* viewMenuAction(MainWindow& window, const QString& text)
{
    for (QAction* top : window.menuBar()->actions())
        if (top->text().remove(u'&') == u"View"_s && top->menu())
            for (QAction* a : top->menu()->actions())
                if (a->text().remove(u'&') == text)
                    return a;
    qFatal("no View > %s", qPrintable(text));
}

// Ways of looking at the large design, laid out, open and fitted, as the View menu gives them:
// 0 the site page of the site with most nodes (a server of it selected), 1 focus on one distribution
// point, 2 shared services as references; each timed until the canvas is repainted, then left
// (Show All, or the option off) apart from the timing.
void LookInWindow(benchmark::State& state)
{
    const std::unique_ptr<FittedLarge> large = openLargeFitted();
    MainWindow* window = large->window.get();
    PaintWatch& watch = *large->watch;
    DesignController& controller = window->controller();
    const Document& doc = controller.document();
    std::map<int, std::vector<int>> nodesOf;
    int dp = -1;
    for (const auto& [id, n] : doc.nodes()) {
        nodesOf[n.site].push_back(id);
        if (dp < 0 && doc.hasRole(n, u"distribution_point") && !doc.hasRole(n, u"management_point"))
            dp = id;
    }
    nodesOf.erase(-1);
    const auto largest = std::max_element(nodesOf.begin(), nodesOf.end(), [](const auto& a, const auto& b) {
        return a.second.size() < b.second.size();
    });
    QAction* look = nullptr;
    QList<int> select;
    switch (state.range(0)) {
    case 0:
        look = viewMenuAction(*window, u"Site Page"_s);
        select = {largest->second.front()};
        break;
    case 1:
        look = viewMenuAction(*window, u"Focus on Selection"_s);
        select = {dp};
        break;
    default:
        look = viewMenuAction(*window, u"Shared Services as References"_s);
        break;
    }
    QAction* back = state.range(0) < 2 ? viewMenuAction(*window, u"Show All"_s) : look;
    for (auto _ : state) {
        controller.scene().selectOnly(select);
        QElapsedTimer clock;
        clock.start();
        const int paints = watch.paints;
        look->trigger();
        while (watch.paints == paints || controller.scene().hasPendingWork())
            QCoreApplication::processEvents(QEventLoop::AllEvents);
        state.SetIterationTime(double(clock.nsecsElapsed()) / 1e9);
        state.PauseTiming();
        back->trigger();
        controller.scene().selectOnly({});
        QElapsedTimer left;
        left.start();
        waitUntilIdle(*window, watch, watch.paints, left, nullptr);
        state.ResumeTiming();
    }
    controller.undoStack().setClean();
}

} // namespace

BENCHMARK(LookInWindow)
    ->DenseRange(0, 2)
    ->ArgName("look")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK(FirstZoomToActualSize)
    ->DenseRange(0, 1)
    ->ArgName("to30")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(RepaintFitted)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(OpenInWindow)
    ->ArgsProduct({{1, 2}, {1, 0}})
    ->ArgNames({"size", "coordinates"})
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(EditInWindow)
    ->DenseRange(0, 3)
    ->ArgName("edit")
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(5);

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true); // the user's settings and recent files are left alone
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"PortolanBench"_s);
    QApplication::setApplicationName(u"WindowBench"_s);
    {
        // Fonts, icons and glyph caches once, so that the first case does not pay for them.
        auto window = showWindow();
        window->openDesign(QStringLiteral(PORTOLAN_EXAMPLES "/cas-two-primaries.portolan"));
        QTest::qWait(300);
        window->controller().undoStack().setClean();
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
