#include "testresultscontroller.h"

#include "design/document.h"
#include "flows/flowengine.h"
#include "verify/verification.h"
#include "verify/verificationreport.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace portolan {

TestResultsController::TestResultsController(const Document& document, const FlowEngine& engine,
                                             QObject* parent)
    : QObject(parent), m_document(document), m_engine(engine), m_later(new QTimer(this))
{
    m_later->setSingleShot(true);
    m_later->setInterval(150);
    connect(m_later, &QTimer::timeout, this, &TestResultsController::recompute);
    connect(&engine, &FlowEngine::flowsChanged, this, [this] {
        if (m_verification)
            m_later->start();
    });
    // Another design: the results were of the one before.
    connect(&document, &Document::documentReset, this, &TestResultsController::clear);
}

bool TestResultsController::importFiles(const QStringList& paths, QString* error)
{
    QList<ResultRow> rows;
    for (const QString& path : paths)
        if (!readTestResults(path, &rows, error))
            return false;
    m_rows << rows;
    recompute();
    return true;
}

void TestResultsController::clear()
{
    if (!m_verification && m_rows.isEmpty())
        return;
    m_rows.clear();
    m_verification.reset();
    Q_EMIT changed();
}

bool TestResultsController::exportReport(const QString& path, QString* error) const
{
    if (!m_verification) {
        *error = tr("No test results are imported.");
        return false;
    }
    if (path.endsWith(u".xlsx", Qt::CaseInsensitive))
        return writeVerificationXlsx(m_document, *m_verification, path, error);
    return writeVerificationPdf(m_document, *m_verification, path, error);
}

void TestResultsController::recompute()
{
    m_verification = std::make_shared<const Verification>(verifyResults(m_document, m_engine, m_rows));
    Q_EMIT changed();
}

} // namespace portolan
