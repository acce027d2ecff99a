#include "hierarchy.h"

#include "catalog/catalog.h"
#include "design/designrules.h"
#include "layout/autolayout.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace portolan {

QString ImportReport::text() const
{
    QString out = u"Imported from %1: %2 sites, %3 servers, %4 client groups, %5 links.\n"_s.arg(source)
                      .arg(sites)
                      .arg(servers)
                      .arg(groups)
                      .arg(links);
    if (!notMapped.isEmpty()) {
        out += u"Not mapped (%1; also listed as design warnings):\n"_s.arg(notMapped.size());
        for (const QString& line : notMapped)
            out += u"  - "_s + line + u'\n';
    }
    if (!notes.isEmpty()) {
        out += u"Notes:\n"_s;
        for (const QString& line : notes)
            out += u"  - "_s + line + u'\n';
    }
    return out;
}

ImportedServer& Hierarchy::server(const QString& name)
{
    const QString wanted = name.toLower();
    for (ImportedServer& s : servers)
        if (s.name == wanted)
            return s;
    servers.append(ImportedServer{});
    servers.last().name = wanted;
    return servers.last();
}

const ImportedServer* Hierarchy::findServer(const QString& name) const
{
    const QString wanted = name.toLower();
    for (const ImportedServer& s : servers)
        if (s.name == wanted)
            return &s;
    return nullptr;
}

const ImportedSite* Hierarchy::findSite(const QString& code) const
{
    for (const ImportedSite& s : sites)
        if (s.code.compare(code, Qt::CaseInsensitive) == 0)
            return &s;
    return nullptr;
}

