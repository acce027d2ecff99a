// The scene mirrors the document: a frame per site, an item per node, one line per pair of
// hosts with flows, with the engine's ports each way; undo and redo included.
#include "canvas/bundleitem.h"
#include "canvas/canvasitems.h"
#include "canvas/designscene.h"
#include "canvas/designview.h"
#include "canvas/folditem.h"
#include "commands/commands.h"
#include "designbuilder.h"
#include "drawing/designrenderer.h"
#include "drawing/diagram.h"
#include "drawing/rectgrid.h"
#include "hierarchygenerator.h"
#include "testsupport.h"
#include "verify/verification.h"

#include <gtest/gtest.h>

#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QPaintEvent>
#include <QStyleOptionGraphicsItem>
#include <QTest>
#include <QUndoStack>

#include <functional>
#include <set>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

struct SceneFixture : DesignBuilder
{
    int ps = site(u"PS1"_s, SiteKind::Primary);
    int ss =
        server(u"ss"_s, ps, {u"site_server"_s, u"sql_server"_s, u"sms_provider"_s, u"management_point"_s});
    int clients = group(u"clients"_s, ps);
    DesignScene scene{*doc, engine()};
    QUndoStack stack;

    // A server of this one role, 400 points right of the site server, added as the user adds it.
    int addBesideSiteServer(const QString& key, const QString& role)
    {
        Node n;
        n.kind = NodeKind::Server;
        n.key = n.name = key;
        n.site = ps;
        n.roles << Catalog::builtin().roleIndex(role);
        n.position = doc->node(ss)->position + QPointF(400, 0);
        stack.push(new AddNodeCommand(*doc, n));
        return doc->nodeByKey(key);
    }

    int countItems(int type) const
    {
        int n = 0;
        for (QGraphicsItem* item : scene.items())
            n += item->type() == type;
        return n;
    }

    // Every line matches the engine (one per pair of hosts, each way's ports as the engine's
    // edge that way), and every engine edge is on one.
    void expectEdgesMirrorEngine() const
    {
        const std::vector<Edge> edges = const_cast<SceneFixture*>(this)->engine().edges();
        std::set<std::pair<int, int>> pairs;
        for (const Edge& e : edges)
            pairs.insert({std::min(e.source, e.destination), std::max(e.source, e.destination)});
        EXPECT_EQ(countItems(EdgeItem::Type), int(pairs.size()));
        for (const Edge& e : edges) {
            const EdgeItem* item = scene.edgeItem(e.source, e.destination);
            ASSERT_NE(item, nullptr);
            EXPECT_EQ(item->portsInto(e.destination), flowLabel(e.flows));
            EXPECT_TRUE(item->label().contains(flowLabel(e.flows)));
        }
    }
};

Node newServer(const QString& name, int site, const QString& role, const Options& options = {})
{
    Node n;
    n.kind = NodeKind::Server;
    n.key = name;
    n.name = name;
    n.site = site;
    n.roles << Catalog::builtin().roleIndex(role);
    n.options = options;
    n.position = {300, 200};
    return n;
}

} // namespace

TEST(Scene, MirrorsTheDocumentAtStart)
{
    SceneFixture f;
    EXPECT_EQ(f.countItems(SiteFrameItem::Type), 1);
    EXPECT_EQ(f.countItems(NodeItem::Type), 2);
    ASSERT_NE(f.scene.edgeItem(f.clients, f.ss), nullptr);
    EXPECT_EQ(f.scene.edgeItem(f.clients, f.ss)->portsInto(f.ss), u"TCP 80, 443, 10123"_s);
    f.expectEdgesMirrorEngine();
}

TEST(Scene, AddingAServerAddsItsItemAndEdgesAndUndoRemovesThem)
{
    SceneFixture f;
    f.stack.push(new AddNodeCommand(*f.doc, newServer(u"dp"_s, f.ps, u"distribution_point"_s)));
    const int dp = f.doc->nodeByKey(u"dp");
    ASSERT_NE(f.scene.nodeItem(dp), nullptr);
    ASSERT_NE(f.scene.edgeItem(f.clients, dp), nullptr);
    EXPECT_EQ(f.scene.edgeItem(f.clients, dp)->label(), u"TCP 80, 443"_s);
    EXPECT_EQ(f.scene.edgeItem(f.ss, dp)->portsInto(dp), u"TCP 135, 445, 49152-65535; UDP 135"_s);
    f.expectEdgesMirrorEngine();
    f.stack.undo();
    EXPECT_EQ(f.scene.nodeItem(dp), nullptr);
    EXPECT_EQ(f.scene.edgeItem(f.clients, dp), nullptr);
    f.expectEdgesMirrorEngine();
    f.stack.redo();
    ASSERT_NE(f.scene.edgeItem(f.clients, dp), nullptr);
    f.expectEdgesMirrorEngine();
}

TEST(Scene, ChangingAnOptionRelabelsTheEdge)
{
    SceneFixture f;
    f.stack.push(new AddNodeCommand(*f.doc, newServer(u"dp"_s, f.ps, u"distribution_point"_s)));
    const int dp = f.doc->nodeByKey(u"dp");
    Node pxe = *f.doc->node(dp);
    pxe.options.insert(u"dp.pxe"_s, true);
    f.stack.push(new ChangeNodeCommand(*f.doc, *f.doc->node(dp), pxe, u"PXE"_s));
    EXPECT_EQ(f.scene.edgeItem(f.clients, dp)->label(), u"TCP 80, 443; UDP 67, 68, 69, 4011, 49152-65535"_s);
    f.expectEdgesMirrorEngine();
    f.stack.undo();
    EXPECT_EQ(f.scene.edgeItem(f.clients, dp)->label(), u"TCP 80, 443"_s);
    f.expectEdgesMirrorEngine();
}

TEST(Scene, AServersOptionRelabelsItsEdgesInPlaceAndLeavesTheRest)
{
    // An edit touches the edges of the nodes it changed, and of those only the pairs whose flows
    // went are removed: the others keep their item and route (re-creating them made a large
    // design re-sort its 10^5 items on the next paint).
    SceneFixture f;
    f.stack.push(new AddNodeCommand(*f.doc, newServer(u"dp"_s, f.ps, u"distribution_point"_s)));
    const int dp = f.doc->nodeByKey(u"dp");
    EdgeItem* served = f.scene.edgeItem(f.clients, dp);
    EdgeItem* other = f.scene.edgeItem(f.clients, f.ss);
    ASSERT_TRUE(served && other);
    served->setData(0, u"kept"_s);
    other->setData(0, u"kept"_s);
    const QPolygonF route = served->route();
    Node pxe = *f.doc->node(dp);
    pxe.options.insert(u"dp.pxe"_s, true);
    f.stack.push(new ChangeNodeCommand(*f.doc, *f.doc->node(dp), pxe, u"PXE"_s));
    ASSERT_NE(f.scene.edgeItem(f.clients, dp), nullptr);
    EXPECT_EQ(f.scene.edgeItem(f.clients, dp)->data(0).toString(), u"kept"_s) << "made anew";
    EXPECT_EQ(f.scene.edgeItem(f.clients, dp)->route(), route);
    EXPECT_EQ(f.scene.edgeItem(f.clients, dp)->label(), u"TCP 80, 443; UDP 67, 68, 69, 4011, 49152-65535"_s);
    EXPECT_EQ(f.scene.edgeItem(f.clients, f.ss)->data(0).toString(), u"kept"_s);
    f.expectEdgesMirrorEngine();
}

