#include "autolayout.h"

#include "design/designrules.h"
#include "design/document.h"
#include "flows/flowengine.h"

#include <QLineF>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <vector>

namespace portolan {

namespace {

constexpr qreal kGrid = 20;
// The widest single row of top-level sites; beyond it they wrap into rows.
constexpr qreal kMaxSingleRow = DesignRules::kMaxCoordinate / 4;
// Up to this many nodes, the flows between them order the rows (a larger design orders them by
// its links alone: its flows would cost more than the whole layout).
constexpr size_t kFlowPeersLimit = 500;
// Up to this many lines, the sweeps are judged by their crossings (the best is kept) ...
constexpr size_t kCountedLines = 400;
// ... and, up to this much work (lines squared, times the swaps tried in a pass), orders are
// improved by swaps that make the straight lines between the boxes cross less.
constexpr double kSwapWork = 4e6;
// Deeper than any hierarchy (CAS, primary, secondary): where a walk up the parents gives up.
constexpr int kMaxDepth = 16;

// A site with more servers or client groups than rows of the usual width can hold
// within what a file holds gets wider rows.
int mostColumns(qsizetype count, int usual)
{
    return std::max(usual, int(std::ceil(std::sqrt(qreal(count) / 200))));
}

qreal snapDown(qreal v)
{
    return std::floor(v / kGrid) * kGrid;
}

int columnsFor(qsizetype count, qreal spread, int least, int most)
{
    if (count <= 0)
        return 1;
    const int wanted = int(std::ceil(std::sqrt(qreal(count) * spread)));
    return int(std::min<qsizetype>(count, std::clamp(std::max(wanted, least), 1, most)));
}

// A site with everything that hangs under it, measured before it is placed.
struct Block
{
    int serverColumns = 1;
    int serverRows = 0;
    qreal frameWidth = 0;
    qreal frameHeight = 0;
    int groupColumns = 1;
    int groupRows = 0;
    qreal bandWidth = 0;
    qreal bandHeight = 0;
    std::vector<std::vector<int>> childRows; // child sites, row by row
    std::vector<qreal> rowWidths, rowHeights;
    qreal width = 0;
    qreal height = 0;
};

// Which site's systems serve each client group: the site most of its boundary links
// reach, else the site it is assigned to; -1 when neither exists. Calls f(group, site) for each.
template <typename F> void forEachServingSite(const Document& doc, F&& f)
{
    // (group, site) per boundary link, sorted, then counted in runs: flat, as the canvas asks for
    // it after each edit of a large design (a map per client group cost it 8 ms).
    std::vector<std::pair<int, int>> served;
    served.reserve(doc.links().size());
    for (const auto& [id, l] : doc.links()) {
        if (l.kind != LinkKind::Boundary)
            continue;
        const Node* to = doc.node(l.to);
        if (to && doc.site(to->site))
            served.emplace_back(l.from, to->site);
    }
    std::sort(served.begin(), served.end());
    auto next = served.begin();
    for (const auto& [id, n] : doc.nodes()) { // by id, as served is
        if (n.kind != NodeKind::ClientGroup)
            continue;
        while (next != served.end() && next->first < id)
            ++next;
        // The site most links reach; on a tie the lowest id (the sites come in ascending order).
        int site = doc.site(n.site) ? n.site : -1;
        int best = 0;
        while (next != served.end() && next->first == id) {
            const auto run = std::find_if(next, served.end(), [&](const auto& p) { return p != *next; });
            if (const int count = int(run - next); count > best) {
                best = count;
                site = next->second;
            }
            next = run;
        }
        f(id, site);
    }
}

QHash<int, int> servingSites(const Document& doc)
{
    QHash<int, int> result;
    forEachServingSite(doc, [&](int group, int site) { result.insert(group, site); });
    return result;
}

class Layouter
{
public:
    Layouter(const Document& document, const LayoutOptions& options) : m_doc(document), m_o(options) {}

    Layout run()
    {
        classify();
        for (const auto& [id, s] : m_doc.sites())
            if (!m_doc.site(s.parent) || s.parent == id)
                m_roots.push_back(id);
        sortSites(m_roots);
        placeAll(true);
        order();
        // Whatever the shape, nothing goes past what a file holds (the design would not save).
        for (QPointF& p : m_result.nodes)
            p = DesignRules::clampPosition(p);
        for (QRectF& f : m_result.frames)
            f = DesignRules::clampFrame(f);
        return std::move(m_result);
    }

