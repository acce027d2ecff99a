#include "drawing/edgebundles.h"

#include "design/document.h"
#include "drawing/designrenderer.h"
#include "flows/flowengine.h"
#include "layout/autolayout.h"

#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

using namespace Qt::StringLiterals;

namespace portolan {

QString EdgeBundle::label() const
{
    if (!portList.isEmpty())
        return portList;
    return ports == 1 ? QCoreApplication::translate("EdgeBundle", "1 port")
                      : QCoreApplication::translate("EdgeBundle", "%1 ports").arg(ports);
}

QString EdgeBundle::toolTip() const
{
    const QString list = allPorts.isEmpty() ? portList : allPorts;
    return ends.isEmpty() ? list : ends + u'\n' + list;
}

namespace {

// The site a branch is named after: a secondary's primary (through any chain of secondaries).
int branchOf(const Document& document, int site)
{
    for (int guard = 0; guard < 64; ++guard) {
        const Site* s = document.site(site);
        const Site* parent = s ? document.site(s->parent) : nullptr;
        if (!s || s->kind != SiteKind::Secondary || !parent)
            return site;
        site = parent->id;
    }
    return site;
}

} // namespace

namespace {

// The ends whose bundles are gathered again (BundleGatherer::again), per level: flags by end (a
// site id, or -1 - node id for a node outside any site), asked twice per flow.
class Touched
{
public:
    explicit Touched(size_t idLimit) : m_limit(idLimit)
    {
        for (std::vector<char>& flags : m_flags)
            flags.assign(2 * idLimit, 0);
    }
    void insert(int level, int end)
    {
        if (const size_t i = index(end); i < m_flags[level].size())
            m_flags[level][i] = 1;
    }
    bool has(int level, int end) const
    {
        const size_t i = index(end);
        return i < m_flags[level].size() && m_flags[level][i];
    }
    bool touches(int level, std::pair<int, int> key) const
    {
        return has(level, key.first) || has(level, key.second);
    }

private:
    size_t index(int end) const { return end >= 0 ? size_t(end) : m_limit + size_t(-1 - end); }
    size_t m_limit;
    std::vector<char> m_flags[2];
};

// The bundles at the levels asked for (one or both), in one pass over the design's flows; with
// only, just those with an end among its ends. siteOf: drawnSiteTable(document).
BundleLevels gatherBundles(const Document& document, const FlowEngine& engine, bool sitesLevel,
                           bool branchesLevel, const std::vector<int>& siteOf, const Touched* only = nullptr)
{
    // By id in flat tables: two lookups per flow, over every flow of the design, after each edit.
    const size_t idLimit = siteOf.size();
    std::vector<int> branches(idLimit, -1); // site id to its branch's
    for (const auto& [id, s] : document.sites())
        if (size_t(id) < idLimit)
            branches[size_t(id)] = branchOf(document, id);
    const auto siteEnd = [&](int node) {
        const int site = node >= 0 && size_t(node) < idLimit ? siteOf[size_t(node)] : -1;
        return site >= 0 ? site : -1 - node;
    };
    const auto branch = [&](int end) {
        const int b = end >= 0 && size_t(end) < idLimit ? branches[size_t(end)] : -1;
        return end >= 0 && b >= 0 ? b : end;
    };
    // The bundle's ends: per site inside one branch (a primary and its secondaries); between
    // branches, per branch, so that a secondary's flows to the CAS or to a shared server join
    // its primary's instead of crossing the drawing once per secondary.
    const auto ends = [&](int from, int to, BundleLevel level) {
        if (level == BundleLevel::Branches || branch(from) != branch(to))
            return std::pair(std::min(branch(from), branch(to)), std::max(branch(from), branch(to)));
        return std::pair(std::min(from, to), std::max(from, to));
    };
    const auto centre = [&](int key) {
        if (key >= 0)
            return document.site(key)->frame.center();
        return document.node(-1 - key)->position;
    };
    QHash<int, int> secondaries; // per branch
    for (const auto& [id, site] : document.sites())
        if (const int b = branch(id); b != id)
            ++secondaries[b];
    // A branch's end says so when it stands for its secondaries too.
    const auto name = [&](int key, bool branchWide) {
        if (key < 0)
            return document.node(-1 - key)->name;
        const QString code = document.site(key)->code;
        return branchWide && secondaries.value(key) > 0
                   ? QCoreApplication::translate("EdgeBundle", "%1 and its secondaries").arg(code)
                   : code;
    };
    struct Gathered
    {
        std::map<std::tuple<int, int, int>, PortSpec> ports;
        int flows = 0;
        bool tcp = false, udp = false;
    };
    using Pairs = std::map<std::pair<int, int>, Gathered>;
    Pairs pairs[2]; // per site, per branch
    // A node's flows mostly go to one end after another: the last end's entry is kept at hand.
    std::pair<int, int> lastKey[2] = {{0, 0}, {0, 0}};
    Gathered* last[2] = {nullptr, nullptr};
    const auto gather = [&](int level, std::pair<int, int> key, const Flow& f) {
        if (key.first == key.second)
            return; // inside one site (or branch): not part of any bundle
        if (only && !only->touches(level, key))
            return;
        if (!last[level] || key != lastKey[level]) {
            last[level] = &pairs[level][key];
            lastKey[level] = key;
        }
        Gathered& g = *last[level];
        g.ports.try_emplace({int(f.protocol), f.port.first, f.port.last}, f.port);
        ++g.flows;
        g.tcp = g.tcp || f.protocol == Protocol::Tcp;
        g.udp = g.udp || f.protocol == Protocol::Udp;
    };
    // With only: the nodes drawn at one of its ends or in its branch (every end of the branch level
    // is one of the site level's too), so that a flow between two others is passed over at once.
    std::vector<char> near;
    if (only) {
        near.assign(idLimit, 0);
        for (const auto& [id, n] : document.nodes())
            if (size_t(id) < idLimit)
                near[size_t(id)] = only->has(0, siteEnd(id)) || only->has(0, branch(siteEnd(id)));
    }
    const auto isNear = [&](int node) {
        return node >= 0 && size_t(node) < near.size() && near[size_t(node)];
    };
    for (const auto& [id, n] : document.nodes()) {
        const int from = siteEnd(id);
        const bool fromNear = only && isNear(id);
        for (const Flow& f : engine.flowsFrom(id)) {
            if (f.local || (only && !fromNear && !isNear(f.destination)))
                continue;
            const int to = siteEnd(f.destination);
            if (sitesLevel)
                gather(0, ends(from, to, BundleLevel::Sites), f);
            if (branchesLevel)
                gather(1, ends(from, to, BundleLevel::Branches), f);
        }
    }
    const auto made = [&](const Pairs& gathered, BundleLevel level) {
        std::vector<EdgeBundle> result;
        result.reserve(gathered.size());
        for (const auto& [key, g] : gathered) {
            EdgeBundle b;
            b.first = key.first;
            b.second = key.second;
            b.line = QLineF(centre(key.first), centre(key.second));
            b.ports = int(g.ports.size());
            b.flows = g.flows;
            const bool branchWide = level == BundleLevel::Branches || branch(key.first) != branch(key.second);
            b.ends = name(key.first, branchWide) + u" \u2013 "_s + name(key.second, branchWide);
            std::vector<Flow> distinct;
            distinct.reserve(g.ports.size());
            for (const auto& [port, spec] : g.ports) {
                Flow f;
                f.protocol = Protocol(std::get<0>(port));
                f.port = spec;
                distinct.push_back(f);
            }
            b.allPorts = flowLabel(distinct);
            std::vector<Flow> sample(2);
            sample[0].protocol = g.tcp ? Protocol::Tcp : Protocol::Icmp;
            sample[1].protocol = g.udp ? Protocol::Udp : Protocol::Icmp;
            b.colour = DesignRenderer::edgeColor(sample);
            result.push_back(b);
        }
        return result;
    };
    BundleLevels levels;
    if (sitesLevel)
        levels.sites = made(pairs[0], BundleLevel::Sites);
    if (branchesLevel)
        levels.branches = made(pairs[1], BundleLevel::Branches);
    return levels;
}

} // namespace

std::vector<EdgeBundle> bundleEdges(const Document& document, const FlowEngine& engine, BundleLevel level)
{
    BundleLevels levels = gatherBundles(document, engine, level == BundleLevel::Sites,
                                        level == BundleLevel::Branches, drawnSiteTable(document));
    return level == BundleLevel::Sites ? std::move(levels.sites) : std::move(levels.branches);
}

namespace {

// Branches differ from sites only where there are secondaries.
bool hasSecondaries(const Document& document)
{
    return std::any_of(document.sites().begin(), document.sites().end(),
                       [](const auto& s) { return s.second.kind == SiteKind::Secondary; });
}

} // namespace

BundleLevels bundleEdgeLevels(const Document& document, const FlowEngine& engine)
{
    return gatherBundles(document, engine, true, hasSecondaries(document), drawnSiteTable(document));
}

namespace {

// What a kept bundle says of its ends besides the flows: the sites (their codes, frames and
// branches) and the nodes drawn outside any site (their names and places).
QString endsSignature(const Document& document, const std::vector<int>& siteOf)
{
    QString signature;
    QTextStream out(&signature);
    for (const auto& [id, s] : document.sites())
        out << id << ' ' << int(s.kind) << ' ' << s.parent << ' ' << s.code << ' ' << s.frame.center().x()
            << ' ' << s.frame.center().y() << '\n';
    for (const auto& [id, n] : document.nodes())
        if (id < 0 || size_t(id) >= siteOf.size() || siteOf[size_t(id)] < 0)
            out << id << ' ' << n.name << ' ' << n.position.x() << ' ' << n.position.y() << '\n';
    return signature;
}

} // namespace

BundleLevels BundleGatherer::all(const Document& document, const FlowEngine& engine)
{
    m_siteOf = drawnSiteTable(document);
    m_ends = endsSignature(document, m_siteOf);
    m_levels = gatherBundles(document, engine, true, hasSecondaries(document), m_siteOf);
    return m_levels;
}

BundleLevels BundleGatherer::again(const Document& document, const FlowEngine& engine, const QSet<int>& nodes)
{
    if (m_siteOf.empty())
        return all(document, engine);
    std::vector<int> siteOf = drawnSiteTable(document);
    // A site or a node outside them that changed otherwise than by its flows changes bundles the
    // edit's nodes are not in (a secondary added renames its primary's): all of them again.
    if (QString ends = endsSignature(document, siteOf); ends != m_ends)
        return all(document, engine);
    // The nodes whose flows changed, and those drawn at another site than before (a client group
    // whose boundary links went with a deleted server): where each was drawn and is drawn now.
    const auto drawnAt = [&](const std::vector<int>& table, int node) {
        const int site = node >= 0 && size_t(node) < table.size() ? table[size_t(node)] : -1;
        return site >= 0 ? site : -1 - node;
    };
    std::set<int> ends;
    for (const int n : nodes) {
        ends.insert(drawnAt(m_siteOf, n));
        ends.insert(drawnAt(siteOf, n));
    }
    for (size_t n = 0; n < std::max(siteOf.size(), m_siteOf.size()); ++n)
        if (drawnAt(siteOf, int(n)) != drawnAt(m_siteOf, int(n))) {
            ends.insert(drawnAt(m_siteOf, int(n)));
            ends.insert(drawnAt(siteOf, int(n)));
        }
    // A bundle ends at a site inside its branch and at the branch across branches: both.
    Touched touched(std::max(siteOf.size(), m_siteOf.size()));
    for (const int end : ends) {
        const int branch = end >= 0 ? branchOf(document, end) : end;
        touched.insert(0, end);
        touched.insert(0, branch);
        touched.insert(1, branch);
    }
    BundleLevels gathered = gatherBundles(document, engine, true, hasSecondaries(document), siteOf, &touched);
    // The bundles kept and those gathered again, in the order of their ends as all() gives them.
    const auto merged = [&](int level, const std::vector<EdgeBundle>& before,
                            std::vector<EdgeBundle>& again) {
        std::vector<EdgeBundle> result;
        result.reserve(before.size() + again.size());
        auto next = again.begin();
        const auto order = [](const EdgeBundle& a, const EdgeBundle& b) {
            return std::pair(a.first, a.second) < std::pair(b.first, b.second);
        };
        for (const EdgeBundle& b : before) {
            if (touched.touches(level, {b.first, b.second}))
                continue;
            for (; next != again.end() && order(*next, b); ++next)
                result.push_back(std::move(*next));
            result.push_back(b);
        }
        for (; next != again.end(); ++next)
            result.push_back(std::move(*next));
        return result;
    };
    m_levels.sites = merged(0, m_levels.sites, gathered.sites);
    m_levels.branches = merged(1, m_levels.branches, gathered.branches);
    m_siteOf = std::move(siteOf);
    return m_levels;
}

} // namespace portolan

