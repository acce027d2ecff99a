// The flow workbook, written with libxlsxwriter (Debian's libxlsxwriter-dev)
// in its constant-memory mode (rows in order): a Flows sheet with a bold
// frozen header, the Port as text ("443", "49152-65535") plus numeric First
// Port and Last Port columns to sort and filter on, Zone Pairs and Ports
// sheets, a Servers sheet, and optionally one sheet per source zone; every
// sheet has an autofilter.
#include "catalog/catalog.h"
#include "design/document.h"
#include "exporter.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "io/outputfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>

#include <xlsxwriter.h>

#include <cstdio>
#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

class Workbook
{
public:
    explicit Workbook(const QByteArray& path) : m_book(open(path))
    {
        if (m_book) {
            m_bold = workbook_add_format(m_book);
            format_set_bold(m_bold);
            format_set_bg_color(m_bold, 0xDCE6F1);
            format_set_border(m_bold, LXW_BORDER_THIN);
        }
    }
    ~Workbook()
    {
        if (m_book)
            workbook_close(m_book); // only after a failure: close() hands the book over
    }
    bool ok() const { return m_book != nullptr; }

    lxw_worksheet* sheet(const QString& name)
    {
        // Excel forbids []:*?/\ in sheet names and allows 31 characters; names must differ.
        QString clean;
        for (const QChar c : name)
            clean += QStringLiteral("[]:*?/\\").contains(c) ? u'_' : c;
        clean = clean.left(31);
        for (int n = 2; m_names.contains(clean.toLower()); ++n)
            clean = clean.left(27) + u" (%1)"_s.arg(n);
        m_names.insert(clean.toLower());
        return workbook_add_worksheet(m_book, clean.toUtf8().constData());
    }

    void header(lxw_worksheet* sheet, const QStringList& titles, const QList<double>& widths)
    {
        for (qsizetype c = 0; c < titles.size(); ++c) {
            worksheet_write_string(sheet, 0, lxw_col_t(c), titles.at(c).toUtf8().constData(), m_bold);
            worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), c < widths.size() ? widths.at(c) : 14,
                                 nullptr);
        }
        worksheet_freeze_panes(sheet, 1, 0);
    }

    static void text(lxw_worksheet* sheet, int row, int col, const QString& value)
    {
        if (!value.isEmpty())
            worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(col), value.toUtf8().constData(),
                                   nullptr);
    }

    // The port as text in one column, its first and last port as numbers in the next two, so
    // that the column never mixes numbers and text and ranges still sort and filter as numbers.
    static void port(lxw_worksheet* sheet, int row, int col, const QString& value)
    {
        text(sheet, row, col, value);
        bool first = false, last = false;
        const int a = value.section(u'-', 0, 0).toInt(&first);
        const int b = value.contains(u'-') ? value.section(u'-', 1, 1).toInt(&last) : a;
        if (!first || (value.contains(u'-') && !last))
            return;
        worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(col + 1), a, nullptr);
        worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(col + 2), b, nullptr);
    }

    QString close()
    {
        const lxw_error result = workbook_close(m_book);
        m_book = nullptr;
        return result == LXW_NO_ERROR ? QString() : QString::fromUtf8(lxw_strerror(result));
    }

private:
    static lxw_workbook* open(const QByteArray& path)
    {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        return workbook_new_opt(path.constData(), &options);
    }

    lxw_workbook* m_book;
    lxw_format* m_bold = nullptr;
    QSet<QString> m_names;
};

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

// A sheet of the flow list, written a row at a time (libxlsxwriter's
// constant-memory mode writes each row out when the next one starts).
class FlowSheet
{
public:
    FlowSheet(Workbook& book, lxw_worksheet* sheet) : m_sheet(sheet)
    {
        book.header(sheet, flowSheetHeader(), kFlowWidths);
    }
    void add(const FlowListRow& row, const QStringList& fields)
    {
        ++m_rows;
        for (qsizetype c = 0; c < fields.size(); ++c) {
            const int column = int(c) + (c > kPortColumn ? 2 : 0);
            if (c == kPortColumn)
                Workbook::port(m_sheet, m_rows, column, fields.at(c));
            else
                Workbook::text(m_sheet, m_rows, column, fields.at(c));
        }
        Workbook::text(m_sheet, m_rows, int(fields.size()) + 2, row.sourceUrls.join(u"; "));
    }
    void finish()
    {
        worksheet_autofilter(m_sheet, 0, 0, lxw_row_t(qMax(m_rows, 1)),
                             lxw_col_t(flowSheetHeader().size() - 1));
    }

private:
    lxw_worksheet* m_sheet;
    int m_rows = 0;
};

QString sourceZoneSheet(const QString& zone)
{
    return zone.isEmpty() ? u"No zone"_s : zone;
}

} // namespace

