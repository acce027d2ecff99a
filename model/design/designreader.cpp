#include "catalog/catalog.h"
#include "designfile.h"
#include "designjson.h"
#include "designrules.h"
#include "document.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QSet>
#include <QUuid>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace portolan::DesignFile {

namespace {

using namespace reading;

// Validates the JSON tree into plain structures, then hands them to the
// document in one reset so that a failed load leaves it untouched.
class Reader
{
public:
    explicit Reader(const Catalog& catalog) : m_catalog(catalog) {}

    void read(const QByteArray& bytes)
    {
        // simdjson reads up to SIMDJSON_PADDING bytes past the end: bytes read by load() have
        // that room already and are read where they are; any others are copied once.
        std::optional<simdjson::padded_string> padded;
        const bool roomy = bytes.capacity() - bytes.size() >= qsizetype(simdjson::SIMDJSON_PADDING);
        if (!roomy)
            padded.emplace(bytes.constData(), size_t(bytes.size()));
        m_json = roomy ? bytes.constData() : padded->data();
        m_length = size_t(bytes.size());
        m_capacity = roomy ? size_t(bytes.capacity()) : m_length + simdjson::SIMDJSON_PADDING;
        try {
            readDocument();
        } catch (const SyntaxError& e) {
            throw notJson(bytes, e.code);
        } catch (const DesignError&) {
            // The file is read once, in order: a part not read yet may not be JSON at all,
            // and that is what a file that is not JSON is told, wherever the first problem is.
            if (const simdjson::error_code code = wholeDocument(); code != simdjson::SUCCESS)
                throw notJson(bytes, code);
            throw;
        }
    }

    DesignInfo info;
    Options options;
    QList<Zone> zones;
    QList<Site> sites;
    QList<Node> nodes;
    QList<Link> links;
    QStringList warnings;

private:
    static DesignError notJson(const QByteArray& bytes, simdjson::error_code failure)
    {
        // Qt's parser names the byte at fault; simdjson says only what is wrong.
        QJsonParseError parseError;
        QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return DesignError{
                u"$"_s,
                u"not valid JSON (at byte %1: %2)"_s.arg(parseError.offset).arg(parseError.errorString())};
        return DesignError{u"$"_s,
                           u"not valid JSON (%1)"_s.arg(QString::fromUtf8(simdjson::error_message(failure)))};
    }

    // Reads the whole document through from its start: its first syntax error, or success.
    simdjson::error_code wholeDocument()
    {
        try {
            simdjson::ondemand::document document;
            ok(m_parser.iterate(m_json, m_length, m_capacity).get(document));
            Captured scratch;
            simdjson::ondemand::json_type type;
            ok(document.type().get(type));
            if (type == simdjson::ondemand::json_type::object ||
                type == simdjson::ondemand::json_type::array) {
                simdjson::ondemand::value root;
                ok(document.get_value().get(root));
                scratch.capture(root, {}, 0, false);
                return atEnd(document) ? simdjson::SUCCESS : simdjson::TRAILING_CONTENT;
            }
            // A single value at the top is read as the one item of an array: simdjson
            // 3.0's document-level calls take "null " (a space after it) for not null.
            std::string wrapped;
            wrapped.reserve(m_length + 2);
            wrapped.append(1, '[').append(m_json, m_length).append(1, ']');
            const simdjson::padded_string padded(wrapped);
            ok(m_parser.iterate(padded).get(document));
            simdjson::ondemand::array items;
            ok(document.get_array().get(items));
            size_t count = 0;
            for (auto item : items) {
                simdjson::ondemand::value value;
                ok(std::move(item).get(value));
                scratch.capture(value, {}, 1, false);
                ++count;
            }
            if (count != 1 || !atEnd(document))
                return simdjson::TRAILING_CONTENT;
            return simdjson::SUCCESS;
        } catch (const SyntaxError& e) {
            return e.code;
        }
    }

