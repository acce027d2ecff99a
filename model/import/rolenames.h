#pragma once

#include <QString>

namespace portolan {

// Configuration Manager's role names (SMS_SystemResourceList.RoleName and
// SMS_SCI_SysResUse.RoleName, as the console's and SQL report's role lists
// also print them) and the catalog roles they become.
namespace RoleNames {

enum class Kind
{
    Mapped,   // a catalog role: *roleId says which
    Option,   // a setting of another role (the multicast service point of a DP)
    Generic,  // every site system has it; it opens no port of its own
    Unmapped, // a role Portolan has no flows for: reported
};

// "SMS Management Point" -> Mapped, "management_point". Case-insensitive; the
// console's display names ("Management point") are accepted too.
Kind lookup(const QString& roleName, QString* roleId);

} // namespace RoleNames

} // namespace portolan
