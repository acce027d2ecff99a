#include "workbookwriter.h"

#include <QFile>
#include <QSet>

#include <minizip/zip.h>

#include <cctype>
#include <charconv>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

constexpr int kMaxRows = 1048576;     // Excel's limit, header included
constexpr int kMaxText = 32767;       // characters in one cell
constexpr qsizetype kChunk = 1 << 16; // bytes handed to the compressor at a time

zipFile zip(void* handle)
{
    return static_cast<zipFile>(handle);
}

QByteArray columnName(int column)
{
    QByteArray name;
    for (int c = column + 1; c > 0; c = (c - 1) / 26)
        name.prepend(char('A' + (c - 1) % 26));
    return name;
}

bool looksLikeEscape(const QString& value, qsizetype i)
{
    if (i + 6 >= value.size() || value.at(i + 1) != u'x' || value.at(i + 6) != u'_')
        return false;
    for (qsizetype k = i + 2; k < i + 6; ++k)
        if (!isxdigit(value.at(k).unicode() < 128 ? value.at(k).toLatin1() : 'g'))
            return false;
    return true;
}

// XML text: the five entities, and control characters (not allowed in XML 1.0)
// as Excel's _xHHHH_ escapes; a literal "_x" that would read as one is escaped too.
// The same holds in attributes (sheet names): they are strings of the same type.
QByteArray xmlText(const QString& value)
{
    QString text;
    text.reserve(value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        switch (c.unicode()) {
        case u'&':
            text += u"&amp;"_s;
            break;
        case u'<':
            text += u"&lt;"_s;
            break;
        case u'>':
            text += u"&gt;"_s;
            break;
        case u'"':
            text += u"&quot;"_s;
            break;
        case u'_':
            // Only what reads as an escape is one: _x, four hex digits, _.
            text += looksLikeEscape(value, i) ? u"_x005F_"_s : u"_"_s;
            break;
        default:
            if (c.unicode() < 0x20 && c != u'\t' && c != u'\n' && c != u'\r')
                text += u"_x%1_"_s.arg(QString::number(c.unicode(), 16).toUpper(), 4, QChar(u'0'));
            else
                text += c;
        }
    }
    return text.toUtf8();
}

QString sheetName(const QString& name, const QSet<QString>& taken)
{
    // Excel forbids []:*?/\ in sheet names and allows 31 characters; names must differ.
    QString clean;
    for (const QChar c : name)
        clean += QStringLiteral("[]:*?/\\").contains(c) ? u'_' : c;
    clean = clean.left(31);
    if (clean.isEmpty())
        clean = u"Sheet"_s;
    for (int n = 2; taken.contains(clean.toLower()); ++n)
        clean = clean.left(27) + u" (%1)"_s.arg(n);
    return clean;
}

const char kStyles[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    "\n"
    R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>)"
    R"(<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>)"
    R"(<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>)"
    R"(<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills>)"
    R"(<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>)"
    R"(<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>)"
    R"(<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>)"
    R"(<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>)"
    R"(<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>)"
    R"(<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/></cellXfs>)"
    R"(<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>)"
    R"(</styleSheet>)";

const char kRootRelationships[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
    "\n"
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>)"
    R"(</Relationships>)";

} // namespace

WorkbookWriter::WorkbookWriter(const QString& path)
{
    m_zip = zipOpen64(QFile::encodeName(path).constData(), APPEND_STATUS_CREATE);
    if (!m_zip)
        m_error = u"cannot create the file"_s;
    m_buffer.reserve(kChunk + 4096);
}

WorkbookWriter::~WorkbookWriter()
{
    if (m_zip) // only after a failure: close() hands the file over
        zipClose(zip(m_zip), nullptr);
}

bool WorkbookWriter::openEntry(const char* name)
{
    if (!ok())
        return false;
    zip_fileinfo info{};
    // A fixed date (the earliest a zip can hold), so that two exports of one design are the same bytes.
    info.tmz_date.tm_mday = 1;
    info.tmz_date.tm_year = 1980;
    if (zipOpenNewFileInZip64(zip(m_zip), name, &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                              Z_BEST_SPEED, 0) != ZIP_OK) {
        m_error = u"cannot add %1 to the workbook"_s.arg(QString::fromLatin1(name));
        return false;
    }
    return true;
}

void WorkbookWriter::write(const QByteArray& bytes)
{
    m_buffer += bytes;
    if (m_buffer.size() >= kChunk)
        flush();
}

