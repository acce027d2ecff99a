#include "catalog/catalog.h"
#include "designfile.h"
#include "document.h"
#include "io/outputfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace portolan::DesignFile {

namespace {

QJsonObject optionsToJson(const Options& options)
{
    QJsonObject o;
    for (auto it = options.begin(); it != options.end(); ++it)
        o.insert(it.key(), QJsonValue::fromVariant(it.value()));
    return o;
}

QJsonArray strings(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

void putCommon(QJsonObject& o, const Node& n, const Document& d)
{
    o.insert(u"id"_s, n.key);
    o.insert(u"name"_s, n.name);
    if (!n.zone.isEmpty())
        o.insert(u"zone"_s, n.zone);
    if (!n.options.isEmpty())
        o.insert(u"options"_s, optionsToJson(n.options));
    if (const Site* s = d.site(n.site))
        o.insert(u"site"_s, s->key);
    o.insert(u"x"_s, n.position.x());
    o.insert(u"y"_s, n.position.y());
}

QString keyOf(const Document& d, int id)
{
    if (const Node* n = d.node(id))
        return n->key;
    if (const Site* s = d.site(id))
        return s->key;
    return {};
}

} // namespace

QByteArray toJson(const Document& d)
{
    const Catalog& catalog = d.catalog();
    QJsonObject top;
    top.insert(u"format"_s, u"portolan-design"_s);
    top.insert(u"version"_s, kVersion);
    if (!d.info().id.isEmpty())
        top.insert(u"id"_s, d.info().id);
    top.insert(u"name"_s, d.info().name);
    if (!d.info().author.isEmpty())
        top.insert(u"author"_s, d.info().author);
    if (!d.info().revision.isEmpty())
        top.insert(u"revision"_s, d.info().revision);
    if (!d.info().description.isEmpty())
        top.insert(u"description"_s, d.info().description);
    if (!d.options().isEmpty())
        top.insert(u"options"_s, optionsToJson(d.options()));

    QJsonArray zones;
    for (const Zone& z : d.zones()) {
        QJsonObject o{{u"id"_s, z.key}, {u"name"_s, z.name}};
        if (!z.subnets.isEmpty())
            o.insert(u"subnets"_s, strings(z.subnets));
        if (!z.color.isEmpty())
            o.insert(u"color"_s, z.color);
        if (!z.firewallInterface.isEmpty())
            o.insert(u"interface"_s, z.firewallInterface);
        zones.append(o);
    }
    top.insert(u"zones"_s, zones);

    QJsonArray sites;
    for (const auto& [id, s] : d.sites()) {
        QJsonObject o{
            {u"id"_s, s.key}, {u"code"_s, s.code}, {u"name"_s, s.name}, {u"kind"_s, siteKindName(s.kind)}};
        if (const Site* parent = d.site(s.parent))
            o.insert(u"parent"_s, parent->key);
        if (!s.options.isEmpty())
            o.insert(u"options"_s, optionsToJson(s.options));
        if (!s.frame.isNull())
            o.insert(u"frame"_s, QJsonObject{{u"x"_s, s.frame.x()},
                                             {u"y"_s, s.frame.y()},
                                             {u"width"_s, s.frame.width()},
                                             {u"height"_s, s.frame.height()}});
        sites.append(o);
    }
    top.insert(u"sites"_s, sites);

    QJsonArray servers, groups, consoles, endpoints;
    for (const auto& [id, n] : d.nodes()) {
        QJsonObject o;
        putCommon(o, n, d);
        switch (n.kind) {
        case NodeKind::Server: {
            if (!n.address.isEmpty())
                o.insert(u"address"_s, n.address);
            QJsonArray roles;
            for (int r : n.roles)
                roles.append(catalog.role(r).id);
            o.insert(u"roles"_s, roles);
            servers.append(o);
            break;
        }
        case NodeKind::ClientGroup:
            o.insert(u"subnets"_s, strings(n.subnets));
            o.insert(u"devices"_s, n.devices);
            o.insert(u"os"_s, osFamilyName(n.os));
            groups.append(o);
            break;
        case NodeKind::Console: {
            if (!n.address.isEmpty())
                o.insert(u"address"_s, n.address);
            if (!n.subnets.isEmpty())
                o.insert(u"subnets"_s, strings(n.subnets));
            QJsonArray managed;
            for (int s : n.managedSites)
                managed.append(keyOf(d, s));
            o.insert(u"sites"_s, managed);
            consoles.append(o);
            break;
        }
        case NodeKind::Endpoint:
            o.insert(u"kind"_s, n.roles.isEmpty() ? QString() : catalog.role(n.roles.first()).id);
            if (!n.address.isEmpty())
                o.insert(u"address"_s, n.address);
            endpoints.append(o);
            break;
        }
    }
    top.insert(u"servers"_s, servers);
    top.insert(u"clientGroups"_s, groups);
    top.insert(u"consoles"_s, consoles);
    top.insert(u"endpoints"_s, endpoints);

    QJsonArray links;
    for (const auto& [id, l] : d.links())
        links.append(QJsonObject{
            {u"kind"_s, linkKindKey(l.kind)}, {u"from"_s, keyOf(d, l.from)}, {u"to"_s, keyOf(d, l.to)}});
    top.insert(u"links"_s, links);
    return QJsonDocument(top).toJson(QJsonDocument::Indented);
}

bool save(const Document& document, const QString& path, QString* error)
{
    const QByteArray bytes = toJson(document);
    // A design that would not open again is never written: read it back first.
    Document check(document.catalog());
    QString why;
    if (!loadBytes(check, bytes, path, &why)) {
        if (error)
            *error = u"%1\nThe design was not saved because it would not open again; the file on disk is "
                     u"unchanged. Please report this as a bug."_s.arg(why);
        return false;
    }
    return OutputFile::write(path, bytes, error);
}

} // namespace portolan::DesignFile
