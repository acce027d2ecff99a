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
#include "zonerules.h"

#include <QHash>
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

// Comment-based help (Get-Help .\script.ps1 -Full): the synopsis, then the design it was
// generated from and the usage as the description; the parameters and examples follow in
// `usage` itself.
void header(QString& out, const Document& document, const ExportOptions& options, const QString& what,
            const QString& usage)
{
    out += u"<#\n.SYNOPSIS\n"_s;
    out += u"  Portolan: "_s + what + u"\n\n.DESCRIPTION\n"_s;
    out += u"  "_s + escape::comment(generatedBy(document, options.designFile)).replace(u"#>"_s, u"# >"_s) +
           u'\n';
    out += usage;
    out += u"#>\n"_s;
}

} // namespace

namespace {

// One New-NetFirewallRule, as a line of the script's rule table.
struct PsRule
{
    QString target;
    QString name;
    QString displayName;
    QString description;
    QString protocol; // TCP, UDP, ICMPv4
    QStringList localPorts;
    QStringList localAddresses;
    QStringList remoteAddresses;
    int destination = -1;
    QList<int> sources;
    QStringList services;
    QStringList references;
};

// The Windows firewall rule group of the design: its identity, which no other design has.
QString groupName(const Document& document)
{
    return u"Portolan "_s + (document.info().id.isEmpty() ? document.info().name : document.info().id);
}

QString array(const QStringList& items)
{
    return u"@("_s + list(items) + u')';
}

QString tableLine(const PsRule& r)
{
    QString line = u"    @{ Target = "_s + escape::powershell(r.target) + u"; Name = "_s +
                   escape::powershell(r.name) + u"; DisplayName = "_s + escape::powershell(r.displayName) +
                   u"; Description = "_s + escape::powershell(r.description) + u"; Protocol = "_s +
                   escape::powershell(r.protocol);
    if (r.protocol == u"ICMPv4")
        line += u"; IcmpType = '8'"_s;
    else
        line += u"; LocalPort = "_s + array(r.localPorts);
    line += u"; LocalAddress = "_s + array(r.localAddresses) + u"; RemoteAddress = "_s +
            array(r.remoteAddresses) + u" }\n"_s;
    return line;
}

// Merged sources, display name and description, once every rule sharing the Name is in.
void finish(const Document& document, PsRule& r)
{
    r.remoteAddresses.removeDuplicates();
    r.services.removeDuplicates();
    r.references.removeDuplicates();
    r.description = r.services.join(u"; ") + u" ("_s + r.references.join(u"; ") + u')';
    QStringList names;
    for (int id : std::as_const(r.sources))
        names << shortName(document, id);
    names.removeDuplicates();
    names.sort(Qt::CaseInsensitive);
    const QString from = names.size() == 1
                             ? names.first()
                             : u"%1 and %2 more"_s.arg(names.first(), QString::number(names.size() - 1));
    const QString protocol = r.protocol == u"ICMPv4" ? u"ICMP"_s : r.protocol;
    r.displayName =
        u"Portolan - %1 to %2 - %3 %4"_s.arg(from, shortName(document, r.destination), protocol,
                                             r.localPorts.isEmpty() ? u"echo"_s : r.localPorts.join(u", "));
}

// The part of the script that keeps the computer (or the GPO) in step with the table.
constexpr char16_t kSync[] = uR"(
$existing = @{}
foreach ($rule in @(Get-NetFirewallRule -Group ([WildcardPattern]::Escape($Group)) @store -ErrorAction SilentlyContinue)) {
    $existing[$rule.Name] = $true
}
$created = 0
$updated = 0
$removed = 0
$names = @{}
foreach ($r in $wanted) {
    $names[$r.Name] = $true
    $settings = @{
        Description = $r.Description
        Protocol = $r.Protocol
        LocalAddress = $r.LocalAddress
        RemoteAddress = $r.RemoteAddress
        Profile = $FirewallProfile
    }
    if ($r.ContainsKey('LocalPort')) { $settings['LocalPort'] = $r.LocalPort }
    if ($r.ContainsKey('IcmpType')) { $settings['IcmpType'] = $r.IcmpType }
    if ($existing.ContainsKey($r.Name)) {
        Set-NetFirewallRule -Name $r.Name -NewDisplayName $r.DisplayName @settings @store
        $updated++
    } else {
        New-NetFirewallRule -Name $r.Name -DisplayName $r.DisplayName -Group $Group -Direction Inbound -Action Allow @settings @store | Out-Null
        $created++
    }
}
foreach ($name in @($existing.Keys)) {
    if (-not $names.ContainsKey($name)) {
        Remove-NetFirewallRule -Name $name @store
        $removed++
    }
}
if ($session) { Save-NetGPO -GPOSession $session }
$mode = if ($WhatIfPreference) { ' (WhatIf: nothing was changed)' } else { '' }
Write-Host "Portolan: $created rules created, $updated updated, $removed removed$mode."
)";

