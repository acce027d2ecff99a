// Automatic layout: what a reader of the diagram relies on, checked on the
// bundled examples and on generated hierarchies up to the large one.
#include "../bench/hierarchygenerator.h"
#include "commands/commands.h"
#include "design/document.h"
#include "layout/autolayout.h"
#include "testsupport.h"

#include <gtest/gtest.h>

#include <QUndoStack>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

const LayoutOptions kOptions;

QRectF box(QPointF centre)
{
    const QSizeF s = kOptions.nodeSize;
    return {centre - QPointF(s.width() / 2, s.height() / 2), s};
}

// Pairs of rectangles that overlap (touching edges do not count), by a sweep along x.
std::vector<std::pair<int, int>> overlaps(const QHash<int, QRectF>& rects)
{
    std::vector<std::pair<int, QRectF>> sorted(rects.keyValueBegin(), rects.keyValueEnd());
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.second.left() < b.second.left(); });
    std::vector<std::pair<int, int>> found;
    for (size_t i = 0; i < sorted.size(); ++i)
        for (size_t j = i + 1; j < sorted.size() && sorted[j].second.left() < sorted[i].second.right(); ++j)
            if (sorted[i].second.intersected(sorted[j].second).isValid() &&
                !sorted[i].second.intersected(sorted[j].second).isEmpty())
                found.emplace_back(sorted[i].first, sorted[j].first);
    return found;
}

int mainRole(const Node& n)
{
    return n.roles.isEmpty() ? 1 << 20 : *std::min_element(n.roles.begin(), n.roles.end());
}

qreal distance(const QRectF& a, const QRectF& b)
{
    const qreal dx = std::max({0.0, a.left() - b.right(), b.left() - a.right()});
    const qreal dy = std::max({0.0, a.top() - b.bottom(), b.top() - a.bottom()});
    return std::hypot(dx, dy);
}

// Everything the layout promises, for any design.
void expectReadableLayout(const Document& doc, const Layout& layout, const std::string& name)
{
    ASSERT_EQ(size_t(layout.nodes.size()), doc.nodes().size()) << name;
    ASSERT_EQ(size_t(layout.frames.size()), doc.sites().size()) << name;
    QHash<int, QRectF> boxes;
    for (auto it = layout.nodes.begin(); it != layout.nodes.end(); ++it)
        boxes.insert(it.key(), box(it.value()));
    EXPECT_EQ(overlaps(boxes).size(), 0u) << name << ": node boxes overlap";
    EXPECT_EQ(overlaps(layout.frames).size(), 0u) << name << ": site frames overlap";

    qreal framesLeft = 1e18, framesRight = -1e18;
    for (const QRectF& f : layout.frames) {
        framesLeft = std::min(framesLeft, f.left());
        framesRight = std::max(framesRight, f.right());
    }
    // Which frames each node box meets: only a server's own.
    QHash<int, QRectF> everything = boxes;
    for (auto it = layout.frames.begin(); it != layout.frames.end(); ++it)
        everything.insert(-1 - it.key(), it.value()); // frames as negative ids
    for (const auto& [a, b] : overlaps(everything)) {
        const int node = a >= 0 ? a : b;
        const int frame = a >= 0 ? -1 - b : -1 - a;
        if (a < 0 && b < 0)
            continue; // frame with frame: checked above
        if (a >= 0 && b >= 0)
            continue; // node with node: checked above
        const Node* n = doc.node(node);
        EXPECT_TRUE(n->kind == NodeKind::Server && n->site == frame)
            << name << ": " << n->name.toStdString() << " is drawn on the frame of site "
            << doc.site(frame)->code.toStdString();
    }
    for (const auto& [id, n] : doc.nodes()) {
        const QRectF b = boxes.value(id);
        if (n.kind == NodeKind::Server && doc.site(n.site)) {
            EXPECT_TRUE(layout.frames.value(n.site).contains(b))
                << name << ": " << n.name.toStdString() << " is outside its site's frame";
        }
        if (n.kind == NodeKind::Console) {
            EXPECT_LT(b.right(), framesLeft) << name << ": consoles stand left of the sites";
        }
        if (n.kind == NodeKind::Endpoint && !doc.sites().empty()) {
            EXPECT_GT(b.left(), framesRight) << name << ": external endpoints stand right of the sites";
        }
    }
    // Tiers: the CAS above the primaries, each secondary below its parent.
    for (const auto& [id, s] : doc.sites()) {
        const Site* parent = doc.site(s.parent);
        if (parent) {
            EXPECT_GT(layout.frames.value(id).top(), layout.frames.value(s.parent).bottom())
                << name << ": " << s.code.toStdString() << " is not below " << parent->code.toStdString();
        }
    }
    // Servers of a frame in reading order are grouped by role.
    std::map<int, std::vector<int>> members;
    for (const auto& [id, n] : doc.nodes())
        if (n.kind == NodeKind::Server && doc.site(n.site))
            members[n.site].push_back(id);
    for (auto& [site, ids] : members) {
        std::sort(ids.begin(), ids.end(), [&](int a, int b) {
            const QPointF pa = layout.nodes.value(a), pb = layout.nodes.value(b);
            return pa.y() != pb.y() ? pa.y() < pb.y() : pa.x() < pb.x();
        });
        for (size_t i = 1; i < ids.size(); ++i)
            EXPECT_LE(mainRole(*doc.node(ids[i - 1])), mainRole(*doc.node(ids[i])))
                << name << ": servers of " << doc.site(site)->code.toStdString() << " not grouped by role";
    }
}

