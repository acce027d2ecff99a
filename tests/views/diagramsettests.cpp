// The diagram set a network team reads: what the pages hold (one line per pair of hosts, every
// label whole or referenced on its own page, stubs that name a page holding the host), and the
// bars the issue measured (label overlaps, crossings, printed text size), read off the pages.
#include "../bench/hierarchygenerator.h"
#include "commands/commands.h"
#include "design/document.h"
#include "drawing/paper/diagramset.h"
#include "drawing/paper/diagramsetpainter.h"
#include "drawing/paper/pagebuilder.h"
#include "drawing/paper/paperstyle.h"
#include "drawing/paper/papertable.h"
#include "flows/flowengine.h"

#include "testsupport.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QHashSeed>
#include <QPaintDevice>
#include <QPaintEngine>
#include <QPainter>
#include <QProcess>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>

#include <set>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

DiagramSet casSet(bool appendix = false)
{
    const auto loaded = portolan::test::loadExample(u"cas-two-primaries.portolan"_s);
    DiagramSetOptions options;
    options.flowAppendix = appendix;
    options.date = u"2026-12-07"_s;
    return buildDiagramSet(*loaded.doc, *loaded.engine, options);
}

// A generated hierarchy, laid out, with its flows and its diagram set.
std::unique_ptr<Document> laidOut(const HierarchySize& size)
{
    auto doc = generateHierarchy(size);
    LayoutCommand(*doc).redo();
    return doc;
}

struct GeneratedSet
{
    explicit GeneratedSet(const HierarchySize& size, DiagramSetOptions options = {})
        : doc(laidOut(size)), engine(*doc)
    {
        options.date = u"2026-12-07"_s;
        set = buildDiagramSet(*doc, engine, options);
    }
    std::unique_ptr<Document> doc;
    FlowEngine engine;
    DiagramSet set;
};

// The pages that draw a host in full: as itself, or in a box of alike client groups.
bool drawsInFull(const DiagramPage& page, int host)
{
    return std::any_of(page.nodes.cbegin(), page.nodes.cend(), [&](const PageNode& n) {
        return !n.stub &&
               (n.node == host || std::find(n.members.cbegin(), n.members.cend(), host) != n.members.cend());
    });
}

// Every reference on every page names pages that draw its hosts in full (a reference box for many
// groups: the first to the last of them).
void expectReferencesResolve(const DiagramSet& set)
{
    int references = 0;
    for (const DiagramPage& page : set.pages)
        for (const PageNode& n : page.nodes) {
            if (!n.stub)
                continue;
            ++references;
            ASSERT_GE(n.stubPage, 1) << n.name.toStdString();
            const int last = std::max(n.stubPage, n.stubPageLast);
            ASSERT_LE(last, int(set.pages.size()));
            for (const int host : n.members.empty() ? std::vector{n.node} : n.members) {
                bool found = false;
                for (int p = n.stubPage; p <= last && !found; ++p)
                    found = drawsInFull(set.pages[size_t(p - 1)], host);
                EXPECT_TRUE(found) << n.name.toStdString() << " on " << page.title.toStdString() << ": host "
                                   << host << " is not drawn on pages " << n.stubPage << "-" << last;
            }
        }
    EXPECT_GT(references, 0);
}

// A device that keeps the text painted on it, as the painter hands it over, and nothing else.
class TextEngine : public QPaintEngine
{
public:
    TextEngine() : QPaintEngine(QPaintEngine::AllFeatures) {}
    bool begin(QPaintDevice*) override { return true; }
    bool end() override { return true; }
    void updateState(const QPaintEngineState&) override {}
    void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override {}
    void drawPath(const QPainterPath&) override {}
    void drawPolygon(const QPointF*, int, PolygonDrawMode) override {}
    void drawTextItem(const QPointF&, const QTextItem& item) override { text += item.text(); }
    Type type() const override { return QPaintEngine::User; }
    QString text;
};

class TextDevice : public QPaintDevice
{
public:
    QPaintEngine* paintEngine() const override { return &engine; }
    int metric(PaintDeviceMetric m) const override
    {
        switch (m) {
        case PdmWidth:
        case PdmHeight:
            return 4000;
        case PdmWidthMM:
        case PdmHeightMM:
            return 1411;
        case PdmDepth:
            return 32;
        case PdmNumColors:
            return INT_MAX;
        case PdmDevicePixelRatio:
            return 1;
        case PdmDevicePixelRatioScaled:
            return int(devicePixelRatioFScale());
        default: // PdmDpiX, PdmDpiY, PdmPhysicalDpiX, PdmPhysicalDpiY: points
            return 72;
        }
    }
    mutable TextEngine engine;
};

QString withoutSpaces(QString s)
{
    s.removeIf([](QChar c) { return c.isSpace(); });
    return s;
}

bool drawing(const DiagramPage& p)
{
    return p.kind == DiagramPage::Kind::Overview || p.kind == DiagramPage::Kind::Site ||
           p.kind == DiagramPage::Kind::ZonePair || p.kind == DiagramPage::Kind::Single;
}

} // namespace

