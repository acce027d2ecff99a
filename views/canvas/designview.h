#pragma once

#include <QGraphicsView>

namespace portolan {

class DesignScene;

// The canvas: the wheel scrolls and Ctrl+wheel zooms, key zoom, fit to window, middle-button panning,
// rubber-band selection, and drops from the palette (reported, not applied).
class DesignView : public QGraphicsView
{
    Q_OBJECT
public:
    static constexpr const char* kPaletteMime = "application/x-portolan-palette";

    explicit DesignView(DesignScene* scene, QWidget* parent = nullptr);

    qreal zoom() const;
    void setZoom(qreal zoom);
    // From the keyboard or a menu: about the middle of the view, wherever the pointer is (the
    // Ctrl+wheel zooms about the pointer).
    void zoomIn();
    void zoomOut();
    void actualSize();
    void zoomToFit();
    // Shows this part of the scene as large as fits (at most 150 %), clear of the legend; never
    // below floor (the edges of a rect that then does not fit whole may be cut).
    void zoomToRect(const QRectF& bounds, qreal floor = 0);
    // Fit now and after every resize until the user zooms (a design just opened).
    void requestFit();
    // The legend of the printed diagram, in a corner of the view (bottom-left at first). It is dragged
    // to another corner with the mouse, and the corner is remembered between sessions.
    void setLegendVisible(bool visible);
    Qt::Corner legendCorner() const { return m_legendCorner; }
    void setLegendCorner(Qt::Corner corner);
    bool isLegendVisible() const { return m_legend; }
    static QSizeF legendOnScreen(); // before scaling by kLegendScale
    static constexpr qreal kLegendScale = 1.35;
    // Where the legend sits in the viewport (in its corner, or under the pointer while dragged).
    QRectF legendRect() const;
    // The port test key, right of the legend (drawn once results are imported).
    QRectF resultsKeyRect() const;
    // What is drawn over the canvas in its corner: the legend, and the key when drawn; fit to
    // window keeps the design clear of it. Empty when the legend is hidden.
    QRectF overlayRect() const;
    // While a focus or site page is on: what it shows and how to leave it, at the top of the view
    // (empty otherwise). Fit to window keeps the design below it.
    QRectF focusBannerRect() const;
    QString focusBannerText() const;
    // Screen pixels kept free round a fitted design.
    static constexpr qreal kFitMargin = 12;

Q_SIGNALS:
    void legendCornerChanged(Qt::Corner corner);
    void paletteDropped(const QString& key, QPointF scenePos);
    void zoomChanged(qreal zoom);

protected:
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void zoomAboutCentre(qreal zoom);
    // Whether the legend is drawn at this viewport point.
    bool legendUnder(QPointF pos) const;
    void drawResultsKey(QPainter* painter);
    void drawFocusBanner(QPainter* painter);
    static QStringList resultsKeyTexts();
    // The part of the viewport a design of this size is fitted into: all of it, or beside or
    // above the legend when the design would otherwise run under it.
    QRectF fitArea(QSizeF target) const;
    // The zoom at which this part of the scene fits (with its margin), uncapped.
    qreal fitZoom(const QRectF& bounds) const;
    QPoint m_panFrom;
    bool m_panning = false;
    bool m_fitPending = false;
    bool m_legend = true;
    Qt::Corner m_legendCorner = Qt::BottomLeftCorner;
    bool m_legendDragging = false;
    QPointF m_legendGrab;    // the pointer within the legend when the drag began
    QPointF m_legendDragTop; // the legend's top-left while dragged
    bool m_overLegend = false;
};

} // namespace portolan
