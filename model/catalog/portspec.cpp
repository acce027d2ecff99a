#include "portspec.h"

using namespace Qt::StringLiterals;

namespace portolan {

QString protocolName(Protocol protocol)
{
    switch (protocol) {
    case Protocol::Tcp:
        return u"TCP"_s;
    case Protocol::Udp:
        return u"UDP"_s;
    case Protocol::Icmp:
        return u"ICMP"_s;
    }
    return {};
}

std::optional<Protocol> protocolFromName(QStringView name)
{
    if (name == u"TCP")
        return Protocol::Tcp;
    if (name == u"UDP")
        return Protocol::Udp;
    if (name == u"ICMP")
        return Protocol::Icmp;
    return std::nullopt;
}

namespace {

std::optional<quint16> parseNumber(QStringView text, QString* error)
{
    bool ok = false;
    const uint value = text.trimmed().toUInt(&ok);
    if (!ok || value < 1 || value > 65535) {
        if (error)
            *error = u"'%1' is not a port number (1-65535)"_s.arg(text);
        return std::nullopt;
    }
    return static_cast<quint16>(value);
}

} // namespace

std::optional<PortSpec> PortSpec::parseConcrete(QStringView text, QString* error)
{
    const QStringView trimmed = text.trimmed();
    const qsizetype dash = trimmed.indexOf(u'-');
    if (dash < 0) {
        const auto port = parseNumber(trimmed, error);
        if (!port)
            return std::nullopt;
        return PortSpec::single(*port);
    }
    const auto a = parseNumber(trimmed.left(dash), error);
    const auto b = a ? parseNumber(trimmed.mid(dash + 1), error) : std::nullopt;
    if (!a || !b)
        return std::nullopt;
    if (*a > *b) {
        if (error)
            *error = u"range '%1' starts after it ends"_s.arg(trimmed);
        return std::nullopt;
    }
    return *a == *b ? PortSpec::single(*a) : PortSpec::range(*a, *b);
}

std::optional<PortSpec> PortSpec::parse(QStringView text, QString* error)
{
    const QStringView trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return PortSpec{};
    if (trimmed == u"DYNAMIC")
        return PortSpec::dynamic();
    QString reason;
    auto port = parseConcrete(trimmed, &reason);
    if (!port && error)
        *error = reason + u"; expected a port, a range a-b, DYNAMIC or nothing"_s;
    return port;
}

QString PortSpec::toString() const
{
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Single:
        return QString::number(first);
    case Kind::Range:
        return u"%1-%2"_s.arg(first).arg(last);
    case Kind::Dynamic:
        return u"DYNAMIC"_s;
    }
    return {};
}

} // namespace portolan
