#pragma once

#include "design/linkkind.h"
#include "drawing/designrenderer.h"
#include "drawing/drawnline.h"
#include "flows/flow.h"

#include <QGraphicsItem>

namespace portolan {

class DesignScene;

// Scene items hold an id and read the document through the scene; they never
// change it. Drawing is the renderer's.

class SiteFrameItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 1
    };
    SiteFrameItem(DesignScene& scene, int site);
    int type() const override { return Type; }
    int site() const { return m_site; }

    void sync(); // position and size from the document
    QRectF frameRect() const { return QRectF(scenePos(), m_size); }
    void setSize(QSizeF size);
    bool isResizing() const { return m_resizing; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    QRectF gripRect() const;
    DesignScene& m_scene;
    int m_site;
    QSizeF m_size;
    QPointF m_lastPos;
    bool m_resizing = false;
    bool m_syncing = false;
};

class NodeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 2
    };
    NodeItem(DesignScene& scene, int node);
    int type() const override { return Type; }
    int node() const { return m_node; }

    // To the document's node; moved: its position may have changed (the edges and links at it
    // follow), false for an edit of its name, roles or options only.
    void sync(bool moved = true);
    void setState(DesignRenderer::State state);
    QRectF sceneBox() const { return DesignRenderer::nodeRect(scenePos()); }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant& value) override;

private:
    DesignScene& m_scene;
    int m_node;
    DesignRenderer::State m_state = DesignRenderer::State::Normal;
    bool m_syncing = false;
};

// One line of the canvas: a pair of hosts (or of a host and a fold or a shared service's
// reference) with flows either way. What it carries, its route and its label's place are a
// DrawnLine, the same as paper draws; the item adds the scene's state (highlight, port test
// colour) and the mouse.
class EdgeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 3
    };
    // One line per pair of hosts, a view of the scene's layout's line (drawing/drawinglayout.h):
    // from and to are the pair's ends, the lower id first; it outlives the item.
    EdgeItem(DesignScene& scene, DrawnLine& line);
    int type() const override { return Type; }
    const DrawnLine& drawn() const { return m_line; }
    DrawnLine& drawn() { return m_line; }
    int from() const { return m_line.from(); }
    int to() const { return m_line.to(); }
    // An arrowhead at `to` (flows run from -> to), at `from` (flows run back), or at both.
    bool forward() const { return m_line.forward(); }
    bool backward() const { return m_line.backward(); }
    // Asked of the engine, both directions (forward first): the item keeps only what it draws (a
    // design has 10^5 edges).
    std::vector<Flow> flows() const;
    // Every port, by direction as the line runs on the canvas: "→ TCP 80, 443  ← UDP 67".
    const QString& label() const { return m_line.label(); }
    // The ports opened at one end (`from` or `to`) by the other ("TCP 80, 443"; empty: none).
    const QString& portsInto(int end) const { return m_line.portsInto(end); }

    // Where the label sits and what it shows there (the full label, or its first ports and "+N").
    void setLabelPlace(qreal at, const QString& shown);
    const QString& shownLabel() const { return m_line.shown(); }
    qreal labelAt() const { return m_line.labelAt(); }
    // From the source box to the destination box; route() is the path drawn between them.
    QLineF line() const { return QLineF(route().first(), route().last()); }
    const QPolygonF& route() const { return m_line.route(); }
    void setState(DesignRenderer::State state);
    DesignRenderer::State state() const;
    void updateGeometry();
    // The layout routed or labelled its line (DesignScene routes many edges at once).
    void lineChanged() { updateBounds(); }
    // Its line has new flows: the tooltip is made again on the next hover; redrawn, its label,
    // arrows or colour changed too.
    void flowsChanged(bool redrawn);
    // Port test results: the edge drawn in this colour instead of its protocols' (invalid: none).
    void setResultColour(const QColor& colour);
    QColor colour() const { return m_result.isValid() ? m_result : m_line.colour(); }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;
    // Where the label sits (empty when none is shown), and drawing it: the label layer's.
    QRectF labelRect() const { return m_line.labelRect(); }
    void paintLabel(QPainter* painter, qreal detail) const;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;

private:
    QString tooltipText() const;
    void updateBounds();
    DesignScene& m_scene;
    DrawnLine& m_line;
    QColor m_result;
    QRectF m_bounds;
    DesignRenderer::State m_state = DesignRenderer::State::Normal;
};

// Every edge's label and every site's title, painted above all the edges and links (each edge
// paints only its line, each frame only its outline): no line crosses a label or a site's name.
// One item for the scene; it asks the scene for what falls in the area being painted. It takes no
// mouse or hover: a label's tooltip is its edge's, a title's click its frame's.
class LabelLayer : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 7
    };
    explicit LabelLayer(DesignScene& scene);
    int type() const override { return Type; }
    // Unbounded: the labels are within the edges' bounds, which is what fitting a view asks.
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    DesignScene& m_scene;
};

class LinkItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 4
    };
    LinkItem(DesignScene& scene, int link);
    int type() const override { return Type; }
    int link() const { return m_link; }
    LinkKind kind() const { return m_kind; }
    // Routed by the scene's EdgeRouter between its ends' boxes, like an edge.
    void updateGeometry();
    // The route found for it among others (DesignScene routes many links at once); lane: the
    // request's side of the pair (see DesignScene::linkRequest), kept to notice when it changes.
    void setRoute(QPolygonF route, int lane);
    const QPolygonF& route() const { return m_route; }
    int lane() const { return m_lane; }
    // Where the kind's name sits along the route, or empty where there is no room for it.
    void setLabelPlace(qreal at, const QString& shown);
    const QString& shownLabel() const { return m_shown; }
    qreal labelAt() const { return m_labelAt; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    void updateBounds();
    DesignScene& m_scene;
    int m_link;
    QPolygonF m_route;
    int m_lane = -1; // -1: not routed yet
    LinkKind m_kind = LinkKind::PullSource;
    QString m_shown;
    qreal m_labelAt = 0.3;
    QRectF m_bounds;
};

} // namespace portolan
