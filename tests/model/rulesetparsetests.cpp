// Each rule set, parsed back from the text it wrote, admits exactly the
// non-local flows it is meant for: every (source address, destination,
// protocol, port) the flows need, and nothing else.
#include "catalog/catalog.h"
#include "designbuilder.h"
#include "export/exporter.h"
#include "export/ruleset.h"
#include "export/zonerules.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "nftablesparse.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

#include <functional>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

using Tuples = QSet<QString>;

QString tuple(const QString& source, const QString& destination, const QString& protocol, const QString& port)
{
    return QStringList{source, destination, protocol, port}.join(u'|');
}

// Expected tuples: non-local flows that pass the filter, expanded to the
// source's addresses; the destination is named by `destinationName`.
template <typename Filter, typename Name>
Tuples expected(const Document& doc, const FlowEngine& engine, Filter keep, Name destinationName)
{
    Tuples result;
    for (const Flow& f : engine.flows()) {
        if (f.local || !keep(f))
            continue;
        const QString port = f.protocol == Protocol::Icmp ? QString() : f.port.toString();
        for (const QString& source : nodeAddresses(doc, f.source))
            for (const QString& destination : destinationName(f.destination))
                result.insert(tuple(source, destination, protocolName(f.protocol), port));
    }
    return result;
}

QStringList quoted(const QString& list)
{
    QStringList items;
    static const QRegularExpression item(u"'((?:[^']|'')*)'"_s);
    for (auto it = item.globalMatch(list); it.hasNext();)
        items << it.next().captured(1).replace(u"''"_s, u"'"_s);
    return items;
}

// PowerShell: one line of the rule table per New-NetFirewallRule; the
// destination is the rule's LocalAddress.
Tuples parsePowerShell(const QString& script, const QString& rpcRange)
{
    Tuples result;
    static const QString q = u"'(?:[^']|'')*'"_s;
    static const QString list = u"@\\(((?:%1(?:, %1)*)?)\\)"_s.arg(q);
    static const QRegularExpression rule(
        u"^    @\\{ Target = %1; Name = (%1); DisplayName = %1; Description = %1; Protocol = '(\\w+)'"
        u"(?:; IcmpType = '8'|; LocalPort = %2); LocalAddress = %2; RemoteAddress = %2 \\}$"_s.arg(q, list));
    QSet<QString> names;
    for (const QString& line : script.split(u'\n')) {
        const auto m = rule.match(line);
        if (!m.hasMatch()) {
            EXPECT_FALSE(line.startsWith(u"    @{ "_s)) << "unparsed rule: " << line.toStdString();
            continue;
        }
        EXPECT_FALSE(names.contains(m.captured(1))) << "Name used twice: " << m.captured(1).toStdString();
        names.insert(m.captured(1));
        const QString protocol = m.captured(2) == u"ICMPv4" ? u"ICMP"_s : m.captured(2);
        QStringList ports = m.captured(3).isEmpty() ? QStringList{QString()} : quoted(m.captured(3));
        for (QString& p : ports) {
            if (p == u"RPCEPMap")
                p = u"135"_s;
            else if (p == u"RPC")
                p = rpcRange;
        }
        for (const QString& local : quoted(m.captured(4)))
            for (const QString& source : quoted(m.captured(5)))
                for (const QString& port : ports)
                    result.insert(tuple(source, local, protocol, port));
    }
    return result;
}

// What the nftables rule set admits against what it should, cut into common pieces.
std::pair<Tuples, Tuples> nftCells(const NftRuleset& nft, const Tuples& want)
{
    EXPECT_EQ(nft.unparsed, QStringList()) << "lines the reader does not know";
    return commonCells(nft.admitted, boxesFromTuples(want));
}

