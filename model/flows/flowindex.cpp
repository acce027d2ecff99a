#include "flowindex.h"

#include "design/document.h"

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

quint64 bit(int role)
{
    return quint64(1) << role;
}

} // namespace

FlowIndex::FlowIndex(const Catalog& catalog) : m_catalog(catalog)
{
    const int roles = int(catalog.roles().size());
    Q_ASSERT(roles <= 64);
    m_roleMatch.assign(size_t(roles), 0);
    for (int r = 0; r < roles; ++r) {
        m_roleMatch[size_t(r)] |= bit(r);
        for (int by : catalog.role(r).servedBy)
            m_roleMatch[size_t(r)] |= bit(by);
    }
    m_proxyRole = catalog.roleIndex(u"proxy_server");
    m_siteServerRole = catalog.roleIndex(u"site_server");
    if (const OptionInfo* upstream = catalog.option(u"sup.hasUpstream"))
        m_hasUpstreamOption = int(upstream - catalog.options().data());
    if (const OptionInfo* os = catalog.option(u"group.os"))
        m_osOption = int(os - catalog.options().data());
    for (const OptionInfo& info : catalog.options())
        m_defaults.push_back(encode(info, info.defaultValue));
    compileRows();
}

qint64 FlowIndex::encode(const OptionInfo& info, const QVariant& value) const
{
    switch (info.type) {
    case OptionInfo::Type::Bool:
        return value.toBool() ? 1 : 0;
    case OptionInfo::Type::Int:
    case OptionInfo::Type::Port:
        return value.toLongLong();
    case OptionInfo::Type::Enum:
        return info.values.indexOf(value.toString());
    case OptionInfo::Type::Range: {
        const auto range = PortSpec::parseConcrete(value.toString(), nullptr);
        return range ? qint64(range->first) * 65536 + range->last : 0;
    }
    case OptionInfo::Type::String:
        return 0;
    }
    return 0;
}

FlowIndex::Owner FlowIndex::ownerOf(const QString& option, int sourceRole, int destinationRole) const
{
    static const QHash<QString, QStringList> roleOptions = {
        {u"mp"_s, {u"management_point"_s}},
        {u"dp"_s, {u"distribution_point"_s}},
        {u"sup"_s, {u"software_update_point"_s, u"upstream_wsus"_s}},
        {u"sql"_s, {u"sql_server"_s}},
        {u"cmg"_s, {u"cmg"_s}},
    };
    const QString prefix = option.section(u'.', 0, 0);
    const RoleInfo& destination = m_catalog.role(destinationRole);
    if (prefix == u"design")
        return Owner::Design;
    if (prefix == u"site")
        return destination.placement == Placement::Server || destination.placement == Placement::Cloud
                   ? Owner::DestinationSite
                   : Owner::SourceSite;
    if (prefix == u"group")
        return destination.placement == Placement::Client ? Owner::Destination : Owner::Source;
    if (prefix == u"console")
        return destination.placement == Placement::Console ? Owner::Destination : Owner::Source;
    if (prefix == u"system")
        return sourceRole != m_siteServerRole ? Owner::Source : Owner::Destination;
    return roleOptions.value(prefix).contains(destination.id) ? Owner::Destination : Owner::Source;
}

void FlowIndex::compileRows()
{
    const int roles = int(m_catalog.roles().size());
    m_rowsBySource.assign(size_t(roles), {});
    m_rowsByDestination.assign(size_t(roles), {});
    for (const CatalogRow& row : m_catalog.rows()) {
        CompiledRow c;
        c.row = &row;
        c.sourceRole = row.sourceRole;
        c.destinationRole = row.destinationRole;
        c.clientIsSource = m_catalog.role(row.sourceRole).placement == Placement::Client;
        c.internetBound = m_catalog.role(row.destinationRole).internetBound;
        if (row.link)
            c.link = int(*row.link);
        for (const Condition& condition : row.when) {
            const OptionInfo* info = m_catalog.option(condition.option);
            CompiledCondition cc{ownerOf(condition.option, row.sourceRole, row.destinationRole),
                                 int(info - m_catalog.options().data()), condition.op, 0};
            if (info->type == OptionInfo::Type::Enum)
                cc.value = info->values.indexOf(condition.value);
            else if (info->type == OptionInfo::Type::Bool)
                cc.value = condition.value == u"true";
            else
                cc.value = condition.value.toLongLong();
            c.when.push_back(cc);
            const bool destinationSide = cc.owner == Owner::Destination || cc.owner == Owner::DestinationSite;
            (destinationSide ? c.whenDestination : c.whenSource).push_back(cc);
        }
        if (!row.portOption.isEmpty()) {
            const OptionInfo* info = m_catalog.option(row.portOption);
            c.portOwner = ownerOf(row.portOption, row.sourceRole, row.destinationRole);
            c.portOption = int(info - m_catalog.options().data());
            if (info->derived) {
                // sup.httpsPort follows sup.httpPort (DOMAIN.md section 4).
                c.portRule = PortRule::WsusHttps;
                c.portOption = int(m_catalog.option(u"sup.httpPort") - m_catalog.options().data());
            } else if (info->type == OptionInfo::Type::Range) {
                c.portRule = PortRule::FromRange;
            } else if (info->type == OptionInfo::Type::Int) {
                c.portRule = PortRule::VmCount;
            } else {
                c.portRule = PortRule::FromPort;
            }
        }
        const int index = int(m_rows.size());
        m_rows.push_back(std::move(c));
        m_rowsBySource[size_t(row.sourceRole)].push_back(index);
        m_rowsByDestination[size_t(row.destinationRole)].push_back(index);
    }
}

