// Visio and draw.io files on generated hierarchies (numbers in the README): the diagram set built
// and written, as the command line does; and the writers alone on the whole design drawn on one
// page (every host and site frame, a line per host pair: more than any page of the set holds).
#include "catalog/catalog.h"
#include "commands/commands.h"
#include "design/document.h"
#include "documentset.h"
#include "drawing/paper/diagramset.h"
#include "drawing/paper/drawiowriter.h"
#include "drawing/paper/vsdxwriter.h"
#include "flows/flowengine.h"
#include "hierarchygenerator.h"

#include <benchmark/benchmark.h>

#include <QFileInfo>
#include <QGuiApplication>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

DiagramSet generatedSet(int index)
{
    auto doc = generateHierarchy(generatedSize(index));
    LayoutCommand(*doc).redo();
    const FlowEngine engine(*doc);
    return test::documentSet(*doc, engine);
}

// range(0): the hierarchy (0 small, 1 medium, 2 large); range(1): 0 Visio, 1 draw.io.
void WriteDrawing(benchmark::State& state)
{
    const DiagramSet set = generatedSet(int(state.range(0)));
    const bool visio = state.range(1) == 0;
    QTemporaryDir dir;
    const QString path = dir.filePath(visio ? u"set.vsdx"_s : u"set.drawio"_s);
    for (auto _ : state) {
        QString error;
        const bool ok =
            visio ? writeDiagramSetVsdx(set, path, &error) : writeDiagramSetDrawio(set, path, &error);
        if (!ok)
            state.SkipWithError(error.toStdString().c_str());
    }
    state.counters["hosts"] = double(set.pages.front().nodes.size());
    state.counters["lines"] = double(set.pages.front().edges.size());
    state.counters["MB"] = double(QFileInfo(path).size()) / 1e6;
}

// As `portolan export --format vsdx|drawio` does it: the diagram set built, then written.
// range(0): the hierarchy; range(1): 0 Visio, 1 draw.io.
void ExportSet(benchmark::State& state)
{
    auto doc = generateHierarchy(generatedSize(int(state.range(0))));
    LayoutCommand(*doc).redo();
    const FlowEngine engine(*doc);
    const bool visio = state.range(1) == 0;
    QTemporaryDir dir;
    const QString path = dir.filePath(visio ? u"set.vsdx"_s : u"set.drawio"_s);
    size_t pages = 0;
    for (auto _ : state) {
        DiagramSetOptions options;
        options.flowAppendix = false;
        const DiagramSet set = buildDiagramSet(*doc, engine, options);
        pages = set.pages.size();
        QString error;
        const bool ok =
            visio ? writeDiagramSetVsdx(set, path, &error) : writeDiagramSetDrawio(set, path, &error);
        if (!ok)
            state.SkipWithError(error.toStdString().c_str());
    }
    state.counters["pages"] = double(pages);
    state.counters["MB"] = double(QFileInfo(path).size()) / 1e6;
}

} // namespace

BENCHMARK(ExportSet)
    ->ArgsProduct({{0, 1, 2}, {0, 1}})
    ->ArgNames({"size", "drawio"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(WriteDrawing)
    ->ArgsProduct({{0, 1, 2}, {0, 1}})
    ->ArgNames({"size", "drawio"})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