QString serverFromPath(const QString& path)
{
    // A NAL path names the server after "Display=\\"; a UNC path after "\\".
    static const QRegularExpression display(u"Display=\\\\\\\\([^\\\\\"\\]]+)"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    if (const QRegularExpressionMatch m = display.match(path); m.hasMatch())
        return m.captured(1).trimmed().toLower();
    QString name = path.trimmed();
    while (name.startsWith(u'\\'))
        name.remove(0, 1);
    name = name.section(u'\\', 0, 0);
    return name.trimmed().toLower();
}

namespace {

// Names come from another system: no control characters, no more than a design holds.
QString cleanText(const QString& text)
{
    QString out = text.left(DesignRules::kMaxTextLength);
    for (QChar& c : out)
        if (c.category() == QChar::Other_Control)
            c = u' ';
    return out.trimmed();
}

QString uniqueKey(const QString& wanted, QSet<QString>& used)
{
    QString key = wanted;
    for (int n = 2; used.contains(key); ++n)
        key = u"%1-%2"_s.arg(wanted).arg(n);
    used.insert(key);
    return key;
}

} // namespace

void buildDesign(Document& document, const Hierarchy& hierarchy, ImportReport* report)
{
    const Catalog& catalog = document.catalog();
    QSet<QString> keys;
    QList<Site> sites;
    QHash<QString, int> siteIds; // upper-case code -> id
    int nextId = 1;
    for (const ImportedSite& in : hierarchy.sites) {
        Site s;
        s.id = nextId++;
        s.code = in.code.toUpper();
        s.key = uniqueKey(s.code, keys);
        s.name = cleanText(in.name);
        s.kind = in.kind;
        s.options = in.options;
        siteIds.insert(s.code, s.id);
        sites << s;
    }
    for (qsizetype i = 0; i < sites.size(); ++i) {
        const QString parent = hierarchy.sites[i].parentCode.toUpper();
        if (parent.isEmpty())
            continue;
        const int parentId = siteIds.value(parent, -1);
        const Site* parentSite = nullptr;
        for (const Site& s : sites)
            if (s.id == parentId)
                parentSite = &s;
        if (!parentSite) {
            report->notMapped << u"site %1: its parent site %2 is not in the file"_s.arg(sites[i].code,
                                                                                         parent);
            continue;
        }
        if (const QString problem = DesignRules::parentProblem(sites[i].kind, parentSite->kind);
            !problem.isEmpty()) {
            report->notMapped << u"site %1: parent %2: %3"_s.arg(sites[i].code, parent, problem);
            continue;
        }
        sites[i].parent = parentId;
    }

    QList<Node> nodes;
    QHash<QString, int> nodeIds; // lower-case server or group name -> id
    for (const ImportedServer& in : hierarchy.servers) {
        Node n;
        n.id = nextId++;
        n.kind = NodeKind::Server;
        n.name = cleanText(in.name);
        n.key = uniqueKey(n.name, keys);
        if (const QString problem = DesignRules::addressProblem(in.address); problem.isEmpty()) {
            n.address = in.address;
        } else {
            report->notMapped << u"server %1: address '%2': %3"_s.arg(in.name, in.address, problem);
        }
        const bool cloud = in.roles.contains(u"cmg"_s) || in.roles.contains(u"cloud_distribution_point"_s);
        if (n.address.isEmpty() && !cloud && DesignRules::addressProblem(in.address).isEmpty())
            report->notMapped << u"server %1: has no address (DNS did not resolve it)"_s.arg(in.name);
        n.site = siteIds.value(in.siteCode.toUpper(), -1);
        if (n.site < 0)
            report->notMapped << u"server %1: its site %2 is not in the file"_s.arg(
                in.name, in.siteCode.isEmpty() ? u"(none)"_s : in.siteCode);
        for (const QString& role : in.roles) {
            const int index = catalog.roleIndex(role);
            if (index >= 0 && !n.roles.contains(index))
                n.roles << index;
        }
        n.options = in.options;
        nodeIds.insert(in.name, n.id);
        nodes << n;
    }
    for (const ImportedGroup& in : hierarchy.groups) {
        Node n;
        n.id = nextId++;
        n.kind = NodeKind::ClientGroup;
        n.name = cleanText(in.name);
        n.key = uniqueKey(
            u"group-"_s + in.name.toLower().replace(QRegularExpression(u"[^a-z0-9]+"_s), u"-"_s), keys);
        n.subnets = in.subnets;
        n.site = siteIds.value(in.siteCode.toUpper(), -1);
        nodeIds.insert(u"group:"_s + in.name.toLower(), n.id);
        nodes << n;
    }

    QList<Link> links;
    QSet<QString> seen;
    for (const ImportedLink& in : hierarchy.links) {
        const int from = nodeIds.value(in.from.toLower(), -1);
        const int to = nodeIds.value(in.to.toLower(), -1);
        const auto name = [](const QString& end) {
            return end.startsWith(u"group:"_s) ? u"boundary group "_s + end.mid(6) : end;
        };
        if (from < 0 || to < 0) {
            report->notMapped << u"%1 link %2 -> %3: %4 is not a site system in the file"_s.arg(
                in.kind, name(in.from), name(in.to), name(from < 0 ? in.from : in.to));
            continue;
        }
        if (from == to)
            continue;
        const QString id = u"%1|%2|%3"_s.arg(in.kind).arg(from).arg(to);
        if (seen.contains(id))
            continue;
        seen.insert(id);
        links << Link{nextId++, in.kind, from, to};
    }

    DesignInfo info;
    info.name = u"Imported hierarchy"_s;
    // The description holds at most kMaxTextLength characters: what does not fit is
    // counted, and stays in the report.
    qsizetype written = 0;
    for (const QString& line : std::as_const(report->notMapped)) {
        const QString entry = kNotImportedPrefix.toString() + cleanText(line) + kLineSeparator;
        if (info.description.size() + entry.size() > DesignRules::kMaxTextLength - 120)
            break;
        info.description += entry;
        ++written;
    }
    if (written < report->notMapped.size())
        info.description += kNotImportedPrefix.toString() + u"%1 more items (see the import report)"_s.arg(
                                                                report->notMapped.size() - written);
    if (info.description.endsWith(kLineSeparator))
        info.description.chop(1);
    document.reset(info, {}, {}, sites, nodes, links);
    const Layout layout = computeLayout(document);
    document.setGeometry(layout.nodes, layout.frames);

    report->sites = int(sites.size());
    report->servers = int(hierarchy.servers.size());
    report->groups = int(hierarchy.groups.size());
    report->links = int(links.size());
}

} // namespace portolan
