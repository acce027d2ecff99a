#include "viewstate.h"

#include "design/document.h"
#include "flows/flowengine.h"

#include <QCoreApplication>

namespace portolan {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ViewFocus", text);
}

// No translation file is loaded, so the English plural is chosen here.
QString count(qsizetype n, const char* one, const char* many)
{
    return (n == 1 ? tr(one) : tr(many)).arg(n);
}

// The core's peers and the sites drawn, from the flows as the engine has them now.
void findPeers(const Document& document, const FlowEngine& engine, ViewFocus& focus)
{
    focus.peers.clear();
    focus.sites.clear();
    const auto addPeer = [&](int id) {
        if (!focus.core.contains(id) && document.node(id))
            focus.peers.insert(id);
    };
    for (int id : std::as_const(focus.core)) {
        for (const Flow& f : engine.flowsFrom(id))
            if (!f.local)
                addPeer(f.destination);
        for (const Flow& f : engine.flowsInto(id))
            if (!f.local)
                addPeer(f.source);
    }
    for (const QSet<int>* set : {&focus.core, &focus.peers})
        for (int id : *set)
            if (const Node* n = document.node(id); n && document.site(n->site))
                focus.sites.insert(n->site);
    if (focus.kind == ViewFocus::Kind::SitePage)
        focus.sites.insert(focus.site);
}

} // namespace

ViewFocus focusOnNodes(const Document& document, const FlowEngine& engine, const QList<int>& nodes)
{
    ViewFocus focus;
    for (int id : nodes)
        if (document.node(id))
            focus.core.insert(id);
    if (focus.core.isEmpty())
        return {};
    focus.kind = ViewFocus::Kind::Selection;
    findPeers(document, engine, focus);
    return focus;
}

ViewFocus focusOnSite(const Document& document, const FlowEngine& engine, int site)
{
    if (!document.site(site))
        return {};
    ViewFocus focus;
    focus.kind = ViewFocus::Kind::SitePage;
    focus.site = site;
    for (const auto& [id, n] : document.nodes())
        if (n.site == site)
            focus.core.insert(id);
    findPeers(document, engine, focus);
    return focus;
}

ViewFocus refreshedFocus(const Document& document, const FlowEngine& engine, const ViewFocus& focus)
{
    ViewFocus now;
    switch (focus.kind) {
    case ViewFocus::Kind::None:
        return {};
    case ViewFocus::Kind::SitePage:
        now = focusOnSite(document, engine, focus.site);
        break;
    case ViewFocus::Kind::Selection: {
        QList<int> core = focus.core.values();
        for (int id : focus.joined) // asked for as core, or joined (undo brings a peer back: a peer)
            core.removeOne(id);
        now = focusOnNodes(document, engine, core);
        if (!now.active() && !focus.joined.isEmpty())
            now = focusOnNodes(document, engine, focus.joined.values());
        break;
    }
    }
    if (!now.active())
        return {};
    for (int id : focus.joined)
        if (document.node(id)) {
            now.joined.insert(id);
            if (!now.peers.contains(id))
                now.core.insert(id);
        }
    if (!now.joined.isEmpty())
        findPeers(document, engine, now);
    return now;
}

QString focusDescription(const Document& document, const ViewFocus& focus)
{
    const QString peers = count(focus.peers.size(), "%1 outside peer", "%1 outside peers");
    switch (focus.kind) {
    case ViewFocus::Kind::None:
        break;
    case ViewFocus::Kind::SitePage: {
        const Site* s = document.site(focus.site);
        return tr("Site page of %1: %2 and %3")
            .arg(s ? s->code : QString(), count(focus.core.size(), "%1 node", "%1 nodes"), peers);
    }
    case ViewFocus::Kind::Selection:
        return tr("Focus on %1 and %2")
            .arg(count(focus.core.size(), "%1 selected node", "%1 selected nodes"), peers);
    }
    return {};
}

} // namespace portolan
