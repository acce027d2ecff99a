#include "drawing/paper/drawiowriter.h"

#include "drawing/legend.h"
#include "drawing/paper/diagramset.h"
#include "drawing/paper/paperparts.h"
#include "io/outputfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QIODevice>
#include <QLineF>
#include <QXmlStreamWriter>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

using paperparts::xmlText;

QString num(double value)
{
    return paperparts::decimal(value, 2, 1e-6);
}

// The point halfway along a route, by length (where draw.io puts an edge's label).
QPointF middleOf(const QPolygonF& route)
{
    qreal total = 0;
    for (qsizetype i = 1; i < route.size(); ++i)
        total += QLineF(route[i - 1], route[i]).length();
    qreal left = total / 2;
    for (qsizetype i = 1; i < route.size(); ++i) {
        const QLineF segment(route[i - 1], route[i]);
        if (segment.length() >= left && segment.length() > 0)
            return segment.pointAt(left / segment.length());
        left -= segment.length();
    }
    return route.isEmpty() ? QPointF() : route.first();
}

// Where a route leaves a box, as draw.io's exit/entry constraint (0..1 across the box).
QPointF constraintOf(const QRectF& box, QPointF at)
{
    const auto clamp01 = [](qreal v) {
        return std::clamp<qreal>(v, 0, 1);
    };
    return {box.width() > 0 ? clamp01((at.x() - box.left()) / box.width()) : 0.5,
            box.height() > 0 ? clamp01((at.y() - box.top()) / box.height()) : 0.5};
}

// A host's icon as the paper draws it (14 points at its top left; the legend's, 12 points at the
// left of its row), as draw.io's label shape takes one: embedded, so that the file needs nothing
// else (draw.io's data URIs in a style leave out ";base64", whose ';' would end the style's entry).
// Empty when there is no such icon.
QString iconStyle(const QString& key, bool legend = false)
{
    thread_local QHash<QString, QString> styles; // the writers run on every core
    const QString cacheKey = legend ? key + u"|legend"_s : key;
    if (const auto it = styles.constFind(cacheKey); it != styles.cend())
        return *it;
    QString style;
    QFile file(u":/icons/%1.svg"_s.arg(key));
    if (!key.isEmpty() && file.open(QIODevice::ReadOnly))
        style = u"shape=label;image=data:image/svg+xml,%1;imageWidth=%2;imageHeight=%2;imageAlign=left;"
                u"imageVerticalAlign=%3;spacingLeft=%4;"_s.arg(
                    QString::fromLatin1(file.readAll().toBase64()), legend ? u"12"_s : u"14"_s,
                    legend ? u"middle"_s : u"top"_s, legend ? u"16"_s : u"18"_s);
    styles.insert(cacheKey, style);
    return style;
}

class DiagramWriter
{
public:
    DiagramWriter(QXmlStreamWriter& xml, const DiagramSet& set, const DiagramPage& page, int number)
        : m_xml(xml), m_set(set), m_page(page), m_number(number)
    {}
    void write();

private:
    QString frameId(int index) const { return u"p%1-f%2"_s.arg(m_number).arg(index); }
    QString nodeId(int index) const { return u"p%1-n%2"_s.arg(m_number).arg(index); }
    // The cell itself: its id (when not on an <object>), value, style, parent and geometry.
    void startCell(const QString& id, const QString& value, const QString& style)
    {
        m_xml.writeStartElement(u"mxCell"_s);
        if (!id.isEmpty())
            m_xml.writeAttribute(u"id"_s, id);
        if (!value.isNull())
            m_xml.writeAttribute(u"value"_s, xmlText(value));
        m_xml.writeAttribute(u"style"_s, style);
    }
    void geometry(const QRectF& r, const QPointF& origin)
    {
        m_xml.writeEmptyElement(u"mxGeometry"_s);
        m_xml.writeAttribute(u"x"_s, num(r.x() - origin.x()));
        m_xml.writeAttribute(u"y"_s, num(r.y() - origin.y()));
        m_xml.writeAttribute(u"width"_s, num(r.width()));
        m_xml.writeAttribute(u"height"_s, num(r.height()));
        m_xml.writeAttribute(u"as"_s, u"geometry"_s);
    }
    void vertex(const QString& id, const QString& value, const QString& style, const QString& parent,
                const QRectF& r, const QPointF& origin)
    {
        startCell(id, value, style);
        m_xml.writeAttribute(u"vertex"_s, u"1"_s);
        m_xml.writeAttribute(u"parent"_s, parent);
        geometry(r, origin);
        m_xml.writeEndElement();
    }
    void data(const QString& name, const QString& value)
    {
        if (!value.isEmpty())
            m_xml.writeAttribute(name, xmlText(value));
    }
    QString freeId() { return u"p%1-x%2"_s.arg(m_number).arg(m_next++); }

