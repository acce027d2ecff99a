// The flow workbook: its streamed rows are exactly the rows libxlsxwriter itself writes for the
// same cells, text that a spreadsheet would decode stays as written, and a workbook that cannot
// hold the flow list is refused without touching the file already there.
#include "designbuilder.h"
#include "export/exporter.h"
#include "export/xlsxstream.h"
#include "flows/flowlist.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QTemporaryDir>

#include <minizip/unzip.h>
#include <xlsxwriter.h>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

// One part of a workbook, unpacked.
QByteArray part(const QString& workbook, const char* name)
{
    unzFile zip = unzOpen64(QFile::encodeName(workbook).constData());
    if (!zip)
        return {};
    QByteArray data;
    if (unzLocateFile(zip, name, 1) == UNZ_OK && unzOpenCurrentFile(zip) == UNZ_OK) {
        char buffer[1 << 16];
        for (int n; (n = unzReadCurrentFile(zip, buffer, sizeof buffer)) > 0;)
            data.append(buffer, n);
        unzCloseCurrentFile(zip);
    }
    unzClose(zip);
    return data;
}

// From <dimension .../> to </sheetData>, leaving out what lies between them (sheet views,
// column widths: the library's own settings in both workbooks).
QByteArray dimensionAndRows(const QByteArray& sheet)
{
    const qsizetype dimension = sheet.indexOf("<dimension");
    const qsizetype dimensionEnd = sheet.indexOf("/>", dimension);
    const qsizetype rows = sheet.indexOf("<sheetData");
    const qsizetype rowsEnd = sheet.indexOf("</sheetData>");
    if (dimension < 0 || rows < 0 || rowsEnd < 0)
        return "(no dimension or rows) " + sheet.left(200);
    return sheet.mid(dimension, dimensionEnd + 2 - dimension) + sheet.mid(rows, rowsEnd - rows);
}

// The flow list written cell by cell through libxlsxwriter's own constant-memory writer, as the
// Flows sheet lays it out: Port as text with First Port and Last Port as numbers after it, and
// the Source URL last.
bool libraryWorkbook(const Document& document, const FlowEngine& engine, bool includeLocal,
                     const QString& path)
{
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    lxw_workbook* book = workbook_new_opt(QFile::encodeName(path).constData(), &options);
    if (!book)
        return false;
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    format_set_bg_color(bold, 0xDCE6F1);
    format_set_border(bold, LXW_BORDER_THIN);
    lxw_worksheet* sheet = workbook_add_worksheet(book, "Flows");
    QStringList header = flowListHeader();
    header.insert(8, u"First Port"_s);
    header.insert(9, u"Last Port"_s);
    header << u"Source URL"_s;
    for (qsizetype c = 0; c < header.size(); ++c)
        worksheet_write_string(sheet, 0, lxw_col_t(c), header.at(c).toUtf8().constData(), bold);
    const auto text = [sheet](int row, int col, const QString& value) {
        if (!value.isEmpty()) {
            EXPECT_EQ(worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(col),
                                             sheetText(value).constData(), nullptr),
                      LXW_NO_ERROR);
        }
    };
    int row = 0;
    for (const FlowListRow& r : buildFlowList(document, engine, {.includeLocal = includeLocal})) {
        ++row;
        const QStringList fields = flowListFields(r);
        for (qsizetype c = 0; c < fields.size(); ++c)
            text(row, int(c + (c > 7 ? 2 : 0)), fields.at(c));
        if (!r.port.isEmpty()) {
            worksheet_write_number(sheet, lxw_row_t(row), 8, r.port.section(u'-', 0, 0).toInt(), nullptr);
            worksheet_write_number(sheet, lxw_row_t(row), 9, r.port.section(u'-', -1).toInt(), nullptr);
        }
        text(row, int(fields.size()) + 2, r.sourceUrls.join(u"; "));
    }
    worksheet_autofilter(sheet, 0, 0, lxw_row_t(qMax(row, 1)), lxw_col_t(header.size() - 1));
    return workbook_close(book) == LXW_NO_ERROR;
}

// A design whose names hold everything XML and spreadsheets treat specially.
struct HostileDesign
{
    DesignBuilder b;
    HostileDesign()
    {
        b.doc->setZones({{u"a"_s, u" <Zone> & \"A\" "_s, {}, {}},
                         {u"b"_s, u"Zürich/東京\tbell\x07 plant_x0041_ _X00e9_ _x12_"_s, {}, {}},
                         {u"c"_s, u"line\nbreak\rreturn"_s, {}, {}}});
        const int ps = b.site(u"PS1"_s, SiteKind::Primary);
        const int ss =
            b.server(u"ss01.corp.example"_s, ps, {u"site_server"_s, u"sql_server"_s, u"sms_provider"_s});
        const int mp = b.server(u"mp01.corp.example"_s, ps, {u"management_point"_s, u"distribution_point"_s});
        const int group = b.group(u"=clients & <friends>"_s, ps);
        const std::pair<int, const char16_t*> zones[] = {{ss, u"a"}, {mp, u"b"}, {group, u"c"}};
        for (const auto& [id, zone] : zones) {
            Node n = *b.doc->node(id);
            n.zone = QString::fromUtf16(zone);
            b.doc->updateNode(n);
        }
    }
};

} // namespace

