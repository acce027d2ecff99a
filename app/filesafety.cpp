#include "filesafety.h"

#include "analysis/flowdiff.h"
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "designcontroller.h"
#include "diffdialog.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "recovery.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSessionManager>

using namespace Qt::StringLiterals;

namespace portolan {

FileSafety::FileSafety(DesignController& controller, QWidget* window)
    : QObject(window), m_controller(controller), m_window(window), m_recovery(new Recovery(controller, this))
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(300);
    connect(&m_settle, &QTimer::timeout, this, &FileSafety::fileChanged);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_settle, qOverload<>(&QTimer::start));
    connect(&controller, &DesignController::filePathChanged, this, &FileSafety::watch);
    connect(m_recovery, &Recovery::terminationRequested, this, &FileSafety::terminate);
    Recovery::watchTerminationSignals();
    // Logout: keep a recovery copy first; ask about unsaved changes only when
    // the session manager lets us interact.
    if (auto* app = qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        connect(app, &QGuiApplication::commitDataRequest, this, [this](QSessionManager& manager) {
            m_recovery->writeNow();
            if (!manager.allowsInteraction()) {
                m_recovery->keepOnExit();
                m_quittingForSignal = true;
            }
        });
}

FileSafety::~FileSafety() = default;

void FileSafety::watch(const QString& path)
{
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!path.isEmpty() && QFileInfo::exists(path))
        m_watcher.addPath(path);
}

void FileSafety::fileChanged()
{
    const QString path = m_controller.filePath();
    // Editors and sync clients replace a file by renaming a new one over it,
    // which ends the watch: watch the new file.
    watch(path);
    if (m_asking || path.isEmpty() || !m_controller.fileChangedOnDisk())
        return;
    m_asking = true;
    const QString name = QFileInfo(path).fileName();
    const bool gone = !QFileInfo::exists(path);
    QMessageBox box(QMessageBox::Warning, tr("File changed on disk"),
                    gone ? tr("%1 was removed or renamed by another program.").arg(name)
                         : tr("%1 was changed by another program.").arg(name),
                    QMessageBox::NoButton, m_window);
    box.setInformativeText(
        gone ? tr("Your design is still open. Save it to write the file again.")
        : m_controller.isModified()
            ? tr("Reload it and lose your unsaved changes, or keep your version? Saving your version "
                 "will ask before it replaces theirs.")
            : tr("Reload it to see their changes, or keep the version you have open?"));
    QPushButton* reload = gone ? nullptr : box.addButton(tr("&Reload"), QMessageBox::AcceptRole);
    QPushButton* keep = box.addButton(tr("&Keep Mine"), QMessageBox::RejectRole);
    box.setDefaultButton(m_controller.isModified() || !reload ? keep : reload);
    box.exec();
    m_asking = false;
    if (reload && box.clickedButton() == reload)
        Q_EMIT reloadRequested();
}

bool FileSafety::mayOverwriteOpenFile()
{
    const QString path = m_controller.filePath();
    if (path.isEmpty() || !QFileInfo::exists(path) || !m_controller.fileChangedOnDisk())
        return true;
    const auto answer = QMessageBox::warning(
        m_window, tr("File changed on disk"),
        tr("%1 was changed by another program since you opened it. Saving replaces their changes with "
           "yours.\n\nSave anyway? (Cancel, then use Save As to keep both.)")
            .arg(QFileInfo(path).fileName()),
        QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Cancel);
    return answer == QMessageBox::Save;
}

void FileSafety::terminate()
{
    // Logout, shutdown or `kill`: no time to ask. Keep a copy and quit; the next
    // start offers it back. When neither the recovery folder nor the temporary
    // folder takes a copy, the edits are not thrown away: the window asks as
    // at any close.
    QString error;
    if (!m_recovery->writeNowOrFallback(&error)) {
        qWarning("portolan: no recovery copy could be written, not quitting with unsaved changes: %s",
                 qPrintable(error));
        Q_EMIT quitRequested();
        return;
    }
    m_recovery->keepOnExit();
    m_quittingForSignal = true;
    Q_EMIT quitRequested();
}

void FileSafety::closedNormally()
{
    if (!m_quittingForSignal)
        m_recovery->discardOwn();
}

