#include "canvasitems.h"

#include "catalog/catalog.h"
#include "design/document.h"
#include "designscene.h"
#include "drawing/edgerouter.h"
#include "drawing/pairedges.h"
#include "flows/flowengine.h"

#include <QCursor>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

qreal detailOf(const QStyleOptionGraphicsItem* option, QPainter* painter)
{
    Q_UNUSED(option);
    return QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
}

} // namespace

// --- SiteFrameItem ---------------------------------------------------------

SiteFrameItem::SiteFrameItem(DesignScene& scene, int site) : m_scene(scene), m_site(site)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setZValue(-10);
}

void SiteFrameItem::sync()
{
    const Site* s = m_scene.document().site(m_site);
    if (!s)
        return;
    QRectF frame = s->frame;
    if (frame.width() < 200 || frame.height() < 120)
        frame.setSize(frame.size().expandedTo(QSizeF(200, 120)));
    m_syncing = true;
    setSize(frame.size());
    setPos(frame.topLeft());
    m_syncing = false;
    setToolTip(u"%1 (%2)"_s.arg(s->code, siteKindName(s->kind)));
    update();
}

void SiteFrameItem::setSize(QSizeF size)
{
    prepareGeometryChange();
    m_size = size.expandedTo(QSizeF(200, 120));
}

QRectF SiteFrameItem::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size).adjusted(-3, -16, 3, 3);
}

QRectF SiteFrameItem::gripRect() const
{
    return {m_size.width() - 16, m_size.height() - 16, 16, 16};
}

void SiteFrameItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    const Site* s = m_scene.document().site(m_site);
    if (!s)
        return;
    // The title is the label layer's, above the edges.
    m_scene.renderer().drawSiteFrame(painter, *s, QRectF(QPointF(0, 0), m_size),
                                     isSelected() ? DesignRenderer::State::Selected
                                                  : DesignRenderer::State::Normal);
    if (isSelected()) {
        painter->setPen(QPen(QColor(0x1e, 0x88, 0xe5), 1.5));
        const QRectF g = gripRect();
        painter->drawLine(g.bottomLeft() + QPointF(4, -2), g.topRight() + QPointF(-2, 4));
        painter->drawLine(g.bottomLeft() + QPointF(9, -2), g.topRight() + QPointF(-2, 9));
    }
}

QVariant SiteFrameItem::itemChange(GraphicsItemChange change, const QVariant& value)
{
    if (change == ItemPositionChange && !m_syncing)
        return m_scene.snapped(value.toPointF());
    if (change == ItemPositionHasChanged) {
        // Members follow by the distance the frame moved since the last step.
        const QPointF now = value.toPointF();
        if (!m_syncing)
            m_scene.frameItemMoved(m_site, now - m_lastPos);
        m_lastPos = now;
    }
    return QGraphicsItem::itemChange(change, value);
}

void SiteFrameItem::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    if (isSelected() && gripRect().contains(event->pos())) {
        m_resizing = true;
        event->accept();
        return;
    }
    QGraphicsItem::mousePressEvent(event);
}

void SiteFrameItem::mouseMoveEvent(QGraphicsSceneMouseEvent* event)
{
    if (m_resizing) {
        const QPointF corner = m_scene.snapped(event->scenePos()) - scenePos();
        setSize(QSizeF(corner.x(), corner.y()));
        m_scene.frameItemResized(m_site);
        return;
    }
    QGraphicsItem::mouseMoveEvent(event);
}

void SiteFrameItem::mouseReleaseEvent(QGraphicsSceneMouseEvent* event)
{
    m_resizing = false;
    QGraphicsItem::mouseReleaseEvent(event);
}

void SiteFrameItem::hoverMoveEvent(QGraphicsSceneHoverEvent* event)
{
    setCursor(isSelected() && gripRect().contains(event->pos()) ? Qt::SizeFDiagCursor : Qt::ArrowCursor);
}

// --- NodeItem ----------------------------------------------------------------

NodeItem::NodeItem(DesignScene& scene, int node) : m_scene(scene), m_node(node)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setZValue(10);
}

