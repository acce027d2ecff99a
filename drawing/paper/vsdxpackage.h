#pragma once

// The Visio package around the pages that vsdxwriter.cpp writes: the number format, the styles and
// icons the pages share, the package's own parts (relationships, content types, properties, the
// document with its style sheets, the page list) and the zip they go into. Private to the writer.
#include "drawing/paper/diagramset.h"
#include "drawing/paper/paperparts.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QXmlStreamWriter>

#include <minizip/zip.h>

#include <map>
#include <utility>
#include <vector>

class QIODevice;

namespace portolan::vsdx {

using namespace Qt::StringLiterals;

inline const QString kVisioNamespace = u"http://schemas.microsoft.com/office/visio/2012/main"_s;
inline const QString kRelationshipNamespace =
    u"http://schemas.openxmlformats.org/officeDocument/2006/relationships"_s;
inline const QString kPackageRelationships =
    u"http://schemas.openxmlformats.org/package/2006/relationships"_s;
inline const QString kTextColour = u"#263238"_s;
inline const QString kFont = u"Arial"_s;
inline const QString kGrey = u"#546e7a"_s;

// A number as Visio writes one: plain decimals, no exponent, no trailing zeros.
QString num(double value);
// The root element of a Visio part in its namespaces, spaces in its text kept.
void startVisioPart(QXmlStreamWriter& xml, const QString& root);
// A cell of a ShapeSheet: <Cell N="name" V="value" U="unit"/> (no unit: left out).
void writeCell(QXmlStreamWriter& xml, const QString& name, const QString& value, const QString& unit = {});

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

Styles stylesFor(const DiagramSet& set);

// The icons the set's hosts carry as the paper draws them (14 points at the box's top left), each
// once in the package (visio/media/iconN.png) whatever number of hosts show it; each page that
// shows one has a relationship to it, and a host with an icon is a group holding the picture.
struct Icons
{
    std::map<QString, int> number;               // icon key -> N, from 1
    std::vector<QByteArray> png;                 // icon N at N - 1
    static constexpr qreal kSize = 14, kPad = 4; // points, as the paper draws it
};

Icons iconsFor(const DiagramSet& set);

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

QByteArray relationshipsPart(const std::vector<std::pair<QString, QString>>& targets);

QByteArray contentTypesPart(size_t pages, bool pictures);

QByteArray corePart(const DiagramSet& set);

QByteArray appPart();

// The document part: settings, colours, the font and style 0 that every shape refers to.
QByteArray documentPart(const Styles& styles);

// Page names are unique in a Visio document: a repeated title gets its number.
QStringList pageNames(const DiagramSet& set);

QByteArray pagesPart(const DiagramSet& set, const QStringList& names);

// A zip written through minizip into a QIODevice, part by part (the parts deflated on other cores
// or here).
class ZipOut
{
public:
    explicit ZipOut(QIODevice& device);
    ~ZipOut();
    ZipOut(const ZipOut&) = delete;
    ZipOut& operator=(const ZipOut&) = delete;
    bool ok() const { return m_zip != nullptr; }
    bool begin(const QString& name);
    bool write(const QByteArray& data);
    bool end();
    // A part compressed beforehand (on another core): raw deflate, its CRC and size.
    struct Deflated
    {
        QByteArray bytes;
        uLong crc = 0;
        ZPOS64_T size = 0;
    };
    static Deflated deflated(const QByteArray& data);
    bool addDeflated(const QString& name, const Deflated& part);
    bool add(const QString& name, const QByteArray& data);
    bool close();

private:
    zipFile m_zip = nullptr;
};

} // namespace portolan::vsdx
