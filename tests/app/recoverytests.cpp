// Work survives a crash: a real designer process (recovery_child) is killed
// with SIGKILL after its idle-time copy, or sent SIGTERM as at logout; the next
// start finds the copy, and restoring it gives back the edits, unsaved, in
// place of the user's file.
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"
#include "designcontroller.h"
#include "filesafety.h"
#include "mainwindow.h"
#include "recovery.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

class RecoveryTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_recoveryDir = m_dir.filePath(u"recovery"_s);
        qputenv("PORTOLAN_RECOVERY_DIR", m_recoveryDir.toLocal8Bit());
        m_design = m_dir.filePath(u"design.portolan"_s);
        ASSERT_TRUE(QFile::copy(QStringLiteral(PORTOLAN_EXAMPLES "/lab.portolan"), m_design));
        QFile original(m_design);
        ASSERT_TRUE(original.open(QIODevice::ReadOnly));
        m_originalBytes = original.readAll();
    }
    void TearDown() override
    {
        qunsetenv("PORTOLAN_RECOVERY_DIR");
        if (m_oldTmp.isEmpty())
            qunsetenv("TMPDIR");
        else
            qputenv("TMPDIR", m_oldTmp);
    }
    // The fallback folder for copies is the temporary folder: one of the test's own.
    void privateTemp()
    {
        m_oldTmp = qgetenv("TMPDIR");
        ASSERT_TRUE(QDir().mkpath(m_dir.filePath(u"tmp"_s)));
        qputenv("TMPDIR", m_dir.filePath(u"tmp"_s).toLocal8Bit());
    }
    // A recovery folder that cannot be made, even by root: its parent is a file.
    void unwritableRecoveryFolder()
    {
        QFile blocker(m_dir.filePath(u"not-a-folder"_s));
        ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
        m_recoveryDir = blocker.fileName() + u"/recovery"_s;
        qputenv("PORTOLAN_RECOVERY_DIR", m_recoveryDir.toLocal8Bit());
    }
    void waitForCopy()
    {
        QElapsedTimer waited;
        waited.start();
        while (QDir(m_recoveryDir).entryList({u"*.json"_s}).isEmpty() && waited.elapsed() < 60000)
            QThread::msleep(50);
        ASSERT_FALSE(QDir(m_recoveryDir).entryList({u"*.json"_s}).isEmpty())
            << "no recovery copy was written";
    }

    void startChild(QProcess& child, const QString& mode, const QString& design = {},
                    const QString& workingDirectory = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PORTOLAN_RECOVERY_DIR"_s, m_recoveryDir);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"TMPDIR"_s, m_dir.filePath(u"tmp"_s));
        child.setProcessEnvironment(env);
        if (!workingDirectory.isEmpty())
            child.setWorkingDirectory(workingDirectory);
        child.start(QStringLiteral(RECOVERY_CHILD), {mode, design.isEmpty() ? m_design : design});
        ASSERT_TRUE(child.waitForStarted(30000));
        QByteArray out;
        QElapsedTimer waited;
        waited.start();
        while (!out.contains("ready") && waited.elapsed() < 60000 && child.state() == QProcess::Running)
            if (child.waitForReadyRead(1000))
                out += child.readAllStandardOutput();
        ASSERT_TRUE(out.contains("ready")) << child.readAllStandardError().constData();
    }

    // The copy found at the next start holds the edit; restored, it is unsaved
    // and stands for the user's file, which is untouched.
    void expectRecoveredEdit()
    {
        const QList<Recovery::Copy> found = Recovery::orphans();
        ASSERT_EQ(found.size(), 1);
        EXPECT_EQ(QFileInfo(found.first().originalPath), QFileInfo(m_design));
        EXPECT_EQ(found.first().designName, u"Edited before the end"_s);
        DesignController next;
        QString error;
        ASSERT_TRUE(next.restore(found.first().copyPath, found.first().originalPath, &error))
            << qPrintable(error);
        EXPECT_EQ(next.document().info().name, u"Edited before the end"_s);
        EXPECT_TRUE(next.isModified());
        EXPECT_EQ(QFileInfo(next.filePath()), QFileInfo(m_design));
        QFile original(m_design);
        ASSERT_TRUE(original.open(QIODevice::ReadOnly));
        EXPECT_EQ(original.readAll(), m_originalBytes);
        // Saved, the work is in the user's file and the copy can go.
        ASSERT_TRUE(next.save(m_design, &error)) << qPrintable(error);
        Recovery::discard(found.first());
        EXPECT_TRUE(Recovery::orphans().isEmpty());
    }

    QTemporaryDir m_dir;
    QByteArray m_oldTmp;
    QString m_recoveryDir;
    QString m_design;
    QByteArray m_originalBytes;
};

} // namespace

