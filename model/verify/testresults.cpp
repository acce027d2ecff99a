// Results files are CSV read with libcsv (strict mode: a stray quote is an
// error, not a guess), fed a line at a time so that errors can name the line.
#include "testresults.h"

#include "design/designfile.h"

#include <QFile>
#include <QHash>

#include <csv.h>

using namespace Qt::StringLiterals;

namespace portolan {

QString testResultName(TestResult result)
{
    switch (result) {
    case TestResult::Pass:
        return u"PASS"_s;
    case TestResult::Fail:
        return u"FAIL"_s;
    case TestResult::NoResponder:
        return u"NO RESPONDER"_s;
    case TestResult::NotTested:
        return u"NOT TESTED"_s;
    }
    return {};
}

std::optional<TestResult> testResultFromName(QStringView name)
{
    for (TestResult r : {TestResult::Pass, TestResult::Fail, TestResult::NoResponder, TestResult::NotTested})
        if (name.compare(testResultName(r), Qt::CaseInsensitive) == 0)
            return r;
    return std::nullopt;
}

namespace {

// Collects records from libcsv's callbacks, each with the line it started on.
struct Records
{
    QList<QStringList> rows;
    QList<int> lines;
    QStringList current;
    int line = 0;       // the physical line being fed
    int rowStart = -1;  // where the current record started
    int fieldLine = -1; // where the field being read began (-1: between records, not begun yet)

    static void field(void* text, size_t size, void* self)
    {
        auto* r = static_cast<Records*>(self);
        if (r->rowStart < 0)
            r->rowStart = r->line;
        r->current << QString::fromUtf8(static_cast<const char*>(text), qsizetype(size));
        r->fieldLine = r->line; // the next field begins on this line
    }
    static void end(int, void* self)
    {
        auto* r = static_cast<Records*>(self);
        r->rows << r->current;
        r->lines << (r->rowStart < 0 ? r->line : r->rowStart);
        r->current.clear();
        r->rowStart = -1;
        r->fieldLine = -1;
    }
};

const QStringList kRequired = {u"source"_s,   u"time"_s, u"destination"_s,
                               u"protocol"_s, u"port"_s, u"result"_s};

// Every record of the data, each with its line; false with libcsv's reason
// (and records->line at the line it stopped on) when the data is not CSV.
bool readRecords(const QByteArray& data, Records* records, QString* why)
{
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        *why = u"cannot start the CSV reader"_s;
        return false;
    }
    qsizetype at = data.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    bool ok = true;
    while (ok && at < data.size()) {
        ++records->line;
        qsizetype next = data.indexOf('\n', at);
        next = next < 0 ? data.size() : next + 1;
        const size_t size = size_t(next - at);
        const QByteArrayView text(data.constData() + at, qsizetype(size));
        if (records->fieldLine < 0 && !text.trimmed().isEmpty())
            records->fieldLine = records->line;
        ok = csv_parse(&parser, data.constData() + at, size, Records::field, Records::end, records) == size;
        at = next;
    }
    if (!ok && records->fieldLine > 0 && records->fieldLine < records->line) {
        // A quoted field ran on from an earlier line until a quote in it made no sense:
        // the quote that was never closed is where to look.
        *why = u"not CSV: a quoted field that begins here is not closed (the data stops making sense at "
               u"line %1)"_s.arg(records->line);
        records->line = records->fieldLine;
    } else if (!ok) {
        *why = u"not CSV: "_s + QString::fromUtf8(csv_strerror(csv_error(&parser)));
    } else if (csv_fini(&parser, Records::field, Records::end, records) != 0) {
        // Name the line where the quote opened, not the end of the file.
        records->line = qMax(1, records->fieldLine);
        *why = u"not CSV: a quoted field that begins here is not closed"_s;
        ok = false;
    }
    csv_free(&parser);
    return ok;
}

// One record as a row; nullopt with the reason in *why when a value is not what
// docs/test-results.md allows.
std::optional<ResultRow> rowOf(const QStringList& record, const QHash<QString, int>& column, QString* why)
{
    const auto value = [&](const QString& name) {
        return record.value(column.value(name, -1)).trimmed();
    };
    const auto fail = [why](const QString& text) {
        *why = text;
        return std::nullopt;
    };
    ResultRow row;
    row.source = value(u"source"_s);
    row.computer = value(u"computer"_s);
    row.destination = value(u"destination"_s);
    row.address = value(u"address"_s);
    row.port = value(u"port"_s);
    row.testedPort = value(u"tested_port"_s);
    row.reason = value(u"reason"_s);
    if (row.source.isEmpty())
        return fail(u"no source"_s);
    if (row.destination.isEmpty())
        return fail(u"no destination"_s);
    row.time = QDateTime::fromString(value(u"time"_s), Qt::ISODate);
    if (!row.time.isValid() || row.time.timeSpec() == Qt::LocalTime)
        return fail(u"time '%1' is not an ISO 8601 time with a time zone (2026-11-25T21:04:05Z)"_s.arg(
            value(u"time"_s)));
    // A local calendar (a Thai Buddhist year is 543 years ahead) would always win as the newest.
    if (row.time > QDateTime::currentDateTimeUtc().addDays(1))
        return fail(
            u"time '%1' is in the future (year %2): written with a local calendar or a wrong clock? "
            u"Times must be UTC in the Gregorian calendar (2026-11-25T21:04:05Z)"_s.arg(value(u"time"_s))
                .arg(row.time.toUTC().date().year()));
    const auto protocol = protocolFromName(value(u"protocol"_s).toUpper());
    if (!protocol)
        return fail(u"protocol '%1' is not TCP, UDP or ICMP"_s.arg(value(u"protocol"_s)));
    row.protocol = *protocol;
    const auto result = testResultFromName(value(u"result"_s));
    if (!result)
        return fail(u"result '%1' is not PASS, FAIL, NO RESPONDER or NOT TESTED"_s.arg(value(u"result"_s)));
    row.result = *result;
    if (row.protocol == Protocol::Icmp) {
        row.port.clear();
        row.testedPort.clear();
        return row;
    }
    QString portError;
    const auto port = PortSpec::parseConcrete(row.port, &portError);
    if (!port)
        return fail(u"port '%1': %2"_s.arg(row.port, portError));
    row.port = port->toString(); // "0443" and " 443" name the flow 443
    if (!row.testedPort.isEmpty()) {
        const auto tested = PortSpec::parseConcrete(row.testedPort, &portError);
        if (!tested || tested->kind != PortSpec::Kind::Single)
            return fail(u"tested_port '%1' is not one port"_s.arg(row.testedPort));
    }
    return row;
}

} // namespace

