// Windows Defender Firewall rules and the port test script, both PowerShell.
// Every name and description from the design is a single-quoted literal
// (escape::powershell) or a comment with its line breaks removed, so that a
// host named  x"; Remove-Item C:\ -Recurse; "  is only ever data.
#include "catalog/catalog.h"
#include "design/document.h"
#include "escape.h"
#include "exporter.h"
#include "flows/flowengine.h"
#include "ruleset.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// Hosts a Windows firewall script can configure: Windows servers, client
// devices and consoles, and on-premises Windows endpoints.
bool isWindowsTarget(const Document& document, int id)
{
    const Node* n = document.node(id);
    if (!n)
        return false;
    if (n->kind == NodeKind::ClientGroup)
        return n->os == OsFamily::Windows;
    if (n->kind == NodeKind::Console)
        return true;
    static const QStringList windowsEndpoints = {
        u"domain_controller"_s,     u"issuing_ca"_s,         u"wsus_sql"_s,       u"upstream_wsus"_s,
        u"content_library_share"_s, u"ndes_policy_module"_s, u"exchange_onprem"_s};
    for (int r : n->roles) {
        const RoleInfo& role = document.catalog().role(r);
        if (n->kind == NodeKind::Endpoint)
            return windowsEndpoints.contains(role.id);
        if (role.placement == Placement::Cloud)
            return false;
    }
    return n->kind == NodeKind::Server;
}

QString targetLabel(const Document& document, int id)
{
    const Node* n = document.node(id);
    return n->kind == NodeKind::ClientGroup || n->kind == NodeKind::Console
               ? n->name
               : shortName(document, id).toUpper();
}

QString list(const QStringList& items)
{
    QStringList quoted;
    for (const QString& item : items)
        quoted << escape::powershell(item);
    return quoted.join(u", ");
}

void header(QString& out, const Document& document, const ExportOptions& options, const QString& what,
            const QString& usage)
{
    out += u"<#\n"_s;
    out += u"  Portolan: "_s + what + u'\n';
    out += u"  "_s + escape::comment(generatedBy(document, options.designFile)).replace(u"#>"_s, u"# >"_s) +
           u'\n';
    out += usage;
    out += u"#>\n"_s;
}

} // namespace

QByteArray firewallScript(const Document& document, const FlowEngine& engine, const ExportOptions& options)
{
    QString out;
    header(
        out, document, options, u"Windows Defender Firewall inbound rules, one block per computer."_s,
        u"  Run it on each computer (its own block applies), or with -Target NAME (a client group's\n"
        u"  name for its devices). With -PolicyStore 'DOMAIN\\GPO' the rules go to a Group Policy object.\n"
        u"  Running it again adds only the rules that are missing.\n"_s);
    out += u"param(\n    [string]$Target = $env:COMPUTERNAME,\n    [string]$PolicyStore = "_s +
           escape::powershell(options.policyStore) + u"\n)\n"_s;
    out += u"$ErrorActionPreference = 'Stop'\n"
           u"$store = @{}\n"
           u"if ($PolicyStore) { $store['PolicyStore'] = $PolicyStore }\n"
           u"$added = 0\n$present = 0\n"
           u"function Test-PortolanRule([string]$Name) {\n"
           u"    [bool](Get-NetFirewallRule -DisplayName $Name @store -ErrorAction SilentlyContinue)\n"
           u"}\n\n"
           u"switch ($Target) {\n"_s;
    const QList<Rule> rules = buildRules(document, engine);
    int current = -1;
    const auto emitRule = [&](const QString& name, const Rule& rule, const QString& protocolArgs,
                              const QStringList& addresses) {
        out +=
            u"        if (Test-PortolanRule "_s + escape::powershell(name) + u") { $present++ } else {\n"_s;
        out += u"            New-NetFirewallRule -DisplayName "_s + escape::powershell(name) +
               u" -Description "_s +
               escape::powershell(rule.services.join(u"; ") + u" ("_s + rule.references.join(u"; ") + u')') +
               u" -Direction Inbound "_s + protocolArgs + u" -RemoteAddress "_s + list(addresses) +
               u" -Action Allow -Group 'Portolan' @store | Out-Null\n"_s;
        out += u"            $added++\n        }\n"_s;
    };
    for (const Rule& rule : rules) {
        if (!isWindowsTarget(document, rule.destination))
            continue;
        if (rule.destination != current) {
            if (current >= 0)
                out += u"    }\n"_s;
            current = rule.destination;
            const Node* n = document.node(current);
            out += u"    "_s + escape::powershell(targetLabel(document, current)) + u" {\n"_s;
            out += u"        # "_s +
                   escape::comment(n->name + u' ' + nodeAddresses(document, current).join(u", ")) + u'\n';
        }
        QStringList addresses;
        for (int source : rule.sources) {
            const QStringList a = nodeAddresses(document, source);
            if (a.isEmpty())
                out += u"        # "_s + escape::comment(document.node(source)->name) +
                       u" has no address in the design: no rule can admit it\n"_s;
            addresses << a;
        }
        if (addresses.isEmpty())
            continue;
        if (rule.protocol == Protocol::Icmp) {
            emitRule(rule.name, rule, u"-Protocol ICMPv4 -IcmpType 8"_s, addresses);
            continue;
        }
        // Windows names the endpoint mapper and the RPC dynamic range with keywords.
        QStringList numeric;
        bool endpointMapper = false, rpc = false;
        for (const RulePort& p : rule.ports) {
            if (rule.protocol == Protocol::Tcp && p.rpcDynamic)
                rpc = true;
            else if (rule.protocol == Protocol::Tcp && p.port == PortSpec::single(135))
                endpointMapper = true;
            else
                numeric << p.port.toString();
        }
        const QString protocol = u"-Protocol "_s + protocolName(rule.protocol);
        if (!numeric.isEmpty())
            emitRule(ruleName(rule, numeric.join(u", ")), rule,
                     protocol + u" -LocalPort "_s + numeric.join(u", "), addresses);
        if (endpointMapper)
            emitRule(ruleName(rule, u"RPCEPMap"_s), rule, protocol + u" -LocalPort RPCEPMap"_s, addresses);
        if (rpc)
            emitRule(ruleName(rule, u"RPC"_s), rule, protocol + u" -LocalPort RPC"_s, addresses);
    }
    if (current >= 0)
        out += u"    }\n"_s;
    out += u"    default { Write-Warning \"Portolan has no inbound rules for $Target\" }\n}\n"_s;
    out += u"Write-Host \"Portolan: $added rules added, $present already present.\"\n"_s;
    return out.toUtf8();
}

