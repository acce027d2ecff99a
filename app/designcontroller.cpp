#include "designcontroller.h"

#include "canvas/designscene.h"
#include "catalog/catalog.h"
#include "commands/commands.h"
#include "design/designfile.h"
#include "design/designrules.h"
#include "drawing/designrenderer.h"
#include "flows/flowengine.h"
#include "layout/autolayout.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace portolan {

DesignController::DesignController(QObject* parent)
    : QObject(parent), m_document(std::make_unique<Document>(Catalog::builtin())),
      m_engine(std::make_unique<FlowEngine>(*m_document))
{
    m_scene = new DesignScene(*m_document, *m_engine, this);
    connect(m_scene, &DesignScene::moveFinished, this, &DesignController::applyMoves);
    connect(m_scene, &DesignScene::linkRequested, this, &DesignController::requestLink);
    // The selection is the session's: the canvas reports the user's into it and shows the one set
    // here (by a panel, a menu or an edit); what the canvas cannot select drops out.
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        m_selection.set(m_scene->selectedNodes(), m_scene->selectedSites(), m_scene->selectedLinks());
    });
    connect(&m_selection, &Selection::changed, this, [this] {
        if (!m_selection.holds(m_scene->selectedNodes(), m_scene->selectedSites(), m_scene->selectedLinks()))
            m_scene->selectOnly(m_selection.nodes(), m_selection.sites(), m_selection.links());
    });
}

QList<int> DesignController::sitesOfSelection() const
{
    QList<int> sites = m_selection.sites();
    for (int id : m_selection.nodes())
        if (const Node* n = m_document->node(id); n && m_document->site(n->site) && !sites.contains(n->site))
            sites << n->site;
    return sites;
}

DesignController::~DesignController()
{
    // The scene and the undo commands refer to the document: let them go first (the selection
    // needs no news of the items the scene deletes on its way out).
    disconnect(m_scene, nullptr, this, nullptr);
    delete m_scene;
    m_undo.clear();
}

void DesignController::setPath(const QString& path)
{
    m_path = path;
    Q_EMIT filePathChanged(path);
}

void DesignController::newDesign()
{
    m_undo.clear();
    m_document->reset({tr("Untitled design"), {}, {}, {}, DesignFile::newIdentity()}, {},
                      {{u"zone-datacenter"_s, tr("Datacenter"), {}, u"#3566a8"_s},
                       {u"zone-branch"_s, tr("Branch"), {}, u"#3f8f4f"_s},
                       {u"zone-internet"_s, tr("Internet"), {}, u"#8a4f9e"_s},
                       {u"zone-azure"_s, tr("Azure"), {}, u"#2a9bd6"_s}},
                      {}, {}, {});
    m_undo.setClean();
    m_diskDigest.clear();
    setPath({});
}

QByteArray DesignController::fileDigest(const QString& path)
{
    QFile file;
    if (path.isEmpty() || !DesignFile::openRegularFile(file, path, nullptr))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&file);
    return hash.result();
}

bool DesignController::open(const QString& path, QString* error, QStringList* warnings)
{
    // Read apart: the open design is untouched by a file that cannot be read, and a design without
    // coordinates (generated or scripted), which would open as a pile at the origin, is laid out
    // before the canvas routes or labels anything (with every node at the origin that took minutes).
    Document loaded(m_document->catalog());
    if (!DesignFile::load(loaded, path, error, warnings))
        return false;
    const bool laidOut = !hasCoordinates(loaded);
    if (laidOut)
        LayoutCommand(loaded).redo();
    m_undo.clear();
    m_document->reset(loaded.content());
    m_undo.setClean();
    m_diskDigest = fileDigest(path);
    setPath(path);
    if (laidOut)
        Q_EMIT message(tr("The design had no coordinates: laid out automatically"));
    return true;
}

