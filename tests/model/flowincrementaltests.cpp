// Recomputing after one change touches only what it affects, and gives the
// same flows as computing everything again.
#include "design/designfile.h"
#include "designbuilder.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

namespace {

std::vector<Flow> sorted(std::vector<Flow> flows)
{
    std::sort(flows.begin(), flows.end(), [](const Flow& a, const Flow& b) {
        return std::tie(a.source, a.destination, a.row, a.port.first, a.port.last) <
               std::tie(b.source, b.destination, b.row, b.port.first, b.port.last);
    });
    return flows;
}

// An engine that computes nothing up front (portolan check) makes each node's flows as a full
// computation lists them: those from it in the same order, those into it the same set.
void expectOnDemandSameAsFull(const Document& doc, const FlowEngine& full, const char* step)
{
    const FlowEngine onDemand(doc, FlowEngine::Compute::OnDemand);
    EXPECT_EQ(onDemand.flowCount(), 0u) << step;
    std::vector<Flow> made;
    for (const auto& [id, n] : doc.nodes()) {
        onDemand.flowsFromNode(id, made);
        EXPECT_TRUE(made == full.flowsFrom(id)) << step << ": flows from " << qPrintable(n.name);
        onDemand.flowsIntoNode(id, made);
        EXPECT_TRUE(sorted(made) == sorted(full.flowsInto(id)))
            << step << ": flows into " << qPrintable(n.name);
    }
}

void expectSameAsFull(const Document& doc, const FlowEngine& incremental, const char* step)
{
    FlowEngine full(doc);
    const auto a = sorted(incremental.flows());
    const auto b = sorted(full.flows());
    EXPECT_EQ(a.size(), b.size()) << step;
    EXPECT_TRUE(a == b) << step;
    expectOnDemandSameAsFull(doc, full, step);
}

} // namespace

TEST(FlowIncremental, OptionChangeOnOneServerTouchesOnlyIt)
{
    DesignBuilder b;
    const int p = b.site(u"P01"_s, SiteKind::Primary);
    b.server(u"ss"_s, p, {u"site_server"_s, u"sql_server"_s, u"sms_provider"_s});
    const int dp = b.server(u"dp"_s, p, {u"distribution_point"_s});
    for (int i = 0; i < 20; ++i)
        b.group(u"g%1"_s.arg(i), p);
    FlowEngine& engine = b.engine();
    Node changed = *b.doc->node(dp);
    changed.options.insert(u"dp.pxe"_s, true);
    b.doc->updateNode(changed);
    EXPECT_EQ(engine.lastRecomputedNodes(), 1);
    expectSameAsFull(*b.doc, engine, "pxe on");
    b.doc->moveNode(dp, {100, 100});
    EXPECT_EQ(engine.lastRecomputedNodes(), 1) << "a move changes no flow and recomputes nothing";
}

TEST(FlowIncremental, RandomEditsMatchAFullRecompute)
{
    for (const quint32 seed : {42u, 7u}) {
        Document doc(Catalog::builtin());
        QString error;
        ASSERT_TRUE(
            DesignFile::load(doc, QStringLiteral(PORTOLAN_EXAMPLES "/cas-two-primaries.portolan"), &error))
            << error.toStdString();
        FlowEngine engine(doc);
        QRandomGenerator random(seed);
        const QStringList toggles = {u"dp.pxe"_s,          u"dp.multicast"_s,
                                     u"sup.ssl"_s,         u"system.siteServerInitiates"_s,
                                     u"group.wakeOnLan"_s, u"group.internet"_s};
        const QStringList roles = {u"distribution_point"_s, u"management_point"_s, u"software_update_point"_s,
                                   u"sql_server"_s};
        for (int step = 0; step < 200; ++step) {
            std::vector<int> ids;
            for (const auto& [id, n] : doc.nodes())
                ids.push_back(id);
            std::vector<int> sites;
            for (const auto& [id, s] : doc.sites())
                sites.push_back(id);
            const int id = ids[random.bounded(int(ids.size()))];
            Node n = *doc.node(id);
            const int edit = random.bounded(9);
            switch (edit) {
            case 0: {
                const QString option = toggles[random.bounded(int(toggles.size()))];
                n.options.insert(option, !n.options.value(option).toBool());
                doc.updateNode(n);
                break;
            }
            case 1:
                n.site = sites[random.bounded(int(sites.size()))];
                doc.updateNode(n);
                break;
            case 2:
                doc.removeNode(id);
                break;
            case 3: {
                Link l;
                l.kind = LinkKind::Boundary;
                l.from = id;
                l.to = ids[random.bounded(int(ids.size()))];
                if (l.from != l.to)
                    doc.addLink(l);
                break;
            }
            case 4: {
                Site s = *doc.site(sites[random.bounded(int(sites.size()))]);
                s.options.insert(u"site.clientHttpPort"_s, 8000 + step);
                doc.updateSite(s);
                break;
            }
            case 5: { // a server gains or loses a role
                if (n.kind != NodeKind::Server)
                    break;
                toggleRole(n, doc.catalog().roleIndex(roles[random.bounded(int(roles.size()))]));
                doc.updateNode(n);
                break;
            }
            case 6: { // a copy of a node joins the design
                n.id = -1;
                n.key = u"copy%1"_s.arg(step);
                n.name = u"copy%1.corp.example"_s.arg(step);
                doc.addNode(n);
                break;
            }
            case 7: { // an upstream link, then an option change on its source
                const int to = ids[random.bounded(int(ids.size()))];
                if (to == id)
                    break;
                doc.addLink(Link{-1, LinkKind::Upstream, id, to});
                n.options.insert(u"sup.ssl"_s, !n.options.value(u"sup.ssl"_s).toBool());
                doc.updateNode(n);
                break;
            }
            case 8: { // a link goes (its two ends' entries of the index change, nothing else)
                if (doc.links().empty())
                    break;
                auto it = doc.links().begin();
                std::advance(it, random.bounded(int(doc.links().size())));
                doc.removeLink(it->first);
                break;
            }
            }
            expectSameAsFull(doc, engine, qPrintable(u"seed %1 step %2"_s.arg(seed).arg(step)));
        }
    }
}

TEST(FlowIncremental, OnDemandFlowsMatchAFullComputationOnTheExamplesAndWithAProxy)
{
    // The proxy takes every internet-bound flow, whatever row made it.
    const LoadedExample cas = loadExample(u"cas-two-primaries.portolan"_s);
    const int id = addProxy(*cas.doc);
    EXPECT_GT(cas.engine->flowsInto(id).size(), 10u) << "the proxy carries the internet-bound flows";
    expectOnDemandSameAsFull(*cas.doc, *cas.engine, "with a proxy");
    for (const QString& name : {u"lab.portolan"_s, u"standalone-primary.portolan"_s}) {
        const LoadedExample example = loadExample(name);
        expectOnDemandSameAsFull(*example.doc, *example.engine, qPrintable(name));
    }
}
