# Every PowerShell script Portolan writes or ships runs on Windows PowerShell 5.1, the PowerShell
# of Windows Server: PowerShell's own parser reads each without an error, and nothing in its
# syntax tree is PowerShell 7 only (Syntax51.ps1 says what is looked for).

BeforeDiscovery {
    $snippets = @(
        @{ Code = '$a = $x ? 1 : 2'; What = 'ternary' }
        @{ Code = '$a = $x ?? 2'; What = 'null-coalescing' }
        @{ Code = '$a ??= 2'; What = 'null-coalescing assignment' }
        @{ Code = '${x}?.Name'; What = 'null-conditional' }
        @{ Code = '${x}?[0]'; What = 'null-conditional' }
        @{ Code = 'Get-Item x && Get-Item y'; What = '&& or ||' }
        @{ Code = 'Get-Item x || Get-Item y'; What = '&& or ||' }
        @{ Code = '1..3 | ForEach-Object -Parallel { $_ }'; What = 'ForEach-Object -Parallel' }
        @{ Code = '1..3 | % -Par { $_ }'; What = 'ForEach-Object -Parallel' }
        @{ Code = 'function f { process { } clean { } }'; What = 'clean block' }
        @{ Code = '$j | ConvertFrom-Json -AsHashtable'; What = 'ConvertFrom-Json -AsHashtable' }
        @{ Code = 'Invoke-RestMethod -Uri $u -SkipCertificateCheck'; What = 'Invoke-RestMethod -SkipCertificateCheck' }
        @{ Code = 'Set-Content -Path x -Value 1 -Encoding utf8NoBOM'; What = '-Encoding utf8NoBOM' }
        @{ Code = "if (`$x) {`n    Get-Item x`n"; What = 'parse error' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Portolan.Helpers.ps1')
    . (Join-Path $PSScriptRoot 'Syntax51.ps1')
    $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) "portolan-compatibility-$PID"
    New-Item -ItemType Directory -Path $script:Folder -Force | Out-Null
}

AfterAll {
    Remove-Item -Recurse -Force -Path $script:Folder -ErrorAction SilentlyContinue
}

Describe 'The Windows PowerShell 5.1 check' {
    It 'finds <What> in <Code>' -ForEach $snippets {
        $path = Join-Path $script:Folder 'snippet.ps1'
        Set-Content -Path $path -Value $Code
        $found = @(Find-Ps7OnlySyntax -Path $path)
        $found.Count | Should -Be 1
        $found[0] | Should -Match ([regex]::Escape($What))
    }

    It 'finds nothing in a script 5.1 runs' {
        $path = Join-Path $script:Folder 'fine.ps1'
        Set-Content -Path $path -Value @'
[CmdletBinding()]
param([string]$Name = $env:COMPUTERNAME)
$a = if ($Name) { $Name } else { 'x' }
$b = @($a | ForEach-Object { $_.ToUpper() } | Where-Object { $_ -ne '' })
try { Get-Item $b -ErrorAction Stop } catch { Write-Warning $_.Exception.Message } finally { }
Get-Content -Path x -Encoding UTF8 | ConvertFrom-Json | ConvertTo-Json -Depth 5
'@
        Find-Ps7OnlySyntax -Path $path | Should -BeNullOrEmpty
    }
}

Describe 'Every script Portolan writes' {
    BeforeAll {
        $script:Scripts = @($script:Collector)
        foreach ($design in Get-TestDesigns -Folder $script:Folder) {
            $name = [System.IO.Path]::GetFileNameWithoutExtension($design)
            $script:Scripts += Export-Portolan $design powershell (Join-Path $script:Folder "$name.ps1")
            $script:Scripts += Export-Portolan $design powershell (Join-Path $script:Folder "$name.gpo.ps1") @('--gpo', 'CONTOSO\Portolan [test] *?')
            $script:Scripts += Export-Portolan $design porttest (Join-Path $script:Folder "$name.porttest.ps1")
        }
    }

    It 'writes the rules, GPO rules and port test of each example and of the hostile design' {
        $script:Scripts.Count | Should -Be 13
    }

    It 'parses with PowerShell''s own parser and uses nothing Windows PowerShell 5.1 lacks' {
        $found = @(foreach ($path in $script:Scripts) { Find-Ps7OnlySyntax -Path $path })
        $found | Should -BeNullOrEmpty
    }

    It 'starts with a UTF-8 byte order mark when it holds anything but ASCII (5.1 reads a file without one in the ANSI code page)' {
        foreach ($path in $script:Scripts) {
            $bytes = [System.IO.File]::ReadAllBytes($path)
            $ascii = [System.Text.Encoding]::Latin1.GetString($bytes) -notmatch '[^\x00-\x7F]'
            $bom = $bytes.Count -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
            ($ascii -or $bom) | Should -BeTrue -Because "$path holds non-ASCII text"
        }
    }
}