// The pages are computed on every core and joined in order, and nothing on them follows a hash's
// order (which Qt seeds afresh in every run): the same design gives the same set every time.
TEST(DiagramSet, TheSameSetInEveryRun)
{
    const auto where = [] {
        QHashSeed::resetRandomGlobalSeed(); // as a new run of the program would have it
        const DiagramSet set = casSet();
        QStringList all;
        for (const DiagramPage& page : set.pages) {
            for (const PageNode& n : page.nodes)
                all << u"%1 %2 %3,%4"_s.arg(page.key, n.name).arg(n.box.x()).arg(n.box.y());
            for (const PageEdge& e : page.edges)
                all << u"%1 %2-%3 %4"_s.arg(page.key).arg(e.from).arg(e.to).arg(e.shown);
        }
        return all;
    };
    const QStringList first = where();
    ASSERT_FALSE(first.isEmpty());
    for (int run = 0; run < 6; ++run)
        EXPECT_EQ(where(), first) << "run " << run;
}

TEST(DiagramSet, CasExampleHasContentsOverviewAPagePerSiteAndPerZonePair)
{
    const DiagramSet set = casSet();
    std::vector<QString> titles;
    for (const DiagramPage& p : set.pages)
        titles.push_back(p.title);
    ASSERT_FALSE(set.pages.empty());
    EXPECT_EQ(set.pages.front().kind, DiagramPage::Kind::Contents);
    EXPECT_EQ(set.pages.at(1).kind, DiagramPage::Kind::Overview);
    for (const QString& site : {u"CAS"_s, u"P01"_s, u"P02"_s, u"S01"_s, u"S02"_s})
        EXPECT_TRUE(std::any_of(set.pages.cbegin(), set.pages.cend(), [&](const DiagramPage& p) {
            return p.kind == DiagramPage::Kind::Site && p.title.startsWith(u"Site "_s + site);
        })) << site.toStdString();
    // Datacenter and the branches have flows between them: a firewall page for each pair.
    EXPECT_TRUE(std::any_of(set.pages.cbegin(), set.pages.cend(), [](const DiagramPage& p) {
        return p.kind == DiagramPage::Kind::ZonePair && p.title.contains(u"Datacenter") &&
               p.title.contains(u"Branch East") && !p.table.empty();
    }));
    // Pages are numbered in order, and the contents lists every page that starts something.
    for (size_t i = 0; i < set.pages.size(); ++i)
        EXPECT_EQ(set.pages[i].number, int(i) + 1);
    std::set<QString> listed;
    for (const QStringList& row : set.pages.front().table)
        listed.insert(row.value(1));
    for (const DiagramPage& p : set.pages)
        if (p.continues == 0 && p.kind != DiagramPage::Kind::Contents) {
            EXPECT_TRUE(listed.count(p.title)) << p.title.toStdString();
        }
}

TEST(DiagramSet, OneLinePerPairOfHostsWithBothDirectionsInItsLabel)
{
    const DiagramSet set = casSet();
    int bothWays = 0, sameBothWays = 0;
    for (const DiagramPage& page : set.pages) {
        std::set<std::pair<int, int>> pairs;
        for (const PageEdge& e : page.edges) {
            const int a = page.nodes[size_t(e.from)].node, b = page.nodes[size_t(e.to)].node;
            if (a < 0 || b < 0)
                continue;
            EXPECT_TRUE(pairs.insert({std::min(a, b), std::max(a, b)}).second)
                << "two lines between one pair on " << page.title.toStdString();
            if (e.toForward && e.toBackward) {
                ++bothWays;
                // Each direction's ports behind an arrow that points the way they go; the same ports
                // each way once, behind a two-way arrow.
                const int arrows = int(e.label.count(u'→') + e.label.count(u'←') + e.label.count(u'↑') +
                                       e.label.count(u'↓'));
                const bool same = e.label.startsWith(u"↔ "_s) || e.label.startsWith(u"↕ "_s);
                sameBothWays += same;
                EXPECT_EQ(arrows, same ? 0 : 2) << e.label.toStdString();
            }
        }
    }
    EXPECT_GT(bothWays, 0) << "the CAS example has flows both ways between site servers and SQL";
    EXPECT_GT(sameBothWays, 0) << "and the same ports both ways between site servers";
    EXPECT_LT(sameBothWays, bothWays) << "and other ports back from a distribution point";
}

TEST(DiagramSet, EveryFlowOfTheDesignIsOnASitePageOrTheSharedPage)
{
    const auto loaded = portolan::test::loadExample(u"cas-two-primaries.portolan"_s);
    const DiagramSet set = buildDiagramSet(*loaded.doc, *loaded.engine, {});
    std::set<std::pair<int, int>> drawn;
    for (const DiagramPage& page : set.pages)
        if (page.kind == DiagramPage::Kind::Site)
            for (const PageEdge& e : page.edges) {
                const int a = page.nodes[size_t(e.from)].node, b = page.nodes[size_t(e.to)].node;
                drawn.insert({std::min(a, b), std::max(a, b)});
            }
    for (const Edge& e : loaded.engine->edges())
        EXPECT_TRUE(drawn.count({std::min(e.source, e.destination), std::max(e.source, e.destination)}))
            << loaded.doc->node(e.source)->name.toStdString() << " -> "
            << loaded.doc->node(e.destination)->name.toStdString();
}