Tuples parseAsa(const QString& config)
{
    QHash<QString, QStringList> networks, services;
    QString group;
    bool network = false;
    for (const QString& line : config.split(u'\n')) {
        const QStringList w = line.split(u' ', Qt::SkipEmptyParts);
        if (line.startsWith(u"object-group ")) {
            network = w.at(1) == u"network";
            group = w.at(2);
        } else if (line.startsWith(u" network-object ")) {
            if (w.at(1) == u"host") {
                networks[group] << w.at(2);
            } else if (w.at(1).contains(u'/')) {
                networks[group] << w.at(1);
            } else {
                const quint32 mask = QHostAddress(w.at(2)).toIPv4Address();
                networks[group] << w.at(1) + u'/' + QString::number(qPopulationCount(mask));
            }
        } else if (line.startsWith(u" port-object ")) {
            services[group] << (w.at(1) == u"eq" ? w.at(2) : w.at(2) + u'-' + w.at(3));
        }
        Q_UNUSED(network);
    }
    Tuples result;
    static const QRegularExpression rule(
        u"^access-list \\S+ extended permit (tcp|udp|icmp) object-group (\\S+) object-group (\\S+)(?: object-group (\\S+)| echo)$"_s);
    for (const QString& line : config.split(u'\n')) {
        const auto m = rule.match(line);
        if (!m.hasMatch())
            continue;
        const QString protocol = m.captured(1).toUpper();
        const QStringList ports =
            protocol == u"ICMP" ? QStringList{QString()} : services.value(m.captured(4));
        for (const QString& s : networks.value(m.captured(2)))
            for (const QString& d : networks.value(m.captured(3)))
                for (const QString& p : ports)
                    result.insert(tuple(s, d, protocol, p));
    }
    return result;
}

Tuples parseNsg(const QByteArray& json)
{
    Tuples result;
    const auto list = [](const QJsonObject& o, const QString& one, const QString& many) {
        QStringList items;
        if (o.contains(one))
            items << o.value(one).toString();
        for (const QJsonValue v : o.value(many).toArray())
            items << v.toString();
        return items;
    };
    QJsonArray rules;
    for (const QJsonValue nsg : QJsonDocument::fromJson(json).object().value(u"resources").toArray())
        for (const QJsonValue v : nsg[u"properties"][u"securityRules"].toArray())
            rules.append(v);
    for (const QJsonValue v : std::as_const(rules)) {
        const QJsonObject p = v.toObject().value(u"properties").toObject();
        const QString protocol = p.value(u"protocol").toString().toUpper();
        QStringList ports = list(p, u"destinationPortRange"_s, u"destinationPortRanges"_s);
        if (protocol == u"ICMP")
            ports = {QString()};
        for (const QString& s : list(p, u"sourceAddressPrefix"_s, u"sourceAddressPrefixes"_s))
            for (const QString& d : list(p, u"destinationAddressPrefix"_s, u"destinationAddressPrefixes"_s))
                for (const QString& port : ports)
                    result.insert(tuple(s, d, protocol, port));
    }
    return result;
}

// The ASA grammar Portolan uses, line by line: comments, object-groups with
// their members, extended access-list entries and remarks, and the dcerpc
// inspection; names within 64 characters, remarks within 100, every group
// defined before an access list uses it, ASCII only.
void expectAsaGrammar(const QString& config)
{
    static const QString name = u"([A-Za-z0-9_-]{1,64})"_s;
    static const QRegularExpression networkGroup(u"^object-group network %1$"_s.arg(name));
    static const QRegularExpression serviceGroup(u"^object-group service %1 (tcp|udp)$"_s.arg(name));
    static const QRegularExpression member(
        u"^ (?:description [\\x20-\\x7e]{1,200}|network-object host [0-9a-fA-F.:]+|"
        u"network-object [0-9.]+ [0-9.]+|network-object [0-9a-fA-F:]+/\\d+|port-object eq \\d+|"
        u"port-object range \\d+ \\d+)$"_s);
    static const QRegularExpression remark(u"^access-list %1 remark [\\x20-\\x7e]{1,100}$"_s.arg(name));
    static const QRegularExpression permit(
        u"^access-list %1 extended permit (?:(tcp|udp) object-group %1 object-group %1 object-group %1|"
        u"icmp object-group %1 object-group %1 echo)$"_s.arg(name));
    static const QRegularExpression inspect(
        u"^(?:policy-map global_policy| class inspection_default|  inspect dcerpc|  inspect tftp)$"_s);
    QSet<QString> groups;
    bool inGroup = false;
    for (const QString& line : config.split(u'\n', Qt::SkipEmptyParts)) {
        if (line.startsWith(u'!')) {
            inGroup = false;
            continue;
        }
        if (const auto m = networkGroup.match(line); m.hasMatch()) {
            EXPECT_FALSE(groups.contains(m.captured(1))) << "defined twice: " << line.toStdString();
            groups.insert(m.captured(1));
            inGroup = true;
        } else if (const auto service = serviceGroup.match(line); service.hasMatch()) {
            EXPECT_FALSE(groups.contains(service.captured(1))) << "defined twice: " << line.toStdString();
            groups.insert(service.captured(1));
            inGroup = true;
        } else if (member.match(line).hasMatch()) {
            EXPECT_TRUE(inGroup) << "a member outside a group: " << line.toStdString();
        } else if (remark.match(line).hasMatch() || inspect.match(line).hasMatch()) {
            inGroup = false;
        } else if (const auto entry = permit.match(line); entry.hasMatch()) {
            inGroup = false;
            for (int i = 3; i <= 7; ++i)
                if (!entry.captured(i).isEmpty()) {
                    EXPECT_TRUE(groups.contains(entry.captured(i)))
                        << "undefined group " << entry.captured(i).toStdString() << " in "
                        << line.toStdString();
                }
        } else {
            ADD_FAILURE() << "not ASA grammar: " << line.toStdString();
        }
    }
}

