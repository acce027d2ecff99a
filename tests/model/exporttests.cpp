// Exports: golden files per format on the examples, rule sets that cover
// exactly the non-local flows, hostile names that stay data, and real readers
// (nft -c, LibreOffice) for the formats that have one.
#include "../bench/hierarchygenerator.h"
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "designbuilder.h"
#include "export/addressranges.h"
#include "export/csvwriter.h"
#include "export/exporter.h"
#include "export/ruleset.h"
#include "flows/flowlist.h"
#include "nftablesparse.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

const QString kGolden = QStringLiteral(PORTOLAN_TEST_DATA "/golden");

struct Loaded : LoadedExample
{
    ExportOptions options;
};

Loaded load(const QString& name)
{
    Loaded l;
    static_cast<LoadedExample&>(l) = loadExample(name);
    l.options.designFile = name;
    return l;
}

// The export, or "error: why" when the design cannot serve the format.
QByteArray textExport(const Loaded& l, ExportFormat format)
{
    QString error;
    const auto orError = [&error](const std::optional<QByteArray>& text) {
        return text ? *text : u"error: %1\n"_s.arg(error).toUtf8();
    };
    switch (format) {
    case ExportFormat::Csv:
        return flowCsv(*l.doc, *l.engine, l.options);
    case ExportFormat::PowerShell:
        return firewallScript(*l.doc, *l.engine, l.options);
    case ExportFormat::PortTest:
        return portTestScript(*l.doc, *l.engine, l.options);
    case ExportFormat::Nftables:
        return orError(nftablesRuleset(*l.doc, *l.engine, l.options, &error));
    case ExportFormat::Asa:
        return orError(asaConfig(*l.doc, *l.engine, l.options, &error));
    case ExportFormat::AzureNsg:
        return orError(azureNsg(*l.doc, *l.engine, l.options, &error));
    case ExportFormat::Xlsx:
        break;
    }
    return {};
}

QList<QStringList> parseCsv(const QByteArray& bytes)
{
    return portolan::test::parseCsv(QString::fromUtf8(bytes));
}

// PowerShell with its strings and comments taken out: what would run as code.
// Single-quoted strings end at any of PowerShell's five single quotes unless doubled.
QString powershellCode(const QString& script)
{
    const auto isQuote = [](QChar c) {
        return c == u'\'' || c == QChar(0x2018) || c == QChar(0x2019) || c == QChar(0x201A) ||
               c == QChar(0x201B);
    };
    QString code;
    for (qsizetype i = 0; i < script.size(); ++i) {
        const QChar c = script.at(i);
        if (c == u'<' && i + 1 < script.size() && script.at(i + 1) == u'#') {
            const qsizetype end = script.indexOf(u"#>", i + 2);
            i = end < 0 ? script.size() : end + 1;
        } else if (c == u'#') {
            const qsizetype end = script.indexOf(u'\n', i);
            i = end < 0 ? script.size() : end;
            code += u'\n';
        } else if (isQuote(c)) {
            ++i;
            while (i < script.size()) {
                if (isQuote(script.at(i))) {
                    if (i + 1 < script.size() && isQuote(script.at(i + 1))) {
                        i += 2;
                        continue;
                    }
                    break;
                }
                ++i;
            }
            code += u"''"_s;
        } else {
            code += c;
        }
    }
    return code;
}

} // namespace

TEST(Export, GoldenFilesForEveryTextFormatAndExample)
{
    const bool update = qEnvironmentVariableIsSet("PORTOLAN_UPDATE_GOLDEN");
    for (const QString& name : exampleNames()) {
        const Loaded l = load(name);
        for (ExportFormat format : {ExportFormat::Csv, ExportFormat::PowerShell, ExportFormat::PortTest,
                                    ExportFormat::Nftables, ExportFormat::Asa, ExportFormat::AzureNsg}) {
            const QByteArray produced = textExport(l, format);
            const QString golden =
                kGolden + u'/' + QFileInfo(name).completeBaseName() + u'.' + exportFormatName(format);
            QFile file(golden);
            if (update) {
                ASSERT_TRUE(file.open(QIODevice::WriteOnly));
                file.write(produced);
                continue;
            }
            ASSERT_TRUE(file.open(QIODevice::ReadOnly))
                << golden.toStdString() << " missing: run with PORTOLAN_UPDATE_GOLDEN=1";
            const QByteArray expected = file.readAll();
            EXPECT_EQ(QString::fromUtf8(produced), QString::fromUtf8(expected)) << golden.toStdString();
            // QString::fromUtf8 drops a byte order mark: compare the bytes too.
            EXPECT_TRUE(produced == expected) << golden.toStdString() << ": the bytes differ";
        }
    }
}

TEST(Export, RulesCoverExactlyTheNonLocalFlows)
{
    for (const QString& name : exampleNames()) {
        const Loaded l = load(name);
        const QList<Rule> rules = buildRules(*l.doc, *l.engine);
        // Every non-local flow is admitted by exactly one rule...
        int nonLocal = 0;
        for (const Flow& f : l.engine->flows()) {
            int covering = 0;
            for (const Rule& r : rules) {
                if (r.destination != f.destination || r.protocol != f.protocol ||
                    !r.sources.contains(f.source))
                    continue;
                bool port = f.protocol == Protocol::Icmp;
                for (const RulePort& p : r.ports)
                    port = port || (p.port.first <= f.port.first && f.port.last <= p.port.last);
                covering += port;
            }
            if (f.local) {
                EXPECT_EQ(covering, 0) << "local flows never make rules";
                continue;
            }
            ++nonLocal;
            EXPECT_EQ(covering, 1) << name.toStdString() << ": flow " << f.source << "->" << f.destination
                                   << " " << f.port.toString().toStdString();
        }
        // ...and every (source, port) a rule admits is a flow of the design.
        for (const Rule& r : rules)
            for (int source : r.sources)
                for (const RulePort& p : r.ports) {
                    bool found = false;
                    for (const Flow& f : l.engine->flowsBetween(source, r.destination))
                        found = found || (!f.local && f.protocol == r.protocol && f.port == p.port);
                    EXPECT_TRUE(found) << r.name.toStdString();
                }
        EXPECT_GT(nonLocal, 0);
        QSet<QString> names;
        for (const Rule& r : rules)
            names.insert(r.name);
        EXPECT_EQ(names.size(), rules.size()) << "rule names are unique";
    }
}