TEST(DiagramSet, StubsNameThePageThatDrawsTheHostInFull)
{
    expectReferencesResolve(casSet());
}

TEST(DiagramSet, CasExampleLabelsAreWholeOrReferencedAndNeverOverlap)
{
    const DiagramSet set = casSet();
    int whole = 0, referenced = 0;
    for (const DiagramPage& page : set.pages) {
        EXPECT_EQ(paper::countLabelOverlaps(page), 0) << page.title.toStdString();
        std::set<QString> resolved;
        for (const QStringList& row : page.table)
            resolved.insert(row.value(0));
        for (const PageEdge& e : page.edges) {
            ASSERT_FALSE(e.labelBox.isNull()) << "every line carries its label or a reference";
            if (e.reference.isEmpty()) {
                EXPECT_EQ(e.shown, e.label);
                ++whole;
            } else {
                EXPECT_EQ(e.shown, e.reference);
                // Resolved on the same page, not in an appendix.
                EXPECT_TRUE(resolved.count(e.reference))
                    << e.reference.toStdString() << " on " << page.title.toStdString();
                ++referenced;
            }
        }
    }
    EXPECT_GT(whole, referenced) << "most labels print whole";
}

TEST(DiagramSet, CasExampleCrossingsAndTextSizeMeetTheBars)
{
    const DiagramSet set = casSet();
    int crossings = 0;
    for (const DiagramPage& page : set.pages) {
        if (page.kind == DiagramPage::Kind::Site || page.kind == DiagramPage::Kind::Overview)
            crossings += paper::countCrossings(page);
        // Labels print at 8 pt times the page's scale: never under 7 pt on the example.
        if (drawing(page)) {
            EXPECT_GE(paper::kLabel * page.scale, 7.0) << page.title.toStdString();
        }
    }
    RecordProperty("crossings", crossings);
    std::cout << "crossings over the site and overview pages: " << crossings << '\n';
    EXPECT_LE(crossings, 180); // 561 on the single drawing before the set
}

TEST(DiagramSet, EveryBoxAndLabelLiesOnItsPageAboveTheTitleBlock)
{
    const DiagramSet set = casSet(true);
    const QRectF page(QPointF(0, 0), set.pageArea);
    for (const DiagramPage& p : set.pages) {
        const qreal bottom = p.titleBlock.top();
        for (const PageNode& n : p.nodes) {
            EXPECT_TRUE(page.contains(n.box)) << n.name.toStdString() << " on " << p.title.toStdString();
            EXPECT_LE(n.box.bottom(), bottom + 0.5);
        }
        for (const PageEdge& e : p.edges)
            EXPECT_TRUE(page.contains(e.labelBox)) << e.shown.toStdString();
        if (!p.tableArea.isNull()) {
            EXPECT_LE(p.tableArea.top() + qreal(p.table.size() + 1) * 11.0, bottom + 0.5)
                << p.title.toStdString();
        }
    }
}

TEST(DiagramSet, PdfAndSvgPagesHoldEveryHostAndSiteTitle)
{
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    ASSERT_FALSE(pdftotext.isEmpty());
    const auto loaded = portolan::test::loadExample(u"cas-two-primaries.portolan"_s);
    DiagramSetOptions options;
    const DiagramSet set = buildDiagramSet(*loaded.doc, *loaded.engine, options);
    QTemporaryDir dir;
    QString error;
    const QString pdf = dir.filePath(u"set.pdf"_s);
    ASSERT_TRUE(writeDiagramSetPdf(set, options, pdf, &error)) << error.toStdString();
    QProcess p;
    p.start(pdftotext, {u"-layout"_s, pdf, u"-"_s});
    ASSERT_TRUE(p.waitForFinished(60000));
    const QString text = QString::fromUtf8(p.readAllStandardOutput());
    EXPECT_EQ(text.count(u'\f'), int(set.pages.size()));
    for (const auto& [id, n] : loaded.doc->nodes())
        EXPECT_TRUE(text.contains(n.name)) << n.name.toStdString();
    EXPECT_TRUE(text.contains(u"Contents"_s));
    EXPECT_TRUE(text.contains(u"%1 of %2"_s.arg(set.pages.size()).arg(set.pages.size())));

    QStringList written;
    ASSERT_TRUE(writeDiagramSetSvgPages(set, dir.filePath(u"pages"_s), &written, &error))
        << error.toStdString();
    ASSERT_EQ(written.size(), qsizetype(set.pages.size()));
    for (const QString& file : written) {
        QSvgRenderer svg(file);
        EXPECT_TRUE(svg.isValid()) << file.toStdString();
    }
    EXPECT_TRUE(written.front().endsWith(u"01-contents.svg"));
}

