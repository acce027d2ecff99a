#include "panelworker.h"

#include "design/document.h"
#include "flows/flowengine.h"

#include <QFutureWatcher>
#include <QHash>
#include <QPointer>
#include <QProgressBar>
#include <QtConcurrent/QtConcurrentRun>
#include <QThreadPool>

#include <atomic>
#include <mutex>

namespace portolan {

namespace {

int g_threshold = 1500;
std::atomic<int> g_snapshotsMade{0};

// The design as it was at one moment, with its flows: its content is copied on the GUI thread
// (implicitly shared values, cheap), the document rebuilt and the flows computed once, by the
// first worker that needs them. Read only from then on, by as many workers as ask.
class Snapshot
{
public:
    Snapshot(const Catalog& catalog, DesignContent content)
        : m_catalog(catalog), m_content(std::move(content))
    {}
    Snapshot(const Snapshot&) = delete;
    Snapshot& operator=(const Snapshot&) = delete;

    // Builds it on the first call; later calls, from any thread, wait for that one to end.
    void ensureBuilt()
    {
        std::call_once(m_once, [this] {
            m_document = std::make_unique<Document>(m_catalog);
            m_document->reset(std::exchange(m_content, {}));
            m_engine = std::make_unique<FlowEngine>(*m_document);
            ++g_snapshotsMade;
        });
    }
    const Document& document() const { return *m_document; }
    const FlowEngine& engine() const { return *m_engine; }

private:
    const Catalog& m_catalog;
    DesignContent m_content;
    std::once_flag m_once;
    std::unique_ptr<Document> m_document; // declared before the engine, which follows it
    std::unique_ptr<FlowEngine> m_engine;
};

} // namespace

// One design's current snapshot, shared by the workers of all its panels and dropped when the
// design changes in any way.
class DesignSnapshots : public QObject
{
public:
    explicit DesignSnapshots(const Document& document) : m_document(document)
    {
        const auto drop = [this] {
            // Freed on a worker thread, like the one that built it: a large design's copy and
            // flows take tens of milliseconds to free (glibc consolidating the freed chunks),
            // which the edit's repaint on the GUI thread need not wait for. A worker still
            // reading it keeps it until done.
            if (m_current)
                QThreadPool::globalInstance()->start([old = std::move(m_current)]() mutable { old.reset(); });
        };
        const Document* d = &document;
        connect(d, &Document::infoChanged, this, drop);
        connect(d, &Document::optionsChanged, this, drop);
        connect(d, &Document::zonesChanged, this, drop);
        connect(d, &Document::siteAdded, this, drop);
        connect(d, &Document::siteChanged, this, drop);
        connect(d, &Document::siteRemoved, this, drop);
        connect(d, &Document::nodeAdded, this, drop);
        connect(d, &Document::nodeChanged, this, drop);
        connect(d, &Document::nodeMoved, this, drop);
        connect(d, &Document::nodeRemoved, this, drop);
        connect(d, &Document::linkAdded, this, drop);
        connect(d, &Document::linkRemoved, this, drop);
        connect(d, &Document::documentReset, this, drop);
        connect(d, &Document::geometryChanged, this, drop);
        connect(d, &QObject::destroyed, this, [this] {
            m_current.reset();
            forget();
        });
    }
    ~DesignSnapshots() override { forget(); }

    // The snapshot of the design as it is now (GUI thread only).
    std::shared_ptr<Snapshot> current()
    {
        if (!m_current)
            m_current = std::make_shared<Snapshot>(m_document.catalog(), m_document.content());
        return m_current;
    }

    // The design's shared snapshots, made for the first of its workers.
    static std::shared_ptr<DesignSnapshots> of(const Document& document)
    {
        if (const std::shared_ptr<DesignSnapshots> existing = registry().value(&document).lock())
            return existing;
        auto made = std::make_shared<DesignSnapshots>(document);
        registry().insert(&document, made);
        return made;
    }

private:
    // Off the registry, unless another design at the same address has taken the place since.
    void forget()
    {
        const auto it = registry().constFind(&m_document);
        if (it != registry().cend() && (it->expired() || it->lock().get() == this))
            registry().erase(it);
    }
    static QHash<const Document*, std::weak_ptr<DesignSnapshots>>& registry()
    {
        static QHash<const Document*, std::weak_ptr<DesignSnapshots>> designs;
        return designs;
    }

    const Document& m_document;
    std::shared_ptr<Snapshot> m_current;
};

PanelWorker::PanelWorker(const Document& document, const FlowEngine& engine, QWidget* panel)
    : QObject(panel), m_document(document), m_engine(engine), m_snapshots(DesignSnapshots::of(document))
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

int PanelWorker::snapshotsMade()
{
    return g_snapshotsMade;
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
    // The design's snapshot as it is now, built by whichever worker comes first.
    watcher->setFuture(QtConcurrent::run([snapshot = m_snapshots->current(), work = std::move(work)] {
        snapshot->ensureBuilt();
        return work(snapshot->document(), snapshot->engine());
    }));
}

} // namespace portolan
