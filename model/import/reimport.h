#pragma once

#include "design/document.h"

#include <QList>
#include <QStringList>

namespace portolan {

// A fresh import laid over the open design: servers and client groups are
// matched by name, sites by code. What matches keeps its position, zone, key and
// the options the import does not speak for, and takes the imported roles,
// site, address and settings; what is new is added (placed in its site's frame
// or where the automatic layout puts it); what the import no longer has is
// kept and flagged, never deleted. Every link of the open design stays (the
// user drew some of them); imported links are added when missing.
struct MergedDesign
{
    DesignInfo info;
    QList<Site> sites;
    QList<Node> nodes;
    QList<Link> links;
    QStringList added;   // "server dp9.contoso.com", "site P03", "client group Branch 9"
    QStringList updated; // the matched items whose content changed
    QStringList flagged; // in the design, not in the import
};

MergedDesign mergeImport(const Document& current, const Document& imported);

} // namespace portolan
