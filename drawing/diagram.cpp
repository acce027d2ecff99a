#include "drawing/diagram.h"

#include "catalog/catalog.h"
#include "design/document.h"
#include "drawing/designrenderer.h"
#include "drawing/drawinglayout.h"
#include "drawing/edgerouter.h"
#include "drawing/legend.h"
#include "drawing/pairedges.h"
#include "drawing/paper/paperstyle.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "io/outputfile.h"

#include <algorithm>
#include <QCoreApplication>
#include <QDate>
#include <QFontMetricsF>
#include <QIcon>
#include <QImage>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QtMath>

#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

constexpr qreal kMargin = 40;               // around the drawing, scene units
constexpr qreal kBandGap = 8;               // between the drawing and the title/legend band, points
constexpr qreal kOverlap = 28;              // tiles overlap by this much, points (about 10 mm)
constexpr qreal kCalloutLine = 16;          // a line of the shortened-label list, scene units
constexpr qreal kAppendixHeaderHeight = 11; // a line of the flow appendix, points
constexpr qreal kAppendixRowHeight = 19;    // a flow: the names, and their addresses and zones under them

// Title block, legend and appendix are drawn in points (1 unit = 1/72 inch);
// pixel-sized fonts keep their size under that transform whatever the device.
QFont font(qreal size, bool bold = false)
{
    return paper::font(size, bold); // the diagram set's, one font for all paper
}

// The legend goes beside the title block, or over it on paper too narrow for both (A4 portrait).
bool bandStacked(const DiagramOptions& o, qreal width)
{
    return o.titleBlock && o.legend && width < paper::kBandSideBySide;
}

qreal bandHeight(const DiagramOptions& o, qreal width)
{
    const qreal one = Diagram::titleBlockSize().height() + kBandGap;
    return !o.titleBlock && !o.legend ? 0 : bandStacked(o, width) ? 2 * one : one;
}

} // namespace

Diagram::Diagram(const Document& document, const FlowEngine& engine, DiagramOptions options)
    : m_document(document), m_engine(engine), m_options(std::move(options))
{
    if (m_options.date.isEmpty())
        m_options.date = QDate::currentDate().toString(Qt::ISODate);
    placeEdges();
}

void Diagram::placeEdges()
{
    // Where every edge and its label go, once: painting and the bounds (which include
    // the callout list) both need it.
    std::vector<QRectF> boxes;
    for (const auto& [id, n] : m_document.nodes())
        if (includes(id))
            boxes.push_back(DesignRenderer::nodeRect(n.position));
    m_layout.setBoxes(std::move(boxes));
    // One line per pair of hosts (drawing/pairedges.h), an arrowhead at each end that opens a port:
    // the canvas's lines, in the layout the canvas keeps too (drawing/drawinglayout.h).
    std::vector<DrawnLine*> lines;
    for (const auto& [key, flows] : pairsOf(m_document, m_engine.edges())) {
        if (!includes(key.first) || !includes(key.second))
            continue;
        DrawnLine& line = m_layout.setLine(key.first, key.second, flows.forward, flows.backward);
        lines.push_back(&line);
        // In the list under the drawing "→" runs from the first host named to the second.
        m_edges.push_back(
            {&line, pairLabel(flows.forward, flows.backward, QRectF(0, 0, 1, 1), QRectF(10, 0, 1, 1))});
    }
    m_layout.route(lines,
                   [this](int end) { return DesignRenderer::nodeRect(m_document.node(end)->position); });
    std::vector<QRectF> frames;
    for (const auto& [id, s] : m_document.sites())
        frames.push_back(s.frame);
    const std::vector<DesignRenderer::LabelPlace> places =
        m_layout.placeLabels(std::vector<const DrawnLine*>(lines.begin(), lines.end()), frames);
    // On paper there is no tooltip: a shortened label, or one with no room of its own (drawn
    // under the whole labels, perhaps partly hidden), carries a number that the flow appendix
    // (or, in an image, the list under the drawing) resolves to every port of the line.
    int callouts = 0;
    for (size_t i = 0; i < m_edges.size(); ++i) {
        EdgeDrawing& e = m_edges[i];
        if (places[i].text != e.line->label() || places[i].crowded)
            e.callout = ++callouts;
        lines[i]->setLabelPlace(places[i].at, e.callout > 0 && !places[i].text.isEmpty()
                                                  ? u"%1 [%2]"_s.arg(places[i].text).arg(e.callout)
                                                  : places[i].text);
    }
    m_labels = placedLabels();
    placeLinks(frames);
}

