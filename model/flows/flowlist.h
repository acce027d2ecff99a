#pragma once

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QStringList>

#include "flow.h"

#include <functional>
#include <vector>

namespace portolan {

class Document;
class FlowEngine;

// One line of the flow list a network team receives (DOMAIN.md section 7):
// one per (source, destination, protocol, port or range), with every service
// and reference section that needs it.
struct FlowListRow
{
    int source = -1;
    int destination = -1;
    QString sourceName;
    QString sourceAddress;
    QString sourceZone;
    QString destinationName;
    QString destinationAddress;
    QString destinationZone;
    QString protocol;
    QString port; // number or a-b; empty for ICMP
    QStringList services;
    QStringList references; // reference sections, or public sources of field-reported rows
    QStringList bases;      // Basis of each catalog row: reference, reference text (...), field-reported
    QStringList sourceUrls; // where the public sources of field-reported rows can be read
    bool configurable = false;
    bool local = false;
};

struct FlowListOptions
{
    bool includeLocal = false;
};

// Sorted by source, destination, protocol and port; never repeated.
QList<FlowListRow> buildFlowList(const Document& document, const FlowEngine& engine,
                                 const FlowListOptions& options = {});
// The rows of that list from or to any of these nodes (a selection), in the same order and made the
// same way, without listing the whole design.
QList<FlowListRow> buildSelectionFlowList(const Document& document, const FlowEngine& engine,
                                          const QList<int>& nodes, const FlowListOptions& options = {});
// The same rows, in the same order, handed over one at a time and not kept: for
// exports that write a row as it is made.
void forEachFlowListRow(const Document& document, const FlowEngine& engine, const FlowListOptions& options,
                        const std::function<void(const FlowListRow&)>& take);

struct Flow;
class Catalog;

// The flows of the list, sorted as buildFlowList() sorts them, handed over one
// row's worth at a time (same source, destination, protocol and port): for
// writers that stream rows instead of keeping them all.
void forEachFlowGroup(const Document& document, const FlowEngine& engine, const FlowListOptions& options,
                      const std::function<void(const Flow* begin, const Flow* end)>& each);

// The same flows sorted once and kept, for writers that go over the rows more than once: group
// i (one row of the list) is flows[starts[i]] up to flows[starts[i + 1]].
struct SortedFlowList
{
    std::vector<Flow> flows;
    std::vector<size_t> starts; // one more than there are rows; the last is flows.size()

    size_t rows() const { return starts.size() - 1; }
    const Flow* begin(size_t row) const { return flows.data() + starts[row]; }
    const Flow* end(size_t row) const { return flows.data() + starts[row + 1]; }
};
SortedFlowList sortFlowList(const Document& document, const FlowEngine& engine,
                            const FlowListOptions& options);
// What one row's flows say, each once and in the flows' order: services, references, bases,
// source URLs, and whether any is configurable (filled into row).
void describeFlows(const Catalog& catalog, const Flow* begin, const Flow* end, FlowListRow& row);

// How many rows the flow list has: flows that cross the network, and local flows (between roles on
// one server, listed only on request) counted apart. Every count the user sees comes from here.
struct FlowCount
{
    qsizetype network = 0;
    qsizetype local = 0;
};

FlowCount countFlows(const Document& document, const FlowEngine& engine);
FlowCount countFlows(const QList<FlowListRow>& rows);
// "274 flows, 28 local" (or "274 flows" when there is no local flow).
QString flowCountText(const FlowCount& count);
// "1 flow", "2 flows": every message that counts flows says it this way.
QString flowsText(qsizetype count);

// Which way a row goes, seen from a set of nodes (the selection): into it (a port its servers must
// open), out of it (a port they must reach), between two of its nodes, or local (two roles on one
// server, no network crossed). A row that touches none of the nodes is Elsewhere.
enum class FlowDirection
{
    Inbound,
    Outbound,
    Between,
    Local,
    Elsewhere
};
FlowDirection flowDirection(const FlowListRow& row, const QSet<int>& nodes);
// "Inbound", "Outbound", "Between selected", "Local"; empty for Elsewhere.
QString flowDirectionName(FlowDirection direction);

// A selection's flows as every panel counts them (flow table, Analysis, Properties): the rows that
// touch the selection, local ones apart, the others split by direction.
struct SelectionFlowCount
{
    FlowCount count; // network: inbound + outbound + between
    qsizetype inbound = 0;
    qsizetype outbound = 0;
    qsizetype between = 0;
};
SelectionFlowCount countSelectionFlows(const QList<FlowListRow>& rows, const QSet<int>& nodes);
// "66 flows (30 inbound, 36 outbound), 4 local".
QString selectionFlowCountText(const SelectionFlowCount& count);

QStringList flowListHeader();
QStringList flowListFields(const FlowListRow& row);

// Address shown for a node: its address, or its subnets for client groups.
QString nodeAddress(const Document& document, int node);
QString nodeZoneName(const Document& document, int node);

} // namespace portolan
