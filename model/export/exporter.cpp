#include "exporter.h"

#include "csvwriter.h"
#include "flows/flowlist.h"
#include "io/outputfile.h"

#include <QBuffer>

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

// The design being exported is never overwritten by its own export.
bool writeBytes(const QString& path, const QByteArray& bytes, const ExportOptions& options, QString* error)
{
    return OutputFile::write(path, bytes, error, {options.designFile});
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

bool writeFlowCsv(const Document& document, const FlowEngine& engine, const ExportOptions& options,
                  QIODevice& device)
{
    constexpr qsizetype kChunk = 1 << 16;
    // Excel and LibreOffice read a CSV without a byte order mark in the local code page (ZÃ¼rich).
    if (options.csvBom && device.write("\xEF\xBB\xBF", 3) != 3)
        return false;
    CsvWriter csv({.crlf = options.crlf, .neutraliseFormulas = true});
    csv.addRow(flowListHeader());
    FlowListOptions list;
    list.includeLocal = options.includeLocal;
    for (const FlowListRow& row : buildFlowList(document, engine, list)) {
        csv.addRow(flowListFields(row));
        if (csv.data().size() >= kChunk) {
            if (device.write(csv.data()) != csv.data().size())
                return false;
            csv.clear();
        }
    }
    return device.write(csv.data()) == csv.data().size();
}

QByteArray flowCsv(const Document& document, const FlowEngine& engine, const ExportOptions& options)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    writeFlowCsv(document, engine, options, buffer);
    return buffer.data();
}

bool exportDesign(const Document& document, const FlowEngine& engine, ExportFormat format,
                  const QString& path, const ExportOptions& options, QString* error, ExportReport* report)
{
    switch (format) {
    case ExportFormat::Csv:
        return OutputFile::write(
            path, [&](QIODevice& device, QString*) { return writeFlowCsv(document, engine, options, device); },
            error, {options.designFile});
    case ExportFormat::Xlsx:
        return writeXlsx(document, engine, path, options, error);
    case ExportFormat::PowerShell:
        return writeBytes(path, firewallScript(document, engine, options, report), options, error);
    case ExportFormat::Nftables: {
        const auto text = nftablesRuleset(document, engine, options, error, report);
        return text && writeBytes(path, *text, options, error);
    }
    case ExportFormat::Asa: {
        const auto text = asaConfig(document, engine, options, error, report);
        return text && writeBytes(path, *text, options, error);
    }
    case ExportFormat::AzureNsg: {
        const auto json = azureNsg(document, engine, options, error, report);
        return json && writeBytes(path, *json, options, error);
    }
    case ExportFormat::PortTest:
        return writeBytes(path, portTestScript(document, engine, options), options, error);
    }
    return false;
}

} // namespace portolan
