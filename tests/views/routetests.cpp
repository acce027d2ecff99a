// Edge routes on a generated hierarchy laid out automatically, as the canvas draws them: no
// edge runs under a node box other than its own two ends', on a design too large to search
// round every box edge by edge, and the two directions of a pair keep apart.
#include "../bench/hierarchygenerator.h"
#include "canvas/canvasitems.h"
#include "canvas/designscene.h"
#include "commands/commands.h"
#include "design/document.h"
#include "drawing/designrenderer.h"
#include "drawing/diagram.h"
#include "drawing/rectgrid.h"
#include "flows/flowengine.h"
#include "testsupport.h"

#include "routechecks.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QImage>
#include <QLineF>
#include <QPainter>

#include <algorithm>
#include <functional>
#include <set>

#include <limits>
#include <memory>
#include <string>

using namespace Qt::StringLiterals;
using namespace portolan;
using namespace portolan::test;

TEST(Routes, OnAGeneratedHierarchyNoEdgeRunsUnderANodeBoxAndEachPairIsOneLine)
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
    ASSERT_GT(edges.size(), 20000);
    int under = 0, twoWay = 0;
    std::string firstUnder;
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
        twoWay += e->forward() && e->backward();
    }
    EXPECT_EQ(under, 0) << "edges under a node box, of " << edges.size() << "; the first: " << firstUnder;
    // Both directions of a pair are one line: as many lines as pairs of hosts with flows.
    std::set<std::pair<int, int>> pairs;
    for (const Edge& e : engine.edges())
        pairs.insert({std::min(e.source, e.destination), std::max(e.source, e.destination)});
    EXPECT_EQ(size_t(edges.size()), pairs.size());
    EXPECT_GT(twoWay, 100);
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

namespace {

// Draws the labels of `area` found crossed by a line: a label drawn alone on white marks its own
// ink (border, text and their anti-aliasing); everywhere else inside its box the picture must show
// the label's near-white background, not another edge's line. The picture is `area` at `scale`.
struct CrossedLabels
{
    int checked = 0;
    int crossed = 0;
    std::string first;
};

CrossedLabels crossedLabels(const QImage& picture, const QRectF& area, qreal scale,
                            const std::vector<Diagram::Label>& labels, const std::vector<QRectF>& nodeBoxes,
                            const DesignRenderer& renderer)
{
    CrossedLabels result;
    const auto nearWhite = [](QRgb p, int floor) {
        return qRed(p) >= floor && qGreen(p) >= floor && qBlue(p) >= floor;
    };
    // Every label and node box in the area: where a label meets another or a box (on paper, when
    // it has no room anywhere) is not a line's doing.
    std::vector<QRectF> boxes;
    for (const Diagram::Label& label : labels)
        if (label.box.intersects(area))
            boxes.push_back(label.box);
    for (const QRectF& box : nodeBoxes)
        if (box.intersects(area))
            boxes.push_back(box);
    for (const Diagram::Label& label : labels) {
        if (!area.adjusted(4, 4, -4, -4).contains(label.box))
            continue;
        std::vector<QRectF> others;
        for (const QRectF& box : boxes)
            if (box != label.box && box.intersects(label.box))
                others.push_back(QRectF((box.topLeft() - area.topLeft()) * scale, box.size() * scale)
                                     .adjusted(-2, -2, 2, 2));
        ++result.checked;
        const QRect pixels = QRectF((label.box.topLeft() - area.topLeft()) * scale, label.box.size() * scale)
                                 .toAlignedRect()
                                 .adjusted(-2, -2, 2, 2);
        QImage alone(pixels.size(), QImage::Format_ARGB32);
        alone.fill(Qt::white);
        QPainter painter(&alone);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.translate(-pixels.topLeft());
        painter.scale(scale, scale);
        painter.translate(-area.topLeft());
        renderer.drawEdgeLabel(&painter, label.box, label.colour, label.text, DesignRenderer::State::Normal,
                               1.0);
        painter.end();
        // Inside the border: the box less two units all round.
        const QRect inside = QRectF((label.box.topLeft() - area.topLeft()) * scale, label.box.size() * scale)
                                 .adjusted(2 * scale, 2 * scale, -2 * scale, -2 * scale)
                                 .toRect();
        int dark = 0;
        for (int y = inside.top(); y <= inside.bottom(); ++y) {
            for (int x = inside.left(); x <= inside.right(); ++x) {
                bool ink = false;
                for (int dy = -1; dy <= 1 && !ink; ++dy)
                    for (int dx = -1; dx <= 1 && !ink; ++dx)
                        ink = !nearWhite(alone.pixel(x + dx - pixels.left(), y + dy - pixels.top()), 245);
                const bool underAnother = std::any_of(others.begin(), others.end(), [&](const QRectF& box) {
                    return box.contains(QPointF(x, y));
                });
                if (!ink && !underAnother && !nearWhite(picture.pixel(x, y), 200))
                    ++dark;
            }
        }
        if (dark > 2 && result.crossed++ == 0)
            result.first = label.text.toStdString() + " at " + std::to_string(int(label.box.x())) + "," +
                           std::to_string(int(label.box.y())) + " (" + std::to_string(dark) + " pixels)";
    }
    return result;
}

// The site titles of `area` with another line drawn across them: a title is opaque, so inside it
// the picture must be the title drawn alone.
CrossedLabels crossedTitles(const QImage& picture, const QRectF& area, qreal scale, const Document& doc,
                            const DesignRenderer& renderer)
{
    CrossedLabels result;
    for (const auto& [id, site] : doc.sites()) {
        const QRectF title = DesignRenderer::siteTitleRect(site.frame);
        if (!area.adjusted(4, 4, -4, -4).contains(title))
            continue;
        ++result.checked;
        QImage alone(picture.size(), QImage::Format_ARGB32);
        alone.fill(Qt::white);
        QPainter painter(&alone);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        painter.scale(scale, scale);
        painter.translate(-area.topLeft());
        renderer.drawSiteTitle(&painter, site, site.frame, scale);
        painter.end();
        const QRect inside = QRectF((title.topLeft() - area.topLeft()) * scale, title.size() * scale)
                                 .adjusted(3 * scale, 3 * scale, -3 * scale, -3 * scale)
                                 .toRect();
        int differ = 0;
        for (int y = inside.top(); y <= inside.bottom(); ++y)
            for (int x = inside.left(); x <= inside.right(); ++x) {
                const QRgb a = alone.pixel(x, y), b = picture.pixel(x, y);
                differ += std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                                    std::abs(qBlue(a) - qBlue(b))}) > 40;
            }
        if (differ > 2 && result.crossed++ == 0)
            result.first = site.code.toStdString() + " (" + std::to_string(differ) + " pixels)";
    }
    return result;
}

} // namespace

