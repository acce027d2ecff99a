#include "bundleitem.h"

#include "render/designrenderer.h"
#include "render/rectgrid.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace portolan {

BundleItem::BundleItem()
{
    setZValue(2);
    setFlag(ItemUsesExtendedStyleOption);
}

void BundleItem::setZoneView(ZoneView view)
{
    setBundles(std::move(view.bundles));
    m_anchors = std::move(view.anchors);
    for (const ZoneAnchor& a : m_anchors)
        m_bounds |= QRectF(a.centre, QSizeF(1, 1));
}

void BundleItem::setBundles(std::vector<EdgeBundle> bundles)
{
    prepareGeometryChange();
    m_anchors.clear();
    m_bundles = std::move(bundles);
    m_bounds = {};
    m_mostFlows = 1;
    for (const EdgeBundle& b : m_bundles) {
        m_bounds |= QRectF(b.line.p1(), b.line.p2()).normalized();
        m_mostFlows = std::max(m_mostFlows, b.flows);
    }
    update();
}

QRectF BundleItem::boundingRect() const
{
    // Labels keep their screen size: leave room for them at the lowest zoom.
    return m_bounds.adjusted(-20000, -20000, 20000, 20000);
}

void BundleItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const qreal detail = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    if (detail <= 0)
        return;
    const QRectF exposed = option->exposedRect;
    // Everything in screen pixels: lines, arrows and labels keep their size at any zoom.
    const QTransform world = painter->worldTransform();
    painter->save();
    painter->resetTransform();
    QFont font = painter->font();
    font.setPixelSize(11);
    painter->setFont(font);
    for (const EdgeBundle& b : m_bundles) {
        if (!exposed.intersects(QRectF(b.line.p1(), b.line.p2()).normalized().adjusted(-1, -1, 1, 1)))
            continue;
        const qreal width = 1 + 6 * std::log1p(b.flows) / std::log1p(m_mostFlows);
        QColor colour = b.colour;
        colour.setAlphaF(b.directed ? 0.8 : 0.55);
        QLineF line(world.map(b.line.p1()), world.map(b.line.p2()));
        if (b.directed && line.length() > 1) {
            // The two directions of a zone pair side by side, each with its arrow.
            const QPointF normal = QPointF(-line.dy(), line.dx()) / line.length();
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
    }
    // Zone anchors over the lines, labels over everything, skipping any that would cover
    // one already drawn (zooming in spreads them apart).
    RectGrid drawn(64);
    const QFontMetricsF metrics(font);
    for (const ZoneAnchor& a : m_anchors) {
        const QPointF at = world.map(a.centre);
        const qreal w = metrics.horizontalAdvance(a.name) + 20;
        const QRectF box(at.x() - w / 2, at.y() - 13, w, 26);
        drawn.insert(box, 10);
        painter->setPen(QPen(a.colour.darker(130), 1.5));
        painter->setBrush(a.colour.lighter(170));
        painter->drawRoundedRect(box, 6, 6);
        painter->setPen(a.colour.darker(200));
        painter->drawText(box, Qt::AlignCenter, a.name);
    }
    for (const EdgeBundle& b : m_bundles) {
        if (!exposed.contains(b.line.center()))
            continue;
        QPointF at = world.map(b.line.center());
        if (b.directed) { // beside its own direction's line
            const QLineF line(world.map(b.line.p1()), world.map(b.line.p2()));
            if (line.length() > 1)
                at += QPointF(-line.dy(), line.dx()) / line.length() * 14;
        }
        paintLabel(painter, at, b, drawn);
    }
    painter->restore();
}

void BundleItem::paintLabel(QPainter* painter, QPointF at, const EdgeBundle& b, RectGrid& drawn) const
{
    const QFontMetricsF metrics(painter->font());
    // A long port list shows its first ports and "+N"; the Flows panel has the rest.
    QString text = b.label();
    const QStringList shorter = DesignRenderer::shortenedLabels(text);
    for (qsizetype i = 0; metrics.horizontalAdvance(text) > 360 && i < shorter.size(); ++i)
        text = shorter[i];
    const qreal w = metrics.horizontalAdvance(text) + 8;
    const QRectF box(at.x() - w / 2, at.y() - 8, w, 16);
    if (drawn.hits(box) > 0)
        return;
    drawn.insert(box);
    painter->setPen(QPen(b.colour, 1));
    painter->setBrush(QColor(255, 255, 255, 230));
    painter->drawRoundedRect(box, 4, 4);
    painter->setPen(b.colour.darker(140));
    painter->drawText(box, Qt::AlignCenter, text);
}

} // namespace portolan
