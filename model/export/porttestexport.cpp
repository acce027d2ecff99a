// The port test script: -Mode Listen on a destination (temporary listeners and
// responders, before the roles exist), -Mode Probe on a source (every flow of
// the design from this computer, written to a results file, docs/test-results.md).
// Every name from the design is a single-quoted literal (escape::powershell) in
// one of two tables, $listeners and $probes; the code around them is fixed text.
#include "catalog/catalog.h"
#include "design/document.h"
#include "escape.h"
#include "exporter.h"
#include "flows/flowengine.h"
#include "ruleset.h"
#include "verify/testplan.h"

#include <map>
#include <tuple>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// The name a computer answers to in the script: a server's short name in capitals
// ($env:COMPUTERNAME), a client group's or console's design name.
QString targetLabel(const Document& document, int id)
{
    const Node* n = document.node(id);
    return n->kind == NodeKind::ClientGroup || n->kind == NodeKind::Console
               ? n->name
               : shortName(document, id).toUpper();
}

QString portArray(const QList<quint16>& ports)
{
    QStringList text;
    for (quint16 p : ports)
        text << QString::number(p);
    return u"@("_s + text.join(u", ") + u')';
}

constexpr char16_t kUsage[] =
    uR"ps(  -Mode Listen (on a destination, before its roles are installed, as an administrator): for
  -Minutes (default 30) listens on each TCP port the design needs on this computer and answers on
  each UDP port, skipping ports already in use (they are then tested as they are); a port range is
  represented by a sample (its first and last port and three between). Each listener gets a
  temporary inbound firewall exception (-NoFirewallException: none, to test the host's own rules).
  When the time is up or on Ctrl+C, every listener and exception it added is removed.
  -Mode Probe (the default, on a source): tests each flow of this computer (TCP connect, UDP request
  and answer against the listener's responder, ICMP echo), -TimeoutMs per test (default 2000),
  -Parallel tests at a time (default 16). Writes the results to -ResultsPath (default
  portolan-results-COMPUTER-TIME.csv; the format is docs/test-results.md), prints them as a table,
  and exits 1 when a test failed. Bring the files back with: portolan verify DESIGN RESULTS...
  Both modes pick this computer's entries by -Target (default $env:COMPUTERNAME), which may be the
  short name or the design's name; for a client group, its name on one of its devices.

.PARAMETER Mode
  Listen (on a destination: temporary listeners and responders) or Probe (the default, on a source:
  tests every flow of this computer and writes the results file).

.PARAMETER Target
  This computer's name in the design: its short name in capitals (the default, $env:COMPUTERNAME),
  its host name, or for a client device its client group's name.

.PARAMETER Minutes
  -Mode Listen: how long to listen, 1 to 1440 minutes (default 30).

.PARAMETER TimeoutMs
  -Mode Probe: how long each test waits for an answer, 100 to 60000 ms (default 2000).

.PARAMETER Parallel
  -Mode Probe: how many tests run at a time, 1 to 64 (default 16).

.PARAMETER ResultsPath
  -Mode Probe: the results file to write (default portolan-results-COMPUTER-TIME.csv here).

.PARAMETER NoFirewallException
  -Mode Listen: add no temporary firewall exception, to test the host's own rules.

.EXAMPLE
  .\porttest.ps1 -Mode Listen -Minutes 60

  On a destination: listens on each port the design needs on this computer for an hour.

.EXAMPLE
  .\porttest.ps1 -Mode Probe -ResultsPath C:\Temp\results.csv

  On a source: tests each of its flows; then bring the file back: portolan verify DESIGN C:\Temp\results.csv
)ps";

constexpr char16_t kParams[] = uR"ps([CmdletBinding()]
param(
    [ValidateSet('Probe', 'Listen')]
    [string]$Mode = 'Probe',
    [string]$Target = $env:COMPUTERNAME,
    [ValidateRange(1, 1440)]
    [int]$Minutes = 30,
    [ValidateRange(100, 60000)]
    [int]$TimeoutMs = 2000,
    [ValidateRange(1, 64)]
    [int]$Parallel = 16,
    [string]$ResultsPath = '',
    [switch]$NoFirewallException
)
$ErrorActionPreference = 'Stop'
)ps";

