#include "drawing/paper/diagramset.h"

#include "design/document.h"
#include "drawing/designrenderer.h"
#include "drawing/paper/paperparts.h"
#include "drawing/paper/papertable.h"
#include "drawing/paper/setbuilder.h"
#include "flows/flowlist.h"

#include <QCoreApplication>
#include <QDate>
#include <QSet>

#include <algorithm>
#include <functional>
#include <limits>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_set>

using namespace Qt::StringLiterals;

namespace portolan {

namespace setbuilding {

QString siteTitle(const Site& s)
{
    return s.name.isEmpty() ? s.code : u"%1 · %2"_s.arg(s.code, s.name);
}

QString safeKey(QString text)
{
    for (QChar& c : text)
        if (!c.isLetterOrNumber() && c != u'-')
            c = u'_';
    return text;
}

namespace {

// A page made each of these ways in turn (make(way, into) adds it to into), the one that prints
// largest kept in `out`: the first that prints readably ends the tries.
void keepLargest(const std::vector<qreal>& ways,
                 const std::function<void(qreal, std::vector<DiagramPage>&)>& make,
                 std::vector<DiagramPage>& out)
{
    for (size_t i = 0; i < ways.size(); ++i) {
        std::vector<DiagramPage> made;
        make(ways[i], made);
        if (i == 0 || made.front().scale > out.back().scale + 1e-9) {
            if (i > 0)
                out.pop_back();
            out.push_back(std::move(made.front()));
        }
        if (out.back().scale >= paper::kSmallestScale - 1e-9)
            return;
    }
}

} // namespace

void SetBuilder::someSitesPairs()
{
    std::unordered_set<int> near;
    for (const auto& [id, n] : m_document.nodes())
        if (const Site* s = m_document.site(n.site); s && m_options.sites.contains(s->code))
            near.insert(id);
    const std::vector<int> inside(near.begin(), near.end());
    for (const int id : inside) {
        for (const Flow& f : m_engine.flowsFrom(id))
            near.insert(f.destination);
        for (const Flow& f : m_engine.flowsInto(id))
            near.insert(f.source);
    }
    std::vector<int> ids(near.begin(), near.end());
    std::sort(ids.begin(), ids.end());
    // As engine.edges() gives them: each source's flows in their order, local ones left out.
    for (const int source : ids) {
        if (!m_document.node(source))
            continue;
        for (const Flow& f : m_engine.flowsFrom(source)) {
            if (f.local || f.source != source || f.destination == source || !near.count(f.destination) ||
                !m_document.node(f.destination))
                continue;
            const auto key = pairKey(source, f.destination);
            m_pairs[key].add(key, source, f);
        }
    }
}

QSizeF SetBuilder::drawingArea() const
{
    return {m_set.pageArea.width(), m_set.pageArea.height() - bandHeight() - kHeading};
}

int SetBuilder::depth(const Site& s) const
{
    int d = 0;
    const Site* at = &s;
    while ((at = m_document.site(at->parent)) && d < 16)
        ++d;
    return d;
}

std::vector<const Site*> SetBuilder::sitesInTierOrder() const
{
    std::vector<const Site*> sites;
    for (const auto& [id, s] : m_document.sites())
        sites.push_back(&s);
    std::stable_sort(sites.begin(), sites.end(), [this](const Site* a, const Site* b) {
        return std::pair(depth(*a), a->code) < std::pair(depth(*b), b->code);
    });
    return sites;
}

const std::vector<int>& SetBuilder::peersOf(int node) const
{
    static const std::vector<int> none;
    const auto it = m_peers.find(node);
    return it == m_peers.end() ? none : it->second;
}

void SetBuilder::runJobs(const std::vector<Job>& jobs, std::vector<DiagramPage>& pages)
{
    std::vector<std::vector<DiagramPage>> made(jobs.size());
    paperparts::inParallel(jobs.size(), [&](size_t i) { jobs[i](made[i]); });
    for (std::vector<DiagramPage>& some : made)
        for (DiagramPage& page : some)
            pages.push_back(std::move(page));
}

DiagramPage& SetBuilder::newPage(std::vector<DiagramPage>& out, DiagramPage::Kind kind, const QString& title,
                                 const QString& subtitle, const QString& key) const
{
    DiagramPage page;
    page.kind = kind;
    page.title = title;
    page.subtitle = subtitle;
    page.key = key;
    page.size = drawingArea();
    out.push_back(std::move(page));
    return out.back();
}

void SetBuilder::sharedPage(const std::vector<int>& hosts, std::vector<DiagramPage>& out) const
{
    // Five hosts a row, fewer where a row of five is too wide to print readably (A4 portrait),
    // while fewer than there are hosts.
    std::vector<qreal> perRow{5};
    for (size_t fewer = 4; fewer >= 2 && hosts.size() > fewer; --fewer)
        perRow.push_back(qreal(fewer));
    keepLargest(
        perRow, [&](qreal row, std::vector<DiagramPage>& into) { sharedPage(hosts, size_t(row), into); },
        out);
}

void SetBuilder::sharedPage(const std::vector<int>& hosts, size_t perRow, std::vector<DiagramPage>& out) const
{
    DiagramPage& page =
        newPage(out, DiagramPage::Kind::Site, u"Shared services and consoles"_s,
                u"Hosts that belong to no site; the site pages draw them as references"_s, u"shared"_s);
    PageBuilder b(m_document, m_pairs, m_peers, page);
    std::vector<std::vector<int>> rows;
    for (size_t at = 0; at < hosts.size(); ++at) {
        if (at % perRow == 0)
            rows.emplace_back();
        rows.back().push_back(b.addHost(hosts[at], false));
    }
    b.placeRows(rows, 0, 0);
    b.addHostEdges();
    // Who uses each shared host: the sites whose pages draw it.
    std::vector<QStringList> usedBy;
    for (const int id : hosts) {
        QSet<QString> sites;
        for (const int peer : peersOf(id))
            if (const Site* s = m_document.site(m_document.node(peer)->site))
                sites.insert(s->code);
        QStringList list(sites.begin(), sites.end());
        list.sort();
        const Node* n = m_document.node(id);
        usedBy.push_back({n->name, n->address,
                          m_document.zone(n->zone) ? m_document.zone(n->zone)->name : QString(),
                          list.join(u", ")});
    }
    // The page's lines rarely need references (the hosts are placed apart): when they do, their
    // rows come first and this list keeps the same four columns.
    page.tableHeader = {u"Host / line"_s, u"Address / from"_s, u"Zone / to"_s,
                        u"Sites that reach it / ports"_s};
    page.table = std::move(usedBy);
    b.finish(page.size, kTableWidth, true);
}

void SetBuilder::overviewPage(std::vector<DiagramPage>& out) const
{
    const std::vector<const Site*> sites = sitesInTierOrder();
    const size_t before = out.size();
    overviewOf(sites, true, u"Overview"_s, u"Sites under their parents and the ports between them"_s,
               u"overview"_s, out);
    if (out[before].scale >= paper::kSmallestScale - 1e-9)
        return;
    // Too many sites for one readable sheet: the sites under the top (the central administration
    // site and its primaries) on the first, then each primary with the sites under it on its own.
    std::vector<const Site*> top;
    std::map<const Site*, std::vector<const Site*>> under;
    for (const Site* s : sites) {
        const Site* first = s; // the site under the top that s is under (or is)
        while (depth(*first) > 1)
            first = m_document.site(first->parent);
        if (first == s)
            top.push_back(s);
        else
            under[first].push_back(s);
    }
    if (under.empty())
        return;
    out.resize(before);
    // Sites (after the one each page repeats, if any) over as many pages as keep them readable.
    const auto overPages = [&](const Site* head, const std::vector<const Site*>& all, bool withTable,
                               const QString& title, const QString& subtitle, const QString& key) {
        std::vector<DiagramPage> pages;
        std::vector<DiagramPage> table; // the zone table's own page, after the first
        size_t run = all.size();
        for (size_t at = 0; at < all.size();) {
            std::vector<const Site*> these;
            if (head)
                these.push_back(head);
            const size_t first = these.size();
            these.insert(these.end(), all.begin() + qsizetype(at),
                         all.begin() + qsizetype(std::min(all.size(), at + run)));
            std::vector<DiagramPage> made;
            const bool apart = overviewOf(these, withTable && pages.empty(), title, subtitle, key, made);
            const qreal scale = made.front().scale;
            if (scale < paper::kSmallestScale - 1e-9 && run > 1) {
                run =
                    std::clamp<size_t>(size_t(qreal(run) * scale / paper::kSmallestScale * 0.9), 1, run - 1);
                continue;
            }
            pages.push_back(std::move(made.front()));
            if (apart)
                table.push_back(std::move(made.back()));
            at += these.size() - first;
        }
        for (size_t i = 0; pages.size() > 1 && i < pages.size(); ++i) {
            pages[i].title += u" · page %1 of %2"_s.arg(i + 1).arg(pages.size());
            if (i > 0)
                pages[i].key += u"-"_s + QString::number(i + 1);
        }
        for (size_t i = 0; i < pages.size(); ++i) {
            out.push_back(std::move(pages[i]));
            if (i == 0 && !table.empty())
                out.push_back(std::move(table.front()));
        }
    };
    // The top: the central administration site on each page with some of its primaries.
    const bool oneRoot =
        std::count_if(top.cbegin(), top.cend(), [this](const Site* s) { return depth(*s) == 0; }) == 1;
    overPages(oneRoot ? top.front() : nullptr,
              oneRoot ? std::vector<const Site*>(top.begin() + 1, top.end()) : top, true, u"Overview"_s,
              u"The sites at the top and the ports between them; the sites under each primary on pages of "
              u"their own"_s,
              u"overview"_s);
    for (const Site* s : top)
        if (const auto below = under.find(s); below != under.end())
            overPages(s, below->second, false, u"Overview · %1 and the sites under it"_s.arg(siteTitle(*s)),
                      u"The site, the sites under it and the ports between them"_s,
                      u"overview-"_s + safeKey(s->code));
}

bool SetBuilder::overviewOf(const std::vector<const Site*>& sites, bool withTable, const QString& title,
                            const QString& subtitle, const QString& key, std::vector<DiagramPage>& out) const
{
    // Its tiers wrap past a width; narrower when that keeps the page readable or makes it larger.
    const auto tryWidths = [&](bool table, const QString& says, std::vector<DiagramPage>& into) {
        keepLargest(
            {kOverviewRowWidth, 800.0, 560.0},
            [&](qreal width, std::vector<DiagramPage>& page) {
                overviewOf(sites, table, title, says, key, width, page);
            },
            into);
    };
    if (!withTable) {
        tryWidths(false, subtitle, out);
        return false;
    }
    tryWidths(true, subtitle + u"; the table sums the flows across zones"_s, out);
    if (out.back().scale >= paper::kSmallestScale - 1e-9)
        return false;
    // A long table beside the drawing (on A4 portrait, the example's) leaves it too small to read.
    std::vector<DiagramPage> alone;
    tryWidths(false, subtitle + u"; the page after it sums the flows across zones"_s, alone);
    if (alone.back().scale <= out.back().scale + 1e-9)
        return false;
    out.back() = std::move(alone.back());
    DiagramPage& page = newPage(out, DiagramPage::Kind::Overview, u"Overview · flows across zones"_s,
                                u"The flows across zones, summed per pair of zones; each pair has pages of "
                                u"its own"_s,
                                key + u"-zones"_s);
    addZoneTable(page);
    page.tableArea = QRectF(QPointF(0, 0), page.size);
    return true;
}

void SetBuilder::overviewOf(const std::vector<const Site*>& sites, bool zoneTable, const QString& title,
                            const QString& subtitle, const QString& key, qreal rowWidth,
                            std::vector<DiagramPage>& out) const
{
    DiagramPage& page = newPage(out, DiagramPage::Kind::Overview, title, subtitle, key);
    PageBuilder b(m_document, m_pairs, m_peers, page);
    std::map<int, int> boxOfSite;
    std::map<int, std::vector<int>> rowsByDepth;
    std::set<int> drawn; // the sites of this page
    for (const Site* s : sites)
        drawn.insert(s->id);
    for (const Site* s : sites) {
        int servers = 0, groups = 0;
        QSet<QString> zones;
        for (const auto& [id, n] : m_document.nodes()) {
            if (n.site != s->id)
                continue;
            (n.kind == NodeKind::ClientGroup ? groups : servers) += 1;
            if (const Zone* z = m_document.zone(n.zone))
                zones.insert(z->name);
        }
        QStringList zoneNames(zones.begin(), zones.end());
        zoneNames.sort();
        const int box = b.addBox(siteTitle(*s), zoneNames.join(u", "),
                                 u"%1 servers · %2 client groups"_s.arg(servers).arg(groups),
                                 u"site-"_s + siteKindName(s->kind));
        page.nodes[size_t(box)].site = s->code;
        boxOfSite[s->id] = box;
        rowsByDepth[depth(*s)].push_back(box);
    }
    int shared = -1;
    // Flows between sites (and with the shared services), both ways, on one line per pair of sites.
    std::map<std::pair<int, int>, paper::PairFlows> between;
    for (const auto& [pair, flows] : m_pairs) {
        const auto boxOf = [&](int node) {
            const int site = m_document.node(node)->site;
            if (const auto it = boxOfSite.find(site); it != boxOfSite.end())
                return it->second;
            if (m_document.site(site))
                return -1; // a site drawn on another overview page
            if (shared < 0)
                shared =
                    b.addBox(u"Shared services"_s, QString(), u"see their page"_s, u"domain_controller"_s);
            return shared;
        };
        const int a = boxOf(pair.first), c = boxOf(pair.second);
        if (a == c || a < 0 || c < 0)
            continue;
        paper::PairFlows& p = between[{std::min(a, c), std::max(a, c)}];
        auto& there = a < c ? p.forward : p.backward;
        auto& back = a < c ? p.backward : p.forward;
        there.insert(there.end(), flows.forward.begin(), flows.forward.end());
        back.insert(back.end(), flows.backward.begin(), flows.backward.end());
    }
    for (const auto& [pair, flows] : between)
        b.addEdge(pair.first, pair.second, flows.forward, flows.backward);
    // The shared services box stands for several hosts: its lines' flows are summed above.
    // Long rows wrap (a tier of hundreds of secondary sites), so that the page keeps a printable shape.
    std::vector<std::vector<int>> rows;
    for (auto& [d, row] : rowsByDepth) {
        qreal width = 0;
        for (size_t k = 0; k < row.size(); ++k) {
            const qreal w = page.nodes[size_t(row[k])].box.width() + 34;
            if (k == 0 || width + w > rowWidth) {
                rows.emplace_back();
                width = 0;
            }
            rows.back().push_back(row[k]);
            width += w;
        }
    }
    const QRectF placed = b.placeRows(rows, 0, 0);
    if (shared >= 0) {
        std::vector<int> column{shared};
        b.placeColumn(column, placed.right() + 200, placed.center().y());
    }
    if (!zoneTable) {
        b.finish(page.size, kTableWidth);
        return;
    }
    addZoneTable(page);
    b.finish(page.size, kTableWidth, true);
}

void SetBuilder::addZoneTable(DiagramPage& page) const
{
    std::map<std::pair<QString, QString>, paper::PairFlows> zones;
    for (const auto& [pair, flows] : m_pairs) {
        const QString a = m_document.node(pair.first)->zone, c = m_document.node(pair.second)->zone;
        if (a == c)
            continue;
        paper::PairFlows& p = zones[{std::min(a, c), std::max(a, c)}];
        auto& there = a < c ? p.forward : p.backward;
        auto& back = a < c ? p.backward : p.forward;
        there.insert(there.end(), flows.forward.begin(), flows.forward.end());
        back.insert(back.end(), flows.backward.begin(), flows.backward.end());
    }
    const auto zoneName = [this](const QString& zone) {
        const Zone* z = m_document.zone(zone);
        return z ? z->name : u"(no zone)"_s;
    };
    page.tableHeader = {u"Line"_s, u"From"_s, u"To"_s, u"Ports (→ from the first to the second)"_s};
    for (const auto& [pair, flows] : zones)
        page.table.push_back(
            {u"zones"_s, zoneName(pair.first), zoneName(pair.second),
             paper::pairLabel(flows.forward, flows.backward, QRectF(0, 0, 1, 1), QRectF(10, 0, 1, 1))});
}

void SetBuilder::zonePages(std::vector<Job>& jobs) const
{
    // Each pair of zones that flows cross: the hosts on both sides and that firewall's rules.
    const auto zoneKey = [this](int node) {
        return m_document.node(node)->zone;
    };
    const auto zoneName = [this](const QString& key) {
        const Zone* z = m_document.zone(key);
        return z ? z->name : u"(no zone)"_s;
    };
    std::map<std::pair<QString, QString>, std::vector<std::pair<int, int>>> crossings;
    for (const auto& [pair, flows] : m_pairs) {
        const QString a = zoneKey(pair.first), c = zoneKey(pair.second);
        if (a == c)
            continue;
        crossings[{std::min(a, c), std::max(a, c)}].push_back(pair);
    }
    const auto rows = std::make_shared<const QList<FlowListRow>>(buildFlowList(m_document, m_engine));
    for (const auto& [zonesOfPage, pairsOfPage] : crossings)
        jobs.push_back([this, zoneKey, zoneName, rows, zones = zonesOfPage,
                        pairs = pairsOfPage](std::vector<DiagramPage>& out) {
            const QString title = u"Zones %1 ↔ %2"_s.arg(zoneName(zones.first), zoneName(zones.second));
            DiagramPage& page = newPage(out, DiagramPage::Kind::ZonePair, title,
                                        u"The hosts on each side of this firewall, and its rules"_s,
                                        u"zones-"_s + safeKey(zones.first) + u"-"_s + safeKey(zones.second));
            const QString pageKey = page.key;
            QSet<int> seen;
            for (const auto& [a, c] : pairs) {
                seen.insert(a);
                seen.insert(c);
            }
            // The rule table follows the drawing on pages of its own.
            DiagramPage rules;
            rules.kind = DiagramPage::Kind::ZonePair;
            rules.title = title + u" · rules"_s;
            rules.subtitle = u"Every flow across this firewall: what to open, from where to where"_s;
            // Hundreds of hosts on one sheet are lines no one can follow, and a drawing whose labels
            // print under 7 pt no one reads: the rules say it all.
            const auto rulesAlone = [&] {
                out.pop_back();
                rules.title = title;
                rules.subtitle =
                    u"%1 hosts on the two sides, too many to draw readably on one sheet: this firewall's "
                    u"rules, one per destination and port"_s.arg(seen.size());
            };
            if (seen.size() > kMostHostsDrawn) {
                rulesAlone();
            } else {
                PageBuilder b(m_document, m_pairs, m_peers, page);
                std::vector<int> left, right;
                std::vector<int> ids(seen.begin(), seen.end());
                std::sort(ids.begin(), ids.end());
                for (const int id : ids)
                    (zoneKey(id) == zones.first ? left : right).push_back(b.addHost(id, false));
                b.placeColumn(left, 0, 0, kColumnHeight, -1);
                for (int pass = 0; pass < 3; ++pass) {
                    b.placeColumn(right, 520, 0, kColumnHeight, 1);
                    b.placeColumn(left, 0, 0, kColumnHeight, -1);
                }
                b.addHostEdges();
                b.finish(page.size, kTableWidth);
                if (page.scale < paper::kSmallestScale - 1e-9)
                    rulesAlone();
            }
            rules.key = pageKey + u"-rules"_s;
            rules.size = drawingArea();
            rules.tableHeader = {u"Sources"_s,     u"Source addresses"_s,
                                 u"Destination"_s, u"Destination address"_s,
                                 u"Protocol"_s,    u"Port"_s,
                                 u"Service"_s};
            // One rule per destination, protocol and port, its sources together, as a firewall
            // holds them (every single flow stays in the flow list and the CSV).
            const QSet<QString> inZones{zones.first, zones.second};
            struct Rule
            {
                QStringList sources, addresses;
                const FlowListRow* row = nullptr;
            };
            std::map<std::tuple<QString, QString, QString, QString>, Rule> grouped;
            for (const FlowListRow& r : *rows) {
                if (!m_document.crossesZones(r.source, r.destination) ||
                    !inZones.contains(m_document.node(r.source)->zone) ||
                    !inZones.contains(m_document.node(r.destination)->zone))
                    continue;
                Rule& rule = grouped[{r.destinationName, r.protocol, r.port, r.services.join(u"; ")}];
                rule.row = &r;
                rule.sources.push_back(r.sourceName);
                if (!r.sourceAddress.isEmpty())
                    rule.addresses.push_back(r.sourceAddress);
            }
            for (auto& [key, rule] : grouped) {
                rule.sources.removeDuplicates();
                rule.addresses.removeDuplicates();
                const QString sources = rule.sources.size() > 3
                                            ? u"%1 hosts: %2, …"_s.arg(rule.sources.size())
                                                  .arg(rule.sources.mid(0, 2).join(u", "))
                                            : rule.sources.join(u", ");
                rules.table.push_back({sources, rule.addresses.join(u", "), rule.row->destinationName,
                                       rule.row->destinationAddress, rule.row->protocol, rule.row->port,
                                       std::get<3>(key)});
            }
            rules.tableArea = QRectF(QPointF(0, 0), rules.size);
            out.push_back(std::move(rules));
        });
}

void SetBuilder::appendixPages(std::vector<DiagramPage>& out) const
{
    DiagramPage& page = newPage(out, DiagramPage::Kind::Appendix, u"Flow list"_s,
                                u"Every flow of the design, with addresses and zones"_s, u"flows"_s);
    page.tableHeader = {u"Source"_s,   u"Address · zone"_s, u"Destination"_s, u"Address · zone"_s,
                        u"Protocol"_s, u"Port"_s,           u"Service"_s,     u"Reference"_s};
    const auto where = [](const QString& address, const QString& zone) {
        return address.isEmpty() || zone.isEmpty() ? address + zone : address + u" · "_s + zone;
    };
    for (const FlowListRow& r : buildFlowList(m_document, m_engine))
        page.table.push_back({r.sourceName, where(r.sourceAddress, r.sourceZone), r.destinationName,
                              where(r.destinationAddress, r.destinationZone), r.protocol, r.port,
                              r.services.join(u"; "), r.references.join(u"; ")});
    page.tableArea = QRectF(QPointF(0, 0), page.size);
}

void SetBuilder::singlePage(std::vector<DiagramPage>& out) const
{
    DiagramPage& page =
        newPage(out, DiagramPage::Kind::Single, u"The whole design"_s,
                u"Every host where the designer placed it, one line per pair of hosts"_s, u"design"_s);
    PageBuilder b(m_document, m_pairs, m_peers, page);
    // Canvas positions (96 dpi pixels) in points: boxes keep their place relative to each other.
    for (const auto& [id, n] : m_document.nodes()) {
        const int i = b.addHost(id, false);
        page.nodes[size_t(i)].box.moveCenter(n.position * 0.75);
    }
    for (const auto& [id, s] : m_document.sites()) {
        const QRectF r(s.frame.topLeft() * 0.75, s.frame.size() * 0.75);
        page.frames.push_back({id, r, siteTitle(s), kFrameColour});
    }
    b.addHostEdges();
    b.finish(page.size, kTableWidth);
}

std::vector<DiagramPage> SetBuilder::paginate(std::vector<DiagramPage> pages) const
{
    std::vector<DiagramPage> out;
    for (DiagramPage& page : pages) {
        if (page.table.empty()) {
            out.push_back(std::move(page));
            continue;
        }
        if (page.tableArea.isNull()) // beside the drawing, on the right
            page.tableArea =
                QRectF(page.size.width() - kTableWidth + 12, 0, kTableWidth - 12, page.size.height());
        // As many rows as fit in the area (a cell too wide for its column takes more lines), the
        // rest on continuation pages that hold the table alone.
        std::vector<std::vector<QStringList>> pieces =
            paper::splitTable(page.tableHeader, std::move(page.table), page.tableArea.size(), page.size);
        page.table = std::move(pieces.front());
        const DiagramPage head = page; // the continuation pages' template
        out.push_back(std::move(page));
        const size_t headIndex = out.size() - 1;
        for (size_t at = 1; at < pieces.size(); ++at) {
            DiagramPage more;
            more.kind = head.kind;
            more.title = head.title + u" (continued)"_s;
            more.subtitle = head.subtitle;
            more.key = head.key + u"-"_s + QString::number(out.size() - headIndex + 1);
            more.size = head.size;
            more.tableHeader = head.tableHeader;
            more.tableArea = QRectF(QPointF(0, 0), head.size);
            more.table = std::move(pieces[at]);
            more.continues = int(headIndex) + 1; // fixed up once pages are numbered
            out.push_back(std::move(more));
        }
    }
    return out;
}

DiagramSet SetBuilder::build()
{
    const DesignInfo& info = m_document.info();
    m_set.designName = info.name.isEmpty() ? u"Untitled design"_s : info.name;
    m_set.designId = info.id;
    m_set.author = info.author;
    m_set.revision = info.revision;
    m_set.date = m_options.date.isEmpty() ? QDate::currentDate().toString(Qt::ISODate) : m_options.date;
    const QPageLayout layout(QPageSize(m_options.pageSize), m_options.orientation, QMarginsF(28, 28, 28, 28));
    m_set.pageArea = layout.paintRect(QPageLayout::Point).size();

    std::vector<Job> jobs;
    if (!m_options.singlePage) {
        // Only some sites' pages: their own groups alike, as the pairs there are whole.
        std::vector<const Site*> sites;
        for (const Site* s : sitesInTierOrder())
            if (m_options.sites.isEmpty() || m_options.sites.contains(s->code))
                sites.push_back(s);
        alikeGroups(sites);
    }
    if (m_options.singlePage) {
        jobs.push_back([this](std::vector<DiagramPage>& out) { singlePage(out); });
    } else if (!m_options.sites.isEmpty()) {
        for (const Site* s : sitesInTierOrder())
            if (m_options.sites.contains(s->code))
                jobs.push_back([this, s](std::vector<DiagramPage>& out) { sitePage(*s, out); });
    } else {
        jobs.push_back([this](std::vector<DiagramPage>& out) { overviewPage(out); });
        std::vector<int> siteless;
        for (const auto& [id, n] : m_document.nodes())
            if (!m_document.site(n.site))
                siteless.push_back(id);
        for (const Site* s : sitesInTierOrder())
            jobs.push_back([this, s](std::vector<DiagramPage>& out) { sitePage(*s, out); });
        if (!siteless.empty())
            jobs.push_back([this, siteless](std::vector<DiagramPage>& out) { sharedPage(siteless, out); });
        zonePages(jobs);
    }
    if (m_options.flowAppendix)
        jobs.push_back([this](std::vector<DiagramPage>& out) { appendixPages(out); });
    runJobs(jobs, m_pages);
    std::vector<DiagramPage> pages = paginate(std::move(m_pages));

    // The contents: one line per page that starts something (continuations are not listed), as
    // many pages of it as its rows take (a long title wraps); counted first with the widest page
    // number, so that the pages after it can be numbered.
    const QRectF contentsArea(QPointF(0, 0), drawingArea());
    const QStringList contentsHeader{u"Page"_s, u"Title"_s, u"What it shows"_s};
    const auto contentsRows = [&](const QString* number) {
        std::vector<QStringList> rows;
        for (const DiagramPage& p : pages)
            if (p.continues == 0)
                rows.push_back({number ? *number : QString::number(p.number), p.title, p.subtitle});
        return rows;
    };
    const QString widest(QString::number(2 * pages.size() + 1).size(), u'8');
    const int contentsPages = m_options.singlePage || !m_options.sites.isEmpty()
                                  ? 0
                                  : int(paper::splitTable(contentsHeader, contentsRows(&widest),
                                                          contentsArea.size(), contentsArea.size())
                                            .size());
    for (size_t i = 0; i < pages.size(); ++i) {
        pages[i].number = int(i) + 1 + contentsPages;
        if (pages[i].continues > 0)
            pages[i].continues += contentsPages;
    }
    std::vector<std::vector<QStringList>> contents;
    if (contentsPages > 0)
        contents = paper::splitTable(contentsHeader, contentsRows(nullptr), contentsArea.size(),
                                     contentsArea.size());
    // Where each host is drawn in full: its site's page, or the shared page.
    QHash<QString, int> pageOfKey;
    for (const DiagramPage& p : pages)
        if (p.continues == 0)
            pageOfKey.insert(p.key, p.number);
    // A site over several sheets draws each of its hosts in full on one of them.
    QHash<int, int> pageOfHost;
    for (const DiagramPage& p : pages)
        if (p.kind == DiagramPage::Kind::Site && p.continues == 0 && p.key.contains(u"-sheet-"_s))
            for (const PageNode& n : p.nodes) {
                if (n.stub)
                    continue;
                pageOfHost.insert(n.node, p.number);
                for (const int member : n.members)
                    pageOfHost.insert(member, p.number);
            }
    for (DiagramPage& p : pages)
        for (PageNode& n : p.nodes) {
            if (!n.stub)
                continue;
            // A reference to alike groups names the pages that draw them, first to last.
            const std::vector<int> hosts = n.members.empty() ? std::vector{n.node} : n.members;
            n.stubPage = 0;
            for (const int host : hosts) {
                const Node* node = m_document.node(host);
                const Site* s = node ? m_document.site(node->site) : nullptr;
                const int page =
                    pageOfHost.value(host, pageOfKey.value(s ? u"site-"_s + safeKey(s->code) : u"shared"_s));
                if (page > 0) {
                    n.stubPage = n.stubPage > 0 ? std::min(n.stubPage, page) : page;
                    n.stubPageLast = std::max(n.stubPageLast, page);
                }
            }
        }
    for (int c = 0; c < int(contents.size()); ++c) {
        DiagramPage page;
        page.kind = DiagramPage::Kind::Contents;
        page.title = c == 0 ? u"Contents"_s : u"Contents (continued)"_s;
        page.subtitle = u"%1 · design %2"_s.arg(m_set.designName, m_set.designId);
        page.key = c == 0 ? u"contents"_s : u"contents-%1"_s.arg(c + 1);
        page.size = drawingArea();
        page.number = c + 1;
        page.continues = c == 0 ? 0 : 1;
        page.tableHeader = contentsHeader;
        page.tableArea = contentsArea;
        page.table = std::move(contents[size_t(c)]);
        m_set.pages.push_back(std::move(page));
    }
    for (DiagramPage& p : pages)
        m_set.pages.push_back(std::move(p));
    // Every page's geometry on the printable area: the drawing and its table under the heading.
    const QPointF down(0, kHeading);
    for (DiagramPage& p : m_set.pages) {
        for (PageNode& n : p.nodes)
            n.box.translate(down);
        for (PageFrame& f : p.frames)
            f.rect.translate(down);
        for (PageEdge& e : p.edges) {
            e.line.translate(down);
            if (!e.labelBox.isNull())
                e.labelBox.translate(down);
        }
        if (!p.tableArea.isNull())
            p.tableArea.translate(down);
    }
    // Furniture: the title block on every page, the legend where there is a drawing.
    const QRectF band(0, m_set.pageArea.height() - bandHeight() + 8, m_set.pageArea.width(),
                      bandHeight() - 8);
    const qreal height = paper::kBand - 8;
    for (DiagramPage& p : m_set.pages) {
        p.titleBlock = QRectF(band.right() - paper::kTitleBlockWidth, band.bottom() - height,
                              paper::kTitleBlockWidth, height);
        if (!p.edges.empty() || !p.nodes.empty())
            p.legend = QRectF(band.left(), band.top(), paper::kLegendWidth, height);
    }
    return std::move(m_set);
}

} // namespace setbuilding

using setbuilding::SetBuilder;

QString smallTextWarning(const DiagramSet& set)
{
    int small = 0;
    const DiagramPage* smallest = nullptr;
    for (const DiagramPage& page : set.pages) {
        if (page.nodes.empty() || page.scale >= paper::kSmallestScale - 1e-9)
            continue;
        ++small;
        if (!smallest || page.scale < smallest->scale)
            smallest = &page;
    }
    if (!smallest)
        return {};
    // Larger paper helps unless the pages are already as large as the set prints on (A3 or Tabloid,
    // landscape): then they hold more than one sheet shows readably.
    const qreal largestWidth = QPageSize(QPageSize::A3).size(QPageSize::Point).height() - 80;
    const QString remedy =
        set.pageArea.width() >= largestWidth
            ? QCoreApplication::translate("DiagramSet",
                                          "They hold more than one sheet of this size shows readably; "
                                          "View > Site Page in Portolan shows the same at any zoom.")
            : QCoreApplication::translate("DiagramSet",
                                          "A larger paper or landscape keeps more of them readable.");
    return QCoreApplication::translate(
               "DiagramSet", "%1 of %2 pages shrink their drawing to fit the paper until its port labels "
                             "print under %3 pt, the smallest at %4 pt (page %5, %6). %7")
        .arg(small)
        .arg(set.pages.size())
        .arg(paper::kText)
        .arg(QString::number(paper::kLabel * smallest->scale, 'f', 1))
        .arg(smallest->number)
        .arg(smallest->title, remedy);
}

DiagramSet buildDiagramSet(const Document& document, const FlowEngine& engine,
                           const DiagramSetOptions& options)
{
    return SetBuilder(document, engine, options).build();
}

} // namespace portolan
