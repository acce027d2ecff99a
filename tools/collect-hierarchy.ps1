<#
.SYNOPSIS
    Reads a Configuration Manager hierarchy from its SMS Provider and writes it
    as one JSON file for Portolan (File > Import Hierarchy, or
    portolan import FILE -o DESIGN.portolan).

.DESCRIPTION
    Read-only: the script only queries the SMS Provider's classes and DNS
    (Resolve-DnsName); it changes nothing in the site and writes nothing but
    the output file. Read-only administrator rights in Configuration Manager
    are enough.

    It reads the classes through the SMS Provider's AdminService first (its
    REST API over HTTPS, https://PROVIDER/AdminService/wmi/CLASS, with
    Invoke-RestMethod), which needs no DCOM or WinRM access to the provider,
    and falls back to WMI (Get-CimInstance over WinRM, then DCOM) when the
    AdminService does not answer. Runs on Windows PowerShell 5.1 and later.

    It stops with an error, and writes no file, when it can reach the
    provider in neither way, or when the provider returns no site (a wrong
    -SiteCode, or no right to read SMS_Site).

    Each class is written as the provider returns it, one JSON array per
    class, with the properties listed below. A class or a host name that
    cannot be read is recorded in the file's "Errors" list and the script
    goes on: Portolan's import report lists those errors.

    The file format is described in docs/hierarchy-import.md.

.PARAMETER ProviderMachine
    The server holding the SMS Provider (any site's provider in the
    hierarchy; the CAS's gives the whole hierarchy).

.PARAMETER SiteCode
    The site code of that provider's site. Found from SMS_ProviderLocation
    (WMI) or as the top site of the hierarchy (AdminService) when left out.

.PARAMETER OutputPath
    Where to write the JSON file.

.PARAMETER Credential
    Another account to connect with; the current one by default.

.PARAMETER SkipDns
    Do not resolve the site systems' host names (the import then reports
    every server as having no address).

.PARAMETER NoAdminService
    Read through WMI only, without trying the AdminService first.

.EXAMPLE
    .\collect-hierarchy.ps1 -ProviderMachine cm01.contoso.com -OutputPath C:\Temp\contoso.json

    Reads the hierarchy through cm01's AdminService (or WMI) and writes it to
    C:\Temp\contoso.json; then: portolan import C:\Temp\contoso.json -o contoso.portolan

.EXAMPLE
    .\collect-hierarchy.ps1 -ProviderMachine cm01.contoso.com -SiteCode P01 -Credential (Get-Credential) -NoAdminService

    Reads site P01's provider through WMI with another account.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]$ProviderMachine,

    [ValidatePattern('^[A-Za-z0-9]{3}$')]
    [string]$SiteCode,

    [string]$OutputPath = (Join-Path -Path (Get-Location) -ChildPath 'portolan-hierarchy.json'),

    [System.Management.Automation.PSCredential]$Credential,

    [switch]$SkipDns,

    [switch]$NoAdminService
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

# What could not be read: written to the file instead of stopping the script.
$collectErrors = New-Object -TypeName System.Collections.Generic.List[object]

function Add-CollectError {
    param([string]$Class, [string]$Message)
    $collectErrors.Add([ordered]@{ Class = $Class; Message = $Message })
    Write-Warning "$Class`: $Message"
}

# SMS_EmbeddedProperty (PropertyName, Value, Value1, Value2) and
# SMS_EmbeddedPropertyList (PropertyListName, Values), as plain objects.
function ConvertTo-PropertyList {
    param($Props)
    $list = @()
    foreach ($prop in @($Props)) {
        if ($null -eq $prop) { continue }
        $list += [ordered]@{
            PropertyName = $prop.PropertyName
            Value        = $prop.Value
            Value1       = $prop.Value1
            Value2       = $prop.Value2
        }
    }
    return , $list
}

function ConvertTo-PropertyListList {
    param($PropLists)
    $list = @()
    foreach ($propList in @($PropLists)) {
        if ($null -eq $propList) { continue }
        $list += [ordered]@{
            PropertyListName = $propList.PropertyListName
            Values           = @($propList.Values)
        }
    }
    return , $list
}

