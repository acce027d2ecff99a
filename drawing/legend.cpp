#include "drawing/legend.h"

#include "drawing/designrenderer.h"
#include "drawing/paper/paperstyle.h"
#include "flows/flow.h"

#include <QCoreApplication>
#include <QIcon>
#include <QPainter>

#include <algorithm>
#include <initializer_list>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Legend", text);
}

QColor protocolColour(std::initializer_list<Protocol> protocols)
{
    std::vector<Flow> flows;
    for (const Protocol p : protocols) {
        Flow f;
        f.protocol = p;
        flows.push_back(f);
    }
    return DesignRenderer::edgeColor(flows);
}

constexpr qreal kSampleWidth = 26;
constexpr qreal kIconSize = 12;
const QColor kInk(0x26, 0x32, 0x38);
const QColor kFrame(0x37, 0x47, 0x4f);
const QColor kLink(0x8d, 0x6e, 0x63);      // the designer's links, as the canvas draws them
const QColor kReference(0x54, 0x6e, 0x7a); // a reference's dashed box

} // namespace

QRectF LegendRow::sampleBox() const
{
    if (sample == Sample::Icon)
        return {box.left(), box.center().y() - kIconSize / 2, kIconSize, kIconSize};
    if (sample == Sample::DashedBox) // in the column of icons, as wide as one
        return {box.left(), box.top() + 1.5, kIconSize + 2, box.height() - 3};
    return {box.left(), box.top() + 1, kSampleWidth, box.height() - 2};
}

QRectF LegendRow::textBox() const
{
    if (sample == Sample::None)
        return box;
    const qreal indent =
        sample == Sample::Icon || sample == Sample::DashedBox ? kIconSize + 6 : kSampleWidth + 6;
    return box.adjusted(indent, 0, 0, 0);
}

std::vector<LegendRow> legendRows(const QRectF& area)
{
    std::vector<LegendRow> rows;
    rows.push_back({QRectF(area.left() + 6, area.top() + 2, area.width() - 12, 14), LegendRow::Sample::None,
                    QColor(), QString(), tr("Legend"), true});
    // Seven rows a column under the heading, 11 points each where the area is as tall as that.
    const qreal top = area.top() + 18;
    const qreal line = std::min<qreal>(11, (area.height() - 20) / 7);
    const qreal half = area.width() / 2;
    const auto row = [&](int column, int index, LegendRow::Sample sample, const QColor& colour,
                         const QString& icon, const QString& text) {
        const qreal x = column == 0 ? area.left() + 8 : area.left() + half + 4;
        rows.push_back({QRectF(x, top + index * line, half - 12, line), sample, colour, icon, text, false});
    };
    using Sample = LegendRow::Sample;
    const struct
    {
        QColor colour;
        const char* text;
    } protocols[] = {{protocolColour({Protocol::Tcp}), "TCP"},
                     {protocolColour({Protocol::Udp}), "UDP"},
                     {protocolColour({Protocol::Tcp, Protocol::Udp}), "TCP and UDP"},
                     {protocolColour({Protocol::Icmp}), "ICMP only"}};
    int at = 0;
    for (const auto& p : protocols)
        row(0, at++, Sample::Line, p.colour, QString(), tr(p.text));
    row(0, at++, Sample::None, QColor(), QString(), tr("Arrow: opener → listening port"));
    row(0, at++, Sample::DottedLine, kLink, QString(), tr("Link drawn by the designer"));
    row(0, at++, Sample::None, QColor(), QString(), tr("↔ or ↕: the same ports both ways"));
    const struct
    {
        const char16_t* icon;
        const char* text;
    } kinds[] = {{u"site_server", "Server (its main role)"},
                 {u"group-windows", "Client group"},
                 {u"console", "Admin consoles"},
                 {u"domain_controller", "External endpoint"},
                 {u"cmg", "Cloud service"},
                 {u"site-primary", "Site frame"}};
    at = 0;
    for (const auto& k : kinds)
        row(1, at++, Sample::Icon, QColor(), QString::fromUtf16(k.icon), tr(k.text));
    row(1, at++, Sample::DashedBox, kReference, QString(), tr("Drawn in full elsewhere"));
    return rows;
}

void paintLegend(QPainter* painter, const QRectF& area)
{
    painter->save();
    painter->setPen(QPen(kFrame, 1));
    painter->setBrush(Qt::white);
    painter->drawRect(area);
    for (const LegendRow& row : legendRows(area)) {
        const QRectF sample = row.sampleBox();
        const qreal middle = sample.center().y();
        switch (row.sample) {
        case LegendRow::Sample::None:
            break;
        case LegendRow::Sample::Line:
            painter->setPen(QPen(row.colour, 1.6));
            painter->drawLine(QPointF(sample.left(), middle), QPointF(sample.right(), middle));
            break;
        case LegendRow::Sample::DottedLine:
            painter->setPen(QPen(row.colour, 1.2, Qt::DotLine));
            painter->drawLine(QPointF(sample.left(), middle), QPointF(sample.right(), middle));
            break;
        case LegendRow::Sample::Icon:
            DesignRenderer::icon(row.icon).paint(painter, sample.toRect());
            break;
        case LegendRow::Sample::DashedBox:
            painter->setPen(QPen(row.colour, 0.8, Qt::DashLine));
            painter->setBrush(QColor(0xec, 0xef, 0xf1));
            painter->drawRoundedRect(sample, 1.5, 1.5);
            break;
        }
        painter->setFont(paper::font(row.heading ? 7.5 : 6.5, row.heading));
        painter->setPen(kInk);
        painter->drawText(row.textBox(), Qt::AlignLeft | Qt::AlignVCenter, row.text);
    }
    painter->restore();
}

} // namespace portolan