    static bool atEnd(simdjson::ondemand::document& document)
    {
        return document.current_location().error() == simdjson::OUT_OF_BOUNDS;
    }

    // The top level first, but for its arrays of things: so that the design's own fields
    // are checked before anything in those arrays, and the tables are sized. Each array
    // is then read on its own, in the order below whatever the file's order (Portolan
    // writes the members in alphabetical order), by the parser iterating just its bytes.
    void readDocument()
    {
        simdjson::ondemand::document document;
        ok(m_parser.iterate(m_json, m_length, m_capacity).get(document));
        simdjson::ondemand::json_type type;
        ok(document.type().get(type));
        if (type != simdjson::ondemand::json_type::object)
            throw DesignError{u"$"_s, u"a design is a JSON object"_s};
        simdjson::ondemand::object object;
        ok(document.get_object().get(object));
        m_top.clear();
        const quint32 root = m_top.addUnread({}, Captured::Kind::Object, 0);
        quint32 last = 0;
        for (auto member : object) {
            simdjson::ondemand::field field;
            ok(std::move(member).get(field));
            std::string_view name;
            ok(field.unescaped_key().get(name));
            name = m_strings.keep(name); // looked up again after the parser's copy goes
            simdjson::ondemand::value value = field.value();
            TopArray* array = nullptr;
            for (TopArray& a : m_arrays)
                if (sameName(name, QStringView(a.key)) && !a.seen)
                    array = &a;
            simdjson::ondemand::json_type valueType;
            ok(value.type().get(valueType));
            quint32 child;
            if (array && valueType == simdjson::ondemand::json_type::array) {
                simdjson::ondemand::array items;
                ok(value.get_array().get(items));
                size_t count = 0;
                ok(items.count_elements().get(count));
                ok(items.raw_json().get(array->json));
                child = m_top.addUnread(name, Captured::Kind::Array, quint32(count));
            } else {
                // The second of two arrays of one name is read through, not kept.
                const bool repeated =
                    !array && std::any_of(m_arrays.begin(), m_arrays.end(), [&](const TopArray& a) {
                        return sameName(name, QStringView(a.key));
                    });
                child = m_top.capture(value, name, 1, !repeated);
            }
            if (array)
                array->seen = true;
            m_top.link(root, last, child, true);
            last = child + 1;
        }
        if (!atEnd(document))
            throw SyntaxError{simdjson::TRAILING_CONTENT};
        const JsonObject top = JsonValue(&m_top, root).toObject();
        if (top.value(u"format").toString() != u"portolan-design")
            throw DesignError{u"$.format"_s, u"not a Portolan design (expected \"portolan-design\")"_s};
        const JsonValue version = top.value(u"version");
        if (!version.isDouble() || version.toDouble() != std::floor(version.toDouble()) ||
            version.toDouble() < 1)
            throw DesignError{u"$.version"_s, u"expected a format version number"_s};
        if (version.toDouble() > kVersion)
            throw DesignError{u"$.version"_s,
                              u"written by a newer Portolan (format version %1); this version reads "
                              u"format version %2 and older. Update Portolan to open it."_s
                                  .arg(QString::number(version.toDouble(), 'f', 0))
                                  .arg(kVersion)};
        known(top, Path{},
              {u"format", u"version", u"id", u"name", u"author", u"revision", u"description", u"options",
               u"zones", u"sites", u"servers", u"clientGroups", u"consoles", u"endpoints", u"links"});
        // Sized once for every id in the file, instead of growing step by step.
        qsizetype objects = 0;
        for (const char16_t* array :
             {u"zones", u"sites", u"servers", u"clientGroups", u"consoles", u"endpoints"})
            objects += top.value(array).toArray().size();
        m_keys.reserve(objects);
        m_siteIds.reserve(top.value(u"sites").toArray().size());
        m_siteParents.reserve(top.value(u"sites").toArray().size());
        links.reserve(top.value(u"links").toArray().size());
        m_linkEnds.reserve(2 * top.value(u"links").toArray().size());
        zones.reserve(top.value(u"zones").toArray().size());
        sites.reserve(top.value(u"sites").toArray().size());
        nodes.reserve(objects);
        info.id = identity(top);
        info.name = text(top, u"name", Path{});
        info.author = text(top, u"author", Path{});
        info.revision = text(top, u"revision", Path{});
        info.description = text(top, u"description", Path{});
        options = readOptions(top, Path{}, {u"design"});

        forEach(top, u"zones", [this](const JsonObject& o, const Path& p) { readZone(o, p); });
        forEach(top, u"sites", [this](const JsonObject& o, const Path& p) { readSite(o, p); });
        forEach(top, u"servers", [this](const JsonObject& o, const Path& p) { readServer(o, p); });
        forEach(top, u"clientGroups", [this](const JsonObject& o, const Path& p) { readGroup(o, p); });
        forEach(top, u"consoles", [this](const JsonObject& o, const Path& p) { readConsole(o, p); });
        forEach(top, u"endpoints", [this](const JsonObject& o, const Path& p) { readEndpoint(o, p); });
        forEach(top, u"links", [this](const JsonObject& o, const Path& p) { readLink(o, p); });
        resolve();
    }

