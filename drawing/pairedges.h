#pragma once

#include "flows/flow.h"

#include <QRectF>
#include <QString>

#include <map>
#include <utility>
#include <vector>

namespace portolan {

class Document;

// One line per pair of hosts, on the canvas and on paper: both directions between two hosts are
// drawn as one line, with an arrowhead at each end that opens a port there and one label that
// says which ports go which way.

// The key of a pair: its two end ids, the lower first.
inline std::pair<int, int> pairKey(int a, int b)
{
    return a < b ? std::pair{a, b} : std::pair{b, a};
}

// The flows between two hosts, both ways: forward runs from the lower id to the higher.
struct PairFlows
{
    std::vector<Flow> forward;
    std::vector<Flow> backward;
    // Adds flows that run from `source` (one of the pair's two ends) to the other.
    void add(const std::pair<int, int>& key, int source, const std::vector<Flow>& flows);
    void add(const std::pair<int, int>& key, int source, const Flow& flow);
};
using Pairs = std::map<std::pair<int, int>, PairFlows>;

// A line's flows, both directions, forward first (its colour, its tooltip).
std::vector<Flow> bothWays(const std::vector<Flow>& forward, const std::vector<Flow>& backward);

// The design's edges as pairs, leaving out the edges whose ends are not both hosts of the design.
Pairs pairsOf(const Document& document, const std::vector<Edge>& edges);

// What the line between two boxes says: the ports of a one-way pair as they are ("TCP 80, 443"),
// and of a two-way pair by direction, each with an arrow pointing the way it runs on the drawing
// from the box `from` (the forward flows' source) to the box `to`: "→ TCP 80, 443  ← UDP 67"; the
// same ports both ways once, behind a two-way arrow along the line: "↔ TCP 445" ("↕" up and down).
QString pairLabel(const std::vector<Flow>& forward, const std::vector<Flow>& backward, const QRectF& from,
                  const QRectF& to);
// The same from each direction's own label (flowLabel): empty where a direction has no flows.
QString pairLabel(const QString& forward, const QString& backward, const QRectF& from, const QRectF& to);

} // namespace portolan
