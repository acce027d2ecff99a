#pragma once

#include "drawing/paper/diagramset.h"

#include <QColor>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>
#include <vector>

namespace portolan::paperparts {

// What the Visio and draw.io writers share: the text of a page's parts as the PDF prints it, and
// the boxes of the parts the DiagramSet gives as one rectangle (the table's cells, the legend's
// rows). Every text a writer puts in a file passes through xmlText().

// A text as XML 1.0 can hold it: control characters (except tab and line feed) become their
// visible pictures (U+2400..), a lone surrogate or a non-character becomes U+FFFD. Right-to-left
// text and every printable character stay as they are.
QString xmlText(QStringView text);

// Colours as the writers give them: a frame's line (its own, or the default grey), the light tint
// that fills it, and an edge's line (its protocol's, or the default).
QColor frameColour(const PageFrame& frame);
QColor frameTint(const QColor& line);
QColor edgeColour(const PageEdge& edge);

// A number in plain decimals with at most `decimals` places and no trailing zeros; "0" when it is
// not finite or nearer zero than `zero`.
QString decimal(double value, int decimals, double zero);

// A node's text, one line each: its name, its address, its roles; a stub says where the host is.
QStringList nodeLines(const PageNode& node);
// The pages a reference box names: "12", or "48-901" for hosts drawn on several; empty: none.
QString stubPages(const PageNode& node);
// The same as a reference box says it: "→ page 12", "→ pages 48-901"; empty: none.
QString drawnOn(const PageNode& node);

// What an edge prints on its line: `shown`, or the whole label when nothing shorter was chosen.
QString edgeText(const PageEdge& edge);

// The title block's lines: the design, the page's title, author, date, revision, page n of m.
QStringList titleBlockLines(const DiagramSet& set, const DiagramPage& page, int pageNumber);

// The index of the smallest frame that holds `box` whole (-1: none); `self` is left out.
int enclosingFrame(const DiagramPage& page, const QRectF& box, int self = -1);

// One cell of the page's table, laid out inside tableArea: header first, then rows.
struct TableCell
{
    QRectF box;
    QString text;
    bool header = false;
};
std::vector<TableCell> tableCells(const DiagramPage& page);
// The height every row of the page's table gets (the header's too).
qreal tableRowHeight(const DiagramPage& page);

// Calls work(i) for every i below count on every core (the caller's thread among them), each i
// once; returns when all are done. What the calls make goes into slots of their own, so that the
// result does not depend on which thread made what.
void inParallel(size_t count, const std::function<void(size_t)>& work);

// Whether every segment of a route is horizontal or vertical.
bool isOrthogonal(const QPolygonF& route);

} // namespace portolan::paperparts