// The rule table: one entry per Name, sources merged; flows without an address become placeholders.
QList<PsRule> collectRules(const Document& document, const FlowEngine& engine,
                           QList<Placeholder>& placeholders)
{
    QList<PsRule> table;
    QHash<QString, int> byName;
    for (const Rule& rule : buildRules(document, engine)) {
        if (!isWindowsTarget(document, rule.destination))
            continue;
        const Node* d = document.node(rule.destination);
        const QStringList local = nodeAddresses(document, rule.destination);
        const QString what = portSummary(rule.protocol, rule.ports);
        QStringList remote;
        for (int source : rule.sources) {
            const QStringList a = nodeAddresses(document, source);
            if (a.isEmpty())
                placeholders << Placeholder{u"%1 -> %2: %3"_s.arg(document.node(source)->name, d->name, what),
                                            u"the source has no address in the design"_s, flowCount(rule)};
            remote << a;
        }
        remote.removeDuplicates();
        if (local.isEmpty()) {
            for (int source : rule.sources)
                placeholders << Placeholder{u"%1 -> %2: %3"_s.arg(document.node(source)->name, d->name, what),
                                            u"the destination has no address in the design"_s,
                                            flowCount(rule)};
            continue;
        }
        if (remote.isEmpty())
            continue;
        // The Name is the rule's key (destination id, protocol, ports): the same in every export,
        // so that running a newer script updates the rule instead of adding another. Rules that
        // share it once the RPC keywords are split off become one rule for all their sources.
        const auto add = [&](const QString& protocol, const QStringList& ports, const QString& portsName) {
            const QString name =
                escape::stableIdentifier(u"Portolan-%1-"_s.arg(document.info().id), d->key, 160) + u'-' +
                protocol + u'-' + portsName;
            auto it = byName.constFind(name);
            if (it == byName.cend()) {
                PsRule r;
                r.target = targetLabel(document, rule.destination);
                r.name = name;
                r.protocol = protocol;
                r.localPorts = ports;
                r.localAddresses = local;
                r.destination = rule.destination;
                table << r;
                it = byName.insert(name, int(table.size() - 1));
            }
            PsRule& r = table[*it];
            r.remoteAddresses << remote;
            r.sources << rule.sources;
            r.services << rule.services;
            r.references << rule.references;
        };
        if (rule.protocol == Protocol::Icmp) {
            add(u"ICMPv4"_s, {}, u"echo"_s);
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
        const QString protocol = protocolName(rule.protocol);
        if (!numeric.isEmpty())
            add(protocol, numeric, numeric.join(u'_'));
        if (endpointMapper)
            add(protocol, {u"RPCEPMap"_s}, u"RPCEPMap"_s);
        if (rpc)
            add(protocol, {u"RPC"_s}, u"RPC"_s);
    }
    for (PsRule& r : table)
        finish(document, r);
    return table;
}

} // namespace

// Windows Firewall has no TFTP helper: what PXE boot needs when a rule admits UDP 69.
static QString tftpNote(const QList<PsRule>& table)
{
    for (const PsRule& r : table)
        if (r.protocol == u"UDP"_s && r.localPorts.contains(u"69"_s))
            return u"  TFTP (UDP 69, PXE boot): the server sends its data from a new port. Windows Firewall\n"
                   u"  has no TFTP helper, but that data leaves as an outbound flow (allowed unless outbound "
                   u"is\n"
                   u"  blocked) and the clients' acknowledgements return on it: keep outbound allowed.\n"_s;
    return {};
}

