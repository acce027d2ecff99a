#pragma once

#include "flows/flowlist.h"

#include <QList>
#include <QStringList>

namespace portolan {

class Document;
class FlowEngine;

// The numbers behind the analysis charts, from the flow list (local flows left out).

struct PortStat
{
    QString port; // number or range
    int tcp = 0;  // flow list rows on this port over TCP
    int udp = 0;  // ... over UDP
    QStringList services;
    int total() const { return tcp + udp; }
};

// Busiest ports first (then by port number); ICMP has no port and is left out.
QList<PortStat> flowsPerPort(const QList<FlowListRow>& rows);

struct ZoneMatrix
{
    QStringList zones;        // source and destination axes, sorted
    QList<QList<int>> counts; // counts[source][destination]
    int at(const QString& from, const QString& to) const;
};

ZoneMatrix flowsPerZonePair(const QList<FlowListRow>& rows);

struct ServerStat
{
    int node = -1;
    QString name;
    int inboundRules = 0; // firewall rules the host must open
    int openPorts = 0;    // distinct protocol/port pairs it must accept (ICMP not counted)
};

// Servers that need the most inbound rules first; only the given nodes' flows when not empty.
QList<ServerStat> openPortsPerServer(const Document& document, const FlowEngine& engine,
                                     const QList<int>& nodes = {});

// The flow list, narrowed to flows from or to the given nodes (all when empty), local flows only
// when asked for.
QList<FlowListRow> flowRowsFor(const Document& document, const FlowEngine& engine, const QList<int>& nodes,
                               bool includeLocal = false);

} // namespace portolan
