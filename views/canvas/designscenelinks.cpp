// DesignScene's links: routed round the boxes by the same EdgeRouter as the edges, in one call
// when many change at once, and their kind labels placed where they cover no box, no site title
// and no edge label (through the layout the single drawing uses too).
#include "designscene.h"

#include "canvasitems.h"
#include "design/document.h"
#include "drawing/drawinglayout.h"
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
    // The flow line of the pair (either way, one line) leaves a side free for the link.
    const bool there = m_edges.count(pairKey(link.from, link.to)) > 0;
    const bool back = false;
    if (lane)
        *lane = int(there) | int(back) << 1;
    return EdgeRouter::linkRequest(a->sceneBox(), b->sceneBox(), there, back);
}

QPolygonF DesignScene::linkBesideEdges(const Link& link, const QPolygonF& route) const
{
    std::vector<QPolygonF> edges;
    if (const EdgeItem* e = edgeItem(link.from, link.to))
        edges.push_back(e->route());
    return router().apart(route, endBox(link.from), endBox(link.to), edges);
}

void DesignScene::routeLinks(const std::vector<LinkItem*>& links)
{
    // In one call, by the rules paper follows too (drawing/drawinglayout.h).
    std::vector<drawinglayout::LinkEnds> ends;
    QHash<int, std::pair<LinkItem*, int>> items; // link id: its item and lane
    for (LinkItem* item : links) {
        int lane = 0;
        const Link* l = m_document.link(item->link());
        if (!l || !linkRequest(*l, &lane))
            continue;
        ends.push_back(
            {l->id, l->from, l->to, endBox(l->from), endBox(l->to), (lane & 1) != 0, (lane & 2) != 0});
        items.insert(l->id, {item, lane});
    }
    shownBoxes(); // as they are now
    std::vector<QPolygonF> routes = m_layout.routeLinks(ends);
    for (size_t i = 0; i < ends.size(); ++i) {
        const auto [item, lane] = items.value(ends[i].link);
        item->setRoute(std::move(routes[i]), lane);
    }
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
            lines.emplace_back(item->route(), linkKindName(item->kind()));
        }
    if (items.empty())
        return;
    // The edges' labels were placed first: a link's name gives way to them, and is left out
    // where it finds no room (its tooltip names the kind).
    shownBoxes(); // as they are now
    const std::vector<DesignRenderer::LabelPlace> at =
        m_layout.placeLinkNames(lines, shownFrames(), [this](const DrawnLine& line) {
            return !m_foldOf.contains(line.from()) && !m_foldOf.contains(line.to()); // not folded away
        });
    for (size_t i = 0; i < items.size(); ++i)
        items[i]->setLabelPlace(at[i].at, at[i].text);
}

} // namespace portolan