namespace {

// Name -> the rule's line in the script's rule table.
QMap<QString, QString> powershellRules(const QString& script)
{
    QMap<QString, QString> rules;
    static const QRegularExpression name(u"^    @\\{ Target = '(?:[^']|'')*'; Name = '([^']*)'"_s);
    for (const QString& line : script.split(u'\n'))
        if (const auto m = name.match(line); m.hasMatch())
            rules.insert(m.captured(1), line);
    return rules;
}

} // namespace

TEST(Export, PowerShellKeepsAComputerInStepWithTheDesign)
{
    Loaded l = load(u"lab.portolan"_s);
    const QString script = QString::fromUtf8(firewallScript(*l.doc, *l.engine, l.options));
    EXPECT_TRUE(script.contains(u"LocalPort = @('RPCEPMap')"_s));
    EXPECT_TRUE(script.contains(u"LocalPort = @('RPC')"_s));
    EXPECT_TRUE(
        script.contains(u"Protocol = 'UDP'; LocalPort = @('67', '68', '69', '547', '4011', '49152-65535')"_s))
        << "PXE rule, its range quoted";
    EXPECT_FALSE(script.contains(u"'1433'"_s)) << "the lab's SQL Server is local to the site server";
    const QMap<QString, QString> before = powershellRules(script);
    ASSERT_FALSE(before.isEmpty());
    for (const QString& line : before)
        EXPECT_TRUE(line.contains(u"LocalAddress = @('192.168.10."_s))
            << "opens only on its own computer: " << line.toStdString();
    // create, update, remove, -WhatIf; one group for the design
    EXPECT_TRUE(script.contains(u"[CmdletBinding(SupportsShouldProcess)]"_s));
    EXPECT_TRUE(script.contains(u"$Group = 'Portolan 3f1c7a52-8d4e-4b6a-9e21-5a7d0c9b1e43'"_s))
        << "the group is the design's identity, written in the lab example";
    EXPECT_TRUE(script.contains(u"# The rules of the design Home lab\n"_s));
    EXPECT_TRUE(script.contains(u"Get-NetFirewallRule -Group ([WildcardPattern]::Escape($Group))"_s));
    for (const char16_t* cmdlet : {u"New-NetFirewallRule -Name $r.Name", u"Set-NetFirewallRule -Name $r.Name",
                                   u"Remove-NetFirewallRule -Name $name"})
        EXPECT_EQ(script.count(QStringView(cmdlet)), 1) << QString::fromUtf16(cmdlet).toStdString();
    EXPECT_FALSE(script.contains(u"-DisplayName $Name"_s))
        << "never found again by a display name (wildcards)";
    // GPO mode: one session, opened and saved once.
    EXPECT_EQ(script.count(u"Open-NetGPO -PolicyStore $PolicyStore"_s), 1);
    EXPECT_EQ(script.count(u"Save-NetGPO -GPOSession $session"_s), 1);
    Loaded gpo = load(u"lab.portolan"_s);
    gpo.options.policyStore = u"LAB\\Portolan Firewall"_s;
    EXPECT_TRUE(QString::fromUtf8(firewallScript(*gpo.doc, *gpo.engine, gpo.options))
                    .contains(u"[string]$PolicyStore = 'LAB\\Portolan Firewall'"_s));

    // Another client group: no rule is renamed; the web rule on cm now admits its subnet too.
    Node more;
    more.kind = NodeKind::ClientGroup;
    more.key = u"more"_s;
    more.name = u"More VMs"_s;
    more.subnets = {u"192.168.20.0/24"_s};
    for (const auto& [id, n] : l.doc->nodes())
        if (n.kind == NodeKind::ClientGroup) {
            more.site = n.site;
            more.zone = n.zone;
        }
    l.doc->addNode(more);
    const QMap<QString, QString> after =
        powershellRules(QString::fromUtf8(firewallScript(*l.doc, *l.engine, l.options)));
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        EXPECT_TRUE(after.contains(it.key())) << "renamed: " << it.key().toStdString();
    const QString web =
        after.value(u"Portolan-3f1c7a52-8d4e-4b6a-9e21-5a7d0c9b1e43-cm-TCP-80_443_8530_10123"_s);
    EXPECT_TRUE(web.contains(u"'192.168.10.0/24'"_s) && web.contains(u"'192.168.20.0/24'"_s))
        << web.toStdString();
}

