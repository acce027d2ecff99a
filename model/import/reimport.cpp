#include "reimport.h"

#include "design/designrules.h"
#include "hierarchy.h"
#include "layout/autolayout.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// The options an import speaks for; the user's other options on a matched node stay.
const QStringList& importedOptionNames()
{
    static const QStringList names = {u"dp.pxe"_s,
                                      u"dp.multicast"_s,
                                      u"dp.pull"_s,
                                      u"dp.pxeResponderWithoutWds"_s,
                                      u"dp.https"_s,
                                      u"sup.httpPort"_s,
                                      u"sup.ssl"_s,
                                      u"sup.allowCmgTraffic"_s,
                                      u"sql.port"_s,
                                      u"sql.brokerPort"_s,
                                      u"sql.namedInstance"_s,
                                      u"cmg.vmCount"_s,
                                      u"cmg.deployment"_s,
                                      u"site.clientHttpPort"_s,
                                      u"site.clientHttpsPort"_s,
                                      u"site.httpsOnly"_s};
    return names;
}

Options mergeOptions(const Options& mine, const Options& imported)
{
    Options result = mine;
    for (const QString& name : importedOptionNames())
        result.remove(name);
    for (auto it = imported.begin(); it != imported.end(); ++it)
        result.insert(it.key(), it.value());
    return result;
}

QString nodeLabel(const Node& n)
{
    return (n.kind == NodeKind::ClientGroup ? u"client group "_s : u"server "_s) + n.name;
}

// Lines of a description other than an earlier import's notes.
QString userDescription(const QString& description)
{
    QStringList kept;
    for (const QString& line : description.split(kLineSeparator))
        if (!line.startsWith(kNotImportedPrefix))
            kept << line;
    return kept.join(kLineSeparator).trimmed();
}

// One merge, step by step; each step reads what the steps before it decided.
class Merger
{
public:
    Merger(const Document& current, const Document& imported)
        : m_current(current), m_imported(imported), m_nextId(current.nextId())
    {
        for (const auto& [id, s] : current.sites()) {
            m_keys.insert(s.key);
            m_sites.insert(id, s);
            m_siteOrder << id;
        }
        for (const auto& [id, n] : current.nodes()) {
            m_keys.insert(n.key);
            m_nodes.insert(id, n);
            m_nodeOrder << id;
        }
    }

    MergedDesign run()
    {
        mergeSites();
        mergeNodes();
        flagMissing();
        mergeLinks();
        describe();
        for (int id : std::as_const(m_siteOrder))
            m_out.sites << m_sites.value(id);
        for (int id : std::as_const(m_nodeOrder))
            m_out.nodes << m_nodes.value(id);
        if (!m_newNodes.isEmpty() || !m_newSites.isEmpty())
            placeNew();
        return m_out;
    }

private:
    QString freshKey(const QString& wanted)
    {
        QString key = wanted;
        for (int i = 2; m_keys.contains(key); ++i)
            key = u"%1-%2"_s.arg(wanted).arg(i);
        m_keys.insert(key);
        return key;
    }

    // Sites by code: a match takes the imported kind, name and settings and keeps its frame.
    void mergeSites()
    {
        for (const auto& [importedId, in] : m_imported.sites()) {
            const int existing = m_current.siteByCode(in.code);
            if (existing >= 0) {
                Site s = m_sites.value(existing);
                const Site before = s;
                s.kind = in.kind;
                if (!in.name.isEmpty())
                    s.name = in.name;
                s.options = mergeOptions(s.options, in.options);
                m_sites.insert(existing, s);
                m_siteMap.insert(importedId, existing);
                if (!(before == s))
                    m_out.updated << u"site "_s + s.code;
                continue;
            }
            Site s = in;
            s.id = m_nextId++;
            s.key = freshKey(in.key);
            s.frame = {};
            m_sites.insert(s.id, s);
            m_siteOrder << s.id;
            m_siteMap.insert(importedId, s.id);
            m_newSites.insert(s.id);
            m_out.added << u"site "_s + s.code;
        }
        for (const auto& [importedId, in] : m_imported.sites()) {
            Site& s = m_sites[m_siteMap.value(importedId)];
            const int parent = in.parent >= 0 ? m_siteMap.value(in.parent, -1) : -1;
            if (parent != s.parent && (in.parent >= 0 || m_newSites.contains(s.id)))
                s.parent = parent;
        }
    }

