#include "stubitem.h"

#include "designscene.h"

#include <QCoreApplication>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

using namespace Qt::StringLiterals;

namespace portolan {

StubItem::StubItem(DesignScene& scene, int host, int site, int end)
    : m_scene(scene), m_host(host), m_site(site), m_end(end)
{
    setZValue(10);
    const Node* n = scene.document().node(host);
    const Site* s = scene.document().site(site);
    setToolTip(QCoreApplication::translate("StubItem",
                                           "<b>%1</b>, a shared service: a reference carrying the "
                                           "flows of %2 with it<br><i>Double-click to go to the "
                                           "host</i>")
                   .arg(n ? n->name.toHtmlEscaped() : QString(), s ? s->code.toHtmlEscaped() : QString()));
}

QRectF StubItem::boundingRect() const
{
    return DesignRenderer::nodeRect({0, 0}).adjusted(-4, -14, 4, 4);
}

void StubItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    const Node* n = m_scene.document().node(m_host);
    if (!n)
        return;
    const qreal detail = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    const QRectF box = DesignRenderer::nodeRect({0, 0});
    m_scene.renderer().drawNode(painter, *n, box, DesignRenderer::State::Normal, detail);
    painter->save();
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(QColor(0x54, 0x6e, 0x7a), 1.2, Qt::DashLine));
    painter->drawRoundedRect(box.adjusted(-3, -3, 3, 3), 5, 5);
    if (detail >= DesignRenderer::kSimpleDetail) {
        QFont font = painter->font();
        font.setPointSizeF(6.5);
        font.setItalic(true);
        painter->setFont(font);
        painter->setPen(QColor(0x54, 0x6e, 0x7a));
        painter->drawText(QRectF(box.left(), box.top() - 14, box.width(), 11),
                          Qt::AlignRight | Qt::AlignBottom,
                          QCoreApplication::translate("StubItem", "shared service, reference"));
    }
    painter->restore();
}

void StubItem::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    event->accept(); // or the double click would never come
}

void StubItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event)
{
    event->accept();
    m_scene.goToNode(m_host);
}

} // namespace portolan
