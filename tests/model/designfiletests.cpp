// The .portolan format: round trips, and a clear error for every kind of bad
// file, with the current design left untouched.
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <functional>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

const QString kExamples = QStringLiteral(PORTOLAN_EXAMPLES);

QStringList examples()
{
    return QDir(kExamples).entryList({u"*.portolan"_s}, QDir::Files, QDir::Name);
}

QByteArray exampleBytes()
{
    QFile file(kExamples + u"/lab.portolan"_s);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

// Loads the lab example after edit(json); returns the error (empty on success).
QString errorAfter(const std::function<void(QJsonObject&)>& edit, QStringList* warnings = nullptr)
{
    QJsonObject top = QJsonDocument::fromJson(exampleBytes()).object();
    edit(top);
    Document doc(Catalog::builtin());
    QString error;
    QStringList w;
    DesignFile::loadBytes(doc, QJsonDocument(top).toJson(), u"lab.portolan"_s, &error, &w);
    if (warnings)
        *warnings = w;
    return error;
}

void editFirst(QJsonObject& top, const QString& array, const std::function<void(QJsonObject&)>& edit)
{
    QJsonArray a = top.value(array).toArray();
    QJsonObject o = a.at(0).toObject();
    edit(o);
    a.replace(0, o);
    top.insert(array, a);
}

} // namespace

TEST(DesignFile, ExamplesOpenComputeAndRoundTrip)
{
    ASSERT_GE(examples().size(), 3);
    for (const QString& name : examples()) {
        Document doc(Catalog::builtin());
        QString error;
        QStringList warnings;
        ASSERT_TRUE(DesignFile::load(doc, kExamples + u'/' + name, &error, &warnings)) << error.toStdString();
        EXPECT_TRUE(warnings.isEmpty()) << warnings.join(u'\n').toStdString();
        FlowEngine engine(doc);
        EXPECT_GT(engine.flowCount(), 20u) << name.toStdString();

        QTemporaryDir dir;
        const QString saved = dir.filePath(u"saved.portolan"_s);
        ASSERT_TRUE(DesignFile::save(doc, saved, &error)) << error.toStdString();
        Document again(Catalog::builtin());
        ASSERT_TRUE(DesignFile::load(again, saved, &error)) << error.toStdString();
        EXPECT_TRUE(doc.sameContent(again)) << name.toStdString();
        EXPECT_EQ(DesignFile::toJson(again), DesignFile::toJson(doc));
        FlowEngine engineAgain(again);
        EXPECT_EQ(buildFlowList(again, engineAgain).size(), buildFlowList(doc, engine).size());
    }
}

TEST(DesignFile, FailedLoadLeavesTheDocumentUntouched)
{
    Document doc(Catalog::builtin());
    QString error;
    ASSERT_TRUE(DesignFile::load(doc, kExamples + u"/lab.portolan"_s, &error));
    const QByteArray before = DesignFile::toJson(doc);
    EXPECT_FALSE(DesignFile::loadBytes(doc, "{\"format\": \"portolan-design\", \"version\": 1, \"sites\": 3}",
                                       u"bad.portolan"_s, &error));
    EXPECT_EQ(error, u"bad.portolan: $.sites: expected an array"_s);
    EXPECT_EQ(DesignFile::toJson(doc), before);
}

TEST(DesignFile, NotJsonOrNotADesign)
{
    Document doc(Catalog::builtin());
    QString error;
    EXPECT_FALSE(DesignFile::loadBytes(doc, "PK\x03\x04 not json", u"x.portolan"_s, &error));
    EXPECT_TRUE(error.startsWith(u"x.portolan: $: not valid JSON (at byte"_s)) << error.toStdString();
    EXPECT_FALSE(DesignFile::loadBytes(doc, "[1,2]", u"x.portolan"_s, &error));
    EXPECT_EQ(error, u"x.portolan: $: a design is a JSON object"_s);
    EXPECT_EQ(errorAfter([](QJsonObject& t) { t.insert(u"format"_s, u"visio"_s); }),
              u"lab.portolan: $.format: not a Portolan design (expected \"portolan-design\")"_s);
}

