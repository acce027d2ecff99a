#pragma once

#include "design/document.h"
#include "drawing/designrenderer.h"

#include <QGraphicsItem>

namespace portolan {

class DesignScene;

// A shared service (a host of no site that several sites have flows with) drawn as a reference
// beside one site that uses it: the site's lines to the host end here instead of crossing the
// canvas. A dashed outline and "reference" tell it from the host itself; a double click goes to
// the host. View state only, like a fold: nothing changes in the document.
class StubItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 8
    };
    StubItem(DesignScene& scene, int host, int site, int end);
    int type() const override { return Type; }
    int host() const { return m_host; }
    int site() const { return m_site; }
    int end() const { return m_end; } // the edges' end id for it (DesignScene::isStubEnd)
    QRectF sceneBox() const { return DesignRenderer::nodeRect(scenePos()); }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent* event) override;

private:
    DesignScene& m_scene;
    int m_host;
    int m_site;
    int m_end;
};

} // namespace portolan
