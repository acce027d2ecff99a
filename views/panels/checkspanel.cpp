#include "checkspanel.h"

#include "checks/designchecks.h"
#include "design/document.h"
#include "flows/flowengine.h"
#include "panelworker.h"
#include "verify/verification.h"

#include <QApplication>
#include <QListWidget>
#include <QProgressBar>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portolan {

ChecksPanel::ChecksPanel(const Document& document, const FlowEngine& engine, QWidget* parent)
    : QWidget(parent), m_document(document), m_engine(engine)
{
    m_list = new QListWidget(this);
    m_list->setAlternatingRowColors(true);
    m_worker = new PanelWorker(document, engine, this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_worker->progressBar());
    layout->addWidget(m_list);
    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(120);
    connect(m_refresh, &QTimer::timeout, this, &ChecksPanel::refreshNow);
    const auto later = [this] {
        m_refresh->start();
    };
    connect(&engine, &FlowEngine::flowsChanged, this, later);
    connect(&document, &Document::siteChanged, this, later);
    connect(&document, &Document::siteAdded, this, later);
    connect(&document, &Document::siteRemoved, this, later);
    connect(&document, &Document::nodeChanged, this, later);
    connect(&document, &Document::linkAdded, this, later);
    connect(&document, &Document::linkRemoved, this, later);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        Q_EMIT culpritActivated(item->data(Qt::UserRole).toInt(), item->data(Qt::UserRole + 1).toInt());
    });
    refreshNow();
}

void ChecksPanel::refreshNow()
{
    m_worker->run([this](const Document& document, const FlowEngine& engine) -> PanelWorker::Apply {
        // In the worker on a large design: only the copy it is given may be read here.
        const QList<DesignIssue> issues = checkDesign(document, engine);
        QStringList lines;
        for (const DesignIssue& issue : issues)
            lines << formatIssue(document, issue);
        return [this, issues, lines] {
            showIssues(issues, lines);
        };
    });
}

void ChecksPanel::showIssues(const QList<DesignIssue>& issues, const QStringList& lines)
{
    m_list->clear();
    int errors = 0, warnings = 0;
    const QIcon errorIcon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
    const QIcon warningIcon = QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (qsizetype i = 0; i < issues.size(); ++i) {
        const DesignIssue& issue = issues.at(i);
        const bool error = issue.severity == DesignIssue::Severity::Error;
        (error ? errors : warnings) += 1;
        auto* item = new QListWidgetItem(error ? errorIcon : warningIcon, lines.at(i), m_list);
        item->setData(Qt::UserRole, issue.site);
        item->setData(Qt::UserRole + 1, issue.node);
    }
    if (m_verification) {
        for (const FlowVerdict& v : m_verification->flows) {
            if (v.result != TestResult::Fail && v.result != TestResult::NoResponder)
                continue;
            ++errors;
            QString text = tr("Port test: ") + verdictLine(m_document, v);
            if (!v.rule.isEmpty())
                text += tr(" - should be allowed by rule '%1'").arg(v.rule);
            auto* item = new QListWidgetItem(errorIcon, text, m_list);
            item->setData(Qt::UserRole, -1);
            item->setData(Qt::UserRole + 1, v.flow.source);
        }
        for (const UnmatchedRow& u : m_verification->unmatched) {
            ++warnings;
            auto* item =
                new QListWidgetItem(warningIcon, tr("Port test: ") + u.row.place() + u": "_s + u.why, m_list);
            item->setData(Qt::UserRole, -1);
            item->setData(Qt::UserRole + 1, -1);
        }
    }
    if (m_list->count() == 0)
        new QListWidgetItem(QApplication::style()->standardIcon(QStyle::SP_DialogApplyButton),
                            tr("No problems found"), m_list);
    Q_EMIT summaryChanged(errors, warnings);
}

QStringList ChecksPanel::lines() const
{
    QStringList result;
    for (int i = 0; i < m_list->count(); ++i)
        result << m_list->item(i)->text();
    return result;
}

void ChecksPanel::setVerification(std::shared_ptr<const Verification> verification)
{
    m_verification = std::move(verification);
    refreshNow();
}

} // namespace portolan
