# tools/collect-hierarchy.ps1 run for real against a stand-in SMS Provider (FakeSmsProvider.ps1)
# that answers with the classes of the import fixtures (tests/data/import/*.json), through the
# AdminService and through WMI: its file holds what the provider holds, and portolan import
# makes of it the same flows as the hierarchy drawn by hand (tests/data/import/*.portolan).

BeforeDiscovery {
    $fixtures = @('standalone', 'cas', 'cmg') | ForEach-Object { @{ Name = $_ } }
    $sources = @(@{ Source = 'AdminService' }, @{ Source = 'WMI over WinRM' }, @{ Source = 'WMI over DCOM' })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Portolan.Helpers.ps1')
    . (Join-Path $PSScriptRoot 'FakeSmsProvider.ps1')
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) "portolan-collector-$PID"
    New-Item -ItemType Directory -Path $script:Folder -Force | Out-Null
    $script:Fixtures = Join-Path $script:TestData 'import'

    # JSON with the keys of every object sorted, to compare two documents whole.
    function ConvertTo-Canonical($Value) {
        if ($Value -is [System.Management.Automation.PSCustomObject]) {
            $sorted = [ordered]@{}
            foreach ($p in ($Value.PSObject.Properties | Sort-Object Name)) { $sorted[$p.Name] = ConvertTo-Canonical $p.Value }
            return $sorted
        }
        if ($Value -is [System.Collections.IList]) { return , [object[]]@(foreach ($v in $Value) { ConvertTo-Canonical $v }) }
        return $Value
    }
    function Get-CanonicalJson($Value) { ConvertTo-Json -Depth 20 -Compress -InputObject (ConvertTo-Canonical $Value) }

    # Runs the collector against the stand-in; returns the file it wrote, parsed.
    function Invoke-Collector([string]$Output, [hashtable]$Arguments = @{}) {
        & $script:Collector -ProviderMachine $global:FakeSms.Fixture.Provider -OutputPath $Output @Arguments -WarningAction SilentlyContinue | Out-Null
        return Get-Content -Raw -Path $Output | ConvertFrom-Json
    }

    function Set-Source([string]$Source) {
        $global:FakeSms.AdminService = $Source -eq 'AdminService'
        $global:FakeSms.WinRM = $Source -eq 'WMI over WinRM'
        $global:FakeSms.Dcom = $Source -eq 'WMI over DCOM'
    }
}

AfterAll {
    Remove-Item -Recurse -Force -Path $script:Folder -ErrorAction SilentlyContinue
}

Describe 'The collector on the <Name> hierarchy' -ForEach $fixtures {
    It 'writes what the provider holds, read through the <Source>' -ForEach $sources {
        Reset-FakeSms (Join-Path $script:Fixtures "$Name.json")
        Set-Source $Source
        $out = Join-Path $script:Folder "$Name-$($Source -replace '\W', '').json"
        $collected = Invoke-Collector $out
        $fixture = $global:FakeSms.Fixture
        $collected.format | Should -Be 'portolan-collection'
        $collected.version | Should -Be 1
        $collected.Provider | Should -Be $fixture.Provider
        $collected.SiteCode | Should -Be (Get-FakeSmsSiteCode)
        Get-Content -Raw -Path $out | Should -Match '"CollectedAt":\s*"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"'
        foreach ($class in $fixture.PSObject.Properties.Name | Where-Object { $_ -like 'SMS_*' }) {
            Get-CanonicalJson @($collected.$class) | Should -BeExactly (Get-CanonicalJson @($fixture.$class)) -Because "$class holds every property the provider gave"
        }
        # (A fixture may write one address without a list, as the importer allows.)
        $addresses = [pscustomobject]@{}
        foreach ($p in $fixture.DnsAddresses.PSObject.Properties) { $addresses | Add-Member -NotePropertyName $p.Name -NotePropertyValue ([object[]]@($p.Value)) }
        Get-CanonicalJson $collected.DnsAddresses | Should -BeExactly (Get-CanonicalJson $addresses)
        @($collected.Errors | ForEach-Object { $_.Class }) | Should -Be @($fixture.Errors | ForEach-Object { $_.Class })
        for ($i = 0; $i -lt @($fixture.Errors).Count; ++$i) {
            # The AdminService says it with an HTTP status before the provider's words.
            $collected.Errors[$i].Message | Should -BeLike "*$($fixture.Errors[$i].Message)"
        }
        # How it got there.
        $calls = $global:FakeSms.Calls
        if ($Source -eq 'AdminService') {
            @($calls | Where-Object { $_.Command -in 'Get-CimInstance', 'New-CimSession' }) | Should -BeNullOrEmpty
            foreach ($c in $calls | Where-Object { $_.Command -eq 'Invoke-RestMethod' }) {
                "$($c.Parameters.Uri)" | Should -Match "^https://$([regex]::Escape($fixture.Provider))/AdminService/wmi/SMS_\w+$"
                $c.Parameters.UseDefaultCredentials | Should -BeTrue
            }
        } else {
            @($calls | Where-Object { $_.Command -eq 'Remove-CimSession' }).Count | Should -Be 1
            $namespace = "root\SMS\site_$(Get-FakeSmsSiteCode)"
            foreach ($c in $calls | Where-Object { $_.Command -eq 'Get-CimInstance' -and $_.Parameters.ClassName -ne 'SMS_ProviderLocation' }) {
                $c.Parameters.Namespace | Should -BeExactly $namespace
            }
            $dcom = @($calls | Where-Object { $_.Command -eq 'New-CimSessionOption' })
            $dcom.Count | Should -Be $(if ($Source -eq 'WMI over DCOM') { 1 } else { 0 })
        }
    }

    It 'gives portolan import the flows of the hierarchy drawn by hand' {
        Reset-FakeSms (Join-Path $script:Fixtures "$Name.json")
        $out = Join-Path $script:Folder "$Name-import.json"
        Invoke-Collector $out | Out-Null
        $design = Join-Path $script:Folder "$Name-import.portolan"
        $report = Invoke-Portolan import $out -o $design
        $LASTEXITCODE | Should -BeIn @(0, 1) -Because ($report -join "`n")
        $got = @(Invoke-Portolan flows $design | Sort-Object)
        $want = @(Invoke-Portolan flows (Join-Path $script:Fixtures "$Name.portolan") | Sort-Object)
        $want.Count | Should -BeGreaterThan 10
        $got | Should -Be $want
    }
}

