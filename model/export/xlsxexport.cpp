// The flow workbook, written a row at a time as the flow list is made
// (WorkbookWriter): a Flows sheet with a bold frozen header, the Port as text
// ("443", "49152-65535") plus numeric First Port and Last Port columns to sort
// and filter on, Zone Pairs and Ports sheets, a Servers sheet, and optionally
// one sheet per source zone; every sheet has an autofilter.
#include "catalog/catalog.h"
#include "design/document.h"
#include "exporter.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "io/outputfile.h"
#include "workbookwriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// The port as text in one column, its first and last port as numbers in the next two, so
// that the column never mixes numbers and text and ranges still sort and filter as numbers.
void writePort(WorkbookWriter& book, int col, const QString& value)
{
    book.text(col, value);
    bool first = false, last = false;
    const qsizetype dash = value.indexOf(u'-');
    const int a = QStringView(value).left(dash < 0 ? value.size() : dash).toInt(&first);
    const int b = dash < 0 ? a : QStringView(value).mid(dash + 1).toInt(&last);
    if (!first || (dash >= 0 && !last))
        return;
    book.number(col + 1, a);
    book.number(col + 2, b);
}

const QList<double> kFlowWidths = {30, 18, 14, 30, 18, 14, 9, 12, 9, 9, 50, 12, 60, 24, 7, 50};
constexpr int kPortColumn = 7; // in the flow list's fields

// The flow list's columns with First Port and Last Port after Port.
QStringList flowSheetHeader()
{
    QStringList header = flowListHeader();
    header.insert(kPortColumn + 1, u"First Port"_s);
    header.insert(kPortColumn + 2, u"Last Port"_s);
    header << u"Source URL"_s; // where a field-reported flow's public source can be read
    return header;
}

// Writes one flow list row on the next row of the current sheet.
class FlowSheet
{
public:
    explicit FlowSheet(WorkbookWriter& book, const QString& name = u"Flows"_s) : m_book(book)
    {
        m_book.startSheet(name, flowSheetHeader(), kFlowWidths);
    }

    void add(const FlowListRow& row)
    {
        m_book.startRow(++m_row);
        const QStringList fields = flowListFields(row);
        for (qsizetype c = 0; c < fields.size(); ++c) {
            const int column = int(c) + (c > kPortColumn ? 2 : 0);
            if (c == kPortColumn)
                writePort(m_book, column, fields.at(c));
            else
                m_book.text(column, fields.at(c));
        }
        m_book.text(int(fields.size()) + 2, row.sourceUrls.join(u"; "));
    }

private:
    WorkbookWriter& m_book;
    int m_row = 0;
};

// The Flows sheet and, from the same pass over the flow list, the counts per
// zone pair and per port for the summary sheets.
struct FlowSummary
{
    QMap<QPair<QString, QString>, int> zonePairs;
    QMap<QPair<QString, QString>, QPair<int, QStringList>> ports;
};

FlowSummary writeFlowSheet(WorkbookWriter& book, const Document& document, const FlowEngine& engine,
                           const FlowListOptions& list)
{
    FlowSummary summary;
    FlowSheet sheet(book);
    forEachFlowListRow(document, engine, list, [&](const FlowListRow& row) {
        sheet.add(row);
        ++summary.zonePairs[{row.sourceZone, row.destinationZone}];
        auto& entry = summary.ports[{row.protocol, row.port}];
        ++entry.first;
        for (const QString& s : row.services)
            if (!entry.second.contains(s))
                entry.second << s;
    });
    return summary;
}

void writeSummarySheets(WorkbookWriter& book, const FlowSummary& summary)
{
    book.startSheet(u"Zone Pairs"_s, {u"Source Zone"_s, u"Destination Zone"_s, u"Flows"_s}, {18, 18, 8});
    int r = 0;
    for (auto it = summary.zonePairs.begin(); it != summary.zonePairs.end(); ++it) {
        book.startRow(++r);
        book.text(0, it.key().first);
        book.text(1, it.key().second);
        book.number(2, it.value());
    }

    book.startSheet(u"Ports"_s,
                    {u"Protocol"_s, u"Port"_s, u"First Port"_s, u"Last Port"_s, u"Flows"_s, u"Services"_s},
                    {9, 12, 9, 9, 8, 70});
    QList<QPair<QString, QString>> portKeys = summary.ports.keys();
    std::sort(portKeys.begin(), portKeys.end(), [](const auto& a, const auto& b) {
        return std::make_pair(a.first, a.second.section(u'-', 0, 0).toInt()) <
               std::make_pair(b.first, b.second.section(u'-', 0, 0).toInt());
    });
    r = 0;
    for (const auto& key : portKeys) {
        book.startRow(++r);
        book.text(0, key.first);
        writePort(book, 1, key.second);
        book.number(4, summary.ports.value(key).first);
        book.text(5, summary.ports.value(key).second.join(u"; "));
    }
}

