#include "escape.h"

using namespace Qt::StringLiterals;

namespace portolan::escape {

QString comment(const QString& text)
{
    QString result = text;
    for (QChar& c : result)
        if (c.category() == QChar::Other_Control || c == QChar(0x2028) || c == QChar(0x2029) ||
            c == QChar(0x85))
            c = u' ';
    return result;
}

QString powershell(const QString& text)
{
    QString result;
    result.reserve(text.size() + 2);
    result += u'\'';
    for (const QChar c : comment(text)) {
        result += c;
        if (c == u'\'' || c == QChar(0x2018) || c == QChar(0x2019) || c == QChar(0x201A) ||
            c == QChar(0x201B))
            result += c;
    }
    result += u'\'';
    return result;
}

QString nftComment(const QString& text)
{
    QString result = comment(text);
    result.replace(u'"', u'\'');
    result.replace(u'\\', u'/');
    while (result.toUtf8().size() > 120)
        result.chop(1);
    return u'"' + result + u'"';
}

QString identifier(const QString& text, int maximum)
{
    QString result;
    for (const QChar c : text) {
        if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-' ||
            c == u'_')
            result += c;
        else if (!result.endsWith(u'_'))
            result += u'_';
    }
    return result.left(maximum);
}

QString asaText(const QString& text)
{
    QString result;
    for (const QChar c : text)
        result += c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'"' ? c : u'_';
    return result.left(200);
}

} // namespace portolan::escape
