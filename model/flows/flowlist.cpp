#include "flowlist.h"

#include "catalog/catalog.h"
#include "design/document.h"
#include "flowengine.h"

#include <algorithm>
#include <functional>
#include <tuple>
#include <vector>

using namespace Qt::StringLiterals;

namespace portolan {

QString nodeAddress(const Document& document, int id)
{
    const Node* n = document.node(id);
    if (!n)
        return {};
    if (!n->address.isEmpty())
        return n->address;
    return n->subnets.join(u' ');
}

QString nodeZoneName(const Document& document, int id)
{
    const Node* n = document.node(id);
    if (!n)
        return {};
    const Zone* z = document.zone(n->zone);
    return z ? z->name : n->zone;
}

namespace {

SortedFlowList sortFlows(const Document& document, std::vector<Flow> flows, const FlowListOptions& options)
{
    // Rank nodes by name once so that sorting the flows compares integers.
    std::vector<int> ids;
    ids.reserve(document.nodes().size());
    for (const auto& [id, n] : document.nodes())
        ids.push_back(id);
    std::sort(ids.begin(), ids.end(), [&](int a, int b) {
        const int c = QString::compare(document.node(a)->name, document.node(b)->name, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a < b;
    });
    std::vector<int> rank(size_t(document.nextId()), 0);
    for (size_t i = 0; i < ids.size(); ++i)
        rank[size_t(ids[i])] = int(i);

    if (!options.includeLocal)
        flows.erase(std::remove_if(flows.begin(), flows.end(), [](const Flow& f) { return f.local; }),
                    flows.end());
    const auto key = [&](const Flow& f) {
        return std::make_tuple(rank[size_t(f.source)], rank[size_t(f.destination)], int(f.protocol),
                               f.port.first, f.port.last);
    };
    std::stable_sort(flows.begin(), flows.end(),
                     [&](const Flow& a, const Flow& b) { return key(a) < key(b); });
    SortedFlowList list;
    for (size_t i = 0; i < flows.size(); ++i)
        if (i == 0 || key(flows[i]) != key(flows[i - 1]))
            list.starts.push_back(i);
    list.starts.push_back(flows.size());
    list.flows = std::move(flows);
    return list;
}

FlowListRow describeRow(const Document& document, const Flow* begin, const Flow* end)
{
    const Flow& first = *begin;
    FlowListRow row;
    row.source = first.source;
    row.destination = first.destination;
    row.sourceName = document.node(first.source)->name;
    row.destinationName = document.node(first.destination)->name;
    row.sourceAddress = nodeAddress(document, first.source);
    row.destinationAddress = nodeAddress(document, first.destination);
    row.sourceZone = nodeZoneName(document, first.source);
    row.destinationZone = nodeZoneName(document, first.destination);
    row.protocol = protocolName(first.protocol);
    row.port = first.port.toString();
    row.local = first.local;
    describeFlows(document.catalog(), begin, end, row);
    return row;
}

} // namespace

SortedFlowList sortFlowList(const Document& document, const FlowEngine& engine,
                            const FlowListOptions& options)
{
    return sortFlows(document, engine.flows(), options);
}

void forEachFlowGroup(const Document& document, const FlowEngine& engine, const FlowListOptions& options,
                      const std::function<void(const Flow*, const Flow*)>& each)
{
    const SortedFlowList list = sortFlowList(document, engine, options);
    for (size_t row = 0; row < list.rows(); ++row)
        each(list.begin(row), list.end(row));
}

// The Service text of one flow: the catalog row's description, with the proxy and
// installation-only notes.
static QString flowService(const Catalog& catalog, const Flow& flow)
{
    const CatalogRow& c = catalog.rows().at(flow.row);
    QString service = c.description;
    if (flow.proxied)
        service += u" (through the proxy to "_s + catalog.role(c.destinationRole).name + u')';
    if (c.installOnly)
        service += u" (installation only)"_s;
    return service;
}

void describeFlows(const Catalog& catalog, const Flow* begin, const Flow* end, FlowListRow& row)
{
    for (const Flow* f = begin; f != end; ++f) {
        const CatalogRow& c = catalog.rows().at(f->row);
        const QString service = flowService(catalog, *f);
        if (!row.services.contains(service))
            row.services << service;
        if (!row.references.contains(referenceLabel(c)))
            row.references << referenceLabel(c);
        if (!row.bases.contains(basisLabel(c)))
            row.bases << basisLabel(c);
        if (!c.url.isEmpty() && !row.sourceUrls.contains(c.url))
            row.sourceUrls << c.url;
        row.configurable = row.configurable || c.configurable;
    }
}

void forEachFlowListRow(const Document& document, const FlowEngine& engine, const FlowListOptions& options,
                        const std::function<void(const FlowListRow&)>& take)
{
    forEachFlowGroup(document, engine, options,
                     [&](const Flow* begin, const Flow* end) { take(describeRow(document, begin, end)); });
}

QList<FlowListRow> buildFlowList(const Document& document, const FlowEngine& engine,
                                 const FlowListOptions& options)
{
    QList<FlowListRow> rows;
    forEachFlowListRow(document, engine, options, [&rows](const FlowListRow& row) { rows << row; });
    return rows;
}

QList<FlowListRow> buildSelectionFlowList(const Document& document, const FlowEngine& engine,
                                          const QList<int>& nodes, const FlowListOptions& options)
{
    // Each node's flows out and in; a flow between two of the nodes is met twice and kept once.
    std::vector<Flow> flows;
    const QSet<int> keep(nodes.begin(), nodes.end());
    for (int id : keep) {
        if (!document.node(id))
            continue;
        for (const Flow& f : engine.flowsFrom(id))
            flows.push_back(f);
        for (const Flow& f : engine.flowsInto(id))
            if (!keep.contains(f.source))
                flows.push_back(f);
    }
    const SortedFlowList list = sortFlows(document, std::move(flows), options);
    QList<FlowListRow> rows;
    rows.reserve(qsizetype(list.rows()));
    for (size_t row = 0; row < list.rows(); ++row)
        rows << describeRow(document, list.begin(row), list.end(row));
    return rows;
}

FlowDirection flowDirection(const FlowListRow& row, const QSet<int>& nodes)
{
    const bool from = nodes.contains(row.source), to = nodes.contains(row.destination);
    if (row.local && (from || to))
        return FlowDirection::Local;
    if (from && to)
        return FlowDirection::Between;
    if (to)
        return FlowDirection::Inbound;
    return from ? FlowDirection::Outbound : FlowDirection::Elsewhere;
}

QString flowDirectionName(FlowDirection direction)
{
    switch (direction) {
    case FlowDirection::Inbound:
        return u"Inbound"_s;
    case FlowDirection::Outbound:
        return u"Outbound"_s;
    case FlowDirection::Between:
        return u"Between selected"_s;
    case FlowDirection::Local:
        return u"Local"_s;
    case FlowDirection::Elsewhere:
        break;
    }
    return {};
}

SelectionFlowCount countSelectionFlows(const QList<FlowListRow>& rows, const QSet<int>& nodes)
{
    SelectionFlowCount count;
    for (const FlowListRow& r : rows) {
        switch (flowDirection(r, nodes)) {
        case FlowDirection::Inbound:
            ++count.inbound;
            break;
        case FlowDirection::Outbound:
            ++count.outbound;
            break;
        case FlowDirection::Between:
            ++count.between;
            break;
        case FlowDirection::Local:
            ++count.count.local;
            continue;
        case FlowDirection::Elsewhere:
            continue;
        }
        ++count.count.network;
    }
    return count;
}

QString selectionFlowCountText(const SelectionFlowCount& count)
{
    QStringList ways = {u"%1 inbound"_s.arg(count.inbound), u"%1 outbound"_s.arg(count.outbound)};
    if (count.between > 0)
        ways << u"%1 between the selected"_s.arg(count.between);
    QString text = u"%1 (%2)"_s.arg(flowsText(count.count.network), ways.join(u", "_s));
    if (count.count.local > 0)
        text += u", %1 local"_s.arg(count.count.local);
    return text;
}

FlowCount countFlows(const Document& document, const FlowEngine& engine)
{
    // The rows buildFlowList() would make, without building them: one per distinct
    // (destination, protocol, port range) of each source, local ones apart. Each is packed
    // in one number (a node id below 2^30, the protocol, both ports) and sorted as such.
    FlowCount count;
    std::vector<quint64> network, local;
    for (const auto& [id, node] : document.nodes()) {
        network.clear();
        local.clear();
        for (const Flow& f : engine.flowsFrom(id))
            (f.local ? local : network)
                .push_back(quint64(quint32(f.destination) & 0x3fffffffu) << 34 | quint64(f.protocol) << 32 |
                           quint64(f.port.first) << 16 | f.port.last);
        for (auto* keys : {&network, &local}) {
            std::sort(keys->begin(), keys->end());
            const auto distinct = qsizetype(std::unique(keys->begin(), keys->end()) - keys->begin());
            (keys == &network ? count.network : count.local) += distinct;
        }
    }
    return count;
}

FlowCount countFlows(const QList<FlowListRow>& rows)
{
    FlowCount count;
    for (const FlowListRow& r : rows)
        ++(r.local ? count.local : count.network);
    return count;
}

QString flowCountText(const FlowCount& count)
{
    const QString flows = flowsText(count.network);
    return count.local == 0 ? flows : u"%1, %2 local"_s.arg(flows).arg(count.local);
}

QString flowsText(qsizetype count)
{
    return count == 1 ? u"1 flow"_s : u"%1 flows"_s.arg(count);
}

QStringList flowListHeader()
{
    return {u"Source"_s,
            u"Source Address"_s,
            u"Source Zone"_s,
            u"Destination"_s,
            u"Destination Address"_s,
            u"Destination Zone"_s,
            u"Protocol"_s,
            u"Port"_s,
            u"Service"_s,
            u"Configurable"_s,
            u"Reference"_s,
            u"Basis"_s,
            u"Local"_s};
}

QStringList flowListFields(const FlowListRow& row)
{
    return {row.sourceName,
            row.sourceAddress,
            row.sourceZone,
            row.destinationName,
            row.destinationAddress,
            row.destinationZone,
            row.protocol,
            row.port,
            row.services.join(u"; "),
            row.configurable ? u"Yes"_s : u"No"_s,
            row.references.join(u"; "),
            row.bases.join(u"; "),
            row.local ? u"Yes"_s : u"No"_s};
}

} // namespace portolan