bool FileSafety::compare(const QString& originalPath, const QString& copyPath, bool sameFile)
{
    const Catalog& catalog = m_controller.document().catalog();
    Document original(catalog), copy(catalog);
    QString error;
    if (!DesignFile::load(copy, copyPath, &error)) {
        QMessageBox::critical(m_window, tr("Cannot read the recovery copy"), error);
        return false;
    }
    if (!originalPath.isEmpty() && QDir::isAbsolutePath(originalPath) &&
        !DesignFile::load(original, originalPath, &error)) {
        QMessageBox::warning(m_window, tr("Cannot read the saved file"),
                             tr("%1\nThe recovery copy is compared with an empty design.").arg(error));
    }
    const FlowEngine before(original), after(copy);
    DiffDialog dialog(
        diffFlows(buildFlowList(original, before), buildFlowList(copy, after)),
        originalPath.isEmpty() ? tr("nothing saved")
        : sameFile             ? QFileInfo(originalPath).fileName()
                   : tr("%1 (not the file the copy was made from)").arg(QFileInfo(originalPath).fileName()),
        tr("the recovery copy"), m_window);
    dialog.exec();
    return true;
}

FileSafety::Binding FileSafety::askBinding(const Recovery::Copy& copy, Recovery::Original status)
{
    const QString name = QFileInfo(copy.originalPath).fileName();
    QString what;
    switch (status) {
    case Recovery::Original::Changed:
        what = tr("%1 was changed since the copy was made: saving the restored design would replace those "
                  "changes.")
                   .arg(copy.originalPath);
        break;
    case Recovery::Original::Missing:
        what = tr("%1 is no longer there.").arg(copy.originalPath);
        break;
    default:
        what = tr("%1 is not the file the copy was made from (another file, or a copy written by an "
                  "older Portolan that did not keep the full path).")
                   .arg(copy.originalPath);
        break;
    }
    QMessageBox box(QMessageBox::Warning, tr("Restore into which file?"), what, QMessageBox::NoButton,
                    m_window);
    box.setInformativeText(tr("Restore as an unsaved design (Save As chooses the file), or restore in "
                              "place of %1 so that Save writes over it?")
                               .arg(name));
    QPushButton* unsaved = box.addButton(tr("Restore as &Unsaved Design"), QMessageBox::AcceptRole);
    QPushButton* bind = box.addButton(tr("Restore in Place of %1").arg(name), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(unsaved);
    box.exec();
    if (box.clickedButton() == unsaved)
        return Binding::Unsaved;
    if (box.clickedButton() == bind)
        return Binding::Bind;
    return Binding::Cancel;
}

void FileSafety::offerRecoveredCopies()
{
    for (const Recovery::Copy& copy : Recovery::orphans()) {
        const QString file = copy.originalPath.isEmpty() ? tr("a design that was never saved")
                                                         : QFileInfo(copy.originalPath).fileName();
        for (;;) {
            QMessageBox box(QMessageBox::Question, tr("Recover unsaved changes"),
                            tr("Portolan ended without saving your changes to the design “%1” (%2).")
                                .arg(copy.designName.isEmpty() ? tr("Untitled") : copy.designName, file),
                            QMessageBox::NoButton, m_window);
            box.setInformativeText(
                tr("A recovery copy was written %1. Restore it to continue where you were; your saved "
                   "file is not changed until you save.")
                    .arg(QLocale().toString(copy.written, QLocale::ShortFormat)));
            QPushButton* restore = box.addButton(tr("&Restore"), QMessageBox::AcceptRole);
            QPushButton* compareButton = box.addButton(tr("&Compare..."), QMessageBox::ActionRole);
            QPushButton* discard = box.addButton(tr("&Discard"), QMessageBox::DestructiveRole);
            box.addButton(tr("Decide &Later"), QMessageBox::RejectRole);
            box.setDefaultButton(restore);
            box.exec();
            if (m_quittingForSignal)
                return; // a termination signal closed the question: nothing chosen
            const Recovery::Original status = Recovery::originalStatus(copy);
            if (box.clickedButton() == compareButton) {
                compare(copy.originalPath, copy.copyPath,
                        status == Recovery::Original::Same || status == Recovery::Original::None);
                continue;
            }
            if (box.clickedButton() == restore) {
                QString bindTo = copy.originalPath;
                if (status != Recovery::Original::Same && status != Recovery::Original::None) {
                    const auto answer = askBinding(copy, status);
                    if (answer == Binding::Cancel)
                        continue;
                    if (answer == Binding::Unsaved)
                        bindTo.clear();
                }
                QString error;
                if (!m_controller.restore(copy.copyPath, bindTo, &error)) {
                    QMessageBox::critical(m_window, tr("Cannot restore"), error);
                    break;
                }
                // Ours now: written again under this session before the orphan goes.
                if (m_recovery->writeNow())
                    Recovery::discard(copy);
                return; // one design per window; further copies are offered at the next start
            }
            if (box.clickedButton() == discard) {
                const auto sure =
                    QMessageBox::warning(m_window, tr("Discard recovered changes"),
                                         tr("The unsaved changes to %1 will be lost for good.").arg(file),
                                         QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel);
                if (sure != QMessageBox::Discard)
                    continue;
                Recovery::discard(copy);
            }
            break;
        }
    }
}

} // namespace portolan
