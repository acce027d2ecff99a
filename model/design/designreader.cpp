#include "catalog/catalog.h"
#include "designfile.h"
#include "designrules.h"
#include "document.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace portolan::DesignFile {

namespace {

// Thrown with the JSON path and the reason; load() adds the file name.
struct DesignError
{
    QString place;
    QString what;
};

struct Pending
{
    QString path;
    int id;
    QString target;
};

// Validates the JSON tree into plain structures, then hands them to the
// document in one reset so that a failed load leaves it untouched.
class Reader
{
public:
    explicit Reader(const Catalog& catalog) : m_catalog(catalog) {}

    void read(const QByteArray& bytes)
    {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            throw DesignError{
                u"$"_s,
                u"not valid JSON (at byte %1: %2)"_s.arg(parseError.offset).arg(parseError.errorString())};
        if (!doc.isObject())
            throw DesignError{u"$"_s, u"a design is a JSON object"_s};
        const QJsonObject top = doc.object();
        if (top.value(u"format").toString() != u"portolan-design")
            throw DesignError{u"$.format"_s, u"not a Portolan design (expected \"portolan-design\")"_s};
        const QJsonValue version = top.value(u"version");
        if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()) ||
            version.toDouble() < 1)
            throw DesignError{u"$.version"_s, u"expected a format version number"_s};
        if (version.toDouble() > kVersion)
            throw DesignError{
                u"$.version"_s,
                u"written by a newer Portolan (format version %1); this version reads "
                u"format version %2 and older. Update Portolan to open it."_s.arg(version.toInt())
                    .arg(kVersion)};
        known(top, u"$"_s,
              {u"format", u"version", u"name", u"author", u"revision", u"description",
               u"options", u"zones", u"sites", u"servers", u"clientGroups", u"consoles",
               u"endpoints", u"links"});
        // Sized once for every id in the file, instead of growing step by step.
        qsizetype objects = 0;
        for (const char16_t* array : {u"zones", u"sites", u"servers", u"clientGroups", u"consoles", u"endpoints"})
            objects += top.value(QStringView(array)).toArray().size();
        m_keys.reserve(objects);
        nodes.reserve(objects);
        info.name = text(top, u"name"_s, u"$"_s);
        info.author = text(top, u"author"_s, u"$"_s);
        info.revision = text(top, u"revision"_s, u"$"_s);
        info.description = text(top, u"description"_s, u"$"_s);
        options = readOptions(top, u"$"_s, {u"design"_s});

        forEach(top, u"zones"_s, [this](const QJsonObject& o, const QString& p) { readZone(o, p); });
        forEach(top, u"sites"_s, [this](const QJsonObject& o, const QString& p) { readSite(o, p); });
        forEach(top, u"servers"_s, [this](const QJsonObject& o, const QString& p) { readServer(o, p); });
        forEach(top, u"clientGroups"_s, [this](const QJsonObject& o, const QString& p) { readGroup(o, p); });
        forEach(top, u"consoles"_s, [this](const QJsonObject& o, const QString& p) { readConsole(o, p); });
        forEach(top, u"endpoints"_s, [this](const QJsonObject& o, const QString& p) { readEndpoint(o, p); });
        forEach(top, u"links"_s, [this](const QJsonObject& o, const QString& p) { readLink(o, p); });
        resolve();
    }

    DesignInfo info;
    Options options;
    QList<Zone> zones;
    QList<Site> sites;
    QList<Node> nodes;
    QList<Link> links;
    QStringList warnings;