// `--site CODE` builds that site's page alone, from the flows of its hosts and their peers rather
// than the design's every flow: the page is the one the whole set holds, line for line (only the
// stubs' page numbers go, since the other pages are not there).
TEST(DiagramSet, ASitesPageAloneIsItsPageInTheWholeSet)
{
    const auto loaded = portolan::test::loadExample(u"cas-two-primaries.portolan"_s);
    DiagramSetOptions options;
    options.date = u"2026-12-07"_s;
    const DiagramSet whole = buildDiagramSet(*loaded.doc, *loaded.engine, options);
    const auto pageOf = [](const DiagramSet& set, const QString& key) {
        QStringList all;
        for (const DiagramPage& p : set.pages) {
            if (p.key != key && !p.key.startsWith(key + u'-'))
                continue;
            all << p.title << p.key;
            for (const PageNode& n : p.nodes)
                all << u"%1 %2 %3 %4,%5 %6x%7"_s.arg(n.name, n.site, n.stub ? u"stub"_s : u"host"_s)
                           .arg(n.box.x())
                           .arg(n.box.y())
                           .arg(n.box.width())
                           .arg(n.box.height());
            for (const PageEdge& e : p.edges) {
                QStringList points;
                for (const QPointF& at : e.line)
                    points << u"%1,%2"_s.arg(at.x()).arg(at.y());
                all << u"%1-%2 %3 %4 %5,%6"_s.arg(e.from)
                           .arg(e.to)
                           .arg(points.join(u' '), e.shown)
                           .arg(e.labelBox.x())
                           .arg(e.labelBox.y());
            }
            for (const QStringList& row : p.table)
                all << row.join(u'|');
        }
        return all;
    };
    int compared = 0;
    for (const auto& [id, s] : loaded.doc->sites()) {
        DiagramSetOptions alone = options;
        alone.sites = {s.code};
        const DiagramSet set = buildDiagramSet(*loaded.doc, *loaded.engine, alone);
        const QString key = u"site-"_s + s.code;
        ASSERT_FALSE(set.pages.empty()) << s.code.toStdString();
        for (const DiagramPage& p : set.pages)
            EXPECT_TRUE(p.key.startsWith(key)) << p.key.toStdString();
        const QStringList expected = pageOf(whole, key);
        ASSERT_FALSE(expected.isEmpty()) << s.code.toStdString();
        EXPECT_EQ(pageOf(set, key), expected) << s.code.toStdString();
        ++compared;
    }
    EXPECT_EQ(compared, 5);
}

// A site of more hosts than one sheet holds readably (a secondary site of 60 distribution points,
// a primary whose 60 client groups each have their own) goes over sheets: each prints its labels at
// 7 pt or more, each host of the site is drawn in full on exactly one of them, every line of the
// site is on one, and a host drawn elsewhere names its sheet.
TEST(DiagramSet, ASiteTooLargeForOneSheetGoesOverSheetsThatPrintReadably)
{
    const GeneratedSet generated(HierarchySize{
        .secondariesPerPrimary = 1, .distributionPointsPerSecondary = 60, .groupsPerSecondary = 60});
    const Document* doc = generated.doc.get();
    const FlowEngine& engine = generated.engine;
    const DiagramSet& set = generated.set;
    int split = 0;
    for (const auto& [siteId, site] : doc->sites()) {
        std::map<int, int> drawnIn; // host -> sheets that draw it in full
        std::set<std::pair<int, int>> lines;
        std::vector<const DiagramPage*> sheets;
        for (const DiagramPage& page : set.pages) {
            if (page.kind != DiagramPage::Kind::Site || page.continues > 0 ||
                (page.key != u"site-"_s + site.code &&
                 !page.key.startsWith(u"site-"_s + site.code + u"-sheet-"_s)))
                continue;
            sheets.push_back(&page);
            EXPECT_GE(paper::kLabel * page.scale, 7.0) << page.title.toStdString();
            std::map<int, int> hostOf; // box -> a host it stands for
            for (size_t i = 0; i < page.nodes.size(); ++i) {
                const PageNode& n = page.nodes[i];
                if (!n.stub)
                    for (const int host : n.members.empty() ? std::vector{n.node} : n.members)
                        ++drawnIn[host];
            }
            for (const PageEdge& e : page.edges) {
                const auto ends = [&](int box) {
                    const PageNode& n = page.nodes[size_t(box)];
                    return n.members.empty() ? std::vector{n.node} : n.members;
                };
                for (const int a : ends(e.from))
                    for (const int b : ends(e.to))
                        lines.insert({std::min(a, b), std::max(a, b)});
            }
        }
        ASSERT_FALSE(sheets.empty()) << site.code.toStdString();
        if (sheets.size() > 1) {
            ++split;
            for (size_t i = 0; i < sheets.size(); ++i)
                EXPECT_TRUE(sheets[i]->title.endsWith(u"sheet %1 of %2"_s.arg(i + 1).arg(sheets.size())))
                    << sheets[i]->title.toStdString();
        }
        for (const auto& [id, n] : doc->nodes())
            if (n.site == siteId) {
                EXPECT_EQ(drawnIn[id], 1) << n.name.toStdString();
            }
        for (const Edge& e : engine.edges()) {
            const Node* a = doc->node(e.source);
            const Node* b = doc->node(e.destination);
            if (e.source != e.destination && (a->site == siteId || b->site == siteId)) {
                EXPECT_TRUE(
                    lines.count({std::min(e.source, e.destination), std::max(e.source, e.destination)}))
                    << a->name.toStdString() << " -> " << b->name.toStdString();
            }
        }
    }
    EXPECT_EQ(split, 2) << "the primary and the secondary site go over sheets";
    expectReferencesResolve(set);
}

