#pragma once

#include "flows/flowlist.h"

#include <QByteArray>
#include <QList>

namespace portolan {

struct PortChange
{
    QString protocol;
    QString port;
    int added = 0;
    int removed = 0;
};

// What changed between two designs' flow lists, by (source, destination,
// protocol, port) as a network team names them: host names, not ids.
struct FlowDiff
{
    QList<FlowListRow> added;
    QList<FlowListRow> removed;
    QList<PortChange> perPort; // sorted by protocol, then port
    bool isEmpty() const { return added.isEmpty() && removed.isEmpty(); }
};

FlowDiff diffFlows(const QList<FlowListRow>& before, const QList<FlowListRow>& after);

// "Change,Source,Source Address,...": added then removed rows, each sorted.
QByteArray flowDiffCsv(const FlowDiff& diff);
// "Protocol,Port,Added,Removed"
QByteArray portChangeCsv(const FlowDiff& diff);

} // namespace portolan
