// The XLSX workbook read by a program someone else wrote (LibreOffice): text
// that XML or Excel would take for markup comes back as it was written, every
// sheet is there, and the sheets per zone hold exactly the Flows sheet's rows.
#include "designbuilder.h"
#include "export/exporter.h"
#include "export/workbookwriter.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

// Every sheet of the workbook as CSV, by sheet name; empty when LibreOffice failed.
QMap<QString, QList<QStringList>> readBack(const QTemporaryDir& dir, const QString& xlsx)
{
    const QString soffice = QStandardPaths::findExecutable(u"soffice"_s);
    if (soffice.isEmpty()) {
        ADD_FAILURE() << "LibreOffice (libreoffice-calc-nogui) is needed; scripts/run-tests installs it";
        return {};
    }
    const QString out = dir.filePath(u"sheets"_s);
    QDir().mkpath(out);
    QString output;
    // The eleventh token, -1, writes every sheet to NAME-SHEET.csv.
    const int code = runTool(
        soffice,
        {u"-env:UserInstallation=file://"_s + dir.filePath(u"profile"_s), u"--headless"_s, u"--convert-to"_s,
         u"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"_s, u"--outdir"_s,
         out, xlsx},
        &output, 180000);
    EXPECT_EQ(code, 0) << output.toStdString();
    QMap<QString, QList<QStringList>> sheets;
    const QString base = QFileInfo(xlsx).completeBaseName() + u'-';
    for (const QFileInfo& file : QDir(out).entryInfoList({u"*.csv"_s}, QDir::Files)) {
        QFile f(file.filePath());
        if (f.open(QIODevice::ReadOnly))
            sheets.insert(file.completeBaseName().mid(base.size()), parseCsv(QString::fromUtf8(f.readAll())));
    }
    return sheets;
}

} // namespace

TEST(Workbook, TextComesBackAsWritten)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"book.xlsx"_s);
    const QStringList texts = {
        u"a & b <c> \"d\" 'e'"_s,
        u"  leading and trailing spaces  "_s,
        u"_x0041_ is not an A"_s,
        u"=SUM(A1:A2)"_s,
        u"+1 -2 @3"_s,
        u"Zürich, 東京, Ελλάδα"_s,
        u"line one\nline two"_s,
        u"bell \u0007 and escape \u001b"_s,
        u"</t></si><si><t>injected"_s,
    };
    {
        WorkbookWriter book(path);
        book.startSheet(u"Odd [names]: a/b?*"_s, {u"Text"_s, u"Number"_s}, {40, 10});
        for (qsizetype i = 0; i < texts.size(); ++i) {
            book.startRow(int(i) + 1);
            book.text(0, texts.at(i));
            book.number(1, 49152 + i);
        }
        book.startSheet(u"Odd [names]: a/b?*"_s, {u"Second"_s}, {});
        book.startSheet(u"Zone _x0041_ & <b>"_s, {u"Third"_s}, {});
        ASSERT_TRUE(book.close()) << book.errorString().toStdString();
    }
    const auto sheets = readBack(dir, path);
    // Excel's forbidden characters replaced, a repeated name made unique.
    ASSERT_EQ(sheets.keys(),
              (QStringList{u"Odd _names__ a_b__"_s, u"Odd _names__ a_b__ (2)"_s, u"Zone _x0041_ & <b>"_s}));
    const QList<QStringList> rows = sheets.value(u"Odd _names__ a_b__"_s);
    ASSERT_EQ(rows.size(), texts.size() + 1);
    EXPECT_EQ(rows.first(), (QStringList{u"Text"_s, u"Number"_s}));
    for (qsizetype i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(rows.at(i + 1).value(0), texts.at(i)) << "row " << i + 1;
        EXPECT_EQ(rows.at(i + 1).value(1), QString::number(49152 + i)) << "row " << i + 1;
    }
}

TEST(Workbook, SheetPerZoneHoldsTheFlowSheetsRows)
{
    DesignBuilder b;
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    b.doc->setZones({Zone{u"dc"_s, u"Datacenter"_s, {}, u"#336699"_s},
                     Zone{u"br"_s, u"Branch: east/west"_s, {}, u"#996633"_s}});
    const int server = b.server(u"ps1.contoso.com"_s, ps,
                                {u"site_server"_s, u"management_point"_s, u"distribution_point"_s});
    const int clients = b.group(u"clients"_s, ps);
    Node n = *b.doc->node(server);
    n.zone = u"dc"_s;
    b.doc->updateNode(n);
    n = *b.doc->node(clients);
    n.zone = u"br"_s;
    b.doc->updateNode(n);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"flows.xlsx"_s);
    ExportOptions options;
    options.sheetPerZone = true;
    QString error;
    ASSERT_TRUE(exportDesign(*b.doc, b.engine(), ExportFormat::Xlsx, path, options, &error))
        << error.toStdString();
    const auto sheets = readBack(dir, path);
    ASSERT_EQ(sheets.keys(), (QStringList{u"Flows"_s, u"From Branch_ east_west"_s, u"From Datacenter"_s,
                                          u"Ports"_s, u"Servers"_s, u"Zone Pairs"_s}));
    const QList<QStringList> flows = sheets.value(u"Flows"_s);
    ASSERT_GT(flows.size(), 2);
    QList<QStringList> fromZones;
    for (const QString& name : {u"From Branch_ east_west"_s, u"From Datacenter"_s}) {
        const QList<QStringList> rows = sheets.value(name);
        ASSERT_FALSE(rows.isEmpty());
        EXPECT_EQ(rows.first(), flows.first()) << name.toStdString();
        for (qsizetype i = 1; i < rows.size(); ++i) {
            EXPECT_EQ(u"From "_s + rows.at(i).value(2),
                      QString(name).replace(u"Branch_ east_west"_s, u"Branch: east/west"_s))
                << name.toStdString() << " row " << i;
            fromZones << rows.at(i);
        }
    }
    QList<QStringList> expected = flows.mid(1);
    std::sort(expected.begin(), expected.end());
    std::sort(fromZones.begin(), fromZones.end());
    EXPECT_EQ(fromZones, expected);
    // Zone Pairs counts the Flows sheet's rows.
    int counted = 0;
    for (const QStringList& row : sheets.value(u"Zone Pairs"_s).mid(1))
        counted += row.value(2).toInt();
    EXPECT_EQ(counted, flows.size() - 1);
}
