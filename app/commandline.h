#pragma once

#include "export/exporter.h"

#include <QFileDevice>
#include <QIODevice>
#include <QStringList>

#include <optional>

namespace portolan {

class Document;

// What the command line asks for once parsed: a headless command that has
// already run (with its exit code), or the designer window on an optional file.
struct LaunchRequest
{
    std::optional<int> exitCode; // set when a command ran and the program should exit
    QString designPath;          // the design to open in the window, if any
    QStringList resultsPaths;    // port test results to import onto it (DESIGN --results FILE...)
};

// `portolan export ...` as parsed and checked. The diagrams' options are kept as given (QtCore
// types): the diagram code that reads them is in the designer library (app/diagramexport.h).
struct ExportArguments
{
    QString path, output;
    QString format;                // lower case
    ExportOptions options;         // the flow lists' and rule sets' options
    QString pageSize;              // --page, one of the sizes the help lists (any case); empty: the default
    std::optional<bool> landscape; // --landscape / --portrait, the last one given
    std::optional<qreal> scale;    // --scale
    std::optional<int> dpi;        // --dpi
    bool transparent = false, flowAppendix = false, singlePage = false, svgPages = false;
    bool titleBlock = true, legend = true;
    QStringList sites; // --site
};

// Draws a diagram export (pdf, svg, png, vsdx, drawio) and returns its exit code.
using DiagramExport = LaunchRequest (*)(const ExportArguments& arguments, QIODevice& err);

// Runs `portolan ARGS...` headless commands, writing to out and err. args does
// not include the program name. Exit codes: 0 success, 1 a command's own
// failure (such as design errors from `check`), 2 bad usage or unreadable input.
// This one draws diagram exports too (app/diagramexport.cpp, with the designer's libraries).
LaunchRequest runCommandLine(const QStringList& args, QIODevice& out, QIODevice& err);

// The same with the diagram exports drawn by diagrams. The command-line program, which links
// only QtCore and the model so that its commands start fast, passes none: a well-formed diagram
// export then returns no exit code, as the window does, and main() hands the command line to the
// designer library.
LaunchRequest runCommandLine(const QStringList& args, QIODevice& out, QIODevice& err, DiagramExport diagrams);

// A finished command's exit code, once its output has reached standard output: output that did not
// (a full disk, a closed pipe) makes it a failure, said on err (exit code 2).
int commandExitCode(const LaunchRequest& request, QFileDevice& out, QIODevice& err);

// Loads the design a command names; on failure writes the loader's message to err and returns
// false. The loader's warnings go to err as well.
bool loadDesign(Document& document, const QString& path, QIODevice& err);

// Set by main() when the process ends with the command: the commands that read a design then leave
// it and its flows to the end of the process instead of freeing them piece by piece (on a large
// design that took longer than writing the answer). Callers in the same process, the tests, free.
void setProcessEndsWithCommand(bool ends);

} // namespace portolan
