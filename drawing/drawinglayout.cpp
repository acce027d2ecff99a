#include "drawinglayout.h"

#include "drawing/pairedges.h"
#include "drawing/rectgrid.h"
#include "flows/flowengine.h"

#include <QHash>

#include <algorithm>
#include <limits>
#include <numeric>

namespace portolan::drawinglayout {

namespace {

struct EdgeEnds
{
    int from = -1; // end ids: nodes (or, on the canvas, a fold of client groups)
    int to = -1;
    QRectF fromBox;
    QRectF toBox;
    size_t index = 0; // the caller's own: which of its lines this is
};

// An edge's label as drawn: its text (on paper with its reference number) at a place on its route.
struct ShownLabel
{
    const QPolygonF* route = nullptr;
    QString text;
    qreal at = 0.5;
};

// The routes, one line per pair of ends (both directions on it), in the order of the edges' ends
// whatever the order given: edges is sorted so (a pair given twice is routed once) and the routes
// follow it. An end without a box is left out.
std::vector<QPolygonF> routeEdges(const EdgeRouter& router, std::vector<EdgeEnds>& edges)
{
    // By their ends, as the engine lists them: lanes go in request order, so any other order
    // would draw the canvas differently from paper, and from one run to the next.
    const auto ends = [](const EdgeEnds& e) {
        return std::pair(e.from, e.to);
    };
    std::stable_sort(edges.begin(), edges.end(),
                     [&](const EdgeEnds& a, const EdgeEnds& b) { return ends(a) < ends(b); });
    edges.erase(std::unique(edges.begin(), edges.end(),
                            [&](const EdgeEnds& a, const EdgeEnds& b) { return ends(a) == ends(b); }),
                edges.end());
    std::erase_if(edges, [](const EdgeEnds& e) { return e.fromBox.isNull() || e.toBox.isNull(); });
    std::vector<EdgeRouter::Request> requests;
    requests.reserve(edges.size());
    for (const EdgeEnds& e : edges)
        requests.push_back({e.fromBox, e.toBox, false});
    // All at once: on a large design the router shares one search among the edges of a common
    // end and uses both cores.
    return router.route(requests);
}

// A designer's links, in the order of their ids (links is sorted so): each on the side of its pair
// that their flow edges leave free, run from its first end, and moved off those edges' routes
// (edgesBetween(link) gives them) where it would lie on one.
std::vector<QPolygonF> routeLinks(const EdgeRouter& router, std::vector<LinkEnds>& links,
                                  const std::function<std::vector<QPolygonF>(const LinkEnds&)>& edgesBetween)
{
    std::stable_sort(links.begin(), links.end(),
                     [](const LinkEnds& a, const LinkEnds& b) { return a.link < b.link; });
    std::vector<EdgeRouter::Request> requests;
    requests.reserve(links.size());
    for (const LinkEnds& l : links)
        requests.push_back(EdgeRouter::linkRequest(l.fromBox, l.toBox, l.flowThere, l.flowBack));
    if (requests.empty())
        return {};
    std::vector<QPolygonF> routes = router.route(requests);
    for (size_t i = 0; i < links.size(); ++i)
        routes[i] = router.apart(EdgeRouter::linkRoute(std::move(routes[i]), requests[i], links[i].fromBox),
                                 links[i].fromBox, links[i].toBox, edgesBetween(links[i]));
    return routes;
}

// What a label keeps clear of: the boxes drawn and the title of every site frame drawn.
std::vector<QRectF> labelObstacles(std::vector<QRectF> boxes, const std::vector<QRectF>& frames)
{
    boxes.reserve(boxes.size() + frames.size());
    for (const QRectF& frame : frames) // a label on a site's title hides its name
        boxes.push_back(DesignRenderer::siteTitleRect(frame));
    return boxes;
}

// Link names, after the edges' labels, which keep their places: a name with no room is left out on
// canvas and paper alike (the tooltip and the legend say what the dots mean).
std::vector<DesignRenderer::LabelPlace>
placeLinkNames(const std::vector<std::pair<QPolygonF, QString>>& links, std::vector<QRectF> obstacles,
               const std::vector<ShownLabel>& edgeLabels)
{
    if (links.empty())
        return {};
    // A label's box measured once per text: a large design has 10^5 edges and few distinct labels.
    QHash<QString, QRectF> measured;
    obstacles.reserve(obstacles.size() + edgeLabels.size());
    for (const ShownLabel& label : edgeLabels) {
        if (label.text.isEmpty() || !label.route)
            continue;
        auto box = measured.constFind(label.text);
        if (box == measured.cend())
            box = measured.insert(label.text, DesignRenderer::labelRect(QPolygonF{QPointF()}, label.text));
        obstacles.push_back(box->translated(DesignRenderer::pointAlong(*label.route, label.at)));
    }
    return DesignRenderer::placeLabels(links, obstacles, true);
}

} // namespace

} // namespace portolan::drawinglayout

