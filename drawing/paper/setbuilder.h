#pragma once

// The diagram set's builder, private to the set: diagramset.cpp makes the overview, the zone pairs',
// shared services' and appendix pages and numbers them all; diagramsetsites.cpp makes each site's
// page, or its sheets when it does not fit one readably.
#include "drawing/paper/diagramset.h"
#include "drawing/paper/pagebuilder.h"
#include "drawing/paper/paperstyle.h"
#include "flows/flowengine.h"

#include <QColor>
#include <QString>

#include <functional>
#include <map>
#include <vector>

namespace portolan::setbuilding {

using paper::PageBuilder;
using paper::Pairs;

constexpr qreal kHeading = 26;       // the page's title and subtitle over the drawing, points
constexpr qreal kTableWidth = 330;   // the page's own table beside the drawing
constexpr qreal kRowWidth = 560;     // a row of a site page wraps past this width, points
constexpr qreal kColumnHeight = 560; // a column of peers continues beside itself past this height
// A zone pair with more hosts than this gets its rules, not a drawing.
constexpr qsizetype kMostHostsDrawn = 80;
// The ordering search and the routed tries of distances are for pages a reader takes in whole: on
// larger ones the barycentre order stands (the large design's 276 site pages stay near a minute).
constexpr size_t kMostHostsSearched = 32;
constexpr qreal kOverviewRowWidth = 1100; // a tier of the overview wraps past this width, points
constexpr int kMostOrdersTried = 400;
// A site of more hosts than this is not tried on one sheet (it never fits readably): it goes over
// sheets of about kSheetHosts hosts each, halved while one still shrinks.
constexpr size_t kMostHostsTriedWhole = 64;
constexpr size_t kSheetHosts = 24;
// A site of more client groups than this draws those alike (the same zone, peers and ports) as one
// box, listed in the page's table.
constexpr size_t kMostGroupsApart = 8;
// A sheet with more references than this draws those alike (the same site and kind, meeting the
// sheet's hosts on the same ports) as one.
constexpr size_t kMostReferencesApart = 16;

inline const QColor kFrameColour(0x37, 0x47, 0x4f);

// "P01 · London" (the code alone when the site has no name).
QString siteTitle(const Site& s);
// Text safe in a page's key (a file name of `--format svg --pages`).
QString safeKey(QString text);

class SetBuilder
{
public:
    SetBuilder(const Document& document, const FlowEngine& engine, const DiagramSetOptions& options)
        : m_document(document), m_engine(engine), m_options(options)
    {
        if (!options.singlePage && !options.sites.isEmpty())
            someSitesPairs();
        else
            m_pairs = pairsOf(document, engine.edges());
        for (const auto& [pair, flows] : m_pairs) {
            m_peers[pair.first].push_back(pair.second);
            m_peers[pair.second].push_back(pair.first);
        }
    }

    DiagramSet build();

private:
    // Only some sites' pages: the pairs among their hosts and those hosts' peers, the same as the
    // whole design's pairs there, without going through the design's every flow.
    void someSitesPairs();
    int depth(const Site& s) const;
    std::vector<const Site*> sitesInTierOrder() const;
    // The pages are independent of each other: each job makes its own (into `out`), the jobs
    // run on every core, and their pages join in the jobs' order (the same set every time).
    using Job = std::function<void(std::vector<DiagramPage>& out)>;
    static void runJobs(const std::vector<Job>& jobs, std::vector<DiagramPage>& pages);
    const std::vector<int>& peersOf(int node) const;
    DiagramPage& newPage(std::vector<DiagramPage>& out, DiagramPage::Kind kind, const QString& title,
                         const QString& subtitle, const QString& key) const;
    void overviewPage(std::vector<DiagramPage>& out) const;
    // An overview of these sites (and the shared services), with the table of the flows across
    // zones or not (the subtitle says where that table is). Where the table beside or over the
    // drawing would shrink it unreadably and the drawing alone prints larger, the table goes on a
    // page of its own, added after the drawing's: returns whether it did.
    bool overviewOf(const std::vector<const Site*>& sites, bool zoneTable, const QString& title,
                    const QString& subtitle, const QString& key, std::vector<DiagramPage>& out) const;
    void overviewOf(const std::vector<const Site*>& sites, bool zoneTable, const QString& title,
                    const QString& subtitle, const QString& key, qreal rowWidth,
                    std::vector<DiagramPage>& out) const;
    // The overview's table: the flows across zones, summed per pair of zones.
    void addZoneTable(DiagramPage& page) const;
    // A site's page, or when it does not fit one sheet readably, its sheets.
    void sitePage(const Site& site, std::vector<DiagramPage>& out) const;
    // A host's peers with the ports each way between them, as one text: hosts alike have the same.
    QString portsWith(int id, std::vector<int> peers) const;
    // What each site's sheets draw (m_units), and where alike client groups are one box (m_alike).
    void alikeGroups(const std::vector<const Site*>& sites);
    // The boxes of alike client groups of a site: each one's reference (by its first group) and the
    // box each of their groups is in.
    struct Alike
    {
        std::map<int, QString> references;
        std::map<int, const std::vector<int>*> unitOf;
    };
    // One sheet: these boxes of the site in full (a host, or client groups alike), their other peers
    // as references. With giveUp, a sheet whose boxes alone cannot fit readably is left unfinished
    // (its scale and room the most it could have): returns whether the sheet was finished.
    // On paper shorter than A3, a sheet that its columns of references would shrink below readable
    // size is made again with columns as tall as the page (more of them side by side), and the one
    // that prints larger kept.
    bool siteSheet(const Site& site, const std::vector<std::vector<int>>& units,
                   std::vector<DiagramPage>& out, bool giveUp = false) const;
    // The same with columns of references at most columnHeight tall.
    bool siteSheetWith(const Site& site, const std::vector<std::vector<int>>& units,
                       std::vector<DiagramPage>& out, bool giveUp, qreal columnHeight) const;
    // The hosts of no site: the shared services and the consoles, perRow to a row.
    void sharedPage(const std::vector<int>& hosts, std::vector<DiagramPage>& out) const;
    void sharedPage(const std::vector<int>& hosts, size_t perRow, std::vector<DiagramPage>& out) const;
    void zonePages(std::vector<Job>& jobs) const;
    void singlePage(std::vector<DiagramPage>& out) const;
    void appendixPages(std::vector<DiagramPage>& out) const;
    // Splits tables longer than their area onto continuation pages; numbers every page.
    std::vector<DiagramPage> paginate(std::vector<DiagramPage> pages) const;
    QSizeF drawingArea() const;
    // The band along the bottom: the legend beside the title block, or on a page too narrow for
    // both side by side (A4 or Letter portrait) the legend over it.
    bool bandStacked() const { return m_set.pageArea.width() < paper::kBandSideBySide; }
    qreal bandHeight() const { return bandStacked() ? 2 * paper::kBand - 8 : paper::kBand; }

    const Document& m_document;
    const FlowEngine& m_engine;
    const DiagramSetOptions& m_options;
    Pairs m_pairs;
    paper::Peers m_peers;
    DiagramSet m_set;
    std::vector<DiagramPage> m_pages;
    std::map<int, std::vector<std::vector<int>>> m_units; // by site id: hosts, or alike groups
    Alike m_alike;
};

} // namespace portolan::setbuilding
