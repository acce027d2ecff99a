// Azure network security groups as an ARM template: one NSG resource per
// Azure subnet (or per Azure zone without subnets), inbound rules for the
// flows into Azure. Service tags (Internet) only ever stand alone in the
// singular prefix field, as Azure requires; Azure's limits (1,000 rules per
// group, priorities 100-4096) are enforced with a clear error.
#include "design/document.h"
#include "escape.h"
#include "exporter.h"
#include "flows/flowengine.h"
#include "zonerules.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

constexpr int kMaxRules = 1000;
constexpr int kFirstPriority = 100;
constexpr int kLastPriority = 4096;
constexpr int kNameLimit = 80;

bool inAzure(const Document& document, const Node& n)
{
    const Zone* zone = document.zone(n.zone);
    return (zone && zone->name.contains(u"azure", Qt::CaseInsensitive)) ||
           n.zone.contains(u"azure", Qt::CaseInsensitive) || document.hasRole(n, u"cmg") ||
           document.hasRole(n, u"cloud_distribution_point");
}

// The network security group a destination's rules belong to: its zone's
// subnet that holds its address, else its zone.
QString nsgFor(const Document& document, const Node& n)
{
    const Zone* zone = document.zone(n.zone);
    const QString base = n.zone.isEmpty() ? u"azure"_s : n.zone;
    const QHostAddress address(n.address.section(u'/', 0, 0));
    if (zone && !address.isNull())
        for (const QString& subnet : zone->subnets)
            if (address.isInSubnet(QHostAddress::parseSubnet(subnet))) {
                QString text = subnet;
                text.replace(u'.', u'-').replace(u'/', u'-').replace(u':', u'-');
                return escape::stableIdentifier(u"nsg-portolan-"_s, base + u'-' + text, kNameLimit);
            }
    return escape::stableIdentifier(u"nsg-portolan-"_s, base, kNameLimit);
}

void insertList(QJsonObject& properties, const QString& one, const QString& many, const QStringList& items)
{
    if (items.size() == 1)
        properties.insert(one, items.first());
    else
        properties.insert(many, QJsonArray::fromStringList(items));
}

QAbstractSocket::NetworkLayerProtocol familyOf(const QString& prefix)
{
    return QHostAddress(prefix.section(u'/', 0, 0)).protocol();
}

QStringList inFamily(const QStringList& prefixes, QAbstractSocket::NetworkLayerProtocol family)
{
    QStringList result;
    for (const QString& p : prefixes)
        if (familyOf(p) == family)
            result << p;
    return result;
}

// A rule's properties but its priority.
QJsonObject securityRule(const Rule& rule, const QStringList& sources, const QStringList& destinations,
                         const QStringList& ports)
{
    QJsonObject properties{
        {u"direction"_s, u"Inbound"_s},
        {u"access"_s, u"Allow"_s},
        {u"protocol"_s, rule.protocol == Protocol::Tcp   ? u"Tcp"_s
                        : rule.protocol == Protocol::Udp ? u"Udp"_s
                                                         : u"Icmp"_s},
        {u"sourcePortRange"_s, u"*"_s},
        {u"description"_s,
         (rule.services.join(u"; ") + u" ("_s + rule.references.join(u"; ") + u')').left(140)}};
    insertList(properties, u"sourceAddressPrefix"_s, u"sourceAddressPrefixes"_s, sources);
    insertList(properties, u"destinationAddressPrefix"_s, u"destinationAddressPrefixes"_s, destinations);
    if (rule.protocol == Protocol::Icmp)
        properties.insert(u"destinationPortRange"_s, u"*"_s);
    else
        insertList(properties, u"destinationPortRange"_s, u"destinationPortRanges"_s, ports);
    return properties;
}

// The deployable template around the groups; what could not be expressed goes in its metadata.
QJsonObject armTemplate(const QJsonArray& resources, const QJsonObject& metadata)
{
    const QJsonObject parameters{
        {u"location"_s,
         QJsonObject{{u"type"_s, u"string"_s}, {u"defaultValue"_s, u"[resourceGroup().location]"_s}}}};
    return QJsonObject{
        {u"$schema"_s, u"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"_s},
        {u"contentVersion"_s, u"1.0.0.0"_s},
        {u"metadata"_s, metadata},
        {u"parameters"_s, parameters},
        {u"resources"_s, resources}};
}

struct Nsg
{
    QJsonArray rules;
    QSet<QString> names;
};

} // namespace