    // Servers and client groups by name: a match keeps its position, zone, key and the
    // options the import does not speak for.
    void mergeNodes()
    {
        QHash<QString, int> byName; // "kind|lower-case name" -> current id
        for (const auto& [id, n] : m_current.nodes())
            if (n.kind == NodeKind::Server || n.kind == NodeKind::ClientGroup)
                byName.insert(u"%1|%2"_s.arg(int(n.kind)).arg(n.name.toLower()), id);
        for (const auto& [importedId, in] : m_imported.nodes()) {
            const int existing = byName.value(u"%1|%2"_s.arg(int(in.kind)).arg(in.name.toLower()), -1);
            if (existing < 0) {
                Node n = in;
                n.id = m_nextId++;
                n.key = freshKey(in.key);
                n.site = in.site >= 0 ? m_siteMap.value(in.site, -1) : -1;
                m_nodes.insert(n.id, n);
                m_nodeOrder << n.id;
                m_nodeMap.insert(importedId, n.id);
                m_newNodes.insert(n.id);
                m_out.added << nodeLabel(n);
                continue;
            }
            Node n = m_nodes.value(existing);
            const Node before = n;
            n.site = in.site >= 0 ? m_siteMap.value(in.site, -1) : -1;
            n.options = mergeOptions(n.options, in.options);
            // A pull DP the import has no sources for comes in as a standard DP: one the user
            // has linked to its sources stays a pull DP.
            if (before.options.value(u"dp.pull"_s).toBool() && !n.options.value(u"dp.pull"_s).toBool() &&
                pullsFromASource(existing))
                n.options.insert(u"dp.pull"_s, true);
            if (in.kind == NodeKind::Server) {
                n.roles = in.roles;
                if (!in.address.isEmpty())
                    n.address = in.address;
            } else {
                n.subnets = in.subnets;
            }
            m_nodes.insert(existing, n);
            m_nodeMap.insert(importedId, existing);
            m_matched.insert(existing);
            if (!(before == n))
                m_out.updated << nodeLabel(n);
        }
    }

    bool pullsFromASource(int id) const
    {
        for (const auto& [linkId, l] : m_current.links())
            if (l.kind == LinkKind::PullSource && l.from == id)
                return true;
        return false;
    }

    // What the design has and the import does not: kept, and flagged.
    void flagMissing()
    {
        QSet<int> importedSites;
        for (auto it = m_siteMap.begin(); it != m_siteMap.end(); ++it)
            importedSites.insert(it.value());
        for (int id : std::as_const(m_siteOrder))
            if (!importedSites.contains(id))
                m_out.flagged << u"site "_s + m_sites.value(id).code;
        for (int id : std::as_const(m_nodeOrder)) {
            const Node& n = m_nodes[id];
            if ((n.kind == NodeKind::Server || n.kind == NodeKind::ClientGroup) && !m_matched.contains(id) &&
                !m_newNodes.contains(id))
                m_out.flagged << nodeLabel(n);
        }
    }

