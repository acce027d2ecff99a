#include "document.h"

#include "catalog/catalog.h"

using namespace Qt::StringLiterals;

namespace portolan {

QString siteKindName(SiteKind kind)
{
    switch (kind) {
    case SiteKind::Cas:
        return u"cas"_s;
    case SiteKind::Primary:
        return u"primary"_s;
    case SiteKind::Secondary:
        return u"secondary"_s;
    }
    return {};
}

QString nodeKindName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Server:
        return u"server"_s;
    case NodeKind::ClientGroup:
        return u"client group"_s;
    case NodeKind::Console:
        return u"console"_s;
    case NodeKind::Endpoint:
        return u"endpoint"_s;
    }
    return {};
}

QString osFamilyName(OsFamily os)
{
    switch (os) {
    case OsFamily::Windows:
        return u"windows"_s;
    case OsFamily::Mac:
        return u"mac"_s;
    case OsFamily::Mobile:
        return u"mobile"_s;
    }
    return {};
}

Document::Document(const Catalog& catalog, QObject* parent) : QObject(parent), m_catalog(catalog)
{
    m_clientRole = catalog.roleIndex(u"client");
    m_macRole = catalog.roleIndex(u"mac_computer");
    m_mobileRole = catalog.roleIndex(u"mobile_device");
    m_consoleRole = catalog.roleIndex(u"console");
}

const Site* Document::site(int id) const
{
    return id > 0 && size_t(id) < m_siteSlots.size() ? m_siteSlots[size_t(id)] : nullptr;
}

const Node* Document::node(int id) const
{
    return id > 0 && size_t(id) < m_nodeSlots.size() ? m_nodeSlots[size_t(id)] : nullptr;
}

template <typename T> void Document::setSlot(std::vector<T*>& slots, int id, T* item)
{
    if (size_t(id) >= slots.size())
        slots.resize(std::max(size_t(id) + 1, slots.size() * 2), nullptr);
    slots[size_t(id)] = item;
}

const Link* Document::link(int id) const
{
    const auto it = m_links.find(id);
    return it == m_links.end() ? nullptr : &it->second;
}

const Zone* Document::zone(QStringView key) const
{
    for (const Zone& z : m_zones)
        if (z.key == key)
            return &z;
    return nullptr;
}

bool Document::crossesZones(int source, int destination) const
{
    const Node* from = node(source);
    const Node* to = node(destination);
    return from && to && from->zone != to->zone;
}

int Document::siteByCode(QStringView code) const
{
    for (const auto& [id, s] : m_sites)
        if (s.code.compare(code, Qt::CaseInsensitive) == 0)
            return id;
    return -1;
}

int Document::nodeByKey(QStringView key) const
{
    for (const auto& [id, n] : m_nodes)
        if (n.key == key)
            return id;
    return -1;
}

QList<int> Document::effectiveRoles(const Node& node) const
{
    switch (node.kind) {
    case NodeKind::Server:
    case NodeKind::Endpoint:
        return node.roles;
    case NodeKind::Console:
        return {m_consoleRole};
    case NodeKind::ClientGroup:
        switch (node.os) {
        case OsFamily::Windows:
            return {m_clientRole};
        case OsFamily::Mac:
            return {m_clientRole, m_macRole};
        case OsFamily::Mobile:
            return {m_mobileRole};
        }
    }
    return {};
}

bool Document::hasRole(const Node& node, QStringView roleId) const
{
    return hasRole(node, m_catalog.roleIndex(roleId));
}

bool Document::hasRole(const Node& node, int role) const
{
    if (role < 0)
        return false;
    switch (node.kind) {
    case NodeKind::Server:
    case NodeKind::Endpoint:
        return node.roles.contains(role);
    case NodeKind::Console:
        return role == m_consoleRole;
    case NodeKind::ClientGroup:
        switch (node.os) {
        case OsFamily::Windows:
            return role == m_clientRole;
        case OsFamily::Mac:
            return role == m_clientRole || role == m_macRole;
        case OsFamily::Mobile:
            return role == m_mobileRole;
        }
    }
    return false;
}

void Document::setInfo(const DesignInfo& info)
{
    if (info == m_info)
        return;
    m_info = info;
    Q_EMIT infoChanged();
}

void Document::setOptions(const Options& options)
{
    if (options == m_options)
        return;
    m_options = options;
    Q_EMIT optionsChanged();
}

void Document::setZones(const QList<Zone>& zones)
{
    if (zones == m_zones)
        return;
    m_zones = zones;
    Q_EMIT zonesChanged();
}

int Document::takeId(int wanted)
{
    const bool free =
        wanted > 0 && !m_sites.count(wanted) && !m_nodes.count(wanted) && !m_links.count(wanted);
    const int id = free ? wanted : m_nextId;
    m_nextId = std::max(m_nextId, id + 1);
    return id;
}

int Document::addSite(Site site)
{
    site.id = takeId(site.id);
    const int id = site.id;
    setSlot(m_siteSlots, id, &m_sites.emplace(id, std::move(site)).first->second);
    Q_EMIT siteAdded(id);
    return id;
}

void Document::updateSite(const Site& site)
{
    const auto it = m_sites.find(site.id);
    if (it == m_sites.end() || it->second == site)
        return;
    const Site before = it->second;
    it->second = site;
    Q_EMIT siteChanged(site.id, before);
}

