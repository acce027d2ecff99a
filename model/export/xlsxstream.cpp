#include "xlsxstream.h"

#include <QFile>

#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <zlib.h>

#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// Whether utf8[i] starts a literal _xHHHH_, which spreadsheet readers decode as a character.
bool startsEscapeLookAlike(const QByteArray& utf8, qsizetype i)
{
    return i + 6 < utf8.size() && utf8[i] == '_' && utf8[i + 1] == 'x' && isHexDigit(utf8[i + 2]) &&
           isHexDigit(utf8[i + 3]) && isHexDigit(utf8[i + 4]) && isHexDigit(utf8[i + 5]) &&
           utf8[i + 6] == '_';
}

// Column letters as libxlsxwriter's lxw_col_to_name() makes them: A..Z, AA...
QByteArray columnName(int column)
{
    QByteArray name;
    for (int n = column + 1; n > 0; n = (n - 1) / 26)
        name.prepend(char('A' + (n - 1) % 26));
    return name;
}

const QByteArray& cachedColumnName(int column)
{
    static const std::vector<QByteArray> names = [] {
        std::vector<QByteArray> all;
        for (int c = 0; c < 64; ++c)
            all.push_back(columnName(c));
        return all;
    }();
    static thread_local QByteArray other;
    if (column >= 0 && size_t(column) < names.size())
        return names[size_t(column)];
    other = columnName(column);
    return other;
}

// Chunks of rows handed from the thread that makes them to the one that compresses them, a few
// at a time, so that making and compressing share the two cores and memory stays small.
class ChunkQueue
{
public:
    bool push(const QByteArray& chunk)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_cancelled || m_chunks.size() < kDepth; });
        if (m_cancelled)
            return false;
        m_chunks.push_back(chunk);
        m_changed.notify_all();
        return true;
    }
    bool pop(QByteArray* chunk)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_finished || !m_chunks.empty(); });
        if (m_chunks.empty())
            return false;
        *chunk = std::move(m_chunks.front());
        m_chunks.pop_front();
        m_changed.notify_all();
        return true;
    }
    void finish()
    {
        const std::lock_guard lock(m_mutex);
        m_finished = true;
        m_changed.notify_all();
    }
    void cancel()
    {
        const std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_chunks.clear();
        m_changed.notify_all();
    }

private:
    static constexpr size_t kDepth = 4;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QByteArray> m_chunks;
    bool m_finished = false;
    bool m_cancelled = false;
};

// The sheet's <dimension ref="A1:P1"/> widened to its last row and column.
QByteArray widenDimension(QByteArray head, const StreamedSheet& sheet)
{
    static const QByteArray tag = "<dimension ref=\"";
    const qsizetype at = head.indexOf(tag);
    if (at < 0 || sheet.lastRow <= 1)
        return head;
    const qsizetype from = at + tag.size();
    const qsizetype to = head.indexOf('"', from);
    if (to < 0)
        return head;
    const QByteArray ref = head.mid(from, to - from);
    const QByteArray first = ref.left(ref.indexOf(':') < 0 ? ref.size() : ref.indexOf(':'));
    head.replace(from, to - from,
                 first + ':' + columnName(sheet.lastColumn) + QByteArray::number(sheet.lastRow));
    return head;
}

QByteArray readPart(unzFile zip)
{
    QByteArray data;
    if (unzOpenCurrentFile(zip) != UNZ_OK)
        return {};
    char buffer[1 << 16];
    for (int n; (n = unzReadCurrentFile(zip, buffer, sizeof buffer)) > 0;)
        data.append(buffer, n);
    unzCloseCurrentFile(zip);
    return data;
}

} // namespace

QByteArray sheetText(QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    if (!utf8.contains("_x"))
        return utf8;
    QByteArray out;
    out.reserve(utf8.size() + 16);
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        if (startsEscapeLookAlike(utf8, i))
            out += "_x005F_";
        else
            out += utf8[i];
    }
    return out;
}

