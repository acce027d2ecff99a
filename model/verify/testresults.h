#pragma once

#include "catalog/portspec.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace portolan {

// What a probe found for one port (docs/test-results.md).
enum class TestResult
{
    Pass,
    Fail,
    NoResponder,
    NotTested
};

QString testResultName(TestResult result); // "PASS", "FAIL", "NO RESPONDER", "NOT TESTED"
std::optional<TestResult> testResultFromName(QStringView name);

// One line of a results file: one test of one port from one computer.
struct ResultRow
{
    QString file; // where it was read, for messages
    int line = 0;
    QString source;
    QString computer;
    QDateTime time;
    QString destination;
    QString address;
    Protocol protocol = Protocol::Tcp;
    QString port;       // the flow's port as the design writes it, "" for ICMP
    QString testedPort; // the port tested ("" means port)
    TestResult result = TestResult::NotTested;
    QString reason;

    QString place() const { return file + u':' + QString::number(line); }
};

// Reads a results file (CSV, docs/test-results.md), appending its rows. False
// with "FILE:LINE: why" (or "FILE: why") in *error when it cannot be read or a
// line is malformed; nothing is appended then.
bool readTestResults(const QString& path, QList<ResultRow>* rows, QString* error);
// The same for bytes already read; fileName only names them in messages.
bool parseTestResults(const QByteArray& data, const QString& fileName, QList<ResultRow>* rows,
                      QString* error);

} // namespace portolan