TEST(Export, HostileNamesStayData)
{
    DesignBuilder b;
    const QString hostile = u"x\"; Remove-Item C:\\ -Recurse; \""_s;
    const QString quotes = u"y' ; Remove-Item D:\\ ; ’ ; Remove-Item E:\\ #> Remove-Item F:\\"_s;
    b.doc->setZones({{u"a"_s, u"Zone A\n; Remove-Item G:\\"_s, {}, {}}, {u"b"_s, u"Zone \"B\""_s, {}, {}}});
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    const int ss = b.server(hostile, ps, {u"site_server"_s, u"management_point"_s});
    const int group = b.group(quotes, ps);
    Node g = *b.doc->node(group);
    g.zone = u"a"_s;
    b.doc->updateNode(g);
    Node s = *b.doc->node(ss);
    s.zone = u"b"_s;
    b.doc->updateNode(s);
    DesignInfo info;
    info.name = u"Evil #> Remove-Item H:\\ <#\nRemove-Item I:\\"_s;
    b.doc->setInfo(info);
    ExportOptions options;
    for (const QByteArray& script :
         {firewallScript(*b.doc, b.engine(), options), portTestScript(*b.doc, b.engine(), options)}) {
        const QString text = QString::fromUtf8(script);
        EXPECT_TRUE(text.contains(u"Remove-Item C:"_s)) << "the name is there, as data";
        EXPECT_FALSE(powershellCode(text).contains(u"Remove-Item"_s)) << powershellCode(text).toStdString();
    }
    const QString nft = QString::fromUtf8(nftablesRuleset(*b.doc, b.engine(), options, nullptr).value());
    for (const QString& line : nft.split(u'\n')) {
        static const QRegularExpression setName(u"^    set [A-Za-z0-9_-]+ \\{$"_s);
        if (line.contains(u"Remove-Item"_s)) {
            // In a comment: a whole line, a set element's trailing one, or a rule's comment "...".
            EXPECT_TRUE(line.trimmed().startsWith(u'#') ||
                        !line.left(line.indexOf(u'#')).contains(u"Remove-Item"_s) ||
                        line.contains(u"comment \""_s) || setName.match(line).hasMatch())
                << line.toStdString();
        }
    }
    if (!nftProgram().isEmpty()) {
        QTemporaryDir dir;
        QFile file(dir.filePath(u"hostile.nft"_s));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(nft.toUtf8());
        file.close();
        QString output;
        EXPECT_EQ(nftCheck(file.fileName(), &output), 0) << output.toStdString();
    }
    const QString asa = QString::fromUtf8(asaConfig(*b.doc, b.engine(), options, nullptr).value());
    for (const QString& line : asa.split(u'\n', Qt::SkipEmptyParts))
        EXPECT_TRUE(line.startsWith(u'!') || line.startsWith(u"object-group "_s) ||
                    line.startsWith(u" network-object "_s) || line.startsWith(u" port-object "_s) ||
                    line.startsWith(u" description "_s) || line.startsWith(u"access-list "_s))
            << line.toStdString();
    QString nsgError;
    EXPECT_FALSE(azureNsg(*b.doc, b.engine(), options, &nsgError).has_value()) << "nothing is in Azure";
    EXPECT_TRUE(nsgError.contains(u"nothing in Azure"_s)) << nsgError.toStdString();
    // CSV cells that a spreadsheet would evaluate are neutralised.
    DesignBuilder formula;
    const int p = formula.site(u"PS1"_s, SiteKind::Primary);
    formula.server(u"mp"_s, p, {u"management_point"_s});
    formula.group(u"=HYPERLINK(\"http://x\")"_s, p);
    const QList<QStringList> rows = parseCsv(flowCsv(*formula.doc, formula.engine(), options));
    bool seen = false;
    for (const QStringList& row : rows)
        if (row.value(0).contains(u"HYPERLINK"_s)) {
            EXPECT_TRUE(row.value(0).startsWith(u"'="_s));
            seen = true;
        }
    EXPECT_TRUE(seen);
}

// The CSV is written straight from the sorted flows, with cells escaped once
// per node and per set of catalog rows; it must say exactly what the flow
// table (buildFlowList) says, row for row, for every option of the writer.
TEST(Export, StreamedCsvIsTheFlowTable)
{
    DesignBuilder b;
    b.doc->setZones({{u"a"_s, u"=Zone, \"A\""_s, {}, {}}, {u"b"_s, u"Zürich"_s, {}, {}}});
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    const int ss =
        b.server(u"+ss01,\"quoted\""_s, ps, {u"site_server"_s, u"sql_server"_s, u"sms_provider"_s});
    b.server(u"-mp01\nnext line"_s, ps, {u"management_point"_s, u"distribution_point"_s});
    const int group = b.group(u"@clients"_s, ps);
    Node s = *b.doc->node(ss);
    s.zone = u"a"_s;
    s.address = u"10.0.0.1"_s;
    b.doc->updateNode(s);
    Node g = *b.doc->node(group);
    g.zone = u"b"_s;
    g.subnets = {u"10.1.0.0/16"_s, u"10.2.0.0/16"_s};
    b.doc->updateNode(g);
    QList<std::pair<const Document*, const FlowEngine*>> designs{{b.doc.get(), &b.engine()}};
    std::vector<LoadedExample> examples;
    for (const QString& name : exampleNames())
        examples.push_back(loadExample(name));
    for (const LoadedExample& e : examples)
        designs << std::pair<const Document*, const FlowEngine*>{e.doc.get(), e.engine.get()};
    for (const auto& [doc, engine] : designs)
        for (const bool neutralise : {true, false})
            for (const bool local : {true, false})
                for (const bool crlf : {true, false}) {
                    CsvWriter expected({.crlf = crlf, .neutraliseFormulas = neutralise});
                    expected.addRow(flowListHeader());
                    for (const FlowListRow& row : buildFlowList(*doc, *engine, {.includeLocal = local}))
                        expected.addRow(flowListFields(row));
                    QBuffer streamed;
                    streamed.open(QIODevice::WriteOnly);
                    ASSERT_TRUE(writeFlowCsv(
                        *doc, *engine,
                        FlowCsvOptions{.includeLocal = local, .crlf = crlf, .neutraliseFormulas = neutralise},
                        streamed));
                    EXPECT_EQ(streamed.data(), expected.data())
                        << doc->info().name.toStdString() << " neutralise " << neutralise << " local "
                        << local;
                }
}