void FlowIndex::fillValues(std::vector<qint64>& values, const QVariantMap& options) const
{
    values = m_defaults;
    for (auto it = options.begin(); it != options.end(); ++it)
        if (const OptionInfo* info = m_catalog.option(it.key()))
            values[size_t(info - m_catalog.options().data())] = encode(*info, it.value());
}

void FlowIndex::fillNode(NodeEntry& e, const Document& document, const Node& n) const
{
    const int roles = int(m_catalog.roles().size());
    e.exists = true;
    e.isGroup = n.kind == NodeKind::ClientGroup;
    e.isConsole = n.kind == NodeKind::Console;
    e.site = site(n.site) ? n.site : -1;
    quint64 own = 0;
    for (int r : document.effectiveRoles(n))
        own |= bit(r);
    for (int r = 0; r < roles; ++r)
        if (own & m_roleMatch[size_t(r)])
            e.roles |= bit(r);
    // A node without options of its own reads the defaults (see nodeValue): a million
    // servers do not each carry a copy of every option.
    if (!n.options.isEmpty() || e.isGroup)
        fillValues(e.values, n.options);
    if (e.isGroup && m_osOption >= 0) // the enum's values follow OsFamily: windows, mac, mobile
        e.values[size_t(m_osOption)] = qint64(n.os);
    e.managedSites.assign(n.managedSites.begin(), n.managedSites.end());
}

void FlowIndex::updateNode(const Document& document, int id)
{
    const int roles = int(m_catalog.roles().size());
    if (m_nodes.size() < size_t(document.nextId()))
        m_nodes.resize(size_t(document.nextId()));
    NodeEntry& e = m_nodes[size_t(id)];
    const auto take = [id](std::vector<int>& list) {
        const auto it = std::lower_bound(list.begin(), list.end(), id);
        if (it != list.end() && *it == id)
            list.erase(it);
    };
    const auto put = [id](std::vector<int>& list) {
        list.insert(std::lower_bound(list.begin(), list.end(), id), id);
    };
    const auto forEachRole = [&](const auto& each) {
        for (int r = 0; r < roles; ++r) {
            if (!(e.roles & bit(r)))
                continue;
            each(m_byRole[size_t(r)]);
            if (site(e.site))
                each(m_sites[size_t(e.site)].byRole[size_t(r)]);
        }
    };
    if (e.exists)
        forEachRole(take);
    // What links say stays: links have their own events.
    NodeEntry linked;
    linked.linksFrom = std::move(e.linksFrom);
    linked.linksTo = std::move(e.linksTo);
    linked.boundary = std::move(e.boundary);
    linked.boundedBy = std::move(e.boundedBy);
    e = std::move(linked);
    if (const Node* n = document.node(id)) {
        fillNode(e, document, *n);
        forEachRole(put);
        const int upstream = int(LinkKind::Upstream);
        for (const auto& [kind, to] : e.linksFrom)
            if (kind == upstream && m_hasUpstreamOption >= 0) {
                if (e.values.empty())
                    e.values = m_defaults;
                e.values[size_t(m_hasUpstreamOption)] = 1;
            }
    }
    if (m_proxyRole >= 0) {
        const std::vector<int>& proxies = m_byRole[size_t(m_proxyRole)];
        m_proxy = proxies.empty() ? -1 : proxies.front();
    }
}