std::optional<QByteArray> azureNsg(const Document& document, const FlowEngine& engine,
                                   const ExportOptions& options, QString* error, ExportReport* report)
{
    RuleOptions ruleOptions;
    for (const auto& [id, n] : document.nodes())
        if (inAzure(document, n))
            ruleOptions.destinations << id;
    if (ruleOptions.destinations.isEmpty()) {
        if (error)
            *error = u"the design has nothing in Azure (no zone named Azure, no cloud management gateway or "
                     u"cloud distribution point): a network security group would have no rules"_s;
        return std::nullopt;
    }
    const QList<Rule> rules = buildRules(document, engine, ruleOptions);
    std::map<QString, Nsg> groups;
    QList<Placeholder> placeholders;
    int ruleCount = 0;
    bool tftp = false; // a rule admits TFTP requests (PXE boot)
    for (const Rule& rule : rules) {
        const Node* destination = document.node(rule.destination);
        const QString what = portSummary(rule.protocol, rule.ports);
        QStringList prefixes;
        bool internet = false;
        for (int s : rule.sources) {
            const Node* n = document.node(s);
            const QStringList a = nodeAddresses(document, s);
            if (a.isEmpty() && n->options.value(u"group.internet"_s).toBool())
                internet = true; // Azure's service tag says it
            else if (a.isEmpty())
                placeholders << Placeholder{u"%1 -> %2: %3"_s.arg(n->name, destination->name, what),
                                            u"the source has no address in the design"_s, flowCount(rule)};
            prefixes << a;
        }
        prefixes.removeDuplicates();
        const QStringList destinations = nodeAddresses(document, rule.destination);
        if (destinations.isEmpty()) {
            for (int s : rule.sources)
                placeholders << Placeholder{
                    u"%1 -> %2: %3"_s.arg(document.node(s)->name, destination->name, what),
                    u"the destination has no address in the design"_s, flowCount(rule)};
            continue;
        }
        Nsg& nsg = groups[nsgFor(document, *destination)];
        QStringList portTexts;
        for (const RulePort& p : rule.ports)
            portTexts << p.port.toString();
        const QString base = escape::stableIdentifier(
            u"allow-"_s,
            u"%1-%2-%3"_s.arg(destination->key, protocolName(rule.protocol),
                              portTexts.isEmpty() ? u"echo"_s : portTexts.join(u'_')),
            kNameLimit - 12); // room for -internet-v6
        // One rule per IP family (Azure refuses a rule that mixes IPv4 and IPv6), and one for the
        // service tag: Azure refuses a tag in a list.
        struct Part
        {
            QString name;
            QStringList sources;
            QStringList destinations;
        };
        QList<Part> parts;
        for (const auto family : {QAbstractSocket::IPv4Protocol, QAbstractSocket::IPv6Protocol}) {
            const QStringList to = inFamily(destinations, family);
            if (to.isEmpty())
                continue;
            const QString suffix = family == QAbstractSocket::IPv6Protocol ? u"-v6"_s : QString();
            if (const QStringList from = inFamily(prefixes, family); !from.isEmpty())
                parts << Part{base + suffix, from, to};
            if (internet)
                parts << Part{base + u"-internet"_s + suffix, {u"Internet"_s}, to};
        }
        for (int s : rule.sources) {
            const QStringList a = nodeAddresses(document, s);
            bool common = a.isEmpty();
            for (const QString& address : a)
                common = common || !inFamily(destinations, familyOf(address)).isEmpty();
            if (!common)
                placeholders << Placeholder{
                    u"%1 -> %2: %3"_s.arg(document.node(s)->name, destination->name, what),
                    u"the source and the destination have no IP family in common"_s, flowCount(rule)};
        }
        if (rule.protocol == Protocol::Udp && !parts.isEmpty() &&
            std::any_of(rule.ports.begin(), rule.ports.end(),
                        [](const RulePort& p) { return p.port.first <= 69 && 69 <= p.port.last; }))
            tftp = true;
        for (const Part& part : std::as_const(parts)) {
            QJsonObject properties = securityRule(rule, part.sources, part.destinations, portTexts);
            properties.insert(u"priority"_s, kFirstPriority + int(nsg.rules.size()));
            QString unique = part.name;
            for (int n = 2; nsg.names.contains(unique); ++n)
                unique = part.name + u'_' + QString::number(n);
            nsg.names.insert(unique);
            nsg.rules.append(QJsonObject{{u"name"_s, unique}, {u"properties"_s, properties}});
            ++ruleCount;
        }
    }
    QJsonArray resources;
    for (const auto& [name, nsg] : groups) {
        if (nsg.rules.size() > kMaxRules || kFirstPriority + nsg.rules.size() - 1 > kLastPriority) {
            if (error)
                *error =
                    u"the network security group %1 needs %2 rules; Azure allows at most %3 per group "
                    u"(priorities %4 to %5): give the Azure zone more subnets, one group each"_s.arg(name)
                        .arg(nsg.rules.size())
                        .arg(kMaxRules)
                        .arg(kFirstPriority)
                        .arg(kLastPriority);
            return std::nullopt;
        }
        resources.append(QJsonObject{{u"type"_s, u"Microsoft.Network/networkSecurityGroups"_s},
                                     {u"apiVersion"_s, u"2023-09-01"_s},
                                     {u"name"_s, name},
                                     {u"location"_s, u"[parameters('location')]"_s},
                                     {u"properties"_s, QJsonObject{{u"securityRules"_s, nsg.rules}}}});
    }
    QJsonArray notExpressed;
    for (const Placeholder& p : std::as_const(placeholders)) {
        notExpressed.append(p.text());
        if (report) {
            report->placeholders << p.text();
            report->flows += p.flows;
        }
    }
    QJsonObject metadata{
        {u"comment"_s, generatedBy(document, options.designFile)},
        {u"summary"_s, placeholderSummary(ruleCount, placeholders, u"listed in notExpressed"_s)},
        {u"notExpressed"_s, notExpressed}};
    // An NSG keeps state per flow only and has no TFTP helper: say what PXE boot needs.
    if (tftp)
        metadata.insert(
            u"tftp"_s,
            u"TFTP (UDP 69, PXE boot): the server sends its data from a new port, which an NSG sees as a new "
            u"flow. It leaves the server outbound, admitted by the default rules AllowVnetOutBound and "
            u"AllowInternetOutBound, and the clients' acknowledgements return on that flow: keep outbound "
            u"UDP "
            u"from the PXE distribution points to the clients open, or PXE boot fails although UDP 69 is "
            u"allowed."_s);
    const QJsonObject top = armTemplate(resources, metadata);
    return QJsonDocument(top).toJson(QJsonDocument::Indented);
}

} // namespace portolan
