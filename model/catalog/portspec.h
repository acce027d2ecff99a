#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace portolan {

enum class Protocol
{
    Tcp,
    Udp,
    Icmp
};

QString protocolName(Protocol protocol);
std::optional<Protocol> protocolFromName(QStringView name);

// A port as the reference writes it: one number, a range "a-b", the RPC
// dynamic range ("DYNAMIC", resolved later from the design's option), or none
// (ICMP has no port).
struct PortSpec
{
    enum class Kind
    {
        None,
        Single,
        Range,
        Dynamic
    };
    Kind kind = Kind::None;
    quint16 first = 0;
    quint16 last = 0;

    static PortSpec single(quint16 port) { return {Kind::Single, port, port}; }
    static PortSpec range(quint16 a, quint16 b) { return {Kind::Range, a, b}; }
    static PortSpec dynamic() { return {Kind::Dynamic, 0, 0}; }

    // Parses "443", "63000-64000", "DYNAMIC" or "" (none); nullopt with a
    // reason in *error when the text is none of these or out of 1-65535.
    static std::optional<PortSpec> parse(QStringView text, QString* error);
    // A concrete port or range (never Dynamic); "" parses to nullopt.
    static std::optional<PortSpec> parseConcrete(QStringView text, QString* error);

    QString toString() const;
    bool isConcrete() const { return kind == Kind::Single || kind == Kind::Range; }
    bool contains(quint16 port) const { return isConcrete() && port >= first && port <= last; }

    friend bool operator==(const PortSpec&, const PortSpec&) = default;
    friend auto operator<=>(const PortSpec&, const PortSpec&) = default;
};

} // namespace portolan