# The instances of a class through the AdminService: its JSON answer's "value" list.
function Invoke-AdminService {
    param([string]$ClassName)
    $arguments = @{ Uri = "https://$ProviderMachine/AdminService/wmi/$ClassName"; Method = 'Get'; ErrorAction = 'Stop' }
    if ($Credential) { $arguments.Credential = $Credential } else { $arguments.UseDefaultCredentials = $true }
    $answer = Invoke-RestMethod @arguments
    return , @($answer.value)
}

# A property of an instance: a CIM instance's (WMI) or a JSON object's (AdminService);
# $null when the instance has no such property.
function Get-InstanceProperty {
    param($Instance, [string]$Name)
    if ($Instance.PSObject.Properties['CimInstanceProperties']) {
        return $Instance.CimInstanceProperties[$Name]
    }
    return $Instance.PSObject.Properties[$Name]
}

# Reads every instance of a class with the named properties; on failure records
# the error and returns an empty list.
function Read-SmsClass {
    param(
        [string]$ClassName,
        [string[]]$Property,
        [string]$Namespace = $script:siteNamespace
    )
    try {
        if ($script:source -eq 'AdminService') {
            $instances = Invoke-AdminService -ClassName $ClassName
        }
        else {
            $instances = Get-CimInstance -CimSession $script:session -Namespace $Namespace -ClassName $ClassName
        }
    }
    catch {
        Add-CollectError -Class $ClassName -Message $_.Exception.Message
        return , @()
    }
    $rows = @()
    foreach ($instance in @($instances)) {
        if ($null -eq $instance) { continue }
        $row = [ordered]@{}
        foreach ($name in $Property) {
            $value = Get-InstanceProperty -Instance $instance -Name $name
            # A property the site leaves empty ($null) is left out of the file.
            if ($null -eq $value -or $null -eq $value.Value) { continue }
            switch ($name) {
                'Props' { $row[$name] = ConvertTo-PropertyList -Props $value.Value }
                'PropLists' { $row[$name] = ConvertTo-PropertyListList -PropLists $value.Value }
                default { $row[$name] = $value.Value }
            }
        }
        $rows += $row
    }
    return , $rows
}

# The AdminService when it answers, else WMI over WinRM, else WMI over DCOM.
$script:source = 'WMI'
$script:session = $null
$reasons = @()
if (-not $NoAdminService) {
    try {
        $null = Invoke-AdminService -ClassName 'SMS_Site'
        $script:source = 'AdminService'
    }
    catch {
        $reasons += "AdminService: $($_.Exception.Message)"
        Write-Verbose "The AdminService on $ProviderMachine does not answer ($($_.Exception.Message)): reading WMI"
    }
}
if ($script:source -eq 'WMI') {
    $sessionArguments = @{ ComputerName = $ProviderMachine; ErrorAction = 'Stop' }
    if ($Credential) { $sessionArguments.Credential = $Credential }
    try {
        $script:session = New-CimSession @sessionArguments
    }
    catch {
        $reasons += "WinRM: $($_.Exception.Message)"
        # DCOM where WinRM is not enabled on the provider.
        $sessionArguments.SessionOption = New-CimSessionOption -Protocol Dcom
        try {
            $script:session = New-CimSession @sessionArguments
        }
        catch {
            $reasons += "DCOM: $($_.Exception.Message)"
            throw "Cannot reach the SMS Provider on $ProviderMachine ($($reasons -join '; ')). Nothing was written."
        }
    }
}
Write-Verbose "Reading $ProviderMachine through $script:source"

# SMS_ProviderLocation (root\SMS): the provider's own site code.
if (-not $SiteCode -and $script:source -eq 'WMI') {
    $location = Get-CimInstance -CimSession $script:session -Namespace 'root\SMS' -ClassName 'SMS_ProviderLocation' |
        Where-Object { $_.ProviderForLocalSite } | Select-Object -First 1
    $SiteCode = $location.SiteCode
}
$script:siteNamespace = "root\SMS\site_$SiteCode"
Write-Verbose "Reading $script:siteNamespace on $ProviderMachine"

