// Rule sets for network firewalls between zones: nftables, Cisco ASA, and
// Azure network security groups. Only flows that cross zones (or reach
// Azure, for the NSG) make rules; names come through escape::.
#include "catalog/catalog.h"
#include "design/document.h"
#include "escape.h"
#include "exporter.h"
#include "flows/flowengine.h"
#include "ruleset.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

struct Family
{
    QAbstractSocket::NetworkLayerProtocol protocol;
    const char16_t* setType;
    const char16_t* match;
    const char16_t* icmp;
};

constexpr Family kFamilies[] = {
    {QAbstractSocket::IPv4Protocol, u"ipv4_addr", u"ip", u"icmp type echo-request"},
    {QAbstractSocket::IPv6Protocol, u"ipv6_addr", u"ip6", u"icmpv6 type echo-request"},
};

// Addresses of the nodes in one family, as "a.b.c.d" or "a.b.c.d/n".
QStringList inFamily(const Document& document, const QList<int>& nodes,
                     QAbstractSocket::NetworkLayerProtocol family)
{
    QStringList result;
    for (int id : nodes)
        for (const QString& a : nodeAddresses(document, id)) {
            const QHostAddress host(a.section(u'/', 0, 0));
            if (host.protocol() == family && !result.contains(a))
                result << a;
        }
    return result;
}

QString zoneName(const Document& document, int node)
{
    const Node* n = document.node(node);
    const Zone* z = n ? document.zone(n->zone) : nullptr;
    return z ? z->name : (n && !n->zone.isEmpty() ? n->zone : u"unzoned"_s);
}

QString portList(const QList<RulePort>& ports)
{
    QStringList texts;
    for (const RulePort& p : ports)
        texts << p.port.toString();
    return texts.join(u", ");
}

} // namespace

QByteArray nftablesRuleset(const Document& document, const FlowEngine& engine, const ExportOptions& options)
{
    RuleOptions ruleOptions;
    ruleOptions.crossZoneOnly = true;
    const QList<Rule> rules = buildRules(document, engine, ruleOptions);
    QString sets, chain;
    int index = 0;
    for (const Rule& rule : rules) {
        ++index;
        for (const Family& family : kFamilies) {
            const QStringList sources = inFamily(document, rule.sources, family.protocol);
            const QStringList destinations = inFamily(document, {rule.destination}, family.protocol);
            if (sources.isEmpty() || destinations.isEmpty())
                continue;
            const QString suffix = family.protocol == QAbstractSocket::IPv4Protocol ? u"v4"_s : u"v6"_s;
            const QString src = u"r%1_src_%2"_s.arg(index).arg(suffix);
            const QString dst =
                u"h_%1_%2"_s.arg(escape::identifier(shortName(document, rule.destination))).arg(suffix);
            sets +=
                u"    set %1 {\n        type %2\n        flags interval\n        auto-merge\n        elements = { %3 }\n    }\n"_s
                    .arg(src, QString::fromUtf16(family.setType), sources.join(u", "));
            if (!sets.contains(u"    set "_s + dst + u" {"_s))
                sets +=
                    u"    set %1 {\n        type %2\n        flags interval\n        auto-merge\n        elements = { %3 }\n    }\n"_s
                        .arg(dst, QString::fromUtf16(family.setType), destinations.join(u", "));
            QString match;
            if (rule.protocol == Protocol::Icmp)
                match = QString::fromUtf16(family.icmp);
            else
                match = u"%1 dport { %2 }"_s.arg(rule.protocol == Protocol::Tcp ? u"tcp"_s : u"udp"_s,
                                                 portList(rule.ports));
            chain += u"        %1 saddr @%2 %1 daddr @%3 %4 accept comment %5\n"_s.arg(
                QString::fromUtf16(family.match), src, dst, match, escape::nftComment(rule.name));
        }
    }
    QString out;
    out += u"#!/usr/sbin/nft -f\n"_s;
    out += u"# Portolan: nftables ruleset for a network firewall between zones.\n"_s;
    out += u"# "_s + escape::comment(generatedBy(document, options.designFile)) + u'\n';
    out += u"# Only flows between different zones are here; everything else this chain drops.\n"
           u"# Check with: nft -c -f FILE   Load with: nft -f FILE (replaces the table inet portolan).\n"_s;
    out += u"table inet portolan\ndelete table inet portolan\n\ntable inet portolan {\n"_s;
    out += sets;
    out += u"\n    chain forward {\n        type filter hook forward priority filter; policy drop;\n"
           u"        ct state established,related accept\n"_s;
    out += chain;
    out += u"    }\n}\n"_s;
    return out.toUtf8();
}

