#pragma once

#include "design/document.h"
#include "selection.h"

#include <QHash>
#include <QObject>
#include <QUndoStack>

#include <memory>
#include <optional>

namespace portolan {

class DesignScene;
class FlowEngine;

// Owns the open design, its flow engine and undo stack, and turns gestures
// reported by the canvas and panels into undo commands. Knows no widgets
// beyond the scene it queries for geometry and selection.
class DesignController : public QObject
{
    Q_OBJECT
public:
    explicit DesignController(QObject* parent = nullptr);
    ~DesignController() override;

    Document& document() { return *m_document; }
    const Document& document() const { return *m_document; }
    FlowEngine& engine() { return *m_engine; }
    QUndoStack& undoStack() { return m_undo; }
    DesignScene& scene() { return *m_scene; }
    // What is selected, by id: the canvas mirrors it both ways.
    Selection& selection() { return m_selection; }
    const Selection& selection() const { return m_selection; }
    // The sites the selection stands for: those selected, then those of the selected nodes
    // (each once, in that order).
    QList<int> sitesOfSelection() const;

    QString filePath() const { return m_path; }
    bool isModified() const { return !m_undo.isClean(); }
    void newDesign();
    bool open(const QString& path, QString* error, QStringList* warnings);
    bool save(const QString& path, QString* error);
    // File > Save a Copy: the design as it is, under a new identity, without opening the copy.
    bool saveCopy(const QString& path, QString* error) const;
    // Save As of a design never named: it takes the file's name (one undo step), so that the
    // title block and the exports do not all say "Untitled design".
    void nameAfterFile(const QString& path);
    // Opens a recovery copy in place of `originalPath` (empty for a design
    // never saved), with its changes unsaved so that the next save keeps them.
    bool restore(const QString& copyPath, const QString& originalPath, QString* error);
    // Whether the open file differs on disk from what was last opened or saved
    // (another program changed, replaced or removed it).
    bool fileChangedOnDisk() const;
    // SHA-256 of the open file as it was last opened or saved (empty for none).
    QByteArray diskDigest() const { return m_diskDigest; }
    // SHA-256 of a regular file's content, empty when it cannot be read.
    static QByteArray fileDigest(const QString& path);

    // Gestures.
    void dropPaletteItem(const QString& key, QPointF position);
    void applyMoves(const QHash<int, QPointF>& nodesFrom, const QHash<int, QPointF>& nodesTo,
                    const QHash<int, QRectF>& framesFrom, const QHash<int, QRectF>& framesTo);
    bool requestLink(int from, int to);
    void deleteSelection();
    void selectAll();
    QByteArray copySelection() const;
    // Pastes what copySelection() produced, in this design or another; content
    // that does not read as a design is refused with a message.
    bool paste(const QByteArray& data);
    void duplicateSelection();
    void alignSelection(Qt::Alignment edge);
    void distributeSelection(Qt::Orientation orientation);
    void nudgeSelection(QPointF delta);
    // Arrange > Lay Out: the automatic layout of the whole design, one undoable step.
    void layOut();

    // Edits that the file format could not hold (DesignRules) are refused
    // with a message and return false.
    bool editNode(const Node& before, const Node& after, const QString& text);
    // The same field set on several nodes: one undo step.
    bool editNodes(const QList<Node>& before, const QList<Node>& after, const QString& text);
    bool editSite(const Site& before, const Site& after, const QString& text);
    bool editDesign(const DesignInfo& info, const Options& options, const QString& text);
    bool editZones(const QList<Zone>& zones, const QString& text);

    static constexpr const char* kClipboardMime = "application/x-portolan-nodes";

Q_SIGNALS:
    void message(const QString& text);
    void filePathChanged(const QString& path);

private:
    int addServerAt(int role, QPointF position);
    QString uniqueName(const QString& prefix) const;
    QString uniqueLabel(const QString& base) const;
    QString uniqueKey(const QString& prefix) const;
    QString freeSiteCode(SiteKind kind) const;
    std::optional<LinkKind> linkKindFor(const Node& from, const Node& to) const;
    void growFrameToHold(int site, QPointF centre, QUndoCommand* parent);
    void setPath(const QString& path);
    bool refuse(const QString& what, const QString& problem);

    std::unique_ptr<Document> m_document;
    std::unique_ptr<FlowEngine> m_engine;
    QUndoStack m_undo;
    Selection m_selection;
    DesignScene* m_scene = nullptr;
    QString m_path;
    QByteArray m_diskDigest; // of the file as last opened or saved
};

} // namespace portolan