// Listen mode: opens the listeners, answers until the deadline, and always
// (finally) closes them and removes the firewall exceptions it added.
constexpr char16_t kListen[] = uR"ps(
function Invoke-PortolanListen {
    $mine = @($listeners | Where-Object { $_.Target -eq $Target -or $_.Computer -eq $Target })
    if ($mine.Count -eq 0) {
        Write-Warning "Portolan has no flows to $Target"
        return
    }
    $deadline = (Get-Date).AddMinutes($Minutes)
    $tcp = @{}
    $udp = @{}
    $icmp = $false
    $added = New-Object System.Collections.Generic.List[string]
    $report = New-Object System.Collections.Generic.List[object]
    $stamp = [guid]::NewGuid().ToString('N').Substring(0, 8)
    try {
        foreach ($l in $mine) {
            $note = if ($l.Test.Count -gt 1) { "sample of the range $($l.Port)" } else { '' }
            if ($l.Protocol -eq 'ICMP') {
                $icmp = $true
                $report.Add([pscustomobject]@{ Protocol = 'ICMP'; Port = ''; Listener = 'echo (answered by Windows)'; Note = $note })
                continue
            }
            foreach ($port in $l.Test) {
                $state = 'listening'
                if ($l.Protocol -eq 'TCP') {
                    if ($tcp.ContainsKey($port)) { continue }
                    if (Get-NetTCPConnection -State Listen -LocalPort $port -ErrorAction SilentlyContinue) {
                        $state = 'in use: tested as it is'
                        $tcp[$port] = $null
                    } else {
                        $socket = New-Object System.Net.Sockets.TcpListener([System.Net.IPAddress]::Any, $port)
                        $socket.Start()
                        $tcp[$port] = $socket
                    }
                } else {
                    if ($udp.ContainsKey($port)) { continue }
                    if (Get-NetUDPEndpoint -LocalPort $port -ErrorAction SilentlyContinue) {
                        $state = 'in use: tested as it is'
                        $udp[$port] = $null
                    } else {
                        $udp[$port] = New-Object System.Net.Sockets.UdpClient($port)
                    }
                }
                $report.Add([pscustomobject]@{ Protocol = $l.Protocol; Port = $port; Listener = $state; Note = $note })
            }
        }
        if (-not $NoFirewallException) {
            $group = 'Portolan port test listeners (temporary)'
            $open = @{ TCP = @($tcp.Keys | Where-Object { $tcp[$_] }); UDP = @($udp.Keys | Where-Object { $udp[$_] }) }
            foreach ($protocol in @('TCP', 'UDP')) {
                if ($open[$protocol].Count -eq 0) { continue }
                $name = "Portolan-Listen-$stamp-$protocol"
                New-NetFirewallRule -Name $name -DisplayName "Portolan port test listener $protocol (temporary)" -Group $group -Direction Inbound -Action Allow -Protocol $protocol -LocalPort $open[$protocol] | Out-Null
                $added.Add($name)
            }
            if ($icmp) {
                $name = "Portolan-Listen-$stamp-ICMP"
                New-NetFirewallRule -Name $name -DisplayName 'Portolan port test echo (temporary)' -Group $group -Direction Inbound -Action Allow -Protocol ICMPv4 -IcmpType 8 | Out-Null
                $added.Add($name)
            }
        }
        $report | Sort-Object -Property @('Protocol', 'Port') | Format-Table -AutoSize
        Write-Host "Portolan: listening until $deadline; Ctrl+C stops and removes the listeners and firewall exceptions."
        $answer = [System.Text.Encoding]::ASCII.GetBytes('PORTOLAN-ANSWER')
        while ((Get-Date) -lt $deadline) {
            foreach ($socket in @($tcp.Values | Where-Object { $_ })) {
                while ($socket.Pending()) { $socket.AcceptTcpClient().Close() }
            }
            foreach ($socket in @($udp.Values | Where-Object { $_ })) {
                while ($socket.Available -gt 0) {
                    $from = New-Object System.Net.IPEndPoint([System.Net.IPAddress]::Any, 0)
                    try {
                        [void]$socket.Receive([ref]$from)
                        [void]$socket.Send($answer, $answer.Length, $from)
                    } catch {
                        # A probe that left before the answer: nothing to do.
                    }
                }
            }
            Start-Sleep -Milliseconds 50
        }
    } finally {
        foreach ($socket in @($tcp.Values | Where-Object { $_ })) { $socket.Stop() }
        foreach ($socket in @($udp.Values | Where-Object { $_ })) { $socket.Close() }
        foreach ($name in $added) { Remove-NetFirewallRule -Name $name -ErrorAction SilentlyContinue }
        Write-Host "Portolan: listeners closed, $($added.Count) temporary firewall exceptions removed."
    }
}
)ps";

