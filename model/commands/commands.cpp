#include "commands.h"

#include "design/designrules.h"
#include "layout/autolayout.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Commands", text);
}

} // namespace

AddNodeCommand::AddNodeCommand(Document& document, const Node& node, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_node(node)
{
    setText(tr("Add %1").arg(node.name));
}

void AddNodeCommand::redo()
{
    m_node.id = m_document.addNode(m_node);
}

void AddNodeCommand::undo()
{
    m_document.removeNode(m_node.id);
}

AddSiteCommand::AddSiteCommand(Document& document, const Site& site, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_site(site)
{
    setText(tr("Add site %1").arg(site.code));
}

void AddSiteCommand::redo()
{
    m_site.id = m_document.addSite(m_site);
}

void AddSiteCommand::undo()
{
    m_document.removeSite(m_site.id);
}

AddLinkCommand::AddLinkCommand(Document& document, const Link& link, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_link(link)
{
    setText(tr("Add link"));
}

void AddLinkCommand::redo()
{
    m_link.id = m_document.addLink(m_link);
}

void AddLinkCommand::undo()
{
    m_document.removeLink(m_link.id);
}

RemoveCommand::RemoveCommand(Document& document, const QList<int>& nodes, const QList<int>& sites,
                             const QList<int>& links, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_nodeIds(nodes), m_siteIds(sites), m_linkIds(links)
{
    const qsizetype count = nodes.size() + sites.size() + links.size();
    setText(count == 1 ? tr("Delete") : tr("Delete %1 items").arg(count));
}

void RemoveCommand::redo()
{
    m_nodes.clear();
    m_detachedNodes.clear();
    m_sites.clear();
    m_detachedSites.clear();
    m_links.clear();
    // Capture everything the removal touches before changing anything.
    for (const auto& [id, l] : m_document.links())
        if (m_linkIds.contains(id) || m_nodeIds.contains(l.from) || m_nodeIds.contains(l.to))
            m_links << l;
    for (int id : std::as_const(m_nodeIds))
        if (const Node* n = m_document.node(id))
            m_nodes << *n;
    for (int id : std::as_const(m_siteIds))
        if (const Site* s = m_document.site(id))
            m_sites << *s;
    const auto refersToRemovedSite = [this](const Node& n) {
        if (m_siteIds.contains(n.site))
            return true;
        for (int s : n.managedSites)
            if (m_siteIds.contains(s))
                return true;
        return false;
    };
    for (const auto& [id, n] : m_document.nodes())
        if (refersToRemovedSite(n) && !m_nodeIds.contains(id))
            m_detachedNodes << n;
    for (const auto& [id, s] : m_document.sites())
        if (m_siteIds.contains(s.parent) && !m_siteIds.contains(id))
            m_detachedSites << s;
    for (const Link& l : std::as_const(m_links))
        m_document.removeLink(l.id);
    for (const Node& n : std::as_const(m_nodes))
        m_document.removeNode(n.id);
    for (const Site& s : std::as_const(m_sites))
        m_document.removeSite(s.id);
}

void RemoveCommand::undo()
{
    for (const Site& s : std::as_const(m_sites))
        m_document.addSite(s);
    for (const Site& s : std::as_const(m_detachedSites))
        m_document.updateSite(s);
    for (const Node& n : std::as_const(m_nodes))
        m_document.addNode(n);
    for (const Node& n : std::as_const(m_detachedNodes))
        m_document.updateNode(n);
    for (const Link& l : std::as_const(m_links))
        m_document.addLink(l);
}

namespace {

// A drag or a nudge never takes anything beyond what a file can hold.
QHash<int, QPointF> clamped(QHash<int, QPointF> positions)
{
    for (auto it = positions.begin(); it != positions.end(); ++it)
        it.value() = DesignRules::clampPosition(it.value());
    return positions;
}

QHash<int, QRectF> clamped(QHash<int, QRectF> frames)
{
    for (auto it = frames.begin(); it != frames.end(); ++it)
        it.value() = DesignRules::clampFrame(it.value());
    return frames;
}

} // namespace

MoveCommand::MoveCommand(Document& document, const QHash<int, QPointF>& nodesFrom,
                         const QHash<int, QPointF>& nodesTo, const QHash<int, QRectF>& framesFrom,
                         const QHash<int, QRectF>& framesTo, bool mergeable, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document), m_nodesFrom(nodesFrom), m_nodesTo(clamped(nodesTo)),
      m_framesFrom(framesFrom), m_framesTo(clamped(framesTo)), m_mergeable(mergeable)
{
    setText(tr("Move"));
}

void MoveCommand::apply(const QHash<int, QPointF>& nodes, const QHash<int, QRectF>& frames)
{
    for (auto it = frames.begin(); it != frames.end(); ++it) {
        if (const Site* s = m_document.site(it.key())) {
            Site moved = *s;
            moved.frame = it.value();
            m_document.updateSite(moved);
        }
    }
    for (auto it = nodes.begin(); it != nodes.end(); ++it)
        m_document.moveNode(it.key(), it.value());
}

void MoveCommand::redo()
{
    apply(m_nodesTo, m_framesTo);
}

void MoveCommand::undo()
{
    apply(m_nodesFrom, m_framesFrom);
}

bool MoveCommand::mergeWith(const QUndoCommand* other)
{
    const auto* move = static_cast<const MoveCommand*>(other);
    if (!move->m_mergeable || move->m_nodesTo.keys() != m_nodesTo.keys() ||
        move->m_framesTo.keys() != m_framesTo.keys())
        return false;
    m_nodesTo = move->m_nodesTo;
    m_framesTo = move->m_framesTo;
    return true;
}

LayoutCommand::LayoutCommand(Document& document, QUndoCommand* parent)
    : QUndoCommand(parent), m_document(document)
{
    setText(tr("Lay out"));
}

void LayoutCommand::redo()
{
    if (!m_computed) {
        for (const auto& [id, n] : m_document.nodes())
            m_nodesBefore.insert(id, n.position);
        for (const auto& [id, s] : m_document.sites())
            m_framesBefore.insert(id, s.frame);
        const Layout layout = computeLayout(m_document);
        m_nodesAfter = layout.nodes;
        m_framesAfter = layout.frames;
        m_computed = true;
    }
    m_document.setGeometry(m_nodesAfter, m_framesAfter);
}

void LayoutCommand::undo()
{
    m_document.setGeometry(m_nodesBefore, m_framesBefore);
}

ChangeNodeCommand::ChangeNodeCommand(Document& document, const Node& before, const Node& after,
                                     const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent), m_document(document), m_before(before), m_after(after)
{}

void ChangeNodeCommand::redo()
{
    m_document.updateNode(m_after);
}

void ChangeNodeCommand::undo()
{
    m_document.updateNode(m_before);
}

ChangeSiteCommand::ChangeSiteCommand(Document& document, const Site& before, const Site& after,
                                     const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent), m_document(document), m_before(before), m_after(after)
{}

void ChangeSiteCommand::redo()
{
    m_document.updateSite(m_after);
}

void ChangeSiteCommand::undo()
{
    m_document.updateSite(m_before);
}

ChangeDesignCommand::ChangeDesignCommand(Document& document, const DesignInfo& info, const Options& options,
                                         const QList<Zone>& zones, const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent), m_document(document), m_infoBefore(document.info()), m_infoAfter(info),
      m_optionsBefore(document.options()), m_optionsAfter(options), m_zonesBefore(document.zones()),
      m_zonesAfter(zones)
{}

void ChangeDesignCommand::apply(const DesignInfo& info, const Options& options, const QList<Zone>& zones)
{
    m_document.setInfo(info);
    m_document.setZones(zones);
    m_document.setOptions(options);
}

void ChangeDesignCommand::redo()
{
    apply(m_infoAfter, m_optionsAfter, m_zonesAfter);
}

void ChangeDesignCommand::undo()
{
    apply(m_infoBefore, m_optionsBefore, m_zonesBefore);
}

} // namespace portolan
