#pragma once
// What the routing and link tests check a drawn route against, written apart from the router's
// own geometry so that a mistake there cannot hide itself.

#include <QLineF>
#include <QPolygonF>
#include <QRectF>

#include <algorithm>
#include <limits>
#include <string>

namespace portolan::test {

// Whether a segment enters a box's inside (running along its border is not passing under it).
inline bool entersBox(const QLineF& segment, const QRectF& box)
{
    const QRectF inside = box.adjusted(1, 1, -1, -1);
    if (inside.contains(segment.p1()) || inside.contains(segment.p2()))
        return true;
    const QLineF sides[] = {{inside.topLeft(), inside.topRight()},
                            {inside.topRight(), inside.bottomRight()},
                            {inside.bottomRight(), inside.bottomLeft()},
                            {inside.bottomLeft(), inside.topLeft()}};
    for (const QLineF& side : sides)
        if (segment.intersects(side, nullptr) == QLineF::BoundedIntersection)
            return true;
    return false;
}

// How far a point lies from the nearest point of a route.
inline qreal distanceToRoute(QPointF p, const QPolygonF& route)
{
    qreal best = std::numeric_limits<qreal>::max();
    for (qsizetype i = 1; i < route.size(); ++i) {
        const QLineF leg(route[i - 1], route[i]);
        const qreal length2 = leg.dx() * leg.dx() + leg.dy() * leg.dy();
        const qreal t =
            length2 > 0 ? qBound(0.0, QPointF::dotProduct(p - leg.p1(), leg.p2() - leg.p1()) / length2, 1.0)
                        : 0.0;
        best = std::min(best, QLineF(p, leg.pointAt(t)).length());
    }
    return best;
}

// A route as text for a failure message: "(x,y) (x,y) ...".
inline std::string describe(const QPolygonF& route)
{
    std::string text;
    for (const QPointF& p : route)
        text += "(" + std::to_string(int(p.x())) + "," + std::to_string(int(p.y())) + ") ";
    return text;
}

} // namespace portolan::test
