# Stand-ins for the Windows NetSecurity cmdlets the firewall rule script and the port test
# listener call (Get-, New-, Set-, Remove-NetFirewallRule, Open-NetGPO, Save-NetGPO): they keep
# rules in $global:FakeFirewall.Stores (the computer's own store, "local", and one per GPO),
# record every call with its parameters in $global:FakeFirewall.Calls, honour -WhatIf, and
# refuse what Windows refuses: unknown parameters (each function takes exactly the parameters
# the real cmdlet has among those our scripts may pass), values outside the cmdlet's sets, a
# port filter on ICMP, a Name that exists already or does not exist.

function Reset-FakeFirewall {
    $global:FakeFirewall = @{
        Stores   = [ordered]@{ local = [ordered]@{} }
        Calls    = New-Object System.Collections.Generic.List[object]
        Sessions = 0
    }
}
Reset-FakeFirewall

function Add-FakeFirewallCall {
    param([string]$Command, [hashtable]$Parameters)
    $copy = @{}
    foreach ($key in $Parameters.Keys) {
        if ($key -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and
            $key -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters) { $copy[$key] = $Parameters[$key] }
    }
    $global:FakeFirewall.Calls.Add([pscustomobject]@{ Command = $Command; Parameters = $copy })
    # Another process's calls (the port test's listener): one line each, "COMMAND NAME".
    if ($env:FAKE_FIREWALL_LOG) { Add-Content -Path $env:FAKE_FIREWALL_LOG -Value "$Command $($copy['Name'])" }
}

# The rules of the store a call addresses (-GPOSession, -PolicyStore or the local one).
function Get-FakeFirewallStore {
    param($GPOSession, [string]$PolicyStore)
    if ($GPOSession -and $PolicyStore) { throw 'Parameters GPOSession and PolicyStore cannot be used together' }
    $key = if ($GPOSession) {
        if (-not ($GPOSession -is [string] -and $GPOSession -like 'fake-gpo-session:*')) { throw "GPOSession '$GPOSession' is not a session of Open-NetGPO" }
        $GPOSession.Substring('fake-gpo-session:'.Length)
    } elseif ($PolicyStore) { $PolicyStore } else { 'local' }
    if (-not $global:FakeFirewall.Stores.Contains($key)) { $global:FakeFirewall.Stores[$key] = [ordered]@{} }
    return $global:FakeFirewall.Stores[$key]
}

function Copy-FakeOrdered {
    param($Dictionary)
    $copy = [ordered]@{}
    if ($Dictionary) { foreach ($key in $Dictionary.Keys) { $copy[$key] = $Dictionary[$key] } }
    return $copy
}

function Test-FakeAddress {
    param([string[]]$Address)
    $keywords = 'Any', 'LocalSubnet', 'DNS', 'DHCP', 'WINS', 'DefaultGateway', 'Internet', 'Intranet', 'IntranetRemoteAccess', 'PlayToDevice'
    foreach ($a in $Address) {
        $ok = $a -in $keywords
        $parts = $a -split '/', 2
        $ip = $null
        if (-not $ok -and [System.Net.IPAddress]::TryParse($parts[0], [ref]$ip)) {
            $ok = $parts.Count -eq 1 -or ($parts[1] -match '^\d+$' -and [int]$parts[1] -le $(if ($ip.AddressFamily -eq 'InterNetworkV6') { 128 } else { 32 }))
        }
        if (-not $ok -and $a -match '^([^-]+)-([^-]+)$') {
            $ok = [System.Net.IPAddress]::TryParse($Matches[1], [ref]$ip) -and [System.Net.IPAddress]::TryParse($Matches[2], [ref]$ip)
        }
        if (-not $ok) { throw "The address '$a' is invalid: address keywords, IP addresses, subnets or ranges" }
    }
}

function Test-FakeRuleFilter {
    param([string]$Protocol, [string[]]$LocalPort, [string[]]$IcmpType)
    if ($Protocol -notin 'TCP', 'UDP', 'ICMPv4', 'ICMPv6', 'Any' -and $Protocol -notmatch '^\d+$') { throw "Protocol '$Protocol' is invalid" }
    if ($LocalPort) {
        if ($Protocol -notin 'TCP', 'UDP') { throw 'The port filter can only be set when the protocol is TCP or UDP' }
        foreach ($p in $LocalPort) {
            if ($p -in 'RPC', 'RPCEPMap') { if ($Protocol -ne 'TCP') { throw "The port keyword $p is for TCP only" }; continue }
            if ($p -notmatch '^(\d+)(-(\d+))?$' -or [int]$Matches[1] -gt 65535 -or ($Matches[3] -and [int]$Matches[3] -lt [int]$Matches[1])) { throw "The port '$p' is invalid" }
        }
    }
    if ($IcmpType -and $Protocol -notin 'ICMPv4', 'ICMPv6') { throw 'IcmpType can only be set when the protocol is ICMP' }
}

function Get-NetFirewallRule {
    [CmdletBinding()]
    param([string[]]$Name, [string[]]$DisplayName, [string[]]$Group, $GPOSession, [string]$PolicyStore)
    Add-FakeFirewallCall 'Get-NetFirewallRule' $PSBoundParameters
    $store = Get-FakeFirewallStore -GPOSession $GPOSession -PolicyStore $PolicyStore
    $found = @(foreach ($rule in $store.Values) {
            if ($Name -and -not @($Name | Where-Object { $rule.Name -like $_ })) { continue }
            if ($Group -and -not @($Group | Where-Object { $rule.Group -like $_ })) { continue }
            [pscustomobject]$rule
        })
    if ($found.Count -eq 0) { Write-Error "No MSFT_NetFirewallRule objects found with property 'Group' equal to '$Group'" }
    $found
}

