#include "csvwriter.h"

using namespace Qt::StringLiterals;

namespace portolan {

QString CsvWriter::field(const QString& value, bool neutraliseFormulas)
{
    QString text = value;
    if (neutraliseFormulas && !text.isEmpty()) {
        const QChar first = text.front();
        if (first == u'=' || first == u'+' || first == u'-' || first == u'@' || first == u'\t' ||
            first == u'\r')
            text.prepend(u'\'');
    }
    const bool quote =
        text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r');
    if (!quote)
        return text;
    text.replace(u"\""_s, u"\"\""_s);
    return u'"' + text + u'"';
}

void CsvWriter::addRow(const QStringList& fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString& f : fields)
        quoted << field(f, m_options.neutraliseFormulas);
    m_data += quoted.join(u',').toUtf8();
    m_data += m_options.crlf ? "\r\n" : "\n";
}

} // namespace portolan
