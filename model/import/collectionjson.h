#pragma once

// What the collector's JSON readers share (collectionreader.cpp,
// boundaryreader.cpp): reading values of WMI class instances with their JSON
// path for errors, and SMS_EmbeddedProperty lists.
#include "hierarchy.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>

#include <functional>

namespace portolan::HierarchyImport::Json {

struct ReadError
{
    QString path;
    QString message;
};

QString text(const QJsonObject& o, const QString& key, const QString& path, bool required = false);
qint64 integer(const QJsonObject& o, const QString& key, const QString& path, qint64 fallback = -1);

// Calls f(instance, path) for each instance of a class.
template <typename F> void forEach(const QJsonObject& top, const QString& cls, F&& f)
{
    const QJsonValue v = top.value(cls);
    if (v.isUndefined() || v.isNull())
        return;
    if (!v.isArray() && !v.isObject())
        throw ReadError{QStringLiteral("$.") + cls, QStringLiteral("expected an array of instances")};
    // ConvertTo-Json writes a class with one instance as an object, not an array.
    const QJsonArray items = v.isObject() ? QJsonArray{v} : v.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString path = QStringLiteral("$.%1[%2]").arg(cls).arg(i);
        if (!items[i].isObject())
            throw ReadError{path, QStringLiteral("expected an object")};
        f(items[i].toObject(), path);
    }
}

// SMS_EmbeddedProperty: PropertyName with Value (integer), Value1 and Value2 (strings).
class Props
{
public:
    Props(const QJsonObject& o, const QString& path);
    bool has(const QString& name) const { return m_byName.contains(name.toLower()); }
    qint64 value(const QString& name, qint64 fallback = -1) const;
    QString text1(const QString& name) const;
    QString text2(const QString& name) const;

private:
    QMap<QString, QJsonObject> m_byName; // lower-case name
};

// Sets an option when it differs from the product's default, the way the designer stores it.
void setOption(Options& options, const QString& name, const QVariant& value, const QVariant& fallback);

// Boundary groups (SMS_BoundaryGroup, SMS_Boundary, SMS_BoundaryGroupMembers,
// SMS_BoundaryGroupSiteSystems) as client groups with their CIDRs and boundary links.
void readBoundaries(const QJsonObject& top, Hierarchy& hierarchy, ImportReport& report,
                    const std::function<void(const QString&)>& note);
// Clients are assigned to primary sites: each group's site once the servers are known.
void assignGroupSites(Hierarchy& hierarchy, ImportReport& report);

} // namespace portolan::HierarchyImport::Json
