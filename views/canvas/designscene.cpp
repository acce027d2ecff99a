#include "designscene.h"

#include "bundleitem.h"
#include "canvasitems.h"
#include "design/document.h"
#include "drawing/edgerouter.h"
#include "drawing/rectgrid.h"
#include "flows/flowengine.h"
#include "folditem.h"
#include "stubitem.h"
#include "verify/verification.h"

#include <QApplication>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;

namespace portolan {

DesignScene::DesignScene(const Document& document, const FlowEngine& engine, QObject* parent)
    : QGraphicsScene(parent), m_document(document), m_engine(engine), m_renderer(document)
{
    // No BSP tree: it files an item in every leaf its bounding box meets, and edges run
    // across the whole design (16 GB on the large hierarchy). A linear pass over the
    // items is a few milliseconds.
    setItemIndexMethod(QGraphicsScene::NoIndex);
    const Document* doc = &document;
    connect(doc, &Document::documentReset, this, [this] { rebuild(); });
    connect(doc, &Document::siteAdded, this, &DesignScene::addSiteItem);
    connect(doc, &Document::siteChanged, this, [this](int id) {
        if (SiteFrameItem* item = m_frames.value(id))
            item->sync();
        invalidate(QRectF(), QGraphicsScene::BackgroundLayer);
        bundlesChanged();
        if (m_stubsOn) // a frame moved or resized: its stubs go beside it again
            QTimer::singleShot(0, this, [this] { refreshStubs(true); });
    });
    connect(doc, &Document::siteRemoved, this, [this](const Site& s) {
        delete m_frames.take(s.id);
        if (m_folded.remove(s.id))
            refreshFolds();
    });
    connect(doc, &Document::nodeAdded, this, &DesignScene::addNodeItem);
    connect(doc, &Document::nodeChanged, this, [this](int id, const Node& before) {
        // An option or a name: its edges and links stay where they are (re-routing them, and
        // every edge its box may cover, cost a large design tens of milliseconds per edit).
        if (NodeItem* item = m_nodes.value(id))
            item->sync(m_document.node(id) && m_document.node(id)->position != before.position);
        // A group that joined or left a folded site, or was renamed inside one.
        if (before.kind == NodeKind::ClientGroup && !m_folded.isEmpty())
            refreshFolds();
    });
    connect(doc, &Document::nodeMoved, this, [this](int id) {
        if (NodeItem* item = m_nodes.value(id))
            item->sync();
        if (m_foldOf.contains(id))
            refreshFolds();
        // A bundle ends at a site's frame, or at a node drawn outside any site: a server of a site
        // moves none (recomputing them all costs a large design 50 ms).
        const Node* n = m_document.node(id);
        if (!n || n->kind != NodeKind::Server || !m_document.site(n->site))
            bundlesChanged();
    });
    connect(doc, &Document::geometryChanged, this, &DesignScene::syncGeometry);
    connect(doc, &Document::nodeRemoved, this, [this](const Node& n) { removeNodeItem(n.id); });
    connect(doc, &Document::linkAdded, this, &DesignScene::addLinkItem);
    connect(doc, &Document::linkRemoved, this, [this](const Link& l) { delete m_links.take(l.id); });
    connect(doc, &Document::zonesChanged, this, [this] { update(); });
    connect(&engine, &FlowEngine::flowsChanged, this, &DesignScene::rebuildEdges);
    connect(this, &QGraphicsScene::selectionChanged, this, &DesignScene::updateHighlight);
    rebuild(false); // a scene made for a design shows its labels at once (at 100 %)
}

DesignScene::~DesignScene()
{
    // Items refer back to the scene: forget them, then remove them while it is still whole
    // (deleting selected items emits selectionChanged).
    m_edges.clear();
    m_edgesOfNode.clear();
    m_frames.clear();
    m_nodes.clear();
    m_links.clear();
    m_folds.clear();
    m_stubs.clear();
    m_bundleItem = nullptr;
    clear();
}

void DesignScene::rebuild(bool holdLabels)
{
    // Opened in a window, the view fits the design right after this, mostly to a zoom where no
    // label is drawn: place them, if they are drawn at all, once the event loop turns.
    m_holdLabels = holdLabels;
    m_labelsStale = true;
    m_routesStale = holdLabels; // the edges wait hidden for the fit too
    m_edges.clear();
    m_edgesOfNode.clear();
    m_frames.clear();
    m_nodes.clear();
    m_links.clear();
    m_linkPreview = nullptr;
    m_bundleItem = nullptr;
    m_bundlesDirty = true;
    m_highlighted.clear(); // the new items are all normal
    m_neighbours.clear();
    m_flowsHighlighted = false;
    m_edgeStatesDeferred = false;
    // Another design (or the same one reloaded) opens unfolded.
    m_folds.clear();
    m_foldOf.clear();
    m_folded.clear();
    const bool focused = std::exchange(m_focus, ViewFocus()).active(); // and with everything shown
    m_stubs.clear(); // made again for this design when they are on
    m_stubEnds.clear();
    m_shared.clear();
    clear();
    m_layout.clearLines(); // their items are gone
    m_layout.clearBoxes();
    addItem(new LabelLayer(*this));
    if (showsBundles()) // opened while zoomed out or in the firewall view
        ensureBundleItem();
    for (const auto& [id, s] : m_document.sites())
        addSiteItem(id);
    m_rebuilding = true;
    for (const auto& [id, n] : m_document.nodes())
        addNodeItem(id);
    // Links are routed once the edges they keep beside are there (rebuildEdges places labels).
    m_linksStale = true;
    for (const auto& [id, l] : m_document.links())
        addLinkItem(id);
    m_rebuilding = false;
    rebuildEdges({});
    if (focused)
        Q_EMIT viewFocusChanged();
    if (std::exchange(m_holdLabels, false) && !std::exchange(m_holdScheduled, true))
        QTimer::singleShot(0, this, [this] {
            m_holdScheduled = false;
            if (!showsBundles())
                ensureRoutes();
            if (labelsDrawn())
                ensureLabels();
        });
}

void DesignScene::syncGeometry()
{
    // Everything moved at once (layout): put the items in place without the per-node
    // edge and link updates, then redo edges, links and labels once.
    m_bulk = true;
    for (SiteFrameItem* item : std::as_const(m_frames))
        item->sync();
    for (NodeItem* item : std::as_const(m_nodes))
        item->sync();
    for (FoldItem* item : std::as_const(m_folds))
        if (item->isVisible())
            item->setGroups(item->groups());
    m_bulk = false;
    m_layout.clearBoxes();
    std::vector<EdgeItem*> edges;
    edges.reserve(m_edges.size());
    for (const auto& [key, e] : m_edges)
        edges.push_back(e);
    routeOrDefer(std::move(edges));
    m_linksStale = true; // routed together by placeLabels
    placeLabels();
    bundlesChanged();
    if (m_stubsOn) // beside the frames where they are now
        refreshStubs(true);
    invalidate(QRectF(), QGraphicsScene::BackgroundLayer);
}

void DesignScene::addSiteItem(int id)
{
    if (m_frames.contains(id))
        return;
    auto* item = new SiteFrameItem(*this, id);
    m_frames.insert(id, item);
    addItem(item);
    item->sync();
    if (m_focus.active()) // a site added while focused is drawn: its nodes will join
        m_focus.sites.insert(id);
}

void DesignScene::addNodeItem(int id)
{
    if (m_nodes.contains(id))
        return;
    if (m_focus.active() && !m_rebuilding) // added while looking at part of the design: it is shown
        m_focus.joined.insert(id);
    auto* item = new NodeItem(*this, id);
    m_nodes.insert(id, item);
    dropRouter();
    addItem(item);
    item->sync();
    // The engine may have computed this node's flows before its item existed.
    if (!m_rebuilding)
        rebuildEdges({id});
}

void DesignScene::addLinkItem(int id)
{
    if (m_links.contains(id))
        return;
    auto* item = new LinkItem(*this, id);
    m_links.insert(id, item);
    addItem(item);
    if (m_rebuilding)
        return;
    item->updateGeometry();
    // Its name gives way to the edges' labels: placed with them if those wait.
    if (!m_labelsStale && labelsDrawn())
        placeLinkLabels();
    else
        m_labelsStale = true;
}

void DesignScene::removeNodeItem(int id)
{
    delete m_nodes.take(id);
    dropRouter();
}

void DesignScene::dropRouter()
{
    // Freed on a worker thread: a large design's router (every box in a grid of cells) takes
    // milliseconds to free, which an edit's repaint need not wait for.
    if (auto old = m_layout.takeRouter())
        QThreadPool::globalInstance()->start(
            [router = std::shared_ptr<EdgeRouter>(std::move(old))]() mutable { router.reset(); });
    m_layout.clearBoxes();
}

EdgeItem* DesignScene::edgeItem(int from, int to) const
{
    const auto it = m_edges.find(pairKey(from, to));
    return it == m_edges.end() ? nullptr : it->second;
}

QList<EdgeItem*> DesignScene::edgeItems() const
{
    QList<EdgeItem*> result;
    for (const auto& [key, item] : m_edges)
        result << item;
    return result;
}

void DesignScene::addEdge(int from, int to, const std::vector<Flow>& forward,
                          const std::vector<Flow>& backward)
{
    if ((forward.empty() && backward.empty()) || endBox(from).isNull() || endBox(to).isNull())
        return;
    if (EdgeItem* old = edgeItem(from, to))
        removeEdge(old); // its line is made again
    addEdgeItem(m_layout.setLine(from, to, forward, backward));
}

void DesignScene::addEdgeItem(DrawnLine& line)
{
    auto* item = new EdgeItem(*this, line);
    item->setVisible(edgeShown(item));
    m_edges[{line.from(), line.to()}] = item;
    m_edgesOfNode[line.from()] << item;
    m_edgesOfNode[line.to()] << item;
    addItem(item);
    item->updateGeometry();
    if (m_verification)
        item->setResultColour(edgeResultColour(lineResult(item)));
    // Dimmed beside a selection (updateHighlight then revisits only the selection's edges).
    if (!m_highlighted.isEmpty())
        item->setState(highlightOf(item));
}

void DesignScene::setVerification(std::shared_ptr<const Verification> verification)
{
    m_verification = std::move(verification);
    m_edgeResults.clear();
    if (m_verification) {
        for (const FlowVerdict& v : m_verification->flows) {
            EdgeResult& r = m_edgeResults.try_emplace({v.flow.source, v.flow.destination}, EdgeResult::Passed)
                                .first->second;
            if (v.result == TestResult::Fail || v.result == TestResult::NoResponder)
                r = EdgeResult::Failed;
            else if (v.result != TestResult::Pass && r == EdgeResult::Passed)
                r = EdgeResult::Untested;
        }
    }
    for (const auto& [pair, item] : m_edges)
        item->setResultColour(m_verification ? edgeResultColour(lineResult(item)) : QColor());
}

DesignScene::EdgeResult DesignScene::edgeResult(int from, int to) const
{
    if (!m_verification)
        return EdgeResult::None;
    const auto it = m_edgeResults.find({from, to});
    return it == m_edgeResults.end() ? EdgeResult::Untested : it->second;
}

DesignScene::EdgeResult DesignScene::lineResult(const EdgeItem* e) const
{
    if (!m_verification)
        return EdgeResult::None;
    EdgeResult result = EdgeResult::Passed;
    for (const EdgeResult r : {e->forward() ? edgeResult(e->from(), e->to()) : EdgeResult::Passed,
                               e->backward() ? edgeResult(e->to(), e->from()) : EdgeResult::Passed}) {
        if (r == EdgeResult::Failed)
            return r;
        if (r == EdgeResult::Untested)
            result = r;
    }
    return result;
}

QColor DesignScene::edgeResultColour(EdgeResult result)
{
    switch (result) {
    case EdgeResult::Passed:
        return QColor(0x2e, 0x7d, 0x32);
    case EdgeResult::Failed:
        return QColor(0xd3, 0x2f, 0x2f);
    case EdgeResult::Untested:
        return QColor(0x9e, 0x9e, 0x9e);
    case EdgeResult::None:
        break;
    }
    return {};
}

void DesignScene::rebuildEdges(const QList<int>& nodes)
{
    // The layout says which lines come, change and go (drawing/drawinglayout.h). A line that stays
    // keeps its item and route and is only relabelled: deleting 10^5 items one by one costs seconds
    // (each removal searches the scene's item list), and re-creating them made the scene re-sort
    // them all on the next paint and moved routes nobody asked to move.
    const bool whole = nodes.isEmpty();
    const drawinglayout::LineChanges changes =
        m_layout.updateLines(m_engine, nodes, [this](int id) { return m_nodes.contains(id); });
    for (const auto& key : changes.removed)
        if (EdgeItem* doomed = edgeItem(key.first, key.second))
            removeEdge(doomed);
        else
            m_layout.removeLine(key.first, key.second);
    for (const auto& key : changes.kept)
        if (EdgeItem* e = edgeItem(key.first, key.second))
            e->flowsChanged(false);
    for (const auto& key : changes.redrawn)
        if (EdgeItem* e = edgeItem(key.first, key.second))
            e->flowsChanged(true);
    // A whole update routes the new lines in one call.
    m_deferRoutes = whole;
    for (const auto& key : changes.added)
        addEdgeItem(m_layout.lineAt(key));
    m_deferRoutes = false;
    if (whole) {
        routeOrDefer(std::move(m_unrouted));
        m_unrouted.clear();
    }
    if (!m_folded.isEmpty())
        refreshFolds();
    placeLabels(whole || !m_folded.isEmpty() ? nullptr : &nodes);
    updateHighlight();
    if (whole)
        bundlesChanged();
    else
        bundlesTouched(nodes);
    if (m_stubsOn)
        refreshStubs(false, whole ? nullptr : &nodes);
    followFocus();
}

void DesignScene::bundlesTouched(const QList<int>& nodes)
{
    // Only the bundles at these nodes' sites are gathered again, while the bundles are shown and
    // nothing else changed them since they were last gathered.
    if (m_bundlesDirty || !showsBundles() || m_firewall) {
        bundlesChanged();
        return;
    }
    for (const int n : nodes)
        m_bundleNodes.insert(n);
    scheduleBundles();
}

void DesignScene::bundlesChanged()
{
    // Recomputed once the current change is over, and only while they are shown.
    m_bundlesDirty = true;
    if (showsBundles())
        scheduleBundles();
}

void DesignScene::scheduleBundles()
{
    if (m_bundlesScheduled)
        return;
    m_bundlesScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_bundlesScheduled = false;
        refreshBundles();
    });
}

