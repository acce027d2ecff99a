# The port test script (portolan export --format porttest) run for real: -Mode Listen on each
# destination and -Mode Probe on each source, in a network namespace of the test's own (ctest
# starts this file under unshare -rn) whose loopback interface holds the design's addresses;
# the results files go to portolan verify. Then one port blocked with nft and one listener
# stopped: exactly the flows through them must come back FAIL or NO RESPONDER.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Portolan.Helpers.ps1')
    # Only in a namespace of our own: nothing but a loopback interface, nothing listening.
    $links = @(ip -o link show | ForEach-Object { ($_ -split ':\s*')[1] })
    if ($links.Count -ne 1 -or $links[0] -ne 'lo') {
        throw "The port test must run in a private network namespace (unshare -rn), not beside: $($links -join ', ')"
    }
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) "portolan-porttest-$PID"
    New-Item -ItemType Directory -Path $script:Folder -Force | Out-Null
    $script:Design = Join-Path $script:Examples 'lab.portolan'
    $script:Script = Export-Portolan $script:Design porttest (Join-Path $script:Folder 'lab.porttest.ps1')
    $script:Listeners = Get-ScriptTable $script:Script 'listeners'
    $script:Probes = Get-ScriptTable $script:Script 'probes'
    # The design's own addresses, on the namespace's loopback interface.
    $design = Get-Content -Raw $script:Design | ConvertFrom-Json
    $script:Addresses = @(@($design.servers) + @($design.consoles) + @($design.endpoints) |
        Where-Object { $_.PSObject.Properties['address'] -and $_.address } | ForEach-Object { $_.address })
    ip link set lo up
    foreach ($a in $script:Addresses) { ip addr add "$a/32" dev lo }
    $env:FAKE_FIREWALL_LOG = Join-Path $script:Folder 'firewall.log'
    $script:Pwsh = Join-Path $PSHOME 'pwsh'   # the program itself, which gets the SIGINT (the dotnet tool's pwsh is a launcher)
    if (-not (Test-Path $script:Pwsh)) { $script:Pwsh = (Get-Command pwsh).Source }
    $script:Running = @{}

    # Starts -Mode Listen for one destination in its own process and waits until it listens.
    function Start-Listener([string]$Target, [string]$Script = $script:Script) {
        $info = [System.Diagnostics.ProcessStartInfo]::new($script:Pwsh)
        foreach ($a in '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'ListenHost.ps1'), '-Script', $Script, '-Target', $Target) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardInput = $true
        $info.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($info)
        $output = New-Object System.Text.StringBuilder
        $deadline = (Get-Date).AddSeconds(60)
        while ($true) {
            $line = $process.StandardOutput.ReadLineAsync()
            if (-not $line.Wait([math]::Max(1, ($deadline - (Get-Date)).TotalMilliseconds)) -or $null -eq $line.Result) {
                $process.Kill()
                throw "the listener of $Target did not start: $output"
            }
            [void]$output.AppendLine($line.Result)
            if ($line.Result -match 'listening until') { break }
        }
        $script:Running[$Target] = [pscustomobject]@{ Process = $process; Output = $output }
        return $output.ToString()
    }

    # Stops a listener as Ctrl+C does and returns everything it wrote.
    function Stop-Listener([string]$Target) {
        $listener = $script:Running[$Target]
        $script:Running.Remove($Target)
        kill -INT $listener.Process.Id
        if (-not $listener.Process.WaitForExit(20000)) {
            $listener.Process.Kill()
            throw "the listener of $Target did not stop on Ctrl+C"
        }
        [void]$listener.Output.Append($listener.Process.StandardOutput.ReadToEnd())
        return $listener.Output.ToString()
    }

    # Runs -Mode Probe for each source of the design, in this process, into one results file each
    # (the default time-out: only a blocked port waits for it, and a loaded machine answers late).
    function Invoke-Probes([string]$Name, [string[]]$Targets = @($script:Probes | ForEach-Object { $_.Target } | Sort-Object -Unique), [string]$Script = $script:Script) {
        foreach ($target in $Targets) {
            $env:COMPUTERNAME = $target -replace '[^A-Za-z0-9]', ''
            $path = Join-Path $script:Folder "$Name-$($env:COMPUTERNAME).csv"
            & $Script -Mode Probe -Target $target -ResultsPath $path -TimeoutMs 2000 6>$null | Out-Null
            $path
        }
    }

    # portolan verify's verdict per flow: "SOURCE -> DESTINATION PROTOCOL PORT" = RESULT.
    function Invoke-Verify([string[]]$Results, [string]$Design = $script:Design) {
        $output = Invoke-Portolan verify $Design @Results
        $script:VerifyExit = $LASTEXITCODE
        $verdicts = [ordered]@{}
        foreach ($line in $output) {
            if ($line -match '^(.+ -> .+ (TCP|UDP|ICMP)(?: \S+)?): (PASS|FAIL|NO RESPONDER|NOT TESTED|UNTESTED)\b') { $verdicts[$Matches[1]] = $Matches[3] }
        }
        if ($verdicts.Count -eq 0) { throw "portolan verify printed no flow: $($output -join "`n")" }
        return $verdicts
    }

    function Get-FlowKey($Probe) { "$($Probe.Source) -> $($Probe.Destination) $($Probe.Protocol)$(if ($Probe.Port) { " $($Probe.Port)" })" }
}

AfterAll {
    foreach ($target in @($script:Running.Keys)) { try { Stop-Listener $target | Out-Null } catch { } }
    nft delete table inet portolan_test 2>$null
    Remove-Item -Recurse -Force -Path $script:Folder -ErrorAction SilentlyContinue
}

Describe 'The port test script in a network namespace' {
    It 'listens on every destination of the design with an address' {
        $targets = @($script:Listeners | ForEach-Object { $_.Target } | Sort-Object -Unique)
        $targets | Should -Be @('CM', 'DC')
        foreach ($target in $targets) { Start-Listener $target | Should -Match 'listening until' }
        # Both listen on TCP 135: the second finds the port in use and leaves it to the first.
        $script:Running['DC'].Output.ToString() | Should -Match '135\s+in use: tested as it is'
    }

    It 'passes every flow that has two addresses, and portolan verify agrees' {
        $script:Run1 = @(Invoke-Probes 'run1')
        $verdicts = Invoke-Verify $script:Run1
        $script:VerifyExit | Should -Be 0
        foreach ($p in $script:Probes) {
            $expected = if ($p.Skip) { 'NOT TESTED' } else { 'PASS' }
            $verdicts[(Get-FlowKey $p)] | Should -Be $expected -Because (Get-FlowKey $p)
        }
        @($script:Probes | Where-Object { -not $_.Skip -and $_.Protocol -eq 'UDP' }).Count | Should -BeGreaterThan 5 -Because 'UDP is answered by the listener''s responder'
        $script:Passing = $verdicts
    }

    It 'writes times portolan verify reads on a computer with the <Culture> culture' -ForEach @(
        @{ Culture = 'th_TH.UTF-8'; Why = 'Thai Buddhist calendar: the year is 543 ahead' }
        @{ Culture = 'fi_FI.UTF-8'; Why = 'the time separator is a dot' }
    ) {
        $path = Join-Path $script:Folder "culture-$Culture.csv"
        $env:LC_ALL = $Culture
        $env:COMPUTERNAME = 'ADMIN'
        try {
            & $script:Pwsh -NoProfile -NonInteractive -Command "[cultureinfo]::CurrentCulture.Name; & '$($script:Script)' -Mode Probe -Target 'Admin laptop' -ResultsPath '$path' -TimeoutMs 2000 6>`$null | Out-Null" |
                Should -Be ($Culture -replace '_', '-' -replace '\.UTF-8$', '') -Because 'the probe must run under that culture'
        } finally {
            Remove-Item Env:LC_ALL
        }
        $rows = @(Import-Csv -Path $path)
        $rows.Count | Should -BeGreaterThan 0
        $now = [DateTime]::UtcNow
        foreach ($row in $rows) {
            $row.time | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$' -Because $Why
            $time = [DateTime]::Parse($row.time, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AdjustToUniversal)
            [math]::Abs(($now - $time).TotalMinutes) | Should -BeLessThan 10 -Because "$($row.time): $Why"
        }
        $verdicts = Invoke-Verify ($script:Run1 + $path)
        $script:VerifyExit | Should -Be 0
        foreach ($p in $script:Probes | Where-Object { $_.Source -eq 'Admin laptop' -and -not $_.Skip }) {
            $verdicts[(Get-FlowKey $p)] | Should -Be 'PASS'
        }
    }

    It 'reports FAIL for exactly the flow whose port nft blocks on the way' {
        nft add table inet portolan_test
        nft add chain inet portolan_test input '{ type filter hook input priority 0; policy accept; }'
        nft add rule inet portolan_test input ip daddr 192.168.10.5 tcp dport 389 drop
        try {
            $run2 = @(Invoke-Probes 'run2' -Targets 'CM')
        } finally {
            nft delete table inet portolan_test
        }
        $verdicts = Invoke-Verify ($script:Run1 + $run2)
        $script:VerifyExit | Should -Be 1
        foreach ($key in $script:Passing.Keys) {
            $expected = if ($key -eq 'cm.lab.local -> dc.lab.local TCP 389') { 'FAIL' } else { $script:Passing[$key] }
            $verdicts[$key] | Should -Be $expected -Because $key
        }
    }

    It 'reports NO RESPONDER for exactly the flows of a stopped listener, which leaves nothing behind' {
        $log = Join-Path $script:Folder 'firewall.log'
        $output = Stop-Listener 'DC'
        $output | Should -Match 'listeners closed, 2 temporary firewall exceptions removed'
        $run3 = @(Invoke-Probes 'run3')
        $verdicts = Invoke-Verify $run3
        $script:VerifyExit | Should -Be 1
        # What the site server's listener still answers (both bind every address).
        $cm = @($script:Listeners | Where-Object { $_.Target -eq 'CM' } | ForEach-Object { "$($_.Protocol) $($_.Port)" })
        $stopped = 0
        foreach ($p in $script:Probes) {
            $key = Get-FlowKey $p
            $expected = if ($p.Skip) { 'NOT TESTED' } elseif ($p.Destination -eq 'dc.lab.local' -and "$($p.Protocol) $($p.Port)" -notin $cm) { 'NO RESPONDER' } else { 'PASS' }
            if ($expected -eq 'NO RESPONDER') { ++$stopped }
            $verdicts[$key] | Should -Be $expected -Because $key
        }
        $stopped | Should -BeGreaterOrEqual 5
        # Each temporary firewall exception it added, it removed.
        $calls = @(Get-Content $log)
        $added = @($calls | Where-Object { $_ -like 'New-NetFirewallRule *' } | ForEach-Object { $_.Split(' ', 2)[1] } | Sort-Object)
        $removed = @($calls | Where-Object { $_ -like 'Remove-NetFirewallRule *' } | ForEach-Object { $_.Split(' ', 2)[1] } | Sort-Object)
        $added.Count | Should -Be 4 -Because 'each listener adds a TCP and a UDP exception'
        @($removed | Where-Object { $_ -in $added }).Count | Should -Be 2
    }

    It 'closes every socket when the last listener stops' {
        Stop-Listener 'CM' | Should -Match 'listeners closed, 2 temporary firewall exceptions removed'
        $calls = @(Get-Content (Join-Path $script:Folder 'firewall.log'))
        $added = @($calls | Where-Object { $_ -like 'New-NetFirewallRule *' } | ForEach-Object { $_.Split(' ', 2)[1] } | Sort-Object)
        $removed = @($calls | Where-Object { $_ -like 'Remove-NetFirewallRule *' } | ForEach-Object { $_.Split(' ', 2)[1] } | Sort-Object)
        $removed | Should -Be $added
        # Nothing listens any more (connections the probes closed may linger in TIME_WAIT).
        @(Get-Content /proc/net/tcp | Select-Object -Skip 1 | Where-Object { ($_.Trim() -split '\s+')[3] -eq '0A' }) | Should -BeNullOrEmpty
        @(Get-Content /proc/net/udp | Select-Object -Skip 1) | Should -BeNullOrEmpty
    }
}

