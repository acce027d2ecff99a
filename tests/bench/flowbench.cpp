// Speed of the flow engine on generated hierarchies (numbers in the README).
// `flow_bench generate small|medium|large FILE` writes a design for timing
// the command line.
#include "catalog/catalog.h"
#include "checks/designchecks.h"
#include "design/designfile.h"
#include "design/document.h"
#include "export/csvwriter.h"
#include "export/exporter.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "hierarchygenerator.h"
#include "layout/autolayout.h"

#include <benchmark/benchmark.h>

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <vector>

#include <cstring>
#include <iostream>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

// What `portolan check` reads: the generated design as the file holds it.
QByteArray designFile(int size)
{
    return DesignFile::toJson(*generateHierarchy(generatedSize(size)));
}

// Loads the file into a fresh document; false (and the benchmark marked failed) when refused.
bool loadInto(Document& doc, const QByteArray& bytes, benchmark::State& state)
{
    QString error;
    if (DesignFile::loadBytes(doc, bytes, u"bench"_s, &error))
        return true;
    state.SkipWithError(error.toStdString().c_str());
    return false;
}

void Load(benchmark::State& state)
{
    const QByteArray bytes = designFile(int(state.range(0)));
    for (auto _ : state) {
        Document doc(Catalog::builtin());
        if (!loadInto(doc, bytes, state))
            return;
        benchmark::DoNotOptimize(doc.nodes().size());
    }
    state.counters["MB"] = double(bytes.size()) / 1e6;
}

// Load, flows and checks: `portolan check` without printing.
void Check(benchmark::State& state)
{
    const QByteArray bytes = designFile(int(state.range(0)));
    size_t issues = 0;
    for (auto _ : state) {
        Document doc(Catalog::builtin());
        if (!loadInto(doc, bytes, state))
            return;
        const FlowEngine engine(doc);
        issues = size_t(checkDesign(doc, engine).size());
        benchmark::DoNotOptimize(issues);
    }
    state.counters["issues"] = double(issues);
}

void ComputeAll(benchmark::State& state)
{
    auto doc = generateHierarchy(generatedSize(int(state.range(0))));
    FlowEngine engine(*doc);
    for (auto _ : state)
        engine.recomputeAll();
    state.counters["nodes"] = double(doc->nodes().size());
    state.counters["flows"] = double(engine.flowCount());
}

void RecomputeAfterOptionChange(benchmark::State& state)
{
    auto doc = generateHierarchy(generatedSize(int(state.range(0))));
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
    auto doc = generateHierarchy(generatedSize(int(state.range(0))));
    FlowEngine engine(*doc);
    size_t bytes = 0;
    for (auto _ : state) {
        // What `portolan flows` and the CSV export do: rows streamed to a device.
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        writeFlowCsv(*doc, engine, ExportOptions{}, buffer);
        bytes = size_t(buffer.size());
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["bytes"] = double(bytes);
}

// The generated designs have nothing in Azure: for the NSG, the first
// `count` distribution points move to an Azure zone.
void moveToAzure(Document& doc, int count)
{
    QList<Zone> zones = doc.zones();
    zones << Zone{u"azure"_s, u"Azure"_s, {}, u"#2a9bd6"_s};
    doc.setZones(zones);
    for (const auto& [id, n] : doc.nodes()) {
        if (count == 0)
            break;
        if (n.kind == NodeKind::Server && doc.hasRole(n, u"distribution_point")) {
            Node moved = n;
            moved.zone = u"azure"_s;
            doc.updateNode(moved);
            --count;
        }
    }
}

// Each export of a generated design, flows computed once. Run one export per
// process (--benchmark_filter=Export/nftables) so that peak_rss_mb, the
// process's peak resident memory, is that export's.
void Export(benchmark::State& state, ExportFormat format, RuleTarget target = RuleTarget::Zone)
{
    auto doc = generateHierarchy(generatedSize(int(state.range(0))));
    if (format == ExportFormat::AzureNsg)
        moveToAzure(*doc, 100);
    FlowEngine engine(*doc);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"export."_s + exportFormatSuffix(format));
    ExportReport report;
    for (auto _ : state) {
        QString error;
        report = {};
        ExportOptions options;
        options.target = target;
        if (!exportDesign(*doc, engine, format, path, options, &error, &report)) {
            state.SkipWithError(error.toStdString().c_str());
            return;
        }
    }
    state.counters["bytes"] = double(QFileInfo(path).size());
    state.counters["placeholders"] = double(report.placeholders.size());
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    state.counters["peak_rss_mb"] = double(usage.ru_maxrss) / 1024.0;
}

// Wall time of one run of a program to its end, in milliseconds; -1 when it failed to run.
double runMs(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit)
        return -1;
    return double(timer.nsecsElapsed()) / 1e6;
}

