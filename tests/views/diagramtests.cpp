// Diagram exports, headless: the PDF's text holds every host name, the SVG
// parses and holds every edge label, the PNG is the stated size and not blank,
// and tiles and the flow appendix add pages.
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"
#include "flows/flowengine.h"
#include "render/diagram.h"

#include "testsupport.h"

#include <gtest/gtest.h>

#include <QDir>
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

TEST(DiagramExport, PdfTextHoldsEveryHostName)
{
    const QString pdftotext = tool(u"pdftotext"_s);
    ASSERT_FALSE(pdftotext.isEmpty()) << "pdftotext (poppler-utils) is needed; scripts/run-tests installs it";
    QTemporaryDir dir;
    for (const QString& name : examples()) {
        const Loaded l = load(name);
        const QString pdf = dir.filePath(name + u".pdf"_s);
        QString error;
        ASSERT_TRUE(writeDiagramPdf(Diagram(*l.doc, *l.engine), pdf, PageOptions{}, &error))
            << error.toStdString();
        const QString text = run(pdftotext, {u"-raw"_s, pdf, u"-"_s});
        for (const auto& [id, n] : l.doc->nodes())
            EXPECT_TRUE(text.contains(n.name)) << name.toStdString() << ": " << n.name.toStdString();
        EXPECT_TRUE(text.contains(l.doc->info().name)) << "title block";
        // Every port of every edge is on the page: on its label, or, for a label shortened
        // to fit, in the list under the drawing.
        QString flat = text;
        flat.remove(QRegularExpression(u"\\s"_s));
        for (const Edge& e : l.engine->edges()) {
            QString label = flowLabel(e.flows);
            label.remove(QRegularExpression(u"\\s"_s));
            EXPECT_TRUE(flat.contains(label))
                << name.toStdString() << ": " << flowLabel(e.flows).toStdString();
        }
        EXPECT_TRUE(text.contains(u"Legend"_s));
        const QString info = run(tool(u"pdfinfo"_s), {pdf});
        EXPECT_TRUE(info.contains(u"Pages:           1"_s)) << info.toStdString();
        EXPECT_TRUE(info.contains(u"1191 x 842 pts (A3)"_s))
            << "A3 landscape by default: " << info.toStdString();
    }
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
        for (const Edge& e : l.engine->edges())
            EXPECT_TRUE(texts.contains(flowLabel(e.flows)))
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
            const QSizeF logical(qMax(diagram.bounds().width(), 720.0),
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
