#include "diagramexport.h"

#include "catalog/catalog.h"
#include "commands/commands.h"
#include "design/document.h"
#include "drawing/diagram.h"
#include "drawing/paper/diagramset.h"
#include "drawing/paper/diagramsetpainter.h"
#include "drawing/paper/drawiowriter.h"
#include "drawing/paper/vsdxwriter.h"
#include "export/escape.h"
#include "flows/flowengine.h"
#include "layout/autolayout.h"

#include <QGuiApplication>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

void write(QIODevice& device, const QString& text)
{
    device.write(text.toUtf8());
}

LaunchRequest exitWith(int code)
{
    return {code, {}, {}};
}

// `--site CODE`: every code names a site of the design; otherwise writes which one does not
// (and the design's codes) and returns false.
bool hasSites(const Document& document, const QString& path, const QStringList& codes, QIODevice& err)
{
    QStringList known;
    for (const auto& [id, s] : document.sites())
        known << s.code;
    for (const QString& code : codes)
        if (!known.contains(code)) {
            known.sort();
            constexpr qsizetype kNamed = 12;
            QString list = known.isEmpty() ? u"none"_s : known.mid(0, kNamed).join(u", ");
            if (known.size() > kNamed)
                list += u", … (%1 in all)"_s.arg(known.size());
            write(err,
                  escape::terminal(u"portolan: %1: no site '%2' (its sites: %3)"_s.arg(path, code, list)) +
                      u'\n');
            return false;
        }
    return true;
}

} // namespace

LaunchRequest exportDiagram(const ExportArguments& a, QIODevice& err)
{
    if (!QGuiApplication::instance()) {
        write(err, u"portolan: export: diagrams need the application to be started by main() (see portolan "
                   u"--help)\n"_s);
        return exitWith(2);
    }
    DiagramOptions diagram;
    diagram.titleBlock = a.titleBlock;
    diagram.legend = a.legend;
    PageOptions pages;
    if (!a.pageSize.isEmpty())
        pages.pageSize = *pageSizeFromName(a.pageSize);
    if (a.landscape)
        pages.orientation = *a.landscape ? QPageLayout::Landscape : QPageLayout::Portrait;
    pages.flowAppendix = a.flowAppendix;
    if (a.scale)
        pages.scale = *a.scale;
    ImageOptions image;
    if (a.dpi)
        image.dpi = *a.dpi;
    image.transparent = a.transparent;
    const QString& lower = a.format;

    Document document(Catalog::builtin());
    if (!loadDesign(document, a.path, err) || !hasSites(document, a.path, a.sites, err))
        return exitWith(2);
    if (!hasCoordinates(document)) // a generated design: draw it laid out, not piled at the origin
        LayoutCommand(document).redo();
    FlowEngine engine(document);
    QString error;
    // vsdx and drawio: the diagram set's pages as shapes and glued connectors
    // (drawing/paper/vsdxwriter.h); pdf and svg --pages: the set, unless one drawing of the whole
    // design is asked for (or tiled at a scale).
    if (lower == u"vsdx" || lower == u"drawio" || (lower == u"pdf" && !a.singlePage && pages.scale <= 0) ||
        a.svgPages) {
        DiagramSetOptions set;
        set.pageSize = pages.pageSize;
        set.orientation = pages.orientation;
        set.flowAppendix = pages.flowAppendix;
        set.singlePage = a.singlePage;
        set.date = diagram.date;
        set.sites = a.sites;
        const DiagramSet pagesSet = buildDiagramSet(document, engine, set);
        const bool ok = lower == u"vsdx"     ? writeDiagramSetVsdx(pagesSet, a.output, &error, {a.path})
                        : lower == u"drawio" ? writeDiagramSetDrawio(pagesSet, a.output, &error, {a.path})
                        : a.svgPages         ? writeDiagramSetSvgPages(pagesSet, a.output, nullptr, &error)
                                             : writeDiagramSetPdf(pagesSet, set, a.output, &error);
        if (!ok) {
            write(err, u"portolan: "_s + error + u'\n');
            return exitWith(2);
        }
        // Pages whose labels print too small to read: written all the same (the file is what was
        // asked for), and said.
        if (const QString warning = smallTextWarning(pagesSet); !warning.isEmpty())
            write(err, u"portolan: warning: "_s + warning + u'\n');
        return exitWith(0);
    }
    const Diagram picture(document, engine, diagram);
    const bool ok = lower == u"pdf"   ? writeDiagramPdf(picture, a.output, pages, &error)
                    : lower == u"svg" ? writeDiagramSvg(picture, a.output, &error)
                                      : writeDiagramPng(picture, a.output, image, &error);
    if (!ok) {
        write(err, u"portolan: "_s + error + u'\n');
        return exitWith(2);
    }
    return exitWith(0);
}

LaunchRequest runCommandLine(const QStringList& args, QIODevice& out, QIODevice& err)
{
    return runCommandLine(args, out, err, exportDiagram);
}

} // namespace portolan
