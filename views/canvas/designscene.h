#pragma once

#include "drawing/designrenderer.h"
#include "drawing/drawinglayout.h"
#include "drawing/edgebundles.h"
#include "drawing/edgerouter.h"
#include "drawing/pairedges.h"
#include "drawing/viewstate.h"
#include "flows/flow.h"

#include <QGraphicsScene>
#include <QHash>
#include <QSet>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace portolan {

class Document;
class FlowEngine;
class SiteFrameItem;
class NodeItem;
class EdgeItem;
class LinkItem;
class BundleItem;
class FoldItem;
class StubItem;
class RectGrid;
class EdgeRouter;
struct Verification;
struct Node;
struct Site;
struct Link;

// Mirrors the document: a frame per site, an item per node, an edge per
// ordered pair of nodes with flows (from the engine) and a dotted line per
// explicit link. It holds no business logic: gestures that would change the
// design are reported as signals for a controller to turn into commands.
class DesignScene : public QGraphicsScene
{
    Q_OBJECT
public:
    DesignScene(const Document& document, const FlowEngine& engine, QObject* parent = nullptr);
    ~DesignScene() override;

    const Document& document() const { return m_document; }
    const FlowEngine& engine() const { return m_engine; }
    const DesignRenderer& renderer() const { return m_renderer; }

    NodeItem* nodeItem(int id) const { return m_nodes.value(id); }
    SiteFrameItem* frameItem(int id) const { return m_frames.value(id); }
    EdgeItem* edgeItem(int from, int to) const;
    LinkItem* linkItem(int id) const { return m_links.value(id); }
    QList<EdgeItem*> edgeItems() const;

    QList<int> selectedNodes() const;
    QList<int> selectedSites() const;
    QList<int> selectedLinks() const;
    void selectOnly(const QList<int>& nodes, const QList<int>& sites = {}, const QList<int>& links = {});
    // Highlights the edges carrying a matching flow and dims the rest, until the selection changes.
    void highlightFlows(const std::function<bool(const Flow&)>& match);
    // Back to what the selection highlights.
    void clearHighlight() { updateHighlight(); }
    // An edge's state: as written to it, or, while the bundles hide every edge, what the selection
    // makes of it (the states are written when the edges are shown again).
    DesignRenderer::State edgeState(const EdgeItem* edge, DesignRenderer::State written) const;

    // Every node box, for routing edges around them; rebuilt after nodes move.
    const RectGrid& nodeBoxes() const;
    // Routes edges round the visible boxes (nodes and folds); rebuilt when they change.
    const EdgeRouter& router() const;
    // Those boxes (nodes, folds and stubs shown), gathered again after they changed.
    const std::vector<QRectF>& shownBoxes() const;
    // What a link asks of the router: its ends' boxes, on the side its ends' flow edges leave
    // free; none while an end has no box shown (a folded client group). lane: which flow edges
    // there are between its ends (bit 0 from -> to, bit 1 back), which decides the side.
    std::optional<EdgeRouter::Request> linkRequest(const Link& link, int* lane = nullptr) const;
    // A link's route moved off the routes of its ends' flow edges where it would lie on them.
    QPolygonF linkBesideEdges(const Link& link, const QPolygonF& route) const;
    // While edges are added in bulk, their routes wait to be found all at once: true then,
    // and the edge is routed by routeEdges() with the rest.
    bool defersRoute(EdgeItem* edge);
    // What a label must not cover: every node box shown (folds included) and every site's title.
    std::vector<QRectF> labelObstacles() const;
    std::vector<QRectF> shownFrames() const;
    // The labels of the edges shown and the sites' titles that meet area (the label layer paints
    // them above every edge).
    void paintLabels(QPainter* painter, const QRectF& area, qreal detail) const;
    // Labels are placed only where they are drawn: from kSimpleDetail up. Below it an edit only
    // marks them stale, and they are placed when the zoom first reaches that level (or a paint at
    // it asks for them). True while they wait.
    bool labelsStale() const { return m_labelsStale; }
    // Places the labels now if they are stale (what a paint at label level calls first).
    void ensureLabels();
    // Edges are routed only where they are drawn, as the labels are placed: while the bundles
    // stand for them (zoomed out) an edit or a layout marks every route stale, and the edges
    // stay hidden until they are routed, when they are shown again. True while they wait.
    bool routesStale() const { return m_routesStale; }
    // Work put off to the event loop's next turn: the bundles, the edges a move now covers, a
    // reset design's routes and labels.
    bool hasPendingWork() const { return m_bundlesScheduled || m_movedOntoScheduled || m_holdScheduled; }
    void ensureRoutes();
    // The frames and node boxes together: what fit to window frames.
    QRectF drawingBounds() const;

