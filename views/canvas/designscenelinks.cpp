// DesignScene's links: routed round the boxes by the same EdgeRouter as the edges, in one call
// when many change at once, and their kind labels placed where they cover no box, no site title
// and no edge label (Diagram does the same on paper).
#include "designscene.h"

#include "canvasitems.h"
#include "design/document.h"
#include "drawing/edgerouter.h"
#include "drawing/geometry.h"

#include <algorithm>

namespace portolan {

std::optional<EdgeRouter::Request> DesignScene::linkRequest(const Link& link, int* lane) const
{
    const NodeItem* a = m_nodes.value(link.from);
    const NodeItem* b = m_nodes.value(link.to);
    if (!a || !b || link.from == link.to || !a->isVisible() || !b->isVisible())
        return std::nullopt;
    const bool there = m_edges.count({link.from, link.to}) > 0;
    const bool back = m_edges.count({link.to, link.from}) > 0;
    if (lane)
        *lane = int(there) | int(back) << 1;
    return EdgeRouter::linkRequest(a->sceneBox(), b->sceneBox(), there, back);
}

QPolygonF DesignScene::linkBesideEdges(const Link& link, const QPolygonF& route) const
{
    std::vector<QPolygonF> edges;
    for (const EdgeItem* e : {edgeItem(link.from, link.to), edgeItem(link.to, link.from)})
        if (e)
            edges.push_back(e->route());
    return router().apart(route, endBox(link.from), endBox(link.to), edges);
}

void DesignScene::routeLinks(const std::vector<LinkItem*>& links)
{
    // In the order of their ids, as on paper: the router gives lanes in the order it is asked.
    std::vector<LinkItem*> ordered = links;
    std::sort(ordered.begin(), ordered.end(),
              [](const LinkItem* a, const LinkItem* b) { return a->link() < b->link(); });
    std::vector<EdgeRouter::Request> requests;
    std::vector<LinkItem*> routed;
    std::vector<int> lanes;
    std::vector<QRectF> firstEnds;
    for (LinkItem* item : ordered) {
        int lane = 0;
        const Link* l = m_document.link(item->link());
        const std::optional<EdgeRouter::Request> request = l ? linkRequest(*l, &lane) : std::nullopt;
        if (!request)
            continue;
        requests.push_back(*request);
        routed.push_back(item);
        lanes.push_back(lane);
        firstEnds.push_back(endBox(l->from));
    }
    if (requests.empty())
        return;
    std::vector<QPolygonF> routes = router().route(requests);
    for (size_t i = 0; i < routed.size(); ++i)
        routed[i]->setRoute(
            linkBesideEdges(*m_document.link(routed[i]->link()),
                            EdgeRouter::linkRoute(std::move(routes[i]), requests[i], firstEnds[i])),
            lanes[i]);
}

void DesignScene::linksFollowNode(int node)
{
    const NodeItem* moved = m_nodes.value(node);
    // A little wider than the box: a route that now touches it is drawn under its border
    // (legEnters looks inside the border, a unit in).
    const QRectF box = moved ? moved->sceneBox().adjusted(-3, -3, 3, 3) : QRectF();
    const auto crosses = [&box](const QPolygonF& route) {
        return !box.isNull() && route.boundingRect().adjusted(-1, -1, 1, 1).intersects(box) &&
               routeEnters(route, box);
    };
    for (LinkItem* item : std::as_const(m_links)) {
        const Link* l = m_document.link(item->link());
        if (l && (l->from == node || l->to == node || (item->isVisible() && crosses(item->route()))))
            item->updateGeometry();
    }
}

void DesignScene::refreshLinks(const QList<int>* touched)
{
    // A link routed before the edges beside it existed (or after one went) takes its new side.
    std::vector<LinkItem*> stale;
    const auto check = [&](LinkItem* item, const Link& l) {
        int lane = 0;
        if (item->isVisible() && linkRequest(l, &lane) && (m_linksStale || lane != item->lane()))
            stale.push_back(item);
    };
    if (touched && !m_linksStale) {
        // An edit's edges: only links with an end among its nodes, found without a look-up per link.
        const QSet<int> ends(touched->begin(), touched->end());
        for (const auto& [id, l] : m_document.links())
            if (ends.contains(l.from) || ends.contains(l.to))
                if (LinkItem* item = m_links.value(id))
                    check(item, l);
    } else {
        for (LinkItem* item : std::as_const(m_links))
            if (const Link* l = m_document.link(item->link()))
                check(item, *l);
    }
    m_linksStale = false;
    routeLinks(stale);
}

void DesignScene::placeLinkLabels()
{
    std::vector<LinkItem*> items;
    std::vector<std::pair<QPolygonF, QString>> lines;
    for (LinkItem* item : std::as_const(m_links))
        if (item->isVisible() && item->route().size() >= 2) {
            items.push_back(item);
            lines.emplace_back(item->route(), DesignRenderer::linkKindName(item->kind()));
        }
    if (items.empty())
        return;
    // The edges' labels were placed first: a link's name gives way to them, and is left out
    // where it finds no room (its tooltip names the kind).
    std::vector<QRectF> obstacles = labelObstacles();
    // A label's box measured once per text: a large design has 10^5 edges and few distinct labels.
    QHash<QString, QRectF> measured;
    for (const auto& [key, e] : m_edges) {
        if (e->shownLabel().isEmpty() || m_foldOf.contains(e->from()) || m_foldOf.contains(e->to()))
            continue;
        auto box = measured.constFind(e->shownLabel());
        if (box == measured.cend())
            box = measured.insert(e->shownLabel(),
                                  DesignRenderer::labelRect(QPolygonF{QPointF()}, e->shownLabel()));
        obstacles.push_back(box->translated(DesignRenderer::pointAlong(e->route(), e->labelAt())));
    }
    const std::vector<DesignRenderer::LabelPlace> at = DesignRenderer::placeLabels(lines, obstacles, true);
    for (size_t i = 0; i < items.size(); ++i)
        items[i]->setLabelPlace(at[i].at, at[i].text);
}

} // namespace portolan
