#pragma once

// Helpers shared by the test suites: the bundled examples, loaded with their
// flows, and a small RFC 4180 reader to check what exports wrote.
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"
#include "flows/flowengine.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>

#include <memory>

namespace portolan::test {

inline QString examplesDir()
{
    return QStringLiteral(PORTOLAN_EXAMPLES);
}

inline QStringList exampleNames()
{
    return QDir(examplesDir()).entryList({QStringLiteral("*.portolan")}, QDir::Files, QDir::Name);
}

struct LoadedExample
{
    std::unique_ptr<Document> doc = std::make_unique<Document>(Catalog::builtin());
    std::unique_ptr<FlowEngine> engine;
};

inline LoadedExample loadExample(const QString& name)
{
    LoadedExample l;
    QString error;
    EXPECT_TRUE(DesignFile::load(*l.doc, examplesDir() + u'/' + name, &error)) << error.toStdString();
    l.engine = std::make_unique<FlowEngine>(*l.doc);
    return l;
}

// A proxy server endpoint without an address, in this zone: every internet-bound flow of the
// design goes to it instead. Its id.
inline int addProxy(Document& doc, const QString& zone = {})
{
    Node proxy;
    proxy.kind = NodeKind::Endpoint;
    proxy.key = QStringLiteral("proxy");
    proxy.name = QStringLiteral("proxy.corp.example");
    proxy.zone = zone;
    proxy.roles = {doc.catalog().roleIndex(u"proxy_server")};
    return doc.addNode(proxy);
}

// The role taken from the node where it holds it, else given to it (random edits).
inline void toggleRole(Node& node, int role)
{
    if (node.roles.contains(role))
        node.roles.removeAll(role);
    else
        node.roles << role;
}

// Records of RFC 4180 text: quoted fields may hold commas, quotes and line breaks.
inline QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
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
            row << field;
            field.clear();
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            row << field;
            rows << row;
            row.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row << field;
        rows << row;
    }
    return rows;
}

// Runs a program; its exit code, or -1 when it did not start, crashed or timed out.
inline int runTool(const QString& program, const QStringList& args, QString* output, int timeout = 120000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    if (!process.waitForFinished(timeout))
        return -1;
    if (output)
        *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

inline QString nftProgram()
{
    return QStandardPaths::findExecutable(
        QStringLiteral("nft"),
        {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"), QStringLiteral("/usr/bin")});
}

// nft -c in a private user and network namespace: it never waits for the
// host's nftables lock and never touches the machine's own firewall.
inline int nftCheck(const QString& path, QString* output, int timeout = 120000)
{
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    if (unshare.isEmpty()) {
        *output = QStringLiteral("unshare (util-linux) is needed to run nft in a private namespace");
        return -1;
    }
    return runTool(unshare,
                   {QStringLiteral("-rn"), nftProgram(), QStringLiteral("-c"), QStringLiteral("-f"), path},
                   output, timeout);
}

inline QString nodeProgram()
{
    QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    return node.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("nodejs")) : node;
}

#ifdef PORTOLAN_POWERSHELL_CHECK

// Parses PowerShell files with tree-sitter-powershell (tests/powershell/parse.cjs):
// 0 when all parse, 1 with the errors in *output, 2 when the parser is not installed.
inline int parsePowerShellFiles(const QStringList& files, QString* output)
{
    const QString dir = QStringLiteral(PORTOLAN_POWERSHELL_CHECK);
    if (!QFileInfo::exists(dir + QStringLiteral("/node_modules/tree-sitter-powershell"))) {
        *output = QStringLiteral("tree-sitter-powershell is not installed: run npm ci --prefix ") + dir +
                  QStringLiteral(" (scripts/run-tests does)");
        return 2;
    }
    return runTool(nodeProgram(), QStringList{dir + QStringLiteral("/parse.cjs")} + files, output);
}
#endif

} // namespace portolan::test
