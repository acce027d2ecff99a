# A stand-in SMS Provider for tools/collect-hierarchy.ps1: the CIM cmdlets (New-CimSession,
# New-CimSessionOption, Get-CimInstance, Remove-CimSession), Invoke-RestMethod for the
# AdminService and Resolve-DnsName, answering from a collection file (tests/data/import/*.json)
# with objects shaped as the provider's: for WMI, CIM instances of the class with their
# CimInstanceProperties (embedded SMS_EmbeddedProperty and SMS_EmbeddedPropertyList instances
# in Props and PropLists); for the AdminService, its JSON answer ({"value": [...]}).
# $global:FakeSms.AdminService / .WinRM / .Dcom ($true: answers), .Denied (classes refused),
# .Empty (no instance of any class); every call is recorded in $global:FakeSms.Calls.

# Every property of each class the collector reads, as Microsoft documents the class (its MOF
# syntax on learn.microsoft.com, "... Server WMI Class"): the provider returns them all, $null
# where the site has no value.
$global:FakeSmsClassProperties = @{
    SMS_ProviderLocation         = @('Machine', 'NamespacePath', 'ProviderForLocalSite', 'SiteCode')
    SMS_Site                     = @('BuildNumber', 'Features', 'InstallDir', 'Mode', 'ReportingSiteCode', 'RequestedStatus',
                                     'SecondarySiteCMUpdateStatus', 'ServerName', 'SiteCode', 'SiteName', 'Status', 'TimeZoneInfo', 'Type', 'Version')
    SMS_SystemResourceList       = @('InternetEnabled', 'InternetShared', 'NALPath', 'ResourceType', 'RoleName', 'ServerName',
                                     'ServerRemoteName', 'SiteCode', 'SslState')
    SMS_SCI_SiteDefinition       = @('AddressPublicKey', 'FileType', 'InstallDirectory', 'ItemName', 'ItemType', 'ParentSiteCode', 'PropLists',
                                     'Props', 'ServiceAccount', 'ServiceAccountDomain', 'ServiceAccountPassword', 'ServiceExchangeKey',
                                     'ServicePlaintextAccount', 'ServicePublicKey', 'SiteCode', 'SiteName', 'SiteServerDomain', 'SiteServerName',
                                     'SiteServerPlatform', 'SiteType', 'SQLAccount', 'SQLAccountPassword', 'SQLDatabaseName', 'SQLPublicKey', 'SQLServerName')
    SMS_SCI_SysResUse            = @('FileType', 'ItemName', 'ItemType', 'NALPath', 'NALType', 'NetworkOSPath', 'PropLists', 'Props', 'RoleCount',
                                     'RoleName', 'ServiceWindows', 'SiteCode', 'SslState', 'Type')
    SMS_SCI_Component            = @('ComponentName', 'FileType', 'Flag', 'ItemName', 'ItemType', 'Name', 'Props', 'PropLists', 'SiteCode')
    SMS_AzureService             = @('AzureServiceID', 'DeploymentSlot', 'Description', 'Flags', 'Fqdn', 'ManagementCertificate',
                                     'ManagementCertificateType', 'ManagementThumbprint', 'NALPath', 'Name', 'NumberOfInstances', 'Region',
                                     'ServiceCertificate', 'ServiceCName', 'ServiceThumbprint', 'ServiceThumbprintAlgorithm', 'ServiceType', 'SiteCode',
                                     'State', 'StatusDetails', 'StorageCriticalThreshold', 'StorageQuotaGrow', 'StorageQuotaInGB', 'StorageServiceName',
                                     'StorageUsage', 'StorageWarningThreshold', 'SubscriptionID', 'TrafficCriticalThreshold', 'TrafficOutInGB',
                                     'TrafficOutStopService', 'TrafficOutUsage', 'TrafficWarningThreshold')
    SMS_BoundaryGroup            = @('CreatedBy', 'CreatedOn', 'DefaultSiteCode', 'Description', 'GroupID', 'MemberCount', 'ModifiedBy',
                                     'ModifiedOn', 'Name', 'Shared', 'SiteSystemCount')
    SMS_Boundary                 = @('BoundaryFlags', 'BoundaryID', 'BoundaryType', 'CreatedBy', 'CreatedOn', 'DefaultSiteCode', 'DisplayName',
                                     'GroupCount', 'ModifiedBy', 'ModifiedOn', 'SiteSystems', 'Value')
    SMS_BoundaryGroupMembers     = @('BoundaryID', 'GroupID')
    SMS_BoundaryGroupSiteSystems = @('Flags', 'GroupID', 'ServerNALPath', 'SiteCode')
}

