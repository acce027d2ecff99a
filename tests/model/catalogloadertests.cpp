// A malformed catalog is refused with a message naming the section, row and
// field, one test per kind of error.
#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <functional>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

QJsonObject builtinJson()
{
    QFile file(u":/catalog/catalog.json"_s);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Applies edit to the first row of section `section` (0-based) and loads.
QString errorAfterRowEdit(int section, const std::function<void(QJsonObject&)>& edit)
{
    QJsonObject top = builtinJson();
    QJsonArray sections = top.value(u"sections").toArray();
    QJsonObject s = sections.at(section).toObject();
    QJsonArray rows = s.value(u"rows").toArray();
    QJsonObject row = rows.at(0).toObject();
    edit(row);
    rows.replace(0, row);
    s.insert(u"rows"_s, rows);
    sections.replace(section, s);
    top.insert(u"sections"_s, sections);
    QString error;
    EXPECT_FALSE(Catalog::fromJson(QJsonDocument(top).toJson(), &error).has_value());
    return error;
}

QString errorAfterEdit(const std::function<void(QJsonObject&)>& edit)
{
    QJsonObject top = builtinJson();
    edit(top);
    QString error;
    EXPECT_FALSE(Catalog::fromJson(QJsonDocument(top).toJson(), &error).has_value());
    return error;
}

const QString kFirstRow = u"section 1 \"Asset Intelligence synchronization point --> Microsoft\", row 1"_s;

} // namespace

TEST(CatalogLoader, BuiltinCatalogLoads)
{
    QString error;
    const auto catalog = Catalog::fromJson(QJsonDocument(builtinJson()).toJson(), &error);
    ASSERT_TRUE(catalog.has_value()) << error.toStdString();
    EXPECT_EQ(catalog->rows().size(), Catalog::builtin().rows().size());
}

TEST(CatalogLoader, RejectsText)
{
    QString error;
    EXPECT_FALSE(Catalog::fromJson("{\"format\": ", &error));
    EXPECT_TRUE(error.startsWith(u"catalog: not valid JSON at offset"_s)) << error.toStdString();
}

TEST(CatalogLoader, RejectsWrongFormatAndVersion)
{
    EXPECT_EQ(errorAfterEdit([](QJsonObject& o) { o.insert(u"format"_s, u"something"_s); }),
              u"catalog: field \"format\": expected \"portolan-catalog\""_s);
    EXPECT_EQ(errorAfterEdit([](QJsonObject& o) { o.insert(u"version"_s, 2); }),
              u"catalog: field \"version\": only version 1 is understood"_s);
}

TEST(CatalogLoader, RejectsBadPort)
{
    EXPECT_EQ(errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"port"_s, u"443x"_s); }),
              u"catalog: "_s + kFirstRow +
                  u", field \"port\": '443x' is not a port number (1-65535); expected a port, a range a-b, "
                  u"DYNAMIC or nothing"_s);
    EXPECT_TRUE(errorAfterRowEdit(0, [](QJsonObject& r) {
                    r.insert(u"port"_s, u"70000"_s);
                }).contains(u"field \"port\": '70000' is not a port number"_s));
    EXPECT_TRUE(errorAfterRowEdit(0, [](QJsonObject& r) {
                    r.insert(u"port"_s, u"64000-63000"_s);
                }).contains(u"starts after it ends"_s));
    EXPECT_TRUE(errorAfterRowEdit(0, [](QJsonObject& r) {
                    r.insert(u"port"_s, 443);
                }).endsWith(u"field \"port\": expected a string"_s));
}

TEST(CatalogLoader, RejectsIcmpWithPortAndTcpWithout)
{
    const QString icmp = errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"protocol"_s, u"ICMP"_s); });
    EXPECT_EQ(icmp, u"catalog: "_s + kFirstRow +
                        u", field \"port\": ICMP rows have no port, TCP and UDP rows need one"_s);
    const QString tcp = errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"port"_s, u""_s); });
    EXPECT_EQ(tcp, icmp);
}

