#include "flowstats.h"

#include "design/document.h"
#include "export/ruleset.h"
#include "flows/flowengine.h"

#include <QMap>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace portolan {

QList<FlowListRow> flowRowsFor(const Document& document, const FlowEngine& engine, const QList<int>& nodes,
                               bool includeLocal)
{
    FlowListOptions options;
    options.includeLocal = includeLocal;
    return nodes.isEmpty() ? buildFlowList(document, engine, options)
                           : buildSelectionFlowList(document, engine, nodes, options);
}

QList<PortStat> flowsPerPort(const QList<FlowListRow>& rows)
{
    QMap<QString, PortStat> byPort;
    for (const FlowListRow& r : rows) {
        if (r.port.isEmpty())
            continue;
        PortStat& s = byPort[r.port];
        s.port = r.port;
        (r.protocol == u"UDP" ? s.udp : s.tcp) += 1;
        for (const QString& service : r.services)
            if (!s.services.contains(service))
                s.services << service;
    }
    QList<PortStat> result = byPort.values();
    std::sort(result.begin(), result.end(), [](const PortStat& a, const PortStat& b) {
        if (a.total() != b.total())
            return a.total() > b.total();
        return a.port.section(u'-', 0, 0).toInt() < b.port.section(u'-', 0, 0).toInt();
    });
    return result;
}

int ZoneMatrix::at(const QString& from, const QString& to) const
{
    const qsizetype i = zones.indexOf(from), j = zones.indexOf(to);
    return i < 0 || j < 0 ? 0 : counts.at(i).at(j);
}

ZoneMatrix flowsPerZonePair(const QList<FlowListRow>& rows)
{
    ZoneMatrix m;
    const auto zoneOf = [](const QString& z) {
        return z.isEmpty() ? u"(no zone)"_s : z;
    };
    QSet<QString> zones;
    for (const FlowListRow& r : rows) {
        zones.insert(zoneOf(r.sourceZone));
        zones.insert(zoneOf(r.destinationZone));
    }
    m.zones = QStringList(zones.begin(), zones.end());
    m.zones.sort(Qt::CaseInsensitive);
    m.counts = QList<QList<int>>(m.zones.size(), QList<int>(m.zones.size(), 0));
    for (const FlowListRow& r : rows)
        ++m.counts[m.zones.indexOf(zoneOf(r.sourceZone))][m.zones.indexOf(zoneOf(r.destinationZone))];
    return m;
}

QList<ServerStat> openPortsPerServer(const Document& document, const FlowEngine& engine,
                                     const QList<int>& nodes)
{
    QMap<int, ServerStat> byNode;
    QMap<int, QSet<QString>> listening;
    RuleOptions options;
    for (const Rule& rule : buildRules(document, engine, options)) {
        const Node* n = document.node(rule.destination);
        if (!n || n->kind != NodeKind::Server)
            continue;
        if (!nodes.isEmpty() && !nodes.contains(rule.destination)) {
            bool touches = false;
            for (int s : rule.sources)
                touches = touches || nodes.contains(s);
            if (!touches)
                continue;
        }
        ServerStat& s = byNode[rule.destination];
        s.node = rule.destination;
        s.name = n->name;
        ++s.inboundRules;
        for (const RulePort& p : rule.ports)
            listening[rule.destination].insert(protocolName(rule.protocol) + p.port.toString());
    }
    for (auto it = byNode.begin(); it != byNode.end(); ++it)
        it->openPorts = int(listening.value(it.key()).size());
    QList<ServerStat> result = byNode.values();
    std::sort(result.begin(), result.end(), [](const ServerStat& a, const ServerStat& b) {
        if (a.inboundRules != b.inboundRules)
            return a.inboundRules > b.inboundRules;
        return QString::compare(a.name, b.name, Qt::CaseInsensitive) < 0;
    });
    return result;
}

} // namespace portolan