// Azure's securityRules schema as Portolan writes it, and its limits.
void expectNsgSchema(const QByteArray& json)
{
    const QJsonObject top = QJsonDocument::fromJson(json).object();
    EXPECT_EQ(top.value(u"contentVersion").toString(), u"1.0.0.0"_s);
    static const QRegularExpression ruleName(u"^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$"_s);
    static const QStringList tags = {u"Internet"_s, u"VirtualNetwork"_s, u"AzureLoadBalancer"_s, u"*"_s};
    for (const QJsonValue group : top.value(u"resources").toArray()) {
        EXPECT_EQ(group[u"type"].toString(), u"Microsoft.Network/networkSecurityGroups"_s);
        EXPECT_TRUE(ruleName.match(group[u"name"].toString()).hasMatch())
            << group[u"name"].toString().toStdString();
        const QJsonArray rules = group[u"properties"][u"securityRules"].toArray();
        EXPECT_LE(rules.size(), 1000);
        QSet<int> priorities;
        QSet<QString> names;
        for (const QJsonValue rule : rules) {
            const QString n = rule[u"name"].toString();
            EXPECT_TRUE(ruleName.match(n).hasMatch()) << n.toStdString();
            EXPECT_FALSE(names.contains(n)) << n.toStdString();
            names.insert(n);
            const QJsonObject p = rule[u"properties"].toObject();
            const int priority = p.value(u"priority").toInt();
            EXPECT_TRUE(priority >= 100 && priority <= 4096 && !priorities.contains(priority))
                << n.toStdString();
            priorities.insert(priority);
            EXPECT_TRUE(
                (QStringList{u"Tcp"_s, u"Udp"_s, u"Icmp"_s}).contains(p.value(u"protocol").toString()));
            EXPECT_EQ(p.value(u"access").toString(), u"Allow"_s);
            EXPECT_EQ(p.value(u"direction").toString(), u"Inbound"_s);
            EXPECT_LE(p.value(u"description").toString().size(), 140);
            for (const char16_t* field :
                 {u"sourceAddressPrefix", u"destinationAddressPrefix", u"destinationPortRange"})
                EXPECT_NE(p.contains(QStringView(field)), p.contains(QString::fromUtf16(field) + u"es"_s) ||
                                                              p.contains(QString::fromUtf16(field) + u's'))
                    << n.toStdString() << ": exactly one of the singular and plural field";
            QSet<int> families;
            for (const char16_t* one : {u"sourceAddressPrefix", u"destinationAddressPrefix"})
                if (const QString prefix = p.value(QStringView(one)).toString();
                    !prefix.isEmpty() && !tags.contains(prefix))
                    families.insert(int(QHostAddress(prefix.section(u'/', 0, 0)).protocol()));
            for (const char16_t* list : {u"sourceAddressPrefixes", u"destinationAddressPrefixes"})
                for (const QJsonValue prefix : p.value(QStringView(list)).toArray())
                    families.insert(int(QHostAddress(prefix.toString().section(u'/', 0, 0)).protocol()));
            EXPECT_EQ(families.size(), 1) << n.toStdString() << ": IPv4 and IPv6 in one rule";
            for (const char16_t* list : {u"sourceAddressPrefixes", u"destinationAddressPrefixes"})
                for (const QJsonValue prefix : p.value(QStringView(list)).toArray())
                    EXPECT_FALSE(tags.contains(prefix.toString())) << n.toStdString() << ": a tag in a list";
        }
    }
}

bool crossZone(const Document& doc, const Flow& f)
{
    return doc.node(f.source)->zone != doc.node(f.destination)->zone;
}

bool sameFamily(const QString& a, const QString& b)
{
    return QHostAddress(a.section(u'/', 0, 0)).protocol() == QHostAddress(b.section(u'/', 0, 0)).protocol();
}

} // namespace