TEST_F(RecoveryTest, KillDashNineAfterAnIdleCopyLosesNothing)
{
    QProcess child;
    startChild(child, u"crash"_s);
    // The idle-time copy appears; while its session runs, it is nobody's orphan.
    QElapsedTimer waited;
    waited.start();
    // The description (.json) is written after the copy: once it is there, both
    // are. Generous limits: a loaded machine runs the child slowly.
    while (QDir(m_recoveryDir).entryList({u"*.json"_s}).isEmpty() && waited.elapsed() < 60000)
        QThread::msleep(50);
    ASSERT_FALSE(QDir(m_recoveryDir).entryList({u"*.json"_s}).isEmpty()) << "no recovery copy was written";
    EXPECT_TRUE(Recovery::orphans().isEmpty()) << "the copy of a running session was offered";
    child.kill(); // SIGKILL: no handler runs
    ASSERT_TRUE(child.waitForFinished(10000));
    EXPECT_EQ(child.exitStatus(), QProcess::CrashExit);
    expectRecoveredEdit();
}

TEST_F(RecoveryTest, SigtermKeepsACopyAndQuitsWithoutAsking)
{
    QProcess child;
    startChild(child, u"term"_s);
    // Copies on a timer are off in this mode: nothing is on disk until the signal.
    EXPECT_TRUE(QDir(m_recoveryDir).entryList({u"*.portolan"_s}).isEmpty());
    child.terminate(); // SIGTERM, as at logout or shutdown
    ASSERT_TRUE(child.waitForFinished(60000)) << "the designer did not quit on SIGTERM (a dialog?)";
    EXPECT_EQ(child.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(child.exitCode(), 0);
    expectRecoveredEdit();
}

// Issue 24: a designer started from folder a edits t1/lab.portolan and is
// killed; started again from folder b, which has its own t1/lab.portolan, the
// copy still names a's file, and b's file is never taken for it.
TEST_F(RecoveryTest, ACopyNamesItsFileWhereverTheDesignerStartsAgain)
{
    const QDir root(m_dir.path());
    for (const char* folder : {"a/t1", "b/t1"})
        ASSERT_TRUE(root.mkpath(QString::fromLatin1(folder)));
    const QString aFile = root.filePath(u"a/t1/lab.portolan"_s),
                  bFile = root.filePath(u"b/t1/lab.portolan"_s);
    ASSERT_TRUE(QFile::copy(m_design, aFile));
    ASSERT_TRUE(QFile::copy(m_design, bFile));
    QProcess child;
    startChild(child, u"crash"_s, u"t1/lab.portolan"_s, root.filePath(u"a"_s));
    waitForCopy();
    child.kill();
    ASSERT_TRUE(child.waitForFinished(10000));
    QDir::setCurrent(root.filePath(u"b"_s));
    const QList<Recovery::Copy> found = Recovery::orphans();
    QDir::setCurrent(root.path());
    ASSERT_EQ(found.size(), 1);
    const Recovery::Copy copy = found.first();
    EXPECT_TRUE(QDir::isAbsolutePath(copy.originalPath)) << qPrintable(copy.originalPath);
    EXPECT_EQ(copy.originalPath, QFileInfo(aFile).canonicalFilePath());
    EXPECT_EQ(Recovery::originalStatus(copy), Recovery::Original::Same);
    // The same content at that place, but another file (a copy of b's renamed over a's): not the same.
    const QString moved = root.filePath(u"a/t1/moved.portolan"_s);
    ASSERT_TRUE(QFile::copy(bFile, moved));
    ASSERT_EQ(::rename(QFile::encodeName(moved).constData(), QFile::encodeName(aFile).constData()), 0);
    EXPECT_EQ(Recovery::originalStatus(copy), Recovery::Original::Different);
    // A note from an older Portolan, with the path as typed: never taken for whatever is there now.
    Recovery::Copy old = copy;
    old.originalPath = u"t1/lab.portolan"_s;
    old.originalIdentity.clear();
    old.originalDigest.clear();
    EXPECT_EQ(Recovery::originalStatus(old), Recovery::Original::Different);
}

TEST_F(RecoveryTest, TheSameFileChangedSinceTheCopyIsNoticed)
{
    DesignController c;
    Recovery recovery(c);
    QString error;
    ASSERT_TRUE(c.open(m_design, &error, nullptr));
    DesignInfo info = c.document().info();
    info.name = u"Renamed"_s;
    c.editDesign(info, c.document().options(), u"Rename"_s);
    ASSERT_TRUE(recovery.writeNow(&error)) << qPrintable(error);
    recovery.keepOnExit();
    // Our own session's copy is not an orphan: read its note through another id.
    QList<Recovery::Copy> found;
    {
        QFile note(QDir(m_recoveryDir).entryInfoList({u"*.json"_s}).first().filePath());
        ASSERT_TRUE(QFile::copy(note.fileName(), m_recoveryDir + u"/other.json"_s));
        ASSERT_TRUE(QFile::copy(recovery.ownCopyPath(), m_recoveryDir + u"/other.portolan"_s));
        found = Recovery::orphans();
    }
    ASSERT_EQ(found.size(), 1);
    EXPECT_EQ(Recovery::originalStatus(found.first()), Recovery::Original::Same);
    {
        QFile file(m_design);
        ASSERT_TRUE(file.open(QIODevice::Append));
        file.write("\n");
    }
    EXPECT_EQ(Recovery::originalStatus(found.first()), Recovery::Original::Changed);
    ASSERT_TRUE(QFile::remove(m_design));
    EXPECT_EQ(Recovery::originalStatus(found.first()), Recovery::Original::Missing);
}

// Issue 24: with the recovery folder unwritable, the failure is said in the
// status bar and again when the user saves.
TEST_F(RecoveryTest, ACopyThatCannotBeWrittenIsSaid)
{
    unwritableRecoveryFolder();
    MainWindow window;
    ASSERT_TRUE(window.openDesign(m_design));
    DesignController& c = window.controller();
    DesignInfo info = c.document().info();
    info.name = u"Renamed"_s;
    c.editDesign(info, c.document().options(), u"Rename"_s);
    QString error;
    EXPECT_FALSE(window.safety().recovery().writeNow(&error));
    EXPECT_TRUE(window.statusBar()->currentMessage().contains(u"No recovery copy"_s))
        << qPrintable(window.statusBar()->currentMessage());
    window.statusBar()->clearMessage();
    ASSERT_TRUE(window.save());
    EXPECT_TRUE(window.statusBar()->currentMessage().contains(u"recovery copies cannot be written"_s))
        << qPrintable(window.statusBar()->currentMessage());
}

// Issue 24: SIGTERM with unsaved edits and an unwritable recovery folder
// writes the copy into the temporary folder, where the next start finds it.
TEST_F(RecoveryTest, SigtermFallsBackToTheTemporaryFolder)
{
    privateTemp();
    unwritableRecoveryFolder();
    QProcess child;
    startChild(child, u"term"_s);
    child.terminate();
    ASSERT_TRUE(child.waitForFinished(60000)) << "the designer did not quit on SIGTERM (a dialog?)";
    EXPECT_EQ(child.exitStatus(), QProcess::NormalExit);
    const QList<Recovery::Copy> found = Recovery::orphans();
    ASSERT_EQ(found.size(), 1) << "the edits were lost";
    EXPECT_TRUE(found.first().copyPath.startsWith(Recovery::fallbackDirectory()));
    EXPECT_EQ(found.first().designName, u"Edited before the end"_s);
    Recovery::discard(found.first());
}

TEST_F(RecoveryTest, SavingOrDiscardingRemovesTheCopy)
{
    DesignController c;
    Recovery recovery(c);
    QString error;
    ASSERT_TRUE(c.open(m_design, &error, nullptr));
    DesignInfo info = c.document().info();
    info.name = u"Renamed"_s;
    c.editDesign(info, c.document().options(), u"Rename"_s);
    ASSERT_TRUE(recovery.writeNow(&error)) << qPrintable(error);
    ASSERT_TRUE(QFileInfo::exists(recovery.ownCopyPath()));
    // The copy is a design that opens, never written over the user's file.
    Document copy(Catalog::builtin());
    ASSERT_TRUE(DesignFile::load(copy, recovery.ownCopyPath(), &error)) << qPrintable(error);
    EXPECT_EQ(copy.info().name, u"Renamed"_s);
    QFile original(m_design);
    ASSERT_TRUE(original.open(QIODevice::ReadOnly));
    EXPECT_EQ(original.readAll(), m_originalBytes);
    ASSERT_TRUE(c.save(m_design, &error));
    EXPECT_FALSE(QFileInfo::exists(recovery.ownCopyPath())) << "a saved design keeps no recovery copy";
    c.undoStack().undo();
    ASSERT_TRUE(recovery.writeNow(&error));
    EXPECT_TRUE(QFileInfo::exists(recovery.ownCopyPath()));
    c.undoStack().redo(); // back to what is saved
    EXPECT_FALSE(QFileInfo::exists(recovery.ownCopyPath()));
}

TEST_F(RecoveryTest, AnotherProgramChangingTheOpenFileIsNoticed)
{
    DesignController c;
    QString error;
    ASSERT_TRUE(c.open(m_design, &error, nullptr));
    EXPECT_FALSE(c.fileChangedOnDisk());
    {
        QFile file(m_design);
        ASSERT_TRUE(file.open(QIODevice::Append));
        file.write("\n");
    }
    EXPECT_TRUE(c.fileChangedOnDisk());
    ASSERT_TRUE(c.save(m_design, &error));
    EXPECT_FALSE(c.fileChangedOnDisk()) << "our own save is not someone else's change";
    ASSERT_TRUE(QFile::remove(m_design));
    EXPECT_TRUE(c.fileChangedOnDisk()) << "a removed file is a change";
}

// Run by tests/faults/export_faults.sh on a nearly full tmpfs that it mounts
// in a private namespace (PORTOLAN_FULL_DISK_DIR holds design.portolan).
TEST(SaveFaults, AFullDiskKeepsTheFileAndTheModifiedMark)
{
    const QString dir = qEnvironmentVariable("PORTOLAN_FULL_DISK_DIR");
    if (dir.isEmpty())
        GTEST_SKIP() << "needs a full disk: run by tests/faults/export_faults.sh";
    const QString path = QDir(dir).filePath(u"design.portolan"_s);
    QFile before(path);
    ASSERT_TRUE(before.open(QIODevice::ReadOnly));
    const QByteArray original = before.readAll();
    before.close();
    DesignController c;
    QString error;
    ASSERT_TRUE(c.open(path, &error, nullptr)) << qPrintable(error);
    DesignInfo info = c.document().info();
    info.description = QString(3000, u'd'); // more than the disk has room for
    c.editDesign(info, c.document().options(), u"Describe"_s);
    ASSERT_TRUE(c.isModified());
    EXPECT_FALSE(c.save(path, &error));
    EXPECT_TRUE(error.startsWith(path + u": cannot write"_s)) << qPrintable(error);
    EXPECT_TRUE(c.isModified()) << "a failed save cleared the modified mark";
    ASSERT_TRUE(before.open(QIODevice::ReadOnly));
    EXPECT_EQ(before.readAll(), original) << "a failed save changed the file";
    EXPECT_EQ(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 2)
        << "a temporary file was left behind";
}
