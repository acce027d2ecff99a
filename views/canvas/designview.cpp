#include "designview.h"

#include "bundleitem.h"
#include "canvasitems.h"
#include "design/document.h"
#include "designscene.h"
#include "drawing/diagram.h"
#include "drawing/legend.h"

#include <QDragEnterEvent>
#include <QGraphicsItem>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>
#include <QSettings>
#include <QtMath>
#include <QWheelEvent>

using namespace Qt::StringLiterals;

namespace portolan {

DesignView::DesignView(DesignScene* scene, QWidget* parent) : QGraphicsView(scene, parent)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::RubberBandDrag);
    // What lies wholly inside the band is selected, as in Visio: a frame the band only crosses is not.
    setRubberBandSelectionMode(Qt::ContainsItemShape);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setAcceptDrops(true);
    setSceneRect(-5000, -5000, 20000, 20000);
    setFrameShape(QFrame::NoFrame);
    // A design fitted before its lines were routed is fitted again with them (lines bending round
    // the outside of the drawing were cut), unless the user has zoomed since; after the paint that
    // routed them.
    connect(
        scene, &DesignScene::routesReady, this,
        [this] {
            if (m_fitPending)
                zoomToFit();
        },
        Qt::QueuedConnection);
    // The empty-canvas hint comes and goes with the first site or node.
    const Document* doc = &scene->document();
    for (auto signal : {&Document::siteAdded, &Document::nodeAdded})
        connect(doc, signal, viewport(), qOverload<>(&QWidget::update));
    connect(doc, &Document::documentReset, viewport(), qOverload<>(&QWidget::update));
    connect(doc, &Document::siteRemoved, viewport(), qOverload<>(&QWidget::update));
    connect(doc, &Document::nodeRemoved, viewport(), qOverload<>(&QWidget::update));
    const int corner = QSettings().value(u"canvas/legendCorner"_s, int(Qt::BottomLeftCorner)).toInt();
    if (corner >= Qt::TopLeftCorner && corner <= Qt::BottomRightCorner)
        m_legendCorner = Qt::Corner(corner);
}

void DesignView::setLegendCorner(Qt::Corner corner)
{
    if (corner == m_legendCorner)
        return;
    m_legendCorner = corner;
    QSettings().setValue(u"canvas/legendCorner"_s, int(corner));
    viewport()->update();
    Q_EMIT legendCornerChanged(corner);
}

QSizeF DesignView::legendOnScreen()
{
    // The paper legend's box is as tall as the title block beside it; on screen, as tall as its
    // heading and two columns of seven rows (drawing/legend.h), and wide enough for both columns.
    return {300, 103};
}

void DesignView::setLegendVisible(bool visible)
{
    m_legend = visible;
    viewport()->update();
}

QRectF DesignView::resultsKeyRect() const
{
    const QFontMetricsF metrics(font());
    const qreal line = metrics.height() + 4;
    qreal width = 0;
    for (const QString& text : resultsKeyTexts())
        width = qMax(width, metrics.horizontalAdvance(text));
    // Beside the legend, on the side towards the middle of the view, level with its outer edge.
    const QRectF legend = legendRect();
    const QSizeF size(width + 52, 3 * line + 8);
    const bool right = m_legendCorner == Qt::TopRightCorner || m_legendCorner == Qt::BottomRightCorner;
    const bool top = m_legendCorner == Qt::TopLeftCorner || m_legendCorner == Qt::TopRightCorner;
    const qreal x = right ? legend.left() - 8 - size.width() : legend.right() + 8;
    const qreal y = top ? legend.top() + 4 : legend.bottom() - size.height() - 4;
    return {QPointF(x, y), size};
}

QStringList DesignView::resultsKeyTexts()
{
    return {tr("Port test: every flow passed"), tr("Port test: a flow failed or found no responder"),
            tr("Port test: flows not tested")};
}

