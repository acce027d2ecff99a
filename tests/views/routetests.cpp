// Edge routes on a generated hierarchy laid out automatically, as the canvas draws them: no
// edge runs under a node box other than its own two ends', on a design too large to search
// round every box edge by edge, and the two directions of a pair keep apart.
#include "../bench/hierarchygenerator.h"
#include "canvas/canvasitems.h"
#include "canvas/designscene.h"
#include "commands/commands.h"
#include "design/document.h"
#include "flows/flowengine.h"
#include "render/designrenderer.h"
#include "render/rectgrid.h"

#include <gtest/gtest.h>

#include <QLineF>

#include <limits>
#include <string>

using namespace portolan;

namespace {

// Whether a segment enters a box's inside (running along its border is not passing under it).
bool entersBox(const QLineF& segment, const QRectF& box)
{
    const QRectF inside = box.adjusted(1, 1, -1, -1);
    if (inside.contains(segment.p1()) || inside.contains(segment.p2()))
        return true;
    const QLineF sides[] = {{inside.topLeft(), inside.topRight()},
                            {inside.topRight(), inside.bottomRight()},
                            {inside.bottomRight(), inside.bottomLeft()},
                            {inside.bottomLeft(), inside.topLeft()}};
    for (const QLineF& side : sides)
        if (segment.intersects(side, nullptr) == QLineF::BoundedIntersection)
            return true;
    return false;
}

qreal distanceToRoute(QPointF p, const QPolygonF& route)
{
    qreal best = std::numeric_limits<qreal>::max();
    for (qsizetype i = 1; i < route.size(); ++i) {
        const QLineF leg(route[i - 1], route[i]);
        const qreal length2 = leg.dx() * leg.dx() + leg.dy() * leg.dy();
        const qreal t =
            length2 > 0 ? qBound(0.0, QPointF::dotProduct(p - leg.p1(), leg.p2() - leg.p1()) / length2, 1.0)
                        : 0.0;
        best = std::min(best, QLineF(p, leg.pointAt(t)).length());
    }
    return best;
}

std::string describe(const QPolygonF& route)
{
    std::string text;
    for (const QPointF& p : route)
        text += "(" + std::to_string(int(p.x())) + "," + std::to_string(int(p.y())) + ") ";
    return text;
}

} // namespace

TEST(Routes, OnAGeneratedHierarchyNoEdgeRunsUnderANodeBoxAndPairsKeepApart)
{
    // The medium hierarchy (1,801 nodes): over the size below which every edge was searched
    // round the boxes, with client groups in rows under their site and edges across the drawing.
    auto doc = generateHierarchy(kMedium);
    LayoutCommand(*doc).redo();
    ASSERT_GT(doc->nodes().size(), DesignRenderer::kRouteEveryEdgeBelow);
    FlowEngine engine(*doc);
    DesignScene scene(*doc, engine);
    RectGrid boxes;
    for (const auto& [id, n] : doc->nodes())
        boxes.insert(DesignRenderer::nodeRect(n.position));

    const QList<EdgeItem*> edges = scene.edgeItems();
    ASSERT_GT(edges.size(), 30000);
    int under = 0, together = 0, pairs = 0;
    std::string firstUnder, firstTogether;
    for (const EdgeItem* e : edges) {
        const QRectF from = DesignRenderer::nodeRect(doc->node(e->from())->position);
        const QRectF to = DesignRenderer::nodeRect(doc->node(e->to())->position);
        const QPolygonF& route = e->route();
        bool hit = false;
        for (qsizetype i = 1; i < route.size() && !hit; ++i) {
            const QLineF leg(route[i - 1], route[i]);
            boxes.visit(QRectF(leg.p1(), leg.p2()).normalized().adjusted(-1, -1, 1, 1),
                        [&](const QRectF& r) { hit = hit || (r != from && r != to && entersBox(leg, r)); });
        }
        if (hit && under++ == 0)
            firstUnder = describe(route);
        // The other direction of the pair runs beside this one, not on top of it.
        const EdgeItem* back = scene.edgeItem(e->to(), e->from());
        if (back && e->from() < e->to()) {
            ++pairs;
            // On top of each other: most of one route within a few units of the other (a crossing
            // or a shared end is not).
            int near = 0;
            for (int i = 1; i < 20; ++i)
                near += distanceToRoute(DesignRenderer::pointAlong(route, i / 20.0), back->route()) < 4;
            if (near > 10 && together++ == 0)
                firstTogether = describe(route) + " and " + describe(back->route());
        }
    }
    EXPECT_EQ(under, 0) << "edges under a node box, of " << edges.size() << "; the first: " << firstUnder;
    EXPECT_GT(pairs, 100);
    EXPECT_EQ(together, 0) << "pairs drawn on top of each other, of " << pairs
                           << "; the first: " << firstTogether;
}

// On screen a label with no room anywhere on its edge is left out (the edge's tooltip lists its
// ports) instead of being drawn over the labels already placed; on paper it is still drawn, to
// carry its callout number.
TEST(Routes, CanvasLabelsWithoutRoomAreLeftOutNotStacked)
{
    std::vector<std::pair<QPolygonF, QString>> crowded;
    for (int i = 0; i < 30; ++i)
        crowded.emplace_back(QPolygonF{QPointF(0, i * 2), QPointF(300, i * 2)},
                             QStringLiteral("TCP 80, 443, 10123"));
    const std::vector<QRectF> boxes{QRectF(-200, -100, 190, 200), QRectF(310, -100, 190, 200)};
    const auto placed = DesignRenderer::placeLabels(crowded, boxes, true);
    std::vector<QRectF> shown;
    for (size_t i = 0; i < crowded.size(); ++i)
        if (!placed[i].text.isEmpty())
            shown.push_back(DesignRenderer::labelRect(crowded[i].first, placed[i].text, placed[i].at));
    ASSERT_GE(shown.size(), 2u) << "room for a few labels along 300 units";
    EXPECT_LT(shown.size(), crowded.size());
    for (size_t a = 0; a < shown.size(); ++a) {
        for (const QRectF& box : boxes)
            EXPECT_FALSE(shown[a].intersects(box));
        for (size_t b = a + 1; b < shown.size(); ++b)
            EXPECT_FALSE(shown[a].intersects(shown[b])) << a << " and " << b;
    }
    const auto onPaper = DesignRenderer::placeLabels(crowded, boxes);
    for (const DesignRenderer::LabelPlace& p : onPaper)
        EXPECT_FALSE(p.text.isEmpty()) << "on paper every edge keeps a label";
}
