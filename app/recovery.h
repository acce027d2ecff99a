#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <memory>

class QLockFile;

namespace portolan {

class DesignController;

// Recovery copies of a modified design, as Inkscape and Tiled keep them: written
// after a minute without edits (QSettings "recovery/intervalSeconds"; 0 turns
// it off), never over the user's file, into a folder of their own beside the
// user's data (QStandardPaths::AppDataLocation/recovery, or
// PORTOLAN_RECOVERY_DIR). Each window's copy is held by a lock file while
// Portolan runs; a copy whose lock is free after a crash, a kill or a logout
// is an orphan, offered back at the next start.
class Recovery : public QObject
{
    Q_OBJECT
public:
    struct Copy
    {
        QString copyPath;     // the recovery copy (a .portolan file)
        QString metaPath;     // what it is a copy of
        QString originalPath; // the user's file, empty for a design never saved
        QString designName;
        QDateTime written;
    };

    explicit Recovery(DesignController& controller, QObject* parent = nullptr);
    ~Recovery() override;

    static QString directory();
    // Copies left by sessions that ended without saving, oldest first.
    static QList<Copy> orphans();
    static void discard(const Copy& copy);

    void setInterval(int seconds);
    int interval() const { return m_intervalSeconds; }
    // Writes a copy now when the design has unsaved changes; removes ours when it has none.
    bool writeNow(QString* error = nullptr);
    // Removes this session's copy (after a save, or when the user discards the changes).
    void discardOwn();
    QString ownCopyPath() const;
    // From now on the copy stays, whatever happens to the design on the way
    // out (the window tearing down clears the undo stack).
    void keepOnExit();

    // SIGTERM, SIGHUP and SIGINT become the terminationRequested() signal (Unix),
    // delivered in the event loop where a copy can be written safely.
    static void watchTerminationSignals();
    static Recovery* signalTarget();

Q_SIGNALS:
    void terminationRequested();
    void copyWritten(const QString& path);

private:
    void edited();
    bool ensureLocked();

    DesignController& m_controller;
    QString m_id;
    std::unique_ptr<QLockFile> m_lock;
    QTimer m_idle;
    QDateTime m_lastCopy;
    int m_intervalSeconds = 60;
};

} // namespace portolan
