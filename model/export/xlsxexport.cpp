// The flow workbook: a Flows sheet with a bold frozen header, the Port as text ("443",
// "49152-65535") plus numeric First Port and Last Port columns to sort and filter on, Zone Pairs
// and Ports sheets, a Servers sheet, and optionally one sheet per source zone; every sheet has an
// autofilter. libxlsxwriter (Debian's libxlsxwriter-dev) makes the workbook; the rows of the flow
// sheets, a quarter of a million on a large design, are streamed into it (xlsxstream.h).
#include "catalog/catalog.h"
#include "design/document.h"
#include "exporter.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "io/outputfile.h"
#include "xlsxstream.h"

#include <QFile>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>

#include <xlsxwriter.h>

#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// The first and last port of "443" or "49152-65535" as numbers; false for none (ICMP).
bool portEnds(const QString& port, int* first, int* last)
{
    bool a = false, b = false;
    *first = port.section(u'-', 0, 0).toInt(&a);
    *last = port.contains(u'-') ? port.section(u'-', 1, 1).toInt(&b) : *first;
    return a && (!port.contains(u'-') || b);
}

// A flow's protocol and port as one key.
quint64 portKey(const Flow& flow)
{
    return quint64(flow.protocol) << 40 | quint64(flow.port.kind) << 32 | quint64(flow.port.first) << 16 |
           flow.port.last;
}

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
    // The first cell or sheet the library refused, if any.
    const QString& failure() const { return m_failure; }

    lxw_worksheet* sheet(const QString& name)
    {
        // Excel forbids []:*?/\ in sheet names and allows 31 characters; names must differ. A
        // literal _xHHHH_ would be read as the character it names: its underscore becomes '-'.
        QString clean;
        for (const QChar c : name)
            clean += QStringLiteral("[]:*?/\\").contains(c) ? u'_' : c;
        if (QString::fromUtf8(sheetText(clean)) != clean)
            clean.replace(u"_x"_s, u"-x"_s);
        // Nor may a name start or end with an apostrophe, or hold a control character.
        for (QChar& c : clean)
            if (c.category() == QChar::Other_Control)
                c = u'_';
        clean = clean.left(31);
        if (clean.startsWith(u'\''))
            clean[0] = u'_';
        if (clean.endsWith(u'\''))
            clean[clean.size() - 1] = u'_';
        if (clean.trimmed().isEmpty() || clean.compare(u"History"_s, Qt::CaseInsensitive) == 0)
            clean = u"Sheet %1"_s.arg(m_sheets + 1);
        // Checked first: the library writes its own warning to standard error when it refuses a name.
        if (workbook_validate_sheet_name(m_book, clean.toUtf8().constData()) != LXW_NO_ERROR)
            clean = u"Sheet %1"_s.arg(m_sheets + 1);
        for (int n = 2; m_names.contains(clean.toLower()); ++n)
            clean = clean.left(27) + u" (%1)"_s.arg(n);
        m_names.insert(clean.toLower());
        ++m_sheets;
        lxw_worksheet* sheet = workbook_add_worksheet(m_book, clean.toUtf8().constData());
        if (!sheet)
            fail(u"the spreadsheet library refused the sheet name \"%1\""_s.arg(clean));
        return sheet;
    }
    // The part that holds the sheet added n-th (1-based) in the package.
    static QByteArray part(int n) { return "xl/worksheets/sheet" + QByteArray::number(n) + ".xml"; }
    int sheets() const { return m_sheets; }

    void header(lxw_worksheet* sheet, const QStringList& titles, const QList<double>& widths)
    {
        if (!sheet)
            return;
        for (qsizetype c = 0; c < titles.size(); ++c) {
            check(worksheet_write_string(sheet, 0, lxw_col_t(c), titles.at(c).toUtf8().constData(), m_bold));
            worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), c < widths.size() ? widths.at(c) : 14,
                                 nullptr);
        }
        worksheet_freeze_panes(sheet, 1, 0);
    }

    void text(lxw_worksheet* sheet, int row, int col, const QString& value)
    {
        if (sheet && !value.isEmpty())
            check(worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(col), sheetText(value).constData(),
                                         nullptr));
    }

    void number(lxw_worksheet* sheet, int row, int col, double value)
    {
        if (sheet)
            check(worksheet_write_number(sheet, lxw_row_t(row), lxw_col_t(col), value, nullptr));
    }

    // The port as text in one column, its first and last port as numbers in the next two, so
    // that the column never mixes numbers and text and ranges still sort and filter as numbers.
    void port(lxw_worksheet* sheet, int row, int col, const QString& value)
    {
        text(sheet, row, col, value);
        int a = 0, b = 0;
        if (!portEnds(value, &a, &b))
            return;
        number(sheet, row, col + 1, a);
        number(sheet, row, col + 2, b);
    }

    void autofilter(lxw_worksheet* sheet, qint64 rows, int lastColumn)
    {
        if (sheet)
            check(worksheet_autofilter(sheet, 0, 0, lxw_row_t(qMax<qint64>(rows, 1)), lxw_col_t(lastColumn)));
    }

    QString close()
    {
        const lxw_error result = workbook_close(m_book);
        m_book = nullptr;
        if (!m_failure.isEmpty())
            return m_failure;
        return result == LXW_NO_ERROR ? QString() : QString::fromUtf8(lxw_strerror(result));
    }

