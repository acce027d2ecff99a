#include "catalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <stdexcept>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

struct NamedScope
{
    Scope scope;
    const char16_t* name;
};

constexpr NamedScope kScopes[] = {
    {Scope::SameSite, u"same_site"}, {Scope::ParentChild, u"parent_child"},
    {Scope::Assigned, u"assigned"},  {Scope::TopOfHierarchy, u"top_of_hierarchy"},
    {Scope::Managed, u"managed"},    {Scope::Directory, u"directory"},
    {Scope::Link, u"link"},          {Scope::WithinGroup, u"within_group"},
    {Scope::External, u"external"},  {Scope::Design, u"design"},
};

// Thrown inside the loader only; fromJson turns it into the error string.
struct CatalogError : std::runtime_error
{
    explicit CatalogError(const QString& message) : std::runtime_error(message.toStdString()), text(message)
    {}
    QString text;
};

} // namespace

QString scopeName(Scope scope)
{
    for (const auto& entry : kScopes)
        if (entry.scope == scope)
            return QString::fromUtf16(entry.name);
    return {};
}

std::optional<Scope> scopeFromName(QStringView name)
{
    for (const auto& entry : kScopes)
        if (name == QStringView(entry.name))
            return entry.scope;
    return std::nullopt;
}

QString rowKindName(RowKind kind)
{
    switch (kind) {
    case RowKind::Reference:
        return u"reference"_s;
    case RowKind::ReferenceText:
        return u"reference text"_s;
    case RowKind::FieldReported:
        return u"field-reported"_s;
    }
    return {};
}

QString basisLabel(const CatalogRow& row)
{
    if (row.kind == RowKind::ReferenceText && !row.passage.isEmpty())
        return u"%1 (%2)"_s.arg(rowKindName(row.kind), row.passage);
    return rowKindName(row.kind);
}

QString referenceLabel(const CatalogRow& row)
{
    return row.kind == RowKind::FieldReported ? row.citation : row.section;
}

std::optional<Condition> Condition::parse(QStringView text, QString* error)
{
    Condition c;
    auto fail = [&](const QString& why) -> std::optional<Condition> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (text.startsWith(u'!')) {
        c.op = Op::IsFalse;
        c.option = text.mid(1).toString();
    } else if (const qsizetype ne = text.indexOf(u"!="); ne > 0) {
        c.op = Op::NotEqual;
        c.option = text.left(ne).toString();
        c.value = text.mid(ne + 2).toString();
    } else if (const qsizetype eq = text.indexOf(u'='); eq > 0) {
        c.op = Op::Equal;
        c.option = text.left(eq).toString();
        c.value = text.mid(eq + 1).toString();
    } else if (const qsizetype gt = text.indexOf(u'>'); gt > 0) {
        c.op = Op::Greater;
        c.option = text.left(gt).toString();
        c.value = text.mid(gt + 1).toString();
    } else {
        c.option = text.toString();
    }
    if (c.option.isEmpty())
        return fail(u"condition '%1' names no option"_s.arg(text));
    if ((c.op == Op::Equal || c.op == Op::NotEqual || c.op == Op::Greater) && c.value.isEmpty())
        return fail(u"condition '%1' has no value"_s.arg(text));
    return c;
}

QString Condition::toString() const
{
    switch (op) {
    case Op::IsTrue:
        return option;
    case Op::IsFalse:
        return u"!"_s + option;
    case Op::Equal:
        return option + u"="_s + value;
    case Op::NotEqual:
        return option + u"!="_s + value;
    case Op::Greater:
        return option + u">"_s + value;
    }
    return {};
}

