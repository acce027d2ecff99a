#pragma once

#include <QSizeF>
#include <QString>
#include <QStringList>

#include <vector>

namespace portolan::paper {

// A page's table laid out in a given width, every cell whole: a cell wider than its column
// wraps onto more lines (at spaces, a word wider than the column anywhere), nothing is cut to
// "…" (a firewall cannot be opened from "TCP 80, 4…"). The builder sizes and splits tables with
// it and the painter prints what it says, so that both agree line for line.
struct TableLayout
{
    std::vector<qreal> columns; // widths, in points, summing to the width asked for
    // Per row (the header first when there is one), per column: the lines of the cell's text and
    // where each line starts in that text.
    struct Cell
    {
        QStringList lines;
        std::vector<qsizetype> starts;
    };
    std::vector<std::vector<Cell>> rows;
    std::vector<int> lineCounts; // per row: its height in lines (at least 1)
    bool hasHeader = false;

    qreal rowHeight(size_t row) const;
    qreal height() const; // the whole table's
    int wrapped() const;  // lines past the first, over every row: how much the width cost
};

// The width the table takes with every cell on one line.
qreal naturalTableWidth(const QStringList& header, const std::vector<QStringList>& rows);
TableLayout layoutTable(const QStringList& header, const std::vector<QStringList>& rows, qreal width);

// A table split into pieces (the header repeated on each): the first fits in firstWidth ×
// firstHeight (the page's table area), the others in width × height (continuation pages). A row
// taller than a whole piece goes on into the next: the lines of its cells that did not fit start
// the next piece, so that no text is lost.
std::vector<std::vector<QStringList>> splitTable(const QStringList& header, std::vector<QStringList> rows,
                                                 QSizeF first, QSizeF rest);

} // namespace portolan::paper
