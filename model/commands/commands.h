#pragma once

#include "design/document.h"

#include <QHash>
#include <QUndoCommand>

namespace portolan {

// Undo commands: each takes the document (never a scene), captures its
// inputs in the constructor and does all its work in redo().

class AddNodeCommand : public QUndoCommand
{
public:
    AddNodeCommand(Document& document, const Node& node, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const { return m_node.id; }

private:
    Document& m_document;
    Node m_node;
};

class AddSiteCommand : public QUndoCommand
{
public:
    AddSiteCommand(Document& document, const Site& site, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int siteId() const { return m_site.id; }

private:
    Document& m_document;
    Site m_site;
};

class AddLinkCommand : public QUndoCommand
{
public:
    AddLinkCommand(Document& document, const Link& link, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document& m_document;
    Link m_link;
};

// Removes nodes, sites and links; members of a removed site stay, siteless,
// and come back into it on undo, as do the links of removed nodes.
class RemoveCommand : public QUndoCommand
{
public:
    RemoveCommand(Document& document, const QList<int>& nodes, const QList<int>& sites,
                  const QList<int>& links, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document& m_document;
    QList<int> m_nodeIds, m_siteIds, m_linkIds;
    QList<Node> m_nodes, m_detachedNodes;
    QList<Site> m_sites, m_detachedSites;
    QList<Link> m_links;
};

// Moves nodes and site frames; successive moves of the same items merge
// (keyboard nudges), and a mouse drag is pushed once, on release.
class MoveCommand : public QUndoCommand
{
public:
    MoveCommand(Document& document, const QHash<int, QPointF>& nodesFrom, const QHash<int, QPointF>& nodesTo,
                const QHash<int, QRectF>& framesFrom, const QHash<int, QRectF>& framesTo, bool mergeable,
                QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return m_mergeable ? 1 : -1; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    void apply(const QHash<int, QPointF>& nodes, const QHash<int, QRectF>& frames);
    Document& m_document;
    QHash<int, QPointF> m_nodesFrom, m_nodesTo;
    QHash<int, QRectF> m_framesFrom, m_framesTo;
    bool m_mergeable;
};

// Arrange > Lay Out: every node and frame where computeLayout() puts them, in one step.
// The layout is computed on the first redo(), from the design as it is then.
class LayoutCommand : public QUndoCommand
{
public:
    explicit LayoutCommand(Document& document, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document& m_document;
    bool m_computed = false;
    QHash<int, QPointF> m_nodesBefore, m_nodesAfter;
    QHash<int, QRectF> m_framesBefore, m_framesAfter;
};

// The one generic value change (Tiled's ChangeValue): a node, a site, or the
// design's info and options, from one state to another.
class ChangeNodeCommand : public QUndoCommand
{
public:
    ChangeNodeCommand(Document& document, const Node& before, const Node& after, const QString& text,
                      QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document& m_document;
    Node m_before, m_after;
};

class ChangeSiteCommand : public QUndoCommand
{
public:
    ChangeSiteCommand(Document& document, const Site& before, const Site& after, const QString& text,
                      QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    Document& m_document;
    Site m_before, m_after;
};

class ChangeDesignCommand : public QUndoCommand
{
public:
    ChangeDesignCommand(Document& document, const DesignInfo& info, const Options& options,
                        const QList<Zone>& zones, const QString& text, QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

private:
    void apply(const DesignInfo& info, const Options& options, const QList<Zone>& zones);
    Document& m_document;
    DesignInfo m_infoBefore, m_infoAfter;
    Options m_optionsBefore, m_optionsAfter;
    QList<Zone> m_zonesBefore, m_zonesAfter;
};

} // namespace portolan
