#include "drawing/paper/diagramsetpainter.h"

#include "drawing/designrenderer.h"
#include "drawing/diagram.h"
#include "drawing/legend.h"
#include "drawing/paper/pagebuilder.h"
#include "drawing/paper/paperparts.h"
#include "drawing/paper/paperstyle.h"
#include "drawing/paper/papertable.h"
#include "io/outputfile.h"

#include <QDir>
#include <QFontMetricsF>
#include <QIcon>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QtMath>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

const QColor kInk(0x26, 0x32, 0x38);
const QColor kGrey(0x54, 0x6e, 0x7a);
const QColor kLine(0x37, 0x47, 0x4f);

// Text of `size` points at the page's scale: fonts have whole pixel sizes, so a scaled page draws
// its text in a scaled painter rather than with a rounded size.
void text(QPainter* painter, const QRectF& rect, int flags, const QString& s, qreal size, qreal scale,
          bool bold = false)
{
    if (s.isEmpty())
        return;
    if (scale == 1) { // tables and headings: no transform to save and restore
        const QFont f = paper::font(size, bold);
        painter->setFont(f);
        const QFontMetricsF metrics(f);
        painter->drawText(rect, flags,
                          metrics.horizontalAdvance(s) <= rect.width()
                              ? s
                              : metrics.elidedText(s, Qt::ElideRight, rect.width()));
        return;
    }
    painter->save();
    painter->setFont(paper::font(size, bold));
    const QFontMetricsF metrics(painter->font());
    painter->translate(rect.topLeft());
    painter->scale(scale, scale);
    const QRectF local(0, 0, rect.width() / scale, rect.height() / scale);
    painter->drawText(local, flags, metrics.elidedText(s, Qt::ElideRight, local.width()));
    painter->restore();
}

// Text of the drawing at the page's scale, many strings under one transform: a PDF writes the
// painter's whole state again at every change of transform, so that a text per transform (as
// text() does) costs more than the text. Within a batch every string is where text() puts it.
class ScaledText
{
public:
    ScaledText(QPainter* painter, qreal scale) : m_painter(painter), m_scale(scale)
    {
        if (m_scale != 1) {
            m_painter->save();
            m_painter->scale(m_scale, m_scale);
        }
    }
    ~ScaledText()
    {
        if (m_scale != 1)
            m_painter->restore();
    }
    ScaledText(const ScaledText&) = delete;
    ScaledText& operator=(const ScaledText&) = delete;

    void draw(const QRectF& rect, int flags, const QString& s, qreal size, bool bold = false)
    {
        if (s.isEmpty())
            return;
        if (m_scale == 1) {
            text(m_painter, rect, flags, s, size, 1, bold);
            return;
        }
        if (m_size != size || m_bold != bold) {
            m_size = size;
            m_bold = bold;
            m_painter->setFont(paper::font(size, bold));
            m_metrics.emplace(m_painter->font());
        }
        const QRectF local(rect.topLeft() / m_scale, rect.size() / m_scale);
        m_painter->drawText(local, flags, m_metrics->elidedText(s, Qt::ElideRight, local.width()));
    }

private:
    QPainter* m_painter;
    qreal m_scale;
    qreal m_size = 0;
    bool m_bold = false;
    std::optional<QFontMetricsF> m_metrics;
};

// Where a node's three lines of text go.
struct NodeText
{
    QRectF name, address, third;
};

NodeText nodeText(const PageNode& n, qreal scale)
{
    const qreal pad = 4 * scale;
    const qreal icon = 14 * scale;
    const qreal x = n.box.left() + pad + icon + pad;
    const qreal w = n.box.right() - pad - x;
    const qreal line = 11 * scale;
    return {QRectF(x, n.box.top() + 2 * scale, w, line), QRectF(x, n.box.top() + 2 * scale + line, w, line),
            QRectF(x, n.box.top() + 2 * scale + 2 * line, w, line)};
}

// A reference names its site and the page that draws it; pages written alone (`--site`) have no
// such page: its site, or that it is outside the page (a host of no site, as Visio's says it).
QString thirdLine(const PageNode& n)
{
    if (!n.stub)
        return n.roles;
    if (n.stubPage <= 0)
        return n.site.isEmpty() ? u"(outside this page)"_s : n.site;
    const QString pages = paperparts::drawnOn(n);
    return n.site.isEmpty() ? pages : u"%1 · %2"_s.arg(n.site, pages);
}

