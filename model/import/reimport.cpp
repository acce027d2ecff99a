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
                                      u"sup.httpPort"_s,
                                      u"sup.ssl"_s,
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

} // namespace

MergedDesign mergeImport(const Document& current, const Document& imported)
{
    MergedDesign out;
    int nextId = current.nextId();
    QSet<QString> keys;
    for (const auto& [id, s] : current.sites())
        keys.insert(s.key);
    for (const auto& [id, n] : current.nodes())
        keys.insert(n.key);
    const auto freshKey = [&keys](const QString& wanted) {
        QString key = wanted;
        for (int i = 2; keys.contains(key); ++i)
            key = u"%1-%2"_s.arg(wanted).arg(i);
        keys.insert(key);
        return key;
    };

    // Sites by code.
    QHash<int, int> siteMap; // imported id -> merged id
    QHash<int, Site> sites;  // merged id -> site
    QList<int> siteOrder;
    for (const auto& [id, s] : current.sites()) {
        sites.insert(id, s);
        siteOrder << id;
    }
    QSet<int> newSites;
    for (const auto& [importedId, in] : imported.sites()) {
        const int existing = current.siteByCode(in.code);
        if (existing >= 0) {
            Site s = sites.value(existing);
            const Site before = s;
            s.kind = in.kind;
            if (!in.name.isEmpty())
                s.name = in.name;
            s.options = mergeOptions(s.options, in.options);
            sites.insert(existing, s);
            siteMap.insert(importedId, existing);
            if (!(before == s))
                out.updated << u"site "_s + s.code;
        } else {
            Site s = in;
            s.id = nextId++;
            s.key = freshKey(in.key);
            s.frame = {};
            sites.insert(s.id, s);
            siteOrder << s.id;
            siteMap.insert(importedId, s.id);
            newSites.insert(s.id);
            out.added << u"site "_s + s.code;
        }
    }
    for (const auto& [importedId, in] : imported.sites()) {
        Site& s = sites[siteMap.value(importedId)];
        const int parent = in.parent >= 0 ? siteMap.value(in.parent, -1) : -1;
        if (parent != s.parent && (in.parent >= 0 || newSites.contains(s.id)))
            s.parent = parent;
    }

    // Servers and client groups by name.
    QHash<QString, int> byName; // "kind|lower-case name" -> current id
    for (const auto& [id, n] : current.nodes())
        if (n.kind == NodeKind::Server || n.kind == NodeKind::ClientGroup)
            byName.insert(u"%1|%2"_s.arg(int(n.kind)).arg(n.name.toLower()), id);
    QHash<int, int> nodeMap; // imported id -> merged id
    QHash<int, Node> nodes;
    QList<int> nodeOrder;
    for (const auto& [id, n] : current.nodes()) {
        nodes.insert(id, n);
        nodeOrder << id;
    }
    QSet<int> matched, newNodes;
    for (const auto& [importedId, in] : imported.nodes()) {
        const int existing = byName.value(u"%1|%2"_s.arg(int(in.kind)).arg(in.name.toLower()), -1);
        const int site = in.site >= 0 ? siteMap.value(in.site, -1) : -1;
        if (existing >= 0) {
            Node n = nodes.value(existing);
            const Node before = n;
            n.site = site;
            n.options = mergeOptions(n.options, in.options);
            if (in.kind == NodeKind::Server) {
                n.roles = in.roles;
                if (!in.address.isEmpty())
                    n.address = in.address;
            } else {
                n.subnets = in.subnets;
            }
            nodes.insert(existing, n);
            nodeMap.insert(importedId, existing);
            matched.insert(existing);
            if (!(before == n))
                out.updated << nodeLabel(n);
        } else {
            Node n = in;
            n.id = nextId++;
            n.key = freshKey(in.key);
            nodes.insert(n.id, n);
            nodeOrder << n.id;
            nodeMap.insert(importedId, n.id);
            newNodes.insert(n.id);
            out.added << nodeLabel(n);
        }
    }
    QSet<int> importedSites;
    for (auto it = siteMap.begin(); it != siteMap.end(); ++it)
        importedSites.insert(it.value());
    for (int id : std::as_const(siteOrder))
        if (!importedSites.contains(id))
            out.flagged << u"site "_s + sites.value(id).code;
    for (int id : std::as_const(nodeOrder)) {
        const Node& n = nodes[id];
        if ((n.kind == NodeKind::Server || n.kind == NodeKind::ClientGroup) && !matched.contains(id) &&
            !newNodes.contains(id))
            out.flagged << nodeLabel(n);
    }

    // Links: all of the open design's, plus the imported ones it lacks.
    QSet<QString> present;
    for (const auto& [id, l] : current.links()) {
        out.links << l;
        present.insert(u"%1|%2|%3"_s.arg(l.kind).arg(l.from).arg(l.to));
    }
    for (const auto& [id, l] : imported.links()) {
        const int from = nodeMap.value(l.from, -1), to = nodeMap.value(l.to, -1);
        const QString k = u"%1|%2|%3"_s.arg(l.kind).arg(from).arg(to);
        if (from < 0 || to < 0 || present.contains(k))
            continue;
        present.insert(k);
        out.links << Link{nextId++, l.kind, from, to};
        out.added << u"%1 link %2 -> %3"_s.arg(l.kind, nodes[from].name, nodes[to].name);
    }

    // What an earlier import could not map is replaced by what this one could not, and
    // what the import no longer has is flagged as a design warning.
    out.info = current.info();
    QStringList lines;
    if (const QString mine = userDescription(current.info().description); !mine.isEmpty())
        lines << mine;
    if (!imported.info().description.isEmpty())
        lines << imported.info().description;
    for (const QString& item : std::as_const(out.flagged))
        lines << u"%1%2 was not in the last import (kept; delete it if it is gone)"_s.arg(kNotImportedPrefix,
                                                                                          item);
    out.info.description = lines.join(kLineSeparator).left(DesignRules::kMaxTextLength);

    for (int id : std::as_const(siteOrder))
        out.sites << sites.value(id);
    for (int id : std::as_const(nodeOrder))
        out.nodes << nodes.value(id);

    // Place what is new: a new site and its nodes where the automatic layout puts them
    // (right of everything there is), a new node of an existing site on a row under
    // the site's frame, which grows to hold it.
    if (!newNodes.isEmpty() || !newSites.isEmpty()) {
        Document scratch(current.catalog());
        scratch.reset(out.info, current.options(), current.zones(), out.sites, out.nodes, out.links);
        const Layout layout = computeLayout(scratch);
        qreal right = 0;
        for (const Site& s : std::as_const(out.sites))
            if (!newSites.contains(s.id))
                right = std::max(right, s.frame.right());
        for (const Node& n : std::as_const(out.nodes))
            if (!newNodes.contains(n.id))
                right = std::max(right, n.position.x() + 100);
        qreal layoutLeft = 1e18;
        for (int id : std::as_const(newSites))
            layoutLeft = std::min(layoutLeft, layout.frames.value(id).left());
        const qreal shift = newSites.isEmpty() ? 0 : right + 200 - layoutLeft;
        QHash<int, int> rowCount; // site id -> new nodes placed in its frame
        for (Site& s : out.sites)
            if (newSites.contains(s.id))
                s.frame = layout.frames.value(s.id).translated(shift, 0);
        for (Node& n : out.nodes) {
            if (!newNodes.contains(n.id))
                continue;
            Site* site = nullptr;
            for (Site& s : out.sites)
                if (s.id == n.site)
                    site = &s;
            if (n.kind == NodeKind::Server && site && !newSites.contains(site->id) &&
                !site->frame.isEmpty()) {
                const int index = rowCount[site->id]++;
                if (index == 0)
                    site->frame.setHeight(site->frame.height() + 120);
                n.position = QPointF(site->frame.left() + 140 + index * 240, site->frame.bottom() - 60);
                site->frame.setWidth(std::max(site->frame.width(), 280.0 + index * 240));
            } else {
                n.position = layout.nodes.value(n.id) + QPointF(shift, 0);
            }
        }
    }
    return out;
}

} // namespace portolan