Describe 'The collector''s questions' {
    It 'asks each class only for properties the class has' {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($script:Collector, [ref]$tokens, [ref]$errors)
        $calls = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] -and $n.GetCommandName() -eq 'Read-SmsClass' }, $true) |
            Where-Object { $_.Parent -isnot [System.Management.Automation.Language.FunctionDefinitionAst] })
        $calls.Count | Should -BeGreaterThan 8
        foreach ($call in $calls) {
            $bound = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($call, $true)
            $class = $bound.BoundParameters['ClassName'].ConstantValue
            $known = $global:FakeSmsClassProperties[$class]
            $known | Should -Not -BeNullOrEmpty -Because "$class is a class of the SMS Provider"
            $asked = @($bound.BoundParameters['Property'].Value.SafeGetValue())
            foreach ($name in $asked) { $name | Should -BeIn $known -Because "$class has no property $name" }
        }
    }
}

Describe 'The collector when the provider does not give everything' {
    BeforeEach { Reset-FakeSms (Join-Path $script:Fixtures 'cas.json') }

    It 'stops, writing nothing, when the provider cannot be reached in any way' {
        Set-Source 'none'
        $out = Join-Path $script:Folder 'unreachable.json'
        { & $script:Collector -ProviderMachine 'cas01.contoso.com' -OutputPath $out } |
            Should -Throw '*Cannot reach the SMS Provider on cas01.contoso.com (AdminService: *; WinRM: *; DCOM: *). Nothing was written.'
        Test-Path $out | Should -BeFalse
    }

    It 'records a class it may not read and collects the rest, through the <Source>' -ForEach $sources {
        Set-Source $Source
        $global:FakeSms.Denied = @('SMS_BoundaryGroup')
        $out = Join-Path $script:Folder "denied-$($Source -replace '\W', '').json"
        $collected = Invoke-Collector $out
        @($collected.Errors).Count | Should -Be 1
        $collected.Errors[0].Class | Should -Be 'SMS_BoundaryGroup'
        $collected.Errors[0].Message | Should -Match 'Access denied'
        @($collected.SMS_BoundaryGroup).Count | Should -Be 0
        @($collected.SMS_SCI_SysResUse).Count | Should -Be @($global:FakeSms.Fixture.SMS_SCI_SysResUse).Count
        $report = Invoke-Portolan import $out -o (Join-Path $script:Folder 'denied.portolan')
        $LASTEXITCODE | Should -BeIn @(0, 1)
        ($report -join "`n") | Should -Match 'could not read SMS_BoundaryGroup'
    }

    It 'stops, writing nothing, when the site is empty' {
        $global:FakeSms.Empty = $true
        $out = Join-Path $script:Folder 'empty.json'
        { & $script:Collector -ProviderMachine 'cas01.contoso.com' -SiteCode 'XYZ' -OutputPath $out -NoAdminService } |
            Should -Throw '*returned no site (WMI, root\SMS\site_XYZ)*Nothing was written.'
        Test-Path $out | Should -BeFalse
    }

    It 'falls back to WMI when the AdminService refuses, and skips it with -NoAdminService' {
        Set-Source 'WMI over WinRM'
        Invoke-Collector (Join-Path $script:Folder 'fallback.json') | Out-Null
        @($global:FakeSms.Calls | Where-Object { $_.Command -eq 'Invoke-RestMethod' }).Count | Should -Be 1
        $global:FakeSms.Calls.Clear()
        Invoke-Collector (Join-Path $script:Folder 'wmi.json') @{ NoAdminService = $true } | Out-Null
        @($global:FakeSms.Calls | Where-Object { $_.Command -eq 'Invoke-RestMethod' }).Count | Should -Be 0
    }
}