private:
    static lxw_workbook* open(const QByteArray& path)
    {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        return workbook_new_opt(path.constData(), &options);
    }
    void check(lxw_error result)
    {
        if (result != LXW_NO_ERROR)
            fail(QString::fromUtf8(lxw_strerror(result)));
    }
    void fail(const QString& why)
    {
        if (m_failure.isEmpty())
            m_failure = why;
    }

    lxw_workbook* m_book;
    lxw_format* m_bold = nullptr;
    QSet<QString> m_names;
    QString m_failure;
    int m_sheets = 0;
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

QString sourceZoneSheet(const QString& zone)
{
    return zone.isEmpty() ? u"No zone"_s : zone;
}

// The cells of the flow rows, made ready once: what repeats (a node's name, address and zone;
// what a set of catalog rows says; a port) is escaped the first time it is met. The cells are
// those of flowListFields(), in the sheet's columns.
class FlowCells
{
public:
    struct NodeCells
    {
        QByteArray name, address, zone;
        QString zoneName;
        int zoneIndex = -1; // into zoneNames()
        bool ready = false;
    };
    struct RowCells
    {
        QByteArray services, configurable, references, bases, urls;
        QStringList serviceList;
    };
    struct PortCells
    {
        QString protocol, port;
        QByteArray protocolCell, portCell;
        int first = 0, last = 0;
        bool numbers = false;
    };

    FlowCells(const Document& document) : m_document(document) { m_nodes.resize(size_t(document.nextId())); }

    // Nothing (with *error saying which cell) when a text is longer than a cell holds; row is
    // the Flows sheet's row and `end` "Source" or "Destination", for the message.
    const NodeCells* node(int id, qint64 row, const QString& end, QString* error)
    {
        NodeCells& c = m_nodes[size_t(id)];
        if (c.ready)
            return &c;
        const Node* n = m_document.node(id);
        c.zoneName = nodeZoneName(m_document, id);
        if (!cell(n->name, end, row, &c.name, error) ||
            !cell(nodeAddress(m_document, id), end + u" Address"_s, row, &c.address, error) ||
            !cell(c.zoneName, end + u" Zone"_s, row, &c.zone, error))
            return nullptr;
        auto [it, added] = m_zoneIndex.try_emplace(c.zoneName, int(m_zoneNames.size()));
        if (added)
            m_zoneNames << c.zoneName;
        c.zoneIndex = it->second;
        c.ready = true;
        return &c;
    }

    // A node whose cells node() has made.
    const NodeCells& readyNode(int id) const { return m_nodes[size_t(id)]; }