    // Links: all of the open design's, plus the imported ones it lacks.
    void mergeLinks()
    {
        QSet<QString> present;
        for (const auto& [id, l] : m_current.links()) {
            m_out.links << l;
            present.insert(u"%1|%2|%3"_s.arg(linkKindKey(l.kind)).arg(l.from).arg(l.to));
        }
        for (const auto& [id, l] : m_imported.links()) {
            const int from = m_nodeMap.value(l.from, -1), to = m_nodeMap.value(l.to, -1);
            const QString k = u"%1|%2|%3"_s.arg(linkKindKey(l.kind)).arg(from).arg(to);
            if (from < 0 || to < 0 || present.contains(k))
                continue;
            present.insert(k);
            m_out.links << Link{m_nextId++, l.kind, from, to};
            m_out.added << u"%1 link %2 -> %3"_s.arg(linkKindKey(l.kind), m_nodes[from].name,
                                                     m_nodes[to].name);
        }
    }

    // What an earlier import could not map is replaced by what this one could not, and
    // what the import no longer has is flagged as a design warning.
    void describe()
    {
        m_out.info = m_current.info();
        QStringList lines;
        if (const QString mine = userDescription(m_current.info().description); !mine.isEmpty())
            lines << mine;
        if (!m_imported.info().description.isEmpty())
            lines << m_imported.info().description;
        for (const QString& item : std::as_const(m_out.flagged))
            lines << u"%1%2 was not in the last import (kept; delete it if it is gone)"_s.arg(
                kNotImportedPrefix, item);
        m_out.info.description = lines.join(kLineSeparator).left(DesignRules::kMaxTextLength);
    }

    // A new site and its nodes go where the automatic layout puts them, right of
    // everything there is; a new server of an existing site goes on a row under the
    // site's frame, which grows to hold it.
    void placeNew()
    {
        Document scratch(m_current.catalog());
        scratch.reset(m_out.info, m_current.options(), m_current.zones(), m_out.sites, m_out.nodes,
                      m_out.links);
        const Layout layout = computeLayout(scratch);
        qreal right = 0, layoutLeft = 1e18;
        for (const Site& s : std::as_const(m_out.sites))
            if (!m_newSites.contains(s.id))
                right = std::max(right, s.frame.right());
        for (const Node& n : std::as_const(m_out.nodes))
            if (!m_newNodes.contains(n.id))
                right = std::max(right, n.position.x() + 100);
        for (int id : std::as_const(m_newSites))
            layoutLeft = std::min(layoutLeft, layout.frames.value(id).left());
        const qreal shift = m_newSites.isEmpty() ? 0 : right + 200 - layoutLeft;
        QHash<int, Site*> sites;
        for (Site& s : m_out.sites) {
            if (m_newSites.contains(s.id))
                s.frame = layout.frames.value(s.id).translated(shift, 0);
            sites.insert(s.id, &s);
        }
        QHash<int, int> rowCount; // site id -> new servers placed in its frame
        for (Node& n : m_out.nodes) {
            if (!m_newNodes.contains(n.id))
                continue;
            Site* site = sites.value(n.site, nullptr);
            if (n.kind != NodeKind::Server || !site || m_newSites.contains(site->id) ||
                site->frame.isEmpty()) {
                n.position = layout.nodes.value(n.id) + QPointF(shift, 0);
                continue;
            }
            const int index = rowCount[site->id]++;
            if (index == 0)
                site->frame.setHeight(site->frame.height() + 120);
            n.position = QPointF(site->frame.left() + 140 + index * 240, site->frame.bottom() - 60);
            site->frame.setWidth(std::max(site->frame.width(), 280.0 + index * 240));
        }
    }

    const Document& m_current;
    const Document& m_imported;
    int m_nextId;
    MergedDesign m_out;
    QSet<QString> m_keys;
    QHash<int, Site> m_sites; // merged id -> site
    QList<int> m_siteOrder;
    QHash<int, int> m_siteMap; // imported id -> merged id
    QSet<int> m_newSites;
    QHash<int, Node> m_nodes;
    QList<int> m_nodeOrder;
    QHash<int, int> m_nodeMap;
    QSet<int> m_matched, m_newNodes;
};

} // namespace

MergedDesign mergeImport(const Document& current, const Document& imported)
{
    return Merger(current, imported).run();
}

} // namespace portolan