    // The innermost site frame containing a scene point, or -1.
    int siteAt(QPointF point) const;
    int nodeAt(QPointF point) const;

    // Below this zoom the edges give way to one bundle per pair of sites.
    static constexpr qreal kBundleZoom = 0.3;
    void setZoom(qreal zoom);
    bool showsBundles() const { return (m_bundled && !m_focus.active()) || m_firewall; }
    // The firewall view: only flows that cross a zone boundary, one bundle per ordered
    // pair of zones with its ports, whatever the zoom.
    void setFirewallView(bool on);
    bool isFirewallView() const { return m_firewall; }
    BundleItem* bundleItem() const { return m_bundleItem; }

    // Port test results: each edge coloured by its flows' results (every one passed, some
    // failed or found no responder, the rest untested); null goes back to protocol colours.
    void setVerification(std::shared_ptr<const Verification> verification);
    enum class EdgeResult
    {
        None,
        Passed,
        Failed,
        Untested
    };
    // Of one direction between two ends, and of a line (both its directions: failed if either
    // failed, untested if either is, else passed).
    EdgeResult edgeResult(int from, int to) const;
    EdgeResult lineResult(const EdgeItem* e) const;
    bool hasVerification() const { return m_verification != nullptr; }
    static QColor edgeResultColour(EdgeResult result);
    // Client groups of a site folded into one node that carries their edges, merged per
    // other end. View state, like the zoom: not a document edit and not saved.
    void setClientGroupsFolded(int site, bool folded);
    void setAllClientGroupsFolded(bool folded);
    bool areClientGroupsFolded(int site) const { return m_folded.contains(site); }
    FoldItem* foldItem(int site) const;
    // Edge ends: a node id, or foldEnd(site) for a site's folded client groups.
    static constexpr int foldEnd(int site) { return -2 - site; }
    QRectF endBox(int end) const;
    QString endName(int end) const;
    std::vector<Flow> flowsBetween(int from, int to) const;

    // Focus on selection and the site page (drawing/viewstate.h): what the focus leaves out is
    // hidden, the lines it keeps routed round the boxes still shown. View state, like folding: not
    // an edit and not saved. An edit keeps the focus (a site page follows its site's nodes), a
    // node added while it is on joins it, and another design clears it.
    void setViewFocus(ViewFocus focus);
    void clearViewFocus() { setViewFocus({}); }
    const ViewFocus& viewFocus() const { return m_focus; }
    // The site whose title is at a scene point (shown frames only), or -1.
    int siteTitleAt(QPointF point) const;

    // Shared services as references (View > Shared Services as References): a host of no site
    // that two or more sites have flows with is drawn again beside each of those sites, as a stub
    // that carries that site's lines to it, instead of lines across the canvas; the host keeps its
    // lines with hosts of no site. View state, like folding: not an edit and not saved.
    void setSharedServiceStubs(bool on);
    bool sharedServiceStubs() const { return m_stubsOn; }
    static constexpr int kStubBase = -(1 << 29);
    static constexpr bool isStubEnd(int end) { return end <= kStubBase; }
    StubItem* stubItem(int host, int site) const;
    QList<StubItem*> stubItems() const { return m_stubs.values(); }
    // The node an edge's end stands for: a stub's host, else the end itself.
    int nodeOfEnd(int end) const;
    // The edges at a node, those of its shared-service references included.
    QList<EdgeItem*> edgesAtNode(int node) const;
    // Selects a node and brings it into every view (a stub's double click).
    void goToNode(int node);

    bool snapToGrid() const { return m_snap; }
    void setSnapToGrid(bool snap) { m_snap = snap; }
    static constexpr qreal kGrid = 20;
    QPointF snapped(QPointF point) const;

