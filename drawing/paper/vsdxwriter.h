#pragma once

#include <QString>
#include <QStringList>

class QIODevice;

namespace portolan {

struct DiagramSet;

// The diagram set as a Visio drawing (VSDX: an Open Packaging zip of the XML parts [MS-VSDX]
// describes). One Visio page per page of the set, in inches from the bottom left. Each host is a
// shape with its text (name, address, roles) and its shape data (zone, site, roles, address);
// site frames and zone bands are containers holding their hosts; every edge is a dynamic
// connector glued to both hosts' shapes (moving a box in Visio drags its lines), the port label
// its text, an arrowhead at each end that opens a port there, in the colour of the paper. The
// title block, the legend and the page's table are shapes too. Positions and routes are the
// set's; nothing is laid out again.
bool writeDiagramSetVsdx(const DiagramSet& set, QIODevice& device, QString* error);
// Through OutputFile: nothing written on failure, the file at `path` left as it was.
bool writeDiagramSetVsdx(const DiagramSet& set, const QString& path, QString* error,
                         const QStringList& inputs = {});

} // namespace portolan
