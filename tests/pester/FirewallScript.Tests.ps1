# The firewall rule script (portolan export --format powershell) run for real against stand-ins
# of the NetSecurity cmdlets (FakeNetSecurity.ps1): what it creates, updates and removes, with
# which parameters, in the computer's store and in a Group Policy object.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Portolan.Helpers.ps1')
    . (Join-Path $PSScriptRoot 'FakeNetSecurity.ps1')
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) "portolan-firewall-$PID"
    New-Item -ItemType Directory -Path $script:Folder -Force | Out-Null
    $script:Lab = Join-Path $script:Examples 'lab.portolan'
    $script:LabScript = Export-Portolan $script:Lab powershell (Join-Path $script:Folder 'lab.ps1')
    $script:LabRules = Get-ScriptTable $script:LabScript 'rules'
    # The group is the design's identity (the lab example's), never its name.
    $script:Group = 'Portolan 3f1c7a52-8d4e-4b6a-9e21-5a7d0c9b1e43'
    # The lab changed: the software update point is gone (its rules must go) and the admin
    # laptop has another address (the rules it reaches must change).
    $changed = Get-Content -Raw $script:Lab | ConvertFrom-Json
    $changed.servers[0].roles = @($changed.servers[0].roles | Where-Object { $_ -ne 'software_update_point' })
    $changed.consoles[0].address = '192.168.10.51'
    $changed | ConvertTo-Json -Depth 20 | Set-Content -Path (Join-Path $script:Folder 'changed.portolan')
    $script:ChangedScript = Export-Portolan (Join-Path $script:Folder 'changed.portolan') powershell (Join-Path $script:Folder 'changed.ps1')
    $script:ChangedRules = Get-ScriptTable $script:ChangedScript 'rules'
    $env:COMPUTERNAME = 'CM'

    # The calls of one command since the fake firewall was reset.
    function Get-Calls([string]$Command) { return , @($global:FakeFirewall.Calls | Where-Object { $_.Command -eq $Command }) }
    # A store's rules as text, to compare two stores whole.
    function Get-StoreText($Store) { ($Store.Values | Sort-Object { $_.Name } | ForEach-Object { [pscustomobject]$_ } | ConvertTo-Json -Depth 5) }
    # The rule a table entry asks for, as the fake store keeps it.
    function Get-ExpectedRule($Entry, [string]$Group) {
        [ordered]@{
            Name = $Entry.Name; DisplayName = $Entry.DisplayName; Description = $Entry.Description; Group = $Group
            Direction = 'Inbound'; Action = 'Allow'; Protocol = $Entry.Protocol
            LocalPort = @(if ($Entry.ContainsKey('LocalPort')) { $Entry.LocalPort })
            IcmpType = @(if ($Entry.ContainsKey('IcmpType')) { $Entry.IcmpType })
            LocalAddress = @($Entry.LocalAddress); RemoteAddress = @($Entry.RemoteAddress); Profile = @('Any')
        }
    }
    # Asserts that a New- or Set-NetFirewallRule call passed exactly what the table entry says.
    function Assert-RuleCall($Call, $Entry) {
        $p = $Call.Parameters
        $p.Description | Should -BeExactly $Entry.Description
        $p.Protocol | Should -BeExactly $Entry.Protocol
        @($p.LocalAddress) | Should -Be @($Entry.LocalAddress)
        @($p.RemoteAddress) | Should -Be @($Entry.RemoteAddress)
        @($p.Profile) | Should -Be @('Any')
        if ($Entry.ContainsKey('LocalPort')) { @($p.LocalPort) | Should -Be @($Entry.LocalPort) } else { $p.ContainsKey('LocalPort') | Should -BeFalse }
        if ($Entry.ContainsKey('IcmpType')) { @($p.IcmpType) | Should -Be @($Entry.IcmpType) } else { $p.ContainsKey('IcmpType') | Should -BeFalse }
        if ($Call.Command -eq 'New-NetFirewallRule') {
            $p.Keys | Sort-Object | Should -Be (@('Action', 'Description', 'Direction', 'DisplayName', 'Group', 'LocalAddress', 'Name', 'Profile', 'Protocol', 'RemoteAddress') +
                @($Entry.Keys | Where-Object { $_ -in 'LocalPort', 'IcmpType' }) + @($p.Keys | Where-Object { $_ -eq 'GPOSession' }) | Sort-Object)
            $p.DisplayName | Should -BeExactly $Entry.DisplayName
            $p.Direction | Should -Be 'Inbound'
            $p.Action | Should -Be 'Allow'
        } else {
            $p.NewDisplayName | Should -BeExactly $Entry.DisplayName
        }
    }
}

