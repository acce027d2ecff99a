#pragma once

#include <QMainWindow>
#include <QPointF>

#include <optional>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;

namespace portolan {

class DesignController;
class DesignView;
class PaletteWidget;
class PropertiesPanel;
class FlowTablePanel;
class ChecksPanel;
class AnalysisPanel;
class FileSafety;
class TestResultsController;
class CanvasActions;
struct ViewFocus;

// The designer's main window: canvas in the middle, palette, properties,
// flows, checks and undo history around it. File handling lives here; every
// edit goes through the controller.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    bool openDesign(const QString& path);
    // Offers the recovery copies of sessions that ended without saving.
    void offerRecovery();
    DesignController& controller() { return *m_controller; }
    DesignView& view() { return *m_view; }
    FlowTablePanel& flowTable() { return *m_flows; }
    ChecksPanel& checks() { return *m_checks; }
    AnalysisPanel& analysis() { return *m_analysis; }
    PropertiesPanel& properties() { return *m_properties; }
    FileSafety& safety() { return *m_safety; }
    CanvasActions& canvasActions() { return *m_canvasActions; }
    TestResultsController& testResults() { return *m_results; }
    // File > Import Test Results...: these port test results files onto the design.
    bool importTestResults(const QStringList& paths);
    // File > Save (Save As for a design never saved).
    bool save();
    // File > Print: the print options, then a preview that prints; File > Print Preview
    // (askOptions false): the preview at once, with the paper choices last made.
    void printDesign(bool askOptions = true);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createDocks();
    void showFlowsPanel();
    void createActions();
    void addFoldActions(QMenu* view);
    void addFocusActions(QMenu* view); // mainwindowfocus.cpp
    // Puts a focus or site page on and fits the view to it.
    void showFocus(ViewFocus focus);
    void createMenus();
    void restoreLayout();
    void updateTitle();
    void selectionChanged();
    bool maybeSave();
    bool newDesign();
    void closeDesign();
    void open();
    bool saveAs();
    void showSaved(); // "Saved FILE", and whether recovery copies are failing
    void saveCopy();
    void exportDesign();
    void compareWith(const QString& path);
    void addRecent(const QString& path);
    void updateRecentMenu();
    QString lastDirectory() const;
    void exportVerificationReport();

    DesignController* m_controller;
    FileSafety* m_safety = nullptr;
    DesignView* m_view;
    PaletteWidget* m_palette = nullptr;
    PropertiesPanel* m_properties = nullptr;
    FlowTablePanel* m_flows = nullptr;
    ChecksPanel* m_checks = nullptr;
    AnalysisPanel* m_analysis = nullptr;
    QDockWidget* m_flowsDock = nullptr;
    QDockWidget* m_propertiesDock = nullptr;
    CanvasActions* m_canvasActions = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QLabel* m_zoomLabel = nullptr;
    QLabel* m_flowLabel = nullptr;
    QLabel* m_checkLabel = nullptr;
    TestResultsController* m_results = nullptr;
    QAction* m_showAll = nullptr;
    struct FocusReturn
    {
        qreal zoom = 1;
        QPointF centre;
    };
    std::optional<FocusReturn> m_focusReturn; // the view of the whole design before a focus
};

} // namespace portolan
