#include "outputfile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QStorageInfo>

#include <filesystem>
#include <system_error>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace portolan::OutputFile {

namespace {

bool fail(QString* error, const QString& text)
{
    if (error)
        *error = text;
    return false;
}

// Follows a chain of symbolic links to the path it ends at, which need not exist yet.
QString resolveLinks(const QString& path, QString* error)
{
    QString current = QFileInfo(path).absoluteFilePath();
    for (int hops = 0; hops < 40; ++hops) {
        const QFileInfo info(current);
        if (!info.isSymLink())
            return current;
        current = info.symLinkTarget();
        if (current.isEmpty())
            break;
    }
    fail(error, u"%1: cannot write: the symbolic link cannot be followed"_s.arg(path));
    return {};
}

// Hands every write on to the file whole. A write to a nearly full disk can
// be cut short without an error (Qt reports the bytes that fit); writers such
// as the PDF and PNG encoders do not look at the count. Writing the rest here
// turns the short write into the error it is, and QSaveFile then refuses to
// commit.
class WholeWrites : public QIODevice
{
public:
    explicit WholeWrites(QSaveFile& file) : m_file(file) { open(QIODevice::WriteOnly | QIODevice::Unbuffered); }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 length) override
    {
        for (qint64 done = 0; done < length;) {
            const qint64 n = m_file.write(data + done, length - done);
            if (n <= 0) {
                setErrorString(m_file.errorString());
                return -1;
            }
            done += n;
        }
        return length;
    }

private:
    QSaveFile& m_file;
};

// Qt sometimes has no text for a write that ran out of room ("Unknown error"):
// say what the disk says.
QString writeErrorText(const QSaveFile& file, const QString& target)
{
    const QStorageInfo disk(QFileInfo(target).absolutePath());
    if (disk.isValid() && disk.bytesAvailable() < 64 * 1024)
        return u"the disk is full (%1 KB free)"_s.arg(disk.bytesAvailable() / 1024);
    return file.errorString();
}

} // namespace

bool sameFile(const QString& a, const QString& b)
{
    std::error_code ec;
    const bool same = std::filesystem::equivalent(QFile::encodeName(a).toStdString(),
                                                  QFile::encodeName(b).toStdString(), ec);
    return !ec && same;
}

QString checkTarget(const QString& path, const QStringList& inputs, QString* error)
{
    if (path.isEmpty()) {
        fail(error, u"no output file given"_s);
        return {};
    }
    const QString target = resolveLinks(path, error);
    if (target.isEmpty())
        return {};
    const QFileInfo info(target);
    if (info.exists()) {
        if (info.isDir()) {
            fail(error, u"%1: cannot write: it is a folder, not a file"_s.arg(path));
            return {};
        }
        if (!info.isFile()) {
            fail(error,
                 u"%1: cannot write: it is a device, a pipe or a socket, not a regular file"_s.arg(path));
            return {};
        }
        // The permission bits count even for root: a file marked read-only stays as it is.
        const auto writable = QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;
        if (!info.isWritable() || !(info.permissions() & writable)) {
            fail(error, u"%1: cannot write: the file is read-only; it was left as it is"_s.arg(path));
            return {};
        }
        for (const QString& input : inputs)
            if (!input.isEmpty() && sameFile(target, input)) {
                fail(error,
                     u"%1: cannot write: it is the input %2, which the output would destroy; choose another "
                     u"output file"_s.arg(path, input));
                return {};
            }
    }
    const QFileInfo folder(info.absolutePath());
    if (!folder.isDir()) {
        fail(error, u"%1: cannot write: the folder %2 does not exist"_s.arg(
                        path, QDir::toNativeSeparators(folder.filePath())));
        return {};
    }
    return target;
}

bool write(const QString& path, const Producer& producer, QString* error, const QStringList& inputs)
{
    const QString target = checkTarget(path, inputs, error);
    if (target.isEmpty())
        return false;
    QSaveFile file(target);
    file.setDirectWriteFallback(false);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, u"%1: cannot write: %2"_s.arg(path, file.errorString()));
    QString why;
    WholeWrites device(file);
    const bool produced = producer(device, &why);
    device.close();
    if (!produced) {
        // A failed write (a full disk) explains more than what the producer saw of it.
        const bool writeFailed = file.error() != QFileDevice::NoError || why.isEmpty();
        const QString reason = writeFailed ? u"cannot write: "_s + writeErrorText(file, target) : why;
        file.cancelWriting();
        return fail(error, u"%1: %2; the previous file is unchanged"_s.arg(path, reason));
    }
    // QSaveFile::commit() does not notice a failure of its own final flush (a
    // full disk) and renames the truncated file over the old one: flush and
    // sync here, where the errors are seen, before the rename.
    if (!file.flush() || file.error() != QFileDevice::NoError) {
        const QString reason = writeErrorText(file, target);
        file.cancelWriting();
        return fail(error, u"%1: cannot write: %2; the previous file is unchanged"_s.arg(path, reason));
    }
#ifdef Q_OS_UNIX
    if (::fsync(file.handle()) != 0 && errno != EINVAL && errno != EROFS) {
        const QString reason = QString::fromLocal8Bit(std::strerror(errno));
        file.cancelWriting();
        return fail(error, u"%1: cannot write: %2; the previous file is unchanged"_s.arg(path, reason));
    }
#endif
    if (!file.commit())
        return fail(error,
                    u"%1: cannot write: %2; the previous file is unchanged"_s.arg(path, file.errorString()));
    return true;
}

bool write(const QString& path, const QByteArray& bytes, QString* error, const QStringList& inputs)
{
    return write(
        path, [&bytes](QIODevice& device, QString*) { return device.write(bytes) == bytes.size(); }, error,
        inputs);
}

} // namespace portolan::OutputFile