std::vector<Diagram::Route> Diagram::routes() const
{
    std::vector<Route> result;
    result.reserve(m_edges.size());
    for (const EdgeDrawing& e : m_edges)
        result.push_back({e.line->from(), e.line->to(), e.line->route()});
    return result;
}

void Diagram::placeLinks(const std::vector<QRectF>& frames)
{
    // By the layout the canvas keeps too (drawing/drawinglayout.h): each link on the side of its
    // ends' pair that their line leaves free, its name after the lines' labels.
    std::vector<drawinglayout::LinkEnds> ends;
    for (const auto& [id, l] : m_document.links()) {
        const Node* from = m_document.node(l.from);
        const Node* to = m_document.node(l.to);
        if (!from || !to || l.from == l.to || !includes(l.from) || !includes(l.to))
            continue;
        ends.push_back({id, l.from, l.to, DesignRenderer::nodeRect(from->position),
                        DesignRenderer::nodeRect(to->position), m_layout.line(l.from, l.to) != nullptr,
                        false});
    }
    if (ends.empty())
        return;
    std::vector<QPolygonF> routes = m_layout.routeLinks(ends);
    std::vector<std::pair<QPolygonF, QString>> lines;
    lines.reserve(ends.size());
    for (size_t i = 0; i < ends.size(); ++i)
        lines.emplace_back(std::move(routes[i]), linkKindName(m_document.links().at(ends[i].link).kind));
    // The lines' labels as printed, reference numbers included.
    const std::vector<DesignRenderer::LabelPlace> places = m_layout.placeLinkNames(lines, frames);
    m_links.reserve(lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
        QRectF bounds = lines[i].first.boundingRect();
        if (!places[i].text.isEmpty())
            bounds |= DesignRenderer::labelRect(lines[i].first, places[i].text, places[i].at);
        m_links.push_back({ends[i].link, std::move(lines[i].first), places[i], bounds});
    }
}

QRectF Diagram::drawingBounds() const
{
    QRectF r;
    QSet<int> sites;
    for (const auto& [id, n] : m_document.nodes()) {
        if (!includes(id))
            continue;
        r |= DesignRenderer::nodeRect(n.position);
        sites.insert(n.site);
    }
    for (const auto& [id, s] : m_document.sites())
        if (m_options.nodes.isEmpty() || sites.contains(id))
            r |= s.frame.adjusted(0, -16, 0, 0);
    // Labels and bent edges may reach past the boxes: the page must hold them too.
    for (const EdgeDrawing& e : m_edges)
        r |= e.line->route().boundingRect();
    for (const Label& label : m_labels)
        r |= label.box;
    for (const LinkDrawing& l : m_links)
        r |= l.bounds;
    if (r.isNull())
        r = QRectF(0, 0, 400, 300);
    return r;
}

QRectF Diagram::calloutArea() const
{
    int count = 0;
    for (const EdgeDrawing& e : m_edges)
        count += e.callout > 0;
    if (count == 0)
        return {};
    const QRectF drawing = drawingBounds();
    return {drawing.left(), drawing.bottom() + kMargin, drawing.width(), 24 + count * kCalloutLine};
}

