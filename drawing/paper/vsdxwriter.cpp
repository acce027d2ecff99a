#include "drawing/paper/vsdxwriter.h"

#include "drawing/paper/diagramset.h"
#include "drawing/paper/paperparts.h"
#include "io/outputfile.h"

#include <QBuffer>
#include <QImage>
#include <QIODevice>
#include <QPainter>
#include <QSet>
#include <QSvgRenderer>
#include <QXmlStreamWriter>

#include <minizip/zip.h>
#include <zlib.h>

#include <cmath>
#include <functional>
#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

using paperparts::xmlText;

const QString kVisioNamespace = u"http://schemas.microsoft.com/office/visio/2012/main"_s;
const QString kRelationshipNamespace =
    u"http://schemas.openxmlformats.org/officeDocument/2006/relationships"_s;
const QString kPackageRelationships = u"http://schemas.openxmlformats.org/package/2006/relationships"_s;
const QString kTextColour = u"#263238"_s;
const QString kFont = u"Arial"_s;
const QString kGrey = u"#546e7a"_s;

// minizip writes through these into the QIODevice it is given (the OutputFile's temporary file).
voidpf ZCALLBACK zipOpenDevice(voidpf opaque, const void*, int)
{
    return opaque;
}
uLong ZCALLBACK zipReadDevice(voidpf, voidpf stream, void* buffer, uLong size)
{
    const qint64 n = static_cast<QIODevice*>(stream)->read(static_cast<char*>(buffer), qint64(size));
    return n < 0 ? 0 : uLong(n);
}
uLong ZCALLBACK zipWriteDevice(voidpf, voidpf stream, const void* buffer, uLong size)
{
    const qint64 n = static_cast<QIODevice*>(stream)->write(static_cast<const char*>(buffer), qint64(size));
    return n < 0 ? 0 : uLong(n);
}
ZPOS64_T ZCALLBACK zipTellDevice(voidpf, voidpf stream)
{
    return ZPOS64_T(static_cast<QIODevice*>(stream)->pos());
}
long ZCALLBACK zipSeekDevice(voidpf, voidpf stream, ZPOS64_T offset, int origin)
{
    auto* device = static_cast<QIODevice*>(stream);
    qint64 to = qint64(offset);
    if (origin == ZLIB_FILEFUNC_SEEK_CUR)
        to += device->pos();
    else if (origin == ZLIB_FILEFUNC_SEEK_END)
        to += device->size();
    return device->seek(to) ? 0 : -1;
}
int ZCALLBACK zipCloseDevice(voidpf, voidpf)
{
    return 0;
}
int ZCALLBACK zipErrorDevice(voidpf, voidpf)
{
    return 0;
}

// A number as Visio writes one: plain decimals, no exponent, no trailing zeros.
QString num(double value)
{
    return paperparts::decimal(value, 6, 1e-9);
}

// The document's style sheets beside style 0: what the shapes of one kind share (line, fill, text
// block, font), so that each shape writes only what differs from its kind. A table's cells are text
// alone in a style of their page's size; the table's fill and rules are three shapes under them.
struct Styles
{
    enum : int
    {
        Host = 1,
        Reference = 2,
        Line = 3,
        Table = 4,
        TableHeader = 5,
        FirstTableText = 6
    };
    // (font size in inches as written, bold) -> style ID, for every size the set's tables use.
    std::map<std::pair<QString, bool>, int> tableText;
    // A line's label colour (#rrggbb) -> the line style with that text colour, for every colour used.
    std::map<QString, int> lineText;

    static QString labelColour(const PageEdge& edge)
    {
        return paperparts::edgeColour(edge).darker(130).name();
    }
    int lineTextStyle(const PageEdge& edge) const
    {
        const auto it = lineText.find(labelColour(edge));
        return it == lineText.end() ? Line : it->second;
    }

    static qreal tableTextSize(const DiagramPage& page)
    {
        return std::min<qreal>(7, paperparts::tableRowHeight(page) * 0.6);
    }
    int tableTextStyle(const DiagramPage& page, bool bold) const
    {
        const auto it = tableText.find({num(tableTextSize(page) / 72.0), bold});
        return it == tableText.end() ? 0 : it->second;
    }
};

Styles stylesFor(const DiagramSet& set)
{
    Styles styles;
    std::set<QString> sizes;
    for (const DiagramPage& page : set.pages)
        if (!page.tableArea.isNull() && (!page.table.empty() || !page.tableHeader.isEmpty()))
            sizes.insert(num(Styles::tableTextSize(page) / 72.0));
    int id = Styles::FirstTableText;
    for (const QString& size : sizes)
        for (const bool bold : {false, true})
            styles.tableText[{size, bold}] = id++;
    std::set<QString> colours;
    for (const DiagramPage& page : set.pages)
        for (const PageEdge& edge : page.edges)
            colours.insert(Styles::labelColour(edge));
    for (const QString& colour : colours)
        styles.lineText[colour] = id++;
    return styles;
}

// The icons the set's hosts carry as the paper draws them (14 points at the box's top left), each
// once in the package (visio/media/iconN.png) whatever number of hosts show it; each page that
// shows one has a relationship to it, and a host with an icon is a group holding the picture.
struct Icons
{
    std::map<QString, int> number;               // icon key -> N, from 1
    std::vector<QByteArray> png;                 // icon N at N - 1
    static constexpr qreal kSize = 14, kPad = 4; // points, as the paper draws it
};

