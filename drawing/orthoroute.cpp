#include "drawing/orthoroute.h"

#include "drawing/rectgrid.h"

#include <QLineF>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <queue>
#include <vector>

namespace portolan {

namespace {

constexpr qreal kPad = 10;           // a route keeps this far from a box
constexpr qreal kBendCost = 60;      // a bend costs as much as this length
constexpr qreal kSearchMargin = 160; // how far beyond the two ends' boxes the route looks first

void addUnique(std::vector<qreal>& values)
{
    std::sort(values.begin(), values.end());
    values.erase(
        std::unique(values.begin(), values.end(), [](qreal a, qreal b) { return std::abs(a - b) < 0.5; }),
        values.end());
}

// Where a segment leaving a box's inside crosses its border.
QPointF borderPoint(const QRectF& box, QPointF inside, QPointF outside)
{
    if (qFuzzyCompare(inside.y(), outside.y()))
        return {outside.x() > inside.x() ? box.right() : box.left(), inside.y()};
    return {inside.x(), outside.y() > inside.y() ? box.bottom() : box.top()};
}

QPolygonF simplified(const std::vector<QPointF>& points)
{
    QPolygonF result;
    for (const QPointF& p : points) {
        if (result.size() >= 2) {
            const QPointF& a = result[result.size() - 2];
            const QPointF& b = result.last();
            const bool sameLine = (qFuzzyCompare(a.x(), b.x()) && qFuzzyCompare(b.x(), p.x())) ||
                                  (qFuzzyCompare(a.y(), b.y()) && qFuzzyCompare(b.y(), p.y()));
            if (sameLine) {
                result.last() = p;
                continue;
            }
        }
        if (result.isEmpty() || result.last() != p)
            result << p;
    }
    return result;
}

// Cuts the route's ends at the borders of its two boxes.
QPolygonF clipped(QPolygonF route, const QRectF& from, const QRectF& to)
{
    while (route.size() > 2 && from.contains(route[1]))
        route.removeFirst();
    while (route.size() > 2 && to.contains(route[route.size() - 2]))
        route.removeLast();
    route.first() = borderPoint(from, route[0], route[1]);
    route.last() = borderPoint(to, route.last(), route[route.size() - 2]);
    return route;
}

QPolygonF routeWithin(const QRectF& from, const QRectF& to, const RectGrid& boxes, qreal lane,
                      int maxObstacles, qreal margin, bool* tooManyBoxes)
{
    const QRectF region = from.united(to).adjusted(-margin, -margin, margin, margin);
    std::vector<QRectF> near;
    bool tooMany = false;
    boxes.visit(region, [&](const QRectF& r) {
        if (r == from || r == to || tooMany)
            return;
        near.push_back(r.adjusted(-kPad, -kPad, kPad, kPad));
        tooMany = int(near.size()) > maxObstacles;
    });
    *tooManyBoxes = tooMany;
    if (tooMany)
        return {};
    // The obstacles that lie across each grid line, found once per line instead of through a
    // spatial index per step: a step along a line can only be blocked by them.
    const auto blockedOn = [&near](const std::vector<int>& across, QPointF a, QPointF b) {
        const QRectF span = QRectF(a, b).normalized().adjusted(-0.1, -0.1, 0.1, 0.1);
        for (const int i : across) {
            // Touching an obstacle's border is not passing under it.
            const QRectF inside = near[size_t(i)].adjusted(0.5, 0.5, -0.5, -0.5);
            if (inside.intersects(span))
                return true;
        }
        return false;
    };
    // The lines a route may follow: through the two ends' centres (moved by the lane) and
    // beside every obstacle, on either side, then the region's edges.
    const QPointF start = from.center() + QPointF(lane, lane);
    const QPointF goal = to.center() + QPointF(lane, lane);
    // The lane moves the lines beside boxes and the region's own edges too: two edges in one
    // corridor take different lines.
    const qreal gap = 11 + qBound(-10.5, lane, 10.5);
    std::vector<qreal> xs{start.x(), goal.x(), region.left() + gap, region.right() - gap};
    std::vector<qreal> ys{start.y(), goal.y(), region.top() + gap, region.bottom() - gap};
    for (const QRectF& r : near) {
        xs.push_back(r.left() - gap);
        xs.push_back(r.right() + gap);
        ys.push_back(r.top() - gap);
        ys.push_back(r.bottom() + gap);
    }
    // Only lines inside the region: beyond it lie boxes that were not looked at.
    std::erase_if(xs, [&region](qreal x) { return x < region.left() || x > region.right(); });
    std::erase_if(ys, [&region](qreal y) { return y < region.top() || y > region.bottom(); });
    addUnique(xs);
    addUnique(ys);
    const int nx = int(xs.size()), ny = int(ys.size());
    const auto indexOf = [](const std::vector<qreal>& values, qreal v) {
        return int(std::min_element(values.begin(), values.end(),
                                    [v](qreal a, qreal b) { return std::abs(a - v) < std::abs(b - v); }) -
                   values.begin());
    };
    // Per line, the obstacles across it (with a point to spare either way).
    std::vector<std::vector<int>> acrossRow(static_cast<size_t>(ny));
    std::vector<std::vector<int>> acrossColumn(static_cast<size_t>(nx));
    for (int i = 0; i < int(near.size()); ++i) {
        const QRectF& r = near[size_t(i)];
        for (size_t j = size_t(std::lower_bound(ys.begin(), ys.end(), r.top() - 1) - ys.begin());
             j < ys.size() && ys[j] <= r.bottom() + 1; ++j)
            acrossRow[j].push_back(i);
        for (size_t j = size_t(std::lower_bound(xs.begin(), xs.end(), r.left() - 1) - xs.begin());
             j < xs.size() && xs[j] <= r.right() + 1; ++j)
            acrossColumn[j].push_back(i);
    }
    const int sx = indexOf(xs, start.x()), sy = indexOf(ys, start.y());
    const int gx = indexOf(xs, goal.x()), gy = indexOf(ys, goal.y());

    // A* over (column, row, heading); heading 4 is "not moved yet".
    const auto key = [nx, ny](int x, int y, int d) {
        return (size_t(d) * size_t(ny) + size_t(y)) * size_t(nx) + size_t(x);
    };
    const size_t states = size_t(nx) * size_t(ny) * 5;
    // The search's arrays are kept from one route to the next (a page routes hundreds): filling
    // them again is cheaper than having the pages mapped afresh.
    thread_local std::vector<qreal> cost;
    thread_local std::vector<int> came;
    thread_local std::vector<std::uint8_t> clear; // 0 not asked, 1 clear, 2 blocked
    cost.assign(states, std::numeric_limits<qreal>::infinity());
    came.assign(states, -1);
    // A priority queue (as std::priority_queue keeps one) on storage kept between routes.
    using Entry = std::pair<qreal, size_t>;
    thread_local std::vector<Entry> open;
    open.clear();
    const auto push = [](Entry e) {
        open.push_back(e);
        std::push_heap(open.begin(), open.end(), std::greater<>());
    };
    const auto estimate = [&](int x, int y) {
        return std::abs(xs[size_t(x)] - goal.x()) + std::abs(ys[size_t(y)] - goal.y());
    };
    // A box over either end's point leaves no way to it (or out of it): no search for nothing,
    // which with boxes piled on each other (pasted twice) would look at every line three times.
    const auto covered = [&near](QPointF p) {
        return std::any_of(near.begin(), near.end(),
                           [p](const QRectF& r) { return r.adjusted(0.5, 0.5, -0.5, -0.5).contains(p); });
    };
    if (covered({xs[size_t(sx)], ys[size_t(sy)]}) || covered({xs[size_t(gx)], ys[size_t(gy)]}))
        return {};
    // Whether the step from a line crossing to its neighbour is clear, asked once per crossing
    // and direction rather than once per heading the search arrives with.
    clear.assign(size_t(nx) * size_t(ny) * 4, 0);
    const size_t first = key(sx, sy, 4);
    cost[first] = 0;
    push({estimate(sx, sy), first});
    static constexpr int dx[] = {1, -1, 0, 0}, dy[] = {0, 0, 1, -1};
    size_t reached = states;
    while (!open.empty()) {
        std::pop_heap(open.begin(), open.end(), std::greater<>());
        const auto [f, state] = open.back();
        open.pop_back();
        const int x = int(state % size_t(nx));
        const int y = int((state / size_t(nx)) % size_t(ny));
        const int d = int(state / (size_t(nx) * size_t(ny)));
        if (f > cost[state] + estimate(x, y) + 1e-6)
            continue; // a stale entry
        if (x == gx && y == gy) {
            reached = state;
            break;
        }
        for (int k = 0; k < 4; ++k) {
            const int x2 = x + dx[k], y2 = y + dy[k];
            if (x2 < 0 || y2 < 0 || x2 >= nx || y2 >= ny)
                continue;
            const QPointF a(xs[size_t(x)], ys[size_t(y)]), b(xs[size_t(x2)], ys[size_t(y2)]);
            std::uint8_t& known = clear[(size_t(y) * size_t(nx) + size_t(x)) * 4 + size_t(k)];
            if (known == 0)
                known = blockedOn(k < 2 ? acrossRow[size_t(y)] : acrossColumn[size_t(x)], a, b) ? 2 : 1;
            if (known == 2)
                continue;
            // Along a line: its length is the one coordinate's difference.
            const qreal step =
                std::abs(b.x() - a.x()) + std::abs(b.y() - a.y()) + (d != 4 && d != k ? kBendCost : 0);
            const size_t next = key(x2, y2, k);
            if (cost[state] + step < cost[next]) {
                cost[next] = cost[state] + step;
                came[next] = int(state);
                push({cost[next] + estimate(x2, y2), next});
            }
        }
    }
    if (reached == states)
        return {};
    std::vector<QPointF> points;
    for (size_t s = reached;; s = size_t(came[s])) {
        points.push_back({xs[s % size_t(nx)], ys[(s / size_t(nx)) % size_t(ny)]});
        if (came[s] < 0)
            break;
    }
    std::reverse(points.begin(), points.end());
    QPolygonF route = simplified(points);
    if (route.size() < 2)
        return {};
    return clipped(route, from, to);
}

} // namespace

QPolygonF orthogonalRoute(const QRectF& from, const QRectF& to, const RectGrid& boxes, qreal lane,
                          int maxObstacles)
{
    // Near the two ends first; farther out when the way round a row of boxes lies beyond.
    for (const qreal margin : {kSearchMargin, kSearchMargin * 3, kSearchMargin * 8}) {
        bool tooMany = false;
        QPolygonF route = routeWithin(from, to, boxes, lane, maxObstacles, margin, &tooMany);
        if (!route.isEmpty() || tooMany)
            return route;
    }
    return {};
}

} // namespace portolan
