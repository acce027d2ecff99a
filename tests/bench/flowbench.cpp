// Speed of the flow engine on generated hierarchies (numbers in the README).
// `flow_bench generate small|medium|large FILE` writes a design for timing
// the command line.
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"
#include "export/csvwriter.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "hierarchygenerator.h"
#include "layout/autolayout.h"

#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

const HierarchySize& sizeFor(int index)
{
    static const HierarchySize sizes[] = {kSmall, kMedium, kLarge};
    return sizes[index];
}

void ComputeAll(benchmark::State& state)
{
    auto doc = generateHierarchy(sizeFor(int(state.range(0))));
    FlowEngine engine(*doc);
    for (auto _ : state)
        engine.recomputeAll();
    state.counters["nodes"] = double(doc->nodes().size());
    state.counters["flows"] = double(engine.flowCount());
}

void RecomputeAfterOptionChange(benchmark::State& state)
{
    auto doc = generateHierarchy(sizeFor(int(state.range(0))));
    FlowEngine engine(*doc);
    // A distribution point in a secondary site that many client groups reach.
    int target = -1;
    for (const auto& [id, n] : doc->nodes()) {
        const bool secondary = doc->site(n.site) && doc->site(n.site)->kind == SiteKind::Secondary;
        if (doc->hasRole(n, u"distribution_point") && (target < 0 || secondary))
            target = id;
    }
    bool on = false;
    for (auto _ : state) {
        Node n = *doc->node(target);
        on = !on;
        n.options.insert(u"dp.pxe"_s, on);
        doc->updateNode(n);
    }
    state.counters["recomputed_nodes"] = engine.lastRecomputedNodes();
}

void WriteFlowCsv(benchmark::State& state)
{
    auto doc = generateHierarchy(sizeFor(int(state.range(0))));
    FlowEngine engine(*doc);
    size_t bytes = 0;
    for (auto _ : state) {
        CsvWriter csv;
        csv.addRow(flowListHeader());
        for (const FlowListRow& row : buildFlowList(*doc, engine))
            csv.addRow(flowListFields(row));
        bytes = size_t(csv.data().size());
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["bytes"] = double(bytes);
}

void LayOut(benchmark::State& state)
{
    auto doc = generateHierarchy(sizeFor(int(state.range(0))));
    for (auto _ : state) {
        const Layout layout = computeLayout(*doc);
        benchmark::DoNotOptimize(layout.nodes.size());
    }
    state.counters["nodes"] = double(doc->nodes().size());
}

} // namespace

BENCHMARK(LayOut)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(ComputeAll)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(RecomputeAfterOptionChange)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(WriteFlowCsv)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv)
{
    if (argc == 4 && std::strcmp(argv[1], "generate") == 0) {
        const int index = std::strcmp(argv[2], "small") == 0    ? 0
                          : std::strcmp(argv[2], "medium") == 0 ? 1
                                                                : 2;
        auto doc = generateHierarchy(sizeFor(index));
        QString error;
        if (!DesignFile::save(*doc, QString::fromLocal8Bit(argv[3]), &error)) {
            std::cerr << error.toStdString() << '\n';
            return 2;
        }
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