Icons iconsFor(const DiagramSet& set)
{
    std::set<QString> keys;
    for (const DiagramPage& page : set.pages)
        for (const PageNode& node : page.nodes)
            if (!node.iconKey.isEmpty())
                keys.insert(node.iconKey);
    Icons icons;
    for (const QString& key : keys) {
        QSvgRenderer svg(u":/icons/%1.svg"_s.arg(key));
        if (!svg.isValid())
            continue;
        // Four pixels a point: sharp when printed.
        QImage image(int(Icons::kSize * 4), int(Icons::kSize * 4), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        svg.render(&painter);
        painter.end();
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG"))
            continue;
        icons.png.push_back(png);
        icons.number[key] = int(icons.png.size());
    }
    return icons;
}

// One part of the package, written with QXmlStreamWriter into a string (much cheaper per token
// than through a device) and encoded once: parts are made on every core, then zipped in order.
class Part
{
public:
    Part() : m_text(u"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"_s), xml(&m_text)
    {
        // The declaration as writeStartDocument() writes it to a device (to a string it leaves out
        // the encoding, which the package's readers want).
    }
    QByteArray finish()
    {
        xml.writeEndDocument();
        return m_text.toUtf8();
    }
    // What is written so far, once it is a megabyte or more, as UTF-8 (empty: not yet). The writer
    // goes on appending to the emptied string.
    QByteArray takeWhole()
    {
        if (m_text.size() < (1 << 20))
            return {};
        QByteArray bytes = m_text.toUtf8();
        m_text.clear();
        return bytes;
    }

private:
    QString m_text;

public:
    QXmlStreamWriter xml;
};

class PageWriter
{
public:
    PageWriter(QXmlStreamWriter& xml, const DiagramSet& set, const Styles& styles, const Icons& icons,
               const DiagramPage& page, int number, QSizeF size)
        : m_xml(xml), m_set(set), m_styles(styles), m_icons(icons), m_page(page), m_number(number),
          m_height(size.height())
    {}
    // The page's relationships, once written: the icons it shows, rId1 the first shown.
    std::vector<std::pair<QString, QString>> relationships() const
    {
        std::vector<std::pair<QString, QString>> targets;
        for (const int icon : m_pageIcons)
            targets.emplace_back(
                u"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"_s,
                u"../media/icon%1.png"_s.arg(icon));
        return targets;
    }
    void write();
    // Called after each shape (a page of the whole large design is hundreds of megabytes of XML,
    // handed on as it grows).
    std::function<void()> afterShape = [] {
    };

private:
    double x(qreal points) const { return points / 72.0; }
    double y(qreal points) const { return (m_height - points) / 72.0; }
    static double in(qreal points) { return points / 72.0; }

    void cell(const QString& name, double value, const QString& formula = {}, const QString& unit = {})
    {
        m_xml.writeEmptyElement(u"Cell"_s);
        m_xml.writeAttribute(u"N"_s, name);
        m_xml.writeAttribute(u"V"_s, num(value));
        if (!unit.isEmpty())
            m_xml.writeAttribute(u"U"_s, unit);
        if (!formula.isEmpty())
            m_xml.writeAttribute(u"F"_s, formula);
    }
    void textCell(const QString& name, const QString& value, const QString& unit = {})
    {
        m_xml.writeEmptyElement(u"Cell"_s);
        m_xml.writeAttribute(u"N"_s, name);
        m_xml.writeAttribute(u"V"_s, value);
        if (!unit.isEmpty())
            m_xml.writeAttribute(u"U"_s, unit);
    }
    // A shape in a style: its line, fill and text as the style sheet has them, unless it says more.
    void startShape(int id, int style = 0, int textStyle = -1, const QString& type = u"Shape"_s)
    {
        const QString ref = QString::number(style);
        m_xml.writeStartElement(u"Shape"_s);
        m_xml.writeAttribute(u"ID"_s, QString::number(id));
        m_xml.writeAttribute(u"Type"_s, type);
        m_xml.writeAttribute(u"LineStyle"_s, ref);
        m_xml.writeAttribute(u"FillStyle"_s, ref);
        m_xml.writeAttribute(u"TextStyle"_s, textStyle < 0 ? ref : QString::number(textStyle));
    }
    // The 2-D box: pin at its centre, size, the outline of a rectangle.
    void box(const QRectF& r)
    {
        cell(u"PinX"_s, x(r.center().x()));
        cell(u"PinY"_s, y(r.center().y()));
        cell(u"Width"_s, in(r.width()));
        cell(u"Height"_s, in(r.height()));
        cell(u"LocPinX"_s, in(r.width()) / 2, u"Width*0.5"_s);
        cell(u"LocPinY"_s, in(r.height()) / 2, u"Height*0.5"_s);
    }
    void line(const QColor& colour, qreal weight, int pattern)
    {
        textCell(u"LineColor"_s, colour.name());
        cell(u"LineWeight"_s, in(weight), {}, u"PT"_s);
        cell(u"LinePattern"_s, pattern);
    }
    void fill(const QColor& colour)
    {
        if (!colour.isValid()) {
            cell(u"FillPattern"_s, 0);
            return;
        }
        textCell(u"FillForegnd"_s, colour.name());
        cell(u"FillPattern"_s, 1);
    }
    void textBlock(int verticalAlign, qreal margin)
    {
        cell(u"VerticalAlign"_s, verticalAlign);
        for (const char16_t* side : {u"LeftMargin", u"RightMargin", u"TopMargin", u"BottomMargin"})
            cell(QString::fromUtf16(side), in(margin), {}, u"PT"_s);
    }
    // Character rows: each (size in points, bold, colour); paragraph alignment 0 left, 1 centre.
    struct Run
    {
        qreal size;
        bool bold;
        QString colour;
    };
    void characters(std::initializer_list<Run> runs, int align)
    {
        m_xml.writeStartElement(u"Section"_s);
        m_xml.writeAttribute(u"N"_s, u"Character"_s);
        int ix = 0;
        for (const Run& run : runs) {
            m_xml.writeStartElement(u"Row"_s);
            m_xml.writeAttribute(u"IX"_s, QString::number(ix++));
            textCell(u"Font"_s, kFont);
            textCell(u"Color"_s, run.colour);
            cell(u"Style"_s, run.bold ? 1 : 0);
            cell(u"Size"_s, in(run.size), {}, u"PT"_s);
            m_xml.writeEndElement();
        }
        m_xml.writeEndElement();
        m_xml.writeStartElement(u"Section"_s);
        m_xml.writeAttribute(u"N"_s, u"Paragraph"_s);
        m_xml.writeStartElement(u"Row"_s);
        m_xml.writeAttribute(u"IX"_s, u"0"_s);
        cell(u"HorzAlign"_s, align);
        m_xml.writeEndElement();
        m_xml.writeEndElement();
    }
    // The outline of the shape's box in relative rows (fractions of its width and height), so it
    // follows the box when it is resized and is the same text for every box.
    void rectangleGeometry(bool noFill = false, int ix = 0)
    {
        m_xml.writeStartElement(u"Section"_s);
        m_xml.writeAttribute(u"N"_s, u"Geometry"_s);
        m_xml.writeAttribute(u"IX"_s, QString::number(ix));
        cell(u"NoFill"_s, noFill ? 1 : 0);
        const struct
        {
            const char16_t* type;
            int x, y;
        } rows[] = {{u"RelMoveTo", 0, 0},
                    {u"RelLineTo", 1, 0},
                    {u"RelLineTo", 1, 1},
                    {u"RelLineTo", 0, 1},
                    {u"RelLineTo", 0, 0}};
        int row = 1;
        for (const auto& r : rows)
            geometryRow(QString::fromUtf16(r.type), row++, r.x, r.y);
        m_xml.writeEndElement();
    }
    // One row of a geometry section: a move or line to (x, y).
    void geometryRow(const QString& type, qsizetype ix, qreal x, qreal y)
    {
        m_xml.writeStartElement(u"Row"_s);
        m_xml.writeAttribute(u"T"_s, type);
        m_xml.writeAttribute(u"IX"_s, QString::number(ix));
        cell(u"X"_s, x);
        cell(u"Y"_s, y);
        m_xml.writeEndElement();
    }
    // A straight line in the shape's own inches: a geometry section of its own.
    void segment(int ix, QPointF from, QPointF to)
    {
        m_xml.writeStartElement(u"Section"_s);
        m_xml.writeAttribute(u"N"_s, u"Geometry"_s);
        m_xml.writeAttribute(u"IX"_s, QString::number(ix));
        cell(u"NoFill"_s, 1);
        geometryRow(u"MoveTo"_s, 1, from.x(), from.y());
        geometryRow(u"LineTo"_s, 2, to.x(), to.y());
        m_xml.writeEndElement();
    }
    void property(const QString& row, const QString& label, const QString& value)
    {
        m_xml.writeStartElement(u"Row"_s);
        m_xml.writeAttribute(u"N"_s, row);
        textCell(u"Label"_s, label);
        textCell(u"Value"_s, xmlText(value), u"STR"_s); // Type: 0, a string, as by default
        m_xml.writeEndElement();
    }
    // Text in runs: each line starts the character row given with it.
    void text(const std::vector<std::pair<int, QString>>& lines)
    {
        m_xml.writeStartElement(u"Text"_s);
        // Text in character row 0 alone needs no mark.
        int current =
            std::all_of(lines.begin(), lines.end(), [](const auto& line) { return line.first == 0; }) ? 0
                                                                                                      : -1;
        for (size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].first != current) {
                current = lines[i].first;
                m_xml.writeEmptyElement(u"cp"_s);
                m_xml.writeAttribute(u"IX"_s, QString::number(current));
            }
            m_xml.writeCharacters(xmlText(lines[i].second) + (i + 1 < lines.size() ? u"\n"_s : QString()));
        }
        m_xml.writeEndElement();
    }
    QString dependsOn(int type, const std::vector<int>& sheets) const
    {
        QStringList refs;
        for (const int s : sheets)
            refs << u"Sheet.%1!SheetRef()"_s.arg(s);
        return u"DEPENDSON(%1,%2)"_s.arg(type).arg(refs.join(u','));
    }
    void relationships(int container, const std::vector<int>& members)
    {
        QStringList parts;
        if (!members.empty())
            parts << dependsOn(1, members);
        if (container > 0)
            parts << dependsOn(2, {container});
        if (!parts.isEmpty())
            cell(u"Relationships"_s, 0, u"SUM(%1)"_s.arg(parts.join(u',')));
    }

    void writeFrame(size_t index);
    void writeNode(size_t index);
    void writeEdge(size_t index);
    void writeTable();
    void writeTitleBlock();
    void writeLegend();
    void writeConnects();

    QXmlStreamWriter& m_xml;
    const DiagramSet& m_set;
    const Styles& m_styles;
    const Icons& m_icons;
    std::vector<int> m_pageIcons; // the icons' numbers in the order of the page's relationships
    const DiagramPage& m_page;
    int m_number;
    qreal m_height;
    int m_nextId = 1;
    std::vector<int> m_frameIds, m_nodeIds, m_edgeIds;
    std::vector<int> m_frameParent, m_nodeParent; // index of the enclosing frame, -1: none
    std::vector<std::vector<int>> m_frameMembers; // shape ids inside each frame
};