AfterAll {
    Remove-Item -Recurse -Force -Path $script:Folder -ErrorAction SilentlyContinue
}

Describe 'The firewall rule script on one computer' {
    BeforeEach {
        Reset-FakeFirewall
        # A rule of the admin's own, in another group: never touched.
        $global:FakeFirewall.Stores.local['Admin-RDP'] = [ordered]@{ Name = 'Admin-RDP'; DisplayName = 'RDP'; Group = 'Remote Desktop'; Protocol = 'TCP'; LocalPort = @('3389') }
        $script:Own = @($script:LabRules | Where-Object { $_.Target -eq 'CM' })
    }

    It 'has rules for the site server in the lab' {
        $script:Own.Count | Should -BeGreaterThan 5
    }

    It 'creates exactly the design''s rules for its target on a first run, with every parameter from the design' {
        & $script:LabScript -Target CM
        (Get-Calls 'Get-NetFirewallRule').Count | Should -Be 1
        (Get-Calls 'Get-NetFirewallRule')[0].Parameters.Group | Should -BeExactly ([WildcardPattern]::Escape($script:Group))
        $new = Get-Calls 'New-NetFirewallRule'
        @($new | ForEach-Object { $_.Parameters.Name }) | Should -Be @($script:Own | ForEach-Object { $_.Name })
        for ($i = 0; $i -lt $new.Count; ++$i) {
            Assert-RuleCall $new[$i] $script:Own[$i]
            $new[$i].Parameters.Group | Should -BeExactly $script:Group
        }
        (Get-Calls 'Set-NetFirewallRule').Count | Should -Be 0
        (Get-Calls 'Remove-NetFirewallRule').Count | Should -Be 0
        (Get-Calls 'Open-NetGPO').Count | Should -Be 0
        $store = $global:FakeFirewall.Stores.local
        $store.Count | Should -Be ($script:Own.Count + 1)
        foreach ($entry in $script:Own) {
            Get-StoreText @{ x = $store[$entry.Name] } | Should -BeExactly (Get-StoreText @{ x = (Get-ExpectedRule $entry $script:Group) })
        }
    }

    It 'changes nothing on a second run' {
        & $script:LabScript -Target CM
        $before = Get-StoreText $global:FakeFirewall.Stores.local
        $global:FakeFirewall.Calls.Clear()
        & $script:LabScript -Target CM
        Get-StoreText $global:FakeFirewall.Stores.local | Should -BeExactly $before
        (Get-Calls 'New-NetFirewallRule').Count | Should -Be 0
        (Get-Calls 'Remove-NetFirewallRule').Count | Should -Be 0
        # Each rule is written again with what it already holds.
        $set = Get-Calls 'Set-NetFirewallRule'
        @($set | ForEach-Object { $_.Parameters.Name }) | Should -Be @($script:Own | ForEach-Object { $_.Name })
        for ($i = 0; $i -lt $set.Count; ++$i) { Assert-RuleCall $set[$i] $script:Own[$i] }
    }

    It 'after a design change creates, updates and removes exactly what changed' {
        & $script:LabScript -Target CM
        $global:FakeFirewall.Calls.Clear()
        & $script:ChangedScript -Target CM
        $old = @($script:Own | ForEach-Object { $_.Name })
        $wanted = @($script:ChangedRules | Where-Object { $_.Target -eq 'CM' })
        $new = @($wanted | ForEach-Object { $_.Name })
        $gone = @($old | Where-Object { $_ -notin $new })
        $gone.Count | Should -BeGreaterThan 0 -Because 'the software update point''s ports are no longer needed'
        @((Get-Calls 'Remove-NetFirewallRule') | ForEach-Object { $_.Parameters.Name }) | Should -Be $gone
        @((Get-Calls 'New-NetFirewallRule') | ForEach-Object { $_.Parameters.Name }) | Should -Be @($new | Where-Object { $_ -notin $old })
        foreach ($call in (Get-Calls 'Set-NetFirewallRule')) {
            Assert-RuleCall $call ($wanted | Where-Object { $_.Name -eq $call.Parameters.Name })
        }
        # The computer ends as a fresh run of the new script leaves it, the admin's rule kept.
        $upgraded = Get-StoreText $global:FakeFirewall.Stores.local
        $upgraded | Should -Match 'Admin-RDP'
        $changedAddress = @($global:FakeFirewall.Stores.local.Values | Where-Object { $_.Group -eq $script:Group -and '192.168.10.51' -in $_.RemoteAddress })
        $changedAddress.Count | Should -BeGreaterThan 0
        Reset-FakeFirewall
        $global:FakeFirewall.Stores.local['Admin-RDP'] = [ordered]@{ Name = 'Admin-RDP'; DisplayName = 'RDP'; Group = 'Remote Desktop'; Protocol = 'TCP'; LocalPort = @('3389') }
        & $script:ChangedScript -Target CM
        $upgraded | Should -BeExactly (Get-StoreText $global:FakeFirewall.Stores.local)
    }

    It 'changes nothing with -WhatIf' {
        & $script:LabScript -Target CM
        $before = Get-StoreText $global:FakeFirewall.Stores.local
        & $script:ChangedScript -Target CM -WhatIf 6>&1 | Out-String | Should -Match 'WhatIf: nothing was changed'
        Get-StoreText $global:FakeFirewall.Stores.local | Should -BeExactly $before
        Reset-FakeFirewall
        & $script:LabScript -Target CM -WhatIf 6>$null
        $global:FakeFirewall.Stores.local.Count | Should -Be 0
    }

    It 'picks the computer''s rules by -Target and warns when the design has none for it' {
        & $script:LabScript -Target 'NOT-IN-THE-DESIGN' -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'no inbound rules for NOT-IN-THE-DESIGN'
        (Get-Calls 'New-NetFirewallRule').Count | Should -Be 0
        (Get-Calls 'Remove-NetFirewallRule').Count | Should -Be 0
        & $script:LabScript
        @((Get-Calls 'New-NetFirewallRule') | ForEach-Object { $_.Parameters.Name }) | Should -Be @($script:Own | ForEach-Object { $_.Name }) -Because 'the default target is $env:COMPUTERNAME'
    }
}