QRectF DesignView::overlayRect() const
{
    if (!m_legend)
        return {};
    const bool results = static_cast<const DesignScene*>(scene())->hasVerification();
    return results ? legendRect() | resultsKeyRect() : legendRect();
}

// What the edge colours mean once port test results are imported, beside the legend.
void DesignView::drawResultsKey(QPainter* painter)
{
    const DesignScene::EdgeResult results[] = {
        DesignScene::EdgeResult::Passed, DesignScene::EdgeResult::Failed, DesignScene::EdgeResult::Untested};
    const QStringList texts = resultsKeyTexts();
    const QFontMetricsF metrics(font());
    const qreal line = metrics.height() + 4;
    const QRectF box = resultsKeyRect();
    painter->save();
    painter->resetTransform();
    painter->setOpacity(0.92);
    painter->setPen(QColor(0x54, 0x6e, 0x7a));
    painter->setBrush(Qt::white);
    painter->drawRect(box);
    painter->setFont(font());
    for (int i = 0; i < 3; ++i) {
        const qreal y = box.top() + 4 + line * (i + 0.5);
        painter->setPen(QPen(DesignScene::edgeResultColour(results[i]), 2.5));
        painter->drawLine(QPointF(box.left() + 8, y), QPointF(box.left() + 38, y));
        painter->setPen(Qt::black);
        painter->drawText(QRectF(box.left() + 44, y - line / 2, box.width() - 48, line), Qt::AlignVCenter,
                          texts[i]);
    }
    painter->restore();
}

void DesignView::drawForeground(QPainter* painter, const QRectF& rect)
{
    QGraphicsView::drawForeground(painter, rect);
    const Document& doc = static_cast<const DesignScene*>(scene())->document();
    if (!doc.sites().empty() || !doc.nodes().empty()) {
        if (!m_legend) {
            drawFocusBanner(painter);
            return;
        }
        // The same legend as on paper, at a size that reads on screen, fixed to the corner.
        const QSizeF size = legendOnScreen();
        painter->save();
        painter->resetTransform();
        painter->translate(legendRect().topLeft());
        painter->scale(kLegendScale, kLegendScale);
        painter->setOpacity(0.92);
        paintLegend(painter, QRectF(QPointF(0, 0), size));
        painter->restore();
        if (static_cast<const DesignScene*>(scene())->hasVerification())
            drawResultsKey(painter);
        drawFocusBanner(painter);
        return;
    }
    // A new user's first question: where to start.
    painter->save();
    painter->resetTransform();
    const QRect area = viewport()->rect().adjusted(40, 40, -40, -40);
    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * 1.6);
    title.setBold(true);
    painter->setFont(title);
    painter->setPen(QColor(0x54, 0x6e, 0x7a));
    const QRect top(area.left(), area.center().y() - 90, area.width(), 40);
    painter->drawText(top, Qt::AlignCenter, tr("Start your design"));
    painter->setFont(font());
    painter->drawText(
        QRect(area.left(), top.bottom() + 10, area.width(), 120), Qt::AlignHCenter | Qt::TextWordWrap,
        tr("Drag a site (CAS, primary or secondary) from the palette on the left onto the canvas,\n"
           "then drop server roles into its frame and client groups next to it.\n"
           "The flows and their ports appear as you go. Help > Getting Started says more;\n"
           "File > Open loads one of the bundled examples."));
    painter->restore();
}

qreal DesignView::zoom() const
{
    return transform().m11();
}

void DesignView::setZoom(qreal zoom)
{
    m_fitPending = false;            // the user chose a zoom (zoomToFit puts the flag back)
    zoom = qBound(0.002, zoom, 4.0); // low enough to fit the large hierarchies on screen
    setTransform(QTransform::fromScale(zoom, zoom));
    static_cast<DesignScene*>(scene())->setZoom(zoom);
    Q_EMIT zoomChanged(zoom);
}

void DesignView::zoomIn()
{
    zoomAboutCentre(zoom() * 1.25);
}

