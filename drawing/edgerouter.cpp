#include "drawing/edgerouter.h"

#include "drawing/designrenderer.h"

#include <QHash>
#include <QLineF>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <queue>
#include <thread>
#include <tuple>
#include <unordered_map>

namespace portolan {

namespace {

constexpr qreal kCell = 60;              // raster cell, scene units
constexpr qreal kPad = 10;               // a route keeps at least this far from a box (plus half a cell)
constexpr qreal kRasterMargin = 600;     // free cells round the drawing, for routes round its edge
constexpr qreal kWindowMargin = 240;     // a search looks this far beyond the boxes of its edges
constexpr qreal kNear = 3000;            // an edge longer than this prefers a hub at its far end
constexpr qreal kLaneSpacing = 6;        // between edges side by side in one corridor
constexpr qreal kPairGap = 8;            // between the two directions of a pair
constexpr size_t kManyEnds = 64;         // a search for more ends than this goes over its whole window
constexpr size_t kMaxCells = 40'000'000; // past this the cells grow (a node dragged a world away)

enum Side
{
    Top,
    Bottom,
    Left,
    Right
};

constexpr int kDx[] = {0, 0, -1, 1};
constexpr int kDy[] = {-1, 1, 0, 0};

quint64 keyOf(const QRectF& r)
{
    const QPointF c = r.center();
    return (quint64(quint32(qint32(std::lround(c.x())))) << 32) | quint32(qint32(std::lround(c.y())));
}

QPolygonF withoutStraightPoints(const std::vector<QPointF>& points)
{
    QPolygonF result;
    for (const QPointF& p : points) {
        if (!result.isEmpty() && result.last() == p)
            continue;
        if (result.size() >= 2) {
            const QPointF& a = result[result.size() - 2];
            const QPointF& b = result.last();
            if ((a.x() == b.x() && b.x() == p.x()) || (a.y() == b.y() && b.y() == p.y())) {
                result.last() = p;
                continue;
            }
        }
        result << p;
    }
    return result;
}

} // namespace

// The edges that share one end: one search from that end serves them all.
struct EdgeRouter::Hub
{
    QRectF box;
    std::vector<int> requests;
    QRect window; // in cells
};

// A thread's buffers, kept from one search to the next.
// A thread's buffers, kept from one search to the next. The window carries a wall of blocked
// cells round it, so that the search never asks whether a neighbour lies inside.
struct EdgeRouter::Search
{
    static constexpr int kBlocked = -2;
    static constexpr int kUnreachedEnd = -3;      // a cell beside an edge's other end, not reached yet
    int left = 0, top = 0, width = 0, height = 0; // the window with its wall, in cells
    std::vector<int> dist;                        // -1 free and not reached
    std::vector<int> queue;
    std::unordered_map<int, std::vector<int>> endsAt; // cell -> the ends it lies beside
    std::vector<char> reached;
    int index(int x, int y) const { return (y - top) * width + (x - left); }
    int at(int x, int y) const
    {
        if (x <= left || y <= top || x >= left + width - 1 || y >= top + height - 1)
            return -1;
        return dist[size_t(index(x, y))];
    }
};

EdgeRouter::EdgeRouter(const std::vector<QRectF>& boxes) : m_boxes(boxes)
{
    for (const QRectF& r : boxes)
        m_grid.insert(r);
    if (!large())
        return;
    QRectF bounds;
    for (const QRectF& r : boxes)
        bounds |= r;
    bounds.adjust(-kRasterMargin, -kRasterMargin, kRasterMargin, kRasterMargin);
    m_cell = kCell;
    while (size_t(std::ceil(bounds.width() / m_cell)) * size_t(std::ceil(bounds.height() / m_cell)) >
           kMaxCells)
        m_cell *= 2;
    m_origin = bounds.topLeft();
    m_width = int(std::ceil(bounds.width() / m_cell));
    m_height = int(std::ceil(bounds.height() / m_cell));
    // Two rasters: the searches' cells, and cells half as wide for testing straight lines,
    // which would otherwise keep a whole coarse cell's distance from every box.
    const auto fill = [&](std::vector<std::uint8_t>& cells, qreal cell, int width, int height) {
        cells.assign(size_t(width) * size_t(height), 0);
        const auto at = [&](qreal v, qreal origin) {
            return int(std::floor((v - origin) / cell));
        };
        for (const QRectF& r : boxes) {
            const int x0 = std::max(0, at(r.left() - kPad, m_origin.x()));
            const int x1 = std::min(width - 1, at(r.right() + kPad, m_origin.x()));
            for (int y = std::max(0, at(r.top() - kPad, m_origin.y()));
                 y <= std::min(height - 1, at(r.bottom() + kPad, m_origin.y())); ++y)
                std::fill_n(cells.begin() + qsizetype(size_t(y) * size_t(width) + size_t(x0)),
                            std::max(0, x1 - x0 + 1), std::uint8_t(1));
        }
    };
    fill(m_cells, m_cell, m_width, m_height);
    fill(m_fine, m_cell / 2, m_width * 2, m_height * 2);
}

EdgeRouter::~EdgeRouter() = default;

bool EdgeRouter::large() const
{
    return m_boxes.size() > DesignRenderer::kRouteEveryEdgeBelow;
}

QPoint EdgeRouter::cellOf(QPointF p) const
{
    return {int(std::floor((p.x() - m_origin.x()) / m_cell)),
            int(std::floor((p.y() - m_origin.y()) / m_cell))};
}

QPointF EdgeRouter::centreOf(int x, int y) const
{
    return m_origin + QPointF((x + 0.5) * m_cell, (y + 0.5) * m_cell);
}

bool EdgeRouter::clearOnRaster(QPointF a, QPointF b, const QRectF& from, const QRectF& to) const
{
    // Samples closer than the padding: a segment cannot pass between two of them unseen.
    const qreal cell = m_cell / 2;
    const int width = m_width * 2, height = m_height * 2;
    const auto cellOfPoint = [&](QPointF p) {
        return QPoint(int(std::floor((p.x() - m_origin.x()) / cell)),
                      int(std::floor((p.y() - m_origin.y()) / cell)));
    };
    const QPoint a0 = cellOfPoint(from.topLeft() - QPointF(kPad, kPad));
    const QPoint a1 = cellOfPoint(from.bottomRight() + QPointF(kPad, kPad));
    const QPoint b0 = cellOfPoint(to.topLeft() - QPointF(kPad, kPad));
    const QPoint b1 = cellOfPoint(to.bottomRight() + QPointF(kPad, kPad));
    const QLineF line(a, b);
    const int steps = std::max(1, int(std::ceil(line.length() / (kPad * 0.9))));
    const qreal x0 = (a.x() - m_origin.x()) / cell, y0 = (a.y() - m_origin.y()) / cell;
    const qreal dx = (b.x() - a.x()) / cell / steps, dy = (b.y() - a.y()) / cell / steps;
    for (int i = 0; i <= steps; ++i) {
        const int x = int(std::floor(x0 + dx * i)), y = int(std::floor(y0 + dy * i));
        if (x < 0 || y < 0 || x >= width || y >= height || !m_fine[size_t(y) * size_t(width) + size_t(x)])
            continue;
        if ((x >= a0.x() && x <= a1.x() && y >= a0.y() && y <= a1.y()) ||
            (x >= b0.x() && x <= b1.x() && y >= b0.y() && y <= b1.y()))
            continue; // its own ends' boxes
        return false;
    }
    return true;
}

QPolygonF EdgeRouter::quickRoute(const Request& request) const
{
    const QLineF straight = DesignRenderer::edgeLine(request.from, request.to, request.bothWays);
    if (clearOnRaster(straight.p1(), straight.p2(), request.from, request.to))
        return QPolygonF{straight.p1(), straight.p2()};
    // Bent once through a point beside the middle, as DesignRenderer::edgeRoute does it.
    const QLineF centre(request.from.center(), request.to.center());
    if (centre.length() <= 0 || centre.length() > DesignRenderer::kMaxRoutedLength)
        return {}; // a long edge across a large design: a bend beside its middle clears nothing
    const QPointF normal = QPointF(-centre.dy(), centre.dx()) / centre.length();
    // The two directions of a pair bend to their own sides only, or they would meet at one point.
    const std::vector<qreal> sides =
        request.bothWays ? std::vector<qreal>{1.0} : std::vector<qreal>{1.0, -1.0};
    for (qreal d : {70.0, 130.0, 200.0, 280.0, 380.0}) {
        for (qreal side : sides) {
            const QPointF via = centre.center() + normal * d * side;
            const QLineF first = DesignRenderer::edgeLine(request.from, QRectF(via, QSizeF()), false);
            const QLineF second = DesignRenderer::edgeLine(QRectF(via, QSizeF()), request.to, false);
            if (clearOnRaster(first.p1(), via, request.from, request.to) &&
                clearOnRaster(via, second.p2(), request.from, request.to))
                return QPolygonF{first.p1(), via, second.p2()};
        }
    }
    return {};
}

std::vector<EdgeRouter::SideCell> EdgeRouter::sideCells(const QRectF& box) const
{
    // Just outside the cells the padded box covers; far enough in from the corners that a
    // lane's offset still meets the box's side.
    const QPoint a = cellOf(box.topLeft() - QPointF(kPad, kPad));
    const QPoint b = cellOf(box.bottomRight() + QPointF(kPad, kPad));
    const QPointF centre = box.center();
    std::vector<SideCell> result;
    const auto add = [&](int x, int y, int side) {
        if (x < 0 || y < 0 || x >= m_width || y >= m_height || blockedCell(x, y))
            return;
        const QPointF c = centreOf(x, y);
        const bool across = side == Top || side == Bottom;
        const qreal off = across ? std::abs(c.x() - centre.x()) : std::abs(c.y() - centre.y());
        const qreal room = across ? box.width() / 2 - 16 : box.height() / 2 - 14;
        if (off <= room)
            result.push_back({x, y, side, int(std::lround(off / m_cell))});
    };
    for (int x = a.x(); x <= b.x(); ++x) {
        add(x, a.y() - 1, Top);
        add(x, b.y() + 1, Bottom);
    }
    for (int y = a.y(); y <= b.y(); ++y) {
        add(a.x() - 1, y, Left);
        add(b.x() + 1, y, Right);
    }
    return result;
}

void EdgeRouter::search(Search& s, const QRect& window, const QRectF& hub,
                        const std::vector<QRectF>& ends) const
{
    s.left = window.left() - 1;
    s.top = window.top() - 1;
    s.width = window.width() + 2;
    s.height = window.height() + 2;
    s.dist.assign(size_t(s.width) * size_t(s.height), Search::kBlocked);
    for (int y = window.top(); y <= window.bottom(); ++y) {
        const std::uint8_t* cells = &m_cells[size_t(y) * size_t(m_width) + size_t(window.left())];
        int* row = &s.dist[size_t(s.index(window.left(), y))];
        for (int x = 0; x < window.width(); ++x)
            row[x] = cells[x] ? Search::kBlocked : -1;
    }
    // The search stops a little after it has reached every end: the ends' best sides are
    // known by then, and the rest of the window is not needed.
    s.endsAt.clear();
    s.reached.assign(ends.size(), 0);
    size_t left = 0;
    for (size_t e = 0; e < ends.size() && ends.size() <= kManyEnds; ++e) {
        bool any = false;
        for (const SideCell& c : sideCells(ends[e]))
            if (window.contains(c.x, c.y)) {
                s.dist[size_t(s.index(c.x, c.y))] = Search::kUnreachedEnd;
                s.endsAt[s.index(c.x, c.y)].push_back(int(e));
                any = true;
            }
        left += any;
    }
    s.queue.clear();
    for (const SideCell& c : sideCells(hub))
        if (window.contains(c.x, c.y)) {
            int& d = s.dist[size_t(s.index(c.x, c.y))];
            if (d != 0) {
                d = 0;
                s.queue.push_back(s.index(c.x, c.y));
            }
        }
    if (ends.size() == 1) {
        // One end far from the hub: A* towards it looks at a strip, not a whole disc.
        const QPoint a = cellOf(ends[0].topLeft() - QPointF(kPad, kPad));
        const QPoint b = cellOf(ends[0].bottomRight() + QPointF(kPad, kPad));
        const auto estimate = [&](int at) {
            const int x = s.left + at % s.width, y = s.top + at / s.width;
            return std::max({0, a.x() - x, x - b.x()}) + std::max({0, a.y() - y, y - b.y()});
        };
        // (f, -g, cell): ties go to the deeper cell, so that a plain stretch is not searched across.
        using Entry = std::tuple<int, int, int>;
        std::priority_queue<Entry, std::vector<Entry>, std::greater<>> open;
        for (int at : s.queue)
            open.emplace(estimate(at), 0, at);
        while (!open.empty()) {
            const auto [f, minusG, at] = open.top();
            open.pop();
            if (-minusG != s.dist[size_t(at)])
                continue; // reached again, shorter
            if (!s.endsAt.empty() && s.endsAt.count(at))
                break;
            const int next = -minusG + 1;
            for (int step : {-s.width, s.width, -1, 1}) {
                int& d = s.dist[size_t(at + step)];
                if (d == Search::kBlocked || (d >= 0 && d <= next))
                    continue;
                d = next;
                open.emplace(next + estimate(at + step), -next, at + step);
            }
        }
        return;
    }
    constexpr int kBeyondLastEnd = 12; // cells: room for the way out of each end's best side
    int stopAt = std::numeric_limits<int>::max();
    const int steps[] = {-s.width, s.width, -1, 1};
    for (size_t head = 0; head < s.queue.size(); ++head) {
        const int at = s.queue[head];
        const int next = s.dist[size_t(at)] + 1;
        if (next > stopAt)
            break;
        for (int step : steps) {
            int& d = s.dist[size_t(at + step)];
            if (d == -1) {
                d = next;
                s.queue.push_back(at + step);
            } else if (d == Search::kUnreachedEnd) {
                d = next;
                s.queue.push_back(at + step);
                for (int e : s.endsAt[at + step])
                    if (!s.reached[size_t(e)]) {
                        s.reached[size_t(e)] = 1;
                        if (--left == 0)
                            stopAt = next + kBeyondLastEnd;
                    }
            }
        }
    }
}

QPolygonF EdgeRouter::trace(const Search& s, const QRectF& end, const QRectF& hub) const
{
    // Leave the end from the middle of the side nearest the hub, then down the distances,
    // straight on for as long as that still gets nearer.
    const SideCell* best = nullptr;
    int bestCost = std::numeric_limits<int>::max();
    const std::vector<SideCell> cells = sideCells(end);
    for (const SideCell& c : cells) {
        const int d = s.at(c.x, c.y);
        if (d >= 0 &&
            (d + c.offCentre < bestCost || (d + c.offCentre == bestCost && c.offCentre < best->offCentre))) {
            bestCost = d + c.offCentre;
            best = &c;
        }
    }
    if (!best)
        return {};
    const auto borderPoint = [](const QRectF& box, QPointF cell, int side) {
        switch (side) {
        case Top:
            return QPointF(cell.x(), box.top());
        case Bottom:
            return QPointF(cell.x(), box.bottom());
        case Left:
            return QPointF(box.left(), cell.y());
        default:
            return QPointF(box.right(), cell.y());
        }
    };
    int x = best->x, y = best->y, heading = best->side;
    std::vector<QPointF> points{borderPoint(end, centreOf(x, y), best->side), centreOf(x, y)};
    for (int d = s.at(x, y); d > 0; d = s.at(x, y)) {
        if (s.at(x + kDx[heading], y + kDy[heading]) != d - 1) {
            for (int k = 0; k < 4; ++k)
                if (s.at(x + kDx[k], y + kDy[k]) == d - 1) {
                    points.push_back(centreOf(x, y));
                    heading = k;
                    break;
                }
        }
        x += kDx[heading];
        y += kDy[heading];
    }
    const QPointF last = centreOf(x, y);
    const int hubSide = last.y() < hub.top()      ? Top
                        : last.y() > hub.bottom() ? Bottom
                        : last.x() < hub.left()   ? Left
                                                  : Right;
    points.push_back(last);
    points.push_back(borderPoint(hub, last, hubSide));
    return withoutStraightPoints(points);
}

void EdgeRouter::routeHub(const Hub& hub, const std::vector<Request>& requests,
                          std::vector<QPolygonF>& routes, std::vector<char>& traced, Search& s) const
{
    const auto endOf = [&](int i) -> const QRectF& {
        const Request& r = requests[size_t(i)];
        return keyOf(r.from) == keyOf(hub.box) ? r.to : r.from;
    };
    std::vector<std::vector<int>> groups{hub.requests};
    const QRect everywhere(0, 0, m_width, m_height);
    for (std::vector<int>& left : groups) {
        QRectF area = hub.box;
        for (int i : left)
            area |= endOf(i);
        area.adjust(-kWindowMargin, -kWindowMargin, kWindowMargin, kWindowMargin);
        const QRect near = QRect(cellOf(area.topLeft()), cellOf(area.bottomRight())) & everywhere;
        for (int pass = 0; pass < 2 && !left.empty(); ++pass) {
            // A window too small for a way round: the whole drawing.
            const QRect window = pass == 0 ? near : everywhere;
            if (pass == 1 && near == everywhere)
                break;
            std::vector<QRectF> ends;
            for (int i : left)
                ends.push_back(endOf(i));
            search(s, window, hub.box, ends);
            std::vector<int> unreached;
            for (int i : left) {
                const Request& r = requests[size_t(i)];
                const bool hubIsSource = keyOf(r.from) == keyOf(hub.box);
                QPolygonF route = trace(s, endOf(i), hub.box);
                if (route.isEmpty()) {
                    unreached.push_back(i);
                    continue;
                }
                if (hubIsSource)
                    std::reverse(route.begin(), route.end());
                routes[size_t(i)] = std::move(route);
                traced[size_t(i)] = 1;
            }
            left = std::move(unreached);
        }
    }
}

void EdgeRouter::spreadLanes(const std::vector<Request>& requests, std::vector<QPolygonF>& routes,
                             const std::vector<char>& traced) const
{
    // Traced routes follow the middles of the cells: edges through one corridor would lie on one
    // line. Each line's legs get lanes, as few as the most legs that overlap along it, spread
    // across the room a cell leaves beside the boxes; a leg moves sideways as a whole, so that
    // its bends stay square.
    struct Leg
    {
        qint64 line;    // which line: its coordinate (horizontal and vertical lines apart)
        qreal from, to; // along the line
        int unit;       // the pair it belongs to (its own index when it has no other direction)
        int route, index;
    };
    // The two directions of a pair share a lane, on either side of its middle: they stay apart
    // however many other edges crowd the corridor.
    std::unordered_map<quint64, int> byEnds;
    const auto endsKey = [](const Request& r) {
        return keyOf(r.from) * 1000003ULL ^ keyOf(r.to);
    };
    for (size_t r = 0; r < routes.size(); ++r)
        if (traced[r])
            byEnds.emplace(endsKey(requests[r]), int(r));
    std::vector<int> unit(routes.size());
    std::vector<qreal> side(routes.size(), 0);
    for (size_t r = 0; r < routes.size(); ++r) {
        unit[r] = int(r);
        if (!traced[r])
            continue;
        const auto back = byEnds.find(endsKey({requests[r].to, requests[r].from, false}));
        if (back != byEnds.end() && back->second != int(r)) {
            unit[r] = std::min(int(r), back->second);
            side[r] = int(r) < back->second ? kPairGap / 2 : -kPairGap / 2;
        } else if (requests[r].bothWays) {
            // The other direction is routed apart (one edge rerouted after a move): each takes
            // the side its direction gives it.
            const QPointF a = requests[r].from.center(), b = requests[r].to.center();
            side[r] = (a.x() < b.x() || (a.x() == b.x() && a.y() < b.y())) ? kPairGap / 2 : -kPairGap / 2;
        }
    }
    std::vector<size_t> first(routes.size() + 1, 0); // where each route's legs start in shift
    std::vector<Leg> legs[2];                        // horizontal, vertical
    for (size_t r = 0; r < routes.size(); ++r) {
        first[r + 1] = first[r] + size_t(routes[r].size());
        if (!traced[r])
            continue;
        const QPolygonF& route = routes[r];
        for (qsizetype k = 1; k < route.size(); ++k) {
            const bool vertical = route[k - 1].x() == route[k].x();
            const qreal at = vertical ? route[k].x() : route[k].y();
            const qreal a = vertical ? route[k - 1].y() : route[k - 1].x();
            const qreal b = vertical ? route[k].y() : route[k].x();
            legs[vertical].push_back(
                {std::lround(at * 2), std::min(a, b), std::max(a, b), unit[r], int(r), int(k)});
        }
    }
    // A cell's middle lies at least this far plus the padding from a box; a pair's two sides
    // take the rest.
    const qreal room = m_cell / 2 - kPairGap / 2;
    std::vector<qreal> shift(first.back(), 0);
    // Line by line, along each line, a pair's two legs next to each other; horizontal and
    // vertical lines on the two cores.
    const auto assign = [&](std::vector<Leg>& all) {
        std::sort(all.begin(), all.end(), [](const Leg& a, const Leg& b) {
            return std::tie(a.line, a.from, a.to, a.unit) < std::tie(b.line, b.from, b.to, b.unit);
        });
        std::vector<int> lane(all.size(), -1);
        using Busy = std::pair<qreal, int>;
        for (size_t begin = 0, end = 0; begin < all.size(); begin = end) {
            while (end < all.size() && all[end].line == all[begin].line)
                ++end;
            std::priority_queue<Busy, std::vector<Busy>, std::greater<>> busy;
            std::priority_queue<int, std::vector<int>, std::greater<>> idle;
            int lanes = 0;
            for (size_t i = begin; i < end; ++i) {
                const Leg& l = all[i];
                const Leg& before = all[i > 0 ? i - 1 : 0];
                if (i > begin && l.unit == before.unit && l.from == before.from && l.to == before.to) {
                    lane[i] = lane[i - 1]; // the other direction, side by side in the same lane
                    continue;
                }
                while (!busy.empty() && busy.top().first <= l.from) {
                    idle.push(busy.top().second);
                    busy.pop();
                }
                if (idle.empty()) {
                    lane[i] = lanes++;
                } else {
                    lane[i] = idle.top();
                    idle.pop();
                }
                busy.emplace(l.to, lane[i]);
            }
            const qreal spacing = lanes > 1 ? std::min(kLaneSpacing, 2 * room / (lanes - 1)) : 0;
            for (size_t i = begin; i < end; ++i)
                shift[first[size_t(all[i].route)] + size_t(all[i].index)] =
                    (lane[i] - (lanes - 1) / 2.0) * spacing + side[size_t(all[i].route)];
        }
    };
    std::thread verticals(assign, std::ref(legs[1]));
    assign(legs[0]);
    verticals.join();
    for (size_t r = 0; r < routes.size(); ++r) {
        if (!traced[r])
            continue;
        QPolygonF& route = routes[r];
        const QPolygonF raw = route;
        for (qsizetype k = 1; k < raw.size(); ++k) {
            const bool vertical = raw[k - 1].x() == raw[k].x();
            // The lane, and the pair's side of it, apart: an end leg's lane may have to give way.
            qreal d = shift[first[r] + size_t(k)] - side[r];
            // The first and last legs leave and reach a box: their ends stay on its side, the
            // pair's two sides included.
            const auto keepOn = [&](const QRectF& box, QPointF p) {
                const qreal margin = 6 + kPairGap / 2;
                const qreal low = (vertical ? box.left() : box.top()) + margin - (vertical ? p.x() : p.y());
                const qreal high =
                    (vertical ? box.right() : box.bottom()) - margin - (vertical ? p.x() : p.y());
                d = std::clamp(d, std::min(low, 0.0), std::max(high, 0.0));
            };
            if (k == 1)
                keepOn(requests[r].from, raw.first());
            if (k == raw.size() - 1)
                keepOn(requests[r].to, raw.last());
            d += side[r];
            (vertical ? route[k - 1].rx() : route[k - 1].ry()) += d;
            (vertical ? route[k].rx() : route[k].ry()) += d;
        }
    }
}

QPolygonF EdgeRouter::route(const Request& request) const
{
    if (!large())
        return DesignRenderer::edgeRoute(request.from, request.to, request.bothWays, &m_grid);
    return route(std::vector<Request>{request}).front();
}

std::vector<QPolygonF> EdgeRouter::route(const std::vector<Request>& requests) const
{
    std::vector<QPolygonF> routes(requests.size());
    if (!large()) {
        for (size_t i = 0; i < requests.size(); ++i)
            routes[i] =
                DesignRenderer::edgeRoute(requests[i].from, requests[i].to, requests[i].bothWays, &m_grid);
        return routes;
    }
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    const auto inParallel = [threads](size_t count, const auto& work) {
        std::atomic<size_t> next{0};
        const auto run = [&](unsigned worker) {
            for (size_t i = next++; i < count; i = next++)
                work(i, worker);
        };
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < std::min<size_t>(threads, count); ++t)
            pool.emplace_back(run, t);
        run(0);
        for (std::thread& t : pool)
            t.join();
    };
    // Straight or bent once where that is clear; the rest by searches from their shared ends.
    inParallel(requests.size(), [&](size_t i, unsigned) { routes[i] = quickRoute(requests[i]); });
    QHash<quint64, int> degree;
    for (size_t i = 0; i < requests.size(); ++i)
        if (routes[i].isEmpty()) {
            ++degree[keyOf(requests[i].from)];
            ++degree[keyOf(requests[i].to)];
        }
    std::vector<Hub> hubs;
    std::unordered_map<quint64, size_t> hubOf;
    std::vector<size_t> hubOfRequest(requests.size(), std::numeric_limits<size_t>::max());
    for (size_t i = 0; i < requests.size(); ++i) {
        if (!routes[i].isEmpty())
            continue;
        const bool atSource = degree.value(keyOf(requests[i].from)) > degree.value(keyOf(requests[i].to));
        const QRectF& end = atSource ? requests[i].from : requests[i].to;
        const auto [it, added] = hubOf.try_emplace(keyOf(end), hubs.size());
        if (added)
            hubs.push_back({end, {}, {}});
        hubOfRequest[i] = it->second;
    }
    const auto windowOf = [&](const Hub& hub, const std::vector<size_t>& members) {
        QRectF area = hub.box;
        for (size_t i : members)
            area |= requests[i].from | requests[i].to;
        area.adjust(-kWindowMargin, -kWindowMargin, kWindowMargin, kWindowMargin);
        return QRect(cellOf(area.topLeft()), cellOf(area.bottomRight())) & QRect(0, 0, m_width, m_height);
    };
    {
        std::vector<std::vector<size_t>> members(hubs.size());
        for (size_t i = 0; i < requests.size(); ++i)
            if (routes[i].isEmpty())
                members[hubOfRequest[i]].push_back(i);
        for (size_t h = 0; h < hubs.size(); ++h)
            hubs[h].window = windowOf(hubs[h], members[h]);
    }
    // An edge whose far end is a hub whose search covers this end anyway goes to that hub: a
    // site server's edge to an endpoint beyond the drawing joins the endpoint's search instead
    // of widening the site server's to reach it.
    for (size_t i = 0; i < requests.size(); ++i) {
        if (!routes[i].isEmpty())
            continue;
        const Hub& hub = hubs[hubOfRequest[i]];
        const bool hubIsSource = keyOf(requests[i].from) == keyOf(hub.box);
        const QRectF& other = hubIsSource ? requests[i].to : requests[i].from;
        const QPointF d = other.center() - hub.box.center();
        const auto it = hubOf.find(keyOf(other));
        if (std::max(std::abs(d.x()), std::abs(d.y())) > kNear && it != hubOf.end() &&
            hubs[it->second].window.contains(QRect(cellOf(hub.box.topLeft()), cellOf(hub.box.bottomRight()))))
            hubOfRequest[i] = it->second;
        hubs[hubOfRequest[i]].requests.push_back(int(i));
    }
    std::erase_if(hubs, [](const Hub& h) { return h.requests.empty(); });
    for (Hub& hub : hubs) {
        std::vector<size_t> members(hub.requests.begin(), hub.requests.end());
        hub.window = windowOf(hub, members);
    }
    // The widest searches first, so that the two threads finish together.
    std::sort(hubs.begin(), hubs.end(), [](const Hub& a, const Hub& b) {
        return qint64(a.window.width()) * a.window.height() > qint64(b.window.width()) * b.window.height();
    });
    std::vector<Search> searches(threads);
    std::vector<char> traced(requests.size(), 0);
    inParallel(hubs.size(), [&](size_t h, unsigned worker) {
        routeHub(hubs[h], requests, routes, traced, searches[worker]);
    });
    spreadLanes(requests, routes, traced);
    for (size_t i = 0; i < requests.size(); ++i)
        if (routes[i].isEmpty()) { // walled in: nothing to go round
            const QLineF straight =
                DesignRenderer::edgeLine(requests[i].from, requests[i].to, requests[i].bothWays);
            routes[i] = QPolygonF{straight.p1(), straight.p2()};
        }
    return routes;
}

} // namespace portolan
