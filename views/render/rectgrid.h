#pragma once

#include <QRectF>

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

private:
    template <typename F> void forCells(const QRectF& rect, F&& f) const;

    qreal m_cell;
    std::vector<QRectF> m_rects;
    std::vector<int> m_weights;
    std::unordered_map<quint64, std::vector<int>> m_cells;
    mutable std::vector<unsigned> m_seen; // visit stamps, so that a rect in several cells counts once
    mutable unsigned m_stamp = 0;
};

} // namespace portolan
