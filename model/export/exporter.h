#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

class QIODevice;

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

// Where a rule set is enforced: on a firewall between zones (forward) or on
// each destination host (input).
enum class RuleTarget
{
    Zone,
    Host
};

struct ExportOptions
{
    QString designFile;            // named in the header comment
    bool crlf = false;             // CSV
    bool csvBom = true;            // CSV: start with a UTF-8 byte order mark, so that Excel reads UTF-8
    bool includeLocal = false;     // CSV and XLSX flow lists
    bool sheetPerZone = false;     // XLSX
    QString policyStore;           // PowerShell: DOMAIN\GPO, empty for the local store
    bool asaInspectDcerpc = false; // ASA: TCP 135 and inspect dcerpc instead of the RPC range
    RuleTarget target = RuleTarget::Zone; // nftables: between zones or on each host
};

// What an export could not say: the flows a rule set writes as commented
// placeholders ("source -> destination: TCP 80, 443: why"), for stderr and dialogs.
struct ExportReport
{
    QStringList placeholders;
    int flows = 0; // rows of the flow list the placeholders stand for
};

// Writes one export; exporters are `bool write(document, path, options)` plus
// an error string, and dialogs only collect options.
bool exportDesign(const Document& document, const FlowEngine& engine, ExportFormat format,
                  const QString& path, const ExportOptions& options, QString* error,
                  ExportReport* report = nullptr);

// The text formats, for tests and previews.
QByteArray flowCsv(const Document& document, const FlowEngine& engine, const ExportOptions& options);
// The same CSV written to a device as the rows are made, in chunks, so that no
// copy of the whole output is held in memory (`portolan flows`, the CSV export).
// False when the device refuses a write.
bool writeFlowCsv(const Document& document, const FlowEngine& engine, const ExportOptions& options,
                  QIODevice& device);
// The flow list as `portolan flows` prints it: the same rows; cells a
// spreadsheet would take for a formula are prefixed as in the CSV export (the
// output is often opened in one).
struct FlowCsvOptions
{
    bool includeLocal = false;
    bool crlf = false;
    bool byteOrderMark = false;
    bool neutraliseFormulas = true;
};
bool writeFlowCsv(const Document& document, const FlowEngine& engine, const FlowCsvOptions& options,
                  QIODevice& device);
QByteArray firewallScript(const Document& document, const FlowEngine& engine, const ExportOptions& options,
                          ExportReport* report = nullptr);
QByteArray portTestScript(const Document& document, const FlowEngine& engine, const ExportOptions& options);
// The firewall rule sets between zones fail (nullopt, with *error) when the
// design cannot serve them: fewer than two zones, nothing in Azure, more rules
// than Azure allows. Flows they cannot express go to report->placeholders.
std::optional<QByteArray> nftablesRuleset(const Document& document, const FlowEngine& engine,
                                          const ExportOptions& options, QString* error,
                                          ExportReport* report = nullptr);
std::optional<QByteArray> asaConfig(const Document& document, const FlowEngine& engine,
                                    const ExportOptions& options, QString* error,
                                    ExportReport* report = nullptr);
std::optional<QByteArray> azureNsg(const Document& document, const FlowEngine& engine,
                                   const ExportOptions& options, QString* error,
                                   ExportReport* report = nullptr);
bool writeXlsx(const Document& document, const FlowEngine& engine, const QString& path,
               const ExportOptions& options, QString* error);

} // namespace portolan
