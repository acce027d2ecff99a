#include "drawing/pairedges.h"

#include "design/document.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace portolan {

std::vector<Flow> bothWays(const std::vector<Flow>& forward, const std::vector<Flow>& backward)
{
    std::vector<Flow> result;
    result.reserve(forward.size() + backward.size());
    result.insert(result.end(), forward.begin(), forward.end());
    result.insert(result.end(), backward.begin(), backward.end());
    return result;
}

void PairFlows::add(const std::pair<int, int>& key, int source, const std::vector<Flow>& flows)
{
    std::vector<Flow>& list = source == key.first ? forward : backward;
    list.insert(list.end(), flows.begin(), flows.end());
}

void PairFlows::add(const std::pair<int, int>& key, int source, const Flow& flow)
{
    (source == key.first ? forward : backward).push_back(flow);
}

Pairs pairsOf(const Document& document, const std::vector<Edge>& edges)
{
    Pairs pairs;
    for (const Edge& e : edges) {
        if (!document.node(e.source) || !document.node(e.destination))
            continue;
        const auto key = pairKey(e.source, e.destination);
        pairs[key].add(key, e.source, e.flows);
    }
    return pairs;
}

namespace {

// The arrows of the two directions as they run on the drawing: the way from `a` to `b`, by its
// larger component, and back.
std::pair<QString, QString> arrows(const QRectF& a, const QRectF& b)
{
    const QPointF d = b.center() - a.center();
    if (std::abs(d.x()) >= std::abs(d.y()))
        return d.x() >= 0 ? std::pair{u"→"_s, u"←"_s} : std::pair{u"←"_s, u"→"_s};
    return d.y() >= 0 ? std::pair{u"↓"_s, u"↑"_s} : std::pair{u"↑"_s, u"↓"_s};
}

} // namespace

QString pairLabel(const std::vector<Flow>& forward, const std::vector<Flow>& backward, const QRectF& from,
                  const QRectF& to)
{
    return pairLabel(forward.empty() ? QString() : flowLabel(forward),
                     backward.empty() ? QString() : flowLabel(backward), from, to);
}

QString pairLabel(const QString& forward, const QString& backward, const QRectF& from, const QRectF& to)
{
    if (backward.isEmpty())
        return forward;
    if (forward.isEmpty())
        return backward;
    if (forward == backward) {
        // The same ports each way: said once, behind an arrow that points both ways along the line.
        const QPointF d = to.center() - from.center();
        return (std::abs(d.x()) >= std::abs(d.y()) ? u"↔ "_s : u"↕ "_s) + forward;
    }
    const auto [there, back] = arrows(from, to);
    return u"%1 %2  %3 %4"_s.arg(there, forward, back, backward);
}

} // namespace portolan