void PageWriter::write()
{
    const size_t frames = m_page.frames.size(), nodes = m_page.nodes.size();
    for (size_t i = 0; i < frames; ++i)
        m_frameIds.push_back(m_nextId++);
    for (size_t i = 0; i < nodes; ++i)
        m_nodeIds.push_back(m_nextId++);
    for (size_t i = 0; i < m_page.edges.size(); ++i)
        m_edgeIds.push_back(m_nextId++);
    m_frameMembers.resize(frames);
    for (size_t i = 0; i < frames; ++i) {
        m_frameParent.push_back(paperparts::enclosingFrame(m_page, m_page.frames[i].rect, int(i)));
        if (m_frameParent.back() >= 0)
            m_frameMembers[size_t(m_frameParent.back())].push_back(m_frameIds[i]);
    }
    for (size_t i = 0; i < nodes; ++i) {
        m_nodeParent.push_back(paperparts::enclosingFrame(m_page, m_page.nodes[i].box));
        if (m_nodeParent.back() >= 0)
            m_frameMembers[size_t(m_nodeParent.back())].push_back(m_nodeIds[i]);
    }

    m_xml.writeStartElement(u"PageContents"_s);
    m_xml.writeDefaultNamespace(kVisioNamespace);
    m_xml.writeNamespace(kRelationshipNamespace, u"r"_s);
    m_xml.writeAttribute(u"xml:space"_s, u"preserve"_s);
    m_xml.writeStartElement(u"Shapes"_s);
    // Back to front: frames, lines, hosts, then what is printed round them.
    for (size_t i = 0; i < frames; ++i) {
        writeFrame(i);
        afterShape();
    }
    for (size_t i = 0; i < m_page.edges.size(); ++i) {
        writeEdge(i);
        afterShape();
    }
    for (size_t i = 0; i < nodes; ++i) {
        writeNode(i);
        afterShape();
    }
    writeTable();
    writeTitleBlock();
    writeLegend();
    m_xml.writeEndElement(); // Shapes
    writeConnects();
    m_xml.writeEndElement(); // PageContents
}

void PageWriter::writeFrame(size_t index)
{
    const PageFrame& frame = m_page.frames[index];
    startShape(m_frameIds[index]);
    box(frame.rect);
    const QColor colour = paperparts::frameColour(frame);
    line(colour, 1.2, frame.site >= 0 ? 1 : 2);
    fill(paperparts::frameTint(colour));
    cell(u"Rounding"_s, in(4));
    textBlock(0, 4);
    relationships(m_frameParent[index] >= 0 ? m_frameIds[size_t(m_frameParent[index])] : 0,
                  m_frameMembers[index]);
    // A Visio container: its members move with it, and dropping a shape in adds it.
    m_xml.writeStartElement(u"Section"_s);
    m_xml.writeAttribute(u"N"_s, u"User"_s);
    m_xml.writeStartElement(u"Row"_s);
    m_xml.writeAttribute(u"N"_s, u"msvStructureType"_s);
    textCell(u"Value"_s, u"Container"_s, u"STR"_s);
    m_xml.writeEndElement();
    m_xml.writeStartElement(u"Row"_s);
    m_xml.writeAttribute(u"N"_s, u"msvSDContainerMargin"_s);
    cell(u"Value"_s, in(8), {}, u"PT"_s);
    m_xml.writeEndElement();
    m_xml.writeStartElement(u"Row"_s);
    m_xml.writeAttribute(u"N"_s, u"msvSDContainerResize"_s);
    cell(u"Value"_s, 0);
    m_xml.writeEndElement();
    m_xml.writeEndElement();
    characters({{9, true, colour.darker(140).name()}}, 0);
    rectangleGeometry();
    text({{0, frame.title}});
    m_xml.writeEndElement();
}

void PageWriter::writeNode(size_t index)
{
    const PageNode& node = m_page.nodes[index];
    // Line, fill, corners, margins, the name's font and the centred paragraph: the style's.
    const auto icon = m_icons.number.find(node.iconKey);
    const bool hasIcon = icon != m_icons.number.end();
    startShape(m_nodeIds[index], node.stub ? Styles::Reference : Styles::Host, -1,
               hasIcon ? u"Group"_s : u"Shape"_s);
    box(node.box);
    if (hasIcon) // the text beside the icon, as on paper
        cell(u"LeftMargin"_s, in(Icons::kPad * 2 + Icons::kSize), {}, u"PT"_s);
    if (m_nodeParent[index] >= 0)
        relationships(m_frameIds[size_t(m_nodeParent[index])], {});
    // The address and roles in the second character row.
    m_xml.writeStartElement(u"Section"_s);
    m_xml.writeAttribute(u"N"_s, u"Character"_s);
    m_xml.writeStartElement(u"Row"_s);
    m_xml.writeAttribute(u"IX"_s, u"0"_s);
    textCell(u"Font"_s, kFont);
    m_xml.writeEndElement();
    m_xml.writeStartElement(u"Row"_s);
    m_xml.writeAttribute(u"IX"_s, u"1"_s);
    textCell(u"Font"_s, kFont);
    textCell(u"Color"_s, kGrey);
    cell(u"Style"_s, 0);
    cell(u"Size"_s, in(6.5), {}, u"PT"_s);
    m_xml.writeEndElement();
    m_xml.writeEndElement();
    m_xml.writeStartElement(u"Section"_s);
    m_xml.writeAttribute(u"N"_s, u"Property"_s);
    property(u"Name"_s, u"Name"_s, node.name);
    property(u"Address"_s, u"Address"_s, node.address);
    property(u"Zone"_s, u"Zone"_s, node.zone);
    property(u"Site"_s, u"Site"_s, node.site);
    property(u"Roles"_s, u"Roles"_s, node.roles);
    if (node.stub)
        property(u"DrawnOnPage"_s, u"Drawn on page"_s, paperparts::stubPages(node));
    m_xml.writeEndElement();
    rectangleGeometry();
    std::vector<std::pair<int, QString>> lines;
    const QStringList all = paperparts::nodeLines(node);
    for (qsizetype i = 0; i < all.size(); ++i)
        lines.emplace_back(i == 0 ? 0 : 1, all[i]);
    text(lines);
    if (hasIcon) {
        // The picture, in the group's own inches (from its bottom left): moves and sizes with it.
        const auto at = std::find(m_pageIcons.begin(), m_pageIcons.end(), icon->second);
        const qsizetype rel = at - m_pageIcons.begin() + 1;
        if (at == m_pageIcons.end())
            m_pageIcons.push_back(icon->second);
        m_xml.writeStartElement(u"Shapes"_s);
        startShape(m_nextId++, 0, -1, u"Foreign"_s);
        const double side = in(Icons::kSize);
        cell(u"PinX"_s, in(Icons::kPad) + side / 2);
        cell(u"PinY"_s, in(node.box.height() - Icons::kPad) - side / 2);
        cell(u"Width"_s, side);
        cell(u"Height"_s, side);
        cell(u"LocPinX"_s, side / 2, u"Width*0.5"_s);
        cell(u"LocPinY"_s, side / 2, u"Height*0.5"_s);
        cell(u"ImgOffsetX"_s, 0, u"ImgWidth*0"_s);
        cell(u"ImgOffsetY"_s, 0, u"ImgHeight*0"_s);
        cell(u"ImgWidth"_s, side, u"Width*1"_s);
        cell(u"ImgHeight"_s, side, u"Height*1"_s);
        cell(u"LinePattern"_s, 0);
        cell(u"FillPattern"_s, 0);
        m_xml.writeStartElement(u"ForeignData"_s);
        m_xml.writeAttribute(u"ForeignType"_s, u"Bitmap"_s);
        m_xml.writeAttribute(u"CompressionType"_s, u"PNG"_s);
        m_xml.writeEmptyElement(u"Rel"_s);
        m_xml.writeAttribute(kRelationshipNamespace, u"id"_s, u"rId%1"_s.arg(rel));
        m_xml.writeEndElement(); // ForeignData
        m_xml.writeEndElement(); // Shape
        m_xml.writeEndElement(); // Shapes
    }
    m_xml.writeEndElement();
}

