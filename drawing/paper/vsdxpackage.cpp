#include "drawing/paper/vsdxpackage.h"

#include "drawing/legend.h"

#include <QBuffer>
#include <QImage>
#include <QIODevice>
#include <QPainter>
#include <QSet>
#include <QSvgRenderer>

#include <zlib.h>

#include <set>

namespace portolan::vsdx {

using paperparts::xmlText;

namespace {

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

} // namespace

QString num(double value)
{
    return paperparts::decimal(value, 6, 1e-9);
}

void startVisioPart(QXmlStreamWriter& xml, const QString& root)
{
    xml.writeStartElement(root);
    xml.writeDefaultNamespace(kVisioNamespace);
    xml.writeNamespace(kRelationshipNamespace, u"r"_s);
    xml.writeAttribute(u"xml:space"_s, u"preserve"_s);
}

void writeCell(QXmlStreamWriter& xml, const QString& name, const QString& value, const QString& unit)
{
    xml.writeEmptyElement(u"Cell"_s);
    xml.writeAttribute(u"N"_s, name);
    xml.writeAttribute(u"V"_s, value);
    if (!unit.isEmpty())
        xml.writeAttribute(u"U"_s, unit);
}

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

Icons iconsFor(const DiagramSet& set)
{
    std::set<QString> keys;
    const DiagramPage* withLegend = nullptr;
    for (const DiagramPage& page : set.pages) {
        for (const PageNode& node : page.nodes)
            if (!node.iconKey.isEmpty())
                keys.insert(node.iconKey);
        if (!withLegend && !page.legend.isNull())
            withLegend = &page;
    }
    // Every legend shows the same kinds of box: their icons are asked of one.
    if (withLegend)
        for (const LegendRow& row : legendRows(withLegend->legend))
            if (row.sample == LegendRow::Sample::Icon)
                keys.insert(row.icon);
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
    startVisioPart(xml, u"VisioDocument"_s);
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
        writeCell(xml, QString::fromUtf16(name), QString::fromUtf16(value));
    xml.writeStartElement(u"Section"_s);
    xml.writeAttribute(u"N"_s, u"Character"_s);
    xml.writeStartElement(u"Row"_s);
    xml.writeAttribute(u"IX"_s, u"0"_s);
    writeCell(xml, u"Font"_s, kFont);
    writeCell(xml, u"Color"_s, u"0"_s);
    writeCell(xml, u"Style"_s, u"0"_s);
    writeCell(xml, u"Size"_s, u"0.1111111111111111"_s, u"PT"_s);
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeStartElement(u"Section"_s);
    xml.writeAttribute(u"N"_s, u"Paragraph"_s);
    xml.writeStartElement(u"Row"_s);
    xml.writeAttribute(u"IX"_s, u"0"_s);
    writeCell(xml, u"HorzAlign"_s, u"1"_s);
    writeCell(xml, u"SpLine"_s, u"-1.2"_s);
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
        writeCell(xml, u"EnableLineProps"_s, u"1"_s);
        writeCell(xml, u"EnableFillProps"_s, u"1"_s);
        writeCell(xml, u"EnableTextProps"_s, u"1"_s);
        writeCell(xml, u"LineColor"_s, lineColour);
        writeCell(xml, u"LineWeight"_s, num(weight / 72), u"PT"_s);
        writeCell(xml, u"LinePattern"_s, QString::number(pattern));
        writeCell(xml, u"Rounding"_s, num(rounding / 72), u"PT"_s);
        writeCell(xml, u"BeginArrowSize"_s, u"1"_s);
        writeCell(xml, u"EndArrowSize"_s, u"1"_s);
        writeCell(xml, u"FillForegnd"_s, fillColour.isEmpty() ? u"#ffffff"_s : fillColour);
        writeCell(xml, u"FillPattern"_s, fillColour.isEmpty() ? u"0"_s : u"1"_s);
        for (const char16_t* side : {u"LeftMargin", u"RightMargin", u"TopMargin", u"BottomMargin"})
            writeCell(xml, QString::fromUtf16(side), num(text.margin / 72), u"PT"_s);
        writeCell(xml, u"VerticalAlign"_s, QString::number(text.verticalAlign));
        if (!textGround.isEmpty())
            writeCell(xml, u"TextBkgnd"_s, textGround);
        xml.writeStartElement(u"Section"_s);
        xml.writeAttribute(u"N"_s, u"Character"_s);
        xml.writeStartElement(u"Row"_s);
        xml.writeAttribute(u"IX"_s, u"0"_s);
        writeCell(xml, u"Font"_s, kFont);
        writeCell(xml, u"Color"_s, text.colour);
        writeCell(xml, u"Style"_s, text.bold ? u"1"_s : u"0"_s);
        writeCell(xml, u"Size"_s, num(text.size / 72), u"PT"_s);
        xml.writeEndElement();
        xml.writeEndElement();
        xml.writeStartElement(u"Section"_s);
        xml.writeAttribute(u"N"_s, u"Paragraph"_s);
        xml.writeStartElement(u"Row"_s);
        xml.writeAttribute(u"IX"_s, u"0"_s);
        writeCell(xml, u"HorzAlign"_s, QString::number(text.align));
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
    startVisioPart(xml, u"Pages"_s);
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
        writeCell(xml, u"PageWidth"_s, num(size.width() / 72.0));
        writeCell(xml, u"PageHeight"_s, num(size.height() / 72.0));
        writeCell(xml, u"PageScale"_s, u"1"_s, u"IN_F"_s);
        writeCell(xml, u"DrawingScale"_s, u"1"_s, u"IN_F"_s);
        writeCell(xml, u"DrawingSizeType"_s, u"0"_s);
        writeCell(xml, u"DrawingScaleType"_s, u"0"_s);
        writeCell(xml, u"InhibitSnap"_s, u"0"_s);
        writeCell(xml, u"PrintPageOrientation"_s, size.width() >= size.height() ? u"2"_s : u"1"_s);
        writeCell(xml, u"PageLeftMargin"_s, u"0"_s);
        writeCell(xml, u"PageRightMargin"_s, u"0"_s);
        writeCell(xml, u"PageTopMargin"_s, u"0"_s);
        writeCell(xml, u"PageBottomMargin"_s, u"0"_s);
        xml.writeEndElement();
        xml.writeEmptyElement(u"Rel"_s);
        xml.writeAttribute(kRelationshipNamespace, u"id"_s, u"rId%1"_s.arg(i + 1));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    return part.finish();
}

ZipOut::ZipOut(QIODevice& device)
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

ZipOut::~ZipOut()
{
    if (m_zip)
        zipClose(m_zip, nullptr);
}

bool ZipOut::begin(const QString& name)
{
    zip_fileinfo info{};
    info.tmz_date.tm_year = 1980;
    info.tmz_date.tm_mday = 1;
    const QByteArray path = name.toUtf8();
    return zipOpenNewFileInZip64(m_zip, path.constData(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                 Z_BEST_SPEED, 0) == ZIP_OK;
}

bool ZipOut::write(const QByteArray& data)
{
    return zipWriteInFileInZip(m_zip, data.constData(), unsigned(data.size())) == ZIP_OK;
}

bool ZipOut::end()
{
    return zipCloseFileInZip(m_zip) == ZIP_OK;
}

ZipOut::Deflated ZipOut::deflated(const QByteArray& data)
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

bool ZipOut::addDeflated(const QString& name, const Deflated& part)
{
    if (part.bytes.isEmpty())
        return false;
    zip_fileinfo info{};
    info.tmz_date.tm_year = 1980;
    info.tmz_date.tm_mday = 1;
    const QByteArray path = name.toUtf8();
    if (zipOpenNewFileInZip2_64(m_zip, path.constData(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                Z_BEST_SPEED, 1, 0) != ZIP_OK)
        return false;
    const bool written = write(part.bytes);
    return zipCloseFileInZipRaw64(m_zip, part.size, part.crc) == ZIP_OK && written;
}

bool ZipOut::add(const QString& name, const QByteArray& data)
{
    if (!begin(name))
        return false;
    const bool written = write(data);
    return end() && written;
}

bool ZipOut::close()
{
    const bool closed = zipClose(m_zip, nullptr) == ZIP_OK;
    m_zip = nullptr;
    return closed;
}

} // namespace portolan::vsdx