bool DesignController::restore(const QString& copyPath, const QString& originalPath, QString* error)
{
    if (!DesignFile::load(*m_document, copyPath, error))
        return false;
    m_undo.clear();
    m_undo.resetClean(); // unsaved: the restored changes are not in the user's file yet
    m_diskDigest = fileDigest(originalPath);
    setPath(originalPath);
    return true;
}

bool DesignController::save(const QString& path, QString* error)
{
    if (!DesignFile::save(*m_document, path, error))
        return false;
    m_undo.setClean();
    m_diskDigest = fileDigest(path);
    setPath(path);
    return true;
}

bool DesignController::saveCopy(const QString& path, QString* error) const
{
    // A copy is another design from now on: its own identity, so that its rule set and this
    // design's never remove each other's rules.
    DesignContent content = m_document->content();
    content.info.id = DesignFile::newIdentity();
    Document copy(m_document->catalog());
    copy.reset(std::move(content));
    return DesignFile::save(copy, path, error);
}

void DesignController::nameAfterFile(const QString& path)
{
    const DesignInfo& info = m_document->info();
    if (!info.name.trimmed().isEmpty() && info.name != tr("Untitled design"))
        return;
    DesignInfo named = info;
    named.name = QFileInfo(path).completeBaseName();
    if (!named.name.isEmpty())
        editDesign(named, m_document->options(), tr("Name the design after its file"));
}

bool DesignController::fileChangedOnDisk() const
{
    return !m_path.isEmpty() && fileDigest(m_path) != m_diskDigest;
}

QString DesignController::uniqueName(const QString& prefix) const
{
    for (int n = 1;; ++n) {
        const QString name = u"%1%2"_s.arg(prefix).arg(n);
        bool taken = false;
        for (const auto& [id, node] : m_document->nodes())
            taken = taken || node.name.section(u'.', 0, 0).compare(name, Qt::CaseInsensitive) == 0;
        if (!taken)
            return name;
    }
}

QString DesignController::uniqueLabel(const QString& base) const
{
    // "Admin consoles", then "Admin consoles 2": a name a person would give, not a numbered prefix.
    for (int n = 1;; ++n) {
        const QString name = n == 1 ? base : u"%1 %2"_s.arg(base).arg(n);
        bool taken = false;
        for (const auto& [id, node] : m_document->nodes())
            taken = taken || node.name.compare(name, Qt::CaseInsensitive) == 0;
        if (!taken)
            return name;
    }
}

QString DesignController::uniqueKey(const QString& prefix) const
{
    for (int n = m_document->nextId();; ++n) {
        const QString key = u"%1-%2"_s.arg(prefix).arg(n);
        bool taken = m_document->nodeByKey(key) >= 0 || m_document->zone(key);
        for (const auto& [id, s] : m_document->sites())
            taken = taken || s.key == key;
        if (!taken)
            return key;
    }
}

QString DesignController::freeSiteCode(SiteKind kind) const
{
    const QString letter = kind == SiteKind::Secondary ? u"S"_s : u"P"_s;
    if (kind == SiteKind::Cas && m_document->siteByCode(u"CAS") < 0)
        return u"CAS"_s;
    for (int n = 1; n < 1000; ++n) {
        const QString code =
            kind == SiteKind::Cas ? u"CA%1"_s.arg(n) : letter + u"%1"_s.arg(n, 2, 10, QChar(u'0'));
        if (m_document->siteByCode(code) < 0)
            return code;
    }
    return {};
}

void DesignController::growFrameToHold(int site, QPointF centre, QUndoCommand* parent)
{
    const Site* s = m_document->site(site);
    if (!s)
        return;
    const QRectF needed = DesignRenderer::nodeRect(centre).adjusted(-24, -30, 24, 24);
    if (s->frame.contains(needed))
        return;
    Site grown = *s;
    grown.frame = DesignRules::clampFrame(s->frame.united(needed));
    if (grown.frame == s->frame)
        return;
    new ChangeSiteCommand(*m_document, *s, grown, tr("Grow site frame"), parent);
}