// Probe mode: one test per sampled port, at most $Parallel at a time, each
// bounded by $TimeoutMs; results as docs/test-results.md describes them. Times are
// written in the invariant culture: a custom format follows the computer's culture
// otherwise (a Thai Buddhist year, a dot for the time separator).
constexpr char16_t kProbe[] = uR"ps(
$test = {
    param($Probe, [int]$Port, [int]$TimeoutMs)
    $result = 'PASS'
    $reason = ''
    try {
        if ($Probe.Protocol -eq 'TCP') {
            $client = New-Object System.Net.Sockets.TcpClient
            try {
                if (-not $client.ConnectAsync($Probe.Address, $Port).Wait($TimeoutMs)) {
                    $result = 'FAIL'
                    $reason = "no answer within $TimeoutMs ms: blocked on the way, or the computer is down"
                }
            } finally { $client.Dispose() }
        } elseif ($Probe.Protocol -eq 'UDP') {
            $client = New-Object System.Net.Sockets.UdpClient
            try {
                $client.Client.ReceiveTimeout = $TimeoutMs
                $client.Connect($Probe.Address, $Port)
                $request = [System.Text.Encoding]::ASCII.GetBytes('PORTOLAN-PROBE')
                [void]$client.Send($request, $request.Length)
                $from = New-Object System.Net.IPEndPoint([System.Net.IPAddress]::Any, 0)
                [void]$client.Receive([ref]$from)
            } finally { $client.Dispose() }
        } else {
            $reply = (New-Object System.Net.NetworkInformation.Ping).Send($Probe.Address, $TimeoutMs)
            if ($reply.Status -ne 'Success') {
                $result = 'FAIL'
                $reason = "echo: $($reply.Status)"
            }
        }
    } catch {
        $e = $_.Exception.GetBaseException()
        $code = if ($e -is [System.Net.Sockets.SocketException]) { [string]$e.SocketErrorCode } else { '' }
        if ($code -eq 'ConnectionRefused') {
            $result = 'NO RESPONDER'
            $reason = 'connection refused: the port is open but nothing listens (run -Mode Listen on the destination)'
        } elseif ($code -eq 'ConnectionReset') {
            $result = 'NO RESPONDER'
            $reason = 'port unreachable: the port is open but nothing answers (run -Mode Listen on the destination)'
        } elseif ($code -eq 'TimedOut') {
            $result = 'FAIL'
            $reason = "no answer within $TimeoutMs ms: blocked on the way, or no responder (run -Mode Listen on the destination)"
        } else {
            $result = 'FAIL'
            $reason = $e.Message
        }
    }
    [pscustomobject]@{ Time = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture); Result = $result; Reason = $reason }
}

function New-PortolanRow($Probe, $Port, $Time, $Result, $Reason) {
    if ($Probe.Test.Count -gt 1 -and "$Port") {
        $sample = "sample of the range $($Probe.Port): port $Port"
        $Reason = if ($Reason) { "$sample; $Reason" } else { $sample }
    }
    [pscustomobject]@{
        source = $Probe.Source; computer = $env:COMPUTERNAME; time = $Time; destination = $Probe.Destination
        address = $Probe.Address; protocol = $Probe.Protocol; port = $Probe.Port; tested_port = $Port
        result = $Result; reason = $Reason
    }
}

function Invoke-PortolanProbe {
    $mine = @($probes | Where-Object { $_.Target -eq $Target -or $_.Source -eq $Target })
    if ($mine.Count -eq 0) {
        Write-Warning "Portolan has no flows from $Target"
        return
    }
    $rows = New-Object System.Collections.Generic.List[object]
    $jobs = New-Object System.Collections.Generic.List[object]
    $pool = [runspacefactory]::CreateRunspacePool(1, $Parallel)
    $pool.Open()
    try {
        foreach ($p in $mine) {
            if ($p.Skip) {
                $now = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
                $rows.Add((New-PortolanRow $p '' $now 'NOT TESTED' $p.Skip))
                continue
            }
            $ports = if ($p.Protocol -eq 'ICMP') { @('') } else { $p.Test }
            foreach ($port in $ports) {
                $shell = [powershell]::Create().AddScript($test).AddArgument($p).AddArgument([int]$port).AddArgument($TimeoutMs)
                $shell.RunspacePool = $pool
                $jobs.Add([pscustomobject]@{ Probe = $p; Port = $port; Shell = $shell; Handle = $shell.BeginInvoke() })
            }
        }
        foreach ($job in $jobs) {
            $answer = $job.Shell.EndInvoke($job.Handle) | Select-Object -First 1
            $rows.Add((New-PortolanRow $job.Probe $job.Port $answer.Time $answer.Result $answer.Reason))
            $job.Shell.Dispose()
        }
    } finally {
        $pool.Close()
    }
    if (-not $ResultsPath) {
        $ResultsPath = "portolan-results-$env:COMPUTERNAME-$((Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssZ', [System.Globalization.CultureInfo]::InvariantCulture)).csv"
    }
    $rows | Export-Csv -Path $ResultsPath -NoTypeInformation -Encoding UTF8
    $rows | Format-Table -Property @('destination', 'protocol', 'port', 'tested_port', 'result', 'reason') -AutoSize
    Write-Host "Portolan: $($rows.Count) results written to $ResultsPath"
    if ($rows | Where-Object { $_.result -eq 'FAIL' }) { exit 1 }
}