void DesignView::zoomOut()
{
    zoomAboutCentre(zoom() / 1.25);
}

void DesignView::actualSize()
{
    zoomAboutCentre(1.0);
}

void DesignView::zoomAboutCentre(qreal zoom)
{
    // The view's anchor is the pointer, for the wheel; a shortcut pressed with the pointer
    // resting in a corner of the canvas would zoom into that corner.
    const QPointF centre = mapToScene(viewport()->rect().center());
    setTransformationAnchor(QGraphicsView::NoAnchor);
    setZoom(zoom);
    centerOn(centre);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
}

void DesignView::zoomToFit()
{
    QRectF bounds, boxes;
    for (QGraphicsItem* item : scene()->items()) {
        // The bundles are drawn at screen size (their bounds leave room for that); the label
        // layer has no bounds of its own (its labels are within their edges').
        // Hidden items neither (edges not yet routed, a fold's groups, an unfolded fold).
        if (!item->isVisible() || item->type() == BundleItem::Type || item->type() == LabelLayer::Type)
            continue;
        bounds |= item->sceneBoundingRect();
        if (item->type() != EdgeItem::Type && item->type() != LinkItem::Type)
            boxes |= item->sceneBoundingRect();
    }
    if (bounds.isEmpty()) {
        setZoom(1.0);
        centerOn(0, 0);
        return;
    }
    // Lines routed round the outside of a design whose boxes fit at a zoom that draws lines must
    // not push it under the zoom where lines give way to bundles (the design just opened fits its
    // boxes before the lines are routed, and Fit to Window then showed bundles instead): a few
    // pixels of such a line past the edge are the lesser harm.
    // Just above it: each item's level of detail, read back from its own transform, rounds either
    // way of the threshold, which drew half the boxes of a design fitted at exactly 30 % without text.
    const qreal floor = qMax(DesignScene::kBundleZoom, DesignRenderer::kSimpleDetail) * 1.001;
    const bool linesFit = !boxes.isEmpty() && fitZoom(boxes) >= floor;
    zoomToRect(bounds, linesFit ? floor : 0);
}

qreal DesignView::fitZoom(const QRectF& bounds) const
{
    const QRectF target = bounds.adjusted(-40, -40, 40, 40);
    const QRectF area = fitArea(target.size());
    return qMin(area.width() / target.width(), area.height() / target.height());
}

void DesignView::zoomToRect(const QRectF& bounds, qreal floor)
{
    const bool pending = m_fitPending;
    const QRectF target = bounds.adjusted(-40, -40, 40, 40);
    const QRectF area = fitArea(target.size());
    const qreal z = qMax(floor, qMin(fitZoom(bounds), 1.5));
    if (!(z > 0) || !qIsFinite(z)) // no room to fit into yet (a viewport not laid out)
        return;
    // The scene rect grows with the design, or the view could not scroll to all of it, nor
    // shift it beside the legend: a window's breadth of room around it at this zoom.
    const qreal room = qMax<qreal>(2000, qMax(viewport()->width(), viewport()->height()) / z);
    setSceneRect(sceneRect().united(bounds.adjusted(-room, -room, room, room)));
    setZoom(z);
    // The design's middle at the middle of the area it was fitted into.
    centerOn(bounds.center() - (area.center() - QRectF(viewport()->rect()).center()) / z);
    m_fitPending = pending;
}

QString DesignView::focusBannerText() const
{
    const auto* designScene = static_cast<const DesignScene*>(scene());
    const ViewFocus& focus = designScene->viewFocus();
    if (!focus.active())
        return {};
    return tr("%1  \u00b7  Esc shows the whole design").arg(focusDescription(designScene->document(), focus));
}

QRectF DesignView::focusBannerRect() const
{
    const QString text = focusBannerText();
    if (text.isEmpty())
        return {};
    QFont bold = font();
    bold.setBold(true);
    const QFontMetricsF metrics(bold, viewport());
    const QSizeF size(qMin(metrics.horizontalAdvance(text) + 40, viewport()->width() - 24.0),
                      metrics.height() + 12);
    return {QPointF((viewport()->width() - size.width()) / 2, 10), size};
}

