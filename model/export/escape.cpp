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
