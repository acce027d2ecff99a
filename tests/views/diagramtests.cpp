// Diagram exports, headless: the PDF's text holds every host name, the SVG
// parses and holds every edge label, the PNG is the stated size and not blank,
// and tiles and the flow appendix add pages.
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"
#include "drawing/diagram.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"

#include "testsupport.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

using Loaded = portolan::test::LoadedExample;

Loaded load(const QString& name)
{
    return portolan::test::loadExample(name);
}

QString tool(const QString& name)
{
    return QStandardPaths::findExecutable(name);
}

QString run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

QStringList examples()
{
    return portolan::test::exampleNames();
}

} // namespace

TEST(DiagramExport, PdfTextHoldsEveryHostNameAndEveryPortOfEveryEdge)
{
    const QString pdftotext = tool(u"pdftotext"_s);
    ASSERT_FALSE(pdftotext.isEmpty()) << "pdftotext (poppler-utils) is needed; scripts/run-tests installs it";
    QTemporaryDir dir;
    int shortened = 0;
    for (const QString& name : examples()) {
        SCOPED_TRACE(name.toStdString());
        const Loaded l = load(name);
        const QString pdf = dir.filePath(name + u".pdf"_s);
        const Diagram diagram(*l.doc, *l.engine);
        QString error;
        ASSERT_TRUE(writeDiagramPdf(diagram, pdf, PageOptions{}, &error)) << error.toStdString();
        const QString text = run(pdftotext, {u"-raw"_s, pdf, u"-"_s});
        for (const auto& [id, n] : l.doc->nodes())
            EXPECT_TRUE(text.contains(n.name)) << n.name.toStdString();
        EXPECT_TRUE(text.contains(l.doc->info().name)) << "title block";
        // Every port of every edge can be read: on its label, or, for a label shortened to fit
        // ("TCP 135 +3 [2]"), beside each of the edge's flows in the appendix, under its number.
        QString flat = text;
        flat.remove(QRegularExpression(u"\\s"_s));
        const QString joined = QString(text).replace(u'\n', u' ');
        const QList<FlowListRow> rows = buildFlowList(*l.doc, *l.engine);
        for (const Edge& e : l.engine->edges()) {
            const int callout = diagram.calloutOf(e.source, e.destination);
            if (callout == 0) {
                QString label = flowLabel(e.flows);
                label.remove(QRegularExpression(u"\\s"_s));
                EXPECT_TRUE(flat.contains(label)) << flowLabel(e.flows).toStdString();
                continue;
            }
            ++shortened;
            const QString mark = u"[%1]"_s.arg(callout);
            // The line carries both directions of its pair of hosts.
            const auto ofTheLine = [&](const FlowListRow& r) {
                return (r.source == e.source && r.destination == e.destination) ||
                       (r.source == e.destination && r.destination == e.source);
            };
            EXPECT_EQ(text.count(mark), 1 + int(std::count_if(rows.begin(), rows.end(), ofTheLine)))
                << "once on the drawing, then once per flow of the line in the appendix";
            for (const FlowListRow& r : rows) {
                if (r.source != e.source || r.destination != e.destination)
                    continue;
                // The row: the number, the source, the destination, protocol and port, each host's
                // address and zone under its name (pdftotext reads them as lines of their own).
                const auto where = [](const QString& address, const QString& zone) {
                    return address.isEmpty() || zone.isEmpty() ? address + zone : address + u" · "_s + zone;
                };
                QStringList parts = {mark,
                                     r.sourceName,
                                     where(r.sourceAddress, r.sourceZone),
                                     r.destinationName,
                                     where(r.destinationAddress, r.destinationZone),
                                     r.protocol,
                                     r.port};
                parts.removeAll(QString());
                const QString want = parts.join(u' ');
                EXPECT_TRUE(joined.contains(want)) << want.toStdString();
            }
        }
        EXPECT_TRUE(text.contains(u"Legend"_s));
        const QString info = run(tool(u"pdfinfo"_s), {pdf});
        const QPageLayout layout(QPageSize(QPageSize::A3), QPageLayout::Landscape, QMarginsF(28, 28, 28, 28));
        EXPECT_TRUE(info.contains(u"Pages:           %1\n"_s.arg(diagram.pageCount(layout, PageOptions{}))))
            << info.toStdString();
        EXPECT_TRUE(info.contains(u"1191 x 842 pts (A3)"_s))
            << "A3 landscape by default: " << info.toStdString();
        EXPECT_FALSE(text.contains(u"Labels shortened on the drawing, in full"_s) &&
                     text.indexOf(u"Labels shortened on the drawing, in full"_s) < text.indexOf(u"Legend"_s))
            << "no list under the drawing on paper";
    }
    EXPECT_GT(shortened, 0) << "the examples have labels too long for their place";
}

