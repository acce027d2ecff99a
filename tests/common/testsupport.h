#pragma once

// Helpers shared by the test suites: the bundled examples, loaded with their
// flows, and a small RFC 4180 reader to check what exports wrote.
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"
#include "flows/flowengine.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QStringList>

#include <memory>

namespace portolan::test {

inline QString examplesDir()
{
    return QStringLiteral(PORTOLAN_EXAMPLES);
}

inline QStringList exampleNames()
{
    return QDir(examplesDir()).entryList({QStringLiteral("*.portolan")}, QDir::Files, QDir::Name);
}

struct LoadedExample
{
    std::unique_ptr<Document> doc = std::make_unique<Document>(Catalog::builtin());
    std::unique_ptr<FlowEngine> engine;
};

inline LoadedExample loadExample(const QString& name)
{
    LoadedExample l;
    QString error;
    EXPECT_TRUE(DesignFile::load(*l.doc, examplesDir() + u'/' + name, &error)) << error.toStdString();
    l.engine = std::make_unique<FlowEngine>(*l.doc);
    return l;
}

// Records of RFC 4180 text: quoted fields may hold commas, quotes and line breaks.
inline QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row << field;
            field.clear();
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            row << field;
            rows << row;
            row.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row << field;
        rows << row;
    }
    return rows;
}

} // namespace portolan::test