void PageWriter::writeEdge(size_t index)
{
    const PageEdge& edge = m_page.edges[index];
    const bool glued = edge.from >= 0 && edge.to >= 0 && size_t(edge.from) < m_page.nodes.size() &&
                       size_t(edge.to) < m_page.nodes.size();
    QPolygonF route = edge.line;
    if (route.size() < 2 && glued)
        route = QPolygonF{m_page.nodes[size_t(edge.from)].box.center(),
                          m_page.nodes[size_t(edge.to)].box.center()};
    if (route.size() < 2)
        return;
    const double bx = x(route.first().x()), by = y(route.first().y());
    const double ex = x(route.last().x()), ey = y(route.last().y());
    startShape(m_edgeIds[index], Styles::Line, m_styles.lineTextStyle(edge));
    // A dynamic connector: its ends follow the shapes they are glued to (Connects below).
    const QString walk = u"_WALKGLUE(BegTrigger,EndTrigger,WalkPreference)"_s;
    cell(u"PinX"_s, (bx + ex) / 2, u"GUARD((BeginX+EndX)/2)"_s);
    cell(u"PinY"_s, (by + ey) / 2, u"GUARD((BeginY+EndY)/2)"_s);
    cell(u"Width"_s, ex - bx, u"GUARD(EndX-BeginX)"_s);
    cell(u"Height"_s, ey - by, u"GUARD(EndY-BeginY)"_s);
    cell(u"LocPinX"_s, (ex - bx) / 2, u"GUARD(Width*0.5)"_s);
    cell(u"LocPinY"_s, (ey - by) / 2, u"GUARD(Height*0.5)"_s);
    cell(u"BeginX"_s, bx, glued ? walk : QString());
    cell(u"BeginY"_s, by, glued ? walk : QString());
    cell(u"EndX"_s, ex, glued ? walk : QString());
    cell(u"EndY"_s, ey, glued ? walk : QString());
    if (glued) {
        cell(u"BegTrigger"_s, 2, u"_XFTRIGGER(Sheet.%1!EventXFMod)"_s.arg(m_nodeIds[size_t(edge.from)]));
        cell(u"EndTrigger"_s, 2, u"_XFTRIGGER(Sheet.%1!EventXFMod)"_s.arg(m_nodeIds[size_t(edge.to)]));
    }
    cell(u"ObjType"_s, 2);
    cell(u"ShapeRouteStyle"_s, paperparts::isOrthogonal(route) ? 1 : 2);
    // Weight, arrow sizes, the label's font and colour, margins and white ground: the styles'.
    const QColor colour = paperparts::edgeColour(edge);
    textCell(u"LineColor"_s, colour.name());
    cell(u"BeginArrow"_s, edge.toBackward ? 4 : 0);
    cell(u"EndArrow"_s, edge.toForward ? 4 : 0);
    const QString shown = paperparts::edgeText(edge);
    const QPointF labelCentre =
        edge.labelBox.isNull()
            ? route[route.size() / 2 - (route.size() % 2 == 0 ? 1 : 0)] * 0.5 + route[route.size() / 2] * 0.5
            : edge.labelBox.center();
    // Room to spare across: Visio wraps a text wider than its block, and its fonts are not Qt's.
    const QSizeF labelSize = edge.labelBox.isNull()
                                 ? QSizeF(shown.size() * 4.2 + 10, 14)
                                 : QSizeF(edge.labelBox.width() * 1.25 + 6, edge.labelBox.height());
    cell(u"TxtPinX"_s, x(labelCentre.x()) - bx);
    cell(u"TxtPinY"_s, y(labelCentre.y()) - by);
    cell(u"TxtWidth"_s, in(labelSize.width()));
    cell(u"TxtHeight"_s, in(labelSize.height()));
    cell(u"TxtLocPinX"_s, in(labelSize.width()) / 2, u"TxtWidth*0.5"_s);
    cell(u"TxtLocPinY"_s, in(labelSize.height()) / 2, u"TxtHeight*0.5"_s);
    textCell(u"TextBkgnd"_s, u"#ffffff"_s); // LibreOffice takes it from the shape, not the style
    m_xml.writeStartElement(u"Section"_s);
    m_xml.writeAttribute(u"N"_s, u"Property"_s);
    property(u"Ports"_s, u"Ports"_s, edge.label);
    if (!edge.reference.isEmpty())
        property(u"Reference"_s, u"Reference"_s, edge.reference);
    // Its ends are the shapes it is glued to (Connects), as in draw.io: no From and To rows.
    m_xml.writeEndElement();
    // The route in the connector's own coordinates: from its begin point.
    m_xml.writeStartElement(u"Section"_s);
    m_xml.writeAttribute(u"N"_s, u"Geometry"_s);
    m_xml.writeAttribute(u"IX"_s, u"0"_s);
    cell(u"NoFill"_s, 1);
    for (qsizetype i = 0; i < route.size(); ++i)
        geometryRow(i == 0 ? u"MoveTo"_s : u"LineTo"_s, i + 1, x(route[i].x()) - bx, y(route[i].y()) - by);
    m_xml.writeEndElement();
    if (!shown.isEmpty())
        text({{0, shown}});
    m_xml.writeEndElement();
}

void PageWriter::writeTable()
{
    const std::vector<paperparts::TableCell> cells = paperparts::tableCells(m_page);
    if (cells.empty())
        return;
    // Under the text: the table's white ground, the header's grey, then every rule between rows and
    // columns (one shape of lines), in the table style.
    QRectF area, header;
    std::vector<qreal> columns, rows;
    for (const paperparts::TableCell& c : cells) {
        area |= c.box;
        if (c.header)
            header |= c.box;
        if (&c == &cells.front() || c.box.left() > columns.back())
            columns.push_back(c.box.left());
        if (rows.empty() || c.box.top() > rows.back())
            rows.push_back(c.box.top());
    }
    startShape(m_nextId++, Styles::Table);
    box(area);
    cell(u"LinePattern"_s, 0);
    rectangleGeometry();
    m_xml.writeEndElement();
    if (!header.isNull()) {
        startShape(m_nextId++, Styles::TableHeader);
        box(header);
        cell(u"LinePattern"_s, 0);
        rectangleGeometry();
        m_xml.writeEndElement();
    }
    startShape(m_nextId++, Styles::Table);
    box(area);
    rectangleGeometry(true);
    int ix = 1;
    const qreal top = in(area.height()), right = in(area.width());
    for (size_t i = 1; i < rows.size(); ++i) {
        const qreal at = top - in(rows[i] - area.top());
        segment(ix++, {0, at}, {right, at});
        afterShape();
    }
    for (size_t i = 1; i < columns.size(); ++i) {
        const qreal at = in(columns[i] - area.left());
        segment(ix++, {at, 0}, {at, top});
    }
    m_xml.writeEndElement();
    afterShape();
    // Each cell's text: a box with no outline of its own, its font the style of the page's size.
    const int body = m_styles.tableTextStyle(m_page, false), bold = m_styles.tableTextStyle(m_page, true);
    for (const paperparts::TableCell& c : cells) {
        if (c.text.isEmpty())
            continue;
        startShape(m_nextId++, Styles::Table, c.header ? bold : body);
        box(c.box);
        text({{0, c.text}});
        m_xml.writeEndElement();
        afterShape();
    }
}

