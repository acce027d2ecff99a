#include "flowengine.h"

#include "design/document.h"
#include "flowindex.h"

#include <algorithm>
#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;

namespace portolan {

using CompiledRow = FlowIndex::CompiledRow;

class FlowEngine::Impl
{
public:
    explicit Impl(const Catalog& catalog) : index(catalog) {}

    FlowIndex index;
    std::vector<std::vector<Flow>> out; // by source id
    std::vector<std::vector<int>> in;   // by destination id: sources with flows to it
    std::vector<char> dirty;

    static inline bool holds(const std::vector<FlowIndex::CompiledCondition>& when, const FlowIndex& index,
                             int s, int d)
    {
        for (const auto& c : when) {
            const qint64 v = index.value(c.owner, c.option, s, d);
            bool ok = false;
            switch (c.op) {
            case Condition::Op::IsTrue:
                ok = v != 0;
                break;
            case Condition::Op::IsFalse:
                ok = v == 0;
                break;
            case Condition::Op::Equal:
                ok = v == c.value;
                break;
            case Condition::Op::NotEqual:
                ok = v != c.value;
                break;
            case Condition::Op::Greater:
                ok = v > c.value;
                break;
            }
            if (!ok)
                return false;
        }
        return true;
    }

    PortSpec portFor(const CompiledRow& r, int s, int d) const
    {
        const PortSpec& base = r.row->port;
        if (r.portRule == FlowIndex::PortRule::Fixed)
            return base;
        const qint64 v = index.value(r.portOwner, r.portOption, s, d);
        switch (r.portRule) {
        case FlowIndex::PortRule::Fixed:
            break;
        case FlowIndex::PortRule::FromPort:
            return PortSpec::single(quint16(v));
        case FlowIndex::PortRule::WsusHttps:
            return PortSpec::single(v == 80 ? 443 : quint16(std::min<qint64>(v + 1, 65535)));
        case FlowIndex::PortRule::FromRange: {
            const auto first = quint16(v / 65536), last = quint16(v % 65536);
            return first == last ? PortSpec::single(first) : PortSpec::range(first, last);
        }
        case FlowIndex::PortRule::VmCount: {
            // n VMs use the first n ports of the reference's range.
            const qint64 last = std::min<qint64>(base.first + std::max<qint64>(v, 1) - 1, base.last);
            return last == base.first ? PortSpec::single(base.first)
                                      : PortSpec::range(base.first, quint16(last));
        }
        }
        return base;
    }

    // Whose conditions are still to be tested for each pair: the caller has tested the other end's.
    enum class Pending
    {
        Destination,
        Source,
        Neither // both ends' conditions already hold
    };

    void tryPair(const CompiledRow& r, int s, int d, std::vector<Flow>& into, Pending pending) const
    {
        if (pending != Pending::Neither &&
            !holds(pending == Pending::Destination ? r.whenDestination : r.whenSource, index, s, d))
            return;
        if (r.row->remoteOnly && s == d)
            return;
        Flow f;
        f.source = s;
        f.destination = d;
        f.row = r.row->index;
        f.protocol = r.row->protocol;
        f.port = portFor(r, s, d);
        if (r.internetBound && index.proxy() >= 0) {
            f.destination = index.proxy();
            f.protocol = Protocol::Tcp;
            f.port = PortSpec::single(quint16(index.designValue(proxyPortOption)));
            f.proxied = true;
        }
        f.local = f.source == f.destination && r.row->scope != Scope::WithinGroup;
        into.push_back(f);
    }

    // Calls pair(s, d) for every pair the row's scope relates that has node n
    // at the given end.
    bool inSecondarySite(const FlowIndex::NodeEntry& node) const
    {
        const FlowIndex::SiteEntry* site = index.site(node.site);
        return !node.isGroup && site && site->secondary;
    }