void DesignScene::refreshBundles()
{
    if ((!m_bundlesDirty && m_bundleNodes.isEmpty()) || !m_bundleItem)
        return;
    if (m_firewall) {
        m_bundleItem->setZoneView(bundleZones(m_document, m_engine));
        m_gatherer.clear(); // the site bundles are gathered whole when next shown
    } else {
        BundleLevels levels = m_bundlesDirty ? m_gatherer.all(m_document, m_engine)
                                             : m_gatherer.again(m_document, m_engine, m_bundleNodes);
        m_bundleItem->setBundles(std::move(levels.sites), std::move(levels.branches));
    }
    m_bundlesDirty = false;
    m_bundleNodes.clear();
}

void DesignScene::ensureBundleItem()
{
    // Made when first zoomed out: an empty design keeps an empty scene.
    if (m_bundleItem)
        return;
    m_bundleItem = new BundleItem(*this);
    m_bundleItem->setZoom(m_zoom);
    addItem(m_bundleItem);
    m_bundlesDirty = true;
}

void DesignScene::setZoom(qreal zoom)
{
    m_zoom = zoom;
    if (labelsDrawn())
        ensureLabels();
    if (m_bundleItem)
        m_bundleItem->setZoom(zoom);
    const bool bundled = zoom < kBundleZoom;
    if (bundled == m_bundled)
        return;
    m_bundled = bundled;
    showEdgesOrBundles();
}

