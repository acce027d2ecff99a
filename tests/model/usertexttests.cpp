// User text is never a format string: names with %1, %2 and %L1 reach rule
// labels, exports and messages exactly as typed.
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"
#include "export/exporter.h"
#include "export/ruleset.h"
#include "flows/flowengine.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace portolan;

TEST(UserText, PlaceholdersInNamesSurviveIntoRuleLabelsAndExports)
{
    Document doc(Catalog::builtin());
    QString error;
    ASSERT_TRUE(
        DesignFile::load(doc, QStringLiteral(PORTOLAN_EXAMPLES "/cas-two-primaries.portolan"), &error))
        << qPrintable(error);
    // Every client group, console and endpoint gets a name full of placeholders.
    QList<Node> renamed;
    for (const auto& [id, n] : doc.nodes())
        if (n.kind != NodeKind::Server) {
            Node after = n;
            after.name = u"%1 group %2 of %L1 at 100% (%3)"_s + QString::number(id);
            renamed << after;
        }
    ASSERT_FALSE(renamed.isEmpty());
    for (const Node& n : std::as_const(renamed))
        doc.updateNode(n);
    FlowEngine engine(doc);
    int withManySources = 0;
    for (const Rule& rule : buildRules(doc, engine)) {
        const QString first = shortName(doc, rule.sources.first());
        EXPECT_TRUE(rule.label.contains(first)) << qPrintable(rule.label) << " lacks " << qPrintable(first);
        if (rule.sources.size() > 1) {
            ++withManySources;
            EXPECT_TRUE(
                rule.label.contains(u"%1 and %2 more"_s.arg(first, QString::number(rule.sources.size() - 1))))
                << qPrintable(rule.label);
        }
    }
    EXPECT_GT(withManySources, 0) << "the example should have rules with several sources";
    // The CSV carries the names verbatim.
    const QByteArray csv = flowCsv(doc, engine, {});
    for (const Node& n : std::as_const(renamed))
        EXPECT_TRUE(csv.contains(n.name.toUtf8()) || !csv.contains(QByteArray::number(n.id)))
            << qPrintable(n.name);
    EXPECT_TRUE(csv.contains("%1 group %2 of %L1 at 100% (%3)"));
    // Rule comments and names in the rule sets, where several sources are summed up.
    // A name substituted twice loses its placeholders ("3 group %2 of 3 at 100%") or leaves
    // the template's own behind ("and %2 more").
    const auto intact = [](const QByteArray& text) {
        return text.contains("%1 group %2 of %L1 at 100% (%3)") && !text.contains(" and %2 more") &&
               text.count("group %2 of ") == text.count("%1 group %2 of %L1 at 100% (%3)");
    };
    EXPECT_TRUE(intact(firewallScript(doc, engine, {})));
    QString why;
    const auto nft = nftablesRuleset(doc, engine, {}, &why);
    ASSERT_TRUE(nft) << qPrintable(why);
    EXPECT_TRUE(intact(*nft));
}

TEST(UserText, PlaceholdersInAFilePathSurviveIntoMessages)
{
    Document doc(Catalog::builtin());
    QString error;
    EXPECT_FALSE(DesignFile::load(doc, u"/no/such/%2 and %1.portolan"_s, &error));
    EXPECT_TRUE(error.startsWith(u"/no/such/%2 and %1.portolan: "_s)) << qPrintable(error);
}
