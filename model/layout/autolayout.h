#pragma once

#include <QHash>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

#include <vector>

namespace portolan {

class Document;

// Geometry of the layout, in scene units. Every step is a multiple of the
// canvas grid (20) so that laid-out nodes do not jump when first dragged.
struct LayoutOptions
{
    QSizeF nodeSize{200, 60}; // the renderer's node box; the model cannot ask the views
    qreal cellWidth = 360;    // node box plus room for a label between two boxes side by side
    qreal cellHeight = 200;   // node box plus room for the labels of edges between rows
    qreal padding = 40;       // inside a site frame, around its servers
    qreal title = 40;         // above a frame's first row: its title bar
    qreal minFrameWidth = 560;
    qreal gap = 160;    // between site blocks, and between a frame and what hangs under it
    qreal aspect = 1.8; // width to height each block of child sites aims at (a screen's shape)
    int maxServerColumns = 6;
    int maxGroupColumns = 8;
};

// Where everything goes: node centres and site frames.
struct Layout
{
    QHash<int, QPointF> nodes;
    QHash<int, QRectF> frames;
};

// A layered layout of the whole design, written here rather than with Graphviz: a
// ConfigMgr hierarchy is already a tree of sites, so tiers follow from the parent links;
// each site becomes a block (frame, the client groups
// it serves underneath, then its child sites' blocks), measured bottom-up and placed
// top-down, so that blocks never overlap by construction and the whole runs in linear
// time. Site frames in tiers (CAS, primaries, each secondary under its parent); servers
// in their frame grouped by role; client groups under the site whose systems serve them
// (their boundary links, else their assigned site); consoles and servers without a site
// on the left, external endpoints on the right, each grouped by zone. Within what these rules
// fix, orders are chosen to cross fewer lines: sites among their siblings, servers of one role,
// client groups in their band and the side columns within a zone are sorted by where their
// peers stand (a barycentre pass over the flows and links), and on a small design swapped
// while the straight lines between the boxes cross less.
Layout computeLayout(const Document& document, const LayoutOptions& options = {});

// The site each node is drawn with: a server's own site, a client group's serving site (as
// the layout places it), -1 for consoles, endpoints and nodes without a site. Edge bundles
// at low zoom gather flows by these sites. By node id, in a table of document.nextId() entries
// (-1 where none).
std::vector<int> drawnSiteTable(const Document& document);

// False for a design whose nodes all sit at the origin and whose frames have no size
// (generated or scripted designs): such a design is laid out when opened.
bool hasCoordinates(const Document& document);

} // namespace portolan