$collection = [ordered]@{
    format      = 'portolan-collection'
    version     = 1
    CollectedAt = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ', [System.Globalization.CultureInfo]::InvariantCulture)
    Provider    = $ProviderMachine
    SiteCode    = $SiteCode
}

# SMS_Site: every site of the hierarchy, its type (1 secondary, 2 primary,
# 4 central administration site) and its parent (ReportingSiteCode).
$collection.SMS_Site = Read-SmsClass -ClassName 'SMS_Site' -Property @(
    'SiteCode', 'SiteName', 'Type', 'ReportingSiteCode', 'ServerName', 'Version')
if ($collection.SMS_Site.Count -eq 0) {
    if ($script:session) { Remove-CimSession -CimSession $script:session }
    $why = @($collectErrors | Where-Object { $_.Class -eq 'SMS_Site' } | ForEach-Object { ": $($_.Message)" }) -join ''
    throw "The SMS Provider on $ProviderMachine returned no site ($script:source, $script:siteNamespace$why): check -SiteCode and the account's rights. Nothing was written."
}
if (-not $collection.SiteCode) {
    # AdminService without -SiteCode: the top site of the hierarchy.
    $collection.SiteCode = @($collection.SMS_Site | Where-Object { -not $_['ReportingSiteCode'] } | ForEach-Object { $_['SiteCode'] }) | Select-Object -First 1
}

# SMS_SystemResourceList: every site system and each of its roles (RoleName).
# SslState: 0 HTTP, 1 HTTPS, 2 not applicable, 3 always HTTPS, 4 always HTTP
# (https://learn.microsoft.com/en-us/mem/configmgr/develop/reference/core/servers/configure/sms_systemresourcelist-server-wmi-class).
$collection.SMS_SystemResourceList = Read-SmsClass -ClassName 'SMS_SystemResourceList' -Property @(
    'RoleName', 'ServerName', 'ServerRemoteName', 'SiteCode', 'NALPath', 'InternetEnabled', 'SslState')

# SMS_SCI_SiteDefinition: each site's database. SQLServerName and
# SQLDatabaseName ("CM_P01", or "INSTANCE\CM_P01" on a named instance) are
# properties of the class (https://learn.microsoft.com/en-us/intune/configmgr/develop/reference/core/servers/configure/sms_sci_sitedefinition-server-wmi-class);
# the SQL Server port and the Service Broker port are its Props SQLServicePort
# and SSBPort (read this way in jonasatgit/scriptrepo, Backup/Export-ConfigMgrItems.ps1).
$collection.SMS_SCI_SiteDefinition = Read-SmsClass -ClassName 'SMS_SCI_SiteDefinition' -Property @(
    'SiteCode', 'ParentSiteCode', 'SQLServerName', 'SQLDatabaseName', 'Props')

# SMS_SCI_SysResUse: the roles with their settings in Props and PropLists.
# A distribution point's IsPXE, IsPullDP and its SourceDistributionPoints list
# (jonasatgit/scriptrepo, Firewall/New-ConfigMgrFirewallRuleDefinition.ps1),
# IsMulticast and SccmPXE (1: PXE answered by the Configuration Manager PXE
# responder service, without WDS; read this way by a public DP documentation
# script, Get-pwDistributionPointDetails). A software update point's
# WSUSIISPort, WSUSIISSSLPort, SSLWSUS and UseParentWSUS (both scripts of
# jonasatgit/scriptrepo above). A management point's and a distribution point's
# SslState (0 HTTP, 1 HTTPS, 3 always HTTPS, 4 always HTTP) as in
# SMS_SystemResourceList.
$collection.SMS_SCI_SysResUse = Read-SmsClass -ClassName 'SMS_SCI_SysResUse' -Property @(
    'RoleName', 'NetworkOSPath', 'NALPath', 'NALType', 'SiteCode', 'SslState', 'Props', 'PropLists')

