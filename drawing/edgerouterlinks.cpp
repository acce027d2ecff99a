// EdgeRouter's part for the designer's links: a link asks for the route a flow edge between its
// ends would take, on the side their flow edges leave free, and is moved off them where a bend or
// a lane still puts it on top. Kept apart so that neither file grows past what reads in one sitting.
#include "drawing/edgerouter.h"

#include "drawing/designrenderer.h"
#include "drawing/geometry.h"

#include <QLineF>

#include <algorithm>
#include <iterator>

namespace portolan {

EdgeRouter::Request EdgeRouter::linkRequest(const QRectF& from, const QRectF& to, bool flowThere,
                                            bool flowBack)
{
    // Both directions drawn: they sit on either side of the middle, which is left to the link.
    // One direction drawn in the middle: the link takes the side its other direction would.
    if (flowThere && !flowBack)
        return {to, from, true};
    return {from, to, flowBack && !flowThere};
}

namespace {

// Moves a route's end along its leg (from the next point through the end, either way) to where
// that line meets the box's border; false, unchanged, when it misses the box.
bool ontoBorder(QPointF& end, QPointF next, const QRectF& box)
{
    // The ray from next through end, far beyond it, clipped to the box: where it enters.
    QPointF entry = next, beyond = next + (end - next) * 1e3;
    if (!clipSegment(entry, beyond, box) || entry == next)
        return false; // it misses the box, or next lies inside it: leave the route as it is
    end = entry;
    return true;
}

} // namespace

QPolygonF EdgeRouter::linkRoute(QPolygonF route, const Request& request, const QRectF& from)
{
    if (route.size() < 2)
        return route;
    ontoBorder(route.first(), route[1], request.from);
    ontoBorder(route.last(), route[route.size() - 2], request.to);
    if (request.from != from) // asked the other way round, for the free side of the pair
        std::reverse(route.begin(), route.end());
    return route;
}

namespace {

// How many of 19 points evenly along route lie within a few units of one of the others (10^4
// links on a large design: one walk along the route, squared distances).
int nearPoints(const QPolygonF& route, const std::vector<QPolygonF>& others)
{
    constexpr int kSamples = 19;
    constexpr qreal kNear2 = 4 * 4;
    qreal total = 0;
    for (qsizetype i = 1; i < route.size(); ++i)
        total += QLineF(route[i - 1], route[i]).length();
    if (total <= 0)
        return 0;
    int near = 0;
    qreal before = 0; // the route's length up to the start of leg k
    qsizetype k = 1;
    for (int s = 1; s <= kSamples; ++s) {
        const qreal wanted = total * s / (kSamples + 1);
        qreal length = QLineF(route[k - 1], route[k]).length();
        while (before + length < wanted && k + 1 < route.size()) {
            before += length;
            ++k;
            length = QLineF(route[k - 1], route[k]).length();
        }
        const QPointF p = length > 0 ? route[k - 1] + (route[k] - route[k - 1]) * ((wanted - before) / length)
                                     : route[k - 1];
        bool close = false;
        for (const QPolygonF& other : others)
            for (qsizetype m = 1; m < other.size() && !close; ++m) {
                const QPointF a = other[m - 1], d = other[m] - a;
                const qreal length2 = QPointF::dotProduct(d, d);
                const qreal t =
                    length2 > 0 ? std::clamp(QPointF::dotProduct(p - a, d) / length2, 0.0, 1.0) : 0.0;
                const QPointF off = a + d * t - p;
                close = QPointF::dotProduct(off, off) < kNear2;
            }
        near += close;
    }
    return near;
}

// Every leg moved by d along its left normal, the bends where the moved legs meet.
QPolygonF offsetRoute(const QPolygonF& route, qreal d)
{
    std::vector<QLineF> legs;
    for (qsizetype i = 1; i < route.size(); ++i) {
        const QLineF leg(route[i - 1], route[i]);
        if (leg.length() <= 0)
            continue;
        legs.push_back(leg.translated(QPointF(-leg.dy(), leg.dx()) / leg.length() * d));
    }
    if (legs.empty())
        return route;
    QPolygonF result{legs.front().p1()};
    for (size_t k = 1; k < legs.size(); ++k) {
        QPointF bend;
        if (legs[k - 1].intersects(legs[k], &bend) == QLineF::NoIntersection)
            bend = legs[k].p1(); // straight on
        result << bend;
    }
    result << legs.back().p2();
    return result;
}

} // namespace

QPolygonF EdgeRouter::apart(const QPolygonF& route, const QRectF& from, const QRectF& to,
                            const std::vector<QPolygonF>& others) const
{
    if (route.size() < 2 || others.empty() || nearPoints(route, others) <= 6)
        return route;
    const auto clear = [&](const QPolygonF& r) {
        for (qsizetype i = 1; i < r.size(); ++i) {
            const QLineF leg(r[i - 1], r[i]);
            bool hit = false;
            m_grid.visit(QRectF(leg.p1(), leg.p2()).normalized().adjusted(-1, -1, 1, 1),
                         [&](const QRectF& b) { hit = hit || (b != from && b != to && legEnters(leg, b)); });
            if (hit)
                return false;
        }
        return true;
    };
    for (qreal d : {6.0, -6.0, 10.0, -10.0, 14.0, -14.0}) {
        QPolygonF moved = offsetRoute(route, d);
        ontoBorder(moved.first(), moved[1], from);
        ontoBorder(moved.last(), moved[moved.size() - 2], to);
        if (nearPoints(moved, others) <= 6 && clear(moved))
            return moved;
    }
    return route;
}

} // namespace portolan