bool writeXlsx(const Document& document, const FlowEngine& engine, const QString& path,
               const ExportOptions& options, QString* error)
{
    FlowListOptions list;
    list.includeLocal = options.includeLocal;
    // Checked before the work, so that a refused target costs nothing.
    if (OutputFile::checkTarget(path, {options.designFile}, error).isEmpty())
        return false;
    // libxlsxwriter writes to a path of its own choosing: give it one in a
    // private folder (mode 0700, random name), then copy the finished workbook
    // to the target through OutputFile like every other export.
    const QTemporaryDir folder;
    if (!folder.isValid()) {
        if (error)
            *error = u"%1: cannot create a temporary folder: %2"_s.arg(path, folder.errorString());
        return false;
    }
    const QString temporary = folder.filePath(u"workbook.xlsx"_s);
    {
        Workbook book(QFile::encodeName(temporary));
        if (!book.ok()) {
            if (error)
                *error = u"%1: cannot write"_s.arg(path);
            return false;
        }
        // Every sheet is added first, in the order they are shown; the flow rows are then
        // made once and written to the Flows sheet and their zone's sheet as they come,
        // never all held in memory (a quarter of a million rows on a large design).
        FlowSheet flows(book, book.sheet(u"Flows"_s));
        lxw_worksheet* pairs = book.sheet(u"Zone Pairs"_s);
        lxw_worksheet* portSheet = book.sheet(u"Ports"_s);
        lxw_worksheet* servers = book.sheet(u"Servers"_s);
        std::map<QString, FlowSheet> zoneSheets; // by source zone name, in the order of the names
        if (options.sheetPerZone) {
            std::set<QString> zones;
            for (const Flow& f : engine.flows())
                if (options.includeLocal || !f.local)
                    zones.insert(sourceZoneSheet(nodeZoneName(document, f.source)));
            for (const QString& zone : zones)
                zoneSheets.try_emplace(zone, book, book.sheet(u"From "_s + zone));
        }
        QMap<QPair<QString, QString>, int> zonePairs;
        QMap<QPair<QString, QString>, QPair<int, QStringList>> ports;
        forEachFlowListRow(document, engine, list, [&](const FlowListRow& row) {
            const QStringList fields = flowListFields(row);
            flows.add(row, fields);
            if (options.sheetPerZone)
                zoneSheets.at(sourceZoneSheet(row.sourceZone)).add(row, fields);
            ++zonePairs[{row.sourceZone, row.destinationZone}];
            auto& entry = ports[{row.protocol, row.port}];
            ++entry.first;
            for (const QString& s : row.services)
                if (!entry.second.contains(s))
                    entry.second << s;
        });
        flows.finish();
        for (auto& [zone, sheet] : zoneSheets)
            sheet.finish();

        book.header(pairs, {u"Source Zone"_s, u"Destination Zone"_s, u"Flows"_s}, {18, 18, 8});
        int r = 0;
        for (auto it = zonePairs.begin(); it != zonePairs.end(); ++it) {
            ++r;
            Workbook::text(pairs, r, 0, it.key().first);
            Workbook::text(pairs, r, 1, it.key().second);
            worksheet_write_number(pairs, lxw_row_t(r), 2, it.value(), nullptr);
        }
        worksheet_autofilter(pairs, 0, 0, lxw_row_t(qMax(r, 1)), 2);

        book.header(portSheet,
                    {u"Protocol"_s, u"Port"_s, u"First Port"_s, u"Last Port"_s, u"Flows"_s, u"Services"_s},
                    {9, 12, 9, 9, 8, 70});
        QList<QPair<QString, QString>> portKeys = ports.keys();
        std::sort(portKeys.begin(), portKeys.end(), [](const auto& a, const auto& b) {
            return std::make_pair(a.first, a.second.section(u'-', 0, 0).toInt()) <
                   std::make_pair(b.first, b.second.section(u'-', 0, 0).toInt());
        });
        r = 0;
        for (const auto& key : portKeys) {
            ++r;
            Workbook::text(portSheet, r, 0, key.first);
            Workbook::port(portSheet, r, 1, key.second);
            worksheet_write_number(portSheet, lxw_row_t(r), 4, ports.value(key).first, nullptr);
            Workbook::text(portSheet, r, 5, ports.value(key).second.join(u"; "));
        }
        worksheet_autofilter(portSheet, 0, 0, lxw_row_t(qMax(r, 1)), 5);

        book.header(servers, {u"Host"_s, u"Address"_s, u"Zone"_s, u"Site"_s, u"Roles"_s},
                    {34, 18, 16, 8, 80});
        r = 0;
        for (const auto& [id, n] : document.nodes()) {
            if (n.kind != NodeKind::Server)
                continue;
            ++r;
            QStringList roles;
            for (int role : n.roles)
                roles << document.catalog().role(role).name;
            const Zone* zone = document.zone(n.zone);
            const Site* site = document.site(n.site);
            Workbook::text(servers, r, 0, n.name);
            Workbook::text(servers, r, 1, n.address);
            Workbook::text(servers, r, 2, zone ? zone->name : n.zone);
            Workbook::text(servers, r, 3, site ? site->code : QString());
            Workbook::text(servers, r, 4, roles.join(u", "));
        }
        worksheet_autofilter(servers, 0, 0, lxw_row_t(qMax(r, 1)), 4);

        const QString failure = book.close();
        if (!failure.isEmpty()) {
            if (error)
                *error = u"%1: cannot write: %2"_s.arg(path, failure);
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