// The boxes (hosts, then references), their icons, then their text: boxes do not overlap, so that
// this paints what box by box would, with a few changes of pen instead of one per line of text.
void paintNodes(QPainter* painter, const std::vector<PageNode>& nodes, qreal scale)
{
    for (const bool stubs : {false, true}) {
        painter->setPen(QPen(stubs ? kGrey : kLine, stubs ? 0.8 : 1.0, stubs ? Qt::DashLine : Qt::SolidLine));
        painter->setBrush(stubs ? QColor(0xec, 0xef, 0xf1) : QColor(Qt::white));
        for (const PageNode& n : nodes)
            if (n.stub == stubs)
                painter->drawRoundedRect(n.box, 3 * scale, 3 * scale);
    }
    const qreal pad = 4 * scale;
    const qreal icon = 14 * scale;
    for (const PageNode& n : nodes)
        if (!n.iconKey.isEmpty())
            DesignRenderer::icon(n.iconKey).paint(
                painter, QRectF(n.box.left() + pad, n.box.top() + pad, icon, icon).toRect());
    ScaledText text(painter, scale);
    painter->setPen(kInk);
    for (const PageNode& n : nodes)
        text.draw(nodeText(n, scale).name, Qt::AlignLeft | Qt::AlignVCenter, n.name, paper::kName, true);
    painter->setPen(kGrey);
    for (const PageNode& n : nodes) {
        const NodeText where = nodeText(n, scale);
        text.draw(where.address, Qt::AlignLeft | Qt::AlignVCenter, n.address, paper::kText);
        text.draw(where.third, Qt::AlignLeft | Qt::AlignVCenter, thirdLine(n), paper::kText);
    }
}

// Every line, then the arrowheads (on top of the lines, as the labels are): a PDF writes the pen
// again at each change between stroking a line and filling a head.
void paintLines(QPainter* painter, const std::vector<PageEdge>& edges, qreal scale)
{
    painter->setBrush(Qt::NoBrush);
    for (const PageEdge& e : edges) {
        if (e.line.size() < 2)
            continue;
        painter->setPen(QPen(e.colour, 1.1, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin));
        painter->drawPolyline(e.line);
    }
    const qreal head = 7.6 * std::max(scale, 0.5);
    painter->setPen(Qt::NoPen);
    for (const PageEdge& e : edges) {
        if (e.line.size() < 2)
            continue;
        painter->setBrush(e.colour);
        if (e.toForward)
            painter->drawPolygon(
                DesignRenderer::arrowHead(e.line.last(), e.line.at(e.line.size() - 2), head));
        if (e.toBackward)
            painter->drawPolygon(DesignRenderer::arrowHead(e.line.first(), e.line.at(1), head));
    }
}

// The labels' boxes, then their text: no label overlaps another, so that the order within each
// is free, and each goes by colour.
void paintLabels(QPainter* painter, const std::vector<PageEdge>& edges, qreal scale)
{
    std::vector<const PageEdge*> shown;
    for (const PageEdge& e : edges)
        if (!e.labelBox.isNull() && !e.shown.isEmpty())
            shown.push_back(&e);
    std::stable_sort(shown.begin(), shown.end(), [](const PageEdge* a, const PageEdge* b) {
        return std::pair(a->colour.rgba(), a->reference.isEmpty()) <
               std::pair(b->colour.rgba(), b->reference.isEmpty());
    });
    painter->setBrush(Qt::white);
    for (const PageEdge* e : shown) {
        painter->setPen(QPen(e->colour.lighter(130), 0.6));
        painter->drawRoundedRect(e->labelBox, 2 * scale, 2 * scale);
    }
    ScaledText text(painter, scale);
    for (const PageEdge* e : shown) {
        painter->setPen(e->colour.darker(150));
        text.draw(e->labelBox, Qt::AlignCenter, e->shown, paper::kLabel, !e->reference.isEmpty());
    }
}

void paintTable(QPainter* painter, const DiagramPage& page)
{
    if (page.tableArea.isNull() || page.tableHeader.isEmpty())
        return;
    const QRectF area = page.tableArea;
    // Every cell whole: what does not fit its column goes on more lines of its row (the builder
    // made room for them with the same layout).
    const paper::TableLayout layout = paper::layoutTable(page.tableHeader, page.table, area.width());
    const QFont fonts[2] = {paper::font(paper::kText), paper::font(paper::kText, true)};
    qreal y = area.top();
    for (size_t r = 0; r < layout.rows.size(); ++r) {
        const bool header = layout.hasHeader && r == 0;
        const qreal height = layout.rowHeight(r);
        if (header)
            painter->fillRect(QRectF(area.left(), y, area.width(), height), QColor(0xdc, 0xe6, 0xf1));
        painter->setPen(kInk);
        painter->setFont(fonts[int(header)]);
        qreal x = area.left();
        for (size_t c = 0; c < layout.columns.size(); ++c) {
            const QStringList& lines = layout.rows[r][c].lines;
            for (qsizetype l = 0; l < lines.size(); ++l)
                painter->drawText(
                    QRectF(x + 2, y + qreal(l) * paper::kTableRow, layout.columns[c] - 4, paper::kTableRow),
                    Qt::AlignLeft | Qt::AlignVCenter | Qt::TextDontClip, lines[l]);
            x += layout.columns[c];
        }
        y += height;
        painter->setPen(QPen(QColor(0xcf, 0xd8, 0xdc), 0.4));
        painter->drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
    }
}

