#pragma once

#include <QObject>

#include <functional>
#include <memory>

class QProgressBar;
class QWidget;

namespace portolan {

class Document;
class FlowEngine;

class DesignSnapshots;

// Fills a panel without freezing the window. On a large design the work runs in a worker
// thread on a snapshot of the design taken when it starts (the live one may change meanwhile),
// with a busy bar shown in the panel; only the last request's result is applied. A small
// design is computed on the spot, so that its panel is filled as soon as it is asked.
// The panels of one design share its snapshot: one copy and one flow computation per state of
// the design, made by the first worker that needs it while the others wait for it.
class PanelWorker : public QObject
{
    Q_OBJECT
public:
    // Computes from a design and its flows, off the GUI thread when the design is large, and
    // returns what to do with the result on the GUI thread.
    using Apply = std::function<void()>;
    using Work = std::function<Apply(const Document&, const FlowEngine&)>;

    PanelWorker(const Document& document, const FlowEngine& engine, QWidget* panel);

    void run(Work work);
    bool isBusy() const { return m_busy; }
    // For the panel's layout: hidden until work runs in the background.
    QProgressBar* progressBar() const { return m_bar; }

    // Designs with at least this many nodes are worked on in the background.
    static int backgroundThreshold();
    static void setBackgroundThreshold(int nodes);
    // How many snapshots (a copy of a design and its flows) the workers have made so far.
    static int snapshotsMade();

Q_SIGNALS:
    void finished();

private:
    const Document& m_document;
    const FlowEngine& m_engine;
    std::shared_ptr<DesignSnapshots> m_snapshots;
    QProgressBar* m_bar;
    quint64 m_generation = 0;
    bool m_busy = false;
};

} // namespace portolan