    template <typename F> void forEachPair(const CompiledRow& r, int n, bool asSource, F&& pair) const
    {
        const FlowIndex::NodeEntry& self = *index.node(n);
        const int other = asSource ? r.destinationRole : r.sourceRole;
        const auto each = [&](const std::vector<int>& partners, auto&& keep) {
            for (int p : partners)
                if (keep(p))
                    asSource ? pair(n, p) : pair(p, n);
        };
        const auto all = [](int) {
            return true;
        };
        switch (r.row->scope) {
        case Scope::SameSite:
            if (self.site >= 0)
                each(index.siteNodesWithRole(self.site, other), all);
            break;
        case Scope::ParentChild:
            if (const FlowIndex::SiteEntry* site = index.site(self.site)) {
                if (site->parent >= 0)
                    each(index.siteNodesWithRole(site->parent, other), all);
                for (int child : site->children)
                    each(index.siteNodesWithRole(child, other), all);
            }
            break;
        case Scope::Assigned:
            assigned(r, n, asSource, other, each);
            break;
        case Scope::TopOfHierarchy: {
            // The site system's end must be in the top-level site; the external end's site,
            // should it have one, does not count. Judged the same from either end, so that
            // recomputing one of them gives what computing both does.
            const int selfRole = asSource ? r.sourceRole : r.destinationRole;
            const auto top = [&](int node) {
                const FlowIndex::SiteEntry* site = index.site(index.node(node)->site);
                return site && site->top;
            };
            if (index.catalog().role(selfRole).placement == Placement::Endpoint)
                each(index.nodesWithRole(other), top);
            else if (top(n))
                each(index.nodesWithRole(other), all);
            break;
        }
        case Scope::Managed:
            // A secondary site has no SMS Provider: a console reaches the site
            // systems of a CAS or primary only (client groups wherever they are).
            if (self.isConsole)
                each(index.nodesWithRole(other), [&](int p) {
                    const FlowIndex::NodeEntry* target = index.node(p);
                    return index.managedBy(self, target->site) && !inSecondarySite(*target);
                });
            else if (!inSecondarySite(self))
                each(index.nodesWithRole(other), [&](int p) {
                    const FlowIndex::NodeEntry* console = index.node(p);
                    return console->isConsole && index.managedBy(*console, self.site);
                });
            break;
        case Scope::Link:
            for (const auto& [kind, partner] : asSource ? self.linksFrom : self.linksTo)
                if (kind == r.link && index.matches(partner, other))
                    asSource ? pair(n, partner) : pair(partner, n);
            break;
        case Scope::WithinGroup:
            if (asSource && self.isGroup)
                pair(n, n);
            break;
        case Scope::Directory:
        case Scope::External:
        case Scope::Design:
            each(index.nodesWithRole(other), all);
            break;
        }
    }

    // Client groups reach the site systems of their assigned site and of the
    // secondaries beneath it, narrowed per role to their boundary group when linked:
    // a role the boundary group lists goes to the listed systems only, a role it lists
    // none of keeps the assigned site's (a branch group that lists only its DP still
    // reaches the site's management points and update points, DOMAIN.md section 3).
    // Internet-only groups reach only cloud services, intranet groups no CMG.
    // A site system reaching a client (Wake On LAN) is the assigned site's.
    template <typename Each>
    void assigned(const CompiledRow& r, int n, bool asSource, int other, Each&& each) const
    {
        const FlowIndex::NodeEntry& self = *index.node(n);
        const bool selfIsClient = asSource == r.clientIsSource;
        const int systemRole = r.clientIsSource ? r.destinationRole : r.sourceRole;
        const Placement placement = index.catalog().role(systemRole).placement;
        const bool cmg = index.catalog().role(systemRole).id == u"cmg";
        const auto reaches = [&](const FlowIndex::NodeEntry& group, int system) {
            const bool internet = index.nodeValue(group, internetOption) != 0;
            if (internet ? placement != Placement::Cloud : cmg)
                return false;
            if (!r.clientIsSource || group.boundary.empty())
                return true;
            if (std::find(group.boundary.begin(), group.boundary.end(), system) != group.boundary.end())
                return true;
            return std::none_of(group.boundary.begin(), group.boundary.end(),
                                [&](int listed) { return index.matches(listed, systemRole); });
        };
        if (selfIsClient) {
            if (!self.isGroup || self.site < 0)
                return;
            const auto keep = [&](int p) {
                return reaches(self, p);
            };
            each(index.siteNodesWithRole(self.site, other), keep);
            if (r.clientIsSource)
                for (int child : index.site(self.site)->children)
                    if (index.site(child)->secondary)
                        each(index.siteNodesWithRole(child, other), keep);
            return;
        }
        if (self.site < 0)
            return;
        const auto keep = [&](int p) {
            const FlowIndex::NodeEntry* group = index.node(p);
            return group->isGroup && reaches(*group, n);
        };
        each(index.siteNodesWithRole(self.site, other), keep);
        const FlowIndex::SiteEntry* site = index.site(self.site);
        if (r.clientIsSource && site->secondary && site->parent >= 0)
            each(index.siteNodesWithRole(site->parent, other), keep);
    }