// A site of many client groups draws those alike (the same zone, peers and ports) as one box, with
// one line to each peer, and lists each group with its subnet in the page's table under the box's
// reference: 90 groups of a primary and its servers print on one readable page.
TEST(DiagramSet, ClientGroupsAlikeAreOneBoxListedInThePagesTable)
{
    const GeneratedSet generated(HierarchySize{.groupsPerPrimary = 90});
    const Document* doc = generated.doc.get();
    const DiagramSet& set = generated.set;
    const DiagramPage* page = nullptr;
    for (const DiagramPage& p : set.pages)
        if (p.key == u"site-P01"_s)
            page = &p;
    ASSERT_TRUE(page);
    EXPECT_GE(paper::kLabel * page->scale, 7.0);
    const auto box = std::find_if(page->nodes.cbegin(), page->nodes.cend(),
                                  [](const PageNode& n) { return !n.members.empty(); });
    ASSERT_NE(box, page->nodes.cend());
    EXPECT_EQ(box->members.size(), 90u);
    EXPECT_TRUE(box->name.startsWith(u"90 client groups · G1"_s)) << box->name.toStdString();
    // One line to each server the groups reach, not ninety.
    std::set<int> peers;
    int lines = 0;
    for (const PageEdge& e : page->edges)
        if (&page->nodes[size_t(e.from)] == &*box || &page->nodes[size_t(e.to)] == &*box) {
            ++lines;
            peers.insert(&page->nodes[size_t(e.from)] == &*box ? e.to : e.from);
        }
    EXPECT_EQ(lines, int(peers.size()));
    EXPECT_GE(lines, 5);
    // Each group with its subnet in the table (this page or its continuation).
    std::set<QString> listed;
    for (const DiagramPage& p : set.pages)
        if (p.key.startsWith(u"site-P01"_s))
            for (const QStringList& row : p.table)
                if (row.value(0) == u"G1"_s)
                    listed.insert(row.value(1) + u' ' + row.value(2));
    for (const int id : box->members) {
        const Node* n = doc->node(id);
        EXPECT_TRUE(listed.count(n->name + u' ' + n->subnets.join(u", "))) << n->name.toStdString();
    }
    expectReferencesResolve(set);
}

// An overview of more sites than one sheet holds readably (4 primaries with 20 secondary sites
// each) goes over pages: the top sites on the first, each primary with the sites under it on its
// own, every page at 7 pt or more; each secondary site is on exactly one of them.
TEST(DiagramSet, AnOverviewOfManySitesGoesOverPagesThatPrintReadably)
{
    const GeneratedSet generated(HierarchySize{.primaries = 4, .secondariesPerPrimary = 20});
    const Document* doc = generated.doc.get();
    const DiagramSet& set = generated.set;
    std::map<QString, int> shown; // site code -> overview pages that draw it
    std::vector<const DiagramPage*> overviews;
    for (const DiagramPage& page : set.pages) {
        if (page.kind != DiagramPage::Kind::Overview || page.continues > 0)
            continue;
        overviews.push_back(&page);
        EXPECT_GE(paper::kLabel * page.scale, 7.0) << page.title.toStdString();
        for (const PageNode& n : page.nodes)
            if (!n.site.isEmpty())
                ++shown[n.site];
    }
    ASSERT_GE(overviews.size(), 5u);
    EXPECT_EQ(overviews.front()->key, u"overview"_s);
    EXPECT_FALSE(overviews.front()->table.empty()) << "the flows across zones, on the first";
    for (const auto& [id, s] : doc->sites()) {
        if (s.kind == SiteKind::Primary) {
            EXPECT_GE(shown[s.code], 2) << s.code.toStdString() << ": on the first page and its own";
        } else {
            EXPECT_EQ(shown[s.code], 1) << s.code.toStdString();
        }
    }
}

// The top of a hierarchy of 30 primaries does not fit one page readably either: the central site
// is on each of its pages with as many primaries as fit, each primary on one of them.
TEST(DiagramSet, AnOverviewOfManyPrimariesGoesOverPagesWithTheCentralSiteOnEach)
{
    const GeneratedSet generated(HierarchySize{.primaries = 30, .secondariesPerPrimary = 1});
    std::map<QString, int> onTop; // site code -> first overview pages that draw it
    int tops = 0;
    for (const DiagramPage& page : generated.set.pages) {
        if (page.kind != DiagramPage::Kind::Overview || page.continues > 0)
            continue;
        EXPECT_GE(paper::kLabel * page.scale, 7.0) << page.title.toStdString();
        if (page.title.startsWith(u"Overview · page"_s) || page.title == u"Overview"_s) {
            ++tops;
            for (const PageNode& n : page.nodes)
                if (!n.site.isEmpty())
                    ++onTop[n.site];
        }
    }
    EXPECT_GT(tops, 1);
    for (const auto& [id, s] : generated.doc->sites()) {
        if (s.kind == SiteKind::Cas) {
            EXPECT_EQ(onTop[s.code], tops);
        } else if (s.kind == SiteKind::Primary) {
            EXPECT_EQ(onTop[s.code], 1) << s.code.toStdString();
        } else {
            EXPECT_EQ(onTop[s.code], 0) << s.code.toStdString();
        }
    }
}

