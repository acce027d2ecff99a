// The layout's lines follow the design's flows: after each edit, updating only the lines of the
// nodes the edit touched gives the lines a whole update gives, and says which came, changed and went.
#include "drawing/drawinglayout.h"

#include "design/document.h"
#include "flows/flowengine.h"

#include "testsupport.h"

#include <gtest/gtest.h>

#include <QRandomGenerator>

#include <map>

using namespace Qt::StringLiterals;

namespace portolan {
namespace {

std::map<std::pair<int, int>, QString> labelsOf(const DrawingLayout& layout,
                                                const std::vector<std::pair<int, int>>& keys)
{
    std::map<std::pair<int, int>, QString> labels;
    for (const auto& key : keys)
        if (const DrawnLine* line = layout.line(key.first, key.second))
            labels[key] = line->label();
    return labels;
}

// Every line of a layout kept up to date edit by edit, against one made whole from the flows now.
void expectSameLines(DrawingLayout& kept, std::vector<std::pair<int, int>>& keys, const Document& doc,
                     const FlowEngine& engine, const char* step)
{
    DrawingLayout whole(drawinglayout::Medium::Canvas);
    const drawinglayout::LineChanges made =
        whole.updateLines(engine, {}, [&doc](int id) { return doc.node(id) != nullptr; });
    EXPECT_TRUE(made.kept.empty() && made.removed.empty()) << step;
    const auto have = labelsOf(kept, keys), want = labelsOf(whole, made.added);
    QStringList differences;
    for (const auto& [key, label] : want)
        if (!have.contains(key) || have.at(key) != label)
            differences << u"%1-%2 wanted '%3', kept '%4'"_s.arg(key.first)
                               .arg(key.second)
                               .arg(label, have.contains(key) ? have.at(key) : u"(none)"_s);
    for (const auto& [key, label] : have)
        if (!want.contains(key))
            differences << u"%1-%2 kept but not wanted"_s.arg(key.first).arg(key.second);
    EXPECT_TRUE(differences.isEmpty()) << step << ": " << differences.join(u"; ").toStdString();
    std::set<std::pair<int, int>> pairs;
    for (const Edge& e : engine.edges())
        pairs.insert({std::min(e.source, e.destination), std::max(e.source, e.destination)});
    EXPECT_EQ(std::set(made.added.begin(), made.added.end()), pairs)
        << step << ": one line per pair of hosts";
}

} // namespace

TEST(DrawingLayout, LinesUpdatedForTheNodesAnEditTouchedAreTheLinesOfTheWholeDesign)
{
    const test::LoadedExample cas = test::loadExample(u"cas-two-primaries.portolan"_s);
    Document& doc = *cas.doc;
    FlowEngine& engine = *cas.engine;
    DrawingLayout layout(drawinglayout::Medium::Canvas);
    const auto drawn = [&doc](int id) {
        return doc.node(id) != nullptr;
    };
    std::vector<std::pair<int, int>> keys = layout.updateLines(engine, {}, drawn).added;
    ASSERT_GT(keys.size(), 40u);
    QList<int> changed;
    bool whole = false;
    // An edit may recompute flows more than once (a host that goes takes its links first).
    QObject::connect(&engine, &FlowEngine::flowsChanged, [&](const QList<int>& nodes) {
        whole = whole || nodes.isEmpty();
        for (const int n : nodes)
            if (!changed.contains(n))
                changed << n;
    });
    QRandomGenerator random(11);
    int added = 0, removed = 0, redrawn = 0;
    for (int step = 0; step < 120; ++step) {
        std::vector<int> ids;
        for (const auto& [id, n] : doc.nodes())
            ids.push_back(id);
        const int id = ids[random.bounded(int(ids.size()))];
        Node n = *doc.node(id);
        changed.clear();
        whole = false;
        switch (random.bounded(4)) {
        case 0: // an option that changes ports
            n.options.insert(u"sup.ssl"_s, !n.options.value(u"sup.ssl"_s).toBool());
            n.options.insert(u"dp.pxe"_s, !n.options.value(u"dp.pxe"_s).toBool());
            doc.updateNode(n);
            break;
        case 1: // a host goes
            if (ids.size() > 10)
                doc.removeNode(id);
            break;
        case 2: { // a copy of a host comes
            n.id = -1;
            n.key = u"copy%1"_s.arg(step);
            n.name = u"copy%1.corp.example"_s.arg(step);
            doc.addNode(n);
            break;
        }
        default: { // a role comes or goes
            if (n.kind != NodeKind::Server)
                break;
            test::toggleRole(n, doc.catalog().roleIndex(u"management_point"_s));
            doc.updateNode(n);
            break;
        }
        }
        if (!whole && changed.isEmpty())
            continue;
        const drawinglayout::LineChanges c =
            layout.updateLines(engine, whole ? QList<int>() : changed, drawn);
        for (const auto& key : c.removed)
            layout.removeLine(key.first, key.second);
        for (const auto& key : c.removed)
            keys.erase(std::remove(keys.begin(), keys.end(), key), keys.end());
        keys.insert(keys.end(), c.added.begin(), c.added.end());
        added += int(c.added.size());
        removed += int(c.removed.size());
        redrawn += int(c.redrawn.size());
        for (const auto& key : c.redrawn)
            EXPECT_TRUE(std::find(c.kept.begin(), c.kept.end(), key) != c.kept.end())
                << "redrawn lines are kept ones";
        expectSameLines(layout, keys, doc, engine, qPrintable(u"step %1"_s.arg(step)));
    }
    EXPECT_GT(added, 0);
    EXPECT_GT(removed, 0);
    EXPECT_GT(redrawn, 0);
}

} // namespace portolan