// The reader reads each object once and skips nothing unread: broken JSON in a field it ignores,
// or after the first mistake it finds, is still reported as not JSON, and a lone value at the top
// is valid JSON but not a design, whatever space follows it.
TEST(DesignFile, JsonNotReadForTheDesignIsStillCheckedAsJson)
{
    Document doc(Catalog::builtin());
    QString error;
    const QByteArray head = R"({"format": "portolan-design", "version": 1, )";
    for (const char* junk :
         {"[1,,2]", "[1 2]", "{\"a\" 1}", "tru", "nul", "\"\\ud800\"", "123456789012345678901234567890"}) {
        EXPECT_FALSE(DesignFile::loadBytes(doc, head + R"("unknown": )" + junk + "}", u"x"_s, &error))
            << junk;
        EXPECT_TRUE(error.startsWith(u"x: $: not valid JSON"_s)) << error.toStdString();
        EXPECT_FALSE(DesignFile::loadBytes(
            doc, head + R"("servers": [{"id": "a", "name": "a", "address": "nowhere"}], "zz": )" + junk + "}",
            u"x"_s, &error))
            << junk;
        EXPECT_TRUE(error.startsWith(u"x: $: not valid JSON"_s)) << error.toStdString();
    }
    EXPECT_FALSE(DesignFile::loadBytes(
        doc, head + R"("servers": [{"id": "a", "name": "a", "address": "nowhere"}]})", u"x"_s, &error));
    EXPECT_TRUE(error.startsWith(u"x: $.servers[0].address: 'nowhere'"_s)) << error.toStdString();
    for (const char* lone : {"null", "null ", "true\n", "12 ", "\"design\" "}) {
        EXPECT_FALSE(DesignFile::loadBytes(doc, lone, u"x"_s, &error));
        EXPECT_EQ(error, u"x: $: a design is a JSON object"_s) << lone;
    }
    EXPECT_FALSE(DesignFile::loadBytes(doc, head + R"("name": "n"} x)", u"x"_s, &error));
    EXPECT_TRUE(error.startsWith(u"x: $: not valid JSON"_s)) << error.toStdString();
    // 1,024 levels of nesting, the top level's object counting one, are too deep, as before.
    const auto nested = [&](int levels) {
        return head + R"("deep": )" + QByteArray(levels, '[') + "0" + QByteArray(levels, ']') + "}";
    };
    EXPECT_TRUE(DesignFile::loadBytes(doc, nested(1022), u"x"_s, &error)) << error.toStdString();
    EXPECT_FALSE(DesignFile::loadBytes(doc, nested(1023), u"x"_s, &error));
    EXPECT_TRUE(error.startsWith(u"x: $: not valid JSON"_s)) << error.toStdString();
}

TEST(DesignFile, NewerVersionIsRefusedClearly)
{
    EXPECT_EQ(errorAfter([](QJsonObject& t) { t.insert(u"version"_s, 7); }),
              u"lab.portolan: $.version: written by a newer Portolan (format version 7); this version reads "
              u"format version 1 and older. Update Portolan to open it."_s);
    // A version past what an int holds is named as written, not wrapped round.
    EXPECT_TRUE(
        errorAfter([](QJsonObject& t) {
            t.insert(u"version"_s, 5e41);
        }).startsWith(u"lab.portolan: $.version: written by a newer Portolan (format version 5000"_s));
}

TEST(DesignFile, UnknownFieldsAreWarnings)
{
    QStringList warnings;
    EXPECT_TRUE(errorAfter(
                    [](QJsonObject& t) {
                        editFirst(t, u"servers"_s, [](QJsonObject& s) { s.insert(u"colour"_s, u"red"_s); });
                    },
                    &warnings)
                    .isEmpty());
    EXPECT_EQ(warnings, QStringList{u"lab.portolan: $.servers[0].colour: unknown field, ignored"_s});
}

