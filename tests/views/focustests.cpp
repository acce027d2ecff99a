// Focus on selection and the site page on the canvas: what is left out is hidden (not dimmed), the
// lines kept are those touching what is looked at, routed round the boxes still shown, and the
// focus is a way of looking: it follows edits and changes nothing in the design.
#include "canvas/canvasitems.h"
#include "canvas/designscene.h"
#include "canvas/stubitem.h"
#include "commands/commands.h"
#include "design/document.h"
#include "drawing/geometry.h"
#include "drawing/viewstate.h"
#include "flows/flowengine.h"
#include "testsupport.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

// Every node, frame and line of the scene is shown exactly when the focus says so.
void expectShownAsFocused(const DesignScene& scene, const Document& doc, const ViewFocus& focus)
{
    for (const auto& [id, n] : doc.nodes())
        EXPECT_EQ(scene.nodeItem(id)->isVisible(), focus.core.contains(id) || focus.peers.contains(id))
            << n.name.toStdString();
    for (const auto& [id, s] : doc.sites())
        EXPECT_EQ(scene.frameItem(id)->isVisible(), focus.sites.contains(id)) << s.code.toStdString();
    for (const EdgeItem* e : scene.edgeItems()) {
        const bool touchesCore = focus.core.contains(e->from()) || focus.core.contains(e->to());
        const bool endsShown = focus.showsNode(e->from()) && focus.showsNode(e->to());
        EXPECT_EQ(e->isVisible(), touchesCore && endsShown)
            << doc.node(e->from())->name.toStdString() << " -> " << doc.node(e->to())->name.toStdString();
    }
}

} // namespace

TEST(Focus, ASitePageShowsItsNodesTheirPeersAndOnlyTheLinesThatTouchTheSite)
{
    const LoadedExample l = loadExample(u"cas-two-primaries.portolan"_s);
    DesignScene scene(*l.doc, *l.engine);
    const int p01 = l.doc->siteByCode(u"P01");
    ASSERT_GE(p01, 0);
    const ViewFocus page = focusOnSite(*l.doc, *l.engine, p01);
    ASSERT_TRUE(page.active());
    scene.setViewFocus(page);

    // The site's own servers and client groups are its core; its peers are every node it has a flow
    // with, either way; and something of the design is left out.
    for (const auto& [id, n] : l.doc->nodes()) {
        EXPECT_EQ(page.core.contains(id), n.site == p01) << n.name.toStdString();
        bool peer = false;
        for (int c : page.core)
            for (const Flow& f : l.engine->flowsBetween(c, id))
                peer = peer || !f.local;
        for (int c : page.core)
            for (const Flow& f : l.engine->flowsBetween(id, c))
                peer = peer || !f.local;
        EXPECT_EQ(page.peers.contains(id), peer && n.site != p01) << n.name.toStdString();
    }
    ASSERT_LT(page.core.size() + page.peers.size(), qsizetype(l.doc->nodes().size()))
        << "the page hides part of the design";
    expectShownAsFocused(scene, *l.doc, page);

    // The lines kept are routed round the boxes still shown, and only the shown boxes are obstacles.
    for (const EdgeItem* e : scene.edgeItems()) {
        if (!e->isVisible())
            continue;
        for (const auto& [id, n] : l.doc->nodes()) {
            const NodeItem* item = scene.nodeItem(id);
            if (id == e->from() || id == e->to() || !item->isVisible())
                continue;
            EXPECT_FALSE(routeEnters(e->route(), item->sceneBox().adjusted(1, 1, -1, -1)))
                << l.doc->node(e->from())->name.toStdString() << " -> "
                << l.doc->node(e->to())->name.toStdString() << " crosses " << n.name.toStdString();
        }
    }
    QRectF shown;
    for (int id : page.core + page.peers)
        shown |= scene.nodeItem(id)->sceneBox();
    EXPECT_TRUE(scene.drawingBounds().contains(shown));

    // Back to everything: every node, frame and line is shown again.
    scene.clearViewFocus();
    for (const auto& [id, n] : l.doc->nodes())
        EXPECT_TRUE(scene.nodeItem(id)->isVisible()) << n.name.toStdString();
    for (const auto& [id, s] : l.doc->sites())
        EXPECT_TRUE(scene.frameItem(id)->isVisible());
    for (const EdgeItem* e : scene.edgeItems())
        EXPECT_TRUE(e->isVisible());
}

