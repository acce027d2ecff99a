// Every flow says where it comes from (issue 14): the Reference value of a
// reference or reference text row is a section title of the reference itself,
// and a field-reported row names a public source instead.
#include "catalog/catalog.h"
#include "export/catalogcsv.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QFileInfo>
#include <QSet>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

// The lines of the reference text that stand alone as paragraphs; section
// titles are among them.
QSet<QString> referenceLines()
{
    QFile file(QStringLiteral(PORTOLAN_REFERENCE_TEXT));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QSet<QString> lines;
    for (const QByteArray& line : file.readAll().split('\n'))
        lines << QString::fromUtf8(line).trimmed();
    return lines;
}

// The reference's text copy lost the two-way arrow of a section title
// ("Site server Software update point", DOMAIN.md section 6); the catalog
// spells it "<-->".
QString asInReference(const QString& title)
{
    QString text = title;
    return text.replace(u" <--> "_s, u" "_s);
}

} // namespace

TEST(Provenance, EveryReferenceValueIsASectionTitleOfTheReference)
{
    // The reference lives beside the checkout (../shared, as CI and every
    // developer has it), not in it; a checkout on its own has nothing to compare with.
    if (!QFileInfo::exists(QStringLiteral(PORTOLAN_REFERENCE_TEXT)))
        GTEST_SKIP() << "the port reference is not beside this checkout: " << PORTOLAN_REFERENCE_TEXT;
    const QSet<QString> lines = referenceLines();
    ASSERT_FALSE(lines.isEmpty()) << "cannot read " << PORTOLAN_REFERENCE_TEXT;
    int checked = 0;
    for (const CatalogRow& row : Catalog::builtin().rows()) {
        if (row.kind == RowKind::FieldReported)
            continue;
        EXPECT_TRUE(lines.contains(asInReference(referenceLabel(row))))
            << "'" << referenceLabel(row).toStdString() << "' (" << row.description.toStdString()
            << ") is not a section title of the reference";
        ++checked;
    }
    EXPECT_GT(checked, 200);
}

TEST(Provenance, TheTwoMisattributedRowsNoLongerCiteTheReference)
{
    // "Site server --> Client" holds only Wake On LAN; "Connections to SQL
    // Server" is a heading without a table.
    for (const CatalogRow& row : Catalog::builtin().rows()) {
        if (referenceLabel(row) == u"Site server --> Client") {
            EXPECT_EQ(row.description, u"Wake On LAN"_s);
        }
        EXPECT_NE(referenceLabel(row), u"Connections to SQL Server"_s) << row.description.toStdString();
    }
}

TEST(Provenance, EveryFieldReportedRowHasAPublicSource)
{
    int fieldReported = 0;
    for (const CatalogRow& row : Catalog::builtin().rows()) {
        if (row.kind != RowKind::FieldReported)
            continue;
        ++fieldReported;
        EXPECT_FALSE(row.citation.trimmed().isEmpty()) << row.description.toStdString();
        EXPECT_TRUE(row.url.startsWith(u"https://"_s)) << row.description.toStdString();
        EXPECT_FALSE(row.reason.trimmed().isEmpty()) << row.description.toStdString();
        EXPECT_EQ(referenceLabel(row), row.citation);
        EXPECT_EQ(basisLabel(row), u"field-reported"_s);
    }
    EXPECT_EQ(fieldReported, 5); // client push (4), the SUP's file dispatch manager
}

TEST(Provenance, ReferenceTextRowsNameTheirPassage)
{
    for (const CatalogRow& row : Catalog::builtin().rows()) {
        if (row.kind != RowKind::ReferenceText)
            continue;
        EXPECT_FALSE(row.passage.isEmpty()) << row.description.toStdString();
        EXPECT_EQ(basisLabel(row), u"reference text (%1)"_s.arg(row.passage));
    }
}

TEST(Provenance, SupFileDispatchManagerRowCitesMemdocs1686AndSaysFailureIsBenign)
{
    const Catalog& catalog = Catalog::builtin();
    const int sup = catalog.roleIndex(u"software_update_point");
    const int sql = catalog.roleIndex(u"sql_server");
    int found = 0;
    for (const CatalogRow& row : catalog.rows()) {
        if (row.sourceRole != sup || row.destinationRole != sql)
            continue;
        ++found;
        EXPECT_EQ(row.kind, RowKind::FieldReported);
        EXPECT_EQ(row.citation, u"MicrosoftDocs/memdocs issue 1686"_s);
        EXPECT_TRUE(row.description.contains(u"file dispatch manager"_s, Qt::CaseInsensitive));
        EXPECT_TRUE(row.description.contains(u"benign"_s));
        EXPECT_FALSE(row.description.contains(u"synchronization manager"_s));
    }
    EXPECT_EQ(found, 1);
}

TEST(Provenance, CatalogCsvShowsBasisAndSourceOfEveryRow)
{
    const QString csv = QString::fromUtf8(catalogToCsv(Catalog::builtin()));
    const QStringList lines = csv.split(u'\n', Qt::SkipEmptyParts);
    ASSERT_FALSE(lines.isEmpty());
    EXPECT_TRUE(lines.first().contains(u",Basis,"_s)) << lines.first().toStdString();
    EXPECT_TRUE(lines.first().trimmed().endsWith(u"Source URL"_s)) << lines.first().toStdString();
    EXPECT_TRUE(csv.contains(u"field-reported,No,"_s));
    EXPECT_TRUE(csv.contains(u"reference text (Note 4)"_s));
    EXPECT_TRUE(csv.contains(u"https://github.com/MicrosoftDocs/memdocs/issues/1686"_s));
    EXPECT_FALSE(csv.contains(u"supplementary,"_s));
}
