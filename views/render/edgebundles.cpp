#include "edgebundles.h"

#include "design/document.h"
#include "designrenderer.h"
#include "flows/flowengine.h"
#include "layout/autolayout.h"

#include <QCoreApplication>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace portolan {

QString EdgeBundle::label() const
{
    if (!portList.isEmpty())
        return portList;
    return ports == 1 ? QCoreApplication::translate("EdgeBundle", "1 port")
                      : QCoreApplication::translate("EdgeBundle", "%1 ports").arg(ports);
}

std::vector<EdgeBundle> bundleEdges(const Document& document, const FlowEngine& engine)
{
    const QHash<int, int> sites = drawnSites(document);
    const auto end = [&](int node) {
        const int site = sites.value(node, -1);
        return site >= 0 ? site : -1 - node;
    };
    const auto centre = [&](int key) {
        if (key >= 0)
            return document.site(key)->frame.center();
        return document.node(-1 - key)->position;
    };
    struct Gathered
    {
        std::set<std::tuple<int, int, int>> ports;
        int flows = 0;
        bool tcp = false, udp = false;
    };
    std::map<std::pair<int, int>, Gathered> pairs;
    for (const auto& [id, n] : document.nodes()) {
        const int from = end(id);
        for (const Flow& f : engine.flowsFrom(id)) {
            if (f.local)
                continue;
            const int to = end(f.destination);
            if (to == from)
                continue; // inside one site: not part of any bundle
            Gathered& g = pairs[{std::min(from, to), std::max(from, to)}];
            g.ports.emplace(int(f.protocol), f.port.first, f.port.last);
            ++g.flows;
            g.tcp = g.tcp || f.protocol == Protocol::Tcp;
            g.udp = g.udp || f.protocol == Protocol::Udp;
        }
    }
    std::vector<EdgeBundle> result;
    result.reserve(pairs.size());
    for (const auto& [key, g] : pairs) {
        EdgeBundle b;
        b.first = key.first;
        b.second = key.second;
        b.line = QLineF(centre(key.first), centre(key.second));
        b.ports = int(g.ports.size());
        b.flows = g.flows;
        std::vector<Flow> sample(2);
        sample[0].protocol = g.tcp ? Protocol::Tcp : Protocol::Icmp;
        sample[1].protocol = g.udp ? Protocol::Udp : Protocol::Icmp;
        b.colour = DesignRenderer::edgeColor(sample);
        result.push_back(b);
    }
    return result;
}

} // namespace portolan

namespace portolan {

ZoneView bundleZones(const Document& document, const FlowEngine& engine)
{
    ZoneView view;
    const QList<Zone>& zones = document.zones();
    const auto zoneOf = [&](const Node& n) {
        for (qsizetype i = 0; i < zones.size(); ++i)
            if (zones[i].key == n.zone)
                return int(i);
        return int(zones.size()); // no zone (or an unknown one)
    };
    view.anchors.resize(size_t(zones.size()) + 1);
    for (qsizetype i = 0; i <= zones.size(); ++i) {
        ZoneAnchor& a = view.anchors[size_t(i)];
        a.zone = int(i);
        a.name = i < zones.size() ? zones[i].name : QCoreApplication::translate("EdgeBundle", "No zone");
        a.colour = i < zones.size() && QColor::isValidColorName(zones[i].color)
                       ? QColor::fromString(zones[i].color)
                       : QColor(0x78, 0x90, 0x9c);
    }
    std::vector<QPointF> sums(view.anchors.size());
    std::map<std::pair<int, int>, std::vector<Flow>> pairs;
    for (const auto& [id, n] : document.nodes()) {
        const int from = zoneOf(n);
        sums[size_t(from)] += n.position;
        ++view.anchors[size_t(from)].nodes;
        for (const Flow& f : engine.flowsFrom(id)) {
            const int to = zoneOf(*document.node(f.destination));
            if (!f.local && to != from)
                pairs[{from, to}].push_back(f);
        }
    }
    for (size_t i = 0; i < view.anchors.size(); ++i)
        if (view.anchors[i].nodes > 0)
            view.anchors[i].centre = sums[i] / view.anchors[i].nodes;
    for (auto& [key, flows] : pairs) {
        EdgeBundle b;
        b.first = key.first;
        b.second = key.second;
        b.directed = true;
        b.line = QLineF(view.anchors[size_t(key.first)].centre, view.anchors[size_t(key.second)].centre);
        b.flows = int(flows.size());
        std::set<std::tuple<int, int, int>> ports;
        for (const Flow& f : flows)
            ports.emplace(int(f.protocol), f.port.first, f.port.last);
        b.ports = int(ports.size());
        b.portList = flowLabel(flows);
        b.colour = DesignRenderer::edgeColor(flows);
        view.bundles.push_back(std::move(b));
    }
    // Zones without nodes have no place on the drawing.
    view.anchors.erase(std::remove_if(view.anchors.begin(), view.anchors.end(),
                                      [](const ZoneAnchor& a) { return a.nodes == 0; }),
                       view.anchors.end());
    std::map<int, int> index;
    for (size_t i = 0; i < view.anchors.size(); ++i)
        index[view.anchors[i].zone] = int(i);
    for (EdgeBundle& b : view.bundles) {
        b.first = index[b.first];
        b.second = index[b.second];
    }
    return view;
}

} // namespace portolan
