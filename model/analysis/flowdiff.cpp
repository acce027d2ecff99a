#include "flowdiff.h"

#include "export/csvwriter.h"

#include <QHash>
#include <QMap>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

QString keyOf(const FlowListRow& r)
{
    return QStringList{r.sourceName, r.destinationName, r.protocol, r.port}.join(QChar(0x1f));
}

} // namespace

FlowDiff diffFlows(const QList<FlowListRow>& before, const QList<FlowListRow>& after)
{
    QHash<QString, const FlowListRow*> old, now;
    for (const FlowListRow& r : before)
        old.insert(keyOf(r), &r);
    for (const FlowListRow& r : after)
        now.insert(keyOf(r), &r);
    FlowDiff diff;
    QMap<QPair<QString, int>, PortChange> ports;
    const auto count = [&](const FlowListRow& r, bool added) {
        PortChange& c = ports[{r.protocol, r.port.section(u'-', 0, 0).toInt()}];
        c.protocol = r.protocol;
        c.port = r.port;
        (added ? c.added : c.removed) += 1;
    };
    for (const FlowListRow& r : after)
        if (!old.contains(keyOf(r))) {
            diff.added << r;
            count(r, true);
        }
    for (const FlowListRow& r : before)
        if (!now.contains(keyOf(r))) {
            diff.removed << r;
            count(r, false);
        }
    diff.perPort = ports.values();
    return diff;
}

QByteArray flowDiffCsv(const FlowDiff& diff)
{
    CsvWriter csv({.crlf = false, .neutraliseFormulas = true});
    csv.addRow(QStringList{u"Change"_s} + flowListHeader());
    for (const FlowListRow& r : diff.added)
        csv.addRow(QStringList{u"added"_s} + flowListFields(r));
    for (const FlowListRow& r : diff.removed)
        csv.addRow(QStringList{u"removed"_s} + flowListFields(r));
    return csv.data();
}

QByteArray portChangeCsv(const FlowDiff& diff)
{
    CsvWriter csv;
    csv.addRow({u"Protocol"_s, u"Port"_s, u"Added"_s, u"Removed"_s});
    for (const PortChange& c : diff.perPort)
        csv.addRow({c.protocol, c.port, QString::number(c.added), QString::number(c.removed)});
    return csv.data();
}

} // namespace portolan