    // Each object of one of the top level's arrays, read from the file as it comes.
    template <typename F> void forEach(const JsonObject& top, const char16_t* key, F&& f)
    {
        const JsonValue value = top.value(key);
        if (value.isUndefined() || value.isNull())
            return;
        if (!value.isArray())
            throw DesignError{u"$."_s.append(QStringView(key)), u"expected an array"_s};
        const auto at = std::find_if(m_arrays.begin(), m_arrays.end(), [&](const TopArray& a) {
            return QStringView(a.key) == QStringView(key);
        });
        // The array's bytes lie inside the file's, with the rest of the file and its padding after them.
        simdjson::ondemand::document part;
        ok(m_parser.iterate(at->json.data(), at->json.size(), size_t(m_json + m_capacity - at->json.data()))
               .get(part));
        simdjson::ondemand::array array;
        ok(part.get_array().get(array));
        qsizetype i = 0;
        for (auto element : array) {
            simdjson::ondemand::value item;
            ok(std::move(element).get(item));
            const Path p{key, i++};
            simdjson::ondemand::json_type type;
            ok(item.type().get(type));
            if (type != simdjson::ondemand::json_type::object)
                throw DesignError{p.str(), u"expected an object"_s};
            m_object.clear();
            const quint32 index = m_object.capture(item, {}, 2, true);
            f(JsonValue(&m_object, index).toObject(), p);
        }
    }

    // A handful of names, compared in place: building a set for each of a
    // million objects cost more than reading them.
    void known(const JsonObject& o, const Path& path, std::initializer_list<QStringView> fields)
    {
        o.forEachMember([&](std::string_view key, const JsonValue&) {
            if (std::none_of(fields.begin(), fields.end(), [&](QStringView f) { return sameName(key, f); }))
                warnings << u"%1.%2: unknown field, ignored"_s.arg(
                    path.str(), QString::fromUtf8(key.data(), qsizetype(key.size())));
        });
    }

    // *utf8, when given, receives the string's bytes as the parser keeps them.
    static QString text(const JsonObject& o, const char16_t* key, const Path& path, bool required = false,
                        std::string_view* utf8 = nullptr)
    {
        const JsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                throw DesignError{path.with(key).str(), u"missing"_s};
            return {};
        }
        if (!v.isString())
            throw DesignError{path.with(key).str(), u"expected a string"_s};
        QString s = v.toString();
        if (const QString problem = DesignRules::textProblem(s, required); !problem.isEmpty())
            throw DesignError{path.with(key).str(), problem};
        if (utf8)
            v.utf8(*utf8);
        return s;
    }

