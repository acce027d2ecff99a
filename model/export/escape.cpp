#include "escape.h"

#include <QCryptographicHash>

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

QString terminal(const QString& text)
{
    QString result;
    result.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const char16_t u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            result += c;
            result += text.at(++i);
            continue;
        }
        const bool bidi = (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069) || u == 0x200E ||
                          u == 0x200F || u == 0x061C;
        if (u == u'\n')
            result += u"\\n"_s;
        else if (u == u'\r')
            result += u"\\r"_s;
        else if (u == u'\t')
            result += u"\\t"_s;
        else if (u < 0x20 || (u >= 0x7F && u < 0xA0))
            result += u"\\x%1"_s.arg(int(u), 2, 16, QChar(u'0'));
        else if (bidi || u == 0x2028 || u == 0x2029 || c.isSurrogate() || u == 0xFEFF)
            result += u"\\u%1"_s.arg(int(u), 4, 16, QChar(u'0'));
        else
            result += c;
    }
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

QString asaText(const QString& text, int maximum)
{
    QString result;
    for (const QChar c : text)
        result += c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'"' ? c : u'_';
    if (result.size() > maximum)
        result = result.left(maximum - 3) + u"..."_s;
    return result;
}

QString stableIdentifier(const QString& prefix, const QString& id, int maximum)
{
    QString clean;
    clean.reserve(id.size());
    for (const QChar c : id)
        clean += (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
                         c == u'-' || c == u'_'
                     ? c
                     : u'_';
    const QString whole = prefix + clean;
    if (clean == id && !id.isEmpty() && whole.size() <= maximum)
        return whole;
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha1).toHex().left(8));
    return whole.left(maximum - hash.size() - 1) + u'-' + hash;
}

} // namespace portolan::escape