namespace portolan {

ZoneView bundleZones(const Document& document, const FlowEngine& engine)
{
    ZoneView view;
    const QList<Zone>& zones = document.zones();
    const auto zoneOf = [&](const Node& n) {
        for (qsizetype i = 0; i < zones.size(); ++i)
            if (zones[i].key == n.zone)
                return int(i);
        return int(zones.size()); // no zone (or an unknown one)
    };
    view.anchors.resize(size_t(zones.size()) + 1);
    for (qsizetype i = 0; i <= zones.size(); ++i) {
        ZoneAnchor& a = view.anchors[size_t(i)];
        a.zone = int(i);
        a.name = i < zones.size() ? zones[i].name : QCoreApplication::translate("EdgeBundle", "No zone");
        a.colour = i < zones.size() && QColor::isValidColorName(zones[i].color)
                       ? QColor::fromString(zones[i].color)
                       : QColor(0x78, 0x90, 0x9c);
    }
    std::vector<QPointF> sums(view.anchors.size());
    std::map<std::pair<int, int>, std::vector<Flow>> pairs;
    for (const auto& [id, n] : document.nodes()) {
        const int from = zoneOf(n);
        sums[size_t(from)] += n.position;
        ++view.anchors[size_t(from)].nodes;
        for (const Flow& f : engine.flowsFrom(id)) {
            const int to = zoneOf(*document.node(f.destination));
            if (!f.local && to != from)
                pairs[{from, to}].push_back(f);
        }
    }
    for (size_t i = 0; i < view.anchors.size(); ++i)
        if (view.anchors[i].nodes > 0)
            view.anchors[i].centre = sums[i] / view.anchors[i].nodes;
    for (auto& [key, flows] : pairs) {
        EdgeBundle b;
        b.first = key.first;
        b.second = key.second;
        b.directed = true;
        b.line = QLineF(view.anchors[size_t(key.first)].centre, view.anchors[size_t(key.second)].centre);
        b.flows = int(flows.size());
        std::set<std::tuple<int, int, int>> ports;
        for (const Flow& f : flows)
            ports.emplace(int(f.protocol), f.port.first, f.port.last);
        b.ports = int(ports.size());
        b.portList = flowLabel(flows);
        b.ends = view.anchors[size_t(key.first)].name + u" \u2192 "_s + view.anchors[size_t(key.second)].name;
        b.colour = DesignRenderer::edgeColor(flows);
        view.bundles.push_back(std::move(b));
    }
    // Zones without nodes have no place on the drawing.
    view.anchors.erase(std::remove_if(view.anchors.begin(), view.anchors.end(),
                                      [](const ZoneAnchor& a) { return a.nodes == 0; }),
                       view.anchors.end());
    std::map<int, int> index;
    for (size_t i = 0; i < view.anchors.size(); ++i)
        index[view.anchors[i].zone] = int(i);
    for (EdgeBundle& b : view.bundles) {
        b.first = index[b.first];
        b.second = index[b.second];
    }
    return view;
}

} // namespace portolan
