#include "commandline.h"

#include "catalog/catalog.h"
#include "export/catalogcsv.h"

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

const char kUsage[] = R"(Usage: portolan [DESIGN]
       portolan COMMAND [ARGS]

Designs Configuration Manager hierarchies and computes the port flows they need.
With no command, opens the designer window (on DESIGN when given).

Commands:
  catalog            print the port catalog as CSV

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
    return {code, {}};
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

} // namespace

LaunchRequest runCommandLine(const QStringList& args, QIODevice& out, QIODevice& err)
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
    if (first.startsWith(u'-'))
        return usageError(err, u"unknown option '%1'"_s.arg(first));
    if (!first.endsWith(u".portolan"))
        return usageError(err, u"unknown command '%1'"_s.arg(first));
    if (!rest.isEmpty())
        return usageError(err, u"unexpected argument '%1'"_s.arg(rest.first()));
    return {std::nullopt, first};
}

} // namespace portolan
