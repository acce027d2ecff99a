#pragma once

#include "ruleset.h"

#include <optional>

namespace portolan {

// A flow that a rule set cannot express (no address, no IP family in common,
// a service the device has no name for). Every format writes it as a commented
// placeholder and counts it in a summary, so that nothing goes missing silently.
struct Placeholder
{
    QString flow;  // "Clients East -> Microsoft Update: TCP 443"
    QString why;   // "the destination has no address in the design"
    int flows = 1; // rows of the flow list it stands for: one per port or range
    QString text() const { return flow + QStringLiteral(": ") + why; }
};

// The flows a rule stands for: one per port or range, one for ICMP echo.
int flowCount(Protocol protocol, const QList<RulePort>& ports);
inline int flowCount(const Rule& rule)
{
    return flowCount(rule.protocol, rule.ports);
}

// A set of addresses defined once in a rule set and used by every rule that
// needs exactly these addresses.
struct AddressGroup
{
    QString id;            // stable: the node's key, or a hash of the addresses for several nodes
    QString description;   // the members' names
    QStringList addresses; // sorted
};

// One permit from sources in one zone to one destination, compiled from a Rule.
struct ZoneRule
{
    int source = -1;      // index in ZoneRules::groups
    int destination = -1; // index in ZoneRules::groups
    QString fromZone;     // zone key, empty when unzoned
    QString toZone;       // the destination's zone key, empty when unzoned
    Protocol protocol = Protocol::Tcp;
    QList<RulePort> ports;
    QString remark; // "Clients East and 3 more to dp01.east.contoso.com: TCP 80, 443"
    QStringList services;
    QStringList references;
};

struct ZoneRules
{
    QList<AddressGroup> groups;
    QList<ZoneRule> rules;
    QList<Placeholder> placeholders;
};

// Rules for a firewall between zones: the non-local flows whose zones differ.
// Fails with a message naming what is missing when the design has fewer than
// two zones, since such a firewall would then only drop traffic.
std::optional<ZoneRules> compileZoneRules(const Document& document, const FlowEngine& engine, QString* error);

// Rules for the host firewall of each destination: every non-local flow. Fails
// when the design has none.
std::optional<ZoneRules> compileHostRules(const Document& document, const FlowEngine& engine, QString* error);

// "TCP 80, 443" or "ICMP echo".
QString portSummary(Protocol protocol, const QList<RulePort>& ports);

// The summary line at the end of a rule set: how many rules, flows not expressed and placeholders.
QString placeholderSummary(int rules, const QList<Placeholder>& placeholders,
                           const QString& where = QStringLiteral("listed above"));
// "3 flows cannot be expressed and are listed above as 2 NOT EXPRESSED placeholders", in the
// singular where there is one.
QString notExpressedText(qsizetype flows, qsizetype placeholders, const QString& where);

} // namespace portolan
