#pragma once

#include <QAbstractSocket>
#include <QString>

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace portolan {

// Address space arithmetic for rule sets that match ranges of addresses
// (nftables interval sets): addresses as 128-bit numbers, networks as
// intervals, and a partition that cuts overlapping networks into pieces.
__extension__ typedef unsigned __int128 Address; // IPv4 in the low 32 bits

struct Interval
{
    Address first = 0;
    Address last = 0;
};

// "10.1.2.0/24" (host bits allowed) or "10.1.2.3" as the addresses it covers,
// when it is an address of `family`; nothing otherwise.
std::optional<Interval> parseInterval(const QString& text, QAbstractSocket::NetworkLayerProtocol family);

// One address, a prefix where the interval is one, else a range "a-b"; `bits`
// is 32 for IPv4 and 128 for IPv6.
QString intervalText(const Interval& interval, int bits);

// Addresses of one dimension cut at every boundary of the intervals added:
// each added interval is a run of consecutive pieces, and no two pieces overlap.
// Consecutive pieces are neighbours in the address space; a piece between two
// intervals that covers no added address is never named by pieces().
class Partition
{
public:
    void add(const Interval& interval);
    void build(); // after the last add()
    // The first and last piece of an interval given to add().
    std::pair<int, int> pieces(const Interval& interval) const;
    Interval piece(int index) const;

private:
    std::vector<Address> m_bounds;
};

// Merges consecutive pieces (sorted, distinct) of each key into runs: (first piece, last piece).
template <typename Key>
std::map<Key, std::vector<std::pair<int, int>>> runs(const std::map<Key, std::vector<int>>& grouped)
{
    std::map<Key, std::vector<std::pair<int, int>>> result;
    for (const auto& [key, pieces] : grouped) {
        auto& out = result[key];
        for (int p : pieces) {
            if (!out.empty() && out.back().second + 1 == p)
                out.back().second = p;
            else
                out.emplace_back(p, p);
        }
    }
    return result;
}

} // namespace portolan
