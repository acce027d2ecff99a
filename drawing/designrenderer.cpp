#include "drawing/designrenderer.h"

#include "drawing/geometry.h"
#include "drawing/orthoroute.h"
#include "drawing/rectgrid.h"

#include "catalog/catalog.h"
#include "design/document.h"

#include <QFont>
#include <QFontMetricsF>
#include <QHash>
#include <QIcon>
#include <QPainter>
#include <QtMath>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

const QColor kInk(0x26, 0x32, 0x38);
const QColor kSelection(0x1e, 0x88, 0xe5);

// Sizes are in pixels of the scene (points at 96 dpi), so that text scales with
// the painter's transform on any device: screen, PDF, SVG or image.
QFont labelFont(qreal pointSize, bool bold = false)
{
    QFont font(u"Sans Serif"_s);
    font.setPixelSize(qMax(1, qRound(pointSize * 4.0 / 3.0)));
    font.setBold(bold);
    // No ligatures, so that PDF text copies and searches as typed ("office", not "o-ffi-ce").
    font.setStyleStrategy(QFont::PreferNoShaping);
    return font;
}

QColor siteColour(SiteKind kind)
{
    switch (kind) {
    case SiteKind::Cas:
        return {0x1f, 0x3b, 0x73};
    case SiteKind::Primary:
        return {0x2f, 0x5d, 0x9e};
    case SiteKind::Secondary:
        break;
    }
    return {0x5a, 0x7f, 0xb5};
}

QColor faded(QColor c, bool dimmed)
{
    if (dimmed)
        c.setAlpha(45);
    return c;
}

// Where the segment from the centre of r outwards leaves r.
QPointF exitPoint(const QRectF& r, QPointF towards)
{
    const QPointF c = r.center();
    const QPointF d = towards - c;
    if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y()))
        return c;
    const qreal sx = qFuzzyIsNull(d.x()) ? 1e9 : (r.width() / 2) / qAbs(d.x());
    const qreal sy = qFuzzyIsNull(d.y()) ? 1e9 : (r.height() / 2) / qAbs(d.y());
    return c + d * qMin(qMin(sx, sy), 1.0);
}

} // namespace

DesignRenderer::DesignRenderer(const Document& document) : m_document(document)
{}

QRectF DesignRenderer::nodeRect(QPointF centre)
{
    const QSizeF s = nodeSize();
    return {centre.x() - s.width() / 2, centre.y() - s.height() / 2, s.width(), s.height()};
}

QIcon DesignRenderer::icon(const QString& key)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.insert(key, QIcon(u":/icons/%1.svg"_s.arg(key)));
    return *it;
}

QString DesignRenderer::iconKey(const Node& node) const
{
    const Catalog& catalog = m_document.catalog();
    switch (node.kind) {
    case NodeKind::ClientGroup:
        return u"group-"_s + osFamilyName(node.os);
    case NodeKind::Console:
        return u"console"_s;
    case NodeKind::Endpoint:
    case NodeKind::Server:
        break;
    }
    if (node.roles.isEmpty())
        return u"site_server"_s;
    // A server shows its most telling role: the site server first, then the first listed.
    const int siteServer = catalog.roleIndex(u"site_server");
    return catalog.role(node.roles.contains(siteServer) ? siteServer : node.roles.first()).id;
}

