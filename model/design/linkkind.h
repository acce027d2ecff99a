#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace portolan {

// What a designer's link says: an explicit relation the model cannot infer (DOMAIN.md section 1).
// Its key is how a design file and the catalog's link sections name it; its name is how people read
// it on the canvas, on paper and in messages. Both come from one table (linkkind.cpp).
enum class LinkKind : quint8
{
    PullSource,     // a pull distribution point to its source distribution point
    Upstream,       // a software update point to its upstream update server
    CmgConnection,  // a CMG connection point to its cloud management gateway
    Exchange,       // the Exchange Server connector to Exchange
    ContentLibrary, // a site server to its remote content library share
    WsusDatabase,   // a site server to the SQL Server holding the WSUS database
    Boundary,       // a client group to a site system of its boundary group
};
inline constexpr int kLinkKindCount = 7;

// "pull_source"
const QString& linkKindKey(LinkKind kind);
// The kind a file or the catalog names; none for any other text.
std::optional<LinkKind> linkKindFromKey(QStringView key);
// Every kind's key, in the order above: what an error lists.
QStringList linkKindKeys();
// "pull source", "CMG connection"
const QString& linkKindName(LinkKind kind);

} // namespace portolan
