#include "panelworker.h"

#include "design/document.h"
#include "flows/flowengine.h"

#include <QFutureWatcher>
#include <QProgressBar>
#include <QtConcurrent/QtConcurrentRun>

namespace portolan {

namespace {

int g_threshold = 1500;

} // namespace

PanelWorker::PanelWorker(const Document& document, const FlowEngine& engine, QWidget* panel)
    : QObject(panel), m_document(document), m_engine(engine)
{
    m_bar = new QProgressBar(panel);
    m_bar->setRange(0, 0); // busy: the work does not know how far along it is
    m_bar->setMaximumHeight(12);
    m_bar->setTextVisible(false);
    m_bar->setToolTip(tr("Working on the design's flows in the background"));
    m_bar->hide();
}

int PanelWorker::backgroundThreshold()
{
    return g_threshold;
}

void PanelWorker::setBackgroundThreshold(int nodes)
{
    g_threshold = nodes;
}

void PanelWorker::run(Work work)
{
    const quint64 generation = ++m_generation;
    if (int(m_document.nodes().size()) < g_threshold) {
        m_busy = false;
        m_bar->hide();
        work(m_document, m_engine)();
        Q_EMIT finished();
        return;
    }
    m_busy = true;
    m_bar->show();
    // The worker owns its copy; the panel may be gone when it ends (the watcher goes with it).
    auto* watcher = new QFutureWatcher<Apply>(this);
    connect(watcher, &QFutureWatcher<Apply>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation) // a newer request supersedes this one
            return;
        m_busy = false;
        m_bar->hide();
        watcher->result()();
        Q_EMIT finished();
    });
    // The design is copied as values (implicitly shared) on the GUI thread and rebuilt in the worker.
    watcher->setFuture(QtConcurrent::run([catalog = &m_document.catalog(), content = m_document.content(),
                                          work = std::move(work)] {
        Document document(*catalog);
        document.reset(content);
        const FlowEngine engine(document);
        return work(document, engine);
    }));
}

} // namespace portolan
