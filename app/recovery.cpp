#include "recovery.h"

#include "design/designfile.h"
#include "designcontroller.h"
#include "io/outputfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSettings>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QUuid>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

Recovery* g_signalTarget = nullptr;

#ifdef Q_OS_UNIX
int g_signalPipe[2] = {-1, -1};

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[0], &byte, 1);
}
#endif

} // namespace

Recovery::Recovery(DesignController& controller, QObject* parent)
    : QObject(parent), m_controller(controller), m_id(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_intervalSeconds = QSettings().value(u"recovery/intervalSeconds"_s, 60).toInt();
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] { writeNow(); });
    connect(&controller.undoStack(), &QUndoStack::indexChanged, this, &Recovery::edited);
    connect(&controller.undoStack(), &QUndoStack::cleanChanged, this, [this](bool clean) {
        if (clean)
            discardOwn();
    });
    g_signalTarget = this;
}

Recovery::~Recovery()
{
    if (g_signalTarget == this)
        g_signalTarget = nullptr;
}

QString Recovery::directory()
{
    const QString forced = qEnvironmentVariable("PORTOLAN_RECOVERY_DIR");
    if (!forced.isEmpty())
        return forced;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/recovery"_s;
}

QString Recovery::fallbackDirectory()
{
    return QDir(QDir::tempPath()).filePath(u"portolan-recovery"_s);
}

QString Recovery::ownCopyPath() const
{
    return QDir(m_lockedDir.isEmpty() ? directory() : m_lockedDir).filePath(m_id + u".portolan"_s);
}

QString Recovery::fileIdentity(const QString& path)
{
#ifdef Q_OS_UNIX
    struct stat st = {};
    if (path.isEmpty() || ::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return u"%1:%2"_s.arg(quint64(st.st_dev)).arg(quint64(st.st_ino));
#else
    Q_UNUSED(path);
    return {};
#endif
}

Recovery::Original Recovery::originalStatus(const Copy& copy)
{
    if (copy.originalPath.isEmpty())
        return Original::None;
    // A note from before absolute paths: relative to a folder nobody knows any more.
    if (QDir::isRelativePath(copy.originalPath))
        return Original::Different;
    const QFileInfo info(copy.originalPath);
    if (!info.exists())
        return Original::Missing;
    const QString identity = fileIdentity(copy.originalPath);
    if (!copy.originalIdentity.isEmpty() && identity != copy.originalIdentity)
        return Original::Different;
    if (DesignController::fileDigest(copy.originalPath) != copy.originalDigest)
        return copy.originalIdentity.isEmpty() ? Original::Different : Original::Changed;
    return Original::Same;
}

void Recovery::setInterval(int seconds)
{
    m_intervalSeconds = qMax(0, seconds);
    if (m_intervalSeconds == 0)
        m_idle.stop();
}

void Recovery::edited()
{
    if (m_intervalSeconds <= 0 || !m_controller.isModified())
        return;
    // A minute after the last edit; a user who never pauses still gets a copy every five minutes.
    const bool overdue =
        m_lastCopy.isValid() && m_lastCopy.secsTo(QDateTime::currentDateTime()) > 5 * m_intervalSeconds;
    if (overdue) {
        writeNow();
        return;
    }
    m_idle.start(m_intervalSeconds * 1000);
}

bool Recovery::ensureLocked(const QString& dir)
{
    if (m_lock && m_lockedDir == dir)
        return true;
    if (!QDir().mkpath(dir))
        return false;
    auto lock = std::make_unique<QLockFile>(QDir(dir).filePath(m_id + u".lock"_s));
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0))
        return false;
    // Moving to another folder: the copy there (if any) is replaced by the new one.
    if (m_lock)
        discardOwn();
    m_lock = std::move(lock);
    m_lockedDir = dir;
    return true;
}

