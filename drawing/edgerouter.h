#pragma once

#include "drawing/rectgrid.h"

#include <QPolygonF>
#include <QRectF>

#include <cstdint>
#include <vector>

namespace portolan {

// Routes the edges of a whole design round its node boxes. A small design goes edge by edge
// through DesignRenderer::edgeRoute (straight, bent once, or A* round the boxes nearby).
// A large one cannot afford a search round every box for each of its 10^5 edges, many of
// which cross the whole drawing: there the boxes are drawn into a raster once, an edge that
// meets a box on its straight line (or its one bend) is routed by a breadth-first search over
// the free cells from the end that most edges share (a DP, a site server, an endpoint), one
// search serving all that end's edges, on both cores. Every route passes under no node box
// but its own two ends'; each edge of a pair, and each pair, keeps its own lane.
class EdgeRouter
{
public:
    explicit EdgeRouter(const std::vector<QRectF>& boxes);
    ~EdgeRouter();

    struct Request
    {
        QRectF from;
        QRectF to;
        bool bothWays = false;
    };
    QPolygonF route(const Request& request) const;
    std::vector<QPolygonF> route(const std::vector<Request>& requests) const;
    // A designer's link between two boxes goes the way a flow edge between them would, on the
    // side of the pair its flow edges leave free (flowThere: an edge from -> to is drawn,
    // flowBack: one to -> from), so that it does not lie on top of them.
    static Request linkRequest(const QRectF& from, const QRectF& to, bool flowThere, bool flowBack);
    // The route found for a link's request, its two ends moved along their legs onto the boxes'
    // borders (a pair's side offset leaves a slanted straight line's ends a few units off them),
    // and turned to run from the link's first end, whose box is from.
    static QPolygonF linkRoute(QPolygonF route, const Request& request, const QRectF& from);
    // A link's route (from box from to box to) moved a few units sideways where it would lie on
    // one of the given routes (its ends' flow edges, which a bend or a lane can share with it),
    // to the nearest offset that clears them and passes under no box; else unchanged.
    QPolygonF apart(const QPolygonF& route, const QRectF& from, const QRectF& to,
                    const std::vector<QPolygonF>& others) const;
    const RectGrid& boxes() const { return m_grid; }

private:
    struct Hub;
    struct Search;
    bool large() const;
    bool clearOnRaster(QPointF a, QPointF b, const QRectF& from, const QRectF& to) const;
    QPolygonF quickRoute(const Request& request) const;
    struct SideCell
    {
        int x = 0;
        int y = 0;
        int side = 0;
        int offCentre = 0; // cells from the middle of the side
    };
    // The free cells just outside a box, where a route leaves or reaches it.
    std::vector<SideCell> sideCells(const QRectF& box) const;
    // Every free cell's distance in cells from the hub's sides, within the window.
    void search(Search& s, const QRect& window, const QRectF& hub, const std::vector<QRectF>& ends) const;
    QPolygonF trace(const Search& s, const QRectF& end, const QRectF& hub) const;
    // Moves the traced routes' legs apart where they share a line.
    void spreadLanes(const std::vector<Request>& requests, std::vector<QPolygonF>& routes,
                     const std::vector<char>& traced) const;
    void routeHub(const Hub& hub, const std::vector<Request>& requests, std::vector<QPolygonF>& routes,
                  std::vector<char>& traced, Search& search) const;
    bool blockedCell(int x, int y) const { return m_cells[size_t(y) * size_t(m_width) + size_t(x)] != 0; }
    QPoint cellOf(QPointF p) const;
    QPointF centreOf(int x, int y) const;

    RectGrid m_grid;
    std::vector<QRectF> m_boxes;
    // The raster (large designs only): one byte per cell, non-zero where a padded box lies.
    QPointF m_origin;
    qreal m_cell = 20;
    int m_width = 0;
    int m_height = 0;
    std::vector<std::uint8_t> m_cells;
    std::vector<std::uint8_t> m_fine; // the same at half the cell size, for straight lines
};

} // namespace portolan
