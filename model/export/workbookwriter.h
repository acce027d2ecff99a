#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace portolan {

// Writes an Office Open XML workbook (.xlsx) a row at a time, straight into
// its zip container (minizip, fast deflate), so that memory stays flat
// whatever the number of rows. Strings go to the shared string table, once
// each: a flow list repeats its names, zones and services on every row, and
// writing them inline made the sheet XML twice as large (and libxlsxwriter,
// which writes them inline in its constant-memory mode, took longer than the
// 3 s the large design's export may take).
//
// Sheets are written one after the other: startSheet(), then rows in order
// with cells in column order, then the next startSheet() or close().
class WorkbookWriter
{
public:
    explicit WorkbookWriter(const QString& path);
    ~WorkbookWriter();
    WorkbookWriter(const WorkbookWriter&) = delete;
    WorkbookWriter& operator=(const WorkbookWriter&) = delete;

    bool ok() const { return m_zip != nullptr && m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    // A sheet with a bold frozen header row and an autofilter over its columns.
    // The name is made valid for Excel (no []:*?/\, at most 31 characters, unique).
    void startSheet(const QString& name, const QStringList& header, const QList<double>& widths);
    // Row 0 is the header; rows count up from 1 and never go back.
    void startRow(int row);
    void text(int column, const QString& value); // nothing for an empty value
    void number(int column, qint64 value);       // whole numbers are all a flow list has

    // Writes the shared strings, styles and workbook parts; false with
    // errorString() when a write failed.
    bool close();

private:
    struct Sheet
    {
        QString name;
        int lastRow = 0;
        int lastColumn = 0;
    };

    void finishSheet();
    int stringIndex(const QString& value);
    void cell(int column, bool shared, qint64 value);
    bool openEntry(const char* name);
    void write(const QByteArray& bytes);
    void flush();
    bool closeEntry();

    void* m_zip = nullptr;
    bool m_inSheet = false;
    bool m_inRow = false;
    int m_row = 0;
    QByteArray m_rowLabel; // "2": the current row's number as text
    QByteArray m_buffer;
    QList<QByteArray> m_columnNames; // A, B, ... as far as used
    QString m_error;
    QList<Sheet> m_sheets;
    QHash<QString, int> m_stringIndex;
    QStringList m_strings;
    QList<QPair<QString, int>> m_lastText; // per column: the last text written and its index
    qint64 m_stringUses = 0;
};

} // namespace portolan
