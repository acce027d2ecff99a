#include "drawing/rectgrid.h"

#include <cmath>

namespace portolan {

RectGrid::RectGrid(qreal cellSize) : m_cell(cellSize)
{}

void RectGrid::insert(const QRectF& rect, int weight)
{
    const int index = int(m_rects.size());
    m_rects.push_back(rect);
    m_edges.emplace_back(rect);
    m_weights.push_back(weight);
    m_seen.push_back(0);
    forCells(rect, [&](quint64 key) { m_cells[key].push_back(index); });
}

int RectGrid::hits(const QRectF& rect) const
{
    int total = 0;
    forEachHit(rect, [&](size_t index) { total += m_weights[index]; });
    return total;
}

} // namespace portolan