QByteArray asaConfig(const Document& document, const FlowEngine& engine, const ExportOptions& options)
{
    RuleOptions ruleOptions;
    ruleOptions.crossZoneOnly = true;
    const QList<Rule> rules = buildRules(document, engine, ruleOptions);
    QString objects, lists;
    QSet<QString> hosts;
    const auto networkObject = [](const QString& address) {
        const auto subnet = QHostAddress::parseSubnet(address.contains(u'/') ? address : QString());
        const QHostAddress host(address.section(u'/', 0, 0));
        if (!address.contains(u'/') ||
            (host.protocol() == QAbstractSocket::IPv4Protocol && subnet.second == 32))
            return u" network-object host "_s + host.toString() + u'\n';
        if (host.protocol() == QAbstractSocket::IPv6Protocol)
            return u" network-object "_s + subnet.first.toString() + u'/' + QString::number(subnet.second) +
                   u'\n';
        const quint32 mask = subnet.second == 0 ? 0 : ~quint32(0) << (32 - subnet.second);
        return u" network-object "_s + subnet.first.toString() + u' ' + QHostAddress(mask).toString() + u'\n';
    };
    int index = 0;
    for (const Rule& rule : rules) {
        ++index;
        const QString dstName =
            u"PORTOLAN-HOST-"_s + escape::identifier(shortName(document, rule.destination));
        const QStringList dstAddresses = nodeAddresses(document, rule.destination);
        if (dstAddresses.isEmpty())
            continue;
        if (!hosts.contains(dstName)) {
            hosts.insert(dstName);
            objects += u"object-group network "_s + dstName + u"\n description "_s +
                       escape::asaText(document.node(rule.destination)->name) + u'\n';
            for (const QString& a : dstAddresses)
                objects += networkObject(a);
        }
        // One access list per source zone interface.
        QMap<QString, QList<int>> byZone;
        for (int s : rule.sources)
            if (!nodeAddresses(document, s).isEmpty())
                byZone[zoneName(document, s)] << s;
        int part = 0;
        for (auto it = byZone.begin(); it != byZone.end(); ++it) {
            const QString group = u"PORTOLAN-R%1-SRC%2"_s.arg(index).arg(++part);
            objects += u"object-group network "_s + group + u"\n description "_s +
                       escape::asaText(rule.name) + u'\n';
            for (int s : it.value())
                for (const QString& a : nodeAddresses(document, s))
                    objects += networkObject(a);
            const QString acl = escape::identifier(it.key()) + u"_access_in"_s;
            lists += u"access-list "_s + acl + u" remark "_s + escape::asaText(rule.name) + u'\n';
            if (rule.protocol == Protocol::Icmp) {
                lists += u"access-list %1 extended permit icmp object-group %2 object-group %3 echo\n"_s.arg(
                    acl, group, dstName);
                continue;
            }
            const QString proto = rule.protocol == Protocol::Tcp ? u"tcp"_s : u"udp"_s;
            const QString service = u"PORTOLAN-R%1-SVC"_s.arg(index);
            if (part == 1) {
                objects += u"object-group service "_s + service + u' ' + proto + u'\n';
                for (const RulePort& p : rule.ports)
                    objects += p.port.kind == PortSpec::Kind::Range
                                   ? u" port-object range %1 %2\n"_s.arg(p.port.first).arg(p.port.last)
                                   : u" port-object eq %1\n"_s.arg(p.port.first);
            }
            lists +=
                u"access-list %1 extended permit %2 object-group %3 object-group %4 object-group %5\n"_s.arg(
                    acl, proto, group, dstName, service);
        }
    }
    QString out;
    out += u"! Portolan: Cisco ASA object groups and extended access lists, one list per source zone\n"_s;
    out += u"! interface (apply each with access-group NAME in interface IF).\n"_s;
    out += u"! "_s + escape::asaText(generatedBy(document, options.designFile)) + u'\n';
    out += objects + lists;
    return out.toUtf8();
}