TEST(Scene, ADesignOptionRelabelsKeptEdgesAndDropsTheGoneOnes)
{
    const test::LoadedExample l = test::loadExample(u"cas-two-primaries.portolan"_s);
    DesignScene scene(*l.doc, *l.engine);
    QUndoStack stack;
    const auto mirrors = [&] {
        const std::vector<Edge> edges = l.engine->edges();
        std::map<std::pair<int, int>, size_t> pairs; // flows per pair of hosts, both ways
        for (const Edge& e : edges)
            pairs[{std::min(e.source, e.destination), std::max(e.source, e.destination)}] += e.flows.size();
        EXPECT_EQ(size_t(scene.edgeItems().size()), pairs.size());
        for (const Edge& e : edges) {
            const EdgeItem* item = scene.edgeItem(e.source, e.destination);
            ASSERT_NE(item, nullptr);
            EXPECT_EQ(item->portsInto(e.destination), flowLabel(e.flows));
            EXPECT_EQ(item->flows().size(), pairs.at({item->from(), item->to()}));
        }
    };
    const qsizetype before = scene.edgeItems().size();
    // Leaving out the supplementary rows recomputes every flow of the design.
    Options strict = l.doc->options();
    strict.insert(u"design.supplementary"_s, false);
    stack.push(new ChangeDesignCommand(*l.doc, l.doc->info(), strict, l.doc->zones(), u"strict"_s));
    mirrors();
    stack.undo();
    mirrors();
    EXPECT_EQ(scene.edgeItems().size(), before);
}

TEST(Scene, ATwoWayPairIsOneLineThatSaysWhichPortsGoWhichWay)
{
    SceneFixture f;
    // A distribution point to the right of the site server (its management point too): the site
    // server opens some ports on it, and it opens others on the management point.
    const int dp = f.addBesideSiteServer(u"dp"_s, u"distribution_point"_s);
    const EdgeItem* line = f.scene.edgeItem(f.ss, dp);
    ASSERT_NE(line, nullptr);
    EXPECT_EQ(f.scene.edgeItem(dp, f.ss), line) << "both directions are one line";
    int lines = 0;
    for (const EdgeItem* e : f.scene.edgeItems())
        lines += (e->from() == f.ss || e->to() == f.ss) && (e->from() == dp || e->to() == dp);
    EXPECT_EQ(lines, 1);
    const QString there = flowLabel(f.engine().flowsBetween(f.ss, dp));
    const QString back = flowLabel(f.engine().flowsBetween(dp, f.ss));
    ASSERT_FALSE(there.isEmpty());
    ASSERT_FALSE(back.isEmpty());
    ASSERT_NE(there, back);
    EXPECT_TRUE(line->forward() && line->backward()) << "an arrowhead at each end";
    // The site server is on the left: what it opens on the distribution point points right.
    EXPECT_EQ(line->label(), u"→ %1  ← %2"_s.arg(there, back));
    EXPECT_EQ(line->flows().size(),
              f.engine().flowsBetween(f.ss, dp).size() + f.engine().flowsBetween(dp, f.ss).size());
    // Moved to the other side, the arrows turn with it.
    const QPointF left = f.doc->node(f.ss)->position - QPointF(400, 0);
    f.stack.push(new MoveCommand(*f.doc, {{dp, f.doc->node(dp)->position}}, {{dp, left}}, {}, {}, false));
    EXPECT_EQ(f.scene.edgeItem(f.ss, dp)->label(), u"← %1  → %2"_s.arg(there, back));
    f.expectEdgesMirrorEngine();
}

TEST(Scene, ThePortsOpenedBothWaysAreSaidOnceBehindATwoWayArrow)
{
    SceneFixture f;
    // A fallback status point beside the site server: the same ports are opened each way.
    const int fsp = f.addBesideSiteServer(u"fsp"_s, u"fallback_status_point"_s);
    const QString there = flowLabel(f.engine().flowsBetween(f.ss, fsp));
    ASSERT_FALSE(there.isEmpty());
    ASSERT_EQ(there, flowLabel(f.engine().flowsBetween(fsp, f.ss)));
    const EdgeItem* line = f.scene.edgeItem(f.ss, fsp);
    ASSERT_NE(line, nullptr);
    EXPECT_TRUE(line->forward() && line->backward()) << "an arrowhead at each end";
    EXPECT_EQ(line->label(), u"↔ "_s + there);
    // Below the site server, the arrow points up and down.
    const QPointF below = f.doc->node(f.ss)->position + QPointF(0, 400);
    f.stack.push(new MoveCommand(*f.doc, {{fsp, f.doc->node(fsp)->position}}, {{fsp, below}}, {}, {}, false));
    EXPECT_EQ(f.scene.edgeItem(f.ss, fsp)->label(), u"↕ "_s + there);
    // The shorter forms a crowded line shows keep the arrow.
    const QStringList shorter = DesignRenderer::shortenedLabels(u"↔ "_s + there);
    ASSERT_FALSE(shorter.isEmpty());
    for (const QString& s : shorter)
        EXPECT_TRUE(s.startsWith(u"↔ TCP "_s)) << s.toStdString();
}

TEST(Scene, SiteFramesFollowTheDocumentAndLinksAreDrawn)
{
    SceneFixture f;
    Site moved = *f.doc->site(f.ps);
    moved.frame = QRectF(100, 100, 500, 300);
    f.stack.push(new ChangeSiteCommand(*f.doc, *f.doc->site(f.ps), moved, u"Move"_s));
    EXPECT_EQ(f.scene.frameItem(f.ps)->frameRect(), QRectF(100, 100, 500, 300));
    EXPECT_EQ(f.scene.siteAt({150, 150}), f.ps);
    EXPECT_EQ(f.scene.siteAt({50, 50}), -1);
    f.stack.push(new AddLinkCommand(*f.doc, Link{-1, LinkKind::Boundary, f.clients, f.ss}));
    EXPECT_EQ(f.countItems(LinkItem::Type), 1);
    f.stack.undo();
    EXPECT_EQ(f.countItems(LinkItem::Type), 0);
    f.stack.undo();
    EXPECT_EQ(f.scene.frameItem(f.ps)->frameRect().topLeft(), f.doc->site(f.ps)->frame.topLeft());
}

