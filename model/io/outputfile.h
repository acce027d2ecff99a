#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>

class QIODevice;

namespace portolan {

// Every file Portolan writes (designs, exports, diagrams, recovery copies)
// goes through here, so that a file is either written completely or left as
// it was. The target is checked first: a folder, a device, a pipe or a socket,
// a read-only file, or one of the inputs being read (the design being
// exported) is refused with a message naming it. A symbolic link is written
// through to the file it points to. The content goes to a temporary file
// created beside the target with a random name (O_EXCL, mode 0600, so nothing
// planted in the folder is written through), every write, the flush and the
// sync to disk are checked, and only then is it renamed over the target.
namespace OutputFile {

// Producers write the whole content to the device and return false (with
// *error set) to abandon the file.
using Producer = std::function<bool(QIODevice& device, QString* error)>;

// The file a write to `path` would replace (symbolic links followed), or an
// empty string with *error saying why nothing may be written there.
QString checkTarget(const QString& path, const QStringList& inputs, QString* error);

bool write(const QString& path, const Producer& producer, QString* error, const QStringList& inputs = {});
bool write(const QString& path, const QByteArray& bytes, QString* error, const QStringList& inputs = {});

// Whether two paths name the same file (hard and symbolic links included).
bool sameFile(const QString& a, const QString& b);

} // namespace OutputFile

} // namespace portolan