int DesignController::addServerAt(int role, QPointF position)
{
    const Catalog& catalog = m_document->catalog();
    const RoleInfo& info = catalog.role(role);
    QString prefix;
    for (const QString& word : info.id.split(u'_'))
        prefix += word.front();
    if (info.id == u"cmg" || info.id == u"cloud_distribution_point")
        prefix = info.id == u"cmg" ? u"cmg"_s : u"cdp"_s;
    Node n;
    n.kind = NodeKind::Server;
    n.key = uniqueKey(u"server"_s);
    n.name =
        uniqueName(prefix) + (info.placement == Placement::Cloud ? u".cloudapp.net"_s : u".corp.example"_s);
    n.roles << role;
    n.position = m_scene->snapped(position);
    n.site = m_scene->siteAt(position);
    if (info.placement == Placement::Cloud && m_document->zone(u"zone-azure"))
        n.zone = u"zone-azure"_s;
    else if (!m_document->zones().isEmpty())
        n.zone = m_document->zones().first().key;
    auto* macro = new QUndoCommand(tr("Add %1").arg(info.name));
    new AddNodeCommand(*m_document, n, macro);
    growFrameToHold(n.site, n.position, macro);
    m_undo.push(macro);
    return m_document->nodeByKey(n.key);
}

void DesignController::dropPaletteItem(const QString& key, QPointF position)
{
    const Catalog& catalog = m_document->catalog();
    const QString kind = key.section(u':', 0, 0);
    const QString value = key.section(u':', 1);
    int created = -1;
    if (kind == u"site") {
        Site s;
        s.kind = value == u"cas"         ? SiteKind::Cas
                 : value == u"secondary" ? SiteKind::Secondary
                                         : SiteKind::Primary;
        s.code = freeSiteCode(s.kind);
        s.key = uniqueKey(u"site"_s);
        const QPointF at = m_scene->snapped(position);
        s.frame = QRectF(at, s.kind == SiteKind::Secondary ? QSizeF(440, 240) : QSizeF(600, 300));
        const int under = m_scene->siteAt(position);
        if (s.kind == SiteKind::Primary) {
            for (const auto& [id, other] : m_document->sites())
                if (other.kind == SiteKind::Cas)
                    s.parent = id;
        } else if (s.kind == SiteKind::Secondary) {
            const Site* u = m_document->site(under);
            if (u && u->kind == SiteKind::Primary)
                s.parent = under;
            for (const auto& [id, other] : m_document->sites())
                if (s.parent < 0 && other.kind == SiteKind::Primary)
                    s.parent = id;
        }
        m_undo.push(new AddSiteCommand(*m_document, s));
        m_selection.set({}, {m_document->siteByCode(s.code)});
        return;
    }
    if (kind == u"role") {
        const int role = catalog.roleIndex(value);
        // Only what the palette offers: roles a server holds or cloud services.
        if (role < 0 || (catalog.role(role).placement != Placement::Server &&
                         catalog.role(role).placement != Placement::Cloud))
            return;
        const int target = m_scene->nodeAt(position);
        const Node* server = m_document->node(target);
        if (server && server->kind == NodeKind::Server && catalog.role(role).placement == Placement::Server) {
            if (server->roles.contains(role)) {
                Q_EMIT message(tr("%1 already holds the %2 role").arg(server->name, catalog.role(role).name));
                return;
            }
            Node after = *server;
            after.roles << role;
            m_undo.push(new ChangeNodeCommand(*m_document, *server, after,
                                              tr("Add %1 to %2").arg(catalog.role(role).name, server->name)));
            m_selection.set({target});
            return;
        }
        created = addServerAt(role, position);
    } else {
        Node n;
        n.position = m_scene->snapped(position);
        if (!m_document->zones().isEmpty())
            n.zone = m_document->zones().first().key;
        if (kind == u"group") {
            n.kind = NodeKind::ClientGroup;
            n.os = value == u"mac"      ? OsFamily::Mac
                   : value == u"mobile" ? OsFamily::Mobile
                                        : OsFamily::Windows;
            n.name = uniqueName(value == u"mac"      ? u"Mac clients "_s
                                : value == u"mobile" ? u"Mobile devices "_s
                                                     : u"Clients "_s);
            n.devices = 100;
            n.site = m_scene->siteAt(position);
            if (const Site* s = m_document->site(n.site); !s || s->kind != SiteKind::Primary) {
                n.site = -1;
                for (const auto& [id, s2] : m_document->sites())
                    if (n.site < 0 && s2.kind == SiteKind::Primary)
                        n.site = id;
            }
        } else if (kind == u"console") {
            n.kind = NodeKind::Console;
            n.name = uniqueLabel(tr("Admin consoles"));
        } else if (kind == u"endpoint") {
            const int role = catalog.roleIndex(value);
            if (role < 0 || catalog.role(role).placement != Placement::Endpoint)
                return;
            n.kind = NodeKind::Endpoint;
            n.roles << role;
            n.name = uniqueName(catalog.role(role).name + u' ');
        } else {
            return;
        }
        n.key = uniqueKey(kind);
        m_undo.push(new AddNodeCommand(*m_document, n));
        created = m_document->nodeByKey(n.key);
    }
    if (created >= 0)
        m_selection.set({created});
}

