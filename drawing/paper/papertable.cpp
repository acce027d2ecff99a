#include "drawing/paper/papertable.h"

#include "drawing/paper/paperstyle.h"

#include <QFontMetricsF>

#include <algorithm>
#include <numeric>

namespace portolan::paper {

namespace {

constexpr qreal kPadding = 8; // a cell's text is inset 2 points each side; the rest is air
constexpr qreal kNarrowest = 16;

const QFontMetricsF& metrics(bool bold)
{
    thread_local const QFontMetricsF regular(font(kText)), heading(font(kText, true));
    return bold ? heading : regular;
}

// Greedy lines of `text` no wider than `width`: breaks at spaces, a word wider than the width
// after a dot or hyphen where it can, else anywhere. Starting from any line's start gives the lines that
// follow it again.
TableLayout::Cell wrap(const QString& text, qreal width, const QFontMetricsF& m)
{
    TableLayout::Cell cell;
    if (text.isEmpty())
        return cell;
    if (m.horizontalAdvance(text) <= width) {
        cell.lines = {text};
        cell.starts = {0};
        return cell;
    }
    const qsizetype size = text.size();
    qsizetype start = 0;
    while (start < size) {
        while (start < size && text[start] == u' ')
            ++start;
        if (start >= size)
            break;
        qsizetype end = start;
        for (qsizetype at = start; at < size;) {
            qsizetype next = text.indexOf(u' ', at);
            if (next < 0)
                next = size;
            if (m.horizontalAdvance(text.mid(start, next - start)) > width)
                break;
            end = next;
            at = next + 1;
        }
        if (end == start) { // one word wider than the column: as much of it as fits
            qsizetype n = 1;
            while (start + n < size && text[start + n] != u' ' &&
                   m.horizontalAdvance(text.mid(start, n + 1)) <= width)
                ++n;
            if (start + n < size && text[start + n].isLowSurrogate())
                ++n;
            // A host name breaks after the last dot or hyphen of what fits ("p01-ss.corp." then
            // "contoso.com"), where there is one.
            if (start + n < size && text[start + n] != u' ')
                for (qsizetype k = n; k > 1; --k)
                    if (text[start + k - 1] == u'.' || text[start + k - 1] == u'-') {
                        n = k;
                        break;
                    }
            end = start + n;
        }
        cell.lines.push_back(text.mid(start, end - start));
        cell.starts.push_back(start);
        start = end;
    }
    return cell;
}

std::vector<qreal> naturalColumns(const QStringList& header, const std::vector<QStringList>& rows)
{
    qsizetype count = header.size();
    for (const QStringList& row : rows)
        count = std::max(count, row.size());
    std::vector<qreal> natural(size_t(count), 24);
    for (qsizetype c = 0; c < header.size(); ++c)
        natural[size_t(c)] =
            std::max(natural[size_t(c)], metrics(true).horizontalAdvance(header[c]) + kPadding);
    for (const QStringList& row : rows)
        for (qsizetype c = 0; c < row.size(); ++c)
            if (!row[c].isEmpty())
                natural[size_t(c)] =
                    std::max(natural[size_t(c)], metrics(false).horizontalAdvance(row[c]) + kPadding);
    return natural;
}

} // namespace

qreal TableLayout::rowHeight(size_t row) const
{
    return lineCounts[row] * kTableRow;
}

qreal TableLayout::height() const
{
    return std::accumulate(lineCounts.begin(), lineCounts.end(), 0) * kTableRow;
}

int TableLayout::wrapped() const
{
    int extra = 0;
    for (const int n : lineCounts)
        extra += n - 1;
    return extra;
}

qreal naturalTableWidth(const QStringList& header, const std::vector<QStringList>& rows)
{
    const std::vector<qreal> natural = naturalColumns(header, rows);
    return std::accumulate(natural.begin(), natural.end(), 0.0);
}

TableLayout layoutTable(const QStringList& header, const std::vector<QStringList>& rows, qreal width)
{
    TableLayout layout;
    std::vector<qreal> columns = naturalColumns(header, rows);
    if (columns.empty())
        return layout;
    const qreal total = std::accumulate(columns.begin(), columns.end(), 0.0);
    if (total <= width) {
        // Room to spare: every column a little wider.
        for (qreal& w : columns)
            w *= width / total;
    } else {
        // Too wide: the narrow columns (a reference "F12", a protocol, a port) keep what they hold,
        // the widest share what is left evenly, at most `cap` each, and wrap onto more lines.
        std::vector<qreal> sorted = columns;
        std::sort(sorted.begin(), sorted.end());
        qreal left = width, cap = kNarrowest;
        for (size_t i = 0; i < sorted.size(); ++i) {
            const qreal share = left / qreal(sorted.size() - i);
            if (sorted[i] > share) {
                cap = share;
                break;
            }
            left -= sorted[i];
        }
        cap = std::max(cap, kNarrowest);
        for (qreal& w : columns)
            w = std::min(w, cap);
    }
    layout.columns = columns;
    layout.hasHeader = !header.isEmpty();
    const auto add = [&](const QStringList& cells, bool bold) {
        std::vector<TableLayout::Cell> row;
        int lines = 1;
        for (size_t c = 0; c < columns.size(); ++c) {
            row.push_back(wrap(cells.value(qsizetype(c)), columns[c] - kPadding, metrics(bold)));
            lines = std::max(lines, int(row.back().lines.size()));
        }
        layout.rows.push_back(std::move(row));
        layout.lineCounts.push_back(lines);
    };
    if (layout.hasHeader)
        add(header, true);
    for (const QStringList& r : rows)
        add(r, false);
    return layout;
}

std::vector<std::vector<QStringList>> splitTable(const QStringList& header, std::vector<QStringList> rows,
                                                 QSizeF first, QSizeF rest)
{
    std::vector<std::vector<QStringList>> pieces;
    // The part of a row from line `from` to line `to` of its cells, as the layout wrapped them.
    const auto part = [](const QStringList& row, const std::vector<TableLayout::Cell>& cells, int from,
                         int to) {
        QStringList out;
        for (size_t c = 0; c < cells.size(); ++c) {
            const QString text = row.value(qsizetype(c));
            const auto& starts = cells[c].starts;
            // A one-line cell placed before is said again, so that each page names its rule.
            if (from > 0 && starts.size() == 1) {
                out << text;
                continue;
            }
            const qsizetype begin = size_t(from) < starts.size() ? starts[size_t(from)] : text.size();
            const qsizetype end = size_t(to) < starts.size() ? starts[size_t(to)] : text.size();
            out << text.mid(begin, end - begin).trimmed();
        }
        return out;
    };
    // Pieces from one layout of the rows: the first piece's room (the page's own area), then the
    // continuation pages' (one layout for them all). A piece laid out alone gets columns at least
    // as wide for its rows as these, so that it takes no more lines than counted here.
    size_t r = 0;
    int fromLine = 0; // lines of row r already placed
    const auto fill = [&](const TableLayout& layout, const std::vector<QStringList>& source, QSizeF room,
                          bool once) {
        const size_t skip = layout.hasHeader ? 1 : 0;
        while (r < source.size()) {
            std::vector<QStringList>& piece = pieces.emplace_back();
            qreal used = skip ? layout.rowHeight(0) : 0;
            while (r < source.size()) {
                const auto& cells = layout.rows[r + skip];
                const int lines = layout.lineCounts[r + skip] - fromLine;
                if (used + lines * kTableRow <= room.height() + 0.01) {
                    piece.push_back(fromLine ? part(source[r], cells, fromLine, 1 << 30) : source[r]);
                    used += lines * kTableRow;
                    ++r;
                    fromLine = 0;
                    continue;
                }
                if (piece.empty()) { // taller than a whole piece: what fits here, the rest next
                    const int fit = std::max(1, int((room.height() - used + 0.01) / kTableRow));
                    piece.push_back(part(source[r], cells, fromLine, fromLine + fit));
                    fromLine += fit;
                }
                break;
            }
            if (once)
                return;
        }
    };
    const TableLayout firstLayout = layoutTable(header, rows, first.width());
    fill(firstLayout, rows, first, true);
    if (r < rows.size()) {
        std::vector<QStringList> remaining(rows.begin() + qsizetype(r), rows.end());
        if (fromLine > 0) // the row split at the first piece's end goes on from where it stopped
            remaining.front() =
                part(rows[r], firstLayout.rows[r + (firstLayout.hasHeader ? 1 : 0)], fromLine, 1 << 30);
        r = 0;
        fromLine = 0;
        fill(layoutTable(header, remaining, rest.width()), remaining, rest, false);
    }
    if (pieces.empty())
        pieces.emplace_back();
    return pieces;
}

} // namespace portolan::paper
