#pragma once

#include "drawing/designrenderer.h"
#include "flows/flow.h"

#include <QColor>
#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <vector>

class QPainter;

namespace portolan {

// One line of a drawing, as the canvas and paper both draw it: the pair of ends it joins (one line
// per pair of hosts, both directions on it), what it carries each way, where it runs and where its
// label sits. The canvas keeps one in each edge item and the single drawing one per line; both
// compute it through these members and paint it with paint() and paintLabel(), so that a line on
// screen and on paper is one thing. Routes and label places come from drawinglayout.h's rules.
class DrawnLine
{
public:
    DrawnLine() = default;
    // from < to (the pair's key); forward runs from -> to, backward to -> from (one may be empty).
    DrawnLine(int from, int to, const std::vector<Flow>& forward, const std::vector<Flow>& backward);

    int from() const { return m_from; }
    int to() const { return m_to; }
    // An arrowhead at `to` (flows run from -> to), at `from` (flows run back), or at both.
    bool forward() const { return !m_forwardPorts.isEmpty(); }
    bool backward() const { return !m_backwardPorts.isEmpty(); }
    // The ports opened at one end by the other ("TCP 80, 443"; empty: none).
    const QString& portsInto(int end) const { return end == m_to ? m_forwardPorts : m_backwardPorts; }
    // By protocol, over both directions.
    const QColor& colour() const { return m_colour; }
    // New flows; false when nothing drawn changes.
    bool setFlows(const std::vector<Flow>& forward, const std::vector<Flow>& backward);

    // The route between the two ends' boxes; the label's arrows follow where the boxes are.
    void setRoute(QPolygonF route, const QRectF& fromBox, const QRectF& toBox);
    const QPolygonF& route() const { return m_route; }
    // Every port, by direction as drawn: "→ TCP 80, 443  ← UDP 67" (one way: the ports alone; the
    // same both ways: "↔ TCP 445").
    const QString& label() const { return m_label; }
    // Where the label sits along the route and what it shows there (the label, a shortened form,
    // or nothing); false when neither changed.
    bool setLabelPlace(qreal at, const QString& shown);
    qreal labelAt() const { return m_labelAt; }
    const QString& shown() const { return m_shown; }
    // The label's box; null when nothing is shown.
    QRectF labelRect() const { return m_shown.isEmpty() ? QRectF() : m_labelRect; }
    // The route with its arrowheads and the label's box.
    QRectF bounds() const;

    // The line and its arrowheads, in `colour` (colour(), or a port test result's).
    void paint(QPainter* painter, const DesignRenderer& renderer, const QColor& colour,
               DesignRenderer::State state) const;
    // The label shown, drawn above every line (after all of them).
    void paintLabel(QPainter* painter, const DesignRenderer& renderer, const QColor& colour,
                    DesignRenderer::State state, qreal detail) const;

private:
    void updateLabel();
    void updateLabelRect();
    int m_from = -1;
    int m_to = -1;
    QString m_forwardPorts;
    QString m_backwardPorts;
    QString m_label;
    QString m_shown;
    QColor m_colour;
    QPolygonF m_route{QPointF(), QPointF()};
    QPointF m_fromAt; // the ends' boxes' centres: which way the label's arrows point
    QPointF m_toAt;
    qreal m_labelAt = 0.5;
    qreal m_labelWidth = 0;
    QRectF m_labelRect;
};

} // namespace portolan
