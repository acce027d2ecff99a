#pragma once

#include <QLineEdit>
#include <QObject>
#include <QPointer>
#include <QPointF>

#include <functional>

class QAction;
class QMenu;

namespace portolan {

class DesignController;
class DesignView;

// The canvas as a Windows user expects it: a right click (without a drag, which still draws a
// link) opens a menu for what it landed on, and F2 or a double click renames a node in place.
// Every edit goes through the controller, so it is one undo step like any other.
class CanvasActions : public QObject
{
    Q_OBJECT
public:
    // The main window's own actions and panels, reused so that the menu and the menu bar agree.
    struct Hooks
    {
        QAction* remove = nullptr;
        QAction* duplicate = nullptr;
        QAction* paste = nullptr;
        QAction* selectAll = nullptr;
        QAction* fit = nullptr;
        std::function<void()> showProperties;
        std::function<void()> showFlows;
        std::function<void(int site)> toggleFold;
    };
    CanvasActions(DesignController& controller, DesignView* view, Hooks hooks, QObject* parent = nullptr);

    QAction* renameAction() const { return m_rename; }
    // Edits the node's name over its box: Enter or a click elsewhere applies, Escape cancels.
    void rename(int node);
    QLineEdit* renameEditor() const { return m_editor; }
    // The menu for the current selection (what a right click selected), built anew each time.
    QMenu* buildMenu();

private:
    void showMenu(QPoint screenPos);
    void finishRename(bool apply);
    void zoomToSelection();

    DesignController& m_controller;
    DesignView* m_view;
    Hooks m_hooks;
    QAction* m_rename;
    QPointer<QLineEdit> m_editor;
    int m_renaming = -1;
};

} // namespace portolan