    // Called by items; byUser: the mouse moved it (or its frame carried it), not the document.
    void nodeItemMoved(int node, bool byUser);
    void frameItemMoved(int site, QPointF delta);
    void frameItemResized(int site);

Q_SIGNALS:
    // A drag or resize ended; the document still has the old geometry.
    void moveFinished(const QHash<int, QPointF>& nodesFrom, const QHash<int, QPointF>& nodesTo,
                      const QHash<int, QRectF>& framesFrom, const QHash<int, QRectF>& framesTo);
    // Right-drag or Shift-drag from one node to another.
    void linkRequested(int from, int to);
    // A right click without a drag (on a node, a frame, a link or the empty canvas): the
    // selection already holds what was clicked.
    void contextMenuRequested(QPointF scenePos, QPoint screenPos);
    // A double click on a node: rename it in place.
    void nodeDoubleClicked(int node);
    // A double click on a site's title: open its site page.
    void siteTitleDoubleClicked(int site);
    // The focus was set, cleared, or followed an edit.
    void viewFocusChanged();
    // Every edge was routed at once (the lines are shown after bundles or on opening): what a
    // view fitting the design frames has grown by the routes that bend round the outside.
    void routesReady();

protected:
    void drawBackground(QPainter* painter, const QRectF& rect) override;
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;

private:
    // A right click selects what it lands on (keeping a selection that holds it), as in Windows.
    void selectForContextMenu(QPointF scenePos);
    void rebuild(bool holdLabels = true);
    void syncGeometry();
    // The bundles gathered again, all of them (bundlesChanged) or those at nodes whose flows
    // changed (an edit's, the sites left as they were).
    void bundlesChanged();
    void bundlesTouched(const QList<int>& nodes);
    void scheduleBundles();
    void refreshBundles();
    void ensureBundleItem();
    void showEdgesOrBundles();
    void addSiteItem(int id);
    void addNodeItem(int id);
    void addLinkItem(int id);
    void removeNodeItem(int id);
    // The router goes (boxes came or went): made again when next asked for.
    void dropRouter();
    void rebuildEdges(const QList<int>& nodes);
    // The line of a pair of ends (from < to): forward runs from -> to, backward to -> from.
    void addEdge(int from, int to, const std::vector<Flow>& forward, const std::vector<Flow>& backward);
    void addEdge(const std::pair<int, int>& key, const PairFlows& flows)
    {
        addEdge(key.first, key.second, flows.forward, flows.backward);
    }
    void updateHighlight();
    // What the selection makes of an edge, and of a node or fold end.
    DesignRenderer::State highlightOf(const EdgeItem* e) const;
    DesignRenderer::State highlightOfEnd(int end) const;
    // The routes or boxes changed: the links routed again where needed, the labels placed again now
    // if they are drawn at this zoom, else marked stale.
    // touched: only the links with an end among these nodes can have changed side (an edit's
    // edges); null: any link.
    void placeLabels(const QList<int>* touched = nullptr);
    void placeLabelsNow();
    bool labelsDrawn() const { return m_zoom >= DesignRenderer::kSimpleDetail; }
    bool routesWanted() const { return !showsBundles() && !m_holdLabels && !m_routesStale; }
    // Routes these edges now if routes are wanted, else marks every route stale.
    void routeOrDefer(std::vector<EdgeItem*> edges);
    void refreshFolds();
    void rebuildFoldEdges();
    void removeEdge(EdgeItem* edge);
    // An item for a line the layout holds.
    void addEdgeItem(DrawnLine& line);
    bool edgeShown(const EdgeItem* edge) const;
    // Shown as far as folding and the focus go (a node, or a fold's end id for an edge's end).
    bool nodeShown(int id) const { return !m_foldOf.contains(id) && m_focus.showsNode(id); }
    bool foldShown(const FoldItem* fold) const;
    bool endInFocus(int end, bool core) const;
    bool edgeInFocus(int from, int to) const;
    // Item visibility, routes and labels for the focus as it is now.
    void applyFocus();
    // After an edit: the focus follows the document (peers found again); applied when it changed.
    void followFocus();
    // Stubs (designscenestubs.cpp): the shared hosts, their stubs and the stubs' edges found again;
    // with rerouteAll, every edge routed again round them (they were added or taken away). touched:
    // an edit's nodes, whose edges were just made again; while the same hosts are shared by the same
    // sites, only those nodes' stub edges are made again (an edit on a large design).
    void refreshStubs(bool rerouteAll, const QList<int>* touched = nullptr);
    bool refreshStubEdgesOf(const QList<int>& touched, const QSet<std::pair<int, int>>& wanted);
    // A line between a shared host and a site's node (or fold) that a stub carries instead.
    bool stubbed(int from, int to) const;
    bool endHasSite(int end) const;
    QPointF freeSpotBeside(const QRectF& frame, const RectGrid& taken) const;
    int endOf(int node) const { return m_foldOf.value(node, node); }
    void reportMoves();
    void routeRoundMovedNodes();
    static void drawGrid(QPainter* painter, const QRectF& rect, qreal detail);

