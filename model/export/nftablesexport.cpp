// nftables rule set for a firewall between zones (the forward chain) or on
// each host (the input chain). Whatever the size of the design, it is a few
// large objects rather than thousands of small ones, so that nft checks and
// loads it quickly and an unprivileged `unshare -rn nft -c` (whose netlink
// messages may not exceed the default socket buffer, about 200 KB) accepts
// even the large generated design:
//   - each pair of addresses (source . destination) gets the union of the ports
//     its rules open, and goes into one set per distinct port list: a
//     concatenation `ip saddr . ip daddr @set jump chain`, the chain admitting
//     those ports. Within a set, addresses are cut at every boundary of the
//     set's networks (a server inside a client subnet) so that no two elements
//     overlap, and neighbouring pieces are merged into ranges, destinations
//     first, then sources. Sets may overlap one another: a packet is admitted
//     when any of them admits it, which is the union of the design's flows;
//   - one chain per distinct port list, named from its ports;
//   - for the host firewall, per family one set of (destination . protocol .
//     port) that the design opens, dropped for every other source.
// Flows that cannot be expressed are commented placeholders.
#include "addressranges.h"
#include "design/document.h"
#include "escape.h"
#include "exporter.h"
#include "zonerules.h"

#include <QHostAddress>
#include <QSet>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

__extension__ typedef unsigned __int128 Address; // IPv4 in the low 32 bits

struct Family
{
    QAbstractSocket::NetworkLayerProtocol protocol;
    int bits;
    const char16_t* suffix;
    const char16_t* type;
    const char16_t* match;
    const char16_t* title;
};

constexpr Family kFamilies[] = {
    {QAbstractSocket::IPv4Protocol, 32, u"v4", u"ipv4_addr", u"ip", u"IPv4"},
    {QAbstractSocket::IPv6Protocol, 128, u"v6", u"ipv6_addr", u"ip6", u"IPv6"},
};

// The ports one pair of pieces may use: per protocol (6 TCP, 17 UDP, 1 ICMP
// echo), disjoint sorted ranges.
using PortList = std::map<int, std::vector<std::pair<int, int>>>;

void addPorts(PortList& list, int protocol, int first, int last)
{
    auto& ranges = list[protocol];
    ranges.emplace_back(first, last);
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::pair<int, int>> merged;
    for (const auto& r : ranges) {
        if (!merged.empty() && r.first <= merged.back().second + 1)
            merged.back().second = std::max(merged.back().second, r.second);
        else
            merged.push_back(r);
    }
    ranges = std::move(merged);
}

QString rangesText(const std::vector<std::pair<int, int>>& ranges, const QString& separator)
{
    QStringList items;
    for (const auto& [a, b] : ranges)
        items << (a == b ? QString::number(a) : u"%1-%2"_s.arg(a).arg(b));
    return items.join(separator);
}

QString portListText(const PortList& list)
{
    QStringList parts;
    for (const auto& [protocol, ranges] : list)
        parts << (protocol == 1 ? u"ICMP echo"_s
                                : (protocol == 6 ? u"TCP "_s : u"UDP "_s) + rangesText(ranges, u", "_s));
    return parts.join(u"; "_s);
}

// Whether a port list admits TFTP requests (UDP 69).
bool opensTftp(const PortList& list)
{
    const auto udp = list.find(17);
    return udp != list.end() && std::any_of(udp->second.begin(), udp->second.end(),
                                            [](const auto& r) { return r.first <= 69 && 69 <= r.second; });
}

int protocolNumber(Protocol protocol)
{
    return protocol == Protocol::Tcp ? 6 : protocol == Protocol::Udp ? 17 : 1;
}

