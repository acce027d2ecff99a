#pragma once

#include "drawing/designrenderer.h"
#include "drawing/edgerouter.h"

#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <functional>
#include <utility>
#include <vector>

namespace portolan {

// The rules the canvas and paper share for what they draw between the boxes: the requests the
// router gets for edges and links and their order (it hands out lanes in the order asked), what a
// label keeps clear of, and where edge labels and link names go. DesignScene (views/canvas, which
// calls them for the edges an edit touched) and Diagram (the whole drawing at once) both draw
// with these and place nothing themselves, so that the two cannot drift apart.
namespace drawinglayout {

struct EdgeEnds
{
    int from = -1; // end ids: nodes (or, on the canvas, a fold of client groups)
    int to = -1;
    QRectF fromBox;
    QRectF toBox;
    size_t index = 0; // the caller's own: which of its edges this is
};
// The routes, one line per pair of ends (both directions on it), in the order of the edges' ends
// whatever the order given: edges is sorted so (a pair given twice is routed once) and the routes
// follow it. An end without a box is left out.
std::vector<QPolygonF> routeEdges(const EdgeRouter& router, std::vector<EdgeEnds>& edges);

struct LinkEnds
{
    int link = -1; // the document's link id
    QRectF fromBox;
    QRectF toBox;
    bool flowThere = false; // a flow edge runs from -> to
    bool flowBack = false;  // and one to -> from
};
// A designer's links, in the order of their ids (links is sorted so): each on the side of its pair
// that their flow edges leave free, run from its first end, and moved off those edges' routes
// (edgesBetween(link) gives them) where it would lie on one.
std::vector<QPolygonF> routeLinks(const EdgeRouter& router, std::vector<LinkEnds>& links,
                                  const std::function<std::vector<QPolygonF>(const LinkEnds&)>& edgesBetween);

// What a label keeps clear of: the boxes drawn and the title of every site frame drawn.
std::vector<QRectF> labelObstacles(std::vector<QRectF> boxes, const std::vector<QRectF>& frames);

// Edge labels, along their routes. The canvas (hover lists the ports) leaves out a label that has
// no room; paper places it where it covers least and marks it crowded.
enum class Medium
{
    Canvas,
    Paper
};
std::vector<DesignRenderer::LabelPlace>
placeEdgeLabels(const std::vector<std::pair<QPolygonF, QString>>& lines, const std::vector<QRectF>& obstacles,
                Medium medium);

// An edge's label as drawn: its text (on paper with its reference number) at a place on its route.
struct ShownLabel
{
    const QPolygonF* route = nullptr;
    QString text;
    qreal at = 0.5;
};
// Link names, after the edges' labels, which keep their places: a name with no room is left out on
// canvas and paper alike (the tooltip and the legend say what the dots mean).
std::vector<DesignRenderer::LabelPlace>
placeLinkNames(const std::vector<std::pair<QPolygonF, QString>>& links, std::vector<QRectF> obstacles,
               const std::vector<ShownLabel>& edgeLabels);

} // namespace drawinglayout

} // namespace portolan