namespace {

// "10.0.0.1", "10.0.0.0/24" or "10.0.0.1-10.0.0.9" as its first and last IPv4 address.
std::optional<std::pair<quint32, quint32>> ipv4Range(const QString& text)
{
    if (text.contains(u'-')) {
        const QHostAddress a(text.section(u'-', 0, 0)), b(text.section(u'-', 1, 1));
        if (a.protocol() != QAbstractSocket::IPv4Protocol || b.protocol() != QAbstractSocket::IPv4Protocol)
            return std::nullopt;
        return std::pair{a.toIPv4Address(), b.toIPv4Address()};
    }
    const auto [network, length] = QHostAddress::parseSubnet(text.contains(u'/') ? text : text + u"/32"_s);
    if (network.protocol() != QAbstractSocket::IPv4Protocol)
        return std::nullopt;
    const quint32 first = network.toIPv4Address() & (length == 0 ? 0u : ~quint32(0) << (32 - length));
    return std::pair{first, first | (length == 32 ? 0u : ~quint32(0) >> length)};
}

// Whether `comment` names exactly `names`: each of them, and nothing but separators besides; or,
// for a long list, some of them and "and N more" for exactly the rest.
bool namesExactly(QString comment, QStringList names)
{
    static const QRegularExpression more(u" and (\\d+) more$"_s);
    if (const auto m = more.match(comment); m.hasMatch()) {
        comment.chop(m.capturedLength());
        QStringList listed;
        for (const QString& name : std::as_const(names))
            if (comment.contains(name))
                listed << name;
        if (listed.size() + m.captured(1).toInt() != names.size())
            return false;
        names = listed;
    }
    std::sort(names.begin(), names.end(),
              [](const QString& a, const QString& b) { return a.size() > b.size(); });
    for (const QString& name : std::as_const(names)) {
        if (!comment.contains(name))
            return false;
        comment.replace(name, QString());
    }
    return comment.remove(u',').trimmed().isEmpty();
}

} // namespace

// Each element of an nftables set carries a comment naming exactly the hosts and
// client groups whose addresses it covers, never the first group an address was
// seen in (issue 29: 5 of 22 elements on the CAS example named a wrong host).
TEST(Export, NftablesCommentsNameExactlyTheHostsInEachElement)
{
    for (const QString& name : exampleNames())
        for (const RuleTarget target : {RuleTarget::Zone, RuleTarget::Host}) {
            Loaded l = load(name);
            l.options.target = target;
            const auto ruleset = nftablesRuleset(*l.doc, *l.engine, l.options, nullptr);
            if (!ruleset)
                continue; // a design with fewer than two zones has no zone firewall
            const auto hostsIn = [&](const QString& range) {
                QStringList names;
                const auto r = ipv4Range(range);
                EXPECT_TRUE(r.has_value()) << range.toStdString();
                if (!r)
                    return names;
                for (const auto& [id, node] : l.doc->nodes())
                    for (const QString& a : nodeAddresses(*l.doc, id))
                        if (const auto n = ipv4Range(a); n && n->first <= r->second && n->second >= r->first)
                            names << node.name;
                names.removeDuplicates();
                return names;
            };
            int elements = 0;
            static const QRegularExpression pair(uR"(^ {12}(\S+) \. (\S+), # (.*) -> (.*)$)"_s);
            static const QRegularExpression closed(uR"(^ {12}(\S+)(?: \. (?:tcp|udp) \. \S+)?, # (.*)$)"_s);
            for (const QString& line : QString::fromUtf8(*ruleset).split(u'\n')) {
                const std::string where = name.toStdString() +
                                          (target == RuleTarget::Host ? " host: " : " zone: ") +
                                          line.toStdString();
                if (const auto m = pair.match(line); m.hasMatch()) {
                    ++elements;
                    EXPECT_TRUE(namesExactly(m.captured(3), hostsIn(m.captured(1))))
                        << where << "\n  sources are " << hostsIn(m.captured(1)).join(u"; "_s).toStdString();
                    EXPECT_TRUE(namesExactly(m.captured(4), hostsIn(m.captured(2))))
                        << where << "\n  destinations are "
                        << hostsIn(m.captured(2)).join(u"; "_s).toStdString();
                } else if (const auto c = closed.match(line); c.hasMatch()) {
                    ++elements;
                    EXPECT_TRUE(namesExactly(c.captured(2), hostsIn(c.captured(1))))
                        << where << "\n  hosts are " << hostsIn(c.captured(1)).join(u"; "_s).toStdString();
                }
            }
            EXPECT_GT(elements, 0) << name.toStdString();
        }
}