void DesignController::applyMoves(const QHash<int, QPointF>& nodesFrom, const QHash<int, QPointF>& nodesTo,
                                  const QHash<int, QRectF>& framesFrom, const QHash<int, QRectF>& framesTo)
{
    auto* macro = new QUndoCommand(tr("Move"));
    new MoveCommand(*m_document, nodesFrom, nodesTo, framesFrom, framesTo, false, macro);
    // A server or client group dropped into another site's frame joins that site.
    for (auto it = nodesTo.begin(); it != nodesTo.end(); ++it) {
        const Node* n = m_document->node(it.key());
        if (!n || framesTo.contains(n->site) ||
            (n->kind != NodeKind::Server && n->kind != NodeKind::ClientGroup))
            continue;
        const int site = m_scene->siteAt(it.value());
        if (site == n->site || (n->kind == NodeKind::ClientGroup && site < 0))
            continue;
        Node after = *n;
        after.site = site;
        after.position = it.value();
        Node before = *n;
        before.position = it.value();
        new ChangeNodeCommand(*m_document, before, after, tr("Change site"), macro);
        const Site* s = m_document->site(site);
        Q_EMIT message(s ? tr("%1 joins site %2").arg(n->name, s->code)
                         : tr("%1 leaves its site").arg(n->name));
    }
    m_undo.push(macro);
}

std::optional<LinkKind> DesignController::linkKindFor(const Node& from, const Node& to) const
{
    const auto has = [this](const Node& n, const char16_t* role) {
        return m_document->hasRole(n, role);
    };
    if (from.kind == NodeKind::ClientGroup && to.kind == NodeKind::Server)
        return LinkKind::Boundary;
    if (has(from, u"distribution_point") && has(to, u"distribution_point"))
        return LinkKind::PullSource;
    if (has(from, u"software_update_point") &&
        (has(to, u"software_update_point") || has(to, u"upstream_wsus")))
        return LinkKind::Upstream;
    if (has(from, u"cmg_connection_point") && has(to, u"cmg"))
        return LinkKind::CmgConnection;
    if (has(from, u"exchange_connector") && (has(to, u"exchange_online") || has(to, u"exchange_onprem")))
        return LinkKind::Exchange;
    if (has(from, u"site_server") && has(to, u"content_library_share"))
        return LinkKind::ContentLibrary;
    if (has(from, u"site_server") && has(to, u"wsus_sql"))
        return LinkKind::WsusDatabase;
    return std::nullopt;
}

