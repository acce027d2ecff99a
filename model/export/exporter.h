#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace portolan {

class Document;
class FlowEngine;

enum class ExportFormat
{
    Csv,
    Xlsx,
    PowerShell,
    Nftables,
    Asa,
    AzureNsg,
    PortTest
};

std::optional<ExportFormat> exportFormatFromName(const QString& name);
QString exportFormatName(ExportFormat format);
QString exportFormatSuffix(ExportFormat format);
QString exportFormatTitle(ExportFormat format);

struct ExportOptions
{
    QString designFile;        // named in the header comment
    bool crlf = false;         // CSV
    bool includeLocal = false; // CSV and XLSX flow lists
    bool sheetPerZone = false; // XLSX
    QString policyStore;       // PowerShell: DOMAIN\GPO, empty for the local store
};

// Writes one export; exporters are `bool write(document, path, options)` plus
// an error string, and dialogs only collect options.
bool exportDesign(const Document& document, const FlowEngine& engine, ExportFormat format,
                  const QString& path, const ExportOptions& options, QString* error);

// The text formats, for tests and previews.
QByteArray flowCsv(const Document& document, const FlowEngine& engine, const ExportOptions& options);
QByteArray firewallScript(const Document& document, const FlowEngine& engine, const ExportOptions& options);
QByteArray portTestScript(const Document& document, const FlowEngine& engine, const ExportOptions& options);
QByteArray nftablesRuleset(const Document& document, const FlowEngine& engine, const ExportOptions& options);
QByteArray asaConfig(const Document& document, const FlowEngine& engine, const ExportOptions& options);
// Fails (nullopt, with *error) when the rules do not fit Azure's limits.
std::optional<QByteArray> azureNsg(const Document& document, const FlowEngine& engine,
                                   const ExportOptions& options, QString* error);
bool writeXlsx(const Document& document, const FlowEngine& engine, const QString& path,
               const ExportOptions& options, QString* error);

} // namespace portolan