# SMS_SCI_Component: the site's client ports (IISPortsList, IISSSLPortsList of
# SMS_MP_CONTROL_MANAGER) and the other components' settings.
$collection.SMS_SCI_Component = Read-SmsClass -ClassName 'SMS_SCI_Component' -Property @(
    'ItemName', 'ItemType', 'SiteCode', 'Props')

# SMS_AzureService: cloud distribution points (ServiceType CloudDistributionPoint,
# https://learn.microsoft.com/en-us/mem/configmgr/develop/reference/core/servers/configure/sms_azureservice-server-wmi-class)
# and cloud management gateways (ServiceType CloudProxyService, queried so in
# Microsoft's "Set up cloud management gateway" article for version 1610), with
# their VM count (NumberOfInstances). The class has no property for a CMG's
# deployment kind: the importer takes it from the Azure name (Fqdn).
$collection.SMS_AzureService = Read-SmsClass -ClassName 'SMS_AzureService' -Property @(
    'AzureServiceID', 'Name', 'ServiceType', 'ServiceCName', 'Fqdn', 'NumberOfInstances', 'SiteCode', 'Region',
    'NALPath')

# Boundary groups (SMS_BoundaryGroup), their boundaries (SMS_Boundary:
# BoundaryType 0 IP subnet, 1 Active Directory site, 2 IPv6 prefix, 3 IP
# range), membership (SMS_BoundaryGroupMembers) and site systems
# (SMS_BoundaryGroupSiteSystems).
$collection.SMS_BoundaryGroup = Read-SmsClass -ClassName 'SMS_BoundaryGroup' -Property @(
    'GroupID', 'Name', 'DefaultSiteCode', 'Description')
$collection.SMS_Boundary = Read-SmsClass -ClassName 'SMS_Boundary' -Property @(
    'BoundaryID', 'DisplayName', 'BoundaryType', 'Value')
$collection.SMS_BoundaryGroupMembers = Read-SmsClass -ClassName 'SMS_BoundaryGroupMembers' -Property @(
    'GroupID', 'BoundaryID')
$collection.SMS_BoundaryGroupSiteSystems = Read-SmsClass -ClassName 'SMS_BoundaryGroupSiteSystems' -Property @(
    'GroupID', 'ServerNALPath', 'SiteCode', 'Flags')

# Host addresses, by DNS, for every server named above.
$hostNames = New-Object -TypeName System.Collections.Generic.SortedSet[string]
foreach ($site in $collection.SMS_Site) { if ($site.ServerName) { [void]$hostNames.Add($site.ServerName.ToLower()) } }
foreach ($role in $collection.SMS_SystemResourceList) {
    if ($role.ServerName) { [void]$hostNames.Add($role.ServerName.ToLower()) }
}
foreach ($role in $collection.SMS_SCI_SysResUse) {
    if ($role.NetworkOSPath) { [void]$hostNames.Add($role.NetworkOSPath.TrimStart('\').ToLower()) }
}

$addresses = [ordered]@{}
foreach ($hostName in $hostNames) {
    if ($SkipDns) { break }
    try {
        $records = Resolve-DnsName -Name $hostName -DnsOnly |
            Where-Object { $_.Type -eq 'A' -or $_.Type -eq 'AAAA' }
        $addresses[$hostName] = @($records | ForEach-Object { $_.IPAddress })
    }
    catch {
        Add-CollectError -Class 'DNS' -Message "$hostName`: $($_.Exception.Message)"
        $addresses[$hostName] = @()
    }
}
$collection.DnsAddresses = $addresses
# ToArray: @() of the list fails on PowerShell 7 ("Argument types do not match").
$collection.Errors = $collectErrors.ToArray()

if ($script:session) { Remove-CimSession -CimSession $script:session }
$collection | ConvertTo-Json -Depth 8 | Set-Content -Path $OutputPath -Encoding UTF8
Write-Output "Wrote $OutputPath ($($collectErrors.Count) items could not be read)"
