#pragma once

#include "flows/flowlist.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace portolan {

class Document;
class FlowEngine;
struct Verification;
class PanelWorker;

class FlowTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Source,
        Destination,
        ProtocolColumn,
        Port,
        Service,
        SourceZone,
        DestinationZone,
        Reference,
        Basis,
        Local,
        Result,    // port test results, shown once they are imported
        Direction, // seen from the selection: inbound, outbound...; shown while one is
        ColumnCount
    };
    using QAbstractTableModel::QAbstractTableModel;

    void setRows(QList<FlowListRow> rows);
    // Port test results for the Result column (null: none).
    void setVerification(std::shared_ptr<const Verification> verification);
    // The nodes the Direction column looks from (the selection).
    void setSelection(const QSet<int>& nodes);
    const QSet<int>& selection() const { return m_selection; }
    // "PASS", "FAIL", ..., "UNTESTED", or empty for a local flow or without results.
    QString result(const FlowListRow& row) const;
    const FlowListRow& row(int index) const { return m_rows.at(index); }
    const QList<FlowListRow>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<FlowListRow> m_rows;
    std::shared_ptr<const Verification> m_verification;
    QHash<QString, QString> m_results; // flow key -> result
    QSet<int> m_selection;
};

// Filters the flow table by free text (host, port, zone, section...), by
// protocol, by the nodes selected on the canvas, and by ends: the nodes playing a
// role or standing in a site (a flow is kept when its source or destination is one).
class FlowFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setText(const QString& text);
    void setProtocol(const QString& protocol);
    void setNodes(const QSet<int>& nodes);
    // Each filter of ends in use narrows the rows to flows with an end among its nodes.
    void setEnds(const QList<QSet<int>>& ends);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString m_text;
    QString m_protocol;
    QSet<int> m_nodes;
    QList<QSet<int>> m_ends;
};

// Every flow of the design, or of the selection; sortable and filterable.
class FlowTablePanel : public QWidget
{
    Q_OBJECT
public:
    FlowTablePanel(const Document& document, const FlowEngine& engine, QWidget* parent = nullptr);

    void setSelection(const QList<int>& nodes);
    // Shows the Result column with these port test results; null hides it.
    void setVerification(std::shared_ptr<const Verification> verification);
    void setFilterText(const QString& text);
    // Only the flows to or from a node playing the role (catalog id) / of the site; "" or -1: all.
    void setRoleFilter(const QString& roleId);
    void setSiteFilter(int site);
    int visibleRows() const;
    // What the count beside the filter says: for a selection, its flows by direction, counted as
    // Analysis and Properties count them.
    QString countText() const;
    // Listing the flows of a large design in the background.
    bool isUpdating() const;
    const FlowTableModel& model() const { return *m_model; }
    // Whether the filter text or protocol narrows the list, and the node pairs it keeps:
    // the canvas highlights those edges.
    bool isFiltering() const;
    QSet<std::pair<int, int>> filteredPairs() const;

Q_SIGNALS:
    void pairActivated(int source, int destination);
    void filterChanged();

private:
    void refresh();
    void updateCount();
    void refillEndFilters();
    void applyEndFilters();

    const Document& m_document;
    const FlowEngine& m_engine;
    FlowTableModel* m_model;
    FlowFilterProxy* m_proxy;
    QLineEdit* m_filter;
    QComboBox* m_protocol;
    QComboBox* m_role;
    QComboBox* m_site;
    QCheckBox* m_selectionOnly;
    QLabel* m_count;
    FlowCount m_total;
    QTableView* m_table;
    QTimer* m_refresh;
    PanelWorker* m_worker;
    QList<int> m_selection;
};

} // namespace portolan