// A zone pair whose hosts do not fit one sheet readably, though they are not so many that it is not
// tried (20 client groups of the branches served by 20 distribution points in the datacenter), gets
// its rules alone, not a drawing whose labels print under 7 pt: every zone pair drawn is readable,
// and every pair has its rules.
TEST(DiagramSet, AZonePairTooLargeToDrawReadablyGetsItsRulesAlone)
{
    const GeneratedSet generated(HierarchySize{
        .secondariesPerPrimary = 1, .distributionPointsPerSecondary = 20, .groupsPerSecondary = 20});
    const DiagramSet& set = generated.set;
    int drawn = 0, alone = 0;
    std::set<QString> ruled;
    for (const DiagramPage& page : set.pages) {
        if (page.kind != DiagramPage::Kind::ZonePair || page.continues > 0)
            continue;
        if (!page.nodes.empty()) {
            ++drawn;
            EXPECT_GE(paper::kLabel * page.scale, 7.0) << page.title.toStdString();
        } else {
            ASSERT_FALSE(page.table.empty()) << page.title.toStdString();
            ruled.insert(page.title.section(u" · "_s, 0, 0));
            alone += page.subtitle.contains(u"too many to draw readably"_s);
        }
    }
    EXPECT_GT(alone, 0) << "the branches' pair with the datacenter";
    EXPECT_GE(int(ruled.size()), drawn);
}

// The generated medium hierarchy (1,801 hosts: 5 primaries with 100 client groups each, 50
// secondary sites) prints every page of its set on A3 with its labels at 7 pt or more: alike groups
// as one box, big sites over sheets, references alike as one, the overview over pages.
// On A3, and on the A4 and Letter paper most offices print on: there a hub's sheet (a SQL Server
// with the site servers of every site as references, a client group with a table longer than the
// page) once printed at 6.2-6.5 pt, its columns of references as tall as an A3 page takes and its
// table's column as wide as the table would fit the page.
TEST(DiagramSet, EveryPageOfTheMediumHierarchyPrintsReadably)
{
    for (const QPageSize::PageSizeId pageSize : {QPageSize::A3, QPageSize::A4, QPageSize::Letter}) {
        DiagramSetOptions options;
        options.pageSize = pageSize;
        const GeneratedSet generated(kMedium, options);
        int drawings = 0;
        for (const DiagramPage& page : generated.set.pages)
            if (!page.nodes.empty()) {
                ++drawings;
                EXPECT_GE(paper::kLabel * page.scale, 7.0)
                    << QPageSize::name(pageSize).toStdString() << ": " << page.title.toStdString();
            }
        EXPECT_GT(drawings, 100);
        expectReferencesResolve(generated.set);
    }
}

// A site page with many references: its table prints each one whole ("F12", not "…"), so that the
// reader finds the line's ports; the wide columns give way to it when the table is too wide.
TEST(DiagramSet, ASitePagesTablePrintsEveryReferenceWhole)
{
    // A secondary site of 60 distribution points, over several sheets.
    DiagramSetOptions options;
    options.sites = {u"000"_s};
    const GeneratedSet generated(HierarchySize{.secondariesPerPrimary = 1,
                                               .distributionPointsPerSecondary = 60,
                                               .groupsPerSecondary = 60},
                                 options);
    const DiagramSet& set = generated.set;
    QTemporaryDir dir;
    QStringList written;
    QString error;
    ASSERT_TRUE(writeDiagramSetSvgPages(set, dir.path(), &written, &error)) << error.toStdString();
    ASSERT_EQ(written.size(), qsizetype(set.pages.size()));
    // The references of each sheet's drawing: each on its line and in the table (this page or its
    // continuation, which follows it).
    int references = 0;
    for (size_t i = 0; i < set.pages.size(); ++i) {
        if (set.pages[i].continues > 0)
            continue;
        QString svg;
        for (size_t k = i; k < set.pages.size() && (k == i || set.pages[k].continues > 0); ++k) {
            QFile file(written[qsizetype(k)]);
            ASSERT_TRUE(file.open(QIODevice::ReadOnly));
            svg += QString::fromUtf8(file.readAll());
        }
        for (const PageEdge& e : set.pages[i].edges) {
            if (e.reference.isEmpty())
                continue;
            ++references;
            EXPECT_GE(svg.count(u">"_s + e.reference + u"</text>"_s), 2)
                << e.reference.toStdString() << " on " << set.pages[i].title.toStdString();
        }
    }
    EXPECT_GE(references, 10);
}