void writeServerSheet(WorkbookWriter& book, const Document& document)
{
    book.startSheet(u"Servers"_s, {u"Host"_s, u"Address"_s, u"Zone"_s, u"Site"_s, u"Roles"_s},
                    {34, 18, 16, 8, 80});
    int r = 0;
    for (const auto& [id, n] : document.nodes()) {
        if (n.kind != NodeKind::Server)
            continue;
        book.startRow(++r);
        QStringList roles;
        for (int role : n.roles)
            roles << document.catalog().role(role).name;
        const Zone* zone = document.zone(n.zone);
        const Site* site = document.site(n.site);
        book.text(0, n.name);
        book.text(1, n.address);
        book.text(2, zone ? zone->name : n.zone);
        book.text(3, site ? site->code : QString());
        book.text(4, roles.join(u", "));
    }
}

// One sheet per source zone, in the order of the zone names: one more pass over
// the flow list per zone, only over that zone's sources, so that no row is kept
// in memory.
void writeZoneSheets(WorkbookWriter& book, const Document& document, const FlowEngine& engine,
                     const FlowListOptions& list, const FlowSummary& summary)
{
    QSet<QString> zoneSet;
    for (auto it = summary.zonePairs.begin(); it != summary.zonePairs.end(); ++it)
        zoneSet.insert(it.key().first);
    QStringList zones = zoneSet.values();
    const auto label = [](const QString& zone) {
        return zone.isEmpty() ? u"No zone"_s : zone;
    };
    std::sort(zones.begin(), zones.end(),
              [&](const QString& a, const QString& b) { return label(a) < label(b); });
    for (const QString& zone : zones) {
        FlowSheet sheet(book, u"From "_s + label(zone));
        FlowListOptions fromZone = list;
        fromZone.sourceFilter = [&](int source) {
            return nodeZoneName(document, source) == zone;
        };
        forEachFlowListRow(document, engine, fromZone, [&](const FlowListRow& row) { sheet.add(row); });
    }
}

} // namespace

bool writeXlsx(const Document& document, const FlowEngine& engine, const QString& path,
               const ExportOptions& options, QString* error)
{
    // Checked before the work, so that a refused target costs nothing.
    if (OutputFile::checkTarget(path, {options.designFile}, error).isEmpty())
        return false;
    // The zip container is written to a private folder (mode 0700, random name),
    // then copied to the target through OutputFile like every other export, so
    // that a failure never leaves half a workbook in place of the old one.
    const QTemporaryDir folder;
    if (!folder.isValid()) {
        if (error)
            *error = u"%1: cannot create a temporary folder: %2"_s.arg(path, folder.errorString());
        return false;
    }
    const QString temporary = folder.filePath(u"workbook.xlsx"_s);
    {
        WorkbookWriter book(temporary);
        FlowListOptions list;
        list.includeLocal = options.includeLocal;
        const FlowSummary summary = writeFlowSheet(book, document, engine, list);
        writeSummarySheets(book, summary);
        writeServerSheet(book, document);
        if (options.sheetPerZone)
            writeZoneSheets(book, document, engine, list, summary);
        if (!book.close()) {
            if (error)
                *error = u"%1: cannot write: %2"_s.arg(path, book.errorString());
            return false;
        }
    }
    QFile workbook(temporary);
    if (!workbook.open(QIODevice::ReadOnly)) {
        if (error)
            *error = u"%1: cannot read the finished workbook back: %2"_s.arg(path, workbook.errorString());
        return false;
    }
    return OutputFile::write(path,
                             [&workbook](QIODevice& device, QString* why) {
                                 char buffer[1 << 16];
                                 for (qint64 n; (n = workbook.read(buffer, sizeof buffer)) > 0;)
                                     if (device.write(buffer, n) != n)
                                         return false;
                                 if (workbook.error() != QFileDevice::NoError) {
                                     *why = u"cannot read the finished workbook back: %1"_s.arg(
                                         workbook.errorString());
                                     return false;
                                 }
                                 return true;
                             },
                             error, {options.designFile});
}

} // namespace portolan
