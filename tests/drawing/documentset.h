#pragma once

// A diagram set of one page made straight from a document, for the writers' tests and benchmark
// while they need real hosts and real port labels without the diagram set's own layout: every
// node where the canvas has it, every site frame, one straight line per pair of hosts with both
// directions' ports. (buildDiagramSet lays out the real pages.)
#include "design/document.h"
#include "drawing/designrenderer.h"
#include "drawing/paper/diagramset.h"
#include "flows/flow.h"
#include "flows/flowengine.h"

#include <map>

namespace portolan::test {

inline DiagramSet documentSet(const Document& document, const FlowEngine& engine)
{
    using namespace Qt::StringLiterals;
    DiagramSet set;
    set.designName = document.info().name;
    set.date = u"2026-12-07"_s;
    DiagramPage page;
    page.kind = DiagramPage::Kind::Single;
    page.title = u"Whole design"_s;
    page.key = u"design"_s;
    QRectF bounds;
    for (const auto& [id, site] : document.sites())
        bounds |= site.frame;
    for (const auto& [id, n] : document.nodes())
        bounds |= DesignRenderer::nodeRect(n.position);
    const QPointF shift = QPointF(20, 20) - bounds.topLeft();
    for (const auto& [id, site] : document.sites())
        page.frames.push_back(
            {id, site.frame.translated(shift), site.code + u" · "_s + site.name, QColor(0x1e, 0x88, 0xe5)});
    std::map<int, int> index;
    QHash<QString, QString> zoneNames;
    for (const Zone& z : document.zones())
        zoneNames.insert(z.key, z.name);
    for (const auto& [id, n] : document.nodes()) {
        PageNode p;
        p.node = id;
        p.box = DesignRenderer::nodeRect(n.position).translated(shift);
        p.name = n.name;
        p.address = n.address;
        p.zone = zoneNames.value(n.zone);
        if (const Site* s = document.site(n.site))
            p.site = s->code;
        index[id] = int(page.nodes.size());
        page.nodes.push_back(p);
    }
    std::map<std::pair<int, int>, std::pair<std::vector<Flow>, std::vector<Flow>>> pairs;
    for (const Edge& e : engine.edges()) {
        const bool forward = e.source < e.destination;
        auto& both = pairs[{std::min(e.source, e.destination), std::max(e.source, e.destination)}];
        (forward ? both.first : both.second) = e.flows;
    }
    for (const auto& [ends, flows] : pairs) {
        PageEdge e;
        e.from = index.at(ends.first);
        e.to = index.at(ends.second);
        const QRectF& a = page.nodes[size_t(e.from)].box;
        const QRectF& b = page.nodes[size_t(e.to)].box;
        const QLineF line = DesignRenderer::edgeLine(a, b, false);
        e.line = QPolygonF{line.p1(), line.p2()};
        e.toForward = !flows.first.empty();
        e.toBackward = !flows.second.empty();
        QStringList parts;
        if (e.toForward)
            parts << u"→ "_s + flowLabel(flows.first);
        if (e.toBackward)
            parts << u"← "_s + flowLabel(flows.second);
        e.label = parts.join(u"  "_s);
        e.shown = e.label;
        e.labelBox = DesignRenderer::labelRect(line, e.label);
        std::vector<Flow> all = flows.first;
        all.insert(all.end(), flows.second.begin(), flows.second.end());
        e.colour = DesignRenderer::edgeColor(all);
        page.edges.push_back(e);
    }
    bounds.translate(shift);
    page.size = QSizeF(bounds.right() + 20, bounds.bottom() + 20);
    set.pageArea = page.size;
    set.pages.push_back(std::move(page));
    return set;
}

} // namespace portolan::test