QByteArray firewallScript(const Document& document, const FlowEngine& engine, const ExportOptions& options,
                          ExportReport* report)
{
    QList<Placeholder> placeholders;
    const QList<PsRule> table = collectRules(document, engine, placeholders);
    QString out;
    header(
        out, document, options,
        u"Windows Defender Firewall inbound rules that keep a computer in step with the design."_s,
        u"  Run it on each computer (the rules whose Target is its name apply), or with -Target NAME (a\n"
        u"  client group's name for its devices). Running it again creates the rules that are missing,\n"
        u"  updates the others and removes the rules of its group that the design no longer needs;\n"
        u"  -WhatIf shows what it would do. With -PolicyStore 'DOMAIN\\GPO' every rule goes to the Group\n"
        u"  Policy object in one session, each opening its ports only on its own computer's address\n"
        u"  (LocalAddress). -FirewallProfile Domain limits the rules to one profile (default Any).\n"_s +
            tftpNote(table) +
            u"\n.PARAMETER Target\n"
            u"  The computer whose rules to apply: its short name in capitals (the default, "
            u"$env:COMPUTERNAME)\n"
            u"  or, for a client device, its client group's name in the design.\n"
            u"\n.PARAMETER PolicyStore\n"
            u"  A Group Policy object, DOMAIN\\GPO: every rule of the design goes there, in one GPO "
            u"session.\n"
            u"\n.PARAMETER FirewallProfile\n"
            u"  The firewall profile the rules apply in: Any (the default), Domain, Private or Public.\n"
            u"\n.EXAMPLE\n"
            u"  .\\rules.ps1 -WhatIf\n\n"
            u"  Shows the rules this computer would get, change or lose, and changes nothing.\n"
            u"\n.EXAMPLE\n"
            u"  .\\rules.ps1 -PolicyStore 'CONTOSO\\ConfigMgr firewall'\n\n"
            u"  Writes every rule of the design to the GPO, each limited to its own computer's address.\n"_s);
    out +=
        u"[CmdletBinding(SupportsShouldProcess)]\nparam(\n    [string]$Target = $env:COMPUTERNAME,\n"
        u"    [string]$PolicyStore = "_s +
        escape::powershell(options.policyStore) +
        u",\n    [ValidateSet('Any', 'Domain', 'Private', 'Public')]\n    [string]$FirewallProfile = 'Any'\n)\n"_s;
    // The group is the design's identity, not its name: two designs of one name (or a design
    // renamed) never take each other's rules for their own.
    out += u"$ErrorActionPreference = 'Stop'\n# The rules of the design "_s +
           escape::comment(document.info().name) + u"\n$Group = "_s +
           escape::powershell(groupName(document)) + u"\n$rules = @(\n"_s;
    for (const PsRule& r : std::as_const(table))
        out += tableLine(r);
    out += u")\n"_s;
    out += u"$store = @{}\n$session = $null\n"
           u"if ($PolicyStore) {\n"
           u"    if ($PolicyStore -notmatch '^[^\\\\]+\\\\[^\\\\]+$') { throw \"PolicyStore must be "
           u"DOMAIN\\GPO, not "
           u"'$PolicyStore'\" }\n"
           u"    # One GPO session for every change, saved once at the end.\n"
           u"    $session = Open-NetGPO -PolicyStore $PolicyStore\n"
           u"    $store['GPOSession'] = $session\n"
           u"    $wanted = $rules\n"
           u"} else {\n"
           u"    $wanted = @($rules | Where-Object { $_.Target -eq $Target })\n"
           u"    if ($wanted.Count -eq 0) { Write-Warning \"Portolan has no inbound rules for $Target\" }\n"
           u"}\n"_s;
    out += QString::fromUtf16(kSync);
    for (const Placeholder& p : std::as_const(placeholders))
        out += u"# NOT EXPRESSED: "_s + escape::comment(p.text()) + u'\n';
    out += u"# "_s + placeholderSummary(int(table.size()), placeholders) + u'\n';
    if (report)
        for (const Placeholder& p : std::as_const(placeholders)) {
            report->placeholders << p.text();
            report->flows += p.flows;
        }
    return out.toUtf8();
}

} // namespace portolan