void PageWriter::writeTitleBlock()
{
    if (m_page.titleBlock.isNull())
        return;
    startShape(m_nextId++);
    box(m_page.titleBlock);
    line(QColor(0x37, 0x47, 0x4f), 1, 1);
    fill(Qt::white);
    textBlock(1, 6);
    characters({{11, true, kTextColour}, {8, false, kTextColour}}, 0);
    rectangleGeometry();
    std::vector<std::pair<int, QString>> lines;
    const QStringList all = paperparts::titleBlockLines(m_set, m_page, m_number);
    for (qsizetype i = 0; i < all.size(); ++i)
        lines.emplace_back(i == 0 ? 0 : 1, all[i]);
    text(lines);
    m_xml.writeEndElement();
}

void PageWriter::writeLegend()
{
    if (m_page.legend.isNull())
        return;
    startShape(m_nextId++);
    box(m_page.legend);
    line(QColor(0x37, 0x47, 0x4f), 1, 1);
    fill(Qt::white);
    rectangleGeometry();
    m_xml.writeEndElement();
    const std::vector<paperparts::LegendItem> items = paperparts::legendItems(m_page.legend);
    for (const paperparts::LegendItem& item : items) {
        startShape(m_nextId++);
        box(item.box);
        if (item.colour.isValid()) {
            // A sample of the line: a stroke across the middle of its box.
            line(item.colour, 1.6, item.dotted ? 3 : 1);
            m_xml.writeStartElement(u"Section"_s);
            m_xml.writeAttribute(u"N"_s, u"Geometry"_s);
            m_xml.writeAttribute(u"IX"_s, u"0"_s);
            cell(u"NoFill"_s, 1);
            m_xml.writeStartElement(u"Row"_s);
            m_xml.writeAttribute(u"T"_s, u"MoveTo"_s);
            m_xml.writeAttribute(u"IX"_s, u"1"_s);
            cell(u"X"_s, 0);
            cell(u"Y"_s, in(item.box.height()) / 2, u"Height*0.5"_s);
            m_xml.writeEndElement();
            m_xml.writeStartElement(u"Row"_s);
            m_xml.writeAttribute(u"T"_s, u"LineTo"_s);
            m_xml.writeAttribute(u"IX"_s, u"2"_s);
            cell(u"X"_s, in(item.box.width()), u"Width*1"_s);
            cell(u"Y"_s, in(item.box.height()) / 2, u"Height*0.5"_s);
            m_xml.writeEndElement();
            m_xml.writeEndElement();
        } else {
            cell(u"LinePattern"_s, 0);
            fill(QColor());
            textBlock(1, 0);
            characters({{7, &item == &items.front(), kTextColour}}, 0);
            text({{0, item.text}});
        }
        m_xml.writeEndElement();
    }
}

void PageWriter::writeConnects()
{
    m_xml.writeStartElement(u"Connects"_s);
    for (size_t i = 0; i < m_page.edges.size(); ++i) {
        const PageEdge& edge = m_page.edges[i];
        if (edge.from < 0 || edge.to < 0 || size_t(edge.from) >= m_page.nodes.size() ||
            size_t(edge.to) >= m_page.nodes.size())
            continue;
        // Dynamic glue (ToPart 3, the shape as a whole): Visio picks the point on the outline.
        const struct
        {
            const char16_t* cell;
            const char16_t* part;
            int node;
        } ends[] = {{u"BeginX", u"9", edge.from}, {u"EndX", u"12", edge.to}};
        for (const auto& end : ends) {
            m_xml.writeEmptyElement(u"Connect"_s);
            m_xml.writeAttribute(u"FromSheet"_s, QString::number(m_edgeIds[i]));
            m_xml.writeAttribute(u"FromCell"_s, QString::fromUtf16(end.cell));
            m_xml.writeAttribute(u"FromPart"_s, QString::fromUtf16(end.part));
            m_xml.writeAttribute(u"ToSheet"_s, QString::number(m_nodeIds[size_t(end.node)]));
            m_xml.writeAttribute(u"ToCell"_s, u"PinX"_s);
            m_xml.writeAttribute(u"ToPart"_s, u"3"_s);
        }
    }
    m_xml.writeEndElement();
}

QByteArray relationshipsPart(const std::vector<std::pair<QString, QString>>& targets)
{
    Part part;
    part.xml.writeStartElement(u"Relationships"_s);
    part.xml.writeDefaultNamespace(kPackageRelationships);
    int id = 1;
    for (const auto& [type, target] : targets) {
        part.xml.writeEmptyElement(u"Relationship"_s);
        part.xml.writeAttribute(u"Id"_s, u"rId%1"_s.arg(id++));
        part.xml.writeAttribute(u"Type"_s, type);
        part.xml.writeAttribute(u"Target"_s, target);
    }
    part.xml.writeEndElement();
    return part.finish();
}

QByteArray contentTypesPart(size_t pages, bool pictures)
{
    Part part;
    part.xml.writeStartElement(u"Types"_s);
    part.xml.writeDefaultNamespace(u"http://schemas.openxmlformats.org/package/2006/content-types"_s);
    const auto byDefault = [&](const QString& extension, const QString& type) {
        part.xml.writeEmptyElement(u"Default"_s);
        part.xml.writeAttribute(u"Extension"_s, extension);
        part.xml.writeAttribute(u"ContentType"_s, type);
    };
    const auto byName = [&](const QString& name, const QString& type) {
        part.xml.writeEmptyElement(u"Override"_s);
        part.xml.writeAttribute(u"PartName"_s, name);
        part.xml.writeAttribute(u"ContentType"_s, type);
    };
    byDefault(u"rels"_s, u"application/vnd.openxmlformats-package.relationships+xml"_s);
    byDefault(u"xml"_s, u"application/xml"_s);
    if (pictures)
        byDefault(u"png"_s, u"image/png"_s);
    byName(u"/visio/document.xml"_s, u"application/vnd.ms-visio.drawing.main+xml"_s);
    byName(u"/visio/pages/pages.xml"_s, u"application/vnd.ms-visio.pages+xml"_s);
    for (size_t i = 1; i <= pages; ++i)
        byName(u"/visio/pages/page%1.xml"_s.arg(i), u"application/vnd.ms-visio.page+xml"_s);
    byName(u"/docProps/core.xml"_s, u"application/vnd.openxmlformats-package.core-properties+xml"_s);
    byName(u"/docProps/app.xml"_s,
           u"application/vnd.openxmlformats-officedocument.extended-properties+xml"_s);
    part.xml.writeEndElement();
    return part.finish();
}

QByteArray corePart(const DiagramSet& set)
{
    Part part;
    auto& xml = part.xml;
    const QString cp = u"http://schemas.openxmlformats.org/package/2006/metadata/core-properties"_s;
    const QString dc = u"http://purl.org/dc/elements/1.1/"_s;
    xml.writeNamespace(cp, u"cp"_s);
    xml.writeNamespace(dc, u"dc"_s);
    xml.writeStartElement(cp, u"coreProperties"_s);
    xml.writeTextElement(dc, u"title"_s, xmlText(set.designName));
    if (!set.author.isEmpty())
        xml.writeTextElement(dc, u"creator"_s, xmlText(set.author));
    xml.writeEndElement();
    return part.finish();
}

QByteArray appPart()
{
    Part part;
    part.xml.writeStartElement(u"Properties"_s);
    part.xml.writeDefaultNamespace(
        u"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"_s);
    part.xml.writeTextElement(u"Application"_s, u"Portolan " PORTOLAN_VERSION ""_s);
    part.xml.writeEndElement();
    return part.finish();
}

