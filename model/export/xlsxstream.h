#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <functional>
#include <optional>
#include <vector>

namespace portolan {

// The rows of a large worksheet, streamed into a workbook that libxlsxwriter built.
//
// libxlsxwriter makes the workbook (parts, styles, sheet settings, header rows, autofilters and
// the small sheets), but it writes every cell through a heap copy and printf and compresses at
// zlib's default level, 4 s for the large design's quarter of a million rows. The rows of the big
// sheets are therefore written here, in the form the library writes them in its constant-memory
// mode (an inline string or a number per cell, no row spans), and deflated at the fastest level
// while the next rows are made; every other part of the workbook is copied from the library's
// file as it compressed it. The tests hold these rows to the library's own output.

// A spreadsheet cell holds at most this many characters, and a sheet this many rows.
inline constexpr qsizetype kSheetCellMaxCharacters = 32767;
inline constexpr qint64 kSheetMaxRows = 1048576;

// What follows a cell's reference for a text cell: ` t="inlineStr"><is><t>TEXT</t></is></c>`,
// with the text escaped as libxlsxwriter escapes it (&, <, >, and control characters as _xHHHH_),
// and, where libxlsxwriter does not, a literal _xHHHH_ in the text kept literal (_x005F_ for its
// underscore), since Excel and LibreOffice would otherwise read it as the character it names.
// Empty for an empty text (no cell, as the library does); nullopt for a text longer than a cell holds.
std::optional<QByteArray> sheetTextCell(QStringView text);

// A text as given to libxlsxwriter for a cell or a sheet name: a literal _xHHHH_ made to read
// back as written (see sheetTextCell).
QByteArray sheetText(QStringView text);

// Builds rows into a buffer: startRow(), then cells in column order, then endRow().
class SheetRowWriter
{
public:
    explicit SheetRowWriter(QByteArray& out) : m_out(out) {}
    void startRow(qint64 row); // 1-based, as in the sheet
    // The cell of a prepared sheetTextCell() (nothing for an empty one).
    void text(int column, const QByteArray& cell);
    void number(int column, qint64 value);
    void endRow();

private:
    QByteArray& m_out;
    char m_row[24];
    int m_rowLength = 0;
};

// A sheet of the library's workbook whose rows are written here after the ones the library wrote.
struct StreamedSheet
{
    QByteArray part;    // its part in the package: "xl/worksheets/sheet1.xml"
    qint64 lastRow = 1; // 1-based: the last row of the sheet once the rows are in, for <dimension>
    int lastColumn = 0; // 0-based
    // Makes the rows (a few hundred kB at a time) and hands each piece to `write`; false with *error set
    // when it cannot (or when write returns false).
    std::function<bool(const std::function<bool(const QByteArray&)>& write, QString* error)> rows;
};

// Writes to `to` the workbook at `from` with each streamed sheet's rows added. Parts keep their
// order, names, dates and (except the streamed sheets) their compressed bytes. `name` is the file
// the user asked for, for messages.
bool addStreamedRows(const QString& from, const QString& to, const std::vector<StreamedSheet>& sheets,
                     const QString& name, QString* error);

} // namespace portolan
