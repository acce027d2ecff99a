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
        QString originalPath; // the user's file (absolute, canonical), empty for a design never saved
        QString designName;
        QDateTime written;
        QByteArray originalDigest; // SHA-256 of the user's file as it was last opened or saved
        QString originalIdentity;  // device and inode of that file (Unix), empty when unknown
    };

    // Whether a copy's original is still the file it was made from: the same
    // path, the same file (identity) and the content it had (digest).
    enum class Original
    {
        Same,      // bind the restored design to it
        None,      // a design never saved
        Changed,   // the same file, changed since it was last opened or saved
        Different, // another file at that place (or a note from an older Portolan, with a relative path)
        Missing,   // nothing there any more
    };
    static Original originalStatus(const Copy& copy);
    // "dev:inode" of an existing file, empty when there is none (or on Windows).
    static QString fileIdentity(const QString& path);

    explicit Recovery(DesignController& controller, QObject* parent = nullptr);
    ~Recovery() override;

    static QString directory();
    // Where a copy goes when directory() cannot be written, at a termination
    // signal: the temporary folder. orphans() looks in both.
    static QString fallbackDirectory();
    // Copies left by sessions that ended without saving, oldest first.
    static QList<Copy> orphans();
    static void discard(const Copy& copy);

    void setInterval(int seconds);
    int interval() const { return m_intervalSeconds; }
    // Writes a copy now when the design has unsaved changes; removes ours when it has none.
    bool writeNow(QString* error = nullptr);
    // As writeNow(), into the fallback folder when the recovery folder cannot
    // be written (a termination signal with unsaved edits). False: no copy anywhere.
    bool writeNowOrFallback(QString* error = nullptr);
    // Why the last copy could not be written; empty once one was.
    QString lastError() const { return m_lastError; }
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
    // A copy could not be written (read-only or full folder): the designer says so.
    void copyFailed(const QString& error);

private:
    void edited();
    bool ensureLocked(const QString& dir);
    bool writeInto(const QString& dir, QString* error);

    DesignController& m_controller;
    QString m_id;
    std::unique_ptr<QLockFile> m_lock;
    QString m_lockedDir; // the folder our lock and copy are in
    QString m_lastError;
    QTimer m_idle;
    QDateTime m_lastCopy;
    int m_intervalSeconds = 60;
};

} // namespace portolan