    // Blocks in rows, as many per row as keeps the whole near the screen's shape.
    // Every row count is tried for a few blocks; for many, a geometric series of
    // them, so that thousands of sites stay O(n log n).
    std::vector<std::vector<int>> arrangeRows(const std::vector<int>& children, qreal top, qreal minWidth = 0)
    {
        size_t bestPerRow = std::max<size_t>(children.size(), 1);
        qreal bestScore = std::numeric_limits<qreal>::max();
        for (size_t perRow = 1; perRow <= children.size();
             perRow = children.size() <= 64 ? perRow + 1 : std::max(perRow + 1, perRow * 21 / 20)) {
            qreal width = minWidth;
            qreal height = top;
            for (size_t i = 0; i < children.size(); i += perRow) {
                qreal w = 0, h = 0;
                for (size_t j = i; j < std::min(children.size(), i + perRow); ++j) {
                    w += m_blocks[children[j]].width + (j > i ? m_o.gap : 0);
                    h = std::max(h, m_blocks[children[j]].height);
                }
                width = std::max(width, w);
                height += m_o.gap + h;
            }
            const qreal score = std::abs(std::log(width / height / m_o.aspect));
            if (score < bestScore - 1e-9) {
                bestScore = score;
                bestPerRow = perRow;
            }
        }
        std::vector<std::vector<int>> rows;
        for (size_t i = 0; i < children.size(); i += bestPerRow)
            rows.emplace_back(children.begin() + qsizetype(i),
                              children.begin() + qsizetype(std::min(children.size(), i + bestPerRow)));
        return rows;
    }

private:
    // Measures and places everything in the present orders. The first time, sites caught in a
    // parent cycle (never reached from a root) become roots.
    void placeAll(bool first)
    {
        m_blocks.clear();
        m_result = Layout();
        for (int root : m_roots)
            measure(root);
        if (first)
            for (const auto& [id, s] : m_doc.sites())
                if (!m_blocks.count(id)) {
                    m_roots.push_back(id);
                    measure(id);
                }
        // The top-level sites side by side; so many that the row would not fit in
        // what a file holds (thousands of sites) are wrapped into rows.
        qreal total = 0;
        for (int root : m_roots)
            total += m_blocks[root].width + m_o.gap;
        std::vector<std::vector<int>> rows;
        if (total <= kMaxSingleRow)
            rows.push_back(m_roots);
        else
            rows = arrangeRows(m_roots, 0);
        qreal right = 0;
        qreal y = 0;
        qreal height = 0;
        for (const std::vector<int>& row : rows) {
            qreal x = 0, rowHeight = 0;
            for (int root : row) {
                place(root, x, y);
                x += m_blocks[root].width + m_o.gap;
                rowHeight = std::max(rowHeight, m_blocks[root].height);
            }
            right = std::max(right, x - m_o.gap);
            y += rowHeight + m_o.gap;
            height = y - m_o.gap;
        }
        placeSide(m_left, -m_o.gap - m_o.cellWidth / 2, -m_o.cellWidth, height);
        placeSide(m_right, right + m_o.gap + m_o.cellWidth / 2, m_o.cellWidth, height);
    }

    // Fewer crossing lines: every order the layout is free to choose (sites among their
    // siblings, servers of one role in their frame, client groups in their band, the columns
    // beside the sites within a zone) sorted by where the peers of its members stand (the
    // field's barycentre heuristic), a few sweeps, keeping the best; then, on a design small
    // enough, swaps of two members while the straight lines between the boxes cross less.
    void order()
    {
        collectPeers();
        if (m_lines.empty())
            return;
        collectRuns();
        const double lines = double(m_lines.size());
        const bool counted = m_lines.size() <= kCountedLines;
        int best = counted ? crossings() : 0;
        Orders bestOrders = orders();
        for (int sweep = 0; sweep < (counted ? 4 : 1); ++sweep) {
            sortByPeers();
            placeAll(false);
            if (!counted)
                continue;
            if (const int c = crossings(); c < best) {
                best = c;
                bestOrders = orders();
            }
        }
        if (!counted)
            return;
        setOrders(bestOrders);
        placeAll(false);
        double tries = 0;
        for (const Run& r : m_runs)
            tries += double(r.size) * double(r.size - 1) / 2;
        if (lines * lines * tries > kSwapWork)
            return;
        for (int pass = 0; pass < 8; ++pass) {
            bool better = false;
            for (const Run& r : m_runs)
                for (size_t i = r.begin; i < r.begin + r.size; ++i)
                    for (size_t j = i + 1; j < r.begin + r.size; ++j) {
                        std::swap((*r.list)[i], (*r.list)[j]);
                        placeAll(false);
                        if (const int c = crossings(); c < best) {
                            best = c;
                            better = true;
                        } else {
                            std::swap((*r.list)[i], (*r.list)[j]);
                        }
                    }
            placeAll(false);
            if (!better)
                break;
        }
    }

