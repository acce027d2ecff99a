#pragma once

#include "drawing/designrenderer.h"
#include "drawing/drawnline.h"
#include "drawing/edgerouter.h"

#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

namespace portolan {

class FlowEngine;

// The rules the canvas and paper share for what they draw between the boxes are DrawingLayout's
// (below): DesignScene (views/canvas, for the edges an edit touched), Diagram (the whole drawing
// at once) and the diagram set's PageBuilder (a page at a time) all draw with one and place nothing
// themselves, so that they cannot drift apart.
namespace drawinglayout {

struct LinkEnds
{
    int link = -1; // the document's link id
    int from = -1; // its nodes
    int to = -1;
    QRectF fromBox;
    QRectF toBox;
    bool flowThere = false; // a flow edge runs from -> to
    bool flowBack = false;  // and one to -> from
};

// Edge labels: the canvas (hover lists the ports) leaves out a label that has no room; paper
// places it where it covers least and marks it crowded.
enum class Medium
{
    Canvas,
    Paper
};

// What DrawingLayout::updateLines did, by pair of ends (the lower id first), each list in key order.
struct LineChanges
{
    std::vector<std::pair<int, int>> added;   // new lines
    std::vector<std::pair<int, int>> kept;    // lines the update touched that stay, with their new flows
    std::vector<std::pair<int, int>> redrawn; // of those, the ones whose label, arrows or colour changed
    std::vector<std::pair<int, int>> removed; // lines to go: still held until removeLine()
};

// A line's label on a page of the diagram set (DrawingLayout::placeSheetLabels): whole, or a
// reference that the page's table resolves.
struct SheetLabel
{
    QString shown;     // the label, or its reference
    QString reference; // "F3" when the label did not fit whole
    QRectF box;        // where `shown` is printed
};

} // namespace drawinglayout

// The lines of one drawing and where they go: a DrawnLine per pair of ends (the lower id first),
// its route round the boxes drawn and its label's place, with the router over those boxes. The
// canvas keeps one for the whole scene, each edge item a view of one of its lines, and updates
// the lines an edit touched; the single drawing and each page of the set build one and route and
// label every line at once. All paint the lines it holds and route or place nothing themselves.
class DrawingLayout
{
public:
    using Key = std::pair<int, int>;
    explicit DrawingLayout(drawinglayout::Medium medium);
    ~DrawingLayout();
    DrawingLayout(const DrawingLayout&) = delete;
    DrawingLayout& operator=(const DrawingLayout&) = delete;

    // The boxes the lines go round and their labels keep clear of (node boxes, and on the canvas
    // folds and stubs); the router over them is built when first asked for.
    void setBoxes(std::vector<QRectF> boxes);
    // The boxes changed: they are set again (hasBoxes() false) before the next route.
    void clearBoxes();
    bool hasBoxes() const { return m_hasBoxes; }
    const std::vector<QRectF>& boxes() const { return m_boxes; }
    const EdgeRouter& router() const;
    // The router built so far, handed over (the caller frees it, on a worker thread if it likes);
    // the boxes are kept.
    std::unique_ptr<EdgeRouter> takeRouter() { return std::move(m_router); }

    // The line of a pair of ends, new or with these flows (forward runs from -> to); its place in
    // memory does not change until it is removed.
    DrawnLine& setLine(int from, int to, const std::vector<Flow>& forward, const std::vector<Flow>& backward);
    void removeLine(int from, int to);
    void clearLines()
    {
        m_lines.clear();
        m_linesOfEnd.clear();
    }
    // The lines of the hosts' flows after an edit: one per pair of hosts with flows either way (a
    // host's local flows and those to itself are not drawn) whose ends `drawn` accepts, for the
    // pairs that the flows from and to these nodes make, or for the whole design when nodes is
    // empty. A line the update touched whose pair has no flows left, or an end not drawn, is to go;
    // on a whole update, so is every other line (of folds and stubs, which their owner makes
    // again). Lines to go stay until the caller removes them, once nothing paints them.
    drawinglayout::LineChanges updateLines(const FlowEngine& engine, const QList<int>& nodes,
                                           const std::function<bool(int)>& drawn);
    // The line between two ends, given either way round (null: none).
    const DrawnLine* line(int a, int b) const;
    // The line of a pair the layout holds (its key: the lower end first).
    DrawnLine& lineAt(const Key& key) { return m_lines.at(key); }

    // Routes these lines round the boxes in one call (the router shares its searches among
    // them); endBox gives an end's box, and a line with an end without one keeps its route.
    void route(const std::vector<DrawnLine*>& lines, const std::function<QRectF(int)>& endBox);
    // Where the labels of these lines go, in their order, clear of the boxes, of these site
    // frames' titles and of each other (the canvas leaves out a label with no room, paper marks
    // it crowded); the caller writes them (paper adds its reference numbers first).
    std::vector<DesignRenderer::LabelPlace> placeLabels(const std::vector<const DrawnLine*>& lines,
                                                        const std::vector<QRectF>& frames) const;
    // On a page of the diagram set, which has a table and no tooltip: each line's label whole where
    // it keeps clear of the boxes, these frame titles and the labels placed before it (the shortest
    // first: they fit most often), else a reference ("F3", numbered in reading order from the top
    // left) where it covers least. labelSize measures a text as the page prints it.
    std::vector<drawinglayout::SheetLabel>
    placeSheetLabels(const std::vector<const DrawnLine*>& lines, const std::vector<QRectF>& titles,
                     const std::function<QSizeF(const QString&)>& labelSize) const;
    // The boxes and these frames' titles: what a label keeps clear of.
    std::vector<QRectF> labelObstacles(const std::vector<QRectF>& frames) const;

    // A designer's links, routed after the lines (drawinglayout::routeLinks): each keeps off the
    // line of its pair of nodes. In the order of their ids (links is sorted so).
    std::vector<QPolygonF> routeLinks(std::vector<drawinglayout::LinkEnds>& links) const;
    // Where the links' kind names go, after the lines' labels, which keep their places: clear of
    // the boxes, these frames' titles and the labels shown of the lines `drawn` accepts (null:
    // every line's).
    std::vector<DesignRenderer::LabelPlace>
    placeLinkNames(const std::vector<std::pair<QPolygonF, QString>>& links, const std::vector<QRectF>& frames,
                   const std::function<bool(const DrawnLine&)>& drawn = {}) const;

private:
    drawinglayout::Medium m_medium;
    std::vector<QRectF> m_boxes;
    bool m_hasBoxes = false;
    mutable std::unique_ptr<EdgeRouter> m_router;
    std::map<Key, DrawnLine> m_lines;
    std::unordered_map<int, std::vector<Key>> m_linesOfEnd; // each end's lines, in no order
};

} // namespace portolan
