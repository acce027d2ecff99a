#pragma once

#include <QFont>
#include <QString>

namespace portolan::paper {

// Text sizes on paper, in points (1 unit = 1/72 inch): nothing a network team must read is
// printed smaller than kText at a page's scale of 1.
constexpr qreal kName = 8;
constexpr qreal kText = 7;
// Port labels at 8 pt: a page may shrink to 7/8 of its size before they print under 7 pt.
constexpr qreal kLabel = 8;
constexpr qreal kLabelHeight = 12;
constexpr qreal kSmallestScale = kText / kLabel;
constexpr qreal kBoxHeight = 42;
constexpr qreal kTableRow = 11;
constexpr qreal kBand = 104; // the title block and legend along the bottom of a page
constexpr qreal kLegendWidth = 360;
constexpr qreal kTitleBlockWidth = 330;
// Paper this wide or wider takes the legend beside the title block; narrower paper (A4 or Letter
// portrait) puts the legend over it.
constexpr qreal kBandSideBySide = kLegendWidth + kTitleBlockWidth + 12;

// A sans-serif font of the given size in points; pixel sizes keep their size under the page's
// point transform whatever the device. No ligatures, so that PDF text searches as typed.
QFont font(qreal points, bool bold = false);

} // namespace portolan::paper