void Document::removeSite(int id)
{
    const auto it = m_sites.find(id);
    if (it == m_sites.end())
        return;
    // Members, consoles that manage it and children lose their site first,
    // each with its own notification, so that nothing refers to it afterwards.
    for (auto& [nodeId, n] : m_nodes) {
        if (n.site != id && !n.managedSites.contains(id))
            continue;
        Node changed = n;
        if (changed.site == id)
            changed.site = -1;
        changed.managedSites.removeAll(id);
        updateNode(changed);
    }
    for (auto& [siteId, s] : m_sites) {
        if (s.parent != id)
            continue;
        Site changed = s;
        changed.parent = -1;
        updateSite(changed);
    }
    const Site removed = it->second;
    m_siteSlots[size_t(id)] = nullptr;
    m_sites.erase(it);
    Q_EMIT siteRemoved(removed);
}

int Document::addNode(Node node)
{
    node.id = takeId(node.id);
    const int id = node.id;
    setSlot(m_nodeSlots, id, &m_nodes.emplace(id, std::move(node)).first->second);
    Q_EMIT nodeAdded(id);
    return id;
}

void Document::updateNode(const Node& node)
{
    const auto it = m_nodes.find(node.id);
    if (it == m_nodes.end() || it->second == node)
        return;
    const Node before = it->second;
    it->second = node;
    Node movedOnly = before;
    movedOnly.position = node.position;
    if (movedOnly == node)
        Q_EMIT nodeMoved(node.id);
    else
        Q_EMIT nodeChanged(node.id, before);
}

void Document::moveNode(int id, QPointF position)
{
    const auto it = m_nodes.find(id);
    if (it == m_nodes.end() || it->second.position == position)
        return;
    it->second.position = position;
    Q_EMIT nodeMoved(id);
}

void Document::setGeometry(const QHash<int, QPointF>& nodes, const QHash<int, QRectF>& frames)
{
    for (auto it = nodes.begin(); it != nodes.end(); ++it)
        if (const auto n = m_nodes.find(it.key()); n != m_nodes.end())
            n->second.position = it.value();
    for (auto it = frames.begin(); it != frames.end(); ++it)
        if (const auto s = m_sites.find(it.key()); s != m_sites.end())
            s->second.frame = it.value();
    Q_EMIT geometryChanged();
}

void Document::removeNode(int id)
{
    const auto it = m_nodes.find(id);
    if (it == m_nodes.end())
        return;
    QList<int> attached;
    for (const auto& [linkId, l] : m_links)
        if (l.from == id || l.to == id)
            attached << linkId;
    for (int linkId : attached)
        removeLink(linkId);
    const Node removed = it->second;
    m_nodeSlots[size_t(id)] = nullptr;
    m_nodes.erase(it);
    Q_EMIT nodeRemoved(removed);
}

int Document::addLink(Link link)
{
    link.id = takeId(link.id);
    const int id = link.id;
    m_links.emplace(id, std::move(link));
    Q_EMIT linkAdded(id);
    return id;
}

void Document::removeLink(int id)
{
    const auto it = m_links.find(id);
    if (it == m_links.end())
        return;
    const Link removed = it->second;
    m_links.erase(it);
    Q_EMIT linkRemoved(removed);
}

void Document::reset(const DesignInfo& info, const Options& options, const QList<Zone>& zones,
                     QList<Site> sites, QList<Node> nodes, QList<Link> links)
{
    m_info = info;
    m_options = options;
    m_zones = zones;
    m_sites.clear();
    m_nodes.clear();
    m_links.clear();
    m_nextId = 1;
    for (const Site& s : std::as_const(sites))
        m_nextId = std::max(m_nextId, s.id + 1);
    for (const Node& n : std::as_const(nodes))
        m_nextId = std::max(m_nextId, n.id + 1);
    for (const Link& l : std::as_const(links))
        m_nextId = std::max(m_nextId, l.id + 1);
    // Moved in: a loaded design hands over its lists, and a million nodes are not copied.
    m_siteSlots.assign(size_t(m_nextId), nullptr);
    m_nodeSlots.assign(size_t(m_nextId), nullptr);
    for (Site& s : sites)
        m_siteSlots[size_t(s.id)] = &m_sites.emplace_hint(m_sites.end(), s.id, std::move(s))->second;
    for (Node& n : nodes)
        m_nodeSlots[size_t(n.id)] = &m_nodes.emplace_hint(m_nodes.end(), n.id, std::move(n))->second;
    for (Link& l : links)
        m_links.emplace_hint(m_links.end(), l.id, std::move(l));
    Q_EMIT documentReset();
}

DesignContent Document::content() const
{
    DesignContent c{m_info, m_options, m_zones, {}, {}, {}};
    c.sites.reserve(qsizetype(m_sites.size()));
    for (const auto& [id, site] : m_sites)
        c.sites << site;
    c.nodes.reserve(qsizetype(m_nodes.size()));
    for (const auto& [id, node] : m_nodes)
        c.nodes << node;
    for (const auto& [id, link] : m_links)
        c.links << link;
    return c;
}

bool Document::sameContent(const Document& other) const
{
    return m_info == other.m_info && m_options == other.m_options && m_zones == other.m_zones &&
           m_sites == other.m_sites && m_nodes == other.m_nodes && m_links == other.m_links;
}

} // namespace portolan
