#include "replacedesigncommand.h"

namespace portolan {

ReplaceDesignCommand::ReplaceDesignCommand(Document& document, Content after, const QString& text,
                                           QUndoCommand* parent)
    : QUndoCommand(text, parent), m_document(document), m_before(contentOf(document)),
      m_after(std::move(after))
{}

void ReplaceDesignCommand::redo()
{
    m_document.reset(m_after);
}

void ReplaceDesignCommand::undo()
{
    m_document.reset(m_before);
}

} // namespace portolan