TEST(Xlsx, FlowRowsAreWhatTheSpreadsheetLibraryWrites)
{
    QTemporaryDir dir;
    HostileDesign hostile;
    QList<std::pair<const Document*, const FlowEngine*>> designs{{hostile.b.doc.get(), &hostile.b.engine()}};
    std::vector<LoadedExample> examples;
    for (const QString& name : exampleNames())
        examples.push_back(loadExample(name));
    for (const LoadedExample& e : examples)
        designs << std::pair<const Document*, const FlowEngine*>{e.doc.get(), e.engine.get()};
    int n = 0;
    for (const auto& [doc, engine] : designs)
        for (const bool local : {false, true}) {
            const QString ours = dir.filePath(u"ours%1.xlsx"_s.arg(++n));
            const QString library = dir.filePath(u"library%1.xlsx"_s.arg(n));
            ExportOptions options;
            options.includeLocal = local;
            QString error;
            ASSERT_TRUE(writeXlsx(*doc, *engine, ours, options, &error)) << error.toStdString();
            ASSERT_TRUE(libraryWorkbook(*doc, *engine, local, library));
            const QByteArray expected = dimensionAndRows(part(library, "xl/worksheets/sheet1.xml"));
            ASSERT_GT(expected.size(), 1000);
            EXPECT_EQ(dimensionAndRows(part(ours, "xl/worksheets/sheet1.xml")), expected)
                << doc->info().name.toStdString() << " local " << local;
        }
}

TEST(Xlsx, EscapesAreWrittenAsTheLibraryWritesThem)
{
    // Control characters as _xHHHH_, markup as entities, outer white space kept; a literal
    // _xHHHH_ (either case) gets its underscore escaped, so that it reads back as written.
    EXPECT_EQ(*sheetTextCell(u"a&b<c>d"), " t=\"inlineStr\"><is><t>a&amp;b&lt;c&gt;d</t></is></c>");
    EXPECT_EQ(*sheetTextCell(u"bell\x07"), " t=\"inlineStr\"><is><t>bell_x0007_</t></is></c>");
    EXPECT_EQ(*sheetTextCell(u" x"), " t=\"inlineStr\"><is><t xml:space=\"preserve\"> x</t></is></c>");
    EXPECT_EQ(*sheetTextCell(u"plant_x0041_ _Xe9_ _xBEEF_"),
              " t=\"inlineStr\"><is><t>plant_x005F_x0041_ _Xe9_ _x005F_xBEEF_</t></is></c>");
    EXPECT_EQ(sheetText(u"plant_x0041_"), "plant_x005F_x0041_");
    EXPECT_TRUE(sheetTextCell(u"")->isEmpty()) << "an empty text is no cell";
    EXPECT_TRUE(sheetTextCell(QString(32767, u'é')).has_value());
    EXPECT_FALSE(sheetTextCell(QString(32768, u'x')).has_value());
}

TEST(Xlsx, ACellTooLongForASpreadsheetIsRefusedAndTheFileKept)
{
    DesignBuilder b;
    b.doc->setZones({{u"a"_s, QString(40000, u'z'), {}, {}}});
    const int ps = b.site(u"PS1"_s, SiteKind::Primary);
    const int mp = b.server(u"mp01"_s, ps, {u"management_point"_s});
    b.group(u"clients"_s, ps);
    Node n = *b.doc->node(mp);
    n.zone = u"a"_s;
    b.doc->updateNode(n);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"flows.xlsx"_s);
    QFile before(path);
    ASSERT_TRUE(before.open(QIODevice::WriteOnly));
    before.write("the workbook from yesterday");
    before.close();
    QString error;
    EXPECT_FALSE(writeXlsx(*b.doc, b.engine(), path, ExportOptions{}, &error));
    EXPECT_TRUE(error.startsWith(path + u": the Flows sheet's row 2"_s)) << error.toStdString();
    EXPECT_TRUE(error.contains(u"40000 characters"_s) && error.contains(u"32767"_s)) << error.toStdString();
    QFile after(path);
    ASSERT_TRUE(after.open(QIODevice::ReadOnly));
    EXPECT_EQ(after.readAll(), "the workbook from yesterday");
}
