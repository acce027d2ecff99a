#pragma once

#include <QPolygonF>
#include <QRectF>

namespace portolan {

class RectGrid;

// An orthogonal route from one box to another that passes under none of the boxes in
// between: A* over the grid of lines that run beside the boxes near the two ends (found
// through the spatial index, never by looking at every box), costing length and bends.
// lane (a few units either way) moves this edge's lines off its neighbours' so that
// parallel edges keep apart. Returns an empty polygon when there is no way round, or when
// more than maxObstacles boxes lie near the edge (an edge across a whole large design).
QPolygonF orthogonalRoute(const QRectF& from, const QRectF& to, const RectGrid& boxes, qreal lane,
                          int maxObstacles = 120);

} // namespace portolan