private:
    template <typename F> void forEach(const QJsonObject& top, const QString& key, F&& f)
    {
        const QJsonValue value = top.value(key);
        if (value.isUndefined() || value.isNull())
            return;
        const QString path = u"$."_s + key;
        if (!value.isArray())
            throw DesignError{path, u"expected an array"_s};
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString p = path + u'[' + QString::number(i) + u']';
            if (!array.at(i).isObject())
                throw DesignError{p, u"expected an object"_s};
            f(array.at(i).toObject(), p);
        }
    }

    // A handful of names, compared in place: building a set for each of a
    // million objects cost more than reading them.
    void known(const QJsonObject& o, const QString& path, std::initializer_list<QStringView> fields)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString key = it.key();
            if (std::find(fields.begin(), fields.end(), QStringView(key)) == fields.end())
                warnings << u"%1.%2: unknown field, ignored"_s.arg(path, key);
        }
    }

    static QString text(const QJsonObject& o, const QString& key, const QString& path, bool required = false)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                throw DesignError{path + u'.' + key, u"missing"_s};
            return {};
        }
        if (!v.isString())
            throw DesignError{path + u'.' + key, u"expected a string"_s};
        const QString s = v.toString();
        if (const QString problem = DesignRules::textProblem(s, required); !problem.isEmpty())
            throw DesignError{path + u'.' + key, problem};
        return s;
    }

    static QStringList textList(const QJsonObject& o, const QString& key, const QString& path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray())
            throw DesignError{path + u'.' + key, u"expected an array of strings"_s};
        QStringList result;
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString())
                throw DesignError{u"%1.%2[%3]"_s.arg(path, key).arg(i), u"expected a string"_s};
            result << a.at(i).toString();
        }
        return result;
    }

    static double number(const QJsonObject& o, const QString& key, const QString& path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined())
            return 0;
        const QString problem = v.isDouble() ? DesignRules::coordinateProblem(v.toDouble())
                                             : DesignRules::coordinateProblem(qInf());
        if (!problem.isEmpty())
            throw DesignError{path + u'.' + key, problem};
        return v.toDouble();
    }

    static void checkSubnets(const QStringList& subnets, const QString& path)
    {
        for (qsizetype i = 0; i < subnets.size(); ++i)
            if (const QString problem = DesignRules::subnetProblem(subnets.at(i)); !problem.isEmpty())
                throw DesignError{u"%1[%2]"_s.arg(path).arg(i), problem};
    }

    static void checkAddress(const QString& address, const QString& path)
    {
        if (const QString problem = DesignRules::addressProblem(address); !problem.isEmpty())
            throw DesignError{path, problem};
    }

    void checkHostName(const QString& name, const QString& path)
    {
        static const QRegularExpression dns(
            u"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$"_s);
        if (!dns.match(name).hasMatch())
            warnings << u"%1: '%2' is not a valid DNS host name"_s.arg(path, name);
    }

    // Every id in the file is unique; nodes keep their internal id with it, so
    // that links find their ends in the same table (one hash of a million ids,
    // not two: each costs about a second at that size).
    QString key(const QJsonObject& o, const QString& path, int nodeId = -1)
    {
        const QString k = text(o, u"id"_s, path, true);
        const qsizetype before = m_keys.size();
        KeyOwner& owner = m_keys[k]; // one lookup; the path is a shared copy
        if (m_keys.size() == before)
            throw DesignError{path + u".id"_s, u"'%1' is already the id of %2"_s.arg(k, owner.path)};
        owner = {path, nodeId};
        return k;
    }

    Options readOptions(const QJsonObject& o, const QString& path, const QStringList& prefixes)
    {
        Options result;
        const QJsonValue v = o.value(u"options");
        if (v.isUndefined() || v.isNull())
            return result;
        if (!v.isObject())
            throw DesignError{path + u".options"_s, u"expected an object of option values"_s};
        const QJsonObject values = v.toObject();
        for (auto it = values.begin(); it != values.end(); ++it) {
            const QString p = u"%1.options[\"%2\"]"_s.arg(path, it.key());
            const OptionInfo* option = m_catalog.option(it.key());
            if (!option || option->derived)
                throw DesignError{p, u"unknown option"_s};
            if (!prefixes.contains(it.key().section(u'.', 0, 0)))
                throw DesignError{
                    p, u"this option does not apply here (expected %1.*)"_s.arg(prefixes.join(u".*, "))};
            result.insert(it.key(), optionValue(*option, it.value(), p));
        }
        return result;
    }

    static QVariant optionValue(const OptionInfo& info, const QJsonValue& v, const QString& path)
    {
        QString why;
        const auto value = DesignRules::optionValue(info, v, &why);
        if (!value)
            throw DesignError{path, why};
        return *value;
    }

    QPointF position(const QJsonObject& o, const QString& path)
    {
        return {number(o, u"x"_s, path), number(o, u"y"_s, path)};
    }

    void readZone(const QJsonObject& o, const QString& path)
    {
        known(o, path, {u"id", u"name", u"subnets", u"color"});
        Zone z;
        z.key = key(o, path);
        z.name = text(o, u"name"_s, path);
        if (z.name.isEmpty())
            z.name = z.key;
        z.subnets = textList(o, u"subnets"_s, path);
        checkSubnets(z.subnets, path + u".subnets"_s);
        z.color = text(o, u"color"_s, path);
        if (const QString problem = DesignRules::colorProblem(z.color); !problem.isEmpty())
            throw DesignError{path + u".color"_s, problem};
        m_zoneKeys.insert(z.key);
        zones << z;
    }

    void readSite(const QJsonObject& o, const QString& path)
    {
        known(o, path, {u"id", u"code", u"name", u"kind", u"parent", u"options", u"frame"});
        Site s;
        s.key = key(o, path);
        s.id = m_nextId++;
        s.code = text(o, u"code"_s, path, true);
        s.name = text(o, u"name"_s, path);
        const QString kind = text(o, u"kind"_s, path, true);
        if (kind == u"cas")
            s.kind = SiteKind::Cas;
        else if (kind == u"primary")
            s.kind = SiteKind::Primary;
        else if (kind == u"secondary")
            s.kind = SiteKind::Secondary;
        else
            throw DesignError{path + u".kind"_s, u"'%1' is not cas, primary or secondary"_s.arg(kind)};
        const QString parent = text(o, u"parent"_s, path);
        if (!parent.isEmpty()) {
            // A parent listed earlier is checked at once: a chain of 200,000
            // sites is refused at its third, not after all of them are read.
            if (const auto known = m_siteIds.constFind(parent); known != m_siteIds.cend())
                if (const QString problem = DesignRules::parentProblem(s.kind, known->kind); !problem.isEmpty())
                    throw DesignError{path + u".parent"_s, u"'%1': %2"_s.arg(parent, problem)};
            m_siteParents << Pending{path + u".parent"_s, s.id, parent};
        }
        s.options = readOptions(o, path, {u"site"_s});
        const QJsonValue frame = o.value(u"frame");
        if (frame.isObject()) {
            const QJsonObject f = frame.toObject();
            const QString fp = path + u".frame"_s;
            s.frame = QRectF(number(f, u"x"_s, fp), number(f, u"y"_s, fp), number(f, u"width"_s, fp),
                             number(f, u"height"_s, fp));
            if (s.frame.width() < 0 || s.frame.height() < 0)
                throw DesignError{fp, u"width and height must not be negative"_s};
        } else if (!frame.isUndefined()) {
            throw DesignError{path + u".frame"_s, u"expected an object with x, y, width and height"_s};
        }
        m_siteIds.insert(s.key, {s.id, s.kind});
        sites << s;
    }

    void readNodeCommon(Node& n, const QJsonObject& o, const QString& path)
    {
        n.id = m_nextId++;
        n.key = key(o, path, n.id);
        n.name = text(o, u"name"_s, path, true);
        n.zone = text(o, u"zone"_s, path);
        if (!n.zone.isEmpty() && !m_zoneKeys.contains(n.zone))
            throw DesignError{path + u".zone"_s, u"no zone has the id '%1'"_s.arg(n.zone)};
        n.position = position(o, path);
        const QString site = text(o, u"site"_s, path);
        if (!site.isEmpty()) {
            if (!m_siteIds.contains(site))
                throw DesignError{path + u".site"_s, u"no site has the id '%1'"_s.arg(site)};
            n.site = m_siteIds.value(site).id;
        }
    }

    void readServer(const QJsonObject& o, const QString& path)
    {
        known(o, path,
              {u"id", u"name", u"address", u"zone", u"site", u"roles", u"options", u"x",
               u"y"});
        Node n;
        n.kind = NodeKind::Server;
        readNodeCommon(n, o, path);
        checkHostName(n.name, path + u".name"_s);
        n.address = text(o, u"address"_s, path);
        checkAddress(n.address, path + u".address"_s);
        const QStringList roles = textList(o, u"roles"_s, path);
        for (qsizetype i = 0; i < roles.size(); ++i) {
            const int r = m_catalog.roleIndex(roles.at(i));
            const QString rp = u"%1.roles[%2]"_s.arg(path).arg(i);
            if (r < 0)
                throw DesignError{rp, u"unknown role '%1'"_s.arg(roles.at(i))};
            const Placement placement = m_catalog.role(r).placement;
            if (placement != Placement::Server && placement != Placement::Cloud)
                throw DesignError{rp, u"'%1' is not a role a server can hold"_s.arg(roles.at(i))};
            if (n.roles.contains(r))
                throw DesignError{rp, u"role '%1' listed twice"_s.arg(roles.at(i))};
            n.roles << r;
        }
        n.options = readOptions(o, path, {u"mp"_s, u"dp"_s, u"sup"_s, u"sql"_s, u"cmg"_s, u"system"_s});
        nodes << n;
    }

    void readGroup(const QJsonObject& o, const QString& path)
    {
        known(o, path,
              {u"id", u"name", u"subnets", u"devices", u"site", u"os", u"zone", u"options",
               u"x", u"y"});
        Node n;
        n.kind = NodeKind::ClientGroup;
        readNodeCommon(n, o, path);
        n.subnets = textList(o, u"subnets"_s, path);
        checkSubnets(n.subnets, path + u".subnets"_s);
        const double devices = number(o, u"devices"_s, path);
        if (devices < 0 || devices != std::floor(devices))
            throw DesignError{path + u".devices"_s, u"expected a whole number of devices, 0 or more"_s};
        n.devices = int(devices);
        const QString os = text(o, u"os"_s, path);
        if (os.isEmpty() || os == u"windows")
            n.os = OsFamily::Windows;
        else if (os == u"mac")
            n.os = OsFamily::Mac;
        else if (os == u"mobile")
            n.os = OsFamily::Mobile;
        else
            throw DesignError{path + u".os"_s, u"'%1' is not windows, mac or mobile"_s.arg(os)};
        n.options = readOptions(o, path, {u"group"_s});
        nodes << n;
    }

    void readConsole(const QJsonObject& o, const QString& path)
    {
        known(o, path,
              {u"id", u"name", u"address", u"subnets", u"zone", u"sites", u"options", u"x",
               u"y"});
        Node n;
        n.kind = NodeKind::Console;
        readNodeCommon(n, o, path);
        n.address = text(o, u"address"_s, path);
        checkAddress(n.address, path + u".address"_s);
        n.subnets = textList(o, u"subnets"_s, path);
        checkSubnets(n.subnets, path + u".subnets"_s);
        const QStringList managed = textList(o, u"sites"_s, path);
        for (qsizetype i = 0; i < managed.size(); ++i) {
            if (!m_siteIds.contains(managed.at(i)))
                throw DesignError{u"%1.sites[%2]"_s.arg(path).arg(i),
                                  u"no site has the id '%1'"_s.arg(managed.at(i))};
            n.managedSites << m_siteIds.value(managed.at(i)).id;
        }
        n.options = readOptions(o, path, {u"console"_s});
        nodes << n;
    }

    void readEndpoint(const QJsonObject& o, const QString& path)
    {
        known(o, path,
              {u"id", u"name", u"kind", u"address", u"zone", u"options", u"x", u"y"});
        Node n;
        n.kind = NodeKind::Endpoint;
        readNodeCommon(n, o, path);
        n.address = text(o, u"address"_s, path);
        checkAddress(n.address, path + u".address"_s);
        const QString kind = text(o, u"kind"_s, path, true);
        const int r = m_catalog.roleIndex(kind);
        if (r < 0 || m_catalog.role(r).placement != Placement::Endpoint)
            throw DesignError{path + u".kind"_s, u"'%1' is not a kind of external endpoint"_s.arg(kind)};
        n.roles << r;
        n.options = readOptions(o, path, {u"sup"_s});
        nodes << n;
    }

    void readLink(const QJsonObject& o, const QString& path)
    {
        known(o, path, {u"kind", u"from", u"to"});
        static const QStringList kinds = {u"pull_source"_s, u"upstream"_s,        u"cmg_connection"_s,
                                          u"exchange"_s,    u"content_library"_s, u"wsus_database"_s,
                                          u"boundary"_s};
        Link l;
        l.id = m_nextId++;
        l.kind = text(o, u"kind"_s, path, true);
        if (!kinds.contains(l.kind))
            throw DesignError{path + u".kind"_s, u"'%1' is not one of %2"_s.arg(l.kind, kinds.join(u", "))};
        m_linkEnds << Pending{path + u".from"_s, l.id, text(o, u"from"_s, path, true)};
        m_linkEnds << Pending{path + u".to"_s, l.id, text(o, u"to"_s, path, true)};
        links << l;
    }

    void resolve()
    {
        QHash<int, qsizetype> siteIndex;
        for (qsizetype i = 0; i < sites.size(); ++i)
            siteIndex.insert(sites.at(i).id, i);
        for (const Pending& p : std::as_const(m_siteParents)) {
            const auto parent = m_siteIds.constFind(p.target);
            if (parent == m_siteIds.cend())
                throw DesignError{p.path, u"no site has the id '%1'"_s.arg(p.target)};
            Site& site = sites[siteIndex.value(p.id)];
            site.parent = parent->id;
            if (const QString problem = DesignRules::parentProblem(site.kind, parent->kind); !problem.isEmpty())
                throw DesignError{p.path, u"'%1': %2"_s.arg(p.target, problem)};
        }
        QHash<int, qsizetype> linkIndex;
        for (qsizetype i = 0; i < links.size(); ++i)
            linkIndex.insert(links.at(i).id, i);
        for (const Pending& p : std::as_const(m_linkEnds)) {
            const auto owner = m_keys.constFind(p.target);
            if (owner == m_keys.cend() || owner->nodeId < 0)
                throw DesignError{
                    p.path, u"no server, client group, console or endpoint has the id '%1'"_s.arg(p.target)};
            Link& l = links[linkIndex.value(p.id)];
            (p.path.endsWith(u".from") ? l.from : l.to) = owner->nodeId;
        }
        for (qsizetype i = 0; i < links.size(); ++i)
            if (links.at(i).from == links.at(i).to)
                throw DesignError{u"$.links[%1]"_s.arg(i), u"a link must join two different nodes"_s};
    }

    const Catalog& m_catalog;
    struct KeyOwner
    {
        QString path;    // where the id was defined, for the duplicate message
        int nodeId = -1; // the node's internal id; -1 for zones and sites
    };
    QHash<QString, KeyOwner> m_keys;
    QSet<QString> m_zoneKeys;
    struct SiteRef
    {
        int id = -1;
        SiteKind kind = SiteKind::Primary;
    };
    QHash<QString, SiteRef> m_siteIds; // site id in the file -> internal id and kind
    QList<Pending> m_siteParents;
    QList<Pending> m_linkEnds;
    int m_nextId = 1;
};

} // namespace

