#pragma once

#include "recovery.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

class QWidget;

namespace portolan {

class DesignController;

// The designer's side of "nothing lost": recovery copies and the offer to
// restore them after a crash, termination signals and logout, and the open
// file changing on disk under the user's feet. The main window owns one and
// asks it before saving over the open file.
class FileSafety : public QObject
{
    Q_OBJECT
public:
    FileSafety(DesignController& controller, QWidget* window);
    ~FileSafety() override;

    Recovery& recovery() { return *m_recovery; }

    // At start-up: offers each recovery copy left by a session that ended
    // without saving (restore, compare, discard or decide later).
    void offerRecoveredCopies();
    // Before File > Save writes over the open file: when another program
    // changed it since it was opened or saved, asks first. False: do not save.
    bool mayOverwriteOpenFile();
    // Whether the window may close without asking (a termination signal).
    bool quittingForSignal() const { return m_quittingForSignal; }
    // A clean close: the user saved or chose to discard; no copy is kept.
    void closedNormally();

Q_SIGNALS:
    void quitRequested();
    void reloadRequested();

private:
    void watch(const QString& path);
    void fileChanged();
    void terminate();
    bool compare(const QString& originalPath, const QString& copyPath, bool sameFile);
    enum class Binding
    {
        Unsaved,
        Bind,
        Cancel
    };
    // The copy's original is not the file it was made from: ask what to bind the restored design to.
    Binding askBinding(const Recovery::Copy& copy, Recovery::Original status);

    DesignController& m_controller;
    QWidget* m_window;
    Recovery* m_recovery;
    QFileSystemWatcher m_watcher;
    QTimer m_settle; // changes come in bursts (write, rename): look once they settle
    bool m_asking = false;
    bool m_quittingForSignal = false;
};

} // namespace portolan
