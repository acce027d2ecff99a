#include "catalogtablemodel.h"

#include "catalog/catalog.h"

using namespace Qt::StringLiterals;

namespace portolan {

CatalogTableModel::CatalogTableModel(const Catalog& catalog, QObject* parent)
    : QAbstractTableModel(parent), m_catalog(catalog)
{}

int CatalogTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_catalog.rows().size());
}

int CatalogTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CatalogTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const CatalogRow& row = m_catalog.rows().at(index.row());
    if (role == Qt::ToolTipRole) {
        QStringList tip{basisLabel(row) + u": "_s + referenceLabel(row)};
        if (!row.reason.isEmpty())
            tip << row.reason;
        if (!row.url.isEmpty())
            tip << row.url;
        return tip.join(u'\n');
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Source:
        return m_catalog.role(row.sourceRole).name;
    case Destination:
        return m_catalog.role(row.destinationRole).name;
    case ProtocolColumn:
        return protocolName(row.protocol);
    case Port:
        return row.port.toString();
    case Description:
        return row.installOnly ? row.description + u" (installation only)"_s : row.description;
    case Configurable:
        return row.configurable ? tr("Yes") : tr("No");
    case Notes: {
        QStringList notes;
        for (int n : row.notes)
            notes << QString::number(n);
        return notes.join(u", ");
    }
    case Reference:
        return referenceLabel(row);
    default:
        return {};
    }
}

QVariant CatalogTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Source:
        return tr("Source role");
    case Destination:
        return tr("Destination role");
    case ProtocolColumn:
        return tr("Protocol");
    case Port:
        return tr("Port");
    case Description:
        return tr("Description");
    case Configurable:
        return tr("Configurable");
    case Notes:
        return tr("Notes");
    case Reference:
        return tr("Reference section");
    default:
        return {};
    }
}

} // namespace portolan
