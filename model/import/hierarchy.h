#pragma once

#include "design/document.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace portolan {

// What an import found, before it becomes a design: sites by code, servers
// and client groups by name, links by the names at either end. Both the
// collector's JSON and the role CSV are read into this, and one builder makes
// the design from it.
struct ImportedSite
{
    QString code;
    QString name;
    SiteKind kind = SiteKind::Primary;
    QString parentCode;
    Options options;
    QString place; // where the input names it: "line 12" or "$.SMS_Site[3]"
};

struct ImportedServer
{
    QString name; // FQDN, lower case
    QString address;
    QString siteCode;
    QStringList roles; // catalog role ids
    Options options;
    QString place; // where the input first names it
};

struct ImportedGroup
{
    QString name;
    QStringList subnets;
    QString siteCode;    // the boundary group's default site, or the site of its systems
    QStringList systems; // server names of its site systems
    QString place;       // where the input names it
};

struct ImportedLink
{
    LinkKind kind;
    QString from; // server or group name
    QString to;
};

// Everything that could not be mapped, and what was assumed. Each
// notMapped line also becomes a design warning (see describeNotMapped()).
struct ImportReport
{
    QString source; // the file name
    int sites = 0;
    int servers = 0;
    int groups = 0;
    int links = 0;
    QStringList
        notMapped;     // "boundary group HQ: Active Directory site boundary 'Default-First-Site-Name' ..."
    QStringList notes; // assumptions and collector errors
    // "Imported 3 sites, 9 servers ..." then the lists, one item a line.
    QString text() const;
};

struct Hierarchy
{
    QList<ImportedSite> sites;
    QList<ImportedServer> servers;
    QList<ImportedGroup> groups;
    QList<ImportedLink> links;

    ImportedServer& server(const QString& name); // found by name (case-insensitive) or added
    const ImportedServer* findServer(const QString& name) const;
    void removeServer(const QString& name); // and its index entry
    const ImportedSite* findSite(const QString& code) const;

private:
    QHash<QString, qsizetype> m_serverIndex; // lower-case name -> position in servers
    // Upper-case code -> position of its first site, for the sites appended so far.
    mutable QHash<QString, qsizetype> m_siteIndex;
    mutable qsizetype m_sitesIndexed = 0;
};

// The prefix of the description lines that carry what an import could not map:
// design checks list each such line as a warning until the user removes it. A
// description holds no control characters, so its lines are separated by
// U+2028 LINE SEPARATOR, which text layout breaks on.
inline constexpr QStringView kNotImportedPrefix = u"Not imported: ";
inline constexpr QChar kLineSeparator = QChar(0x2028);

// Replaces the document's content with the hierarchy, laid out with the
// automatic layout. Fills in the report's counts; items that cannot be placed
// (a server of an unknown site, a link to an unknown server) are added to
// report->notMapped, and every notMapped line is written into the design's
// description so that design checks keep showing it.
void buildDesign(Document& document, const Hierarchy& hierarchy, ImportReport* report);

// Server name from a UNC path or NAL path: "\\\\cm01.contoso.com" or
// "[\"Display=\\\\cm01.contoso.com\\\"]MSWNET:[\"SMS_SITE=P01\"]\\\\cm01.contoso.com\\" ->
// "cm01.contoso.com".
QString serverFromPath(const QString& path);

} // namespace portolan