TEST(DesignFile, BadValuesNameTheirPlace)
{
    const auto server = [](const std::function<void(QJsonObject&)>& edit) {
        return errorAfter([&](QJsonObject& t) { editFirst(t, u"servers"_s, edit); });
    };
    EXPECT_EQ(server([](QJsonObject& s) { s.insert(u"address"_s, u"10.0.0.300"_s); }),
              u"lab.portolan: $.servers[0].address: '10.0.0.300' is not an IPv4 or IPv6 address or CIDR"_s);
    EXPECT_EQ(server([](QJsonObject& s) {
                  s.insert(u"roles"_s, QJsonArray{u"site_server"_s, u"toaster"_s});
              }),
              u"lab.portolan: $.servers[0].roles[1]: unknown role 'toaster'"_s);
    EXPECT_EQ(server([](QJsonObject& s) { s.insert(u"roles"_s, QJsonArray{u"client"_s}); }),
              u"lab.portolan: $.servers[0].roles[0]: 'client' is not a role a server can hold"_s);
    EXPECT_EQ(server([](QJsonObject& s) { s.insert(u"site"_s, u"NOPE"_s); }),
              u"lab.portolan: $.servers[0].site: no site has the id 'NOPE'"_s);
    EXPECT_EQ(server([](QJsonObject& s) {
                  s.insert(u"options"_s, QJsonObject{{u"sql.port"_s, 70000}});
              }),
              u"lab.portolan: $.servers[0].options[\"sql.port\"]: expected a whole number from 1 to 65535"_s);
    EXPECT_EQ(server([](QJsonObject& s) {
                  s.insert(u"options"_s, QJsonObject{{u"group.wakeOnLan"_s, true}});
              }),
              u"lab.portolan: $.servers[0].options[\"group.wakeOnLan\"]: this option does not apply here "
              u"(expected mp.*, dp.*, sup.*, sql.*, cmg.*, system.*)"_s);
    EXPECT_EQ(server([](QJsonObject& s) {
                  s.insert(u"options"_s, QJsonObject{{u"sup.hasUpstream"_s, true}});
              }),
              u"lab.portolan: $.servers[0].options[\"sup.hasUpstream\"]: unknown option"_s);
    EXPECT_EQ(server([](QJsonObject& s) { s.insert(u"x"_s, u"left"_s); }),
              u"lab.portolan: $.servers[0].x: expected a number between -10000000 and 10000000"_s);
    EXPECT_EQ(server([](QJsonObject& s) { s.insert(u"name"_s, u"cm\u0007.lab"_s); }),
              u"lab.portolan: $.servers[0].name: contains a control character"_s);
    EXPECT_EQ(
        errorAfter([](QJsonObject& t) {
            editFirst(t, u"clientGroups"_s,
                      [](QJsonObject& g) { g.insert(u"subnets"_s, QJsonArray{u"10.0.0.0/99"_s}); });
        }),
        u"lab.portolan: $.clientGroups[0].subnets[0]: '10.0.0.0/99' is not a subnet (CIDR such as 10.1.0.0/16)"_s);
    EXPECT_EQ(errorAfter([](QJsonObject& t) {
                  editFirst(t, u"sites"_s, [](QJsonObject& s) { s.insert(u"kind"_s, u"tertiary"_s); });
              }),
              u"lab.portolan: $.sites[0].kind: 'tertiary' is not cas, primary or secondary"_s);
    EXPECT_EQ(
        errorAfter([](QJsonObject& t) {
            t.insert(u"options"_s, QJsonObject{{u"design.rpcRange"_s, u"1024-"_s}});
        }),
        u"lab.portolan: $.options[\"design.rpcRange\"]: expected a port range such as \"49152-65535\""_s);
}

