#include "commandline.h"

#include "analysis/flowdiff.h"
#include "catalog/catalog.h"
#include "checks/designchecks.h"
#include "design/designfile.h"
#include "design/document.h"
#include "export/catalogcsv.h"
#include "export/csvwriter.h"
#include "export/escape.h"
#include "export/exporter.h"
#include "export/zonerules.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "import/hierarchyimport.h"
#include "io/outputfile.h"
#include "layout/autolayout.h"
#include "verify/testresults.h"
#include "verify/verification.h"

#include <QRegularExpression>

#include <memory>

using namespace Qt::StringLiterals;

namespace portolan {

int commandExitCode(const LaunchRequest& request, QFileDevice& out, QIODevice& err)
{
    if (!out.flush() || out.error() != QFileDevice::NoError) {
        err.write(QByteArray("portolan: cannot write to standard output: ") +
                  out.errorString().toLocal8Bit() + '\n');
        return 2;
    }
    return request.exitCode.value_or(0);
}

bool loadDesign(Document& document, const QString& path, QIODevice& err)
{
    QString error;
    QStringList warnings;
    if (!DesignFile::load(document, path, &error, &warnings)) {
        err.write((u"portolan: "_s + escape::terminal(error) + u'\n').toUtf8());
        return false;
    }
    for (const QString& w : std::as_const(warnings))
        err.write((u"portolan: warning: "_s + escape::terminal(w) + u'\n').toUtf8());
    return true;
}

namespace {

bool processEndsWithCommand = false;

// A command's design and flows: freed with the command, or left to the end of the process when it
// ends with the command (not in a sanitizer build, whose leak check would report them).
struct CommandDesign
{
    std::unique_ptr<Document> document = std::make_unique<Document>(Catalog::builtin());
    std::unique_ptr<FlowEngine> engine;

