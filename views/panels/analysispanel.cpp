#include "analysispanel.h"

#include "design/document.h"
#include "flows/flowengine.h"
#include "panelworker.h"

#include <QFileInfo>
#include <QLabel>
#include <QPicture>
#include <QProgressBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "qcustomplotinclude.h"

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

const QColor kTcp(0x2f, 0x5d, 0x9e);
const QColor kUdp(0xd8, 0x6b, 0x1f);

// Unshaped fonts (no ligatures), so that charts in a PDF search and copy as typed.
QFont chartFont(int pointSize, int weight = QFont::Normal)
{
    QFont font(u"Sans Serif"_s, pointSize, weight);
    font.setStyleStrategy(QFont::PreferNoShaping);
    return font;
}

QCustomPlot* newPlot(QWidget* parent)
{
    auto* plot = new QCustomPlot(parent);
    plot->setInteractions(QCP::iSelectPlottables);
    plot->setMinimumHeight(180);
    plot->legend->setFont(chartFont(8));
    for (QCPAxis* axis : plot->axisRect()->axes()) {
        axis->setLabelFont(chartFont(9));
        axis->setTickLabelFont(chartFont(8));
    }
    return plot;
}

} // namespace

AnalysisPanel::AnalysisPanel(const Document& document, const FlowEngine& engine, QWidget* parent)
    : QWidget(parent), m_document(document), m_engine(engine)
{
    m_scope = new QLabel(this);
    m_tabs = new QTabWidget(this);
    m_portPlot = newPlot(this);
    m_zonePlot = newPlot(this);
    m_serverPlot = newPlot(this);
    m_tabs->addTab(m_portPlot, tr("Flows per port"));
    m_tabs->addTab(m_zonePlot, tr("Flows per zone pair"));
    m_tabs->addTab(m_serverPlot, tr("Inbound rules per server"));
    m_worker = new PanelWorker(document, engine, this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_scope);
    layout->addWidget(m_worker->progressBar());
    layout->addWidget(m_tabs);

    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(150);
    connect(m_refresh, &QTimer::timeout, this, &AnalysisPanel::refreshNow);
    connect(&engine, &FlowEngine::flowsChanged, m_refresh, qOverload<>(&QTimer::start));
    connect(&document, &Document::nodeChanged, m_refresh, qOverload<>(&QTimer::start));
    connect(&document, &Document::zonesChanged, m_refresh, qOverload<>(&QTimer::start));

    connect(m_portPlot, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable*, int index, QMouseEvent*) {
                if (index >= 0 && index < m_ports.size())
                    Q_EMIT portActivated(m_ports.at(index).port);
            });
    connect(m_serverPlot, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable*, int index, QMouseEvent*) {
                if (index >= 0 && index < m_servers.size())
                    Q_EMIT serverActivated(m_servers.at(index).node);
            });
    connect(m_zonePlot, &QCustomPlot::plottableClick, this,
            [this](QCPAbstractPlottable* plottable, int index, QMouseEvent*) {
                auto* map = qobject_cast<QCPColorMap*>(plottable);
                if (!map || m_zones.zones.isEmpty())
                    return;
                const int cols = map->data()->keySize();
                const int from = index % cols, to = index / cols;
                if (from < m_zones.zones.size() && to < m_zones.zones.size())
                    Q_EMIT zonePairActivated(m_zones.zones.at(from), m_zones.zones.at(to));
            });
    refreshNow();
}

QString AnalysisPanel::scopeText() const
{
    return m_scope->text();
}

void AnalysisPanel::setSelection(const QList<int>& nodes)
{
    m_selection = nodes;
    m_refresh->start();
}