bool DesignController::requestLink(int from, int to)
{
    const Node* a = m_document->node(from);
    const Node* b = m_document->node(to);
    if (!a || !b || from == to)
        return false;
    const std::optional<LinkKind> kind = linkKindFor(*a, *b);
    if (!kind) {
        Q_EMIT message(
            tr("No link applies from %1 to %2. Links join a client group to its boundary group's site "
               "systems, a pull DP to its source DP, a SUP to its upstream, a CMG connection point to its "
               "CMG, an Exchange connector to Exchange, a site server to its content library or WSUS "
               "database.")
                .arg(a->name, b->name));
        return false;
    }
    for (const auto& [id, l] : m_document->links())
        if (l.kind == *kind && l.from == from && l.to == to) {
            Q_EMIT message(tr("That link is already drawn"));
            return false;
        }
    auto* macro = new QUndoCommand(tr("Link %1 to %2").arg(a->name, b->name));
    new AddLinkCommand(*m_document, Link{-1, *kind, from, to}, macro);
    if (kind == LinkKind::PullSource && !a->options.value(u"dp.pull"_s).toBool()) {
        Node pull = *a;
        pull.options.insert(u"dp.pull"_s, true);
        new ChangeNodeCommand(*m_document, *a, pull, tr("Make pull DP"), macro);
    }
    m_undo.push(macro);
    Q_EMIT message(tr("%1 link from %2 to %3").arg(linkKindName(*kind), a->name, b->name));
    return true;
}

void DesignController::deleteSelection()
{
    const QList<int> nodes = m_selection.nodes();
    const QList<int> sites = m_selection.sites();
    const QList<int> links = m_selection.links();
    if (nodes.isEmpty() && sites.isEmpty() && links.isEmpty())
        return;
    m_undo.push(new RemoveCommand(*m_document, nodes, sites, links));
}

void DesignController::selectAll()
{
    QList<int> nodes, sites;
    for (const auto& [id, n] : m_document->nodes())
        nodes << id;
    for (const auto& [id, s] : m_document->sites())
        sites << id;
    m_selection.set(nodes, sites);
}

QByteArray DesignController::copySelection() const
{
    // The clipboard holds a small design in the file format: the selected
    // nodes, the links among them, every zone and the sites they name (by
    // code), so that a paste is validated like a file and finds its sites by
    // code in whichever design it lands in.
    const QList<int> ids = m_selection.nodes();
    if (ids.isEmpty())
        return {};
    QList<Node> nodes;
    QList<Site> sites;
    QSet<int> siteIds;
    for (int id : ids) {
        const Node* n = m_document->node(id);
        if (!n)
            continue;
        nodes << *n;
        QList<int> referenced = n->managedSites;
        referenced << n->site;
        for (int s : std::as_const(referenced))
            if (const Site* site = m_document->site(s); site && !siteIds.contains(s)) {
                Site copy = *site;
                copy.parent = -1;
                copy.frame = {};
                copy.options.clear();
                sites << copy;
                siteIds.insert(s);
            }
    }
    QList<Link> links;
    for (const auto& [id, l] : m_document->links())
        if (ids.contains(l.from) && ids.contains(l.to))
            links << l;
    Document clip(m_document->catalog());
    clip.reset({tr("Clipboard"), {}, {}, {}, {}}, {}, m_document->zones(), sites, nodes, links);
    return DesignFile::toJson(clip);
}