    CommandDesign() = default;
    CommandDesign(const CommandDesign&) = delete;
    CommandDesign& operator=(const CommandDesign&) = delete;
    ~CommandDesign()
    {
#ifndef __SANITIZE_ADDRESS__
        if (processEndsWithCommand) {
            (void)engine.release();
            (void)document.release();
        }
#endif
    }
    FlowEngine& computeFlows(FlowEngine::Compute compute = FlowEngine::Compute::All)
    {
        engine = std::make_unique<FlowEngine>(*document, compute);
        return *engine;
    }
};

const char kUsage[] = R"(Usage: portolan [DESIGN [--results RESULTS...]]
       portolan COMMAND [ARGS]

Designs Configuration Manager hierarchies and computes the port flows they need.
With no command, opens the designer window (on DESIGN when given, with the port
test results files RESULTS imported onto it).

Commands:
  catalog                        print the port catalog as CSV
  flows DESIGN [--include-local] print the design's port flows as CSV
        [--count]                (--count: print only the number of flows, local ones apart,
                                 the count the designer shows)
  check DESIGN                   print the design's errors and warnings;
                                 exit 1 when there are errors
  layout DESIGN -o OUT.portolan  lay the design out automatically (site tiers, servers by
                                 role, client groups by their sites) and save it as OUT
  import COLLECTED -o OUT.portolan
                                 build a laid-out design from an existing hierarchy: the
                                 JSON of collect-hierarchy.ps1 or a CSV of the site system
                                 role list; prints what could not be mapped; exit 0 when
                                 everything was, 1 when the design was written without
                                 some items, 2 when nothing was written
  diff OLD NEW [--summary]       print the flows added and removed between two designs
                                 as CSV (--summary: counts per port); exit 0 when
                                 nothing changed, 1 when something did
  verify DESIGN RESULTS...       print each flow of the design with its result from port test
                                 results files (porttest -Mode Probe; docs/test-results.md);
                                 several files merge, the newest result per flow wins; rows
                                 the design does not know are listed. Exit 0 when every
                                 tested flow passed, 1 when one failed or found no responder
  export DESIGN --format FORMAT -o FILE [OPTIONS]
                                 write an export; FORMAT is one of csv, xlsx,
                                 powershell, nftables, asa, nsg, porttest, pdf, svg, png,
                                 vsdx (Visio), drawio (draw.io)
      --include-local            (csv, xlsx) include flows between roles on one server
      --crlf                     (csv) end lines with CR LF
      --no-bom                   (csv) leave out the UTF-8 byte order mark that
                                 Excel needs to read the file as UTF-8
      --sheet-per-zone           (xlsx) add one sheet per source zone
      --gpo DOMAIN\GPO           (powershell) write the rules to a Group Policy object
      --inspect-dcerpc           (asa) permit TCP 135 and inspect dcerpc instead of
                                 opening the RPC dynamic port range
      --target zone|host         (nftables) a firewall between zones (forward chain,
                                 the default) or the firewall of each host (input chain)
      --page A4|A3|Letter|Tabloid, --landscape, --portrait, --scale S
                                 (pdf) paper, orientation, and tiling at a scale
                                 (without --scale the drawing is fitted on one page)
                                 (pdf) the diagram set: contents, overview, a page per
                                 site and per pair of zones; with --scale, one drawing tiled;
                                 (vsdx, drawio) the paper of the set's pages
      --single-page              (pdf, vsdx, drawio) the whole design on one page instead
                                 of the set
      --pages                    (svg) -o names a folder: one SVG per page of the set
      --site CODE                (pdf, svg --pages, vsdx, drawio) only that site's page of the
                                 set; repeat it for more sites
      --appendix                 (pdf, vsdx, drawio) add the flow list after the diagram
      --dpi N, --transparent     (png) resolution and background
      --no-title-block, --no-legend
                                 (pdf, svg, png) leave out the title block or legend

Options:
  -h, --help         show this help and exit
  -v, --version      show the version and exit
)";

void write(QIODevice& device, const QString& text)
{
    device.write(text.toUtf8());
}

LaunchRequest exitWith(int code)
{
    return {code, {}, {}};
}

LaunchRequest usageError(QIODevice& err, const QString& message)
{
    write(err, u"portolan: %1 (see portolan --help)\n"_s.arg(message));
    return exitWith(2);
}

LaunchRequest runCatalog(const QStringList& args, QIODevice& out, QIODevice& err)
{
    if (!args.isEmpty())
        return usageError(err, u"catalog: unknown argument '%1'"_s.arg(args.first()));
    out.write(catalogToCsv(Catalog::builtin()));
    return exitWith(0);
}

LaunchRequest runFlows(const QStringList& args, QIODevice& out, QIODevice& err)
{
    QString path;
    FlowListOptions options;
    bool count = false;
    for (const QString& arg : args) {
        if (arg == u"--include-local")
            options.includeLocal = true;
        else if (arg == u"--count")
            count = true;
        else if (arg.startsWith(u'-'))
            return usageError(err, u"flows: unknown option '%1'"_s.arg(arg));
        else if (path.isEmpty())
            path = arg;
        else
            return usageError(err, u"flows: unexpected argument '%1'"_s.arg(arg));
    }
    if (path.isEmpty())
        return usageError(err, u"flows: no design given"_s);
    CommandDesign design;
    Document& document = *design.document;
    if (!loadDesign(document, path, err))
        return exitWith(2);
    const FlowEngine& engine = design.computeFlows();
    if (count) {
        write(out, flowCountText(countFlows(document, engine)) + u'\n');
        return exitWith(0);
    }
    // Written as the rows are made, a chunk at a time: no copy of the whole output. Cells that
    // a spreadsheet would take for a formula are prefixed, as by `export --format csv` and `diff`.
    writeFlowCsv(document, engine,
                 FlowCsvOptions{.includeLocal = options.includeLocal, .neutraliseFormulas = true}, out);
    return exitWith(0);
}

LaunchRequest runCheck(const QStringList& args, QIODevice& out, QIODevice& err)
{
    if (args.size() != 1 || args.first().startsWith(u'-'))
        return usageError(err, args.isEmpty() ? u"check: no design given"_s
                                              : u"check: unexpected argument '%1'"_s.arg(args.last()));
    CommandDesign design;
    Document& document = *design.document;
    if (!loadDesign(document, args.first(), err))
        return exitWith(2);
    // The checks make the flows of the few nodes they read, each in turn: none for the whole design.
    const FlowEngine& engine = design.computeFlows(FlowEngine::Compute::OnDemand);
    bool errors = false;
    for (const DesignIssue& issue : checkDesign(document, engine)) {
        errors = errors || issue.severity == DesignIssue::Severity::Error;
        write(out, formatIssue(document, issue) + u'\n');
    }
    return exitWith(errors ? 1 : 0);
}

// The arguments of a command that reads one file and writes another (`INPUT -o OUTPUT`);
// the usage problem, or empty when they are well formed.
QString inputAndOutput(const QStringList& args, QStringView command, QString* path, QString* output)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args.at(i);
        if ((arg == u"-o" || arg == u"--output") && i + 1 < args.size())
            *output = args.at(++i);
        else if (arg.startsWith(u'-'))
            return u"%1: unknown option or missing value '%2'"_s.arg(command, arg);
        else if (path->isEmpty())
            *path = arg;
        else
            return u"%1: unexpected argument '%2'"_s.arg(command, arg);
    }
    return {};
}