void FlowIndex::updateLinksOf(const Document& document, int a, int b)
{
    const auto mine = [&](int id) {
        return (id == a || id == b) && node(id);
    };
    for (int id : {a, b})
        if (mine(id)) {
            NodeEntry& e = m_nodes[size_t(id)];
            e.linksFrom.clear();
            e.linksTo.clear();
            e.boundary.clear();
            e.boundedBy.clear();
        }
    // As rebuild fills them: in the links' order.
    for (const auto& [id, l] : document.links()) {
        if (!mine(l.from) && !mine(l.to))
            continue;
        if (!node(l.from) || !node(l.to))
            continue;
        if (l.kind == LinkKind::Boundary) {
            if (mine(l.from))
                m_nodes[size_t(l.from)].boundary.push_back(l.to);
            if (mine(l.to))
                m_nodes[size_t(l.to)].boundedBy.push_back(l.from);
            continue;
        }
        const int kind = int(l.kind);
        if (mine(l.from))
            m_nodes[size_t(l.from)].linksFrom.emplace_back(kind, l.to);
        if (mine(l.to))
            m_nodes[size_t(l.to)].linksTo.emplace_back(kind, l.from);
    }
}

void FlowIndex::rebuild(const Document& document)
{
    const int roles = int(m_catalog.roles().size());
    fillValues(m_designValues, document.options());
    const int limit = document.nextId();
    // Sites are few and nodes many: each table is only as long as its highest id.
    const int siteLimit = document.sites().empty() ? 0 : document.sites().rbegin()->first + 1;
    m_nodes.assign(size_t(limit), {});
    m_sites.assign(size_t(siteLimit), {});
    m_byRole.assign(size_t(roles), {});
    m_proxy = -1;

    for (const auto& [id, s] : document.sites()) {
        SiteEntry& e = m_sites[size_t(id)];
        e.exists = true;
        e.secondary = s.kind == SiteKind::Secondary;
        e.byRole.assign(size_t(roles), {});
        fillValues(e.values, s.options);
    }
    for (const auto& [id, s] : document.sites()) {
        SiteEntry& e = m_sites[size_t(id)];
        const bool hasParent = site(s.parent) != nullptr;
        e.parent = hasParent ? s.parent : -1;
        e.top = s.kind == SiteKind::Cas || (s.kind == SiteKind::Primary && !hasParent);
        if (hasParent)
            m_sites[size_t(s.parent)].children.push_back(id);
    }
    for (const auto& [id, n] : document.nodes()) {
        NodeEntry& e = m_nodes[size_t(id)];
        fillNode(e, document, n);
        // In id order, so the role lists come out sorted.
        for (int r = 0; r < roles; ++r) {
            if (!(e.roles & bit(r)))
                continue;
            m_byRole[size_t(r)].push_back(id);
            if (e.site >= 0)
                m_sites[size_t(e.site)].byRole[size_t(r)].push_back(id);
        }
        if (m_proxyRole >= 0 && (e.roles & bit(m_proxyRole)) && m_proxy < 0)
            m_proxy = id;
    }
    for (const auto& [id, l] : document.links()) {
        if (!node(l.from) || !node(l.to))
            continue;
        if (l.kind == LinkKind::Boundary) {
            m_nodes[size_t(l.from)].boundary.push_back(l.to);
            m_nodes[size_t(l.to)].boundedBy.push_back(l.from);
            continue;
        }
        const int kind = int(l.kind);
        m_nodes[size_t(l.from)].linksFrom.emplace_back(kind, l.to);
        if (l.kind == LinkKind::Upstream && m_hasUpstreamOption >= 0) {
            std::vector<qint64>& values = m_nodes[size_t(l.from)].values;
            if (values.empty())
                values = m_defaults;
            values[size_t(m_hasUpstreamOption)] = 1;
        }
        m_nodes[size_t(l.to)].linksTo.emplace_back(kind, l.from);
    }
}

bool FlowIndex::matches(int nodeId, int role) const
{
    const NodeEntry* n = node(nodeId);
    return n && (n->roles & bit(role));
}

bool FlowIndex::managedBy(const NodeEntry& console, int siteId) const
{
    if (console.managedSites.empty())
        return true;
    for (int s = siteId, guard = 0; s >= 0 && guard < 8; ++guard) {
        if (std::find(console.managedSites.begin(), console.managedSites.end(), s) !=
            console.managedSites.end())
            return true;
        const SiteEntry* e = site(s);
        s = e ? e->parent : -1;
    }
    return false;
}

bool FlowIndex::touchesInternet(int nodeId) const
{
    const NodeEntry* n = node(nodeId);
    if (!n)
        return false;
    for (int r = 0; r < int(m_catalog.roles().size()); ++r)
        if ((n->roles & bit(r)) && (m_catalog.role(r).internetBound || r == m_proxyRole))
            return true;
    return false;
}

} // namespace portolan