TEST(CatalogLoader, RejectsUnknownProtocol)
{
    EXPECT_EQ(errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"protocol"_s, u"SCTP"_s); }),
              u"catalog: "_s + kFirstRow + u", field \"protocol\": 'SCTP' is not TCP, UDP or ICMP"_s);
}

TEST(CatalogLoader, RejectsMissingDescription)
{
    EXPECT_EQ(errorAfterRowEdit(0, [](QJsonObject& r) { r.remove(u"description"_s); }),
              u"catalog: "_s + kFirstRow + u", field \"description\": expected a non-empty string"_s);
}

TEST(CatalogLoader, RejectsNoteOutsideOneToSix)
{
    EXPECT_EQ(errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"notes"_s, QJsonArray{7}); }),
              u"catalog: "_s + kFirstRow + u", field \"notes\": the reference has notes 1 to 6"_s);
}

TEST(CatalogLoader, RejectsUnknownOptionInCondition)
{
    EXPECT_EQ(errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"when"_s, QJsonArray{u"dp.pxee"_s}); }),
              u"catalog: "_s + kFirstRow + u", field \"when\": unknown option 'dp.pxee'"_s);
    EXPECT_EQ(
        errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"when"_s, QJsonArray{u"sup.httpPort="_s}); }),
        u"catalog: "_s + kFirstRow + u", field \"when\": condition 'sup.httpPort=' has no value"_s);
    EXPECT_EQ(errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"port_option"_s, u"nope"_s); }),
              u"catalog: "_s + kFirstRow + u", field \"port_option\": unknown option 'nope'"_s);
}

TEST(CatalogLoader, RejectsUnknownField)
{
    EXPECT_EQ(errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"prot"_s, u"TCP"_s); }),
              u"catalog: "_s + kFirstRow + u", field \"prot\": unknown field"_s);
}

TEST(CatalogLoader, RejectsUnknownKindAndRowsThatDoNotSayWhereTheyComeFrom)
{
    EXPECT_EQ(errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"kind"_s, u"guess"_s); }),
              u"catalog: "_s + kFirstRow +
                  u", field \"kind\": unknown kind 'guess' (reference, reference text or field-reported)"_s);
    EXPECT_EQ(errorAfterRowEdit(0, [](QJsonObject& r) { r.insert(u"kind"_s, u"reference text"_s); }),
              u"catalog: "_s + kFirstRow + u", field \"reason\": expected a non-empty string"_s);
    EXPECT_EQ(errorAfterRowEdit(0,
                                [](QJsonObject& r) {
                                    r.insert(u"kind"_s, u"reference text"_s);
                                    r.insert(u"reason"_s, u"said in a paragraph"_s);
                                }),
              u"catalog: "_s + kFirstRow + u", field \"passage\": expected a non-empty string"_s);
    // A field-reported row cites its public source and where to read it.
    EXPECT_EQ(errorAfterRowEdit(0,
                                [](QJsonObject& r) {
                                    r.insert(u"kind"_s, u"field-reported"_s);
                                    r.insert(u"reason"_s, u"seen in the field"_s);
                                }),
              u"catalog: "_s + kFirstRow + u", field \"citation\": expected a non-empty string"_s);
    EXPECT_EQ(errorAfterRowEdit(0,
                                [](QJsonObject& r) {
                                    r.insert(u"kind"_s, u"field-reported"_s);
                                    r.insert(u"reason"_s, u"seen in the field"_s);
                                    r.insert(u"citation"_s, u"a forum thread"_s);
                                }),
              u"catalog: "_s + kFirstRow + u", field \"url\": expected a non-empty string"_s);
}

