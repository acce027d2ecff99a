// nftables rule set for a firewall between zones (the forward chain). Every
// address set and port set is defined once and named from the design's ids;
// rules that share sources and ports share one rule for all their
// destinations. Flows that cannot be expressed are commented placeholders.
#include "design/document.h"
#include "escape.h"
#include "exporter.h"
#include "zonerules.h"

#include <QCryptographicHash>
#include <QHash>
#include <QHostAddress>

#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

struct Family
{
    QAbstractSocket::NetworkLayerProtocol protocol;
    const char16_t* suffix;
    const char16_t* setType;
    const char16_t* match;
    const char16_t* icmp;
    const char16_t* title;
};

constexpr Family kFamilies[] = {
    {QAbstractSocket::IPv4Protocol, u"v4", u"ipv4_addr", u"ip", u"icmp type echo-request", u"IPv4"},
    {QAbstractSocket::IPv6Protocol, u"v6", u"ipv6_addr", u"ip6", u"icmpv6 type echo-request", u"IPv6"},
};

QStringList inFamily(const QStringList& addresses, QAbstractSocket::NetworkLayerProtocol family)
{
    QStringList result;
    for (const QString& a : addresses)
        if (QHostAddress(a.section(u'/', 0, 0)).protocol() == family)
            result << a;
    return result;
}

QString hashId(const QString& text)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1).toHex().left(10));
}

// Named sets, each defined once: address sets per family and port sets.
class SetTable
{
public:
    QString addressSet(const QString& id, const QString& description, const QStringList& addresses,
                       const Family& family)
    {
        const QString key = QString::fromUtf16(family.suffix) + u' ' + addresses.join(u' ');
        if (const auto it = m_names.constFind(key); it != m_names.cend())
            return *it;
        const QString name =
            escape::stableIdentifier(u"a_"_s, id, 50) + u'_' + QString::fromUtf16(family.suffix);
        m_text += u"    # "_s + escape::comment(description) + u'\n';
        m_text += u"    set %1 {\n        type %2\n        flags interval\n        auto-merge\n"
                  u"        elements = { %3 }\n    }\n"_s.arg(name, QString::fromUtf16(family.setType),
                                                              addresses.join(u", "));
        m_names.insert(key, name);
        return name;
    }

    // "tcp dport 443" or "tcp dport @p_tcp_80_443"
    QString portMatch(Protocol protocol, const QList<RulePort>& ports)
    {
        const QString proto = protocol == Protocol::Tcp ? u"tcp"_s : u"udp"_s;
        if (ports.size() == 1)
            return proto + u" dport "_s + ports.first().port.toString();
        QStringList texts;
        for (const RulePort& p : ports)
            texts << p.port.toString();
        const QString key = proto + u' ' + texts.join(u',');
        auto it = m_names.constFind(key);
        if (it == m_names.cend()) {
            const QString name = escape::stableIdentifier(u"p_"_s, proto + u'_' + texts.join(u'_'), 50);
            m_text += u"    set %1 {\n        type inet_service\n        flags interval\n        auto-merge\n"
                      u"        elements = { %2 }\n    }\n"_s.arg(name, texts.join(u", "));
            it = m_names.insert(key, name);
        }
        return proto + u" dport @"_s + *it;
    }

    const QString& text() const { return m_text; }

private:
    QHash<QString, QString> m_names;
    QString m_text;
};

} // namespace