    // For a full computation: for each row from a client group to the site systems of its
    // assigned site (Scope::Assigned), and each site, the systems of that site and of the
    // secondaries beneath it whose own conditions hold, in the order assigned() visits them.
    // They are the same for every group of the site: a group then narrows them by its own
    // settings and boundary group instead of testing each system of the site for each row.
    // Built before the nodes are shared out among threads, and read only while they run.
    struct Reachable
    {
        std::vector<int> systems;
        std::vector<std::pair<int, int>> byId; // (system, its place in systems), sorted
    };
    std::vector<int> reachableSlot;   // compiled row -> its slot, or -1
    std::vector<int> reachableSite;   // site id -> its place among the sites with client groups, or -1
    std::vector<Reachable> reachable; // site place * slots + slot
    int reachableSlots = 0;
    bool useReachable = false;

    const Reachable& reachableFrom(int rowIndex, int site) const
    {
        return reachable[size_t(reachableSite[size_t(site)]) * size_t(reachableSlots) +
                         size_t(reachableSlot[size_t(rowIndex)])];
    }

    void prepareReachable()
    {
        const auto& rows = index.rows();
        reachableSlot.assign(rows.size(), -1);
        reachableSlots = 0;
        for (size_t i = 0; i < rows.size(); ++i)
            if (rows[i].row->scope == Scope::Assigned && rows[i].clientIsSource)
                reachableSlot[i] = reachableSlots++;
        // Site ids share the numbering with nodes: only the sites that have members
        // on the client side of such a row get a place.
        reachableSite.assign(size_t(index.siteLimit()), -1);
        int places = 0;
        for (int s = 0; s < index.siteLimit(); ++s) {
            const FlowIndex::SiteEntry* site = index.site(s);
            for (size_t i = 0; site && i < rows.size() && reachableSite[size_t(s)] < 0; ++i)
                if (reachableSlot[i] >= 0 && !site->byRole[size_t(rows[i].sourceRole)].empty())
                    reachableSite[size_t(s)] = places++;
        }
        reachable.assign(size_t(places) * size_t(reachableSlots), {});
        for (int s = 0; s < index.siteLimit(); ++s) {
            if (reachableSite[size_t(s)] < 0)
                continue;
            const FlowIndex::SiteEntry* site = index.site(s);
            for (size_t i = 0; i < rows.size(); ++i) {
                if (reachableSlot[i] < 0 || site->byRole[size_t(rows[i].sourceRole)].empty())
                    continue;
                const CompiledRow& r = rows[i];
                Reachable& t = reachable[size_t(reachableSite[size_t(s)]) * size_t(reachableSlots) +
                                         size_t(reachableSlot[i])];
                const auto add = [&](const std::vector<int>& systems) {
                    // The destination's conditions read the destination and its site only.
                    for (int d : systems)
                        if (holds(r.whenDestination, index, d, d))
                            t.systems.push_back(d);
                };
                add(site->byRole[size_t(r.destinationRole)]);
                for (int child : site->children)
                    if (index.site(child)->secondary)
                        add(index.siteNodesWithRole(child, r.destinationRole));
                for (size_t k = 0; k < t.systems.size(); ++k)
                    t.byId.emplace_back(t.systems[k], int(k));
                std::sort(t.byId.begin(), t.byId.end());
            }
        }
    }

