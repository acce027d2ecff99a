#include "mainwindow.h"

#include "catalog/catalog.h"
#include "panels/catalogtablemodel.h"

#include <QCloseEvent>
#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portolan {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Portolan"));
    createCatalogView();
    restoreLayout();
}

void MainWindow::createCatalogView()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    auto* filter = new QLineEdit(central);
    filter->setPlaceholderText(tr("Filter the port catalog (role, port, description, section)"));
    filter->setClearButtonEnabled(true);
    auto* table = new QTableView(central);
    auto* model = new CatalogTableModel(Catalog::builtin(), this);
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    table->setModel(proxy);
    table->setSortingEnabled(true);
    table->sortByColumn(-1, Qt::AscendingOrder);
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->resizeColumnsToContents();
    table->setColumnWidth(CatalogTableModel::Description, 320);
    connect(filter, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    layout->addWidget(filter);
    layout->addWidget(table);
    setCentralWidget(central);
    statusBar()->showMessage(tr("%n catalog rows", nullptr, model->rowCount()));
}

bool MainWindow::openDesign(const QString& path)
{
    setWindowFilePath(path);
    return true;
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        resize(1400, 860);
    restoreState(settings.value(u"window/state"_s).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    event->accept();
}

} // namespace portolan