bool parseTestResults(const QByteArray& data, const QString& fileName, QList<ResultRow>* rows, QString* error)
{
    const auto fail = [&](int line, const QString& why) {
        *error = line > 0 ? u"%1:%2: %3"_s.arg(fileName).arg(line).arg(why) : fileName + u": "_s + why;
        return false;
    };
    if (data.startsWith("\xFF\xFE") || data.startsWith("\xFE\xFF") ||
        (data.size() >= 2 && (data.at(0) == 0 || data.at(1) == 0)))
        return fail(0, u"UTF-16 text, not a UTF-8 CSV results file: save it as UTF-8 (Export-Csv -Encoding "
                       u"UTF8)"_s);
    Records records;
    QString why;
    if (!readRecords(data, &records, &why))
        return fail(records.line, why);
    // An Export-Csv type line, then the header.
    qsizetype first = 0;
    if (!records.rows.isEmpty() && records.rows.first().value(0).startsWith(u"#TYPE"))
        ++first;
    if (first >= records.rows.size())
        return fail(0, u"empty: no header line (docs/test-results.md)"_s);
    QHash<QString, int> column;
    const QStringList& header = records.rows.at(first);
    for (int i = 0; i < header.size(); ++i)
        column.insert(header.at(i).trimmed().toLower(), i);
    for (const QString& name : kRequired)
        if (!column.contains(name))
            return fail(records.lines.at(first), u"the header has no '%1' column"_s.arg(name));
    QList<ResultRow> read;
    for (qsizetype i = first + 1; i < records.rows.size(); ++i) {
        const QStringList& record = records.rows.at(i);
        if (record.size() == 1 && record.first().isEmpty())
            continue;
        std::optional<ResultRow> row = rowOf(record, column, &why);
        if (!row)
            return fail(records.lines.at(i), why);
        row->file = fileName;
        row->line = records.lines.at(i);
        read << *row;
    }
    *rows << read;
    return true;
}

bool readTestResults(const QString& path, QList<ResultRow>* rows, QString* error)
{
    // A pipe, a device or a folder is refused at once, never read until memory runs out.
    QFile file;
    QString why;
    if (!DesignFile::openRegularFile(file, path, &why)) {
        *error = path + u": "_s +
                 why.replace(u"cannot open"_s, u"cannot read"_s)
                     .replace(u"not a design file"_s, u"not a results file"_s);
        return false;
    }
    if (file.size() > (qint64(64) << 20)) {
        *error = path + u": larger than 64 MB: not a results file"_s;
        return false;
    }
    return parseTestResults(file.readAll(), path, rows, error);
}

} // namespace portolan