# A record with every property of its class, $null for those the collection file does not give.
function Complete-FakeSmsRecord {
    param($Record, [string]$ClassName)
    $complete = [ordered]@{}
    foreach ($name in $global:FakeSmsClassProperties[$ClassName]) { $complete[$name] = $null }
    foreach ($p in $Record.PSObject.Properties) {
        if (-not $complete.Contains($p.Name)) { throw "$ClassName has no property $($p.Name): fix the fixture or the class list" }
        $complete[$p.Name] = $p.Value
    }
    return [pscustomobject]$complete
}

function Reset-FakeSms {
    param([string]$Fixture)
    $global:FakeSms = @{
        Fixture     = Get-Content -Raw -Path $Fixture | ConvertFrom-Json
        AdminService = $true
        WinRM       = $true
        Dcom        = $true
        Denied      = @()
        Empty       = $false
        Calls       = New-Object System.Collections.Generic.List[object]
    }
    # The classes the collection says could not be read were refused.
    foreach ($e in @($global:FakeSms.Fixture.Errors)) { if ($e -and $e.Class -ne 'DNS') { $global:FakeSms.Denied += $e.Class } }
}

function Add-FakeSmsCall {
    param([string]$Command, [hashtable]$Parameters)
    $copy = @{}
    foreach ($key in $Parameters.Keys) { if ($key -notin [System.Management.Automation.PSCmdlet]::CommonParameters) { $copy[$key] = $Parameters[$key] } }
    $global:FakeSms.Calls.Add([pscustomobject]@{ Command = $Command; Parameters = $copy })
}

# The site the provider belongs to: the one whose server is the provider, else the top site.
function Get-FakeSmsSiteCode {
    $sites = @($global:FakeSms.Fixture.SMS_Site)
    $own = @($sites | Where-Object { $_.ServerName -eq $global:FakeSms.Fixture.Provider }) + @($sites | Where-Object { -not $_.ReportingSiteCode })
    return $own[0].SiteCode
}

# The records of a class in the collection file (JSON objects), or a refusal.
function Get-FakeSmsRecords {
    param([string]$ClassName)
    if ($ClassName -in $global:FakeSms.Denied) { throw 'Access denied' }
    if ($global:FakeSms.Empty) { return , @() }
    $property = $global:FakeSms.Fixture.PSObject.Properties[$ClassName]
    if ($ClassName -eq 'SMS_ProviderLocation') {
        return , @([pscustomobject]@{ SiteCode = (Get-FakeSmsSiteCode); Machine = $global:FakeSms.Fixture.Provider; ProviderForLocalSite = $true; NamespacePath = '' })
    }
    if (-not $property) { return , @() }
    return , @($property.Value | ForEach-Object { Complete-FakeSmsRecord -Record $_ -ClassName $ClassName })
}

# A JSON record as a CIM instance: its properties, and CimInstanceProperties by name (case
# does not matter; a property the class lacks gives $null).
function ConvertTo-FakeCimInstance {
    param($Record, [string]$ClassName)
    $properties = New-Object 'System.Collections.Generic.Dictionary[string,object]' ([System.StringComparer]::OrdinalIgnoreCase)
    $instance = [pscustomobject]@{}
    foreach ($p in $Record.PSObject.Properties) {
        $value = $p.Value
        if ($null -eq $value) {
            # An empty property: $null, as CIM gives it.
        } elseif ($p.Name -eq 'Props') {
            $value = [object[]]@(foreach ($e in @($value)) { if ($e) { [pscustomobject]@{ PropertyName = $e.PropertyName; Value = $e.Value; Value1 = $e.Value1; Value2 = $e.Value2 } } })
        } elseif ($p.Name -eq 'PropLists') {
            $value = [object[]]@(foreach ($e in @($value)) { if ($e) { [pscustomobject]@{ PropertyListName = $e.PropertyListName; Values = [string[]]@($e.Values) } } })
        }
        $properties[$p.Name] = [pscustomobject]@{ Name = $p.Name; Value = $value }
        $instance | Add-Member -NotePropertyName $p.Name -NotePropertyValue $value
    }
    $instance | Add-Member -NotePropertyName CimInstanceProperties -NotePropertyValue $properties
    $instance | Add-Member -NotePropertyName CimClass -NotePropertyValue "root/sms:$ClassName"
    $instance.PSObject.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#root/sms/$ClassName")
    return $instance
}