void Diagram::paintCallouts(QPainter* painter) const
{
    const QRectF area = calloutArea();
    if (area.isEmpty())
        return;
    painter->save();
    const QFont labels = font(9);
    const QFontMetricsF metrics(labels);
    painter->setFont(font(10, true));
    painter->setPen(QColor(0x37, 0x47, 0x4f));
    painter->drawText(QRectF(area.left(), area.top(), area.width(), 20), Qt::AlignLeft | Qt::AlignVCenter,
                      tr("Labels shortened on the drawing, in full"));
    painter->setFont(labels);
    qreal y = area.top() + 24;
    for (const EdgeDrawing& e : m_edges) {
        if (e.callout == 0)
            continue;
        // A one-way line names its hosts in the flows' direction; a two-way one says which way
        // each port goes.
        const bool oneWay = !e.line->backward() || !e.line->forward();
        const QString& first = m_document.node(e.line->forward() ? e.line->from() : e.line->to())->name;
        const QString& second = m_document.node(e.line->forward() ? e.line->to() : e.line->from())->name;
        const QString who = u"[%1] %2 %3 %4:"_s.arg(e.callout).arg(first, oneWay ? u"→"_s : u"↔"_s, second);
        const qreal whoWidth = metrics.horizontalAdvance(who) + 8;
        painter->setPen(QColor(0x37, 0x47, 0x4f));
        painter->drawText(QRectF(area.left(), y, whoWidth, kCalloutLine), Qt::AlignLeft | Qt::AlignVCenter,
                          who);
        // The full label as its own text run, so that it reads and searches as one.
        painter->setPen(e.line->colour().darker(140));
        painter->drawText(QRectF(area.left() + whoWidth, y, area.width() - whoWidth, kCalloutLine),
                          Qt::AlignLeft | Qt::AlignVCenter, e.listed);
        y += kCalloutLine;
    }
    painter->restore();
}

bool Diagram::includes(int node) const
{
    return m_options.nodes.isEmpty() || m_options.nodes.contains(node);
}

QRectF Diagram::bounds() const
{
    return drawingBounds().united(calloutArea()).adjusted(-kMargin, -kMargin, kMargin, kMargin);
}

QRectF Diagram::pageBounds() const
{
    // On paper the shortened labels are resolved in the flow appendix, not under the drawing.
    return drawingBounds().adjusted(-kMargin, -kMargin, kMargin, kMargin);
}

int Diagram::calloutOf(int source, int destination) const
{
    const auto [first, second] = pairKey(source, destination);
    for (const EdgeDrawing& e : m_edges)
        if (e.line->from() == first && e.line->to() == second)
            return e.callout;
    return 0;
}

QList<FlowListRow> Diagram::appendixRows(const PageOptions& pages) const
{
    if (pages.flowAppendix)
        return buildFlowList(m_document, m_engine);
    // Without the whole list, the appendix holds the flows of the shortened labels.
    std::set<std::pair<int, int>> shortened;
    for (const EdgeDrawing& e : m_edges)
        if (e.callout > 0)
            shortened.insert({e.line->from(), e.line->to()});
    if (shortened.empty())
        return {};
    QList<FlowListRow> rows = buildFlowList(m_document, m_engine);
    rows.removeIf(
        [&shortened](const FlowListRow& r) { return !shortened.count(pairKey(r.source, r.destination)); });
    return rows;
}

std::vector<Diagram::Label> Diagram::placedLabels() const
{
    // The shortened labels first: one with no room anywhere sits where it covers least, perhaps
    // on another label. Painted after them, a whole label (which never meets another whole one)
    // is never covered; a covered shortened one still has every port in the appendix.
    std::vector<Label> labels;
    labels.reserve(m_edges.size());
    for (const bool shortened : {true, false}) {
        for (const EdgeDrawing& e : m_edges) {
            if ((e.callout > 0) != shortened)
                continue;
            if (!e.line->shown().isEmpty())
                labels.push_back({e.line->labelRect(), e.line->shown(), e.line->colour()});
        }
    }
    return labels;
}

void Diagram::paint(QPainter* painter) const
{
    paintDrawing(painter, true);
}

