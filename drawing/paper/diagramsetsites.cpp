// Each site's page of the diagram set: its servers and client groups in full and their other peers
// as references, on one sheet when that prints readably, else over sheets; client groups alike as
// one box on a site of many.
#include "design/document.h"
#include "drawing/paper/setbuilder.h"

#include <QSet>

#include <algorithm>
#include <limits>
#include <set>

using namespace Qt::StringLiterals;

namespace portolan::setbuilding {

void SetBuilder::alikeGroups(const std::vector<const Site*>& sites)
{
    // What a site's sheets draw: each server, console and endpoint on its own; client groups too,
    // unless the site has many, when those alike (the same zone, peers and ports) are one box.
    std::map<int, std::vector<int>> groups;
    for (const Site* s : sites) {
        m_units[s->id];
        groups[s->id];
    }
    for (const auto& [id, n] : m_document.nodes()) {
        const auto units = m_units.find(n.site);
        if (units == m_units.end())
            continue;
        units->second.push_back({id});
        if (n.kind == NodeKind::ClientGroup)
            groups[n.site].push_back(id);
    }
    for (auto& [site, units] : m_units) {
        const std::vector<int>& theirs = groups[site];
        if (theirs.size() <= kMostGroupsApart)
            continue; // each on its own, in the order of their ids, as always
        std::erase_if(units, [this](const std::vector<int>& unit) {
            return m_document.node(unit.front())->kind == NodeKind::ClientGroup;
        });
        std::map<QString, std::vector<int>> alike; // by what they have in common
        for (const int id : theirs)
            alike[m_document.node(id)->zone + portsWith(id, peersOf(id))].push_back(id);
        std::vector<std::vector<int>> boxes;
        for (auto& [common, members] : alike)
            boxes.push_back(std::move(members));
        std::sort(boxes.begin(), boxes.end());
        for (std::vector<int>& box : boxes)
            units.push_back(std::move(box));
    }
    // Each box of alike groups has its reference ("G1", one series per site) on every sheet, and a
    // page that does not draw it (another sheet of the site, another site's page) shows it as one
    // reference box.
    for (const auto& [site, units] : m_units) {
        int count = 0;
        for (const std::vector<int>& unit : units)
            if (unit.size() > 1) {
                m_alike.references.emplace(unit.front(), u"G%1"_s.arg(++count));
                for (const int id : unit)
                    m_alike.unitOf.emplace(id, &unit);
            }
    }
}

QString SetBuilder::portsWith(int id, std::vector<int> peers) const
{
    QString ports;
    std::sort(peers.begin(), peers.end());
    for (const int peer : peers) {
        // Both ways from the host's side, in the words of the page's table.
        const PairFlows& flows = m_pairs.at({std::min(id, peer), std::max(id, peer)});
        const bool first = id < peer;
        ports += u'|' + QString::number(peer) + u':' +
                 pairLabel(first ? flows.forward : flows.backward, first ? flows.backward : flows.forward,
                           QRectF(0, 0, 1, 1), QRectF(10, 0, 1, 1));
    }
    return ports;
}

void SetBuilder::sitePage(const Site& site, std::vector<DiagramPage>& out) const
{
    const std::vector<std::vector<int>>& units = m_units.at(site.id);
    size_t hosts = 0;
    for (const std::vector<int>& unit : units)
        hosts += unit.size();
    // A site that fits one sheet readably is drawn on one. A larger one is first tried whole only
    // when it might fit (a drawing of more boxes than this never does, on any paper the set prints).
    std::vector<DiagramPage> whole;
    if (units.size() <= kMostHostsTriedWhole) {
        const bool finished = siteSheet(site, units, whole, units.size() > 1);
        if (finished && (whole.front().scale >= paper::kSmallestScale - 1e-9 || units.size() < 2)) {
            out.push_back(std::move(whole.front()));
            return;
        }
    }
    // Otherwise over sheets, each drawing some of its hosts in full and the rest as references:
    // the servers first (the site server leading), then the client groups, those served by the same
    // systems together, cut into runs that each fit a sheet readably.
    const auto rank = [this](int id) {
        const Node& n = *m_document.node(id);
        return n.kind == NodeKind::Server ? (m_document.hasRole(n, u"site_server"_s) ? 0 : 1) : 2;
    };
    std::map<int, std::vector<int>> servedBy; // a unit's first host -> its servers at the site
    for (const std::vector<int>& unit : units) {
        std::vector<int>& mine = servedBy[unit.front()];
        for (const int peer : peersOf(unit.front()))
            if (const Node* p = m_document.node(peer); p && p->site == site.id && rank(peer) < 2)
                mine.push_back(peer);
        std::sort(mine.begin(), mine.end());
    }
    // (Sorted through pointers: the alike boxes' references point into `units`, which stays as it is.)
    std::vector<const std::vector<int>*> order;
    for (const std::vector<int>& unit : units)
        order.push_back(&unit);
    std::stable_sort(order.begin(), order.end(), [&](const std::vector<int>* pa, const std::vector<int>* pb) {
        const std::vector<int>& a = *pa;
        const std::vector<int>& b = *pb;
        const int ra = rank(a.front()), rb = rank(b.front());
        if (ra != rb)
            return ra < rb;
        return ra == 2 && servedBy[a.front()] < servedBy[b.front()];
    });
    size_t run = kSheetHosts;
    if (!whole.empty())
        run = std::max<size_t>(
            1, size_t(qreal(units.size()) * whole.front().scale / paper::kSmallestScale * 0.9));
    // Runs of that many boxes, each cut until its sheet fits or holds one box.
    const size_t longest = run;
    std::vector<DiagramPage> sheets;
    qreal smallest = 1;
    for (size_t at = 0; at < order.size();) {
        std::vector<std::vector<int>> some;
        for (size_t k = at; k < std::min(order.size(), at + run); ++k)
            some.push_back(*order[k]);
        std::vector<DiagramPage> made;
        siteSheet(site, some, made, some.size() > 1);
        const qreal scale = made.front().scale;
        // The next run as large as this sheet's room says would fit readably (a run that did not fit
        // is cut to that; after a hub's sheet, the runs grow again).
        const size_t fits = size_t(qreal(some.size()) * made.front().room / paper::kSmallestScale * 0.9);
        if (scale < paper::kSmallestScale - 1e-9 && some.size() > 1) {
            run = std::clamp<size_t>(fits, 1, some.size() - 1);
            continue;
        }
        smallest = std::min(smallest, scale);
        sheets.push_back(std::move(made.front()));
        at += some.size();
        run = std::clamp<size_t>(std::max(fits, some.size() + 1), 1, longest);
    }
    // Sheets that print smaller than the whole (a hub whose peers no sheet can hold) are no help.
    if (!whole.empty() && smallest <= whole.front().scale) {
        whole.clear();
        siteSheet(site, units, whole);
        out.push_back(std::move(whole.front()));
        return;
    }
    const int count = int(sheets.size());
    for (int i = 0; i < count; ++i) {
        DiagramPage& sheet = sheets[size_t(i)];
        size_t drawn = 0;
        for (const PageNode& n : sheet.nodes)
            drawn += n.stub ? 0 : std::max<size_t>(1, n.members.size());
        sheet.title = u"Site %1 · sheet %2 of %3"_s.arg(siteTitle(site)).arg(i + 1).arg(count);
        sheet.subtitle =
            u"%1 of its %2 hosts; its other hosts and those of other pages as references at the side"_s
                .arg(drawn)
                .arg(hosts);
        if (i > 0)
            sheet.key += u"-sheet-"_s + QString::number(i + 1);
        out.push_back(std::move(sheet));
    }
}

bool SetBuilder::siteSheet(const Site& site, const std::vector<std::vector<int>>& units,
                           std::vector<DiagramPage>& out, bool giveUp) const
{
    const size_t at = out.size();
    const bool finished = siteSheetWith(site, units, out, giveUp, kColumnHeight);
    const qreal pageTall = out[at].size.height() - 40;
    if (pageTall >= kColumnHeight || out[at].scale >= paper::kSmallestScale - 1e-9)
        return finished;
    std::vector<DiagramPage> other;
    const bool otherFinished = siteSheetWith(site, units, other, giveUp, pageTall);
    if (other.front().scale <= out[at].scale)
        return finished;
    out[at] = std::move(other.front());
    return otherFinished;
}

bool SetBuilder::siteSheetWith(const Site& site, const std::vector<std::vector<int>>& units,
                               std::vector<DiagramPage>& out, bool giveUp, qreal columnHeight) const
{
    DiagramPage& page =
        newPage(out, DiagramPage::Kind::Site, u"Site %1"_s.arg(siteTitle(site)),
                u"Its servers and client groups; hosts of other pages as references at the side"_s,
                u"site-"_s + safeKey(site.code));
    PageBuilder b(m_document, m_pairs, m_peers, page);
    std::vector<std::vector<int>> rows(3);
    std::vector<int> inside;
    QSet<int> insideIds;
    for (const std::vector<int>& unit : units) {
        if (unit.size() > 1) {
            rows[2].push_back(b.addAlike(unit, m_alike.references.at(unit.front()), false));
            inside.push_back(rows[2].back());
            for (const int id : unit)
                insideIds.insert(id);
            continue;
        }
        const int id = unit.front();
        const Node& n = *m_document.node(id);
        const int row = n.kind == NodeKind::Server ? (m_document.hasRole(n, u"site_server") ? 0 : 1) : 2;
        rows[size_t(row)].push_back(b.addHost(id, false));
        inside.push_back(rows[size_t(row)].back());
        insideIds.insert(id);
    }
    // Long rows wrap, so that the page keeps a printable shape.
    std::vector<std::vector<int>> wrapped;
    const std::vector<int>* lastRow = nullptr;
    for (const auto& row : rows) {
        qreal width = 0;
        for (const int i : row) {
            const qreal w = page.nodes[size_t(i)].box.width() + 34;
            if (wrapped.empty() || width + w > kRowWidth || &row != lastRow) {
                wrapped.emplace_back();
                width = 0;
                lastRow = &row;
            }
            wrapped.back().push_back(i);
            width += w;
        }
    }
    // In the order of the ids, not of the set's hash (which changes from run to run): the stubs'
    // order on the page is the same every time.
    std::vector<int> insideOrdered(insideIds.begin(), insideIds.end());
    std::sort(insideOrdered.begin(), insideOrdered.end());
    // The peers drawn elsewhere: a host, or alike groups (one reference box for them all).
    std::vector<std::vector<int>> outside;
    std::set<int> seen;
    for (const int id : insideOrdered)
        for (const int peer : peersOf(id)) {
            if (insideIds.contains(peer))
                continue;
            const auto unit = m_alike.unitOf.find(peer);
            const std::vector<int> members = unit != m_alike.unitOf.end() ? *unit->second : std::vector{peer};
            if (seen.insert(members.front()).second)
                outside.push_back(members);
        }
    // Many client groups drawn elsewhere (a hub's sheet): those that meet this sheet's hosts on the
    // same ports are one reference box, naming the pages that draw them.
    std::vector<std::vector<std::vector<int>>> references;
    std::vector<QString> across; // per reference: its kind and ports, whatever its site
    std::map<QString, size_t> meeting;
    const auto isGroup = [this](const std::vector<int>& unit) {
        return m_document.node(unit.front())->kind == NodeKind::ClientGroup;
    };
    // (Servers too on a sheet of many references: the distribution points of a secondary site.)
    const bool manyGroups =
        size_t(std::count_if(outside.cbegin(), outside.cend(), isGroup)) > kMostGroupsApart;
    const bool manyHosts = outside.size() > kMostReferencesApart;
    for (std::vector<int>& unit : outside) {
        if (!(isGroup(unit) ? manyGroups || manyHosts : manyHosts)) {
            references.push_back({std::move(unit)});
            across.emplace_back();
            continue;
        }
        const int id = unit.front();
        std::vector<int> peers;
        for (const int peer : peersOf(id))
            if (insideIds.contains(peer))
                peers.push_back(peer);
        const QString kindAndPorts = QString::number(int(m_document.node(id)->kind)) + portsWith(id, peers);
        const auto [at, added] = meeting.emplace(
            QString::number(m_document.node(id)->site) + u' ' + kindAndPorts, references.size());
        if (added) {
            references.emplace_back();
            across.push_back(kindAndPorts);
        }
        references[at->second].push_back(std::move(unit));
    }
    // Still too many (a hub's sheet): those alike across sites too, "10 servers · 000-ss … 009-ss".
    if (references.size() > kMostReferencesApart) {
        std::vector<std::vector<std::vector<int>>> fewer;
        std::map<QString, size_t> alikeAcross;
        for (size_t i = 0; i < references.size(); ++i) {
            if (across[i].isEmpty()) {
                fewer.push_back(std::move(references[i]));
                continue;
            }
            const auto [at, added] = alikeAcross.emplace(across[i], fewer.size());
            if (added)
                fewer.emplace_back();
            std::vector<std::vector<int>>& into = fewer[at->second];
            into.insert(into.end(), std::make_move_iterator(references[i].begin()),
                        std::make_move_iterator(references[i].end()));
        }
        references = std::move(fewer);
    }
    std::vector<int> stubs;
    for (const std::vector<std::vector<int>>& some : references) {
        const auto name = [&](const std::vector<int>& unit) {
            const auto reference = m_alike.references.find(unit.front());
            return reference != m_alike.references.end() ? reference->second
                                                         : m_document.node(unit.front())->name;
        };
        if (some.size() == 1 && some.front().size() == 1) {
            stubs.push_back(b.addHost(some.front().front(), true));
        } else if (some.size() == 1) {
            stubs.push_back(b.addAlike(some.front(), name(some.front()), true));
        } else {
            std::vector<int> members;
            for (const std::vector<int>& unit : some)
                members.insert(members.end(), unit.begin(), unit.end());
            std::sort(members.begin(), members.end());
            // Host names without their domain: "10 servers · 004-dp1 … 004-dp10".
            stubs.push_back(b.addAlike(members,
                                       u"%1 … %2"_s.arg(name(some.front()).section(u'.', 0, 0),
                                                        name(some.back()).section(u'.', 0, 0)),
                                       true));
        }
    }
    std::sort(stubs.begin(), stubs.end());
    stubs.erase(std::unique(stubs.begin(), stubs.end()), stubs.end());
    QRectF rowsBox = b.placeRows(wrapped, 0, 0);
    // Peers go to the side where most of their lines end, then both are ordered against each other.
    std::vector<int> left, right;
    qreal widest = 0;
    for (const int s : stubs)
        widest = std::max(widest, page.nodes[size_t(s)].box.width());
    qreal gap = 110 + widest / 2;
    for (int pass = 0; pass < 3; ++pass) {
        std::vector<std::pair<double, int>> keyed;
        for (const int s : stubs)
            keyed.emplace_back(b.barycentreX(s), s);
        std::stable_sort(keyed.begin(), keyed.end(),
                         [](const auto& x, const auto& y) { return x.first < y.first; });
        left.clear();
        right.clear();
        for (size_t k = 0; k < keyed.size(); ++k)
            (k < (keyed.size() + 1) / 2 ? left : right).push_back(keyed[k].second);
        b.placeColumn(left, rowsBox.left() - gap, rowsBox.center().y(), columnHeight, -1);
        b.placeColumn(right, rowsBox.right() + gap, rowsBox.center().y(), columnHeight, 1);
        rowsBox = b.placeRows(wrapped, 0, 0);
    }
    // The boxes alone take this much of the page (the lines' labels and the page's table only take
    // more): a sheet they do not fit readably is not worth ordering and routing.
    if (giveUp) {
        QRectF boxes;
        for (const PageNode& n : page.nodes)
            boxes |= n.box;
        const qreal most = boxes.isEmpty() ? 1
                                           : std::min(page.size.width() / boxes.width(),
                                                      page.size.height() / boxes.height());
        if (most < paper::kSmallestScale) {
            page.scale = page.room = most;
            return false;
        }
    }
    // Then a local search on the straight lines: swap neighbours in a row or a column, or send a
    // peer to the other side, while that crosses fewer lines. Small pages only: the barycentre
    // order stands on a large one.
    const auto layout = [&] {
        rowsBox = b.layoutRows(wrapped, 0, 0);
        b.layoutColumn(left, rowsBox.left() - gap, rowsBox.center().y(), columnHeight, -1);
        b.layoutColumn(right, rowsBox.right() + gap, rowsBox.center().y(), columnHeight, 1);
    };
    int tried = 0;
    const auto relayout = [&] {
        ++tried;
        layout();
        return b.straightCrossings();
    };
    if (page.nodes.size() <= kMostHostsSearched) {
        int best = relayout();
        std::vector<std::vector<int>*> lists{&left, &right};
        for (auto& row : wrapped)
            lists.push_back(&row);
        // Rounds until nothing is better, or the orders tried are enough for a sheet (the examples'
        // pages take up to 372; a sheet of a hub's references thousands for a few crossings).
        for (int round = 0; round < 12 && best > 0 && tried < kMostOrdersTried; ++round) {
            bool better = false;
            for (std::vector<int>* list : lists)
                for (size_t k = 0; k + 1 < list->size(); ++k)
                    for (size_t m = k + 1; m < list->size(); ++m) {
                        std::swap((*list)[k], (*list)[m]);
                        if (const int c = relayout(); c < best) {
                            best = c;
                            better = true;
                        } else {
                            std::swap((*list)[k], (*list)[m]);
                        }
                    }
            for (int side = 0; side < 2; ++side) {
                std::vector<int>& from = side ? right : left;
                std::vector<int>& to = side ? left : right;
                for (size_t k = 0; k < from.size(); ++k) {
                    const int moved = from[k];
                    for (size_t at = 0; at <= to.size(); ++at) {
                        from.erase(from.begin() + qsizetype(k));
                        to.insert(to.begin() + qsizetype(at), moved);
                        if (const int c = relayout(); c < best) {
                            best = c;
                            better = true;
                            break;
                        }
                        to.erase(to.begin() + qsizetype(at));
                        from.insert(from.begin() + qsizetype(k), moved);
                    }
                }
            }
            if (!better)
                break;
        }
    }
    // The router bends lines round boxes and gives each its own lane: of a few distances between
    // the site and its peers, keep the one whose routed lines cross least.
    b.addHostEdges();
    if (page.nodes.size() <= kMostHostsSearched) {
        qreal bestGap = gap;
        int fewest = std::numeric_limits<int>::max();
        for (const qreal tryGap : {60.0, 110.0, 170.0, 240.0}) {
            gap = tryGap + widest / 2;
            layout();
            QRectF all;
            const int c = b.routedCrossings(&all);
            // Only distances that keep the page at full size (the narrowest is kept in any case).
            const qreal least = paper::kSmallestScale;
            if (tryGap > 60 &&
                (all.width() * least > page.size.width() || all.height() * least > page.size.height() - 60))
                continue;
            if (c < fewest) {
                fewest = c;
                bestGap = gap;
            }
        }
        gap = bestGap;
    }
    // Placed without counting crossings: on a page of hundreds of hosts that costs more than the page.
    layout();
    b.addFrame(site.id, inside, siteTitle(site), kFrameColour);
    b.finish(page.size, kTableWidth);
    return true;
}

} // namespace portolan::setbuilding
