#pragma once

#include <QByteArray>

namespace portolan {

class Catalog;

// The catalog as CSV, one row per directional catalog row, in catalog order.
// Columns: Source Role, Destination Role, Protocol, Port, Description,
// Configurable, Notes, Reference, then Scope, Options, Kind, Install Only, Why.
QByteArray catalogToCsv(const Catalog& catalog);

} // namespace portolan
