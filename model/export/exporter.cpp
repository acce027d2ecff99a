#include "exporter.h"

#include "csvwriter.h"
#include "flows/flowlist.h"

#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

struct FormatInfo
{
    ExportFormat format;
    const char16_t* name;
    const char16_t* suffix;
    const char16_t* title;
};

constexpr FormatInfo kFormats[] = {
    {ExportFormat::Csv, u"csv", u"csv", u"Flow list (CSV)"},
    {ExportFormat::Xlsx, u"xlsx", u"xlsx", u"Flow workbook (XLSX)"},
    {ExportFormat::PowerShell, u"powershell", u"ps1", u"Windows Defender Firewall rules (PowerShell)"},
    {ExportFormat::Nftables, u"nftables", u"nft", u"nftables ruleset"},
    {ExportFormat::Asa, u"asa", u"txt", u"Cisco ASA access lists"},
    {ExportFormat::AzureNsg, u"nsg", u"json", u"Azure network security group rules (JSON)"},
    {ExportFormat::PortTest, u"porttest", u"ps1", u"Port test script (PowerShell)"},
};

bool writeBytes(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = u"%1: cannot write: %2"_s.arg(path, file.errorString());
        return false;
    }
    file.write(bytes);
    if (!file.commit()) {
        if (error)
            *error = u"%1: cannot write: %2"_s.arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

std::optional<ExportFormat> exportFormatFromName(const QString& name)
{
    for (const auto& f : kFormats)
        if (name.compare(QStringView(f.name), Qt::CaseInsensitive) == 0)
            return f.format;
    return std::nullopt;
}

QString exportFormatName(ExportFormat format)
{
    for (const auto& f : kFormats)
        if (f.format == format)
            return QString::fromUtf16(f.name);
    return {};
}

QString exportFormatSuffix(ExportFormat format)
{
    for (const auto& f : kFormats)
        if (f.format == format)
            return QString::fromUtf16(f.suffix);
    return {};
}

QString exportFormatTitle(ExportFormat format)
{
    for (const auto& f : kFormats)
        if (f.format == format)
            return QString::fromUtf16(f.title);
    return {};
}

QByteArray flowCsv(const Document& document, const FlowEngine& engine, const ExportOptions& options)
{
    CsvWriter csv({.crlf = options.crlf, .neutraliseFormulas = true});
    csv.addRow(flowListHeader());
    FlowListOptions list;
    list.includeLocal = options.includeLocal;
    for (const FlowListRow& row : buildFlowList(document, engine, list))
        csv.addRow(flowListFields(row));
    // Excel and LibreOffice read a CSV without a byte order mark in the local code page (ZÃ¼rich).
    return options.csvBom ? QByteArray("\xEF\xBB\xBF") + csv.data() : csv.data();
}

bool exportDesign(const Document& document, const FlowEngine& engine, ExportFormat format,
                  const QString& path, const ExportOptions& options, QString* error, ExportReport* report)
{
    switch (format) {
    case ExportFormat::Csv:
        return writeBytes(path, flowCsv(document, engine, options), error);
    case ExportFormat::Xlsx:
        return writeXlsx(document, engine, path, options, error);
    case ExportFormat::PowerShell:
        return writeBytes(path, firewallScript(document, engine, options, report), error);
    case ExportFormat::Nftables: {
        const auto text = nftablesRuleset(document, engine, options, error, report);
        return text && writeBytes(path, *text, error);
    }
    case ExportFormat::Asa: {
        const auto text = asaConfig(document, engine, options, error, report);
        return text && writeBytes(path, *text, error);
    }
    case ExportFormat::AzureNsg: {
        const auto json = azureNsg(document, engine, options, error, report);
        return json && writeBytes(path, *json, error);
    }
    case ExportFormat::PortTest:
        return writeBytes(path, portTestScript(document, engine, options), error);
    }
    return false;
}

} // namespace portolan
