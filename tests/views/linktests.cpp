// The designer's links (boundary group, pull source, upstream...) as the canvas and the paper
// draw them: routed round the node boxes like the flow edges, from one end's box border to the
// other's, beside the flow edges of the same two nodes rather than on top of them, their kind's
// name on no box, site title or edge label, and routed again when an end moves.
#include "../bench/hierarchygenerator.h"
#include "canvas/canvasitems.h"
#include "canvas/designscene.h"
#include "commands/commands.h"
#include "design/document.h"
#include "flows/flowengine.h"
#include "drawing/designrenderer.h"
#include "drawing/diagram.h"
#include "drawing/rectgrid.h"

#include "testsupport.h"

#include "routechecks.h"

#include <gtest/gtest.h>

#include <QLineF>

#include <limits>
#include <string>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

// How far a point lies from a box's border (inside or out).
qreal offBorder(QPointF p, const QRectF& box)
{
    const qreal dx = std::max({box.left() - p.x(), 0.0, p.x() - box.right()});
    const qreal dy = std::max({box.top() - p.y(), 0.0, p.y() - box.bottom()});
    if (dx > 0 || dy > 0)
        return std::hypot(dx, dy);
    return std::min({p.x() - box.left(), box.right() - p.x(), p.y() - box.top(), box.bottom() - p.y()});
}

// Most of one route within a few units of the other: drawn on top of it.
bool onTopOf(const QPolygonF& a, const QPolygonF& b)
{
    int near = 0;
    for (int i = 1; i < 20; ++i)
        near += distanceToRoute(DesignRenderer::pointAlong(a, i / 20.0), b) < 3;
    return near > 10;
}

// What is wrong with a link drawn along route with its kind's name at label (empty: none):
// an empty string when nothing is.
struct LinkChecker
{
    const Document& doc;
    RectGrid boxes;
    std::vector<QRectF> titles;

    explicit LinkChecker(const Document& d) : doc(d)
    {
        for (const auto& [id, n] : doc.nodes())
            boxes.insert(DesignRenderer::nodeRect(n.position));
        for (const auto& [id, s] : doc.sites())
            titles.push_back(DesignRenderer::siteTitleRect(s.frame));
    }

    std::string check(const Link& l, const QPolygonF& route, const QRectF& label) const
    {
        const QRectF from = DesignRenderer::nodeRect(doc.node(l.from)->position);
        const QRectF to = DesignRenderer::nodeRect(doc.node(l.to)->position);
        if (route.size() < 2)
            return "no route";
        std::string wrong;
        if (offBorder(route.first(), from) > 0.5 || offBorder(route.last(), to) > 0.5)
            wrong += "does not end on its ends' borders; ";
        bool under = false;
        for (qsizetype i = 1; i < route.size() && !under; ++i) {
            const QLineF leg(route[i - 1], route[i]);
            boxes.visit(QRectF(leg.p1(), leg.p2()).normalized().adjusted(-1, -1, 1, 1), [&](const QRectF& r) {
                under = under || (r != from && r != to && entersBox(leg, r));
            });
        }
        if (under)
            wrong += "runs under a node box; ";
        if (!label.isEmpty() && boxes.hits(label) > 0)
            wrong += "its label is on a node box; ";
        if (!label.isEmpty() &&
            std::any_of(titles.begin(), titles.end(), [&](const QRectF& t) { return t.intersects(label); }))
            wrong += "its label is on a site title; ";
        return wrong.empty() ? wrong : wrong + describe(route);
    }
};