TEST(DesignFile, DuplicateIdsAndDanglingLinks)
{
    EXPECT_EQ(errorAfter([](QJsonObject& t) {
                  editFirst(t, u"clientGroups"_s, [](QJsonObject& g) { g.insert(u"id"_s, u"cm"_s); });
              }),
              u"lab.portolan: $.clientGroups[0].id: 'cm' is already the id of $.servers[0]"_s);
    EXPECT_EQ(
        errorAfter([](QJsonObject& t) {
            t.insert(u"links"_s,
                     QJsonArray{QJsonObject{
                         {u"kind"_s, u"boundary"_s}, {u"from"_s, u"vms"_s}, {u"to"_s, u"gone"_s}}});
        }),
        u"lab.portolan: $.links[0].to: no server, client group, console or endpoint has the id 'gone'"_s);
    EXPECT_EQ(
        errorAfter([](QJsonObject& t) {
            t.insert(u"links"_s,
                     QJsonArray{QJsonObject{
                         {u"kind"_s, u"friendship"_s}, {u"from"_s, u"vms"_s}, {u"to"_s, u"cm"_s}}});
        }).section(u':', 0, 2),
        u"lab.portolan: $.links[0].kind: 'friendship' is not one of pull_source, upstream, cmg_connection, exchange, content_library, wsus_database, boundary"_s
            .section(u':', 0, 2));
}

TEST(DesignFile, HostileHostNamesLoadWithAWarning)
{
    QStringList warnings;
    const QString hostile = u"x\"; Remove-Item C:\\ -Recurse; \""_s;
    EXPECT_TRUE(errorAfter(
                    [&](QJsonObject& t) {
                        editFirst(t, u"servers"_s, [&](QJsonObject& s) { s.insert(u"name"_s, hostile); });
                    },
                    &warnings)
                    .isEmpty());
    ASSERT_EQ(warnings.size(), 1);
    EXPECT_TRUE(warnings.first().contains(u"is not a valid DNS host name"_s));
}

TEST(DesignFile, HugeFilesAreRefusedWithoutReadingThem)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"huge.portolan"_s);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    ASSERT_TRUE(file.resize(qint64(2) * 1024 * 1024 * 1024)); // sparse: no disk used
    file.close();
    Document doc(Catalog::builtin());
    QString error;
    EXPECT_FALSE(DesignFile::load(doc, path, &error));
    EXPECT_EQ(error, path + u": the file is 2048 MB; designs larger than 64 MB are refused"_s);
    EXPECT_FALSE(DesignFile::load(doc, dir.filePath(u"missing.portolan"_s), &error));
    EXPECT_TRUE(error.contains(u"missing.portolan: cannot open"_s)) << error.toStdString();
}

TEST(DesignFile, ArbitraryBytesNeverCrash)
{
    const QByteArray good = exampleBytes();
    QRandomGenerator random(7);
    for (int i = 0; i < 400; ++i) {
        QByteArray bytes = good;
        const int edits = 1 + random.bounded(8);
        for (int e = 0; e < edits; ++e)
            bytes[random.bounded(int(bytes.size()))] = char(random.bounded(256));
        if (i % 4 == 0)
            bytes.truncate(random.bounded(int(bytes.size())));
        Document doc(Catalog::builtin());
        QString error;
        if (DesignFile::loadBytes(doc, bytes, u"fuzz"_s, &error)) {
            FlowEngine engine(doc);
            (void)buildFlowList(doc, engine);
        } else {
            EXPECT_TRUE(error.startsWith(u"fuzz: $"_s)) << error.toStdString();
        }
    }
    Document doc(Catalog::builtin());
    QString error;
    EXPECT_FALSE(DesignFile::loadBytes(doc, QByteArray(100000, '['), u"deep"_s, &error));
    EXPECT_TRUE(error.startsWith(u"deep: $: not valid JSON"_s));
}