    // Who talks to whom: the flow edges (on a design small enough to compute them here) and
    // the designer's links, each a line of the drawing.
    void collectPeers()
    {
        if (m_doc.nodes().size() <= kFlowPeersLimit) {
            const FlowEngine engine(m_doc);
            for (const Edge& e : engine.edges())
                if (e.source != e.destination)
                    m_lines.emplace_back(e.source, e.destination);
        }
        for (const auto& [id, l] : m_doc.links())
            if (l.from != l.to && m_doc.node(l.from) && m_doc.node(l.to))
                m_lines.emplace_back(l.from, l.to);
        for (const auto& [a, b] : m_lines) {
            m_peers[a].push_back(b);
            m_peers[b].push_back(a);
        }
        // The site block each node is drawn in, and the blocks that hold it (its site's ancestors).
        for (const auto& [site, servers] : m_servers)
            for (int n : servers)
                m_drawnIn[n] = site;
        for (const auto& [site, groups] : m_groups)
            for (int n : groups)
                m_drawnIn[n] = site;
        for (const auto& [n, site] : m_drawnIn) {
            int depth = 0; // a parent cycle ends somewhere
            for (const Site* s = m_doc.site(site); s && depth < kMaxDepth; s = m_doc.site(s->parent), ++depth)
                m_blockNodes[s->id].push_back(n);
        }
    }

    // A stretch of a list whose members may trade places.
    struct Run
    {
        std::vector<int>* list;
        size_t begin;
        size_t size;
        bool sites = false;  // site blocks, along a row
        bool column = false; // boxes down a side column
    };

    void collectRuns()
    {
        const auto addRuns = [this](std::vector<int>& list, auto&& key, bool sites = false,
                                    bool column = false) {
            for (size_t i = 0; i < list.size();) {
                size_t j = i + 1;
                while (j < list.size() && key(list[j]) == key(list[i]))
                    ++j;
                if (j - i > 1)
                    m_runs.push_back({&list, i, j - i, sites, column});
                i = j;
            }
        };
        const auto same = [](int) {
            return 0;
        };
        addRuns(m_roots, same, true);
        for (auto& [site, children] : m_children)
            addRuns(children, same, true);
        for (auto& [site, servers] : m_servers)
            addRuns(servers, [this](int n) { return mainRole(*m_doc.node(n)); });
        for (auto& [site, groups] : m_groups)
            addRuns(groups, same);
        const auto zoneAndKind = [this](int n) {
            const Node& x = *m_doc.node(n);
            return std::pair(x.zone, int(x.kind));
        };
        addRuns(m_left, zoneAndKind, false, true);
        addRuns(m_right, zoneAndKind, false, true);
    }

    using Orders = std::vector<std::vector<int>>;
    Orders orders() const
    {
        Orders result;
        for (const Run& r : m_runs)
            result.emplace_back(r.list->begin() + qsizetype(r.begin),
                                r.list->begin() + qsizetype(r.begin + r.size));
        return result;
    }
    void setOrders(const Orders& orders)
    {
        for (size_t i = 0; i < m_runs.size(); ++i)
            std::copy(orders[i].begin(), orders[i].end(),
                      m_runs[i].list->begin() + qsizetype(m_runs[i].begin));
    }