std::optional<QByteArray> sheetTextCell(QStringView text)
{
    if (text.isEmpty())
        return QByteArray();
    const QByteArray utf8 = text.toUtf8();
    qsizetype characters = 0; // counted as libxlsxwriter counts them: UTF-8 sequences
    for (const char c : utf8)
        characters += (uchar(c) & 0xC0) != 0x80;
    if (characters > kSheetCellMaxCharacters)
        return std::nullopt;
    QByteArray escaped;
    escaped.reserve(utf8.size() + 8);
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        switch (c) {
        case '&':
            escaped += "&amp;";
            break;
        case '<':
            escaped += "&lt;";
            break;
        case '>':
            escaped += "&gt;";
            break;
        case '_':
            escaped += startsEscapeLookAlike(utf8, i) ? "_x005F_" : "_";
            break;
        default:
            if (uchar(c) < 0x20 && c != '\t' && c != '\n') {
                char code[8];
                std::snprintf(code, sizeof code, "_x%04X_", unsigned(c));
                escaped += code;
            } else {
                escaped += c;
            }
        }
    }
    // libxlsxwriter marks a text that starts or ends with white space (after escaping) to be kept.
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n';
    };
    const bool preserve = space(escaped.front()) || space(escaped.back());
    return (preserve ? QByteArray(" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                     : QByteArray(" t=\"inlineStr\"><is><t>")) +
           escaped + "</t></is></c>";
}

void SheetRowWriter::startRow(qint64 row)
{
    const auto [end, failed] = std::to_chars(m_row, m_row + sizeof m_row, row);
    m_rowLength = int(end - m_row);
    m_out += "<row r=\"";
    m_out.append(m_row, m_rowLength);
    m_out += "\">";
}

void SheetRowWriter::text(int column, const QByteArray& cell)
{
    if (cell.isEmpty())
        return;
    m_out += "<c r=\"";
    m_out += cachedColumnName(column);
    m_out.append(m_row, m_rowLength);
    m_out += '"';
    m_out += cell;
}

void SheetRowWriter::number(int column, qint64 value)
{
    char digits[24];
    const auto [end, failed] = std::to_chars(digits, digits + sizeof digits, value);
    m_out += "<c r=\"";
    m_out += cachedColumnName(column);
    m_out.append(m_row, m_rowLength);
    m_out += "\"><v>";
    m_out.append(digits, end - digits);
    m_out += "</v></c>";
}

void SheetRowWriter::endRow()
{
    m_out += "</row>";
}

