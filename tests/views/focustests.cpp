// Focus on selection and the site page on the canvas: what is left out is hidden (not dimmed), the
// lines kept are those touching what is looked at, routed round the boxes still shown, and the
// focus is a way of looking: it follows edits and changes nothing in the design.
#include "canvas/canvasitems.h"
#include "canvas/designscene.h"
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
