// The diagram set in the tools teams edit: Visio (VSDX) and draw.io. The files are read back
// as a reader would: the package's parts and relationships, the XML, the glue of every line,
// and LibreOffice's own VSDX import (libvisio) printed to PDF.
#include "drawing/legend.h"
#include "drawing/paper/diagramset.h"
#include "drawing/paper/drawiowriter.h"
#include "drawing/paper/vsdxwriter.h"

#include "documentset.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <QBuffer>
#include <QDomDocument>
#include <QFile>
#include <QHash>
#include <QImage>
#include <QMap>
#include <QPainter>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QSvgGenerator>
#include <QTemporaryDir>
#include <QUrl>

#include <minizip/unzip.h>

using namespace Qt::StringLiterals;

namespace portolan {
namespace {

const QString kVisio = u"http://schemas.microsoft.com/office/visio/2012/main"_s;

// Names a design may hold that XML must keep as text: quotes, markup, control characters
// (shown as their pictures: XML 1.0 cannot hold them), right-to-left text and a bidi override.
const QStringList kHostile = {u"Q\"uote's \"srv\""_s, u"<script>alert(1)</script> & co"_s,
                              u"ctl\u0001\u001b[31m\u007fend"_s, u"שרת-ראשי-01"_s, u"خادم \u202Egnp.exe"_s};
QString shownAs(const QString& name)
{
    QString out;
    for (const QChar c : name)
        out += c.unicode() < 0x20    ? QChar(char16_t(0x2400 + c.unicode()))
               : c.unicode() == 0x7F ? QChar(0x2421)
                                     : c;
    return out;
}

PageNode node(const QString& name, QRectF box, const QString& zone, const QString& site)
{
    PageNode n;
    n.box = box;
    n.name = name;
    n.address = u"10.1.0.%1"_s.arg(int(box.x()) % 250);
    n.zone = zone;
    n.site = site;
    n.roles = u"MP · DP"_s;
    n.iconKey = u"management_point"_s;
    return n;
}

PageEdge edge(int from, int to, const QPolygonF& line, bool forward, bool backward, const QString& label,
              const QString& reference = {})
{
    PageEdge e;
    e.from = from;
    e.to = to;
    e.line = line;
    e.toForward = forward;
    e.toBackward = backward;
    e.label = label;
    e.reference = reference;
    e.shown = reference.isEmpty() ? label : reference;
    const QPointF mid = (line.first() + line.last()) / 2;
    e.labelBox = QRectF(mid.x() - 60, mid.y() - 8, 120, 16);
    e.colour = QColor(0x2f, 0x5d, 0x9e);
    return e;
}

// A set as the diagram set builds one: two pages, a site frame with a zone band inside it, hosts,
// a stub, a straight line, a bent one that opens ports both ways, one whose label is a reference
// to the page's table; title block and legend on each page.
DiagramSet sampleSet(const QStringList& names)
{
    DiagramSet set;
    set.designName = u"Contoso <hierarchy> & \"test\""_s;
    set.author = u"Network team"_s;
    set.revision = u"3"_s;
    set.date = u"2026-12-07"_s;
    set.pageArea = QSizeF(1151, 802);
    for (int p = 0; p < 2; ++p) {
        DiagramPage page;
        page.kind = p == 0 ? DiagramPage::Kind::Overview : DiagramPage::Kind::Site;
        page.title = p == 0 ? u"Overview"_s : u"Site P01 · "_s + names.value(0);
        page.key = p == 0 ? u"overview"_s : u"site-P01"_s;
        page.size = QSizeF(1151, 640);
        page.frames.push_back({1, QRectF(40, 40, 700, 400), u"P01 · Primary site "_s + names.value(1),
                               QColor(0x1e, 0x88, 0xe5)});
        page.frames.push_back(
            {-1, QRectF(60, 80, 320, 300), u"zone "_s + names.value(2), QColor(0x8e, 0x24, 0xaa)});
        page.nodes.push_back(node(names.value(0), QRectF(100, 120, 200, 60), names.value(2), u"P01"_s));
        page.nodes.push_back(node(names.value(1), QRectF(100, 280, 200, 60), names.value(2), u"P01"_s));
        page.nodes.push_back(node(names.value(3), QRectF(480, 120, 200, 60), u"corp"_s, u"P01"_s));
        PageNode stub = node(names.value(4), QRectF(850, 120, 200, 60), u"dmz"_s, u"P02"_s);
        stub.stub = true;
        stub.stubPage = 2 - p;
        page.nodes.push_back(stub);
        page.edges.push_back(edge(0, 1, QPolygonF{QPointF(200, 180), QPointF(200, 280)}, true, false,
                                  u"→ TCP 443, 8530  ← UDP 67"_s));
        page.edges.push_back(
            edge(0, 2, QPolygonF{QPointF(300, 150), QPointF(390, 150), QPointF(390, 140), QPointF(480, 140)},
                 true, true, u"→ TCP 1433 ↔ TCP 445"_s));
        page.edges.push_back(edge(2, 3, QPolygonF{QPointF(680, 160), QPointF(850, 160)}, true, false,
                                  u"→ TCP 80, 443, 10123, 135, 49152-65535"_s, u"F1"_s));
        page.tableHeader = QStringList{u"Ref"_s, u"From"_s, u"To"_s, u"Ports"_s};
        page.table.push_back(
            {u"F1"_s, names.value(3), names.value(4), u"→ TCP 80, 443, 10123, 135, 49152-65535"_s});
        page.tableArea = QRectF(40, 660, 700, 40);
        page.titleBlock = QRectF(821, 706, 330, 96);
        page.legend = QRectF(821, 480, 230, 206);
        set.pages.push_back(page);
    }
    return set;
}

// Every part of a zip, by name.
QMap<QString, QByteArray> unzipAll(const QString& path)
{
    QMap<QString, QByteArray> parts;
    unzFile zip = unzOpen64(QFile::encodeName(path).constData());
    if (!zip)
        return parts;
    for (int rc = unzGoToFirstFile(zip); rc == UNZ_OK; rc = unzGoToNextFile(zip)) {
        char name[1024];
        unz_file_info64 info;
        if (unzGetCurrentFileInfo64(zip, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
            break;
        QByteArray data;
        if (unzOpenCurrentFile(zip) == UNZ_OK) {
            char buffer[1 << 15];
            for (int n; (n = unzReadCurrentFile(zip, buffer, sizeof buffer)) > 0;)
                data.append(buffer, n);
            unzCloseCurrentFile(zip);
        }
        parts.insert(QString::fromUtf8(name), data);
    }
    unzClose(zip);
    return parts;
}

QDomDocument parsed(const QByteArray& xml, const QString& what)
{
    QDomDocument doc;
    QString message;
    int line = 0;
    EXPECT_TRUE(doc.setContent(xml, true, &message, &line))
        << what.toStdString() << ": " << message.toStdString() << " at line " << line;
    return doc;
}

QList<QDomElement> elements(const QDomNode& root, const QString& name)
{
    QList<QDomElement> out;
    const QDomNodeList list = root.toElement().isNull() ? root.toDocument().elementsByTagName(name)
                                                        : root.toElement().elementsByTagName(name);
    for (int i = 0; i < list.size(); ++i)
        out << list.at(i).toElement();
    return out;
}

// The cell values of a Visio shape (its own cells, not its sections').
QHash<QString, QDomElement> cellsOf(const QDomElement& shape)
{
    QHash<QString, QDomElement> cells;
    for (QDomElement c = shape.firstChildElement(u"Cell"_s); !c.isNull(); c = c.nextSiblingElement(u"Cell"_s))
        cells.insert(c.attribute(u"N"_s), c);
    return cells;
}

QString writeVsdx(const DiagramSet& set, const QTemporaryDir& dir, const QString& name = u"set.vsdx"_s)
{
    const QString path = dir.filePath(name);
    QString error;
    EXPECT_TRUE(writeDiagramSetVsdx(set, path, &error)) << error.toStdString();
    return path;
}

// Where a part's relationship target points: relative to the folder of the part that names it.
QString resolveTarget(const QString& relsPart, const QString& target)
{
    if (target.startsWith(u'/'))
        return target.mid(1);
    // "visio/pages/_rels/pages.xml.rels" speaks for "visio/pages/pages.xml".
    QString base = relsPart.section(u'/', 0, -3);
    const QUrl resolved =
        QUrl(u"file:///"_s + (base.isEmpty() ? QString() : base + u'/')).resolved(QUrl(target));
    return resolved.path().mid(1);
}

TEST(VisioExport, PackageHasEveryContentTypeAndRelationship)
{
    QTemporaryDir dir;
    const DiagramSet set = sampleSet({u"PRI01"_s, u"SQL01"_s, u"corp"_s, u"DP01"_s, u"DC01"_s});
    const QMap<QString, QByteArray> parts = unzipAll(writeVsdx(set, dir));
    ASSERT_TRUE(parts.contains(u"[Content_Types].xml"_s));
    // Every part has a content type: by name, or by its extension.
    const QDomDocument types = parsed(parts.value(u"[Content_Types].xml"_s), u"[Content_Types].xml"_s);
    QHash<QString, QString> byExtension, byName;
    for (const QDomElement& d : elements(types, u"Default"_s))
        byExtension.insert(d.attribute(u"Extension"_s).toLower(), d.attribute(u"ContentType"_s));
    for (const QDomElement& o : elements(types, u"Override"_s)) {
        const QString part = o.attribute(u"PartName"_s).mid(1);
        EXPECT_TRUE(parts.contains(part)) << "content type for a missing part " << part.toStdString();
        byName.insert(part, o.attribute(u"ContentType"_s));
    }
    for (auto it = parts.begin(); it != parts.end(); ++it) {
        if (it.key() == u"[Content_Types].xml"_s)
            continue;
        EXPECT_TRUE(byName.contains(it.key()) || byExtension.contains(it.key().section(u'.', -1).toLower()))
            << it.key().toStdString() << " has no content type";
        if (!it.key().startsWith(u"visio/media/"_s))
            parsed(it.value(), it.key()); // and every part but the pictures is XML
    }
    EXPECT_EQ(byExtension.value(u"rels"_s), u"application/vnd.openxmlformats-package.relationships+xml"_s);
    EXPECT_EQ(byName.value(u"visio/document.xml"_s), u"application/vnd.ms-visio.drawing.main+xml"_s);
    EXPECT_EQ(byName.value(u"visio/pages/pages.xml"_s), u"application/vnd.ms-visio.pages+xml"_s);
    // Every relationship leads to a part, and every part but the relationships is led to.
    QSet<QString> targeted;
    QMultiHash<QString, QString> typeOf; // target part -> relationship type
    for (auto it = parts.begin(); it != parts.end(); ++it) {
        if (!it.key().endsWith(u".rels"_s))
            continue;
        for (const QDomElement& r : elements(parsed(it.value(), it.key()), u"Relationship"_s)) {
            const QString target = resolveTarget(it.key(), r.attribute(u"Target"_s));
            EXPECT_TRUE(parts.contains(target))
                << it.key().toStdString() << " -> missing " << target.toStdString();
            targeted.insert(target);
            typeOf.insert(target, r.attribute(u"Type"_s));
        }
    }
    for (auto it = parts.begin(); it != parts.end(); ++it) {
        if (!it.key().endsWith(u".rels"_s) && it.key() != u"[Content_Types].xml"_s) {
            EXPECT_TRUE(targeted.contains(it.key())) << it.key().toStdString() << " is in no relationship";
        }
    }
    EXPECT_EQ(typeOf.value(u"visio/document.xml"_s),
              u"http://schemas.microsoft.com/visio/2010/relationships/document"_s);
    EXPECT_EQ(typeOf.value(u"visio/pages/pages.xml"_s),
              u"http://schemas.microsoft.com/visio/2010/relationships/pages"_s);
    // One page part per page of the set, each named by its page in pages.xml.
    const QDomDocument pages = parsed(parts.value(u"visio/pages/pages.xml"_s), u"pages.xml"_s);
    ASSERT_EQ(elements(pages, u"Page"_s).size(), qsizetype(set.pages.size()));
    for (size_t i = 1; i <= set.pages.size(); ++i) {
        const QString part = u"visio/pages/page%1.xml"_s.arg(i);
        EXPECT_EQ(typeOf.value(part), u"http://schemas.microsoft.com/visio/2010/relationships/page"_s);
        EXPECT_EQ(byName.value(part), u"application/vnd.ms-visio.page+xml"_s);
    }
}

TEST(VisioExport, HostsAreShapesWithDataAndEveryLineIsGluedToBoth)
{
    QTemporaryDir dir;
    const DiagramSet set = sampleSet({u"PRI01"_s, u"SQL01"_s, u"corp"_s, u"DP01"_s, u"DC01"_s});
    const QMap<QString, QByteArray> parts = unzipAll(writeVsdx(set, dir));
    const DiagramPage& page = set.pages.front();
    const QDomDocument doc = parsed(parts.value(u"visio/pages/page1.xml"_s), u"page1.xml"_s);
    const qreal height = set.pageArea.height();
    QHash<QString, QDomElement> shapes; // by ID
    QHash<QString, QString> hostByName; // host name -> shape ID
    QList<QDomElement> connectors, containers;
    for (const QDomElement& s : elements(doc, u"Shape"_s)) {
        shapes.insert(s.attribute(u"ID"_s), s);
        const auto cells = cellsOf(s);
        if (cells.contains(u"BeginX"_s))
            connectors << s;
        for (const QDomElement& row : elements(s, u"Row"_s)) {
            if (row.attribute(u"N"_s) == u"msvStructureType"_s)
                containers << s;
            if (row.attribute(u"N"_s) == u"Name"_s &&
                row.parentNode().toElement().attribute(u"N"_s) == u"Property"_s)
                for (QDomElement c = row.firstChildElement(u"Cell"_s); !c.isNull();
                     c = c.nextSiblingElement(u"Cell"_s))
                    if (c.attribute(u"N"_s) == u"Value"_s)
                        hostByName.insert(c.attribute(u"V"_s), s.attribute(u"ID"_s));
        }
    }
    ASSERT_EQ(hostByName.size(), qsizetype(page.nodes.size()));
    // Each host where the page has it (inches from the bottom left), with its data.
    for (const PageNode& n : page.nodes) {
        const QDomElement s = shapes.value(hostByName.value(n.name));
        const auto cells = cellsOf(s);
        EXPECT_NEAR(cells.value(u"PinX"_s).attribute(u"V"_s).toDouble(), n.box.center().x() / 72, 1e-4);
        EXPECT_NEAR(cells.value(u"PinY"_s).attribute(u"V"_s).toDouble(), (height - n.box.center().y()) / 72,
                    1e-4);
        EXPECT_NEAR(cells.value(u"Width"_s).attribute(u"V"_s).toDouble(), n.box.width() / 72, 1e-4);
        QHash<QString, QString> data;
        for (const QDomElement& row : elements(s, u"Row"_s))
            for (QDomElement c = row.firstChildElement(u"Cell"_s); !c.isNull();
                 c = c.nextSiblingElement(u"Cell"_s))
                if (c.attribute(u"N"_s) == u"Value"_s)
                    data.insert(row.attribute(u"N"_s), c.attribute(u"V"_s));
        EXPECT_EQ(data.value(u"Zone"_s), n.zone);
        EXPECT_EQ(data.value(u"Site"_s), n.site);
        EXPECT_EQ(data.value(u"Roles"_s), n.roles);
        EXPECT_EQ(data.value(u"Address"_s), n.address);
        const QString text = s.firstChildElement(u"Text"_s).text();
        EXPECT_TRUE(text.contains(n.name) && text.contains(n.address) && text.contains(n.roles))
            << text.toStdString();
    }
    // Frames are Visio containers that list their members.
    ASSERT_EQ(containers.size(), qsizetype(page.frames.size()));
    const QString outer = cellsOf(containers.front()).value(u"Relationships"_s).attribute(u"F"_s);
    EXPECT_TRUE(outer.contains(u"DEPENDSON(1,"_s)) << outer.toStdString();
    EXPECT_TRUE(outer.contains(u"Sheet.%1!"_s.arg(hostByName.value(u"DP01"_s)))) << outer.toStdString();
    // Every edge a connector glued at both ends to its hosts' shapes, with arrows and label.
    ASSERT_EQ(connectors.size(), qsizetype(page.edges.size()));
    QMultiHash<QString, QDomElement> connects;
    for (const QDomElement& c : elements(doc, u"Connect"_s))
        connects.insert(c.attribute(u"FromSheet"_s), c);
    for (size_t i = 0; i < page.edges.size(); ++i) {
        const PageEdge& e = page.edges[i];
        const QDomElement s = connectors.at(qsizetype(i));
        const auto cells = cellsOf(s);
        QHash<QString, QString> ends;
        for (const QDomElement& c : connects.values(s.attribute(u"ID"_s)))
            ends.insert(c.attribute(u"FromCell"_s), c.attribute(u"ToSheet"_s));
        EXPECT_EQ(ends.value(u"BeginX"_s), hostByName.value(page.nodes[size_t(e.from)].name));
        EXPECT_EQ(ends.value(u"EndX"_s), hostByName.value(page.nodes[size_t(e.to)].name));
        EXPECT_EQ(cells.value(u"EndArrow"_s).attribute(u"V"_s) != u"0"_s, e.toForward);
        EXPECT_EQ(cells.value(u"BeginArrow"_s).attribute(u"V"_s) != u"0"_s, e.toBackward);
        EXPECT_EQ(cells.value(u"LineColor"_s).attribute(u"V"_s), e.colour.name());
        EXPECT_EQ(s.firstChildElement(u"Text"_s).text(), e.shown);
        EXPECT_NEAR(cells.value(u"BeginX"_s).attribute(u"V"_s).toDouble(), e.line.first().x() / 72, 1e-4);
        EXPECT_NEAR(cells.value(u"EndY"_s).attribute(u"V"_s).toDouble(), (height - e.line.last().y()) / 72,
                    1e-4);
        // The route's bends: one geometry row per point.
        EXPECT_EQ(elements(s, u"Row"_s).size() >= e.line.size(), true);
    }
}

TEST(VisioExport, HostileNamesStayText)
{
    QTemporaryDir dir;
    const DiagramSet set = sampleSet(kHostile);
    const QMap<QString, QByteArray> parts = unzipAll(writeVsdx(set, dir));
    QString texts;
    for (auto it = parts.begin(); it != parts.end(); ++it) {
        if (it.key().startsWith(u"visio/media/"_s)) // the icons' pictures
            continue;
        const QDomDocument doc = parsed(it.value(), it.key());
        EXPECT_TRUE(elements(doc, u"script"_s).isEmpty()) << it.key().toStdString();
        for (const QDomElement& t : elements(doc, u"Text"_s))
            texts += t.text() + u'\n';
        for (const QDomElement& c : elements(doc, u"Cell"_s))
            texts += c.attribute(u"V"_s) + u'\n';
        for (const QDomElement& p : elements(doc, u"Page"_s))
            texts += p.attribute(u"Name"_s) + u'\n';
    }
    for (const QString& name : kHostile)
        EXPECT_TRUE(texts.contains(shownAs(name))) << name.toStdString();
    EXPECT_TRUE(texts.contains(u"Contoso <hierarchy> & \"test\""_s));
}

TEST(VisioExport, HostsCarryTheIconThePaperDrawsEachPictureOnceInThePackage)
{
    QTemporaryDir dir;
    DiagramSet set = sampleSet({u"PRI01"_s, u"SQL01"_s, u"corp"_s, u"DP01"_s, u"DC01"_s});
    set.pages[0].nodes[1].iconKey = u"sql_server"_s;
    set.pages[0].nodes[2].iconKey.clear(); // a box with no icon on paper has none in Visio
    QSet<QString> keys, shown;             // the hosts' icons; those and the legend's kinds of box
    for (const DiagramPage& page : set.pages) {
        for (const PageNode& n : page.nodes)
            if (!n.iconKey.isEmpty())
                keys.insert(n.iconKey);
        if (!page.legend.isNull())
            for (const LegendRow& row : legendRows(page.legend))
                if (row.sample == LegendRow::Sample::Icon)
                    shown.insert(row.icon);
    }
    ASSERT_GE(keys.size(), 2);
    shown += keys;
    const QMap<QString, QByteArray> parts = unzipAll(writeVsdx(set, dir));
    // One picture per icon the set shows, whatever number of hosts (and legends) carry it, each a PNG.
    QStringList media;
    for (auto it = parts.begin(); it != parts.end(); ++it)
        if (it.key().startsWith(u"visio/media/"_s)) {
            media << it.key();
            EXPECT_FALSE(QImage::fromData(it.value(), "PNG").isNull()) << it.key().toStdString();
        }
    EXPECT_EQ(media.size(), shown.size());
    const QDomDocument types = parsed(parts.value(u"[Content_Types].xml"_s), u"[Content_Types].xml"_s);
    bool png = false;
    for (const QDomElement& d : elements(types, u"Default"_s))
        png = png ||
              (d.attribute(u"Extension"_s) == u"png"_s && d.attribute(u"ContentType"_s) == u"image/png"_s);
    EXPECT_TRUE(png) << "no content type for the pictures";
    // Each host with an icon is a group holding a picture whose relationship (from its page) leads to
    // the icon's one part; the same icon always to the same part, different icons to different parts.
    QHash<QString, QString> partOfIcon;
    int pictures = 0;
    for (size_t p = 0; p < set.pages.size(); ++p) {
        const QString name = u"visio/pages/page%1.xml"_s.arg(p + 1);
        const QDomDocument doc = parsed(parts.value(name), name);
        QHash<QString, QString> targets; // rId -> part
        const QString relsName = u"visio/pages/_rels/page%1.xml.rels"_s.arg(p + 1);
        if (parts.contains(relsName))
            for (const QDomElement& r :
                 elements(parsed(parts.value(relsName), relsName), u"Relationship"_s)) {
                EXPECT_EQ(r.attribute(u"Type"_s),
                          u"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"_s);
                targets.insert(r.attribute(u"Id"_s), resolveTarget(relsName, r.attribute(u"Target"_s)));
            }
        QHash<QString, QDomElement> hostByName;
        for (const QDomElement& s : elements(doc, u"Shape"_s))
            for (const QDomElement& row : elements(s, u"Row"_s))
                if (row.attribute(u"N"_s) == u"Name"_s)
                    hostByName.insert(
                        row.firstChildElement(u"Cell"_s).nextSiblingElement(u"Cell"_s).attribute(u"V"_s), s);
        for (const PageNode& n : set.pages[p].nodes) {
            const QDomElement host = hostByName.value(n.name);
            ASSERT_FALSE(host.isNull()) << n.name.toStdString();
            const QList<QDomElement> rels = elements(host, u"Rel"_s);
            if (n.iconKey.isEmpty()) {
                EXPECT_TRUE(rels.isEmpty()) << n.name.toStdString();
                continue;
            }
            ASSERT_EQ(rels.size(), 1) << n.name.toStdString();
            EXPECT_EQ(host.attribute(u"Type"_s), u"Group"_s);
            const QDomElement foreign = rels.front().parentNode().toElement();
            EXPECT_EQ(foreign.attribute(u"ForeignType"_s), u"Bitmap"_s);
            EXPECT_EQ(foreign.parentNode().toElement().attribute(u"Type"_s), u"Foreign"_s);
            const QString part = targets.value(rels.front().attributeNS(
                u"http://schemas.openxmlformats.org/officeDocument/2006/relationships"_s, u"id"_s));
            EXPECT_TRUE(media.contains(part)) << n.name.toStdString() << " -> " << part.toStdString();
            EXPECT_EQ(partOfIcon.value(n.iconKey, part), part) << n.iconKey.toStdString();
            partOfIcon.insert(n.iconKey, part);
            ++pictures;
        }
    }
    EXPECT_EQ(QSet<QString>(partOfIcon.begin(), partOfIcon.end()).size(), keys.size());
    EXPECT_GT(pictures, keys.size());
}

// A draw.io file as a reader sees it: per diagram, the cells by id.
struct DrawioPage
{
    QString name;
    QSizeF size;
    QHash<QString, QDomElement> cells;   // the mxCell of every id
    QHash<QString, QDomElement> objects; // the <object> around a cell, by id
};

QList<DrawioPage> readDrawio(const QByteArray& xml)
{
    QList<DrawioPage> pages;
    const QDomDocument doc = parsed(xml, u"drawio"_s);
    EXPECT_EQ(doc.documentElement().tagName(), u"mxfile"_s);
    for (const QDomElement& d : elements(doc, u"diagram"_s)) {
        DrawioPage page;
        page.name = d.attribute(u"name"_s);
        const QDomElement model = d.firstChildElement(u"mxGraphModel"_s);
        page.size =
            QSizeF(model.attribute(u"pageWidth"_s).toDouble(), model.attribute(u"pageHeight"_s).toDouble());
        for (const QDomElement& c : elements(model, u"mxCell"_s)) {
            const QDomElement parent = c.parentNode().toElement();
            const bool wrapped = parent.tagName() == u"object"_s;
            const QString id = wrapped ? parent.attribute(u"id"_s) : c.attribute(u"id"_s);
            EXPECT_FALSE(page.cells.contains(id)) << "duplicate id " << id.toStdString();
            page.cells.insert(id, c);
            if (wrapped)
                page.objects.insert(id, parent);
        }
        pages << page;
    }
    return pages;
}

QRectF absoluteBox(const DrawioPage& page, const QString& id)
{
    const QDomElement cell = page.cells.value(id);
    const QDomElement g = cell.firstChildElement(u"mxGeometry"_s);
    QRectF box(g.attribute(u"x"_s).toDouble(), g.attribute(u"y"_s).toDouble(),
               g.attribute(u"width"_s).toDouble(), g.attribute(u"height"_s).toDouble());
    const QString parent = cell.attribute(u"parent"_s);
    if (page.cells.contains(parent) && page.cells.value(parent).attribute(u"vertex"_s) == u"1"_s)
        box.translate(absoluteBox(page, parent).topLeft());
    return box;
}

QByteArray drawio(const DiagramSet& set)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QString error;
    EXPECT_TRUE(writeDiagramSetDrawio(set, buffer, &error)) << error.toStdString();
    return bytes;
}

TEST(DrawioExport, EdgesJoinVerticesAndVerticesLieOnTheirPage)
{
    const DiagramSet set = sampleSet({u"PRI01"_s, u"SQL01"_s, u"corp"_s, u"DP01"_s, u"DC01"_s});
    const QList<DrawioPage> pages = readDrawio(drawio(set));
    ASSERT_EQ(pages.size(), qsizetype(set.pages.size()));
    for (qsizetype p = 0; p < pages.size(); ++p) {
        const DrawioPage& page = pages.at(p);
        const DiagramPage& paper = set.pages[size_t(p)];
        EXPECT_EQ(page.name, paper.title);
        int edges = 0, hosts = 0;
        for (auto it = page.cells.begin(); it != page.cells.end(); ++it) {
            const QDomElement& cell = it.value();
            if (cell.attribute(u"edge"_s) == u"1"_s) {
                ++edges;
                for (const QString& end : {u"source"_s, u"target"_s}) {
                    const QString id = cell.attribute(end);
                    EXPECT_TRUE(page.cells.contains(id) &&
                                page.cells.value(id).attribute(u"vertex"_s) == u"1"_s)
                        << it.key().toStdString() << " " << end.toStdString() << " '" << id.toStdString()
                        << "'";
                }
            } else if (cell.attribute(u"vertex"_s) == u"1"_s) {
                const QRectF box = absoluteBox(page, it.key());
                EXPECT_TRUE(QRectF(QPointF(0, 0), page.size).contains(box))
                    << it.key().toStdString() << " outside the page";
                const QString parent = cell.attribute(u"parent"_s);
                EXPECT_TRUE(parent == u"1"_s ||
                            page.cells.value(parent).attribute(u"style"_s).contains(u"container=1"_s))
                    << it.key().toStdString() << " in a parent that is no container";
                hosts += page.objects.value(it.key()).hasAttribute(u"zone"_s);
            }
        }
        EXPECT_EQ(edges, qsizetype(paper.edges.size()));
        EXPECT_EQ(hosts, qsizetype(paper.nodes.size()));
        // Hosts where the paper has them, in the frame that holds them, with their data.
        for (size_t i = 0; i < paper.nodes.size(); ++i) {
            const QString id = u"p%1-n%2"_s.arg(p + 1).arg(i);
            EXPECT_EQ(absoluteBox(page, id), paper.nodes[i].box);
            const QDomElement object = page.objects.value(id);
            EXPECT_EQ(object.attribute(u"zone"_s), paper.nodes[i].zone);
            EXPECT_EQ(object.attribute(u"site"_s), paper.nodes[i].site);
            EXPECT_EQ(object.attribute(u"roles"_s), paper.nodes[i].roles);
            EXPECT_EQ(object.attribute(u"address"_s), paper.nodes[i].address);
        }
        EXPECT_EQ(page.cells.value(u"p%1-n0"_s.arg(p + 1)).attribute(u"parent"_s), u"p%1-f1"_s.arg(p + 1))
            << "the host is inside the zone band, the band inside the site frame";
        EXPECT_EQ(page.cells.value(u"p%1-f1"_s.arg(p + 1)).attribute(u"parent"_s), u"p%1-f0"_s.arg(p + 1));
        // Labels, arrows per direction, colours and bends.
        for (size_t i = 0; i < paper.edges.size(); ++i) {
            const PageEdge& e = paper.edges[i];
            const QString id = u"p%1-e%2"_s.arg(p + 1).arg(i);
            const QString style = page.cells.value(id).attribute(u"style"_s);
            EXPECT_EQ(page.objects.value(id).attribute(u"label"_s), e.shown);
            EXPECT_EQ(page.objects.value(id).attribute(u"ports"_s), e.label);
            EXPECT_EQ(style.contains(u"endArrow=block"_s), e.toForward) << style.toStdString();
            EXPECT_EQ(style.contains(u"startArrow=block"_s), e.toBackward) << style.toStdString();
            EXPECT_TRUE(style.contains(u"strokeColor="_s + e.colour.name())) << style.toStdString();
            EXPECT_EQ(elements(page.cells.value(id), u"mxPoint"_s).size() - 1,
                      std::max<qsizetype>(0, e.line.size() - 2))
                << "a waypoint per bend (and the label's offset)";
        }
    }
}

TEST(DrawioExport, HostsCarryTheIconThePaperDraws)
{
    DiagramSet set = sampleSet({u"PRI01"_s, u"SQL01"_s, u"corp"_s, u"DP01"_s, u"DC01"_s});
    set.pages[0].nodes[1].iconKey = u"sql_server"_s;
    set.pages[0].nodes[2].iconKey.clear(); // a box with no icon on paper has none in draw.io
    const QList<DrawioPage> pages = readDrawio(drawio(set));
    ASSERT_EQ(pages.size(), qsizetype(set.pages.size()));
    int icons = 0;
    for (qsizetype p = 0; p < pages.size(); ++p)
        for (size_t i = 0; i < set.pages[size_t(p)].nodes.size(); ++i) {
            const QString key = set.pages[size_t(p)].nodes[i].iconKey;
            const QString style =
                pages.at(p).cells.value(u"p%1-n%2"_s.arg(p + 1).arg(i)).attribute(u"style"_s);
            const QString prefix = u"image=data:image/svg+xml,"_s;
            const qsizetype at = style.indexOf(prefix);
            if (key.isEmpty()) {
                EXPECT_EQ(at, -1) << style.toStdString();
                continue;
            }
            ASSERT_GE(at, 0) << style.toStdString();
            EXPECT_TRUE(style.contains(u"shape=label;"_s))
                << "draw.io draws a style's image on a label shape";
            const qsizetype end = style.indexOf(u';', at);
            QFile svg(u":/icons/%1.svg"_s.arg(key));
            ASSERT_TRUE(svg.open(QIODevice::ReadOnly));
            EXPECT_EQ(
                QByteArray::fromBase64(style.mid(at + prefix.size(), end - at - prefix.size()).toLatin1()),
                svg.readAll())
                << key.toStdString();
            ++icons;
        }
    EXPECT_GT(icons, 2);
}

TEST(DrawioExport, HostileNamesStayText)
{
    const DiagramSet set = sampleSet(kHostile);
    const QByteArray xml = drawio(set);
    const QList<DrawioPage> pages = readDrawio(xml);
    ASSERT_EQ(pages.size(), 2);
    EXPECT_TRUE(elements(parsed(xml, u"drawio"_s), u"script"_s).isEmpty());
    QString texts;
    for (const DrawioPage& page : pages) {
        texts += page.name + u'\n';
        for (const QDomElement& o : page.objects)
            texts += o.attribute(u"label"_s) + u'\n' + o.attribute(u"name"_s) + u'\n' +
                     o.attribute(u"zone"_s) + u'\n';
        for (const QDomElement& c : page.cells) {
            texts += c.attribute(u"value"_s) + u'\n';
            // No text reaches a style, where a ';' or '=' would be read as a setting.
            EXPECT_FALSE(c.attribute(u"style"_s).contains(u"srv"_s));
            EXPECT_TRUE(c.attribute(u"style"_s).contains(u"html=0"_s) || c.attribute(u"style"_s).isEmpty() ||
                        c.attribute(u"style"_s).startsWith(u"shape=line"_s))
                << c.attribute(u"style"_s).toStdString();
        }
    }
    for (const QString& name : kHostile)
        EXPECT_TRUE(texts.contains(shownAs(name))) << name.toStdString();
}

} // namespace
} // namespace portolan

namespace portolan {
namespace {

// What a reader shows of a text: its words, white space aside (lines wrap in boxes).
QString squeezed(QString text)
{
    text.remove(QRegularExpression(u"\\s+"_s));
    return text;
}

// The sample set and every example's diagram set, as `portolan export --format vsdx` (or drawio)
// builds them, each with its name.
std::vector<std::pair<QString, DiagramSet>> sampleAndExampleSets()
{
    std::vector<std::pair<QString, DiagramSet>> sets;
    sets.emplace_back(u"sample"_s, sampleSet({u"PRI01"_s, u"SQL01"_s, u"corp"_s, u"DP01"_s, u"DC01"_s}));
    for (const QString& example : test::exampleNames()) {
        const test::LoadedExample loaded = test::loadExample(example);
        sets.emplace_back(QFileInfo(example).completeBaseName(),
                          buildDiagramSet(*loaded.doc, *loaded.engine, {}));
    }
    return sets;
}

struct ReadBack
{
    QString text;
    int pages = 0;
};

// Converts every VSDX to PDF in one LibreOffice run (its start-up is most of the time) and
// reads each PDF's text and page count with poppler.
std::vector<ReadBack> readWithLibreOffice(const QStringList& files, const QTemporaryDir& dir)
{
    std::vector<ReadBack> out(size_t(files.size()));
    const QString soffice = QStandardPaths::findExecutable(u"soffice"_s);
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    const QString pdfinfo = QStandardPaths::findExecutable(u"pdfinfo"_s);
    EXPECT_FALSE(soffice.isEmpty())
        << "LibreOffice Draw (libreoffice-draw-nogui) is needed; scripts/run-tests installs it";
    EXPECT_FALSE(pdftotext.isEmpty() || pdfinfo.isEmpty()) << "poppler-utils is needed";
    if (soffice.isEmpty() || pdftotext.isEmpty() || pdfinfo.isEmpty())
        return out;
    QString output;
    const int code = test::runTool(
        soffice,
        QStringList{u"-env:UserInstallation=file://"_s + dir.filePath(u"profile"_s), u"--headless"_s,
                    u"--convert-to"_s, u"pdf"_s, u"--outdir"_s, dir.filePath(u"pdf"_s)} +
            files,
        &output, 240000);
    EXPECT_EQ(code, 0) << output.toStdString();
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString pdf = dir.filePath(u"pdf/"_s + QFileInfo(files.at(i)).completeBaseName() + u".pdf"_s);
        EXPECT_TRUE(QFileInfo::exists(pdf)) << pdf.toStdString() << "\n" << output.toStdString();
        QString text, info;
        // -raw: in the order drawn, so that a label crossing another stays whole.
        test::runTool(pdftotext, {u"-raw"_s, u"-enc"_s, u"UTF-8"_s, pdf, u"-"_s}, &text);
        test::runTool(pdfinfo, {pdf}, &info);
        out[size_t(i)].text = text;
        out[size_t(i)].pages = QRegularExpression(u"Pages:\\s+(\\d+)"_s).match(info).captured(1).toInt();
    }
    return out;
}

void expectReadBack(const DiagramSet& set, const ReadBack& read, const QString& what)
{
    EXPECT_EQ(read.pages, qsizetype(set.pages.size())) << what.toStdString();
    const QString text = squeezed(read.text);
    for (const DiagramPage& page : set.pages) {
        for (const PageNode& n : page.nodes)
            EXPECT_TRUE(text.contains(squeezed(n.name)))
                << what.toStdString() << ": host " << n.name.toStdString();
        // Each direction's ports (the arrows point as the page is drawn, the table's from its row's
        // source: they may differ).
        for (const PageEdge& e : page.edges) {
            for (const QString& ports : e.label.split(QRegularExpression(u"[→←↑↓↔]"_s), Qt::SkipEmptyParts)) {
                if (!ports.trimmed().isEmpty()) {
                    EXPECT_TRUE(text.contains(squeezed(ports)))
                        << what.toStdString() << ": label " << e.label.toStdString() << " shown as "
                        << e.shown.toStdString();
                }
            }
        }
    }
}

TEST(VisioExport, LibreOfficeReadsEveryPageHostAndPortLabel)
{
    QTemporaryDir dir;
    const std::vector<std::pair<QString, DiagramSet>> sets = sampleAndExampleSets();
    for (size_t i = 1; i < sets.size(); ++i) // each example's: contents, overview, its sites...
        EXPECT_GT(sets[i].second.pages.size(), 2u) << sets[i].first.toStdString();
    QStringList files;
    for (const auto& [name, set] : sets)
        files << writeVsdx(set, dir, name + u".vsdx"_s);
    const std::vector<ReadBack> read = readWithLibreOffice(files, dir);
    for (size_t i = 0; i < sets.size(); ++i)
        expectReadBack(sets[i].second, read[i], sets[i].first);
}

// draw.io's own reader: mxGraph's mxCodec (the model code draw.io is built on, tests/drawio-reader)
// decodes every page of every example's file in its own document, as draw.io reads a diagram; every
// cell decodes, each vertex with its geometry inside its page, each edge with its source and target
// cells. A copy with one edge's target renamed shows the check sees a line that leads nowhere.
TEST(DrawioExport, DrawiosOwnModelCodeDecodesEveryPageOfEveryExample)
{
    if (test::nodeProgram().isEmpty())
        GTEST_SKIP() << "node (Debian package nodejs) is not installed: the draw.io reader check is skipped";
    if (!QFileInfo::exists(QStringLiteral(PORTOLAN_DRAWIO_CHECK) + u"/node_modules/mxgraph"_s))
        GTEST_SKIP() << "mxgraph is not installed: run npm ci --prefix tests/drawio-reader";
    QTemporaryDir dir;
    const std::vector<std::pair<QString, DiagramSet>> sets = sampleAndExampleSets();
    QStringList files;
    for (const auto& [name, set] : sets) {
        QFile file(dir.filePath(name + u".drawio"_s));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(drawio(set));
        files << file.fileName();
    }
    const QString decode = QStringLiteral(PORTOLAN_DRAWIO_CHECK) + u"/decode.cjs"_s;
    QString output;
    ASSERT_EQ(test::runTool(test::nodeProgram(), QStringList{decode} + files, &output), 0)
        << output.toStdString();
    // A line per page: "FILE page N (TITLE): C cells, V vertices, E edges decoded".
    const QRegularExpression line(
        u"^(.*) page (\\d+) \\(.*\\): (\\d+) cells, (\\d+) vertices, (\\d+) edges decoded$"_s,
        QRegularExpression::MultilineOption);
    QHash<QString, QHash<int, int>> edges; // file -> page -> edges decoded
    for (auto m = line.globalMatch(output); m.hasNext();) {
        const QRegularExpressionMatch match = m.next();
        edges[match.captured(1)][match.captured(2).toInt()] = match.captured(5).toInt();
    }
    for (size_t s = 0; s < sets.size(); ++s) {
        const DiagramSet& set = sets[s].second;
        ASSERT_EQ(edges.value(files[qsizetype(s)]).size(), qsizetype(set.pages.size()))
            << output.toStdString();
        for (size_t p = 0; p < set.pages.size(); ++p)
            EXPECT_EQ(edges.value(files[qsizetype(s)]).value(int(p + 1)), int(set.pages[p].edges.size()))
                << sets[s].first.toStdString() << " page " << p + 1;
    }
    // The check fails a file whose line leads to no vertex.
    QByteArray broken = drawio(sets.front().second);
    const qsizetype at = broken.indexOf(" target=\"");
    ASSERT_GE(at, 0);
    broken.insert(at + 9, "nowhere-");
    QFile file(dir.filePath(u"broken.drawio"_s));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(broken);
    file.close();
    EXPECT_EQ(test::runTool(test::nodeProgram(), {decode, file.fileName()}, &output), 1)
        << output.toStdString();
    EXPECT_TRUE(output.contains(u"is not joined to two vertices"_s)) << output.toStdString();
}

// The legend is made in one place (drawing/legend.h) and says the same in every output: the PDF and
// SVG pages and the canvas paint it, Visio and draw.io write it, each with every row's words (draw.io
// and Visio once left out the designer's links and the kinds of box, the PDF what a dashed box means).
TEST(DiagramExport, TheLegendSaysTheSameInEveryOutput)
{
    const DiagramSet set = sampleSet({u"PRI01"_s, u"SQL01"_s, u"corp"_s});
    const QRectF legend = set.pages.front().legend;
    ASSERT_FALSE(legend.isNull());
    QStringList words;
    for (const LegendRow& row : legendRows(legend))
        words << row.text;
    for (const QString& expected : {u"Link drawn by the designer"_s, u"Drawn in full elsewhere"_s,
                                    u"Server (its main role)"_s, u"↔ or ↕: the same ports both ways"_s})
        EXPECT_TRUE(words.contains(expected)) << expected.toStdString();

    const auto textsOf = [](const QDomDocument& doc, const QString& tag) {
        QString texts;
        for (const QDomElement& e : elements(doc, tag))
            texts += e.text() + u'\n';
        return texts;
    };
    QBuffer svg;
    svg.open(QIODevice::WriteOnly);
    {
        QSvgGenerator generator;
        generator.setOutputDevice(&svg);
        generator.setSize(QSize(400, 200));
        QPainter painter(&generator);
        paintLegend(&painter, QRectF(0, 0, legend.width(), legend.height()));
    }
    const QString painted = textsOf(parsed(svg.data(), u"legend.svg"_s), u"text"_s);

    QTemporaryDir dir;
    const QMap<QString, QByteArray> parts = unzipAll(writeVsdx(set, dir));
    const QString visio = textsOf(parsed(parts.value(u"visio/pages/page1.xml"_s), u"page1.xml"_s), u"Text"_s);

    QString drawn;
    const QList<DrawioPage> pages = readDrawio(drawio(set));
    ASSERT_FALSE(pages.isEmpty());
    for (const QDomElement& c : pages.front().cells)
        drawn += c.attribute(u"value"_s) + u'\n';

    for (const QString& w : std::as_const(words)) {
        EXPECT_TRUE(painted.contains(w)) << "PDF, SVG and canvas: " << w.toStdString();
        EXPECT_TRUE(visio.contains(w)) << "Visio: " << w.toStdString();
        EXPECT_TRUE(drawn.contains(w)) << "draw.io: " << w.toStdString();
    }
}

} // namespace
} // namespace portolan
