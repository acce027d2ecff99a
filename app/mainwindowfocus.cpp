// View > Focus on Selection, Site Page and Show All: ways of looking at part of the design, like
// folding. The scene hides what the focus leaves out (drawing/viewstate.h); nothing is saved and
// no undo step is made.
#include "mainwindow.h"

#include "canvas/designscene.h"
#include "canvas/designview.h"
#include "design/document.h"
#include "designcontroller.h"
#include "drawing/viewstate.h"

#include <QAction>
#include <QMenu>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace portolan {

void MainWindow::addFocusActions(QMenu* view)
{
    DesignScene& scene = m_controller->scene();
    QAction* stubs = view->addAction(tr("Shared Services as &References"));
    stubs->setShortcut(QKeySequence(u"Ctrl+Shift+R"_s));
    stubs->setCheckable(true);
    stubs->setToolTip(
        tr("Hosts of no site that several sites use (domain controllers, the CA, the Internet, "
           "cloud services, consoles) drawn again beside each of those sites, carrying its lines, "
           "instead of lines across the canvas"));
    connect(stubs, &QAction::toggled, this, [this](bool on) {
        m_controller->scene().setSharedServiceStubs(on);
        const qsizetype n = m_controller->scene().stubItems().size();
        statusBar()->showMessage(!on      ? QString()
                                 : n == 1 ? tr("Shared services as references: 1 reference beside a site")
                                          : tr("Shared services as references: %1 references beside the "
                                               "sites that use them")
                                                .arg(n),
                                 5000);
    });
    QAction* focus = view->addAction(tr("&Focus on Selection"));
    focus->setShortcut(QKeySequence(u"Ctrl+Shift+F"_s));
    focus->setToolTip(tr("Show only the selected nodes, the nodes they have flows with, and those flows"));
    connect(focus, &QAction::triggered, this, [this] {
        const Selection& s = m_controller->selection();
        QList<int> nodes = s.nodes();
        for (int site : s.sites()) // a selected site stands for its nodes
            for (const auto& [id, n] : m_controller->document().nodes())
                if (n.site == site)
                    nodes << id;
        ViewFocus wanted = focusOnNodes(m_controller->document(), m_controller->engine(), nodes);
        if (!wanted.active()) {
            statusBar()->showMessage(tr("Select the servers or client groups to focus on"), 5000);
            return;
        }
        showFocus(std::move(wanted));
    });
    QAction* page = view->addAction(tr("Site &Page"));
    page->setShortcut(QKeySequence(u"Ctrl+Shift+E"_s));
    page->setToolTip(tr("One site's servers and client groups with their outside peers, as on its page of "
                        "the diagram set (a double click on a site's title does the same)"));
    connect(page, &QAction::triggered, this, [this] {
        const QList<int> sites = m_controller->sitesOfSelection();
        if (sites.isEmpty()) {
            statusBar()->showMessage(tr("Select a site (or a node in it) to see its page"), 5000);
            return;
        }
        showFocus(focusOnSite(m_controller->document(), m_controller->engine(), sites.first()));
    });
    connect(&scene, &DesignScene::siteTitleDoubleClicked, this, [this](int site) {
        showFocus(focusOnSite(m_controller->document(), m_controller->engine(), site));
    });
    m_showAll = view->addAction(tr("Show &All"));
    m_showAll->setShortcuts({QKeySequence(Qt::Key_Escape), QKeySequence(u"Ctrl+Shift+A"_s)});
    m_showAll->setShortcutContext(Qt::WidgetWithChildrenShortcut); // Esc elsewhere closes or cancels
    m_showAll->setToolTip(tr("Leave the focus or site page: the whole design again"));
    m_showAll->setEnabled(false);
    m_view->addAction(m_showAll);
    connect(m_showAll, &QAction::triggered, this, [this] {
        if (!m_controller->scene().viewFocus().active())
            return;
        const std::optional<FocusReturn> back = std::exchange(m_focusReturn, std::nullopt);
        m_controller->scene().clearViewFocus();
        // Back to where the whole design was looked at before.
        if (back) {
            m_view->setZoom(back->zoom);
            m_view->centerOn(back->centre);
        }
    });
    connect(&scene, &DesignScene::viewFocusChanged, this, [this] {
        const ViewFocus& f = m_controller->scene().viewFocus();
        m_showAll->setEnabled(f.active());
        if (!f.active())
            m_focusReturn.reset(); // another design, or nothing of the focus left
        m_view->viewport()->update();
        statusBar()->showMessage(f.active() ? focusDescription(m_controller->document(), f) : QString(),
                                 5000);
    });
}

void MainWindow::showFocus(ViewFocus focus)
{
    if (!focus.active())
        return;
    if (!m_controller->scene().viewFocus().active()) // where Show All comes back to
        m_focusReturn = FocusReturn{m_view->zoom(), m_view->mapToScene(m_view->viewport()->rect().center())};
    m_controller->scene().setViewFocus(std::move(focus));
    m_view->zoomToFit();
}

} // namespace portolan