// Zones bound to the firewall's interfaces: every rule also matches the interfaces of
// its zones (a forged source on the wrong side is dropped by the rule set itself),
// the addresses admitted stay the same, and nft accepts it. Unbound zones are named
// in the header as relying on reverse-path filtering.
TEST(Export, NftablesMatchesTheInterfacesOfBoundZones)
{
    Loaded l = load(u"cas-two-primaries.portolan"_s);
    const QString unbound = QString::fromUtf8(nftablesRuleset(*l.doc, *l.engine, l.options, nullptr).value());
    EXPECT_TRUE(unbound.contains(u"# No zone is bound to a firewall interface"_s))
        << unbound.left(2000).toStdString();
    EXPECT_TRUE(unbound.contains(u"rp_filter=1"_s));
    EXPECT_FALSE(unbound.contains(u"iifname"_s));
    QList<Zone> zones = l.doc->zones();
    for (int i = 0; i < zones.size(); ++i)
        zones[i].firewallInterface = u"lan%1"_s.arg(i);
    l.doc->setZones(zones);
    const QString bound = QString::fromUtf8(nftablesRuleset(*l.doc, *l.engine, l.options, nullptr).value());
    EXPECT_TRUE(bound.contains(u"# Every zone is bound to the firewall interface it sits behind"_s));
    EXPECT_FALSE(bound.contains(u"rp_filter"_s));
    EXPECT_TRUE(bound.contains(u"        iifname . ip saddr . oifname . ip daddr @v4_if_"_s));
    EXPECT_FALSE(bound.contains(u" ip saddr . ip daddr @"_s)) << "every rule matches its interfaces";
    // The Datacenter's servers reach the East branch only from lan0 to the East branch's interface.
    const int east = int(
        std::find_if(zones.begin(), zones.end(), [](const Zone& z) { return z.name == u"Branch East"_s; }) -
        zones.begin());
    const int dc = int(
        std::find_if(zones.begin(), zones.end(), [](const Zone& z) { return z.name == u"Datacenter"_s; }) -
        zones.begin());
    EXPECT_TRUE(bound.contains(QRegularExpression(
        u"\n {12}\"lan%1\" \\. 10\\.0\\.\\S+ \\. \"lan%2\" \\. 10\\.20\\."_s.arg(dc).arg(east))))
        << bound.toStdString();
    const auto boxes = [](const QString& text) {
        const NftRuleset r = parseNftablesRuleset(text);
        EXPECT_TRUE(r.unparsed.isEmpty()) << r.unparsed.join(u'\n').toStdString();
        return r.admitted;
    };
    const auto [a, b] = commonCells(boxes(unbound), boxes(bound));
    EXPECT_EQ(a, b) << "the same addresses and ports, with interfaces";
    // One zone unbound: its rules match addresses only, and the header names it.
    zones[east].firewallInterface.clear();
    l.doc->setZones(zones);
    const QString partly = QString::fromUtf8(nftablesRuleset(*l.doc, *l.engine, l.options, nullptr).value());
    EXPECT_TRUE(partly.contains(u"# Zones not bound to a firewall interface: Branch East. Their rules"_s))
        << partly.left(2000).toStdString();
    EXPECT_TRUE(partly.contains(u" ip saddr . ip daddr @"_s));
    EXPECT_TRUE(partly.contains(u"iifname . ip saddr . oifname . ip daddr @"_s));
    if (nftProgram().isEmpty())
        GTEST_SKIP() << "nft (Debian package nftables) is not installed";
    QTemporaryDir dir;
    for (const QString& text : {bound, partly}) {
        QFile file(dir.filePath(u"bound.nft"_s));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text.toUtf8());
        file.close();
        QString output;
        EXPECT_EQ(nftCheck(file.fileName(), &output), 0) << output.toStdString();
    }
}

// PXE boot through a firewall: the TFTP server sends its data from a new port, so
// every format says or does what its platform needs (issue 29: the transfer failed
// through the nftables zone firewall while every port probe passed).
TEST(Export, TftpGetsWhatEachFirewallNeedsForItsDataFromANewPort)
{
    Loaded l = load(u"cas-two-primaries.portolan"_s);
    const QString nft = QString::fromUtf8(textExport(l, ExportFormat::Nftables));
    EXPECT_TRUE(nft.contains(u"    ct helper tftp {\n        type \"tftp\" protocol udp\n    }\n"_s));
    EXPECT_TRUE(nft.contains(QRegularExpression(
        u"\n        udp dport 69 ct helper set \"tftp\"\n        udp dport (\\{ [^}]*)?(67-)?69\\b"_s)))
        << nft.toStdString();
    EXPECT_TRUE(QString::fromUtf8(textExport(l, ExportFormat::Asa))
                    .contains(u"policy-map global_policy\n class inspection_default\n  inspect tftp\n"_s));
    EXPECT_TRUE(QString::fromUtf8(textExport(l, ExportFormat::PowerShell))
                    .contains(u"TFTP (UDP 69, PXE boot): the server sends its data from a new port"_s));
    // Azure: only when a PXE distribution point sits in Azure.
    const auto nsgNote = [&l] {
        return QJsonDocument::fromJson(textExport(l, ExportFormat::AzureNsg))
            .object()[u"metadata"_s][u"tftp"_s]
            .toString();
    };
    EXPECT_TRUE(nsgNote().isEmpty());
    const Zone* azure = nullptr;
    for (const Zone& z : l.doc->zones())
        if (z.name.contains(u"Azure"_s))
            azure = &z;
    ASSERT_NE(azure, nullptr);
    const QString azureKey = azure->key;
    for (const auto& [id, node] : l.doc->nodes())
        if (node.options.value(u"dp.pxe"_s).toBool()) {
            Node moved = node;
            moved.zone = azureKey;
            moved.address = u"10.100.0.40"_s;
            l.doc->updateNode(moved);
            break;
        }
    EXPECT_TRUE(
        nsgNote().contains(u"keep outbound UDP from the PXE distribution points to the clients open"_s))
        << nsgNote().toStdString();
}

// The final drop of the zone firewall is counted and logged; no rule that cannot
// match (icmpv6 in a chain only IPv4 sets jump to); the header says the firewall's
// own input is left alone.
TEST(Export, NftablesFinalDropIsCountedAndLoggedAndEveryRuleCanMatch)
{
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    const QString nft = QString::fromUtf8(textExport(l, ExportFormat::Nftables));
    EXPECT_TRUE(nft.contains(u"        counter log prefix \"portolan drop \" drop\n    }\n}\n"_s));
    EXPECT_TRUE(
        nft.contains(u"the firewall's own input (SSH, management) is deliberately left to its own rules"_s));
    EXPECT_TRUE(nft.contains(u"icmp type echo-request accept"_s));
    EXPECT_FALSE(nft.contains(u"icmpv6"_s)) << "an IPv4-only design never jumps to a chain with IPv6 packets";
}

