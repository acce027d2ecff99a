#include "designrules.h"

#include "catalog/catalog.h"
#include "catalog/portspec.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace portolan::DesignRules {

QString textProblem(const QString& text, bool required)
{
    if (required && text.trimmed().isEmpty())
        return u"must not be empty"_s;
    if (text.size() > kMaxTextLength)
        return u"longer than %1 characters"_s.arg(kMaxTextLength);
    // The control characters (Unicode category Cc) are exactly U+0000-U+001F and U+007F-U+009F.
    for (const QChar c : text)
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() <= 0x9f))
            return u"contains a control character"_s;
    return {};
}

namespace {
bool plainIpv4Address(QStringView text);
} // namespace

QString addressProblem(const QString& address)
{
    if (address.isEmpty() || plainIpv4Address(address) || !QHostAddress(address).isNull())
        return {};
    if (address.contains(u'/') && !QHostAddress::parseSubnet(address).first.isNull())
        return {};
    return u"'%1' is not an IPv4 or IPv6 address or CIDR"_s.arg(address);
}

namespace {

// A decimal number of 1 to 3 digits without a leading zero, at most max; advances i past it.
bool plainNumber(QStringView text, qsizetype& i, int max)
{
    const qsizetype start = i;
    int value = 0;
    while (i < text.size() && i - start < 3 && text[i] >= u'0' && text[i] <= u'9')
        value = value * 10 + (text[i++].unicode() - u'0');
    const qsizetype digits = i - start;
    return digits > 0 && (digits == 1 || text[start] != u'0') && value <= max;
}

// The usual spelling of an IPv4 subnet ("10.1.0.0/16": four numbers 0-255 and a prefix
// length 0-32), which QHostAddress::parseSubnet() always accepts. Recognised by hand:
// parsing each of the subnets of 10,000 client groups with Qt was an eighth of the time
// a large design took to load. Every other spelling is left to Qt.
bool plainIpv4(QStringView text, qsizetype& i)
{
    for (int part = 0; part < 4; ++part) {
        if (part > 0 && (i >= text.size() || text[i++] != u'.'))
            return false;
        if (!plainNumber(text, i, 255))
            return false;
    }
    return true;
}

bool plainIpv4Subnet(QStringView text)
{
    qsizetype i = 0;
    if (!plainIpv4(text, i) || i >= text.size() || text[i++] != u'/')
        return false;
    return plainNumber(text, i, 32) && i == text.size();
}

// The same for an address ("10.1.0.5"), which QHostAddress always accepts.
bool plainIpv4Address(QStringView text)
{
    qsizetype i = 0;
    return plainIpv4(text, i) && i == text.size();
}

} // namespace

QString subnetProblem(const QString& subnet)
{
    if (plainIpv4Subnet(subnet))
        return {};
    if (QHostAddress::parseSubnet(subnet).first.isNull())
        return u"'%1' is not a subnet (CIDR such as 10.1.0.0/16)"_s.arg(subnet);
    return {};
}

QString colorProblem(const QString& color)
{
    static const QRegularExpression pattern(u"^#[0-9A-Fa-f]{6}$"_s);
    if (color.isEmpty() || pattern.match(color).hasMatch())
        return {};
    return u"expected a colour such as #3366cc"_s;
}

QString interfaceProblem(const QString& name)
{
    // Linux's limit (IFNAMSIZ less the terminator), and nothing that a rule set would have to quote.
    static const QRegularExpression pattern(u"^[A-Za-z0-9_.:@-]{1,15}$"_s);
    if (name.isEmpty() || pattern.match(name).hasMatch())
        return {};
    return u"expected an interface name of at most 15 letters, digits and _ . : @ - such as eth1"_s;
}

QString coordinateProblem(double value)
{
    if (std::isfinite(value) && std::abs(value) <= kMaxCoordinate)
        return {};
    return u"expected a number between -%1 and %1"_s.arg(qint64(kMaxCoordinate));
}

QPointF clampPosition(QPointF position)
{
    const auto clamp = [](qreal v) {
        return std::isfinite(v) ? qBound(-kMaxCoordinate, v, kMaxCoordinate) : 0.0;
    };
    return {clamp(position.x()), clamp(position.y())};
}

QRectF clampFrame(const QRectF& frame)
{
    const QPointF topLeft = clampPosition(frame.topLeft());
    const auto size = [](qreal v) {
        return std::isfinite(v) ? qBound(0.0, v, kMaxCoordinate) : 0.0;
    };
    return {topLeft, QSizeF(size(frame.width()), size(frame.height()))};
}