    void writeFrame(int index);
    void writeNode(int index);
    void writeEdge(size_t index);
    void writeExtras();

    QXmlStreamWriter& m_xml;
    const DiagramSet& m_set;
    const DiagramPage& m_page;
    int m_number;
    int m_next = 1;
    std::vector<int> m_frameParent;
};

void DiagramWriter::write()
{
    const QSizeF size = m_set.pageArea.isValid() ? m_set.pageArea : m_page.size;
    QString name = xmlText(m_page.title).simplified();
    if (name.isEmpty())
        name = u"Page %1"_s.arg(m_number);
    m_xml.writeStartElement(u"diagram"_s);
    m_xml.writeAttribute(u"id"_s, u"page-%1"_s.arg(m_number));
    m_xml.writeAttribute(u"name"_s, name);
    m_xml.writeStartElement(u"mxGraphModel"_s);
    const std::pair<const char16_t*, QString> model[] = {{u"dx", u"0"_s},
                                                         {u"dy", u"0"_s},
                                                         {u"grid", u"0"_s},
                                                         {u"gridSize", u"10"_s},
                                                         {u"guides", u"1"_s},
                                                         {u"tooltips", u"1"_s},
                                                         {u"connect", u"1"_s},
                                                         {u"arrows", u"1"_s},
                                                         {u"fold", u"1"_s},
                                                         {u"page", u"1"_s},
                                                         {u"pageScale", u"1"_s},
                                                         {u"pageWidth", num(size.width())},
                                                         {u"pageHeight", num(size.height())},
                                                         {u"math", u"0"_s},
                                                         {u"shadow", u"0"_s}};
    for (const auto& [key, value] : model)
        m_xml.writeAttribute(QString::fromUtf16(key), value);
    m_xml.writeStartElement(u"root"_s);
    m_xml.writeEmptyElement(u"mxCell"_s);
    m_xml.writeAttribute(u"id"_s, u"0"_s);
    m_xml.writeEmptyElement(u"mxCell"_s);
    m_xml.writeAttribute(u"id"_s, u"1"_s);
    m_xml.writeAttribute(u"parent"_s, u"0"_s);

    // Frames outermost first, so that every container comes before what it holds.
    for (size_t i = 0; i < m_page.frames.size(); ++i)
        m_frameParent.push_back(paperparts::enclosingFrame(m_page, m_page.frames[i].rect, int(i)));
    std::vector<int> order(m_page.frames.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const QRectF &ra = m_page.frames[size_t(a)].rect, &rb = m_page.frames[size_t(b)].rect;
        return ra.width() * ra.height() > rb.width() * rb.height();
    });
    for (const int f : order)
        writeFrame(f);
    for (size_t i = 0; i < m_page.nodes.size(); ++i)
        writeNode(int(i));
    for (size_t i = 0; i < m_page.edges.size(); ++i)
        writeEdge(i);
    writeExtras();
    m_xml.writeEndElement(); // root
    m_xml.writeEndElement(); // mxGraphModel
    m_xml.writeEndElement(); // diagram
}