bool loadBytes(Document& document, const QByteArray& bytes, const QString& label, QString* error,
               QStringList* warnings)
{
    Reader reader(document.catalog());
    try {
        reader.read(bytes);
    } catch (const DesignError& e) {
        if (error)
            *error = u"%1: %2: %3"_s.arg(label, e.place, e.what);
        return false;
    }
    if (warnings) {
        warnings->clear();
        for (const QString& w : std::as_const(reader.warnings))
            *warnings << label + u": "_s + w;
    }
    document.reset(reader.info, reader.options, reader.zones, reader.sites, reader.nodes, reader.links);
    return true;
}

bool load(Document& document, const QString& path, QString* error, QStringList* warnings)
{
    QFile file;
    QString why;
    if (!openRegularFile(file, path, &why)) {
        if (error)
            *error = u"%1: %2"_s.arg(path, why);
        return false;
    }
    if (file.size() > kMaxFileSize) {
        if (error)
            *error = u"%1: the file is %2 MB; designs larger than %3 MB are refused"_s.arg(
                path, QString::number(file.size() / (1024 * 1024)), QString::number(kMaxFileSize / (1024 * 1024)));
        return false;
    }
    const QByteArray bytes = file.read(kMaxFileSize + 1);
    if (bytes.size() > kMaxFileSize) {
        if (error)
            *error = u"%1: larger than %2 MB; refused"_s.arg(path, QString::number(kMaxFileSize / (1024 * 1024)));
        return false;
    }
    if (file.error() != QFileDevice::NoError) {
        if (error)
            *error = u"%1: cannot read: %2"_s.arg(path, file.errorString());
        return false;
    }
    return loadBytes(document, bytes, path, error, warnings);
}

bool openRegularFile(QFile& file, const QString& path, QString* why)
{
    const auto refuse = [why](const QString& text) {
        if (why)
            *why = text;
        return false;
    };
#ifdef Q_OS_UNIX
    // Opened without blocking, then checked: a pipe with no writer must not hang us.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return refuse(u"cannot open: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno))));
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const bool folder = S_ISDIR(st.st_mode);
        ::close(fd);
        return refuse(folder ? u"is a folder, not a design file"_s
                             : u"is not a regular file (a pipe, a device or a socket); refused"_s);
    }
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return refuse(u"cannot open: %1"_s.arg(file.errorString()));
    }
    return true;
#else
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return refuse(info.isDir() ? u"is a folder, not a design file"_s
                                   : u"is not a regular file; refused"_s);
    file.setFileName(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(u"cannot open: %1"_s.arg(file.errorString()));
    return true;
#endif
}

} // namespace portolan::DesignFile
