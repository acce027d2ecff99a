#pragma once

#include <QRectF>

#include <algorithm>
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
        const Edges in(area);
        ++m_stamp;
        forCells(area, [&](quint64 key) {
            const auto it = m_cells.find(key);
            if (it == m_cells.end())
                return;
            for (int index : it->second) {
                if (m_seen[size_t(index)] == m_stamp)
                    continue;
                m_seen[size_t(index)] = m_stamp;
                if (m_edges[size_t(index)].meets(in))
                    f(size_t(index));
            }
        });
    }

    // A rectangle's sides, normalised: what QRectF::intersects compares, without its call and its
    // normalising on every test (label placement makes millions of them on a large design).
    struct Edges
    {
        qreal left, top, right, bottom;
        explicit Edges(const QRectF& r)
            : left(std::min(r.left(), r.right())), top(std::min(r.top(), r.bottom())),
              right(std::max(r.left(), r.right())), bottom(std::max(r.top(), r.bottom()))
        {}
        // As QRectF::intersects: an overlap of some area; a rectangle of no width or height meets none.
        bool meets(const Edges& o) const
        {
            return left < o.right && o.left < right && top < o.bottom && o.top < bottom && left < right &&
                   top < bottom && o.left < o.right && o.top < o.bottom;
        }
    };

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
    std::vector<Edges> m_edges; // m_rects' sides
    std::vector<int> m_weights;
    std::unordered_map<quint64, std::vector<int>> m_cells;
    mutable std::vector<unsigned> m_seen; // visit stamps, so that a rect in several cells counts once
    mutable unsigned m_stamp = 0;
};

} // namespace portolan
