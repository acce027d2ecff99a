// The single-page drawing of the whole design (`portolan export --single-page`) read as a network
// team reads it: how often its lines cross, counted on the routes it paints.
#include "design/document.h"
#include "drawing/diagram.h"
#include "flows/flowengine.h"
#include "layout/autolayout.h"

#include "testsupport.h"

#include <gtest/gtest.h>

#include <QLineF>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

// Whether two segments of different lines cross: meeting at an end (two lines leaving one box at
// the same point) is not a crossing.
bool segmentsCross(const QLineF& a, const QLineF& b)
{
    QPointF at;
    if (a.intersects(b, &at) != QLineF::BoundedIntersection)
        return false;
    for (const QPointF& end : {a.p1(), a.p2(), b.p1(), b.p2()})
        if (QLineF(at, end).length() < 0.5)
            return false;
    return true;
}

// Every point where a segment of one route crosses a segment of another.
int countCrossings(const std::vector<Diagram::Route>& routes)
{
    int crossings = 0;
    for (size_t a = 0; a < routes.size(); ++a) {
        const QRectF boundsA = routes[a].line.boundingRect().adjusted(-1, -1, 1, 1);
        for (size_t b = a + 1; b < routes.size(); ++b) {
            if (!boundsA.intersects(routes[b].line.boundingRect().adjusted(-1, -1, 1, 1)))
                continue;
            for (qsizetype i = 1; i < routes[a].line.size(); ++i)
                for (qsizetype j = 1; j < routes[b].line.size(); ++j)
                    crossings += segmentsCross({routes[a].line[i - 1], routes[a].line[i]},
                                               {routes[b].line[j - 1], routes[b].line[j]});
        }
    }
    return crossings;
}

int singlePageCrossings(const test::LoadedExample& l)
{
    const Diagram diagram(*l.doc, *l.engine);
    return countCrossings(diagram.routes());
}

} // namespace

TEST(SinglePageDrawing, CasExampleCrossesNoMoreThanGraphvizDot)
{
    // Graphviz dot, given the same edges with the sites as clusters, crosses 309 times (issue 25's
    // count; scripts/graphviz-crossings.py counts 435 on Debian 12's dot). The example as first
    // shipped crossed 498 times; its boxes were then moved (and nothing else changed) to cross 263.
    test::LoadedExample l = test::loadExample(u"cas-two-primaries.portolan"_s);
    const int shipped = singlePageCrossings(l);
    EXPECT_LE(shipped, 309) << "the example as shipped";
    // Arrange > Lay Out: 444 before the barycentre pass and swaps ordered sites, servers, client
    // groups and the columns beside them, 433 after.
    const Layout layout = computeLayout(*l.doc);
    l.doc->setGeometry(layout.nodes, layout.frames);
    const int laidOut = singlePageCrossings(l);
    EXPECT_LT(laidOut, 444) << "the example as Arrange > Lay Out draws it";
    RecordProperty("shipped", shipped);
    RecordProperty("laidOut", laidOut);
}
