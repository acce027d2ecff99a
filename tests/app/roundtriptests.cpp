// The invariant behind "nothing lost": whatever sequence of edits the designer
// allows (drops, links, moves, property edits with hostile text, deletes of
// referenced things, copy and paste of any clipboard content, undo and redo),
// the design saves, the file opens, and it equals what was saved.
//
// Sequences are random but reproducible: PORTOLAN_ROUNDTRIP_SEED picks the
// seed and PORTOLAN_ROUNDTRIP_SEQUENCES how many (for long runs by hand).
#include "canvas/designscene.h"
#include "catalog/catalog.h"
#include "commands/commands.h"
#include "design/designfile.h"
#include "designcontroller.h"

#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <random>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

class Driver
{
public:
    Driver(DesignController& c, std::mt19937& rng) : m_c(c), m_rng(rng) {}

    // One random gesture; returns what it did, for the failure message.
    QString step()
    {
        // Pastes and duplicates double a selection: keep designs at a size
        // where thousands of steps stay quick, by deleting instead of growing.
        const int action = pick(14);
        const bool grows = action == 0 || action == 3 || action == 11 || action == 13;
        if (grows && m_c.document().nodes().size() > 80)
            return removeSomething();
        switch (action) {
        case 0:
            return drop();
        case 1:
            return removeSomething();
        case 2:
            return link();
        case 3:
            return copyPaste();
        case 4:
            return pasteGarbage();
        case 5:
            return editNode();
        case 6:
            return editSite();
        case 7:
            return editDesign();
        case 8:
            return editZones();
        case 9:
            return move();
        case 10:
            return undoRedo();
        case 11:
            selectSome();
            m_c.duplicateSelection();
            return u"duplicate"_s;
        case 12:
            if (pick(3) == 0) {
                m_c.layOut();
                return u"lay out"_s;
            }
            selectSome();
            m_c.alignSelection(pick(2) ? Qt::AlignLeft : Qt::AlignBottom);
            m_c.distributeSelection(pick(2) ? Qt::Horizontal : Qt::Vertical);
            return u"align and distribute"_s;
        default:
            return pasteFromOtherDesign();
        }
    }

