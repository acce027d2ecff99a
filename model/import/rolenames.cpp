#include "rolenames.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace portolan::RoleNames {

namespace {

struct Entry
{
    Kind kind;
    QString roleId;
};

// The spellings come from public scripts that read SMS_SystemResourceList and
// SMS_SCI_SysResUse (a role is "SMS Dmp Connector" there, "Service connection
// point" in the console), and from the console's role list.
const QHash<QString, Entry>& table()
{
    static const QHash<QString, Entry> entries = [] {
        QHash<QString, Entry> t;
        const auto add = [&t](const QString& wmi, const QString& console, Kind kind, const QString& id) {
            t.insert(wmi.toLower(), {kind, id});
            if (!console.isEmpty())
                t.insert(console.toLower(), {kind, id});
        };
        add(u"SMS Site Server"_s, u"Site server"_s, Kind::Mapped, u"site_server"_s);
        add(u"SMS Provider"_s, u"SMS Provider"_s, Kind::Mapped, u"sms_provider"_s);
        add(u"SMS SQL Server"_s, u"Site database server"_s, Kind::Mapped, u"sql_server"_s);
        add(u"SMS Management Point"_s, u"Management point"_s, Kind::Mapped, u"management_point"_s);
        add(u"SMS Distribution Point"_s, u"Distribution point"_s, Kind::Mapped, u"distribution_point"_s);
        add(u"SMS Software Update Point"_s, u"Software update point"_s, Kind::Mapped,
            u"software_update_point"_s);
        add(u"SMS Fallback Status Point"_s, u"Fallback status point"_s, Kind::Mapped,
            u"fallback_status_point"_s);
        add(u"SMS State Migration Point"_s, u"State migration point"_s, Kind::Mapped,
            u"state_migration_point"_s);
        add(u"SMS SRS Reporting Point"_s, u"Reporting services point"_s, Kind::Mapped,
            u"reporting_services_point"_s);
        add(u"AI Update Service Point"_s, u"Asset Intelligence synchronization point"_s, Kind::Mapped,
            u"asset_intelligence_sync_point"_s);
        add(u"SMS Dmp Connector"_s, u"Service connection point"_s, Kind::Mapped,
            u"service_connection_point"_s);
        add(u"SMS Cloud Proxy Connector"_s, u"Cloud management gateway connection point"_s, Kind::Mapped,
            u"cmg_connection_point"_s);
        add(u"SMS Certificate Registration Point"_s, u"Certificate registration point"_s, Kind::Mapped,
            u"certificate_registration_point"_s);
        add(u"SMS Endpoint Protection Point"_s, u"Endpoint Protection point"_s, Kind::Mapped,
            u"endpoint_protection_point"_s);
        add(u"SMS Enrollment Server"_s, u"Enrollment point"_s, Kind::Mapped, u"enrollment_point"_s);
        add(u"SMS Enrollment Web Site"_s, u"Enrollment proxy point"_s, Kind::Mapped,
            u"enrollment_proxy_point"_s);
        add(u"Data Warehouse Service Point"_s, u"Data warehouse service point"_s, Kind::Mapped,
            u"data_warehouse_service_point"_s);
        add(u"SMS Multicast Service Point"_s, {}, Kind::Option, u"dp.multicast"_s);
        add(u"SMS Site System"_s, u"Site system"_s, Kind::Generic, {});
        add(u"SMS Component Server"_s, u"Component server"_s, Kind::Generic, {});
        // The management point's notification server: its port is the MP's (client notification).
        add(u"SMS Notification Server"_s, u"Notification server"_s, Kind::Generic, {});
        return t;
    }();
    return entries;
}

} // namespace

Kind lookup(const QString& roleName, QString* roleId)
{
    const auto it = table().constFind(roleName.trimmed().toLower());
    if (it == table().constEnd()) {
        roleId->clear();
        return Kind::Unmapped;
    }
    *roleId = it->roleId;
    return it->kind;
}

} // namespace portolan::RoleNames
