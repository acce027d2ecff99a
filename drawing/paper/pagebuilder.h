#pragma once

#include "drawing/pairedges.h"
#include "drawing/paper/diagramset.h"
#include "flows/flow.h"

#include <QHash>

#include <map>
#include <utility>
#include <vector>

namespace portolan {

class Document;
class DrawingLayout;
class DrawnLine;
struct Node;

namespace paper {

using portolan::PairFlows;
using portolan::pairLabel;
using portolan::Pairs;
using Peers = std::map<int, std::vector<int>>; // every node's partners in Pairs

// Builds one drawing page: hosts placed in rows inside frames, peers as stubs, one routed line
// per pair with its label whole or referenced. Geometry in points, from (0, 0).
class PageBuilder
{
public:
    PageBuilder(const Document& document, const Pairs& pairs, const Peers& peers, DiagramPage& page);

    // A host of the design as a box on this page (not placed yet); returns its index.
    int addHost(int node, bool stub);
    // One box for client groups alike (the same zone, and the same ports with the same peers): drawn
    // once, with one line to each peer, and listed with their subnets in the page's table under
    // `reference` ("G1"). Returns its index.
    // As a stub: a reference to the sheet that draws them (the stub's page is filled in later).
    int addAlike(const std::vector<int>& members, const QString& reference, bool stub);
    // A box that stands for something that is not one host (a site on the overview, the shared
    // services); returns its index.
    int addBox(const QString& name, const QString& address, const QString& roles, const QString& iconKey);
    // Rows of boxes (indexes), top to bottom, centred on a common axis, ordered within each row to
    // cross fewer lines (a barycentre pass against every other placed box); the rows start at
    // `top`. Returns the rows' bounding box.
    QRectF placeRows(std::vector<std::vector<int>>& rows, qreal top, qreal centreX);
    // Boxes in a column centred on x, in barycentre order against their placed peers, centred on
    // centreY; a column taller than maxHeight continues in further columns, `outward` (-1 left,
    // +1 right) of the first.
    void placeColumn(std::vector<int>& column, qreal x, qreal centreY, qreal maxHeight = 1e9,
                     int outward = 1);
    // The same without ordering: boxes where the lists say.
    QRectF layoutRows(const std::vector<std::vector<int>>& rows, qreal top, qreal centreX);
    void layoutColumn(const std::vector<int>& column, qreal x, qreal centreY, qreal maxHeight, int outward);
    // Crossings of straight lines between the centres of boxes with flows between them: what the
    // ordering passes try to lower (the routed lines follow them closely).
    int straightCrossings() const;
    // Crossings of the lines as the router would draw them now (addHostEdges first).
    // bounds: the boxes and the routed lines, with room for labels.
    int routedCrossings(QRectF* bounds = nullptr) const;
    // A frame round the given boxes with a title tab over its top edge.
    void addFrame(int site, const std::vector<int>& boxes, const QString& title, const QColor& colour);
    // One line between two boxes with the label of the flows between them (both ways).
    void addEdge(int from, int to, const std::vector<Flow>& forward, const std::vector<Flow>& backward);
    // Every pair of hosts on the page with flows between them, once.
    void addHostEdges();
    // Routes the lines round the boxes and places every label whole or as a reference ("F3") that
    // the page's table resolves (its rows come first in the table), both by a DrawingLayout's rules
    // (drawing/drawinglayout.h), then fits the page into `area`
    // (scaling down, never up), beside a column for the table when the page has one.
    void finish(const QSizeF& area, qreal tableWidth, bool reserveTable = false);

    // Where each adjacency lives, for the barycentre passes.
    double barycentreX(int box) const;
    double barycentreY(int box) const;

private:
    // The box's zone and site: the host's (alike groups: their first's).
    void nameZoneAndSite(PageNode& box, const Node& node) const;
    // The page's lines, one per edge in its order, routed round the boxes by the layout.
    std::vector<DrawnLine*> routeLines(DrawingLayout& layout) const;
    void addReferenceRows();
    // Calls f(boxA, boxB, flows) for each pair of hosts on the page with flows between them, in the
    // order of their ids (the page comes out the same every time), looking only at their peers.
    template <typename F> void forEachPair(F&& f) const;
    const Document& m_document;
    const Pairs& m_pairs;
    const Peers& m_peers;
    DiagramPage& m_page;
    QHash<int, int> m_hostIndex; // document node -> page node (a member of alike groups: their box)
    std::vector<std::pair<int, QString>> m_alike; // boxes of alike groups and their references
    std::vector<std::vector<int>> m_adjacent;
    std::vector<char> m_placed;
    std::vector<PairFlows> m_edgeFlows; // per edge: forward runs from its `from` to its `to`
};

// Crossings between the lines of different edges of a page (segments that share an end do not
// count), and label boxes that overlap another label, a box or a frame's title: what the
// measured bars of the diagram set read.
int countCrossings(const DiagramPage& page);
// The same for any lines (the single-page drawing's routes): every point where a segment of one
// crosses a segment of another, lines meeting at an end apart.
int countCrossings(const std::vector<QPolygonF>& lines);
// A frame's title tab across its top edge, at the page's scale.
QRectF titleTab(const PageFrame& frame, qreal scale);
int countLabelOverlaps(const DiagramPage& page);

} // namespace paper
} // namespace portolan