// Wall time (seconds) and peak resident memory (MB) of one run of a program, as
// `/usr/bin/time -v` reports them; {-1, -1} when it did not run.
std::pair<double, double> timeVerbose(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.setStandardOutputFile(QProcess::nullDevice());
    process.start(u"/usr/bin/time"_s, QStringList{u"-v"_s, program} + arguments);
    if (!process.waitForFinished(300000) || process.exitStatus() != QProcess::NormalExit)
        return {-1, -1};
    double seconds = -1, megabytes = -1;
    for (const QByteArray& line : process.readAllStandardError().split('\n')) {
        const QByteArray text = line.trimmed();
        if (text.startsWith("Elapsed (wall clock) time")) {
            // h:mm:ss or m:ss.ss
            const QList<QByteArray> parts = text.mid(text.lastIndexOf(' ') + 1).split(':');
            seconds = 0;
            for (const QByteArray& part : parts)
                seconds = seconds * 60 + part.toDouble();
        } else if (text.startsWith("Maximum resident set size")) {
            megabytes = text.mid(text.lastIndexOf(' ') + 1).toDouble() / 1024.0;
        }
    }
    return {seconds, megabytes};
}

// The command line against Python's json.load of the same file, in one run so that
// both meet the same machine: `portolan check`, `portolan flows --count` and
// `python3 -c 'json.load(...)'` (the interpreter python3 names), each the median of 15 runs taken in turn;
// then `portolan check` of a million servers (hostile_bench's shape) under `/usr/bin/time -v`. The bars
// (issue 30): check_vs_python <= 0.5, count_ms <= 100, million_s <= 5, million_peak_mb <= 2048.
void CommandLine(benchmark::State& state)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"design.portolan"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(designFile(int(state.range(0)))) < 0) {
        state.SkipWithError("cannot write the design");
        return;
    }
    file.close();
    const QString million = dir.filePath(u"million.portolan"_s);
    if (runMs(QStringLiteral(HOSTILE_BENCH_EXECUTABLE), {u"write"_s, u"million"_s, million}) < 0) {
        state.SkipWithError("hostile_bench did not write the million servers");
        return;
    }
    const QString portolan = QStringLiteral(PORTOLAN_EXECUTABLE);
    // The interpreter itself, as `python3` names it: not a version manager's wrapper script in front
    // of it (pyenv's shim starts a shell and took 80-130 ms more than Python's own run here).
    QProcess which;
    which.start(u"python3"_s, {u"-c"_s, u"import sys; print(sys.executable)"_s});
    const QString python3 = which.waitForFinished(30000) && which.exitCode() == 0
                                ? QString::fromLocal8Bit(which.readAllStandardOutput()).trimmed()
                                : QString();
    if (python3.isEmpty()) {
        state.SkipWithError("python3 did not run");
        return;
    }
    const QStringList python = {u"-c"_s, u"import json,sys; json.load(open(sys.argv[1]))"_s, path};
    std::vector<double> check, count, load;
    std::pair<double, double> millionRun;
    for (auto _ : state) {
        // Fifteen rounds: on a shared virtual machine single runs vary by a third.
        for (int i = 0; i < 15; ++i) {
            check.push_back(runMs(portolan, {u"check"_s, path}));
            count.push_back(runMs(portolan, {u"flows"_s, u"--count"_s, path}));
            load.push_back(runMs(python3, python));
        }
        millionRun = timeVerbose(portolan, {u"check"_s, million});
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    if (std::min({median(check), median(count), median(load)}) < 0) {
        state.SkipWithError("portolan or python3 did not run");
        return;
    }
    if (millionRun.first < 0 || millionRun.second < 0) {
        state.SkipWithError("/usr/bin/time -v portolan check did not run on the million servers");
        return;
    }
    state.counters["check_ms"] = median(check);
    state.counters["count_ms"] = median(count);
    state.counters["python_ms"] = median(load);
    state.counters["check_vs_python"] = median(check) / median(load);
    state.counters["million_s"] = millionRun.first;
    state.counters["million_peak_mb"] = millionRun.second;
}

void LayOut(benchmark::State& state)
{
    auto doc = generateHierarchy(generatedSize(int(state.range(0))));
    for (auto _ : state) {
        const Layout layout = computeLayout(*doc);
        benchmark::DoNotOptimize(layout.nodes.size());
    }
    state.counters["nodes"] = double(doc->nodes().size());
}

} // namespace

BENCHMARK_CAPTURE(Export, csv, ExportFormat::Csv)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Export, xlsx, ExportFormat::Xlsx)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Export, powershell, ExportFormat::PowerShell)
    ->DenseRange(0, 2)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Export, porttest, ExportFormat::PortTest)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Export, nftables, ExportFormat::Nftables)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Export, nftables_host, ExportFormat::Nftables, RuleTarget::Host)
    ->DenseRange(0, 2)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Export, asa, ExportFormat::Asa)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Export, nsg, ExportFormat::AzureNsg)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(LayOut)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(Load)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(Check)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(ComputeAll)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(RecomputeAfterOptionChange)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(WriteFlowCsv)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
// Processes, not the library: by hand (flow_bench --benchmark_filter=CommandLine), not in the smoke run.
BENCHMARK(CommandLine)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(1);

int main(int argc, char** argv)
{
    if (argc == 4 && std::strcmp(argv[1], "generate") == 0) {
        const int index = std::strcmp(argv[2], "small") == 0    ? 0
                          : std::strcmp(argv[2], "medium") == 0 ? 1
                                                                : 2;
        auto doc = generateHierarchy(generatedSize(index));
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
