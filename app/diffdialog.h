#pragma once

#include "analysis/flowdiff.h"

#include <QDialog>

namespace portolan {

// "What changed": the flows added and removed between two designs, as a table
// and as counts per port, exportable as CSV for a change request.
class DiffDialog : public QDialog
{
    Q_OBJECT
public:
    DiffDialog(const FlowDiff& diff, const QString& beforeName, const QString& afterName,
               QWidget* parent = nullptr);
    const FlowDiff& diff() const { return m_diff; }

private:
    void exportCsv();
    FlowDiff m_diff;
};

} // namespace portolan