LaunchRequest runLayout(const QStringList& args, QIODevice& err)
{
    QString path, output;
    if (const QString problem = inputAndOutput(args, u"layout", &path, &output); !problem.isEmpty())
        return usageError(err, problem);
    if (path.isEmpty())
        return usageError(err, u"layout: no design given"_s);
    if (output.isEmpty())
        return usageError(err, u"layout: no output file given (-o FILE.portolan)"_s);
    Document document(Catalog::builtin());
    if (!loadDesign(document, path, err))
        return exitWith(2);
    const Layout layout = computeLayout(document);
    document.setGeometry(layout.nodes, layout.frames);
    QString error;
    if (!DesignFile::save(document, output, &error)) {
        write(err, u"portolan: "_s + escape::terminal(error) + u'\n');
        return exitWith(2);
    }
    return exitWith(0);
}

LaunchRequest runImport(const QStringList& args, QIODevice& out, QIODevice& err)
{
    QString path, output;
    if (const QString problem = inputAndOutput(args, u"import", &path, &output); !problem.isEmpty())
        return usageError(err, problem);
    if (path.isEmpty())
        return usageError(err,
                          u"import: no collected hierarchy given (the collector's JSON or a role CSV)"_s);
    if (output.isEmpty())
        return usageError(err, u"import: no output file given (-o FILE.portolan)"_s);
    if (OutputFile::sameFile(path, output)) {
        write(err, u"portolan: %1: is the file being imported; choose another output file\n"_s.arg(output));
        return exitWith(2);
    }
    Document document(Catalog::builtin());
    ImportReport report;
    QString error;
    if (!HierarchyImport::importFile(document, path, &report, &error) ||
        !DesignFile::save(document, output, &error)) {
        write(err, u"portolan: "_s + escape::terminal(error) + u'\n');
        return exitWith(2);
    }
    write(out, report.text());
    return exitWith(report.notMapped.isEmpty() ? 0 : 1);
}

// `portolan verify DESIGN RESULTS...`: the design's flows with the results of port test runs.
LaunchRequest runVerify(const QStringList& args, QIODevice& out, QIODevice& err)
{
    for (const QString& arg : args)
        if (arg.startsWith(u'-'))
            return usageError(err, u"verify: unknown option '%1'"_s.arg(arg));
    if (args.size() < 2)
        return usageError(err,
                          args.isEmpty() ? u"verify: no design given"_s : u"verify: no results file given"_s);
    Document document(Catalog::builtin());
    if (!loadDesign(document, args.first(), err))
        return exitWith(2);
    QList<ResultRow> rows;
    for (const QString& path : args.mid(1)) {
        QString error;
        if (!readTestResults(path, &rows, &error)) {
            write(err, u"portolan: "_s + escape::terminal(error) + u'\n');
            return exitWith(2);
        }
    }
    FlowEngine engine(document);
    const Verification v = verifyResults(document, engine, rows);
    for (const FlowVerdict& verdict : v.flows)
        write(out, escape::terminal(verdictLine(document, verdict)) + u'\n');
    for (const UnmatchedRow& u : v.unmatched)
        write(out, escape::terminal(u.row.place() + u": "_s + u.why) + u'\n');
    write(out, v.summary() + u'\n');
    // Results of another design (or of nothing the design has) prove nothing: a CI job must not pass.
    if (v.count(std::nullopt) == int(v.flows.size())) {
        write(err, u"portolan: no result matches the design\n"_s);
        return exitWith(1);
    }
    return exitWith(v.passed() ? 0 : 1);
}