TEST(Export, NftablesAcceptsEveryRuleset)
{
    ASSERT_FALSE(nftProgram().isEmpty()) << "nft (package nftables) is needed; scripts/run-tests installs it";
    QTemporaryDir dir;
    for (const QString& name : exampleNames()) {
        const Loaded l = load(name);
        const QString path = dir.filePath(name + u".nft"_s);
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        // The host firewall, loaded on each host: every design can have one.
        Loaded host = load(name);
        host.options.target = RuleTarget::Host;
        QFile hostFile(dir.filePath(name + u".host.nft"_s));
        ASSERT_TRUE(hostFile.open(QIODevice::WriteOnly));
        hostFile.write(nftablesRuleset(*host.doc, *host.engine, host.options, nullptr).value());
        hostFile.close();
        QString hostOutput;
        EXPECT_EQ(nftCheck(hostFile.fileName(), &hostOutput), 0)
            << name.toStdString() << " (host): " << hostOutput.toStdString();
        QString error;
        const auto ruleset = nftablesRuleset(*l.doc, *l.engine, l.options, &error);
        // A firewall between zones needs two zones; with fewer it is refused, never written to drop
        // everything.
        if (l.doc->zones().size() < 2) {
            EXPECT_FALSE(ruleset.has_value()) << name.toStdString();
            EXPECT_TRUE(error.contains(u"only one zone"_s) || error.contains(u"no zones"_s))
                << error.toStdString();
            continue;
        }
        ASSERT_TRUE(ruleset.has_value()) << error.toStdString();
        file.write(*ruleset);
        file.close();
        QString output;
        EXPECT_EQ(nftCheck(path, &output), 0) << name.toStdString() << ": " << output.toStdString();
        EXPECT_GT(ruleset->count(" daddr @"), 0) << name.toStdString() << ": pairs of addresses in sets";
    }
}

// The large generated design (284,746 flows) in a few large sets rather than
// thousands of small ones: nft accepts both rule sets in a private namespace,
// where it cannot raise its netlink buffer and refused more than about 600
// sets with "Message too long".
TEST(Export, NftablesAcceptsTheLargeDesignInAPrivateNamespace)
{
    if (nftProgram().isEmpty())
        GTEST_SKIP() << "nft (Debian package nftables) is not installed";
    const auto doc = generateHierarchy(kLarge);
    FlowEngine engine(*doc);
    QTemporaryDir dir;
    for (const RuleTarget target : {RuleTarget::Zone, RuleTarget::Host}) {
        ExportOptions options;
        options.target = target;
        QString error;
        const auto ruleset = nftablesRuleset(*doc, engine, options, &error);
        ASSERT_TRUE(ruleset.has_value()) << error.toStdString();
        QFile file(dir.filePath(target == RuleTarget::Zone ? u"zone.nft"_s : u"host.nft"_s));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(*ruleset);
        file.close();
        QString output;
        EXPECT_EQ(nftCheck(file.fileName(), &output), 0)
            << file.fileName().toStdString() << ": " << output.toStdString();
    }
}

TEST(Export, AzureNsgCoversFlowsIntoAzureWithinLimits)
{
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    QString error;
    const auto json = azureNsg(*l.doc, *l.engine, l.options, &error);
    ASSERT_TRUE(json.has_value()) << error.toStdString();
    const QJsonObject top = QJsonDocument::fromJson(*json).object();
    EXPECT_TRUE(top.value(u"$schema").toString().endsWith(u"deploymentTemplate.json#"_s));
    const QJsonArray resources = top.value(u"resources").toArray();
    ASSERT_EQ(resources.size(), 1) << "one Azure subnet";
    EXPECT_EQ(resources.at(0)[u"type"].toString(), u"Microsoft.Network/networkSecurityGroups"_s);
    const QJsonArray rules = resources.at(0)[u"properties"][u"securityRules"].toArray();
    ASSERT_FALSE(rules.isEmpty());
    int priority = 99;
    QSet<QString> names;
    for (const QJsonValue v : rules) {
        const QJsonObject p = v.toObject().value(u"properties").toObject();
        EXPECT_EQ(p.value(u"priority").toInt(), priority + 1);
        priority = p.value(u"priority").toInt();
        EXPECT_LE(priority, 4096);
        EXPECT_EQ(p.value(u"direction").toString(), u"Inbound"_s);
        const QString name = v.toObject().value(u"name").toString();
        EXPECT_LE(name.size(), 80);
        EXPECT_FALSE(names.contains(name));
        names.insert(name);
    }
    // The CMG connection point's two VMs: 10124-10125.
    EXPECT_TRUE(json->contains("\"10124-10125\""));
    EXPECT_TRUE(json->contains("\"Internet\"")) << "internet-only clients reach the CMG";
}

TEST(Export, XlsxReadsBackInLibreOfficeAsTheCsvExport)
{
    const QString soffice = QStandardPaths::findExecutable(u"soffice"_s);
    ASSERT_FALSE(soffice.isEmpty())
        << "LibreOffice (libreoffice-calc-nogui) is needed; scripts/run-tests installs it";
    QTemporaryDir dir;
    // A zone name that a spreadsheet would decode (_x0041_ is how a workbook writes "A") or
    // read as markup must come back as written.
    const auto rename = [](Document& doc) {
        QList<Zone> zones = doc.zones();
        zones.first().name += u" plant_x0041_ _x0009_ & <b>"_s;
        doc.setZones(zones);
    };
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    rename(*l.doc);
    const QString xlsx = dir.filePath(u"flows.xlsx"_s);
    QString error;
    ASSERT_TRUE(writeXlsx(*l.doc, *l.engine, xlsx, l.options, &error)) << error.toStdString();
    QString output;
    const int code = runTool(
        soffice,
        {u"-env:UserInstallation=file://"_s + dir.filePath(u"profile"_s), u"--headless"_s, u"--convert-to"_s,
         u"csv:Text - txt - csv (StarCalc):44,34,76,1"_s, u"--outdir"_s, dir.path(), xlsx},
        &output, 180000);
    ASSERT_EQ(code, 0) << output.toStdString();
    QFile converted(dir.filePath(u"flows.csv"_s));
    ASSERT_TRUE(converted.open(QIODevice::ReadOnly)) << output.toStdString();
    const QList<QStringList> fromXlsx = parseCsv(converted.readAll());
    Loaded plain = load(u"cas-two-primaries.portolan"_s);
    rename(*plain.doc);
    plain.options.csvBom = false;
    const QList<QStringList> fromCsv = parseCsv(flowCsv(*plain.doc, *plain.engine, plain.options));
    ASSERT_EQ(fromXlsx.size(), fromCsv.size());
    ASSERT_TRUE(std::any_of(fromCsv.begin(), fromCsv.end(), [](const QStringList& row) {
        return row.join(u',').contains(u"plant_x0041_ _x0009_ & <b>"_s);
    }));
    // The workbook has First Port and Last Port after Port: numbers, the ends of the port or range.
    ASSERT_EQ(fromXlsx.first().mid(7, 3), (QStringList{u"Port"_s, u"First Port"_s, u"Last Port"_s}));
    for (qsizetype i = 0; i < fromCsv.size(); ++i) {
        QStringList row = fromXlsx.at(i);
        const QString port = row.value(7), first = row.value(8), last = row.value(9);
        row.remove(8, 2);
        // ...and the Source URL of field-reported flows last.
        const QString url = row.takeLast();
        EXPECT_EQ(row, fromCsv.at(i)) << "row " << i;
        if (i == 0)
            EXPECT_EQ(url, u"Source URL"_s);
        else
            EXPECT_EQ(url.startsWith(u"https://"_s), row.value(row.size() - 2).contains(u"field-reported"_s))
                << "row " << i;
        if (i > 0 && !port.isEmpty()) {
            EXPECT_EQ(first, port.section(u'-', 0, 0)) << "row " << i;
            EXPECT_EQ(last, port.section(u'-', -1)) << "row " << i;
        }
    }
}

