#pragma once

#include <QIODevice>
#include <QStringList>

#include <optional>

namespace portolan {

// What the command line asks for once parsed: a headless command that has
// already run (with its exit code), or the designer window on an optional file.
struct LaunchRequest
{
    std::optional<int> exitCode; // set when a command ran and the program should exit
    QString designPath;          // the design to open in the window, if any
    QStringList resultsPaths;    // port test results to import onto it (DESIGN --results FILE...)
};

// Runs `portolan ARGS...` headless commands, writing to out and err. args does
// not include the program name. Exit codes: 0 success, 1 a command's own
// failure (such as design errors from `check`), 2 bad usage or unreadable input.
LaunchRequest runCommandLine(const QStringList& args, QIODevice& out, QIODevice& err);

// Set by main() when the process ends with the command: the commands that read a design then leave
// it and its flows to the end of the process instead of freeing them piece by piece (on a large
// design that took longer than writing the answer). Callers in the same process, the tests, free.
void setProcessEndsWithCommand(bool ends);

} // namespace portolan
