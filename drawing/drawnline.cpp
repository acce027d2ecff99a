#include "drawing/drawnline.h"

#include "drawing/pairedges.h"

namespace portolan {

DrawnLine::DrawnLine(int from, int to, const std::vector<Flow>& forward, const std::vector<Flow>& backward)
    : m_from(from), m_to(to), m_forwardPorts(forward.empty() ? QString() : flowLabel(forward)),
      m_backwardPorts(backward.empty() ? QString() : flowLabel(backward)),
      m_colour(DesignRenderer::edgeColor(bothWays(forward, backward)))
{
    updateLabel();
}

bool DrawnLine::setFlows(const std::vector<Flow>& forward, const std::vector<Flow>& backward)
{
    const QString there = forward.empty() ? QString() : flowLabel(forward);
    const QString back = backward.empty() ? QString() : flowLabel(backward);
    const QColor colour = DesignRenderer::edgeColor(bothWays(forward, backward));
    if (there == m_forwardPorts && back == m_backwardPorts && colour == m_colour)
        return false;
    m_forwardPorts = there;
    m_backwardPorts = back;
    m_colour = colour;
    m_label.clear();
    updateLabel();
    setLabelPlace(m_labelAt, m_label);
    return true;
}

void DrawnLine::setRoute(QPolygonF route, const QRectF& fromBox, const QRectF& toBox)
{
    m_route = std::move(route);
    m_fromAt = fromBox.center();
    m_toAt = toBox.center();
    updateLabel();
    updateLabelRect();
}

void DrawnLine::updateLabel()
{
    // One way: the ports as they are. Both ways: arrows that point the way each runs here.
    const QString label = m_backwardPorts.isEmpty() || m_forwardPorts.isEmpty()
                              ? m_forwardPorts + m_backwardPorts
                              : pairLabel(m_forwardPorts, m_backwardPorts, QRectF(m_fromAt, QSizeF()),
                                          QRectF(m_toAt, QSizeF()));
    if (label == m_label)
        return;
    const bool whole = m_shown == m_label && !m_shown.isEmpty();
    m_label = label;
    if (whole) // the label shown whole stays whole (its arrows turned)
        setLabelPlace(m_labelAt, m_label);
}

bool DrawnLine::setLabelPlace(qreal at, const QString& shown)
{
    if (qFuzzyCompare(at, m_labelAt) && shown == m_shown)
        return false;
    m_labelAt = at;
    if (shown != m_shown) {
        m_shown = shown;
        m_labelWidth = DesignRenderer::labelRect(QLineF(), m_shown).width();
    }
    updateLabelRect();
    return true;
}

void DrawnLine::updateLabelRect()
{
    const QPointF mid = DesignRenderer::pointAlong(m_route, m_labelAt);
    m_labelRect = QRectF(mid.x() - m_labelWidth / 2, mid.y() - 8, m_labelWidth, 16);
}

QRectF DrawnLine::bounds() const
{
    return m_route.boundingRect().united(labelRect()).adjusted(-10, -10, 10, 10);
}

void DrawnLine::paint(QPainter* painter, const DesignRenderer& renderer, const QColor& colour,
                      DesignRenderer::State state) const
{
    renderer.drawEdge(painter, m_route, colour, state, forward(), backward());
}

void DrawnLine::paintLabel(QPainter* painter, const DesignRenderer& renderer, const QColor& colour,
                           DesignRenderer::State state, qreal detail) const
{
    if (!m_shown.isEmpty())
        renderer.drawEdgeLabel(painter, m_labelRect, colour, m_shown, state, detail);
}

} // namespace portolan