bool Recovery::writeInto(const QString& dir, QString* error)
{
    if (!ensureLocked(dir)) {
        *error = u"%1: cannot create the recovery folder"_s.arg(dir);
        return false;
    }
    const QByteArray bytes = DesignFile::toJson(m_controller.document());
    if (!OutputFile::write(ownCopyPath(), bytes, error))
        return false;
    // Absolute and canonical: a copy restored by a designer started from
    // another folder must not bind to another file of the same relative name.
    const QString path = m_controller.filePath();
    QString original;
    if (!path.isEmpty()) {
        const QFileInfo info(path);
        original = info.exists() ? info.canonicalFilePath() : info.absoluteFilePath();
    }
    const QJsonObject meta{{u"original"_s, original},
                           {u"originalSha256"_s, QString::fromLatin1(m_controller.diskDigest().toHex())},
                           {u"originalIdentity"_s, fileIdentity(original)},
                           {u"name"_s, m_controller.document().info().name},
                           {u"written"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    const QString metaPath = QDir(dir).filePath(m_id + u".json"_s);
    return OutputFile::write(metaPath, QJsonDocument(meta).toJson(), error);
}

bool Recovery::writeNow(QString* error)
{
    if (!m_controller.isModified()) {
        discardOwn();
        return true;
    }
    QString why;
    if (!writeInto(directory(), &why)) {
        if (error)
            *error = why;
        m_lastError = why;
        Q_EMIT copyFailed(why);
        return false;
    }
    m_lastError.clear();
    m_lastCopy = QDateTime::currentDateTime();
    Q_EMIT copyWritten(ownCopyPath());
    return true;
}

bool Recovery::writeNowOrFallback(QString* error)
{
    QString why;
    if (writeNow(&why))
        return true;
    QString fallbackWhy;
    if (!writeInto(fallbackDirectory(), &fallbackWhy)) {
        if (error)
            *error = why + u'\n' + fallbackWhy;
        return false;
    }
    m_lastError.clear();
    m_lastCopy = QDateTime::currentDateTime();
    Q_EMIT copyWritten(ownCopyPath());
    return true;
}

void Recovery::keepOnExit()
{
    m_idle.stop();
    disconnect(&m_controller.undoStack(), nullptr, this, nullptr);
}

void Recovery::discardOwn()
{
    m_idle.stop();
    const QDir dir(m_lockedDir.isEmpty() ? directory() : m_lockedDir);
    QFile::remove(dir.filePath(m_id + u".portolan"_s));
    QFile::remove(dir.filePath(m_id + u".json"_s));
}

QList<Recovery::Copy> Recovery::orphans()
{
    QList<Copy> found;
    QStringList folders{directory()};
    if (QFileInfo(fallbackDirectory()).canonicalFilePath() != QFileInfo(directory()).canonicalFilePath())
        folders << fallbackDirectory();
    for (const QString& folder : folders) {
        const QDir dir(folder);
        for (const QFileInfo& meta :
             dir.entryInfoList({u"*.json"_s}, QDir::Files, QDir::Time | QDir::Reversed)) {
            const QString id = meta.completeBaseName();
            // A lock that another running Portolan holds is not ours to take; a
            // lock left by a process that is gone is stale and taken over.
            QLockFile lock(dir.filePath(id + u".lock"_s));
            lock.setStaleLockTime(0); // by its process only, never by its age
            if (!lock.tryLock(0))
                continue;
            QFile file(meta.filePath());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QJsonObject o = QJsonDocument::fromJson(file.read(1 << 16)).object();
            Copy copy;
            copy.copyPath = dir.filePath(id + u".portolan"_s);
            copy.metaPath = meta.filePath();
            copy.originalPath = o.value(u"original").toString();
            copy.designName = o.value(u"name").toString();
            copy.written = QDateTime::fromString(o.value(u"written").toString(), Qt::ISODate).toLocalTime();
            copy.originalDigest = QByteArray::fromHex(o.value(u"originalSha256").toString().toLatin1());
            copy.originalIdentity = o.value(u"originalIdentity").toString();
            if (QFileInfo::exists(copy.copyPath))
                found << copy;
            else
                QFile::remove(copy.metaPath);
            lock.unlock();
        }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Copy& a, const Copy& b) { return a.written < b.written; });
    return found;
}

void Recovery::discard(const Copy& copy)
{
    QFile::remove(copy.copyPath);
    QFile::remove(copy.metaPath);
}

void Recovery::watchTerminationSignals()
{
#ifdef Q_OS_UNIX
    if (g_signalPipe[0] >= 0)
        return;
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) != 0)
        return;
    auto* notifier =
        new QSocketNotifier(g_signalPipe[1], QSocketNotifier::Read, QCoreApplication::instance());
    QObject::connect(notifier, &QSocketNotifier::activated, notifier, [] {
        char byte;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[1], &byte, 1);
        if (g_signalTarget)
            Q_EMIT g_signalTarget->terminationRequested();
        else
            QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int sig : {SIGTERM, SIGHUP, SIGINT})
        ::sigaction(sig, &action, nullptr);
#endif
}

Recovery* Recovery::signalTarget()
{
    return g_signalTarget;
}

} // namespace portolan