void Diagram::paintDrawing(QPainter* painter, bool calloutList, const QRectF& visible) const
{
    const DesignRenderer renderer(m_document);
    // A tile of a large drawing paints what falls on it, not every item clipped away.
    const auto shows = [&visible](const QRectF& r) {
        return visible.isNull() || visible.intersects(r);
    };
    const auto frameShows = [&](const Site& s) {
        return shows(s.frame.united(DesignRenderer::siteTitleRect(s.frame)).adjusted(-3, -3, 3, 3));
    };
    QSet<int> sites;
    for (const auto& [id, n] : m_document.nodes())
        if (includes(id))
            sites.insert(n.site);
    const auto siteShown = [&](int id) {
        return m_options.nodes.isEmpty() || sites.contains(id);
    };
    for (const auto& [id, s] : m_document.sites())
        if (const Site* parent = m_document.site(s.parent); parent && siteShown(id) && siteShown(parent->id))
            DesignRenderer::drawSiteConnector(painter, s.frame, parent->frame);
    for (const auto& [id, s] : m_document.sites())
        if (siteShown(id) && frameShows(s))
            renderer.drawSiteFrame(painter, s, s.frame, DesignRenderer::State::Normal);
    // Every line (edges and links) first, then every label and site title: no line is drawn
    // across one.
    for (const EdgeDrawing& e : m_edges)
        if (shows(e.line->bounds()))
            e.line->paint(painter, renderer, e.line->colour(), DesignRenderer::State::Normal);
    if (calloutList)
        paintCallouts(painter);
    for (const LinkDrawing& l : m_links)
        if (shows(l.bounds.adjusted(-10, -10, 10, 10)))
            renderer.drawLink(painter, l.line, l.place.text, l.place.at, DesignRenderer::State::Normal, 1.0);
    for (const Label& l : m_labels)
        if (shows(l.box))
            renderer.drawEdgeLabel(painter, l.box, l.colour, l.text, DesignRenderer::State::Normal, 1.0);
    for (const auto& [id, s] : m_document.sites())
        if (siteShown(id) && frameShows(s))
            renderer.drawSiteTitle(painter, s, s.frame, 1.0);
    for (const auto& [id, n] : m_document.nodes()) {
        const QRectF box = DesignRenderer::nodeRect(n.position);
        if (includes(id) && shows(box.adjusted(-3, -3, 3, 3)))
            renderer.drawNode(painter, n, box, DesignRenderer::State::Normal, 1.0);
    }
}

void Diagram::paintTitleBlock(QPainter* painter, const QRectF& area, int page, int pages) const
{
    const DesignInfo& info = m_document.info();
    paintTitleBlock(painter, area, {info.name, info.author, m_options.date, info.revision, page, pages});
}

void Diagram::paintTitleBlock(QPainter* painter, const QRectF& area, const TitleBlockText& text)
{
    painter->save();
    painter->setPen(QPen(QColor(0x37, 0x47, 0x4f), 1));
    painter->setBrush(Qt::white);
    painter->drawRect(area);
    const qreal row = area.height() / 4;
    painter->drawLine(QPointF(area.left(), area.top() + row * 1.6),
                      QPointF(area.right(), area.top() + row * 1.6));
    painter->drawLine(QPointF(area.left(), area.top() + row * 2.8),
                      QPointF(area.right(), area.top() + row * 2.8));
    const qreal half = area.left() + area.width() / 2;
    painter->drawLine(QPointF(half, area.top() + row * 1.6), QPointF(half, area.bottom()));
    painter->setPen(QColor(0x26, 0x32, 0x38));
    painter->setFont(font(11, true));
    const QRectF nameRect(area.left() + 6, area.top(), area.width() - 12, row * 1.6);
    painter->drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft,
                      QFontMetricsF(painter->font())
                          .elidedText(text.name.isEmpty() ? u"Untitled design"_s : text.name, Qt::ElideRight,
                                      nameRect.width()));
    const auto cell = [&](qreal x, qreal y, qreal w, const QString& label, const QString& value) {
        painter->setFont(font(6));
        painter->setPen(QColor(0x78, 0x90, 0x9c));
        painter->drawText(QRectF(x + 6, y + 1, w - 12, row * 0.5), Qt::AlignLeft | Qt::AlignTop, label);
        painter->setFont(font(text.valueSize));
        painter->setPen(QColor(0x26, 0x32, 0x38));
        painter->drawText(QRectF(x + 6, y + row * 0.4, w - 12, row * 0.8), Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetricsF(painter->font()).elidedText(value, Qt::ElideRight, w - 12));
    };
    const qreal w = area.width() / 2;
    cell(area.left(), area.top() + row * 1.6, w, u"AUTHOR"_s, text.author);
    cell(half, area.top() + row * 1.6, w, u"DATE"_s, text.date);
    cell(area.left(), area.top() + row * 2.8, w, u"REVISION"_s, text.revision);
    cell(half, area.top() + row * 2.8, w, u"PAGE"_s, u"%1 of %2 · Portolan"_s.arg(text.page).arg(text.pages));
    painter->restore();
}