// Names for the comments: every node of the design with an address of the
// family that overlaps a range of addresses, so that an element's comment names
// exactly the hosts and client groups whose addresses it admits.
class NodeNames
{
public:
    NodeNames(const Document& document, const Family& family)
    {
        for (const auto& [id, node] : document.nodes())
            for (const QString& a : nodeAddresses(document, id))
                if (const auto interval = parseInterval(a, family.protocol)) {
                    m_entries.push_back({*interval, node.name});
                    m_widest = std::max(m_widest, interval->last - interval->first);
                }
        std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) {
            return a.interval.first != b.interval.first ? a.interval.first < b.interval.first
                                                        : a.name < b.name;
        });
    }
    // The names, at most kListed of them and then how many more: "a, b and 3 more".
    QString text(const Interval& range) const
    {
        constexpr qsizetype kListed = 6;
        // Entries start at most m_widest before the range's first address.
        const Address from = range.first > m_widest ? range.first - m_widest : 0;
        auto it = std::lower_bound(m_entries.begin(), m_entries.end(), from,
                                   [](const Entry& e, Address a) { return e.interval.first < a; });
        QStringList names;
        QSet<QString> seen;
        for (; it != m_entries.end() && it->interval.first <= range.last; ++it)
            if (it->interval.last >= range.first && !seen.contains(it->name)) {
                seen.insert(it->name);
                if (names.size() < kListed)
                    names << it->name;
            }
        const qsizetype more = seen.size() - names.size();
        return more == 0 ? names.join(u", "_s) : u"%1 and %2 more"_s.arg(names.join(u", "_s)).arg(more);
    }

private:
    struct Entry
    {
        Interval interval;
        QString name;
    };
    std::vector<Entry> m_entries;
    Address m_widest = 0;
};

struct FamilyRules
{
    std::map<QString, QString> pairs; // chain name -> the elements of its set of address pairs
    // chain name -> the elements of its set of (in interface . source . out interface . destination)
    std::map<QString, QString> boundPairs;
    QString closed; // host firewall: the (destination . protocol . port) elements
    QString closedIcmp;
    std::map<QString, PortList> chains; // chain name -> its ports
    int elements = 0;
};

QString chainName(const PortList& list)
{
    QStringList parts;
    for (const auto& [protocol, ranges] : list)
        parts << (protocol == 1 ? u"icmp"_s
                                : (protocol == 6 ? u"tcp_"_s : u"udp_"_s) + rangesText(ranges, u"_"_s));
    return escape::stableIdentifier(u"ports_"_s, parts.join(u'_'), 60);
}

// The distinct address intervals of one family.
class Intervals
{
public:
    int index(const Interval& interval)
    {
        const auto [it, added] = m_index.try_emplace({interval.first, interval.last}, int(m_list.size()));
        if (added)
            m_list.push_back(interval);
        return it->second;
    }
    const Interval& at(int i) const { return m_list[size_t(i)]; }

private:
    std::map<std::pair<Address, Address>, int> m_index;
    std::vector<Interval> m_list;
};

// The elements of a set of address rectangles (source . destination), without
// overlaps: both dimensions cut at every boundary, then neighbouring pieces
// merged into ranges, destinations first (a source reaches many servers of one
// site), then sources that share a destination range.
QString pairElements(const std::vector<std::pair<int, int>>& pairs, const Intervals& sources,
                     const Intervals& destinations, const Family& family, const NodeNames& names, int& count,
                     const std::pair<QString, QString>& interfaces = {})
{
    Partition from, to;
    for (const auto& [s, d] : pairs) {
        from.add(sources.at(s));
        to.add(destinations.at(d));
    }
    from.build();
    to.build();
    std::map<int, std::vector<int>> bySource; // source piece -> destination pieces
    for (const auto& [s, d] : pairs) {
        const auto [s0, s1] = from.pieces(sources.at(s));
        const auto [d0, d1] = to.pieces(destinations.at(d));
        for (int i = s0; i <= s1; ++i)
            for (int j = d0; j <= d1; ++j)
                bySource[i].push_back(j);
    }
    for (auto& [piece, list] : bySource) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    std::map<std::pair<int, int>, std::vector<int>> byDestinationRun; // sources in order
    for (const auto& [source, destinationRuns] : runs(bySource))
        for (const auto& run : destinationRuns)
            byDestinationRun[run].push_back(source);
    std::map<std::tuple<int, int, int, int>, bool> elements; // ordered by source, then destination
    for (const auto& [run, sourceRuns] : runs(byDestinationRun))
        for (const auto& [s0, s1] : sourceRuns)
            elements[{s0, s1, run.first, run.second}] = true;
    QString text;
    for (const auto& [e, unused] : elements) {
        const auto [s0, s1, d0, d1] = e;
        const Interval source{from.piece(s0).first, from.piece(s1).last};
        const Interval destination{to.piece(d0).first, to.piece(d1).last};
        const QString in = interfaces.first.isEmpty() ? QString() : u"\"%1\" . "_s.arg(interfaces.first);
        const QString out = interfaces.second.isEmpty() ? QString() : u"\"%1\" . "_s.arg(interfaces.second);
        text += u"            %1%2 . %3%4, # %5 -> %6\n"_s.arg(
            in, intervalText(source, family.bits), out, intervalText(destination, family.bits),
            escape::comment(names.text(source)), escape::comment(names.text(destination)));
        ++count;
    }
    return text;
}