// On A4 upright the overview's table of the flows across zones, beside the drawing, shrank it to
// 3.7 pt, and the shared services' row of five hosts to 5.5 pt. The table now goes on a page of its
// own after the overview's, and the shared hosts wrap into shorter rows: every page of the example
// prints its labels at 7 pt or more.
TEST(DiagramSet, OnA4UprightEveryPageOfTheCasExamplePrintsReadablyWithTheZoneTableApart)
{
    const auto loaded = portolan::test::loadExample(u"cas-two-primaries.portolan"_s);
    DiagramSetOptions options;
    options.pageSize = QPageSize::A4;
    options.orientation = QPageLayout::Portrait;
    options.date = u"2026-12-07"_s;
    const DiagramSet set = buildDiagramSet(*loaded.doc, *loaded.engine, options);
    int overview = -1, zones = -1;
    for (int i = 0; i < int(set.pages.size()); ++i) {
        const DiagramPage& page = set.pages[size_t(i)];
        if (drawing(page) && !page.nodes.empty()) {
            EXPECT_GE(paper::kLabel * page.scale, 7.0) << page.title.toStdString();
        }
        if (overview < 0 && page.kind == DiagramPage::Kind::Overview)
            overview = i;
        if (page.title == u"Overview · flows across zones"_s)
            zones = i;
    }
    EXPECT_TRUE(smallTextWarning(set).isEmpty()) << smallTextWarning(set).toStdString();
    ASSERT_GE(overview, 0);
    ASSERT_EQ(zones, overview + 1) << "the zone table follows the first overview page";
    const DiagramPage& first = set.pages[size_t(overview)];
    EXPECT_TRUE(first.subtitle.contains(u"the page after it sums the flows across zones"_s))
        << first.subtitle.toStdString();
    for (const QStringList& row : first.table)
        EXPECT_NE(row.value(0), u"zones"_s) << "the zone rows are on their own page";
    // Every pair of zones that flows cross, once: the zone pair pages name the same pairs.
    const DiagramPage& table = set.pages[size_t(zones)];
    EXPECT_TRUE(table.nodes.empty());
    std::set<QString> pairs;
    for (const DiagramPage& page : set.pages)
        if (page.kind == DiagramPage::Kind::ZonePair)
            pairs.insert(page.key.section(u"-rules"_s, 0, 0));
    EXPECT_EQ(table.table.size(), pairs.size());
    for (const QStringList& row : table.table) {
        EXPECT_EQ(row.value(0), u"zones"_s);
        EXPECT_FALSE(row.value(3).isEmpty()) << row.join(u" | "_s).toStdString();
    }
}

// The tables a network team opens firewalls from: every cell of every page's table, of every
// example, on A3 across and A4 upright, is printed whole (on more lines where its column is
// narrow), never cut to "TCP 80, 4…" or "P02 · Prim…".
TEST(DiagramSet, EveryTableCellOfEveryExampleIsPrintedWhole)
{
    int cells = 0, wrapped = 0;
    for (const QString& name : portolan::test::exampleNames()) {
        const auto loaded = portolan::test::loadExample(name);
        for (const auto& [size, orientation] : {std::pair(QPageSize::A3, QPageLayout::Landscape),
                                                std::pair(QPageSize::A4, QPageLayout::Portrait)}) {
            DiagramSetOptions options;
            options.pageSize = size;
            options.orientation = orientation;
            options.flowAppendix = true;
            options.date = u"2026-12-07"_s;
            const DiagramSet set = buildDiagramSet(*loaded.doc, *loaded.engine, options);
            const QRectF printable(QPointF(0, 0), set.pageArea);
            for (const DiagramPage& page : set.pages) {
                if (page.tableArea.isNull())
                    continue;
                TextDevice device;
                {
                    QPainter painter(&device);
                    paintDiagramPage(&painter, set, page);
                }
                const QString printed = withoutSpaces(device.engine.text);
                const std::string where = (name + u" "_s + page.title).toStdString();
                QStringList meant = page.tableHeader;
                for (const QStringList& row : page.table)
                    meant += row;
                for (const QString& cell : meant) {
                    ++cells;
                    EXPECT_TRUE(printed.contains(withoutSpaces(cell)))
                        << where << ": \"" << cell.toStdString() << "\" is not printed whole";
                }
                // The table, its lines wrapped, lies on the page above the title block.
                const paper::TableLayout layout =
                    paper::layoutTable(page.tableHeader, page.table, page.tableArea.width());
                wrapped += layout.wrapped();
                EXPECT_LE(page.tableArea.top() + layout.height(), page.titleBlock.top() + 0.5) << where;
                EXPECT_TRUE(printable.contains(page.tableArea)) << where;
                for (const PageNode& n : page.nodes)
                    EXPECT_FALSE(n.box.intersects(page.tableArea)) << where << " " << n.name.toStdString();
            }
        }
    }
    EXPECT_GT(cells, 1000);
    EXPECT_GT(wrapped, 0) << "on A4 some ports cells wrap";
}