// What the canvas shows while a focus or site page is on, and how to get back: at the top, in the
// middle, over the design.
void DesignView::drawFocusBanner(QPainter* painter)
{
    const QRectF box = focusBannerRect();
    if (box.isEmpty())
        return;
    painter->save();
    painter->resetTransform();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QColor(0x1e, 0x5a, 0x8c));
    painter->setBrush(QColor(0xe3, 0xf0, 0xfb));
    painter->drawRoundedRect(box, 6, 6);
    QFont bold = font();
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(QColor(0x0d, 0x3c, 0x61));
    // Measured on the viewport, as painted: elided only when the window is too narrow for it.
    const QFontMetricsF metrics(bold, viewport());
    QString text = focusBannerText();
    if (metrics.horizontalAdvance(text) > box.width() - 16)
        text = metrics.elidedText(text, Qt::ElideMiddle, box.width() - 16);
    painter->drawText(box, Qt::AlignCenter, text);
    painter->restore();
}

QRectF DesignView::legendRect() const
{
    const QSizeF size = legendOnScreen() * kLegendScale;
    if (m_legendDragging)
        return {m_legendDragTop, size};
    const bool right = m_legendCorner == Qt::TopRightCorner || m_legendCorner == Qt::BottomRightCorner;
    const bool top = m_legendCorner == Qt::TopLeftCorner || m_legendCorner == Qt::TopRightCorner;
    // Clear of the scroll bars' side: the viewport is what is left of the view.
    const qreal x = right ? viewport()->width() - size.width() - 12 : 12;
    const qreal y = top ? 12 : viewport()->height() - size.height() - 12;
    return {QPointF(x, y), size};
}

QRectF DesignView::fitArea(QSizeF target) const
{
    // A margin of screen pixels: zoomed far out, the scene margin round the design is nothing.
    QRectF all = QRectF(viewport()->rect()).adjusted(kFitMargin, kFitMargin, -kFitMargin, -kFitMargin);
    if (const QRectF banner = focusBannerRect(); !banner.isEmpty()) // the focus banner keeps the top
        all.setTop(banner.bottom() + 8);
    // The legend (and the port test key beside it) keeps its corner: a design that would run
    // under it is fitted beside it or above it instead, whichever shows it larger.
    const QRectF overlay = overlayRect();
    if (overlay.isEmpty() || target.isEmpty())
        return all;
    const auto scaleIn = [&target](const QRectF& r) {
        return qMin(r.width() / target.width(), r.height() / target.height());
    };
    QRectF fitted(QPointF(), target * scaleIn(all));
    fitted.moveCenter(all.center());
    if (!fitted.intersects(overlay))
        return all;
    // Beside it towards the other side, or above a legend at the bottom (below one at the top).
    const bool left = overlay.center().x() < all.center().x();
    const bool bottom = overlay.center().y() > all.center().y();
    const QRectF beside = left ? QRectF(QPointF(overlay.right() + 8, all.top()), all.bottomRight())
                               : QRectF(all.topLeft(), QPointF(overlay.left() - 8, all.bottom()));
    const QRectF above = bottom ? QRectF(all.topLeft(), QPointF(all.right(), overlay.top() - 8))
                                : QRectF(QPointF(all.left(), overlay.bottom() + 8), all.bottomRight());
    // A window narrower than the legend and key together leaves only the room above (or below) them.
    if (beside.width() <= 0 || above.height() <= 0)
        return above.height() > 0 ? above : all;
    return scaleIn(beside) >= scaleIn(above) ? beside : above;
}

void DesignView::requestFit()
{
    // The window may not have its final size yet (opening from the command line):
    // fit now and again on each resize until the user zooms.
    m_fitPending = true;
    zoomToFit();
}

