#pragma once

#include <QLineF>
#include <QPolygonF>
#include <QRectF>

#include <algorithm>
#include <iterator>

namespace portolan {

// Clips segment a-b to rect (Liang-Barsky): a and b become the ends of the part inside it, and
// false (a and b unchanged) when none is.
inline bool clipSegment(QPointF& a, QPointF& b, const QRectF& rect)
{
    const QPointF d = b - a;
    qreal t0 = 0, t1 = 1;
    const qreal p[] = {-d.x(), d.x(), -d.y(), d.y()};
    const qreal q[] = {a.x() - rect.left(), rect.right() - a.x(), a.y() - rect.top(), rect.bottom() - a.y()};
    for (int i = 0; i < 4; ++i) {
        if (qFuzzyIsNull(p[i])) {
            if (q[i] < 0)
                return false;
            continue;
        }
        const qreal t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    const QPointF from = a + d * t0, to = a + d * t1;
    a = from;
    b = to;
    return true;
}

// Whether a leg of a route enters a box's inside: running along its border is not passing under it.
inline bool legEnters(const QLineF& leg, const QRectF& box)
{
    const QRectF inside = box.adjusted(1, 1, -1, -1);
    if (inside.contains(leg.p1()) || inside.contains(leg.p2()))
        return true;
    const QLineF sides[] = {{inside.topLeft(), inside.topRight()},
                            {inside.topRight(), inside.bottomRight()},
                            {inside.bottomRight(), inside.bottomLeft()},
                            {inside.bottomLeft(), inside.topLeft()}};
    return std::any_of(std::begin(sides), std::end(sides), [&leg](const QLineF& side) {
        return leg.intersects(side, nullptr) == QLineF::BoundedIntersection;
    });
}

// Whether any leg of a route enters a box's inside.
inline bool routeEnters(const QPolygonF& route, const QRectF& box)
{
    for (qsizetype i = 1; i < route.size(); ++i)
        if (legEnters(QLineF(route[i - 1], route[i]), box))
            return true;
    return false;
}

} // namespace portolan
