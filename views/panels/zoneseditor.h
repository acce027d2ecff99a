#pragma once

#include "design/document.h"

#include <QWidget>

class QTableWidget;

namespace portolan {

// The design's network zones (name, subnets, colour) as an editable table.
// Edits are validated and reported as the new list of zones; a zone that
// servers or groups still use cannot be removed, so the saved design always
// loads again.
class ZonesEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ZonesEditor(const Document& document, QWidget* parent = nullptr);

    void addZone();
    void removeZone(int row);
    void editCell(int row, int column, const QString& text);
    QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    void zonesEdited(const QList<portolan::Zone>& zones, const QString& text);
    void problem(const QString& message);

private:
    void fill();
    const Document& m_document;
    QTableWidget* m_table;
    bool m_filling = false;
};

} // namespace portolan