// Host firewall: every (destination, protocol, port) the design opens, without overlaps.
void closedElements(const std::map<int, PortList>& opened, const Intervals& destinations,
                    const Family& family, const NodeNames& names, FamilyRules& out)
{
    Partition to;
    for (const auto& [d, list] : opened)
        to.add(destinations.at(d));
    to.build();
    std::map<int, PortList> pieces;
    for (const auto& [d, list] : opened) {
        const auto [d0, d1] = to.pieces(destinations.at(d));
        for (int j = d0; j <= d1; ++j) {
            for (const auto& [protocol, ranges] : list)
                for (const auto& [first, last] : ranges)
                    addPorts(pieces[j], protocol, first, last);
        }
    }
    std::map<std::pair<int, std::pair<int, int>>, std::vector<int>> byPort; // (protocol, ports) -> pieces
    for (const auto& [piece, list] : pieces)
        for (const auto& [protocol, ranges] : list)
            for (const auto& range : ranges)
                byPort[{protocol, range}].push_back(piece);
    std::map<std::tuple<int, int, int, int>, QString> closed; // (first, last, protocol, port) -> element
    for (const auto& [key, destinationRuns] : runs(byPort))
        for (const auto& [d0, d1] : destinationRuns) {
            const auto [protocol, ports] = key;
            const Interval range{to.piece(d0).first, to.piece(d1).last};
            const QString where = intervalText(range, family.bits);
            const QString comment = escape::comment(names.text(range));
            if (protocol == 1)
                closed[{d0, d1, 1, 0}] = u"            %1, # %2\n"_s.arg(where, comment);
            else
                closed[{d0, d1, protocol, ports.first}] = u"            %1 . %2 . %3, # %4\n"_s.arg(
                    where, protocol == 6 ? u"tcp"_s : u"udp"_s, rangesText({ports}, QString()), comment);
        }
    for (const auto& [key, line] : closed)
        (std::get<2>(key) == 1 ? out.closedIcmp : out.closed) += line;
}

// The sets of address pairs of one family, one per port list, and for the host
// firewall the ports to close. Each pair of addresses gets the union of the
// ports its rules open, so the sets together admit exactly the rules' flows.
// `interfaces`: per rule, the firewall interfaces of its source and destination
// zones when both are bound, else empty.
FamilyRules familyRules(const Document& document, const ZoneRules& compiled,
                        const std::vector<std::pair<QString, QString>>& interfaces, const Family& family,
                        bool host, std::vector<bool>& expressed)
{
    const NodeNames names(document, family);
    Intervals sources, destinations;
    std::vector<std::vector<int>> sourceIndex(size_t(compiled.groups.size())),
        destinationIndex(size_t(compiled.groups.size()));
    // (interfaces, source interval, destination interval)
    std::map<std::tuple<std::pair<QString, QString>, int, int>, PortList> pairs;
    std::map<int, PortList> opened; // destination interval
    for (qsizetype r = 0; r < compiled.rules.size(); ++r) {
        const ZoneRule& rule = compiled.rules.at(r);
        const auto intervals = [&](int group, Intervals& table, std::vector<std::vector<int>>& cache) {
            std::vector<int>& list = cache[size_t(group)];
            if (list.empty())
                for (const QString& a : compiled.groups.at(group).addresses)
                    if (const auto interval = parseInterval(a, family.protocol))
                        list.push_back(table.index(*interval));
            return list;
        };
        const std::vector<int> src = intervals(rule.source, sources, sourceIndex);
        const std::vector<int> dst = intervals(rule.destination, destinations, destinationIndex);
        if (src.empty() || dst.empty())
            continue;
        expressed[size_t(r)] = true;
        const int protocol = protocolNumber(rule.protocol);
        std::vector<std::pair<int, int>> ports; // ICMP echo is one "port"
        if (protocol == 1)
            ports.emplace_back(0, 0);
        else
            for (const RulePort& p : rule.ports)
                ports.emplace_back(p.port.first, p.port.last);
        for (int d : dst)
            for (const auto& [first, last] : ports) {
                addPorts(opened[d], protocol, first, last);
                for (int s : src)
                    addPorts(pairs[{interfaces[size_t(r)], s, d}], protocol, first, last);
            }
    }
    FamilyRules out;
    // chain name -> interfaces -> address pairs
    std::map<QString, std::map<std::pair<QString, QString>, std::vector<std::pair<int, int>>>> byChain;
    for (const auto& [key, list] : pairs) {
        const auto& [bound, s, d] = key;
        const QString name = chainName(list);
        out.chains.try_emplace(name, list);
        byChain[name][bound].emplace_back(s, d);
    }
    for (const auto& [name, byInterfaces] : byChain)
        for (const auto& [bound, list] : byInterfaces)
            (bound.first.isEmpty() ? out.pairs : out.boundPairs)[name] +=
                pairElements(list, sources, destinations, family, names, out.elements, bound);
    if (host)
        closedElements(opened, destinations, family, names, out);
    return out;
}

