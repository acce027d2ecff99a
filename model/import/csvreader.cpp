#include "csvreader.h"

#include <csv.h>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// The separator the first record uses most, outside quotes.
char guessSeparator(QByteArrayView text)
{
    int comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ',')
            ++comma;
        else if (!quoted && c == ';')
            ++semicolon;
        else if (!quoted && c == '\t')
            ++tab;
    }
    if (tab > comma && tab > semicolon)
        return '\t';
    return semicolon > comma ? ';' : ',';
}

// Past the end of the line that starts at from: LF, CR LF or a lone CR ends it,
// as each ends a record for libcsv.
qsizetype lineEnd(QByteArrayView data, qsizetype from)
{
    const auto eol =
        std::find_if(data.begin() + from, data.end(), [](char c) { return c == '\n' || c == '\r'; });
    qsizetype end = eol - data.begin();
    if (end == data.size())
        return end;
    if (data.at(end) == '\r' && end + 1 < data.size() && data.at(end + 1) == '\n')
        ++end;
    return end + 1;
}

// Whether libcsv begins a record on this line when it is between records: it
// skips spaces, tabs and line ends there, but not the separator.
bool beginsRecord(QByteArrayView line, char separator)
{
    return std::any_of(line.begin(), line.end(), [separator](char c) {
        return c == separator || (c != ' ' && c != '\t' && c != '\r' && c != '\n');
    });
}

// What libcsv's callbacks build. libcsv tells no line numbers, so the reader
// feeds it one line at a time and keeps count here.
struct Collector
{
    QList<CsvReader::Record>* records = nullptr;
    CsvReader::Record record;
    int line = 0;          // the line being fed, 1-based
    int fieldLine = 0;     // the line where the field being read began
    bool inRecord = false; // a record has begun and not ended

    static void field(void* bytes, size_t size, void* self)
    {
        auto* c = static_cast<Collector*>(self);
        c->record.fields << QString::fromUtf8(static_cast<const char*>(bytes), qsizetype(size));
        // The next field begins on this line: a line end outside quotes ends the record.
        c->fieldLine = c->line;
    }

    static void endRecord(int, void* self)
    {
        auto* c = static_cast<Collector*>(self);
        // A lone empty field ("") is a blank line, as before.
        if (!(c->record.fields.size() == 1 && c->record.fields.first().isEmpty()))
            *c->records << std::move(c->record);
        c->record = CsvReader::Record{};
        c->inRecord = false;
    }
};

// libcsv stops at the byte it rejects; name its line, character and field.
QString parseError(csv_parser* parser, QByteArrayView line, size_t stop, const Collector& c)
{
    const int status = csv_error(parser);
    if (status != CSV_EPARSE)
        return u"line %1: %2"_s.arg(c.line).arg(QString::fromUtf8(csv_strerror(status)));
    const qsizetype at = qsizetype(stop);
    const QString place = u"line %1, character %2 (field %3)"_s.arg(c.line)
                              .arg(QString::fromUtf8(line.first(at)).size() + 1)
                              .arg(c.record.fields.size() + 1);
    if (line.at(at) == '"')
        return place + u": a stray quote; a field with quotes in it must be enclosed in quotes, each of its "
                       u"quotes doubled"_s;
    QString shown = QString::fromUtf8(line.sliced(at, std::min<qsizetype>(4, line.size() - at)));
    shown.truncate(shown.at(0).isHighSurrogate() ? 2 : 1);
    return place +
           u": '%1' after the closing quote of a field; a quote inside a quoted field must be doubled"_s.arg(
               shown);
}

} // namespace

bool CsvReader::parse(const QByteArray& data, QString* error)
{
    m_records.clear();
    QByteArrayView bytes(data);
    if (bytes.startsWith("\xef\xbb\xbf"))
        bytes = bytes.sliced(3);
    const char separator = guessSeparator(bytes);
    m_separator = QChar::fromLatin1(separator);

    // Strict: a stray quote is an error, not a guess, and so is a quote still
    // open at the end of the file (CSV_STRICT_FINI).
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        *error = u"line 1: the CSV parser could not start"_s;
        return false;
    }
    const std::unique_ptr<csv_parser, decltype(&csv_free)> freed(&parser, &csv_free);
    csv_set_delim(&parser, static_cast<unsigned char>(separator));

    Collector c;
    c.records = &m_records;
    for (qsizetype at = 0; at < bytes.size();) {
        const qsizetype end = lineEnd(bytes, at);
        const QByteArrayView line = bytes.sliced(at, end - at);
        ++c.line;
        if (!c.inRecord && beginsRecord(line, separator)) {
            c.inRecord = true;
            c.record.line = c.line;
            c.fieldLine = c.line;
        }
        const size_t done = csv_parse(&parser, line.data(), size_t(line.size()), &Collector::field,
                                      &Collector::endRecord, &c);
        if (done != size_t(line.size())) {
            *error = parseError(&parser, line, done, c);
            m_records.clear();
            return false;
        }
        at = end;
    }
    if (csv_fini(&parser, &Collector::field, &Collector::endRecord, &c) != 0) {
        *error = u"line %1: a quoted field is not closed"_s.arg(c.fieldLine);
        m_records.clear();
        return false;
    }
    return true;
}

} // namespace portolan