int Diagram::pageCount(const QPageLayout& layout, const PageOptions& pages) const
{
    return pageCount(layout, pages, appendixRows(pages).size());
}

int Diagram::pageCount(const QPageLayout& layout, const PageOptions& pages, qsizetype appendixRows) const
{
    const QRectF area = layout.paintRect(QPageLayout::Point);
    const QSizeF drawing(area.width(), area.height() - bandHeight(m_options, area.width()));
    int count = 1;
    if (pages.scale > 0) {
        const QSizeF content = pageBounds().size() * 0.75 * pages.scale; // scene px at 96 dpi to points
        const int cols = qMax(1, qCeil((content.width() - kOverlap) / (drawing.width() - kOverlap)));
        const int rows = qMax(1, qCeil((content.height() - kOverlap) / (drawing.height() - kOverlap)));
        count = cols * rows;
    }
    if (pages.extraPage)
        ++count;
    if (appendixRows > 0) {
        const int rowsPerPage = qMax(1, int((area.height() - 40) / kAppendixRowHeight));
        count += int((appendixRows + rowsPerPage - 1) / rowsPerPage);
    }
    return count;
}

Diagram::PageFurniture Diagram::pageFurniture(const QSizeF& area, bool firstPage) const
{
    const QSizeF t = titleBlockSize();
    PageFurniture at;
    if (m_options.titleBlock)
        at.titleBlock = QRectF(area.width() - t.width(), area.height() - t.height(), t.width(), t.height());
    const qreal under = bandStacked(m_options, area.width()) ? t.height() + kBandGap : 0;
    if (m_options.legend && firstPage)
        at.legend = QRectF(0, area.height() - t.height() - under, paper::kLegendWidth, t.height());
    at.drawing = QRectF(0, 0, area.width(), area.height() - bandHeight(m_options, area.width()));
    return at;
}