function New-CimSessionOption {
    [CmdletBinding()]
    param([ValidateSet('Dcom', 'Default', 'Wsman')][string]$Protocol)
    Add-FakeSmsCall 'New-CimSessionOption' $PSBoundParameters
    return [pscustomobject]@{ Protocol = $Protocol }
}

function New-CimSession {
    [CmdletBinding()]
    param([string[]]$ComputerName, [pscredential]$Credential, $SessionOption, [string]$Name, [uint32]$Port, [string]$Authentication)
    Add-FakeSmsCall 'New-CimSession' $PSBoundParameters
    $dcom = $SessionOption -and $SessionOption.Protocol -eq 'Dcom'
    if (($dcom -and -not $global:FakeSms.Dcom) -or (-not $dcom -and -not $global:FakeSms.WinRM)) {
        throw "The WinRM client cannot process the request: $ComputerName cannot be reached"
    }
    return [pscustomobject]@{ ComputerName = $ComputerName[0]; Protocol = $(if ($dcom) { 'DCOM' } else { 'WSMAN' }); Id = 1 }
}

function Remove-CimSession {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)]$CimSession)
    Add-FakeSmsCall 'Remove-CimSession' $PSBoundParameters
}

function Get-CimInstance {
    [CmdletBinding()]
    param($CimSession, [string]$Namespace, [Parameter(Mandatory = $true)][string]$ClassName, [string]$Filter, [string[]]$Property, [string[]]$ComputerName)
    Add-FakeSmsCall 'Get-CimInstance' $PSBoundParameters
    if (-not $CimSession) { throw 'Get-CimInstance without -CimSession would read this computer' }
    foreach ($record in (Get-FakeSmsRecords -ClassName $ClassName)) { ConvertTo-FakeCimInstance -Record $record -ClassName $ClassName }
}

function Invoke-RestMethod {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][uri]$Uri, [string]$Method = 'Get', [pscredential]$Credential, [switch]$UseDefaultCredentials,
          [System.Collections.IDictionary]$Headers, [string]$ContentType, $Body, [int]$TimeoutSec)
    Add-FakeSmsCall 'Invoke-RestMethod' $PSBoundParameters
    if (-not $global:FakeSms.AdminService) { throw 'No connection could be made because the target machine actively refused it.' }
    if ($Uri.AbsolutePath -notmatch '^/AdminService/wmi/(\w+)$') { throw "Response status code does not indicate success: 404 (Not Found): $Uri" }
    $class = $Matches[1]
    try { $records = Get-FakeSmsRecords -ClassName $class } catch { throw "Response status code does not indicate success: 403 (Forbidden): $($_.Exception.Message)" }
    # What Invoke-RestMethod makes of the AdminService's JSON answer.
    $json = ConvertTo-Json -Depth 10 -InputObject @{ '@odata.context' = "https://$($Uri.Host)/AdminService/wmi/`$metadata#$class"; value = [object[]]$records }
    return ConvertFrom-Json -InputObject $json
}

function Resolve-DnsName {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Name, [string]$Type, [switch]$DnsOnly, [string[]]$Server)
    Add-FakeSmsCall 'Resolve-DnsName' $PSBoundParameters
    $entry = $global:FakeSms.Fixture.DnsAddresses.PSObject.Properties[$Name]
    if (-not $entry) { throw "${Name} : DNS name does not exist" }
    [pscustomobject]@{ Name = $Name; Type = 'CNAME'; NameHost = $Name }
    foreach ($a in @($entry.Value)) {
        [pscustomobject]@{ Name = $Name; Type = $(if ($a -like '*:*') { 'AAAA' } else { 'A' }); IPAddress = $a }
    }
}
