#pragma once

#include "render/edgebundles.h"

#include <QGraphicsItem>

namespace portolan {

class RectGrid;

// The edges of the whole design at low zoom: one item drawing one line per pair of
// sites, labelled with its port count, instead of 10^5 edge items too small to read.
// Lines and labels keep their size on screen whatever the zoom.
class BundleItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 5
    };
    BundleItem();
    int type() const override { return Type; }

    void setBundles(std::vector<EdgeBundle> bundles);
    // The firewall view: bundles between zones, drawn from and to the zones' anchors.
    void setZoneView(ZoneView view);
    const std::vector<ZoneAnchor>& anchors() const { return m_anchors; }
    const std::vector<EdgeBundle>& bundles() const { return m_bundles; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    void paintLabel(QPainter* painter, QPointF at, const EdgeBundle& b, RectGrid& drawn) const;
    std::vector<EdgeBundle> m_bundles;
    std::vector<ZoneAnchor> m_anchors;
    QRectF m_bounds;
    int m_mostFlows = 1;
};

} // namespace portolan
