#pragma once

#include "drawing/edgebundles.h"

#include <QGraphicsItem>
#include <QImage>
#include <QPainterPath>

#include <memory>

namespace portolan {

class DesignScene;
class RectGrid;

// The edges of the whole design at low zoom: one item drawing one line per pair of
// sites, labelled with its port count, instead of 10^5 edge items too small to read.
// Zoomed further out, a primary's secondaries are gathered with it (one line per pair of
// branches); zooming in splits them again. Lines and labels keep their size on screen
// whatever the zoom, and each label sits where it covers no node box, no site title and
// no other label, or is not drawn at that zoom (its tooltip and the Flows panel have it all).
class BundleItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 5
    };
    explicit BundleItem(const DesignScene& scene);
    ~BundleItem() override;
    int type() const override { return Type; }

    // Below this zoom a site frame is a few pixels wide: its bundles join its branch's.
    static constexpr qreal kBranchZoom = 0.04;

    // Per pair of sites and per pair of branches (bundleEdges at each level).
    void setBundles(std::vector<EdgeBundle> sites, std::vector<EdgeBundle> branches);
    // The firewall view: bundles between zones, drawn from and to the zones' anchors.
    void setZoneView(ZoneView view);
    // The view's zoom: which bundles are drawn and where their labels fit.
    void setZoom(qreal zoom);
    // Node boxes or site frames moved: labels are placed again.
    void obstaclesChanged();

    const std::vector<ZoneAnchor>& anchors() const { return m_anchors; }
    // The bundles drawn at the current zoom.
    const std::vector<EdgeBundle>& bundles() const;

    // A label as drawn at the current zoom, in scene coordinates.
    struct Label
    {
        QRectF rect;
        QString text;
        size_t bundle = 0; // index in bundles()
    };
    const std::vector<Label>& labels() const;
    // How many lines were stroked so far, in views and exports: what repaints cost (a view copies
    // the lines it painted before, see Cache).
    int linesStroked() const { return m_stroked; }
    // The boxes of the zone anchors at the current zoom, in scene coordinates.
    const std::vector<QRectF>& anchorBoxes() const;

    QRectF boundingRect() const override;
    // The labels only: hovering one shows the bundle's ends and every port it carries.
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    const std::vector<EdgeBundle>& bundlesAt(qreal zoom) const;
    void place(qreal zoom) const;
    // Repaints the lines and labels that differ from these (drawn at the same zoom before).
    void repaintChanges(const std::vector<EdgeBundle>& drawnBefore, const std::vector<Label>& labelsBefore,
                        int mostFlowsBefore);
    // A line's width in screen pixels.
    static qreal lineWidth(int flows, int mostFlows);
    const RectGrid& obstacles() const;
    void paintLines(QPainter* painter, const QTransform& world, const QRectF& exposed,
                    const std::vector<EdgeBundle>& bundles) const;
    // Lines, zone anchors and labels that meet exposed (item coordinates), drawn with painter's
    // transform reset: world maps the item to the painter's device.
    void paintContent(QPainter* painter, const QTransform& world, const QRectF& exposed, qreal detail) const;
    // What was painted changed: all of it (repainted whole in the view's next paint), or an area.
    void invalidateCache() const;
    void invalidateCache(const QRectF& area) const;

    const DesignScene& m_scene;
    std::vector<EdgeBundle> m_sites;
    std::vector<EdgeBundle> m_branches;
    std::vector<ZoneAnchor> m_anchors;
    QRectF m_bounds;
    int m_mostFlows = 1; // the flows of the widest line drawn (see setBundles)
    qreal m_zoom = 1;
    // Label placement for one zoom, redone when the zoom or the obstacles change.
    mutable qreal m_placedZoom = -1;
    mutable std::vector<Label> m_labels;
    mutable std::vector<QRectF> m_anchorBoxes;
    mutable QPainterPath m_shape;
    mutable std::unique_ptr<RectGrid> m_obstacles;
    mutable QRectF m_area; // labels stay inside the drawing, so fit to window frames them too
    // The bundles as last painted in a view, in its pixels: a repaint of the canvas that leaves them
    // as they were (a selection's dimming cleared) copies them rather than stroking every line
    // again, which is a third of a whole repaint of a fitted large design. Areas that changed are
    // painted again into it (item coordinates); a new zoom, scroll or size paints it whole.
    struct Cache
    {
        QImage image;
        QTransform world;
        QRect view;
        const QWidget* widget = nullptr;
        bool valid = false;
        std::vector<QRectF> dirty;
    };
    mutable Cache m_cache;
    mutable int m_stroked = 0;
};

} // namespace portolan