void DesignScene::setFirewallView(bool on)
{
    if (on == m_firewall)
        return;
    m_firewall = on;
    m_bundlesDirty = true;
    showEdgesOrBundles();
}

void DesignScene::showEdgesOrBundles()
{
    const bool bundles = showsBundles();
    if (bundles) {
        ensureBundleItem();
        refreshBundles();
    } else if (!m_holdLabels) {
        ensureRoutes();
    }
    if (!bundles)
        writeEdgeStates();
    for (const auto& [key, e] : m_edges)
        e->setVisible(edgeShown(e));
    if (m_bundleItem) {
        m_bundleItem->setVisible(bundles);
        // Zone anchors sit among the nodes: in the firewall view the bundles go on top.
        m_bundleItem->setZValue(m_firewall ? 20 : 2);
    }
}

QRectF DesignScene::drawingBounds() const
{
    QRectF bounds;
    for (const NodeItem* n : std::as_const(m_nodes))
        if (n->isVisible())
            bounds |= n->sceneBox();
    for (const FoldItem* f : std::as_const(m_folds))
        if (f->isVisible())
            bounds |= f->sceneBox();
    for (const StubItem* s : std::as_const(m_stubs))
        if (s->isVisible())
            bounds |= s->sceneBox();
    for (const SiteFrameItem* f : std::as_const(m_frames))
        if (f->isVisible())
            bounds |= f->frameRect() | DesignRenderer::siteTitleRect(f->frameRect());
    return bounds;
}