std::optional<QVariant> optionValue(const OptionInfo& info, const QJsonValue& v, QString* why)
{
    const auto refuse = [why](const QString& text) -> std::optional<QVariant> {
        if (why)
            *why = text;
        return std::nullopt;
    };
    const auto integer = [&](int min, int max) -> std::optional<QVariant> {
        const double d = v.toDouble();
        if (!v.isDouble() || d != std::floor(d) || d < min || d > max)
            return refuse(u"expected a whole number from %1 to %2"_s.arg(min).arg(max));
        return QVariant(int(d));
    };
    switch (info.type) {
    case OptionInfo::Type::Bool:
        if (!v.isBool())
            return refuse(u"expected true or false"_s);
        return QVariant(v.toBool());
    case OptionInfo::Type::Int:
        return integer(info.minimum, info.maximum);
    case OptionInfo::Type::Port:
        return integer(1, 65535);
    case OptionInfo::Type::Range: {
        const auto range = v.isString() ? PortSpec::parseConcrete(v.toString(), nullptr) : std::nullopt;
        if (!range)
            return refuse(u"expected a port range such as \"49152-65535\""_s);
        return QVariant(range->toString());
    }
    case OptionInfo::Type::Enum:
        if (!v.isString() || !info.values.contains(v.toString()))
            return refuse(u"expected one of %1"_s.arg(info.values.join(u", ")));
        return QVariant(v.toString());
    case OptionInfo::Type::String: {
        if (!v.isString())
            return refuse(u"expected a string"_s);
        if (const QString problem = textProblem(v.toString()); !problem.isEmpty())
            return refuse(problem);
        return QVariant(v.toString());
    }
    }
    return refuse(u"unknown option type"_s);
}

QStringList optionPrefixes(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Server:
        return {u"mp"_s, u"dp"_s, u"sup"_s, u"sql"_s, u"cmg"_s, u"system"_s};
    case NodeKind::ClientGroup:
        return {u"group"_s};
    case NodeKind::Console:
        return {u"console"_s};
    case NodeKind::Endpoint:
        return {u"sup"_s};
    }
    return {};
}

QString optionsProblem(const Catalog& catalog, const Options& options, const QStringList& prefixes)
{
    for (auto it = options.begin(); it != options.end(); ++it) {
        const OptionInfo* option = catalog.option(it.key());
        if (!option || option->derived)
            return u"unknown option '%1'"_s.arg(it.key());
        if (!prefixes.contains(it.key().section(u'.', 0, 0)))
            return u"option '%1' does not apply here"_s.arg(it.key());
        QString why;
        const auto stored = optionValue(*option, QJsonValue::fromVariant(it.value()), &why);
        if (!stored)
            return u"option '%1': %2"_s.arg(it.key(), why);
        // The file stores the normalised value; anything else would not read back the same.
        if (QJsonValue::fromVariant(*stored) != QJsonValue::fromVariant(it.value()))
            return u"option '%1': not in its stored form"_s.arg(it.key());
    }
    return {};
}

QString nodeProblem(const Document& document, const Node& node)
{
    const Catalog& catalog = document.catalog();
    const auto field = [](const QString& name, const QString& problem) {
        return problem.isEmpty() ? QString() : name + u": "_s + problem;
    };
    if (QString p = field(u"name"_s, textProblem(node.name, true)); !p.isEmpty())
        return p;
    if (QString p = field(u"address"_s, textProblem(node.address)); !p.isEmpty())
        return p;
    if (node.kind != NodeKind::ClientGroup && !node.address.isEmpty())
        if (QString p = field(u"address"_s, addressProblem(node.address)); !p.isEmpty())
            return p;
    if (!node.zone.isEmpty() && !document.zone(node.zone))
        return u"zone: no zone has the id '%1'"_s.arg(node.zone);
    if (node.site != -1 && !document.site(node.site))
        return u"site: the site no longer exists"_s;
    for (const QString& subnet : node.subnets)
        if (QString p = field(u"subnets"_s, subnetProblem(subnet)); !p.isEmpty())
            return p;
    if (node.devices < 0)
        return u"devices: must not be negative"_s;
    for (int site : node.managedSites)
        if (!document.site(site))
            return u"sites: a managed site no longer exists"_s;
    if (!coordinateProblem(node.position.x()).isEmpty() || !coordinateProblem(node.position.y()).isEmpty())
        return u"position: "_s +
               coordinateProblem(qMax(std::abs(node.position.x()), std::abs(node.position.y())));
    QSet<int> seen;
    for (int r : node.roles) {
        if (r < 0 || r >= catalog.roles().size())
            return u"roles: unknown role"_s;
        const Placement placement = catalog.role(r).placement;
        const bool fits = node.kind == NodeKind::Server
                              ? placement == Placement::Server || placement == Placement::Cloud
                              : node.kind == NodeKind::Endpoint && placement == Placement::Endpoint;
        if (!fits || seen.contains(r))
            return u"roles: '%1' does not fit here"_s.arg(catalog.role(r).id);
        seen.insert(r);
    }
    if (node.kind == NodeKind::Endpoint && node.roles.size() != 1)
        return u"kind: an external endpoint has exactly one kind"_s;
    return optionsProblem(catalog, node.options, optionPrefixes(node.kind));
}

