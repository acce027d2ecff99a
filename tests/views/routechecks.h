#pragma once
// What the routing and link tests check a drawn route against, written apart from the router's
// own geometry so that a mistake there cannot hide itself.

#include <QLineF>
#include <QPolygonF>
#include <QRectF>

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

// A route as text for a failure message: "(x,y) (x,y) ...".
inline std::string describe(const QPolygonF& route)
{
    std::string text;
    for (const QPointF& p : route)
        text += "(" + std::to_string(int(p.x())) + "," + std::to_string(int(p.y())) + ") ";
    return text;
}

} // namespace portolan::test