void NodeItem::sync(bool moved)
{
    const Node* n = m_scene.document().node(m_node);
    if (!n)
        return;
    moved = moved || pos() != n->position;
    m_syncing = true;
    setPos(n->position);
    m_syncing = false;
    if (moved)
        m_scene.nodeItemMoved(m_node, false);
    setToolTip(u"<b>%1</b><br>%2<br>%3"_s.arg(n->name.toHtmlEscaped(), n->address.toHtmlEscaped(),
                                              m_scene.renderer().roleSummary(*n).toHtmlEscaped()));
    update();
}

void NodeItem::setState(DesignRenderer::State state)
{
    if (state == m_state)
        return;
    m_state = state;
    update();
}

QRectF NodeItem::boundingRect() const
{
    return DesignRenderer::nodeRect({0, 0}).adjusted(-3, -3, 3, 3);
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const Node* n = m_scene.document().node(m_node);
    if (!n)
        return;
    m_scene.renderer().drawNode(painter, *n, DesignRenderer::nodeRect({0, 0}),
                                isSelected() ? DesignRenderer::State::Selected : m_state,
                                detailOf(option, painter));
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant& value)
{
    if (change == ItemPositionHasChanged && !m_syncing)
        m_scene.nodeItemMoved(m_node, true);
    return QGraphicsItem::itemChange(change, value);
}

// --- EdgeItem ----------------------------------------------------------------

EdgeItem::EdgeItem(DesignScene& scene, DrawnLine& line) : m_scene(scene), m_line(line)
{
    setZValue(0);
    setAcceptHoverEvents(true);
}

void EdgeItem::flowsChanged(bool redrawn)
{
    setToolTip(QString()); // made again when next wanted, from the new flows
    if (!redrawn)
        return;
    updateBounds();
    update();
}

std::vector<Flow> EdgeItem::flows() const
{
    return bothWays(m_scene.flowsBetween(from(), to()), m_scene.flowsBetween(to(), from()));
}

void EdgeItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event)
{
    // Built when first wanted: a tooltip per edge up front costs hundreds of megabytes.
    setToolTip(tooltipText());
    QGraphicsItem::hoverEnterEvent(event);
}

QString EdgeItem::tooltipText() const
{
    const Document& doc = m_scene.document();
    const Catalog& catalog = doc.catalog();
    QString html;
    // Each direction under its own heading: which host opens which port on which.
    for (const auto& [source, destination] : {std::pair{from(), to()}, std::pair{to(), from()}}) {
        const std::vector<Flow> flows = m_scene.flowsBetween(source, destination);
        if (flows.empty())
            continue;
        html += u"<b>%1 → %2</b><table>"_s.arg(m_scene.endName(source).toHtmlEscaped(),
                                               m_scene.endName(destination).toHtmlEscaped());
        for (const Flow& f : flows) {
            const CatalogRow& row = catalog.rows().at(f.row);
            html += u"<tr><td>%1&nbsp;%2</td><td>%3</td><td><i>%4</i></td></tr>"_s.arg(
                protocolName(f.protocol), f.port.toString(), row.description.toHtmlEscaped(),
                row.section.toHtmlEscaped());
        }
        html += u"</table>"_s;
    }
    return html;
}

void EdgeItem::setLabelPlace(qreal at, const QString& shown)
{
    if (m_line.setLabelPlace(at, shown))
        updateBounds();
}

void EdgeItem::setState(DesignRenderer::State state)
{
    if (state == m_state)
        return;
    m_state = state;
    setZValue(state == DesignRenderer::State::Highlighted ? 5 : 0);
    update();
}

DesignRenderer::State EdgeItem::state() const
{
    return m_scene.edgeState(this, m_state);
}

void EdgeItem::updateGeometry()
{
    const QRectF a = m_scene.endBox(from());
    const QRectF b = m_scene.endBox(to());
    if (a.isNull() || b.isNull() || m_scene.defersRoute(this))
        return;
    m_line.setRoute(m_scene.router().route({a, b, false}), a, b);
    updateBounds();
}