void DesignView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitPending)
        zoomToFit();
}

void DesignView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    if (m_legend) // the legend stays in its corner: repaint it rather than scroll it
        viewport()->update();
}

void DesignView::wheelEvent(QWheelEvent* event)
{
    // As in Visio and draw.io: the wheel scrolls, Shift+wheel scrolls sideways, Ctrl+wheel zooms
    // about the pointer.
    if (event->modifiers() & Qt::ControlModifier) {
        m_fitPending = false;
        const qreal steps = event->angleDelta().y() / 120.0;
        if (!qFuzzyIsNull(steps))
            setZoom(zoom() * qPow(1.15, steps));
        event->accept();
        return;
    }
    if ((event->modifiers() & Qt::ShiftModifier) && event->angleDelta().x() == 0) {
        QScrollBar* bar = horizontalScrollBar();
        bar->setValue(bar->value() - event->angleDelta().y() * bar->singleStep() * 3 / 120);
        event->accept();
        return;
    }
    m_fitPending = false;
    QGraphicsView::wheelEvent(event);
}

bool DesignView::legendUnder(QPointF pos) const
{
    const Document& doc = static_cast<const DesignScene*>(scene())->document();
    return m_legend && (!doc.sites().empty() || !doc.nodes().empty()) && legendRect().contains(pos);
}

void DesignView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && legendUnder(event->position())) {
        // The legend is picked up and dropped in the corner nearest where it is let go.
        m_legendDragTop = legendRect().topLeft();
        m_legendGrab = event->position() - m_legendDragTop;
        m_legendDragging = true;
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (event->button() == Qt::MiddleButton) {
        m_panning = true;
        m_panFrom = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void DesignView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_legendDragging) {
        m_legendDragTop = event->position() - m_legendGrab;
        viewport()->update();
        return;
    }
    if (event->buttons() == Qt::NoButton) {
        // An open hand over the legend says it can be moved.
        const bool over = legendUnder(event->position());
        if (over != m_overLegend) {
            m_overLegend = over;
            if (over)
                viewport()->setCursor(Qt::OpenHandCursor);
            else
                viewport()->unsetCursor();
        }
    }
    if (m_panning) {
        const QPoint delta = event->position().toPoint() - m_panFrom;
        m_panFrom = event->position().toPoint();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void DesignView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_legendDragging && event->button() == Qt::LeftButton) {
        const QPointF centre = legendRect().center();
        m_legendDragging = false;
        viewport()->setCursor(Qt::OpenHandCursor);
        const QPointF middle = QRectF(viewport()->rect()).center();
        const bool right = centre.x() > middle.x(), bottom = centre.y() > middle.y();
        setLegendCorner(bottom ? (right ? Qt::BottomRightCorner : Qt::BottomLeftCorner)
                               : (right ? Qt::TopRightCorner : Qt::TopLeftCorner));
        viewport()->update();
        return;
    }
    if (m_panning && event->button() == Qt::MiddleButton) {
        m_panning = false;
        viewport()->unsetCursor();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void DesignView::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasFormat(QString::fromLatin1(kPaletteMime)))
        event->acceptProposedAction();
    else
        QGraphicsView::dragEnterEvent(event);
}

void DesignView::dragMoveEvent(QDragMoveEvent* event)
{
    if (event->mimeData()->hasFormat(QString::fromLatin1(kPaletteMime)))
        event->acceptProposedAction();
    else
        QGraphicsView::dragMoveEvent(event);
}

void DesignView::dropEvent(QDropEvent* event)
{
    const QByteArray key = event->mimeData()->data(QString::fromLatin1(kPaletteMime));
    if (key.isEmpty()) {
        QGraphicsView::dropEvent(event);
        return;
    }
    event->acceptProposedAction();
    Q_EMIT paletteDropped(QString::fromUtf8(key), mapToScene(event->position().toPoint()));
}

} // namespace portolan
