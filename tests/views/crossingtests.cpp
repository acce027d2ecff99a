// The single-page drawing of the whole design (`portolan export --single-page`) read as a network
// team reads it: how often its lines cross, counted on the routes it paints.
#include "design/document.h"
#include "drawing/diagram.h"
#include "drawing/paper/pagebuilder.h"
#include "flows/flowengine.h"
#include "layout/autolayout.h"

#include "testsupport.h"

#include <gtest/gtest.h>

#include <QLineF>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

int singlePageCrossings(const test::LoadedExample& l)
{
    const Diagram diagram(*l.doc, *l.engine);
    std::vector<QPolygonF> lines;
    for (const Diagram::Route& route : diagram.routes())
        lines.push_back(route.line);
    return paper::countCrossings(lines); // as the diagram set's pages count them
}

} // namespace

TEST(SinglePageDrawing, CasExampleCrossesNoMoreThanGraphvizDot)
{
    // Graphviz dot, given the same edges with the sites as clusters, crosses 309 times (issue 25's
    // count; scripts/graphviz-crossings.py counts 435 on Debian 12's dot). The example as first
    // shipped crossed 498 times; its boxes were then moved (and nothing else changed) to cross 263,
    // and 181 once both directions of a pair of hosts were drawn as one line.
    test::LoadedExample l = test::loadExample(u"cas-two-primaries.portolan"_s);
    const int shipped = singlePageCrossings(l);
    EXPECT_LE(shipped, 309) << "the example as shipped";
    // Arrange > Lay Out: 444 before the barycentre pass and swaps ordered sites, servers, client
    // groups and the columns beside them, 433 after, 327 with one line per pair of hosts.
    const Layout layout = computeLayout(*l.doc);
    l.doc->setGeometry(layout.nodes, layout.frames);
    const int laidOut = singlePageCrossings(l);
    EXPECT_LT(laidOut, 444) << "the example as Arrange > Lay Out draws it";
    RecordProperty("shipped", shipped);
    RecordProperty("laidOut", laidOut);
}
