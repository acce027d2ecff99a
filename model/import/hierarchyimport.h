#pragma once

#include "hierarchy.h"

#include <QByteArray>
#include <QString>

namespace portolan {

class Document;

// Brings an existing hierarchy in: the collector's JSON
// (docs/hierarchy-import.md, written by tools/collect-hierarchy.ps1) or a
// CSV of the site system role list. Errors read "FILE: PLACE: what is wrong"
// (PLACE a JSON path or a CSV line); what cannot be mapped goes to the report.
namespace HierarchyImport {

inline constexpr qint64 kMaxFileSize = 64 * 1024 * 1024;

bool readCollection(const QByteArray& bytes, const QString& label, Hierarchy* hierarchy, ImportReport* report,
                    QString* error);
bool readRoleCsv(const QByteArray& bytes, const QString& label, Hierarchy* hierarchy, ImportReport* report,
                 QString* error);

// Reads either kind of file (a JSON object is the collector's, anything else
// is taken for CSV), builds and lays out the design in `document`. On failure
// the document is untouched.
bool importFile(Document& document, const QString& path, ImportReport* report, QString* error);
bool importBytes(Document& document, const QByteArray& bytes, const QString& label, ImportReport* report,
                 QString* error);

} // namespace HierarchyImport

} // namespace portolan
