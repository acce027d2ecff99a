# Shared by the Pester tests: the portolan program (run-pester sets $env:PORTOLAN and
# $env:PORTOLAN_SOURCE), the bundled examples, a design full of hostile names, and the scripts
# Portolan writes from them.
$script:Source = $env:PORTOLAN_SOURCE
$script:Examples = Join-Path $script:Source 'examples'
$script:TestData = Join-Path $script:Source 'tests/data'
$script:Collector = Join-Path $script:Source 'tools/collect-hierarchy.ps1'

# Runs portolan; returns its output lines (standard error included) and sets $LASTEXITCODE.
function Invoke-Portolan {
    $output = & $env:PORTOLAN @args 2>&1
    return @($output | ForEach-Object { "$_" })
}

# Writes one export of a design; throws with portolan's own message when it fails.
function Export-Portolan {
    param([string]$Design, [string]$Format, [string]$Path, [string[]]$Options = @())
    $output = Invoke-Portolan export $Design --format $Format -o $Path @Options
    if ($LASTEXITCODE -ne 0) { throw "portolan export $Design --format $Format failed: $($output -join "`n")" }
    return $Path
}

# Names an admin could type that break a careless script: quotes of every kind, $, $( ), backticks,
# comment ends, wildcards and non-ASCII letters. $global:PortolanPwned is set only if one ever runs.
$script:HostileNames = @{
    Design  = 'Evil #> Set-Variable PortolanPwned 1 -Scope Global <# [x]* $(Set-Variable PortolanPwned 2 -Scope Global) `n Zürich'
    Server  = "cm'; Set-Variable PortolanPwned 3 -Scope Global; 'ü.lab.local"
    Group   = 'y'' ; $(Set-Variable PortolanPwned 4 -Scope Global) ' + [char]0x2019 + ' #> `n [b] Ærø “q”'
    Console = 'Ädmin $env:PATH ' + [char]0x2018 + 'q' + [char]0x2019 + ' `$x "; Set-Variable PortolanPwned 5 -Scope Global; "'
}

# The hostile design's own identity: a copy is another design.
$script:HostileId = '0f8fad5b-d9cb-469f-a165-70867728950e'

# A copy of examples/lab.portolan whose design, server, client group and console carry the
# hostile names above.
function New-HostileDesign {
    param([string]$Path)
    $design = Get-Content -Raw -Path (Join-Path $script:Examples 'lab.portolan') | ConvertFrom-Json
    $design.name = $script:HostileNames.Design
    $design.id = $script:HostileId
    $design.servers[0].name = $script:HostileNames.Server
    $design.clientGroups[0].name = $script:HostileNames.Group
    $design.consoles[0].name = $script:HostileNames.Console
    $design | ConvertTo-Json -Depth 20 | Set-Content -Path $Path -Encoding utf8
    return $Path
}

# The bundled examples and the hostile design, as paths.
function Get-TestDesigns {
    param([string]$Folder)
    $designs = @(Get-ChildItem -Path $script:Examples -Filter '*.portolan' | ForEach-Object { $_.FullName })
    $designs += New-HostileDesign -Path (Join-Path $Folder 'hostile.portolan')
    return $designs
}

# The value of a table a script assigns at its top level ($rules, $listeners, $probes), read
# with PowerShell's parser as data (SafeGetValue evaluates nothing).
function Get-ScriptTable {
    param([string]$Path, [string]$Name)
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
    if ($errors) { throw "${Path}: $($errors[0].Message)" }
    $assignment = $ast.EndBlock.Statements | Where-Object {
        $_ -is [System.Management.Automation.Language.AssignmentStatementAst] -and
        $_.Left -is [System.Management.Automation.Language.VariableExpressionAst] -and $_.Left.VariablePath.UserPath -eq $Name
    } | Select-Object -First 1
    if (-not $assignment) { throw "${Path}: no `$$Name table" }
    $right = $assignment.Right
    if ($right -is [System.Management.Automation.Language.PipelineAst]) { $right = $right.PipelineElements[0] }
    return , @($right.Expression.SafeGetValue())
}