    // assigned() for a client group as the source, from the prepared lists: the same
    // pairs in the same order.
    void reachFromGroup(const CompiledRow& r, int rowIndex, int n, std::vector<Flow>& flows) const
    {
        const FlowIndex::NodeEntry& self = *index.node(n);
        if (!self.isGroup || self.site < 0)
            return;
        const RoleInfo& system = index.catalog().role(r.destinationRole);
        const bool internet = index.nodeValue(self, internetOption) != 0;
        if (internet ? system.placement != Placement::Cloud : system.id == u"cmg")
            return;
        const Reachable& t = reachableFrom(rowIndex, self.site);
        // A boundary group that lists systems of this role narrows the group to those it lists.
        const bool listed = std::any_of(self.boundary.begin(), self.boundary.end(),
                                        [&](int b) { return index.matches(b, r.destinationRole); });
        if (!listed) {
            for (int d : t.systems)
                tryPair(r, n, d, flows, Pending::Neither);
            return;
        }
        std::vector<int> places;
        for (int b : self.boundary) {
            const auto it = std::lower_bound(t.byId.begin(), t.byId.end(), std::pair{b, -1});
            if (it != t.byId.end() && it->first == b)
                places.push_back(it->second);
        }
        std::sort(places.begin(), places.end());
        places.erase(std::unique(places.begin(), places.end()), places.end());
        for (int place : places)
            tryPair(r, n, t.systems[size_t(place)], flows, Pending::Neither);
    }

    void generateFrom(int n)
    {
        // Made in a buffer of the thread's own, then copied once at its size: a list grown
        // flow by flow took a dozen allocations and held up to twice its size.
        thread_local std::vector<Flow> flows;
        flows.clear();
        generateFrom(n, flows);
        std::vector<Flow>& into = out[size_t(n)];
        into.insert(into.end(), flows.begin(), flows.end());
    }

    // With `see`, stops after the first catalog row whose flows it returns true for.
    void generateFrom(int n, std::vector<Flow>& flows, const FlowsSeen* see = nullptr) const
    {
        for (int role = 0; role < index.roleCount(); ++role) {
            if (!index.matches(n, role))
                continue;
            for (int rowIndex : index.rowsWithSource(role)) {
                const CompiledRow& r = index.rows()[size_t(rowIndex)];
                if (!holds(r.whenSource, index, n, n))
                    continue;
                const size_t before = flows.size();
                if (useReachable && reachableSlot[size_t(rowIndex)] >= 0)
                    reachFromGroup(r, rowIndex, n, flows);
                else
                    forEachPair(r, n, true,
                                [&](int s, int d) { tryPair(r, s, d, flows, Pending::Destination); });
                if (see && flows.size() > before && (*see)(std::span(flows).subspan(before)))
                    return;
            }
        }
    }

    // Every node's flows. Each node writes only its own list, so a large design is
    // shared out among the processor's cores in blocks; a small one is not worth a thread.
    void generateAll()
    {
        prepareReachable();
        useReachable = true;
        const int limit = index.nodeLimit();
        constexpr int kBlock = 64;
        constexpr int kPerThread = 2000;
        const int threads = std::clamp(int(std::thread::hardware_concurrency()), 1, 8);
        const int workers = std::min(threads, limit / kPerThread + 1);
        std::atomic<int> next{0};
        const auto work = [&] {
            for (int start = next.fetch_add(kBlock); start < limit; start = next.fetch_add(kBlock))
                for (int n = start; n < std::min(start + kBlock, limit); ++n)
                    if (index.node(n))
                        generateFrom(n);
        };
        std::vector<std::thread> helpers;
        for (int i = 1; i < workers; ++i)
            helpers.emplace_back(work);
        work();
        for (std::thread& t : helpers)
            t.join();
        useReachable = false;
        reachable.clear();
    }

    // Calls pair(row, s, n) for every pair of a row that ends at n, n's own conditions holding.
    template <typename F> void forEachPairInto(int n, F&& pair) const
    {
        for (int role = 0; role < index.roleCount(); ++role) {
            if (!index.matches(n, role))
                continue;
            for (int rowIndex : index.rowsWithDestination(role)) {
                const CompiledRow& r = index.rows()[size_t(rowIndex)];
                if (holds(r.whenDestination, index, n, n))
                    forEachPair(r, n, false, [&](int s, int d) { pair(r, s, d); });
            }
        }
    }

