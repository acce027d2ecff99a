#pragma once

#include <QByteArray>
#include <QStringList>

namespace portolan {

// Writes RFC 4180 CSV: fields with a comma, quote or line break are quoted,
// quotes doubled, records end with CRLF or LF. With neutraliseFormulas, a
// field that a spreadsheet would evaluate (=, +, -, @, tab, CR first) gets a
// leading apostrophe, because host names and descriptions come from users.
class CsvWriter
{
public:
    struct Options
    {
        bool crlf = false;
        bool neutraliseFormulas = false;
    };

    CsvWriter() = default;
    explicit CsvWriter(Options options) : m_options(options) {}

    void addRow(const QStringList& fields);
    const QByteArray& data() const { return m_data; }
    // Streaming: rows written so far can be handed on and dropped.
    void clear() { m_data.clear(); }

    static QString field(const QString& value, bool neutraliseFormulas = false);

private:
    Options m_options;
    QByteArray m_data;
};

} // namespace portolan