void DiagramWriter::writeFrame(int index)
{
    const PageFrame& frame = m_page.frames[size_t(index)];
    const int parent = m_frameParent[size_t(index)];
    const QColor colour = paperparts::frameColour(frame);
    const QColor tint = paperparts::frameTint(colour);
    m_xml.writeStartElement(u"object"_s);
    m_xml.writeAttribute(u"id"_s, frameId(index));
    m_xml.writeAttribute(u"label"_s, xmlText(frame.title));
    vertex({}, QString(),
           u"rounded=1;arcSize=1;absoluteArcSize=1;whiteSpace=wrap;html=0;container=1;collapsible=0;"
           u"recursiveResize=0;verticalAlign=top;align=left;spacingLeft=6;fontStyle=1;fontSize=10;"
           u"fillColor=%1;strokeColor=%2;fontColor=%3;dashed=%4;"_s.arg(
               tint.name(), colour.name(), colour.darker(140).name(), frame.site >= 0 ? u"0"_s : u"1"_s),
           parent >= 0 ? frameId(parent) : u"1"_s, frame.rect,
           parent >= 0 ? m_page.frames[size_t(parent)].rect.topLeft() : QPointF());
    m_xml.writeEndElement();
}

void DiagramWriter::writeNode(int index)
{
    const PageNode& node = m_page.nodes[size_t(index)];
    const int parent = paperparts::enclosingFrame(m_page, node.box);
    m_xml.writeStartElement(u"object"_s);
    m_xml.writeAttribute(u"id"_s, nodeId(index));
    m_xml.writeAttribute(u"label"_s, xmlText(paperparts::nodeLines(node).join(u'\n')));
    data(u"name"_s, node.name);
    data(u"address"_s, node.address);
    data(u"zone"_s, node.zone);
    data(u"site"_s, node.site);
    data(u"roles"_s, node.roles);
    if (node.stub && node.stubPage > 0)
        data(u"drawnOnPage"_s, paperparts::stubPages(node));
    vertex({}, QString(),
           (node.stub ? u"rounded=1;arcSize=6;whiteSpace=wrap;html=0;fillColor=#f5f7f8;strokeColor=#90a4ae;"
                        u"fontColor=#546e7a;fontSize=9;dashed=1;"_s
                      : u"rounded=1;arcSize=6;whiteSpace=wrap;html=0;fillColor=#ffffff;strokeColor=#37474f;"
                        u"fontColor=#263238;fontSize=9;"_s) +
               iconStyle(node.iconKey),
           parent >= 0 ? frameId(parent) : u"1"_s, node.box,
           parent >= 0 ? m_page.frames[size_t(parent)].rect.topLeft() : QPointF());
    m_xml.writeEndElement();
}

