// Designs shaped to find work that grows with the square of the input
// (issue: hostile inputs). Each loads, checks and computes its flows in
// seconds or is refused at once; numbers in the README.
//   hostile_bench                         all cases
//   hostile_bench write SHAPE FILE        writes the design (chain, chain-reversed, pull, million)
#include "catalog/catalog.h"
#include "checks/designchecks.h"
#include "design/designfile.h"
#include "design/document.h"
#include "flows/flowengine.h"

#include <benchmark/benchmark.h>

#include <QElapsedTimer>
#include <QFile>

#include <cstring>
#include <iostream>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

QByteArray header(const char* name)
{
    return QByteArray(R"({"format":"portolan-design","version":1,"name":")") + name + "\",";
}

// 200,000 sites, each the parent of the next; reversed, the children come first.
QByteArray chain(bool reversed)
{
    constexpr int kSites = 200000;
    QByteArrayList sites;
    sites.reserve(kSites);
    sites << R"({"id":"s0","code":"CAS","kind":"cas"})";
    for (int i = 1; i < kSites; ++i)
        sites << QByteArray(R"({"id":"s)") + QByteArray::number(i) + R"(","code":"S)" +
                     QByteArray::number(i) + R"(","kind":")" + (i == 1 ? "primary" : "secondary") +
                     R"(","parent":"s)" + QByteArray::number(i - 1) + "\"}";
    if (reversed)
        std::reverse(sites.begin(), sites.end());
    return header("chain") + R"("sites":[)" + sites.join(',') + "]}";
}

// 100,000 pull distribution points, each pulling from the one before.
QByteArray pull()
{
    constexpr int kPull = 100000;
    QByteArrayList servers, links;
    servers
        << R"({"id":"ss","name":"ss","site":"p","roles":["site_server","sms_provider","sql_server","management_point","distribution_point"]})";
    for (int i = 0; i < kPull; ++i) {
        const QByteArray id = "d" + QByteArray::number(i);
        servers << R"({"id":")" + id + R"(","name":")" + id +
                       R"(","site":"p","roles":["distribution_point"],"options":{"dp.pull":true}})";
        links << R"({"kind":"pull_source","from":")" + id + R"(","to":")" +
                     (i == 0 ? QByteArray("ss") : "d" + QByteArray::number(i - 1)) + "\"}";
    }
    return header("pull") + R"("sites":[{"id":"p","code":"P01","kind":"primary"}],"servers":[)" +
           servers.join(',') + R"(],"links":[)" + links.join(',') + "]}";
}

// A million servers, just under the 64 MB file limit.
QByteArray million()
{
    constexpr int kServers = 1000000;
    QByteArrayList servers;
    servers.reserve(kServers);
    for (int i = 0; i < kServers; ++i) {
        const QByteArray id = "x" + QByteArray::number(i, 36);
        servers << R"({"id":")" + id + R"(","name":")" + id + R"(","roles":["sql_server"],"site":"p"})";
    }
    return header("million") + R"("sites":[{"id":"p","code":"P01","kind":"primary"}],"servers":[)" +
           servers.join(',') + "]}";
}

QByteArray shape(int index)
{
    switch (index) {
    case 0:
        return chain(false);
    case 1:
        return chain(true);
    case 2:
        return pull();
    default:
        return million();
    }
}

const char* shapeName(int index)
{
    static const char* names[] = {"chain", "chain-reversed", "pull", "million"};
    return names[index];
}

// Load, and when the design is accepted, its checks: what `portolan check` does.
void LoadAndCheck(benchmark::State& state)
{
    const QByteArray bytes = shape(int(state.range(0)));
    state.SetLabel(shapeName(int(state.range(0))));
    bool accepted = false;
    size_t issues = 0;
    QElapsedTimer timer;
    qint64 load = 0, flows = 0, checks = 0;
    for (auto _ : state) {
        Document doc(Catalog::builtin());
        QString error;
        timer.start();
        accepted = DesignFile::loadBytes(doc, bytes, u"bench"_s, &error);
        load = timer.restart();
        if (accepted) {
            const FlowEngine engine(doc);
            flows = timer.restart();
            issues = size_t(checkDesign(doc, engine).size());
            checks = timer.restart();
        }
        benchmark::DoNotOptimize(issues);
    }
    state.counters["load_ms"] = double(load);
    state.counters["flows_ms"] = double(flows);
    state.counters["checks_ms"] = double(checks);
    state.counters["MB"] = double(bytes.size()) / 1e6;
    state.counters["accepted"] = accepted ? 1 : 0;
    // The process's peak resident memory: run one shape per process
    // (--benchmark_filter=LoadAndCheck/3) for that shape's. The bar for a million
    // servers (issue 30): loaded and checked in 5 s and 2 GB.
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    state.counters["peak_rss_mb"] = double(usage.ru_maxrss) / 1024.0;
}

} // namespace

BENCHMARK(LoadAndCheck)->DenseRange(0, 3)->Unit(benchmark::kMillisecond)->Iterations(1);

int main(int argc, char** argv)
{
    if (argc == 4 && std::strcmp(argv[1], "write") == 0) {
        for (int i = 0; i < 4; ++i)
            if (std::strcmp(argv[2], shapeName(i)) == 0) {
                QFile file(QString::fromLocal8Bit(argv[3]));
                if (!file.open(QIODevice::WriteOnly) || file.write(shape(i)) < 0)
                    return 1;
                return 0;
            }
        std::cerr << "shapes: chain, chain-reversed, pull, million\n";
        return 2;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
