#include "replacedesigncommand.h"

namespace portolan {

ReplaceDesignCommand::ReplaceDesignCommand(Document& document, Content after, const QString& text,
                                           QUndoCommand* parent)
    : QUndoCommand(text, parent), m_document(document), m_before(contentOf(document)),
      m_after(std::move(after))
{}

ReplaceDesignCommand::Content ReplaceDesignCommand::contentOf(const Document& document)
{
    Content c{document.info(), document.options(), document.zones(), {}, {}, {}};
    for (const auto& [id, site] : document.sites())
        c.sites << site;
    for (const auto& [id, node] : document.nodes())
        c.nodes << node;
    for (const auto& [id, link] : document.links())
        c.links << link;
    return c;
}

void ReplaceDesignCommand::apply(Document& document, const Content& c)
{
    document.reset(c.info, c.options, c.zones, c.sites, c.nodes, c.links);
}

void ReplaceDesignCommand::redo()
{
    apply(m_document, m_after);
}

void ReplaceDesignCommand::undo()
{
    apply(m_document, m_before);
}

} // namespace portolan