bool DesignController::paste(const QByteArray& data)
{
    Document clip(m_document->catalog());
    QString error;
    if (!DesignFile::loadBytes(clip, data, tr("clipboard"), &error)) {
        Q_EMIT message(tr("Nothing pasted: the clipboard does not hold Portolan nodes (%1)").arg(error));
        return false;
    }
    if (clip.nodes().empty()) {
        Q_EMIT message(tr("Nothing pasted: the clipboard holds no nodes"));
        return false;
    }
    // Sites are found by code, zones by id and then by name; what this design
    // does not have is left empty rather than guessed.
    const auto siteFor = [&](int clipSite) {
        const Site* s = clip.site(clipSite);
        return s ? m_document->siteByCode(s->code) : -1;
    };
    const auto zoneFor = [&](const QString& key) -> QString {
        if (key.isEmpty() || m_document->zone(key))
            return key;
        const Zone* z = clip.zone(key);
        for (const Zone& mine : m_document->zones())
            if (z && mine.name.compare(z->name, Qt::CaseInsensitive) == 0)
                return mine.key;
        return {};
    };
    const qsizetype count = qsizetype(clip.nodes().size());
    auto* macro = new QUndoCommand(count == 1 ? tr("Paste") : tr("Paste %1 items").arg(count));
    QHash<int, QString> keys;
    QStringList pastedKeys;
    for (const auto& [clipId, source] : clip.nodes()) {
        Node n = source;
        n.id = -1;
        const QString domain = n.name.section(u'.', 1);
        const qsizetype room = DesignRules::kMaxTextLength - domain.size() - 16;
        const QString stem = n.name.section(u'.', 0, 0).left(qMax<qsizetype>(1, room));
        n.name = uniqueName(stem + u"-copy"_s) + (domain.isEmpty() ? QString() : u'.' + domain);
        n.zone = zoneFor(n.zone);
        n.site = siteFor(n.site);
        QList<int> managed;
        for (int s : std::as_const(n.managedSites))
            if (const int mine = siteFor(s); mine >= 0 && !managed.contains(mine))
                managed << mine;
        n.managedSites = managed;
        const auto clampCoordinate = [](qreal v) {
            return qBound(-DesignRules::kMaxCoordinate, v, DesignRules::kMaxCoordinate);
        };
        n.position = QPointF(clampCoordinate(n.position.x() + 40), clampCoordinate(n.position.y() + 40));
        n.key = uniqueKey(u"node"_s) + u'-' + QString::number(pastedKeys.size());
        if (const QString problem = DesignRules::nodeProblem(*m_document, n); !problem.isEmpty()) {
            delete macro;
            Q_EMIT message(tr("Nothing pasted: %1: %2").arg(source.name, problem));
            return false;
        }
        keys.insert(clipId, n.key);
        pastedKeys << n.key;
        new AddNodeCommand(*m_document, n, macro);
    }
    m_undo.push(macro);
    // Links among the pasted nodes follow them (ids exist only after the push).
    if (!clip.links().empty()) {
        auto* linkMacro = new QUndoCommand(tr("Paste links"));
        for (const auto& [id, l] : clip.links()) {
            const int from = m_document->nodeByKey(keys.value(l.from));
            const int to = m_document->nodeByKey(keys.value(l.to));
            if (from >= 0 && to >= 0 && from != to)
                new AddLinkCommand(*m_document, Link{-1, l.kind, from, to}, linkMacro);
        }
        m_undo.push(linkMacro);
    }
    QList<int> pasted;
    for (const QString& key : std::as_const(pastedKeys))
        pasted << m_document->nodeByKey(key);
    m_selection.set(pasted);
    return true;
}

void DesignController::duplicateSelection()
{
    paste(copySelection());
}

void DesignController::alignSelection(Qt::Alignment edge)
{
    const QList<int> ids = m_selection.nodes();
    if (ids.size() < 2)
        return;
    QRectF bounds;
    for (int id : ids)
        bounds |= DesignRenderer::nodeRect(m_document->node(id)->position);
    QHash<int, QPointF> from, to;
    const QSizeF half = DesignRenderer::nodeSize() / 2;
    for (int id : ids) {
        QPointF p = m_document->node(id)->position;
        from.insert(id, p);
        if (edge & Qt::AlignLeft)
            p.setX(bounds.left() + half.width());
        else if (edge & Qt::AlignRight)
            p.setX(bounds.right() - half.width());
        else if (edge & Qt::AlignHCenter)
            p.setX(bounds.center().x());
        if (edge & Qt::AlignTop)
            p.setY(bounds.top() + half.height());
        else if (edge & Qt::AlignBottom)
            p.setY(bounds.bottom() - half.height());
        else if (edge & Qt::AlignVCenter)
            p.setY(bounds.center().y());
        to.insert(id, p);
    }
    m_undo.push(new MoveCommand(*m_document, from, to, {}, {}, false));
}

