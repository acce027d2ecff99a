// DesignScene's edge routes and labels: the router over the boxes shown, edges routed in one call
// when many change, edges a moved node now covers sent round it, and the labels placed and painted
// (by the label layer) above every line.
#include "designscene.h"

#include "canvasitems.h"
#include "design/document.h"
#include "drawing/drawinglayout.h"
#include "drawing/edgerouter.h"
#include "drawing/geometry.h"
#include "drawing/rectgrid.h"
#include "folditem.h"
#include "stubitem.h"

#include <algorithm>

namespace portolan {

const RectGrid& DesignScene::nodeBoxes() const
{
    return router().boxes();
}

const EdgeRouter& DesignScene::router() const
{
    shownBoxes();
    return m_layout.router();
}

const std::vector<QRectF>& DesignScene::shownBoxes() const
{
    if (!m_layout.hasBoxes()) {
        std::vector<QRectF> boxes;
        for (const NodeItem* n : m_nodes)
            if (n->isVisible())
                boxes.push_back(n->sceneBox());
        for (const FoldItem* f : m_folds)
            if (f->isVisible())
                boxes.push_back(f->sceneBox());
        for (const StubItem* s : m_stubs)
            if (s->isVisible())
                boxes.push_back(s->sceneBox());
        m_layout.setBoxes(std::move(boxes));
    }
    return m_layout.boxes();
}

bool DesignScene::defersRoute(EdgeItem* edge)
{
    if (m_deferRoutes)
        m_unrouted.push_back(edge);
    return m_deferRoutes || m_routesStale; // stale: every edge is routed when they are shown
}

void DesignScene::routeOrDefer(std::vector<EdgeItem*> edges)
{
    if (routesWanted())
        routeEdges(std::move(edges));
    else
        m_routesStale = true;
}

void DesignScene::ensureRoutes()
{
    if (!m_routesStale)
        return;
    m_routesStale = false;
    std::vector<EdgeItem*> edges;
    edges.reserve(m_edges.size());
    for (const auto& [key, e] : m_edges)
        if (!m_foldOf.contains(e->from()) && !m_foldOf.contains(e->to()))
            edges.push_back(e);
    routeEdges(std::move(edges)); // those the focus shows: the rest when it is cleared
    m_linksStale = true;          // beside the edges as now routed
    placeLabels();
    for (const auto& [key, e] : m_edges)
        e->setVisible(edgeShown(e));
    Q_EMIT routesReady();
}

void DesignScene::routeEdges(std::vector<EdgeItem*> edges)
{
    // In one call, by the layout that paper draws with too (drawing/drawinglayout.h).
    std::erase_if(edges, [this](const EdgeItem* e) {
        return !edgeInFocus(e->from(), e->to()); // hidden: routed round the boxes shown when it is cleared
    });
    std::vector<DrawnLine*> lines;
    lines.reserve(edges.size());
    for (EdgeItem* e : edges)
        lines.push_back(&e->drawn());
    shownBoxes(); // as they are now
    m_layout.route(lines, [this](int end) { return endBox(end); });
    for (EdgeItem* e : edges)
        e->lineChanged();
}

void DesignScene::routeRoundMovedNodes()
{
    m_movedOntoScheduled = false;
    if (m_routesStale) { // every edge is routed round every box when they are shown
        m_movedOnto.clear();
        return;
    }
    RectGrid boxes; // a grid: a multi-node move looks at the few boxes near each edge
    for (int id : std::as_const(m_movedOnto))
        if (const NodeItem* item = m_nodes.value(id); item && item->isVisible())
            boxes.insert(item->sceneBox());
    m_movedOnto.clear();
    if (boxes.size() == 0)
        return;
    std::vector<EdgeItem*> covered;
    for (const auto& [key, e] : m_edges) {
        if (m_foldOf.contains(e->from()) || m_foldOf.contains(e->to()))
            continue; // folded away
        const QPolygonF& route = e->route();
        bool under = false;
        boxes.visit(route.boundingRect().adjusted(-1, -1, 1, 1), [&](const QRectF& box) {
            under = under || (box != endBox(e->from()) && box != endBox(e->to()) && routeEnters(route, box));
        });
        if (under)
            covered.push_back(e);
    }
    if (covered.empty())
        return;
    routeEdges(std::move(covered));
    placeLabels();
}

void DesignScene::placeLabels(const QList<int>* touched)
{
    refreshLinks(touched);
    m_labelsStale = true;
    if (!m_holdLabels && labelsDrawn())
        placeLabelsNow();
}

void DesignScene::ensureLabels()
{
    if (m_labelsStale)
        placeLabelsNow();
}

void DesignScene::placeLabelsNow()
{
    ensureRoutes(); // labels sit on the routes
    if (!m_labelsStale)
        return; // routing every edge placed them (on a large design the second time took 0.8 s)
    m_labelsStale = false;
    std::vector<EdgeItem*> items;
    std::vector<const DrawnLine*> lines;
    for (const auto& [key, e] : m_edges) {
        if (m_foldOf.contains(e->from()) || m_foldOf.contains(e->to()) || !edgeInFocus(e->from(), e->to()))
            continue; // folded away, or out of the focus
        items.push_back(e);
        lines.push_back(&e->drawn());
    }
    // On screen a label with no room is left out: hovering the edge lists its ports.
    shownBoxes(); // as they are now
    const std::vector<DesignRenderer::LabelPlace> at = m_layout.placeLabels(lines, shownFrames());
    for (size_t i = 0; i < items.size(); ++i)
        items[i]->setLabelPlace(at[i].at, at[i].text);
    placeLinkLabels();
}

void DesignScene::paintLabels(QPainter* painter, const QRectF& area, qreal detail) const
{
    if (detail >= DesignRenderer::kSimpleDetail) {
        for (const auto& [key, e] : m_edges) {
            if (!e->isVisible())
                continue;
            const QRectF box = e->labelRect();
            if (!box.isEmpty() && box.intersects(area))
                e->paintLabel(painter, detail);
        }
    }
    for (const SiteFrameItem* f : m_frames) {
        const QRectF frame = f->frameRect();
        if (f->isVisible() && DesignRenderer::siteTitleRect(frame).intersects(area))
            if (const Site* site = m_document.site(f->site()))
                m_renderer.drawSiteTitle(painter, *site, frame, detail);
    }
}

std::vector<QRectF> DesignScene::shownFrames() const
{
    std::vector<QRectF> frames;
    for (const SiteFrameItem* f : std::as_const(m_frames))
        if (f->isVisible())
            frames.push_back(f->frameRect());
    return frames;
}

std::vector<QRectF> DesignScene::labelObstacles() const
{
    shownBoxes(); // as they are now
    return m_layout.labelObstacles(shownFrames());
}

} // namespace portolan
