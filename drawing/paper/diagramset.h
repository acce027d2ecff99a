#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

class QPainter;
class QPagedPaintDevice;

namespace portolan {

class Document;
class FlowEngine;

// The diagram set a network team reads: a contents page, an overview of the sites and the flows
// between them, a page per site (its servers and client groups, its outside peers as stubs at the
// border), a page per pair of zones with flows (the hosts on each side and the rule table of that
// firewall) and the flow appendix. Every page is computed here once, as data in points on the
// page's printable area (origin top left; the drawing lies under a heading of the page's title,
// the title block and legend along the bottom); the PDF, the SVG pages, Visio and draw.io only
// paint or write it.
struct PageNode
{
    int node = -1;        // the document's node id (a stub names the node it stands for)
    QRectF box;           // on the page, in points
    QString name;         // host name, group or endpoint name
    QString address;      // servers, consoles, endpoints: the address the firewall needs
    QString zone;         // the zone's name (empty: none)
    QString site;         // the site's code (empty: none)
    QString roles;        // the roles line as the canvas shows it ("SS · SQL · MP")
    QString iconKey;      // DesignRenderer::icon key
    bool stub = false;    // drawn in full on another page: a reference, not the host
    int stubPage = 0;     // that page's number (1-based), 0: on no page of its own
    int stubPageLast = 0; // a reference to groups drawn on several pages: the last of them
    // A box that stands for client groups alike (the same zone, peers and ports): their ids, in
    // the page's table under the box's reference; node is -1.
    std::vector<int> members;
};

struct PageFrame
{
    int site = -1; // the document's site id; -1: a zone band or a group of stubs
    QRectF rect;
    QString title; // "P01 · Primary site Contoso"
    QColor colour; // the frame's line colour
};

// One line per pair of hosts: both directions on one line, an arrowhead at each end that opens
// a port there, and one label saying which ports go which way.
struct PageEdge
{
    int from = -1; // index into DiagramPage::nodes
    int to = -1;
    QPolygonF line;          // from the edge of `from`'s box to the edge of `to`'s box
    bool toForward = true;   // flows from `from` to `to` (arrowhead at `to`)
    bool toBackward = false; // flows from `to` to `from` (arrowhead at `from`)
    QString label;           // every port, by direction: "→ TCP 80, 443  ← UDP 67"
    QString shown;           // what the page prints on the line: the label, or its reference
    QString reference;       // "F12" when the label did not fit whole (the page's table has it)
    QRectF labelBox;         // where `shown` is printed; null: nothing printed
    QColor colour;           // by protocol, as on the canvas
};

struct DiagramPage
{
    enum class Kind
    {
        Contents,
        Overview,
        Site,
        ZonePair,
        Single,
        Appendix
    };
    Kind kind = Kind::Single;
    QString title;    // "Site P01 · Contoso primary"
    QString subtitle; // one line under the title: what the page shows
    QString key;      // a file-name-safe name: "site-P01", "zones-corp-dmz", "overview"
    QSizeF size;      // the drawing area the geometry fills, in points
    std::vector<PageNode> nodes;
    std::vector<PageFrame> frames;
    std::vector<PageEdge> edges;
    // The page's own table: references resolved ("F12", from, to, ports), the rule table of a
    // zone pair, the contents or the appendix rows. Painted under (or instead of) the drawing.
    QStringList tableHeader;
    std::vector<QStringList> table;
    QRectF tableArea;  // where the table is painted; null: no table
    QRectF titleBlock; // the title block (design, author, date, revision, page n of m)
    QRectF legend;     // null: no legend on this page
    // Text sizes on this page: names 8 pt, addresses, roles and labels 7 pt, times this (1 unless
    // a drawing had to shrink to fit its page).
    qreal scale = 1;
    // How much larger the drawing could be and still fit its room (1 or more when it fits at full
    // size, the scale when it does not): how many more hosts a sheet could take.
    qreal room = 1;
    int number = 0;    // 1-based, in the set
    int continues = 0; // > 0: this page continues the table of that page
};

struct DiagramSetOptions
{
    QPageSize::PageSizeId pageSize = QPageSize::A3;
    QPageLayout::Orientation orientation = QPageLayout::Landscape;
    bool singlePage = false;   // the whole design on one page instead of the set
    bool flowAppendix = false; // the flow list after the drawings (the pages resolve their own references)
    QString date;              // in the title block; today when empty
    QStringList sites;         // only these sites' pages (codes), nothing else; empty: the whole set
};

struct DiagramSet
{
    QString designName;
    QString designId;
    QString author;
    QString revision;
    QString date;
    QSizeF pageArea; // the printable area of every page, in points; pages' geometry lies inside
    std::vector<DiagramPage> pages;
};

// Lays out every page. The geometry is final: writers add nothing but their own format.
DiagramSet buildDiagramSet(const Document& document, const FlowEngine& engine,
                           const DiagramSetOptions& options);

// What an export or a print of the set says when drawings had to shrink so far to fit their paper
// that their port labels print under 7 pt (paper::kText), which a network team cannot read: how
// many pages, the smallest size and where. Empty when every page prints its labels at 7 pt or more.
QString smallTextWarning(const DiagramSet& set);

} // namespace portolan