TEST(DiagramExport, TilesAndAppendixAddPagesWithRepeatedHeaders)
{
    QTemporaryDir dir;
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    PageOptions pages;
    pages.pageSize = QPageSize::A4;
    pages.orientation = QPageLayout::Portrait;
    pages.scale = 1.0;
    pages.flowAppendix = true;
    const QString pdf = dir.filePath(u"tiled.pdf"_s);
    const Diagram diagram(*l.doc, *l.engine);
    QString error;
    ASSERT_TRUE(writeDiagramPdf(diagram, pdf, pages, &error)) << error.toStdString();
    const QString info = run(tool(u"pdfinfo"_s), {pdf});
    const QPageLayout layout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(28, 28, 28, 28));
    const int expected = diagram.pageCount(layout, pages);
    EXPECT_GT(expected, 4);
    EXPECT_TRUE(info.contains(u"Pages:           %1\n"_s.arg(expected))) << info.toStdString();
    EXPECT_TRUE(info.contains(u"(A4)"_s));
    const QString text = run(tool(u"pdftotext"_s), {pdf, u"-"_s});
    EXPECT_GE(text.count(u"Reference"_s), 2) << "the appendix header repeats on every page";
    EXPECT_TRUE(text.contains(u"Row 1, column 1"_s)) << "tiles are numbered";
    EXPECT_TRUE(text.contains(u"Service Broker"_s)) << "flows are in the appendix";
}

// The single drawing's pages hold the title block and, on the first, the legend apart from each
// other and from the drawing on every paper: on A4 or Letter portrait, too narrow for both side by
// side, the legend used to cover the design's name in the title block.
TEST(DiagramExport, TheLegendAndTheTitleBlockLieApartOnEveryPaper)
{
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    const Diagram diagram(*l.doc, *l.engine);
    for (const auto& [size, orientation] :
         {std::pair(QPageSize::A3, QPageLayout::Landscape), std::pair(QPageSize::A4, QPageLayout::Portrait),
          std::pair(QPageSize::A4, QPageLayout::Landscape),
          std::pair(QPageSize::Letter, QPageLayout::Portrait)}) {
        const QPageLayout layout(QPageSize(size), orientation, QMarginsF(28, 28, 28, 28));
        const QRectF page(QPointF(0, 0), layout.paintRect(QPageLayout::Point).size());
        for (const bool first : {true, false}) {
            SCOPED_TRACE(QPageSize::name(size).toStdString() +
                         (orientation == QPageLayout::Portrait ? " portrait" : " landscape") +
                         (first ? ", first page" : ", a later page"));
            const Diagram::PageFurniture at = diagram.pageFurniture(page.size(), first);
            EXPECT_TRUE(page.contains(at.titleBlock));
            EXPECT_TRUE(page.contains(at.drawing));
            EXPECT_GT(at.drawing.height(), page.height() / 2);
            EXPECT_FALSE(at.drawing.intersects(at.titleBlock));
            EXPECT_EQ(at.legend.isNull(), !first);
            if (first) {
                EXPECT_TRUE(page.contains(at.legend));
                EXPECT_FALSE(at.legend.intersects(at.titleBlock));
                EXPECT_FALSE(at.drawing.intersects(at.legend));
            }
        }
    }
}

TEST(DiagramExport, TheFlowAppendixListsAddressesAndZones)
{
    // The network team opens ports by address: under each name, its address and zone.
    QTemporaryDir dir;
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    PageOptions pages;
    pages.pageSize = QPageSize::A3;
    pages.flowAppendix = true;
    const QString pdf = dir.filePath(u"appendix.pdf"_s);
    QString error;
    ASSERT_TRUE(writeDiagramPdf(Diagram(*l.doc, *l.engine), pdf, pages, &error)) << error.toStdString();
    const QString text = run(tool(u"pdftotext"_s), {u"-raw"_s, pdf, u"-"_s});
    const QString appendix = text.mid(text.indexOf(u"Flows of "_s));
    ASSERT_FALSE(appendix.isEmpty());
    int checked = 0;
    for (const FlowListRow& row : buildFlowList(*l.doc, *l.engine)) {
        for (const auto& [address, zone] : {std::pair{row.sourceAddress, row.sourceZone},
                                            std::pair{row.destinationAddress, row.destinationZone}}) {
            if (address.isEmpty() || address.contains(u','))
                continue; // several subnets may be elided in their column
            EXPECT_TRUE(appendix.contains(address + u" · "_s + zone))
                << (address + u" · "_s + zone).toStdString();
            ++checked;
        }
    }
    EXPECT_GT(checked, 50);
    EXPECT_TRUE(appendix.contains(u"10.0.2.14 · Datacenter"_s)) << "p01-dp's address and zone";
}

// Each tile of a drawing printed large holds what falls on it, not the whole drawing clipped
// away: a tiled PDF of the CAS example on 27 A4 pages was 7 times the fitted one, and the medium
// hierarchy's 452 tiles took minutes. The pages look the same either way.
TEST(DiagramExport, TilesHoldOnlyWhatFallsOnThem)
{
    QTemporaryDir dir;
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    const Diagram diagram(*l.doc, *l.engine);
    PageOptions pages;
    pages.pageSize = QPageSize::A4;
    QString error;
    const QString fitted = dir.filePath(u"fitted.pdf"_s);
    ASSERT_TRUE(writeDiagramPdf(diagram, fitted, pages, &error)) << error.toStdString();
    pages.scale = 2.0;
    const QString tiled = dir.filePath(u"tiled.pdf"_s);
    ASSERT_TRUE(writeDiagramPdf(diagram, tiled, pages, &error)) << error.toStdString();
    const QPageLayout layout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(28, 28, 28, 28));
    EXPECT_GE(diagram.pageCount(layout, pages), 10);
    EXPECT_LT(QFileInfo(tiled).size(), 3 * QFileInfo(fitted).size())
        << "tiled " << QFileInfo(tiled).size() << " bytes, fitted " << QFileInfo(fitted).size();
}