QString DesignRenderer::roleSummary(const Node& node) const
{
    static const QHash<QString, QString> shortNames = {
        {u"site_server"_s, u"SS"_s},
        {u"sms_provider"_s, u"Provider"_s},
        {u"sql_server"_s, u"SQL"_s},
        {u"management_point"_s, u"MP"_s},
        {u"distribution_point"_s, u"DP"_s},
        {u"software_update_point"_s, u"SUP"_s},
        {u"fallback_status_point"_s, u"FSP"_s},
        {u"state_migration_point"_s, u"SMP"_s},
        {u"reporting_services_point"_s, u"RSP"_s},
        {u"asset_intelligence_sync_point"_s, u"AI"_s},
        {u"service_connection_point"_s, u"SCP"_s},
        {u"cmg_connection_point"_s, u"CMG CP"_s},
        {u"certificate_registration_point"_s, u"CRP"_s},
        {u"endpoint_protection_point"_s, u"EP"_s},
        {u"enrollment_point"_s, u"Enroll"_s},
        {u"enrollment_proxy_point"_s, u"Enroll proxy"_s},
        {u"data_warehouse_service_point"_s, u"DW"_s},
        {u"exchange_connector"_s, u"Exchange"_s},
        {u"cloud_distribution_point"_s, u"Cloud DP"_s},
        {u"cmg"_s, u"CMG"_s},
    };
    const Catalog& catalog = m_document.catalog();
    switch (node.kind) {
    case NodeKind::ClientGroup: {
        QString text = u"%1 devices"_s.arg(node.devices);
        if (node.options.value(u"group.internet"_s).toBool())
            text += u", internet"_s;
        return text;
    }
    case NodeKind::Console:
        return u"Console"_s;
    case NodeKind::Endpoint:
        return node.roles.isEmpty() ? QString() : catalog.role(node.roles.first()).name;
    case NodeKind::Server:
        break;
    }
    QStringList names;
    for (int r : node.roles)
        names << shortNames.value(catalog.role(r).id, catalog.role(r).name);
    return names.join(u" · ");
}

void DesignRenderer::drawSiteFrame(QPainter* painter, const Site& site, const QRectF& rect, State state) const
{
    const QColor colour = siteColour(site.kind);
    painter->save();
    QColor fill = colour;
    fill.setAlpha(18);
    painter->setBrush(fill);
    QPen pen(state == State::Selected ? kSelection : colour, state == State::Selected ? 3 : 1.6,
             Qt::DashLine);
    painter->setPen(pen);
    painter->drawRoundedRect(rect, 10, 10);
    painter->restore();
}

