#include "nftablesparse.h"

#include <QHash>
#include <QHostAddress>
#include <QRegularExpression>

#include <algorithm>
#include <map>
#include <vector>

using namespace Qt::StringLiterals;

namespace portolan::test {

namespace {

struct Span
{
    NftAddress first = 0, last = 0;
};

NftAddress addressValue(const QHostAddress& address)
{
    if (address.protocol() == QAbstractSocket::IPv4Protocol)
        return (NftAddress(0xffff) << 32) | address.toIPv4Address();
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    NftAddress value = 0;
    for (int i = 0; i < 16; ++i)
        value = (value << 8) | bytes[i];
    return value;
}

// "10.0.0.1", "10.0.0.0/24" (host bits allowed) or "10.0.0.1-10.0.0.9".
Span span(const QString& text)
{
    if (text.contains(u'-'))
        return {addressValue(QHostAddress(text.section(u'-', 0, 0))),
                addressValue(QHostAddress(text.section(u'-', 1, 1)))};
    const QHostAddress address(text.section(u'/', 0, 0));
    const int bits = address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
    const int prefix = text.contains(u'/') ? text.section(u'/', 1, 1).toInt() : bits;
    const int hostBits = bits - prefix;
    const NftAddress mask = hostBits >= 128 ? ~NftAddress(0) : (NftAddress(1) << hostBits) - 1;
    const NftAddress value = addressValue(address);
    return {value & ~mask, (value & ~mask) | mask};
}

std::pair<int, int> portRange(const QString& text)
{
    return {text.section(u'-', 0, 0).toInt(), text.section(u'-', -1).toInt()};
}

QString addressText(NftAddress value)
{
    if ((value >> 32) == 0xffff)
        return QHostAddress(quint32(value & 0xffffffffu)).toString();
    Q_IPV6ADDR bytes;
    for (int i = 15; i >= 0; --i, value >>= 8)
        bytes[i] = quint8(value & 0xff);
    return QHostAddress(bytes).toString();
}

// Boundaries of one dimension; a value's piece is the last boundary at or below it.
class Cuts
{
public:
    void add(NftAddress first, NftAddress last)
    {
        m_bounds.push_back(first);
        if (last != ~NftAddress(0))
            m_bounds.push_back(last + 1);
    }
    void build()
    {
        std::sort(m_bounds.begin(), m_bounds.end());
        m_bounds.erase(std::unique(m_bounds.begin(), m_bounds.end()), m_bounds.end());
    }
    std::pair<size_t, size_t> pieces(NftAddress first, NftAddress last) const
    {
        const auto a = std::lower_bound(m_bounds.begin(), m_bounds.end(), first);
        const auto b = last == ~NftAddress(0) ? m_bounds.end()
                                              : std::lower_bound(m_bounds.begin(), m_bounds.end(), last + 1);
        return {size_t(a - m_bounds.begin()), size_t(b - m_bounds.begin())};
    }
    NftAddress at(size_t i) const { return m_bounds[i]; }

private:
    std::vector<NftAddress> m_bounds;
};

} // namespace

NftRuleset parseNftablesRuleset(const QString& text)
{
    static const QRegularExpression setStart(u"^    set (\\S+) \\{$"_s);
    static const QRegularExpression chainStart(u"^    chain (\\S+) \\{$"_s);
    static const QRegularExpression closedElement(u"^            (\\S+) \\. (tcp|udp) \\. (\\S+), #"_s);
    static const QRegularExpression pairElement(u"^            (\\S+) \\. (\\S+), #"_s);
    static const QRegularExpression oneElement(u"^            (\\S+), #"_s);
    static const QRegularExpression ports(u"^        (tcp|udp) dport (?:\\{ ([^}]*) \\}|(\\S+)) accept$"_s);
    // Zones bound to interfaces: the interfaces narrow where a packet may come from, not its addresses.
    static const QRegularExpression jump(
        u"^        (?:iifname \\. )?ip6? saddr \\. (?:oifname \\. )?ip6? daddr @(\\S+) jump (\\S+)$"_s);
    static const QRegularExpression boundElement(
        u"^            \"[^\"]+\" \\. (\\S+) \\. \"[^\"]+\" \\. (\\S+), #"_s);
    static const QRegularExpression closePorts(
        u"^        ip6? daddr \\. meta l4proto \\. th dport @(\\S+) counter log prefix \"portolan drop \" drop$"_s);
    static const QRegularExpression closeIcmp(
        u"^        ip6? daddr @(\\S+) icmp(?:v6)? type echo-request counter log prefix \"portolan drop \" drop$"_s);
    static const QStringList ignored = {u"type "_s, u"flags interval"_s, u"elements = {"_s, u"}"_s,
                                        u"ct state established,related accept"_s, u"iif \"lo\" accept"_s,
                                        // TFTP's helper decides nothing; the final drop admits nothing.
                                        u"udp dport 69 ct helper set \"tftp\""_s,
                                        u"counter log prefix \"portolan drop \" drop"_s};

    QHash<QString, QList<QStringList>> sets; // elements as their parts
    QHash<QString, QList<std::tuple<QString, int, int>>> chains;
    QList<std::pair<QString, QString>> jumps; // set, chain
    QStringList closedSets, closedIcmpSets;
    NftRuleset result;
    QString set, chain;
    for (const QString& line : text.split(u'\n')) {
        if (line == u"    }"_s) {
            set.clear();
            chain.clear();
            continue;
        }
        if (const auto m = setStart.match(line); m.hasMatch()) {
            set = m.captured(1);
            sets[set];
            continue;
        }
        if (const auto m = chainStart.match(line); m.hasMatch()) {
            chain = m.captured(1);
            continue;
        }
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#'))
            continue;
        if (!set.isEmpty()) {
            if (const auto m = closedElement.match(line); m.hasMatch())
                sets[set] << QStringList{m.captured(1), m.captured(2).toUpper(), m.captured(3)};
            else if (const auto b = boundElement.match(line); b.hasMatch())
                sets[set] << QStringList{b.captured(1), b.captured(2)};
            else if (const auto p = pairElement.match(line); p.hasMatch())
                sets[set] << QStringList{p.captured(1), p.captured(2)};
            else if (const auto o = oneElement.match(line); o.hasMatch())
                sets[set] << QStringList{o.captured(1)};
            else if (!std::any_of(ignored.begin(), ignored.end(),
                                  [&](const QString& i) { return trimmed.startsWith(i); }))
                result.unparsed << line;
            continue;
        }
        if (chain.isEmpty())
            continue;
        if (const auto m = ports.match(line); m.hasMatch()) {
            const QString list = m.captured(2).isEmpty() ? m.captured(3) : m.captured(2);
            for (const QString& p : list.split(u", "_s)) {
                const auto [first, last] = portRange(p);
                chains[chain] << std::tuple{m.captured(1).toUpper(), first, last};
            }
        } else if (trimmed == u"icmp type echo-request accept"_s ||
                   trimmed == u"icmpv6 type echo-request accept"_s) {
            chains[chain] << std::tuple{u"ICMP"_s, 0, 0};
        } else if (const auto j = jump.match(line); j.hasMatch()) {
            jumps << std::pair{j.captured(1), j.captured(2)};
        } else if (const auto c = closePorts.match(line); c.hasMatch()) {
            closedSets << c.captured(1);
        } else if (const auto i = closeIcmp.match(line); i.hasMatch()) {
            closedIcmpSets << i.captured(1);
        } else if (!std::any_of(ignored.begin(), ignored.end(),
                                [&](const QString& x) { return trimmed.startsWith(x); })) {
            result.unparsed << line;
        }
    }
    for (const auto& [setName, chainName] : std::as_const(jumps))
        for (const QStringList& element : sets.value(setName)) {
            const Span s = span(element.value(0)), d = span(element.value(1));
            for (const auto& [protocol, first, last] : chains.value(chainName))
                result.admitted << NftBox{s.first, s.last, d.first, d.last, protocol, first, last};
        }
    for (const QString& name : std::as_const(closedSets))
        for (const QStringList& element : sets.value(name)) {
            const Span d = span(element.value(0));
            const auto [first, last] = portRange(element.value(2));
            result.closed << NftBox{0, ~NftAddress(0), d.first, d.last, element.value(1), first, last};
        }
    for (const QString& name : std::as_const(closedIcmpSets))
        for (const QStringList& element : sets.value(name)) {
            const Span d = span(element.value(0));
            result.closed << NftBox{0, ~NftAddress(0), d.first, d.last, u"ICMP"_s, 0, 0};
        }
    return result;
}

QList<NftBox> boxesFromTuples(const QSet<QString>& tuples)
{
    QList<NftBox> boxes;
    for (const QString& t : tuples) {
        const QStringList parts = t.split(u'|');
        const Span s = span(parts.value(0)), d = span(parts.value(1));
        const auto [first, last] = parts.value(3).isEmpty() ? std::pair{0, 0} : portRange(parts.value(3));
        boxes << NftBox{s.first, s.last, d.first, d.last, parts.value(2), first, last};
    }
    return boxes;
}

std::pair<QSet<QString>, QSet<QString>> commonCells(const QList<NftBox>& a, const QList<NftBox>& b,
                                                    bool withSource)
{
    Cuts sources, destinations;
    std::map<QString, Cuts> ports;
    for (const QList<NftBox>* list : {&a, &b})
        for (const NftBox& box : *list) {
            sources.add(withSource ? box.sourceFirst : 0, withSource ? box.sourceLast : 0);
            destinations.add(box.destinationFirst, box.destinationLast);
            ports[box.protocol].add(NftAddress(box.portFirst), NftAddress(box.portLast));
        }
    sources.build();
    destinations.build();
    for (auto& [protocol, cuts] : ports)
        cuts.build();
    const auto cells = [&](const QList<NftBox>& list) {
        QSet<QString> result;
        for (const NftBox& box : list) {
            const auto [s0, s1] =
                sources.pieces(withSource ? box.sourceFirst : 0, withSource ? box.sourceLast : 0);
            const auto [d0, d1] = destinations.pieces(box.destinationFirst, box.destinationLast);
            const auto [p0, p1] =
                ports.at(box.protocol).pieces(NftAddress(box.portFirst), NftAddress(box.portLast));
            for (size_t s = s0; s < s1; ++s)
                for (size_t d = d0; d < d1; ++d)
                    for (size_t p = p0; p < p1; ++p)
                        result.insert((withSource ? addressText(sources.at(s)) + u'|' : QString()) +
                                      addressText(destinations.at(d)) + u'|' + box.protocol + u'|' +
                                      QString::number(quint64(ports.at(box.protocol).at(p))));
        }
        return result;
    };
    return {cells(a), cells(b)};
}

} // namespace portolan::test
