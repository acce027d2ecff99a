#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace portolan {

class Document;

// The .portolan file format (docs/file-format.md): JSON with a format name and
// a version at the top.
namespace DesignFile {

inline constexpr int kVersion = 1;
inline constexpr qint64 kMaxFileSize = 64 * 1024 * 1024;

// Reads and validates a design. On success replaces the document's content
// and returns true; unknown fields and suspicious values become warnings.
// On failure the document is untouched and *error reads
// "FILE: PLACE: what is wrong" with PLACE a JSON path such as $.servers[3].address.
bool load(Document& document, const QString& path, QString* error, QStringList* warnings = nullptr);
bool loadBytes(Document& document, const QByteArray& bytes, const QString& label, QString* error,
               QStringList* warnings = nullptr);

// Serialises the document; save() replaces the file atomically (QSaveFile),
// so a crash mid-save never leaves a truncated design.
QByteArray toJson(const Document& document);
bool save(const Document& document, const QString& path, QString* error);

} // namespace DesignFile

} // namespace portolan
