#include "addresschecks.h"

#include "design/document.h"
#include "export/addressranges.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <vector>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// An address or subnet as the interval of addresses it covers (the rule sets' own arithmetic).
struct Net
{
    QAbstractSocket::NetworkLayerProtocol family = QAbstractSocket::UnknownNetworkLayerProtocol;
    Interval range;
    bool contains(const Net& inner) const
    {
        return family == inner.family && range.first <= inner.range.first && inner.range.last <= range.last;
    }
    bool overlaps(const Net& other) const
    {
        return family == other.family && range.first <= other.range.last && other.range.first <= range.last;
    }
};

std::optional<Net> parseNet(const QString& text)
{
    for (const auto family : {QAbstractSocket::IPv4Protocol, QAbstractSocket::IPv6Protocol})
        if (const auto range = parseInterval(text, family))
            return Net{family, *range};
    return std::nullopt;
}

} // namespace

QList<DesignIssue> checkAddresses(const Document& doc)
{
    QList<DesignIssue> issues;
    const auto warn = [&issues](const QString& message, int node) {
        issues << DesignIssue{DesignIssue::Severity::Warning, message, -1, node};
    };
    // Zones' subnets, parsed once.
    QHash<QString, std::vector<Net>> zoneNets;
    std::vector<std::pair<const Zone*, std::vector<std::pair<QString, Net>>>> zones;
    for (const Zone& z : doc.zones()) {
        std::vector<std::pair<QString, Net>> nets;
        for (const QString& s : z.subnets)
            if (const auto n = parseNet(s.trimmed())) {
                nets.emplace_back(s.trimmed(), *n);
                zoneNets[z.key].push_back(*n);
            }
        zones.emplace_back(&z, std::move(nets));
    }
    for (size_t i = 0; i < zones.size(); ++i)
        for (size_t j = i + 1; j < zones.size(); ++j)
            for (const auto& [a, na] : zones[i].second)
                for (const auto& [b, nb] : zones[j].second)
                    if (na.overlaps(nb))
                        warn(u"zones '%1' and '%2' overlap (%3 and %4): a rule set cannot tell their hosts "
                             u"apart by address"_s.arg(zones[i].first->name, zones[j].first->name, a, b),
                             -1);

    // Two hosts with one address: sorted rather than hashed, for designs of a million servers.
    std::vector<std::tuple<int, Address, int>> hosts; // (family, address, node)
    for (const auto& [id, n] : doc.nodes()) {
        std::vector<std::pair<QString, Net>> own; // the node's address or its client subnets
        if (!n.address.isEmpty())
            if (const auto net = parseNet(n.address)) {
                own.emplace_back(n.address, *net);
                if (net->range.first == net->range.last && !n.address.contains(u'/'))
                    hosts.emplace_back(int(net->family), net->range.first, id);
            }
        for (const QString& s : n.subnets)
            if (const auto net = parseNet(s.trimmed()))
                own.emplace_back(s.trimmed(), *net);
        const auto nets = zoneNets.constFind(n.zone);
        if (nets == zoneNets.cend() || nets->empty())
            continue; // a zone without subnets says nothing about its addresses
        const Zone* zone = doc.zone(n.zone);
        for (const auto& entry : own) {
            const Net& inner = entry.second; // clang captures no structured binding
            if (std::none_of(nets->cbegin(), nets->cend(),
                             [&inner](const Net& z) { return z.contains(inner); }))
                warn(u"%1 lies outside the subnets of its zone '%2' (%3)"_s.arg(
                         entry.first, zone ? zone->name : n.zone,
                         zone ? zone->subnets.join(u", ") : QString()),
                     id);
        }
    }
    std::sort(hosts.begin(), hosts.end());
    const auto sameAddress = [&hosts](size_t a, size_t b) {
        return std::get<0>(hosts[a]) == std::get<0>(hosts[b]) &&
               std::get<1>(hosts[a]) == std::get<1>(hosts[b]);
    };
    for (size_t i = 1, first = 0; i < hosts.size(); ++i) {
        if (!sameAddress(i, i - 1)) {
            first = i; // the first host of each address is the one the later ones are named against
            continue;
        }
        const Node* n = doc.node(std::get<2>(hosts[i]));
        issues << DesignIssue{DesignIssue::Severity::Error,
                              u"has address %1, which %2 has too: two hosts cannot share an address"_s.arg(
                                  n->address, doc.node(std::get<2>(hosts[first]))->name),
                              -1, std::get<2>(hosts[i])};
    }
    return issues;
}

} // namespace portolan