Describe 'The firewall rule script in GPO mode' {
    BeforeAll {
        $script:GpoScript = Export-Portolan $script:Lab powershell (Join-Path $script:Folder 'gpo.ps1') @('--gpo', 'CONTOSO\Portolan [Firewall]*')
    }
    BeforeEach { Reset-FakeFirewall }

    It 'opens one GPO session, writes every rule of the design into it with its own LocalAddress, and saves once' {
        & $script:GpoScript
        $open = Get-Calls 'Open-NetGPO'
        $open.Count | Should -Be 1
        $open[0].Parameters.PolicyStore | Should -BeExactly 'CONTOSO\Portolan [Firewall]*'
        $session = 'fake-gpo-session:pending:CONTOSO\Portolan [Firewall]*'
        foreach ($call in $global:FakeFirewall.Calls | Where-Object { $_.Command -ne 'Open-NetGPO' }) {
            $call.Parameters.GPOSession | Should -BeExactly $session -Because "$($call.Command) must go to the GPO session"
            $call.Parameters.ContainsKey('PolicyStore') | Should -BeFalse
        }
        $new = Get-Calls 'New-NetFirewallRule'
        @($new | ForEach-Object { $_.Parameters.Name }) | Should -Be @($script:LabRules | ForEach-Object { $_.Name })
        for ($i = 0; $i -lt $new.Count; ++$i) {
            Assert-RuleCall $new[$i] $script:LabRules[$i]
            @($new[$i].Parameters.LocalAddress).Count | Should -BeGreaterThan 0
            $new[$i].Parameters.LocalAddress | Should -Not -Contain 'Any'
        }
        @($script:LabRules | ForEach-Object { $_.Target } | Sort-Object -Unique).Count | Should -BeGreaterThan 1 -Because 'GPO mode writes the rules of every computer'
        (Get-Calls 'Save-NetGPO').Count | Should -Be 1
        $global:FakeFirewall.Stores['CONTOSO\Portolan [Firewall]*'].Count | Should -Be $script:LabRules.Count
        $global:FakeFirewall.Stores.local.Count | Should -Be 0
    }

    It 'changes nothing in the GPO on a second run and nothing at all with -WhatIf' {
        & $script:GpoScript
        $before = Get-StoreText $global:FakeFirewall.Stores['CONTOSO\Portolan [Firewall]*']
        $global:FakeFirewall.Calls.Clear()
        & $script:GpoScript
        (Get-Calls 'New-NetFirewallRule').Count + (Get-Calls 'Remove-NetFirewallRule').Count | Should -Be 0
        (Get-Calls 'Open-NetGPO').Count | Should -Be 1
        Get-StoreText $global:FakeFirewall.Stores['CONTOSO\Portolan [Firewall]*'] | Should -BeExactly $before
        Reset-FakeFirewall
        & $script:GpoScript -WhatIf 6>$null
        $global:FakeFirewall.Stores.Contains('CONTOSO\Portolan [Firewall]*') | Should -BeFalse
    }

    It 'refuses a policy store that is not DOMAIN\GPO before changing anything' {
        { & $script:GpoScript -PolicyStore 'nobackslash' } | Should -Throw '*DOMAIN\GPO*'
        $global:FakeFirewall.Calls.Count | Should -Be 0
    }
}