Describe 'The port test script of a design full of hostile names, in the same namespace' {
    It 'listens, probes and passes every flow with two addresses, running none of the names' {
        Remove-Variable -Name PortolanPwned -Scope Global -ErrorAction SilentlyContinue
        $design = New-HostileDesign (Join-Path $script:Folder 'hostile.portolan')
        $hostile = Export-Portolan $design porttest (Join-Path $script:Folder 'hostile.porttest.ps1')
        $listeners = Get-ScriptTable $hostile 'listeners'
        $probes = Get-ScriptTable $hostile 'probes'
        $targets = @($listeners | ForEach-Object { $_.Target } | Sort-Object -Unique)
        $targets.Count | Should -Be 2
        foreach ($target in $targets) { Start-Listener $target $hostile | Should -Match 'listening until' }
        try {
            $sources = @($probes | ForEach-Object { $_.Target } | Sort-Object -Unique)
            $sources | Should -Contain $script:HostileNames.Group
            $results = @(Invoke-Probes 'hostile' -Targets $sources -Script $hostile)
            $verdicts = Invoke-Verify $results $design
            $script:VerifyExit | Should -Be 0
            foreach ($p in $probes) {
                $verdicts[(Get-FlowKey $p)] | Should -Be $(if ($p.Skip) { 'NOT TESTED' } else { 'PASS' }) -Because (Get-FlowKey $p)
            }
        } finally {
            foreach ($target in $targets) { Stop-Listener $target | Should -Match 'listeners closed' }
        }
        Get-Variable -Name PortolanPwned -Scope Global -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