TEST(Focus, FocusOnSelectionFollowsEditsAndANodeAddedWhileFocusedJoinsIt)
{
    LoadedExample l = loadExample(u"cas-two-primaries.portolan"_s);
    DesignScene scene(*l.doc, *l.engine);
    // A site server: it has peers in several sites.
    int server = -1;
    for (const auto& [id, n] : l.doc->nodes())
        if (n.name.startsWith(u"p02-ss"))
            server = id;
    ASSERT_GE(server, 0);
    scene.setViewFocus(focusOnNodes(*l.doc, *l.engine, {server}));
    const ViewFocus before = scene.viewFocus();
    ASSERT_EQ(before.kind, ViewFocus::Kind::Selection);
    ASSERT_FALSE(before.peers.isEmpty());
    expectShownAsFocused(scene, *l.doc, before);

    // A peer deleted: the focus loses it, the rest stays as it was.
    QUndoStack stack;
    const int peer = *before.peers.begin();
    stack.push(new RemoveCommand(*l.doc, {peer}, {}, {}));
    EXPECT_FALSE(scene.viewFocus().peers.contains(peer));
    EXPECT_TRUE(scene.viewFocus().core.contains(server));
    expectShownAsFocused(scene, *l.doc, scene.viewFocus());
    // Undone, it is a peer again: the peers are found from the flows as they are now.
    stack.undo();
    EXPECT_EQ(scene.viewFocus().peers, before.peers);
    expectShownAsFocused(scene, *l.doc, scene.viewFocus());

    // A node dropped onto the canvas while focused is shown (it joins the focus).
    Node added = *l.doc->node(server);
    added.id = -1;
    added.key.clear();
    added.name = u"p02-new.corp.contoso.com"_s;
    added.position += QPointF(0, 400);
    stack.push(new AddNodeCommand(*l.doc, added));
    int addedId = -1;
    for (const auto& [id, n] : l.doc->nodes())
        if (n.name == added.name)
            addedId = id;
    ASSERT_GE(addedId, 0);
    EXPECT_TRUE(scene.viewFocus().showsNode(addedId));
    EXPECT_TRUE(scene.nodeItem(addedId)->isVisible());
    expectShownAsFocused(scene, *l.doc, scene.viewFocus());

    // Looking is not editing: focusing made no undo step (the add replaced the undone delete).
    EXPECT_EQ(stack.count(), 1);
}