void WorkbookWriter::flush()
{
    if (ok() && !m_buffer.isEmpty() &&
        zipWriteInFileInZip(zip(m_zip), m_buffer.constData(), unsigned(m_buffer.size())) != ZIP_OK)
        m_error = u"cannot write (is the disk full?)"_s;
    m_buffer.resize(0); // keeps the capacity for the next chunk
}

bool WorkbookWriter::closeEntry()
{
    flush();
    if (ok() && zipCloseFileInZip(zip(m_zip)) != ZIP_OK)
        m_error = u"cannot write (is the disk full?)"_s;
    return ok();
}

void WorkbookWriter::startSheet(const QString& name, const QStringList& header, const QList<double>& widths)
{
    finishSheet();
    QSet<QString> taken;
    for (const Sheet& s : m_sheets)
        taken.insert(s.name.toLower());
    m_sheets.append({sheetName(name, taken), 0, int(qMax<qsizetype>(header.size(), 1)) - 1});
    if (!openEntry(
            QByteArray("xl/worksheets/sheet" + QByteArray::number(m_sheets.size()) + ".xml").constData()))
        return;
    m_inSheet = true;
    m_lastText.clear();
    QByteArray start = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                       "\n"
                       R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
                       R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)";
    start += m_sheets.size() == 1 ? R"(<sheetViews><sheetView tabSelected="1" workbookViewId="0">)"
                                  : R"(<sheetViews><sheetView workbookViewId="0">)";
    start +=
        R"(<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>)"
        R"(<selection pane="bottomLeft"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>)";
    for (qsizetype c = 0; c < header.size(); ++c) {
        // Excel adds the padding of its default font to a width given in characters.
        const double width = (c < widths.size() ? widths.at(c) : 14) + 0.7109375;
        start += R"(<col min=")" + QByteArray::number(c + 1) + R"(" max=")" + QByteArray::number(c + 1) +
                 R"(" width=")" + QByteArray::number(width, 'g', 12) + R"(" customWidth="1"/>)";
    }
    start += "</cols><sheetData>";
    write(start);
    // The header row, bold on a light fill (style 1).
    write(R"(<row r="1">)");
    for (qsizetype c = 0; c < header.size(); ++c)
        write(R"(<c r=")" + columnName(int(c)) + R"(1" s="1" t="s"><v>)" +
              QByteArray::number(stringIndex(header.at(c))) + "</v></c>");
    m_inRow = true;
    m_row = 0;
}

int WorkbookWriter::stringIndex(const QString& value)
{
    ++m_stringUses;
    const auto it = m_stringIndex.constFind(value);
    if (it != m_stringIndex.constEnd())
        return it.value();
    const int index = int(m_strings.size());
    m_stringIndex.insert(value, index);
    m_strings << value;
    return index;
}

void WorkbookWriter::startRow(int row)
{
    if (!m_inSheet || row <= m_row)
        return;
    if (row >= kMaxRows) {
        if (m_error.isEmpty())
            m_error = u"more than %1 rows in sheet %2, more than Excel can open"_s.arg(kMaxRows).arg(
                m_sheets.last().name);
        return;
    }
    if (m_inRow)
        m_buffer += "</row>";
    if (m_buffer.size() >= kChunk)
        flush();
    m_row = row;
    m_rowLabel = QByteArray::number(row + 1);
    m_buffer += "<row r=\"";
    m_buffer += m_rowLabel;
    m_buffer += "\">";
    m_inRow = true;
    m_sheets.last().lastRow = row;
}

void WorkbookWriter::cell(int column, bool shared, qint64 value)
{
    if (!m_inRow || !ok())
        return;
    // Appended piece by piece: a flow list has millions of cells.
    while (m_columnNames.size() <= column)
        m_columnNames << columnName(int(m_columnNames.size()));
    m_buffer += "<c r=\"";
    m_buffer += m_columnNames.at(column);
    m_buffer += m_rowLabel;
    m_buffer += shared ? "\" t=\"s\"><v>" : "\"><v>";
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    m_buffer.append(digits, end - digits);
    m_buffer += "</v></c>";
    if (column > m_sheets.last().lastColumn)
        m_sheets.last().lastColumn = column;
}

void WorkbookWriter::text(int column, const QString& value)
{
    if (value.isEmpty())
        return;
    // Rows come sorted, so a column often repeats the row above (the source, its
    // address and zone, the protocol): that costs a comparison, not a hash lookup.
    if (m_lastText.size() <= column)
        m_lastText.resize(column + 1, {QString(), -1});
    auto& last = m_lastText[column];
    if (last.second < 0 || last.first != value) {
        last.first = value;
        last.second = stringIndex(value.size() > kMaxText ? value.left(kMaxText) : value);
    } else {
        ++m_stringUses;
    }
    cell(column, true, last.second);
}