// A port chain. Only the ICMP of the families whose sets jump here (an icmpv6
// rule in a chain only IPv4 reaches could never match). TFTP (UDP 69) gets the
// kernel's tftp helper: the server answers from a new port, which conntrack then
// expects as related instead of seeing a new connection the other way.
QString chainText(const QString& name, const PortList& list, bool ipv4, bool ipv6, bool tftpHelper)
{
    QString text = u"\n    chain %1 {\n        # %2\n"_s.arg(name, portListText(list));
    for (const auto& [protocol, ranges] : list) {
        if (protocol == 1) {
            if (ipv4)
                text += u"        icmp type echo-request accept\n"_s;
            if (ipv6)
                text += u"        icmpv6 type echo-request accept\n"_s;
            continue;
        }
        const QString proto = protocol == 6 ? u"tcp"_s : u"udp"_s;
        const QString ports = rangesText(ranges, u", "_s);
        if (protocol == 17 && tftpHelper && opensTftp(list))
            text += u"        udp dport 69 ct helper set \"tftp\"\n"_s;
        text += ranges.size() == 1 ? u"        %1 dport %2 accept\n"_s.arg(proto, ports)
                                   : u"        %1 dport { %2 } accept\n"_s.arg(proto, ports);
    }
    return text + u"    }\n"_s;
}

// The sets, port chains and base chain rules of both IP families.
struct Body
{
    QString objects; // sets
    QString chain;   // rules of the base chain
    std::map<QString, PortList> chains;
    std::map<QString, std::set<QString>> families; // chain name -> the families whose sets jump to it
    int elements = 0;
};

