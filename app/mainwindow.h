#pragma once

#include <QMainWindow>

namespace portolan {

// The designer's main window.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    bool openDesign(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createCatalogView();
    void restoreLayout();
};

} // namespace portolan
