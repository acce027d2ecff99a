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