// Where edges converge (round the CAS of the medium hierarchy), no edge's line is drawn across
// another edge's label or a site's title, on screen or on paper: they are painted above every line.
TEST(Routes, NoLineIsDrawnAcrossAnEdgeLabelOrASiteTitle)
{
    auto doc = generateHierarchy(kMedium);
    LayoutCommand(*doc).redo();
    FlowEngine engine(*doc);
    QRectF cas;
    for (const auto& [id, s] : doc->sites())
        if (s.kind == SiteKind::Cas)
            cas = s.frame;
    ASSERT_FALSE(cas.isNull());
    const QRectF area(cas.center() - QPointF(900, 600), QSizeF(1800, 1400));
    const qreal scale = 2;
    const auto picture = [&](const std::function<void(QPainter*)>& paint) {
        QImage image((area.size() * scale).toSize(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        paint(&painter);
        return image;
    };
    const DesignRenderer renderer(*doc);
    // What is painted above the labels: node boxes and site titles (a label with no room anywhere
    // may sit under one on paper; that is not a line drawn across it).
    std::vector<QRectF> nodeBoxes;
    for (const auto& [id, n] : doc->nodes())
        nodeBoxes.push_back(DesignRenderer::nodeRect(n.position));
    for (const auto& [id, s] : doc->sites())
        nodeBoxes.push_back(DesignRenderer::siteTitleRect(s.frame));

    DesignScene scene(*doc, engine);
    std::vector<Diagram::Label> onScreen;
    for (const EdgeItem* e : scene.edgeItems())
        if (e->isVisible() && !e->labelRect().isEmpty())
            onScreen.push_back({e->labelRect(), e->shownLabel(), e->colour()});
    const QImage screen = picture([&](QPainter* p) { scene.render(p, QRectF(), area); });
    // Labels and site titles of one picture, on screen or on paper.
    const auto expectClear = [&](const QImage& image, const std::vector<Diagram::Label>& labels,
                                 const std::string& where) {
        const CrossedLabels crossed = crossedLabels(image, area, scale, labels, nodeBoxes, renderer);
        EXPECT_GT(crossed.checked, 20);
        const CrossedLabels titles = crossedTitles(image, area, scale, *doc, renderer);
        EXPECT_GT(titles.checked, 1);
        EXPECT_EQ(titles.crossed, 0) << "site titles " << where << "; the first: " << titles.first;
        EXPECT_EQ(crossed.crossed, 0)
            << "of " << crossed.checked << " labels " << where << "; the first: " << crossed.first;
    };
    expectClear(screen, onScreen, "on screen");

    const Diagram diagram(*doc, engine);
    const QImage paper = picture([&](QPainter* p) {
        p->scale(scale, scale);
        p->translate(-area.topLeft());
        diagram.paint(p);
    });
    expectClear(paper, diagram.labels(), "on paper");
}

// On paper a label with no room anywhere sits where it covers least, perhaps on another label; a
// whole label (no callout number) has no appendix entry to fall back on, so no label is painted
// over it. On the examples as saved and on the medium hierarchy laid out.
TEST(Routes, OnPaperNoLabelIsPaintedOverAWholeLabel)
{
    std::vector<std::pair<std::string, std::unique_ptr<Document>>> designs;
    for (const QString& name : test::exampleNames())
        designs.emplace_back(name.toStdString(), std::move(test::loadExample(name).doc));
    designs.emplace_back("medium", generateHierarchy(kMedium));
    LayoutCommand(*designs.back().second).redo();
    int overlaps = 0;
    for (const auto& [name, doc] : designs) {
        SCOPED_TRACE(name);
        FlowEngine engine(*doc);
        const std::vector<Diagram::Label> labels = Diagram(*doc, engine).labels();
        EXPECT_FALSE(labels.empty());
        for (size_t i = 0; i < labels.size(); ++i) {
            if (labels[i].text.endsWith(u']'))
                continue; // shortened, with a callout number: the appendix has its ports
            // Everything painted after a whole label must miss it.
            for (size_t j = i + 1; j < labels.size(); ++j) {
                if (labels[j].box.intersects(labels[i].box.adjusted(1, 1, -1, -1))) {
                    ++overlaps;
                    ADD_FAILURE() << "'" << labels[j].text.toStdString() << "' painted over '"
                                  << labels[i].text.toStdString() << "'";
                    break;
                }
            }
        }
    }
    EXPECT_EQ(overlaps, 0);
}

// A node the document moves onto an edge's route (a drag made into a command, undo, redo) makes
// the edge go round it, as the edges of the node itself do.
TEST(Routes, AnEdgeGoesRoundANodeMovedOntoIt)
{
    const test::LoadedExample l = test::loadExample(u"cas-two-primaries.portolan"_s);
    Document& doc = *l.doc;
    DesignScene scene(doc, *l.engine);
    // The longest edge, and a node of neither end to drop in its middle.
    const EdgeItem* longest = nullptr;
    qreal length = 0;
    for (const EdgeItem* e : scene.edgeItems()) {
        const qreal here = QLineF(e->route().first(), e->route().last()).length();
        if (here > length) {
            length = here;
            longest = e;
        }
    }
    ASSERT_NE(longest, nullptr);
    const QPointF middle = DesignRenderer::pointAlong(longest->route(), 0.5);
    const QRectF box = DesignRenderer::nodeRect(middle);
    int dropped = -1;
    for (const auto& [id, n] : doc.nodes())
        if (id != longest->from() && id != longest->to() &&
            !box.intersects(DesignRenderer::nodeRect(doc.node(longest->from())->position)) &&
            !box.intersects(DesignRenderer::nodeRect(doc.node(longest->to())->position)))
            dropped = id;
    ASSERT_GE(dropped, 0);
    const auto under = [&box](const QPolygonF& route) {
        for (qsizetype i = 1; i < route.size(); ++i)
            if (entersBox(QLineF(route[i - 1], route[i]), box))
                return true;
        return false;
    };
    ASSERT_TRUE(under(longest->route())) << "the middle of its route is under the box to come";

    MoveCommand(doc, {{dropped, doc.node(dropped)->position}}, {{dropped, middle}}, {}, {}, false).redo();
    QCoreApplication::processEvents();
    int covered = 0;
    for (const EdgeItem* e : scene.edgeItems()) {
        if (e->from() == dropped || e->to() == dropped)
            continue;
        const QRectF from = DesignRenderer::nodeRect(doc.node(e->from())->position);
        const QRectF to = DesignRenderer::nodeRect(doc.node(e->to())->position);
        if (from.intersects(box) || to.intersects(box))
            continue; // an end under the dropped box: nothing can go round that
        if (under(e->route()) && covered++ == 0)
            ADD_FAILURE() << "an edge under the moved node: " << describe(e->route());
    }
    EXPECT_EQ(covered, 0);
}