// Every flow the rule set cannot admit (an end without an address) is named in
// the file as a NOT EXPRESSED placeholder and in the report, and counted in the summary.
void expectPlaceholders(const Document& doc, const FlowEngine& engine, const QString& text,
                        const ExportReport& report, const std::function<bool(const Flow&)>& keep,
                        const std::string& what)
{
    QSet<QString> missing; // rows of the flow list: source, destination, protocol, port
    for (const Flow& f : engine.flows()) {
        if (f.local || !keep(f))
            continue;
        if (!nodeAddresses(doc, f.source).isEmpty() && !nodeAddresses(doc, f.destination).isEmpty())
            continue;
        if (doc.node(f.source)->options.value(u"group.internet"_s).toBool() && what == "NSG" &&
            nodeAddresses(doc, f.source).isEmpty() && !nodeAddresses(doc, f.destination).isEmpty())
            continue; // Azure's Internet service tag names these sources
        missing.insert(tuple(doc.node(f.source)->name, doc.node(f.destination)->name,
                             protocolName(f.protocol), f.port.toString()));
        const QString prefix = doc.node(f.source)->name + u" -> "_s + doc.node(f.destination)->name + u": "_s;
        bool listed = false;
        for (const QString& p : report.placeholders)
            listed = listed || (p.startsWith(prefix) && p.contains(f.port.toString()));
        EXPECT_TRUE(listed) << what << ": not listed: " << prefix.toStdString()
                            << f.port.toString().toStdString();
    }
    for (const QString& p : report.placeholders)
        EXPECT_TRUE(text.contains(p.left(60))) << what << ": not in the file: " << p.toStdString();
    EXPECT_EQ(report.flows, missing.size()) << what << ": flows counted";
    if (!missing.isEmpty())
        EXPECT_TRUE(text.contains(u"; "_s + notExpressedText(report.flows, report.placeholders.size(),
                                                             u"listed above"_s)) ||
                    text.contains(u"; "_s + notExpressedText(report.flows, report.placeholders.size(),
                                                             u"listed in notExpressed"_s)))
            << what << ": no summary";
    else
        EXPECT_TRUE(report.placeholders.isEmpty()) << what;
}

TEST(RuleSetsParsedBack, PowerShellAdmitsExactlyTheFlowsIntoWindowsHosts)
{
    for (const QString& name : exampleNames()) {
        const LoadedExample l = loadExample(name);
        const Document& doc = *l.doc;
        const QString rpc = doc.options().value(u"design.rpcRange"_s, u"49152-65535"_s).toString();
        const auto windows = [&doc](const Flow& f) {
            const Node* n = doc.node(f.destination);
            if (n->kind == NodeKind::ClientGroup)
                return n->os == OsFamily::Windows;
            if (n->kind == NodeKind::Console)
                return true;
            if (n->kind == NodeKind::Server)
                return !doc.hasRole(*n, u"cmg") && !doc.hasRole(*n, u"cloud_distribution_point");
            for (const char16_t* kind : {u"domain_controller", u"issuing_ca", u"wsus_sql", u"upstream_wsus",
                                         u"content_library_share", u"ndes_policy_module", u"exchange_onprem"})
                if (doc.hasRole(*n, kind))
                    return true;
            return false;
        };
        const auto addresses = [&doc](int id) {
            return nodeAddresses(doc, id);
        };
        const Tuples want = expected(doc, *l.engine, windows, addresses);
        ExportReport report;
        const QString script = QString::fromUtf8(firewallScript(doc, *l.engine, {}, &report));
        const Tuples got = parsePowerShell(script, rpc);
        expectPlaceholders(doc, *l.engine, script, report, windows, "PowerShell");
        EXPECT_FALSE(want.isEmpty());
        EXPECT_EQ(got - want, Tuples()) << name.toStdString() << ": rules no flow needs";
        EXPECT_EQ(want - got, Tuples()) << name.toStdString() << ": flows no rule admits";
    }
}

