#pragma once

#include "catalog/portspec.h"

#include <QList>
#include <QStringList>

namespace portolan {

class Document;
class FlowEngine;

struct RulePort
{
    PortSpec port;
    bool rpcDynamic = false; // the RPC dynamic range (Windows keyword "RPC")
    friend bool operator==(const RulePort&, const RulePort&) = default;
};

// One firewall rule: a destination, a protocol, a set of ports and the set of
// sources that need exactly those ports. Local flows never make rules.
struct Rule
{
    int destination = -1;
    Protocol protocol = Protocol::Tcp;
    QList<RulePort> ports; // sorted; empty for ICMP
    QList<int> sources;    // sorted by name
    QString label;         // "Portolan - HQ workstations to p01-mp", unique per port set
    QString name;          // label + " - TCP 80, 443"
    QStringList services;
    QStringList references;
};

struct RuleOptions
{
    bool crossZoneOnly = false; // network firewalls: only flows whose zones differ
    // Keep only flows to these destinations (empty: all).
    QList<int> destinations;
};

QList<Rule> buildRules(const Document& document, const FlowEngine& engine, const RuleOptions& options = {});

QString portsText(const QList<RulePort>& ports);
// The rule's name for a subset of its ports: label + " - TCP 80, 443".
QString ruleName(const Rule& rule, const QString& ports);
// Addresses a firewall can match for a node: its address or its subnets.
QStringList nodeAddresses(const Document& document, int node);
QString shortName(const Document& document, int node);

// The line at the top of every generated file.
QString generatedBy(const Document& document, const QString& designFile);

} // namespace portolan