bool addStreamedRows(const QString& from, const QString& to, const std::vector<StreamedSheet>& sheets,
                     const QString& name, QString* error)
{
    const auto fail = [&](const QString& why) {
        if (error && error->isEmpty())
            *error = u"%1: %2"_s.arg(name, why);
        return false;
    };
    unzFile in = unzOpen64(QFile::encodeName(from).constData());
    if (!in)
        return fail(u"cannot read the workbook the spreadsheet library wrote"_s);
    zipFile out = zipOpen64(QFile::encodeName(to).constData(), APPEND_STATUS_CREATE);
    if (!out) {
        unzClose(in);
        return fail(u"cannot create the workbook"_s);
    }
    bool ok = true;
    for (int more = unzGoToFirstFile(in); ok && more == UNZ_OK; more = unzGoToNextFile(in)) {
        unz_file_info64 info{};
        char part[512];
        if (unzGetCurrentFileInfo64(in, &info, part, sizeof part, nullptr, 0, nullptr, 0) != UNZ_OK) {
            ok = fail(u"cannot read the workbook the spreadsheet library wrote"_s);
            break;
        }
        zip_fileinfo zi{};
        zi.tmz_date.tm_sec = info.tmu_date.tm_sec;
        zi.tmz_date.tm_min = info.tmu_date.tm_min;
        zi.tmz_date.tm_hour = info.tmu_date.tm_hour;
        zi.tmz_date.tm_mday = info.tmu_date.tm_mday;
        zi.tmz_date.tm_mon = info.tmu_date.tm_mon;
        zi.tmz_date.tm_year = info.tmu_date.tm_year;
        zi.internal_fa = info.internal_fa;
        zi.external_fa = info.external_fa;

        const StreamedSheet* streamed = nullptr;
        for (const StreamedSheet& s : sheets)
            if (s.part == part)
                streamed = &s;
        if (!streamed) {
            // Copied as the library compressed it.
            int method = 0, level = 0;
            if (unzOpenCurrentFile2(in, &method, &level, 1) != UNZ_OK ||
                zipOpenNewFileInZip4_64(out, part, &zi, nullptr, 0, nullptr, 0, nullptr, method, level, 1,
                                        -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0, 0, 0,
                                        0) != ZIP_OK) {
                ok = fail(u"cannot copy %1 into the workbook"_s.arg(QString::fromUtf8(part)));
                break;
            }
            char buffer[1 << 16];
            int n = 0;
            while (ok && (n = unzReadCurrentFile(in, buffer, sizeof buffer)) > 0)
                ok = zipWriteInFileInZip(out, buffer, unsigned(n)) == ZIP_OK;
            unzCloseCurrentFile(in);
            if (n < 0 || !ok || zipCloseFileInZipRaw64(out, info.uncompressed_size, info.crc) != ZIP_OK)
                ok = fail(u"cannot copy %1 into the workbook"_s.arg(QString::fromUtf8(part)));
            continue;
        }

        // The library's sheet, with the rows it holds (the header), then ours.
        QByteArray xml = readPart(in);
        const qsizetype close = xml.indexOf("</sheetData>");
        if (close < 0) {
            ok = fail(u"the spreadsheet library wrote %1 without rows"_s.arg(QString::fromUtf8(part)));
            break;
        }
        const QByteArray head = widenDimension(xml.left(close), *streamed);
        const QByteArray tail = xml.mid(close);
        if (zipOpenNewFileInZip4_64(out, part, &zi, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, Z_BEST_SPEED,
                                    0, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, nullptr, 0, 0, 0,
                                    0) != ZIP_OK) {
            ok = fail(u"cannot add %1 to the workbook"_s.arg(QString::fromUtf8(part)));
            break;
        }
        // Without ZIP64 (which the library does not use either) a part holds less than 4 GiB.
        constexpr quint64 kPartLimit = 0xFFFFFFFFull;
        quint64 written = 0;
        const auto write = [&](const QByteArray& bytes) {
            written += quint64(bytes.size());
            return written < kPartLimit &&
                   zipWriteInFileInZip(out, bytes.constData(), unsigned(bytes.size())) == ZIP_OK;
        };
        QString rowsError;
        ChunkQueue queue;
        std::thread maker([&] {
            if (!streamed->rows([&queue](const QByteArray& chunk) { return queue.push(chunk); },
                                &rowsError) &&
                rowsError.isEmpty())
                rowsError = u"stopped"_s;
            queue.finish();
        });
        bool written_ok = write(head);
        for (QByteArray chunk; written_ok && queue.pop(&chunk);)
            written_ok = write(chunk);
        if (!written_ok)
            queue.cancel();
        maker.join();
        written_ok = written_ok && write(tail);
        const bool closed = zipCloseFileInZip(out) == ZIP_OK;
        if (!rowsError.isEmpty() && rowsError != u"stopped"_s)
            ok = fail(rowsError);
        else if (written >= kPartLimit)
            ok = fail(
                u"%1 would be 4 GiB or more, more than a workbook part can hold; export CSV instead"_s.arg(
                    QString::fromUtf8(part)));
        else if (!written_ok || !closed || !rowsError.isEmpty())
            ok = fail(u"cannot write %1 into the workbook"_s.arg(QString::fromUtf8(part)));
    }
    unzClose(in);
    if (zipClose(out, nullptr) != ZIP_OK && ok)
        ok = fail(u"cannot finish the workbook"_s);
    return ok;
}

} // namespace portolan
