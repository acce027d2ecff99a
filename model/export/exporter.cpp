#include "exporter.h"

#include "catalog/catalog.h"
#include "csvwriter.h"
#include "design/document.h"
#include "flows/flow.h"
#include "flows/flowlist.h"
#include "io/outputfile.h"

#include <QBuffer>

#include <map>
#include <vector>

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

// A PowerShell script file starts with a UTF-8 byte order mark: Windows PowerShell 5.1 reads a
// script without one in the ANSI code page, and a name such as Zürich would become ZÃ¼rich.
bool writeScript(const QString& path, QByteArray script, const ExportOptions& options, QString* error)
{
    script.prepend("\xEF\xBB\xBF");
    return writeBytes(path, script, options, error);
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
    // Excel and LibreOffice read a CSV without a byte order mark in the local code page (ZÃ¼rich).
    return writeFlowCsv(document, engine,
                        FlowCsvOptions{.includeLocal = options.includeLocal,
                                       .crlf = options.crlf,
                                       .byteOrderMark = options.csvBom,
                                       .neutraliseFormulas = true},
                        device);
}

bool writeFlowCsv(const Document& document, const FlowEngine& engine, const FlowCsvOptions& options,
                  QIODevice& device)
{
    constexpr qsizetype kChunk = 1 << 16;
    if (options.byteOrderMark && device.write("\xEF\xBB\xBF", 3) != 3)
        return false;
    CsvWriter header({.crlf = options.crlf, .neutraliseFormulas = options.neutraliseFormulas});
    header.addRow(flowListHeader());
    QByteArray out = header.data();
    out.reserve(kChunk + 4096);
    const QByteArray eol = options.crlf ? "\r\n" : "\n";
    const bool neutralise = options.neutraliseFormulas;
    const auto cell = [neutralise](const QString& text) {
        return CsvWriter::field(text, neutralise).toUtf8();
    };

    // The same rows as flowListFields(), written as UTF-8 directly: the cells that repeat (a
    // node's name, address and zone; what a set of catalog rows says) are escaped once.
    const Catalog& catalog = document.catalog();
    std::vector<QByteArray> nodeCells(size_t(document.nextId()));
    const auto nodeCell = [&](int id) -> const QByteArray& {
        QByteArray& c = nodeCells[size_t(id)];
        if (c.isEmpty())
            c = cell(document.node(id)->name) + ',' + cell(nodeAddress(document, id)) + ',' +
                cell(nodeZoneName(document, id));
        return c;
    };
    std::map<std::vector<int>, QByteArray> serviceCells; // (row, proxied) of each flow -> four cells
    std::vector<int> rowsKey;
    const auto serviceCell = [&](const Flow* begin, const Flow* end) -> const QByteArray& {
        rowsKey.clear();
        for (const Flow* f = begin; f != end; ++f)
            rowsKey.push_back(f->row * 2 + (f->proxied ? 1 : 0));
        auto [it, added] = serviceCells.try_emplace(rowsKey);
        if (!added)
            return it->second;
        FlowListRow said;
        describeFlows(catalog, begin, end, said);
        it->second = cell(said.services.join(u"; ")) + ',' + (said.configurable ? "Yes" : "No") + ',' +
                     cell(said.references.join(u"; ")) + ',' + cell(said.bases.join(u"; "));
        return it->second;
    };
    QByteArray protocolCells[3];
    bool failed = false;
    forEachFlowGroup(document, engine, {.includeLocal = options.includeLocal},
                     [&](const Flow* begin, const Flow* end) {
                         if (failed)
                             return;
                         QByteArray& protocol = protocolCells[int(begin->protocol) % 3];
                         if (protocol.isEmpty())
                             protocol = cell(protocolName(begin->protocol));
                         out += nodeCell(begin->source);
                         out += ',';
                         out += nodeCell(begin->destination);
                         out += ',';
                         out += protocol;
                         out += ',';
                         out += cell(begin->port.toString());
                         out += ',';
                         out += serviceCell(begin, end);
                         out += begin->local ? ",Yes" : ",No";
                         out += eol;
                         if (out.size() >= kChunk) {
                             failed = device.write(out) != out.size();
                             out.resize(0); // keeps its capacity for the next chunk
                         }
                     });
    return !failed && device.write(out) == out.size();
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
        return writeScript(path, firewallScript(document, engine, options, report), options, error);
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
        return writeScript(path, portTestScript(document, engine, options), options, error);
    }
    return false;
}

} // namespace portolan
