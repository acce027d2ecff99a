#pragma once

#include <QString>
#include <QStringList>

namespace portolan {

// Boundary values as Configuration Manager stores them (SMS_Boundary.Value),
// turned into the CIDR lists a client group holds.
namespace Cidr {

// "10.1.0.0-10.1.3.255" -> {"10.1.0.0/22"}; a range that is no single block is
// split into the fewest blocks that cover it exactly. IPv4 only (IP range
// boundaries are IPv4); false with *error saying why for anything else.
bool fromRange(const QString& range, QStringList* cidrs, QString* error);

// "10.1.0.0/16" or an IPv6 prefix "fd00:1::/64" as written, normalised
// ("10.1.0.0/16"); false with *error for anything that is not one network
// (host bits set, no prefix length, not an address).
bool normalise(const QString& text, QString* cidr, QString* error);

} // namespace Cidr

} // namespace portolan
