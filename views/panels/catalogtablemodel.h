#pragma once

#include <QAbstractTableModel>

namespace portolan {

class Catalog;

// Read-only table of the port catalog, one row per directional catalog row.
class CatalogTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Source,
        Destination,
        ProtocolColumn,
        Port,
        Description,
        Configurable,
        Notes,
        Reference,
        ColumnCount
    };

    explicit CatalogTableModel(const Catalog& catalog, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const Catalog& m_catalog;
};

} // namespace portolan