QByteArray portTestScript(const Document& document, const FlowEngine& engine, const ExportOptions& options)
{
    QString out;
    header(
        out, document, options, u"port test: proves the firewall lets every flow of this computer through."_s,
        u"  Run it on each computer (its own block applies), or with -Target NAME (a client group's\n"
        u"  name on one of its devices). TCP ports are tested with Test-NetConnection; UDP and port\n"
        u"  ranges cannot be tested from one side and are listed as such. Exit code 1 when a test fails.\n"_s);
    out +=
        u"param([string]$Target = $env:COMPUTERNAME)\n"
        u"$results = New-Object System.Collections.Generic.List[object]\n"
        u"function Test-PortolanTcp([string]$Destination, [string]$Address, [int]$Port, [string]$Service) {\n"
        u"    $ok = Test-NetConnection -ComputerName $Address -Port $Port -InformationLevel Quiet "
        u"-WarningAction SilentlyContinue\n"
        u"    $results.Add([pscustomobject]@{ Destination = $Destination; Protocol = 'TCP'; Port = $Port; "
        u"Service = $Service; Result = $(if ($ok) { 'PASS' } else { 'FAIL' }) })\n"
        u"}\n"
        u"function Skip-Portolan([string]$Destination, [string]$Protocol, [string]$Port, [string]$Service, "
        u"[string]$Why) {\n"
        u"    $results.Add([pscustomobject]@{ Destination = $Destination; Protocol = $Protocol; Port = "
        u"$Port; "
        u"Service = $Service; Result = \"NOT TESTED: $Why\" })\n"
        u"}\n\n"
        u"switch ($Target) {\n"_s;
    // Group the flows by source, then by destination, protocol and port.
    std::map<int, std::map<std::tuple<int, int, int, int>, QStringList>> bySource;
    for (const Flow& f : engine.flows()) {
        if (f.local || f.source == f.destination)
            continue;
        QStringList& services =
            bySource[f.source][{f.destination, int(f.protocol), f.port.first, f.port.last}];
        const QString service = document.catalog().rows().at(f.row).description;
        if (!services.contains(service))
            services << service;
    }
    for (const auto& [source, tests] : bySource) {
        out += u"    "_s + escape::powershell(targetLabel(document, source)) + u" {\n"_s;
        for (const auto& [key, services] : tests) {
            const auto [destination, protocol, first, last] = key;
            const Node* d = document.node(destination);
            const QString service = escape::powershell(services.join(u"; "));
            const QString name = escape::powershell(d->name);
            const PortSpec port = first == last ? PortSpec::single(quint16(first))
                                                : PortSpec::range(quint16(first), quint16(last));
            QString address = d->address.section(u'/', 0, 0);
            if (d->address.contains(u'/') && !d->address.endsWith(u"/32"))
                address.clear();
            if (address.isEmpty() && d->kind == NodeKind::Server)
                address = d->name;
            QString why;
            if (Protocol(protocol) == Protocol::Udp)
                why = u"UDP cannot be tested from one side: nothing answers an empty datagram"_s;
            else if (Protocol(protocol) == Protocol::Icmp)
                why = u"ICMP echo: run Test-Connection against a device of the group"_s;
            else if (port.kind == PortSpec::Kind::Range)
                why = u"a port range is opened at run time and cannot be tested from one side"_s;
            else if (address.isEmpty())
                why = u"the destination has no single address (test against one of its devices)"_s;
            if (why.isEmpty())
                out += u"        Test-PortolanTcp -Destination "_s + name + u" -Address "_s +
                       escape::powershell(address) + u" -Port "_s + port.toString() + u" -Service "_s +
                       service + u'\n';
            else
                out += u"        Skip-Portolan -Destination "_s + name + u" -Protocol "_s +
                       protocolName(Protocol(protocol)) + u" -Port "_s + escape::powershell(port.toString()) +
                       u" -Service "_s + service + u" -Why "_s + escape::powershell(why) + u'\n';
        }
        out += u"    }\n"_s;
    }
    out += u"    default { Write-Warning \"Portolan has no flows from $Target\" }\n}\n"
           u"$results | Format-Table -AutoSize\n"
           u"if ($results | Where-Object Result -eq 'FAIL') { exit 1 }\n"_s;
    return out.toUtf8();
}

} // namespace portolan
