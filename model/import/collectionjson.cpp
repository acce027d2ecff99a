#include "collectionjson.h"

using namespace Qt::StringLiterals;

namespace portolan::HierarchyImport::Json {

QString text(const QJsonObject& o, const QString& key, const QString& path, bool required)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            throw ReadError{path + u'.' + key, u"missing"_s};
        return {};
    }
    if (v.isDouble())
        return QString::number(v.toInteger());
    if (!v.isString())
        throw ReadError{path + u'.' + key, u"expected a string"_s};
    return v.toString().trimmed();
}

qint64 integer(const QJsonObject& o, const QString& key, const QString& path, qint64 fallback)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (v.isBool())
        return v.toBool() ? 1 : 0;
    if (!v.isDouble() && !v.isString())
        throw ReadError{path + u'.' + key, u"expected a number"_s};
    if (v.isDouble())
        return v.toInteger(fallback);
    bool ok = false;
    const qint64 value = v.toString().trimmed().toLongLong(&ok);
    if (!ok)
        throw ReadError{path + u'.' + key, u"'%1' is not a whole number"_s.arg(v.toString())};
    return value;
}

Props::Props(const QJsonObject& o, const QString& path)
{
    const QJsonValue v = o.value(u"Props");
    if (v.isUndefined() || v.isNull())
        return;
    if (!v.isArray())
        throw ReadError{path + u".Props"_s, u"expected an array of SMS_EmbeddedProperty"_s};
    const QJsonArray items = v.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString p = u"%1.Props[%2]"_s.arg(path).arg(i);
        const QJsonObject prop = items[i].toObject();
        const QString name = text(prop, u"PropertyName"_s, p, true).toLower();
        integer(prop, u"Value"_s, p); // a Value that is no number is an error here, with its place
        m_byName.insert(name, prop);
    }
}

qint64 Props::value(const QString& name, qint64 fallback) const
{
    const auto it = m_byName.constFind(name.toLower());
    return it == m_byName.constEnd() ? fallback : integer(*it, u"Value"_s, {}, fallback);
}

QString Props::text1(const QString& name) const
{
    const auto it = m_byName.constFind(name.toLower());
    return it == m_byName.constEnd() ? QString() : it->value(u"Value1").toString().trimmed();
}

QString Props::text2(const QString& name) const
{
    const auto it = m_byName.constFind(name.toLower());
    return it == m_byName.constEnd() ? QString() : it->value(u"Value2").toString().trimmed();
}

void setOption(Options& options, const QString& name, const QVariant& value, const QVariant& fallback)
{
    if (value != fallback)
        options.insert(name, value);
}

} // namespace portolan::HierarchyImport::Json
