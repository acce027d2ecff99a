# PowerShell's own help reads every script we write or ship: Get-Help SCRIPT -Full shows a
# synopsis, a description of every parameter of its param block, and an example.

BeforeDiscovery {
    $kinds = @(
        @{ Kind = 'firewall rules'; Format = 'powershell'; Options = @() }
        @{ Kind = 'firewall rules for a GPO'; Format = 'powershell'; Options = @('--gpo', 'CONTOSO\Portolan') }
        @{ Kind = 'port test'; Format = 'porttest'; Options = @() }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Portolan.Helpers.ps1')
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) "portolan-help-$PID"
    New-Item -ItemType Directory -Path $script:Folder -Force | Out-Null
    $script:Hostile = New-HostileDesign (Join-Path $script:Folder 'hostile.portolan')

    # The parameters a script's param block declares, read with PowerShell's parser.
    function Get-ScriptParameters([string]$Path) {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
        return @($ast.ParamBlock.Parameters | ForEach-Object { $_.Name.VariablePath.UserPath })
    }

    function Assert-Help([string]$Path, [string]$Synopsis) {
        $help = Get-Help $Path -Full
        "$($help.Synopsis)" | Should -BeLike $Synopsis
        ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        $declared = Get-ScriptParameters $Path
        $declared.Count | Should -BeGreaterThan 0
        foreach ($name in $declared) {
            $parameter = @($help.parameters.parameter | Where-Object { $_.name -eq $name })
            $parameter.Count | Should -Be 1 -Because "-$name is a parameter of $Path"
            ($parameter[0].description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
        @($help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($example in $help.examples.example) { "$($example.code)" | Should -Match '\.ps1' }
    }
}

AfterAll {
    Remove-Item -Recurse -Force -Path $script:Folder -ErrorAction SilentlyContinue
}

Describe 'Get-Help on the <Kind> script' -ForEach $kinds {
    It 'shows a synopsis, every parameter and an example, for <_>' -ForEach @('lab.portolan', 'cas-two-primaries.portolan', 'hostile') {
        $design = if ($_ -eq 'hostile') { $script:Hostile } else { Join-Path $script:Examples $_ }
        $path = Export-Portolan $design $Format (Join-Path $script:Folder "help-$Format-$(Get-Random).ps1") $Options
        Assert-Help $path 'Portolan: *'
    }
}

Describe 'Get-Help on the collector' {
    It 'shows a synopsis, every parameter and an example' {
        Assert-Help $script:Collector 'Reads a Configuration Manager hierarchy*'
    }
}