std::optional<QByteArray> azureNsg(const Document& document, const FlowEngine& engine,
                                   const ExportOptions& options, QString* error)
{
    RuleOptions ruleOptions;
    for (const auto& [id, n] : document.nodes()) {
        const Zone* zone = document.zone(n.zone);
        const bool azureZone = (zone && zone->name.contains(u"azure", Qt::CaseInsensitive)) ||
                               n.zone.contains(u"azure", Qt::CaseInsensitive);
        if (azureZone || document.hasRole(n, u"cmg") || document.hasRole(n, u"cloud_distribution_point"))
            ruleOptions.destinations << id;
    }
    if (ruleOptions.destinations.isEmpty())
        ruleOptions.destinations << -2; // nothing reaches Azure: no rules
    const QList<Rule> rules = buildRules(document, engine, ruleOptions);
    QJsonArray security;
    QSet<QString> names;
    int priority = 100;
    for (const Rule& rule : rules) {
        QStringList sources;
        for (int s : rule.sources) {
            const QStringList a = nodeAddresses(document, s);
            const Node* n = document.node(s);
            // Internet-only client groups have no subnet of their own: Azure's service tag says it.
            if (a.isEmpty() && n->options.value(u"group.internet"_s).toBool())
                sources << u"Internet"_s;
            sources << a;
        }
        const QStringList destinations = nodeAddresses(document, rule.destination);
        if (sources.isEmpty() || destinations.isEmpty())
            continue;
        if (priority > 4096) {
            if (error)
                *error =
                    u"the design needs more than %1 network security group rules (Azure allows priorities "
                    u"100 to 4096)"_s.arg(4096 - 100 + 1);
            return std::nullopt;
        }
        QJsonObject properties{
            {u"priority"_s, priority++},
            {u"direction"_s, u"Inbound"_s},
            {u"access"_s, u"Allow"_s},
            {u"protocol"_s, rule.protocol == Protocol::Tcp   ? u"Tcp"_s
                            : rule.protocol == Protocol::Udp ? u"Udp"_s
                                                             : u"Icmp"_s},
            {u"sourcePortRange"_s, u"*"_s},
            {u"description"_s,
             (rule.services.join(u"; ") + u" ("_s + rule.references.join(u"; ") + u')').left(140)}};
        properties.insert(sources.size() == 1 ? u"sourceAddressPrefix"_s : u"sourceAddressPrefixes"_s,
                          sources.size() == 1 ? QJsonValue(sources.first())
                                              : QJsonArray::fromStringList(sources));
        properties.insert(destinations.size() == 1 ? u"destinationAddressPrefix"_s
                                                   : u"destinationAddressPrefixes"_s,
                          destinations.size() == 1 ? QJsonValue(destinations.first())
                                                   : QJsonArray::fromStringList(destinations));
        if (rule.protocol == Protocol::Icmp) {
            properties.insert(u"destinationPortRange"_s, u"*"_s);
        } else {
            QStringList ports;
            for (const RulePort& p : rule.ports)
                ports << p.port.toString();
            properties.insert(ports.size() == 1 ? u"destinationPortRange"_s : u"destinationPortRanges"_s,
                              ports.size() == 1 ? QJsonValue(ports.first())
                                                : QJsonArray::fromStringList(ports));
        }
        // Azure: up to 80 letters, digits, _ . -; starting with a letter or digit, ending with one or _.
        QString name = escape::identifier(rule.name, 80);
        while (!name.isEmpty() && !name.back().isLetterOrNumber() && name.back() != u'_')
            name.chop(1);
        const QString base = name.left(74);
        for (int n = 2; names.contains(name); ++n)
            name = u"%1_%2"_s.arg(base).arg(n);
        names.insert(name);
        security.append(QJsonObject{{u"name"_s, name}, {u"properties"_s, properties}});
    }
    const QJsonObject top{{u"comment"_s, generatedBy(document, options.designFile)},
                          {u"securityRules"_s, security}};
    return QJsonDocument(top).toJson(QJsonDocument::Indented);
}

} // namespace portolan