void WorkbookWriter::number(int column, qint64 value)
{
    cell(column, false, value);
}

void WorkbookWriter::finishSheet()
{
    if (!m_inSheet)
        return;
    m_inSheet = false;
    const Sheet& sheet = m_sheets.last();
    QByteArray end = m_inRow ? "</row></sheetData>" : "</sheetData>";
    m_inRow = false;
    // The filter covers the header and at least one row below it, as Excel makes it.
    end += R"(<autoFilter ref="A1:)" + columnName(sheet.lastColumn) +
           QByteArray::number(qMax(sheet.lastRow, 1) + 1) + R"("/></worksheet>)";
    write(end);
    closeEntry();
}

bool WorkbookWriter::close()
{
    finishSheet();
    if (m_sheets.isEmpty()) { // a workbook has at least one sheet
        startSheet(u"Sheet1"_s, {}, {});
        finishSheet();
    }

    if (openEntry("xl/sharedStrings.xml")) {
        write(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
              "\n"
              R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count=")" +
              QByteArray::number(m_stringUses) + R"(" uniqueCount=")" + QByteArray::number(m_strings.size()) +
              R"(">)");
        for (const QString& s : std::as_const(m_strings)) {
            const bool keepSpace = s.front().isSpace() || s.back().isSpace();
            write((keepSpace ? R"(<si><t xml:space="preserve">)" : "<si><t>") + xmlText(s) + "</t></si>");
        }
        write("</sst>");
        closeEntry();
    }

    QByteArray workbook = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
                          "\n"
                          R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
                          R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
                          R"(<bookViews><workbookView/></bookViews><sheets>)";
    QByteArray names = "<definedNames>";
    QByteArray relationships =
        R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
        "\n"
        R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
    QByteArray types =
        R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
        "\n"
        R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
        R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
        R"(<Default Extension="xml" ContentType="application/xml"/>)"
        R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
        R"(<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>)"
        R"(<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>)";
    for (qsizetype i = 0; i < m_sheets.size(); ++i) {
        const QByteArray n = QByteArray::number(i + 1);
        const Sheet& sheet = m_sheets.at(i);
        const QByteArray quoted = xmlText(u'\'' + QString(sheet.name).replace(u"'"_s, u"''"_s) + u'\'');
        workbook +=
            R"(<sheet name=")" + xmlText(sheet.name) + R"(" sheetId=")" + n + R"(" r:id="rId)" + n + R"("/>)";
        // Excel finds a sheet's autofilter range through this hidden name.
        names += R"(<definedName name="_xlnm._FilterDatabase" localSheetId=")" + QByteArray::number(i) +
                 R"(" hidden="1">)" + quoted + "!$A$1:$" + columnName(sheet.lastColumn) + '$' +
                 QByteArray::number(qMax(sheet.lastRow, 1) + 1) + "</definedName>";
        relationships +=
            R"(<Relationship Id="rId)" + n +
            R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet)" +
            n + R"(.xml"/>)";
        types +=
            R"(<Override PartName="/xl/worksheets/sheet)" + n +
            R"(.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)";
    }
    workbook += "</sheets>" + names + "</definedNames></workbook>";
    relationships +=
        R"(<Relationship Id="rId)" + QByteArray::number(m_sheets.size() + 1) +
        R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
        R"(<Relationship Id="rId)" +
        QByteArray::number(m_sheets.size() + 2) +
        R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
        R"(</Relationships>)";
    types += "</Types>";

    const std::pair<const char*, QByteArray> parts[] = {
        {"xl/workbook.xml", workbook},          {"xl/_rels/workbook.xml.rels", relationships},
        {"xl/styles.xml", QByteArray(kStyles)}, {"_rels/.rels", QByteArray(kRootRelationships)},
        {"[Content_Types].xml", types},
    };
    for (const auto& [name, bytes] : parts)
        if (openEntry(name)) {
            write(bytes);
            closeEntry();
        }
    if (m_zip && zipClose(zip(m_zip), nullptr) != ZIP_OK && m_error.isEmpty())
        m_error = u"cannot write (is the disk full?)"_s;
    m_zip = nullptr;
    return m_error.isEmpty();
}

} // namespace portolan
