#include "linkkind.h"

#include <array>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

struct LinkKindNames
{
    LinkKind kind;
    QString key;
    QString name;
};

// In the enum's order (checked when first used). The strings are literals: copying one allocates nothing.
const std::array<LinkKindNames, kLinkKindCount>& table()
{
    static const std::array<LinkKindNames, kLinkKindCount> names = [] {
        const std::array<LinkKindNames, kLinkKindCount> t = {{
            {LinkKind::PullSource, u"pull_source"_s, u"pull source"_s},
            {LinkKind::Upstream, u"upstream"_s, u"upstream"_s},
            {LinkKind::CmgConnection, u"cmg_connection"_s, u"CMG connection"_s},
            {LinkKind::Exchange, u"exchange"_s, u"Exchange"_s},
            {LinkKind::ContentLibrary, u"content_library"_s, u"content library"_s},
            {LinkKind::WsusDatabase, u"wsus_database"_s, u"WSUS database"_s},
            {LinkKind::Boundary, u"boundary"_s, u"boundary group"_s},
        }};
        for (size_t i = 0; i < t.size(); ++i)
            Q_ASSERT(size_t(t[i].kind) == i);
        return t;
    }();
    return names;
}

} // namespace

const QString& linkKindKey(LinkKind kind)
{
    return table()[size_t(kind)].key;
}

std::optional<LinkKind> linkKindFromKey(QStringView key)
{
    for (const LinkKindNames& n : table())
        if (n.key == key)
            return n.kind;
    return std::nullopt;
}

QStringList linkKindKeys()
{
    QStringList keys;
    for (const LinkKindNames& n : table())
        keys << n.key;
    return keys;
}

const QString& linkKindName(LinkKind kind)
{
    return table()[size_t(kind)].name;
}

} // namespace portolan
