#include "bundleitem.h"

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

void BundleItem::setBundles(std::vector<EdgeBundle> bundles)
{
    prepareGeometryChange();
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
    const qreal px = 1 / detail; // one screen pixel in scene units
    const QRectF exposed = option->exposedRect;
    QFont font = painter->font();
    font.setPixelSize(11);
    const QFontMetricsF metrics(font);
    painter->save();
    // Thicker for more flows; the busiest bundle is 7 pixels wide.
    for (const EdgeBundle& b : m_bundles) {
        if (!exposed.intersects(QRectF(b.line.p1(), b.line.p2()).normalized().adjusted(-px, -px, px, px)))
            continue;
        const qreal width = 1 + 6 * std::log1p(b.flows) / std::log1p(m_mostFlows);
        QColor colour = b.colour;
        colour.setAlphaF(0.55);
        painter->setPen(QPen(colour, width * px, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(b.line);
    }
    painter->restore();
    // Labels in screen pixels, skipping any that would cover one already drawn
    // (zooming in spreads them apart, and then splits the bundles into edges).
    RectGrid drawn(64);
    painter->save();
    const QTransform world = painter->worldTransform();
    painter->resetTransform();
    painter->setFont(font);
    for (const EdgeBundle& b : m_bundles) {
        const QPointF mid = b.line.center();
        if (!exposed.contains(mid))
            continue;
        const QString text = b.label();
        const QPointF at = world.map(mid);
        const qreal w = metrics.horizontalAdvance(text) + 8;
        const QRectF box(at.x() - w / 2, at.y() - 8, w, 16);
        if (drawn.hits(box) > 0)
            continue;
        drawn.insert(box);
        painter->setPen(QPen(b.colour, 1));
        painter->setBrush(QColor(255, 255, 255, 230));
        painter->drawRoundedRect(box, 4, 4);
        painter->setPen(b.colour.darker(140));
        painter->drawText(box, Qt::AlignCenter, text);
    }
    painter->restore();
}

} // namespace portolan