void DesignScene::drawBackground(QPainter* painter, const QRectF& rect)
{
    painter->fillRect(rect, QColor(0xfa, 0xfb, 0xfc));
    const qreal detail = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    if (!showsBundles()) // painted where the edges are drawn (a view, an export)
        ensureRoutes();
    if (detail >= DesignRenderer::kSimpleDetail) // and at label level
        ensureLabels();
    drawGrid(painter, rect, detail);
    // Parent/child lines between site frames, beneath everything.
    for (auto it = m_frames.begin(); it != m_frames.end(); ++it) {
        const Site* s = m_document.site(it.key());
        const SiteFrameItem* parent = s ? m_frames.value(s->parent) : nullptr;
        if (parent && parent->isVisible() && it.value()->isVisible())
            DesignRenderer::drawSiteConnector(painter, it.value()->frameRect(), parent->frameRect());
    }
}

void DesignScene::drawGrid(QPainter* painter, const QRectF& rect, qreal detail)
{
    if (detail < 0.6)
        return;
    painter->setPen(QPen(QColor(0xdc, 0xe1, 0xe6), 1.5 / detail));
    const qreal left = std::floor(rect.left() / kGrid) * kGrid;
    const qreal top = std::floor(rect.top() / kGrid) * kGrid;
    QVector<QPointF> dots;
    for (qreal x = left; x < rect.right(); x += kGrid)
        for (qreal y = top; y < rect.bottom(); y += kGrid)
            dots << QPointF(x, y);
    painter->drawPoints(dots.data(), int(dots.size()));
}

