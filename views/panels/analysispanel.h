#pragma once

#include "analysis/flowstats.h"

#include <QWidget>

class QCustomPlot;
class QLabel;
class QPainter;
class QTabWidget;
class QTimer;

namespace portolan {

class Document;
class FlowEngine;
class PanelWorker;

// Charts that follow the design, and the selection when there is one: flows
// per port (TCP and UDP stacked), flows per zone pair (a heat map) and the
// servers that need the most inbound rules. Clicking a bar or a cell reports
// what was clicked so that the window can filter the flow table and highlight
// the canvas.
class AnalysisPanel : public QWidget
{
    Q_OBJECT
public:
    AnalysisPanel(const Document& document, const FlowEngine& engine, QWidget* parent = nullptr);

    void setSelection(const QList<int>& nodes);
    void refreshNow();

    // What the charts cover: "Selection (1 node): 66 flows (...)", counted as the flow table counts.
    QString scopeText() const;
    // What the charts show, for tests and exports.
    const QList<PortStat>& ports() const { return m_ports; }
    const ZoneMatrix& zones() const { return m_zones; }
    const QList<ServerStat>& servers() const { return m_servers; }
    QCustomPlot* portPlot() const { return m_portPlot; }
    QCustomPlot* zonePlot() const { return m_zonePlot; }
    QCustomPlot* serverPlot() const { return m_serverPlot; }

    // The three charts as vector drawings on any painter (a PDF page), and as files.
    void paintCharts(QPainter* painter, const QRectF& area) const;
    bool saveCharts(const QString& path, QString* error) const;

    static constexpr int kMaxPorts = 20;
    static constexpr int kMaxServers = 15;

Q_SIGNALS:
    void portActivated(const QString& port);
    void zonePairActivated(const QString& from, const QString& to);
    void serverActivated(int node);

private:
    void plotPorts();
    void plotZones();
    void plotServers();

    const Document& m_document;
    const FlowEngine& m_engine;
    QList<int> m_selection;
    QList<PortStat> m_ports;
    ZoneMatrix m_zones;
    QList<ServerStat> m_servers;
    QTabWidget* m_tabs;
    QCustomPlot* m_portPlot;
    QCustomPlot* m_zonePlot;
    QCustomPlot* m_serverPlot;
    QLabel* m_scope;
    QTimer* m_refresh;
    PanelWorker* m_worker;
};

} // namespace portolan
