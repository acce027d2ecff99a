#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QFile;

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

// A new design identity (DesignInfo::id), and the one a file without an identity is read with:
// derived from the file's canonical path, so that the same file always exports alike.
QString newIdentity();
QString identityFor(const QString& path);

// Opens a file for reading only when it is a regular file: a pipe, a device,
// a socket or a folder is refused at once (*why says which), never waited on.
bool openRegularFile(QFile& file, const QString& path, QString* why);

// Serialises the document. save() first reads the bytes back (a design that
// would not open again is never written), then replaces the file through
// OutputFile: complete or not at all, the old file intact on any failure.
QByteArray toJson(const Document& document);
bool save(const Document& document, const QString& path, QString* error);

} // namespace DesignFile

} // namespace portolan