void AnalysisPanel::refreshNow()
{
    if (m_worker->isBusy() || m_document.nodes().size() >= size_t(PanelWorker::backgroundThreshold()))
        m_scope->setText(tr("Counting the flows…"));
    const QList<int> selection = m_selection;
    m_worker->run([this, selection](const Document& document,
                                    const FlowEngine& engine) -> PanelWorker::Apply {
        // In the worker on a large design: only the copy it is given may be read here.
        // Charts show what crosses the network; local flows are only counted, as in the status bar
        // and, for a selection, as the flow table and Properties count them.
        QList<FlowListRow> rows = flowRowsFor(document, engine, selection, !selection.isEmpty());
        const QString count =
            selection.isEmpty()
                ? flowCountText({countFlows(rows).network, countFlows(document, engine).local})
                : selectionFlowCountText(
                      countSelectionFlows(rows, QSet<int>(selection.begin(), selection.end())));
        rows.removeIf([](const FlowListRow& r) { return r.local; });
        auto ports = flowsPerPort(rows);
        auto zones = flowsPerZonePair(rows);
        auto servers = openPortsPerServer(document, engine, selection);
        return [this, selection, ports, zones, servers, count] {
            m_ports = ports;
            m_zones = zones;
            m_servers = servers;
            m_scope->setText(
                selection.isEmpty()
                    ? tr("Whole design: %1 (local ones not charted)").arg(count)
                    : tr("Selection (%1): %2 (local ones not charted)")
                          .arg(selection.size() == 1 ? tr("1 node") : tr("%1 nodes").arg(selection.size()))
                          .arg(count));
            plotPorts();
            plotZones();
            plotServers();
        };
    });
}

void AnalysisPanel::plotPorts()
{
    QCustomPlot* plot = m_portPlot;
    plot->clearPlottables();
    auto* tcp = new QCPBars(plot->xAxis, plot->yAxis);
    auto* udp = new QCPBars(plot->xAxis, plot->yAxis);
    tcp->setName(u"TCP"_s);
    udp->setName(u"UDP"_s);
    tcp->setBrush(kTcp);
    tcp->setPen(QPen(kTcp.darker(120)));
    udp->setBrush(kUdp);
    udp->setPen(QPen(kUdp.darker(120)));
    udp->moveAbove(tcp);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QVector<double> keys, tcpValues, udpValues;
    int highest = 1;
    for (int i = 0; i < qMin(int(m_ports.size()), kMaxPorts); ++i) {
        const PortStat& p = m_ports.at(i);
        keys << i;
        tcpValues << p.tcp;
        udpValues << p.udp;
        const QString service = p.services.value(0).section(u" ("_s, 0, 0);
        ticker->addTick(i,
                        p.port + u'\n' + QFontMetrics(plot->font()).elidedText(service, Qt::ElideRight, 70));
        highest = qMax(highest, p.total());
    }
    tcp->setData(keys, tcpValues, true);
    udp->setData(keys, udpValues, true);
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setTickLabelRotation(60);
    plot->xAxis->setTickLabelFont(chartFont(7));
    plot->xAxis->setRange(-0.7, qMax(int(keys.size()), 1) - 0.3);
    plot->yAxis->setRange(0, highest * 1.1);
    plot->yAxis->setLabel(tr("Flows"));
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot->replot();
}

void AnalysisPanel::plotZones()
{
    QCustomPlot* plot = m_zonePlot;
    plot->clearPlottables();
    plot->clearItems();
    const int n = int(m_zones.zones.size());
    auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
    map->data()->setSize(qMax(n, 1), qMax(n, 1));
    map->data()->setRange(QCPRange(0, qMax(n - 1, 0)), QCPRange(0, qMax(n - 1, 0)));
    int highest = 1;
    for (const auto& row : m_zones.counts)
        for (int count : row)
            highest = qMax(highest, count);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < n; ++i) {
        ticker->addTick(i, m_zones.zones.at(i));
        for (int j = 0; j < n; ++j) {
            const int count = m_zones.counts.at(i).at(j);
            map->data()->setCell(i, j, count);
            auto* label = new QCPItemText(plot);
            label->position->setCoords(i, j);
            label->setText(QString::number(count));
            label->setFont(chartFont(8, QFont::Bold));
            label->setColor(count * 2 > highest ? Qt::white : QColor(0x26, 0x32, 0x38));
        }
    }
    QCPColorGradient gradient;
    gradient.setColorStopAt(0, QColor(0xf4, 0xf7, 0xfb));
    gradient.setColorStopAt(1, QColor(0x1f, 0x3b, 0x73));
    map->setGradient(gradient);
    map->setDataRange(QCPRange(0, highest));
    map->setInterpolate(false);
    plot->xAxis->setTicker(ticker);
    plot->yAxis->setTicker(ticker);
    plot->xAxis->setLabel(tr("Source zone"));
    plot->yAxis->setLabel(tr("Destination zone"));
    plot->xAxis->setRange(-0.5, qMax(n, 1) - 0.5);
    plot->yAxis->setRange(-0.5, qMax(n, 1) - 0.5);
    plot->legend->setVisible(false);
    plot->replot();
}

