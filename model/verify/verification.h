#pragma once

#include "testplan.h"
#include "testresults.h"

#include <QList>

#include <optional>
#include <vector>

namespace portolan {

class Document;
class FlowEngine;

// One test of the design with what the results say about it.
struct FlowVerdict
{
    TestFlow flow;
    std::optional<TestResult> result; // nullopt: no row names this flow (untested)
    QList<ResultRow> rows;            // the newest row per tested port, which decided the result
    QString rule;                     // the rule of the exported rule sets that allows this flow

    // The deciding row: the newest of those with the flow's result.
    const ResultRow* decisive() const;
};

// A row that matches nothing in the design, with why: reported, never dropped.
struct UnmatchedRow
{
    ResultRow row;
    QString why; // "unknown computer 'x'" or "not in the design: ..."
};

// Results matched to the design (docs/test-results.md, "How rows become one
// result per flow"): several runs merge, the newest row per flow and port wins.
struct Verification
{
    std::vector<FlowVerdict> flows; // every test of the design, in testFlows order
    QList<UnmatchedRow> unmatched;

    int count(std::optional<TestResult> result) const;
    // No flow failed or found no responder: what `portolan verify` exits 0 on.
    bool passed() const;
    // "12 flows: 9 passed, 1 failed, ...": the line under the command's list and atop the report.
    QString summary() const;
    // The verdicts of the flows between two nodes (one canvas edge).
    QList<const FlowVerdict*> between(int source, int destination) const;
};

Verification verifyResults(const Document& document, const FlowEngine& engine, const QList<ResultRow>& rows);

// "cm.lab.local -> dc.lab.local  TCP 389  PASS  2026-11-25T21:04:05Z from CM" for one verdict.
QString verdictLine(const Document& document, const FlowVerdict& verdict);
// The flow as people name it: "cm.lab.local -> dc.lab.local TCP 389".
QString testFlowName(const Document& document, const TestFlow& flow);

} // namespace portolan
