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
    if (const auto it = m_serverIndex.constFind(wanted); it != m_serverIndex.constEnd())
        return servers[*it];
    m_serverIndex.insert(wanted, servers.size());
    servers.append(ImportedServer{});
    servers.last().name = wanted;
    return servers.last();
}

const ImportedServer* Hierarchy::findServer(const QString& name) const
{
    const auto it = m_serverIndex.constFind(name.toLower());
    return it == m_serverIndex.constEnd() ? nullptr : &servers[*it];
}

void Hierarchy::removeServer(const QString& name)
{
    const auto it = m_serverIndex.constFind(name.toLower());
    if (it == m_serverIndex.constEnd())
        return;
    servers.removeAt(*it);
    m_serverIndex.clear();
    for (qsizetype i = 0; i < servers.size(); ++i)
        m_serverIndex.insert(servers.at(i).name, i);
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

// The design, a part at a time; what cannot be placed goes to the report.
class Builder
{
public:
    Builder(const Catalog& catalog, const Hierarchy& hierarchy, ImportReport& report)
        : m_catalog(catalog), m_h(hierarchy), m_report(report)
    {}

    void build(Document& document)
    {
        buildSites();
        buildServers();
        buildGroups();
        buildLinks();
        DesignInfo info;
        info.name = u"Imported hierarchy"_s;
        info.description = description();
        document.reset(info, {}, {}, m_sites, m_nodes, m_links);
        const Layout layout = computeLayout(document);
        document.setGeometry(layout.nodes, layout.frames);
        m_report.sites = int(m_sites.size());
        m_report.servers = int(m_h.servers.size());
        m_report.groups = int(m_h.groups.size());
        m_report.links = int(m_links.size());
    }

private:
    void buildSites()
    {
        QHash<QString, qsizetype> index; // upper-case code -> position in m_sites
        for (const ImportedSite& in : m_h.sites) {
            Site s;
            s.id = m_nextId++;
            s.code = in.code.toUpper();
            s.key = uniqueKey(s.code, m_keys);
            s.name = cleanText(in.name);
            s.kind = in.kind;
            s.options = in.options;
            m_siteIds.insert(s.code, s.id);
            index.insert(s.code, m_sites.size());
            m_sites << s;
        }
        for (qsizetype i = 0; i < m_sites.size(); ++i) {
            const QString parent = m_h.sites[i].parentCode.toUpper();
            if (parent.isEmpty())
                continue;
            if (!index.contains(parent)) {
                m_report.notMapped << u"site %1: its parent site %2 is not in the file"_s.arg(m_sites[i].code,
                                                                                              parent);
                continue;
            }
            const Site& parentSite = m_sites[index.value(parent)];
            if (const QString problem = DesignRules::parentProblem(m_sites[i].kind, parentSite.kind);
                !problem.isEmpty()) {
                m_report.notMapped << u"site %1: parent %2: %3"_s.arg(m_sites[i].code, parent, problem);
                continue;
            }
            m_sites[i].parent = parentSite.id;
        }
    }

    void buildServers()
    {
        for (const ImportedServer& in : m_h.servers) {
            Node n;
            n.id = m_nextId++;
            n.kind = NodeKind::Server;
            n.name = cleanText(in.name);
            n.key = uniqueKey(n.name, m_keys);
            const QString problem = DesignRules::addressProblem(in.address);
            if (problem.isEmpty())
                n.address = in.address;
            else
                m_report.notMapped << u"server %1: address '%2': %3"_s.arg(in.name, in.address, problem);
            // A cloud service has no address of ours.
            const bool cloud =
                in.roles.contains(u"cmg"_s) || in.roles.contains(u"cloud_distribution_point"_s);
            if (n.address.isEmpty() && !cloud && problem.isEmpty())
                m_report.notMapped << u"server %1: has no address (DNS did not resolve it)"_s.arg(in.name);
            n.site = m_siteIds.value(in.siteCode.toUpper(), -1);
            if (n.site < 0)
                m_report.notMapped << u"server %1: its site %2 is not in the file"_s.arg(
                    in.name, in.siteCode.isEmpty() ? u"(none)"_s : in.siteCode);
            for (const QString& role : in.roles) {
                const int index = m_catalog.roleIndex(role);
                if (index >= 0 && !n.roles.contains(index))
                    n.roles << index;
            }
            n.options = in.options;
            m_nodeIds.insert(in.name, n.id);
            m_nodes << n;
        }
    }

    void buildGroups()
    {
        static const QRegularExpression notKey(u"[^a-z0-9]+"_s);
        for (const ImportedGroup& in : m_h.groups) {
            Node n;
            n.id = m_nextId++;
            n.kind = NodeKind::ClientGroup;
            n.name = cleanText(in.name);
            n.key = uniqueKey(u"group-"_s + in.name.toLower().replace(notKey, u"-"_s), m_keys);
            n.subnets = in.subnets;
            n.site = m_siteIds.value(in.siteCode.toUpper(), -1);
            m_nodeIds.insert(u"group:"_s + in.name.toLower(), n.id);
            m_nodes << n;
        }
    }

    void buildLinks()
    {
        QSet<QString> seen;
        const auto name = [](const QString& end) {
            return end.startsWith(u"group:"_s) ? u"boundary group "_s + end.mid(6) : end;
        };
        for (const ImportedLink& in : m_h.links) {
            const int from = m_nodeIds.value(in.from.toLower(), -1);
            const int to = m_nodeIds.value(in.to.toLower(), -1);
            if (from < 0 || to < 0) {
                m_report.notMapped << u"%1 link %2 -> %3: %4 is not a site system in the file"_s.arg(
                    in.kind, name(in.from), name(in.to), name(from < 0 ? in.from : in.to));
                continue;
            }
            const QString id = u"%1|%2|%3"_s.arg(in.kind).arg(from).arg(to);
            if (from == to || seen.contains(id))
                continue;
            seen.insert(id);
            m_links << Link{m_nextId++, in.kind, from, to};
        }
    }

    // The description holds at most kMaxTextLength characters: what does not fit is
    // counted, and stays in the report.
    QString description() const
    {
        QString text;
        qsizetype written = 0;
        for (const QString& line : std::as_const(m_report.notMapped)) {
            const QString entry = kNotImportedPrefix.toString() + cleanText(line) + kLineSeparator;
            if (text.size() + entry.size() > DesignRules::kMaxTextLength - 120)
                break;
            text += entry;
            ++written;
        }
        if (written < m_report.notMapped.size())
            text += kNotImportedPrefix.toString() +
                    u"%1 more items (see the import report)"_s.arg(m_report.notMapped.size() - written);
        if (text.endsWith(kLineSeparator))
            text.chop(1);
        return text;
    }

    const Catalog& m_catalog;
    const Hierarchy& m_h;
    ImportReport& m_report;
    int m_nextId = 1;
    QSet<QString> m_keys;
    QList<Site> m_sites;
    QHash<QString, int> m_siteIds; // upper-case code -> id
    QList<Node> m_nodes;
    QHash<QString, int> m_nodeIds; // lower-case server name, or "group:" and the group's -> id
    QList<Link> m_links;
};

} // namespace

void buildDesign(Document& document, const Hierarchy& hierarchy, ImportReport* report)
{
    Builder(document.catalog(), hierarchy, *report).build(document);
}

} // namespace portolan
