#include "folditem.h"

#include "designscene.h"

#include <QCoreApplication>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

using namespace Qt::StringLiterals;

namespace portolan {

FoldItem::FoldItem(DesignScene& scene, int site) : m_scene(scene), m_site(site)
{
    setZValue(10);
    m_node.kind = NodeKind::ClientGroup;
}

void FoldItem::setGroups(const QList<int>& groups)
{
    m_groups = groups;
    const Document& doc = m_scene.document();
    QPointF sum;
    int devices = 0;
    for (int id : groups) {
        const Node* n = doc.node(id);
        sum += n->position;
        devices += n->devices;
    }
    const QPointF middle = groups.isEmpty() ? QPointF() : sum / qreal(groups.size());
    QPointF at = middle;
    qreal best = -1;
    for (int id : groups) {
        const QPointF p = doc.node(id)->position;
        const qreal d = QLineF(p, middle).length();
        if (best < 0 || d < best) {
            best = d;
            at = p;
        }
    }
    m_node.name = groups.size() == 1
                      ? QCoreApplication::translate("FoldItem", "1 client group")
                      : QCoreApplication::translate("FoldItem", "%1 client groups").arg(groups.size());
    m_node.devices = devices;
    const Site* s = doc.site(m_site);
    QString names;
    for (int id : groups.mid(0, 12))
        names += u"<br>"_s + doc.node(id)->name.toHtmlEscaped();
    if (groups.size() > 12)
        names += u"<br>…"_s;
    setToolTip(QCoreApplication::translate("FoldItem", "<b>%1 of %2</b>, %3 devices%4<br><i>Double-click "
                                                       "to unfold</i>")
                   .arg(m_node.name, s ? s->code.toHtmlEscaped() : QString())
                   .arg(devices)
                   .arg(names));
    setPos(at);
    update();
}

void FoldItem::setState(DesignRenderer::State state)
{
    if (state == m_state)
        return;
    m_state = state;
    update();
}

QRectF FoldItem::boundingRect() const
{
    // The box and a second outline behind it: a stack of groups.
    return DesignRenderer::nodeRect({0, 0}).adjusted(-3, -3, 9, 9);
}

void FoldItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const qreal detail = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    Q_UNUSED(option);
    const QRectF box = DesignRenderer::nodeRect({0, 0});
    m_scene.renderer().drawNode(painter, m_node, box.translated(6, 6), DesignRenderer::State::Dimmed, detail);
    m_scene.renderer().drawNode(painter, m_node, box, m_state, detail);
}

void FoldItem::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    // Accepted, or the double click would never come.
    event->accept();
}

void FoldItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event)
{
    event->accept();
    m_scene.setClientGroupsFolded(m_site, false);
}

} // namespace portolan
