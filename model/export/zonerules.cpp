#include "zonerules.h"

#include "design/document.h"
#include "escape.h"
#include "flows/flowlist.h"

#include <QCryptographicHash>
#include <QHash>
#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// Builds address groups, each defined once however many rules use it.
class GroupTable
{
public:
    explicit GroupTable(const Document& document) : m_doc(document) {}

    // The group holding the addresses of `nodes` (which all have some).
    int groupFor(const QList<int>& nodes)
    {
        QStringList addresses;
        for (int id : nodes)
            addresses << nodeAddresses(m_doc, id);
        addresses.sort();
        addresses.removeDuplicates();
        const QString key = addresses.join(u' ');
        const auto it = m_index.constFind(key);
        if (it != m_index.cend())
            return *it;
        AddressGroup group;
        group.addresses = addresses;
        QStringList names;
        for (int id : nodes)
            names << m_doc.node(id)->name;
        group.description = names.size() <= 3 ? names.join(u", ")
                                              : u"%1 and %2 more"_s.arg(names.mid(0, 3).join(u", "),
                                                                        QString::number(names.size() - 3));
        // One node: its key from the design file. Several: a hash of the
        // addresses, the same in every export while the members stay the same.
        if (nodes.size() == 1)
            group.id = m_doc.node(nodes.first())->key;
        else
            group.id = u"g"_s +
                       QString::fromLatin1(
                           QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha1).toHex().left(10));
        m_groups << group;
        m_index.insert(key, int(m_groups.size() - 1));
        return int(m_groups.size() - 1);
    }

    QList<AddressGroup> take() { return std::move(m_groups); }

private:
    const Document& m_doc;
    QList<AddressGroup> m_groups;
    QHash<QString, int> m_index;
};

QString nodeLabel(const Document& document, int id)
{
    const Node* n = document.node(id);
    return n ? n->name : QString();
}

// The rules with their sources split by zone (one access list per source
// interface), address groups defined once, and placeholders for ends without
// an address.
ZoneRules compileRules(const Document& document, const QList<Rule>& rules)
{
    ZoneRules result;
    GroupTable groups(document);
    for (const Rule& rule : rules) {
        const QString what = portSummary(rule.protocol, rule.ports);
        const QString to = nodeLabel(document, rule.destination);
        if (nodeAddresses(document, rule.destination).isEmpty()) {
            for (int s : rule.sources)
                result.placeholders << Placeholder{u"%1 -> %2: %3"_s.arg(nodeLabel(document, s), to, what),
                                                   u"the destination has no address in the design"_s,
                                                   flowCount(rule)};
            continue;
        }
        const int destination = groups.groupFor({rule.destination});
        // Sources by zone (one access list per source interface), in the rule's order.
        QList<QString> zones;
        QHash<QString, QList<int>> byZone;
        for (int s : rule.sources) {
            if (nodeAddresses(document, s).isEmpty()) {
                result.placeholders << Placeholder{u"%1 -> %2: %3"_s.arg(nodeLabel(document, s), to, what),
                                                   u"the source has no address in the design"_s,
                                                   flowCount(rule)};
                continue;
            }
            const QString zone = document.node(s)->zone;
            if (!byZone.contains(zone))
                zones << zone;
            byZone[zone] << s;
        }
        for (const QString& zone : std::as_const(zones)) {
            const QList<int>& sources = byZone.value(zone);
            ZoneRule z;
            z.source = groups.groupFor(sources);
            z.destination = destination;
            z.fromZone = zone;
            z.toZone = document.node(rule.destination)->zone;
            z.protocol = rule.protocol;
            z.ports = rule.ports;
            const QString from = sources.size() == 1
                                     ? nodeLabel(document, sources.first())
                                     : u"%1 and %2 more"_s.arg(nodeLabel(document, sources.first()),
                                                               QString::number(sources.size() - 1));
            z.remark = u"%1 to %2: %3"_s.arg(from, to, what);
            z.services = rule.services;
            z.references = rule.references;
            result.rules << z;
        }
    }
    result.groups = groups.take();
    return result;
}

} // namespace

QString portSummary(Protocol protocol, const QList<RulePort>& ports)
{
    if (protocol == Protocol::Icmp)
        return u"ICMP echo"_s;
    return protocolName(protocol) + u' ' + portsText(ports);
}

int flowCount(Protocol protocol, const QList<RulePort>& ports)
{
    return protocol == Protocol::Icmp ? 1 : int(ports.size());
}

QString notExpressedText(qsizetype flows, qsizetype placeholders, const QString& where)
{
    const QString what = flows == 1 ? u"1 flow cannot be expressed and is"_s
                                    : u"%1 flows cannot be expressed and are"_s.arg(flows);
    const QString as = placeholders == 1 ? u"1 NOT EXPRESSED placeholder"_s
                                         : u"%1 NOT EXPRESSED placeholders"_s.arg(placeholders);
    return u"%1 %2 as %3"_s.arg(what, where, as);
}

QString placeholderSummary(int rules, const QList<Placeholder>& placeholders, const QString& where)
{
    if (placeholders.isEmpty())
        return u"Summary: %1 rules; every flow is expressed."_s.arg(rules);
    int flows = 0;
    for (const Placeholder& p : placeholders)
        flows += p.flows;
    return u"Summary: %1 rules; %2: admit them by hand or give their hosts addresses in the design."_s
        .arg(rules)
        .arg(notExpressedText(flows, placeholders.size(), where));
}

std::optional<ZoneRules> compileZoneRules(const Document& document, const FlowEngine& engine, QString* error)
{
    if (document.zones().size() < 2) {
        if (error)
            *error = document.zones().isEmpty()
                         ? u"the design has no zones: a firewall between zones needs its servers and client "
                           u"groups placed in at least two zones (Design > Zones), else it would only drop "
                           u"traffic"_s
                         : u"the design has only one zone (%1): a firewall between zones needs at least two, "
                           u"else it would only drop traffic"_s.arg(document.zones().first().name);
        return std::nullopt;
    }
    RuleOptions options;
    options.crossZoneOnly = true;
    ZoneRules rules = compileRules(document, buildRules(document, engine, options));
    if (rules.rules.isEmpty() && rules.placeholders.isEmpty()) {
        if (error)
            *error = u"no flow of the design crosses from one zone to another: place the servers and client "
                     u"groups in their zones first, else a firewall between zones would only drop traffic"_s;
        return std::nullopt;
    }
    return rules;
}

std::optional<ZoneRules> compileHostRules(const Document& document, const FlowEngine& engine, QString* error)
{
    ZoneRules rules = compileRules(document, buildRules(document, engine));
    if (rules.rules.isEmpty() && rules.placeholders.isEmpty()) {
        if (error)
            *error =
                u"the design has no flow between two hosts: there is nothing for a host firewall to admit"_s;
        return std::nullopt;
    }
    return rules;
}

} // namespace portolan
