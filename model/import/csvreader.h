#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace portolan {

// Reads RFC 4180 CSV, the counterpart of CsvWriter: quoted fields with doubled
// quotes, commas and line breaks inside quotes, CRLF or LF records, a UTF-8
// byte order mark. The separator is found from the first record (comma,
// semicolon as Excel writes it under many locales, or tab). An unterminated
// quote is an error naming the line where the field began.
class CsvReader
{
public:
    struct Record
    {
        int line = 0; // 1-based line where the record starts
        QStringList fields;
    };

    bool parse(const QByteArray& data, QString* error);
    const QList<Record>& records() const { return m_records; }
    QChar separator() const { return m_separator; }

private:
    QList<Record> m_records;
    QChar m_separator = u',';
};

} // namespace portolan
