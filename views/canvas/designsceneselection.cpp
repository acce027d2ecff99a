// The scene's selection, the highlight of the selection's flows, hit tests and the items' moves
// reported back to the document: split from designscene.cpp, which builds and updates the items.
#include "designscene.h"

#include "canvasitems.h"
#include "design/document.h"
#include "flows/flowengine.h"
#include "folditem.h"

#include <QApplication>
#include <QTimer>

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;

namespace portolan {

QList<int> DesignScene::selectedNodes() const
{
    QList<int> result;
    for (QGraphicsItem* item : selectedItems())
        if (item->type() == NodeItem::Type)
            result << static_cast<NodeItem*>(item)->node();
    std::sort(result.begin(), result.end());
    return result;
}

QList<int> DesignScene::selectedSites() const
{
    QList<int> result;
    for (QGraphicsItem* item : selectedItems())
        if (item->type() == SiteFrameItem::Type)
            result << static_cast<SiteFrameItem*>(item)->site();
    std::sort(result.begin(), result.end());
    return result;
}

QList<int> DesignScene::selectedLinks() const
{
    QList<int> result;
    for (QGraphicsItem* item : selectedItems())
        if (item->type() == LinkItem::Type)
            result << static_cast<LinkItem*>(item)->link();
    return result;
}

void DesignScene::selectOnly(const QList<int>& nodes, const QList<int>& sites, const QList<int>& links)
{
    QSignalBlocker blocker(this);
    clearSelection();
    for (int n : nodes)
        if (NodeItem* item = m_nodes.value(n))
            item->setSelected(true);
    for (int s : sites)
        if (SiteFrameItem* item = m_frames.value(s))
            item->setSelected(true);
    for (int l : links)
        if (LinkItem* item = m_links.value(l))
            item->setSelected(true);
    blocker.unblock();
    Q_EMIT selectionChanged();
}

void DesignScene::highlightFlows(const std::function<bool(const Flow&)>& match)
{
    // One pass over the flows, then one over the edges.
    m_flowsHighlighted = true;
    m_edgeStatesDeferred = false; // every edge's state written below
    std::set<std::pair<int, int>> pairs;
    for (const auto& [id, n] : m_document.nodes())
        for (const Flow& f : m_engine.flowsFrom(id))
            if (!f.local && match(f)) {
                pairs.insert(pairKey(f.source, f.destination));               // its pair's line, either way
                pairs.insert(pairKey(endOf(f.source), endOf(f.destination))); // a folded group's line
            }
    QSet<int> touched;
    for (const auto& [key, e] : m_edges) {
        const bool hit = pairs.count(key) > 0;
        e->setState(hit ? DesignRenderer::State::Highlighted : DesignRenderer::State::Dimmed);
        if (hit) {
            touched.insert(e->from());
            touched.insert(e->to());
        }
    }
    for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it)
        it.value()->setState(touched.contains(it.key()) ? DesignRenderer::State::Highlighted
                                                        : DesignRenderer::State::Dimmed);
    for (auto it = m_folds.begin(); it != m_folds.end(); ++it)
        it.value()->setState(touched.contains(foldEnd(it.key())) ? DesignRenderer::State::Highlighted
                                                                 : DesignRenderer::State::Dimmed);
}

int DesignScene::siteAt(QPointF point) const
{
    int best = -1;
    qreal bestArea = 0;
    for (auto it = m_frames.begin(); it != m_frames.end(); ++it) {
        const QRectF r = it.value()->frameRect();
        const qreal area = r.width() * r.height();
        if (r.contains(point) && (best < 0 || area < bestArea)) {
            best = it.key();
            bestArea = area;
        }
    }
    return best;
}

int DesignScene::nodeAt(QPointF point) const
{
    for (QGraphicsItem* item : items(point))
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem*>(item)->node();
    return -1;
}

QPointF DesignScene::snapped(QPointF point) const
{
    if (!m_snap)
        return point;
    return {qRound(point.x() / kGrid) * kGrid, qRound(point.y() / kGrid) * kGrid};
}

void DesignScene::nodeItemMoved(int node, bool byUser)
{
    if (m_bulk)
        return;
    m_layout.clearBoxes();
    for (EdgeItem* e : m_edgesOfNode.value(node))
        e->updateGeometry();
    linksFollowNode(node);
    if (byUser) {
        m_gestureNodes.insert(node);
        m_moving = true;
        return;
    }
    // The document moved it (a drag made a command, or undo, redo): edges it now covers go round
    // it, once for all the nodes moved together. Not while the scene is built: every edge is
    // routed round every box then.
    if (m_rebuilding)
        return;
    m_movedOnto.insert(node);
    if (!m_movedOntoScheduled) {
        m_movedOntoScheduled = true;
        QTimer::singleShot(0, this, &DesignScene::routeRoundMovedNodes);
    }
}

