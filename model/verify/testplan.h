#pragma once

#include "catalog/portspec.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace portolan {

class Document;
class FlowEngine;

// One test of the port test script and one line of `portolan verify`: the
// non-local flows of the design that share source, destination, protocol and
// port (several catalog rows may need the same port) are one test.
struct TestFlow
{
    int source = -1;
    int destination = -1;
    Protocol protocol = Protocol::Tcp;
    PortSpec port;        // a single port or a range; None for ICMP
    QStringList services; // catalog descriptions of the rows it stands for
    QString address;      // the one address a probe can reach, or empty
    QString skip;         // why the probe cannot test it (empty when it can)

    // The port text the results file uses: "443", "49152-65535", "" for ICMP.
    QString portText() const { return port.toString(); }
};

// Every test of the design, sorted by source, destination, protocol and port.
std::vector<TestFlow> testFlows(const Document& document, const FlowEngine& engine);

// The ports a probe tests for a port spec: the port itself, or for a range
// its first and last port and three evenly between (every port of a range of
// five or fewer); empty for ICMP.
QList<quint16> samplePorts(const PortSpec& port);

} // namespace portolan
