// Speed of the diagram on generated hierarchies (numbers in the README): the
// scene built from a laid-out design, the first paint of the whole design in a
// window-sized view, a zoom step and a selection on it, and the PDF export.
#include "canvas/designscene.h"
#include "canvas/designview.h"
#include "catalog/catalog.h"
#include "commands/commands.h"
#include "design/designfile.h"
#include "design/document.h"
#include "drawing/diagram.h"
#include "drawing/paper/diagramset.h"
#include "drawing/paper/diagramsetpainter.h"
#include "flows/flowengine.h"
#include "hierarchygenerator.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

std::unique_ptr<Document> laidOut(int index)
{
    auto doc = generateHierarchy(generatedSize(index));
    LayoutCommand(*doc).redo();
    return doc;
}

// What a window shows: the view rendered into an image of a typical canvas size.
void paintView(DesignView& view)
{
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    view.render(&painter, QRectF(), view.viewport()->rect());
}

// A laid-out generated hierarchy open in the designer's view, 1200 x 800 pixels.
struct OpenDesign
{
    explicit OpenDesign(int index) : doc(laidOut(index)), engine(*doc), scene(*doc, engine), view(&scene)
    {
        view.resize(1200, 800);
    }
    std::unique_ptr<Document> doc;
    FlowEngine engine;
    DesignScene scene;
    DesignView view;
};

void SceneBuild(benchmark::State& state)
{
    auto doc = laidOut(int(state.range(0)));
    FlowEngine engine(*doc);
    for (auto _ : state) {
        auto scene = std::make_unique<DesignScene>(*doc, engine);
        benchmark::DoNotOptimize(scene->items().size());
        state.PauseTiming(); // closing the design is timed apart
        scene.reset();
        state.ResumeTiming();
    }
}

void SceneTearDown(benchmark::State& state)
{
    auto doc = laidOut(int(state.range(0)));
    FlowEngine engine(*doc);
    for (auto _ : state) {
        state.PauseTiming();
        auto scene = std::make_unique<DesignScene>(*doc, engine);
        QCoreApplication::processEvents(); // as in the window: items get polished
        state.ResumeTiming();
        scene.reset();
    }
}

// From the file on disk to the first picture: read, flows, scene, fit, paint.
void OpenToFirstPaint(benchmark::State& state)
{
    auto doc = laidOut(int(state.range(0)));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"design.portolan"_s);
    QString error;
    DesignFile::save(*doc, path, &error);
    for (auto _ : state) {
        Document opened(Catalog::builtin());
        DesignFile::load(opened, path, &error);
        FlowEngine engine(opened);
        DesignScene scene(opened, engine);
        DesignView view(&scene);
        view.resize(1200, 800);
        view.zoomToFit();
        paintView(view);
    }
}

// The timed loop of the zoom cases: a step in, a step out, each painted.
void zoomInAndOut(benchmark::State& state, DesignView& view)
{
    bool in = false;
    for (auto _ : state) {
        in = !in;
        in ? view.zoomIn() : view.zoomOut();
        paintView(view);
    }
}

void ZoomStep(benchmark::State& state)
{
    OpenDesign open(int(state.range(0)));
    open.view.setZoom(0.5);
    zoomInAndOut(state, open.view);
}

// Zoomed out, where the bundles are drawn and their labels placed again at each step: from
// about the fitted zoom of the large design (2 %) to the site level (8 %).
void ZoomStepZoomedOut(benchmark::State& state)
{
    OpenDesign open(int(state.range(0)));
    open.view.zoomToFit();
    open.view.setZoom(state.range(1) / 1000.0);
    paintView(open.view);
    zoomInAndOut(state, open.view);
}

// At 100 % on the CAS's site server, where the edges of the whole hierarchy arrive: each of them
// many screen widths long, of which only the part on screen may cost anything.
void ZoomStepAtTheCas(benchmark::State& state)
{
    OpenDesign open(int(state.range(0)));
    int top = -1;
    for (const auto& [id, n] : open.doc->nodes()) {
        const Site* site = open.doc->site(n.site);
        if (site && site->parent < 0 && open.doc->hasRole(n, u"site_server"))
            top = id;
    }
    open.view.setZoom(1.0);
    open.view.centerOn(open.doc->node(top)->position);
    paintView(open.view);
    zoomInAndOut(state, open.view);
}

void SelectNode(benchmark::State& state)
{
    OpenDesign open(int(state.range(0)));
    open.view.setZoom(0.5);
    int node = -1;
    for (const auto& [id, n] : open.doc->nodes())
        if (open.doc->hasRole(n, u"management_point"))
            node = id;
    open.view.centerOn(open.doc->node(node)->position);
    bool on = false;
    for (auto _ : state) {
        on = !on;
        open.scene.selectOnly(on ? QList<int>{node} : QList<int>{});
        paintView(open.view);
    }
}