LaunchRequest runDiff(const QStringList& args, QIODevice& out, QIODevice& err)
{
    QStringList paths;
    bool summary = false;
    for (const QString& arg : args) {
        if (arg == u"--summary")
            summary = true;
        else if (arg.startsWith(u'-'))
            return usageError(err, u"diff: unknown option '%1'"_s.arg(arg));
        else
            paths << arg;
    }
    if (paths.size() != 2)
        return usageError(err, u"diff: give the old and the new design"_s);
    Document before(Catalog::builtin()), after(Catalog::builtin());
    if (!loadDesign(before, paths.at(0), err) || !loadDesign(after, paths.at(1), err))
        return exitWith(2);
    const FlowEngine beforeEngine(before), afterEngine(after);
    const FlowDiff diff = diffFlows(buildFlowList(before, beforeEngine), buildFlowList(after, afterEngine));
    out.write(summary ? portChangeCsv(diff) : flowDiffCsv(diff));
    return exitWith(diff.isEmpty() ? 0 : 1);
}

// Flows the rule set could not express: the count and the first of them.
void writePlaceholders(QIODevice& err, const QString& output, const ExportReport& report)
{
    if (report.placeholders.isEmpty())
        return;
    constexpr int kShown = 20;
    write(err, u"portolan: warning: %1: %2; admit them by hand:\n"_s.arg(
                   output, notExpressedText(report.flows, report.placeholders.size(), u"written"_s)));
    for (const QString& p : report.placeholders.mid(0, kShown))
        write(err, u"  "_s + p + u'\n');
    if (report.placeholders.size() > kShown)
        write(err, u"  ... and %1 more (see the file)\n"_s.arg(report.placeholders.size() - kShown));
}

// The page sizes `--page` takes (drawing/diagram.h's pageSizeFromName reads them).
bool isPageSize(const QString& name)
{
    static const QStringList sizes = {u"a4"_s, u"a3"_s, u"letter"_s, u"tabloid"_s};
    return sizes.contains(name.toLower());
}

LaunchRequest runExport(const QStringList& args, QIODevice& err, DiagramExport diagrams)
{
    ExportArguments a;
    QString formatName;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& arg = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if ((arg == u"--format" || arg == u"-f") && hasValue)
            formatName = args.at(++i);
        else if ((arg == u"-o" || arg == u"--output") && hasValue)
            a.output = args.at(++i);
        else if (arg == u"--gpo" && hasValue) {
            a.options.policyStore = args.at(++i);
            static const QRegularExpression gpo(u"^[^\\\\\\s][^\\\\]*\\\\[^\\\\\\s][^\\\\]*$"_s);
            if (!gpo.match(a.options.policyStore).hasMatch())
                return usageError(err, u"export: --gpo takes DOMAIN\\GPO, for example CONTOSO\\Firewall "
                                       u"(got '%1')"_s.arg(a.options.policyStore));
        } else if (arg == u"--inspect-dcerpc")
            a.options.asaInspectDcerpc = true;
        else if (arg == u"--target" && hasValue) {
            const QString target = args.at(++i);
            if (target != u"zone" && target != u"host")
                return usageError(err, u"export: --target takes zone or host (got '%1')"_s.arg(target));
            a.options.target = target == u"host" ? RuleTarget::Host : RuleTarget::Zone;
        } else if (arg == u"--include-local")
            a.options.includeLocal = true;
        else if (arg == u"--crlf")
            a.options.crlf = true;
        else if (arg == u"--no-bom")
            a.options.csvBom = false;
        else if (arg == u"--sheet-per-zone")
            a.options.sheetPerZone = true;
        else if (arg == u"--page" && hasValue) {
            a.pageSize = args.at(++i);
            if (!isPageSize(a.pageSize))
                return usageError(
                    err, u"export: unknown page size '%1' (A4, A3, Letter, Tabloid)"_s.arg(args.at(i)));
        } else if (arg == u"--landscape")
            a.landscape = true;
        else if (arg == u"--portrait")
            a.landscape = false;
        else if (arg == u"--appendix")
            a.flowAppendix = true;
        else if (arg == u"--single-page")
            a.singlePage = true;
        else if (arg == u"--pages")
            a.svgPages = true;
        else if (arg == u"--site" && hasValue)
            a.sites << args.at(++i);
        else if (arg == u"--scale" && hasValue) {
            bool ok = false;
            a.scale = args.at(++i).toDouble(&ok);
            if (!ok || *a.scale < 0.05 || *a.scale > 10)
                return usageError(err, u"export: --scale takes a number from 0.05 to 10"_s);
        } else if (arg == u"--dpi" && hasValue) {
            bool ok = false;
            a.dpi = args.at(++i).toInt(&ok);
            if (!ok || *a.dpi < 24 || *a.dpi > 1200)
                return usageError(err, u"export: --dpi takes a whole number from 24 to 1200"_s);
        } else if (arg == u"--transparent")
            a.transparent = true;
        else if (arg == u"--no-title-block")
            a.titleBlock = false;
        else if (arg == u"--no-legend")
            a.legend = false;
        else if (arg.startsWith(u'-'))
            return usageError(err, u"export: unknown option or missing value '%1'"_s.arg(arg));
        else if (a.path.isEmpty())
            a.path = arg;
        else
            return usageError(err, u"export: unexpected argument '%1'"_s.arg(arg));
    }
    if (a.path.isEmpty())
        return usageError(err, u"export: no design given"_s);
    if (a.output.isEmpty())
        return usageError(err, u"export: no output file given (-o FILE)"_s);
    a.format = formatName.toLower();
    const QString& lower = a.format;
    if (a.svgPages && lower != u"svg")
        return usageError(err, u"export: --pages writes SVG pages (--format svg)"_s);
    if (!a.sites.isEmpty() && !((lower == u"pdf" && !a.singlePage && !a.scale) || a.svgPages ||
                                lower == u"vsdx" || lower == u"drawio"))
        return usageError(err, u"export: --site picks pages of the diagram set (pdf without --single-page "
                               u"or --scale, svg --pages, vsdx, drawio)"_s);
    if (!a.sites.isEmpty() && a.singlePage)
        return usageError(err, u"export: --site and --single-page do not go together"_s);
    // Refused before any work: the design itself, a folder, a device, a read-only file (SVG
    // pages go into a folder: each page's file is checked as it is written).
    if (QString refusal; !a.svgPages && OutputFile::checkTarget(a.output, {a.path}, &refusal).isEmpty()) {
        write(err, u"portolan: "_s + refusal + u'\n');
        return exitWith(2);
    }
    if (lower == u"vsdx" || lower == u"drawio" || lower == u"pdf" || lower == u"svg" || lower == u"png") {
        if (!diagrams)
            return {}; // for the designer library (commandline.h)
        return diagrams(a, err);
    }
    const auto format = exportFormatFromName(formatName);
    if (!format)
        return usageError(err, u"export: unknown format '%1' (csv, xlsx, powershell, nftables, asa, nsg, "
                               u"porttest, pdf, svg, png, vsdx, drawio)"_s.arg(formatName));
    Document document(Catalog::builtin());
    if (!loadDesign(document, a.path, err))
        return exitWith(2);
    FlowEngine engine(document);
    a.options.designFile = a.path;
    QString error;
    ExportReport report;
    if (!exportDesign(document, engine, *format, a.output, a.options, &error, &report)) {
        write(err, u"portolan: "_s + error + u'\n');
        return exitWith(2);
    }
    writePlaceholders(err, a.output, report);
    return exitWith(0);
}

} // namespace

