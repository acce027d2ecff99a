#include "testplan.h"

#include "catalog/catalog.h"
#include "design/document.h"
#include "flows/flowengine.h"

#include <map>
#include <tuple>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// The address a probe connects to: the node's address when it is one host
// (an address, or a /32 or /128), else a server's host name, which DNS
// resolves; client groups, consoles with subnets and the internet have none.
QString probeAddress(const Node& node)
{
    QString address = node.address.section(u'/', 0, 0);
    if (node.address.contains(u'/') && !node.address.endsWith(u"/32") && !node.address.endsWith(u"/128"))
        address.clear();
    if (address.isEmpty() && node.kind == NodeKind::Server)
        address = node.name;
    return address;
}

} // namespace

std::vector<TestFlow> testFlows(const Document& document, const FlowEngine& engine)
{
    std::map<std::tuple<int, int, int, PortSpec>, TestFlow> tests;
    for (const Flow& f : engine.flows()) {
        if (f.local || f.source == f.destination)
            continue;
        const PortSpec port = f.protocol == Protocol::Icmp ? PortSpec{} : f.port;
        TestFlow& t = tests[{f.source, f.destination, int(f.protocol), port}];
        if (t.source < 0) {
            t.source = f.source;
            t.destination = f.destination;
            t.protocol = f.protocol;
            t.port = port;
            const Node* d = document.node(f.destination);
            t.address = d ? probeAddress(*d) : QString();
            if (t.address.isEmpty())
                t.skip = u"the destination has no single address in the design (test against one of its "
                         u"devices)"_s;
        }
        const QString service = document.catalog().rows().at(f.row).description;
        if (!t.services.contains(service))
            t.services << service;
    }
    std::vector<TestFlow> out;
    out.reserve(tests.size());
    for (auto& [key, test] : tests)
        out.push_back(std::move(test));
    return out;
}

QList<quint16> samplePorts(const PortSpec& port)
{
    if (port.kind == PortSpec::Kind::Single)
        return {port.first};
    if (port.kind != PortSpec::Kind::Range)
        return {};
    const int count = port.last - port.first + 1;
    QList<quint16> ports;
    if (count <= 5) {
        for (int p = port.first; p <= port.last; ++p)
            ports << quint16(p);
        return ports;
    }
    ports << port.first;
    for (int k = 1; k <= 3; ++k)
        ports << quint16(port.first + (count - 1) * k / 4);
    ports << port.last;
    return ports;
}

} // namespace portolan
