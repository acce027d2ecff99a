# Runs one Pester test file with Pester from $env:PESTER_MODULE (see run-pester); exit 0 when
# every test passed, 1 otherwise (also when no test ran, or a block failed before its tests).
param([Parameter(Mandatory = $true)][string]$Path)
$PSStyle.OutputRendering = 'PlainText'
Import-Module $env:PESTER_MODULE
$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host "$($result.PassedCount) passed, $failed failed"
if ($result.TotalCount -eq 0) { Write-Host 'Invoke-PesterFile: no test ran'; exit 1 }
if ($result.Result -ne 'Passed' -or $failed -gt 0) { exit 1 }
exit 0
