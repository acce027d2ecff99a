// The site system role list as an admin already has it: the console's export of
// Servers and Site System Roles, or a SQL report over v_SystemResourceList.
#include "csvreader.h"
#include "design/designfile.h"
#include "hierarchyimport.h"
#include "rolenames.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace portolan::HierarchyImport {

namespace {

// Header spellings, compared without case, spaces or underscores.
int column(const QStringList& header, std::initializer_list<QStringView> names)
{
    for (QStringView wanted : names)
        for (qsizetype i = 0; i < header.size(); ++i) {
            QString h = header[i].toLower();
            h.remove(QRegularExpression(u"[\\s_]"_s));
            if (h == wanted)
                return int(i);
        }
    return -1;
}

} // namespace

bool readRoleCsv(const QByteArray& bytes, const QString& label, Hierarchy* hierarchy, ImportReport* report,
                 QString* error)
{
    CsvReader csv;
    if (!csv.parse(bytes, error)) {
        *error = label + u": "_s + *error;
        return false;
    }
    if (csv.records().isEmpty()) {
        *error = label + u": line 1: the file is empty"_s;
        return false;
    }
    const QStringList header = csv.records().first().fields;
    const int server =
        column(header, {u"servername", u"serverremotename", u"sitesystem", u"sitesystemname",
                        u"sitesystemserver", u"server", u"name", u"networkospath", u"nalpath"});
    const int role = column(header, {u"rolename", u"role", u"sitesystemrole", u"roles", u"sitesystemroles"});
    const int site = column(header, {u"sitecode", u"site"});
    const int address = column(header, {u"ipaddress", u"address", u"ipaddresses"});
    if (server < 0 || role < 0 || site < 0) {
        *error = u"%1: line 1: expected columns for the server name, role name and site code (such as "
                 u"ServerName, RoleName, SiteCode), found: %2"_s.arg(label, header.join(u", "_s));
        return false;
    }
    if (csv.records().size() < 2) {
        *error = u"%1: line 1: only a header, no site systems: nothing to import"_s.arg(label);
        return false;
    }
    Hierarchy h;
    ImportReport r = *report;
    QStringList codes; // in the order first seen
    QSet<QString> seenCodes;
    QHash<QString, int> codeLines; // code -> the line that first names it
    int generic = 0;
    for (qsizetype i = 1; i < csv.records().size(); ++i) {
        const CsvReader::Record& record = csv.records()[i];
        const auto field = [&record](int c) {
            return c >= 0 && c < record.fields.size() ? record.fields[c].trimmed() : QString();
        };
        const QString name = serverFromPath(field(server));
        const QString code = field(site).toUpper();
        if (name.isEmpty() || code.isEmpty()) {
            r.notMapped << u"%1: line %2: no server name or site code"_s.arg(label).arg(record.line);
            continue;
        }
        if (!seenCodes.contains(code)) {
            seenCodes.insert(code);
            codes << code;
            codeLines.insert(code, record.line);
        }
        ImportedServer& s = h.server(name);
        if (s.place.isEmpty())
            s.place = u"line %1"_s.arg(record.line);
        if (s.siteCode.isEmpty())
            s.siteCode = code;
        if (s.address.isEmpty())
            s.address = field(address).section(u',', 0, 0).section(u';', 0, 0).trimmed();
        // The console lists a server's roles in one field.
        for (const QString& roleName :
             field(role).split(QRegularExpression(u"[;,\\n]"_s), Qt::SkipEmptyParts)) {
            QString id;
            switch (RoleNames::lookup(roleName, &id)) {
            case RoleNames::Kind::Mapped:
                if (!s.roles.contains(id)) // a few roles per server
                    s.roles << id;
                break;
            case RoleNames::Kind::Option:
                s.options.insert(id, true);
                break;
            case RoleNames::Kind::Generic:
                ++generic;
                break;
            case RoleNames::Kind::Unmapped:
                r.notMapped << u"server %1: role '%2' (site %3, line %4) has no flows in Portolan's catalog"_s
                                   .arg(name, roleName.trimmed(), code)
                                   .arg(record.line);
            }
        }
    }
    for (const QString& code : std::as_const(codes)) {
        ImportedSite s;
        s.code = code;
        s.place = u"line %1"_s.arg(codeLines.value(code));
        h.sites << s;
    }
    if (!codes.isEmpty())
        r.notes
            << u"a role list does not say which site is a CAS, a primary or a secondary, nor their parents: "
               u"every site is taken for a primary site (%1); set kinds and parents in the designer"_s.arg(
                   codes.join(u", "_s));
    if (generic > 0)
        r.notes << u"%1 entries for the generic roles (site system, component server) open no port of their "
                   u"own"_s.arg(generic);
    *hierarchy = std::move(h);
    *report = std::move(r);
    return true;
}

bool importBytes(Document& document, const QByteArray& bytes, const QString& label, ImportReport* report,
                 QString* error)
{
    Hierarchy hierarchy;
    ImportReport r;
    r.source = label;
    // Said for what it is, rather than a CSV error about a stray quote.
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF") ||
        (bytes.size() >= 2 && (bytes.at(0) == 0 || bytes.at(1) == 0))) {
        *error = u"%1: UTF-16 text; save the file as UTF-8 (the collector and the console's CSV export "
                 u"both can)"_s.arg(label);
        return false;
    }
    QByteArray start = bytes.left(64);
    if (start.startsWith("\xef\xbb\xbf"))
        start.remove(0, 3);
    start = start.trimmed();
    if (start.startsWith('[')) {
        *error = u"%1: $: a JSON array, not the collector's JSON object (a file written by "
                 u"collect-hierarchy.ps1 starts with {\"format\": \"portolan-collection\")"_s.arg(label);
        return false;
    }
    const bool json = start.startsWith('{');
    const QByteArray content = bytes.startsWith("\xef\xbb\xbf") && json ? bytes.mid(3) : bytes;
    if (!(json ? readCollection(content, label, &hierarchy, &r, error)
               : readRoleCsv(content, label, &hierarchy, &r, error)))
        return false;
    buildDesign(document, hierarchy, &r);
    *report = std::move(r);
    return true;
}

bool importFile(Document& document, const QString& path, ImportReport* report, QString* error)
{
    QFile file;
    QString why;
    if (!DesignFile::openRegularFile(file, path, &why)) {
        *error = path + u": "_s + why;
        return false;
    }
    if (file.size() > kMaxFileSize) {
        *error = u"%1: larger than %2 MB; not a collected hierarchy"_s.arg(path).arg(kMaxFileSize >> 20);
        return false;
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        *error = u"%1: %2"_s.arg(path, file.errorString());
        return false;
    }
    return importBytes(document, bytes, path, report, error);
}

} // namespace portolan::HierarchyImport
