#pragma once

#include "checks/designchecks.h"

#include <QWidget>

class QListWidget;
class QTimer;

namespace portolan {

class Document;
class FlowEngine;
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

Q_SIGNALS:
    void culpritActivated(int site, int node);
    void summaryChanged(int errors, int warnings);

private:
    void showIssues(const QList<DesignIssue>& issues, const QStringList& lines);
    const Document& m_document;
    const FlowEngine& m_engine;
    QListWidget* m_list;
    QTimer* m_refresh;
    PanelWorker* m_worker;
};

} // namespace portolan
