#include "cidr.h"

#include <QHostAddress>

#include <bit>

using namespace Qt::StringLiterals;

namespace portolan::Cidr {

namespace {

bool ipv4(const QString& text, quint32* value)
{
    QHostAddress address;
    if (!address.setAddress(text.trimmed()) || address.protocol() != QAbstractSocket::IPv4Protocol)
        return false;
    *value = address.toIPv4Address();
    return true;
}

} // namespace

bool fromRange(const QString& range, QStringList* cidrs, QString* error)
{
    const QStringList ends = range.split(u'-');
    quint32 first = 0, last = 0;
    if (ends.size() != 2 || !ipv4(ends[0], &first) || !ipv4(ends[1], &last)) {
        *error = u"'%1' is not an IPv4 range FIRST-LAST"_s.arg(range);
        return false;
    }
    if (first > last) {
        *error = u"'%1' ends before it starts"_s.arg(range);
        return false;
    }
    cidrs->clear();
    // Greedy: at each start, the largest aligned block that does not run past the end.
    quint64 start = first;
    const quint64 end = quint64(last) + 1;
    while (start < end) {
        int bits = start == 0 ? 32 : std::countr_zero(quint32(start));
        while (bits > 0 && start + (quint64(1) << bits) > end)
            --bits;
        cidrs->append(u"%1/%2"_s.arg(QHostAddress(quint32(start)).toString()).arg(32 - bits));
        start += quint64(1) << bits;
    }
    return true;
}

bool normalise(const QString& text, QString* cidr, QString* error)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.contains(u'/')) {
        *error = u"'%1' has no prefix length"_s.arg(trimmed);
        return false;
    }
    const std::pair<QHostAddress, int> subnet = QHostAddress::parseSubnet(trimmed);
    if (subnet.second < 0) {
        *error = u"'%1' is not an address with a prefix length"_s.arg(trimmed);
        return false;
    }
    const QHostAddress address(trimmed.left(trimmed.indexOf(u'/')));
    if (address != subnet.first) {
        *error = u"'%1' has host bits set (the network is %2/%3)"_s.arg(trimmed, subnet.first.toString())
                     .arg(subnet.second);
        return false;
    }
    *cidr = u"%1/%2"_s.arg(subnet.first.toString()).arg(subnet.second);
    return true;
}

} // namespace portolan::Cidr
