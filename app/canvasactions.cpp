#include "canvasactions.h"

#include "canvas/canvasitems.h"
#include "canvas/designscene.h"
#include "canvas/designview.h"
#include "designcontroller.h"
#include "drawing/designrenderer.h"
#include "panels/propertiespanel.h"

#include <QAction>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// Escape on the in-place editor cancels the rename; QLineEdit itself ignores it.
class EscapeFilter : public QObject
{
public:
    EscapeFilter(QObject* parent, std::function<void()> cancel) : QObject(parent), m_cancel(std::move(cancel))
    {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        // The editor's, before any shortcut of the canvas (Esc there leaves a focus or site page).
        if (event->type() == QEvent::ShortcutOverride &&
            static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
            event->accept();
            return true;
        }
        if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
            m_cancel();
            return true;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_cancel;
};

} // namespace

CanvasActions::CanvasActions(DesignController& controller, DesignView* view, Hooks hooks, QObject* parent)
    : QObject(parent), m_controller(controller), m_view(view), m_hooks(std::move(hooks))
{
    m_rename = new QAction(tr("&Rename"), this);
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_rename->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    view->addAction(m_rename);
    connect(m_rename, &QAction::triggered, this, [this] {
        const QList<int> nodes = m_controller.selection().nodes();
        if (nodes.size() == 1)
            rename(nodes.first());
        else if (m_hooks.showProperties) // a site, or several things: their fields are in Properties
            m_hooks.showProperties();
    });
    DesignScene& scene = controller.scene();
    connect(&scene, &DesignScene::nodeDoubleClicked, this, &CanvasActions::rename);
    connect(&scene, &DesignScene::contextMenuRequested, this,
            [this](QPointF, QPoint screenPos) { showMenu(screenPos); });
}

void CanvasActions::rename(int node)
{
    finishRename(false);
    const Node* n = m_controller.document().node(node);
    const NodeItem* item = m_controller.scene().nodeItem(node);
    if (!n || !item)
        return;
    m_controller.selection().set({node});
    m_renaming = node;
    m_editor = new QLineEdit(n->name, m_view->viewport());
    m_editor->setObjectName(u"renameEditor"_s);
    m_editor->setAccessibleName(tr("New name of %1").arg(n->name));
    const QRect box = m_view->mapFromScene(item->sceneBox()).boundingRect();
    const int width = qMax(box.width(), m_editor->fontMetrics().horizontalAdvance(n->name) + 24);
    m_editor->setGeometry(box.center().x() - width / 2, box.center().y() - m_editor->sizeHint().height() / 2,
                          width, m_editor->sizeHint().height());
    m_editor->selectAll();
    m_editor->installEventFilter(new EscapeFilter(m_editor, [this] { finishRename(false); }));
    connect(m_editor, &QLineEdit::editingFinished, this, [this] { finishRename(true); });
    m_editor->show();
    m_editor->setFocus(Qt::OtherFocusReason);
}

void CanvasActions::finishRename(bool apply)
{
    // Taken out first: hiding the editor moves the focus away, and a line edit whose text changed
    // then says editingFinished again, which must find no rename under way.
    const int node = std::exchange(m_renaming, -1);
    QLineEdit* editor = std::exchange(m_editor, nullptr);
    if (!editor)
        return;
    disconnect(editor, nullptr, this, nullptr);
    const QString name = editor->text().trimmed();
    editor->hide();
    editor->deleteLater();
    m_view->setFocus(Qt::OtherFocusReason);
    const Node* n = m_controller.document().node(node);
    if (!apply || !n || name == n->name)
        return;
    if (const QString problem = PropertiesPanel::hostNameProblem(name); !problem.isEmpty()) {
        Q_EMIT m_controller.message(tr("%1 not renamed: %2").arg(n->name, problem));
        return;
    }
    Node after = *n;
    after.name = name;
    m_controller.editNode(*n, after, tr("Rename %1").arg(n->name));
}

QMenu* CanvasActions::buildMenu()
{
    DesignScene& scene = m_controller.scene();
    const Document& doc = m_controller.document();
    const QList<int> nodes = m_controller.selection().nodes();
    const QList<int> sites = m_controller.selection().sites();
    const QList<int> links = m_controller.selection().links();
    auto* menu = new QMenu(m_view);
    menu->setObjectName(u"canvasMenu"_s);
    if (nodes.isEmpty() && sites.isEmpty() && links.isEmpty()) {
        menu->addAction(m_hooks.paste);
        menu->addAction(m_hooks.selectAll);
        menu->addAction(m_hooks.fit);
        return menu;
    }
    if (nodes.size() == 1 && sites.isEmpty())
        menu->addAction(m_rename);
    if (!nodes.isEmpty())
        menu->addAction(m_hooks.duplicate);
    menu->addAction(m_hooks.remove);
    if (nodes.isEmpty() && sites.isEmpty())
        return menu; // links: nothing else applies
    menu->addSeparator();
    menu->addAction(tr("&Properties"), this, [this] {
        if (m_hooks.showProperties)
            m_hooks.showProperties();
    });
    if (!nodes.isEmpty())
        menu->addAction(tr("Show Its &Flows"), this, [this] {
            if (m_hooks.showFlows)
                m_hooks.showFlows(); // the Flows panel follows the selection
        });
    // The site whose client groups fold: the selected site, or the site of the selected node.
    int site = sites.isEmpty() ? -1 : sites.first();
    if (site < 0)
        if (const Node* n = doc.node(nodes.first()); n && n->site >= 0)
            site = n->site;
    if (site >= 0 && m_hooks.toggleFold)
        menu->addAction(scene.areClientGroupsFolded(site) ? tr("&Unfold Client Groups of the Site")
                                                          : tr("F&old Client Groups of the Site"),
                        this, [this, site] { m_hooks.toggleFold(site); });
    menu->addAction(tr("&Zoom to Selection"), this, &CanvasActions::zoomToSelection);
    return menu;
}

void CanvasActions::showMenu(QPoint screenPos)
{
    finishRename(true);
    QMenu* menu = buildMenu();
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(screenPos);
}

void CanvasActions::zoomToSelection()
{
    QRectF area;
    for (QGraphicsItem* item : m_controller.scene().selectedItems())
        area |= item->sceneBoundingRect();
    if (!area.isEmpty())
        m_view->zoomToRect(area);
}

} // namespace portolan
