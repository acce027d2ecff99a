#include "bundleitem.h"

#include "designscene.h"
#include "drawing/designrenderer.h"
#include "drawing/rectgrid.h"

#include <QGraphicsScene>
#include <QGraphicsSceneHoverEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <tuple>
#include <utility>

namespace portolan {

namespace {

QFont labelFont()
{
    QFont font;
    font.setPixelSize(11);
    return font;
}

// Screen pixels: a label's height, and how far a directed bundle's label sits beside its line.
constexpr qreal kLabelHeight = 16;
constexpr qreal kBeside = 14;
constexpr qreal kLongestLabel = 360;
constexpr qreal kLabelEvery = 700;
// Where along its line a label is tried, the middle first; beside the line after on it.
constexpr qreal kAlong[] = {0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82};
constexpr qreal kAcross[] = {0, 1.1, -1.1};

QPointF unitNormal(const QLineF& line)
{
    const qreal length = line.length();
    return length > 0 ? QPointF(-line.dy(), line.dx()) / length : QPointF();
}

} // namespace

BundleItem::BundleItem(const DesignScene& scene) : m_scene(scene)
{
    setZValue(2);
    setFlag(ItemUsesExtendedStyleOption);
    setAcceptHoverEvents(true);
}

BundleItem::~BundleItem() = default;

void BundleItem::setZoneView(ZoneView view)
{
    setBundles(std::move(view.bundles), {});
    m_anchors = std::move(view.anchors);
    for (const ZoneAnchor& a : m_anchors)
        m_bounds |= QRectF(a.centre, QSizeF(1, 1));
    invalidateCache();
    update();
}

namespace {

bool sameBundles(const std::vector<EdgeBundle>& a, const std::vector<EdgeBundle>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const EdgeBundle& x, const EdgeBundle& y) {
        return x.first == y.first && x.second == y.second && x.line == y.line && x.ports == y.ports &&
               x.flows == y.flows && x.colour == y.colour && x.directed == y.directed &&
               x.portList == y.portList && x.ends == y.ends && x.allPorts == y.allPorts;
    });
}

} // namespace

namespace {} // namespace

void BundleItem::setBundles(std::vector<EdgeBundle> sites, std::vector<EdgeBundle> branches)
{
    // An edit that changes no bundle (a server moved within its site) repaints none: on a large
    // design fitted to the window a repaint of every bundle is the whole canvas's.
    if (m_anchors.empty() && sameBundles(sites, m_sites) && sameBundles(branches, m_branches))
        return;
    QRectF bounds;
    int mostFlows = 1;
    for (const std::vector<EdgeBundle>* level : {&sites, &branches})
        for (const EdgeBundle& b : *level) {
            bounds |= QRectF(b.line.p1(), b.line.p2()).normalized();
            mostFlows = std::max(mostFlows, b.flows);
        }
    // Widths are relative to a power of two between twice and four times the busiest bundle's
    // flows, kept while the busiest stays between a quarter of it and it: an edit that adds or
    // takes a few flows does not redraw every other line a hair thinner or thicker.
    if (mostFlows > m_mostFlows || mostFlows * 4 < m_mostFlows)
        mostFlows = int(std::bit_ceil(unsigned(2 * mostFlows)));
    else
        mostFlows = m_mostFlows;
    // Where the bounds keep their size (an option changed, a server went), only the lines and
    // labels that differ are repainted: the rest of a fitted large design stays on screen.
    // The labels as painted: placed at the painter's zoom, which can differ from the view's in the
    // last bits.
    const qreal painted = m_placedZoom;
    const bool inPlace =
        m_anchors.empty() && bounds == m_bounds && painted > 0 && qFuzzyCompare(painted, m_zoom);
    const int mostFlowsBefore = m_mostFlows;
    std::vector<EdgeBundle> drawnBefore;
    std::vector<Label> labelsBefore;
    if (inPlace) {
        drawnBefore = bundles();
        labelsBefore = m_labels;
    } else {
        prepareGeometryChange();
    }
    m_anchors.clear();
    m_sites = std::move(sites);
    m_branches = std::move(branches);
    m_bounds = bounds;
    m_mostFlows = mostFlows;
    if (!inPlace) {
        obstaclesChanged();
        return;
    }
    m_obstacles.reset();
    m_placedZoom = -1;
    place(painted);
    repaintChanges(drawnBefore, labelsBefore, mostFlowsBefore);
}