// The legend and the title block along the bottom of a page lie on the page apart and under nothing
// else: on a portrait A4 or Letter page, too narrow for both side by side, the legend used to cover
// the title block's design name.
TEST(DiagramSet, TheLegendAndTheTitleBlockCoverEachOtherNorAnythingOnAnyPaper)
{
    int pages = 0;
    for (const QString& name : portolan::test::exampleNames()) {
        const auto loaded = portolan::test::loadExample(name);
        for (const auto& [size, orientation] : {std::pair(QPageSize::A3, QPageLayout::Landscape),
                                                std::pair(QPageSize::A4, QPageLayout::Portrait),
                                                std::pair(QPageSize::Letter, QPageLayout::Portrait),
                                                std::pair(QPageSize::A4, QPageLayout::Landscape)}) {
            DiagramSetOptions options;
            options.pageSize = size;
            options.orientation = orientation;
            const DiagramSet set = buildDiagramSet(*loaded.doc, *loaded.engine, options);
            const QRectF printable(QPointF(0, 0), set.pageArea);
            for (const DiagramPage& page : set.pages) {
                const std::string where =
                    (name + u" "_s + page.title).toStdString() + " on " + QPageSize::name(size).toStdString();
                ++pages;
                EXPECT_TRUE(printable.contains(page.titleBlock)) << where;
                std::vector<QRectF> furniture{page.titleBlock};
                if (!page.legend.isNull()) {
                    EXPECT_TRUE(printable.contains(page.legend)) << where;
                    EXPECT_FALSE(page.legend.intersects(page.titleBlock)) << where;
                    furniture.push_back(page.legend);
                }
                for (const QRectF& f : furniture) {
                    EXPECT_FALSE(f.intersects(page.tableArea)) << where;
                    for (const PageNode& n : page.nodes)
                        EXPECT_FALSE(n.box.intersects(f)) << where << " " << n.name.toStdString();
                    for (const PageEdge& e : page.edges)
                        EXPECT_FALSE(e.labelBox.intersects(f)) << where << " " << e.shown.toStdString();
                }
            }
        }
    }
    EXPECT_GT(pages, 50);
}

// A table split over pages loses no text: a row taller than a page (a rule with hundreds of
// sources) goes on into the next piece, naming its port again, and every piece fits its room.
TEST(DiagramSet, ATableSplitOverPagesKeepsEveryWord)
{
    QStringList addresses;
    for (int i = 0; i < 600; ++i)
        addresses << u"10.%1.%2.0/24"_s.arg(i / 200).arg(i % 200);
    const QStringList header{u"Sources"_s, u"Protocol"_s, u"Port"_s};
    std::vector<QStringList> rows;
    for (int i = 0; i < 40; ++i)
        rows.push_back({u"host%1"_s.arg(i), u"TCP"_s, QString::number(1000 + i)});
    rows.insert(rows.begin() + 5, {addresses.join(u", "), u"TCP"_s, u"443"_s});
    const QSizeF first(300, 200), rest(500, 400);
    const auto pieces = paper::splitTable(header, rows, first, rest);
    ASSERT_GT(pieces.size(), size_t(2));
    QString all;
    for (size_t i = 0; i < pieces.size(); ++i) {
        const QSizeF room = i == 0 ? first : rest;
        const paper::TableLayout layout = paper::layoutTable(header, pieces[i], room.width());
        EXPECT_LE(layout.height(), room.height() + 0.01) << "piece " << i;
        for (const QStringList& row : pieces[i]) {
            all += row.join(u' ') + u' ';
            // Each page that holds part of the tall rule still says its protocol and port.
            if (row.value(0).startsWith(u"10."_s)) {
                EXPECT_EQ(row.mid(1), QStringList({u"TCP"_s, u"443"_s})) << "piece " << i;
            }
        }
    }
    for (const QString& a : addresses)
        EXPECT_TRUE(all.contains(a + u',') || all.contains(a + u' ')) << a.toStdString();
    for (const QStringList& row : rows)
        EXPECT_TRUE(all.contains(row[2])) << row[2].toStdString();
}

// A host name too long for its column breaks after a dot or a hyphen, where a reader expects it
// ("p01-ss.corp." then "contoso.com"), not in the middle of a label ("p01-ss.corp.contos" "o.com").
TEST(DiagramSet, AHostNameTooWideForItsTableColumnBreaksAfterADot)
{
    const QString host = u"p01-ss.corp.contoso.com"_s;
    const QStringList header{u"From"_s};
    const std::vector<QStringList> rows{{host}};
    // A column a little wider than "p01-ss.corp.conto", its padding included.
    const QFontMetricsF metrics(paper::font(paper::kText));
    const qreal width = metrics.horizontalAdvance(u"p01-ss.corp.conto"_s) + 8;
    const paper::TableLayout layout = paper::layoutTable(header, rows, width);
    ASSERT_EQ(layout.rows.size(), 2u);
    const QStringList& lines = layout.rows[1][0].lines;
    ASSERT_GE(lines.size(), 2) << "the name does not fit its column on one line";
    EXPECT_EQ(lines.join(QString()), host) << "every character printed, in order";
    for (qsizetype i = 0; i + 1 < lines.size(); ++i)
        EXPECT_TRUE(lines[i].endsWith(u'.') || lines[i].endsWith(u'-')) << lines.join(u" | ").toStdString();
}