TEST(DiagramExport, SvgParsesAndHoldsEveryEdgeLabel)
{
    QTemporaryDir dir;
    for (const QString& name : examples()) {
        const Loaded l = load(name);
        const QString svg = dir.filePath(name + u".svg"_s);
        QString error;
        ASSERT_TRUE(writeDiagramSvg(Diagram(*l.doc, *l.engine), svg, &error)) << error.toStdString();
        QFile file(svg);
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QStringList texts;
        QString current;
        int depth = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == u"text") {
                ++depth;
                current.clear();
            } else if (xml.isCharacters() && depth > 0) {
                current += xml.text();
            } else if (xml.isEndElement() && xml.name() == u"text") {
                --depth;
                texts << current.trimmed();
            }
        }
        ASSERT_FALSE(xml.hasError()) << xml.errorString().toStdString();
        EXPECT_TRUE(QSvgRenderer(svg).isValid());
        // One line per pair of hosts: a direction's ports are the label, or one side of it behind
        // the arrow that points the way they go, or, the same both ways, behind a two-way arrow.
        const auto holds = [&texts](const QString& ports) {
            return std::any_of(texts.begin(), texts.end(), [&](const QString& t) {
                if (t == ports || t == u"↔ "_s + ports || t == u"↕ "_s + ports)
                    return true;
                for (const QString& arrow : {u"→"_s, u"←"_s, u"↑"_s, u"↓"_s})
                    if (t.startsWith(arrow + u' ' + ports + u"  "_s) ||
                        t.endsWith(u"  "_s + arrow + u' ' + ports))
                        return true;
                return false;
            });
        };
        for (const Edge& e : l.engine->edges())
            EXPECT_TRUE(holds(flowLabel(e.flows)))
                << name.toStdString() << ": " << flowLabel(e.flows).toStdString();
    }
}

TEST(DiagramExport, PngHasTheStatedSizeAndIsNotBlank)
{
    QTemporaryDir dir;
    for (const QString& name : examples()) {
        const Loaded l = load(name);
        const Diagram diagram(*l.doc, *l.engine);
        for (const int dpi : {96, 192}) {
            const QString png = dir.filePath(u"%1-%2.png"_s.arg(name).arg(dpi));
            QString error;
            ASSERT_TRUE(writeDiagramPng(diagram, png, ImageOptions{dpi, false}, &error))
                << error.toStdString();
            QImage image(png);
            ASSERT_FALSE(image.isNull());
            // At least wide enough for the legend beside the title block (708 pt of 0.75 px).
            const QSizeF logical(qMax(diagram.bounds().width(), 944.0),
                                 diagram.bounds().height() + (Diagram::titleBlockSize().height() + 8) / 0.75);
            EXPECT_EQ(image.size(), (logical * (dpi / 96.0)).toSize()) << name.toStdString();
            EXPECT_EQ(qRound(image.dotsPerMeterX() * 0.0254), dpi);
            int ink = 0;
            for (int y = 0; y < image.height(); y += 3)
                for (int x = 0; x < image.width(); x += 3)
                    ink += qGray(image.pixel(x, y)) < 200;
            EXPECT_GT(ink, 500) << name.toStdString();
        }
    }
    QString error;
    const Loaded l = load(u"lab.portolan"_s);
    EXPECT_FALSE(
        writeDiagramPng(Diagram(*l.doc, *l.engine), u"/no/such/dir/x.png"_s, ImageOptions{}, &error));
    EXPECT_TRUE(error.startsWith(u"/no/such/dir/x.png: cannot write"_s)) << error.toStdString();
}

TEST(DiagramExport, SelectionOnlyDrawsTheSelectedNodes)
{
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    const int ss = l.doc->nodeByKey(u"p01-ss");
    const int sql = l.doc->nodeByKey(u"p01-sql");
    DiagramOptions options;
    options.nodes = {ss, sql};
    const Diagram part(*l.doc, *l.engine, options);
    const Diagram whole(*l.doc, *l.engine);
    EXPECT_LT(part.bounds().width() * part.bounds().height(),
              whole.bounds().width() * whole.bounds().height());
    QTemporaryDir dir;
    QString error;
    const QString pdf = dir.filePath(u"part.pdf"_s);
    ASSERT_TRUE(writeDiagramPdf(part, pdf, PageOptions{}, &error));
    const QString text = run(tool(u"pdftotext"_s), {pdf, u"-"_s});
    EXPECT_TRUE(text.contains(u"p01-ss.corp.contoso.com"_s));
    EXPECT_FALSE(text.contains(u"p02-ss.corp.contoso.com"_s));
}
