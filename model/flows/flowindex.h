#pragma once

#include "catalog/catalog.h"

#include <QtGlobal>

#include <vector>

namespace portolan {

class Document;
struct Node;

// The document and catalog flattened for the flow engine's inner loop: option
// values as integers per node and site, role membership as bit masks, rows with
// their conditions compiled to (whose value, which option, what test).
class FlowIndex
{
public:
    // Whose option value a condition or a port reads.
    enum class Owner : quint8
    {
        Design,
        Source,
        Destination,
        SourceSite,
        DestinationSite
    };

    struct CompiledCondition
    {
        Owner owner;
        int option;
        Condition::Op op;
        qint64 value;
    };

    enum class PortRule : quint8
    {
        Fixed,
        FromPort,
        WsusHttps,
        FromRange,
        VmCount
    };

    struct CompiledRow
    {
        const CatalogRow* row = nullptr;
        int sourceRole = -1;
        int destinationRole = -1;
        int link = -1; // for Scope::Link: the LinkKind the row follows, as a number
        bool clientIsSource = false;
        bool internetBound = false;
        std::vector<CompiledCondition> when;
        // The same conditions split by the end they read (the design's options count
        // with the source): one end's are tested once per node, not once per pair.
        std::vector<CompiledCondition> whenSource;
        std::vector<CompiledCondition> whenDestination;
        PortRule portRule = PortRule::Fixed;
        Owner portOwner = Owner::Design;
        int portOption = -1;
    };

    struct NodeEntry
    {
        bool exists = false;
        bool isGroup = false;
        bool isConsole = false;
        int site = -1;
        quint64 roles = 0;          // effective roles, including roles it stands in for
        std::vector<qint64> values; // empty: the catalog defaults
        std::vector<int> managedSites;
        std::vector<std::pair<int, int>> linksFrom; // (kind, to)
        std::vector<std::pair<int, int>> linksTo;   // (kind, from)
        std::vector<int> boundary;                  // site systems of its boundary group
        std::vector<int> boundedBy;                 // client groups whose boundary group lists it
    };

    struct SiteEntry
    {
        bool exists = false;
        bool top = false;
        bool secondary = false;
        int parent = -1;
        std::vector<int> children;
        std::vector<qint64> values;
        std::vector<std::vector<int>> byRole; // role -> member nodes matching it
    };

    explicit FlowIndex(const Catalog& catalog);

    void rebuild(const Document& document);
    // One node added, changed or removed: its entry and role lists, in time
    // proportional to the lists it is in rather than to the design.
    void updateNode(const Document& document, int id);
    // A link between these nodes added or removed: what links say of them (their link lists,
    // boundaries and an upstream's option), read again from the document's links; updateNode
    // then gives each its values. Only these two entries change.
    void updateLinksOf(const Document& document, int a, int b);

    const Catalog& catalog() const { return m_catalog; }
    const std::vector<CompiledRow>& rows() const { return m_rows; }
    const std::vector<int>& rowsWithSource(int role) const { return m_rowsBySource[size_t(role)]; }
    const std::vector<int>& rowsWithDestination(int role) const { return m_rowsByDestination[size_t(role)]; }
    int roleCount() const { return int(m_rowsBySource.size()); }

    const NodeEntry* node(int id) const
    {
        return id >= 0 && size_t(id) < m_nodes.size() && m_nodes[size_t(id)].exists ? &m_nodes[size_t(id)]
                                                                                    : nullptr;
    }
    const SiteEntry* site(int id) const
    {
        return id >= 0 && size_t(id) < m_sites.size() && m_sites[size_t(id)].exists ? &m_sites[size_t(id)]
                                                                                    : nullptr;
    }
    const std::vector<int>& nodesWithRole(int role) const { return m_byRole[size_t(role)]; }
    const std::vector<int>& siteNodesWithRole(int siteId, int role) const
    {
        const SiteEntry* s = site(siteId);
        return s ? s->byRole[size_t(role)] : m_empty;
    }
    bool matches(int node, int role) const;
    int nodeLimit() const { return int(m_nodes.size()); }
    int siteLimit() const { return int(m_sites.size()); }
    int proxy() const { return m_proxy; }
    qint64 designValue(int option) const { return m_designValues[size_t(option)]; }
    qint64 value(Owner owner, int option, int source, int destination) const
    {
        switch (owner) {
        case Owner::Design:
            return m_designValues[size_t(option)];
        case Owner::Source:
            return nodeValue(m_nodes[size_t(source)], option);
        case Owner::Destination:
            return nodeValue(m_nodes[size_t(destination)], option);
        case Owner::SourceSite:
            return siteValue(source, option);
        case Owner::DestinationSite:
            return siteValue(destination, option);
        }
        return 0;
    }
    qint64 siteValue(int node, int option) const
    {
        const SiteEntry* s = site(m_nodes[size_t(node)].site);
        return s ? s->values[size_t(option)] : m_defaults[size_t(option)];
    }
    qint64 nodeValue(const NodeEntry& node, int option) const
    {
        return node.values.empty() ? m_defaults[size_t(option)] : node.values[size_t(option)];
    }
    bool managedBy(const NodeEntry& console, int site) const;
    bool touchesInternet(int node) const;

private:
    void compileRows();
    qint64 encode(const OptionInfo& info, const QVariant& value) const;
    Owner ownerOf(const QString& option, int sourceRole, int destinationRole) const;
    void fillValues(std::vector<qint64>& values, const QVariantMap& options) const;
    void fillNode(NodeEntry& entry, const Document& document, const Node& node) const;

    const Catalog& m_catalog;
    std::vector<CompiledRow> m_rows;
    std::vector<std::vector<int>> m_rowsBySource;
    std::vector<std::vector<int>> m_rowsByDestination;
    std::vector<quint64> m_roleMatch; // role -> mask of roles that count as it
    std::vector<qint64> m_defaults;
    std::vector<qint64> m_designValues;
    std::vector<NodeEntry> m_nodes;
    std::vector<SiteEntry> m_sites;
    std::vector<std::vector<int>> m_byRole;
    std::vector<int> m_empty;
    int m_proxy = -1;
    int m_proxyRole = -1;
    int m_siteServerRole = -1;
    int m_hasUpstreamOption = -1; // derived from upstream links
    int m_osOption = -1;          // group.os, derived from the client group's OS family
};

} // namespace portolan
