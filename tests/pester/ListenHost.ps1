# Runs a port test script's -Mode Listen in its own process, as an admin would on a destination,
# with the Windows-only cmdlets it calls stood in for (FakeNetSecurity.ps1, FakeNetTCPIP.ps1).
# Stopped with SIGINT (Ctrl+C). The fake firewall's calls go to $env:FAKE_FIREWALL_LOG.
param([string]$Script, [string]$Target, [int]$Minutes = 10)
. (Join-Path $PSScriptRoot 'FakeNetSecurity.ps1')
. (Join-Path $PSScriptRoot 'FakeNetTCPIP.ps1')
$env:COMPUTERNAME = $Target
& $Script -Mode Listen -Target $Target -Minutes $Minutes