// The document part: settings, colours, the font and style 0 that every shape refers to.
QByteArray documentPart(const Styles& styles)
{
    Part part;
    auto& xml = part.xml;
    xml.writeStartElement(u"VisioDocument"_s);
    xml.writeDefaultNamespace(kVisioNamespace);
    xml.writeNamespace(kRelationshipNamespace, u"r"_s);
    xml.writeAttribute(u"xml:space"_s, u"preserve"_s);
    xml.writeStartElement(u"DocumentSettings"_s);
    for (const char16_t* a :
         {u"TopPage", u"DefaultTextStyle", u"DefaultLineStyle", u"DefaultFillStyle", u"DefaultGuideStyle"})
        xml.writeAttribute(QString::fromUtf16(a), u"0"_s);
    xml.writeTextElement(u"GlueSettings"_s, u"9"_s);
    xml.writeTextElement(u"SnapSettings"_s, u"65847"_s);
    xml.writeTextElement(u"SnapExtensions"_s, u"34"_s);
    xml.writeTextElement(u"DynamicGridEnabled"_s, u"0"_s);
    xml.writeTextElement(u"ProtectStyles"_s, u"0"_s);
    xml.writeTextElement(u"ProtectShapes"_s, u"0"_s);
    xml.writeTextElement(u"ProtectMasters"_s, u"0"_s);
    xml.writeTextElement(u"ProtectBkgnds"_s, u"0"_s);
    xml.writeEndElement();
    xml.writeStartElement(u"Colors"_s);
    int ix = 0;
    for (const char16_t* rgb : {u"#000000", u"#FFFFFF"}) {
        xml.writeEmptyElement(u"ColorEntry"_s);
        xml.writeAttribute(u"IX"_s, QString::number(ix++));
        xml.writeAttribute(u"RGB"_s, QString::fromUtf16(rgb));
    }
    xml.writeEndElement();
    xml.writeStartElement(u"FaceNames"_s);
    xml.writeEmptyElement(u"FaceName"_s);
    xml.writeAttribute(u"NameU"_s, kFont);
    xml.writeEndElement();
    xml.writeStartElement(u"StyleSheets"_s);
    xml.writeStartElement(u"StyleSheet"_s);
    xml.writeAttribute(u"ID"_s, u"0"_s);
    xml.writeAttribute(u"NameU"_s, u"No Style"_s);
    xml.writeAttribute(u"Name"_s, u"No Style"_s);
    const auto styleCell = [&](const QString& name, const QString& value, const QString& unit = {}) {
        xml.writeEmptyElement(u"Cell"_s);
        xml.writeAttribute(u"N"_s, name);
        xml.writeAttribute(u"V"_s, value);
        if (!unit.isEmpty())
            xml.writeAttribute(u"U"_s, unit);
    };
    const std::pair<const char16_t*, const char16_t*> cells[] = {{u"EnableLineProps", u"1"},
                                                                 {u"EnableFillProps", u"1"},
                                                                 {u"EnableTextProps", u"1"},
                                                                 {u"HideForApply", u"0"},
                                                                 {u"LineWeight", u"0.01388888888888889"},
                                                                 {u"LineColor", u"0"},
                                                                 {u"LinePattern", u"1"},
                                                                 {u"Rounding", u"0"},
                                                                 {u"EndArrowSize", u"2"},
                                                                 {u"BeginArrow", u"0"},
                                                                 {u"EndArrow", u"0"},
                                                                 {u"LineCap", u"0"},
                                                                 {u"BeginArrowSize", u"2"},
                                                                 {u"LineColorTrans", u"0"},
                                                                 {u"FillForegnd", u"1"},
                                                                 {u"FillBkgnd", u"0"},
                                                                 {u"FillPattern", u"1"},
                                                                 {u"ShdwForegnd", u"0"},
                                                                 {u"ShdwPattern", u"0"},
                                                                 {u"FillForegndTrans", u"0"},
                                                                 {u"FillBkgndTrans", u"0"},
                                                                 {u"LeftMargin", u"0.05555555555555555"},
                                                                 {u"RightMargin", u"0.05555555555555555"},
                                                                 {u"TopMargin", u"0.05555555555555555"},
                                                                 {u"BottomMargin", u"0.05555555555555555"},
                                                                 {u"VerticalAlign", u"1"},
                                                                 {u"TextBkgnd", u"0"},
                                                                 {u"DefaultTabStop", u"0.5"},
                                                                 {u"TextDirection", u"0"},
                                                                 {u"TextBkgndTrans", u"0"},
                                                                 {u"NoObjHandles", u"0"},
                                                                 {u"NonPrinting", u"0"},
                                                                 {u"NoCtlHandles", u"0"},
                                                                 {u"NoAlignBox", u"0"},
                                                                 {u"UpdateAlignBox", u"0"},
                                                                 {u"HideText", u"0"},
                                                                 {u"DynFeedback", u"0"},
                                                                 {u"GlueType", u"0"},
                                                                 {u"WalkPreference", u"0"},
                                                                 {u"BegTrigger", u"0"},
                                                                 {u"EndTrigger", u"0"},
                                                                 {u"ObjType", u"0"},
                                                                 {u"Comment", u""},
                                                                 {u"IsDropSource", u"0"},
                                                                 {u"NoLiveDynamics", u"0"},
                                                                 {u"LocalizeMerge", u"0"},
                                                                 {u"ConFixedCode", u"0"},
                                                                 {u"ConLineJumpCode", u"0"},
                                                                 {u"ConLineJumpStyle", u"0"},
                                                                 {u"ConLineJumpDirX", u"0"},
                                                                 {u"ConLineJumpDirY", u"0"},
                                                                 {u"ShapePlowCode", u"0"},
                                                                 {u"ShapeRouteStyle", u"0"},
                                                                 {u"ShapeSplit", u"0"},
                                                                 {u"ShapeSplittable", u"0"}};
    for (const auto& [name, value] : cells)
        styleCell(QString::fromUtf16(name), QString::fromUtf16(value));
    xml.writeStartElement(u"Section"_s);
    xml.writeAttribute(u"N"_s, u"Character"_s);
    xml.writeStartElement(u"Row"_s);
    xml.writeAttribute(u"IX"_s, u"0"_s);
    styleCell(u"Font"_s, kFont);
    styleCell(u"Color"_s, u"0"_s);
    styleCell(u"Style"_s, u"0"_s);
    styleCell(u"Size"_s, u"0.1111111111111111"_s, u"PT"_s);
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeStartElement(u"Section"_s);
    xml.writeAttribute(u"N"_s, u"Paragraph"_s);
    xml.writeStartElement(u"Row"_s);
    xml.writeAttribute(u"IX"_s, u"0"_s);
    styleCell(u"HorzAlign"_s, u"1"_s);
    styleCell(u"SpLine"_s, u"-1.2"_s);
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndElement(); // StyleSheet
    // The styles of each kind of shape, on style 0. Sizes in inches, as the cells have them.
    struct Text
    {
        qreal size; // points
        bool bold;
        QString colour;
        int align; // 0 left, 1 centre
        int verticalAlign;
        qreal margin; // points
    };
    const auto style = [&](int id, const QString& name, const QString& lineColour, qreal weight, int pattern,
                           qreal rounding, const QString& fillColour, const Text& text,
                           const QString& textGround = {}) {
        xml.writeStartElement(u"StyleSheet"_s);
        xml.writeAttribute(u"ID"_s, QString::number(id));
        xml.writeAttribute(u"NameU"_s, name);
        xml.writeAttribute(u"Name"_s, name);
        xml.writeAttribute(u"LineStyle"_s, u"0"_s);
        xml.writeAttribute(u"FillStyle"_s, u"0"_s);
        xml.writeAttribute(u"TextStyle"_s, u"0"_s);
        styleCell(u"EnableLineProps"_s, u"1"_s);
        styleCell(u"EnableFillProps"_s, u"1"_s);
        styleCell(u"EnableTextProps"_s, u"1"_s);
        styleCell(u"LineColor"_s, lineColour);
        styleCell(u"LineWeight"_s, num(weight / 72), u"PT"_s);
        styleCell(u"LinePattern"_s, QString::number(pattern));
        styleCell(u"Rounding"_s, num(rounding / 72), u"PT"_s);
        styleCell(u"BeginArrowSize"_s, u"1"_s);
        styleCell(u"EndArrowSize"_s, u"1"_s);
        styleCell(u"FillForegnd"_s, fillColour.isEmpty() ? u"#ffffff"_s : fillColour);
        styleCell(u"FillPattern"_s, fillColour.isEmpty() ? u"0"_s : u"1"_s);
        for (const char16_t* side : {u"LeftMargin", u"RightMargin", u"TopMargin", u"BottomMargin"})
            styleCell(QString::fromUtf16(side), num(text.margin / 72), u"PT"_s);
        styleCell(u"VerticalAlign"_s, QString::number(text.verticalAlign));
        if (!textGround.isEmpty())
            styleCell(u"TextBkgnd"_s, textGround);
        xml.writeStartElement(u"Section"_s);
        xml.writeAttribute(u"N"_s, u"Character"_s);
        xml.writeStartElement(u"Row"_s);
        xml.writeAttribute(u"IX"_s, u"0"_s);
        styleCell(u"Font"_s, kFont);
        styleCell(u"Color"_s, text.colour);
        styleCell(u"Style"_s, text.bold ? u"1"_s : u"0"_s);
        styleCell(u"Size"_s, num(text.size / 72), u"PT"_s);
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement(u"Section"_s);
        xml.writeAttribute(u"N"_s, u"Paragraph"_s);
        xml.writeStartElement(u"Row"_s);
        xml.writeAttribute(u"IX"_s, u"0"_s);
        styleCell(u"HorzAlign"_s, QString::number(text.align));
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeEndElement(); // StyleSheet
    };
    style(Styles::Host, u"Portolan host"_s, u"#37474f"_s, 1, 1, 3, u"#ffffff"_s,
          {8, true, kTextColour, 1, 1, 3});
    style(Styles::Reference, u"Portolan reference"_s, u"#90a4ae"_s, 0.8, 2, 3, u"#f5f7f8"_s,
          {8, true, kGrey, 1, 1, 3});
    style(Styles::Line, u"Portolan line"_s, u"#37474f"_s, 1.2, 1, 0, {}, {7, false, kTextColour, 1, 1, 1},
          u"#ffffff"_s);
    style(Styles::Table, u"Portolan table"_s, u"#cfd8dc"_s, 0.5, 1, 0, u"#ffffff"_s,
          {7, false, kTextColour, 0, 1, 2});
    style(Styles::TableHeader, u"Portolan table header"_s, u"#cfd8dc"_s, 0.5, 1, 0, u"#eceff1"_s,
          {7, true, kTextColour, 0, 1, 2});
    for (const auto& [colour, id] : styles.lineText)
        style(id, u"Portolan line text %1"_s.arg(colour), u"#37474f"_s, 1.2, 1, 0, {},
              {7, false, colour, 1, 1, 1}, u"#ffffff"_s);
    for (const auto& [key, id] : styles.tableText)
        style(id, u"Portolan table text %1 in%2"_s.arg(key.first, key.second ? u" bold"_s : QString()),
              u"#cfd8dc"_s, 0.5, 1, 0, u"#ffffff"_s,
              {key.first.toDouble() * 72, key.second, kTextColour, 0, 1, 2});
    xml.writeEndElement(); // StyleSheets
    xml.writeEndElement(); // VisioDocument
    return part.finish();
}

