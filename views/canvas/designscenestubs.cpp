// DesignScene's shared services as references: a host of no site that several sites have flows
// with is drawn beside each of them as a stub carrying that site's lines, so that no line crosses
// the canvas to reach it. Like folds, stubs are extra ends (ids from kStubBase down) whose edges
// are rebuilt whole, and the host's own lines to those sites are hidden while they stand.
#include "designscene.h"

#include "canvasitems.h"
#include "design/document.h"
#include "drawing/rectgrid.h"
#include "flows/flowengine.h"
#include "folditem.h"
#include "stubitem.h"

#include <QGraphicsView>

#include <map>
#include <set>

namespace portolan {

StubItem* DesignScene::stubItem(int host, int site) const
{
    return m_stubs.value(m_stubEnds.value({host, site}, 0));
}

int DesignScene::nodeOfEnd(int end) const
{
    const StubItem* stub = isStubEnd(end) ? m_stubs.value(end) : nullptr;
    return stub ? stub->host() : end;
}

QList<EdgeItem*> DesignScene::edgesAtNode(int node) const
{
    QList<EdgeItem*> edges = m_edgesOfNode.value(node);
    if (m_shared.contains(node))
        for (const StubItem* stub : std::as_const(m_stubs))
            if (stub->host() == node)
                edges += m_edgesOfNode.value(stub->end());
    return edges;
}

void DesignScene::goToNode(int node)
{
    const NodeItem* item = m_nodes.value(node);
    if (!item || !item->isVisible())
        return;
    selectOnly({node});
    for (QGraphicsView* view : views())
        view->centerOn(item);
}

bool DesignScene::endHasSite(int end) const
{
    if (end >= 0) {
        const Node* n = m_document.node(end);
        return n && m_document.site(n->site);
    }
    return !isStubEnd(end); // a fold stands for a site's groups
}

bool DesignScene::stubbed(int from, int to) const
{
    return m_stubsOn &&
           ((m_shared.contains(from) && endHasSite(to)) || (m_shared.contains(to) && endHasSite(from)));
}

void DesignScene::setSharedServiceStubs(bool on)
{
    if (on == m_stubsOn)
        return;
    m_stubsOn = on;
    refreshStubs(true);
}

QPointF DesignScene::freeSpotBeside(const QRectF& frame, const RectGrid& taken) const
{
    // Down the frame's right side, then its left, then along under it and over it: the first
    // place (on the grid) whose box, with a margin for lines, meets no box, frame or stub.
    const QRectF box = DesignRenderer::nodeRect({0, 0});
    const qreal stepY = box.height() + 24;
    const qreal stepX = box.width() + 24;
    std::vector<QPointF> spots;
    for (qreal y = frame.top() + box.height() / 2; y < frame.bottom() + 3 * stepY; y += stepY) {
        spots.emplace_back(frame.right() + 40 + box.width() / 2, y);
        spots.emplace_back(frame.left() - 40 - box.width() / 2, y);
    }
    for (qreal x = frame.left() + box.width() / 2; x < frame.right(); x += stepX) {
        spots.emplace_back(x, frame.bottom() + 40 + box.height() / 2);
        spots.emplace_back(x, frame.top() - 56 - box.height() / 2);
    }
    for (const QPointF& spot : spots) {
        const QPointF at = snapped(spot);
        if (taken.hits(DesignRenderer::nodeRect(at).adjusted(-16, -24, 16, 16)) == 0)
            return at;
    }
    return snapped(spots.front()); // nowhere free: beside it all the same
}

bool DesignScene::refreshStubEdgesOf(const QList<int>& touched, const QSet<std::pair<int, int>>& wanted)
{
    // Only when the stubs stay as they are, no edited node is a shared host, and no group is
    // folded (a fold's lines stand for many nodes).
    QSet<std::pair<int, int>> current;
    for (auto it = m_stubEnds.begin(); it != m_stubEnds.end(); ++it)
        current.insert(it.key());
    if (current != wanted || !m_folded.isEmpty())
        return false;
    for (int id : touched)
        if (m_shared.contains(id))
            return false;
    // The edit removed the edges of its nodes, stub edges included: made again from their flows.
    Pairs pairs; // by pair of ends, both ways on one line
    const auto add = [&pairs](int source, int destination, const Flow& f) {
        const auto key = pairKey(source, destination);
        pairs[key].add(key, source, f);
    };
    for (int id : touched) {
        const Node* n = m_document.node(id);
        if (!n || !m_document.site(n->site) || !m_nodes.contains(id))
            continue;
        for (const Flow& f : m_engine.flowsFrom(id))
            if (!f.local && m_shared.contains(f.destination))
                add(id, m_stubEnds.value({f.destination, n->site}), f);
        for (const Flow& f : m_engine.flowsInto(id))
            if (!f.local && m_shared.contains(f.source))
                add(m_stubEnds.value({f.source, n->site}), id, f);
    }
    m_deferRoutes = true;
    for (const auto& [key, flows] : pairs)
        if (!edgeItem(key.first, key.second))
            addEdge(key, flows);
    m_deferRoutes = false;
    std::vector<EdgeItem*> added = std::move(m_unrouted);
    m_unrouted.clear();
    for (int id : touched) // the edit's own lines to shared hosts, made again, stay hidden
        for (EdgeItem* e : m_edgesOfNode.value(id))
            e->setVisible(edgeShown(e));
    for (EdgeItem* e : added)
        e->setVisible(edgeShown(e));
    routeOrDefer(std::move(added));
    placeLabels(&touched);
    return true;
}

void DesignScene::refreshStubs(bool rerouteAll, const QList<int>* touched)
{
    // Which hosts are shared, and which sites use each.
    std::map<int, std::set<int>> sitesOf;
    if (m_stubsOn) {
        for (const auto& [id, n] : m_document.nodes()) {
            if (m_document.site(n.site) || !m_nodes.contains(id))
                continue;
            std::set<int> sites;
            const auto use = [&](int other) {
                if (const Node* o = m_document.node(other); o && m_document.site(o->site))
                    sites.insert(o->site);
            };
            for (const Flow& f : m_engine.flowsFrom(id))
                if (!f.local)
                    use(f.destination);
            for (const Flow& f : m_engine.flowsInto(id))
                if (!f.local)
                    use(f.source);
            if (sites.size() >= 2)
                sitesOf[id] = std::move(sites);
        }
    }
    QSet<std::pair<int, int>> wanted;
    for (const auto& [host, sites] : sitesOf)
        for (int site : sites)
            wanted.insert({host, site});
    if (touched && !rerouteAll && refreshStubEdgesOf(*touched, wanted))
        return;
    // Every stub edge made again, stubs kept where they stand; those no longer wanted go, new ones
    // find a free place.
    std::vector<EdgeItem*> doomed;
    for (const auto& [key, e] : m_edges)
        if (isStubEnd(key.first) || isStubEnd(key.second))
            doomed.push_back(e);
    for (EdgeItem* e : doomed)
        removeEdge(e);
    for (auto it = m_stubEnds.begin(); it != m_stubEnds.end();) {
        if (wanted.contains(it.key()) && !rerouteAll) {
            ++it;
            continue;
        }
        delete m_stubs.take(it.value());
        it = m_stubEnds.erase(it);
    }
    RectGrid taken;
    if (!wanted.isEmpty()) {
        for (const NodeItem* n : std::as_const(m_nodes))
            taken.insert(n->sceneBox());
        for (const FoldItem* f : std::as_const(m_folds))
            if (f->isVisible())
                taken.insert(f->sceneBox());
        for (const SiteFrameItem* f : std::as_const(m_frames))
            taken.insert(f->frameRect().adjusted(0, -24, 0, 0));
        for (const StubItem* s : std::as_const(m_stubs))
            taken.insert(s->sceneBox());
    }
    int next = kStubBase;
    for (const StubItem* s : std::as_const(m_stubs))
        next = qMin(next, s->end() - 1);
    m_shared.clear();
    for (const auto& [host, sites] : sitesOf) {
        m_shared.insert(host);
        for (int site : sites) {
            if (m_stubEnds.contains({host, site}))
                continue;
            const SiteFrameItem* frame = m_frames.value(site);
            auto* stub = new StubItem(*this, host, site, next);
            stub->setPos(freeSpotBeside(frame ? frame->frameRect() : QRectF(), taken));
            taken.insert(stub->sceneBox());
            m_stubs.insert(next, stub);
            m_stubEnds.insert({host, site}, next);
            addItem(stub);
            --next;
        }
    }
    for (StubItem* s : std::as_const(m_stubs))
        s->setVisible(m_focus.showsNode(s->host()) && m_focus.showsSite(s->site()));
    // The stubs' edges: each shared host's flows with a site's nodes, per stub and other end.
    Pairs pairs; // by pair of ends, both ways on one line
    const auto add = [&pairs](int source, int destination, const Flow& f) {
        const auto key = pairKey(source, destination);
        pairs[key].add(key, source, f);
    };
    for (int host : std::as_const(m_shared)) {
        for (const Flow& f : m_engine.flowsFrom(host))
            if (const Node* o = f.local ? nullptr : m_document.node(f.destination);
                o && m_document.site(o->site))
                add(m_stubEnds.value({host, o->site}), endOf(f.destination), f);
        for (const Flow& f : m_engine.flowsInto(host))
            if (const Node* o = f.local ? nullptr : m_document.node(f.source); o && m_document.site(o->site))
                add(endOf(f.source), m_stubEnds.value({host, o->site}), f);
    }
    m_deferRoutes = true;
    for (const auto& [key, flows] : pairs)
        addEdge(key, flows);
    m_deferRoutes = false;
    m_layout.clearBoxes(); // the stubs are boxes to go round
    if (rerouteAll) {
        std::vector<EdgeItem*> edges;
        for (const auto& [key, e] : m_edges)
            if (!m_foldOf.contains(e->from()) && !m_foldOf.contains(e->to()))
                edges.push_back(e);
        m_unrouted.clear();
        routeOrDefer(std::move(edges));
    } else {
        routeOrDefer(std::move(m_unrouted));
    }
    m_unrouted.clear();
    for (const auto& [key, e] : m_edges)
        e->setVisible(edgeShown(e));
    m_linksStale = true;
    placeLabels();
    updateHighlight();
}

} // namespace portolan
