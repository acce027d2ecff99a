// DesignScene's focus on selection and site page: what the focus leaves out is hidden, not dimmed,
// and the lines it keeps are routed and labelled round the boxes still shown.
#include "designscene.h"

#include "bundleitem.h"
#include "canvasitems.h"
#include "design/document.h"
#include "folditem.h"
#include "stubitem.h"

#include <algorithm>

namespace portolan {

bool DesignScene::foldShown(const FoldItem* fold) const
{
    return fold && !fold->groups().isEmpty() && m_folded.contains(fold->site()) &&
           endInFocus(foldEnd(fold->site()), false);
}

bool DesignScene::endInFocus(int end, bool core) const
{
    if (!m_focus.active())
        return true;
    const auto in = [&](int node) {
        return core ? m_focus.core.contains(node) : m_focus.showsNode(node);
    };
    if (isStubEnd(end)) // a stub is its host's
        return in(nodeOfEnd(end));
    if (end >= 0)
        return in(end);
    // A fold stands for its site's client groups: in the focus when one of them is.
    const FoldItem* fold = m_folds.value(-2 - end);
    if (!fold)
        return false;
    const QList<int>& groups = fold->groups();
    return std::any_of(groups.begin(), groups.end(), in);
}

bool DesignScene::edgeInFocus(int from, int to) const
{
    return !m_focus.active() || ((endInFocus(from, true) || endInFocus(to, true)) &&
                                 endInFocus(from, false) && endInFocus(to, false));
}

int DesignScene::siteTitleAt(QPointF point) const
{
    for (const SiteFrameItem* f : std::as_const(m_frames))
        if (f->isVisible() && DesignRenderer::siteTitleRect(f->frameRect()).contains(point))
            return f->site();
    return -1;
}

void DesignScene::setViewFocus(ViewFocus focus)
{
    if (!focus.active() && !m_focus.active())
        return;
    m_focus = std::move(focus);
    applyFocus();
    Q_EMIT viewFocusChanged();
}

void DesignScene::followFocus()
{
    if (!m_focus.active())
        return;
    ViewFocus now = refreshedFocus(m_document, m_engine, m_focus);
    if (now.core == m_focus.core && now.peers == m_focus.peers && now.sites == m_focus.sites &&
        now.joined == m_focus.joined)
        return;
    m_focus = std::move(now);
    applyFocus();
    Q_EMIT viewFocusChanged();
}

void DesignScene::applyFocus()
{
    for (SiteFrameItem* f : std::as_const(m_frames))
        f->setVisible(m_focus.showsSite(f->site()));
    for (auto it = m_nodes.begin(); it != m_nodes.end(); ++it)
        it.value()->setVisible(nodeShown(it.key()));
    for (FoldItem* fold : std::as_const(m_folds))
        fold->setVisible(foldShown(fold));
    for (StubItem* stub : std::as_const(m_stubs))
        stub->setVisible(m_focus.showsNode(stub->host()) && m_focus.showsSite(stub->site()));
    for (auto it = m_links.begin(); it != m_links.end(); ++it)
        if (const Link* l = m_document.link(it.key()))
            it.value()->setVisible(nodeShown(l->from) && nodeShown(l->to));
    // Round the boxes shown now: the lines kept, or (the focus cleared) every line again.
    m_layout.clearBoxes();
    if (m_bundleItem)
        m_bundleItem->obstaclesChanged();
    std::vector<EdgeItem*> edges;
    edges.reserve(m_edges.size());
    for (const auto& [key, e] : m_edges)
        if (!m_foldOf.contains(e->from()) && !m_foldOf.contains(e->to()))
            edges.push_back(e);
    routeOrDefer(std::move(edges));
    m_linksStale = true;
    placeLabels();
    showEdgesOrBundles(); // a focus shows lines at any zoom
    updateHighlight();
    invalidate(QRectF(), QGraphicsScene::BackgroundLayer); // the site connectors drawn
}

} // namespace portolan
