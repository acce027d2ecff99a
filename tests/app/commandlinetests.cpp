// The command line as a user runs it: output, exit codes and messages.
#include "catalog/catalog.h"
#include "commandline.h"

#include <gtest/gtest.h>

#include <QBuffer>
#include <QRegularExpression>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

struct CliRun
{
    std::optional<int> exitCode;
    QString designPath;
    QString out;
    QString err;
};

CliRun run(const QStringList& args)
{
    QBuffer out, err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    const LaunchRequest request = runCommandLine(args, out, err);
    return {request.exitCode, request.designPath, QString::fromUtf8(out.data()),
            QString::fromUtf8(err.data())};
}

// Splits one CSV record (the catalog has quoted fields with commas).
QStringList splitCsv(const QString& line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < line.size() && line.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

} // namespace

TEST(CommandLine, NoArgumentsOpensTheWindow)
{
    const CliRun r = run({});
    EXPECT_FALSE(r.exitCode.has_value());
    EXPECT_TRUE(r.designPath.isEmpty());
}

TEST(CommandLine, DesignArgumentOpensTheWindowOnIt)
{
    const CliRun r = run({u"examples/lab.portolan"_s});
    EXPECT_FALSE(r.exitCode.has_value());
    EXPECT_EQ(r.designPath, u"examples/lab.portolan"_s);
}

TEST(CommandLine, VersionAndHelp)
{
    const CliRun version = run({u"--version"_s});
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_EQ(version.out, u"portolan " PORTOLAN_VERSION "\n"_s);
    const CliRun help = run({u"--help"_s});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.startsWith(u"Usage: portolan"_s));
    EXPECT_TRUE(help.out.contains(u"catalog"_s));
    EXPECT_EQ(run({u"-h"_s}).out, help.out);
}

TEST(CommandLine, UnknownArgumentsAreOneLineAndExitTwo)
{
    for (const QStringList& args : {QStringList{u"--frobnicate"_s}, QStringList{u"frobnicate"_s},
                                    QStringList{u"catalog"_s, u"extra"_s}}) {
        const CliRun r = run(args);
        EXPECT_EQ(r.exitCode, 2) << args.join(u' ').toStdString();
        EXPECT_TRUE(r.out.isEmpty());
        EXPECT_EQ(r.err.count(u'\n'), 1) << r.err.toStdString();
        EXPECT_TRUE(r.err.startsWith(u"portolan: "_s));
    }
    EXPECT_EQ(run({u"--frobnicate"_s}).err,
              u"portolan: unknown option '--frobnicate' (see portolan --help)\n"_s);
}

TEST(CommandLine, CatalogPrintsEveryRowAsCsv)
{
    const CliRun r = run({u"catalog"_s});
    ASSERT_EQ(r.exitCode, 0);
    QStringList lines = r.out.split(u'\n');
    ASSERT_EQ(lines.takeLast(), QString()); // ends with a newline
    ASSERT_FALSE(lines.isEmpty());
    EXPECT_TRUE(lines.first().startsWith(
        u"Source Role,Destination Role,Protocol,Port,Description,Configurable,Notes,Reference"_s));
    EXPECT_EQ(lines.size() - 1, Catalog::builtin().rows().size());

    static const QRegularExpression portFormat(u"^(\\d+|\\d+-\\d+|DYNAMIC|)$"_s);
    int sqlBroker = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList f = splitCsv(lines.at(i));
        ASSERT_GE(f.size(), 8) << lines.at(i).toStdString();
        EXPECT_TRUE(portFormat.match(f.at(3)).hasMatch()) << "port: " << f.at(3).toStdString();
        EXPECT_TRUE(f.at(2) == u"TCP" || f.at(2) == u"UDP" || f.at(2) == u"ICMP");
        EXPECT_EQ(f.at(3).isEmpty(), f.at(2) == u"ICMP");
        EXPECT_TRUE(f.at(5) == u"Yes" || f.at(5) == u"No");
        if (f.at(3) == u"4022")
            sqlBroker += f.at(0) == u"SQL Server" && f.at(7) == u"SQL Server --> SQL Server";
    }
    EXPECT_EQ(sqlBroker, 1);
    EXPECT_TRUE(
        r.out.contains(u"Client,Distribution point,UDP,4011,Boot Information Negotiation Layer (BINL),No,,"
                       u"\"Client --> Distribution point configured for PXE, both standard and pull\""_s));
    EXPECT_TRUE(r.out.contains(
        u"Software update point,Site server,TCP,8531,HTTPS,Yes,3,Site server <--> Software update point"_s));
}