void DiagramWriter::writeEdge(size_t index)
{
    const PageEdge& edge = m_page.edges[index];
    const bool glued = edge.from >= 0 && edge.to >= 0 && size_t(edge.from) < m_page.nodes.size() &&
                       size_t(edge.to) < m_page.nodes.size();
    if (!glued)
        return; // a line between no hosts: nothing a reader could attach it to
    const QRectF& from = m_page.nodes[size_t(edge.from)].box;
    const QRectF& to = m_page.nodes[size_t(edge.to)].box;
    QPolygonF route = edge.line;
    if (route.size() < 2)
        route = QPolygonF{from.center(), to.center()};
    const QColor colour = paperparts::edgeColour(edge);
    const QPointF exit = constraintOf(from, route.first()), entry = constraintOf(to, route.last());
    const QString style =
        u"edgeStyle=%1;rounded=0;html=0;endArrow=%2;endFill=1;startArrow=%3;startFill=1;strokeColor=%4;"
        u"strokeWidth=1.2;fontColor=%5;fontSize=8;labelBackgroundColor=#ffffff;"
        u"exitX=%6;exitY=%7;exitDx=0;exitDy=0;exitPerimeter=0;entryX=%8;entryY=%9;entryDx=0;entryDy=0;"
        u"entryPerimeter=0;"_s.arg(
            paperparts::isOrthogonal(route) ? u"orthogonalEdgeStyle"_s : u"none"_s,
            edge.toForward ? u"block"_s : u"none"_s, edge.toBackward ? u"block"_s : u"none"_s, colour.name(),
            colour.darker(130).name(), num(exit.x()), num(exit.y()), num(entry.x()), num(entry.y()));
    m_xml.writeStartElement(u"object"_s);
    m_xml.writeAttribute(u"id"_s, u"p%1-e%2"_s.arg(m_number).arg(index));
    m_xml.writeAttribute(u"label"_s, xmlText(paperparts::edgeText(edge)));
    data(u"ports"_s, edge.label);
    data(u"reference"_s, edge.reference);
    m_xml.writeStartElement(u"mxCell"_s);
    m_xml.writeAttribute(u"style"_s, style);
    m_xml.writeAttribute(u"edge"_s, u"1"_s);
    m_xml.writeAttribute(u"parent"_s, u"1"_s);
    m_xml.writeAttribute(u"source"_s, nodeId(edge.from));
    m_xml.writeAttribute(u"target"_s, nodeId(edge.to));
    m_xml.writeStartElement(u"mxGeometry"_s);
    m_xml.writeAttribute(u"relative"_s, u"1"_s);
    m_xml.writeAttribute(u"as"_s, u"geometry"_s);
    if (route.size() > 2) {
        m_xml.writeStartElement(u"Array"_s);
        m_xml.writeAttribute(u"as"_s, u"points"_s);
        for (qsizetype i = 1; i + 1 < route.size(); ++i) {
            m_xml.writeEmptyElement(u"mxPoint"_s);
            m_xml.writeAttribute(u"x"_s, num(route[i].x()));
            m_xml.writeAttribute(u"y"_s, num(route[i].y()));
        }
        m_xml.writeEndElement();
    }
    if (!edge.labelBox.isNull()) {
        // draw.io puts the label at the middle of the line; the offset moves it to the paper's place.
        const QPointF offset = edge.labelBox.center() - middleOf(route);
        m_xml.writeEmptyElement(u"mxPoint"_s);
        m_xml.writeAttribute(u"x"_s, num(offset.x()));
        m_xml.writeAttribute(u"y"_s, num(offset.y()));
        m_xml.writeAttribute(u"as"_s, u"offset"_s);
    }
    m_xml.writeEndElement(); // mxGeometry
    m_xml.writeEndElement(); // mxCell
    m_xml.writeEndElement(); // object
}

void DiagramWriter::writeExtras()
{
    for (const paperparts::TableCell& c : paperparts::tableCells(m_page))
        vertex(freeId(), c.text,
               u"rounded=0;whiteSpace=wrap;html=0;align=left;spacingLeft=3;fontSize=7;strokeColor=#cfd8dc;"
               u"fontColor=#263238;fillColor=%1;fontStyle=%2;"_s.arg(c.header ? u"#eceff1"_s : u"#ffffff"_s,
                                                                     c.header ? u"1"_s : u"0"_s),
               u"1"_s, c.box, QPointF());
    if (!m_page.titleBlock.isNull())
        vertex(freeId(), paperparts::titleBlockLines(m_set, m_page, m_number).join(u'\n'),
               u"rounded=0;whiteSpace=wrap;html=0;align=left;verticalAlign=middle;spacingLeft=6;fontSize=9;"
               u"strokeColor=#37474f;fillColor=#ffffff;fontColor=#263238;"_s,
               u"1"_s, m_page.titleBlock, QPointF());
    if (!m_page.legend.isNull()) {
        const QString legend = freeId();
        vertex(legend, QString(),
               u"rounded=0;whiteSpace=wrap;html=0;container=1;collapsible=0;recursiveResize=0;"
               u"strokeColor=#37474f;fillColor=#ffffff;"_s,
               u"1"_s, m_page.legend, QPointF());
        // The legend's rows, as every drawing has them (drawing/legend.h).
        for (const LegendRow& row : legendRows(m_page.legend)) {
            const QString colour = row.colour.name();
            switch (row.sample) {
            case LegendRow::Sample::Icon:
                // The icon and its text in one label, as the hosts carry theirs.
                vertex(freeId(), row.text,
                       u"html=0;strokeColor=none;fillColor=none;align=left;verticalAlign=middle;fontSize=8;"
                       u"fontColor=#263238;"_s +
                           iconStyle(row.icon, true),
                       legend, row.box, m_page.legend.topLeft());
                continue;
            case LegendRow::Sample::None:
                break;
            case LegendRow::Sample::Line:
            case LegendRow::Sample::DottedLine:
                vertex(freeId(), QString(),
                       u"shape=line;html=0;strokeWidth=%1;strokeColor=%2;dashed=%3;dashPattern=1 2;"_s.arg(
                           row.sample == LegendRow::Sample::Line ? u"1.6"_s : u"1.2"_s, colour,
                           row.sample == LegendRow::Sample::Line ? u"0"_s : u"1"_s),
                       legend, row.sampleBox(), m_page.legend.topLeft());
                break;
            case LegendRow::Sample::DashedBox:
                vertex(freeId(), QString(),
                       u"rounded=1;html=0;dashed=1;strokeWidth=0.8;strokeColor=%1;fillColor=#eceff1;"_s.arg(
                           colour),
                       legend, row.sampleBox(), m_page.legend.topLeft());
                break;
            }
            vertex(freeId(), row.text,
                   u"text;html=0;align=left;verticalAlign=middle;fontSize=8;fontColor=#263238;fontStyle=%1;"_s
                       .arg(row.heading ? u"1"_s : u"0"_s),
                   legend, row.textBox(), m_page.legend.topLeft());
        }
    }
}

} // namespace

