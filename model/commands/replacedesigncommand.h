#pragma once

#include "design/document.h"

#include <QUndoCommand>

namespace portolan {

// Replaces the whole content of the design (a re-import) in one undoable step.
// Ids are kept as given, so undo puts back exactly what was there.
class ReplaceDesignCommand : public QUndoCommand
{
public:
    using Content = DesignContent;
    ReplaceDesignCommand(Document& document, Content after, const QString& text,
                         QUndoCommand* parent = nullptr);
    void redo() override;
    void undo() override;

    static Content contentOf(const Document& document) { return document.content(); }

private:
    Document& m_document;
    Content m_before;
    Content m_after;
};

} // namespace portolan
