// A design file on disk: opened as a regular file only (a pipe or a device is refused, never
// waited on), read whole within the size limit with room for the parser's padding, then handed to
// the reader (designreader.cpp); and the identity a design carries.
#include "designfile.h"

#include <QFile>
#include <QFileInfo>
#include <QUuid>
#include <simdjson.h>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace portolan::DesignFile {

QString newIdentity()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString identityFor(const QString& path)
{
    // A design written before designs had an identity gets one derived from where it lives, so
    // that exporting the same file twice gives the same rule group; it is written on the next save.
    const QString canonical = QFileInfo(path).canonicalFilePath();
    static const QUuid kNamespace = QUuid::fromString(u"6d1b7a0e-3f4c-5a8e-9b21-7c0f5e4d2a19");
    return QUuid::createUuidV5(kNamespace,
                               canonical.isEmpty() ? QFileInfo(path).absoluteFilePath() : canonical)
        .toString(QUuid::WithoutBraces);
}

bool load(Document& document, const QString& path, QString* error, QStringList* warnings)
{
    QFile file;
    QString why;
    if (!openRegularFile(file, path, &why)) {
        if (error)
            *error = u"%1: %2"_s.arg(path, why);
        return false;
    }
    if (file.size() > kMaxFileSize) {
        if (error)
            *error = u"%1: the file is %2 MB; designs larger than %3 MB are refused"_s.arg(
                path, QString::number(file.size() / (1024 * 1024)),
                QString::number(kMaxFileSize / (1024 * 1024)));
        return false;
    }
    // Read with room for the parser's padding after the end, so that it parses the bytes in place.
    QByteArray bytes;
    bytes.reserve(qsizetype(file.size()) + qsizetype(simdjson::SIMDJSON_PADDING));
    bytes.resize(qsizetype(file.size()));
    const qint64 got = file.read(bytes.data(), bytes.size());
    bytes.resize(qsizetype(std::max<qint64>(got, 0)));
    if (got >= 0 && file.error() == QFileDevice::NoError)
        bytes.append(file.read(kMaxFileSize + 1 - bytes.size())); // a file that grew since
    if (bytes.size() > kMaxFileSize) {
        if (error)
            *error =
                u"%1: larger than %2 MB; refused"_s.arg(path, QString::number(kMaxFileSize / (1024 * 1024)));
        return false;
    }
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error = u"%1: cannot read: %2"_s.arg(path, file.errorString());
        return false;
    }
    return loadBytes(document, bytes, path, error, warnings);
}

bool openRegularFile(QFile& file, const QString& path, QString* why)
{
    const auto refuse = [why](const QString& text) {
        if (why)
            *why = text;
        return false;
    };
#ifdef Q_OS_UNIX
    // Opened without blocking, then checked: a pipe with no writer must not hang us.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return refuse(u"cannot open: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno))));
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const bool folder = S_ISDIR(st.st_mode);
        ::close(fd);
        return refuse(folder ? u"is a folder, not a design file"_s
                             : u"is not a regular file (a pipe, a device or a socket); refused"_s);
    }
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return refuse(u"cannot open: %1"_s.arg(file.errorString()));
    }
    return true;
#else
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return refuse(info.isDir() ? u"is a folder, not a design file"_s
                                   : u"is not a regular file; refused"_s);
    file.setFileName(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(u"cannot open: %1"_s.arg(file.errorString()));
    return true;
#endif
}

} // namespace portolan::DesignFile
