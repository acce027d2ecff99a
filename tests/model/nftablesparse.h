#pragma once

// Reads an nftables rule set back into what it admits: boxes of source
// addresses x destination addresses x protocol x ports, from the sets of
// address pairs, the port chains they jump to, and (host firewall) the closed
// ports. Comparing two lists of boxes cuts them into common pieces first, so
// that a range in one and a list of single addresses in the other compare equal
// exactly when they cover the same packets.
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <utility>

namespace portolan::test {

__extension__ typedef unsigned __int128 NftAddress; // IPv4 as ::ffff:a.b.c.d, so that families stay apart

struct NftBox
{
    NftAddress sourceFirst = 0, sourceLast = 0;
    NftAddress destinationFirst = 0, destinationLast = 0;
    QString protocol; // TCP, UDP or ICMP (echo, ports 0-0)
    int portFirst = 0, portLast = 0;
};

struct NftRuleset
{
    QList<NftBox> admitted; // accepted: source . destination pairs and their chain's ports
    QList<NftBox> closed;   // dropped for everyone (host firewall); sources cover every address
    QStringList unparsed;   // rule lines of the chains this reader does not know
};

NftRuleset parseNftablesRuleset(const QString& text);

// "source|destination|PROTOCOL|port" tuples (addresses, prefixes, port or a-b) as boxes.
QList<NftBox> boxesFromTuples(const QSet<QString>& tuples);

// The pieces each list covers, cut at the boundaries of both, as text for
// comparing and for failure messages. Without sources, only destination,
// protocol and port count.
std::pair<QSet<QString>, QSet<QString>> commonCells(const QList<NftBox>& a, const QList<NftBox>& b,
                                                    bool withSource = true);

} // namespace portolan::test
