// Importing a collected hierarchy: 300 sites (a CAS, 25 primaries, 274
// secondaries) and 3,000 site systems in the collector's JSON, read, mapped,
// built and laid out. The target is under 2 s (README, "Performance").
#include "catalog/catalog.h"
#include "design/document.h"
#include "import/hierarchyimport.h"
#include "import/reimport.h"

#include <benchmark/benchmark.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

QJsonObject role(const QString& name, const QString& server, const QString& site,
                 const QJsonArray& props = {})
{
    return {{u"RoleName"_s, name},
            {u"NetworkOSPath"_s, u"\\\\"_s + server},
            {u"SiteCode"_s, site},
            {u"SslState"_s, 0},
            {u"Props"_s, props}};
}

QJsonObject prop(const QString& name, int value)
{
    return {{u"PropertyName"_s, name}, {u"Value"_s, value}, {u"Value1"_s, u""_s}, {u"Value2"_s, u""_s}};
}

// sites: 1 CAS, `primaries`, the rest secondaries spread over the primaries;
// servers: each site's server, then distribution points spread over the sites.
QByteArray collection(int sites, int servers)
{
    const int primaries = std::min(25, sites - 1);
    QJsonArray siteList, roles, groups, boundaries, members, systems;
    QJsonObject addresses;
    int count = 0;
    const auto addServer = [&](const QString& name) {
        addresses.insert(
            name,
            QJsonArray{u"10.%1.%2.%3"_s.arg(count / 65536 % 256).arg(count / 256 % 256).arg(count % 256)});
        ++count;
    };
    QStringList codes;
    for (int i = 0; i < sites; ++i) {
        const QString code = i == 0           ? u"CAS"_s
                             : i <= primaries ? u"P%1"_s.arg(i, 2, 10, QChar(u'0'))
                                              : u"S%1"_s.arg(i - primaries, 2, 36, QChar(u'0')).toUpper();
        const QString parent = i == 0           ? QString()
                               : i <= primaries ? u"CAS"_s
                                                : codes[1 + (i - primaries) % primaries];
        codes << code;
        const QString server = u"ss-%1.contoso.com"_s.arg(code.toLower());
        siteList.append(QJsonObject{{u"SiteCode"_s, code},
                                    {u"SiteName"_s, u"Site "_s + code},
                                    {u"Type"_s, i == 0           ? 4
                                                : i <= primaries ? 2
                                                                 : 1},
                                    {u"ReportingSiteCode"_s, parent},
                                    {u"ServerName"_s, server}});
        addServer(server);
        roles.append(role(u"SMS SQL Server"_s, server, code));
        if (i > 0) {
            roles.append(role(u"SMS Management Point"_s, server, code));
            roles.append(role(u"SMS Distribution Point"_s, server, code, {prop(u"IsPXE"_s, 0)}));
        }
        if (i <= primaries)
            roles.append(role(u"SMS Provider"_s, server, code));
        if (i > primaries) {
            const int group = i;
            groups.append(QJsonObject{
                {u"GroupID"_s, group}, {u"Name"_s, u"Branch "_s + code}, {u"DefaultSiteCode"_s, code}});
            boundaries.append(QJsonObject{{u"BoundaryID"_s, group * 2},
                                          {u"BoundaryType"_s, 0},
                                          {u"Value"_s, u"10.200.%1.0/24"_s.arg(i % 256)}});
            boundaries.append(QJsonObject{{u"BoundaryID"_s, group * 2 + 1},
                                          {u"BoundaryType"_s, 3},
                                          {u"Value"_s, u"10.201.%1.10-10.201.%1.99"_s.arg(i % 256)}});
            members.append(QJsonObject{{u"GroupID"_s, group}, {u"BoundaryID"_s, group * 2}});
            members.append(QJsonObject{{u"GroupID"_s, group}, {u"BoundaryID"_s, group * 2 + 1}});
            systems.append(
                QJsonObject{{u"GroupID"_s, group},
                            {u"ServerNALPath"_s,
                             u"[\"Display=\\\\%1\\\"]MSWNET:[\"SMS_SITE=%2\"]\\\\%1\\"_s.arg(server, code)},
                            {u"SiteCode"_s, code}});
        }
    }
    for (int i = sites; i < servers; ++i) {
        const QString code = codes[1 + i % (sites - 1)];
        const QString server = u"dp%1.contoso.com"_s.arg(i);
        addServer(server);
        roles.append(role(u"SMS Distribution Point"_s, server, code, {prop(u"IsPXE"_s, i % 2)}));
        roles.append(role(u"SMS Site System"_s, server, code));
    }
    QJsonObject top{{u"format"_s, u"portolan-collection"_s},
                    {u"version"_s, 1},
                    {u"SMS_Site"_s, siteList},
                    {u"SMS_SCI_SysResUse"_s, roles},
                    {u"SMS_BoundaryGroup"_s, groups},
                    {u"SMS_Boundary"_s, boundaries},
                    {u"SMS_BoundaryGroupMembers"_s, members},
                    {u"SMS_BoundaryGroupSiteSystems"_s, systems},
                    {u"DnsAddresses"_s, addresses}};
    return QJsonDocument(top).toJson(QJsonDocument::Compact);
}