qreal BundleItem::lineWidth(int flows, int mostFlows)
{
    return 1 + 5 * std::log1p(flows) / std::log1p(mostFlows);
}

void BundleItem::repaintChanges(const std::vector<EdgeBundle>& drawnBefore,
                                const std::vector<Label>& labelsBefore, int mostFlowsBefore)
{
    const auto sameLine = [&](const EdgeBundle& x, const EdgeBundle& y) {
        return x.line == y.line && x.colour == y.colour && x.directed == y.directed &&
               lineWidth(x.flows, mostFlowsBefore) == lineWidth(y.flows, m_mostFlows);
    };
    std::vector<QRectF> dirty;
    // A line, in pieces along it: a long one's bounding box would be much of the canvas.
    const qreal margin = 8 / m_zoom; // half the widest line and its round cap, in screen pixels
    const auto addLine = [&](const QLineF& line) {
        const int pieces = std::clamp(int(line.length() * m_zoom / 150) + 1, 1, 12);
        for (int i = 0; i < pieces; ++i) {
            const QLineF piece(line.pointAt(qreal(i) / pieces), line.pointAt(qreal(i + 1) / pieces));
            dirty.push_back(
                QRectF(piece.p1(), piece.p2()).normalized().adjusted(-margin, -margin, margin, margin));
        }
    };
    using Ends = std::pair<int, int>;
    std::map<Ends, const EdgeBundle*> before;
    for (const EdgeBundle& b : drawnBefore)
        before[{b.first, b.second}] = &b;
    const std::vector<EdgeBundle>& drawn = bundles();
    for (const EdgeBundle& b : drawn) {
        const auto it = before.find({b.first, b.second});
        if (it != before.end() && sameLine(*it->second, b)) {
            before.erase(it);
            continue;
        }
        addLine(b.line);
        if (it != before.end()) {
            if (it->second->line != b.line)
                addLine(it->second->line);
            before.erase(it);
        }
    }
    for (const auto& [ends, gone] : before)
        addLine(gone->line);
    // Labels that moved, changed text or colour, came or went.
    const auto key = [](const QRectF& r, const QString& text, const QColor& colour) {
        return std::tuple(r.x(), r.y(), r.width(), r.height(), text, colour.rgba());
    };
    std::multiset<std::tuple<qreal, qreal, qreal, qreal, QString, QRgb>> was;
    for (const Label& l : labelsBefore)
        was.insert(
            key(l.rect, l.text, l.bundle < drawnBefore.size() ? drawnBefore[l.bundle].colour : QColor()));
    const qreal edge = 2 / m_zoom;
    for (const Label& l : m_labels) {
        const auto it = was.find(key(l.rect, l.text, drawn[l.bundle].colour));
        if (it != was.end())
            was.erase(it);
        else
            dirty.push_back(l.rect.adjusted(-edge, -edge, edge, edge));
    }
    for (const auto& [x, y, w, h, text, colour] : was)
        dirty.push_back(QRectF(x, y, w, h).adjusted(-edge, -edge, edge, edge));
    // Each area on its own, through the scene (the item would repaint the box around them all);
    // beyond a few dozen, all of it.
    QGraphicsScene* scene = this->scene();
    if (dirty.size() > 40 || !scene) {
        invalidateCache();
        update();
        return;
    }
    for (const QRectF& r : dirty) {
        invalidateCache(r);
        scene->update(mapRectToScene(r));
    }
}

void BundleItem::obstaclesChanged()
{
    m_obstacles.reset();
    m_placedZoom = -1;
    invalidateCache();
    update();
}

void BundleItem::invalidateCache() const
{
    m_cache.valid = false;
    m_cache.dirty.clear();
}

void BundleItem::invalidateCache(const QRectF& area) const
{
    if (m_cache.valid)
        m_cache.dirty.push_back(area);
}

void BundleItem::setZoom(qreal zoom)
{
    if (zoom == m_zoom)
        return;
    prepareGeometryChange(); // the labels, and so the shape, change
    m_zoom = zoom;
    m_placedZoom = -1;
}

const std::vector<EdgeBundle>& BundleItem::bundlesAt(qreal zoom) const
{
    return zoom < kBranchZoom && !m_branches.empty() ? m_branches : m_sites;
}

const std::vector<EdgeBundle>& BundleItem::bundles() const
{
    return bundlesAt(m_zoom);
}

const std::vector<BundleItem::Label>& BundleItem::labels() const
{
    place(m_zoom);
    return m_labels;
}