void DesignRenderer::drawSiteTitle(QPainter* painter, const Site& site, const QRectF& rect,
                                   qreal detail) const
{
    const QColor colour = siteColour(site.kind);
    painter->save();
    const QRectF tab = siteTitleRect(rect);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawRoundedRect(tab, 6, 6);
    if (detail >= kSimpleDetail / 2) {
        painter->setPen(Qt::white);
        painter->setFont(labelFont(9.5, true));
        const QString kind = site.kind == SiteKind::Cas       ? u"CAS"_s
                             : site.kind == SiteKind::Primary ? u"Primary"_s
                                                              : u"Secondary"_s;
        const QString title = site.name.isEmpty() || site.name == site.code
                                  ? u"%1 · %2"_s.arg(site.code, kind)
                                  : u"%1 · %2 · %3"_s.arg(site.code, site.name, kind);
        painter->drawText(tab.adjusted(8, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft,
                          QFontMetricsF(painter->font()).elidedText(title, Qt::ElideRight, tab.width() - 16));
    }
    painter->restore();
}

QRectF DesignRenderer::siteTitleRect(const QRectF& frame)
{
    return {frame.left() + 12, frame.top() - 13, qMin(frame.width() - 24, 300.0), 26};
}

void DesignRenderer::drawSiteConnector(QPainter* painter, const QRectF& child, const QRectF& parent)
{
    painter->save();
    const QPointF from(child.center().x(), child.top() - 13);
    const QPointF to(parent.center().x(), parent.bottom());
    const qreal midY = child.top() - 13 > parent.bottom() ? (from.y() + to.y()) / 2 : from.y() - 20;
    QPainterPath path(from);
    path.lineTo(from.x(), midY);
    path.lineTo(to.x(), midY);
    path.lineTo(to);
    painter->setPen(QPen(QColor(0x90, 0xa4, 0xc8), 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path);
    painter->setBrush(QColor(0x90, 0xa4, 0xc8));
    painter->setPen(Qt::NoPen);
    painter->drawEllipse(to, 4.5, 4.5);
    painter->restore();
}

void DesignRenderer::drawNode(QPainter* painter, const Node& node, const QRectF& rect, State state,
                              qreal detail) const
{
    const bool dimmed = state == State::Dimmed;
    const bool selected = state == State::Selected;
    QColor zone(0x90, 0xa4, 0xae);
    if (const Zone* z = m_document.zone(node.zone); z && QColor::isValidColorName(z->color))
        zone = QColor::fromString(z->color);
    const QColor border =
        selected ? kSelection
                 : (state == State::Highlighted ? kSelection.darker(130) : QColor(0xb0, 0xbe, 0xc5));
    if (detail < kTinyDetail) {
        // The same colours as plain rectangles: the border as the box's edge where one pixel of it
        // fits beside the white, the zone's strip and the icon's square.
        const qreal opacity = painter->opacity();
        const bool smooth = painter->testRenderHint(QPainter::Antialiasing);
        painter->setRenderHint(QPainter::Antialiasing, false);
        const qreal pixel = 1 / std::max(detail, 1e-6);
        // A box of a pixel or two, filled without smoothing, would be as dark as its border: it is
        // drawn as faint as a smoothed one was, and without the strip, which would fill it.
        const bool tiny = rect.width() <= 3 * pixel || rect.height() <= 3 * pixel;
        painter->setOpacity(opacity * (dimmed ? 0.35 : 1.0) * (tiny ? 0.35 : 1.0));
        painter->fillRect(rect, border);
        if (!tiny) {
            painter->fillRect(rect.adjusted(pixel, pixel, -pixel, -pixel), Qt::white);
            painter->fillRect(QRectF(rect.left(), rect.top(), std::max<qreal>(6, pixel), rect.height()),
                              zone);
        }
        painter->setOpacity(opacity);
        painter->setRenderHint(QPainter::Antialiasing, smooth);
        return;
    }
    painter->save();
    painter->setOpacity(dimmed ? 0.35 : 1.0);
    painter->setPen(QPen(border, selected ? 2.5 : 1.2));
    painter->setBrush(Qt::white);
    painter->drawRoundedRect(rect, 7, 7);
    // The zone's colour as a strip on the left.
    painter->setPen(Qt::NoPen);
    painter->setBrush(zone);
    painter->drawRoundedRect(QRectF(rect.left(), rect.top(), 6, rect.height()), 3, 3);
    const QRectF iconRect(rect.left() + 12, rect.center().y() - 16, 32, 32);
    if (detail < kSimpleDetail) {
        painter->setBrush(zone.lighter(150));
        painter->drawRect(iconRect);
        painter->restore();
        return;
    }
    icon(iconKey(node)).paint(painter, iconRect.toRect());
    const QRectF text(iconRect.right() + 8, rect.top() + 6, rect.right() - iconRect.right() - 14,
                      rect.height() - 12);
    painter->setPen(kInk);
    // The whole host name, in a smaller font when it is long, elided only as a last resort.
    qreal size = 8.5;
    QFont bold = labelFont(size, true);
    while (size > 6 && QFontMetricsF(bold).horizontalAdvance(node.name) > text.width()) {
        size -= 0.5;
        bold = labelFont(size, true);
    }
    painter->setFont(bold);
    painter->drawText(QRectF(text.left(), text.top(), text.width(), 16), Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(bold).elidedText(node.name, Qt::ElideRight, text.width()));
    painter->setFont(labelFont(7.5));
    const QFontMetricsF small(painter->font());
    painter->setPen(QColor(0x54, 0x6e, 0x7a));
    const QString address = node.address.isEmpty() ? node.subnets.join(u", ") : node.address;
    painter->drawText(QRectF(text.left(), text.top() + 16, text.width(), 14),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      small.elidedText(address, Qt::ElideRight, text.width()));
    painter->setPen(QColor(0x37, 0x47, 0x4f));
    painter->drawText(QRectF(text.left(), text.top() + 30, text.width(), 14),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      small.elidedText(roleSummary(node), Qt::ElideRight, text.width()));
    painter->restore();
}

QLineF DesignRenderer::edgeLine(const QRectF& from, const QRectF& to, bool bothWays)
{
    const QLineF centre(from.center(), to.center());
    QPointF shift;
    if (bothWays && centre.length() > 0) {
        // A->B and B->A sit side by side: each is moved along the normal of its own direction.
        shift = QPointF(-centre.dy(), centre.dx()) / centre.length() * 7.0;
    }
    return {exitPoint(from, to.center()) + shift, exitPoint(to, from.center()) + shift};
}

namespace {

bool segmentHitsRect(const QLineF& segment, const QRectF& r)
{
    if (r.contains(segment.p1()) || r.contains(segment.p2()))
        return true;
    const QLineF sides[] = {{r.topLeft(), r.topRight()},
                            {r.topRight(), r.bottomRight()},
                            {r.bottomRight(), r.bottomLeft()},
                            {r.bottomLeft(), r.topLeft()}};
    for (const QLineF& side : sides)
        if (segment.intersects(side, nullptr) == QLineF::BoundedIntersection)
            return true;
    return false;
}

// Whether a segment runs under a box other than its own two ends'.
bool runsUnderABox(const QLineF& segment, const QRectF& from, const QRectF& to, const RectGrid& boxes)
{
    bool hit = false;
    // Widened: a horizontal or vertical segment has an empty bounding box, which meets nothing.
    boxes.visit(QRectF(segment.p1(), segment.p2()).normalized().adjusted(-1, -1, 1, 1), [&](const QRectF& r) {
        if (!hit && r != from && r != to && segmentHitsRect(segment, r.adjusted(-4, -4, 4, 4)))
            hit = true;
    });
    return hit;
}

} // namespace

QPolygonF DesignRenderer::edgeRoute(const QRectF& from, const QRectF& to, bool bothWays,
                                    const RectGrid* boxes)
{
    const QLineF straight = edgeLine(from, to, bothWays);
    // On a large design, long edges cross it whatever their shape; looking for a way round is
    // left to short ones there (each search visits the grid cells along the edge). A small
    // design routes much longer ones, but not one dragged a world away (cells by the million).
    const qreal longest =
        boxes && boxes->size() > kRouteEveryEdgeBelow ? kMaxRoutedLength : 8 * kMaxRoutedLength;
    const bool tooLong = straight.length() > longest;
    if (!boxes || tooLong || !runsUnderABox(straight, from, to, *boxes))
        return QPolygonF{straight.p1(), straight.p2()};
    // Bend once, through a point beside the middle, trying nearer points first; the normal
    // is the direction's own, so A->B and B->A bend to opposite sides.
    const QLineF centre(from.center(), to.center());
    const QPointF normal = QPointF(-centre.dy(), centre.dx()) / centre.length();
    for (qreal d : {70.0, 130.0, 200.0, 280.0, 380.0}) {
        for (qreal side : {1.0, -1.0}) {
            const QPointF via = centre.center() + normal * d * side;
            const QLineF first(exitPoint(from, via), via);
            const QLineF second(via, exitPoint(to, via));
            if (!runsUnderABox(first, from, to, *boxes) && !runsUnderABox(second, from, to, *boxes))
                return QPolygonF{first.p1(), via, second.p2()};
        }
    }
    // Boxes all round: an orthogonal way between them. The two directions of a pair take lanes
    // on opposite sides, and each pair its own offset within them, so parallel edges keep apart.
    const QPointF a = from.center(), b = to.center();
    const qreal side = bothWays ? ((a.x() < b.x() || (a.x() == b.x() && a.y() < b.y())) ? 1.0 : -1.0) : 0.0;
    const qreal jitter =
        std::fmod(std::abs(a.x() * 0.37 + a.y() * 0.11 + b.x() * 0.23 + b.y() * 0.61), 8.0) - 4.0;
    // On a large design fewer boxes are searched round, to keep its routing within seconds.
    const int searched = boxes->size() > kRouteEveryEdgeBelow ? 15 : 120;
    const QPolygonF around = orthogonalRoute(from, to, *boxes, side * 8 + jitter, searched);
    if (!around.isEmpty())
        return around;
    return QPolygonF{straight.p1(), straight.p2()};
}

QPointF DesignRenderer::pointAlong(const QPolygonF& route, qreal at)
{
    QPointF point;
    pointsAlong(route, &at, 1, &point);
    return point;
}

void DesignRenderer::pointsAlong(const QPolygonF& route, const qreal* at, size_t count, QPointF* points)
{
    if (route.size() < 2) {
        std::fill(points, points + count, route.isEmpty() ? QPointF() : route.first());
        return;
    }
    // Each segment's length once (a route has a few; more go to the heap).
    constexpr qsizetype kOnStack = 16;
    std::array<qreal, kOnStack> onStack;
    std::vector<qreal> onHeap;
    qreal* lengths = onStack.data();
    if (route.size() - 1 > kOnStack) {
        onHeap.resize(size_t(route.size() - 1));
        lengths = onHeap.data();
    }
    qreal total = 0;
    for (qsizetype i = 1; i < route.size(); ++i) {
        lengths[i - 1] = QLineF(route[i - 1], route[i]).length();
        total += lengths[i - 1];
    }
    for (size_t k = 0; k < count; ++k) {
        qreal wanted = total * at[k];
        for (qsizetype i = 1; i < route.size(); ++i) {
            const qreal length = lengths[i - 1];
            if (wanted <= length || i == route.size() - 1) {
                const QLineF segment(route[i - 1], route[i]);
                points[k] = length > 0 ? segment.pointAt(qBound(0.0, wanted / length, 1.0)) : segment.p1();
                break;
            }
            wanted -= length;
        }
    }
}

QColor DesignRenderer::edgeColor(const std::vector<Flow>& flows)
{
    bool tcp = false, udp = false;
    for (const Flow& f : flows) {
        tcp = tcp || f.protocol == Protocol::Tcp;
        udp = udp || f.protocol == Protocol::Udp;
    }
    if (tcp && udp)
        return {0x6a, 0x3d, 0x9a}; // both
    if (udp)
        return {0xd8, 0x6b, 0x1f};
    if (tcp)
        return {0x2f, 0x5d, 0x9e};
    return {0x60, 0x7d, 0x8b}; // ICMP only
}

qreal DesignRenderer::labelWidth(const QString& label)
{
    struct Measured
    {
        QFontMetricsF metrics{labelFont(7)};
        QHash<QString, qreal> widths;
    };
    thread_local Measured measured;
    if (const auto it = measured.widths.constFind(label); it != measured.widths.cend())
        return *it;
    if (measured.widths.size() > 100'000) // a long session of many designs
        measured.widths.clear();
    return *measured.widths.insert(label, measured.metrics.horizontalAdvance(label) + 10);
}

QRectF DesignRenderer::labelRect(const QPolygonF& route, const QString& label, qreal at)
{
    const qreal width = labelWidth(label);
    const QPointF mid = pointAlong(route, at);
    return {mid.x() - width / 2, mid.y() - 8, width, 16};
}

QRectF DesignRenderer::labelRect(const QLineF& line, const QString& label, qreal at)
{
    const qreal width = labelWidth(label);
    const QPointF mid = line.pointAt(at);
    return {mid.x() - width / 2, mid.y() - 8, width, 16};
}

QStringList DesignRenderer::shortenedLabels(const QString& label)
{
    // A two-way line's label is each direction behind its arrow, two spaces apart ("→ TCP 80, 443
    // ← UDP 67"); a one-way one is its ports alone. Ports are kept in order across directions.
    struct Port
    {
        QString arrow; // empty on a one-way line
        QString protocol;
        QString port; // empty for ICMP
    };
    static const QString arrows = u"→←↑↓↔↕"_s;
    QList<Port> ports;
    for (const QString& direction : label.split(u"  "_s, Qt::SkipEmptyParts)) {
        QString arrow, list = direction;
        if (arrows.contains(direction.at(0)) && direction.size() > 2 && direction.at(1) == u' ') {
            arrow = direction.left(1);
            list = direction.mid(2);
        }
        for (const QString& part : list.split(u"; "_s)) {
            const QString protocol = part.section(u' ', 0, 0);
            const QString numbers = part.section(u' ', 1);
            if (numbers.isEmpty())
                ports.append({arrow, protocol, QString()});
            for (const QString& port : numbers.split(u", "_s, Qt::SkipEmptyParts))
                ports.append({arrow, protocol, port});
        }
    }
    QStringList result;
    for (qsizetype keep = ports.size() - 1; keep >= 1; --keep) {
        QString text;
        for (qsizetype i = 0; i < keep; ++i) {
            const Port& p = ports[i];
            const bool newDirection = i == 0 || p.arrow != ports[i - 1].arrow;
            if (newDirection) {
                text +=
                    (text.isEmpty() ? QString() : u"  "_s) + (p.arrow.isEmpty() ? QString() : p.arrow + u' ');
                text += p.protocol;
            } else if (p.protocol != ports[i - 1].protocol) {
                text += u"; "_s + p.protocol;
            } else {
                text += u","_s;
            }
            text += p.port.isEmpty() ? QString() : u' ' + p.port;
        }
        result << u"%1 +%2"_s.arg(text).arg(ports.size() - keep);
    }
    return result;
}

std::vector<DesignRenderer::LabelPlace>
DesignRenderer::placeLabels(const std::vector<std::pair<QLineF, QString>>& edges,
                            const std::vector<QRectF>& obstacles, bool hideWhatDoesNotFit)
{
    std::vector<std::pair<QPolygonF, QString>> routes;
    routes.reserve(edges.size());
    for (const auto& [line, label] : edges)
        routes.emplace_back(QPolygonF{line.p1(), line.p2()}, label);
    return placeLabels(routes, obstacles, hideWhatDoesNotFit);
}

std::vector<DesignRenderer::LabelPlace>
DesignRenderer::placeLabels(const std::vector<std::pair<QPolygonF, QString>>& edges,
                            const std::vector<QRectF>& obstacles, bool hideWhatDoesNotFit)
{
    static constexpr qreal kCandidates[] = {0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65, 0.25, 0.75, 0.45, 0.55};
    std::vector<LabelPlace> result(edges.size());
    // Labels placed so far and node boxes, in a grid: each candidate looks only at its neighbours.
    RectGrid grid;
    for (const QRectF& r : obstacles)
        grid.insert(r, 2); // covering a node is worse than touching a label
    // The shorter forms of a label, made once per text as well.
    QHash<QString, QStringList> shortened;
    const auto shortenedOf = [&](const QString& text) -> const QStringList& {
        auto it = shortened.constFind(text);
        if (it == shortened.cend())
            it = shortened.insert(text, shortenedLabels(text));
        return *it;
    };
    constexpr size_t kPlaces = std::size(kCandidates);
    for (size_t i = 0; i < edges.size(); ++i) {
        const auto& [line, label] = edges[i];
        // The candidate places along the route, found once for every text tried there.
        std::array<QPointF, kPlaces> mids;
        pointsAlong(line, kCandidates, kPlaces, mids.data());
        LabelPlace best{0.5, label};
        size_t bestPlace = 0;
        int fewest = std::numeric_limits<int>::max();
        const auto tryText = [&](const QString& text) {
            const qreal width = labelWidth(text);
            for (size_t k = 0; k < kPlaces; ++k) {
                const QPointF& mid = mids[k];
                const int hits = grid.hits(QRectF(mid.x() - width / 2 - 2, mid.y() - 9, width + 4, 18));
                if (hits < fewest) {
                    fewest = hits;
                    best = {kCandidates[k], text};
                    bestPlace = k;
                }
                if (hits == 0)
                    return true;
            }
            return false;
        };
        // The whole list where it fits; else its first ports and "+N" where that fits.
        bool fits = tryText(label);
        if (!fits)
            for (const QString& shorter : shortenedOf(label))
                if ((fits = tryText(shorter)))
                    break;
        if (!fits && hideWhatDoesNotFit) {
            result[i] = {0.5, QString()};
            continue;
        }
        best.crowded = !fits;
        result[i] = best;
        const QPointF mid = mids[bestPlace]; // labelRect(), with the width measured above
        const qreal width = labelWidth(best.text);
        grid.insert(QRectF(mid.x() - width / 2, mid.y() - 8, width, 16), 1);
    }
    return result;
}

QPainterPath DesignRenderer::edgeShape(const QLineF& line, const QString& label, qreal detail, qreal labelAt)
{
    return edgeShape(QPolygonF{line.p1(), line.p2()}, label, detail, labelAt);
}

QPainterPath DesignRenderer::edgeShape(const QPolygonF& line, const QString& label, qreal detail,
                                       qreal labelAt)
{
    QPainterPath path;
    path.addPolygon(line);
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    QPainterPath shape = stroker.createStroke(path);
    if (detail >= kSimpleDetail && !label.isEmpty())
        shape.addRect(labelRect(line, label, labelAt));
    return shape;
}

QRectF DesignRenderer::deviceArea(const QPainter* painter)
{
    const QPaintDevice* device = painter->device();
    bool invertible = false;
    const QTransform toItem = painter->combinedTransform().inverted(&invertible);
    if (!device || device->width() <= 0 || device->height() <= 0 || !invertible)
        return {};
    return toItem.mapRect(QRectF(0, 0, device->width(), device->height()));
}

void DesignRenderer::drawVisiblePolyline(QPainter* painter, const QPolygonF& line)
{
    // A long edge seen close up would be stroked whole, most of it off the page or screen: on a
    // large design at 100 % that is thousands of edges each many screen widths long, and took
    // the raster engine tens of seconds. Only the parts in the painter's device are drawn.
    const QRectF device = deviceArea(painter);
    if (device.isNull()) {
        painter->drawPolyline(line);
        return;
    }
    const qreal margin = painter->pen().widthF() + 2;
    const QRectF visible = device.adjusted(-margin, -margin, margin, margin);
    if (visible.contains(line.boundingRect())) {
        painter->drawPolyline(line);
        return;
    }
    QPolygonF run;
    for (qsizetype i = 0; i + 1 < line.size(); ++i) {
        QPointF a = line[i], b = line[i + 1];
        if (!clipSegment(a, b, visible)) {
            if (run.size() > 1)
                painter->drawPolyline(run);
            run.clear();
            continue;
        }
        if (run.isEmpty() || run.last() != a) {
            if (run.size() > 1)
                painter->drawPolyline(run);
            run = {a};
        }
        run << b;
    }
    if (run.size() > 1)
        painter->drawPolyline(run);
}

void DesignRenderer::drawEdge(QPainter* painter, const QPolygonF& route, const QColor& protocolColour,
                              State state, bool headAtEnd, bool headAtStart) const
{
    if (route.size() < 2)
        return;
    painter->save();
    const bool dimmed = state == State::Dimmed;
    const QColor colour = faded(protocolColour, dimmed);
    const qreal width = state == State::Highlighted ? 2.6 : 1.4;
    painter->setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    drawVisiblePolyline(painter, route);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    // An arrow head on the last leg at each end that opens a port.
    const auto head = [painter](QPointF tip, QPointF from) {
        if (QLineF(from, tip).length() >= 1)
            painter->drawPolygon(arrowHead(tip, from, 9));
    };
    if (headAtEnd)
        head(route.last(), route[route.size() - 2]);
    if (headAtStart)
        head(route.first(), route[1]);
    painter->restore();
}

QPolygonF DesignRenderer::arrowHead(QPointF tip, QPointF from, qreal size)
{
    const QLineF back(tip, from);
    if (back.length() < 0.01)
        return {};
    // Its sides 0.4 radians (23 degrees) either side of the line.
    const qreal angle = qAtan2(tip.y() - from.y(), tip.x() - from.x());
    return QPolygonF{tip, tip - QPointF(qCos(angle - 0.4) * size, qSin(angle - 0.4) * size),
                     tip - QPointF(qCos(angle + 0.4) * size, qSin(angle + 0.4) * size)};
}

void DesignRenderer::drawEdgeLabel(QPainter* painter, const QRectF& box, const QColor& protocolColour,
                                   const QString& label, State state, qreal detail) const
{
    if (detail < kSimpleDetail || label.isEmpty() || state == State::Dimmed)
        return;
    painter->save();
    painter->setBrush(QColor(255, 255, 255, 235));
    painter->setPen(QPen(protocolColour, 0.8));
    painter->drawRoundedRect(box, 4, 4);
    painter->setPen(protocolColour.darker(140));
    painter->setFont(labelFont(7));
    painter->drawText(box, Qt::AlignCenter, label);
    painter->restore();
}

void DesignRenderer::drawLink(QPainter* painter, const QPolygonF& route, const QString& label, qreal labelAt,
                              State state, qreal detail) const
{
    if (route.size() < 2)
        return;
    QColor colour(0x8d, 0x6e, 0x63);
    if (state == State::Selected)
        colour = kSelection;
    if (detail < kTinyDetail && state != State::Selected) {
        // Dots a hundredth of a pixel apart smoothed to nothing: drawn at all (even as faint
        // hairlines) they lay a brown mesh over every branch of a fitted large design.
        return;
    }
    painter->save();
    painter->setPen(
        QPen(faded(colour, state == State::Dimmed), state == State::Selected ? 2.2 : 1.3, Qt::DotLine));
    drawVisiblePolyline(painter, route);
    if (detail >= kSimpleDetail && !label.isEmpty() && state != State::Dimmed) {
        // On a light ground across the line, where placeLabels found room for it.
        const QRectF box = labelRect(route, label, labelAt);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(255, 255, 255, 225));
        painter->drawRoundedRect(box.adjusted(2, 2, -2, -2), 3, 3);
        painter->setFont(labelFont(6.5));
        painter->setPen(colour);
        painter->drawText(box, Qt::AlignCenter, label);
    }
    painter->restore();
}

} // namespace portolan
