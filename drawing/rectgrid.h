#pragma once

#include <QRectF>

#include <cmath>

#include <unordered_map>
#include <vector>

namespace portolan {

// A uniform grid over rectangles: "what meets this rectangle" looks at the few
// cells the rectangle covers instead of every rectangle stored. Label placement
// asks it, once per candidate position, for the labels and node boxes in the way.
class RectGrid
{
public:
    explicit RectGrid(qreal cellSize = 256);

    void insert(const QRectF& rect, int weight = 1);
    // The summed weights of the stored rectangles that intersect rect (each counted once).
    int hits(const QRectF& rect) const;
    size_t size() const { return m_rects.size(); }
    // Calls f(rect) once for each stored rectangle that intersects area.
    template <typename F> void visit(const QRectF& area, F&& f) const
    {
        forEachHit(area, [&](size_t index) { f(m_rects[index]); });
    }

private:
    // Calls f(index) once for each stored rectangle that intersects area.
    template <typename F> void forEachHit(const QRectF& area, F&& f) const
    {
        ++m_stamp;
        forCells(area, [&](quint64 key) {
            const auto it = m_cells.find(key);
            if (it == m_cells.end())
                return;
            for (int index : it->second) {
                if (m_seen[size_t(index)] == m_stamp)
                    continue;
                m_seen[size_t(index)] = m_stamp;
                if (m_rects[size_t(index)].intersects(area))
                    f(size_t(index));
            }
        });
    }

    template <typename F> void forCells(const QRectF& rect, F&& f) const
    {
        const auto cell = [this](qreal v) {
            return qint64(std::floor(v / m_cell));
        };
        const qint64 x0 = cell(rect.left()), x1 = cell(rect.right());
        const qint64 y0 = cell(rect.top()), y1 = cell(rect.bottom());
        for (qint64 x = x0; x <= x1; ++x)
            for (qint64 y = y0; y <= y1; ++y)
                f((quint64(quint32(qint32(x))) << 32) | quint32(qint32(y)));
    }

    qreal m_cell;
    std::vector<QRectF> m_rects;
    std::vector<int> m_weights;
    std::unordered_map<quint64, std::vector<int>> m_cells;
    mutable std::vector<unsigned> m_seen; // visit stamps, so that a rect in several cells counts once
    mutable unsigned m_stamp = 0;
};

} // namespace portolan