    // The design's identity: a UUID in any of its usual spellings, kept in one.
    static QString identity(const JsonObject& top)
    {
        const JsonValue v = top.value(u"id");
        if (v.isUndefined() || v.isNull())
            return {};
        const QUuid id = v.isString() ? QUuid::fromString(v.toString()) : QUuid();
        if (id.isNull())
            throw DesignError{u"$.id"_s, u"expected the design's identity, a UUID such as "
                                         u"\"0f8fad5b-d9cb-469f-a165-70867728950e\""_s};
        return id.toString(QUuid::WithoutBraces);
    }

    static QStringList textList(const JsonObject& o, const char16_t* key, const Path& path)
    {
        const JsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray())
            throw DesignError{path.with(key).str(), u"expected an array of strings"_s};
        QStringList result;
        const JsonArray a = v.toArray();
        result.reserve(a.size());
        a.forEachItem([&](qsizetype i, const JsonValue& item) {
            if (!item.isString())
                throw DesignError{u"%1[%2]"_s.arg(path.with(key).str()).arg(i), u"expected a string"_s};
            result << item.toString();
        });
        return result;
    }

    static double number(const JsonObject& o, const char16_t* key, const Path& path)
    {
        const JsonValue v = o.value(key);
        if (v.isUndefined())
            return 0;
        const QString problem = v.isDouble() ? DesignRules::coordinateProblem(v.toDouble())
                                             : DesignRules::coordinateProblem(qInf());
        if (!problem.isEmpty())
            throw DesignError{path.str().append(u'.').append(QStringView(key)), problem};
        return v.toDouble();
    }

    static void checkSubnets(const QStringList& subnets, const Path& path)
    {
        for (qsizetype i = 0; i < subnets.size(); ++i)
            if (const QString problem = DesignRules::subnetProblem(subnets.at(i)); !problem.isEmpty())
                throw DesignError{u"%1[%2]"_s.arg(path.str()).arg(i), problem};
    }

    static void checkAddress(const QString& address, const Path& path)
    {
        if (const QString problem = DesignRules::addressProblem(address); !problem.isEmpty())
            throw DesignError{path.str(), problem};
    }

    // RFC 1123 host names: labels of 1 to 63 letters, digits and hyphens, not
    // starting or ending with a hyphen, joined by dots, at most 253 characters
    // with an optional final dot. Compared character by character: a regular
    // expression per server was a tenth of the load time of a large design.
    static bool validHostName(QStringView name)
    {
        if (name.isEmpty() || name.size() > 253)
            return false;
        if (name.endsWith(u'.'))
            name.chop(1);
        qsizetype labelStart = 0;
        for (qsizetype i = 0; i <= name.size(); ++i) {
            if (i == name.size() || name[i] == u'.') {
                const qsizetype length = i - labelStart;
                if (length < 1 || length > 63 || name[labelStart] == u'-' || name[i - 1] == u'-')
                    return false;
                labelStart = i + 1;
                continue;
            }
            const char16_t c = name[i].unicode();
            const bool allowed =
                (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-';
            if (!allowed)
                return false;
        }
        return true;
    }

    void checkHostName(const QString& name, const Path& path)
    {
        if (!validHostName(name))
            warnings << u"%1: '%2' is not a valid DNS host name"_s.arg(path.str(), name);
    }

    // Every id in the file is unique; nodes keep their internal id with it, so
    // that links find their ends in the same table (one hash of a million ids,
    // not two: each costs about a second at that size).
    QString key(const JsonObject& o, const Path& path, int nodeId = -1, std::string_view* utf8 = nullptr)
    {
        std::string_view id;
        const QString k = text(o, u"id", path, true, &id);
        id = m_strings.keep(id); // past this object, the parser's copy may go
        const auto [owner, added] = m_keys.insert(id, KeyOwner{path, nodeId});
        if (!added)
            throw DesignError{path.with(u"id").str(),
                              u"'%1' is already the id of %2"_s.arg(k, owner->path.str())};
        if (utf8)
            *utf8 = id;
        return k;
    }

    Options readOptions(const JsonObject& o, const Path& path, std::initializer_list<QStringView> prefixes)
    {
        Options result;
        const JsonValue v = o.value(u"options");
        if (v.isUndefined() || v.isNull())
            return result;
        if (!v.isObject())
            throw DesignError{path.with(u"options").str(), u"expected an object of option values"_s};
        v.toObject().forEachMember([&](std::string_view utf8, const JsonValue& optionValue) {
            const QString name = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
            const auto where = [&] {
                return u"%1.options[\"%2\"]"_s.arg(path.str(), name);
            };
            const OptionInfo* option = m_catalog.option(name);
            if (!option || option->derived)
                throw DesignError{where(), u"unknown option"_s};
            const qsizetype dot = name.indexOf(u'.');
            const QStringView prefix = dot < 0 ? QStringView(name) : QStringView(name).left(dot);
            if (std::find(prefixes.begin(), prefixes.end(), prefix) == prefixes.end()) {
                QStringList expected;
                for (QStringView p : prefixes)
                    expected << p.toString() + u".*"_s;
                throw DesignError{
                    where(), u"this option does not apply here (expected %1)"_s.arg(expected.join(u", "))};
            }
            QString why;
            const auto value = DesignRules::optionValue(*option, optionValue.toQt(), &why);
            if (!value)
                throw DesignError{where(), why};
            result.insert(name, *value);
        });
        return result;
    }

    QPointF position(const JsonObject& o, const Path& path)
    {
        return {number(o, u"x", path), number(o, u"y", path)};
    }

    void readZone(const JsonObject& o, const Path& path)
    {
        known(o, path, {u"id", u"name", u"subnets", u"color", u"interface"});
        Zone z;
        std::string_view id;
        z.key = key(o, path, -1, &id);
        z.name = text(o, u"name", path);
        if (z.name.isEmpty())
            z.name = z.key;
        z.subnets = textList(o, u"subnets", path);
        checkSubnets(z.subnets, path.with(u"subnets"));
        z.color = text(o, u"color", path);
        if (const QString problem = DesignRules::colorProblem(z.color); !problem.isEmpty())
            throw DesignError{path.with(u"color").str(), problem};
        z.firewallInterface = text(o, u"interface", path);
        if (const QString problem = DesignRules::interfaceProblem(z.firewallInterface); !problem.isEmpty())
            throw DesignError{path.with(u"interface").str(), problem};
        m_zoneKeys.insert(id, z.key);
        zones << z;
    }

    void readSite(const JsonObject& o, const Path& path)
    {
        known(o, path, {u"id", u"code", u"name", u"kind", u"parent", u"options", u"frame"});
        Site s;
        std::string_view id;
        s.key = key(o, path, -1, &id);
        s.id = m_nextId++;
        s.code = text(o, u"code", path, true);
        s.name = text(o, u"name", path);
        const QString kind = text(o, u"kind", path, true);
        if (kind == u"cas")
            s.kind = SiteKind::Cas;
        else if (kind == u"primary")
            s.kind = SiteKind::Primary;
        else if (kind == u"secondary")
            s.kind = SiteKind::Secondary;
        else
            throw DesignError{path.with(u"kind").str(), u"'%1' is not cas, primary or secondary"_s.arg(kind)};
        std::string_view parentId;
        const QString parent = text(o, u"parent", path, false, &parentId);
        if (!parent.isEmpty()) {
            // A parent listed earlier is checked at once: a chain of 200,000
            // sites is refused at its third, not after all of them are read.
            if (const SiteRef* known = m_siteIds.find(parentId))
                if (const QString problem = DesignRules::parentProblem(s.kind, known->kind);
                    !problem.isEmpty())
                    throw DesignError{path.with(u"parent").str(), u"'%1': %2"_s.arg(parent, problem)};
            m_siteParents << Pending{path.with(u"parent"), sites.size(), m_strings.keep(parentId)};
        }
        s.options = readOptions(o, path, {u"site"});
        const JsonValue frame = o.value(u"frame");
        if (frame.isObject()) {
            const JsonObject f = frame.toObject();
            const Path fp = path.with(u"frame");
            s.frame = QRectF(number(f, u"x", fp), number(f, u"y", fp), number(f, u"width", fp),
                             number(f, u"height", fp));
            if (s.frame.width() < 0 || s.frame.height() < 0)
                throw DesignError{fp.str(), u"width and height must not be negative"_s};
        } else if (!frame.isUndefined()) {
            throw DesignError{path.with(u"frame").str(), u"expected an object with x, y, width and height"_s};
        }
        m_siteIds.insert(id, SiteRef{s.id, s.kind});
        sites << s;
    }

    void readNodeCommon(Node& n, const JsonObject& o, const Path& path)
    {
        n.id = m_nextId++;
        std::string_view id, utf8;
        n.key = key(o, path, n.id, &id);
        // A name, zone or site the same as an id already read passed the same
        // checks: it shares that id's string instead of making its own.
        if (o.value(u"name").utf8(utf8) && utf8 == id)
            n.name = n.key;
        else
            n.name = text(o, u"name", path, true);
        if (const QString* zone = o.value(u"zone").utf8(utf8) ? m_zoneKeys.find(utf8) : nullptr) {
            n.zone = *zone;
        } else {
            n.zone = text(o, u"zone", path);
            if (!n.zone.isEmpty())
                throw DesignError{path.with(u"zone").str(), u"no zone has the id '%1'"_s.arg(n.zone)};
        }
        n.position = position(o, path);
        if (const SiteRef* site = o.value(u"site").utf8(utf8) ? m_siteIds.find(utf8) : nullptr) {
            n.site = site->id;
        } else if (const QString named = text(o, u"site", path); !named.isEmpty()) {
            throw DesignError{path.with(u"site").str(), u"no site has the id '%1'"_s.arg(named)};
        }
    }

    void readServer(const JsonObject& o, const Path& path)
    {
        known(o, path, {u"id", u"name", u"address", u"zone", u"site", u"roles", u"options", u"x", u"y"});
        Node n;
        n.kind = NodeKind::Server;
        readNodeCommon(n, o, path);
        checkHostName(n.name, path.with(u"name"));
        n.address = text(o, u"address", path);
        checkAddress(n.address, path.with(u"address"));
        // textList()'s checks, then each role by its UTF-8 name: a role's name is
        // looked up in the catalog once per file, not once per server.
        const JsonValue rolesValue = o.value(u"roles");
        const JsonArray roleArray = rolesValue.toArray();
        if (!rolesValue.isUndefined() && !rolesValue.isNull() && !rolesValue.isArray())
            throw DesignError{path.with(u"roles").str(), u"expected an array of strings"_s};
        roleArray.forEachItem([&](qsizetype i, const JsonValue& item) {
            if (!item.isString())
                throw DesignError{u"%1[%2]"_s.arg(path.with(u"roles").str()).arg(i), u"expected a string"_s};
        });
        roleArray.forEachItem([&](qsizetype i, const JsonValue& item) {
            std::string_view utf8;
            item.utf8(utf8);
            const int* cached = m_roleNames.find(utf8);
            const int r =
                cached
                    ? *cached
                    : *m_roleNames.insert(m_strings.keep(utf8), m_catalog.roleIndex(item.toString())).first;
            const auto roleName = [&] {
                return item.toString();
            };
            const auto rp = [&] {
                return u"%1.roles[%2]"_s.arg(path.str()).arg(i);
            };
            if (r < 0)
                throw DesignError{rp(), u"unknown role '%1'"_s.arg(roleName())};
            const Placement placement = m_catalog.role(r).placement;
            if (placement != Placement::Server && placement != Placement::Cloud)
                throw DesignError{rp(), u"'%1' is not a role a server can hold"_s.arg(roleName())};
            if (n.roles.contains(r))
                throw DesignError{rp(), u"role '%1' listed twice"_s.arg(roleName())};
            n.roles << r;
        });
        n.options = readOptions(o, path, {u"mp", u"dp", u"sup", u"sql", u"cmg", u"system"});
        nodes << std::move(n);
    }

    void readGroup(const JsonObject& o, const Path& path)
    {
        known(o, path,
              {u"id", u"name", u"subnets", u"devices", u"site", u"os", u"zone", u"options", u"x", u"y"});
        Node n;
        n.kind = NodeKind::ClientGroup;
        readNodeCommon(n, o, path);
        n.subnets = textList(o, u"subnets", path);
        checkSubnets(n.subnets, path.with(u"subnets"));
        const double devices = number(o, u"devices", path);
        if (devices < 0 || devices != std::floor(devices))
            throw DesignError{path.with(u"devices").str(),
                              u"expected a whole number of devices, 0 or more"_s};
        n.devices = int(devices);
        const QString os = text(o, u"os", path);
        if (os.isEmpty() || os == u"windows")
            n.os = OsFamily::Windows;
        else if (os == u"mac")
            n.os = OsFamily::Mac;
        else if (os == u"mobile")
            n.os = OsFamily::Mobile;
        else
            throw DesignError{path.with(u"os").str(), u"'%1' is not windows, mac or mobile"_s.arg(os)};
        n.options = readOptions(o, path, {u"group"});
        nodes << std::move(n);
    }

    void readConsole(const JsonObject& o, const Path& path)
    {
        known(o, path, {u"id", u"name", u"address", u"subnets", u"zone", u"sites", u"options", u"x", u"y"});
        Node n;
        n.kind = NodeKind::Console;
        readNodeCommon(n, o, path);
        n.address = text(o, u"address", path);
        checkAddress(n.address, path.with(u"address"));
        n.subnets = textList(o, u"subnets", path);
        checkSubnets(n.subnets, path.with(u"subnets"));
        const QStringList managed = textList(o, u"sites", path);
        for (qsizetype i = 0; i < managed.size(); ++i) {
            const SiteRef* found = m_siteIds.find(managed.at(i).toUtf8().toStdString());
            if (!found)
                throw DesignError{u"%1.sites[%2]"_s.arg(path.str()).arg(i),
                                  u"no site has the id '%1'"_s.arg(managed.at(i))};
            n.managedSites << found->id;
        }
        n.options = readOptions(o, path, {u"console"});
        nodes << std::move(n);
    }

    void readEndpoint(const JsonObject& o, const Path& path)
    {
        known(o, path, {u"id", u"name", u"kind", u"address", u"zone", u"options", u"x", u"y"});
        Node n;
        n.kind = NodeKind::Endpoint;
        readNodeCommon(n, o, path);
        n.address = text(o, u"address", path);
        checkAddress(n.address, path.with(u"address"));
        const QString kind = text(o, u"kind", path, true);
        const int r = m_catalog.roleIndex(kind);
        if (r < 0 || m_catalog.role(r).placement != Placement::Endpoint)
            throw DesignError{path.with(u"kind").str(),
                              u"'%1' is not a kind of external endpoint"_s.arg(kind)};
        n.roles << r;
        n.options = readOptions(o, path, {u"sup"});
        nodes << std::move(n);
    }

    void readLink(const JsonObject& o, const Path& path)
    {
        known(o, path, {u"kind", u"from", u"to"});
        Link l;
        l.id = m_nextId++;
        // Compared in place with each kind's key; anything else is refused as before.
        std::string_view utf8;
        std::optional<LinkKind> kind;
        if (o.value(u"kind").utf8(utf8))
            for (int k = 0; k < kLinkKindCount && !kind; ++k)
                if (sameName(utf8, linkKindKey(LinkKind(k))))
                    kind = LinkKind(k);
        if (!kind) {
            const QString named = text(o, u"kind", path, true);
            throw DesignError{path.with(u"kind").str(),
                              u"'%1' is not one of %2"_s.arg(named, linkKindKeys().join(u", "))};
        }
        l.kind = *kind;
        m_linkEnds << Pending{path.with(u"from"), links.size(), linkEnd(o, u"from", path)};
        m_linkEnds << Pending{path.with(u"to"), links.size(), linkEnd(o, u"to", path)};
        links << l;
    }

    // A link's end: an id already read passed the text checks; any other is checked
    // here and looked up again once every link is read.
    std::string_view linkEnd(const JsonObject& o, const char16_t* field, const Path& path)
    {
        std::string_view id;
        if (o.value(field).utf8(id) && m_keys.find(id))
            return m_strings.keep(id);
        text(o, field, path, true, &id);
        return m_strings.keep(id);
    }

    void resolve()
    {
        for (const Pending& p : std::as_const(m_siteParents)) {
            const SiteRef* parent = m_siteIds.find(p.target);
            if (!parent)
                throw DesignError{p.path.str(), u"no site has the id '%1'"_s.arg(p.targetText())};
            Site& site = sites[p.index];
            site.parent = parent->id;
            if (const QString problem = DesignRules::parentProblem(site.kind, parent->kind);
                !problem.isEmpty())
                throw DesignError{p.path.str(), u"'%1': %2"_s.arg(p.targetText(), problem)};
        }
        for (const Pending& p : std::as_const(m_linkEnds)) {
            const KeyOwner* owner = m_keys.find(p.target);
            if (!owner || owner->nodeId < 0)
                throw DesignError{
                    p.path.str(),
                    u"no server, client group, console or endpoint has the id '%1'"_s.arg(p.targetText())};
            Link& l = links[p.index];
            (QStringView(p.path.field) == u"from" ? l.from : l.to) = owner->nodeId;
        }
        for (qsizetype i = 0; i < links.size(); ++i)
            if (links.at(i).from == links.at(i).to)
                throw DesignError{u"$.links[%1]"_s.arg(i), u"a link must join two different nodes"_s};
    }

    const Catalog& m_catalog;
    simdjson::ondemand::parser m_parser;
    const char* m_json = nullptr; // the file's bytes, with simdjson's padding after them
    size_t m_length = 0;
    size_t m_capacity = 0;
    Captured m_top;    // the top level's members, but for its arrays of things
    Captured m_object; // the object of an array being read
    // The arrays of things, in the order they are read: the bytes of the first member of each name.
    struct TopArray
    {
        const char16_t* key;
        bool seen = false;     // a member of this name was read
        std::string_view json; // its bytes, when it is an array
    };
    std::array<TopArray, 7> m_arrays{{{u"zones", false, {}},
                                      {u"sites", false, {}},
                                      {u"servers", false, {}},
                                      {u"clientGroups", false, {}},
                                      {u"consoles", false, {}},
                                      {u"endpoints", false, {}},
                                      {u"links", false, {}}}};
    Strings m_strings; // the ids kept past their object
    struct KeyOwner
    {
        Path path;       // where the id was defined, for the duplicate message
        int nodeId = -1; // the node's internal id; -1 for zones and sites
    };
    IdTable<KeyOwner> m_keys;
    IdTable<QString> m_zoneKeys; // the zone's id, shared by its members
    struct SiteRef
    {
        int id = -1;
        SiteKind kind = SiteKind::Primary;
    };
    IdTable<SiteRef> m_siteIds;
    IdTable<int> m_roleNames; // a role's name in the file -> its catalog index, or -1
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
    if (reader.info.id.isEmpty()) // a file of an older Portolan: see identityFor()
        reader.info.id = identityFor(label);
    document.reset(reader.info, reader.options, reader.zones, std::move(reader.sites),
                   std::move(reader.nodes), std::move(reader.links));
    return true;
}

} // namespace portolan::DesignFile