namespace portolan {

DrawingLayout::DrawingLayout(drawinglayout::Medium medium) : m_medium(medium)
{}

DrawingLayout::~DrawingLayout() = default;

void DrawingLayout::setBoxes(std::vector<QRectF> boxes)
{
    m_boxes = std::move(boxes);
    m_hasBoxes = true;
    m_router.reset();
}

void DrawingLayout::clearBoxes()
{
    m_boxes.clear();
    m_hasBoxes = false;
    m_router.reset();
}

const EdgeRouter& DrawingLayout::router() const
{
    if (!m_router)
        m_router = std::make_unique<EdgeRouter>(m_boxes);
    return *m_router;
}

DrawnLine& DrawingLayout::setLine(int from, int to, const std::vector<Flow>& forward,
                                  const std::vector<Flow>& backward)
{
    const auto [it, added] = m_lines.try_emplace(Key{from, to}, from, to, forward, backward);
    if (!added)
        it->second.setFlows(forward, backward);
    else
        for (const int end : {from, to})
            m_linesOfEnd[end].push_back(it->first);
    return it->second;
}

void DrawingLayout::removeLine(int from, int to)
{
    if (!m_lines.erase(Key{from, to}))
        return;
    for (const int end : {from, to}) {
        const auto lines = m_linesOfEnd.find(end);
        if (lines == m_linesOfEnd.end())
            continue;
        std::vector<Key>& keys = lines->second;
        if (const auto at = std::find(keys.begin(), keys.end(), Key{from, to}); at != keys.end()) {
            *at = keys.back();
            keys.pop_back();
        }
        if (keys.empty())
            m_linesOfEnd.erase(lines);
    }
}

drawinglayout::LineChanges DrawingLayout::updateLines(const FlowEngine& engine, const QList<int>& nodes,
                                                      const std::function<bool(int)>& drawn)
{
    // Each pair's flows, both ways: forward from the lower id.
    Pairs pairs;
    const auto add = [&](const Flow& f) {
        if (f.local || f.source == f.destination || !drawn(f.source) || !drawn(f.destination))
            return;
        const Key key = pairKey(f.source, f.destination);
        pairs[key].add(key, f.source, f);
    };
    std::vector<Key> touched;
    if (nodes.isEmpty()) {
        for (const Edge& e : engine.edges())
            for (const Flow& f : e.flows)
                add(f);
        for (const auto& [key, line] : m_lines)
            touched.push_back(key);
    } else {
        for (const int n : nodes) {
            for (const Flow& f : engine.flowsFrom(n))
                add(f);
            for (const Flow& f : engine.flowsInto(n))
                if (!nodes.contains(f.source))
                    add(f);
            if (const auto lines = m_linesOfEnd.find(n); lines != m_linesOfEnd.end())
                touched.insert(touched.end(), lines->second.begin(), lines->second.end());
        }
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    }
    drawinglayout::LineChanges changes;
    for (const Key& key : touched) {
        const auto kept = pairs.find(key);
        if (kept == pairs.end()) {
            changes.removed.push_back(key);
            continue;
        }
        changes.kept.push_back(key);
        if (m_lines.at(key).setFlows(kept->second.forward, kept->second.backward))
            changes.redrawn.push_back(key);
        pairs.erase(kept);
    }
    for (const auto& [key, flows] : pairs)
        if (!m_lines.contains(key)) {
            setLine(key.first, key.second, flows.forward, flows.backward);
            changes.added.push_back(key);
        }
    return changes;
}

const DrawnLine* DrawingLayout::line(int a, int b) const
{
    const auto it = m_lines.find(pairKey(a, b));
    return it == m_lines.end() ? nullptr : &it->second;
}

void DrawingLayout::route(const std::vector<DrawnLine*>& lines, const std::function<QRectF(int)>& endBox)
{
    std::vector<drawinglayout::EdgeEnds> ends;
    ends.reserve(lines.size());
    for (size_t i = 0; i < lines.size(); ++i)
        ends.push_back(
            {lines[i]->from(), lines[i]->to(), endBox(lines[i]->from()), endBox(lines[i]->to()), i});
    std::vector<QPolygonF> routes = drawinglayout::routeEdges(router(), ends);
    for (size_t i = 0; i < ends.size(); ++i)
        lines[ends[i].index]->setRoute(std::move(routes[i]), ends[i].fromBox, ends[i].toBox);
}

std::vector<QRectF> DrawingLayout::labelObstacles(const std::vector<QRectF>& frames) const
{
    return drawinglayout::labelObstacles(m_boxes, frames);
}

std::vector<DesignRenderer::LabelPlace> DrawingLayout::placeLabels(const std::vector<const DrawnLine*>& lines,
                                                                   const std::vector<QRectF>& frames) const
{
    std::vector<std::pair<QPolygonF, QString>> routed;
    routed.reserve(lines.size());
    for (const DrawnLine* l : lines)
        routed.emplace_back(l->route(), l->label());
    return DesignRenderer::placeLabels(routed, labelObstacles(frames),
                                       m_medium == drawinglayout::Medium::Canvas);
}

std::vector<drawinglayout::SheetLabel>
DrawingLayout::placeSheetLabels(const std::vector<const DrawnLine*>& lines, const std::vector<QRectF>& titles,
                                const std::function<QSizeF(const QString&)>& labelSize) const
{
    using namespace Qt::StringLiterals;
    std::vector<drawinglayout::SheetLabel> result(lines.size());
    // Every box and title, with a margin; each label placed joins them.
    RectGrid taken(128);
    for (const QRectF& box : m_boxes)
        taken.insert(box.adjusted(-2, -2, 2, 2));
    for (const QRectF& title : titles)
        taken.insert(title.adjusted(-2, -2, 2, 2));
    const auto boxAt = [&labelSize](const QPolygonF& route, qreal at, const QString& text) {
        const QPointF p = DesignRenderer::pointAlong(route, at);
        const QSizeF size = labelSize(text);
        return QRectF(p.x() - size.width() / 2, p.y() - size.height() / 2, size.width(), size.height());
    };
    static constexpr qreal kPlaces[] = {0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.12, 0.88};
    std::vector<size_t> order(lines.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(), [&lines](size_t a, size_t b) {
        return lines[a]->label().size() < lines[b]->label().size();
    });
    std::vector<size_t> referenced;
    for (const size_t i : order) {
        for (const qreal at : kPlaces) {
            const QRectF box = boxAt(lines[i]->route(), at, lines[i]->label());
            if (taken.hits(box) == 0) {
                result[i] = {lines[i]->label(), QString(), box};
                taken.insert(box);
                break;
            }
        }
        if (result[i].box.isNull())
            referenced.push_back(i);
    }
    // Numbered along the page from the top left, so that a reader finds "F3" between "F2" and "F4".
    std::sort(referenced.begin(), referenced.end(), [&lines](size_t a, size_t b) {
        const QPointF pa = DesignRenderer::pointAlong(lines[a]->route(), 0.5);
        const QPointF pb = DesignRenderer::pointAlong(lines[b]->route(), 0.5);
        return std::pair(pa.y(), pa.x()) < std::pair(pb.y(), pb.x());
    });
    int number = 0;
    for (const size_t i : referenced) {
        drawinglayout::SheetLabel& label = result[i];
        label.reference = u"F%1"_s.arg(++number);
        label.shown = label.reference;
        int leastCovered = std::numeric_limits<int>::max();
        for (int step = 0; step <= 40; ++step) {
            const qreal at = 0.5 + (step % 2 ? 1 : -1) * (step / 2) * 0.022;
            const QRectF box = boxAt(lines[i]->route(), at, label.shown);
            const int covered = taken.hits(box);
            if (covered < leastCovered) {
                leastCovered = covered;
                label.box = box;
            }
            if (covered == 0)
                break;
        }
        taken.insert(label.box);
    }
    return result;
}

std::vector<QPolygonF> DrawingLayout::routeLinks(std::vector<drawinglayout::LinkEnds>& links) const
{
    return drawinglayout::routeLinks(router(), links, [this](const drawinglayout::LinkEnds& link) {
        std::vector<QPolygonF> lines; // the line of its pair, which it keeps off
        if (const auto it = m_lines.find(pairKey(link.from, link.to)); it != m_lines.end())
            lines.push_back(it->second.route());
        return lines;
    });
}

std::vector<DesignRenderer::LabelPlace>
DrawingLayout::placeLinkNames(const std::vector<std::pair<QPolygonF, QString>>& links,
                              const std::vector<QRectF>& frames,
                              const std::function<bool(const DrawnLine&)>& drawn) const
{
    if (links.empty())
        return {};
    std::vector<drawinglayout::ShownLabel> shown;
    shown.reserve(m_lines.size());
    for (const auto& [key, line] : m_lines)
        if (!drawn || drawn(line))
            shown.push_back({&line.route(), line.shown(), line.labelAt()});
    return drawinglayout::placeLinkNames(links, labelObstacles(frames), shown);
}

} // namespace portolan