// Reads the JSON into a Catalog, failing on the first problem with a message
// that names the place ("section 12 \"Client --> Management point\", row 2,
// field \"port\"") so that whoever edits the data can find it.
class CatalogLoader
{
public:
    Catalog load(const QByteArray& json)
    {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            throw CatalogError(
                u"not valid JSON at offset %1: %2"_s.arg(parseError.offset).arg(parseError.errorString()));
        if (!doc.isObject())
            throw CatalogError(u"the top level is not an object"_s);
        const QJsonObject top = doc.object();
        if (top.value(u"format").toString() != u"portolan-catalog")
            throw CatalogError(u"field \"format\": expected \"portolan-catalog\""_s);
        if (top.value(u"version").toInt(-1) != 1)
            throw CatalogError(u"field \"version\": only version 1 is understood"_s);
        loadOptions(array(top, u"options"_s, u"top level"_s));
        loadRoles(array(top, u"roles"_s, u"top level"_s));
        const QJsonArray sections = array(top, u"sections"_s, u"top level"_s);
        for (qsizetype i = 0; i < sections.size(); ++i)
            loadSection(i, sections.at(i));
        return std::move(m_catalog);
    }

private:
    static QJsonArray array(const QJsonObject& object, const QString& key, const QString& place)
    {
        const QJsonValue value = object.value(key);
        if (!value.isArray())
            throw CatalogError(u"%1: field \"%2\" is missing or not an array"_s.arg(place, key));
        return value.toArray();
    }

    static QJsonObject objectAt(const QJsonValue& value, const QString& place)
    {
        if (!value.isObject())
            throw CatalogError(u"%1: not an object"_s.arg(place));
        return value.toObject();
    }

