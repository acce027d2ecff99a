// Every command: redo, undo gives back the document as it was, redo again
// gives the same document as the first redo.
#include "commands/commands.h"
#include "design/designfile.h"
#include "designbuilder.h"

#include <gtest/gtest.h>

#include <QUndoStack>

#include <functional>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

struct Fixture : DesignBuilder
{
    int ps = site(u"PS1"_s, SiteKind::Primary);
    int ss =
        server(u"ss"_s, ps, {u"site_server"_s, u"sql_server"_s, u"sms_provider"_s, u"management_point"_s});
    int dp = server(u"dp"_s, ps, {u"distribution_point"_s});
    int clients = group(u"clients"_s, ps);
    int boundary = link(LinkKind::Boundary, clients, dp);
};

// Pushes the command and checks the undo/redo round trip, with the flows
// following each step.
void roundTrip(Fixture& f, QUndoCommand* command)
{
    QUndoStack stack;
    FlowEngine& engine = f.engine();
    const QByteArray before = DesignFile::toJson(*f.doc);
    const size_t flowsBefore = engine.flowCount();
    stack.push(command); // redo
    const QByteArray after = DesignFile::toJson(*f.doc);
    const size_t flowsAfter = engine.flowCount();
    EXPECT_NE(after, before) << "the command changed nothing";
    stack.undo();
    EXPECT_EQ(DesignFile::toJson(*f.doc), before);
    EXPECT_EQ(engine.flowCount(), flowsBefore);
    stack.redo();
    EXPECT_EQ(DesignFile::toJson(*f.doc), after);
    EXPECT_EQ(engine.flowCount(), flowsAfter);
}

} // namespace

TEST(Commands, AddNode)
{
    Fixture f;
    Node n;
    n.kind = NodeKind::Server;
    n.key = u"mp2"_s;
    n.name = u"mp2"_s;
    n.site = f.ps;
    n.roles << Catalog::builtin().roleIndex(u"management_point");
    roundTrip(f, new AddNodeCommand(*f.doc, n));
    const int unbounded = f.group(u"unbounded"_s, f.ps);
    EXPECT_TRUE(f.has(unbounded, f.doc->nodeByKey(u"mp2"), u"TCP 10123"_s));
}

TEST(Commands, AddSiteAndLink)
{
    Fixture f;
    Site s;
    s.key = s.code = u"S01"_s;
    s.kind = SiteKind::Secondary;
    s.parent = f.ps;
    roundTrip(f, new AddSiteCommand(*f.doc, s));
    Fixture g;
    roundTrip(g, new AddLinkCommand(*g.doc, Link{-1, LinkKind::Boundary, g.clients, g.ss}));
}

TEST(Commands, RemoveNodeTakesItsLinksAndUndoBringsThemBack)
{
    Fixture f;
    roundTrip(f, new RemoveCommand(*f.doc, {f.dp}, {}, {}));
    EXPECT_TRUE(f.doc->links().empty());
    Fixture g;
    QUndoStack stack;
    stack.push(new RemoveCommand(*g.doc, {g.dp}, {}, {}));
    stack.undo();
    EXPECT_EQ(g.doc->links().size(), 1u);
    EXPECT_TRUE(g.has(g.clients, g.dp, u"TCP 80"_s));
}

TEST(Commands, RemoveSiteDetachesMembersAndUndoReattaches)
{
    Fixture f;
    const int secondary = f.site(u"S01"_s, SiteKind::Secondary, f.ps);
    roundTrip(f, new RemoveCommand(*f.doc, {}, {f.ps}, {}));
    EXPECT_EQ(f.doc->node(f.ss)->site, -1);
    EXPECT_EQ(f.doc->site(secondary)->parent, -1);
    Fixture g;
    const int child = g.site(u"S01"_s, SiteKind::Secondary, g.ps);
    QUndoStack stack;
    stack.push(new RemoveCommand(*g.doc, {}, {g.ps}, {}));
    stack.undo();
    EXPECT_EQ(g.doc->node(g.ss)->site, g.ps);
    EXPECT_EQ(g.doc->site(child)->parent, g.ps);
}

TEST(Commands, ChangeNodeSiteAndDesign)
{
    Fixture f;
    Node after = *f.doc->node(f.dp);
    after.options.insert(u"dp.pxe"_s, true);
    roundTrip(f, new ChangeNodeCommand(*f.doc, *f.doc->node(f.dp), after, u"PXE"_s));
    EXPECT_TRUE(f.has(f.clients, f.dp, u"UDP 4011"_s));

    Fixture g;
    Site site = *g.doc->site(g.ps);
    site.options.insert(u"site.clientHttpPort"_s, 8080);
    roundTrip(g, new ChangeSiteCommand(*g.doc, *g.doc->site(g.ps), site, u"Port"_s));

    Fixture h;
    roundTrip(h, new ChangeDesignCommand(*h.doc, {u"New name"_s, {}, {}, {}, {}},
                                         {{u"design.rpcRange"_s, u"50000-51000"_s}},
                                         {{u"z"_s, u"Zone"_s, {}, {}}}, u"Design"_s));

    // A zone's firewall interface (Properties > Network zones) is undone and redone with the zone.
    Fixture i;
    roundTrip(i, new ChangeDesignCommand(*i.doc, i.doc->info(), i.doc->options(),
                                         {{u"z"_s, u"Zone"_s, {}, {}, u"eth1"_s}}, u"Interface"_s));
}

TEST(Commands, MovesMergeIntoOneStep)
{
    Fixture f;
    QUndoStack stack;
    const QPointF start = f.doc->node(f.dp)->position;
    QPointF at = start;
    for (int i = 0; i < 5; ++i) {
        const QPointF next = at + QPointF(10, 0);
        stack.push(new MoveCommand(*f.doc, {{f.dp, at}}, {{f.dp, next}}, {}, {}, true));
        at = next;
    }
    EXPECT_EQ(stack.count(), 1);
    EXPECT_EQ(f.doc->node(f.dp)->position, start + QPointF(50, 0));
    stack.undo();
    EXPECT_EQ(f.doc->node(f.dp)->position, start);
    stack.redo();
    EXPECT_EQ(f.doc->node(f.dp)->position, start + QPointF(50, 0));
    // A different selection starts a new step; a drag (not mergeable) too.
    stack.push(new MoveCommand(*f.doc, {{f.ss, {}}}, {{f.ss, {5, 5}}}, {}, {}, true));
    stack.push(new MoveCommand(*f.doc, {{f.ss, {5, 5}}}, {{f.ss, {9, 9}}}, {}, {}, false));
    EXPECT_EQ(stack.count(), 3);
    const size_t flows = f.engine().flowCount();
    EXPECT_EQ(f.engine().lastRecomputedNodes(), int(f.doc->nodes().size())) << "moves never recompute flows";
    EXPECT_EQ(f.engine().flowCount(), flows);
}

TEST(Commands, MoveFrameRoundTrip)
{
    Fixture f;
    const QRectF frame = f.doc->site(f.ps)->frame;
    roundTrip(f, new MoveCommand(*f.doc, {{f.ss, {0, 0}}}, {{f.ss, {30, 40}}}, {{f.ps, frame}},
                                 {{f.ps, frame.translated(30, 40)}}, false));
}
