#include "drawing/paper/pagebuilder.h"

#include "design/document.h"
#include "drawing/designrenderer.h"
#include "drawing/drawinglayout.h"
#include "drawing/paper/paperstyle.h"
#include "drawing/paper/papertable.h"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

using namespace Qt::StringLiterals;

namespace portolan::paper {

QFont font(qreal points, bool bold)
{
    QFont f(u"Sans Serif"_s);
    f.setPixelSize(qMax(1, qRound(points)));
    f.setBold(bold);
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

namespace {

constexpr qreal kMinWidth = 120;
constexpr qreal kMaxWidth = 250;
constexpr qreal kGapX = 34;      // between boxes of a row
constexpr qreal kRowGap = 70;    // between rows: room for the labels of the lines between them
constexpr qreal kColumnGap = 16; // between boxes of a column

// Text widths, remembered per thread: a page asks for the same few sizes of the same names and
// labels many times, and every set asks again for every page that draws a host.
qreal textWidth(const QString& text, qreal size, bool bold = false)
{
    struct Metrics
    {
        QFontMetricsF regular[2]{QFontMetricsF(font(kText)), QFontMetricsF(font(kText, true))};
        QFontMetricsF name[2]{QFontMetricsF(font(kName)), QFontMetricsF(font(kName, true))};
        QHash<QString, qreal> widths[4];
    };
    thread_local Metrics metrics;
    const int which = size == kText ? 0 : size == kName ? 1 : -1;
    if (which < 0)
        return QFontMetricsF(font(size, bold)).horizontalAdvance(text);
    QHash<QString, qreal>& widths = metrics.widths[which * 2 + int(bold)];
    if (const auto it = widths.constFind(text); it != widths.cend())
        return *it;
    const qreal width = (which ? metrics.name : metrics.regular)[int(bold)].horizontalAdvance(text);
    if (widths.size() > 500'000) // a long session exporting one large design after another
        widths.clear();
    widths.insert(text, width);
    return width;
}

bool segmentsCross(const QLineF& a, const QLineF& b)
{
    QPointF at;
    if (a.intersects(b, &at) != QLineF::BoundedIntersection)
        return false;
    // Lines meeting at a shared end (two edges of one box) do not cross.
    for (const QPointF& end : {a.p1(), a.p2(), b.p1(), b.p2()})
        if (QLineF(at, end).length() < 0.5)
            return false;
    return true;
}

// QLineF::intersects(other) == BoundedIntersection, the same arithmetic inline: the local search
// asks it millions of times on a large design's sheets.
inline bool boundedIntersection(const QLineF& first, const QLineF& second)
{
    const QPointF a = first.p2() - first.p1();
    const QPointF b = second.p1() - second.p2();
    const QPointF c = first.p1() - second.p1();
    const qreal denominator = a.y() * b.x() - a.x() * b.y();
    if (denominator == 0 || !std::isfinite(denominator))
        return false;
    const qreal reciprocal = 1 / denominator;
    const qreal na = (b.y() * c.x() - b.x() * c.y()) * reciprocal;
    if (na < 0 || na > 1)
        return false;
    const qreal nb = (a.x() * c.y() - a.y() * c.x()) * reciprocal;
    return nb >= 0 && nb <= 1;
}

// What a rule needs of a host: its address, or its subnets.
QString addressOf(const Node& node)
{
    return node.address.isEmpty() ? node.subnets.join(u", ") : node.address;
}

} // namespace

PageBuilder::PageBuilder(const Document& document, const Pairs& pairs, const Peers& peers, DiagramPage& page)
    : m_document(document), m_pairs(pairs), m_peers(peers), m_page(page)
{}

template <typename F> void PageBuilder::forEachPair(F&& f) const
{
    QList<int> hosts = m_hostIndex.keys();
    std::sort(hosts.begin(), hosts.end());
    // The groups of one box of alike groups have the same ports with the same peers: the first
    // group's line stands for them all.
    std::set<std::pair<int, int>> drawn;
    for (const int a : hosts) {
        const auto peers = m_peers.find(a);
        if (peers == m_peers.end())
            continue;
        const int boxA = m_hostIndex.value(a);
        for (const int b : peers->second) {
            const auto other = m_hostIndex.constFind(b);
            if (a >= b || other == m_hostIndex.cend() || *other == boxA)
                continue;
            if (!m_alike.empty() &&
                (!m_page.nodes[size_t(boxA)].members.empty() ||
                 !m_page.nodes[size_t(*other)].members.empty()) &&
                !drawn.insert({std::min(boxA, *other), std::max(boxA, *other)}).second)
                continue;
            f(boxA, *other, m_pairs.at({a, b}));
        }
    }
}

int PageBuilder::addBox(const QString& name, const QString& address, const QString& roles,
                        const QString& iconKey)
{
    PageNode n;
    n.name = name;
    n.address = address;
    n.roles = roles;
    n.iconKey = iconKey;
    const qreal width = std::max(
        {textWidth(name, kName, true) + 30, textWidth(address, kText) + 30, textWidth(roles, kText) + 30});
    n.box = QRectF(0, 0, std::clamp(width, kMinWidth, kMaxWidth), kBoxHeight);
    m_page.nodes.push_back(std::move(n));
    m_adjacent.emplace_back();
    m_placed.push_back(0);
    return int(m_page.nodes.size()) - 1;
}

void PageBuilder::nameZoneAndSite(PageNode& box, const Node& node) const
{
    if (const Zone* zone = m_document.zone(node.zone))
        box.zone = zone->name;
    if (const Site* site = m_document.site(node.site))
        box.site = site->code;
}

int PageBuilder::addHost(int id, bool stub)
{
    if (const auto it = m_hostIndex.constFind(id); it != m_hostIndex.cend())
        return *it;
    const Node* node = m_document.node(id);
    const DesignRenderer renderer(m_document);
    QString roles = renderer.roleSummary(*node);
    if (node->kind == NodeKind::ClientGroup && node->devices > 0)
        roles = u"%1 devices"_s.arg(node->devices);
    const int index = addBox(node->name, addressOf(*node), stub ? QString() : roles, renderer.iconKey(*node));
    PageNode& n = m_page.nodes[size_t(index)];
    n.node = id;
    n.stub = stub;
    nameZoneAndSite(n, *node);
    if (stub) // the page it is drawn on is filled in once pages are numbered
        n.roles = roles;
    m_hostIndex.insert(id, index);
    return index;
}

int PageBuilder::addAlike(const std::vector<int>& members, const QString& reference, bool stub)
{
    if (const auto it = m_hostIndex.constFind(members.front()); it != m_hostIndex.cend())
        return *it;
    const Node* first = m_document.node(members.front());
    const Node* last = m_document.node(members.back());
    qint64 devices = 0;
    int groups = 0, servers = 0;
    for (const int id : members) {
        const Node* n = m_document.node(id);
        devices += n->devices;
        groups += n->kind == NodeKind::ClientGroup;
        servers += n->kind == NodeKind::Server;
    }
    const int count = int(members.size());
    // The first and the last address, or the one there is.
    const QString from = addressOf(*first), to = addressOf(*last);
    const QString addresses = from.isEmpty() || to.isEmpty() ? from + to : u"%1 … %2"_s.arg(from, to);
    const QString what = groups == count ? u"client groups"_s : servers == count ? u"servers"_s : u"hosts"_s;
    // A reference box names the page that draws them instead of the devices.
    const int index =
        addBox(u"%1 %2 · %3"_s.arg(count).arg(what, reference), addresses,
               stub ? QString() : u"%L1 devices · listed under %2"_s.arg(devices).arg(reference),
               DesignRenderer(m_document).iconKey(*first));
    PageNode& n = m_page.nodes[size_t(index)];
    n.members = members;
    n.stub = stub;
    nameZoneAndSite(n, *first);
    // Hosts of several sites or zones: the box names none.
    for (const int id : members) {
        const Node* member = m_document.node(id);
        if (member->site != first->site)
            n.site.clear();
        if (member->zone != first->zone)
            n.zone.clear();
    }
    for (const int id : members)
        m_hostIndex.insert(id, index);
    m_alike.emplace_back(index, reference);
    return index;
}

double PageBuilder::barycentreX(int box) const
{
    double sum = 0;
    int count = 0;
    for (const int other : m_adjacent[size_t(box)])
        if (m_placed[size_t(other)]) {
            sum += m_page.nodes[size_t(other)].box.center().x();
            ++count;
        }
    return count ? sum / count : m_page.nodes[size_t(box)].box.center().x();
}

double PageBuilder::barycentreY(int box) const
{
    double sum = 0;
    int count = 0;
    for (const int other : m_adjacent[size_t(box)])
        if (m_placed[size_t(other)]) {
            sum += m_page.nodes[size_t(other)].box.center().y();
            ++count;
        }
    return count ? sum / count : m_page.nodes[size_t(box)].box.center().y();
}

QRectF PageBuilder::placeRows(std::vector<std::vector<int>>& rows, qreal top, qreal centreX)
{
    // The adjacency comes from the pairs: which boxes of this page have flows between them.
    for (auto& adjacent : m_adjacent)
        adjacent.clear();
    forEachPair([this](int a, int b, const PairFlows&) {
        m_adjacent[size_t(a)].push_back(b);
        m_adjacent[size_t(b)].push_back(a);
    });
    for (const PageEdge& e : m_page.edges) {
        m_adjacent[size_t(e.from)].push_back(e.to);
        m_adjacent[size_t(e.to)].push_back(e.from);
    }
    const auto layout = [&] {
        return layoutRows(rows, top, centreX);
    };
    QRectF bounds = layout();
    // Down and up sweeps: each row sorted by where its peers are (the field's barycentre heuristic).
    for (int sweep = 0; sweep < 4; ++sweep) {
        for (auto& row : rows) {
            std::vector<std::pair<double, int>> keyed;
            for (const int i : row)
                keyed.emplace_back(barycentreX(i), i);
            std::stable_sort(keyed.begin(), keyed.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            for (size_t k = 0; k < row.size(); ++k)
                row[k] = keyed[k].second;
            bounds = layout();
        }
    }
    return bounds;
}

QRectF PageBuilder::layoutRows(const std::vector<std::vector<int>>& rows, qreal top, qreal centreX)
{
    QRectF bounds;
    qreal y = top;
    for (const auto& row : rows) {
        qreal width = -kGapX;
        for (const int i : row)
            width += m_page.nodes[size_t(i)].box.width() + kGapX;
        qreal x = centreX - width / 2;
        for (const int i : row) {
            QRectF& box = m_page.nodes[size_t(i)].box;
            box.moveTopLeft(QPointF(x, y));
            x += box.width() + kGapX;
            m_placed[size_t(i)] = 1;
            bounds |= box;
        }
        y += kBoxHeight + kRowGap;
    }
    return bounds;
}

int PageBuilder::straightCrossings() const
{
    std::vector<QLineF> lines;
    std::vector<std::pair<int, int>> ends;
    for (size_t a = 0; a < m_adjacent.size(); ++a)
        for (const int b : m_adjacent[a])
            if (int(a) < b && m_placed[a] && m_placed[size_t(b)]) {
                lines.emplace_back(m_page.nodes[a].box.center(), m_page.nodes[size_t(b)].box.center());
                ends.emplace_back(int(a), b);
            }
    // Bounding boxes with a point to spare: lines whose boxes lie apart cannot meet, and the
    // exact test (a call into Qt) is left to those that might.
    std::vector<QRectF> around;
    around.reserve(lines.size());
    for (const QLineF& l : lines)
        around.push_back(QRectF(l.p1(), l.p2()).normalized().adjusted(-1, -1, 1, 1));
    const auto apart = [](const QRectF& a, const QRectF& b) {
        return a.right() < b.left() || b.right() < a.left() || a.bottom() < b.top() || b.bottom() < a.top();
    };
    int crossings = 0;
    // A line through another box is bent round it, and the bend crosses more: count it as two.
    for (size_t i = 0; i < lines.size(); ++i)
        for (size_t n = 0; n < m_page.nodes.size(); ++n) {
            if (!m_placed[n] || int(n) == ends[i].first || int(n) == ends[i].second)
                continue;
            const QRectF& r = m_page.nodes[n].box;
            if (apart(around[i], r))
                continue;
            const QLineF diagonals[] = {{r.topLeft(), r.bottomRight()}, {r.topRight(), r.bottomLeft()}};
            for (const QLineF& d : diagonals)
                if (boundedIntersection(lines[i], d)) {
                    crossings += 2;
                    break;
                }
        }
    for (size_t i = 0; i < lines.size(); ++i)
        for (size_t j = i + 1; j < lines.size(); ++j) {
            const auto [a, b] = ends[i];
            const auto [c, d] = ends[j];
            if (a == c || a == d || b == c || b == d || apart(around[i], around[j]))
                continue;
            crossings += boundedIntersection(lines[i], lines[j]);
        }
    return crossings;
}

std::vector<DrawnLine*> PageBuilder::routeLines(DrawingLayout& layout) const
{
    std::vector<QRectF> boxes;
    boxes.reserve(m_page.nodes.size());
    for (const PageNode& n : m_page.nodes)
        boxes.push_back(n.box);
    // The layout routes its lines in the order of their ends, the canvas's by the hosts' ids. A
    // page's edges come in that order (forEachPair) and its boxes do not: the ends of edge i are
    // numbered 2i and 2i + 1.
    std::vector<DrawnLine*> lines;
    lines.reserve(m_page.edges.size());
    for (size_t i = 0; i < m_page.edges.size(); ++i)
        lines.push_back(
            &layout.setLine(int(2 * i), int(2 * i + 1), m_edgeFlows[i].forward, m_edgeFlows[i].backward));
    layout.setBoxes(std::move(boxes));
    layout.route(lines, [this, &layout](int end) {
        const PageEdge& e = m_page.edges[size_t(end / 2)];
        return layout.boxes()[size_t(end % 2 ? e.to : e.from)];
    });
    return lines;
}

int PageBuilder::routedCrossings(QRectF* bounds) const
{
    DrawingLayout layout(drawinglayout::Medium::Paper);
    const std::vector<DrawnLine*> lines = routeLines(layout);
    std::vector<QPolygonF> routes;
    routes.reserve(lines.size());
    for (const DrawnLine* line : lines)
        routes.push_back(line->route());
    if (bounds) {
        *bounds = QRectF();
        for (const QRectF& b : layout.boxes())
            *bounds |= b;
        for (const QPolygonF& r : routes)
            *bounds |= r.boundingRect().adjusted(-40, -8, 40, 8);
    }
    return countCrossings(routes);
}

void PageBuilder::placeColumn(std::vector<int>& column, qreal x, qreal centreY, qreal maxHeight, int outward)
{
    std::vector<std::pair<double, int>> keyed;
    for (const int i : column)
        keyed.emplace_back(barycentreY(i), i);
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t k = 0; k < column.size(); ++k)
        column[k] = keyed[k].second;
    layoutColumn(column, x, centreY, maxHeight, outward);
}

void PageBuilder::layoutColumn(const std::vector<int>& column, qreal x, qreal centreY, qreal maxHeight,
                               int outward)
{
    qreal widest = 0;
    for (const int i : column)
        widest = std::max(widest, m_page.nodes[size_t(i)].box.width());
    // As many boxes a column as fit in maxHeight, the columns side by side going outward.
    const int perColumn = std::max(1, int((maxHeight + kColumnGap) / (kBoxHeight + kColumnGap)));
    const int columns = int((column.size() + size_t(perColumn) - 1) / size_t(perColumn));
    const int rows = columns > 0 ? int((column.size() + size_t(columns) - 1) / size_t(columns)) : 0;
    for (int c = 0; c < columns; ++c) {
        const size_t from = size_t(c) * size_t(rows), to = std::min(column.size(), from + size_t(rows));
        const qreal height = qreal(to - from) * (kBoxHeight + kColumnGap) - kColumnGap;
        qreal y = centreY - height / 2;
        const qreal cx = x + outward * c * (widest + 40);
        for (size_t k = from; k < to; ++k) {
            QRectF& box = m_page.nodes[size_t(column[k])].box;
            box.moveTopLeft(QPointF(cx - box.width() / 2, y));
            y += box.height() + kColumnGap;
            m_placed[size_t(column[k])] = 1;
        }
    }
}

void PageBuilder::addFrame(int site, const std::vector<int>& boxes, const QString& title,
                           const QColor& colour)
{
    QRectF rect;
    for (const int i : boxes)
        rect |= m_page.nodes[size_t(i)].box;
    if (rect.isNull())
        rect = QRectF(0, 0, kMinWidth, kBoxHeight);
    const qreal titleWidth = textWidth(title, kName, true) + 16;
    rect = rect.adjusted(-20, -30, 20, 18);
    if (rect.width() < titleWidth + 20)
        rect.setWidth(titleWidth + 20);
    m_page.frames.push_back({site, rect, title, colour});
}

void PageBuilder::addEdge(int from, int to, const std::vector<Flow>& forward,
                          const std::vector<Flow>& backward)
{
    PageEdge e;
    e.from = from;
    e.to = to;
    e.toForward = !forward.empty();
    e.toBackward = !backward.empty();
    e.colour = DesignRenderer::edgeColor(bothWays(forward, backward));
    // The label, its arrows pointing where the boxes end up, is the layout's line's (finish).
    m_page.edges.push_back(std::move(e));
    m_edgeFlows.push_back({forward, backward});
}

void PageBuilder::addHostEdges()
{
    std::vector<std::tuple<int, int, const PairFlows*>> edges;
    forEachPair([&](int a, int b, const PairFlows& flows) {
        // Two stubs are both drawn elsewhere: their line belongs to their own pages.
        if (!m_page.nodes[size_t(a)].stub || !m_page.nodes[size_t(b)].stub)
            edges.emplace_back(a, b, &flows);
    });
    for (const auto& [a, b, flows] : edges)
        addEdge(a, b, flows->forward, flows->backward);
}

void PageBuilder::finish(const QSizeF& area, qreal tableWidth, bool reserveTable)
{
    // The lines are a DrawingLayout's, routed and labelled by its rules for a sheet of the set.
    DrawingLayout layout(drawinglayout::Medium::Paper);
    const std::vector<DrawnLine*> lines = routeLines(layout);
    std::vector<QRectF> titles;
    titles.reserve(m_page.frames.size());
    for (const PageFrame& f : m_page.frames)
        titles.push_back(titleTab(f, 1));
    const std::vector<drawinglayout::SheetLabel> labels = layout.placeSheetLabels(
        std::vector<const DrawnLine*>(lines.begin(), lines.end()), titles,
        [](const QString& text) { return QSizeF(textWidth(text, kLabel) + 6, kLabelHeight); });
    for (size_t i = 0; i < m_page.edges.size(); ++i) {
        PageEdge& e = m_page.edges[i];
        e.line = lines[i]->route();
        e.label = lines[i]->label(); // its arrows follow where the boxes ended up
        e.shown = labels[i].shown;
        e.reference = labels[i].reference;
        e.labelBox = labels[i].box;
    }
    addReferenceRows();
    if (m_page.table.empty() && !reserveTable)
        tableWidth = 0;

    // Move everything to the origin, then shrink to the area if it does not fit.
    QRectF bounds;
    for (const PageNode& n : m_page.nodes)
        bounds |= n.box;
    for (const PageFrame& f : m_page.frames)
        bounds |= f.rect.adjusted(0, -8, 0, 0);
    for (const PageEdge& e : m_page.edges) {
        bounds |= e.line.boundingRect();
        if (!e.labelBox.isNull())
            bounds |= e.labelBox;
    }
    // The page's table goes beside the drawing, or, when it is short, in a band over it: whichever
    // leaves the drawing larger, and of those the one that wraps the table's cells least (every
    // cell is printed whole, on more lines where its column is too narrow).
    const qreal w = bounds.width(), h = bounds.height();
    const auto fit = [&](QSizeF room) {
        return bounds.isEmpty() ? 1.0 : std::min({1.0, room.width() / w, room.height() / h});
    };
    QSizeF room(area.width() - tableWidth, area.height());
    QPointF corner(0, 0);
    if (tableWidth > 0) {
        const qreal natural = naturalTableWidth(m_page.tableHeader, m_page.table);
        struct Choice
        {
            QRectF table;
            QSizeF room;
            QPointF corner;
            qreal scale;
            int wrapped;
        };
        std::vector<Choice> choices;
        // The table in a column of this width beside the drawing, laid out so.
        const auto beside = [&](qreal width, const TableLayout& table) -> const Choice& {
            const QSizeF left(area.width() - width, area.height());
            return choices.emplace_back(
                Choice{QRectF(area.width() - width + 12, 0, width - 12, area.height()), left, QPointF(0, 0),
                       fit(left), table.wrapped()});
        };
        // Beside: in the usual column, or in a wider one when the table wraps there.
        for (const qreal width : {tableWidth, std::min(natural + 12, area.width() * 0.45)}) {
            if (width < tableWidth || (!choices.empty() && width <= tableWidth + 1))
                continue;
            beside(width, layoutTable(m_page.tableHeader, m_page.table, width - 12));
        }
        // Over the drawing, right-aligned, as wide as it needs (the page's width at most).
        const qreal bandWidth = std::min(area.width(), std::max(620.0, natural));
        const TableLayout bandLayout = layoutTable(m_page.tableHeader, m_page.table, bandWidth);
        const qreal band = bandLayout.height() + 14;
        if (band < area.height() / 3) {
            const QSizeF below(area.width(), area.height() - band);
            choices.push_back({QRectF(area.width() - bandWidth, 0, bandWidth, band - 14), below,
                               QPointF(0, band), fit(below), bandLayout.wrapped()});
        }
        const auto better = [](const Choice& a, const Choice& b) {
            return std::pair(-a.scale, a.wrapped) < std::pair(-b.scale, b.wrapped);
        };
        // A drawing that would print its labels too small to read takes room from the table beside
        // it: a narrower column, its cells on more lines, as long as the table still fits the height.
        // A table longer than the page already goes on over continuation pages (paginate): narrower,
        // it only leaves more rows to them.
        const bool continued =
            layoutTable(m_page.tableHeader, m_page.table, tableWidth - 12).height() > area.height();
        if (std::min_element(choices.begin(), choices.end(), better)->scale < kSmallestScale - 1e-9)
            for (const qreal share : {0.9, 0.8, 0.7, 0.6, 0.5}) {
                const qreal width = tableWidth * share;
                const TableLayout narrow = layoutTable(m_page.tableHeader, m_page.table, width - 12);
                if (!continued && narrow.height() > area.height())
                    break;
                if (beside(width, narrow).scale >= kSmallestScale - 1e-9)
                    break; // readable: no narrower than it needs
            }
        const Choice& best = *std::min_element(choices.begin(), choices.end(), better);
        room = best.room;
        corner = best.corner;
        m_page.tableArea = best.table;
    }
    const qreal scale = fit(room);
    m_page.room = bounds.isEmpty() ? 1 : std::min(room.width() / w, room.height() / h);
    // Centred in the room the table leaves.
    const QPointF offset = corner + QPointF((room.width() - w * scale) / 2, (room.height() - h * scale) / 2);
    const auto map = [&](QPointF p) {
        return (p - bounds.topLeft()) * scale + offset;
    };
    const auto mapRect = [&](const QRectF& r) {
        return QRectF(map(r.topLeft()), map(r.bottomRight()));
    };
    for (PageNode& n : m_page.nodes)
        n.box = mapRect(n.box);
    for (PageFrame& f : m_page.frames)
        f.rect = mapRect(f.rect);
    for (PageEdge& e : m_page.edges) {
        for (QPointF& p : e.line)
            p = map(p);
        if (!e.labelBox.isNull())
            e.labelBox = mapRect(e.labelBox);
    }
    m_page.scale = scale;
    m_page.size = area;
}

QRectF titleTab(const PageFrame& frame, qreal scale)
{
    return {frame.rect.left() + 8 * scale, frame.rect.top() - 8 * scale,
            (textWidth(frame.title, kName, true) + 14) * scale, 16 * scale};
}

void PageBuilder::addReferenceRows()
{
    std::vector<QStringList> rows;
    for (size_t i = 0; i < m_page.edges.size(); ++i) {
        const PageEdge& e = m_page.edges[i];
        if (e.reference.isEmpty())
            continue;
        // In the table the columns say which end is which: "→" runs from the first to the second.
        const QString ports = pairLabel(m_edgeFlows[i].forward, m_edgeFlows[i].backward, QRectF(0, 0, 1, 1),
                                        QRectF(10, 0, 1, 1));
        rows.push_back(
            {e.reference, m_page.nodes[size_t(e.from)].name, m_page.nodes[size_t(e.to)].name, ports});
    }
    // Numbered as they were placed: F1, F2, ... in reading order.
    std::sort(rows.begin(), rows.end(), [](const QStringList& a, const QStringList& b) {
        return a[0].mid(1).toInt() < b[0].mid(1).toInt();
    });
    // Then the groups each box of alike groups stands for, with the subnets a rule needs.
    for (const auto& [index, reference] : m_alike) {
        const PageNode& box = m_page.nodes[size_t(index)];
        if (box.stub) // listed on the sheet that draws them
            continue;
        for (const int id : box.members) {
            const Node* n = m_document.node(id);
            rows.push_back({reference, n->name, addressOf(*n), u"%L1 devices"_s.arg(n->devices)});
        }
    }
    if (rows.empty())
        return;
    if (m_page.tableHeader.isEmpty())
        m_page.tableHeader =
            std::none_of(m_alike.cbegin(), m_alike.cend(),
                         [this](const auto& a) { return !m_page.nodes[size_t(a.first)].stub; })
                ? QStringList{u"Line"_s, u"From"_s, u"To"_s, u"Ports (→ from the first to the second)"_s}
                : QStringList{u"Line / box"_s, u"From / client group"_s, u"To / its subnets"_s,
                              u"Ports (→ from the first to the second) / devices"_s};
    m_page.table.insert(m_page.table.begin(), rows.begin(), rows.end());
}

int countCrossings(const DiagramPage& page)
{
    std::vector<QPolygonF> lines;
    lines.reserve(page.edges.size());
    for (const PageEdge& e : page.edges)
        lines.push_back(e.line);
    return countCrossings(lines);
}

int countCrossings(const std::vector<QPolygonF>& lines)
{
    std::vector<std::vector<QLineF>> segments;
    std::vector<QRectF> bounds;
    for (const QPolygonF& line : lines) {
        std::vector<QLineF> s;
        for (qsizetype i = 1; i < line.size(); ++i)
            s.emplace_back(line[i - 1], line[i]);
        segments.push_back(std::move(s));
        bounds.push_back(line.boundingRect().adjusted(-1, -1, 1, 1));
    }
    int crossings = 0;
    for (size_t a = 0; a < segments.size(); ++a)
        for (size_t b = a + 1; b < segments.size(); ++b) {
            if (!bounds[a].intersects(bounds[b]))
                continue;
            for (const QLineF& sa : segments[a])
                for (const QLineF& sb : segments[b])
                    crossings += segmentsCross(sa, sb);
        }
    return crossings;
}

int countLabelOverlaps(const DiagramPage& page)
{
    std::vector<QRectF> labels;
    for (const PageEdge& e : page.edges)
        if (!e.labelBox.isNull())
            labels.push_back(e.labelBox.adjusted(0.5, 0.5, -0.5, -0.5));
    int overlaps = 0;
    for (size_t a = 0; a < labels.size(); ++a) {
        for (size_t b = a + 1; b < labels.size(); ++b)
            overlaps += labels[a].intersects(labels[b]);
        for (const PageNode& n : page.nodes)
            overlaps += labels[a].intersects(n.box);
        for (const PageFrame& f : page.frames)
            overlaps += labels[a].intersects(titleTab(f, page.scale));
    }
    return overlaps;
}

} // namespace portolan::paper
