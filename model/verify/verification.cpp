#include "verification.h"

#include "design/document.h"
#include "export/ruleset.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"

#include <QHash>

#include <map>
#include <tuple>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

// FAIL over NO RESPONDER over NOT TESTED over PASS: the worst port decides.
int severity(TestResult r)
{
    switch (r) {
    case TestResult::Fail:
        return 3;
    case TestResult::NoResponder:
        return 2;
    case TestResult::NotTested:
        return 1;
    case TestResult::Pass:
        return 0;
    }
    return 0;
}

using FlowKey = std::tuple<int, QString, int, QString>; // source, destination (lower case), protocol, port

// The rule that allows each flow, from the host rule set (every flow, whatever the zones).
QString ruleFor(const QList<Rule>& rules, const TestFlow& flow)
{
    for (const Rule& rule : rules) {
        if (rule.destination != flow.destination || rule.protocol != flow.protocol ||
            !rule.sources.contains(flow.source))
            continue;
        if (flow.protocol == Protocol::Icmp)
            return rule.name;
        for (const RulePort& p : rule.ports)
            if (p.port == flow.port)
                return rule.name;
    }
    return {};
}

} // namespace

const ResultRow* FlowVerdict::decisive() const
{
    const ResultRow* best = nullptr;
    for (const ResultRow& row : rows)
        if (result && row.result == *result && (!best || row.time > best->time))
            best = &row;
    return best;
}

int Verification::count(std::optional<TestResult> result) const
{
    int n = 0;
    for (const FlowVerdict& v : flows)
        n += v.result == result ? 1 : 0;
    return n;
}

QString Verification::summary() const
{
    return u"%1: %2 passed, %3 failed, %4 no responder, %5 not tested, %6 without a result; %7 result "
           u"rows not in the design"_s.arg(flowsText(flows.size()))
               .arg(count(TestResult::Pass))
               .arg(count(TestResult::Fail))
               .arg(count(TestResult::NoResponder))
               .arg(count(TestResult::NotTested))
               .arg(count(std::nullopt))
               .arg(unmatched.size());
}

bool Verification::passed() const
{
    return count(TestResult::Fail) == 0 && count(TestResult::NoResponder) == 0;
}

QList<const FlowVerdict*> Verification::between(int source, int destination) const
{
    QList<const FlowVerdict*> out;
    for (const FlowVerdict& v : flows)
        if (v.flow.source == source && v.flow.destination == destination)
            out << &v;
    return out;
}

Verification verifyResults(const Document& document, const FlowEngine& engine, const QList<ResultRow>& rows)
{
    Verification out;
    const QList<Rule> rules = buildRules(document, engine);
    std::map<FlowKey, size_t> index;
    for (const TestFlow& t : testFlows(document, engine)) {
        index[{t.source, document.node(t.destination)->name.toLower(), int(t.protocol), t.portText()}] =
            out.flows.size();
        out.flows.push_back({t, std::nullopt, {}, ruleFor(rules, t)});
    }
    QHash<QString, QList<int>> byName;
    for (const auto& [id, node] : document.nodes())
        byName[node.name.toLower()] << id;
    // The newest row per flow and tested port; on equal times the later row (file order) wins.
    std::map<std::pair<size_t, QString>, ResultRow> newest;
    for (const ResultRow& row : rows) {
        const auto sources = byName.constFind(row.source.toLower());
        if (sources == byName.cend()) {
            out.unmatched << UnmatchedRow{row,
                                          u"unknown computer '%1': no server, client group or console of "
                                          u"the design has this name"_s.arg(row.source)};
            continue;
        }
        std::optional<size_t> at;
        for (int source : *sources) {
            const auto it = index.find({source, row.destination.toLower(), int(row.protocol), row.port});
            if (it != index.end())
                at = it->second;
        }
        if (!at) {
            const QString port = row.protocol == Protocol::Icmp ? QString() : u' ' + row.port;
            out.unmatched << UnmatchedRow{
                row, u"not in the design: no flow %1 -> %2 %3%4"_s.arg(row.source, row.destination,
                                                                       protocolName(row.protocol), port)};
            continue;
        }
        const QString tested = row.testedPort.isEmpty() ? row.port : row.testedPort;
        auto [it, inserted] = newest.try_emplace({*at, tested}, row);
        if (!inserted && row.time >= it->second.time)
            it->second = row;
    }
    for (const auto& [key, row] : newest) {
        FlowVerdict& v = out.flows[key.first];
        v.rows << row;
        if (!v.result || severity(row.result) > severity(*v.result))
            v.result = row.result;
    }
    return out;
}

QString testFlowName(const Document& document, const TestFlow& flow)
{
    // A verification is matched again a moment after the design changes: until then a
    // node it names may be gone.
    const auto name = [&document](int id) {
        const Node* n = document.node(id);
        return n ? n->name : u"(removed)"_s;
    };
    QString text =
        name(flow.source) + u" -> "_s + name(flow.destination) + u' ' + protocolName(flow.protocol);
    if (flow.protocol != Protocol::Icmp)
        text += u' ' + flow.portText();
    return text;
}

QString verdictLine(const Document& document, const FlowVerdict& verdict)
{
    QString line = testFlowName(document, verdict.flow) + u": "_s;
    if (!verdict.result)
        return line + u"UNTESTED"_s;
    line += testResultName(*verdict.result);
    if (const ResultRow* row = verdict.decisive()) {
        line += u" ("_s + row->time.toUTC().toString(Qt::ISODate);
        if (!row->computer.isEmpty())
            line += u" from "_s + row->computer;
        if (!row->reason.isEmpty())
            line += u"; "_s + row->reason;
        line += u')';
    }
    return line;
}

} // namespace portolan