// Layout, then every edge routed round the boxes and labelled, as the PDF export does it.
void LayoutAndRoute(benchmark::State& state)
{
    auto doc = generateHierarchy(generatedSize(int(state.range(0))));
    FlowEngine engine(*doc);
    for (auto _ : state) {
        LayoutCommand(*doc).redo();
        const Diagram picture(*doc, engine);
        benchmark::DoNotOptimize(picture.bounds());
    }
}

void ExportPdf(benchmark::State& state)
{
    auto doc = laidOut(int(state.range(0)));
    FlowEngine engine(*doc);
    QTemporaryDir dir;
    for (auto _ : state) {
        const Diagram picture(*doc, engine);
        QString error;
        writeDiagramPdf(picture, dir.filePath(u"design.pdf"_s), PageOptions{}, &error);
    }
}

// The diagram set as `portolan export --format pdf` writes it: every page laid out and painted.
void ExportDiagramSet(benchmark::State& state)
{
    auto doc = laidOut(int(state.range(0)));
    FlowEngine engine(*doc);
    QTemporaryDir dir;
    int pages = 0;
    for (auto _ : state) {
        const DiagramSetOptions options;
        const DiagramSet set = buildDiagramSet(*doc, engine, options);
        QString error;
        writeDiagramSetPdf(set, options, dir.filePath(u"set.pdf"_s), &error);
        pages = int(set.pages.size());
    }
    state.counters["pages"] = pages;
}

// The largest site of a design (most hosts) and its host count.
std::pair<const Site*, int> largestSite(const Document& doc)
{
    std::map<int, int> members;
    for (const auto& [id, n] : doc.nodes())
        ++members[n.site];
    int largest = -1, most = -1;
    for (const auto& [site, count] : members)
        if (doc.site(site) && count > most) {
            largest = site;
            most = count;
        }
    return {doc.site(largest), most};
}

// One site's page of the set (the largest site of the design), laid out and painted, from the
// open design (as `portolan export --site` does once the design is read and its flows known).
void SitePage(benchmark::State& state)
{
    auto doc = laidOut(int(state.range(0)));
    FlowEngine engine(*doc);
    const auto [largest, most] = largestSite(*doc);
    QTemporaryDir dir;
    DiagramSetOptions options;
    options.flowAppendix = false;
    options.sites = {largest->code};
    for (auto _ : state) {
        QElapsedTimer t;
        t.start();
        const DiagramSet set = buildDiagramSet(*doc, engine, options);
        const qint64 built = t.nsecsElapsed();
        QString error;
        writeDiagramSetPdf(set, options, dir.filePath(u"site.pdf"_s), &error);
        state.counters["build_ms"] = double(built) / 1e6;
        state.counters["write_ms"] = double(t.nsecsElapsed() - built) / 1e6;
    }
    state.counters["hosts"] = most;
}

// The user's whole path to that page: `portolan export DESIGN --format pdf --site CODE -o FILE`
// on the laid-out design saved to disk (read, flows, the page, the PDF), the median of 3 runs.
void SitePageCommand(benchmark::State& state)
{
    const auto doc = laidOut(int(state.range(0)));
    const auto [largest, most] = largestSite(*doc);
    QTemporaryDir dir;
    const QString design = dir.filePath(u"design.portolan"_s);
    QString error;
    DesignFile::save(*doc, design, &error);
    const QStringList arguments{u"export"_s, design,        u"--format"_s, u"pdf"_s,
                                u"--site"_s, largest->code, u"-o"_s,       dir.filePath(u"site.pdf"_s)};
    for (auto _ : state) {
        std::vector<double> runs;
        for (int i = 0; i < 3; ++i) {
            QProcess process;
            process.setStandardOutputFile(QProcess::nullDevice());
            process.setStandardErrorFile(QProcess::nullDevice());
            QElapsedTimer timer;
            timer.start();
            process.start(QStringLiteral(PORTOLAN_EXECUTABLE), arguments);
            if (!process.waitForFinished(120000) || process.exitCode() != 0) {
                state.SkipWithError("portolan export --site failed");
                return;
            }
            runs.push_back(double(timer.nsecsElapsed()) / 1e9);
        }
        std::sort(runs.begin(), runs.end());
        state.SetIterationTime(runs[1]);
    }
    state.counters["hosts"] = most;
}

} // namespace

BENCHMARK(SceneBuild)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(SceneTearDown)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(OpenToFirstPaint)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(ZoomStep)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(ZoomStepZoomedOut)->ArgsProduct({{1, 2}, {20, 80}})->Unit(benchmark::kMillisecond);
BENCHMARK(ZoomStepAtTheCas)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(SelectNode)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(LayoutAndRoute)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(ExportPdf)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(ExportDiagramSet)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(SitePage)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(SitePageCommand)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1)->UseManualTime();

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    {
        // Load fonts and glyph caches once, so that the first benchmark does not pay for them.
        OpenDesign open(0);
        open.view.zoomToFit();
        paintView(open.view);
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