void Diagram::paintPages(QPagedPaintDevice* device, const PageOptions& pages) const
{
    QPageLayout layout(QPageSize(pages.pageSize), pages.orientation, QMarginsF(28, 28, 28, 28));
    if (pages.useDeviceLayout)
        layout = device->pageLayout();
    else
        device->setPageLayout(layout);
    QPainter painter(device);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                           QPainter::SmoothPixmapTransform);
    // Work in points from the top left of the printable area.
    const qreal toDevice = device->logicalDpiX() / 72.0;
    painter.scale(toDevice, toDevice);
    const QRectF area(QPointF(0, 0), layout.paintRect(QPageLayout::Point).size());
    const qreal band = bandHeight(m_options, area.width());
    const QRectF drawing(area.left(), area.top(), area.width(), area.height() - band);
    // The appendix's rows, built once: they count the pages and fill them.
    const QList<FlowListRow> flows = appendixRows(pages);
    const int total = pageCount(layout, pages, flows.size());
    int page = 0;
    const auto furniture = [&] {
        ++page;
        const PageFurniture at = pageFurniture(area.size(), page == 1);
        if (!at.titleBlock.isNull())
            paintTitleBlock(&painter, at.titleBlock, page, total);
        if (!at.legend.isNull())
            portolan::paintLegend(&painter, at.legend);
    };
    const QRectF content = pageBounds();
    const qreal scale = pages.scale > 0
                            ? 0.75 * pages.scale
                            : qMin(drawing.width() / content.width(), drawing.height() / content.height());
    const QSizeF scaled = content.size() * scale;
    const qreal stepX = drawing.width() - kOverlap, stepY = drawing.height() - kOverlap;
    const int cols = pages.scale > 0 ? qMax(1, qCeil((scaled.width() - kOverlap) / stepX)) : 1;
    const int rows = pages.scale > 0 ? qMax(1, qCeil((scaled.height() - kOverlap) / stepY)) : 1;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            if (page > 0)
                device->newPage();
            painter.save();
            painter.setClipRect(drawing);
            // Centre a fitted drawing; tiles start at their own offset.
            QPointF origin = drawing.topLeft();
            if (pages.scale <= 0)
                origin +=
                    QPointF((drawing.width() - scaled.width()) / 2, (drawing.height() - scaled.height()) / 2);
            painter.translate(origin - QPointF(c * stepX, r * stepY));
            painter.scale(scale, scale);
            painter.translate(-content.topLeft());
            paintDrawing(&painter, false, pages.scale > 0 ? painter.clipBoundingRect() : QRectF());
            painter.restore();
            if (cols * rows > 1) {
                // Overlap marks: where the next tile starts, to line the pages up.
                painter.setPen(QPen(QColor(0x90, 0xa4, 0xae), 0.6, Qt::DashLine));
                if (c + 1 < cols)
                    painter.drawLine(QPointF(drawing.right() - kOverlap, drawing.top()),
                                     QPointF(drawing.right() - kOverlap, drawing.bottom()));
                if (r + 1 < rows)
                    painter.drawLine(QPointF(drawing.left(), drawing.bottom() - kOverlap),
                                     QPointF(drawing.right(), drawing.bottom() - kOverlap));
                painter.setFont(font(7));
                painter.setPen(QColor(0x54, 0x6e, 0x7a));
                painter.drawText(QRectF(drawing.left(), drawing.top(), drawing.width(), 12), Qt::AlignRight,
                                 u"Row %1, column %2"_s.arg(r + 1).arg(c + 1));
            }
            furniture();
        }
    }
    if (pages.extraPage) {
        device->newPage();
        ++page;
        painter.setFont(font(11, true));
        painter.setPen(QColor(0x26, 0x32, 0x38));
        painter.drawText(QRectF(area.left(), area.top(), area.width(), 18), Qt::AlignLeft | Qt::AlignVCenter,
                         pages.extraPageTitle);
        painter.save();
        pages.extraPage(&painter, QRectF(area.left(), area.top() + 24, area.width(), drawing.height() - 24));
        painter.restore();
        if (m_options.titleBlock) {
            const QSizeF t = titleBlockSize();
            paintTitleBlock(
                &painter, QRectF(area.right() - t.width(), area.bottom() - t.height(), t.width(), t.height()),
                page, total);
        }
    }
    paintAppendix(device, &painter, area, flows, pages.flowAppendix, page, total);
}

