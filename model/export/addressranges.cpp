#include "addressranges.h"

#include <QHostAddress>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

QString addressText(Address value, int bits)
{
    if (bits == 32)
        return QHostAddress(quint32(value)).toString();
    Q_IPV6ADDR bytes;
    for (int i = 15; i >= 0; --i, value >>= 8)
        bytes[i] = quint8(value & 0xff);
    return QHostAddress(bytes).toString();
}

// A decimal number of 1 to 3 digits without a leading zero, at most max; advances i past it.
bool plainNumber(QStringView text, qsizetype& i, int max, int* value)
{
    const qsizetype start = i;
    *value = 0;
    while (i < text.size() && i - start < 3 && text[i] >= u'0' && text[i] <= u'9')
        *value = *value * 10 + (text[i++].unicode() - u'0');
    const qsizetype digits = i - start;
    return digits > 0 && (digits == 1 || text[start] != u'0') && *value <= max;
}

// The usual spelling of an IPv4 address or subnet ("10.1.0.5", "10.1.0.0/16": four numbers 0-255 and
// a prefix length 0-32, as design/designrules.cpp recognises them), which Qt reads the same way:
// the address and prefix length, or nothing for any other spelling (left to Qt). Checking a large
// design parsed the address or subnets of each of its 13,000 nodes with QHostAddress, twice for an
// address (as a subnet first).
std::optional<std::pair<quint32, int>> plainIpv4(QStringView text)
{
    qsizetype i = 0;
    quint32 address = 0;
    for (int part = 0; part < 4; ++part) {
        int number = 0;
        if ((part > 0 && (i >= text.size() || text[i++] != u'.')) || !plainNumber(text, i, 255, &number))
            return std::nullopt;
        address = address << 8 | quint32(number);
    }
    int prefix = 32;
    if (i < text.size() && (text[i++] != u'/' || !plainNumber(text, i, 32, &prefix) || i != text.size()))
        return std::nullopt;
    return std::pair{address, prefix};
}

} // namespace

std::optional<Interval> parseInterval(const QString& text, QAbstractSocket::NetworkLayerProtocol family)
{
    if (const auto plain = plainIpv4(text)) {
        if (family != QAbstractSocket::IPv4Protocol)
            return std::nullopt;
        const Address span = (Address(1) << (32 - plain->second)) - 1;
        return Interval{plain->first & ~span, (plain->first & ~span) | span};
    }
    const int bits = family == QAbstractSocket::IPv4Protocol ? 32 : 128;
    const auto [address, length] = QHostAddress::parseSubnet(text.contains(u'/') ? text : text + u"/-1"_s);
    QHostAddress host = address;
    int prefix = length;
    if (host.isNull()) {
        host = QHostAddress(text);
        prefix = bits;
    }
    if (host.isNull() || host.protocol() != family || prefix < 0 || prefix > bits)
        return std::nullopt;
    Address value = 0;
    if (bits == 32) {
        value = host.toIPv4Address();
    } else {
        const Q_IPV6ADDR bytes = host.toIPv6Address();
        for (int i = 0; i < 16; ++i)
            value = (value << 8) | bytes[i];
    }
    const int hostBits = bits - prefix;
    const Address span = hostBits == 128 ? ~Address(0) : (Address(1) << hostBits) - 1;
    return Interval{value & ~span, (value & ~span) | span};
}

QString intervalText(const Interval& interval, int bits)
{
    if (interval.first == interval.last)
        return addressText(interval.first, bits);
    const Address size = interval.last - interval.first + 1;
    if (size == 0) // the whole IPv6 space
        return addressText(0, bits) + u"/0"_s;
    if ((size & (size - 1)) == 0 && (interval.first & (size - 1)) == 0) {
        int hostBits = 0;
        for (Address s = size; s > 1; s >>= 1)
            ++hostBits;
        return addressText(interval.first, bits) + u'/' + QString::number(bits - hostBits);
    }
    return addressText(interval.first, bits) + u'-' + addressText(interval.last, bits);
}

void Partition::add(const Interval& interval)
{
    m_bounds.push_back(interval.first);
    if (interval.last != ~Address(0))
        m_bounds.push_back(interval.last + 1);
}

void Partition::build()
{
    std::sort(m_bounds.begin(), m_bounds.end());
    m_bounds.erase(std::unique(m_bounds.begin(), m_bounds.end()), m_bounds.end());
}

std::pair<int, int> Partition::pieces(const Interval& interval) const
{
    const auto a = std::lower_bound(m_bounds.begin(), m_bounds.end(), interval.first);
    const auto b = interval.last == ~Address(0)
                       ? m_bounds.end()
                       : std::lower_bound(m_bounds.begin(), m_bounds.end(), interval.last + 1);
    return {int(a - m_bounds.begin()), int(b - m_bounds.begin()) - 1};
}

Interval Partition::piece(int index) const
{
    const Address first = m_bounds[size_t(index)];
    const Address last = size_t(index) + 1 < m_bounds.size() ? m_bounds[size_t(index) + 1] - 1 : ~Address(0);
    return {first, last};
}

} // namespace portolan