void BM_ImportCollection(benchmark::State& state)
{
    const QByteArray bytes = collection(int(state.range(0)), int(state.range(1)));
    for (auto _ : state) {
        Document doc(Catalog::builtin());
        ImportReport report;
        QString error;
        if (!HierarchyImport::importBytes(doc, bytes, u"bench.json"_s, &report, &error) ||
            doc.nodes().size() < size_t(state.range(1))) {
            state.SkipWithError(error.toStdString().c_str());
            return;
        }
        benchmark::DoNotOptimize(doc.nodes().size());
    }
    state.counters["bytes"] = double(bytes.size());
}
BENCHMARK(BM_ImportCollection)->Args({10, 100})->Args({300, 3000})->Unit(benchmark::kMillisecond);

// Re-importing the same collection onto the design it made: match, merge, place.
void BM_Reimport(benchmark::State& state)
{
    const QByteArray bytes = collection(int(state.range(0)), int(state.range(1)));
    Document open(Catalog::builtin()), fresh(Catalog::builtin());
    ImportReport report;
    QString error;
    if (!HierarchyImport::importBytes(open, bytes, u"bench.json"_s, &report, &error) ||
        !HierarchyImport::importBytes(fresh, bytes, u"bench.json"_s, &report, &error)) {
        state.SkipWithError(error.toStdString().c_str());
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(mergeImport(open, fresh).nodes.size());
}
BENCHMARK(BM_Reimport)->Args({10, 100})->Args({300, 3000})->Unit(benchmark::kMillisecond);

// Issue 24: the shapes that took quadratic time. Each must stay under 5 s
// (README, "Performance"); before hashed sets they took minutes.
void importOrSkip(benchmark::State& state, const QByteArray& bytes, const QString& label, size_t least)
{
    for (auto _ : state) {
        Document doc(Catalog::builtin());
        ImportReport report;
        QString error;
        if (!HierarchyImport::importBytes(doc, bytes, label, &report, &error) || doc.nodes().size() < least) {
            state.SkipWithError(error.isEmpty() ? "too few nodes" : error.toStdString().c_str());
            return;
        }
        benchmark::DoNotOptimize(report.notMapped.size());
    }
    state.counters["bytes"] = double(bytes.size());
}

// Roles the catalog does not know, each on its own server: one "Not mapped" line each.
void BM_ImportUnknownRoles(benchmark::State& state)
{
    const int n = int(state.range(0));
    QJsonArray roles;
    for (int i = 0; i < n; ++i)
        roles.append(role(u"Custom Role %1"_s.arg(i), u"srv%1.contoso.com"_s.arg(i), u"P01"_s));
    const QJsonObject top{{u"format"_s, u"portolan-collection"_s},
                          {u"version"_s, 1},
                          {u"SMS_Site"_s, QJsonArray{QJsonObject{{u"SiteCode"_s, u"P01"_s}, {u"Type"_s, 2}}}},
                          {u"SMS_SCI_SysResUse"_s, roles}};
    importOrSkip(state, QJsonDocument(top).toJson(QJsonDocument::Compact), u"bench.json"_s, size_t(n));
}
BENCHMARK(BM_ImportUnknownRoles)->Arg(1000)->Arg(160000)->Unit(benchmark::kMillisecond);

// Servers holding roles of two sites: one note each.
void BM_ImportNotes(benchmark::State& state)
{
    const int n = int(state.range(0));
    QJsonArray roles;
    for (int i = 0; i < n; ++i) {
        roles.append(role(u"SMS Distribution Point"_s, u"srv%1.contoso.com"_s.arg(i), u"P01"_s));
        roles.append(role(u"SMS Management Point"_s, u"srv%1.contoso.com"_s.arg(i), u"P02"_s));
    }
    const QJsonObject top{{u"format"_s, u"portolan-collection"_s},
                          {u"version"_s, 1},
                          {u"SMS_Site"_s, QJsonArray{QJsonObject{{u"SiteCode"_s, u"P01"_s}, {u"Type"_s, 2}},
                                                     QJsonObject{{u"SiteCode"_s, u"P02"_s}, {u"Type"_s, 2}}}},
                          {u"SMS_SCI_SysResUse"_s, roles}};
    importOrSkip(state, QJsonDocument(top).toJson(QJsonDocument::Compact), u"bench.json"_s, size_t(n));
}
BENCHMARK(BM_ImportNotes)->Arg(1000)->Arg(80000)->Unit(benchmark::kMillisecond);

// A role list with a site code per line: as many sites, built and laid out.
void BM_ImportRoleCsvSites(benchmark::State& state)
{
    const int n = int(state.range(0));
    QByteArray csv = "ServerName,RoleName,SiteCode\n";
    for (int i = 0; i < n; ++i)
        csv += "dp" + QByteArray::number(i) + ".contoso.com,SMS Distribution Point,S" +
               QByteArray::number(i, 36) + "\n";
    importOrSkip(state, csv, u"bench.csv"_s, size_t(n));
}
BENCHMARK(BM_ImportRoleCsvSites)->Arg(1000)->Arg(50000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