    const RowCells* rows(const Flow* begin, const Flow* end, qint64 row, QString* error)
    {
        m_key.clear();
        for (const Flow* f = begin; f != end; ++f)
            m_key.push_back(f->row * 2 + (f->proxied ? 1 : 0));
        auto it = m_rows.find(m_key);
        if (it != m_rows.end())
            return &it->second;
        FlowListRow said;
        describeFlows(m_document.catalog(), begin, end, said);
        RowCells c;
        c.serviceList = said.services;
        if (!cell(said.services.join(u"; "), u"Service"_s, row, &c.services, error) ||
            !cell(said.configurable ? u"Yes"_s : u"No"_s, u"Configurable"_s, row, &c.configurable, error) ||
            !cell(said.references.join(u"; "), u"Reference"_s, row, &c.references, error) ||
            !cell(said.bases.join(u"; "), u"Basis"_s, row, &c.bases, error) ||
            !cell(said.sourceUrls.join(u"; "), u"Source URL"_s, row, &c.urls, error))
            return nullptr;
        return &m_rows.emplace(m_key, std::move(c)).first->second;
    }

    const PortCells& port(const Flow& flow)
    {
        auto [it, added] = m_ports.try_emplace(portKey(flow));
        PortCells& c = it->second;
        if (added) {
            c.protocol = protocolName(flow.protocol);
            c.port = flow.port.toString();
            c.protocolCell = *sheetTextCell(c.protocol);
            c.portCell = *sheetTextCell(c.port);
            c.numbers = portEnds(c.port, &c.first, &c.last);
        }
        return c;
    }

    const QByteArray& yesNo(bool yes)
    {
        static const QByteArray y = *sheetTextCell(u"Yes"), n = *sheetTextCell(u"No");
        return yes ? y : n;
    }

    const QStringList& zoneNames() const { return m_zoneNames; }

private:
    static bool cell(const QString& text, const QString& column, qint64 row, QByteArray* out, QString* error)
    {
        std::optional<QByteArray> c = sheetTextCell(text);
        if (!c) {
            if (error)
                *error = u"the Flows sheet's row %1 would hold %2 characters in its %3 column, more than the "
                         u"%4 a spreadsheet cell can hold; export CSV instead"_s.arg(row)
                             .arg(text.size())
                             .arg(column)
                             .arg(kSheetCellMaxCharacters);
            return false;
        }
        *out = std::move(*c);
        return true;
    }

    const Document& m_document;
    std::vector<NodeCells> m_nodes;
    std::map<std::vector<int>, RowCells> m_rows;
    std::vector<int> m_key;
    std::unordered_map<quint64, PortCells> m_ports;
    std::unordered_map<QString, int> m_zoneIndex;
    QStringList m_zoneNames;
};

// One row of the flow list, in the sheet's columns.
void writeFlowRow(SheetRowWriter& out, qint64 row, const FlowCells::NodeCells& source,
                  const FlowCells::NodeCells& destination, const FlowCells::PortCells& port,
                  const FlowCells::RowCells& said, const QByteArray& local)
{
    out.startRow(row);
    out.text(0, source.name);
    out.text(1, source.address);
    out.text(2, source.zone);
    out.text(3, destination.name);
    out.text(4, destination.address);
    out.text(5, destination.zone);
    out.text(6, port.protocolCell);
    out.text(kPortColumn, port.portCell);
    if (port.numbers) {
        out.number(kPortColumn + 1, port.first);
        out.number(kPortColumn + 2, port.last);
    }
    out.text(10, said.services);
    out.text(11, said.configurable);
    out.text(12, said.references);
    out.text(13, said.bases);
    out.text(14, local);
    out.text(15, said.urls);
    out.endRow();
}

} // namespace

