#pragma once

#include "flow.h"

#include <QList>
#include <QObject>
#include <QSet>

#include <functional>
#include <memory>
#include <span>

namespace portolan {

class Catalog;
class Document;
struct Node;
struct Site;
struct Link;

// Computes every flow a design needs, as DOMAIN.md sections 3 and 4
// describe: for each catalog row, the pairs of nodes its scope relates, kept
// when the row's conditions hold for the options of those nodes, with the
// port the options put in force. It follows the document's signals and
// recomputes only the nodes a change touches.
class FlowEngine : public QObject
{
    Q_OBJECT
public:
    enum class Compute
    {
        // Every flow up front, then again for what each edit of the document touches.
        All,
        // Nothing up front: for one read of a document that does not change while the engine
        // lives (a command that checks a design). Only flowsFromNode() gives flows; the
        // document's signals are not followed.
        OnDemand
    };
    explicit FlowEngine(const Document& document, QObject* parent = nullptr)
        : FlowEngine(document, Compute::All, parent)
    {}
    FlowEngine(const Document& document, Compute compute, QObject* parent = nullptr);
    ~FlowEngine() override;

    // One node's flows made now into `into` (cleared first): the same, in the same order, as
    // flowsFrom(node) after a full computation, without making any other node's.
    void flowsFromNode(int node, std::vector<Flow>& into) const;
    // A node's flows, in the order flowsFrom() lists them, handed to `see` until it returns true:
    // all at once where the engine keeps them, else made now a catalog row at a time, so that a
    // reader who has seen enough stops the making. Not for nested use on one thread.
    using FlowsSeen = std::function<bool(std::span<const Flow>)>;
    void visitFlowsFrom(int node, const FlowsSeen& see) const;
    // The flows whose destination is this node, from every source, into `into` (cleared first):
    // those flowsInto(node) gives, kept or made now, in no set order.
    void flowsIntoNode(int node, std::vector<Flow>& into) const;

    // Everything from scratch (also done on construction and document reset).
    void recomputeAll();
    // Flows from and to these nodes only; the rest is kept as it is.
    void recompute(const QSet<int>& nodes);

    std::vector<Flow> flows() const;
    const std::vector<Flow>& flowsFrom(int node) const;
    std::vector<Flow> flowsInto(int destination) const;
    std::vector<Flow> flowsBetween(int source, int destination) const;
    std::vector<Edge> edges() const;
    size_t flowCount() const;
    // How many nodes the last recomputation regenerated (all of them for a full one).
    int lastRecomputedNodes() const { return m_lastRecomputed; }

Q_SIGNALS:
    // Flows from or to these nodes changed; an empty list means all of them.
    void flowsChanged(const QList<int>& nodes);

private:
    void connectDocument();
    // With onlyTheseNodesChanged, the index updates those nodes' entries instead of being rebuilt.
    void recomputeNodes(const QSet<int>& nodes, bool onlyTheseNodesChanged);
    void nodeEvent(int id, const Node* before);
    void siteEvent(const Site& site, int oldParent);
    void linkEvent(const Link& link);

    class Impl;
    std::unique_ptr<Impl> d;
    const Document& m_document;
    Compute m_compute = Compute::All;
    int m_lastRecomputed = 0;
};

} // namespace portolan
