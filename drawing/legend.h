#pragma once

#include <QColor>
#include <QRectF>
#include <QString>

#include <vector>

class QPainter;

namespace portolan {

// One row of the legend that every drawing shows (the canvas, the single drawing, the set's pages,
// Visio and draw.io): a sample and what it means. The rows are made in one place (legendRows), so
// that every output says the same; each paints or writes them as its format allows.
struct LegendRow
{
    enum class Sample
    {
        None,       // a text alone (the heading, what the arrow means)
        Line,       // an edge in a protocol's colour
        DottedLine, // a link the designer drew
        Icon,       // a kind of box, by its icon
        DashedBox,  // a host drawn in full elsewhere
    };
    QRectF box; // the whole row: the sample at its left, then the text
    Sample sample = Sample::None;
    QColor colour; // a line's
    QString icon;  // an icon's key (DesignRenderer::icon)
    QString text;
    bool heading = false;

    QRectF sampleBox() const;
    QRectF textBox() const;
};

// The legend's rows laid out in an area of points: the heading, then two columns of seven rows
// (edges and what their labels say on the left, kinds of box on the right).
std::vector<LegendRow> legendRows(const QRectF& area);

// The legend as the canvas and the single drawing and the set's PDF and SVG pages paint it: a box
// with the rows.
void paintLegend(QPainter* painter, const QRectF& area);

} // namespace portolan
