#pragma once

#include "design/document.h"
#include "drawing/designrenderer.h"

#include <QGraphicsItem>

namespace portolan {

class DesignScene;

// The client groups of one site folded into a single node: it shows how many groups and
// devices it stands for and carries their edges, merged per other end. Double-click
// unfolds it. View state only: folding changes nothing in the document.
class FoldItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 6
    };
    FoldItem(DesignScene& scene, int site);
    int type() const override { return Type; }
    int site() const { return m_site; }

    // The groups it stands for; it sits on the one nearest their middle, a place the layout
    // already keeps clear of other nodes.
    void setGroups(const QList<int>& groups);
    const QList<int>& groups() const { return m_groups; }
    int devices() const { return m_node.devices; }
    QString text() const { return m_node.name; }
    QRectF sceneBox() const { return DesignRenderer::nodeRect(scenePos()); }
    void setState(DesignRenderer::State state);

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;

private:
    DesignScene& m_scene;
    int m_site;
    QList<int> m_groups;
    Node m_node; // what the renderer draws: a client group named for the count
    DesignRenderer::State m_state = DesignRenderer::State::Normal;
};

} // namespace portolan