QRectF EdgeItem::boundingRect() const
{
    return m_bounds;
}

void EdgeItem::updateBounds()
{
    // Asked for every item on every paint (the scene has no index): computed when the
    // geometry changes, not each time from the shape.
    prepareGeometryChange();
    m_bounds = m_line.bounds();
}

QPainterPath EdgeItem::shape() const
{
    return DesignRenderer::edgeShape(route(), shownLabel(), 1.0, labelAt());
}

void EdgeItem::setResultColour(const QColor& colour)
{
    if (colour == m_result)
        return;
    m_result = colour;
    update();
}

void EdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    // The label is the label layer's, above every edge.
    m_line.paint(painter, m_scene.renderer(), colour(), state());
}

void EdgeItem::paintLabel(QPainter* painter, qreal detail) const
{
    m_line.paintLabel(painter, m_scene.renderer(), colour(), state(), detail);
}

// --- LabelLayer ----------------------------------------------------------

LabelLayer::LabelLayer(DesignScene& scene) : m_scene(scene)
{
    // Above every edge and link, below the nodes (labels are placed clear of the boxes).
    setZValue(6);
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemUsesExtendedStyleOption);
}

QRectF LabelLayer::boundingRect() const
{
    // Wherever a label may be: the view's scene rectangle grows with the design, never past this.
    return {-1e7, -1e7, 2e7, 2e7};
}

QPainterPath LabelLayer::shape() const
{
    return {}; // nothing to hit: hovering a label reaches its edge below
}

void LabelLayer::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const qreal detail = detailOf(option, painter);
    // Only what lands on the device: a scene rendered whole to an image exposes the layer's
    // whole (huge) bounds.
    QRectF area = option->exposedRect;
    if (const QRectF device = DesignRenderer::deviceArea(painter); !device.isNull())
        area &= device;
    m_scene.paintLabels(painter, area, detail);
}

// --- LinkItem ----------------------------------------------------------------

LinkItem::LinkItem(DesignScene& scene, int link) : m_scene(scene), m_link(link)
{
    setFlags(ItemIsSelectable);
    setZValue(1);
    if (const Link* l = scene.document().link(link))
        m_kind = l->kind;
    setToolTip(linkKindName(m_kind) + u" link"_s);
}

void LinkItem::updateGeometry()
{
    const Link* l = m_scene.document().link(m_link);
    if (!l)
        return;
    int lane = 0;
    const std::optional<EdgeRouter::Request> request = m_scene.linkRequest(*l, &lane);
    if (!request)
        return;
    const QPolygonF route =
        EdgeRouter::linkRoute(m_scene.router().route(*request), *request, m_scene.endBox(l->from));
    setRoute(m_scene.linkBesideEdges(*l, route), lane);
}

void LinkItem::setRoute(QPolygonF route, int lane)
{
    m_route = std::move(route);
    m_lane = lane;
    updateBounds();
}

void LinkItem::setLabelPlace(qreal at, const QString& shown)
{
    if (qFuzzyCompare(at, m_labelAt) && shown == m_shown)
        return;
    m_labelAt = at;
    m_shown = shown;
    updateBounds();
}

void LinkItem::updateBounds()
{
    // From the route and the label's box, not from the stroked shape: a large design has 10^4
    // links, all routed at once.
    prepareGeometryChange();
    m_bounds = m_route.boundingRect();
    if (!m_shown.isEmpty() && m_route.size() >= 2)
        m_bounds |= DesignRenderer::labelRect(m_route, m_shown, m_labelAt);
    m_bounds.adjust(-6, -6, 6, 6);
}

QRectF LinkItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath LinkItem::shape() const
{
    if (m_route.size() < 2)
        return {};
    return DesignRenderer::edgeShape(m_route, m_shown, 1.0, m_labelAt);
}

void LinkItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    m_scene.renderer().drawLink(painter, m_route, m_shown, m_labelAt,
                                isSelected() ? DesignRenderer::State::Selected
                                             : DesignRenderer::State::Normal,
                                detailOf(option, painter));
}

} // namespace portolan