    // Flows into n from sources that are not themselves being regenerated.
    void generateInto(int n)
    {
        forEachPairInto(n, [&](const CompiledRow& r, int s, int d) {
            if (!dirty[size_t(s)])
                tryPair(r, s, d, out[size_t(s)], Pending::Source);
        });
    }

    void noteIncoming(int source, size_t from)
    {
        std::vector<Flow>& flows = out[size_t(source)];
        int last = -1;
        for (size_t i = from; i < flows.size(); ++i) {
            const int d = flows[i].destination;
            if (d == last)
                continue;
            last = d;
            std::vector<int>& sources = in[size_t(d)];
            if (sources.empty() || sources.back() != source)
                sources.push_back(source);
        }
    }

    int internetOption = -1;
    int proxyPortOption = -1;
};

QString flowLabel(const std::vector<Flow>& flows)
{
    QStringList parts;
    for (Protocol protocol : {Protocol::Tcp, Protocol::Udp, Protocol::Icmp}) {
        std::vector<PortSpec> ports;
        for (const Flow& f : flows)
            if (f.protocol == protocol)
                ports.push_back(f.port);
        if (ports.empty())
            continue;
        std::sort(ports.begin(), ports.end(), [](const PortSpec& a, const PortSpec& b) {
            return std::tie(a.first, a.last) < std::tie(b.first, b.last);
        });
        ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
        if (protocol == Protocol::Icmp) {
            parts << u"ICMP"_s;
            continue;
        }
        QStringList texts;
        for (const PortSpec& p : ports)
            texts << p.toString();
        parts << protocolName(protocol) + u' ' + texts.join(u", ");
    }
    return parts.join(u"; ");
}

FlowEngine::FlowEngine(const Document& document, Compute compute, QObject* parent)
    : QObject(parent), d(std::make_unique<Impl>(document.catalog())), m_document(document), m_compute(compute)
{
    const Catalog& catalog = document.catalog();
    d->internetOption = int(catalog.option(u"group.internet") - catalog.options().data());
    d->proxyPortOption = int(catalog.option(u"design.proxyPort") - catalog.options().data());
    if (compute == Compute::OnDemand) {
        // The index and each site's reachable systems, kept for the engine's life.
        d->index.rebuild(m_document);
        d->prepareReachable();
        d->useReachable = true;
        return;
    }
    connectDocument();
    recomputeAll();
}

void FlowEngine::flowsFromNode(int node, std::vector<Flow>& into) const
{
    into.clear();
    if (d->index.node(node))
        d->generateFrom(node, into);
}

void FlowEngine::visitFlowsFrom(int node, const FlowsSeen& see) const
{
    if (m_compute == Compute::All) {
        if (const std::vector<Flow>& kept = flowsFrom(node); !kept.empty())
            see(kept);
        return;
    }
    thread_local std::vector<Flow> made; // reused: a check asks for every client group's
    made.clear();
    if (d->index.node(node))
        d->generateFrom(node, made, &see);
}

void FlowEngine::flowsIntoNode(int node, std::vector<Flow>& into) const
{
    if (m_compute == Compute::All) {
        into = flowsInto(node);
        return;
    }
    into.clear();
    if (!d->index.node(node))
        return;
    if (node == d->index.proxy()) {
        // Every internet-bound flow of the design is redirected to the proxy: only a look at
        // every source finds them.
        std::vector<Flow> from;
        for (int s = 0; s < d->index.nodeLimit(); ++s) {
            flowsFromNode(s, from);
            std::copy_if(from.begin(), from.end(), std::back_inserter(into),
                         [&](const Flow& f) { return f.destination == node; });
        }
        return;
    }
    // The pairs that end at the node, as a recomputation of the node makes them.
    d->forEachPairInto(
        node, [&](const CompiledRow& r, int s, int t) { d->tryPair(r, s, t, into, Impl::Pending::Source); });
    // An internet-bound row's flow goes to the proxy instead; and the node's flows to itself (a
    // client group's peer cache) come from its own side only, as in a recomputation.
    std::erase_if(into, [&](const Flow& f) { return f.destination != node || f.source == node; });
    std::vector<Flow> own;
    d->generateFrom(node, own);
    std::copy_if(own.begin(), own.end(), std::back_inserter(into),
                 [&](const Flow& f) { return f.destination == node; });
}

FlowEngine::~FlowEngine() = default;

void FlowEngine::connectDocument()
{
    const Document* doc = &m_document;
    connect(doc, &Document::documentReset, this, &FlowEngine::recomputeAll);
    connect(doc, &Document::optionsChanged, this, &FlowEngine::recomputeAll);
    connect(doc, &Document::nodeAdded, this, [this](int id) { nodeEvent(id, nullptr); });
    connect(doc, &Document::nodeChanged, this,
            [this](int id, const Node& before) { nodeEvent(id, &before); });
    connect(doc, &Document::nodeRemoved, this, [this](const Node& before) { nodeEvent(before.id, &before); });
    connect(doc, &Document::siteAdded, this, [this](int id) { siteEvent(*m_document.site(id), -1); });
    connect(doc, &Document::siteChanged, this,
            [this](int id, const Site& before) { siteEvent(*m_document.site(id), before.parent); });
    connect(doc, &Document::siteRemoved, this, [this](const Site& before) { siteEvent(before, -1); });
    connect(doc, &Document::linkAdded, this, [this](int id) { linkEvent(*m_document.link(id)); });
    connect(doc, &Document::linkRemoved, this, &FlowEngine::linkEvent);
}

void FlowEngine::nodeEvent(int id, const Node* before)
{
    // A boundary group narrows its clients per role: when a system it lists gains,
    // loses or changes roles, the groups listing it reach other systems.
    QSet<int> nodes{id};
    if (const FlowIndex::NodeEntry* entry = d->index.node(id))
        for (int group : entry->boundedBy)
            nodes.insert(group);
    // Internet-bound endpoints and the proxy redirect flows of many nodes.
    bool wide = d->index.touchesInternet(id);
    if (before)
        for (int r : m_document.effectiveRoles(*before))
            wide = wide || m_document.catalog().role(r).internetBound ||
                   m_document.catalog().role(r).id == u"proxy_server";
    if (const Node* now = m_document.node(id))
        for (int r : m_document.effectiveRoles(*now))
            wide = wide || m_document.catalog().role(r).internetBound ||
                   m_document.catalog().role(r).id == u"proxy_server";
    if (wide)
        recomputeAll();
    else
        recomputeNodes(nodes, true);
}

void FlowEngine::siteEvent(const Site& site, int oldParent)
{
    QSet<int> sites{site.id, site.parent, oldParent};
    for (const auto& [id, s] : m_document.sites())
        if (s.parent == site.id)
            sites.insert(id);
    QSet<int> nodes;
    for (const auto& [id, n] : m_document.nodes())
        if (sites.contains(n.site))
            nodes.insert(id);
    // Nodes still indexed in the site (it may just have been removed).
    for (int id = 0; id < d->index.nodeLimit(); ++id)
        if (const auto* n = d->index.node(id); n && sites.contains(n->site))
            nodes.insert(id);
    recompute(nodes);
}

void FlowEngine::linkEvent(const Link& link)
{
    // Only its two ends' entries change: a whole rebuild of the index cost a large design
    // milliseconds per link (a deleted server's links go one by one).
    d->index.updateLinksOf(m_document, link.from, link.to);
    recomputeNodes({link.from, link.to}, true);
}

void FlowEngine::recomputeAll()
{
    d->index.rebuild(m_document);
    const size_t limit = size_t(d->index.nodeLimit());
    d->out.assign(limit, {});
    d->in.assign(limit, {});
    d->dirty.assign(limit, 1);
    d->generateAll();
    for (int n = 0; n < int(limit); ++n)
        d->noteIncoming(n, 0);
    m_lastRecomputed = int(m_document.nodes().size());
    Q_EMIT flowsChanged({});
}

void FlowEngine::recompute(const QSet<int>& nodes)
{
    recomputeNodes(nodes, false);
}

void FlowEngine::recomputeNodes(const QSet<int>& nodes, bool onlyTheseNodesChanged)
{
    const size_t oldLimit = d->out.size();
    // Forget what the dirty nodes had, in and out, before the index changes.
    d->dirty.assign(std::max(oldLimit, size_t(m_document.nextId())), 0);
    for (int n : nodes)
        if (n >= 0 && size_t(n) < d->dirty.size())
            d->dirty[size_t(n)] = 1;
    for (int n : nodes) {
        if (n < 0 || size_t(n) >= oldLimit)
            continue;
        for (int s : d->in[size_t(n)]) {
            if (d->dirty[size_t(s)])
                continue;
            auto& flows = d->out[size_t(s)];
            flows.erase(std::remove_if(flows.begin(), flows.end(),
                                       [&](const Flow& f) { return d->dirty[size_t(f.destination)] != 0; }),
                        flows.end());
        }
        for (const Flow& f : d->out[size_t(n)]) {
            auto& sources = d->in[size_t(f.destination)];
            sources.erase(std::remove(sources.begin(), sources.end(), n), sources.end());
        }
        d->out[size_t(n)].clear();
        d->in[size_t(n)].clear();
    }

    if (onlyTheseNodesChanged)
        for (int n : nodes)
            d->index.updateNode(m_document, n);
    else
        d->index.rebuild(m_document);
    const size_t limit = size_t(d->index.nodeLimit());
    d->out.resize(std::max(limit, oldLimit));
    d->in.resize(std::max(limit, oldLimit));
    d->dirty.resize(std::max(limit, oldLimit), 0);
    QList<int> changed;
    std::vector<size_t> before(d->out.size());
    for (size_t i = 0; i < d->out.size(); ++i)
        before[i] = d->out[i].size();
    for (int n : nodes) {
        if (!d->index.node(n))
            continue;
        d->generateFrom(n);
        d->generateInto(n);
    }
    // Record who now sends to whom, for the next incremental pass.
    for (size_t s = 0; s < d->out.size(); ++s) {
        if (d->out[s].size() == before[s] && !d->dirty[s])
            continue;
        d->noteIncoming(int(s), d->dirty[s] ? 0 : before[s]);
    }
    for (int n : nodes)
        changed << n;
    m_lastRecomputed = int(nodes.size());
    Q_EMIT flowsChanged(changed);
}

std::vector<Flow> FlowEngine::flows() const
{
    std::vector<Flow> all;
    all.reserve(flowCount());
    for (const auto& flows : d->out)
        all.insert(all.end(), flows.begin(), flows.end());
    return all;
}

const std::vector<Flow>& FlowEngine::flowsFrom(int node) const
{
    static const std::vector<Flow> none;
    return node >= 0 && size_t(node) < d->out.size() ? d->out[size_t(node)] : none;
}

std::vector<Flow> FlowEngine::flowsInto(int destination) const
{
    std::vector<Flow> result;
    if (destination < 0 || size_t(destination) >= d->in.size())
        return result;
    std::vector<int> sources = d->in[size_t(destination)];
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    for (int s : sources)
        for (const Flow& f : d->out[size_t(s)])
            if (f.destination == destination)
                result.push_back(f);
    return result;
}

std::vector<Flow> FlowEngine::flowsBetween(int source, int destination) const
{
    std::vector<Flow> result;
    for (const Flow& f : flowsFrom(source))
        if (f.destination == destination)
            result.push_back(f);
    return result;
}

std::vector<Edge> FlowEngine::edges() const
{
    std::vector<Edge> result;
    for (const auto& flows : d->out) {
        std::vector<Flow> sorted;
        for (const Flow& f : flows)
            if (!f.local && f.source != f.destination)
                sorted.push_back(f);
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const Flow& a, const Flow& b) { return a.destination < b.destination; });
        for (const Flow& f : sorted) {
            if (result.empty() || result.back().source != f.source ||
                result.back().destination != f.destination)
                result.push_back({f.source, f.destination, {}});
            result.back().flows.push_back(f);
        }
    }
    return result;
}

size_t FlowEngine::flowCount() const
{
    size_t count = 0;
    for (const auto& flows : d->out)
        count += flows.size();
    return count;
}

} // namespace portolan