// Page names are unique in a Visio document: a repeated title gets its number.
QStringList pageNames(const DiagramSet& set)
{
    QStringList names;
    QSet<QString> used;
    for (size_t i = 0; i < set.pages.size(); ++i) {
        QString name = xmlText(set.pages[i].title).simplified();
        if (name.isEmpty())
            name = u"Page %1"_s.arg(i + 1);
        name.truncate(120);
        if (used.contains(name.toCaseFolded()))
            name += u" (%1)"_s.arg(i + 1);
        used.insert(name.toCaseFolded());
        names << name;
    }
    return names;
}

QByteArray pagesPart(const DiagramSet& set, const QStringList& names)
{
    Part part;
    auto& xml = part.xml;
    xml.writeStartElement(u"Pages"_s);
    xml.writeDefaultNamespace(kVisioNamespace);
    xml.writeNamespace(kRelationshipNamespace, u"r"_s);
    xml.writeAttribute(u"xml:space"_s, u"preserve"_s);
    for (size_t i = 0; i < set.pages.size(); ++i) {
        const DiagramPage& page = set.pages[i];
        const QSizeF size = set.pageArea.isValid() ? set.pageArea : page.size;
        xml.writeStartElement(u"Page"_s);
        xml.writeAttribute(u"ID"_s, QString::number(i));
        xml.writeAttribute(u"NameU"_s, names[qsizetype(i)]);
        xml.writeAttribute(u"Name"_s, names[qsizetype(i)]);
        xml.writeStartElement(u"PageSheet"_s);
        xml.writeAttribute(u"LineStyle"_s, u"0"_s);
        xml.writeAttribute(u"FillStyle"_s, u"0"_s);
        xml.writeAttribute(u"TextStyle"_s, u"0"_s);
        const auto pageCell = [&](const QString& name, const QString& value, const QString& unit = {}) {
            xml.writeEmptyElement(u"Cell"_s);
            xml.writeAttribute(u"N"_s, name);
            xml.writeAttribute(u"V"_s, value);
            if (!unit.isEmpty())
                xml.writeAttribute(u"U"_s, unit);
        };
        pageCell(u"PageWidth"_s, num(size.width() / 72.0));
        pageCell(u"PageHeight"_s, num(size.height() / 72.0));
        pageCell(u"PageScale"_s, u"1"_s, u"IN_F"_s);
        pageCell(u"DrawingScale"_s, u"1"_s, u"IN_F"_s);
        pageCell(u"DrawingSizeType"_s, u"0"_s);
        pageCell(u"DrawingScaleType"_s, u"0"_s);
        pageCell(u"InhibitSnap"_s, u"0"_s);
        pageCell(u"PrintPageOrientation"_s, size.width() >= size.height() ? u"2"_s : u"1"_s);
        pageCell(u"PageLeftMargin"_s, u"0"_s);
        pageCell(u"PageRightMargin"_s, u"0"_s);
        pageCell(u"PageTopMargin"_s, u"0"_s);
        pageCell(u"PageBottomMargin"_s, u"0"_s);
        xml.writeEndElement();
        xml.writeEmptyElement(u"Rel"_s);
        xml.writeAttribute(kRelationshipNamespace, u"id"_s, u"rId%1"_s.arg(i + 1));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    return part.finish();
}

class ZipOut
{
public:
    explicit ZipOut(QIODevice& device)
    {
        zlib_filefunc64_def functions{};
        functions.zopen64_file = zipOpenDevice;
        functions.zread_file = zipReadDevice;
        functions.zwrite_file = zipWriteDevice;
        functions.ztell64_file = zipTellDevice;
        functions.zseek64_file = zipSeekDevice;
        functions.zclose_file = zipCloseDevice;
        functions.zerror_file = zipErrorDevice;
        functions.opaque = &device;
        m_zip = zipOpen2_64("device", APPEND_STATUS_CREATE, nullptr, &functions);
    }
    ~ZipOut()
    {
        if (m_zip)
            zipClose(m_zip, nullptr);
    }
    bool ok() const { return m_zip != nullptr; }
    bool begin(const QString& name)
    {
        zip_fileinfo info{};
        info.tmz_date.tm_year = 1980;
        info.tmz_date.tm_mday = 1;
        const QByteArray path = name.toUtf8();
        return zipOpenNewFileInZip64(m_zip, path.constData(), &info, nullptr, 0, nullptr, 0, nullptr,
                                     Z_DEFLATED, Z_BEST_SPEED, 0) == ZIP_OK;
    }
    bool write(const QByteArray& data)
    {
        return zipWriteInFileInZip(m_zip, data.constData(), unsigned(data.size())) == ZIP_OK;
    }
    bool end() { return zipCloseFileInZip(m_zip) == ZIP_OK; }
    // A part compressed beforehand (on another core): raw deflate, its CRC and size.
    struct Deflated
    {
        QByteArray bytes;
        uLong crc = 0;
        ZPOS64_T size = 0;
    };
    static Deflated deflated(const QByteArray& data)
    {
        Deflated out;
        out.size = ZPOS64_T(data.size());
        out.crc = crc32_z(0, reinterpret_cast<const Bytef*>(data.constData()), size_t(data.size()));
        z_stream stream{};
        if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return out;
        out.bytes.resize(qsizetype(deflateBound(&stream, uLong(data.size()))));
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
        stream.avail_in = uInt(data.size());
        stream.next_out = reinterpret_cast<Bytef*>(out.bytes.data());
        stream.avail_out = uInt(out.bytes.size());
        const int result = deflate(&stream, Z_FINISH);
        out.bytes.resize(result == Z_STREAM_END ? qsizetype(stream.total_out) : 0);
        deflateEnd(&stream);
        return out;
    }
    bool addDeflated(const QString& name, const Deflated& part)
    {
        if (part.bytes.isEmpty())
            return false;
        zip_fileinfo info{};
        info.tmz_date.tm_year = 1980;
        info.tmz_date.tm_mday = 1;
        const QByteArray path = name.toUtf8();
        if (zipOpenNewFileInZip2_64(m_zip, path.constData(), &info, nullptr, 0, nullptr, 0, nullptr,
                                    Z_DEFLATED, Z_BEST_SPEED, 1, 0) != ZIP_OK)
            return false;
        const bool written = write(part.bytes);
        return zipCloseFileInZipRaw64(m_zip, part.size, part.crc) == ZIP_OK && written;
    }
    bool add(const QString& name, const QByteArray& data)
    {
        if (!begin(name))
            return false;
        const bool written = write(data);
        return end() && written;
    }
    bool close()
    {
        const bool closed = zipClose(m_zip, nullptr) == ZIP_OK;
        m_zip = nullptr;
        return closed;
    }

private:
    zipFile m_zip = nullptr;
};

} // namespace

