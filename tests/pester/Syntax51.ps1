# What Windows PowerShell 5.1 (the PowerShell of Windows Server) cannot run, found with
# PowerShell's own parser: Find-Ps7OnlySyntax returns one line per finding,
# "FILE:LINE:COLUMN: WHAT", parse errors included.

# Parameters that PowerShell 7 added to cmdlets 5.1 has as well (a script passing one of them
# stops on 5.1 with "A parameter cannot be found").
$script:Ps7OnlyParameters = @{
    'ConvertFrom-Json'  = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
    'ConvertTo-Json'    = @('EscapeHandling', 'AsArray', 'EnumsAsStrings')
    'Invoke-RestMethod' = @('SkipCertificateCheck', 'Authentication', 'Token', 'StatusCodeVariable', 'ResponseHeadersVariable',
                            'SkipHttpErrorCheck', 'MaximumRetryCount', 'RetryIntervalSec', 'SslProtocol', 'NoProxy',
                            'AllowUnencryptedAuthentication', 'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'HttpVersion')
    'Invoke-WebRequest' = @('SkipCertificateCheck', 'Authentication', 'Token', 'SkipHttpErrorCheck', 'MaximumRetryCount',
                            'RetryIntervalSec', 'SslProtocol', 'NoProxy', 'HttpVersion')
    'Get-Content'       = @('AsByteStream')
    'Set-Content'       = @('AsByteStream')
    'Test-Connection'   = @('TargetName', 'TcpPort', 'Ping')
    'Join-Path'         = @('AdditionalChildPath')
    'Select-Object'     = @('SkipIndex', 'SkipLast')
    'Get-Date'          = @('AsUTC', 'UnixTimeSeconds')
}
# Encodings 5.1's -Encoding does not know.
$script:Ps7OnlyEncodings = @('utf8NoBOM', 'utf8BOM', 'ansi')

function Find-Ps7OnlySyntax {
    param([Parameter(Mandatory = $true)][string]$Path)
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref]$tokens, [ref]$errors)
    $found = New-Object System.Collections.Generic.List[string]
    $note = {
        param($Extent, [string]$What)
        $found.Add("${Path}:$($Extent.StartLineNumber):$($Extent.StartColumnNumber): $What")
    }
    foreach ($e in $errors) { & $note $e.Extent "parse error: $($e.Message)" }
    $language = [System.Management.Automation.Language.TokenKind]
    foreach ($node in $ast.FindAll({ $true }, $true)) {
        switch ($node.GetType().Name) {
            'TernaryExpressionAst' { & $note $node.Extent 'ternary operator ?: (PowerShell 7)' }
            'PipelineChainAst' { & $note $node.Extent '&& or || between pipelines (PowerShell 7)' }
            'BinaryExpressionAst' {
                if ($node.Operator -eq $language::QuestionQuestion) { & $note $node.Extent 'null-coalescing ?? (PowerShell 7)' }
            }
            'AssignmentStatementAst' {
                if ($node.Operator -eq $language::QuestionQuestionEquals) { & $note $node.Extent 'null-coalescing assignment ??= (PowerShell 7)' }
            }
            { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst', 'IndexExpressionAst' } {
                if ($node.NullConditional) { & $note $node.Extent 'null-conditional ?. or ?[] (PowerShell 7)' }
            }
            { $_ -in 'ScriptBlockAst' } {
                if ($node.CleanBlock) { & $note $node.CleanBlock.Extent 'clean block (PowerShell 7.3)' }
            }
            'CommandAst' {
                $name = $node.GetCommandName()
                if (-not $name) { continue }
                $parameters = @($node.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })
                if ($name -in 'ForEach-Object', 'foreach', '%') {
                    foreach ($p in $parameters) {
                        if ($p.ParameterName.Length -ge 2 -and 'Parallel'.StartsWith($p.ParameterName, 'OrdinalIgnoreCase')) {
                            & $note $node.Extent 'ForEach-Object -Parallel (PowerShell 7)'
                        }
                    }
                }
                $added = $script:Ps7OnlyParameters[$name]
                foreach ($p in $parameters) {
                    foreach ($a in @($added)) {
                        if ($a -and $p.ParameterName.Length -ge 3 -and $a.StartsWith($p.ParameterName, 'OrdinalIgnoreCase')) {
                            & $note $p.Extent "$name -$a (PowerShell 7)"
                        }
                    }
                    if ($p.ParameterName -eq 'Encoding') {
                        $i = [array]::IndexOf($node.CommandElements, $p)
                        $value = if ($p.Argument) { $p.Argument } elseif ($i + 1 -lt $node.CommandElements.Count) { $node.CommandElements[$i + 1] }
                        if ($value -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $value.Value -in $script:Ps7OnlyEncodings) {
                            & $note $value.Extent "-Encoding $($value.Value) (PowerShell 7)"
                        }
                    }
                }
            }
        }
    }
    return $found.ToArray()
}