function New-NetFirewallRule {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [string]$Name, [Parameter(Mandatory = $true)][string]$DisplayName, [string]$Description, [string]$Group,
        [ValidateSet('Inbound', 'Outbound')][string]$Direction = 'Inbound',
        [ValidateSet('Allow', 'Block', 'NotConfigured')][string]$Action = 'Allow',
        [string]$Protocol = 'Any', [string[]]$LocalPort, [string[]]$IcmpType,
        [string[]]$LocalAddress = @('Any'), [string[]]$RemoteAddress = @('Any'),
        [ValidateSet('Any', 'Domain', 'Private', 'Public', 'NotApplicable')][string[]]$Profile = @('Any'),
        $GPOSession, [string]$PolicyStore)
    Add-FakeFirewallCall 'New-NetFirewallRule' $PSBoundParameters
    $store = Get-FakeFirewallStore -GPOSession $GPOSession -PolicyStore $PolicyStore
    if (-not $Name) { $Name = [guid]::NewGuid().ToString('B') }
    if ($store.Contains($Name)) { throw "Cannot create a file when that file already exists (rule $Name)" }
    Test-FakeRuleFilter -Protocol $Protocol -LocalPort $LocalPort -IcmpType $IcmpType
    Test-FakeAddress ($LocalAddress + $RemoteAddress)
    $rule = [ordered]@{
        Name = $Name; DisplayName = $DisplayName; Description = $Description; Group = $Group; Direction = $Direction
        Action = $Action; Protocol = $Protocol; LocalPort = @(if ($LocalPort) { $LocalPort }); IcmpType = @(if ($IcmpType) { $IcmpType })
        LocalAddress = @($LocalAddress); RemoteAddress = @($RemoteAddress); Profile = @($Profile)
    }
    if ($PSCmdlet.ShouldProcess($Name, 'New-NetFirewallRule')) {
        $store[$Name] = $rule
        [pscustomobject]$rule
    }
}

function Set-NetFirewallRule {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory = $true)][string[]]$Name, [string]$NewDisplayName, [string]$Description,
        [string]$Protocol, [string[]]$LocalPort, [string[]]$IcmpType, [string[]]$LocalAddress, [string[]]$RemoteAddress,
        [ValidateSet('Any', 'Domain', 'Private', 'Public', 'NotApplicable')][string[]]$Profile,
        $GPOSession, [string]$PolicyStore)
    Add-FakeFirewallCall 'Set-NetFirewallRule' $PSBoundParameters
    $store = Get-FakeFirewallStore -GPOSession $GPOSession -PolicyStore $PolicyStore
    foreach ($n in $Name) {
        if (-not $store.Contains($n)) { throw "No MSFT_NetFirewallRule objects found with property 'Name' equal to '$n'" }
        $rule = Copy-FakeOrdered $store[$n]
        if ($PSBoundParameters.ContainsKey('NewDisplayName')) { $rule.DisplayName = $NewDisplayName }
        foreach ($p in 'Description', 'Protocol') { if ($PSBoundParameters.ContainsKey($p)) { $rule[$p] = $PSBoundParameters[$p] } }
        foreach ($p in 'LocalPort', 'IcmpType', 'LocalAddress', 'RemoteAddress', 'Profile') {
            if ($PSBoundParameters.ContainsKey($p)) { $rule[$p] = @($PSBoundParameters[$p]) }
        }
        Test-FakeRuleFilter -Protocol $rule.Protocol -LocalPort $(if ($rule.LocalPort.Count) { $rule.LocalPort }) -IcmpType $(if ($rule.IcmpType.Count) { $rule.IcmpType })
        Test-FakeAddress ($rule.LocalAddress + $rule.RemoteAddress)
        if ($PSCmdlet.ShouldProcess($n, 'Set-NetFirewallRule')) { $store[$n] = $rule }
    }
}

function Remove-NetFirewallRule {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory = $true)][string[]]$Name, $GPOSession, [string]$PolicyStore)
    Add-FakeFirewallCall 'Remove-NetFirewallRule' $PSBoundParameters
    $store = Get-FakeFirewallStore -GPOSession $GPOSession -PolicyStore $PolicyStore
    foreach ($n in $Name) {
        if (-not $store.Contains($n)) { Write-Error "No MSFT_NetFirewallRule objects found with property 'Name' equal to '$n'"; continue }
        if ($PSCmdlet.ShouldProcess($n, 'Remove-NetFirewallRule')) { $store.Remove($n) }
    }
}

function Open-NetGPO {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$PolicyStore, [string]$DomainController)
    Add-FakeFirewallCall 'Open-NetGPO' $PSBoundParameters
    if ($PolicyStore -notmatch '^[^\\]+\\[^\\]+$') { throw "The GPO '$PolicyStore' was not found" }
    $global:FakeFirewall.Sessions++
    # What a changed rule is saved into: the GPO's own store once Save-NetGPO ran.
    $saved = if ($global:FakeFirewall.Stores.Contains($PolicyStore)) { $global:FakeFirewall.Stores[$PolicyStore] }
    $global:FakeFirewall.Stores["pending:$PolicyStore"] = Copy-FakeOrdered $saved
    return "fake-gpo-session:pending:$PolicyStore"
}

function Save-NetGPO {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory = $true)]$GPOSession)
    Add-FakeFirewallCall 'Save-NetGPO' $PSBoundParameters
    $pending = Get-FakeFirewallStore -GPOSession $GPOSession
    $name = $GPOSession.Substring('fake-gpo-session:pending:'.Length)
    if ($PSCmdlet.ShouldProcess($name, 'Save-NetGPO')) {
        $global:FakeFirewall.Stores[$name] = Copy-FakeOrdered $pending
    }
}