TEST(RuleSetsParsedBack, NftablesAndAsaAdmitExactlyTheFlowsBetweenZones)
{
    for (const QString& name : exampleNames()) {
        const LoadedExample l = loadExample(name);
        const Document& doc = *l.doc;
        QString error;
        ExportReport asaReport, nftReport;
        const auto asaText = asaConfig(doc, *l.engine, {}, &error, &asaReport);
        const auto nftText = nftablesRuleset(doc, *l.engine, {}, &error, &nftReport);
        if (doc.zones().size() < 2) {
            EXPECT_FALSE(asaText.has_value()) << name.toStdString() << ": a zone firewall needs two zones";
            EXPECT_FALSE(nftText.has_value()) << name.toStdString() << ": a zone firewall needs two zones";
            EXPECT_TRUE(error.contains(u"zone"_s)) << error.toStdString();
            continue;
        }
        ASSERT_TRUE(asaText && nftText) << error.toStdString();
        const auto addresses = [&doc](int id) {
            return nodeAddresses(doc, id);
        };
        const auto between = [&doc](const Flow& f) {
            return crossZone(doc, f);
        };
        Tuples want = expected(doc, *l.engine, between, addresses);
        expectAsaGrammar(QString::fromUtf8(*asaText));
        const Tuples asa = parseAsa(QString::fromUtf8(*asaText));
        EXPECT_EQ(asa - want, Tuples()) << name.toStdString() << " (ASA): rules no flow needs";
        EXPECT_EQ(want - asa, Tuples()) << name.toStdString() << " (ASA): flows no rule admits";
        expectPlaceholders(doc, *l.engine, QString::fromUtf8(*asaText), asaReport, between, "ASA");
        // nftables matches within one address family.
        Tuples sameFamilyWant;
        for (const QString& t : std::as_const(want))
            if (sameFamily(t.section(u'|', 0, 0), t.section(u'|', 1, 1)))
                sameFamilyWant.insert(t);
        const auto [nft, nftWant] =
            nftCells(parseNftablesRuleset(QString::fromUtf8(*nftText)), sameFamilyWant);
        EXPECT_FALSE(nftWant.isEmpty());
        EXPECT_EQ(nft - nftWant, Tuples()) << name.toStdString() << " (nftables): rules no flow needs";
        EXPECT_EQ(nftWant - nft, Tuples()) << name.toStdString() << " (nftables): flows no rule admits";
        expectPlaceholders(doc, *l.engine, QString::fromUtf8(*nftText), nftReport, between, "nftables");
    }
}

TEST(RuleSetsParsedBack, AzureNsgAdmitsExactlyTheFlowsIntoAzure)
{
    const LoadedExample l = loadExample(u"cas-two-primaries.portolan"_s);
    const Document& doc = *l.doc;
    const auto intoAzure = [&doc](const Flow& f) {
        const Node* n = doc.node(f.destination);
        const Zone* z = doc.zone(n->zone);
        return (z && z->name.contains(u"azure", Qt::CaseInsensitive)) || doc.hasRole(*n, u"cmg") ||
               doc.hasRole(*n, u"cloud_distribution_point");
    };
    Tuples want = expected(doc, *l.engine, intoAzure, [&doc](int id) { return nodeAddresses(doc, id); });
    // Internet-only clients have no subnet: the NSG names them with Azure's Internet tag.
    for (const Flow& f : l.engine->flows()) {
        const Node* s = doc.node(f.source);
        if (!f.local && intoAzure(f) && nodeAddresses(doc, f.source).isEmpty() &&
            s->options.value(u"group.internet"_s).toBool())
            for (const QString& d : nodeAddresses(doc, f.destination))
                want.insert(tuple(u"Internet"_s, d, protocolName(f.protocol), f.port.toString()));
    }
    ExportReport report;
    const auto json = azureNsg(doc, *l.engine, {}, nullptr, &report);
    ASSERT_TRUE(json.has_value());
    expectNsgSchema(*json);
    const Tuples got = parseNsg(*json);
    expectPlaceholders(doc, *l.engine, QString::fromUtf8(*json), report, intoAzure, "NSG");
    EXPECT_FALSE(want.isEmpty());
    EXPECT_EQ(got - want, Tuples()) << "rules no flow needs";
    EXPECT_EQ(want - got, Tuples()) << "flows no rule admits";
}

