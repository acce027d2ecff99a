#pragma once

#include "catalog/portspec.h"

#include <QString>

#include <vector>

namespace portolan {

// One directional flow between two design nodes (document ids), from one
// catalog row, with the port the design's options put in force.
struct Flow
{
    int source = -1;
    int destination = -1;
    int row = -1; // catalog row index
    PortSpec port;
    Protocol protocol = Protocol::Tcp;
    bool local = false;   // both ends on the same server: no network crossed
    bool proxied = false; // internet-bound, sent to the design's proxy (note 1)

    friend bool operator==(const Flow&, const Flow&) = default;
};

// The flows of one ordered pair of different nodes, as drawn on the canvas.
struct Edge
{
    int source = -1;
    int destination = -1;
    std::vector<Flow> flows;
};

// A compact edge label: "TCP 80, 135, 443, 49152-65535; UDP 135; ICMP".
QString flowLabel(const std::vector<Flow>& flows);

} // namespace portolan
