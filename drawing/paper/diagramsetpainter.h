#pragma once

#include "drawing/paper/diagramset.h"

class QPainter;
class QPagedPaintDevice;

namespace portolan {

// Paints one page of a diagram set in points on the page's printable area (origin top left).
// Nothing is placed here: every box, line and label is where buildDiagramSet put it.
void paintDiagramPage(QPainter* painter, const DiagramSet& set, const DiagramPage& page);

// Every page on a printer or PDF writer. useDeviceLayout: keep the page set up in the print
// dialog (the set must have been built for that paper).
void paintDiagramSet(QPagedPaintDevice* device, const DiagramSet& set, const DiagramSetOptions& options,
                     bool useDeviceLayout = false);

bool writeDiagramSetPdf(const DiagramSet& set, const DiagramSetOptions& options, const QString& path,
                        QString* error);
// One SVG per page in `directory` (made when missing), named "NN-key.svg" in page order.
bool writeDiagramSetSvgPages(const DiagramSet& set, const QString& directory, QStringList* written,
                             QString* error);

} // namespace portolan