// Client groups hang under the frame of the site whose systems serve them: of the frames
// above a group, that one is the nearest.
void expectGroupsNextToTheirSites(const Document& doc, const Layout& layout)
{
    for (const auto& [id, l] : doc.links()) {
        if (l.kind != LinkKind::Boundary)
            continue;
        const int serving = doc.node(l.to)->site;
        const QRectF group = box(layout.nodes.value(l.from));
        const qreal own = distance(group, layout.frames.value(serving));
        ASSERT_LT(layout.frames.value(serving).bottom(), group.top());
        for (auto it = layout.frames.begin(); it != layout.frames.end(); ++it) {
            if (it.value().bottom() >= group.top())
                continue;
            ASSERT_LE(own, distance(group, it.value()))
                << doc.node(l.from)->name.toStdString() << " is nearer site "
                << doc.site(it.key())->code.toStdString();
        }
    }
}

} // namespace

TEST(Layout, ExamplesAreLaidOutWithoutOverlaps)
{
    for (const QString& name : test::exampleNames()) {
        const test::LoadedExample l = test::loadExample(name);
        EXPECT_TRUE(hasCoordinates(*l.doc)) << "the examples are drawn by hand";
        expectReadableLayout(*l.doc, computeLayout(*l.doc), name.toStdString());
    }
}

TEST(Layout, GeneratedHierarchiesAreLaidOutInTiersWithoutOverlaps)
{
    const std::pair<const char*, HierarchySize> sizes[] = {
        {"small", kSmall}, {"medium", kMedium}, {"large", kLarge}};
    for (const auto& [name, size] : sizes) {
        const auto doc = generateHierarchy(size);
        EXPECT_FALSE(hasCoordinates(*doc)) << name << ": generated designs come without coordinates";
        const Layout layout = computeLayout(*doc);
        expectReadableLayout(*doc, layout, name);
        expectGroupsNextToTheirSites(*doc, layout);
    }
}

TEST(Layout, LayOutIsOneUndoableStep)
{
    const auto doc = generateHierarchy(kMedium);
    QUndoStack stack;
    int signals = 0;
    QObject::connect(doc.get(), &Document::geometryChanged, [&signals] { ++signals; });
    stack.push(new LayoutCommand(*doc));
    EXPECT_EQ(signals, 1) << "one notification for the whole layout, not one per node";
    EXPECT_TRUE(hasCoordinates(*doc));
    const Layout expected = computeLayout(*doc);
    for (const auto& [id, n] : doc->nodes())
        ASSERT_EQ(n.position, expected.nodes.value(id));
    for (const auto& [id, s] : doc->sites())
        ASSERT_EQ(s.frame, expected.frames.value(id));
    EXPECT_EQ(stack.text(0), u"Lay out"_s);
    stack.undo();
    EXPECT_FALSE(hasCoordinates(*doc)) << "undo puts everything back at the origin";
    stack.redo();
    for (const auto& [id, n] : doc->nodes())
        ASSERT_EQ(n.position, expected.nodes.value(id));
}

TEST(Layout, SitesInAParentCycleAreStillPlaced)
{
    Document doc(Catalog::builtin());
    Site a;
    a.code = u"P01"_s;
    a.key = u"a"_s;
    const int ida = doc.addSite(a);
    Site b;
    b.code = u"S01"_s;
    b.key = u"b"_s;
    b.kind = SiteKind::Secondary;
    b.parent = ida;
    const int idb = doc.addSite(b);
    Site cyclic = *doc.site(ida);
    cyclic.parent = idb;
    doc.updateSite(cyclic);
    const Layout layout = computeLayout(doc);
    EXPECT_EQ(layout.frames.size(), 2);
    EXPECT_TRUE(overlaps(layout.frames).empty());
}