TEST(Export, WriteFailuresNameTheFile)
{
    const Loaded l = load(u"lab.portolan"_s);
    QString error;
    const QString path = u"/nonexistent-directory/flows.csv"_s;
    EXPECT_FALSE(exportDesign(*l.doc, *l.engine, ExportFormat::Csv, path, l.options, &error));
    EXPECT_TRUE(error.startsWith(path + u": cannot write"_s)) << error.toStdString();
    EXPECT_FALSE(exportDesign(*l.doc, *l.engine, ExportFormat::Xlsx, u"/nonexistent-directory/flows.xlsx"_s,
                              l.options, &error));
    EXPECT_TRUE(error.startsWith(u"/nonexistent-directory/flows.xlsx: cannot write"_s))
        << error.toStdString();
}

// A parser someone else wrote (tree-sitter-powershell) reads every PowerShell
// file we write without a syntax error: the rules and the port test of each
// example and of a design full of hostile names.
TEST(Export, PowerShellParsesWithTreeSitter)
{
    if (nodeProgram().isEmpty())
        GTEST_SKIP()
            << "node (Debian package nodejs) is not installed: the PowerShell parser check is skipped";
    QTemporaryDir dir;
    QStringList files;
    const auto save = [&](const QString& name, const QByteArray& script) {
        QFile file(dir.filePath(name));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(script);
        files << file.fileName();
    };
    for (const QString& name : exampleNames()) {
        Loaded l = load(name);
        save(name + u".ps1"_s, firewallScript(*l.doc, *l.engine, l.options));
        save(name + u".porttest.ps1"_s, portTestScript(*l.doc, *l.engine, l.options));
        l.options.policyStore = u"CONTOSO\\Portolan [test] *?"_s;
        save(name + u".gpo.ps1"_s, firewallScript(*l.doc, *l.engine, l.options));
    }
    DesignBuilder b;
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    b.server(u"x\"; Remove-Item C:\\ -Recurse; \" [a]*?.contoso.com"_s, ps,
             {u"site_server"_s, u"management_point"_s, u"distribution_point"_s});
    b.group(u"y' ; $(Remove-Item D:\\) ’ #> `n [b]"_s, ps);
    DesignInfo info;
    info.name = u"Evil #> Remove-Item H:\\ <# [x]"_s;
    b.doc->setInfo(info);
    save(u"hostile.ps1"_s, firewallScript(*b.doc, b.engine(), {}));
    save(u"hostile.porttest.ps1"_s, portTestScript(*b.doc, b.engine(), {}));
    // The parser does find errors (an unclosed block, an unquoted range in a list): one run
    // for all files, since loading the grammar takes seconds.
    save(u"broken.ps1"_s, "if ($x) {\n    New-NetFirewallRule -LocalPort 80, 49152-65535 -Action Allow\n");
    QString output;
    EXPECT_EQ(parsePowerShellFiles(files, &output), 1) << output.toStdString();
    const QStringList errors = output.split(u'\n', Qt::SkipEmptyParts);
    EXPECT_FALSE(errors.isEmpty());
    for (const QString& error : errors)
        EXPECT_TRUE(error.startsWith(files.last() + u':')) << error.toStdString();
}

TEST(Export, TwoDesignsOfOneNameNeverShareFirewallRules)
{
    // Two copies of one example, of one name: each rule script keeps to its own group and
    // its own rule names, so running one never removes the other's rules.
    Loaded first = load(u"cas-two-primaries.portolan"_s);
    Loaded second = load(u"cas-two-primaries.portolan"_s);
    DesignInfo info = second.doc->info();
    info.id = u"0f8fad5b-d9cb-469f-a165-70867728950e"_s;
    second.doc->setInfo(info);
    ASSERT_EQ(first.doc->info().name, second.doc->info().name);
    const QString a = QString::fromUtf8(firewallScript(*first.doc, *first.engine, first.options));
    const QString b = QString::fromUtf8(firewallScript(*second.doc, *second.engine, second.options));
    const QRegularExpression group(u"\\$Group = '([^']*)'"_s);
    ASSERT_TRUE(group.match(a).hasMatch() && group.match(b).hasMatch());
    EXPECT_NE(group.match(a).captured(1), group.match(b).captured(1));
    const QMap<QString, QString> rulesA = powershellRules(a), rulesB = powershellRules(b);
    ASSERT_FALSE(rulesA.isEmpty());
    for (auto it = rulesA.cbegin(); it != rulesA.cend(); ++it)
        EXPECT_FALSE(rulesB.contains(it.key())) << "shared rule name " << it.key().toStdString();
    // The rule sets of other platforms name the identity in their header.
    EXPECT_TRUE(QString::fromUtf8(textExport(second, ExportFormat::Nftables))
                    .contains(u"[0f8fad5b-d9cb-469f-a165-70867728950e]"_s));
}