Body body(const Document& document, const ZoneRules& compiled,
          const std::vector<std::pair<QString, QString>>& interfaces, bool host, std::vector<bool>& expressed)
{
    Body b;
    for (const Family& family : kFamilies) {
        const FamilyRules rules = familyRules(document, compiled, interfaces, family, host, expressed);
        const QString suffix = QString::fromUtf16(family.suffix), type = QString::fromUtf16(family.type),
                      match = QString::fromUtf16(family.match);
        b.elements += rules.elements;
        b.chains.insert(rules.chains.begin(), rules.chains.end());
        for (const auto& [name, elementsText] : rules.pairs) {
            b.objects += u"\n    # %1 source . destination pairs that may use %2.\n"
                         u"    set %3_%4 {\n        type %5 . %5\n        flags interval\n"
                         u"        elements = {\n%6        }\n    }\n"_s.arg(
                             QString::fromUtf16(family.title), portListText(rules.chains.at(name)), suffix,
                             name, type, elementsText);
            b.chain += u"        %1 saddr . %1 daddr @%2_%3 jump %3\n"_s.arg(match, suffix, name);
            b.families[name].insert(suffix);
        }
        for (const auto& [name, elementsText] : rules.boundPairs) {
            b.objects +=
                u"\n    # %1 in interface . source . out interface . destination that may use %2.\n"
                u"    set %3_if_%4 {\n        type ifname . %5 . ifname . %5\n        flags interval\n"
                u"        elements = {\n%6        }\n    }\n"_s.arg(QString::fromUtf16(family.title),
                                                                    portListText(rules.chains.at(name)),
                                                                    suffix, name, type, elementsText);
            b.chain += u"        iifname . %1 saddr . oifname . %1 daddr @%2_if_%3 jump %3\n"_s.arg(
                match, suffix, name);
            b.families[name].insert(suffix);
        }
        if (!rules.closed.isEmpty()) {
            b.objects +=
                u"\n    # Destination . protocol . port that the design opens: closed to other sources.\n"
                u"    set closed_%1 {\n        type %2 . inet_proto . inet_service\n        flags interval\n"
                u"        elements = {\n%3        }\n    }\n"_s.arg(suffix, type, rules.closed);
        }
        if (!rules.closedIcmp.isEmpty()) {
            b.objects += u"\n    # Destinations that answer ping for the design: closed to other sources.\n"
                         u"    set closed_icmp_%1 {\n        type %2\n        flags interval\n"
                         u"        elements = {\n%3        }\n    }\n"_s.arg(suffix, type, rules.closedIcmp);
        }
    }
    if (host)
        for (const Family& family : kFamilies) {
            const QString suffix = QString::fromUtf16(family.suffix),
                          match = QString::fromUtf16(family.match);
            if (b.objects.contains(u"set closed_"_s + suffix + u" {"_s))
                b.chain +=
                    u"        %1 daddr . meta l4proto . th dport @closed_%2 counter log prefix \"portolan drop \" drop\n"_s
                        .arg(match, suffix);
            if (b.objects.contains(u"set closed_icmp_"_s + suffix + u" {"_s))
                b.chain +=
                    u"        %1 daddr @closed_icmp_%2 %3 type echo-request counter log prefix \"portolan drop \" drop\n"_s
                        .arg(match, suffix, suffix == u"v4"_s ? u"icmp"_s : u"icmpv6"_s);
        }
    return b;
}

QString fileHeader(const Document& document, const ExportOptions& options, bool host)
{
    QString out;
    out += u"#!/usr/sbin/nft -f\n"_s;
    out += host ? u"# Portolan: nftables ruleset for the host firewall of each computer (input chain).\n"_s
                : u"# Portolan: nftables ruleset for a network firewall between zones.\n"_s;
    out += u"# "_s + escape::comment(generatedBy(document, options.designFile)) + u'\n';
    out +=
        host ? u"# Load the same file on every host: each pair matches its own host's address. The ports\n"
               u"# the design opens on a host admit only the design's sources; other traffic (SSH, ...)\n"
               u"# is left to the host's own rules.\n"_s
             : u"# Only flows between different zones are here; everything else this chain drops, counted\n"
               u"# and logged with the prefix \"portolan drop \". The table filters forwarded traffic only:\n"
               u"# the firewall's own input (SSH, management) is deliberately left to its own rules.\n"_s;
    if (!host) {
        QStringList unbound;
        for (const Zone& z : document.zones())
            if (z.firewallInterface.isEmpty())
                unbound << z.name;
        if (unbound.isEmpty())
            out +=
                u"# Every zone is bound to the firewall interface it sits behind: rules match the\n"
                u"# interfaces (iifname, oifname) with the addresses, so a forged source on the wrong side\n"
                u"# is dropped.\n"_s;
        else
            out +=
                (unbound.size() == document.zones().size()
                     ? u"# No zone is bound to a firewall interface: rules match addresses only"_s
                     : u"# Zones not bound to a firewall interface: "_s +
                           escape::comment(unbound.join(u", "_s)) + u". Their rules match addresses only"_s) +
                u"\n# and rely on reverse-path filtering (sysctl net.ipv4.conf.all.rp_filter=1) to drop\n"
                u"# a forged source arriving on the wrong side. Name each zone's interface in the design\n"
                u"# (Properties > Network zones) to have this rule set match it.\n"_s;
    }
    const QString table = host ? u"portolan_host"_s : u"portolan"_s;
    out +=
        u"# Each (source, destination) pair of the design is in the set of the ports it may use,\n"
        u"# whose rule jumps to a chain admitting them; neighbouring addresses share one range.\n"
        u"# Chain names come from their ports, so two exports differ only where the design does.\n"
        u"# Flows this file cannot admit are listed as NOT EXPRESSED at the end of the chain.\n"
        u"# Check with: nft -c -f FILE   Load with: nft -f FILE (replaces the table inet %1).\n"_s.arg(table);
    return out;
}

} // namespace