Describe 'The firewall rule script of a design full of hostile names' {
    BeforeAll {
        $design = New-HostileDesign (Join-Path $script:Folder 'hostile.portolan')
        $script:HostileScript = Export-Portolan $design powershell (Join-Path $script:Folder 'hostile.ps1')
        $script:HostileRules = Get-ScriptTable $script:HostileScript 'rules'
    }
    BeforeEach {
        Reset-FakeFirewall
        Remove-Variable -Name PortolanPwned -Scope Global -ErrorAction SilentlyContinue
    }

    It 'keeps every name as data, for every target of the design' {
        $targets = @($script:HostileRules | ForEach-Object { $_.Target } | Sort-Object -Unique)
        $targets | Should -Contain ($script:HostileNames.Group)
        foreach ($target in $targets) {
            Reset-FakeFirewall
            & $script:HostileScript -Target $target 6>$null
            $store = $global:FakeFirewall.Stores.local
            @($store.Keys) | Should -Be @($script:HostileRules | Where-Object { $_.Target -eq $target } | ForEach-Object { $_.Name })
            foreach ($rule in $store.Values) { $rule.Group | Should -BeExactly "Portolan $($script:HostileId)" }
            # A second run finds them all again: the group name, with its wildcards, is matched literally.
            $global:FakeFirewall.Calls.Clear()
            & $script:HostileScript -Target $target 6>$null
            (Get-Calls 'New-NetFirewallRule').Count + (Get-Calls 'Remove-NetFirewallRule').Count | Should -Be 0
        }
        Get-Variable -Name PortolanPwned -Scope Global -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