TEST(Export, ASelectionsFlowListIsTheWholeListNarrowedAndCountedByDirection)
{
    // The Flows panel filters the whole list, Analysis and Properties list only the selection's
    // flows: both must give the same rows, and one count.
    const Loaded l = load(u"cas-two-primaries.portolan"_s);
    FlowListOptions withLocal;
    withLocal.includeLocal = true;
    const QList<FlowListRow> all = buildFlowList(*l.doc, *l.engine, withLocal);
    const auto id = [&l](const QString& name) {
        for (const auto& [node, n] : l.doc->nodes())
            if (n.name == name)
                return node;
        return -1;
    };
    const int ss = id(u"p01-ss.corp.contoso.com"_s), sql = id(u"p01-sql.corp.contoso.com"_s);
    for (const QList<int>& nodes : {QList<int>{ss}, QList<int>{ss, sql}}) {
        const QSet<int> set(nodes.begin(), nodes.end());
        QList<QStringList> expected, got;
        SelectionFlowCount count;
        for (const FlowListRow& r : all)
            if (set.contains(r.source) || set.contains(r.destination)) {
                expected << flowListFields(r);
                if (r.local)
                    ++count.count.local;
                else if (set.contains(r.source) && set.contains(r.destination))
                    ++count.between;
                else
                    ++(set.contains(r.destination) ? count.inbound : count.outbound);
            }
        const QList<FlowListRow> selected = buildSelectionFlowList(*l.doc, *l.engine, nodes, withLocal);
        for (const FlowListRow& r : selected)
            got << flowListFields(r);
        EXPECT_EQ(got, expected);
        const SelectionFlowCount counted = countSelectionFlows(selected, set);
        EXPECT_EQ(counted.inbound, count.inbound);
        EXPECT_EQ(counted.outbound, count.outbound);
        EXPECT_EQ(counted.between, count.between);
        EXPECT_EQ(counted.count.local, count.count.local);
        EXPECT_EQ(counted.count.network, count.inbound + count.outbound + count.between);
        EXPECT_GT(count.inbound, 0);
        EXPECT_GT(count.count.local, 0);
        EXPECT_EQ(nodes.size() == 2, count.between > 0) << "the site server and its SQL server talk";
    }
}

// The address arithmetic reads the usual IPv4 spellings by hand: each reads as Qt reads it, and
// every near miss is left to Qt (whatever Qt makes of it).
TEST(AddressRanges, Ipv4SpellingsReadAsQtReadsThem)
{
    const auto qt = [](const QString& text, QAbstractSocket::NetworkLayerProtocol family) {
        const int bits = family == QAbstractSocket::IPv4Protocol ? 32 : 128;
        const auto [address, length] =
            QHostAddress::parseSubnet(text.contains(u'/') ? text : text + u"/-1"_s);
        QHostAddress host = address;
        int prefix = length;
        if (host.isNull()) {
            host = QHostAddress(text);
            prefix = bits;
        }
        std::optional<std::pair<quint64, quint64>> result; // IPv4 only here
        if (!host.isNull() && host.protocol() == family && prefix >= 0 && prefix <= bits && bits == 32) {
            const quint64 span = (quint64(1) << (32 - prefix)) - 1;
            result = std::pair{host.toIPv4Address() & ~span, (host.toIPv4Address() & ~span) | span};
        }
        return result;
    };
    QStringList spellings = {u"10.1.0.5"_s,
                             u"10.1.0.0/16"_s,
                             u"0.0.0.0/0"_s,
                             u"255.255.255.255"_s,
                             u"255.255.255.255/32"_s,
                             u"10.1.2.3/0"_s,
                             u"10.1.2.3/31"_s,
                             u"1.2.3"_s,
                             u"1.2.3.4/"_s,
                             u"1.2.3.4/33"_s,
                             u"01.2.3.4"_s,
                             u"1.2.3.256"_s,
                             u"1.2.3.4 "_s,
                             u" 1.2.3.4"_s,
                             u"1.2.3.4/08"_s,
                             u"1.2.3.4/-1"_s,
                             u"1.2.3.4.5"_s,
                             u"1..3.4"_s,
                             u"1.2.3.4/255.255.0.0"_s,
                             u"1.2.3.4x"_s,
                             u""_s,
                             u"::1"_s,
                             u"fe80::/10"_s,
                             u"::ffff:10.1.2.3"_s,
                             u"1000.2.3.4"_s,
                             u"1.2.3.4//8"_s,
                             u"１.2.3.4"_s};
    quint32 seed = 30;
    const auto next = [&seed] {
        return seed = seed * 1664525u + 1013904223u;
    };
    for (int i = 0; i < 2000; ++i) {
        const quint32 a = next();
        QString text = u"%1.%2.%3.%4"_s.arg(a >> 24).arg((a >> 16) & 255).arg((a >> 8) & 255).arg(a & 255);
        if (next() % 2)
            text += u"/%1"_s.arg(next() % 34);
        spellings << text;
    }
    for (const QString& text : std::as_const(spellings)) {
        const auto mine = parseInterval(text, QAbstractSocket::IPv4Protocol);
        const auto expected = qt(text, QAbstractSocket::IPv4Protocol);
        ASSERT_EQ(mine.has_value(), expected.has_value()) << text.toStdString();
        if (mine) {
            EXPECT_EQ(quint64(mine->first), expected->first) << text.toStdString();
            EXPECT_EQ(quint64(mine->last), expected->second) << text.toStdString();
        }
        if (expected) {
            EXPECT_FALSE(parseInterval(text, QAbstractSocket::IPv6Protocol)) << text.toStdString();
        }
    }
}
