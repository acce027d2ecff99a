# Stand-ins for the NetTCPIP cmdlets the port test's listener calls to skip ports already in use
# (Get-NetTCPConnection -State Listen -LocalPort, Get-NetUDPEndpoint -LocalPort), answered from
# the sockets Linux lists in /proc/net: what is really open in the test's network namespace.

function Get-FakeSockets {
    param([string[]]$Files, [string]$State)
    foreach ($file in $Files) {
        if (-not (Test-Path $file)) { continue }
        foreach ($line in (Get-Content $file | Select-Object -Skip 1)) {
            $fields = $line.Trim() -split '\s+'
            if ($State -and $fields[3] -ne $State) { continue }
            [pscustomobject]@{ LocalPort = [Convert]::ToInt32(($fields[1] -split ':')[1], 16); State = $fields[3] }
        }
    }
}

function Get-NetTCPConnection {
    [CmdletBinding()]
    param([ValidateSet('Listen', 'Established', 'TimeWait', 'CloseWait', 'SynSent', 'SynReceived', 'Closed')][string[]]$State,
          [uint16[]]$LocalPort, [string[]]$LocalAddress)
    $want = if ($State -contains 'Listen') { '0A' } else { '' }
    $found = @(Get-FakeSockets -Files '/proc/net/tcp', '/proc/net/tcp6' -State $want | Where-Object { -not $LocalPort -or $_.LocalPort -in $LocalPort } |
        ForEach-Object { [pscustomobject]@{ LocalPort = $_.LocalPort; State = 'Listen' } })
    if ($found.Count -eq 0) { Write-Error 'No matching MSFT_NetTCPConnection objects found' }
    $found
}

function Get-NetUDPEndpoint {
    [CmdletBinding()]
    param([uint16[]]$LocalPort, [string[]]$LocalAddress)
    $found = @(Get-FakeSockets -Files '/proc/net/udp', '/proc/net/udp6' | Where-Object { -not $LocalPort -or $_.LocalPort -in $LocalPort } |
        ForEach-Object { [pscustomobject]@{ LocalPort = $_.LocalPort } })
    if ($found.Count -eq 0) { Write-Error 'No matching MSFT_NetUDPEndpoint objects found' }
    $found
}