    static QString string(const QJsonObject& object, const QString& key, const QString& place, bool required)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() && !required)
            return {};
        if (!value.isString() || (required && value.toString().trimmed().isEmpty()))
            throw CatalogError(u"%1, field \"%2\": expected a non-empty string"_s.arg(place, key));
        return value.toString();
    }

    static bool boolean(const QJsonObject& object, const QString& key, const QString& place)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return false;
        if (!value.isBool())
            throw CatalogError(u"%1, field \"%2\": expected true or false"_s.arg(place, key));
        return value.toBool();
    }

    static void onlyKnownFields(const QJsonObject& object, const QSet<QString>& known, const QString& place)
    {
        for (auto it = object.begin(); it != object.end(); ++it)
            if (!known.contains(it.key()))
                throw CatalogError(u"%1, field \"%2\": unknown field"_s.arg(place, it.key()));
    }

    void loadOptions(const QJsonArray& options)
    {
        static const QHash<QString, OptionInfo::Type> types = {
            {u"bool"_s, OptionInfo::Type::Bool},     {u"int"_s, OptionInfo::Type::Int},
            {u"port"_s, OptionInfo::Type::Port},     {u"range"_s, OptionInfo::Type::Range},
            {u"string"_s, OptionInfo::Type::String}, {u"enum"_s, OptionInfo::Type::Enum},
        };
        for (qsizetype i = 0; i < options.size(); ++i) {
            QString place = u"option %1"_s.arg(i + 1);
            const QJsonObject o = objectAt(options.at(i), place);
            onlyKnownFields(o,
                            {u"name"_s, u"type"_s, u"default"_s, u"values"_s, u"min"_s, u"max"_s,
                             u"description"_s, u"derived"_s},
                            place);
            OptionInfo info;
            info.name = string(o, u"name"_s, place, true);
            place = u"option %1 \"%2\""_s.arg(i + 1).arg(info.name);
            const QString type = string(o, u"type"_s, place, true);
            if (!types.contains(type))
                throw CatalogError(u"%1, field \"type\": unknown type '%2'"_s.arg(place, type));
            info.type = types.value(type);
            info.description = string(o, u"description"_s, place, false);
            info.derived = boolean(o, u"derived"_s, place);
            info.minimum = o.value(u"min").toInt();
            info.maximum = o.value(u"max").toInt();
            for (const QJsonValue v : o.value(u"values").toArray())
                info.values << v.toString();
            info.defaultValue = o.value(u"default").toVariant();
            checkDefault(info, o.value(u"default"), place);
            if (m_catalog.m_optionIndex.contains(info.name))
                throw CatalogError(u"%1, field \"name\": defined twice"_s.arg(place));
            m_catalog.m_optionIndex.insert(info.name, int(m_catalog.m_options.size()));
            m_catalog.m_options << info;
        }
    }

    static void checkDefault(const OptionInfo& info, const QJsonValue& value, const QString& place)
    {
        bool ok = true;
        QString ignored;
        switch (info.type) {
        case OptionInfo::Type::Bool:
            ok = value.isBool();
            break;
        case OptionInfo::Type::Int:
            ok = value.isDouble() && value.toInt() >= info.minimum && value.toInt() <= info.maximum;
            break;
        case OptionInfo::Type::Port:
            ok = value.isDouble() && value.toInt() >= 1 && value.toInt() <= 65535;
            break;
        case OptionInfo::Type::Range:
            ok = value.isString() && PortSpec::parseConcrete(value.toString(), &ignored).has_value();
            break;
        case OptionInfo::Type::String:
            ok = value.isString();
            break;
        case OptionInfo::Type::Enum:
            ok = value.isString() && info.values.contains(value.toString());
            break;
        }
        if (!ok)
            throw CatalogError(u"%1, field \"default\": not a valid value of its type"_s.arg(place));
    }

    void loadRoles(const QJsonArray& roles)
    {
        static const QHash<QString, Placement> placements = {
            {u"server"_s, Placement::Server},     {u"client"_s, Placement::Client},
            {u"console"_s, Placement::Console},   {u"cloud"_s, Placement::Cloud},
            {u"endpoint"_s, Placement::Endpoint},
        };
        for (qsizetype i = 0; i < roles.size(); ++i) {
            const QString place = u"role %1"_s.arg(i + 1);
            const QJsonObject o = objectAt(roles.at(i), place);
            onlyKnownFields(o, {u"id"_s, u"name"_s, u"placement"_s, u"internet_bound"_s, u"served_by"_s},
                            place);
            RoleInfo role;
            role.id = string(o, u"id"_s, place, true);
            role.name = string(o, u"name"_s, place, true);
            const QString placement = string(o, u"placement"_s, place, true);
            if (!placements.contains(placement))
                throw CatalogError(
                    u"%1, field \"placement\": unknown placement '%2'"_s.arg(place, placement));
            role.placement = placements.value(placement);
            role.internetBound = boolean(o, u"internet_bound"_s, place);
            if (m_catalog.m_roleIndex.contains(role.id))
                throw CatalogError(u"%1, field \"id\": role '%2' defined twice"_s.arg(place, role.id));
            m_catalog.m_roleIndex.insert(role.id, int(m_catalog.m_roles.size()));
            m_catalog.m_roles << role;
        }
        // served_by names other roles, so it is resolved once all are known.
        for (qsizetype i = 0; i < roles.size(); ++i) {
            const QString place = u"role %1 \"%2\""_s.arg(i + 1).arg(m_catalog.m_roles.at(i).id);
            for (const QJsonValue v : roles.at(i).toObject().value(u"served_by").toArray()) {
                const int index = m_catalog.roleIndex(v.toString());
                if (index < 0)
                    throw CatalogError(
                        u"%1, field \"served_by\": unknown role '%2'"_s.arg(place, v.toString()));
                m_catalog.m_roles[i].servedBy << index;
            }
        }
    }

    int roleField(const QJsonObject& o, const QString& key, const QString& place) const
    {
        const QString id = string(o, key, place, true);
        const int index = m_catalog.roleIndex(id);
        if (index < 0)
            throw CatalogError(u"%1, field \"%2\": unknown role '%3'"_s.arg(place, key, id));
        return index;
    }

    QList<Condition> conditions(const QJsonObject& o, const QString& key, const QString& place) const
    {
        QList<Condition> result;
        const QJsonValue value = o.value(key);
        if (value.isUndefined())
            return result;
        if (!value.isArray())
            throw CatalogError(u"%1, field \"%2\": expected an array of conditions"_s.arg(place, key));
        for (const QJsonValue item : value.toArray()) {
            QString why;
            const auto condition = Condition::parse(item.toString(), &why);
            if (!condition)
                throw CatalogError(u"%1, field \"%2\": %3"_s.arg(place, key, why));
            checkOption(condition->option, key, place);
            result << *condition;
        }
        return result;
    }

    void checkOption(const QString& name, const QString& key, const QString& place) const
    {
        if (!m_catalog.option(name))
            throw CatalogError(u"%1, field \"%2\": unknown option '%3'"_s.arg(place, key, name));
    }

    void loadSection(qsizetype sectionIndex, const QJsonValue& value)
    {
        QString place = u"section %1"_s.arg(sectionIndex + 1);
        const QJsonObject s = objectAt(value, place);
        onlyKnownFields(s,
                        {u"title"_s, u"source"_s, u"destination"_s, u"scope"_s, u"rows"_s, u"forward_when"_s,
                         u"reverse_when"_s, u"link"_s},
                        place);
        const QString title = string(s, u"title"_s, place, true);
        place = u"section %1 \"%2\""_s.arg(sectionIndex + 1).arg(title);
        const int source = roleField(s, u"source"_s, place);
        const int destination = roleField(s, u"destination"_s, place);
        const QString scopeText = string(s, u"scope"_s, place, true);
        const auto scope = scopeFromName(scopeText);
        if (!scope)
            throw CatalogError(u"%1, field \"scope\": unknown scope '%2'"_s.arg(place, scopeText));
        // One reference section may reach two kinds of destination ("Site server --> SQL
        // Server for WSUS": a separate SQL Server, or the update point's own): the title
        // then appears twice, each time with another destination or scope.
        for (const CatalogRow& earlier : std::as_const(m_catalog.m_rows))
            if (earlier.section == title && !earlier.reverse && earlier.destinationRole == destination &&
                earlier.scope == *scope)
                throw CatalogError(u"%1, field \"title\": section appears twice"_s.arg(place));
        const QString linkText = string(s, u"link"_s, place, *scope == Scope::Link);
        const std::optional<LinkKind> link = linkKindFromKey(linkText);
        if (!linkText.isEmpty() && !link)
            throw CatalogError(u"%1, field \"link\": unknown link kind '%2' (expected one of %3)"_s.arg(
                place, linkText, linkKindKeys().join(u", ")));
        if (*scope != Scope::Link && link)
            throw CatalogError(
                u"%1, field \"link\": only sections with the link scope follow a link"_s.arg(place));
        const bool twoWay = title.contains(u" <--> ");
        const QList<Condition> forwardWhen = conditions(s, u"forward_when"_s, place);
        const QList<Condition> reverseWhen = conditions(s, u"reverse_when"_s, place);
        if (!twoWay && !reverseWhen.isEmpty())
            throw CatalogError(u"%1, field \"reverse_when\": the section is one-way"_s.arg(place));
        const QJsonArray rows = array(s, u"rows"_s, place);
        if (rows.isEmpty())
            throw CatalogError(u"%1, field \"rows\": a section needs at least one row"_s.arg(place));
        if (!m_catalog.m_sections.contains(title))
            m_catalog.m_sections << title;
        for (qsizetype r = 0; r < rows.size(); ++r) {
            CatalogRow row = loadRow(rows.at(r), u"%1, row %2"_s.arg(place).arg(r + 1));
            row.section = title;
            row.scope = *scope;
            row.link = link;
            row.twoWay = twoWay;
            row.sourceRole = source;
            row.destinationRole = destination;
            CatalogRow back = row;
            row.when << forwardWhen;
            append(row);
            if (twoWay) {
                std::swap(back.sourceRole, back.destinationRole);
                back.reverse = true;
                back.when << reverseWhen;
                append(back);
            }
        }
    }

    void append(CatalogRow row)
    {
        row.index = int(m_catalog.m_rows.size());
        for (const Condition& c : std::as_const(row.when))
            if (!row.options.contains(c.option))
                row.options << c.option;
        if (!row.portOption.isEmpty() && !row.options.contains(row.portOption))
            row.options << row.portOption;
        m_catalog.m_rows << row;
    }

    CatalogRow loadRow(const QJsonValue& value, const QString& place) const
    {
        const QJsonObject o = objectAt(value, place);
        onlyKnownFields(o,
                        {u"description"_s, u"protocol"_s, u"port"_s, u"configurable"_s, u"notes"_s, u"when"_s,
                         u"port_option"_s, u"options"_s, u"kind"_s, u"reason"_s, u"install_only"_s,
                         u"remote_only"_s, u"passage"_s, u"citation"_s, u"url"_s},
                        place);
        CatalogRow row;
        row.description = string(o, u"description"_s, place, true);
        const QString protocol = string(o, u"protocol"_s, place, true);
        const auto parsedProtocol = protocolFromName(protocol);
        if (!parsedProtocol)
            throw CatalogError(
                u"%1, field \"protocol\": '%2' is not TCP, UDP or ICMP"_s.arg(place, protocol));
        row.protocol = *parsedProtocol;
        if (!o.value(u"port").isString())
            throw CatalogError(u"%1, field \"port\": expected a string"_s.arg(place));
        QString why;
        const auto port = PortSpec::parse(o.value(u"port").toString(), &why);
        if (!port)
            throw CatalogError(u"%1, field \"port\": %2"_s.arg(place, why));
        if ((row.protocol == Protocol::Icmp) != (port->kind == PortSpec::Kind::None))
            throw CatalogError(
                u"%1, field \"port\": ICMP rows have no port, TCP and UDP rows need one"_s.arg(place));
        row.port = *port;
        row.configurable = boolean(o, u"configurable"_s, place);
        row.installOnly = boolean(o, u"install_only"_s, place);
        row.remoteOnly = boolean(o, u"remote_only"_s, place);
        for (const QJsonValue note : o.value(u"notes").toArray()) {
            const int n = note.toInt(0);
            if (n < 1 || n > 6)
                throw CatalogError(u"%1, field \"notes\": the reference has notes 1 to 6"_s.arg(place));
            row.notes << n;
        }
        row.when = conditions(o, u"when"_s, place);
        row.portOption = string(o, u"port_option"_s, place, false);
        if (!row.portOption.isEmpty())
            checkOption(row.portOption, u"port_option"_s, place);
        for (const QJsonValue option : o.value(u"options").toArray()) {
            checkOption(option.toString(), u"options"_s, place);
            row.options << option.toString();
        }
        const QString kind = string(o, u"kind"_s, place, false);
        if (kind.isEmpty() || kind == u"reference")
            row.kind = RowKind::Reference;
        else if (kind == u"reference text")
            row.kind = RowKind::ReferenceText;
        else if (kind == u"field-reported")
            row.kind = RowKind::FieldReported;
        else
            throw CatalogError(
                u"%1, field \"kind\": unknown kind '%2' (reference, reference text or field-reported)"_s.arg(
                    place, kind));
        row.reason = string(o, u"reason"_s, place, row.kind != RowKind::Reference);
        // A reference text row names the note or paragraph; a field-reported row
        // names its public source instead of a reference section.
        row.passage = string(o, u"passage"_s, place, row.kind == RowKind::ReferenceText);
        row.citation = string(o, u"citation"_s, place, row.kind == RowKind::FieldReported);
        row.url = string(o, u"url"_s, place, row.kind == RowKind::FieldReported);
        return row;
    }

    Catalog m_catalog;
};

