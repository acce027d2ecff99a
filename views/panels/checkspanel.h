#pragma once

#include "checks/designchecks.h"

#include <QWidget>

#include <memory>

class QListWidget;
class QTimer;

namespace portolan {

class Document;
class FlowEngine;
struct Verification;
class PanelWorker;

// The errors and warnings of `portolan check`, kept up to date as the design
// changes; double-click selects the culprit.
class ChecksPanel : public QWidget
{
    Q_OBJECT
public:
    ChecksPanel(const Document& document, const FlowEngine& engine, QWidget* parent = nullptr);
    QStringList lines() const;
    void refreshNow();
    // Port test results: each flow that failed or found no responder is listed after
    // the design's own problems (double-click selects its source); null: none.
    void setVerification(std::shared_ptr<const Verification> verification);

Q_SIGNALS:
    void culpritActivated(int site, int node);
    void summaryChanged(int errors, int warnings);

private:
    void showIssues(const QList<DesignIssue>& issues, const QStringList& lines);
    const Document& m_document;
    const FlowEngine& m_engine;
    QListWidget* m_list;
    QTimer* m_refresh;
    std::shared_ptr<const Verification> m_verification;
    PanelWorker* m_worker;
};

} // namespace portolan