void DesignScene::frameItemMoved(int site, QPointF delta)
{
    invalidate(QRectF(), QGraphicsScene::BackgroundLayer);
    m_gestureFrames.insert(site);
    // Members move with their frame; they are not selected, so move them here.
    for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it) {
        const Node* n = m_document.node(it.key());
        if (n && n->site == site && !it.value()->isSelected())
            it.value()->moveBy(delta.x(), delta.y());
    }
    if (FoldItem* fold = m_folds.value(site); fold && fold->isVisible()) {
        fold->moveBy(delta.x(), delta.y());
        m_layout.clearBoxes();
        for (EdgeItem* e : m_edgesOfNode.value(foldEnd(site)))
            e->updateGeometry();
    }
    m_moving = true;
}

void DesignScene::frameItemResized(int site)
{
    invalidate(QRectF(), QGraphicsScene::BackgroundLayer);
    m_gestureFrames.insert(site);
    m_moving = true;
}

DesignRenderer::State DesignScene::highlightOf(const EdgeItem* e) const
{
    if (m_highlighted.isEmpty())
        return DesignRenderer::State::Normal;
    return m_highlighted.contains(nodeOfEnd(e->from())) || m_highlighted.contains(nodeOfEnd(e->to()))
               ? DesignRenderer::State::Highlighted
               : DesignRenderer::State::Dimmed;
}

DesignRenderer::State DesignScene::edgeState(const EdgeItem* e, DesignRenderer::State written) const
{
    return m_edgeStatesDeferred ? highlightOf(e) : written;
}

void DesignScene::writeEdgeStates()
{
    if (!std::exchange(m_edgeStatesDeferred, false))
        return;
    for (const auto& [key, e] : m_edges)
        e->setState(highlightOf(e));
}

DesignRenderer::State DesignScene::highlightOfEnd(int end) const
{
    if (m_highlighted.isEmpty() || m_highlighted.contains(end)) // a selected node is drawn as selected
        return DesignRenderer::State::Normal;
    return m_neighbours.contains(end) ? DesignRenderer::State::Highlighted : DesignRenderer::State::Dimmed;
}

void DesignScene::updateHighlight()
{
    const QList<int> selected = selectedNodes();
    const QSet<int> focus(selected.begin(), selected.end());
    // Nothing selected and nothing highlighted: every item is normal already (a new edge is made
    // so), and an edit on a large design need not visit 10^5 edges.
    if (focus.isEmpty() && m_highlighted.isEmpty() && !m_flowsHighlighted)
        return;
    QSet<int> neighbours = focus;
    for (int n : focus)
        for (const EdgeItem* e : edgesAtNode(n)) {
            neighbours.insert(e->from());
            neighbours.insert(e->to());
        }
    // Selected, or back to none: every item changes. Otherwise (another node selected, or an edit
    // with the selection kept) only the edges at the old and new selection and the ends around
    // them can: the rest stay dimmed.
    const bool everything = m_flowsHighlighted || focus.isEmpty() != m_highlighted.isEmpty();
    QSet<int> ends;
    if (!everything)
        ends = focus + m_highlighted + neighbours + m_neighbours;
    const QSet<int> focusBefore = std::exchange(m_highlighted, focus);
    m_neighbours = std::move(neighbours);
    m_flowsHighlighted = false;
    // Under the bundles every edge is hidden: their states are read from the selection (edgeState)
    // and written to them when they are shown again, not 10^5 of them on each selection.
    if (showsBundles())
        m_edgeStatesDeferred = true;
    if (everything) {
        // One repaint of the whole view rather than a region of every node's box, which the view
        // builds a rectangle at a time (a large design has 10^4 of them).
        update();
        if (!m_edgeStatesDeferred)
            for (const auto& [key, e] : m_edges)
                e->setState(highlightOf(e));
        for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it)
            it.value()->setState(highlightOfEnd(it.key()));
    } else {
        if (!m_edgeStatesDeferred)
            for (const QSet<int>* nodes : {&focusBefore, static_cast<const QSet<int>*>(&m_highlighted)})
                for (int n : *nodes)
                    for (EdgeItem* e : edgesAtNode(n))
                        e->setState(highlightOf(e));
        for (int end : std::as_const(ends))
            if (NodeItem* item = m_nodes.value(end))
                item->setState(highlightOfEnd(end));
    }
    for (auto it = m_folds.begin(); it != m_folds.end(); ++it)
        it.value()->setState(highlightOfEnd(foldEnd(it.key())));
}

} // namespace portolan