std::optional<Catalog> Catalog::fromJson(const QByteArray& json, QString* error)
{
    try {
        return CatalogLoader().load(json);
    } catch (const CatalogError& e) {
        if (error)
            *error = u"catalog: "_s + e.text;
        return std::nullopt;
    }
}

const Catalog& Catalog::builtin()
{
    static const Catalog catalog = [] {
        QFile file(u":/catalog/catalog.json"_s);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("the built-in catalog resource is missing");
        QString error;
        auto loaded = fromJson(file.readAll(), &error);
        if (!loaded)
            qFatal("%s", qPrintable(error));
        return std::move(*loaded);
    }();
    return catalog;
}

// A few dozen roles and options: compared in place, without building a
// QString and hashing it for each of the million lookups of a large design.
int Catalog::roleIndex(QStringView id) const
{
    for (qsizetype i = 0; i < m_roles.size(); ++i)
        if (m_roles.at(i).id == id)
            return int(i);
    return -1;
}

const OptionInfo* Catalog::option(QStringView name) const
{
    for (const OptionInfo& option : m_options)
        if (option.name == name)
            return &option;
    return nullptr;
}

QList<const CatalogRow*> Catalog::rowsInSection(QStringView title) const
{
    QList<const CatalogRow*> result;
    for (const CatalogRow& row : m_rows)
        if (row.section == title)
            result << &row;
    return result;
}

} // namespace portolan