// Hosts that share a first DNS label, zones with non-Latin names (which
// reduce to the same identifier), 60-character names and formula characters:
// every host keeps its own objects, every name fits the device, and the real
// nft accepts the file.
TEST(RuleSetsParsedBack, HostileDesignKeepsHostsApartWithinDeviceLimits)
{
    DesignBuilder b;
    b.doc->setZones({{u"z-tokyo"_s, u"東京"_s, {u"10.0.0.0/16"_s}, {}},
                     {u"z-osaka"_s, u"大阪"_s, {}, {}},
                     {u"z-azure"_s, u"Azure"_s, {u"10.9.0.0/16"_s}, {}}});
    const auto place = [&b](int id, const QString& zone, const QString& address = {}) {
        Node n = *b.doc->node(id);
        n.zone = zone;
        if (!address.isEmpty())
            n.address = address;
        b.doc->updateNode(n);
    };
    const QString sixty = u"=HYPERLINK(\"x\") 東京 very long server name padding.example.com"_s;
    ASSERT_EQ(sixty.size(), 60);
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    place(b.server(u"ss.corp.example"_s, ps,
                   {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s, u"management_point"_s}),
          u"z-tokyo"_s);
    place(b.server(u"dp01.east.contoso.com"_s, ps, {u"distribution_point"_s}), u"z-osaka"_s);
    place(b.server(u"dp01.west.contoso.com"_s, ps, {u"distribution_point"_s}), u"z-osaka"_s);
    place(b.server(sixty, ps, {u"distribution_point"_s}), u"z-azure"_s, u"10.9.0.5"_s);
    place(b.server(u"dp6.contoso.com"_s, ps, {u"distribution_point"_s}), u"z-osaka"_s, u"fd00::10"_s);
    const int clients = b.group(u"+cmd|' /C calc'!A0 clients of the sixty character long group"_s, ps);
    place(clients, u"z-tokyo"_s);
    Node dualStack = *b.doc->node(clients);
    dualStack.subnets << u"fd00:1::/64"_s;
    b.doc->updateNode(dualStack);
    // Internet-only clients: no subnet; Azure's Internet tag names them, the others list them.
    Node roaming = *b.doc->node(b.group(sixty + u" roaming"_s, ps, {{u"group.internet"_s, true}}));
    roaming.subnets.clear();
    b.doc->updateNode(roaming);
    const Document& doc = *b.doc;
    FlowEngine& engine = b.engine();
    const auto between = [&doc](const Flow& f) {
        return crossZone(doc, f);
    };
    const auto addresses = [&doc](int id) {
        return nodeAddresses(doc, id);
    };
    const Tuples want = expected(doc, engine, between, addresses);
    for (const char* host : {"dp01.east.contoso.com", "dp01.west.contoso.com"}) {
        const QString address = doc.node(doc.nodeByKey(QString::fromLatin1(host)))->address;
        bool reached = false;
        for (const QString& t : want)
            reached = reached || t.section(u'|', 1, 1) == address;
        ASSERT_TRUE(reached) << host << " is a destination of the design";
    }

    const QByteArray nft = nftablesRuleset(doc, engine, {}, nullptr).value();
    Tuples sameFamilyWant;
    for (const QString& t : want)
        if (sameFamily(t.section(u'|', 0, 0), t.section(u'|', 1, 1)))
            sameFamilyWant.insert(t);
    EXPECT_NE(sameFamilyWant, want) << "IPv4 sources reach the IPv6 host";
    const auto [nftGot, nftWant] = nftCells(parseNftablesRuleset(QString::fromUtf8(nft)), sameFamilyWant);
    EXPECT_EQ(nftGot, nftWant);
    EXPECT_TRUE(nft.contains(" ip6 saddr . ip6 daddr @")) << "an IPv6 rule";
    if (!nftProgram().isEmpty()) {
        QTemporaryDir dir;
        QFile file(dir.filePath(u"hostile.nft"_s));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(nft);
        file.close();
        QString output;
        EXPECT_EQ(nftCheck(file.fileName(), &output), 0) << output.toStdString();
    }

    const QString asa = QString::fromUtf8(asaConfig(doc, engine, {}, nullptr).value());
    expectAsaGrammar(asa);
    EXPECT_EQ(parseAsa(asa), want);
    static const QRegularExpression asaName(u"^(?:object-group (?:network|service) |access-list )(\\S+)"_s);
    for (const QString& line : asa.split(u'\n')) {
        if (const auto m = asaName.match(line); m.hasMatch()) {
            EXPECT_LE(m.captured(1).size(), 64) << line.toStdString();
        }
        if (const qsizetype at = line.indexOf(u" remark "_s); at >= 0) {
            EXPECT_LE(line.size() - at - 8, 100) << line.toStdString();
        }
        for (const QChar c : line)
            EXPECT_LT(c.unicode(), 0x7f) << "the ASA takes ASCII: " << line.toStdString();
    }

    const auto intoAzure = [&doc](const Flow& f) {
        return doc.node(f.destination)->zone == u"z-azure";
    };
    const QByteArray nsg = azureNsg(doc, engine, {}, nullptr).value();
    expectNsgSchema(nsg);
    Tuples intoAzureWant;
    for (const QString& t : expected(doc, engine, intoAzure, addresses))
        if (sameFamily(t.section(u'|', 0, 0), t.section(u'|', 1, 1)))
            intoAzureWant.insert(t);
    EXPECT_EQ(parseNsg(nsg), intoAzureWant) << "each rule within one IP family";
    for (const QJsonValue group : QJsonDocument::fromJson(nsg).object().value(u"resources").toArray()) {
        EXPECT_LE(group[u"name"].toString().size(), 80);
        for (const QJsonValue rule : group[u"properties"][u"securityRules"].toArray()) {
            static const QRegularExpression nsgName(u"^[A-Za-z0-9][A-Za-z0-9_.-]{0,78}[A-Za-z0-9_]$"_s);
            EXPECT_TRUE(nsgName.match(rule[u"name"].toString()).hasMatch())
                << rule[u"name"].toString().toStdString();
        }
    }
}