void DesignController::distributeSelection(Qt::Orientation orientation)
{
    QList<int> ids = m_selection.nodes();
    if (ids.size() < 3)
        return;
    const auto coord = [&](int id) {
        const QPointF p = m_document->node(id)->position;
        return orientation == Qt::Horizontal ? p.x() : p.y();
    };
    std::sort(ids.begin(), ids.end(), [&](int a, int b) { return coord(a) < coord(b); });
    const qreal first = coord(ids.first());
    const qreal step = (coord(ids.last()) - first) / (ids.size() - 1);
    QHash<int, QPointF> from, to;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        QPointF p = m_document->node(ids.at(i))->position;
        from.insert(ids.at(i), p);
        (orientation == Qt::Horizontal ? p.rx() : p.ry()) = first + step * qreal(i);
        to.insert(ids.at(i), p);
    }
    m_undo.push(new MoveCommand(*m_document, from, to, {}, {}, false));
}

void DesignController::layOut()
{
    m_undo.push(new LayoutCommand(*m_document));
}

void DesignController::nudgeSelection(QPointF delta)
{
    QHash<int, QPointF> from, to;
    for (int id : m_selection.nodes()) {
        from.insert(id, m_document->node(id)->position);
        to.insert(id, m_document->node(id)->position + delta);
    }
    if (!to.isEmpty())
        m_undo.push(new MoveCommand(*m_document, from, to, {}, {}, true));
}

bool DesignController::refuse(const QString& what, const QString& problem)
{
    if (problem.isEmpty())
        return false;
    Q_EMIT message(tr("%1 not changed: %2").arg(what, problem));
    return true;
}

bool DesignController::editNode(const Node& before, const Node& after, const QString& text)
{
    if (refuse(before.name, DesignRules::nodeProblem(*m_document, after)))
        return false;
    m_undo.push(new ChangeNodeCommand(*m_document, before, after, text));
    return true;
}

bool DesignController::editNodes(const QList<Node>& before, const QList<Node>& after, const QString& text)
{
    for (const Node& n : after)
        if (refuse(n.name, DesignRules::nodeProblem(*m_document, n)))
            return false;
    auto* macro = new QUndoCommand(tr("%1 (%2 items)").arg(text).arg(after.size()));
    for (qsizetype i = 0; i < after.size(); ++i)
        new ChangeNodeCommand(*m_document, before.at(i), after.at(i), text, macro);
    m_undo.push(macro);
    return true;
}

bool DesignController::editSite(const Site& before, const Site& after, const QString& text)
{
    if (refuse(tr("Site %1").arg(before.code), DesignRules::siteProblem(*m_document, after)))
        return false;
    m_undo.push(new ChangeSiteCommand(*m_document, before, after, text));
    return true;
}

bool DesignController::editDesign(const DesignInfo& info, const Options& options, const QString& text)
{
    QString problem = DesignRules::infoProblem(info);
    if (problem.isEmpty())
        problem = DesignRules::optionsProblem(m_document->catalog(), options, {u"design"_s});
    if (refuse(tr("Design"), problem))
        return false;
    m_undo.push(new ChangeDesignCommand(*m_document, info, options, m_document->zones(), text));
    return true;
}

bool DesignController::editZones(const QList<Zone>& zones, const QString& text)
{
    if (refuse(tr("Zones"), DesignRules::zonesProblem(*m_document, zones)))
        return false;
    m_undo.push(new ChangeDesignCommand(*m_document, m_document->info(), m_document->options(), zones, text));
    return true;
}

} // namespace portolan