void Diagram::paintAppendix(QPagedPaintDevice* device, QPainter* painterPtr, const QRectF& area,
                            const QList<FlowListRow>& flows, bool whole, int page, int total) const
{
    QPainter& painter = *painterPtr;
    // A shortened label's number on the drawing, beside each of its edge's flows.
    std::map<std::pair<int, int>, int> callouts;
    for (const EdgeDrawing& e : m_edges)
        if (e.callout > 0)
            callouts[{e.line->from(), e.line->to()}] = e.callout;
    // The flow list as a table spanning pages, with its header repeated.
    const QStringList headers = {u"Label"_s, u"Source"_s,  u"Destination"_s, u"Protocol"_s,
                                 u"Port"_s,  u"Service"_s, u"Reference"_s,   u"Basis"_s};
    const QList<qreal> widths = {0.04, 0.155, 0.155, 0.06, 0.07, 0.24, 0.19, 0.09};
    const QString title =
        whole ? u"Flows of %1"_s.arg(m_document.info().name)
              : u"Labels shortened on the drawing of %1, in full"_s.arg(m_document.info().name);
    const QString note =
        callouts.empty() ? QString() : u"Label [n]: the line whose label on the drawing ends in [n]"_s;
    // Two lines a row: the host's name, and under it its address and zone, which the network team
    // types into the firewall (the header row keeps one line's height).
    const qreal rowHeight = kAppendixRowHeight;
    const int rowsPerPage = qMax(1, int((area.height() - 40) / rowHeight));
    for (qsizetype start = 0; start < flows.size(); start += rowsPerPage) {
        device->newPage();
        ++page;
        qreal y = area.top();
        painter.setFont(font(9, true));
        painter.setPen(QColor(0x26, 0x32, 0x38));
        painter.drawText(QRectF(area.left(), y, area.width(), 16), Qt::AlignLeft | Qt::AlignVCenter, title);
        painter.setFont(font(7));
        painter.drawText(QRectF(area.left(), y, area.width(), 16), Qt::AlignRight | Qt::AlignVCenter,
                         u"%1    Page %2 of %3"_s.arg(note).arg(page).arg(total));
        y += 20;
        const auto drawRow = [&](const QStringList& cells, const QStringList& below, bool header) {
            qreal x = area.left();
            // The header is as tall as a row where it names what stands under a name.
            const bool twoLines =
                std::any_of(below.cbegin(), below.cend(), [](const QString& t) { return !t.isEmpty(); });
            const qreal height = header && !twoLines ? kAppendixHeaderHeight : rowHeight;
            const qreal line = kAppendixHeaderHeight;
            if (header) {
                painter.fillRect(QRectF(area.left(), y, area.width(), height), QColor(0xdc, 0xe6, 0xf1));
                painter.setFont(font(6.5, true));
            } else {
                painter.setFont(font(6.5));
            }
            const QFontMetricsF metrics(painter.font());
            const QFont small = font(5.8);
            for (qsizetype i = 0; i < cells.size(); ++i) {
                const qreal w = area.width() * widths.at(i);
                painter.drawText(QRectF(x + 2, y, w - 4, line), Qt::AlignVCenter | Qt::AlignLeft,
                                 metrics.elidedText(cells.at(i), Qt::ElideRight, w - 4));
                if (!below.value(i).isEmpty()) {
                    painter.save();
                    painter.setFont(small);
                    painter.setPen(QColor(0x45, 0x5a, 0x64));
                    painter.drawText(QRectF(x + 2, y + line - 2, w - 4, line),
                                     Qt::AlignVCenter | Qt::AlignLeft,
                                     QFontMetricsF(small).elidedText(below.at(i), Qt::ElideRight, w - 4));
                    painter.restore();
                }
                x += w;
            }
            y += height;
        };
        drawRow(headers, {QString(), u"address · zone"_s, u"address · zone"_s}, true);
        for (qsizetype i = start; i < qMin(flows.size(), start + rowsPerPage); ++i) {
            const FlowListRow& f = flows.at(i);
            const auto callout = callouts.find(pairKey(f.source, f.destination));
            const auto where = [](const QString& address, const QString& zone) {
                return address.isEmpty() || zone.isEmpty() ? address + zone : address + u" · "_s + zone;
            };
            drawRow({callout == callouts.end() ? QString() : u"[%1]"_s.arg(callout->second), f.sourceName,
                     f.destinationName, f.protocol, f.port, f.services.join(u"; "), f.references.join(u"; "),
                     f.bases.join(u"; ")},
                    {QString(), where(f.sourceAddress, f.sourceZone),
                     where(f.destinationAddress, f.destinationZone)},
                    false);
        }
    }
}

bool writeDiagramPdf(const Diagram& diagram, const QString& path, const PageOptions& pages, QString* error)
{
    return OutputFile::write(
        path,
        [&](QIODevice& device, QString*) {
            QPdfWriter writer(&device);
            writer.setResolution(300);
            writer.setCreator(u"Portolan " PORTOLAN_VERSION ""_s);
            writer.setTitle(u"Portolan diagram"_s);
            diagram.paintPages(&writer, pages);
            return true;
        },
        error);
}

