#pragma once

#include <QColor>
#include <QLineF>
#include <QString>

#include <vector>

namespace portolan {

class Document;
class FlowEngine;

// The edges of a design gathered for low zoom: one bundle per pair of sites (flows in
// both directions between the nodes drawn with each site), a node outside any site
// counting as its own end. Labelled with how many distinct ports it carries.
struct EdgeBundle
{
    int first = -1;  // site id, or -1 - node id for a node outside any site
    int second = -1; // likewise; first < second
    QLineF line;     // between the two ends' centres
    int ports = 0;   // distinct protocol and port (or range) pairs
    int flows = 0;
    QColor colour; // by protocol, as edges are
    QString label() const;
};

std::vector<EdgeBundle> bundleEdges(const Document& document, const FlowEngine& engine);

} // namespace portolan