TEST(RuleSetsParsedBack, AzureServiceTagsStandAloneAndEachSubnetGetsItsOwnGroup)
{
    const LoadedExample l = loadExample(u"cas-two-primaries.portolan"_s);
    const QByteArray json = azureNsg(*l.doc, *l.engine, {}, nullptr).value();
    int tagged = 0;
    for (const QJsonValue group : QJsonDocument::fromJson(json).object().value(u"resources").toArray())
        for (const QJsonValue rule : group[u"properties"][u"securityRules"].toArray()) {
            const QJsonObject p = rule[u"properties"].toObject();
            tagged += p.value(u"sourceAddressPrefix").toString() == u"Internet";
            for (const QJsonValue prefix : p.value(u"sourceAddressPrefixes").toArray())
                EXPECT_FALSE(prefix.toString().front().isLetter())
                    << "a service tag in a list: " << prefix.toString().toStdString();
        }
    EXPECT_GT(tagged, 0) << "internet-only clients reach the CMG through the Internet tag";

    // Two Azure subnets: two network security groups, each with the rules for its own hosts.
    DesignBuilder b;
    b.doc->setZones({{u"dc"_s, u"Datacenter"_s, {u"10.0.0.0/16"_s}, {}},
                     {u"az"_s, u"Azure"_s, {u"10.9.1.0/24"_s, u"10.9.2.0/24"_s}, {}}});
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    const auto place = [&b](int id, const QString& zone, const QString& address) {
        Node n = *b.doc->node(id);
        n.zone = zone;
        n.address = address;
        b.doc->updateNode(n);
    };
    place(
        b.server(u"ss"_s, ps, {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s, u"management_point"_s}),
        u"dc"_s, u"10.0.0.4"_s);
    place(b.server(u"dp1"_s, ps, {u"distribution_point"_s}), u"az"_s, u"10.9.1.5"_s);
    place(b.server(u"dp2"_s, ps, {u"distribution_point"_s}), u"az"_s, u"10.9.2.5"_s);
    const QJsonArray groups = QJsonDocument::fromJson(azureNsg(*b.doc, b.engine(), {}, nullptr).value())
                                  .object()
                                  .value(u"resources")
                                  .toArray();
    ASSERT_EQ(groups.size(), 2);
    for (const QJsonValue group : groups) {
        const QString subnet =
            group[u"name"].toString().contains(u"10-9-1-0"_s) ? u"10.9.1."_s : u"10.9.2."_s;
        const QJsonArray rules = group[u"properties"][u"securityRules"].toArray();
        ASSERT_FALSE(rules.isEmpty());
        for (const QJsonValue rule : rules) {
            const QJsonObject p = rule[u"properties"].toObject();
            EXPECT_TRUE(p.value(u"destinationAddressPrefix").toString().startsWith(subnet))
                << group[u"name"].toString().toStdString() << ": " << rule[u"name"].toString().toStdString();
        }
    }
}

TEST(RuleSetsParsedBack, AzureRefusesMoreRulesThanOneGroupHolds)
{
    DesignBuilder b;
    b.doc->setZones({{u"dc"_s, u"Datacenter"_s, {}, {}}, {u"az"_s, u"Azure"_s, {u"10.9.0.0/16"_s}, {}}});
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    b.server(u"ss"_s, ps, {u"site_server"_s, u"sms_provider"_s, u"sql_server"_s, u"management_point"_s});
    for (int i = 0; i < 1001; ++i) {
        Node n = *b.doc->node(b.server(u"dp%1"_s.arg(i), ps, {u"distribution_point"_s}));
        n.zone = u"az"_s;
        n.address = u"10.9.%1.%2"_s.arg(i / 200).arg(i % 200 + 1);
        b.doc->updateNode(n);
    }
    QString error;
    EXPECT_FALSE(azureNsg(*b.doc, b.engine(), {}, &error).has_value());
    EXPECT_TRUE(error.contains(u"Azure allows at most 1000 per group"_s)) << error.toStdString();
}

