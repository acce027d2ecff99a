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

QString Recovery::ownCopyPath() const
{
    return QDir(directory()).filePath(m_id + u".portolan"_s);
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

bool Recovery::ensureLocked()
{
    if (m_lock)
        return true;
    if (!QDir().mkpath(directory()))
        return false;
    auto lock = std::make_unique<QLockFile>(QDir(directory()).filePath(m_id + u".lock"_s));
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0))
        return false;
    m_lock = std::move(lock);
    return true;
}

bool Recovery::writeNow(QString* error)
{
    if (!m_controller.isModified()) {
        discardOwn();
        return true;
    }
    if (!ensureLocked()) {
        if (error)
            *error = u"%1: cannot create the recovery folder"_s.arg(directory());
        return false;
    }
    QString why;
    const QByteArray bytes = DesignFile::toJson(m_controller.document());
    if (!OutputFile::write(ownCopyPath(), bytes, &why)) {
        if (error)
            *error = why;
        return false;
    }
    const QJsonObject meta{{u"original"_s, m_controller.filePath()},
                           {u"name"_s, m_controller.document().info().name},
                           {u"written"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    const QString metaPath = QDir(directory()).filePath(m_id + u".json"_s);
    if (!OutputFile::write(metaPath, QJsonDocument(meta).toJson(), &why)) {
        if (error)
            *error = why;
        return false;
    }
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
    QFile::remove(ownCopyPath());
    QFile::remove(QDir(directory()).filePath(m_id + u".json"_s));
}

QList<Recovery::Copy> Recovery::orphans()
{
    QList<Copy> found;
    const QDir dir(directory());
    for (const QFileInfo& meta : dir.entryInfoList({u"*.json"_s}, QDir::Files, QDir::Time | QDir::Reversed)) {
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
        if (QFileInfo::exists(copy.copyPath))
            found << copy;
        else
            QFile::remove(copy.metaPath);
        lock.unlock();
    }
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
