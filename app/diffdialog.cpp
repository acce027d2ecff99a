#include "diffdialog.h"

#include "flows/flowlist.h"
#include "io/outputfile.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portolan {

DiffDialog::DiffDialog(const FlowDiff& diff, const QString& beforeName, const QString& afterName,
                       QWidget* parent)
    : QDialog(parent), m_diff(diff)
{
    setWindowTitle(tr("What changed"));
    auto* summary = new QLabel(this);
    summary->setWordWrap(true);
    summary->setText(diff.isEmpty() ? tr("No flow changed between %1 and %2.").arg(beforeName, afterName)
                                    : tr("From %1 to %2: %3 added, %4 removed.")
                                          .arg(beforeName, afterName, flowsText(diff.added.size()),
                                               QString::number(diff.removed.size())));
    auto* table = new QTableWidget(int(diff.added.size() + diff.removed.size()), 6, this);
    table->setHorizontalHeaderLabels(
        {tr("Change"), tr("Source"), tr("Destination"), tr("Protocol"), tr("Port"), tr("Service")});
    int row = 0;
    const auto fill = [&](const QList<FlowListRow>& rows, const QString& change, const QColor& colour) {
        for (const FlowListRow& r : rows) {
            const QStringList cells = {change,     r.sourceName, r.destinationName,
                                       r.protocol, r.port,       r.services.join(u"; ")};
            for (int c = 0; c < cells.size(); ++c) {
                auto* item = new QTableWidgetItem(cells.at(c));
                item->setForeground(colour);
                table->setItem(row, c, item);
            }
            ++row;
        }
    };
    fill(diff.added, tr("added"), QColor(0x2e, 0x7d, 0x32));
    fill(diff.removed, tr("removed"), QColor(0xc6, 0x28, 0x28));
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->resizeColumnsToContents();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSortingEnabled(true);
    auto* ports = new QTableWidget(int(diff.perPort.size()), 4, this);
    ports->setHorizontalHeaderLabels({tr("Protocol"), tr("Port"), tr("Added"), tr("Removed")});
    for (int i = 0; i < diff.perPort.size(); ++i) {
        const PortChange& c = diff.perPort.at(i);
        ports->setItem(i, 0, new QTableWidgetItem(c.protocol));
        ports->setItem(i, 1, new QTableWidgetItem(c.port));
        ports->setItem(i, 2, new QTableWidgetItem(QString::number(c.added)));
        ports->setItem(i, 3, new QTableWidgetItem(QString::number(c.removed)));
    }
    ports->verticalHeader()->hide();
    ports->setEditTriggers(QAbstractItemView::NoEditTriggers);
    ports->setMaximumHeight(160);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* save = buttons->addButton(tr("Export CSV..."), QDialogButtonBox::ActionRole);
    save->setEnabled(!diff.isEmpty());
    connect(save, &QPushButton::clicked, this, &DiffDialog::exportCsv);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(table, 1);
    layout->addWidget(new QLabel(tr("Changes per port"), this));
    layout->addWidget(ports);
    layout->addWidget(buttons);
    resize(900, 560);
}

void DiffDialog::exportCsv()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export changes"), u"changes.csv"_s, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!OutputFile::write(path, flowDiffCsv(m_diff), &error))
        QMessageBox::critical(this, tr("Export failed"), error);
}

} // namespace portolan