namespace {

// Size of a single-image export: the drawing with the title and legend band beneath.
QSizeF imageSize(const Diagram& diagram)
{
    const QRectF content = diagram.bounds();
    // Wide enough for the legend beside the title block (a point is 1/0.75 px).
    const qreal least = (paper::kBandSideBySide + 6) / 0.75;
    return {qMax(content.width(), least),
            content.height() + bandHeight(diagram.options(), least * 0.75) / 0.75};
}

// Draws the drawing and, beneath it at print size (1 pt = 1/0.75 px), the title block and legend.
void paintImage(const Diagram& diagram, QPainter* painter, QSizeF size)
{
    painter->save();
    painter->translate(-diagram.bounds().topLeft());
    diagram.paint(painter);
    painter->restore();
    painter->scale(1 / 0.75, 1 / 0.75);
    const QSizeF t = Diagram::titleBlockSize();
    const qreal bottom = size.height() * 0.75;
    if (diagram.options().titleBlock)
        diagram.paintTitleBlock(
            painter,
            QRectF(size.width() * 0.75 - t.width() - 6, bottom - t.height() - 6, t.width(), t.height()), 1,
            1);
    if (diagram.options().legend)
        portolan::paintLegend(painter, QRectF(6, bottom - t.height() - 6, paper::kLegendWidth, t.height()));
}

} // namespace

bool writeDiagramSvg(const Diagram& diagram, const QString& path, QString* error)
{
    const QSizeF size = imageSize(diagram);
    return OutputFile::write(
        path,
        [&](QIODevice& device, QString*) {
            QSvgGenerator svg;
            svg.setOutputDevice(&device);
            svg.setSize(size.toSize());
            svg.setViewBox(QRectF(QPointF(0, 0), size));
            svg.setTitle(u"Portolan diagram"_s);
            svg.setDescription(u"Generated by Portolan " PORTOLAN_VERSION ""_s);
            QPainter painter(&svg);
            painter.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
            paintImage(diagram, &painter, size);
            return true;
        },
        error);
}

bool writeDiagramPng(const Diagram& diagram, const QString& path, const ImageOptions& image, QString* error)
{
    const QSizeF size = imageSize(diagram);
    const qreal factor = image.dpi / 96.0;
    const QSize pixels = (size * factor).toSize();
    if (pixels.width() > 30000 || pixels.height() > 30000 || image.dpi < 24) {
        if (error)
            *error = u"%1: %2 x %3 pixels at %4 dpi is too large for a PNG; choose a lower resolution"_s.arg(
                path, QString::number(pixels.width()), QString::number(pixels.height()),
                QString::number(image.dpi));
        return false;
    }
    QImage picture(pixels, QImage::Format_ARGB32_Premultiplied);
    picture.setDotsPerMeterX(qRound(image.dpi / 0.0254));
    picture.setDotsPerMeterY(qRound(image.dpi / 0.0254));
    picture.fill(image.transparent ? Qt::transparent : Qt::white);
    {
        QPainter painter(&picture);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                               QPainter::SmoothPixmapTransform);
        painter.scale(factor, factor);
        paintImage(diagram, &painter, size);
    }
    return OutputFile::write(
        path,
        [&picture](QIODevice& device, QString* why) {
            if (picture.save(&device, "PNG"))
                return true;
            *why = u"cannot encode the PNG"_s;
            return false;
        },
        error);
}

std::optional<QPageSize::PageSizeId> pageSizeFromName(const QString& name)
{
    static const QHash<QString, QPageSize::PageSizeId> sizes = {{u"a4"_s, QPageSize::A4},
                                                                {u"a3"_s, QPageSize::A3},
                                                                {u"letter"_s, QPageSize::Letter},
                                                                {u"tabloid"_s, QPageSize::Tabloid}};
    const auto it = sizes.constFind(name.toLower());
    if (it == sizes.cend())
        return std::nullopt;
    return *it;
}

} // namespace portolan
