#pragma once

#include <QList>
#include <QObject>

namespace portolan {

// What is selected in the open design, by id: the session's, not the canvas's. The canvas shows it
// and reports the user's clicks and rubber bands into it; the menus, panels and exports read it
// here, and setting it here selects on the canvas. Ids the canvas cannot select (hidden by a focus,
// folded away, deleted) drop out.
class Selection : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    const QList<int>& nodes() const { return m_nodes; }
    const QList<int>& sites() const { return m_sites; }
    const QList<int>& links() const { return m_links; }
    bool isEmpty() const { return m_nodes.isEmpty() && m_sites.isEmpty() && m_links.isEmpty(); }
    // Says changed() when the ids differ (in any order) from those held.
    void set(const QList<int>& nodes, const QList<int>& sites = {}, const QList<int>& links = {});
    void clear() { set({}); }
    // Whether these ids (in any order) are the ones held.
    bool holds(const QList<int>& nodes, const QList<int>& sites, const QList<int>& links) const;

Q_SIGNALS:
    void changed();

private:
    QList<int> m_nodes, m_sites, m_links;
};

} // namespace portolan
