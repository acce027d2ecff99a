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
            m_text += u"    set %1 {\n        type inet_service\n        flags interval\n"
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

std::optional<QByteArray> nftablesRuleset(const Document& document, const FlowEngine& engine,
                                          const ExportOptions& options, QString* error, ExportReport* report)
{
    std::optional<ZoneRules> compiled = compileZoneRules(document, engine, error);
    if (!compiled)
        return std::nullopt;
    QList<Placeholder> placeholders = compiled->placeholders;
    // Rules with the same sources and ports become one rule for all their destinations.
    struct Merged
    {
        QList<int> destinations; // rule indices
    };
    std::map<std::tuple<int, int, QString>, Merged> merged; // (source group, protocol, ports)
    QList<std::tuple<int, int, QString>> order;
    for (qsizetype i = 0; i < compiled->rules.size(); ++i) {
        const ZoneRule& rule = compiled->rules.at(i);
        const std::tuple<int, int, QString> key{rule.source, int(rule.protocol), portsText(rule.ports)};
        Merged& m = merged[key];
        if (m.destinations.isEmpty())
            order << key;
        m.destinations << int(i);
    }
    SetTable sets;
    QString chain;
    int ruleCount = 0;
    for (const auto& key : std::as_const(order)) {
        const QList<int>& indices = merged.at(key).destinations;
        const ZoneRule& first = compiled->rules.at(indices.first());
        const AddressGroup& source = compiled->groups.at(first.source);
        QStringList destinations, names;
        for (int i : indices) {
            const AddressGroup& d = compiled->groups.at(compiled->rules.at(i).destination);
            destinations << d.addresses;
            names << d.description;
        }
        destinations.sort();
        destinations.removeDuplicates();
        const QString destinationId = indices.size() == 1 ? compiled->groups.at(first.destination).id
                                                          : u"d"_s + hashId(destinations.join(u' '));
        const QString destinationText = indices.size() == 1
                                            ? names.first()
                                            : u"%1 and %2 more"_s.arg(names.first()).arg(names.size() - 1);
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
    for (const Placeholder& p : std::as_const(placeholders))
        chain += u"        # NOT EXPRESSED: "_s + escape::comment(p.text()) + u'\n';
    QString out;
    out += u"#!/usr/sbin/nft -f\n"_s;
    out += u"# Portolan: nftables ruleset for a network firewall between zones.\n"_s;
    out += u"# "_s + escape::comment(generatedBy(document, options.designFile)) + u'\n';
    out +=
        u"# Only flows between different zones are here; everything else this chain drops.\n"
        u"# Set names come from the ids in the design file, so two exports differ only where the\n"
        u"# design does. Flows this file cannot admit are listed as NOT EXPRESSED at the end of the chain.\n"
        u"# Check with: nft -c -f FILE   Load with: nft -f FILE (replaces the table inet portolan).\n"_s;
    out += u"table inet portolan\ndelete table inet portolan\n\ntable inet portolan {\n"_s;
    out += sets.text();
    out += u"\n    chain forward {\n        type filter hook forward priority filter; policy drop;\n"
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