const std::vector<QRectF>& BundleItem::anchorBoxes() const
{
    place(m_zoom);
    return m_anchorBoxes;
}

const RectGrid& BundleItem::obstacles() const
{
    if (!m_obstacles) {
        // Coarse cells: zoomed out, a label spans thousands of scene units.
        m_obstacles = std::make_unique<RectGrid>(1024);
        for (const QRectF& r : m_scene.labelObstacles())
            m_obstacles->insert(r);
        m_area = m_scene.drawingBounds();
    }
    return *m_obstacles;
}

void BundleItem::place(qreal zoom) const
{
    if (zoom == m_placedZoom || zoom <= 0)
        return;
    m_placedZoom = zoom;
    m_labels.clear();
    m_anchorBoxes.clear();
    m_shape = QPainterPath();
    const RectGrid& blocked = obstacles();
    RectGrid placed(std::max<qreal>(256, 120 / zoom));
    const QFontMetricsF metrics(labelFont());
    for (const ZoneAnchor& a : m_anchors) {
        const QSizeF size((metrics.horizontalAdvance(a.name) + 20) / zoom, 26 / zoom);
        QRectF box(QPointF(), size);
        box.moveCenter(a.centre);
        m_anchorBoxes.push_back(box);
        placed.insert(box);
    }
    // The busiest bundles choose first.
    const std::vector<EdgeBundle>& drawn = bundlesAt(zoom);
    std::vector<size_t> order(drawn.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&drawn](size_t a, size_t b) { return drawn[a].flows > drawn[b].flows; });
    const qreal height = kLabelHeight / zoom;
    for (size_t index : order) {
        const EdgeBundle& b = drawn[index];
        // A long port list shows its first ports and "+N" where the whole list does not fit.
        QStringList texts{b.label()};
        texts += DesignRenderer::shortenedLabels(b.label());
        const QPointF normal = unitNormal(b.line);
        const QPointF beside = b.directed ? normal * kBeside / zoom : QPointF();
        const auto fits = [&](const QRectF& r) {
            return m_area.contains(r) && blocked.hits(r) == 0 && placed.hits(r) == 0;
        };
        // A long line gets a label every kLabelEvery pixels, so that wherever the view is
        // on it, its count is near.
        const int pieces = std::clamp(int(b.line.length() * zoom / kLabelEvery), 1, 40);
        for (int piece = 0; piece < pieces; ++piece) {
            bool done = false;
            for (qsizetype t = 0; t < texts.size() && !done; ++t) {
                const qreal width = metrics.horizontalAdvance(texts[t]) + 8;
                if (width > kLongestLabel && t + 1 < texts.size())
                    continue;
                QRectF box(QPointF(), QSizeF(width / zoom, height));
                for (qreal along : kAlong) {
                    for (qreal across : kAcross) {
                        const qreal at = (piece + 0.5 + (along - 0.5)) / pieces;
                        box.moveCenter(b.line.pointAt(at) + beside + normal * across * height);
                        if (!fits(box))
                            continue;
                        placed.insert(box);
                        m_labels.push_back({box, texts[t], index});
                        m_shape.addRect(box);
                        done = true;
                        break;
                    }
                    if (done)
                        break;
                }
            }
        }
    }
}

QRectF BundleItem::boundingRect() const
{
    // Labels keep their screen size: leave room for them at the lowest zoom.
    return m_bounds.adjusted(-20000, -20000, 20000, 20000);
}

QPainterPath BundleItem::shape() const
{
    place(m_zoom);
    return m_shape;
}

void BundleItem::hoverMoveEvent(QGraphicsSceneHoverEvent* event)
{
    QString tip;
    for (const Label& l : labels())
        if (l.rect.contains(event->pos())) {
            tip = bundles()[l.bundle].toolTip();
            break;
        }
    if (tip != toolTip())
        setToolTip(tip);
    QGraphicsItem::hoverMoveEvent(event);
}

