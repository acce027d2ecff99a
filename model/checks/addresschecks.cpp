#include "addresschecks.h"

#include "design/document.h"

#include <QHostAddress>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// A subnet with its address as 16 bytes (IPv4 mapped into IPv6) so that one comparison serves both.
struct Net
{
    std::array<quint8, 16> bytes{};
    int prefix = 0; // in bits of the 16 bytes
    bool contains(const Net& inner) const
    {
        if (inner.prefix < prefix)
            return false;
        for (int bit = 0; bit < prefix; ++bit) {
            const quint8 mask = quint8(0x80 >> (bit % 8));
            if ((bytes[size_t(bit / 8)] & mask) != (inner.bytes[size_t(bit / 8)] & mask))
                return false;
        }
        return true;
    }
    bool overlaps(const Net& other) const { return contains(other) || other.contains(*this); }
};

std::optional<Net> parseNet(const QString& text)
{
    QHostAddress address;
    int prefix = -1;
    if (text.contains(u'/')) {
        const auto [a, p] = QHostAddress::parseSubnet(text);
        if (a.isNull())
            return std::nullopt;
        address = a;
        prefix = p;
    } else if (!address.setAddress(text)) {
        return std::nullopt;
    }
    Net net;
    if (address.protocol() == QHostAddress::IPv4Protocol) {
        const quint32 a = address.toIPv4Address();
        net.bytes[10] = net.bytes[11] = 0xff;
        for (int i = 0; i < 4; ++i)
            net.bytes[size_t(12 + i)] = quint8(a >> (24 - 8 * i));
        net.prefix = 96 + (prefix < 0 ? 32 : prefix);
    } else {
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        for (int i = 0; i < 16; ++i)
            net.bytes[size_t(i)] = v6[i];
        net.prefix = prefix < 0 ? 128 : prefix;
    }
    return net;
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
    std::vector<std::pair<std::array<quint8, 16>, int>> hosts;
    for (const auto& [id, n] : doc.nodes()) {
        std::vector<std::pair<QString, Net>> own; // the node's address or its client subnets
        if (!n.address.isEmpty())
            if (const auto net = parseNet(n.address)) {
                own.emplace_back(n.address, *net);
                if (net->prefix == 128 && n.kind != NodeKind::ClientGroup)
                    hosts.emplace_back(net->bytes, id);
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
    for (size_t i = 1; i < hosts.size(); ++i)
        if (hosts[i].first == hosts[i - 1].first) {
            size_t first = i - 1;
            while (first > 0 && hosts[first - 1].first == hosts[i].first)
                --first;
            const Node* n = doc.node(hosts[i].second);
            issues << DesignIssue{
                DesignIssue::Severity::Error,
                u"has address %1, which %2 has too: two hosts cannot share an address"_s.arg(
                    n->address, doc.node(hosts[first].second)->name),
                -1, hosts[i].second};
        }
    return issues;
}

} // namespace portolan