    QByteArray otherClipboard;

private:
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_rng); }
    template <typename T> T pickOf(const QList<T>& list) { return list.at(pick(int(list.size()))); }

    QList<int> nodeIds() const
    {
        QList<int> ids;
        for (const auto& [id, n] : m_c.document().nodes())
            ids << id;
        return ids;
    }
    QList<int> siteIds() const
    {
        QList<int> ids;
        for (const auto& [id, s] : m_c.document().sites())
            ids << id;
        return ids;
    }

    // Text a user could type or paste, hostile included.
    QString text()
    {
        static const QStringList samples = {
            u"dp01.corp.example"_s,
            u"%1 %2 %L1 100%"_s,
            u"O'Brien \"quoted\" `tick` $(whoami)"_s,
            u"Zürich 東京 Αθήνα"_s,
            u""_s,
            u"   "_s,
            u"tab\there"_s,
            u"line\nbreak"_s,
            u"=cmd|' /C calc'!A0"_s,
            QString(5000, u'n'),
            QString(4096, u'x'),
            u"a.b.c."_s,
        };
        return pickOf(samples);
    }

    QVariant optionValue(const OptionInfo& info)
    {
        switch (pick(4)) {
        case 0:
            return info.defaultValue;
        case 1:
            return QVariant(pick(70000) - 2);
        case 2:
            return QVariant(bool(pick(2)));
        default:
            return QVariant(pickOf(QStringList{u"49152-65535"_s, u"70000-1"_s, text(), u"https"_s}));
        }
    }

    void selectSome()
    {
        QList<int> nodes, sites;
        for (int id : nodeIds())
            if (pick(3) == 0)
                nodes << id;
        for (int id : siteIds())
            if (pick(4) == 0)
                sites << id;
        m_c.scene().selectOnly(nodes, sites);
    }

    QString drop()
    {
        const Catalog& catalog = m_c.document().catalog();
        QStringList keys = {u"site:cas"_s,      u"site:primary"_s, u"site:secondary"_s,
                            u"group:windows"_s, u"group:mac"_s,    u"group:mobile"_s,
                            u"console"_s,       u"bogus:thing"_s,  u"role:no_such"_s};
        for (const RoleInfo& role : catalog.roles())
            keys << (role.placement == Placement::Endpoint ? u"endpoint:"_s : u"role:"_s) + role.id;
        const QString key = pickOf(keys);
        const QPointF at(pick(4000) - 500, pick(3000) - 500);
        m_c.dropPaletteItem(key, at);
        return u"drop "_s + key;
    }

    QString removeSomething()
    {
        selectSome();
        QList<int> links;
        for (const auto& [id, l] : m_c.document().links())
            if (pick(3) == 0)
                links << id;
        const QList<int> nodes = m_c.scene().selectedNodes(), sites = m_c.scene().selectedSites();
        if (nodes.isEmpty() && sites.isEmpty() && links.isEmpty())
            return u"delete nothing"_s;
        m_c.undoStack().push(new RemoveCommand(m_c.document(), nodes, sites, links));
        return u"delete %1 nodes, %2 sites, %3 links"_s.arg(nodes.size()).arg(sites.size()).arg(links.size());
    }

    QString link()
    {
        const QList<int> ids = nodeIds();
        if (ids.size() < 2)
            return u"link nothing"_s;
        m_c.requestLink(pickOf(ids), pickOf(ids));
        return u"link"_s;
    }

    QString copyPaste()
    {
        selectSome();
        const QByteArray data = m_c.copySelection();
        otherClipboard = data.isEmpty() ? otherClipboard : data;
        m_c.paste(data);
        return u"copy and paste"_s;
    }

    QString pasteGarbage()
    {
        selectSome();
        QByteArray data = m_c.copySelection();
        if (data.isEmpty())
            data = R"({"nodes":[{"id":3,"kind":0,"name":"x","site":7}]})";
        // Flip bytes, or put hostile text into a string of the clipboard.
        const int mode = pick(3);
        if (mode == 0) {
            for (int i = 0; i < 4; ++i)
                data[pick(int(data.size()))] = char(pick(256));
        } else if (mode == 1) {
            const qsizetype at = data.indexOf("\"name\": \"");
            if (at >= 0)
                data.insert(at + 9, text().toUtf8().replace('"', "\\\"").replace('\\', "\\\\"));
        } else {
            data = data.left(pick(int(data.size()) + 1));
        }
        m_c.paste(data);
        return u"paste garbage"_s;
    }

    QString pasteFromOtherDesign()
    {
        if (otherClipboard.isEmpty())
            return u"paste nothing"_s;
        m_c.paste(otherClipboard);
        return u"paste from another design"_s;
    }

    QString editNode()
    {
        const QList<int> ids = nodeIds();
        if (ids.isEmpty())
            return u"edit no node"_s;
        const Node before = *m_c.document().node(pickOf(ids));
        Node after = before;
        const Catalog& catalog = m_c.document().catalog();
        switch (pick(8)) {
        case 0:
            after.name = text();
            break;
        case 1:
            after.address = pickOf(QStringList{u"10.1.2.3"_s, u"fe80::1"_s, u"10.0.0.0/8"_s, text()});
            break;
        case 2:
            after.zone =
                pick(4) ? (m_c.document().zones().isEmpty() ? QString() : pickOf(m_c.document().zones()).key)
                        : text();
            break;
        case 3: {
            const QList<int> sites = siteIds();
            after.site = sites.isEmpty() || pick(4) == 0 ? pick(2) - 1 + 100000 * pick(2) : pickOf(sites);
            break;
        }
        case 4: {
            const OptionInfo& info = pickOf(catalog.options());
            after.options.insert(info.name, optionValue(info));
            break;
        }
        case 5:
            after.subnets = {pickOf(QStringList{u"10.20.0.0/16"_s, u"300.1.1.1/8"_s, text()})};
            break;
        case 6:
            after.devices = pick(2000) - 10;
            break;
        default: {
            const QList<int> sites = siteIds();
            after.managedSites = sites.isEmpty() ? QList<int>{12345} : QList<int>{pickOf(sites)};
            break;
        }
        }
        m_c.editNode(before, after, u"Edit"_s);
        return u"edit node %1"_s.arg(before.key);
    }

    QString editSite()
    {
        const QList<int> ids = siteIds();
        if (ids.isEmpty())
            return u"edit no site"_s;
        const Site before = *m_c.document().site(pickOf(ids));
        Site after = before;
        switch (pick(4)) {
        case 0:
            after.code = text();
            break;
        case 1:
            after.name = text();
            break;
        case 2:
            after.parent = pick(3) ? pickOf(ids) : 99999;
            break;
        default: {
            const OptionInfo& info = pickOf(m_c.document().catalog().options());
            after.options.insert(info.name, optionValue(info));
            break;
        }
        }
        m_c.editSite(before, after, u"Edit"_s);
        return u"edit site %1"_s.arg(before.key);
    }

    QString editDesign()
    {
        DesignInfo info = m_c.document().info();
        Options options = m_c.document().options();
        if (pick(2)) {
            info.name = text();
            info.author = text();
        } else {
            const OptionInfo& o = pickOf(m_c.document().catalog().options());
            options.insert(o.name, optionValue(o));
        }
        m_c.editDesign(info, options, u"Edit"_s);
        return u"edit design"_s;
    }

    QString editZones()
    {
        QList<Zone> zones = m_c.document().zones();
        switch (pick(3)) {
        case 0:
            if (!zones.isEmpty())
                zones.removeAt(pick(int(zones.size())));
            break;
        case 1:
            zones << Zone{pick(2) ? u"zone-new-%1"_s.arg(pick(5))
                                  : (zones.isEmpty() ? u"z"_s : zones.first().key),
                          text(),
                          {},
                          pick(2) ? u"#123456"_s : text()};
            break;
        default:
            if (!zones.isEmpty())
                zones.first().name = text();
        }
        m_c.editZones(zones, u"Edit zones"_s);
        return u"edit zones"_s;
    }

    QString move()
    {
        selectSome();
        const qreal far = pick(2) ? 1e9 : 30;
        const QPointF delta(far * (pick(3) - 1), far * (pick(3) - 1));
        m_c.nudgeSelection(delta);
        QHash<int, QRectF> from, to;
        for (int id : m_c.scene().selectedSites()) {
            from.insert(id, m_c.document().site(id)->frame);
            to.insert(id, m_c.document().site(id)->frame.translated(delta));
        }
        if (!to.isEmpty())
            m_c.applyMoves({}, {}, from, to);
        return u"move by (%1, %2)"_s.arg(delta.x()).arg(delta.y());
    }

    QString undoRedo()
    {
        QUndoStack& stack = m_c.undoStack();
        for (int i = pick(5); i > 0; --i)
            pick(3) ? stack.undo() : stack.redo();
        return u"undo/redo to %1 of %2"_s.arg(stack.index()).arg(stack.count());
    }

    DesignController& m_c;
    std::mt19937& m_rng;
};

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

} // namespace

