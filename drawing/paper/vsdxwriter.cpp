#include "drawing/paper/vsdxwriter.h"

#include "drawing/legend.h"
#include "drawing/paper/vsdxpackage.h"
#include "io/outputfile.h"

#include <QBuffer>
#include <QIODevice>
#include <QSet>
#include <QXmlStreamWriter>

#include <cmath>
#include <functional>
#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

using namespace vsdx;
using paperparts::xmlText;

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
        writeCell(m_xml, name, num(value), unit);
        if (!formula.isEmpty())
            m_xml.writeAttribute(u"F"_s, formula);
    }
    void textCell(const QString& name, const QString& value, const QString& unit = {})
    {
        writeCell(m_xml, name, value, unit);
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
    // A picture filling its shape (of this side, in inches): icon N of the package.
    void picture(int icon, double side)
    {
        const auto at = std::find(m_pageIcons.begin(), m_pageIcons.end(), icon);
        const qsizetype rel = at - m_pageIcons.begin() + 1;
        if (at == m_pageIcons.end())
            m_pageIcons.push_back(icon);
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

    startVisioPart(m_xml, u"PageContents"_s);
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
        m_xml.writeStartElement(u"Shapes"_s);
        startShape(m_nextId++, 0, -1, u"Foreign"_s);
        const double side = in(Icons::kSize);
        cell(u"PinX"_s, in(Icons::kPad) + side / 2);
        cell(u"PinY"_s, in(node.box.height() - Icons::kPad) - side / 2);
        cell(u"Width"_s, side);
        cell(u"Height"_s, side);
        cell(u"LocPinX"_s, side / 2, u"Width*0.5"_s);
        cell(u"LocPinY"_s, side / 2, u"Height*0.5"_s);
        picture(icon->second, side);
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
    // The legend's rows, as every drawing has them (drawing/legend.h).
    for (const LegendRow& row : legendRows(m_page.legend)) {
        if (const auto icon = m_icons.number.find(row.icon);
            row.sample == LegendRow::Sample::Icon && icon != m_icons.number.end()) {
            startShape(m_nextId++, 0, -1, u"Foreign"_s);
            box(row.sampleBox());
            picture(icon->second, in(row.sampleBox().width()));
            m_xml.writeEndElement();
        } else if (row.sample == LegendRow::Sample::Line || row.sample == LegendRow::Sample::DottedLine) {
            // A sample of the line: a stroke across the middle of its box.
            startShape(m_nextId++);
            box(row.sampleBox());
            line(row.colour, row.sample == LegendRow::Sample::Line ? 1.6 : 1.2,
                 row.sample == LegendRow::Sample::Line ? 1 : 3);
            m_xml.writeStartElement(u"Section"_s);
            m_xml.writeAttribute(u"N"_s, u"Geometry"_s);
            m_xml.writeAttribute(u"IX"_s, u"0"_s);
            cell(u"NoFill"_s, 1);
            m_xml.writeStartElement(u"Row"_s);
            m_xml.writeAttribute(u"T"_s, u"MoveTo"_s);
            m_xml.writeAttribute(u"IX"_s, u"1"_s);
            cell(u"X"_s, 0);
            cell(u"Y"_s, in(row.sampleBox().height()) / 2, u"Height*0.5"_s);
            m_xml.writeEndElement();
            m_xml.writeStartElement(u"Row"_s);
            m_xml.writeAttribute(u"T"_s, u"LineTo"_s);
            m_xml.writeAttribute(u"IX"_s, u"2"_s);
            cell(u"X"_s, in(row.sampleBox().width()), u"Width*1"_s);
            cell(u"Y"_s, in(row.sampleBox().height()) / 2, u"Height*0.5"_s);
            m_xml.writeEndElement();
            m_xml.writeEndElement();
            m_xml.writeEndElement();
        } else if (row.sample == LegendRow::Sample::DashedBox) {
            startShape(m_nextId++);
            box(row.sampleBox());
            line(row.colour, 0.8, 2);
            fill(QColor(0xec, 0xef, 0xf1));
            rectangleGeometry();
            m_xml.writeEndElement();
        }
        startShape(m_nextId++);
        box(row.textBox());
        cell(u"LinePattern"_s, 0);
        fill(QColor());
        textBlock(1, 0);
        characters({{7, row.heading, kTextColour}}, 0);
        text({{0, row.text}});
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