void DesignScene::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    // Right-drag (or Shift-drag) from one node to another draws a link: the mouse alone suffices.
    const bool linkGesture = event->button() == Qt::RightButton ||
                             (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
    if (linkGesture) {
        m_linkFrom = nodeAt(event->scenePos());
        if (m_linkFrom >= 0) {
            m_linkPreview = addLine(QLineF(event->scenePos(), event->scenePos()),
                                    QPen(QColor(0x8d, 0x6e, 0x63), 1.5, Qt::DashLine));
            m_linkPreview->setZValue(100);
            event->accept();
            return;
        }
    }
    if (event->button() == Qt::RightButton) { // a context menu on release, if it stays a click
        m_rightPressed = true;
        event->accept();
        return;
    }
    m_moving = false;
    m_gestureNodes.clear();
    m_gestureFrames.clear();
    QGraphicsScene::mousePressEvent(event);
}

void DesignScene::mouseMoveEvent(QGraphicsSceneMouseEvent* event)
{
    if (m_linkPreview) {
        m_linkPreview->setLine(QLineF(m_nodes.value(m_linkFrom)->scenePos(), event->scenePos()));
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void DesignScene::mouseReleaseEvent(QGraphicsSceneMouseEvent* event)
{
    // A right press released where it began is a click: the context menu, not a link.
    const bool rightClick =
        event->button() == Qt::RightButton &&
        (event->screenPos() - event->buttonDownScreenPos(Qt::RightButton)).manhattanLength() <
            QApplication::startDragDistance();
    if (m_linkPreview) {
        delete m_linkPreview;
        m_linkPreview = nullptr;
        const int to = nodeAt(event->scenePos());
        const int from = std::exchange(m_linkFrom, -1);
        if (rightClick) {
            selectForContextMenu(event->scenePos());
            Q_EMIT contextMenuRequested(event->scenePos(), event->screenPos());
        } else if (to >= 0 && to != from) {
            Q_EMIT linkRequested(from, to);
        }
        return;
    }
    if (std::exchange(m_rightPressed, false) && event->button() == Qt::RightButton) {
        if (rightClick) {
            selectForContextMenu(event->scenePos());
            Q_EMIT contextMenuRequested(event->scenePos(), event->screenPos());
        }
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    if (m_moving)
        reportMoves();
    m_moving = false;
    m_gestureNodes.clear();
    m_gestureFrames.clear();
}

void DesignScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event)
{
    const int node = event->button() == Qt::LeftButton ? nodeAt(event->scenePos()) : -1;
    if (node >= 0 && m_nodes.value(node) && m_nodes.value(node)->isVisible()) {
        event->accept();
        Q_EMIT nodeDoubleClicked(node);
        return;
    }
    if (const int site = event->button() == Qt::LeftButton ? siteTitleAt(event->scenePos()) : -1; site >= 0) {
        event->accept();
        Q_EMIT siteTitleDoubleClicked(site);
        return;
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
}

void DesignScene::selectForContextMenu(QPointF scenePos)
{
    for (QGraphicsItem* item : items(scenePos)) {
        if (!(item->flags() & QGraphicsItem::ItemIsSelectable) || !item->isVisible())
            continue;
        if (!item->isSelected()) {
            clearSelection();
            item->setSelected(true);
        }
        return;
    }
    clearSelection(); // the empty canvas
}

void DesignScene::reportMoves()
{
    QHash<int, QPointF> nodesFrom, nodesTo;
    QHash<int, QRectF> framesFrom, framesTo;
    for (int id : std::as_const(m_gestureNodes)) {
        const Node* n = m_document.node(id);
        const NodeItem* item = m_nodes.value(id);
        const QPointF now = item ? snapped(item->scenePos()) : QPointF();
        if (n && item && now != n->position) {
            nodesFrom.insert(id, n->position);
            nodesTo.insert(id, now);
        }
    }
    for (int id : std::as_const(m_gestureFrames)) {
        const Site* s = m_document.site(id);
        const SiteFrameItem* item = m_frames.value(id);
        if (!s || !item)
            continue;
        QRectF now = item->frameRect();
        now.moveTopLeft(snapped(now.topLeft()));
        if (now != s->frame) {
            framesFrom.insert(id, s->frame);
            framesTo.insert(id, now);
        }
    }
    if (nodesTo.isEmpty() && framesTo.isEmpty())
        return;
    Q_EMIT moveFinished(nodesFrom, nodesTo, framesFrom, framesTo);
    placeLabels();
    // If nobody turned it into a command, put the items back where the document says.
    for (auto it = nodesTo.begin(); it != nodesTo.end(); ++it)
        if (NodeItem* item = m_nodes.value(it.key()))
            item->sync();
    for (auto it = framesTo.begin(); it != framesTo.end(); ++it)
        if (SiteFrameItem* item = m_frames.value(it.key()))
            item->sync();
}

void DesignScene::removeEdge(EdgeItem* e)
{
    m_edges.erase({e->from(), e->to()});
    m_edgesOfNode[e->from()].removeOne(e);
    m_edgesOfNode[e->to()].removeOne(e);
    const int from = e->from();
    const int to = e->to();
    delete e;
    m_layout.removeLine(from, to);
}

bool DesignScene::edgeShown(const EdgeItem* e) const
{
    return !showsBundles() && !m_routesStale && !m_foldOf.contains(e->from()) &&
           !m_foldOf.contains(e->to()) && !stubbed(e->from(), e->to()) && edgeInFocus(e->from(), e->to());
}

} // namespace portolan
