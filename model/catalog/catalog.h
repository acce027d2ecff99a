#pragma once

#include "design/linkkind.h"
#include "portspec.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace portolan {

// Which pairs of design nodes a catalog row applies to (DOMAIN.md section 3).
enum class Scope
{
    SameSite,
    ParentChild,
    Assigned,
    TopOfHierarchy,
    Managed,
    Directory,
    Link,
    WithinGroup,
    External, // a role and the external endpoint of the destination kind
    Design,   // every such pair in the design
};
QString scopeName(Scope scope);
std::optional<Scope> scopeFromName(QStringView name);

// Where a row comes from, shown as its Basis: a row of one of the reference's
// tables, a flow the reference states only in its text (a paragraph or a note),
// or a flow real deployments need that the reference leaves out.
enum class RowKind
{
    Reference,
    ReferenceText,
    FieldReported
};
QString rowKindName(RowKind kind);

// Where a role can be placed in a design.
enum class Placement
{
    Server,
    Client,
    Console,
    Cloud,
    Endpoint
};

struct RoleInfo
{
    QString id;
    QString name;
    Placement placement = Placement::Server;
    bool internetBound = false; // reached through the proxy when the design has one (note 1)
    QList<int> servedBy;        // roles that can stand in for this one (a SUP as upstream WSUS)
};

struct OptionInfo
{
    enum class Type
    {
        Bool,
        Int,
        Port,
        Range,
        String,
        Enum
    };
    QString name;
    Type type = Type::Bool;
    QVariant defaultValue;
    QStringList values; // Enum
    int minimum = 0;    // Int
    int maximum = 0;    // Int
    QString description;
    bool derived = false; // computed from other options, never set by the user
};

// One clause of a row's "when" list: `opt`, `!opt`, `opt=v`, `opt!=v`, `opt>v`.
struct Condition
{
    enum class Op
    {
        IsTrue,
        IsFalse,
        Equal,
        NotEqual,
        Greater
    };
    QString option;
    Op op = Op::IsTrue;
    QString value;

    static std::optional<Condition> parse(QStringView text, QString* error);
    QString toString() const;
};

// One directional row of the catalog: a two-way reference row becomes two.
struct CatalogRow
{
    int index = 0;
    int sourceRole = -1;      // index into Catalog::roles()
    int destinationRole = -1; // index into Catalog::roles()
    QString description;
    Protocol protocol = Protocol::Tcp;
    PortSpec port;
    bool configurable = false;
    QList<int> notes;
    Scope scope = Scope::SameSite;
    QList<Condition> when;
    QString portOption;           // the option whose value replaces or sizes the port
    QStringList options;          // every option that switches the row on or changes it
    std::optional<LinkKind> link; // for Scope::Link: the kind of explicit link the row follows
    QString section;              // the reference section title, with --> or <-->
    bool twoWay = false;
    bool reverse = false; // the second direction of a two-way section
    RowKind kind = RowKind::Reference;
    QString reason;   // why a reference text or field-reported row exists
    QString passage;  // reference text: the note or paragraph that states the flow
    QString citation; // field-reported: the public source, e.g. "MicrosoftDocs/memdocs issue 1686"
    QString url;      // field-reported: where the source can be read
    bool installOnly = false;
    bool remoteOnly = false; // only between two different servers (a remote SQL Server), never local
};

// The Basis column: "reference", "reference text (Note 4)" or "field-reported".
QString basisLabel(const CatalogRow& row);
// The Reference column: the reference section a row comes from, or the public
// source of a field-reported row (which has no section in the reference).
QString referenceLabel(const CatalogRow& row);

class Catalog
{
public:
    // Parses and validates catalog JSON. On failure returns nullopt and sets
    // *error to a message naming the section, row and field at fault.
    static std::optional<Catalog> fromJson(const QByteArray& json, QString* error);
    // The catalog compiled into the binary (resources/catalog/catalog.json).
    static const Catalog& builtin();

    const QList<CatalogRow>& rows() const { return m_rows; }
    const QList<RoleInfo>& roles() const { return m_roles; }
    const QList<OptionInfo>& options() const { return m_options; }
    QStringList sectionTitles() const { return m_sections; }

    int roleIndex(QStringView id) const;
    const RoleInfo& role(int index) const { return m_roles.at(index); }
    const OptionInfo* option(QStringView name) const;
    QList<const CatalogRow*> rowsInSection(QStringView title) const;

private:
    QList<RoleInfo> m_roles;
    QList<OptionInfo> m_options;
    QList<CatalogRow> m_rows;
    QStringList m_sections;
    QHash<QString, int> m_roleIndex;
    QHash<QString, int> m_optionIndex;

    friend class CatalogLoader;
};

} // namespace portolan