// A zone may name the firewall interface it sits behind; the name survives a save and a load, and a
// name no rule set could match is refused with its place.
TEST(DesignFile, ZoneInterfacesRoundTripAndBadNamesAreRefused)
{
    EXPECT_EQ(errorAfter([](QJsonObject& t) {
                  editFirst(t, u"zones"_s,
                            [](QJsonObject& z) { z.insert(u"interface"_s, u"eth1\" drop"_s); });
              }),
              u"lab.portolan: $.zones[0].interface: expected an interface name of at most 15 letters, digits "
              u"and _ . : @ - such as eth1"_s);
    QJsonObject top = QJsonDocument::fromJson(exampleBytes()).object();
    editFirst(top, u"zones"_s, [](QJsonObject& z) { z.insert(u"interface"_s, u"lan0"_s); });
    Document doc(Catalog::builtin());
    QString error;
    ASSERT_TRUE(DesignFile::loadBytes(doc, QJsonDocument(top).toJson(), u"lab.portolan"_s, &error, nullptr))
        << error.toStdString();
    ASSERT_FALSE(doc.zones().isEmpty());
    EXPECT_EQ(doc.zones().first().firewallInterface, u"lan0"_s);
    Document again(Catalog::builtin());
    ASSERT_TRUE(DesignFile::loadBytes(again, DesignFile::toJson(doc), u"again.portolan"_s, &error, nullptr))
        << error.toStdString();
    EXPECT_EQ(again.zones(), doc.zones());
}

TEST(DesignFile, EveryDesignHasAnIdentityThatItsFileKeeps)
{
    Document doc(Catalog::builtin());
    QString error;
    ASSERT_TRUE(DesignFile::load(doc, kExamples + u"/lab.portolan"_s, &error)) << error.toStdString();
    EXPECT_EQ(doc.info().id, u"3f1c7a52-8d4e-4b6a-9e21-5a7d0c9b1e43"_s) << "read from the file";
    // Written back, in one spelling, and read again.
    Document again(Catalog::builtin());
    ASSERT_TRUE(DesignFile::loadBytes(again, DesignFile::toJson(doc), u"x"_s, &error));
    EXPECT_EQ(again.info().id, doc.info().id);
    // Any usual spelling of a UUID reads; anything else is refused at its place.
    EXPECT_TRUE(errorAfter([](QJsonObject& top) {
                    top.insert(u"id"_s, u"{3F1C7A52-8D4E-4B6A-9E21-5A7D0C9B1E43}"_s);
                }).isEmpty());
    EXPECT_TRUE(errorAfter([](QJsonObject& top) {
                    top.insert(u"id"_s, u"Untitled design"_s);
                }).startsWith(u"lab.portolan: $.id: expected the design's identity"_s));
    EXPECT_TRUE(errorAfter([](QJsonObject& top) { top.insert(u"id"_s, 7); }).contains(u"$.id"_s));

    // A file of an older Portolan has no identity: it gets one from where it lives, the same each
    // time that file is read, and another for a copy of it elsewhere.
    QTemporaryDir dir;
    QJsonObject top = QJsonDocument::fromJson(exampleBytes()).object();
    top.remove(u"id"_s);
    for (const QString& name : {u"a.portolan"_s, u"b.portolan"_s}) {
        QFile file(dir.filePath(name));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(top).toJson());
    }
    const auto idOf = [&](const QString& name) {
        Document d(Catalog::builtin());
        EXPECT_TRUE(DesignFile::load(d, dir.filePath(name), &error)) << error.toStdString();
        return d.info().id;
    };
    EXPECT_FALSE(idOf(u"a.portolan"_s).isEmpty());
    EXPECT_EQ(idOf(u"a.portolan"_s), idOf(u"a.portolan"_s));
    EXPECT_NE(idOf(u"a.portolan"_s), idOf(u"b.portolan"_s));
    EXPECT_NE(DesignFile::newIdentity(), DesignFile::newIdentity());
}