TEST(CatalogLoader, RejectsUnknownRoleAndScope)
{
    const QString role = errorAfterEdit([](QJsonObject& top) {
        QJsonArray sections = top.value(u"sections").toArray();
        QJsonObject s = sections.at(2).toObject();
        s.insert(u"destination"_s, u"toaster"_s);
        sections.replace(2, s);
        top.insert(u"sections"_s, sections);
    });
    EXPECT_EQ(role,
              u"catalog: section 3 \"Client --> Client\", field \"destination\": unknown role 'toaster'"_s);
    const QString scope = errorAfterEdit([](QJsonObject& top) {
        QJsonArray sections = top.value(u"sections").toArray();
        QJsonObject s = sections.at(2).toObject();
        s.insert(u"scope"_s, u"everywhere"_s);
        sections.replace(2, s);
        top.insert(u"sections"_s, sections);
    });
    EXPECT_EQ(scope,
              u"catalog: section 3 \"Client --> Client\", field \"scope\": unknown scope 'everywhere'"_s);
}

TEST(CatalogLoader, RejectsDuplicateRoleAndSection)
{
    const QString role = errorAfterEdit([](QJsonObject& top) {
        QJsonArray roles = top.value(u"roles").toArray();
        roles.append(roles.at(0));
        top.insert(u"roles"_s, roles);
    });
    EXPECT_TRUE(role.endsWith(u"field \"id\": role 'site_server' defined twice"_s)) << role.toStdString();
    const QString section = errorAfterEdit([](QJsonObject& top) {
        QJsonArray sections = top.value(u"sections").toArray();
        sections.append(sections.at(0));
        top.insert(u"sections"_s, sections);
    });
    EXPECT_TRUE(section.endsWith(u"field \"title\": section appears twice"_s)) << section.toStdString();
}

TEST(CatalogLoader, RejectsBadOptionDefault)
{
    const QString error = errorAfterEdit([](QJsonObject& top) {
        QJsonArray options = top.value(u"options").toArray();
        QJsonObject o = options.at(0).toObject();
        o.insert(u"default"_s, 0);
        options.replace(0, o);
        top.insert(u"options"_s, options);
    });
    EXPECT_EQ(
        error,
        u"catalog: option 1 \"site.clientHttpPort\", field \"default\": not a valid value of its type"_s);
}

TEST(CatalogLoader, RejectsEmptySectionAndMissingRows)
{
    const QString error = errorAfterEdit([](QJsonObject& top) {
        QJsonArray sections = top.value(u"sections").toArray();
        QJsonObject s = sections.at(0).toObject();
        s.insert(u"rows"_s, QJsonArray{});
        sections.replace(0, s);
        top.insert(u"sections"_s, sections);
    });
    EXPECT_TRUE(error.endsWith(u"field \"rows\": a section needs at least one row"_s)) << error.toStdString();
    EXPECT_EQ(errorAfterEdit([](QJsonObject& top) { top.remove(u"sections"_s); }),
              u"catalog: top level: field \"sections\" is missing or not an array"_s);
}

// A section that follows a designer's link names one of the kinds a design can draw: a kind the
// designer cannot draw would leave its rows without a flow, silently.
TEST(CatalogLoader, RejectsALinkKindNoDesignCanDraw)
{
    int section = -1;
    QString title;
    const QString error = errorAfterEdit([&](QJsonObject& top) {
        QJsonArray sections = top.value(u"sections").toArray();
        for (qsizetype i = 0; i < sections.size() && section < 0; ++i) {
            QJsonObject s = sections.at(i).toObject();
            if (s.value(u"scope").toString() != u"link")
                continue;
            section = int(i);
            title = s.value(u"title").toString();
            s.insert(u"link"_s, u"friendship"_s);
            sections.replace(i, s);
        }
        top.insert(u"sections"_s, sections);
    });
    ASSERT_GE(section, 0) << "the catalog has a section with the link scope";
    EXPECT_EQ(error,
              u"catalog: section %1 \"%2\", field \"link\": unknown link kind 'friendship' (expected one of "
              u"pull_source, upstream, cmg_connection, exchange, content_library, wsus_database, boundary)"_s
                  .arg(section + 1)
                  .arg(title));
}