TEST(EditRoundTrip, EverySequenceOfEditsSavesIntoAFileThatOpensUnchanged)
{
    const unsigned seed = unsigned(envInt("PORTOLAN_ROUNDTRIP_SEED", 20261125));
    const int sequences = envInt("PORTOLAN_ROUNDTRIP_SEQUENCES", 12);
    constexpr int kSteps = 30;
    std::mt19937 rng(seed);
    const QStringList examples = {u"cas-two-primaries.portolan"_s, u"lab.portolan"_s,
                                  u"standalone-primary.portolan"_s};
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QByteArray otherClipboard;
    int refused = 0;
    for (int sequence = 0; sequence < sequences; ++sequence) {
        DesignController c;
        QObject::connect(&c, &DesignController::message, [&refused](const QString&) { ++refused; });
        QString error;
        const QString example = examples.at(sequence % examples.size());
        ASSERT_TRUE(c.open(QStringLiteral(PORTOLAN_EXAMPLES "/") + example, &error, nullptr))
            << qPrintable(error);
        Driver driver(c, rng);
        driver.otherClipboard = otherClipboard;
        QStringList log;
        for (int step = 0; step < kSteps; ++step) {
            QElapsedTimer timer;
            timer.start();
            log << driver.step() +
                       u" (%1 nodes, %2 ms)"_s.arg(c.document().nodes().size()).arg(timer.elapsed());
            const QByteArray saved = DesignFile::toJson(c.document());
            Document reopened(c.document().catalog());
            QString why;
            ASSERT_TRUE(DesignFile::loadBytes(reopened, saved, u"round trip"_s, &why))
                << "seed " << seed << ", sequence " << sequence << " on " << qPrintable(example) << ":\n  "
                << qPrintable(log.join(u"\n  ")) << "\n"
                << qPrintable(why);
            const QByteArray again = DesignFile::toJson(reopened);
            if (again != saved) {
                const QList<QByteArray> a = saved.split('\n'), b = again.split('\n');
                qsizetype line = 0;
                while (line < a.size() && line < b.size() && a.at(line) == b.at(line))
                    ++line;
                FAIL() << "seed " << seed << ", sequence " << sequence << ": " << qPrintable(log.join(u"; "))
                       << "\nsaved line " << line + 1 << ": " << a.value(line).constData()
                       << "\nreopened:  " << b.value(line).constData();
            }
        }
        // And through a real file, as File > Save and File > Open do it.
        const QString path = dir.filePath(u"sequence.portolan"_s);
        ASSERT_TRUE(c.save(path, &error)) << qPrintable(error);
        DesignController reopened;
        ASSERT_TRUE(reopened.open(path, &error, nullptr)) << qPrintable(error);
        EXPECT_EQ(DesignFile::toJson(reopened.document()), DesignFile::toJson(c.document()));
        otherClipboard = driver.otherClipboard;
        if ((sequence + 1) % 25 == 0) // progress of a long run by hand
            std::fprintf(stderr, "round trip: %d sequences passed\n", sequence + 1);
    }
    // The sequences did try what the designer must refuse, not only harmless edits.
    EXPECT_GT(refused, sequences);
}