namespace {

// The accept rules: rules with the same sources and ports become one rule for
// all their destinations. Rules no IP family can carry become placeholders.
QString acceptRules(const ZoneRules& compiled, SetTable& sets, QList<Placeholder>& placeholders,
                    int& ruleCount)
{
    std::map<std::tuple<int, int, QString>, QList<int>> merged; // (source group, protocol, ports) -> rules
    QList<std::tuple<int, int, QString>> order;
    for (qsizetype i = 0; i < compiled.rules.size(); ++i) {
        const ZoneRule& rule = compiled.rules.at(i);
        const std::tuple<int, int, QString> key{rule.source, int(rule.protocol), portsText(rule.ports)};
        QList<int>& m = merged[key];
        if (m.isEmpty())
            order << key;
        m << int(i);
    }
    QString chain;
    for (const auto& key : std::as_const(order)) {
        const QList<int>& indices = merged.at(key);
        const ZoneRule& first = compiled.rules.at(indices.first());
        const AddressGroup& source = compiled.groups.at(first.source);
        QStringList destinations, names;
        for (int i : indices) {
            const AddressGroup& d = compiled.groups.at(compiled.rules.at(i).destination);
            destinations << d.addresses;
            names << d.description;
        }
        destinations.sort();
        destinations.removeDuplicates();
        const QString destinationId = indices.size() == 1 ? compiled.groups.at(first.destination).id
                                                          : u"d"_s + hashId(destinations.join(u' '));
        const QString destinationText = indices.size() == 1
                                            ? names.first()
                                            : u"%1 and %2 more"_s.arg(names.first(), QString::number(names.size() - 1));
        const QString comment = indices.size() == 1 ? first.remark
                                                    : u"%1 to %2 destinations: %3"_s.arg(source.description)
                                                          .arg(indices.size())
                                                          .arg(portSummary(first.protocol, first.ports));
        bool expressed = false;
        for (const Family& family : kFamilies) {
            const QStringList src = inFamily(source.addresses, family.protocol);
            const QStringList dst = inFamily(destinations, family.protocol);
            if (src.isEmpty() || dst.isEmpty())
                continue;
            expressed = true;
            const QString srcSet = sets.addressSet(source.id, source.description, src, family);
            const QString dstSet = sets.addressSet(destinationId, destinationText, dst, family);
            const QString match = first.protocol == Protocol::Icmp
                                      ? QString::fromUtf16(family.icmp)
                                      : sets.portMatch(first.protocol, first.ports);
            chain += u"        %1 saddr @%2 %1 daddr @%3 %4 accept comment %5\n"_s.arg(
                QString::fromUtf16(family.match), srcSet, dstSet, match, escape::nftComment(comment));
            ++ruleCount;
        }
        if (!expressed)
            placeholders << Placeholder{comment,
                                        u"the sources and destinations have no IP family in common"_s,
                                        flowCount(first.protocol, first.ports) * int(indices.size())};
    }
    return chain;
}

// Host firewall: after the accept rules, each host's ports that the design
// opens are closed to everyone else; other traffic is left to the host's own
// rules. Hosts that close the same ports share one rule.
QString closeOthers(const ZoneRules& compiled, SetTable& sets)
{
    std::map<std::pair<int, int>, std::set<std::pair<int, int>>> ports; // (destination group, protocol)
    for (const ZoneRule& rule : compiled.rules) {
        auto& p = ports[{rule.destination, int(rule.protocol)}];
        for (const RulePort& r : rule.ports)
            p.insert({r.port.first, r.port.last});
    }
    struct Closed
    {
        Protocol protocol;
        QList<RulePort> ports;
        QStringList addresses;
        QStringList names;
    };
    std::map<std::pair<int, QString>, Closed> byPorts; // (protocol, ports) -> destinations
    QList<std::pair<int, QString>> order;
    for (const auto& [key, set] : ports) {
        // Ranges merged where they overlap or touch (TFTP's 49152-65535 and multicast's 63000-64000).
        QList<RulePort> disjoint;
        for (const auto& [first, last] : set) {
            if (!disjoint.isEmpty() && first <= disjoint.last().port.last + 1) {
                PortSpec& previous = disjoint.last().port;
                previous = PortSpec::range(previous.first, quint16(qMax(int(previous.last), last)));
                continue;
            }
            disjoint << RulePort{first == last ? PortSpec::single(quint16(first))
                                               : PortSpec::range(quint16(first), quint16(last)),
                                 false};
        }
        const std::pair<int, QString> id{key.second, portsText(disjoint)};
        auto [it, added] = byPorts.try_emplace(id, Closed{Protocol(key.second), disjoint, {}, {}});
        if (added)
            order << id;
        const AddressGroup& destination = compiled.groups.at(key.first);
        it->second.addresses << destination.addresses;
        it->second.names << destination.description;
    }
    QString chain;
    for (const auto& id : std::as_const(order)) {
        Closed& closed = byPorts.at(id);
        closed.addresses.sort();
        closed.addresses.removeDuplicates();
        const QString what = portSummary(closed.protocol, closed.ports);
        const QString hosts =
            closed.names.size() == 1
                ? closed.names.first()
                : u"%1 and %2 more"_s.arg(closed.names.first(), QString::number(closed.names.size() - 1));
        for (const Family& family : kFamilies) {
            const QStringList dst = inFamily(closed.addresses, family.protocol);
            if (dst.isEmpty())
                continue;
            const QString dstSet =
                sets.addressSet(u"c"_s + hashId(closed.addresses.join(u' ')), hosts, dst, family);
            const QString match = closed.protocol == Protocol::Icmp
                                      ? QString::fromUtf16(family.icmp)
                                      : sets.portMatch(closed.protocol, closed.ports);
            chain += u"        %1 daddr @%2 %3 drop comment %4\n"_s.arg(
                QString::fromUtf16(family.match), dstSet, match,
                escape::nftComment(u"others may not reach "_s + hosts + u": "_s + what));
        }
    }
    return chain;
}

} // namespace

