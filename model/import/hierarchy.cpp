#include "hierarchy.h"

#include "design/designfile.h"

#include "catalog/catalog.h"
#include "design/designrules.h"
#include "export/escape.h"
#include "layout/autolayout.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace portolan {

QString ImportReport::text() const
{
    // What the input file said is printed escaped: it cannot forge a line or drive a terminal.
    QString out = u"Imported from %1: %2 sites, %3 servers, %4 client groups, %5 links.\n"_s
                      .arg(escape::terminal(source))
                      .arg(sites)
                      .arg(servers)
                      .arg(groups)
                      .arg(links);
    if (!notMapped.isEmpty()) {
        out += u"Not mapped (%1; also listed as design warnings):\n"_s.arg(notMapped.size());
        for (const QString& line : notMapped)
            out += u"  - "_s + escape::terminal(line) + u'\n';
    }
    if (!notes.isEmpty()) {
        out += u"Notes:\n"_s;
        for (const QString& line : notes)
            out += u"  - "_s + escape::terminal(line) + u'\n';
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
    // Readers append sites and never change a code once appended: index what is new.
    if (m_sitesIndexed > sites.size()) {
        m_siteIndex.clear();
        m_sitesIndexed = 0;
    }
    for (; m_sitesIndexed < sites.size(); ++m_sitesIndexed) {
        const QString siteCode = sites[m_sitesIndexed].code.toUpper();
        if (!m_siteIndex.contains(siteCode)) // the first wins
            m_siteIndex.insert(siteCode, m_sitesIndexed);
    }
    const auto it = m_siteIndex.constFind(code.toUpper());
    return it == m_siteIndex.constEnd() ? nullptr : &sites[*it];
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

// Names come from another system: no control characters, no lone surrogates
// (UTF-8 cannot hold them: the saved file would read back otherwise), no more
// than a design holds.
QString cleanText(const QString& text, qsizetype maximum = DesignRules::kMaxTextLength)
{
    QString out = text.left(maximum);
    for (qsizetype i = 0; i < out.size(); ++i) {
        QChar& c = out[i];
        if (c.category() == QChar::Other_Control)
            c = u' ';
        else if (c.isHighSurrogate() && i + 1 < out.size() && out.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            c = QChar::ReplacementCharacter;
    }
    return out.trimmed();
}

// "name", else "name-2", "name-3"...: each base remembers where it got to, so
// that thousands of equal names stay linear.
QString uniqueKey(const QString& base, QSet<QString>& used, QHash<QString, int>& next)
{
    const QString wanted = cleanText(base, 200);
    QString key = wanted;
    int& n = next[wanted];
    if (n == 0)
        n = 2;
    while (used.contains(key))
        key = u"%1-%2"_s.arg(wanted).arg(n++);
    used.insert(key);
    return key;
}

// " (line 12)" or " ($.SMS_Site[3])": where the input names an item.
QString at(const QString& place)
{
    return place.isEmpty() ? QString() : u" ("_s + place + u')';
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
        keepPullDistributionPointsWithASource();
        DesignInfo info;
        info.name = u"Imported hierarchy"_s;
        info.id = DesignFile::newIdentity(); // a new design, whatever its sites
        document.reset(info, {}, {}, m_sites, m_nodes, m_links);
        // Whatever the checks above missed is left out rather than making a design
        // that would not save: the design file's own rules, item by item.
        if (dropInvalid(document)) {
            keepPullDistributionPointsWithASource();
            document.reset(info, {}, {}, m_sites, m_nodes, m_links);
        }
        info.description = description();
        document.setInfo(info);
        const Layout layout = computeLayout(document);
        document.setGeometry(layout.nodes, layout.frames);
        m_report.sites = int(m_sites.size());
        m_report.servers = int(m_h.servers.size());
        m_report.groups = int(m_h.groups.size());
        m_report.links = int(m_links.size());
    }

private:
    bool dropInvalid(const Document& document)
    {
        QSet<int> bad;
        QList<Site> sites;
        for (const Site& s : std::as_const(m_sites)) {
            if (const QString problem = DesignRules::siteProblem(document, s); !problem.isEmpty()) {
                m_report.notMapped << u"site %1%2: %3; not imported"_s.arg(
                    s.code, at(m_sitePlaces.value(s.id)), problem);
                bad.insert(s.id);
            } else {
                sites << s;
            }
        }
        QList<Node> nodes;
        for (Node n : std::as_const(m_nodes)) {
            if (bad.contains(n.site))
                n.site = -1;
            if (const QString problem = DesignRules::nodeProblem(document, n); !problem.isEmpty()) {
                m_report.notMapped << u"%1%2: %3; not imported"_s.arg(n.name, at(m_nodePlaces.value(n.id)),
                                                                      problem);
                bad.insert(n.id);
            } else {
                nodes << n;
            }
        }
        if (bad.isEmpty())
            return false;
        for (Site& s : sites)
            if (bad.contains(s.parent))
                s.parent = -1;
        QList<Link> links;
        for (const Link& l : std::as_const(m_links))
            if (!bad.contains(l.from) && !bad.contains(l.to))
                links << l;
        m_sites = std::move(sites);
        m_nodes = std::move(nodes);
        m_links = std::move(links);
        return true;
    }

    void buildSites()
    {
        QHash<QString, qsizetype> index; // upper-case code -> position in m_sites
        QList<const ImportedSite*> kept; // the input of each site in m_sites
        for (const ImportedSite& in : m_h.sites) {
            Site s;
            s.code = in.code.toUpper().trimmed();
            // A code is how servers, groups and parents find their site: one that a
            // design cannot hold is not guessed at.
            if (const QString problem = DesignRules::textProblem(s.code, true); !problem.isEmpty()) {
                m_report.notMapped << u"site '%1'%2: its code %3; the site is not imported"_s.arg(
                    cleanText(s.code, 40), at(in.place), problem);
                continue;
            }
            if (index.contains(s.code)) {
                m_report.notMapped << u"site %1%2: the code is listed twice; the first is imported"_s.arg(
                    s.code, at(in.place));
                continue;
            }
            s.id = m_nextId++;
            s.key = uniqueKey(s.code, m_keys, m_nextKey);
            s.name = cleanText(in.name);
            s.kind = in.kind;
            s.options = in.options;
            m_siteIds.insert(s.code, s.id);
            m_sitePlaces.insert(s.id, in.place);
            index.insert(s.code, m_sites.size());
            m_sites << s;
            kept << &in;
        }
        for (qsizetype i = 0; i < m_sites.size(); ++i) {
            const QString parent = kept[i]->parentCode.toUpper();
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
            n.kind = NodeKind::Server;
            n.name = cleanText(in.name);
            if (n.name.isEmpty()) {
                m_report.notMapped << u"a server%1 has no name a design can hold; not imported"_s.arg(
                    at(in.place));
                continue;
            }
            n.id = m_nextId++;
            n.key = uniqueKey(n.name, m_keys, m_nextKey);
            m_nodePlaces.insert(n.id, in.place);
            const QString address = in.address.trimmed();
            QString problem = DesignRules::textProblem(address);
            if (problem.isEmpty())
                problem = DesignRules::addressProblem(address);
            if (problem.isEmpty())
                n.address = address;
            else
                m_report.notMapped << u"server %1%2: address '%3': %4"_s.arg(
                    n.name, at(in.place), cleanText(in.address, 80), problem);
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
            n.kind = NodeKind::ClientGroup;
            n.name = cleanText(in.name);
            if (n.name.isEmpty()) {
                m_report.notMapped << u"a boundary group%1 has no name a design can hold; not imported"_s.arg(
                    at(in.place));
                continue;
            }
            n.id = m_nextId++;
            n.key = uniqueKey(u"group-"_s + n.name.toLower().replace(notKey, u"-"_s), m_keys, m_nextKey);
            m_nodePlaces.insert(n.id, in.place);
            for (const QString& subnet : in.subnets) {
                if (DesignRules::subnetProblem(subnet).isEmpty() &&
                    DesignRules::textProblem(subnet).isEmpty())
                    n.subnets << subnet;
                else
                    m_report.notMapped << u"boundary group %1%2: subnet '%3' is not a CIDR; left out"_s.arg(
                        n.name, at(in.place), cleanText(subnet, 80));
            }
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
                    linkKindKey(in.kind), name(in.from), name(in.to), name(from < 0 ? in.from : in.to));
                continue;
            }
            const QString id = u"%1|%2|%3"_s.arg(linkKindKey(in.kind)).arg(from).arg(to);
            if (from == to || seen.contains(id))
                continue;
            seen.insert(id);
            m_links << Link{m_nextId++, in.kind, from, to};
        }
    }

    // A pull distribution point needs a source (a design check error otherwise). One whose
    // sources are not in the file (its SourceDistributionPoints property list missing, or
    // naming servers the file lacks) is imported as a standard distribution point, which
    // has the same flows until a source is linked, and reported.
    void keepPullDistributionPointsWithASource()
    {
        QSet<int> pulling;
        for (const Link& l : std::as_const(m_links))
            if (l.kind == LinkKind::PullSource)
                pulling.insert(l.from);
        for (Node& n : m_nodes) {
            if (n.kind != NodeKind::Server || !n.options.value(u"dp.pull"_s).toBool() ||
                pulling.contains(n.id))
                continue;
            n.options.remove(u"dp.pull"_s);
            m_report.notMapped << u"server %1: pull distribution point without source distribution points%2; "
                                  u"imported as a standard distribution point (link its sources and make it "
                                  u"a pull distribution point)"_s.arg(n.name, at(m_nodePlaces.value(n.id)));
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
    QHash<QString, int> m_nextKey;
    QHash<int, QString> m_sitePlaces, m_nodePlaces; // id -> where the input names it
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
