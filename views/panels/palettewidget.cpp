#include "palettewidget.h"

#include "canvas/designview.h"
#include "catalog/catalog.h"
#include "drawing/designrenderer.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QMimeData>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

constexpr int KeyRole = Qt::UserRole + 1;

class PaletteTree : public QTreeWidget
{
public:
    using QTreeWidget::QTreeWidget;

protected:
    QStringList mimeTypes() const override { return {QString::fromLatin1(DesignView::kPaletteMime)}; }
    QMimeData* mimeData(const QList<QTreeWidgetItem*>& items) const override
    {
        if (items.isEmpty() || items.first()->data(0, KeyRole).toString().isEmpty())
            return nullptr;
        auto* mime = new QMimeData;
        mime->setData(QString::fromLatin1(DesignView::kPaletteMime),
                      items.first()->data(0, KeyRole).toString().toUtf8());
        return mime;
    }
};

} // namespace

PaletteWidget::PaletteWidget(const Catalog& catalog, QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_tree = new PaletteTree(this);
    m_tree->setHeaderHidden(true);
    m_tree->setDragEnabled(true);
    m_tree->setDragDropMode(QAbstractItemView::DragOnly);
    m_tree->setIconSize({24, 24});
    m_tree->setRootIsDecorated(false);
    m_tree->setIndentation(8);
    layout->addWidget(m_search);
    layout->addWidget(m_tree);

    const auto group = [this](const QString& title) {
        auto* item = new QTreeWidgetItem(m_tree, {title});
        QFont font = item->font(0);
        font.setBold(true);
        item->setFont(0, font);
        item->setFlags(Qt::ItemIsEnabled);
        item->setExpanded(true);
        return item;
    };
    const auto add = [](QTreeWidgetItem* section, const QString& name, const QString& key,
                        const QString& icon) {
        auto* item = new QTreeWidgetItem(section, {name});
        item->setIcon(0, DesignRenderer::icon(icon));
        item->setData(0, KeyRole, key);
        item->setToolTip(0, name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
    };
    QTreeWidgetItem* sites = group(tr("Sites"));
    add(sites, tr("Central administration site"), u"site:cas"_s, u"site-cas"_s);
    add(sites, tr("Primary site"), u"site:primary"_s, u"site-primary"_s);
    add(sites, tr("Secondary site"), u"site:secondary"_s, u"site-secondary"_s);
    QTreeWidgetItem* roles = group(tr("Site system roles"));
    QTreeWidgetItem* cloud = group(tr("Cloud services"));
    QTreeWidgetItem* endpoints = group(tr("External endpoints"));
    for (const RoleInfo& role : catalog.roles()) {
        if (role.placement == Placement::Server)
            add(roles, role.name, u"role:"_s + role.id, role.id);
        else if (role.placement == Placement::Cloud)
            add(cloud, role.name, u"role:"_s + role.id, role.id);
        else if (role.placement == Placement::Endpoint)
            add(endpoints, role.name, u"endpoint:"_s + role.id, role.id);
    }
    QTreeWidgetItem* clients = group(tr("Clients and consoles"));
    add(clients, tr("Windows client group"), u"group:windows"_s, u"group-windows"_s);
    add(clients, tr("Mac client group"), u"group:mac"_s, u"group-mac"_s);
    add(clients, tr("Mobile device group"), u"group:mobile"_s, u"group-mobile"_s);
    add(clients, tr("Configuration Manager console"), u"console"_s, u"console"_s);
    m_tree->expandAll();

    connect(m_search, &QLineEdit::textChanged, this, &PaletteWidget::filter);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString key = item->data(0, KeyRole).toString();
        if (!key.isEmpty())
            Q_EMIT activated(key);
    });
}

void PaletteWidget::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QStringList PaletteWidget::keys() const
{
    QStringList result;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        if (!(*it)->data(0, KeyRole).toString().isEmpty())
            result << (*it)->data(0, KeyRole).toString();
    return result;
}

void PaletteWidget::filter(const QString& text)
{
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = m_tree->topLevelItem(g);
        int visible = 0;
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem* item = group->child(i);
            const bool match = item->text(0).contains(text, Qt::CaseInsensitive);
            item->setHidden(!match);
            visible += match;
        }
        group->setHidden(visible == 0);
    }
}

} // namespace portolan