void paintTitleBlock(QPainter* painter, const DiagramSet& set, const DiagramPage& page)
{
    if (!page.titleBlock.isNull())
        Diagram::paintTitleBlock(painter, page.titleBlock,
                                 {set.designName, set.author, set.date, set.revision, page.number,
                                  qsizetype(set.pages.size()), 8});
}

} // namespace

void paintDiagramPage(QPainter* painter, const DiagramSet& set, const DiagramPage& page)
{
    painter->save();
    const qreal s = page.scale;
    // The heading: what this page is.
    painter->setPen(kInk);
    text(painter, QRectF(0, 0, set.pageArea.width() - 200, 15), Qt::AlignLeft | Qt::AlignVCenter, page.title,
         11, 1, true);
    painter->setPen(kGrey);
    text(painter, QRectF(0, 14, set.pageArea.width(), 10), Qt::AlignLeft | Qt::AlignVCenter, page.subtitle,
         paper::kText, 1);
    // Frames, then every line, then labels, titles and boxes: no line is drawn across them.
    for (const PageFrame& f : page.frames) {
        painter->setPen(QPen(f.colour.isValid() ? f.colour : kLine, 1.2));
        painter->setBrush(QColor(0xf7, 0xf9, 0xfa));
        painter->drawRoundedRect(f.rect, 6 * s, 6 * s);
    }
    paintLines(painter, page.edges, s);
    paintLabels(painter, page.edges, s);
    for (const PageFrame& f : page.frames) {
        const QRectF tab = paper::titleTab(f, s);
        painter->setPen(QPen(f.colour.isValid() ? f.colour : kLine, 1));
        painter->setBrush(Qt::white);
        painter->drawRoundedRect(tab, 3 * s, 3 * s);
        painter->setPen(kInk);
        text(painter, tab.adjusted(5 * s, 0, -2 * s, 0), Qt::AlignLeft | Qt::AlignVCenter, f.title,
             paper::kName, s, true);
    }
    paintNodes(painter, page.nodes, s);
    paintTable(painter, page);
    paintTitleBlock(painter, set, page);
    if (!page.legend.isNull())
        paintLegend(painter, page.legend);
    painter->restore();
}

void paintDiagramSet(QPagedPaintDevice* device, const DiagramSet& set, const DiagramSetOptions& options,
                     bool useDeviceLayout)
{
    if (!useDeviceLayout)
        device->setPageLayout(
            QPageLayout(QPageSize(options.pageSize), options.orientation, QMarginsF(28, 28, 28, 28)));
    QPainter painter(device);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                           QPainter::SmoothPixmapTransform);
    const qreal toDevice = device->logicalDpiX() / 72.0;
    painter.scale(toDevice, toDevice);
    // A printer's page may differ from the one the set was built for: fit it, never enlarge.
    const QSizeF printable = device->pageLayout().paintRect(QPageLayout::Point).size();
    const qreal fit =
        std::min({1.0, printable.width() / set.pageArea.width(), printable.height() / set.pageArea.height()});
    painter.scale(fit, fit);
    for (size_t i = 0; i < set.pages.size(); ++i) {
        if (i > 0)
            device->newPage();
        paintDiagramPage(&painter, set, set.pages[i]);
    }
}

bool writeDiagramSetPdf(const DiagramSet& set, const DiagramSetOptions& options, const QString& path,
                        QString* error)
{
    return OutputFile::write(
        path,
        [&](QIODevice& device, QString*) {
            QPdfWriter writer(&device);
            writer.setResolution(300);
            writer.setCreator(u"Portolan " PORTOLAN_VERSION ""_s);
            writer.setTitle(set.designName);
            paintDiagramSet(&writer, set, options);
            return true;
        },
        error);
}

bool writeDiagramSetSvgPages(const DiagramSet& set, const QString& directory, QStringList* written,
                             QString* error)
{
    if (!QDir().mkpath(directory)) {
        if (error)
            *error = u"%1: cannot make the folder"_s.arg(directory);
        return false;
    }
    const int digits = int(QString::number(set.pages.size()).size());
    const QSizeF size = set.pageArea + QSizeF(56, 56);
    for (const DiagramPage& page : set.pages) {
        const QString path = QDir(directory).filePath(
            u"%1-%2.svg"_s.arg(page.number, std::max(2, digits), 10, QChar(u'0')).arg(page.key));
        const bool ok = OutputFile::write(
            path,
            [&](QIODevice& device, QString*) {
                QSvgGenerator svg;
                svg.setOutputDevice(&device);
                svg.setSize(size.toSize());
                svg.setViewBox(QRectF(QPointF(0, 0), size));
                svg.setTitle(u"%1 · %2"_s.arg(set.designName, page.title));
                svg.setDescription(u"Generated by Portolan " PORTOLAN_VERSION ""_s);
                QPainter painter(&svg);
                painter.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
                painter.translate(28, 28);
                paintDiagramPage(&painter, set, page);
                return true;
            },
            error);
        if (!ok)
            return false;
        if (written)
            written->push_back(path);
    }
    return true;
}

} // namespace portolan