if ($Mode -eq 'Listen') { Invoke-PortolanListen } else { Invoke-PortolanProbe }
)ps";

// One $listeners entry per destination, protocol and port: what a destination
// opens so that its flows can be probed before its roles exist.
void appendListenerTable(QByteArray& out, const Document& document, const std::vector<TestFlow>& tests)
{
    std::map<std::tuple<int, int, PortSpec>, const TestFlow*> listeners;
    for (const TestFlow& t : tests)
        if (t.skip.isEmpty())
            listeners.try_emplace({t.destination, int(t.protocol), t.port}, &t);
    // Appended as UTF-8 line by line to the script itself: no UTF-16 copy and no second copy of a
    // script that runs to tens of megabytes.
    out += "# -Mode Listen: what each destination listens on (one entry per protocol and port).\n"
           "$listeners = @(\n";
    for (const auto& [key, t] : listeners) {
        const auto& [destination, protocol, port] = key;
        out += (u"    @{ Target = "_s + escape::powershell(targetLabel(document, destination)) +
                u"; Computer = "_s + escape::powershell(document.node(destination)->name) +
                u"; Protocol = '"_s + protocolName(Protocol(protocol)) + u"'; Port = '"_s + port.toString() +
                u"'; Test = "_s + portArray(samplePorts(port)) + u" }\n"_s)
                   .toUtf8();
    }
    out += ")\n";
}

// One $probes entry per test of the design (testFlows), the untestable ones with their reason.
void appendProbeTable(QByteArray& out, const Document& document, const std::vector<TestFlow>& tests)
{
    out += "# -Mode Probe: what each source tests (one entry per source, destination, protocol and "
           "port).\n$probes = @(\n";
    for (const TestFlow& t : tests)
        out += (u"    @{ Target = "_s + escape::powershell(targetLabel(document, t.source)) +
                u"; Source = "_s + escape::powershell(document.node(t.source)->name) + u"; Destination = "_s +
                escape::powershell(document.node(t.destination)->name) + u"; Address = "_s +
                escape::powershell(t.address) + u"; Protocol = '"_s + protocolName(t.protocol) +
                u"'; Port = '"_s + t.portText() + u"'; Test = "_s + portArray(samplePorts(t.port)) +
                u"; Service = "_s + escape::powershell(t.services.join(u"; ")) + u"; Skip = "_s +
                escape::powershell(t.skip) + u" }\n"_s)
                   .toUtf8();
    out += ")\n";
}

} // namespace

QByteArray portTestScript(const Document& document, const FlowEngine& engine, const ExportOptions& options)
{
    // Comment-based help: Get-Help .\porttest.ps1 -Full shows it.
    QString head = u"<#\n.SYNOPSIS\n  Portolan: port test: proves the firewall lets every flow of the design "
                   u"through.\n\n.DESCRIPTION\n  "_s;
    head += escape::comment(generatedBy(document, options.designFile)).replace(u"#>"_s, u"# >"_s) + u'\n';
    head += QString::fromUtf16(kUsage) + u"#>\n"_s + QString::fromUtf16(kParams);
    QByteArray out = head.toUtf8();
    const std::vector<TestFlow> tests = testFlows(document, engine);
    appendListenerTable(out, document, tests);
    appendProbeTable(out, document, tests);
    out += QString::fromUtf16(kListen).toUtf8();
    out += QString::fromUtf16(kProbe).toUtf8();
    return out;
}

} // namespace portolan