void AnalysisPanel::plotServers()
{
    QCustomPlot* plot = m_serverPlot;
    plot->clearPlottables();
    auto* bars = new QCPBars(plot->yAxis, plot->xAxis);
    bars->setBrush(QColor(0x2e, 0x7d, 0x32));
    bars->setPen(QPen(QColor(0x1b, 0x5e, 0x20)));
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QVector<double> keys, values;
    int highest = 1;
    const int count = qMin(int(m_servers.size()), kMaxServers);
    for (int i = 0; i < count; ++i) {
        // The busiest server at the top.
        const double key = count - 1 - i;
        keys << key;
        values << m_servers.at(i).inboundRules;
        ticker->addTick(key, m_servers.at(i).name.section(u'.', 0, 0));
        highest = qMax(highest, m_servers.at(i).inboundRules);
    }
    bars->setData(keys, values);
    plot->yAxis->setTicker(ticker);
    plot->yAxis->setRange(-0.7, qMax(count, 1) - 0.3);
    plot->xAxis->setRange(0, highest * 1.1);
    plot->xAxis->setLabel(tr("Inbound firewall rules"));
    plot->legend->setVisible(false);
    plot->replot();
}

void AnalysisPanel::paintCharts(QPainter* painter, const QRectF& area) const
{
    const qreal height = area.height() / 3;
    int i = 0;
    for (QCustomPlot* plot : {m_portPlot, m_zonePlot, m_serverPlot}) {
        // Render each chart as vectors: a QPicture replayed on the target painter.
        const QRectF target(area.left(), area.top() + height * i++, area.width(), height - 8);
        // Drawn at a width of 1000 with the target's proportions, then scaled to it.
        const QSize size(1000, qMax(200, qRound(1000 * target.height() / target.width())));
        QPicture picture;
        {
            QCPPainter cp(&picture);
            plot->toPainter(&cp, size.width(), size.height());
        }
        qreal scale = qMin(target.width() / size.width(), target.height() / size.height());
        // drawPicture() rescales from the picture's resolution to the device's: undo that.
        if (painter->device())
            scale *= qreal(picture.logicalDpiX()) / painter->device()->logicalDpiX();
        painter->save();
        painter->translate(target.topLeft());
        painter->scale(scale, scale);
        painter->drawPicture(0, 0, picture);
        painter->restore();
    }
}

bool AnalysisPanel::saveCharts(const QString& path, QString* error) const
{
    const bool pdf = path.endsWith(u".pdf"_s, Qt::CaseInsensitive);
    const QString base = QFileInfo(path).path() + u'/' + QFileInfo(path).completeBaseName();
    const QString suffix = pdf ? u".pdf"_s : u".png"_s;
    const QStringList names = {u"-ports"_s, u"-zones"_s, u"-servers"_s};
    int i = 0;
    for (QCustomPlot* plot : {m_portPlot, m_zonePlot, m_serverPlot}) {
        const QString file = base + names.at(i++) + suffix;
        const bool ok = pdf ? plot->savePdf(file, 900, 420) : plot->savePng(file, 900, 420, 2.0);
        if (!ok) {
            if (error)
                *error = u"%1: cannot write"_s.arg(file);
            return false;
        }
    }
    return true;
}

} // namespace portolan