std::optional<QByteArray> nftablesRuleset(const Document& document, const FlowEngine& engine,
                                          const ExportOptions& options, QString* error, ExportReport* report)
{
    const bool host = options.target == RuleTarget::Host;
    const std::optional<ZoneRules> compiled =
        host ? compileHostRules(document, engine, error) : compileZoneRules(document, engine, error);
    if (!compiled)
        return std::nullopt;
    QList<Placeholder> placeholders = compiled->placeholders;
    std::vector<bool> expressed(size_t(compiled->rules.size()), false);
    // Zones bound to the firewall's interfaces: their rules match the interfaces with the addresses.
    std::vector<std::pair<QString, QString>> interfaces(size_t(compiled->rules.size()));
    if (!host)
        for (qsizetype r = 0; r < compiled->rules.size(); ++r) {
            const ZoneRule& rule = compiled->rules.at(r);
            const Zone* from = document.zone(rule.fromZone);
            const Zone* to = document.zone(rule.toZone);
            if (from && to && !from->firewallInterface.isEmpty() && !to->firewallInterface.isEmpty())
                interfaces[size_t(r)] = {from->firewallInterface, to->firewallInterface};
        }
    Body b = body(document, *compiled, interfaces, host, expressed);
    for (qsizetype r = 0; r < compiled->rules.size(); ++r)
        if (!expressed[size_t(r)]) {
            const ZoneRule& rule = compiled->rules.at(r);
            placeholders << Placeholder{rule.remark,
                                        u"the sources and destinations have no IP family in common"_s,
                                        flowCount(rule.protocol, rule.ports)};
        }
    for (const Placeholder& p : std::as_const(placeholders))
        b.chain += u"        # NOT EXPRESSED: "_s + escape::comment(p.text()) + u'\n';
    const QString table = host ? u"portolan_host"_s : u"portolan"_s;
    QString out = fileHeader(document, options, host);
    out += u"table inet %1\ndelete table inet %1\n\ntable inet %1 {"_s.arg(table);
    out += b.objects;
    bool tftp = false;
    for (const auto& [name, list] : b.chains)
        tftp = tftp || opensTftp(list);
    if (tftp && !host)
        out += u"\n    # TFTP (PXE boot): the server sends its data from a new port; this helper makes\n"
               u"    # conntrack expect it, so it passes as related instead of being dropped.\n"
               u"    ct helper tftp {\n        type \"tftp\" protocol udp\n    }\n"_s;
    for (const auto& [name, list] : b.chains) {
        const std::set<QString>& families = b.families[name];
        out += chainText(name, list, families.contains(u"v4"_s), families.contains(u"v6"_s), !host);
    }
    out += host ? u"\n    chain input {\n        type filter hook input priority filter; policy accept;\n"
                  u"        ct state established,related accept\n        iif \"lo\" accept\n"_s
                : u"\n    chain forward {\n        type filter hook forward priority filter; policy drop;\n"
                  u"        ct state established,related accept\n"_s;
    out += b.chain;
    if (!host) // the policy drops too, but without a count or a trace
        out += u"        counter log prefix \"portolan drop \" drop\n"_s;
    out += u"    }\n}\n"_s;
    int ruleCount = 0; // every line of a chain that matches and decides
    for (const QStringView line : QStringView(out).split(u'\n'))
        if (line.startsWith(u"        ") && !line.trimmed().startsWith(u'#') &&
            (line.endsWith(u" accept") || line.endsWith(u" drop") || line.contains(u" jump ")))
            ++ruleCount;
    out += u"# %1 address pairs in %2 port lists. "_s.arg(b.elements).arg(b.chains.size()) +
           placeholderSummary(ruleCount, placeholders) + u'\n';
    if (report)
        for (const Placeholder& p : std::as_const(placeholders)) {
            report->placeholders << p.text();
            report->flows += p.flows;
        }
    return out.toUtf8();
}

} // namespace portolan
