#include "rectgrid.h"

#include <cmath>

namespace portolan {

RectGrid::RectGrid(qreal cellSize) : m_cell(cellSize)
{}

void RectGrid::insert(const QRectF& rect, int weight)
{
    const int index = int(m_rects.size());
    m_rects.push_back(rect);
    m_weights.push_back(weight);
    m_seen.push_back(0);
    forCells(rect, [&](quint64 key) { m_cells[key].push_back(index); });
}

int RectGrid::hits(const QRectF& rect) const
{
    ++m_stamp;
    int total = 0;
    forCells(rect, [&](quint64 key) {
        const auto it = m_cells.find(key);
        if (it == m_cells.end())
            return;
        for (int index : it->second) {
            if (m_seen[size_t(index)] == m_stamp)
                continue;
            m_seen[size_t(index)] = m_stamp;
            if (m_rects[size_t(index)].intersects(rect))
                total += m_weights[size_t(index)];
        }
    });
    return total;
}

} // namespace portolan
