// File > Import Hierarchy in the designer: an import fills an empty design in one
// undo step, the canvas shows it; a re-import keeps positions and user links,
// is one undo step and reports the flows it changed.
#include "canvas/designscene.h"
#include "checks/designchecks.h"
#include "designcontroller.h"
#include "flows/flowengine.h"
#include "importactions.h"
#include "mainwindow.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

QString fixture(const QString& name)
{
    return QStringLiteral(PORTOLAN_TEST_DATA) + u"/import/"_s + name;
}

int nodeNamed(const Document& doc, const QString& name)
{
    for (const auto& [id, n] : doc.nodes())
        if (n.name == name)
            return id;
    return -1;
}

} // namespace

TEST(ImportActions, ImportThenReimportKeepsWhatTheUserDid)
{
    DesignController c;
    c.newDesign();
    ImportActions::Outcome outcome;
    QString error;
    ASSERT_TRUE(ImportActions::apply(c, fixture(u"cmg.json"_s), &outcome, &error)) << error.toStdString();
    EXPECT_FALSE(outcome.reimport);
    EXPECT_EQ(c.undoStack().count(), 1);
    EXPECT_EQ(c.document().info().name, u"cmg"_s);
    EXPECT_EQ(c.document().nodes().size(), 8u);
    for (const auto& [id, n] : c.document().nodes())
        EXPECT_NE(c.scene().nodeItem(id), nullptr) << "drawn: " << n.name.toStdString();
    EXPECT_GT(c.engine().flowCount(), 0u);

    // The user moves a server and draws a link; the hierarchy gains a server and loses one.
    const int mp02 = nodeNamed(c.document(), u"mp02.fabrikam.com"_s);
    const int pdp02 = nodeNamed(c.document(), u"pdp02.fabrikam.com"_s);
    const int remote = nodeNamed(c.document(), u"Remote office"_s);
    c.document().moveNode(mp02, QPointF(-800, 40));
    ASSERT_TRUE(c.requestLink(remote, pdp02));
    const qsizetype linksBefore = c.document().links().size();
    const size_t flowsBefore = c.engine().flowCount();

    QFile original(fixture(u"cmg.json"_s));
    ASSERT_TRUE(original.open(QIODevice::ReadOnly));
    QJsonObject top = QJsonDocument::fromJson(original.readAll()).object();
    QJsonArray roles = top.value(u"SMS_SCI_SysResUse").toArray();
    for (qsizetype i = 0; i < roles.size(); ++i) {
        QJsonObject role = roles[i].toObject();
        if (role.value(u"NetworkOSPath").toString().contains(u"mp02"_s)) {
            role.insert(u"NetworkOSPath", u"\\\\mp03.fabrikam.com"_s);
            roles[i] = role;
        }
    }
    top.insert(u"SMS_SCI_SysResUse", roles);
    QTemporaryDir dir;
    QFile changed(dir.filePath(u"again.json"_s));
    ASSERT_TRUE(changed.open(QIODevice::WriteOnly));
    changed.write(QJsonDocument(top).toJson());
    changed.close();

    ASSERT_TRUE(ImportActions::apply(c, changed.fileName(), &outcome, &error)) << error.toStdString();
    EXPECT_TRUE(outcome.reimport);
    EXPECT_EQ(c.undoStack().count(), 3); // import, link, re-import
    EXPECT_EQ(c.document().node(mp02)->position, QPointF(-800, 40));
    EXPECT_EQ(qsizetype(c.document().links().size()), linksBefore);
    EXPECT_GE(nodeNamed(c.document(), u"mp03.fabrikam.com"_s), 0);
    EXPECT_EQ(outcome.merged.flagged, QStringList{u"server mp02.fabrikam.com"_s});
    // mp03 has no address and no boundary link: its flows are new ones.
    EXPECT_FALSE(outcome.diff.added.isEmpty());
    bool warned = false;
    for (const DesignIssue& issue : checkDesign(c.document(), c.engine()))
        warned = warned || issue.message.contains(u"server mp02.fabrikam.com was not in the last import"_s);
    EXPECT_TRUE(warned);

    c.undoStack().undo();
    EXPECT_LT(nodeNamed(c.document(), u"mp03.fabrikam.com"_s), 0);
    EXPECT_EQ(c.engine().flowCount(), flowsBefore);
    for (const auto& [id, n] : c.document().nodes())
        EXPECT_NE(c.scene().nodeItem(id), nullptr) << "drawn: " << n.name.toStdString();

    // A file that cannot be imported leaves the design and the undo stack alone.
    EXPECT_FALSE(ImportActions::apply(c, dir.filePath(u"missing.json"_s), &outcome, &error));
    EXPECT_TRUE(error.startsWith(dir.filePath(u"missing.json"_s))) << error.toStdString();
    EXPECT_EQ(c.undoStack().index(), 2);
}

TEST(ImportActions, MenusOfferImportAndTheCollector)
{
    MainWindow window;
    QStringList texts;
    for (QAction* menu : window.menuBar()->actions())
        for (QAction* action : menu->menu()->actions())
            texts << action->text();
    EXPECT_TRUE(texts.contains(u"&Import Hierarchy..."_s)) << texts.join(u", "_s).toStdString();
    EXPECT_TRUE(texts.contains(u"Get the Hierarchy &Collector..."_s));
    // The bundled copy is the script in tools/.
    QFile bundled(u":/tools/collect-hierarchy.ps1"_s);
    QFile source(QStringLiteral(PORTOLAN_TEST_DATA) + u"/../../tools/collect-hierarchy.ps1"_s);
    ASSERT_TRUE(bundled.open(QIODevice::ReadOnly));
    ASSERT_TRUE(source.open(QIODevice::ReadOnly));
    EXPECT_EQ(bundled.readAll(), source.readAll());
}
