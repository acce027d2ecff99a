#pragma once

#include "flows/flow.h"

#include <QColor>
#include <QLineF>
#include <QPainterPath>
#include <QPolygonF>
#include <QRectF>
#include <QString>

class QPainter;
class QIcon;

namespace portolan {

class Document;
struct Node;
struct Site;
struct Link;
class RectGrid;

// Draws a design onto any QPainter: the canvas items, printing and every
// image export call these, so that what prints is what is on screen.
// Coordinates are scene coordinates; a node's position is its centre.
class DesignRenderer
{
public:
    enum class State
    {
        Normal,
        Selected,
        Highlighted,
        Dimmed
    };

    explicit DesignRenderer(const Document& document);

    static QSizeF nodeSize() { return {200, 60}; }
    static QRectF nodeRect(QPointF centre);
    // Below this level of detail labels give way to a simpler drawing.
    static constexpr qreal kSimpleDetail = 0.3;
    // Below this a node box is a few pixels wide: drawn as plain rectangles, links as thin solid
    // lines, without smoothing (a large design fitted to the window repaints 10^4 of each).
    static constexpr qreal kTinyDetail = 0.1;

    // The frame alone; its title is drawSiteTitle's.
    void drawSiteFrame(QPainter* painter, const Site& site, const QRectF& rect, State state) const;
    // The tab holding a site's code and name, across the frame's top edge: drawn apart from the
    // frame, after the edges, so that no line crosses a site's name.
    void drawSiteTitle(QPainter* painter, const Site& site, const QRectF& frame, qreal detail) const;
    static QRectF siteTitleRect(const QRectF& frame);
    // The parent/child line between two site frames, from the child's top to the parent's bottom.
    static void drawSiteConnector(QPainter* painter, const QRectF& child, const QRectF& parent);
    void drawNode(QPainter* painter, const Node& node, const QRectF& rect, State state, qreal detail) const;
    // The line a directed edge follows between two node rectangles; when the
    // other direction is drawn too, each direction is offset to its right.
    static QLineF edgeLine(const QRectF& from, const QRectF& to, bool bothWays);
    // The edge as drawn: edgeLine(), or, when that would run under another node box (boxes
    // holds every node box), a line bent once through a point beside it that clears them,
    // else an orthogonal route round the boxes (orthogonalRoute).
    static QPolygonF edgeRoute(const QRectF& from, const QRectF& to, bool bothWays, const RectGrid* boxes);
    // With more boxes than this, edges longer than kMaxRoutedLength stay straight.
    static constexpr qreal kMaxRoutedLength = 2500;
    static constexpr size_t kRouteEveryEdgeBelow = 400;
    // The point at a fraction of a polyline's length.
    static QPointF pointAlong(const QPolygonF& route, qreal at);
    // pointAlong() at each of `count` places (fractions), into `points`: the route's lengths measured
    // once for them all (label placement tries a dozen places on each of 10^5 lines).
    static void pointsAlong(const QPolygonF& route, const qreal* at, size_t count, QPointF* points);
    // The painter's device (page, screen, image) in the painter's current coordinates; null when
    // it has none or the transform cannot be undone.
    static QRectF deviceArea(const QPainter* painter);
    // Draws the parts of a polyline that fall on the painter's device (page or screen).
    static void drawVisiblePolyline(QPainter* painter, const QPolygonF& line);
    // labelAt: where along the line the label sits (0.5 is the middle).
    static QPainterPath edgeShape(const QLineF& line, const QString& label, qreal detail,
                                  qreal labelAt = 0.5);
    static QPainterPath edgeShape(const QPolygonF& route, const QString& label, qreal detail,
                                  qreal labelAt = 0.5);
    // An edge's line and arrow head, in the colour edgeColor() gave for its flows; its label is
    // drawEdgeLabel's.
    // headAtEnd, headAtStart: an arrowhead where the route ends (and starts), at each end that
    // opens a port (a pair of hosts with flows both ways has one at each).
    void drawEdge(QPainter* painter, const QPolygonF& route, const QColor& protocolColour, State state,
                  bool headAtEnd = true, bool headAtStart = false) const;
    // An edge's label alone, in the box labelRect() gave: drawn after every edge's line (a layer
    // above them), so that no other edge's line crosses it. Nothing for a dimmed edge or at low detail.
    void drawEdgeLabel(QPainter* painter, const QRectF& box, const QColor& protocolColour,
                       const QString& label, State state, qreal detail) const;
    // Slides each edge's label along its line to the first place that overlaps no
    // label placed before it and no obstacle (node boxes, site titles); a label that
    // fits nowhere is shortened to its first ports and "+N" until it does. Returns
    // where each label sits and the text it shows there.
    // The shorter forms of a label, longest first: "TCP 80, 443; UDP 67" gives
    // "TCP 80, 443 +1" and "TCP 80 +2". The full list stays in the tooltip and the flow list.
    static QStringList shortenedLabels(const QString& label);
    struct LabelPlace
    {
        qreal at = 0.5;
        QString text; // empty: no room anywhere on the edge (hideWhatDoesNotFit), hover for the ports
        // On paper, no room anywhere: placed where it covers least, on another label or a box,
        // so it needs a callout number whatever its text.
        bool crowded = false;
    };
    // Where each edge's label goes: the whole list where it touches no obstacle and no label placed
    // before it, else its first ports and "+N". With hideWhatDoesNotFit (the canvas, which has
    // tooltips) a label with no room even for that is left out; on paper it goes where it covers
    // least, with a callout number.
    static std::vector<LabelPlace> placeLabels(const std::vector<std::pair<QLineF, QString>>& edges,
                                               const std::vector<QRectF>& obstacles,
                                               bool hideWhatDoesNotFit = false);
    static std::vector<LabelPlace> placeLabels(const std::vector<std::pair<QPolygonF, QString>>& edges,
                                               const std::vector<QRectF>& obstacles,
                                               bool hideWhatDoesNotFit = false);
    // A designer's link, dotted along its route, with its kind's name (label: empty where there
    // is no room for it, placed like an edge label) in the box labelRect(route, label, labelAt).
    void drawLink(QPainter* painter, const QPolygonF& route, const QString& label, qreal labelAt, State state,
                  qreal detail) const;

    static QColor edgeColor(const std::vector<Flow>& flows);
    // The arrowhead at `tip` of a line arriving from `from`, `size` long: the one head the canvas
    // and paper draw (empty when the two points are one).
    static QPolygonF arrowHead(QPointF tip, QPointF from, qreal size);
    // Where an edge's label box sits: centred on the point at `at` along the line.
    static QRectF labelRect(const QLineF& line, const QString& label, qreal at = 0.5);
    static QRectF labelRect(const QPolygonF& route, const QString& label, qreal at = 0.5);
    // The width of a label's box: its text at the labels' size and a margin. Measured once per
    // text and thread: 10^5 lines share a few hundred labels.
    static qreal labelWidth(const QString& label);
    // The palette and node icon for a role id, "site-cas", "group-windows" or "console".
    static QIcon icon(const QString& key);
    QString iconKey(const Node& node) const;
    QString roleSummary(const Node& node) const;

private:
    const Document& m_document;
};

} // namespace portolan