bool writeXlsx(const Document& document, const FlowEngine& engine, const QString& path,
               const ExportOptions& options, QString* error)
{
    // Checked before the work, so that a refused target costs nothing.
    if (OutputFile::checkTarget(path, {options.designFile}, error).isEmpty())
        return false;
    const auto fail = [&](const QString& why) {
        if (error)
            *error = u"%1: %2"_s.arg(path, why);
        return false;
    };
    // libxlsxwriter writes to a path of its own choosing: give it one in a private folder (mode
    // 0700, random name); the rows are added into a second file there, which is then copied to the
    // target through OutputFile like every other export.
    const QTemporaryDir folder;
    if (!folder.isValid())
        return fail(u"cannot create a temporary folder: %1"_s.arg(folder.errorString()));
    const QString library = folder.filePath(u"library.xlsx"_s);
    const QString temporary = folder.filePath(u"workbook.xlsx"_s);

    // The rows once, sorted; then a first pass that escapes every cell (refusing one too long for
    // a spreadsheet) and counts what the small sheets show.
    const SortedFlowList list = sortFlowList(document, engine, {.includeLocal = options.includeLocal});
    if (qint64(list.rows()) >= kSheetMaxRows)
        return fail(u"the flow list has %1 rows; a spreadsheet sheet holds %2 below its header. Export CSV "
                    u"instead, or leave out local flows"_s.arg(list.rows())
                        .arg(kSheetMaxRows - 1));
    FlowCells cells(document);
    std::map<std::pair<int, int>, int> zonePairCount; // by zone index
    struct PortEntry
    {
        const FlowCells::PortCells* port = nullptr;
        int flows = 0;
        QStringList services;
    };
    std::map<quint64, PortEntry> portEntries; // by protocol and port
    struct RowRef
    {
        const FlowCells::PortCells* port;
        const FlowCells::RowCells* said;
    };
    std::vector<RowRef> refs; // the cells of each row besides its nodes' (cache entries stay put)
    refs.reserve(list.rows());
    std::vector<int> sourceZone(list.rows());
    QString why;
    for (size_t r = 0; r < list.rows(); ++r) {
        const Flow& first = *list.begin(r);
        const qint64 row = qint64(r) + 2;
        const FlowCells::NodeCells* source = cells.node(first.source, row, u"Source"_s, &why);
        const FlowCells::NodeCells* destination =
            source ? cells.node(first.destination, row, u"Destination"_s, &why) : nullptr;
        const FlowCells::RowCells* said =
            destination ? cells.rows(list.begin(r), list.end(r), row, &why) : nullptr;
        if (!said)
            return fail(why);
        sourceZone[r] = source->zoneIndex;
        ++zonePairCount[{source->zoneIndex, destination->zoneIndex}];
        const FlowCells::PortCells& port = cells.port(first);
        refs.push_back({&port, said});
        PortEntry& entry = portEntries[portKey(first)];
        entry.port = &port;
        ++entry.flows;
        for (const QString& s : said->serviceList)
            if (!entry.services.contains(s))
                entry.services << s;
    }

    // One sheet per source zone, in the order of their names; "No zone" for nodes without one.
    std::map<QString, std::vector<int>> zoneSheets; // sheet name -> zone indices it shows
    if (options.sheetPerZone) {
        const std::set<int> sources(sourceZone.begin(), sourceZone.end());
        for (const int z : sources)
            zoneSheets[sourceZoneSheet(cells.zoneNames().at(z))].push_back(z);
    }

    std::vector<StreamedSheet> streamed;
    const int flowColumns = int(flowSheetHeader().size());
    // Rows of the list whose source zone is one of `zones` (all rows when null), from sheet row 2.
    const auto rowsOf = [&](const std::vector<int>* zones) {
        return [&, zones](const std::function<bool(const QByteArray&)>& write, QString* rowError) {
            Q_UNUSED(rowError); // every cell was made ready (and checked) above
            QByteArray out;
            out.reserve((1 << 18) + 65536);
            SheetRowWriter writer(out);
            qint64 row = 1;
            for (size_t r = 0; r < list.rows(); ++r) {
                if (zones && std::find(zones->begin(), zones->end(), sourceZone[r]) == zones->end())
                    continue;
                const Flow& first = *list.begin(r);
                const RowRef& ref = refs[r];
                writeFlowRow(writer, ++row, cells.readyNode(first.source), cells.readyNode(first.destination),
                             *ref.port, *ref.said, cells.yesNo(first.local));
                if (out.size() >= (1 << 18)) {
                    if (!write(out))
                        return false;
                    out.clear();
                    out.reserve((1 << 18) + 65536);
                }
            }
            return write(out);
        };
    };
    {
        Workbook book(QFile::encodeName(library));
        if (!book.ok())
            return fail(u"cannot write"_s);
        // Every sheet is added first, in the order they are shown.
        lxw_worksheet* flows = book.sheet(u"Flows"_s);
        book.header(flows, flowSheetHeader(), kFlowWidths);
        book.autofilter(flows, qint64(list.rows()), flowColumns - 1);
        streamed.push_back(
            {Workbook::part(book.sheets()), qint64(list.rows()) + 1, flowColumns - 1, rowsOf(nullptr)});
        lxw_worksheet* pairs = book.sheet(u"Zone Pairs"_s);
        lxw_worksheet* portSheet = book.sheet(u"Ports"_s);
        lxw_worksheet* servers = book.sheet(u"Servers"_s);
        for (const auto& [name, zones] : zoneSheets) {
            lxw_worksheet* sheet = book.sheet(u"From "_s + name);
            qint64 rows = 0;
            for (const int z : sourceZone)
                rows += std::find(zones.begin(), zones.end(), z) != zones.end();
            book.header(sheet, flowSheetHeader(), kFlowWidths);
            book.autofilter(sheet, rows, flowColumns - 1);
            streamed.push_back({Workbook::part(book.sheets()), rows + 1, flowColumns - 1, rowsOf(&zones)});
        }

        book.header(pairs, {u"Source Zone"_s, u"Destination Zone"_s, u"Flows"_s}, {18, 18, 8});
        QMap<QPair<QString, QString>, int> zonePairs;
        for (const auto& [pair, count] : zonePairCount)
            zonePairs[{cells.zoneNames().at(pair.first), cells.zoneNames().at(pair.second)}] += count;
        int r = 0;
        for (auto it = zonePairs.begin(); it != zonePairs.end(); ++it) {
            ++r;
            book.text(pairs, r, 0, it.key().first);
            book.text(pairs, r, 1, it.key().second);
            book.number(pairs, r, 2, it.value());
        }
        book.autofilter(pairs, r, 2);

        book.header(portSheet,
                    {u"Protocol"_s, u"Port"_s, u"First Port"_s, u"Last Port"_s, u"Flows"_s, u"Services"_s},
                    {9, 12, 9, 9, 8, 70});
        std::vector<const PortEntry*> ports;
        for (const auto& [key, entry] : portEntries)
            ports.push_back(&entry);
        // By protocol and first port; a range after the single port it starts with.
        std::sort(ports.begin(), ports.end(), [](const PortEntry* a, const PortEntry* b) {
            return std::make_tuple(a->port->protocol, a->port->first, a->port->port) <
                   std::make_tuple(b->port->protocol, b->port->first, b->port->port);
        });
        r = 0;
        for (const PortEntry* entry : ports) {
            ++r;
            book.text(portSheet, r, 0, entry->port->protocol);
            book.port(portSheet, r, 1, entry->port->port);
            book.number(portSheet, r, 4, entry->flows);
            book.text(portSheet, r, 5, entry->services.join(u"; "));
        }
        book.autofilter(portSheet, r, 5);

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
            book.text(servers, r, 0, n.name);
            book.text(servers, r, 1, n.address);
            book.text(servers, r, 2, zone ? zone->name : n.zone);
            book.text(servers, r, 3, site ? site->code : QString());
            book.text(servers, r, 4, roles.join(u", "));
        }
        book.autofilter(servers, r, 4);

        const QString failure = book.close();
        if (!failure.isEmpty())
            return fail(u"cannot write: %1"_s.arg(failure));
    }
    if (!addStreamedRows(library, temporary, streamed, path, error))
        return false;

    QFile workbook(temporary);
    if (!workbook.open(QIODevice::ReadOnly))
        return fail(u"cannot read the finished workbook back: %1"_s.arg(workbook.errorString()));
    return OutputFile::write(path,
                             [&workbook](QIODevice& device, QString* reason) {
                                 char buffer[1 << 16];
                                 for (qint64 n; (n = workbook.read(buffer, sizeof buffer)) > 0;)
                                     if (device.write(buffer, n) != n)
                                         return false;
                                 if (workbook.error() != QFileDevice::NoError) {
                                     *reason = u"cannot read the finished workbook back: %1"_s.arg(
                                         workbook.errorString());
                                     return false;
                                 }
                                 return true;
                             },
                             error, {options.designFile});
}

} // namespace portolan
