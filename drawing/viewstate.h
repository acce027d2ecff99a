#pragma once

#include <QList>
#include <QSet>
#include <QString>

namespace portolan {

class Document;
class FlowEngine;

// A way of looking at part of the design on the canvas, like folding: not an edit, not saved,
// no undo step. Focus on selection and a site page both show a core of nodes, every node that
// has a flow with one of them, and only the lines that touch the core; the rest is hidden (not
// dimmed), so that the lines left can be followed.
struct ViewFocus
{
    enum class Kind
    {
        None,      // the whole design
        Selection, // the nodes selected when the focus was asked for
        SitePage   // one site's servers and client groups, as on its page of the diagram set
    };
    Kind kind = Kind::None;
    int site = -1;    // the site page's site
    QSet<int> core;   // the nodes looked at
    QSet<int> peers;  // nodes outside the core with a flow (either way) to or from one in it
    QSet<int> sites;  // site frames drawn: those of the nodes shown, and the page's own site
    QSet<int> joined; // nodes added while the focus was on: shown, in the core unless they are peers

    bool active() const { return kind != Kind::None; }
    bool showsNode(int id) const { return !active() || core.contains(id) || peers.contains(id); }
    bool showsSite(int id) const { return !active() || sites.contains(id); }
    // A line is drawn when both its ends are and one of them is in the core: the lines among peers
    // are not the ones looked at.
    bool showsEdge(int from, int to) const
    {
        return !active() || ((core.contains(from) || core.contains(to)) && showsNode(from) && showsNode(to));
    }
    qsizetype shownNodes() const { return active() ? core.size() + peers.size() : 0; }
};

// The focus on these nodes (ids the document does not hold are left out); none when that leaves
// nothing.
ViewFocus focusOnNodes(const Document& document, const FlowEngine& engine, const QList<int>& nodes);
// The page of one site: its servers and client groups (not those of its child sites), with their
// peers; none for a site the document does not hold.
ViewFocus focusOnSite(const Document& document, const FlowEngine& engine, int site);
// The same focus after an edit: a site page takes the site's nodes as they are now, either kind
// drops deleted nodes and finds the peers again, and a node that joined is in the core unless it
// is a peer. None when nothing of it is left.
ViewFocus refreshedFocus(const Document& document, const FlowEngine& engine, const ViewFocus& focus);
// What the canvas says while a focus is on ("Site page of P01: 9 nodes and 14 outside peers").
QString focusDescription(const Document& document, const ViewFocus& focus);

} // namespace portolan
