// Cisco ASA object groups and extended access lists, one list per source
// zone (the zone's interface). Names stay within the ASA's limits (64
// characters for names, 100 for remarks) and come from the design's ids;
// every object group is defined once and reused.
#include "design/document.h"
#include "escape.h"
#include "exporter.h"
#include "zonerules.h"

#include <QHash>
#include <QHostAddress>

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

constexpr int kNameLimit = 64;
constexpr int kRemarkLimit = 100;
constexpr int kDescriptionLimit = 200;

QString networkObject(const QString& address)
{
    const auto subnet = QHostAddress::parseSubnet(address.contains(u'/') ? address : QString());
    const QHostAddress host(address.section(u'/', 0, 0));
    if (!address.contains(u'/') || (host.protocol() == QAbstractSocket::IPv4Protocol && subnet.second == 32))
        return u" network-object host "_s + host.toString() + u'\n';
    if (host.protocol() == QAbstractSocket::IPv6Protocol)
        return u" network-object "_s + subnet.first.toString() + u'/' + QString::number(subnet.second) +
               u'\n';
    const quint32 mask = subnet.second == 0 ? 0 : ~quint32(0) << (32 - subnet.second);
    return u" network-object "_s + subnet.first.toString() + u' ' + QHostAddress(mask).toString() + u'\n';
}

QString zoneTitle(const Document& document, const QString& key)
{
    const Zone* z = document.zone(key);
    return z ? z->name : (key.isEmpty() ? u"no zone"_s : key);
}

} // namespace

std::optional<QByteArray> asaConfig(const Document& document, const FlowEngine& engine,
                                    const ExportOptions& options, QString* error, ExportReport* report)
{
    const std::optional<ZoneRules> compiled = compileZoneRules(document, engine, error);
    if (!compiled)
        return std::nullopt;
    QString objects;
    QHash<int, QString> networkNames;
    const auto networkGroup = [&](int index) {
        if (const auto it = networkNames.constFind(index); it != networkNames.cend())
            return *it;
        const AddressGroup& g = compiled->groups.at(index);
        const QString name = escape::stableIdentifier(u"PORTOLAN-"_s, g.id, kNameLimit);
        objects += u"object-group network "_s + name + u"\n description "_s +
                   escape::asaText(g.description, kDescriptionLimit) + u'\n';
        for (const QString& a : g.addresses)
            objects += networkObject(a);
        networkNames.insert(index, name);
        return name;
    };
    QHash<QString, QString> serviceNames;
    const auto serviceGroup = [&](Protocol protocol, const QList<RulePort>& ports) {
        const QString proto = protocol == Protocol::Tcp ? u"tcp"_s : u"udp"_s;
        QStringList texts;
        for (const RulePort& p : ports)
            texts << p.port.toString();
        const QString key = proto + u'-' + texts.join(u'-');
        if (const auto it = serviceNames.constFind(key); it != serviceNames.cend())
            return *it;
        const QString name = escape::stableIdentifier(u"PORTOLAN-"_s, key.toUpper(), kNameLimit);
        objects += u"object-group service "_s + name + u' ' + proto + u'\n';
        for (const RulePort& p : ports)
            objects += p.port.kind == PortSpec::Kind::Range
                           ? u" port-object range %1 %2\n"_s.arg(p.port.first).arg(p.port.last)
                           : u" port-object eq %1\n"_s.arg(p.port.first);
        serviceNames.insert(key, name);
        return name;
    };
    // One access list per source zone, in the order of the zones in the design.
    std::map<QString, QString> lists;
    int ruleCount = 0;
    for (const ZoneRule& rule : compiled->rules) {
        QList<RulePort> ports = rule.ports;
        if (options.asaInspectDcerpc && rule.protocol == Protocol::Tcp)
            ports.removeIf([](const RulePort& p) { return p.rpcDynamic; });
        if (rule.protocol != Protocol::Icmp && ports.isEmpty())
            continue; // only the RPC dynamic range, which inspect dcerpc opens per connection
        const QString acl = escape::stableIdentifier(u"PORTOLAN-IN-"_s, rule.fromZone, kNameLimit);
        QString& text = lists[acl];
        if (text.isEmpty())
            text += u"! Source zone "_s + escape::asaText(zoneTitle(document, rule.fromZone), kRemarkLimit) +
                    u": access-group "_s + acl + u" in interface INTERFACE-OF-THIS-ZONE\n"_s;
        text += u"access-list "_s + acl + u" remark "_s + escape::asaText(rule.remark, kRemarkLimit) + u'\n';
        const QString source = networkGroup(rule.source);
        const QString destination = networkGroup(rule.destination);
        if (rule.protocol == Protocol::Icmp)
            text += u"access-list %1 extended permit icmp object-group %2 object-group %3 echo\n"_s.arg(
                acl, source, destination);
        else
            text +=
                u"access-list %1 extended permit %2 object-group %3 object-group %4 object-group %5\n"_s.arg(
                    acl, rule.protocol == Protocol::Tcp ? u"tcp"_s : u"udp"_s, source, destination,
                    serviceGroup(rule.protocol, ports));
        ++ruleCount;
    }
    // TFTP (PXE boot): the server sends its data from a new port, which only the TFTP inspection opens.
    const bool tftp = std::any_of(compiled->rules.begin(), compiled->rules.end(), [](const ZoneRule& r) {
        return r.protocol == Protocol::Udp &&
               std::any_of(r.ports.begin(), r.ports.end(),
                           [](const RulePort& p) { return p.port.first <= 69 && 69 <= p.port.last; });
    });
    QString out;
    out += u"! Portolan: Cisco ASA object groups and extended access lists, one list per source zone\n"_s;
    out += u"! interface (apply each with access-group NAME in interface IF).\n"_s;
    out += u"! "_s + escape::asaText(generatedBy(document, options.designFile), 1000) + u'\n';
    if (options.asaInspectDcerpc)
        out +=
            u"! inspect dcerpc: the RPC dynamic range is not opened. The lists permit the endpoint mapper\n"
            u"! (TCP 135) and the DCERPC inspection below opens, per connection, only the port the\n"
            u"! mapper hands out.\n"_s;
    else
        out +=
            u"! The RPC dynamic range is opened as a port range. Export with inspect dcerpc to permit only\n"
            u"! the endpoint mapper (TCP 135) and let the ASA open each RPC port per connection.\n"_s;
    if (tftp)
        out +=
            u"! TFTP (PXE boot): the server sends its data from a new port, which the access lists do not\n"
            u"! permit; inspect tftp (in the ASA's default global policy, repeated below) opens it per\n"
            u"! transfer. Keep it enabled, else PXE boot fails although UDP 69 is permitted.\n"_s;
    out += objects;
    for (const auto& [acl, text] : lists)
        out += text;
    if (options.asaInspectDcerpc || tftp) {
        out += u"policy-map global_policy\n class inspection_default\n"_s;
        if (options.asaInspectDcerpc)
            out += u"  inspect dcerpc\n"_s;
        if (tftp)
            out += u"  inspect tftp\n"_s;
    }
    for (const Placeholder& p : compiled->placeholders)
        out += u"! NOT EXPRESSED: "_s + escape::asaText(p.text(), 1000) + u'\n';
    out += u"! "_s + placeholderSummary(ruleCount, compiled->placeholders) + u'\n';
    if (report)
        for (const Placeholder& p : compiled->placeholders) {
            report->placeholders << p.text();
            report->flows += p.flows;
        }
    return out.toUtf8();
}

} // namespace portolan
