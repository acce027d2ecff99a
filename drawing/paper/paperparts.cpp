#include "drawing/paper/paperparts.h"

#include "drawing/designrenderer.h"
#include "flows/flow.h"

#include <QCoreApplication>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

using namespace Qt::StringLiterals;

namespace portolan::paperparts {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("DiagramSet", text);
}

} // namespace

QColor frameColour(const PageFrame& frame)
{
    return frame.colour.isValid() ? frame.colour : QColor(0x78, 0x90, 0x9c);
}

QColor frameTint(const QColor& line)
{
    return QColor::fromRgbF(0.94f + 0.06f * line.redF(), 0.94f + 0.06f * line.greenF(),
                            0.94f + 0.06f * line.blueF());
}

QColor edgeColour(const PageEdge& edge)
{
    return edge.colour.isValid() ? edge.colour : QColor(0x60, 0x7d, 0x8b);
}

QString decimal(double value, int decimals, double zero)
{
    if (!std::isfinite(value) || std::abs(value) < zero)
        return u"0"_s;
    QString text = QString::number(value, 'f', decimals);
    while (text.endsWith(u'0'))
        text.chop(1);
    if (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

QString xmlText(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        const char16_t u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            const char32_t code = QChar::surrogateToUcs4(c, text[i + 1]);
            if ((code & 0xFFFE) == 0xFFFE)
                out += QChar(0xFFFD);
            else
                out.append(c).append(text[i + 1]);
            ++i;
        } else if (c.isSurrogate() || u == 0xFFFE || u == 0xFFFF) {
            out += QChar(0xFFFD);
        } else if (u < 0x20 && u != u'\t' && u != u'\n') {
            out += QChar(char16_t(0x2400 + u)); // ␀ .. ␟: seen, never obeyed
        } else if (u == 0x7F) {
            out += QChar(0x2421);
        } else {
            out += c;
        }
    }
    return out;
}

QString stubPages(const PageNode& node)
{
    if (node.stubPage <= 0)
        return {};
    if (node.stubPageLast > node.stubPage)
        return u"%1-%2"_s.arg(node.stubPage).arg(node.stubPageLast);
    return QString::number(node.stubPage);
}

QString drawnOn(const PageNode& node)
{
    if (node.stubPage <= 0)
        return {};
    return (node.stubPageLast > node.stubPage ? tr("→ pages %1") : tr("→ page %1")).arg(stubPages(node));
}

QStringList nodeLines(const PageNode& node)
{
    QStringList lines{node.name};
    if (!node.address.isEmpty())
        lines << node.address;
    if (!node.roles.isEmpty())
        lines << node.roles;
    if (node.stub)
        lines << (node.stubPage > 0 ? drawnOn(node) : tr("(outside this page)"));
    return lines;
}

QString edgeText(const PageEdge& edge)
{
    return edge.shown.isEmpty() ? edge.label : edge.shown;
}

QStringList titleBlockLines(const DiagramSet& set, const DiagramPage& page, int pageNumber)
{
    QStringList lines{set.designName, page.title};
    QStringList facts;
    if (!set.author.isEmpty())
        facts << set.author;
    if (!set.date.isEmpty())
        facts << set.date;
    if (!set.revision.isEmpty())
        facts << tr("Rev. %1").arg(set.revision);
    facts << tr("Page %1 of %2").arg(pageNumber).arg(set.pages.size());
    lines << facts.join(u" · "_s);
    return lines;
}

int enclosingFrame(const DiagramPage& page, const QRectF& box, int self)
{
    int best = -1;
    qreal bestArea = 0;
    for (size_t i = 0; i < page.frames.size(); ++i) {
        const QRectF& r = page.frames[i].rect;
        if (int(i) == self || !r.contains(box) || (self >= 0 && r == box))
            continue;
        const qreal area = r.width() * r.height();
        if (best < 0 || area < bestArea) {
            best = int(i);
            bestArea = area;
        }
    }
    return best;
}

qreal tableRowHeight(const DiagramPage& page)
{
    const qsizetype rows = qsizetype(page.table.size()) + (page.tableHeader.isEmpty() ? 0 : 1);
    return std::min<qreal>(14, page.tableArea.height() / qreal(std::max<qsizetype>(rows, 1)));
}

std::vector<TableCell> tableCells(const DiagramPage& page)
{
    std::vector<TableCell> cells;
    const QRectF area = page.tableArea;
    if (area.isNull() || (page.table.empty() && page.tableHeader.isEmpty()))
        return cells;
    qsizetype columns = page.tableHeader.size();
    for (const QStringList& row : page.table)
        columns = std::max(columns, row.size());
    if (columns == 0)
        return cells;
    // Columns as wide as their longest text (capped), rows sharing the height evenly.
    std::vector<qreal> weight(size_t(columns), 4);
    const auto measure = [&](const QStringList& row) {
        for (qsizetype c = 0; c < row.size(); ++c)
            weight[size_t(c)] = std::max(weight[size_t(c)], qreal(std::min<qsizetype>(row[c].size(), 60)));
    };
    measure(page.tableHeader);
    for (const QStringList& row : page.table)
        measure(row);
    qreal total = 0;
    for (const qreal w : weight)
        total += w;
    const qreal rowHeight = tableRowHeight(page);
    qreal y = area.top();
    const auto addRow = [&](const QStringList& row, bool header) {
        qreal x = area.left();
        for (qsizetype c = 0; c < columns; ++c) {
            const qreal width = area.width() * weight[size_t(c)] / total;
            cells.push_back({QRectF(x, y, width, rowHeight), c < row.size() ? row[c] : QString(), header});
            x += width;
        }
        y += rowHeight;
    };
    if (!page.tableHeader.isEmpty())
        addRow(page.tableHeader, true);
    for (const QStringList& row : page.table)
        addRow(row, false);
    return cells;
}

bool isOrthogonal(const QPolygonF& route)
{
    for (qsizetype i = 1; i < route.size(); ++i) {
        const QPointF d = route[i] - route[i - 1];
        if (std::abs(d.x()) > 0.01 && std::abs(d.y()) > 0.01)
            return false;
    }
    return true;
}

void inParallel(size_t count, const std::function<void(size_t)>& work)
{
    std::atomic<size_t> next{0};
    const auto run = [&] {
        for (size_t i = next++; i < count; i = next++)
            work(i);
    };
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<size_t>(threads, count); ++t)
        pool.emplace_back(run);
    run();
    for (std::thread& t : pool)
        t.join();
}

} // namespace portolan::paperparts
