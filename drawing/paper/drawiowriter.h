#pragma once

#include <QString>
#include <QStringList>

class QIODevice;

namespace portolan {

struct DiagramSet;

// The diagram set as a draw.io (diagrams.net) file: uncompressed mxGraph XML, so that it diffs in
// version control. One <diagram> per page of the set. Hosts are vertices whose data (zone, site,
// roles, address) are attributes of their <object>; site frames and zone bands are containers,
// the parent of what they hold; every edge names its two hosts as source and target, carries
// its port label as its value, an arrow at each end that opens a port there, the paper's colour
// and the route's bends as waypoints. Title block, legend and table are vertices too. Text is
// never HTML (html=0): a name shows as written.
bool writeDiagramSetDrawio(const DiagramSet& set, QIODevice& device, QString* error);
// Through OutputFile: nothing written on failure, the file at `path` left as it was.
bool writeDiagramSetDrawio(const DiagramSet& set, const QString& path, QString* error,
                           const QStringList& inputs = {});

} // namespace portolan
