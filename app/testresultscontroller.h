#pragma once

#include "verify/testresults.h"

#include <QObject>

#include <memory>

class QTimer;

namespace portolan {

class Document;
class FlowEngine;
struct Verification;

// The port test results imported into the designer (File > Import Test
// Results...): the rows of every file imported since the design was opened,
// matched to the design again whenever its flows change. Results are not part
// of the design and are never saved with it.
class TestResultsController : public QObject
{
    Q_OBJECT
public:
    TestResultsController(const Document& document, const FlowEngine& engine, QObject* parent = nullptr);

    // Reads the files and merges their rows with those imported before (the newest
    // result per flow wins). All or nothing: on a bad file nothing changes and
    // *error names the file and line.
    bool importFiles(const QStringList& paths, QString* error);
    void clear();
    // Null when nothing is imported.
    std::shared_ptr<const Verification> verification() const { return m_verification; }
    // Writes the verification report, PDF or XLSX by the path's suffix.
    bool exportReport(const QString& path, QString* error) const;

Q_SIGNALS:
    void changed();

private:
    void recompute();

    const Document& m_document;
    const FlowEngine& m_engine;
    QList<ResultRow> m_rows;
    std::shared_ptr<const Verification> m_verification;
    QTimer* m_later;
};

} // namespace portolan