namespace {

// Starts the file's root element (its start tag left open, as QXmlStreamWriter keeps it until the
// next token) and returns how long the text written into is then. Each page is written into a
// string of its own under such a root, on every core, so that it is indented as inside the file's
// root; what follows the start tag is the page.
qsizetype openRoot(QXmlStreamWriter& xml, const QString& text)
{
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(1);
    xml.writeStartElement(u"mxfile"_s);
    xml.writeAttribute(u"host"_s, u"Portolan"_s);
    xml.writeAttribute(u"agent"_s, u"Portolan " PORTOLAN_VERSION ""_s);
    xml.writeAttribute(u"type"_s, u"device"_s);
    xml.writeAttribute(u"compressed"_s, u"false"_s);
    return text.size();
}

} // namespace

bool writeDiagramSetDrawio(const DiagramSet& set, QIODevice& device, QString* error)
{
    // The start: the declaration as writeStartDocument() writes it to a device (to a string it leaves
    // out the encoding), and the root's start tag.
    QString head;
    QXmlStreamWriter root(&head);
    openRoot(root, head);
    root.writeCharacters(QString()); // closes the start tag
    bool ok = device.write(u"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"_s.toUtf8() +
                           head.trimmed().toUtf8()) >= 0;
    const size_t batch = 16;
    for (size_t from = 0; ok && from < set.pages.size(); from += batch) {
        const size_t to = std::min(set.pages.size(), from + batch);
        std::vector<QByteArray> pages(to - from);
        paperparts::inParallel(pages.size(), [&](size_t k) {
            QString text;
            QXmlStreamWriter xml(&text);
            const qsizetype start = openRoot(xml, text);
            DiagramWriter(xml, set, set.pages[from + k], int(from + k + 1)).write();
            // What follows the root's start tag: the page, indented as inside the file's root.
            pages[k] = QStringView(text).mid(start + 1).toUtf8();
        });
        for (size_t k = 0; ok && k < pages.size(); ++k)
            ok = device.write(pages[k]) == pages[k].size();
    }
    ok = ok && device.write("\n</mxfile>\n") >= 0;
    if (!ok) {
        if (error)
            *error = QCoreApplication::translate("DiagramSet", "cannot write the draw.io file: %1")
                         .arg(device.errorString());
        return false;
    }
    return true;
}

bool writeDiagramSetDrawio(const DiagramSet& set, const QString& path, QString* error,
                           const QStringList& inputs)
{
    return OutputFile::write(
        path,
        [&](QIODevice& device, QString* message) { return writeDiagramSetDrawio(set, device, message); },
        error, inputs);
}

} // namespace portolan