TEST(Scene, SelectingANodeHighlightsItsFlowsAndDimsTheRest)
{
    SceneFixture f;
    f.stack.push(new AddNodeCommand(*f.doc, newServer(u"dp"_s, f.ps, u"distribution_point"_s)));
    const int dp = f.doc->nodeByKey(u"dp");
    const int other = f.group(u"other"_s, -1);
    f.scene.selectOnly({dp});
    EXPECT_EQ(f.scene.selectedNodes(), QList<int>{dp});
    // Painting in each state exercises the renderer; compare pixels of dimmed and highlighted edges.
    const auto render = [&](const EdgeItem* edge) {
        QImage image(400, 400, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.translate(-edge->boundingRect().topLeft());
        QStyleOptionGraphicsItem option;
        const_cast<EdgeItem*>(edge)->paint(&painter, &option, nullptr);
        painter.end();
        qint64 ink = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                ink += 255 - qGray(image.pixel(x, y));
        return ink;
    };
    const EdgeItem* highlighted = f.scene.edgeItem(f.clients, dp);
    const EdgeItem* dimmed = f.scene.edgeItem(f.clients, f.ss);
    ASSERT_NE(highlighted, nullptr);
    ASSERT_NE(dimmed, nullptr);
    EXPECT_GT(render(highlighted), render(dimmed) * 2);
    Q_UNUSED(other);
}

TEST(Scene, RendererDrawsOnAnyPainter)
{
    SceneFixture f;
    DesignRenderer renderer(*f.doc);
    QImage image(240, 100, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    renderer.drawNode(&painter, *f.doc->node(f.ss), DesignRenderer::nodeRect({120, 50}),
                      DesignRenderer::State::Normal, 1.0);
    painter.end();
    int dark = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            dark += qGray(image.pixel(x, y)) < 128;
    EXPECT_GT(dark, 200) << "the node's icon and name are drawn";
    EXPECT_FALSE(DesignRenderer::icon(u"management_point"_s).isNull());
    for (const RoleInfo& role : Catalog::builtin().roles()) {
        if (role.placement != Placement::Client && role.placement != Placement::Console) {
            EXPECT_FALSE(DesignRenderer::icon(role.id).pixmap(32).isNull()) << role.id.toStdString();
        }
    }
    for (const QString& key : {u"group-windows"_s, u"group-mac"_s, u"group-mobile"_s, u"console"_s,
                               u"site-cas"_s, u"site-primary"_s, u"site-secondary"_s})
        EXPECT_FALSE(DesignRenderer::icon(key).pixmap(32).isNull()) << key.toStdString();
}

TEST(Scene, ZoomedOutTheEdgesMergeIntoOneBundlePerPairOfSites)
{
    const test::LoadedExample l = test::loadExample(u"cas-two-primaries.portolan"_s);
    DesignScene scene(*l.doc, *l.engine);
    const auto visibleEdges = [&scene] {
        int n = 0;
        for (EdgeItem* e : scene.edgeItems())
            n += e->isVisible();
        return n;
    };
    ASSERT_GT(visibleEdges(), 0);
    EXPECT_TRUE(!scene.bundleItem() || !scene.bundleItem()->isVisible());

    scene.setZoom(0.1);
    EXPECT_EQ(visibleEdges(), 0) << "no edge is drawn under its bundle";
    ASSERT_TRUE(scene.bundleItem()->isVisible());
    const std::vector<EdgeBundle>& bundles = scene.bundleItem()->bundles();
    const int cas = l.doc->siteByCode(u"CAS");
    const int p01 = l.doc->siteByCode(u"P01");
    const auto found = std::find_if(bundles.begin(), bundles.end(), [&](const EdgeBundle& b) {
        return b.first == std::min(cas, p01) && b.second == std::max(cas, p01);
    });
    ASSERT_NE(found, bundles.end()) << "the CAS and P01 exchange flows";
    // Its label counts the distinct ports of every flow between servers of the two sites, both ways.
    std::set<std::tuple<int, int, int>> ports;
    int flows = 0;
    for (const auto& [id, n] : l.doc->nodes())
        for (const Flow& f : l.engine->flowsFrom(id)) {
            const Node* to = l.doc->node(f.destination);
            const bool between = n.kind == NodeKind::Server && to->kind == NodeKind::Server &&
                                 ((n.site == cas && to->site == p01) || (n.site == p01 && to->site == cas));
            if (between && !f.local) {
                ports.emplace(int(f.protocol), f.port.first, f.port.last);
                ++flows;
            }
        }
    EXPECT_EQ(found->ports, int(ports.size()));
    EXPECT_EQ(found->flows, flows);
    EXPECT_EQ(found->label(), u"%1 ports"_s.arg(ports.size()));
    EXPECT_EQ(found->line.p1(), l.doc->site(found->first)->frame.center());
    for (const EdgeBundle& b : bundles)
        EXPECT_NE(b.first, b.second);

    scene.setZoom(1.0);
    EXPECT_EQ(visibleEdges(), int(scene.edgeItems().size())) << "zoomed in, the bundles split again";
    EXPECT_FALSE(scene.bundleItem()->isVisible());
}

TEST(Scene, ZoomedOutNoEdgeIsRoutedOrLabelledUntilTheZoomShowsThemAndThenAsIfBuiltThere)
{
    // What the window does on opening a design and fitting it: the edges wait under their
    // bundles, unrouted and unlabelled; a layout (every node moves) and a moved server add no
    // routing or label work while zoomed out.
    const test::LoadedExample l = test::loadExample(u"cas-two-primaries.portolan"_s);
    DesignScene scene(*l.doc, *l.engine);
    scene.setZoom(0.1);
    LayoutCommand(*l.doc).redo();
    const int ss = l.doc->nodeByKey(u"p01-ss"_s);
    ASSERT_GE(ss, 0);
    l.doc->moveNode(ss, l.doc->node(ss)->position + QPointF(200, 0));
    EXPECT_TRUE(scene.routesStale()) << "routed while only bundles are drawn";
    EXPECT_TRUE(scene.labelsStale()) << "labels placed where none is drawn";
    for (EdgeItem* e : scene.edgeItems())
        EXPECT_FALSE(e->isVisible()) << "an unrouted edge is never drawn";

    // Zoomed in: every edge routed and labelled as a scene built at this zoom draws it.
    scene.setZoom(1.0);
    EXPECT_FALSE(scene.routesStale());
    EXPECT_FALSE(scene.labelsStale());
    const DesignScene fresh(*l.doc, *l.engine);
    ASSERT_EQ(scene.edgeItems().size(), fresh.edgeItems().size());
    int labelled = 0;
    for (const EdgeItem* e : fresh.edgeItems()) {
        const EdgeItem* same = scene.edgeItem(e->from(), e->to());
        ASSERT_TRUE(same);
        EXPECT_TRUE(same->isVisible());
        EXPECT_EQ(same->route(), e->route());
        EXPECT_EQ(same->shownLabel(), e->shownLabel());
        EXPECT_EQ(same->labelAt(), e->labelAt());
        labelled += !e->shownLabel().isEmpty();
    }
    EXPECT_GT(labelled, 0);
    for (const auto& [id, link] : l.doc->links())
        EXPECT_EQ(scene.linkItem(id)->route(), fresh.linkItem(id)->route());
}

TEST(Labels, AShortenedTwoWayLabelKeepsItsArrowsAndCountsWhatIsLeft)
{
    // A two-way line's label, shortened to fit: the ports kept stay behind the arrow of their
    // direction, and "+N" counts every port left out, either way.
    EXPECT_EQ(DesignRenderer::shortenedLabels(u"→ TCP 80, 443  ← UDP 67, 68"_s),
              (QStringList{u"→ TCP 80, 443  ← UDP 67 +1"_s, u"→ TCP 80, 443 +2"_s, u"→ TCP 80 +3"_s}));
    EXPECT_EQ(DesignRenderer::shortenedLabels(u"↓ TCP 135; ICMP  ↑ TCP 445"_s),
              (QStringList{u"↓ TCP 135; ICMP +1"_s, u"↓ TCP 135 +2"_s}));
    // A one-way label as before.
    EXPECT_EQ(DesignRenderer::shortenedLabels(u"TCP 135, 445, 49152-65535; UDP 135"_s),
              (QStringList{u"TCP 135, 445, 49152-65535 +1"_s, u"TCP 135, 445 +2"_s, u"TCP 135 +3"_s}));
}

TEST(Labels, ALabelThatFitsNowhereShowsItsFirstPortsAndHowManyMore)
{
    // Two boxes 100 apart: the full label is wider than the gap.
    const QRectF left(0, 0, 200, 60), right(300, 0, 200, 60);
    const QLineF shortEdge(200, 30, 300, 30);
    const QString full = u"TCP 135, 445, 49152-65535; UDP 135"_s;
    const auto placed = DesignRenderer::placeLabels({{shortEdge, full}}, {left, right});
    ASSERT_EQ(placed.size(), 1u);
    EXPECT_NE(placed[0].text, full);
    EXPECT_TRUE(placed[0].text.startsWith(u"TCP 135"_s)) << placed[0].text.toStdString();
    EXPECT_TRUE(placed[0].text.contains(u" +"_s));
    const QRectF box = DesignRenderer::labelRect(shortEdge, placed[0].text, placed[0].at);
    EXPECT_FALSE(box.intersects(left) || box.intersects(right)) << "the shortened label covers no box";

    // With room, the whole list; and a second label on the same line moves off the first.
    const QLineF longEdge(0, 300, 900, 300);
    const auto two = DesignRenderer::placeLabels({{longEdge, full}, {longEdge, full}}, {});
    EXPECT_EQ(two[0].text, full);
    EXPECT_EQ(two[1].text, full);
    EXPECT_FALSE(DesignRenderer::labelRect(longEdge, full, two[0].at)
                     .intersects(DesignRenderer::labelRect(longEdge, full, two[1].at)));
}

TEST(Routes, AnEdgeBendsRoundABoxInItsWayAndTheTwoDirectionsKeepApart)
{
    const QRectF a(0, 0, 200, 60), middle(360, 0, 200, 60), b(720, 0, 200, 60), below(360, 300, 200, 60);
    RectGrid boxes;
    for (const QRectF& r : {a, middle, b, below})
        boxes.insert(r);
    const auto clear = [&](const QPolygonF& route) {
        for (qsizetype i = 1; i < route.size(); ++i) {
            const QLineF leg(route[i - 1], route[i]);
            for (qreal t = 0; t <= 1.0; t += 0.01)
                if (middle.contains(leg.pointAt(t)) || below.contains(leg.pointAt(t)))
                    return false;
        }
        return true;
    };
    const QPolygonF there = DesignRenderer::edgeRoute(a, b, true, &boxes);
    const QPolygonF back = DesignRenderer::edgeRoute(b, a, true, &boxes);
    ASSERT_EQ(there.size(), 3) << "bent once";
    EXPECT_TRUE(clear(there)) << "never under the box in between";
    EXPECT_TRUE(clear(back));
    EXPECT_TRUE(a.adjusted(-1, -1, 1, 1).contains(there.first()));
    EXPECT_TRUE(b.adjusted(-1, -1, 1, 1).contains(there.last()));
    EXPECT_GT(std::abs(there[1].y() - back[1].y()), 100) << "A->B and B->A bend to opposite sides";
    // Nothing in the way: straight, as before.
    const QPolygonF free = DesignRenderer::edgeRoute(a, below, false, &boxes);
    EXPECT_EQ(free.size(), 2);
    EXPECT_EQ(QLineF(free.first(), free.last()), DesignRenderer::edgeLine(a, below, false));
}

TEST(View, TheLegendSitsInTheCornerOnScreenAndCanBeHidden)
{
    const test::LoadedExample l = test::loadExample(u"lab.portolan"_s);
    DesignScene scene(*l.doc, *l.engine);
    DesignView view(&scene);
    view.resize(900, 700);
    view.setZoom(1.0);
    view.centerOn(-3000, -3000); // nothing of the design there: only the legend can draw
    const auto corner = [&view] {
        const QImage shot = view.viewport()->grab().toImage();
        const QSizeF legend = DesignView::legendOnScreen() * DesignView::kLegendScale;
        return shot.copy(
            QRect(12, int(shot.height() - legend.height() - 12), int(legend.width()), int(legend.height())));
    };
    ASSERT_TRUE(view.isLegendVisible()) << "shown by default, as on paper";
    const QImage with = corner();
    view.setLegendVisible(false);
    const QImage without = corner();
    EXPECT_NE(with, without);
    int dark = 0;
    for (int y = 0; y < with.height(); ++y)
        for (int x = 0; x < with.width(); ++x)
            dark += qGray(with.pixel(x, y)) < 100;
    EXPECT_GT(dark, 200) << "text and lines of the legend";
}

TEST(Scene, TheFirewallViewShowsOnlyFlowsBetweenZonesWithTheirPorts)
{
    const test::LoadedExample l = test::loadExample(u"cas-two-primaries.portolan"_s);
    DesignScene scene(*l.doc, *l.engine);
    scene.setFirewallView(true);
    for (EdgeItem* e : scene.edgeItems())
        EXPECT_FALSE(e->isVisible());
    ASSERT_NE(scene.bundleItem(), nullptr);
    ASSERT_TRUE(scene.bundleItem()->isVisible());
    const std::vector<ZoneAnchor>& anchors = scene.bundleItem()->anchors();
    // What the network team reviews: per source zone and destination zone, every port.
    std::map<std::pair<QString, QString>, std::vector<Flow>> expected;
    for (const auto& [id, n] : l.doc->nodes())
        for (const Flow& f : l.engine->flowsFrom(id)) {
            const QString to = l.doc->node(f.destination)->zone;
            if (!f.local && to != n.zone)
                expected[{n.zone, to}].push_back(f);
        }
    ASSERT_FALSE(expected.empty());
    const auto zoneKey = [&](const ZoneAnchor& a) {
        return a.zone < l.doc->zones().size() ? l.doc->zones().at(a.zone).key : QString();
    };
    const std::vector<EdgeBundle>& bundles = scene.bundleItem()->bundles();
    EXPECT_EQ(bundles.size(), expected.size());
    for (const EdgeBundle& b : bundles) {
        const QString from = zoneKey(anchors.at(size_t(b.first)));
        const QString to = zoneKey(anchors.at(size_t(b.second)));
        EXPECT_NE(from, to) << "nothing inside one zone";
        const auto found = expected.find({from, to});
        ASSERT_NE(found, expected.end()) << from.toStdString() << " -> " << to.toStdString();
        EXPECT_EQ(b.label(), flowLabel(found->second));
        EXPECT_TRUE(b.directed);
    }
    // Leaving the view brings the edges back at this zoom.
    scene.setFirewallView(false);
    for (EdgeItem* e : scene.edgeItems())
        EXPECT_TRUE(e->isVisible());
    EXPECT_FALSE(scene.bundleItem()->isVisible());
}

TEST(Scene, ASitesClientGroupsFoldIntoOneNodeCarryingTheirMergedEdgesAndUnfoldBack)
{
    const test::LoadedExample l = test::loadExample(u"standalone-primary.portolan"_s);
    DesignScene scene(*l.doc, *l.engine);
    // The site with the most client groups.
    std::map<int, QList<int>> groupsOf;
    for (const auto& [id, n] : l.doc->nodes())
        if (n.kind == NodeKind::ClientGroup && n.site >= 0)
            groupsOf[n.site] << id;
    auto most = std::max_element(groupsOf.begin(), groupsOf.end(), [](const auto& a, const auto& b) {
        return a.second.size() < b.second.size();
    });
    ASSERT_NE(most, groupsOf.end());
    const int site = most->first;
    const QList<int> groups = most->second;
    ASSERT_GE(groups.size(), 2) << "an example site with several client groups";
    const auto labels = [&scene] {
        std::map<std::pair<int, int>, QString> result;
        for (EdgeItem* e : scene.edgeItems())
            if (e->isVisible())
                result[{e->from(), e->to()}] = e->label();
        return result;
    };
    const auto unfolded = labels();

    scene.setClientGroupsFolded(site, true);
    ASSERT_TRUE(scene.areClientGroupsFolded(site));
    const FoldItem* fold = scene.foldItem(site);
    ASSERT_NE(fold, nullptr);
    EXPECT_TRUE(fold->isVisible());
    int devices = 0;
    for (int g : groups) {
        EXPECT_FALSE(scene.nodeItem(g)->isVisible()) << "the group is inside the folded node";
        devices += l.doc->node(g)->devices;
    }
    EXPECT_EQ(fold->text(), u"%1 client groups"_s.arg(groups.size()));
    EXPECT_EQ(fold->devices(), devices);
    // Every flow of the groups is on one visible edge of the folded node, merged per other end.
    const int end = DesignScene::foldEnd(site);
    std::map<int, std::vector<Flow>> out, in;
    for (int g : groups) {
        for (const Flow& f : l.engine->flowsFrom(g))
            if (!f.local && !groups.contains(f.destination))
                out[f.destination].push_back(f);
        for (const Flow& f : l.engine->flowsInto(g))
            if (!f.local && !groups.contains(f.source))
                in[f.source].push_back(f);
    }
    ASSERT_FALSE(out.empty());
    for (const auto& [other, flows] : out) {
        const EdgeItem* e = scene.edgeItem(end, other);
        ASSERT_NE(e, nullptr) << l.doc->node(other)->name.toStdString();
        EXPECT_TRUE(e->isVisible());
        EXPECT_EQ(e->portsInto(other), flowLabel(flows));
        EXPECT_TRUE(fold->sceneBox().adjusted(-1, -1, 1, 1).contains(e->route().first()))
            << "drawn from the folded node";
    }
    for (const auto& [other, flows] : in)
        ASSERT_NE(scene.edgeItem(other, end), nullptr);
    for (EdgeItem* e : scene.edgeItems()) {
        if (groups.contains(e->from()) || groups.contains(e->to())) {
            EXPECT_FALSE(e->isVisible()) << "no edge of a folded group shows";
        }
    }
    // The box stands where it hides nothing and nothing hides it.
    for (const auto& [id, n] : l.doc->nodes()) {
        if (!groups.contains(id)) {
            EXPECT_FALSE(scene.nodeItem(id)->sceneBox().intersects(fold->sceneBox())) << n.name.toStdString();
        }
    }
    EXPECT_EQ(scene.nodeBoxes().hits(fold->sceneBox()), 1)
        << "edges route round the folded node, not its groups";

    // Unfolding restores the groups, their edges and labels; the document never changed.
    scene.setClientGroupsFolded(site, false);
    EXPECT_EQ(scene.foldItem(site), nullptr);
    for (int g : groups)
        EXPECT_TRUE(scene.nodeItem(g)->isVisible());
    EXPECT_EQ(labels(), unfolded);
    for (EdgeItem* e : scene.edgeItems())
        EXPECT_TRUE(e->from() >= 0 && e->to() >= 0);

    // All at once: every site with groups folds; a group's edit keeps its fold current.
    scene.setAllClientGroupsFolded(true);
    for (const auto& [s, g] : groupsOf)
        EXPECT_NE(scene.foldItem(s), nullptr);
    Node renamed = *l.doc->node(groups.first());
    renamed.devices += 1000;
    l.doc->updateNode(renamed);
    EXPECT_EQ(scene.foldItem(site)->devices(), devices + 1000);
    scene.setAllClientGroupsFolded(false);
    for (const auto& [s, g] : groupsOf)
        EXPECT_EQ(scene.foldItem(s), nullptr);
}

TEST(View, FitToWindowLeavesTheLegendsCornerToTheLegend)
{
    for (const QString& name : test::exampleNames()) {
        SCOPED_TRACE(name.toStdString());
        const test::LoadedExample l = test::loadExample(name);
        DesignScene scene(*l.doc, *l.engine);
        DesignView view(&scene);
        for (const QSize size : {QSize(1100, 700), QSize(700, 700), QSize(1400, 500)}) {
            view.resize(size);
            view.zoomToFit();
            const QRectF legend = view.legendRect();
            const QRectF viewport(view.viewport()->rect());
            const auto onScreen = [&view](const QRectF& r) {
                return QRectF(view.mapFromScene(r).boundingRect());
            };
            for (QGraphicsItem* item : scene.items()) {
                if (item->type() != NodeItem::Type && item->type() != SiteFrameItem::Type)
                    continue;
                const QRectF box = item->type() == NodeItem::Type
                                       ? static_cast<NodeItem*>(item)->sceneBox()
                                       : static_cast<SiteFrameItem*>(item)->frameRect();
                EXPECT_FALSE(onScreen(box).intersects(legend)) << "under the legend at " << size.width();
                EXPECT_TRUE(viewport.adjusted(-1, -1, 1, 1).contains(onScreen(box)))
                    << "fitted in the window";
            }
        }
        // Hidden, the legend leaves the whole window to the design: it is drawn larger.
        view.resize(1100, 700);
        view.zoomToFit();
        const qreal withLegend = view.zoom();
        view.setLegendVisible(false);
        view.zoomToFit();
        EXPECT_GE(view.zoom(), withLegend);
    }
}

namespace {

// A CAS, primaries with secondaries and client groups, laid out: the shape of the large
// hierarchy at a size that builds in a moment.
struct GeneratedHierarchy
{
    std::unique_ptr<Document> doc = [] {
        auto d = generateHierarchy(HierarchySize{4, 4, 2, 6, 10});
        LayoutCommand(*d).redo();
        return d;
    }();
    FlowEngine engine{*doc};
    DesignScene scene{*doc, engine};
};

// The rectangles a bundle label must leave clear: node boxes and site titles.
std::vector<QRectF> labelObstaclesOf(const DesignScene& scene)
{
    std::vector<QRectF> boxes;
    for (QGraphicsItem* item : scene.items()) {
        if (item->type() == NodeItem::Type && item->isVisible())
            boxes.push_back(static_cast<NodeItem*>(item)->sceneBox());
        else if (item->type() == SiteFrameItem::Type)
            boxes.push_back(DesignRenderer::siteTitleRect(static_cast<SiteFrameItem*>(item)->frameRect()));
    }
    return boxes;
}

} // namespace

TEST(Scene, ZoomedOutNoBundleLabelCoversANodeBoxASiteTitleOrAnotherLabel)
{
    GeneratedHierarchy g;
    const std::vector<QRectF> boxes = labelObstaclesOf(g.scene);
    ASSERT_GT(boxes.size(), 200u);
    size_t branchBundles = 0, siteBundles = 0;
    for (const qreal zoom : {0.01, 0.02, 0.05, 0.1, 0.25}) {
        SCOPED_TRACE(zoom);
        g.scene.setZoom(zoom);
        const BundleItem* bundles = g.scene.bundleItem();
        ASSERT_TRUE(bundles && bundles->isVisible());
        const std::vector<BundleItem::Label>& labels = bundles->labels();
        std::set<size_t> labelled;
        for (size_t i = 0; i < labels.size(); ++i) {
            const QRectF& r = labels[i].rect;
            // Screen size whatever the zoom: 16 pixels tall.
            EXPECT_NEAR(r.height() * zoom, 16, 0.01);
            EXPECT_EQ(labels[i].text, bundles->bundles().at(labels[i].bundle).label());
            labelled.insert(labels[i].bundle);
            for (const QRectF& box : boxes)
                ASSERT_FALSE(r.intersects(box)) << labels[i].text.toStdString() << " covers a box or title";
            for (size_t j = i + 1; j < labels.size(); ++j)
                ASSERT_FALSE(r.intersects(labels[j].rect)) << "two labels overlap";
        }
        (zoom < BundleItem::kBranchZoom ? branchBundles : siteBundles) = bundles->bundles().size();
        if (zoom >= 0.05) {
            EXPECT_GT(labelled.size(), bundles->bundles().size() / 2) << "most bundles keep a label";
        }
    }
    // Zoomed further out, a primary's secondaries join its bundles; zooming in splits them again.
    EXPECT_LT(branchBundles, siteBundles);
    g.scene.setZoom(0.01);
    for (const EdgeBundle& b : g.scene.bundleItem()->bundles()) {
        for (int end : {b.first, b.second}) {
            if (end >= 0) {
                EXPECT_NE(g.doc->site(end)->kind, SiteKind::Secondary);
            }
        }
    }
    // Between sites of different branches, the bundle is drawn from the primary even when
    // zoomed in: no line per secondary to the CAS.
    g.scene.setZoom(0.1);
    const auto branchOf = [&g](int end) {
        const Site* s = end >= 0 ? g.doc->site(end) : nullptr;
        return s && s->kind == SiteKind::Secondary ? s->parent : end;
    };
    bool secondaries = false;
    for (const EdgeBundle& b : g.scene.bundleItem()->bundles()) {
        const bool secondary = branchOf(b.first) != b.first || branchOf(b.second) != b.second;
        if (secondary) {
            EXPECT_EQ(branchOf(b.first), branchOf(b.second)) << "a secondary's bundles stay in its branch";
        }
        secondaries = secondaries || secondary;
        EXPECT_FALSE(b.allPorts.isEmpty());
        EXPECT_TRUE(b.toolTip().contains(b.allPorts)) << "hovering it lists every port";
    }
    EXPECT_TRUE(secondaries) << "zoomed in, the secondaries have their own bundles again";
}

TEST(View, FitFramesTheLegendAndPortTestKeyOfALargeDesign)
{
    GeneratedHierarchy g;
    g.scene.setVerification(std::make_shared<Verification>());
    DesignView view(&g.scene);
    view.show(); // a hidden view keeps its viewport's first size
    for (const QSize size : {QSize(1100, 700), QSize(700, 700), QSize(1400, 500)}) {
        SCOPED_TRACE(size.width());
        view.resize(size);
        ASSERT_GT(view.viewport()->width(), size.width() - 30);
        view.zoomToFit();
        const QRectF overlay = view.overlayRect();
        ASSERT_TRUE(overlay.contains(view.legendRect()));
        ASSERT_TRUE(overlay.contains(view.resultsKeyRect())) << "the port test key is part of it";
        const QRectF viewport(view.viewport()->rect());
        const auto onScreen = [&view](const QRectF& r) {
            return QRectF(view.mapFromScene(r).boundingRect());
        };
        std::vector<QRectF> drawn;
        for (QGraphicsItem* item : g.scene.items()) {
            if (item->type() == NodeItem::Type)
                drawn.push_back(static_cast<NodeItem*>(item)->sceneBox());
            else if (item->type() == SiteFrameItem::Type)
                drawn.push_back(static_cast<SiteFrameItem*>(item)->frameRect());
        }
        ASSERT_TRUE(g.scene.bundleItem() && g.scene.bundleItem()->isVisible()) << "fitted, it is zoomed out";
        for (const BundleItem::Label& l : g.scene.bundleItem()->labels())
            drawn.push_back(l.rect);
        for (const QRectF& r : drawn) {
            EXPECT_FALSE(onScreen(r).intersects(overlay)) << "under the legend or the key";
            EXPECT_TRUE(viewport.contains(onScreen(r))) << "fitted in the window";
        }
    }
}

TEST(Routes, ARowOfBoxesIsGoneRoundOrthogonallyAndTheTwoDirectionsKeepApart)
{
    // A wall of boxes between A and B, too tall for a single bend.
    const QRectF a(0, 0, 200, 60), b(1400, 0, 200, 60);
    std::vector<QRectF> wall;
    RectGrid boxes;
    boxes.insert(a);
    boxes.insert(b);
    for (int i = -6; i <= 5; ++i) {
        wall.emplace_back(600, i * 80.0, 200, 60);
        boxes.insert(wall.back());
    }
    const auto underABox = [&](const QPolygonF& route) {
        for (qsizetype i = 1; i < route.size(); ++i) {
            const QLineF leg(route[i - 1], route[i]);
            for (qreal t = 0; t <= 1.0; t += 0.005)
                for (const QRectF& r : wall)
                    if (r.adjusted(1, 1, -1, -1).contains(leg.pointAt(t)))
                        return true;
        }
        return false;
    };
    const QPolygonF there = DesignRenderer::edgeRoute(a, b, true, &boxes);
    const QPolygonF back = DesignRenderer::edgeRoute(b, a, true, &boxes);
    for (const QPolygonF& route : {there, back}) {
        ASSERT_GE(route.size(), 4) << "round the wall's end, not through it";
        EXPECT_FALSE(underABox(route)) << [&route] {
            std::string text;
            for (const QPointF& p : route)
                text += "(" + std::to_string(p.x()) + "," + std::to_string(p.y()) + ") ";
            return text;
        }();
        for (qsizetype i = 1; i < route.size(); ++i)
            EXPECT_TRUE(qFuzzyCompare(route[i - 1].x(), route[i].x()) ||
                        qFuzzyCompare(route[i - 1].y(), route[i].y()))
                << "orthogonal";
    }
    EXPECT_TRUE(a.adjusted(-1, -1, 1, 1).contains(there.first()));
    EXPECT_TRUE(b.adjusted(-1, -1, 1, 1).contains(there.last()));
    EXPECT_TRUE(b.adjusted(-1, -1, 1, 1).contains(back.first()));
    // Where the two directions run side by side they keep apart.
    for (qsizetype i = 1; i < there.size(); ++i)
        for (qsizetype j = 1; j < back.size(); ++j) {
            const QLineF p(there[i - 1], there[i]), q(back[j - 1], back[j]);
            const bool bothHorizontal = qFuzzyCompare(p.y1(), p.y2()) && qFuzzyCompare(q.y1(), q.y2());
            const bool overlapX = std::min(std::max(p.x1(), p.x2()), std::max(q.x1(), q.x2())) >
                                  std::max(std::min(p.x1(), p.x2()), std::min(q.x1(), q.x2()));
            if (bothHorizontal && overlapX) {
                EXPECT_GE(std::abs(p.y1() - q.y1()), 6) << "parallel legs on top of each other";
            }
        }
}

TEST(Routes, NoEdgeOfAnExamplePassesUnderANodeBox)
{
    for (const QString& name : test::exampleNames()) {
        const test::LoadedExample l = test::loadExample(name);
        DesignScene scene(*l.doc, *l.engine);
        std::vector<std::pair<int, QRectF>> boxes;
        for (const auto& [id, n] : l.doc->nodes())
            boxes.emplace_back(id, scene.nodeItem(id)->sceneBox());
        int under = 0;
        for (EdgeItem* e : scene.edgeItems()) {
            const QPolygonF& route = e->route();
            for (qsizetype i = 1; i < route.size(); ++i) {
                const QLineF leg(route[i - 1], route[i]);
                bool hit = false;
                for (const auto& [id, box] : boxes) {
                    if (id == e->from() || id == e->to())
                        continue;
                    for (qreal t = 0; t <= 1.0 && !hit; t += 0.01)
                        hit = box.adjusted(2, 2, -2, -2).contains(leg.pointAt(t));
                    if (hit) {
                        ADD_FAILURE()
                            << name.toStdString() << ": " << l.doc->node(e->from())->name.toStdString()
                            << " -> " << l.doc->node(e->to())->name.toStdString() << " under "
                            << l.doc->node(id)->name.toStdString();
                        break;
                    }
                }
                under += hit;
            }
        }
        EXPECT_EQ(under, 0) << name.toStdString();
    }
}

// Actual Size and the zoom shortcuts keep the middle of the view where it is, wherever the pointer
// rests (the wheel zooms about the pointer): from Fit to Window, Ctrl+1 shows the middle of the
// design, not the corner the pointer happened to be in.
TEST(View, ActualSizeAndZoomShortcutsKeepTheMiddleOfTheView)
{
    const test::LoadedExample l = test::loadExample(u"cas-two-primaries.portolan"_s);
    DesignScene scene(*l.doc, *l.engine);
    DesignView view(&scene);
    view.resize(1100, 700);
    view.show();
    view.zoomToFit();
    const auto middle = [&view] {
        return view.mapToScene(view.viewport()->rect().center());
    };
    // The pointer rests near the canvas's top-left corner.
    view.setAttribute(Qt::WA_UnderMouse);
    QMouseEvent move(QEvent::MouseMove, QPointF(15, 15), view.viewport()->mapToGlobal(QPointF(15, 15)),
                     Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view.viewport(), &move);
    for (const auto& [name, zoom] :
         std::vector<std::pair<std::string, std::function<void()>>>{{"actual size",
                                                                     [&view] {
                                                                         view.actualSize();
                                                                     }},
                                                                    {"zoom in",
                                                                     [&view] {
                                                                         view.zoomIn();
                                                                     }},
                                                                    {"zoom out", [&view] {
                                                                         view.zoomOut();
                                                                     }}}) {
        const QPointF before = middle();
        const qreal was = view.zoom();
        zoom();
        EXPECT_NE(view.zoom(), was) << name;
        // Within a pixel or two at the lower of the two zooms (the view scrolls by whole pixels).
        EXPECT_LT(QLineF(before, middle()).length(), 2.5 / qMin(was, view.zoom())) << name;
    }
    EXPECT_NEAR(view.zoom(), 1.0, 1e-9) << "in and out again: back at 100 %";
}

namespace {

// The viewport's paint events since the last take(): the region repainted.
class RepaintRecorder : public QObject
{
public:
    explicit RepaintRecorder(QWidget* viewport) { viewport->installEventFilter(this); }
    QRegion take() { return std::exchange(m_painted, {}); }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            m_painted += static_cast<QPaintEvent*>(event)->region();
        return QObject::eventFilter(watched, event);
    }

private:
    QRegion m_painted;
};

// The view shown at 1100 x 700 and fitted, as a design just opened.
void showFitted(DesignView& view)
{
    view.resize(1100, 700);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    view.zoomToFit();
}

// A distribution point that is not also a management point (a generated design has many).
int plainDistributionPoint(const Document& doc)
{
    int dp = -1;
    for (const auto& [id, n] : doc.nodes())
        if (doc.hasRole(n, u"distribution_point") && !doc.hasRole(n, u"management_point"))
            dp = id;
    return dp;
}

qreal areaOf(const QRegion& region)
{
    qreal area = 0;
    for (const QRect& r : region)
        area += qreal(r.width()) * r.height();
    return area;
}

} // namespace

TEST(View, AnEditOnAFittedDesignRepaintsWhatItChangedNotTheWindow)
{
    // Fitted, a large design is every box and bundle in one window: an edit that repaints the
    // window costs it a whole repaint. A server's option changes its box and the bundles it
    // counts in; a bundle that carries one more flow repaints its own line (and label).
    GeneratedHierarchy g;
    DesignView view(&g.scene);
    showFitted(view);
    RepaintRecorder recorder(view.viewport());
    QTest::qWait(50);
    ASSERT_FALSE(recorder.take().isEmpty()) << "painted fitted";
    const qreal window = qreal(view.viewport()->width()) * view.viewport()->height();

    const int dp = plainDistributionPoint(*g.doc);
    ASSERT_GE(dp, 0);
    Node pxe = *g.doc->node(dp);
    pxe.options.insert(u"dp.pxe"_s, !pxe.options.value(u"dp.pxe"_s).toBool());
    ChangeNodeCommand(*g.doc, *g.doc->node(dp), pxe, u"PXE"_s).redo();
    QTest::qWait(50);
    const QRegion option = recorder.take();
    EXPECT_FALSE(option.isEmpty()) << "the server's box at least";
    EXPECT_LT(areaOf(option), window / 10) << "an option change repainted the window";

    // The same bundles with one of them carrying a flow more.
    BundleItem* bundles = g.scene.bundleItem();
    ASSERT_TRUE(bundles && bundles->isVisible());
    std::vector<EdgeBundle> sites = bundleEdges(*g.doc, g.engine);
    std::vector<EdgeBundle> branches = bundleEdges(*g.doc, g.engine, BundleLevel::Branches);
    ASSERT_GT(sites.size(), 3u);
    bundles->setBundles(sites, branches);
    QTest::qWait(50);
    recorder.take();
    const auto quiet =
        std::min_element(sites.begin(), sites.end(),
                         [](const EdgeBundle& a, const EdgeBundle& b) { return a.flows < b.flows; });
    ++quiet->flows;
    bundles->setBundles(sites, branches);
    QTest::qWait(50);
    const QRegion bundle = recorder.take();
    EXPECT_FALSE(bundle.isEmpty()) << "the changed line";
    EXPECT_LT(areaOf(bundle), window / 4) << "one bundle's change repainted the window";
}

TEST(View, DeletingASelectedServerOnAFittedDesignCopiesTheBundlesItDidNotChange)
{
    // Fitted, a selection dims every other box, and deleting the selected server brings them all
    // back: the whole window is repainted. The bundle lines its flows were not in are copied from
    // what the view painted before rather than stroked again (a third of that repaint on a large
    // design), and the window shows what it shows painted afresh.
    GeneratedHierarchy g;
    DesignView view(&g.scene);
    showFitted(view);
    QTest::qWait(50);
    BundleItem* bundles = g.scene.bundleItem();
    ASSERT_TRUE(bundles && bundles->isVisible());
    const int dp = plainDistributionPoint(*g.doc);
    ASSERT_GE(dp, 0);
    g.scene.selectOnly({dp});
    QTest::qWait(50);
    const size_t drawn = bundles->bundles().size();
    ASSERT_GT(drawn, 20u);
    const int before = bundles->linesStroked();
    RemoveCommand(*g.doc, {dp}, {}, {}).redo();
    QTest::qWait(50);
    EXPECT_LT(size_t(bundles->linesStroked() - before), drawn / 2) << "the lines stroked again, of " << drawn;
    const QImage shown = view.viewport()->grab().toImage();
    bundles->obstaclesChanged(); // painted afresh: placed again, every line stroked
    const QImage afresh = view.viewport()->grab().toImage();
    EXPECT_GE(size_t(bundles->linesStroked() - before), drawn);
    EXPECT_TRUE(shown == afresh) << "the copy is stale";
}

namespace {

// The bundles drawn at the view's zoom against a whole gathering of the design at that level.
void expectBundlesAsGatheredWhole(const DesignScene& scene, const Document& doc, const FlowEngine& engine,
                                  BundleLevel level, const std::string& after)
{
    const std::vector<EdgeBundle> whole = bundleEdges(doc, engine, level);
    const std::vector<EdgeBundle>& drawn = scene.bundleItem()->bundles();
    ASSERT_EQ(drawn.size(), whole.size()) << after;
    for (size_t i = 0; i < whole.size(); ++i) {
        const EdgeBundle& a = drawn[i];
        const EdgeBundle& b = whole[i];
        EXPECT_TRUE(a.first == b.first && a.second == b.second && a.line == b.line && a.ports == b.ports &&
                    a.flows == b.flows && a.colour == b.colour && a.ends == b.ends &&
                    a.allPorts == b.allPorts)
            << after << ": bundle " << a.ends.toStdString() << " " << a.flows << " flows, whole "
            << b.ends.toStdString() << " " << b.flows;
    }
}

} // namespace

TEST(View, EditsOnAFittedDesignLeaveTheBundlesAsAWholeGatheringGivesThem)
{
    // An edit gathers again only the bundles at the sites its nodes are drawn at: after each edit,
    // at both levels, they are what gathering every flow gives, deleted servers' client groups
    // drawn with their own site once no boundary link keeps them with a secondary included.
    GeneratedHierarchy g;
    DesignView view(&g.scene);
    showFitted(view);
    QTest::qWait(50);
    ASSERT_TRUE(g.scene.bundleItem() && g.scene.bundleItem()->isVisible());
    const auto check = [&](const std::string& after) {
        QTest::qWait(20);
        ASSERT_FALSE(g.scene.hasPendingWork());
        expectBundlesAsGatheredWhole(g.scene, *g.doc, g.engine, BundleLevel::Sites, after);
        view.setZoom(BundleItem::kBranchZoom / 2);
        QTest::qWait(20);
        expectBundlesAsGatheredWhole(g.scene, *g.doc, g.engine, BundleLevel::Branches, after);
        view.zoomToFit();
        QTest::qWait(20);
    };
    check("opened");

    const int dp = plainDistributionPoint(*g.doc);
    ASSERT_GE(dp, 0);
    RemoveCommand deleteDp(*g.doc, {dp}, {}, {});
    deleteDp.redo();
    check("a distribution point deleted");
    deleteDp.undo();
    check("its delete undone");

    // Every server of one secondary: the client groups it served go back to their primary.
    int secondary = -1;
    for (const auto& [id, s] : g.doc->sites())
        if (s.kind == SiteKind::Secondary)
            secondary = id;
    ASSERT_GE(secondary, 0);
    QList<int> servers;
    for (const auto& [id, n] : g.doc->nodes())
        if (n.site == secondary && n.kind == NodeKind::Server)
            servers << id;
    ASSERT_GE(servers.size(), 2);
    // Its site server alone first: its lines to hosts outside the branch are the branch's bundles.
    const auto siteServer = std::find_if(servers.begin(), servers.end(), [&](int id) {
        return g.doc->hasRole(*g.doc->node(id), u"site_server");
    });
    ASSERT_NE(siteServer, servers.end());
    RemoveCommand deleteSiteServer(*g.doc, {*siteServer}, {}, {});
    deleteSiteServer.redo();
    check("a secondary's site server deleted");
    deleteSiteServer.undo();
    check("its delete undone");
    RemoveCommand deleteSecondary(*g.doc, servers, {}, {});
    deleteSecondary.redo();
    check("a secondary's servers deleted");
    deleteSecondary.undo();
    check("their delete undone");

    Node pxe = *g.doc->node(dp);
    pxe.options.insert(u"dp.pxe"_s, !pxe.options.value(u"dp.pxe"_s).toBool());
    ChangeNodeCommand(*g.doc, *g.doc->node(dp), pxe, u"PXE"_s).redo();
    check("an option changed");

    // A host outside any site renamed, then a server deleted: the bundles to it say its new name.
    const auto shared = std::find_if(g.doc->nodes().begin(), g.doc->nodes().end(), [&](const auto& n) {
        return n.second.kind != NodeKind::ClientGroup && !g.doc->site(n.second.site);
    });
    ASSERT_NE(shared, g.doc->nodes().end());
    Node renamed = shared->second;
    renamed.name += u"-renamed"_s;
    ChangeNodeCommand(*g.doc, shared->second, renamed, u"Rename"_s).redo();
    RemoveCommand(*g.doc, {dp}, {}, {}).redo();
    check("a shared host renamed and a server deleted");
}
