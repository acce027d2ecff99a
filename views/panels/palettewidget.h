#pragma once

#include <QWidget>

class QLineEdit;
class QTreeWidget;

namespace portolan {

class Catalog;

// Everything that can be placed, grouped and searchable, each with its icon.
// Items are dragged onto the canvas; their key ("site:primary",
// "role:management_point", "group:windows", "console", "endpoint:internet")
// travels as DesignView::kPaletteMime.
class PaletteWidget : public QWidget
{
    Q_OBJECT
public:
    explicit PaletteWidget(const Catalog& catalog, QWidget* parent = nullptr);
    void focusSearch();
    QStringList keys() const;

Q_SIGNALS:
    // Double-click or Enter: place at the centre of the view.
    void activated(const QString& key);

private:
    void filter(const QString& text);
    QLineEdit* m_search;
    QTreeWidget* m_tree;
};

} // namespace portolan