std::optional<QByteArray> nftablesRuleset(const Document& document, const FlowEngine& engine,
                                          const ExportOptions& options, QString* error, ExportReport* report)
{
    const bool host = options.target == RuleTarget::Host;
    const std::optional<ZoneRules> compiled =
        host ? compileHostRules(document, engine, error) : compileZoneRules(document, engine, error);
    if (!compiled)
        return std::nullopt;
    QList<Placeholder> placeholders = compiled->placeholders;
    SetTable sets;
    int ruleCount = 0;
    QString chain = acceptRules(*compiled, sets, placeholders, ruleCount);
    if (host)
        chain += closeOthers(*compiled, sets);
    for (const Placeholder& p : std::as_const(placeholders))
        chain += u"        # NOT EXPRESSED: "_s + escape::comment(p.text()) + u'\n';
    QString out;
    out += u"#!/usr/sbin/nft -f\n"_s;
    out += host ? u"# Portolan: nftables ruleset for the host firewall of each computer (input chain).\n"_s
                : u"# Portolan: nftables ruleset for a network firewall between zones.\n"_s;
    out += u"# "_s + escape::comment(generatedBy(document, options.designFile)) + u'\n';
    out += host ? u"# Load the same file on every host: each rule matches its own host's address. The ports\n"
                  u"# the design opens on a host admit only the design's sources; other traffic (SSH, ...)\n"
                  u"# is left to the host's own rules.\n"_s
                : u"# Only flows between different zones are here; everything else this chain drops.\n"_s;
    const QString table = host ? u"portolan_host"_s : u"portolan"_s;
    out +=
        u"# Set names come from the ids in the design file, so two exports differ only where the\n"
        u"# design does. Flows this file cannot admit are listed as NOT EXPRESSED at the end of the chain.\n"
        u"# Check with: nft -c -f FILE   Load with: nft -f FILE (replaces the table inet %1).\n"_s.arg(table);
    out += u"table inet %1\ndelete table inet %1\n\ntable inet %1 {\n"_s.arg(table);
    out += sets.text();
    out += host ? u"\n    chain input {\n        type filter hook input priority filter; policy accept;\n"
                  u"        ct state established,related accept\n        iif \"lo\" accept\n"_s
                : u"\n    chain forward {\n        type filter hook forward priority filter; policy drop;\n"
                  u"        ct state established,related accept\n"_s;
    out += chain;
    out += u"    }\n}\n"_s;
    out += u"# "_s + placeholderSummary(ruleCount, placeholders) + u'\n';
    if (report)
        for (const Placeholder& p : std::as_const(placeholders)) {
            report->placeholders << p.text();
            report->flows += p.flows;
        }
    return out.toUtf8();
}

} // namespace portolan
