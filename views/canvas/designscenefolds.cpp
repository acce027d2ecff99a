// DesignScene's folding of client groups: kept apart from the rest of the scene so that
// neither file grows past what reads in one sitting.
#include "designscene.h"

#include "bundleitem.h"

#include "canvasitems.h"
#include "design/document.h"
#include "drawing/edgerouter.h"
#include "drawing/rectgrid.h"
#include "flows/flowengine.h"
#include "folditem.h"
#include "stubitem.h"

#include <map>

namespace portolan {

FoldItem* DesignScene::foldItem(int site) const
{
    FoldItem* item = m_folds.value(site);
    return item && item->isVisible() ? item : nullptr;
}

void DesignScene::setClientGroupsFolded(int site, bool folded)
{
    if (folded == m_folded.contains(site) || !m_document.site(site))
        return;
    if (folded)
        m_folded.insert(site);
    else
        m_folded.remove(site);
    refreshFolds();
    placeLabels();
    updateHighlight();
}

void DesignScene::setAllClientGroupsFolded(bool folded)
{
    QSet<int> wanted;
    if (folded)
        for (const auto& [id, n] : m_document.nodes())
            if (n.kind == NodeKind::ClientGroup && m_document.site(n.site))
                wanted.insert(n.site);
    if (wanted == m_folded)
        return;
    m_folded = wanted;
    refreshFolds();
    placeLabels();
    updateHighlight();
}

void DesignScene::refreshFolds()
{
    // Which groups each folded site stands for, from the document as it is now.
    QHash<int, QList<int>> groups;
    QHash<int, int> foldOf;
    for (const auto& [id, n] : m_document.nodes())
        if (n.kind == NodeKind::ClientGroup && m_folded.contains(n.site) && m_nodes.contains(id)) {
            groups[n.site] << id;
            foldOf.insert(id, foldEnd(n.site));
        }
    const bool membersChanged = foldOf != m_foldOf;
    m_foldOf = std::move(foldOf);
    for (auto it = m_folds.begin(); it != m_folds.end(); ++it)
        if (!groups.contains(it.key()))
            it.value()->hide();
    for (auto it = groups.begin(); it != groups.end(); ++it) {
        FoldItem*& item = m_folds[it.key()];
        if (!item) {
            item = new FoldItem(*this, it.key());
            addItem(item);
        }
        item->setGroups(it.value());
        item->setVisible(foldShown(item));
    }
    for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it)
        it.value()->setVisible(nodeShown(it.key()));
    for (auto it = m_links.begin(); it != m_links.end(); ++it) // boundary links of folded groups
        if (const Link* l = m_document.link(it.key()))
            it.value()->setVisible(nodeShown(l->from) && nodeShown(l->to));
    m_layout.clearBoxes();
    m_linksStale = m_linksStale || membersChanged; // the boxes to route round changed
    if (m_bundleItem)                              // bundle labels keep clear of the boxes now shown
        m_bundleItem->obstaclesChanged();
    rebuildFoldEdges();
    for (const auto& [key, e] : m_edges) {
        e->setVisible(edgeShown(e));
        if (membersChanged) // the boxes to route round changed
            e->updateGeometry();
    }
    if (m_stubsOn) // a stub's lines end at the fold now standing for its groups, or at them again
        refreshStubs(false);
}

void DesignScene::rebuildFoldEdges()
{
    std::vector<EdgeItem*> doomed;
    for (const auto& [key, e] : m_edges)
        if ((key.first < -1 && !isStubEnd(key.first)) || (key.second < -1 && !isStubEnd(key.second)))
            doomed.push_back(e);
    for (EdgeItem* e : doomed)
        removeEdge(e);
    // The folded groups' flows, merged per pair of ends; a flow between two folded groups
    // is taken once, from its source.
    Pairs pairs; // by pair of ends, both ways on one line
    const auto add = [&pairs](int source, int destination, const Flow& f) {
        const auto key = pairKey(source, destination);
        pairs[key].add(key, source, f);
    };
    for (auto it = m_foldOf.begin(); it != m_foldOf.end(); ++it) {
        for (const Flow& f : m_engine.flowsFrom(it.key()))
            if (!f.local && endOf(f.destination) != it.value())
                add(it.value(), endOf(f.destination), f);
        for (const Flow& f : m_engine.flowsInto(it.key()))
            if (!f.local && !m_foldOf.contains(f.source))
                add(f.source, it.value(), f);
    }
    for (const auto& [key, flows] : pairs)
        addEdge(key, flows);
}

QRectF DesignScene::endBox(int end) const
{
    if (isStubEnd(end)) {
        const StubItem* stub = m_stubs.value(end);
        return stub ? stub->sceneBox() : QRectF();
    }
    if (end >= 0) {
        const NodeItem* item = m_nodes.value(end);
        return item ? item->sceneBox() : QRectF();
    }
    const FoldItem* fold = m_folds.value(-2 - end);
    return fold ? fold->sceneBox() : QRectF();
}

QString DesignScene::endName(int end) const
{
    if (isStubEnd(end)) {
        const StubItem* stub = m_stubs.value(end);
        const Node* host = stub ? m_document.node(stub->host()) : nullptr;
        return host ? host->name : QString();
    }
    if (const Node* n = end >= 0 ? m_document.node(end) : nullptr)
        return n->name;
    const FoldItem* fold = m_folds.value(-2 - end);
    const Site* s = m_document.site(-2 - end);
    return fold && s ? tr("%1 of %2").arg(fold->text(), s->code) : QString();
}

std::vector<Flow> DesignScene::flowsBetween(int from, int to) const
{
    from = nodeOfEnd(from); // a stub's flows are its host's with the other end
    to = nodeOfEnd(to);
    std::vector<Flow> result;
    if (from >= 0 && to >= 0) {
        result = m_engine.flowsBetween(from, to);
        std::erase_if(result, [](const Flow& f) { return f.local; });
        return result;
    }
    QList<int> sources{from};
    if (from < -1) {
        const FoldItem* fold = m_folds.value(-2 - from);
        sources = fold ? fold->groups() : QList<int>();
    }
    for (int s : sources)
        for (const Flow& f : m_engine.flowsFrom(s))
            if (!f.local && endOf(f.destination) == to)
                result.push_back(f);
    return result;
}

} // namespace portolan