// Checks every link of a design on the canvas and on paper; returns how many have a label shown.
int checkEveryLink(Document& doc, const FlowEngine& engine)
{
    const LinkChecker checker(doc);
    const DesignScene scene(doc, engine);
    const Diagram diagram(doc, engine);
    EXPECT_EQ(diagram.links().size(), doc.links().size());
    std::map<int, const Diagram::LinkDrawing*> onPaper;
    for (const Diagram::LinkDrawing& d : diagram.links())
        onPaper[d.link] = &d;
    // The edges' labels as the canvas shows them, and the links' names placed so far.
    RectGrid labels;
    for (const EdgeItem* e : scene.edgeItems())
        if (!e->shownLabel().isEmpty())
            labels.insert(DesignRenderer::labelRect(e->route(), e->shownLabel(), e->labelAt()));
    int labelled = 0, failures = 0;
    for (const auto& [id, l] : doc.links()) {
        const LinkItem* item = scene.linkItem(id);
        EXPECT_TRUE(item);
        if (!item || !onPaper.count(id))
            continue;
        const QRectF canvasLabel =
            item->shownLabel().isEmpty()
                ? QRectF()
                : DesignRenderer::labelRect(item->route(), item->shownLabel(), item->labelAt());
        const Diagram::LinkDrawing& paper = *onPaper[id];
        const QRectF paperLabel =
            paper.place.text.isEmpty()
                ? QRectF()
                : DesignRenderer::labelRect(paper.line, paper.place.text, paper.place.at);
        labelled += !canvasLabel.isEmpty();
        if (!canvasLabel.isEmpty()) {
            EXPECT_EQ(labels.hits(canvasLabel), 0)
                << "link " << id << ": its name on an edge label or a link's";
            labels.insert(canvasLabel);
        }
        const std::string canvasWrong = checker.check(l, item->route(), canvasLabel);
        const std::string paperWrong = checker.check(l, paper.line, paperLabel);
        EXPECT_EQ(canvasWrong, "") << "link " << id << " on the canvas";
        EXPECT_EQ(paperWrong, "") << "link " << id << " on paper";
        EXPECT_EQ(paper.line, item->route()) << "link " << id << ": paper draws what the canvas shows";
        // Beside the flow edges between the same two nodes, not on top of them.
        for (const EdgeItem* e : {scene.edgeItem(l.from, l.to), scene.edgeItem(l.to, l.from)}) {
            EXPECT_FALSE(e && onTopOf(item->route(), e->route()))
                << "link " << id << " on top of an edge: " << describe(item->route()) << " edge "
                << (e ? describe(e->route()) : std::string());
        }
        if (!canvasWrong.empty() || !paperWrong.empty())
            if (++failures > 5)
                break;
    }
    return labelled;
}

} // namespace

TEST(Links, OnTheExamplesRoundTheBoxesFromBorderToBorderWithLabelsOffBoxes)
{
    int links = 0, labelled = 0;
    for (const QString& name : portolan::test::exampleNames()) {
        SCOPED_TRACE(name.toStdString());
        portolan::test::LoadedExample l = portolan::test::loadExample(name);
        links += int(l.doc->links().size());
        labelled += checkEveryLink(*l.doc, *l.engine);
    }
    EXPECT_GE(links, 5);
    EXPECT_GT(labelled, links / 2) << "most links have room for their kind's name";
}

TEST(Links, OnAGeneratedHierarchyRoundTheBoxesFromBorderToBorderWithLabelsOffBoxes)
{
    // The medium hierarchy, laid out: the router's large-design path (a raster and searches).
    auto doc = generateHierarchy(kMedium);
    LayoutCommand(*doc).redo();
    FlowEngine engine(*doc);
    ASSERT_GT(doc->links().size(), 100u);
    ASSERT_GT(doc->nodes().size(), DesignRenderer::kRouteEveryEdgeBelow);
    const int labelled = checkEveryLink(*doc, engine);
    EXPECT_GT(labelled, 0);
}

TEST(Links, MovingAnEndOrPuttingABoxInTheWayRoutesTheLinkAgain)
{
    portolan::test::LoadedExample l = portolan::test::loadExample(u"standalone-primary.portolan"_s);
    Document& doc = *l.doc;
    DesignScene scene(doc, *l.engine);
    ASSERT_FALSE(doc.links().empty());
    const Link link = doc.links().begin()->second;
    const LinkChecker before(doc);
    ASSERT_EQ(before.check(link, scene.linkItem(link.id)->route(), {}), "");

    // An end moved far off: the link follows it, still from border to border.
    const QPointF was = doc.node(link.to)->position;
    const QPointF moved = was + QPointF(0, 900);
    MoveCommand(doc, {{link.to, was}}, {{link.to, moved}}, {}, {}, false).redo();
    const QPolygonF after = scene.linkItem(link.id)->route();
    EXPECT_LT(offBorder(after.last(), DesignRenderer::nodeRect(moved)), 0.5) << describe(after);
    EXPECT_EQ(LinkChecker(doc).check(link, after, {}), "");

    // A third node put across the link's straight line: the link goes round it.
    const QPointF a = doc.node(link.from)->position;
    int third = -1;
    for (const auto& [id, n] : doc.nodes())
        if (id != link.from && id != link.to)
            third = id;
    ASSERT_GE(third, 0);
    const QPointF middle = (a + moved) / 2;
    MoveCommand(doc, {{third, doc.node(third)->position}}, {{third, middle}}, {}, {}, false).redo();
    const QPolygonF round = scene.linkItem(link.id)->route();
    EXPECT_EQ(LinkChecker(doc).check(link, round, {}), "");
    EXPECT_GT(round.size(), 2) << "bent round the box in the way: " << describe(round);

    // Dragged on the canvas (the document not told yet): the route follows the item.
    NodeItem* item = scene.nodeItem(link.from);
    item->setPos(item->pos() + QPointF(-700, 0));
    const QPolygonF dragged = scene.linkItem(link.id)->route();
    EXPECT_LT(offBorder(dragged.first(), item->sceneBox()), 0.5) << describe(dragged);
}