    // Each run sorted by the mean place of its members' peers (x along a row, y down a side
    // column); a member without peers keeps its own place.
    void sortByPeers()
    {
        for (const Run& r : m_runs) {
            std::vector<std::pair<qreal, int>> keyed;
            for (size_t i = r.begin; i < r.begin + r.size; ++i)
                keyed.emplace_back(barycentre(r, (*r.list)[i]), (*r.list)[i]);
            std::stable_sort(keyed.begin(), keyed.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            for (size_t i = 0; i < r.size; ++i)
                (*r.list)[r.begin + i] = keyed[i].second;
        }
    }

    qreal barycentre(const Run& run, int member) const
    {
        qreal sum = 0;
        int count = 0;
        const auto add = [&](int self, int block) {
            const auto peers = m_peers.find(self);
            if (peers == m_peers.end())
                return;
            for (int peer : peers->second) {
                if (block >= 0 && holds(block, peer))
                    continue;
                const QPointF p = m_result.nodes.value(peer);
                sum += run.column ? p.y() : p.x();
                ++count;
            }
        };
        if (run.sites) {
            // A site block: the peers outside it of everything it holds.
            if (const auto nodes = m_blockNodes.find(member); nodes != m_blockNodes.end())
                for (int n : nodes->second)
                    add(n, member);
            return count ? sum / count : m_result.frames.value(member).center().x();
        }
        add(member, -1);
        const QPointF own = m_result.nodes.value(member);
        return count ? sum / count : (run.column ? own.y() : own.x());
    }

    // Whether a site's block draws a node: the node's site is that site or under it.
    bool holds(int block, int node) const
    {
        const auto in = m_drawnIn.find(node);
        if (in == m_drawnIn.end())
            return false;
        int depth = 0;
        for (const Site* s = m_doc.site(in->second); s && depth < kMaxDepth;
             s = m_doc.site(s->parent), ++depth)
            if (s->id == block)
                return true;
        return false;
    }

    // Points where two straight lines between box centres cross (lines meeting at a box do not).
    int crossings() const
    {
        std::vector<QLineF> lines;
        std::vector<QRectF> bounds;
        lines.reserve(m_lines.size());
        for (const auto& [a, b] : m_lines) {
            lines.emplace_back(m_result.nodes.value(a), m_result.nodes.value(b));
            bounds.push_back(
                QRectF(lines.back().p1(), lines.back().p2()).normalized().adjusted(-1, -1, 1, 1));
        }
        int count = 0;
        for (size_t i = 0; i < lines.size(); ++i)
            for (size_t j = i + 1; j < lines.size(); ++j) {
                if (!bounds[i].intersects(bounds[j]))
                    continue;
                QPointF at;
                if (lines[i].intersects(lines[j], &at) != QLineF::BoundedIntersection)
                    continue;
                bool end = false;
                for (const QPointF& e : {lines[i].p1(), lines[i].p2(), lines[j].p1(), lines[j].p2()})
                    end = end || QLineF(at, e).length() < 0.5;
                count += !end;
            }
        return count;
    }

    static int mainRole(const Node& n)
    {
        return n.roles.isEmpty() ? 1 << 20 : *std::min_element(n.roles.begin(), n.roles.end());
    }

    void classify()
    {
        const QHash<int, int> serving = servingSites(m_doc);
        for (const auto& [id, n] : m_doc.nodes()) {
            switch (n.kind) {
            case NodeKind::Server:
                (m_doc.site(n.site) ? m_servers[n.site] : m_left).push_back(id);
                break;
            case NodeKind::ClientGroup: {
                const int site = serving.value(id, -1);
                (site >= 0 ? m_groups[site] : m_left).push_back(id);
                break;
            }
            case NodeKind::Console:
                m_left.push_back(id);
                break;
            case NodeKind::Endpoint:
                m_right.push_back(id);
                break;
            }
        }
        for (auto& [site, servers] : m_servers)
            std::sort(servers.begin(), servers.end(), [this](int a, int b) {
                const int rx = mainRole(*m_doc.node(a));
                const int ry = mainRole(*m_doc.node(b));
                return rx != ry ? rx < ry : byName(a, b);
            });
        for (auto& [site, groups] : m_groups)
            std::sort(groups.begin(), groups.end(), [this](int a, int b) { return byName(a, b); });
        for (const auto& [id, s] : m_doc.sites())
            if (m_doc.site(s.parent) && s.parent != id)
                m_children[s.parent].push_back(id);
        for (auto& [parent, children] : m_children)
            sortSites(children);
        sortSide(m_left);
        sortSide(m_right);
    }

    void sortSide(std::vector<int>& nodes) const
    {
        std::sort(nodes.begin(), nodes.end(), [this](int a, int b) {
            const Node& x = *m_doc.node(a);
            const Node& y = *m_doc.node(b);
            if (x.zone != y.zone)
                return zoneName(x.zone) < zoneName(y.zone);
            if (x.kind != y.kind)
                return int(x.kind) < int(y.kind);
            return byName(a, b);
        });
    }

    bool byName(int a, int b) const
    {
        const int c = QString::compare(m_doc.node(a)->name, m_doc.node(b)->name, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a < b;
    }

    void sortSites(std::vector<int>& sites) const
    {
        std::sort(sites.begin(), sites.end(), [this](int a, int b) {
            const Site& x = *m_doc.site(a);
            const Site& y = *m_doc.site(b);
            if (x.kind != y.kind)
                return int(x.kind) < int(y.kind);
            const int c = QString::compare(x.code, y.code, Qt::CaseInsensitive);
            return c != 0 ? c < 0 : a < b;
        });
    }

    void measure(int site)
    {
        Block& b = m_blocks[site]; // inserted first: a parent cycle stops here
        const auto servers = qsizetype(m_servers[site].size());
        b.serverColumns = columnsFor(servers, 1.5, 1, mostColumns(servers, m_o.maxServerColumns));
        b.serverRows = int((servers + b.serverColumns - 1) / b.serverColumns);
        b.frameWidth = std::max(m_o.minFrameWidth, b.serverColumns * m_o.cellWidth);
        b.frameHeight = rowOffset() + std::max(0, b.serverRows - 1) * m_o.cellHeight +
                        m_o.nodeSize.height() / 2 + m_o.padding + kGrid / 2;
        const auto groups = qsizetype(m_groups[site].size());
        b.groupColumns = columnsFor(groups, 2.0, b.serverColumns, mostColumns(groups, m_o.maxGroupColumns));
        b.groupRows = int((groups + b.groupColumns - 1) / b.groupColumns);
        b.bandWidth = groups ? b.groupColumns * m_o.cellWidth : 0;
        b.bandHeight = groups ? (b.groupRows - 1) * m_o.cellHeight + m_o.nodeSize.height() : 0;

        std::vector<int> children;
        for (int child : m_children[site])
            if (!m_blocks.count(child)) {
                measure(child);
                children.push_back(child);
            }
        // Child sites in rows: as many per row as keeps the block near the screen's shape,
        // so that a hierarchy of 25 primaries is not a strip 300 boxes wide.
        Block& me = b; // unordered_map keeps references valid while children are inserted
        const qreal top = me.frameHeight + (groups ? m_o.gap + me.bandHeight : 0);
        for (std::vector<int>& row : arrangeRows(children, top, std::max(me.frameWidth, me.bandWidth))) {
            qreal w = 0;
            qreal h = 0;
            for (int child : row) {
                w += m_blocks[child].width;
                h = std::max(h, m_blocks[child].height);
            }
            me.rowWidths.push_back(w + m_o.gap * qreal(row.size() - 1));
            me.rowHeights.push_back(h);
            me.childRows.push_back(std::move(row));
        }
        me.width = std::max(me.frameWidth, me.bandWidth);
        me.height = me.frameHeight + (groups ? m_o.gap + me.bandHeight : 0);
        for (size_t r = 0; r < me.childRows.size(); ++r) {
            me.width = std::max(me.width, me.rowWidths[r]);
            me.height += m_o.gap + me.rowHeights[r];
        }
    }

    // From a frame's top to the centre of its first row of servers: title, padding, half a box.
    qreal rowOffset() const { return m_o.title + m_o.padding + m_o.nodeSize.height() / 2 - kGrid / 2; }

    void place(int site, qreal left, qreal top)
    {
        const Block& b = m_blocks[site];
        const qreal frameLeft = left + snapDown((b.width - b.frameWidth) / 2);
        m_result.frames.insert(site, QRectF(frameLeft, top, b.frameWidth, b.frameHeight));
        const std::vector<int>& servers = m_servers[site];
        const qreal gridLeft = frameLeft + snapDown((b.frameWidth - b.serverColumns * m_o.cellWidth) / 2);
        for (size_t i = 0; i < servers.size(); ++i) {
            const int column = int(i) % b.serverColumns;
            const int row = int(i) / b.serverColumns;
            m_result.nodes.insert(servers[i], QPointF(gridLeft + (column + 0.5) * m_o.cellWidth,
                                                      top + rowOffset() + row * m_o.cellHeight));
        }
        qreal y = top + b.frameHeight;
        const std::vector<int>& groups = m_groups[site];
        if (!groups.empty()) {
            y += m_o.gap; // room for the labels of the edges between the groups and their site
            const qreal bandLeft = left + snapDown((b.width - b.bandWidth) / 2);
            for (size_t i = 0; i < groups.size(); ++i) {
                const int column = int(i) % b.groupColumns;
                const int row = int(i) / b.groupColumns;
                m_result.nodes.insert(groups[i],
                                      QPointF(bandLeft + (column + 0.5) * m_o.cellWidth,
                                              y + m_o.nodeSize.height() / 2 + row * m_o.cellHeight));
            }
            y += b.bandHeight;
        }
        for (size_t r = 0; r < b.childRows.size(); ++r) {
            y += m_o.gap;
            qreal x = left + snapDown((b.width - b.rowWidths[r]) / 2);
            for (int child : b.childRows[r]) {
                place(child, x, y);
                x += m_blocks[child].width + m_o.gap;
            }
            y += b.rowHeights[r];
        }
    }

    // Consoles, servers without a site and external endpoints: columns beside the sites,
    // nearest first, grouped by zone with a gap between zones.
    void placeSide(const std::vector<int>& nodes, qreal firstColumn, qreal step, qreal height)
    {
        const int perColumn = std::max(6, int(height / m_o.cellHeight));
        int column = 0;
        int row = 0;
        qreal y = m_o.nodeSize.height() / 2 + kGrid / 2;
        QString zone;
        for (size_t i = 0; i < nodes.size(); ++i) {
            const Node& n = *m_doc.node(nodes[i]);
            if (i > 0 && n.zone != zone) {
                y += m_o.cellHeight / 2; // a visible break between zones
                ++row;
            }
            if (row >= perColumn) {
                ++column;
                row = 0;
                y = m_o.nodeSize.height() / 2 + kGrid / 2;
            }
            zone = n.zone;
            m_result.nodes.insert(nodes[i], QPointF(firstColumn + column * step, y));
            y += m_o.cellHeight;
            ++row;
        }
    }

    QString zoneName(const QString& key) const
    {
        const Zone* z = m_doc.zone(key);
        return z ? z->name : key;
    }

    const Document& m_doc;
    const LayoutOptions& m_o;
    std::unordered_map<int, std::vector<int>> m_servers, m_groups, m_children;
    std::vector<int> m_left, m_right, m_roots;
    std::unordered_map<int, Block> m_blocks;
    Layout m_result;
    std::vector<std::pair<int, int>> m_lines;               // each line drawn: flow edges and links
    std::unordered_map<int, std::vector<int>> m_peers;      // node: the nodes it has a line to
    std::unordered_map<int, int> m_drawnIn;                 // node: the site whose block draws it
    std::unordered_map<int, std::vector<int>> m_blockNodes; // site: the nodes its block holds
    std::vector<Run> m_runs;
};

} // namespace

Layout computeLayout(const Document& document, const LayoutOptions& options)
{
    return Layouter(document, options).run();
}

std::vector<int> drawnSiteTable(const Document& document)
{
    std::vector<int> table(size_t(std::max(document.nextId(), 1)), -1);
    const auto set = [&](int id, int site) {
        if (id >= 0 && size_t(id) < table.size())
            table[size_t(id)] = site;
    };
    forEachServingSite(document, set);
    for (const auto& [id, n] : document.nodes())
        if (n.kind == NodeKind::Server)
            set(id, document.site(n.site) ? n.site : -1);
    return table;
}

bool hasCoordinates(const Document& document)
{
    if (document.nodes().empty() && document.sites().empty())
        return true;
    for (const auto& [id, n] : document.nodes())
        if (!n.position.isNull())
            return true;
    for (const auto& [id, s] : document.sites())
        if (!s.frame.isEmpty())
            return true;
    return false;
}

} // namespace portolan
