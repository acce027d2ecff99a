#pragma once

#include "flow.h"

#include <QList>
#include <QObject>
#include <QSet>

#include <memory>

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
    explicit FlowEngine(const Document& document, QObject* parent = nullptr);
    ~FlowEngine() override;

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
    int m_lastRecomputed = 0;
};

} // namespace portolan