TEST(RuleSetsParsedBack, AsaInspectDcerpcPermitsTheEndpointMapperInsteadOfTheRpcRange)
{
    const LoadedExample l = loadExample(u"cas-two-primaries.portolan"_s);
    const Document& doc = *l.doc;
    ExportOptions options;
    options.asaInspectDcerpc = true;
    const QString asa = QString::fromUtf8(asaConfig(doc, *l.engine, options, nullptr).value());
    EXPECT_TRUE(asa.contains(u"policy-map global_policy\n class inspection_default\n  inspect dcerpc\n"_s));
    EXPECT_TRUE(asa.contains(u"! inspect dcerpc: the RPC dynamic range is not opened"_s));
    expectAsaGrammar(asa);
    // Exactly the flows between zones, less the RPC dynamic range that the inspection opens per connection.
    Tuples want = expected(
        doc, *l.engine,
        [&doc](const Flow& f) {
            return crossZone(doc, f) &&
                   !(doc.catalog().rows().at(f.row).port.kind == PortSpec::Kind::Dynamic &&
                     f.protocol == Protocol::Tcp && !f.proxied);
        },
        [&doc](int id) { return nodeAddresses(doc, id); });
    EXPECT_EQ(parseAsa(asa), want);
    bool endpointMapper = false;
    for (const QString& t : std::as_const(want))
        endpointMapper = endpointMapper || t.endsWith(u"|TCP|135"_s);
    EXPECT_TRUE(endpointMapper);
}

TEST(RuleSetsParsedBack, ZoneFirewallsRefuseADesignWhoseFlowsCrossNoZone)
{
    DesignBuilder b;
    b.doc->setZones({{u"a"_s, u"A"_s, {}, {}}, {u"b"_s, u"B"_s, {}, {}}});
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    b.server(u"ss"_s, ps, {u"site_server"_s, u"management_point"_s, u"distribution_point"_s});
    b.group(u"clients"_s, ps);
    QString error;
    EXPECT_FALSE(nftablesRuleset(*b.doc, b.engine(), {}, &error).has_value()) << "would drop everything";
    EXPECT_TRUE(error.contains(u"no flow of the design crosses from one zone to another"_s))
        << error.toStdString();
    EXPECT_FALSE(asaConfig(*b.doc, b.engine(), {}, nullptr).has_value());
}

// nftables on each host: the input chain admits exactly the design's flows into
// the host, and closes the ports it opens to every other source.
TEST(RuleSetsParsedBack, NftablesHostFirewallAdmitsExactlyTheFlowsIntoEachHost)
{
    for (const QString& name : exampleNames()) {
        const LoadedExample l = loadExample(name);
        const Document& doc = *l.doc;
        ExportOptions options;
        options.target = RuleTarget::Host;
        ExportReport report;
        const auto text = nftablesRuleset(doc, *l.engine, options, nullptr, &report);
        ASSERT_TRUE(text.has_value()) << name.toStdString() << ": a host firewall needs no zones";
        const QString ruleset = QString::fromUtf8(*text);
        EXPECT_TRUE(ruleset.contains(u"hook input priority filter; policy accept;"_s));
        const auto all = [](const Flow&) {
            return true;
        };
        Tuples want;
        for (const QString& t :
             expected(doc, *l.engine, all, [&doc](int id) { return nodeAddresses(doc, id); }))
            if (sameFamily(t.section(u'|', 0, 0), t.section(u'|', 1, 1)))
                want.insert(t);
        const NftRuleset nft = parseNftablesRuleset(ruleset);
        const auto [got, wantCells] = nftCells(nft, want);
        EXPECT_FALSE(wantCells.isEmpty());
        EXPECT_EQ(got - wantCells, Tuples()) << name.toStdString() << ": rules no flow needs";
        EXPECT_EQ(wantCells - got, Tuples()) << name.toStdString() << ": flows no rule admits";
        expectPlaceholders(doc, *l.engine, ruleset, report, all, "nftables host");
        // Every (host, protocol, port) the chain opens is dropped for other sources, and nothing else.
        const auto [closed, opened] = commonCells(nft.closed, boxesFromTuples(want), false);
        EXPECT_EQ(opened - closed, Tuples()) << name.toStdString() << ": open to everyone";
        EXPECT_EQ(closed - opened, Tuples())
            << name.toStdString() << ": closed though the design opens nothing there";
    }
}