QString parentProblem(SiteKind kind, SiteKind parentKind)
{
    switch (kind) {
    case SiteKind::Cas:
        return u"a central administration site has no parent site"_s;
    case SiteKind::Primary:
        if (parentKind != SiteKind::Cas)
            return u"the parent of a primary site must be the central administration site"_s;
        break;
    case SiteKind::Secondary:
        if (parentKind != SiteKind::Primary)
            return u"the parent of a secondary site must be a primary site"_s;
        break;
    }
    return {};
}

QString siteProblem(const Document& document, const Site& site)
{
    if (QString p = textProblem(site.code, true); !p.isEmpty())
        return u"code: "_s + p;
    if (QString p = textProblem(site.name); !p.isEmpty())
        return u"name: "_s + p;
    if (site.parent != -1) {
        const Site* parent = document.site(site.parent);
        if (!parent || parent->id == site.id)
            return u"parent: the parent site no longer exists"_s;
        if (QString p = parentProblem(site.kind, parent->kind); !p.isEmpty())
            return u"parent: "_s + p;
    }
    if (site.frame.width() < 0 || site.frame.height() < 0)
        return u"frame: width and height must not be negative"_s;
    for (double v : {site.frame.x(), site.frame.y(), site.frame.width(), site.frame.height()})
        if (QString p = coordinateProblem(v); !p.isEmpty())
            return u"frame: "_s + p;
    return optionsProblem(document.catalog(), site.options, {u"site"_s});
}

QString infoProblem(const DesignInfo& info)
{
    const std::pair<const char16_t*, const QString*> fields[] = {{u"name", &info.name},
                                                                 {u"author", &info.author},
                                                                 {u"revision", &info.revision},
                                                                 {u"description", &info.description}};
    for (const auto& [name, value] : fields)
        if (QString p = textProblem(*value); !p.isEmpty())
            return QString::fromUtf16(name) + u": "_s + p;
    return {};
}

QString zonesProblem(const Document& document, const QList<Zone>& zones)
{
    QSet<QString> keys;
    for (const Zone& z : zones) {
        if (QString p = textProblem(z.key, true); !p.isEmpty())
            return u"zone id: "_s + p;
        if (keys.contains(z.key) || document.nodeByKey(z.key) >= 0)
            return u"zone id '%1' is already in use"_s.arg(z.key);
        for (const auto& [id, s] : document.sites())
            if (s.key == z.key)
                return u"zone id '%1' is already in use"_s.arg(z.key);
        keys.insert(z.key);
        if (QString p = textProblem(z.name, true); !p.isEmpty())
            return u"zone %1: name: %2"_s.arg(z.key, p);
        if (QString p = colorProblem(z.color); !p.isEmpty())
            return u"zone %1: colour: %2"_s.arg(z.key, p);
        if (QString p = interfaceProblem(z.firewallInterface); !p.isEmpty())
            return u"zone %1: interface: %2"_s.arg(z.key, p);
        for (const QString& subnet : z.subnets)
            if (QString p = subnetProblem(subnet); !p.isEmpty())
                return u"zone %1: %2"_s.arg(z.key, p);
    }
    for (const auto& [id, n] : document.nodes())
        if (!n.zone.isEmpty() && !keys.contains(n.zone))
            return u"zone '%1' is still used by %2"_s.arg(n.zone, n.name);
    return {};
}

} // namespace portolan::DesignRules