void BundleItem::paintLines(QPainter* painter, const QTransform& world, const QRectF& exposed,
                            const std::vector<EdgeBundle>& bundles) const
{
    for (const EdgeBundle& b : bundles) {
        if (!exposed.intersects(QRectF(b.line.p1(), b.line.p2()).normalized().adjusted(-1, -1, 1, 1)))
            continue;
        const qreal width = lineWidth(b.flows, m_mostFlows);
        QColor colour = b.colour;
        colour.setAlphaF(b.directed ? 0.8 : 0.45);
        QLineF line(world.map(b.line.p1()), world.map(b.line.p2()));
        if (b.directed && line.length() > 1) {
            // The two directions of a zone pair side by side, each with its arrow.
            const QPointF normal = unitNormal(line);
            line.translate(normal * (width / 2 + 4));
            line.setP1(line.pointAt(std::min(0.45, 70 / line.length())));
            line.setP2(line.pointAt(std::max(0.55, 1 - 70 / line.length())));
            const qreal angle = std::atan2(line.dy(), line.dx());
            const QPointF tip = line.p2();
            QPolygonF head;
            head << tip << tip - QPointF(std::cos(angle - 0.4), std::sin(angle - 0.4)) * 12
                 << tip - QPointF(std::cos(angle + 0.4), std::sin(angle + 0.4)) * 12;
            painter->setPen(Qt::NoPen);
            painter->setBrush(colour);
            painter->drawPolygon(head);
        }
        painter->setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(line);
        ++m_stroked;
    }
}

void BundleItem::paintContent(QPainter* painter, const QTransform& world, const QRectF& exposed,
                              qreal detail) const
{
    const std::vector<EdgeBundle>& drawn = bundlesAt(detail);
    painter->setFont(labelFont());
    paintLines(painter, world, exposed, drawn);
    // Zone anchors over the lines, labels over everything.
    for (size_t i = 0; i < m_anchors.size(); ++i) {
        const ZoneAnchor& a = m_anchors[i];
        const QRectF box = world.mapRect(m_anchorBoxes[i]);
        painter->setPen(QPen(a.colour.darker(130), 1.5));
        painter->setBrush(a.colour.lighter(170));
        painter->drawRoundedRect(box, 6, 6);
        painter->setPen(a.colour.darker(200));
        painter->drawText(box, Qt::AlignCenter, a.name);
    }
    for (const Label& l : m_labels) {
        if (!exposed.intersects(l.rect))
            continue;
        const EdgeBundle& b = drawn[l.bundle];
        const QRectF box = world.mapRect(l.rect);
        painter->setPen(QPen(b.colour, 1));
        painter->setBrush(QColor(255, 255, 255, 235));
        painter->drawRoundedRect(box, 4, 4);
        painter->setPen(b.colour.darker(140));
        painter->drawText(box, Qt::AlignCenter, l.text);
    }
}

void BundleItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget)
{
    const qreal detail = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    if (detail <= 0)
        return;
    place(detail);
    // Everything in screen pixels: lines, arrows and labels keep their size at any zoom.
    const QTransform world = painter->worldTransform();
    if (!widget || world.type() > QTransform::TxScale) {
        // An export or a print: drawn as vectors, at the device's resolution.
        painter->save();
        painter->resetTransform();
        paintContent(painter, world, option->exposedRect, detail);
        painter->restore();
        return;
    }
    // In a view: from the view's copy, painted again where it changed.
    const QRect view = widget->rect();
    const qreal ratio = widget->devicePixelRatioF();
    const auto paintArea = [&](const QRectF& area) {
        QPainter p(&m_cache.image);
        p.setRenderHints(painter->renderHints());
        p.setClipRect(world.mapRect(area).toAlignedRect().adjusted(-1, -1, 1, 1));
        p.setCompositionMode(QPainter::CompositionMode_Source);
        p.fillRect(view, Qt::transparent);
        p.setCompositionMode(QPainter::CompositionMode_SourceOver);
        paintContent(&p, world, area, detail);
    };
    if (!m_cache.valid || m_cache.world != world || m_cache.view != view || m_cache.widget != widget ||
        m_cache.image.devicePixelRatio() != ratio) {
        if (m_cache.image.size() != view.size() * ratio) {
            m_cache.image = QImage(view.size() * ratio, QImage::Format_ARGB32_Premultiplied);
            m_cache.image.setDevicePixelRatio(ratio);
        }
        m_cache.world = world;
        m_cache.view = view;
        m_cache.widget = widget;
        m_cache.valid = true;
        m_cache.dirty.clear();
        paintArea(world.inverted().mapRect(QRectF(view)));
    }
    for (const QRectF& area : std::exchange(m_cache.dirty, {}))
        paintArea(area);
    const QRect target = world.mapRect(option->exposedRect).toAlignedRect().adjusted(-1, -1, 1, 1) & view;
    painter->save();
    painter->resetTransform();
    painter->drawImage(target, m_cache.image,
                       QRectF(QPointF(target.topLeft()) * ratio, QSizeF(target.size()) * ratio));
    painter->restore();
}

} // namespace portolan