    const Document& m_document;
    const FlowEngine& m_engine;
    DesignRenderer m_renderer;
    QHash<int, SiteFrameItem*> m_frames;
    QHash<int, NodeItem*> m_nodes;
    QHash<int, LinkItem*> m_links;
    std::map<std::pair<int, int>, EdgeItem*> m_edges;
    QHash<int, QList<EdgeItem*>> m_edgesOfNode;
    bool m_snap = true;
    int m_linkFrom = -1;
    bool m_rightPressed = false; // a right press not on a node, waiting for its release
    QGraphicsLineItem* m_linkPreview = nullptr;
    bool m_moving = false;
    // What the current mouse gesture moved: only these are reported, so that a node or frame
    // the document holds off the grid is not "moved" (and its members not skipped) by snapping.
    QSet<int> m_gestureNodes, m_gestureFrames;
    // Nodes the document moved since the edges they now cover were last routed round them.
    QSet<int> m_movedOnto;
    bool m_movedOntoScheduled = false;
    bool m_rebuilding = false;
    bool m_bulk = false;
    // The lines (one per pair of ends, each edge item a view of one) with their routes and label
    // places, and the router over the boxes shown (set again when asked for after they changed).
    mutable DrawingLayout m_layout{drawinglayout::Medium::Canvas};
    bool m_deferRoutes = false;
    std::vector<EdgeItem*> m_unrouted;
    void routeEdges(std::vector<EdgeItem*> edges);
    // Links (designscenelinks.cpp): routed in one call to the router, like edges in bulk, and
    // their kind labels placed after the edges' labels, clear of those, of boxes and site titles.
    void routeLinks(const std::vector<LinkItem*>& links);
    // Routes the links whose boxes or side changed (placeLabelsNow labels them); touched as for
    // placeLabels.
    void refreshLinks(const QList<int>* touched = nullptr);
    void placeLinkLabels();
    // A node moved: the links that end at it follow, and those its box now lies on go round it.
    void linksFollowNode(int node);
    bool m_linksStale = true; // every link to be routed again (the boxes changed at once)
    bool m_labelsStale = true;
    bool m_routesStale = false;
    // While a reset design is built: its labels wait for the view to fit it (the event loop's turn).
    bool m_holdLabels = false;
    bool m_holdScheduled = false;
    // The selection the items' states show (empty: every item normal), with the ends of its
    // edges; true after highlightFlows, whose states the next update replaces everywhere.
    QSet<int> m_highlighted, m_neighbours;
    bool m_flowsHighlighted = false;
    bool m_edgeStatesDeferred = false; // see edgeState
    void writeEdgeStates();
    BundleItem* m_bundleItem = nullptr;
    bool m_bundled = false;
    bool m_firewall = false;
    bool m_bundlesDirty = true; // every bundle to be gathered again
    QSet<int> m_bundleNodes;    // else only those at these nodes (see BundleGatherer)
    BundleGatherer m_gatherer;
    bool m_bundlesScheduled = false;
    qreal m_zoom = 1;
    std::shared_ptr<const Verification> m_verification;
    std::map<std::pair<int, int>, EdgeResult> m_edgeResults;
    QSet<int> m_folded;            // sites whose client groups are folded
    QHash<int, int> m_foldOf;      // a folded client group: its fold's end id
    QHash<int, FoldItem*> m_folds; // kept when unfolded (hidden), deleted with the scene
    ViewFocus m_focus;
    bool m_stubsOn = false;
    QHash<int, StubItem*> m_stubs;              // by end id
    QHash<std::pair<int, int>, int> m_stubEnds; // (host, site): end id
    QSet<int> m_shared;                         // hosts drawn as stubs
};

} // namespace portolan
