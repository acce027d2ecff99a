#pragma once

#include <QColor>
#include <QLineF>
#include <QPointF>
#include <QSet>
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
    QColor colour;         // by protocol, as edges are
    bool directed = false; // firewall view: from first to second only
    QString portList;      // firewall view: the ports themselves ("TCP 80, 443; UDP 67")
    QString ends;          // the two ends by name ("P01 – S01"), for the tooltip
    QString allPorts;      // every port it carries, for the tooltip (the label may only count them)
    QString label() const;
    QString toolTip() const;
};

// How far the edges are gathered. A branch is a primary with its secondaries (the CAS, a
// standalone primary and a node outside any site are branches of their own). Sites: one bundle
// per pair of sites inside a branch and one per pair of branches across them, drawn from the
// branch's primary; Branches, zoomed further out: one per pair of branches only.
enum class BundleLevel
{
    Sites,
    Branches
};
std::vector<EdgeBundle> bundleEdges(const Document& document, const FlowEngine& engine,
                                    BundleLevel level = BundleLevel::Sites);
// Both levels in one pass over the flows (what the canvas recomputes after each edit); branches
// is empty where no site is a secondary (the branches are the sites then).
struct BundleLevels
{
    std::vector<EdgeBundle> sites;
    std::vector<EdgeBundle> branches;
};
BundleLevels bundleEdgeLevels(const Document& document, const FlowEngine& engine);

// Both levels kept between edits, so that an edit gathers again only the bundles it changed (a
// server deleted on a large design: its site's bundles, not every flow's).
class BundleGatherer
{
public:
    // Every bundle (bundleEdgeLevels), kept.
    BundleLevels all(const Document& document, const FlowEngine& engine);
    // After edits whose changed flows all have an end among nodes (FlowEngine::flowsChanged's),
    // the sites as they were at the last gather: the bundles with an end where one of those nodes
    // is or was drawn, or a node drawn at another site than then, gathered again; the rest kept.
    // What all() would give, for a fraction of the flows.
    BundleLevels again(const Document& document, const FlowEngine& engine, const QSet<int>& nodes);
    // Forgets what was kept: the next again() gathers all.
    void clear() { m_siteOf.clear(); }

private:
    std::vector<int> m_siteOf; // each node's drawn site at the last gather, by id
    QString m_ends;            // the sites and the nodes outside them then (see again)
    BundleLevels m_levels;
};

// A zone's place in the firewall view: where its nodes are on average, and its name.
struct ZoneAnchor
{
    int zone = -1; // index in the document's zones; zones().size() for nodes without a zone
    QString name;
    QColor colour;
    QPointF centre;
    int nodes = 0;
};

// The firewall view: only the flows that cross a zone boundary, one bundle per ordered
// pair of zones (source zone to destination zone) with every port it needs; first and
// second are indices into the anchors.
struct ZoneView
{
    std::vector<ZoneAnchor> anchors;
    std::vector<EdgeBundle> bundles;
};
ZoneView bundleZones(const Document& document, const FlowEngine& engine);

} // namespace portolan