TEST(Stubs, ASharedServiceIsDrawnBesideEachSiteThatUsesItAndCarriesThatSitesLines)
{
    const LoadedExample l = loadExample(u"cas-two-primaries.portolan"_s);
    DesignScene scene(*l.doc, *l.engine);
    const auto lineLength = [&](bool sharedOnly) {
        qreal length = 0;
        for (const EdgeItem* e : scene.edgeItems()) {
            if (!e->isVisible())
                continue;
            const Node* a = l.doc->node(scene.nodeOfEnd(e->from()));
            const Node* b = l.doc->node(scene.nodeOfEnd(e->to()));
            const bool shared = (a && !l.doc->site(a->site)) || (b && !l.doc->site(b->site));
            if (sharedOnly && !shared)
                continue;
            const QPolygonF& r = e->route();
            for (qsizetype i = 1; i < r.size(); ++i)
                length += QLineF(r[i - 1], r[i]).length();
        }
        return length;
    };
    const qreal before = lineLength(true);
    const int edgesBefore = int(scene.edgeItems().size());

    scene.setSharedServiceStubs(true);
    const auto expectStubsCarryTheFlows = [&](const char* when) {
        SCOPED_TRACE(when);
        const QList<StubItem*> stubs = scene.stubItems();
        ASSERT_GE(stubs.size(), 4)
            << "the CAS example's domain controller, CA and Internet serve several sites";
        for (const StubItem* stub : stubs) {
            const Node* host = l.doc->node(stub->host());
            ASSERT_NE(host, nullptr);
            EXPECT_FALSE(l.doc->site(host->site)) << "only hosts of no site are shared";
            // The stub stands clear of every box and frame.
            for (const auto& [id, n] : l.doc->nodes())
                EXPECT_FALSE(stub->sceneBox().intersects(scene.nodeItem(id)->sceneBox()))
                    << n.name.toStdString();
            for (const auto& [id, s] : l.doc->sites())
                EXPECT_FALSE(stub->sceneBox().intersects(scene.frameItem(id)->frameRect()))
                    << s.code.toStdString();
            // Every flow between the host and a node of the stub's site is on a line from the stub,
            // and the host's own line to that node is hidden.
            for (const auto& [id, n] : l.doc->nodes()) {
                if (n.site != stub->site())
                    continue;
                for (const auto& [from, to] : {std::pair{stub->host(), id}, std::pair{id, stub->host()}}) {
                    std::vector<Flow> flows = l.engine->flowsBetween(from, to);
                    std::erase_if(flows, [](const Flow& f) { return f.local; });
                    const int stubFrom = from == stub->host() ? stub->end() : from;
                    const int stubTo = to == stub->host() ? stub->end() : to;
                    const EdgeItem* line = scene.edgeItem(stubFrom, stubTo);
                    if (flows.empty()) {
                        EXPECT_TRUE(line == nullptr || line->portsInto(stubTo).isEmpty());
                        continue;
                    }
                    ASSERT_NE(line, nullptr) << host->name.toStdString() << " and " << n.name.toStdString();
                    EXPECT_TRUE(line->isVisible());
                    EXPECT_EQ(scene.flowsBetween(stubFrom, stubTo).size(), flows.size());
                    EXPECT_FALSE(scene.edgeItem(from, to)->isVisible())
                        << "no line across to the host itself";
                }
            }
        }
        // No stub line is left for a node that is gone.
        for (const EdgeItem* e : scene.edgeItems())
            for (int end : {e->from(), e->to()})
                EXPECT_TRUE(DesignScene::isStubEnd(end) || end < -1 || l.doc->node(end));
    };
    expectStubsCarryTheFlows("on");
    // The lines to shared services are much shorter: none crosses the canvas to reach them.
    const qreal after = lineLength(true);
    EXPECT_LT(after, before * 0.6) << before << " -> " << after;

    // An edit keeps them right: a P01 server deleted, then brought back.
    QUndoStack stack;
    int mp = -1;
    for (const auto& [id, n] : l.doc->nodes())
        if (n.name.startsWith(u"p01-mp"))
            mp = id;
    ASSERT_GE(mp, 0);
    stack.push(new RemoveCommand(*l.doc, {mp}, {}, {}));
    expectStubsCarryTheFlows("after a delete");
    stack.undo();
    expectStubsCarryTheFlows("after its undo");

    // Selecting a shared host highlights the lines of all its references.
    const StubItem* first = scene.stubItems().first();
    scene.selectOnly({first->host()});
    int lit = 0;
    for (const EdgeItem* e : scene.edgeItems())
        if (e->isVisible() && (e->from() == first->end() || e->to() == first->end())) {
            EXPECT_EQ(e->state(), DesignRenderer::State::Highlighted);
            ++lit;
        }
    EXPECT_GT(lit, 0);
    scene.selectOnly({});

    // Off again: no stub, every line as it was.
    scene.setSharedServiceStubs(false);
    EXPECT_TRUE(scene.stubItems().isEmpty());
    EXPECT_EQ(int(scene.edgeItems().size()), edgesBefore);
    for (const EdgeItem* e : scene.edgeItems())
        EXPECT_TRUE(e->isVisible());
}