void setProcessEndsWithCommand(bool ends)
{
    processEndsWithCommand = ends;
}

LaunchRequest runCommandLine(const QStringList& args, QIODevice& out, QIODevice& err, DiagramExport diagrams)
{
    if (args.isEmpty())
        return {};
    const QString& first = args.first();
    const QStringList rest = args.mid(1);
    if (first == u"-h" || first == u"--help") {
        out.write(kUsage);
        return exitWith(0);
    }
    if (first == u"-v" || first == u"--version") {
        write(out, u"portolan " PORTOLAN_VERSION "\n"_s);
        return exitWith(0);
    }
    if (first == u"catalog")
        return runCatalog(rest, out, err);
    if (first == u"flows")
        return runFlows(rest, out, err);
    if (first == u"check")
        return runCheck(rest, out, err);
    if (first == u"export")
        return runExport(rest, err, diagrams);
    if (first == u"diff")
        return runDiff(rest, out, err);
    if (first == u"layout")
        return runLayout(rest, err);
    if (first == u"import")
        return runImport(rest, out, err);
    if (first == u"verify")
        return runVerify(rest, out, err);
    if (first.startsWith(u'-'))
        return usageError(err, u"unknown option '%1'"_s.arg(first));
    if (!first.endsWith(u".portolan"))
        return usageError(err, u"unknown command '%1'"_s.arg(first));
    if (!rest.isEmpty() && rest.first() == u"--results") {
        if (rest.size() < 2)
            return usageError(err, u"--results: no results file given"_s);
        return {std::nullopt, first, rest.mid(1)};
    }
    if (!rest.isEmpty())
        return usageError(err, u"unexpected argument '%1'"_s.arg(rest.first()));
    return {std::nullopt, first, {}};
}

} // namespace portolan