bool writeDiagramSetVsdx(const DiagramSet& set, QIODevice& device, QString* error)
{
    if (device.isSequential()) {
        // minizip goes back to each part's header once the part is written: a stream gets the
        // package made in memory.
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadWrite);
        if (!writeDiagramSetVsdx(set, buffer, error))
            return false;
        if (device.write(bytes) != bytes.size()) {
            if (error)
                *error = QCoreApplication::translate("DiagramSet", "cannot write the Visio package: %1")
                             .arg(device.errorString());
            return false;
        }
        return true;
    }
    const auto fail = [&](const QString& text) {
        if (error)
            *error = text;
        return false;
    };
    ZipOut zip(device);
    if (!zip.ok())
        return fail(QCoreApplication::translate("DiagramSet", "cannot start the Visio package"));
    const QString pageType = u"http://schemas.microsoft.com/visio/2010/relationships/page"_s;
    std::vector<std::pair<QString, QString>> pageTargets;
    for (size_t i = 1; i <= set.pages.size(); ++i)
        pageTargets.emplace_back(pageType, u"page%1.xml"_s.arg(i));
    const QStringList names = pageNames(set);
    const Styles styles = stylesFor(set);
    const Icons icons = iconsFor(set);
    bool ok =
        zip.add(u"[Content_Types].xml"_s, contentTypesPart(set.pages.size(), !icons.png.empty())) &&
        zip.add(
            u"_rels/.rels"_s,
            relationshipsPart(
                {{u"http://schemas.microsoft.com/visio/2010/relationships/document"_s,
                  u"visio/document.xml"_s},
                 {u"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"_s,
                  u"docProps/core.xml"_s},
                 {u"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"_s,
                  u"docProps/app.xml"_s}})) &&
        zip.add(u"docProps/core.xml"_s, corePart(set)) && zip.add(u"docProps/app.xml"_s, appPart()) &&
        zip.add(u"visio/document.xml"_s, documentPart(styles)) &&
        zip.add(u"visio/_rels/document.xml.rels"_s,
                relationshipsPart({{u"http://schemas.microsoft.com/visio/2010/relationships/pages"_s,
                                    u"pages/pages.xml"_s}})) &&
        zip.add(u"visio/pages/pages.xml"_s, pagesPart(set, names)) &&
        zip.add(u"visio/pages/_rels/pages.xml.rels"_s, relationshipsPart(pageTargets));
    // The pages' parts are written and compressed on every core, a few hundred at a time (held
    // compressed: a large set's pages are some 650 MB of XML, 40 MB zipped), then zipped in their
    // order; a page larger than a few megabytes (the whole large design on one) is zipped as it is
    // written instead, alone.
    const auto huge = [](const DiagramPage& page) {
        return page.nodes.size() + page.edges.size() + page.table.size() * 8 > 20000;
    };
    const auto pageSize = [&set](const DiagramPage& page) {
        return set.pageArea.isValid() ? set.pageArea : page.size;
    };
    const auto partName = [](size_t index) {
        return u"visio/pages/page%1.xml"_s.arg(index + 1);
    };
    const auto relsName = [](size_t index) {
        return u"visio/pages/_rels/page%1.xml.rels"_s.arg(index + 1);
    };
    for (size_t from = 0; ok && from < set.pages.size();) {
        if (huge(set.pages[from])) {
            if (!zip.begin(partName(from))) {
                ok = false;
                break;
            }
            Part part;
            PageWriter writer(part.xml, set, styles, icons, set.pages[from], int(from + 1),
                              pageSize(set.pages[from]));
            writer.afterShape = [&] {
                if (const QByteArray bytes = part.takeWhole(); !bytes.isEmpty())
                    ok = zip.write(bytes) && ok;
            };
            writer.write();
            ok = zip.write(part.finish()) && ok;
            ok = zip.end() && ok;
            if (const auto targets = writer.relationships(); !targets.empty())
                ok = zip.add(relsName(from), relationshipsPart(targets)) && ok;
            ++from;
            continue;
        }
        size_t to = from;
        while (to < set.pages.size() && to - from < 256 && !huge(set.pages[to]))
            ++to;
        // Each page written and compressed on the core that made it; the zip only copies them in.
        std::vector<ZipOut::Deflated> parts(to - from);
        std::vector<QByteArray> rels(to - from);
        paperparts::inParallel(parts.size(), [&](size_t k) {
            Part part;
            PageWriter writer(part.xml, set, styles, icons, set.pages[from + k], int(from + k + 1),
                              pageSize(set.pages[from + k]));
            writer.write();
            parts[k] = ZipOut::deflated(part.finish());
            if (const auto targets = writer.relationships(); !targets.empty())
                rels[k] = relationshipsPart(targets);
        });
        for (size_t k = 0; ok && k < parts.size(); ++k) {
            ok = zip.addDeflated(partName(from + k), parts[k]);
            if (ok && !rels[k].isEmpty())
                ok = zip.add(relsName(from + k), rels[k]);
            parts[k] = ZipOut::Deflated();
        }
        from = to;
    }
    for (size_t i = 0; ok && i < icons.png.size(); ++i)
        ok = zip.add(u"visio/media/icon%1.png"_s.arg(i + 1), icons.png[i]);
    if (!zip.close() || !ok)
        return fail(QCoreApplication::translate("DiagramSet", "cannot write the Visio package: %1")
                        .arg(device.errorString()));
    return true;
}

bool writeDiagramSetVsdx(const DiagramSet& set, const QString& path, QString* error,
                         const QStringList& inputs)
{
    return OutputFile::write(
        path, [&](QIODevice& device, QString* message) { return writeDiagramSetVsdx(set, device, message); },
        error, inputs);
}

} // namespace portolan
