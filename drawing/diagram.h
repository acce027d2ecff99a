#pragma once

#include "drawing/designrenderer.h"
#include "drawing/drawinglayout.h"
#include "drawing/drawnline.h"
#include "drawing/paper/paperstyle.h"
#include "flows/flowlist.h"

#include <QColor>
#include <QCoreApplication>
#include <QLineF>
#include <QList>
#include <QPageLayout>
#include <QPageSize>
#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <functional>
#include <optional>

class QPainter;
class QPagedPaintDevice;

namespace portolan {

class Document;
class FlowEngine;
class EdgeRouter;

struct DiagramOptions
{
    QList<int> nodes;       // only these nodes (and their sites); empty: the whole design
    bool titleBlock = true; // design name, author, date, revision, page n of m
    bool legend = true;     // node icons, edge colours, what the arrow means
    QString date;           // in the title block; today when empty
};

struct PageOptions
{
    QPageSize::PageSizeId pageSize = QPageSize::A3;
    QPageLayout::Orientation orientation = QPageLayout::Landscape;
    qreal scale = 0;              // 0: fit on one page; else tile at this scale (1 = 100%)
    bool flowAppendix = false;    // PDF and print: the flow list after the diagram pages (without
                                  // it, the appendix holds only the flows of shortened labels)
    bool useDeviceLayout = false; // printing: keep the page set up in the print dialog
    // An extra page after the diagram (the analysis charts), drawn in points into the given area.
    std::function<void(QPainter*, const QRectF&)> extraPage;
    QString extraPageTitle;
};

struct ImageOptions
{
    int dpi = 150;
    bool transparent = false;
};

// Draws a design (or a selection of it) with the renderer the canvas uses:
// site frames, parent/child lines, edges with their labels, links and nodes,
// plus a title block and a legend. Painting is in scene coordinates.
class Diagram
{
public:
    Diagram(const Document& document, const FlowEngine& engine, DiagramOptions options = {});

    // The drawing with, under it, the shortened labels in full (images have no appendix).
    QRectF bounds() const;
    void paint(QPainter* painter) const;
    // The number a shortened or crowded label carries on paper ("TCP 135 +3 [2]"), which the
    // flow appendix gives beside each of the line's flows (either direction of the pair); 0 when
    // the label is whole and has room of its own.
    int calloutOf(int source, int destination) const;
    // Each edge label as painted, in the order painted: its box, its text (callout number
    // included) and its colour.
    struct Label
    {
        QRectF box;
        QString text;
        QColor colour;
    };
    const std::vector<Label>& labels() const { return m_labels; }
    // Each line's route as painted (one per pair of hosts, from the lower id to the higher), in
    // the order painted: what a count of crossing lines reads.
    struct Route
    {
        int source = -1;
        int destination = -1;
        QPolygonF line;
    };
    std::vector<Route> routes() const;
    void paintTitleBlock(QPainter* painter, const QRectF& area, int page, int pages) const;
    // What a title block says; the single drawing and the diagram set's pages paint it alike.
    struct TitleBlockText
    {
        QString name; // "Untitled design" when empty
        QString author;
        QString date;
        QString revision;
        int page = 1;
        qsizetype pages = 1;
        qreal valueSize = 8.5; // the author, date, revision and page (the set's pages print them at 8)
    };
    static void paintTitleBlock(QPainter* painter, const QRectF& area, const TitleBlockText& text);
    static QSizeF titleBlockSize() { return {paper::kTitleBlockWidth, 96}; }
    const DiagramOptions& options() const { return m_options; }

    // A designer's link as the diagram draws it: routed like the edges, its kind's name placed
    // after their labels (empty where there is no room; the legend says what the dots mean).
    struct LinkDrawing
    {
        int link = -1;
        QPolygonF line;
        DesignRenderer::LabelPlace place;
        QRectF bounds; // the line and its kind's name
    };
    const std::vector<LinkDrawing>& links() const { return m_links; }

    // Where a page of this printable size (points, from its top left) has its title block, its
    // legend (the first page only; beside the title block, or over it on paper too narrow for both,
    // such as A4 portrait) and its drawing; null where the options leave one out.
    struct PageFurniture
    {
        QRectF titleBlock;
        QRectF legend;
        QRectF drawing;
    };
    PageFurniture pageFurniture(const QSizeF& area, bool firstPage) const;
    // Pages for a printer or a PDF: the diagram fitted or tiled, then the flow appendix.
    void paintPages(QPagedPaintDevice* device, const PageOptions& pages) const;
    int pageCount(const QPageLayout& layout, const PageOptions& pages) const;

private:
    // An edge as the diagram draws it, its label placed once for painting and bounds.
    // One line per pair of hosts, as the canvas draws it (its shown label carries the callout
    // number, "TCP 135 +3 [2]").
    struct EdgeDrawing
    {
        const DrawnLine* line; // the layout's
        QString listed;  // every port, "→" from the lower id to the higher (the list under the drawing)
        int callout = 0; // > 0: shortened, or crowded; the appendix (images: a list) has it in full
    };
    void placeEdges();
    void placeLinks(const std::vector<QRectF>& frames);
    QRectF drawingBounds() const;
    QRectF calloutArea() const;
    QRectF pageBounds() const;
    // visible: the part of the drawing that lands on the page (a tile), in drawing coordinates;
    // what lies outside it is not painted. Null: all of it.
    void paintDrawing(QPainter* painter, bool calloutList, const QRectF& visible = QRectF()) const;
    std::vector<Label> placedLabels() const;
    // Pages: the whole flow list when asked for, else the flows of the shortened labels.
    QList<FlowListRow> appendixRows(const PageOptions& pages) const;
    void paintAppendix(QPagedPaintDevice* device, QPainter* painter, const QRectF& area,
                       const QList<FlowListRow>& flows, bool whole, int page, int total) const;
    void paintCallouts(QPainter* painter) const;
    static QString tr(const char* text) { return QCoreApplication::translate("Diagram", text); }
    bool includes(int node) const;
    int pageCount(const QPageLayout& layout, const PageOptions& pages, qsizetype appendixRows) const;
    const Document& m_document;
    const FlowEngine& m_engine;
    DiagramOptions m_options;
    DrawingLayout m_layout{drawinglayout::Medium::Paper};
    std::vector<EdgeDrawing> m_edges; // in the layout's order of lines
    std::vector<LinkDrawing> m_links;
    std::vector<Label> m_labels;
};

bool writeDiagramPdf(const Diagram& diagram, const QString& path, const PageOptions& pages, QString* error);
bool writeDiagramSvg(const Diagram& diagram, const QString& path, QString* error);
bool writeDiagramPng(const Diagram& diagram, const QString& path, const ImageOptions& image, QString* error);

std::optional<QPageSize::PageSizeId> pageSizeFromName(const QString& name);

} // namespace portolan
