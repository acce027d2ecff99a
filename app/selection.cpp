#include "selection.h"

#include <algorithm>

namespace portolan {

namespace {

QList<int> sorted(QList<int> ids)
{
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

} // namespace

bool Selection::holds(const QList<int>& nodes, const QList<int>& sites, const QList<int>& links) const
{
    return sorted(nodes) == m_nodes && sorted(sites) == m_sites && sorted(links) == m_links;
}

void Selection::set(const QList<int>& nodes, const QList<int>& sites, const QList<int>& links)
{
    if (holds(nodes, sites, links))
        return;
    m_nodes = sorted(nodes);
    m_sites = sorted(sites);
    m_links = sorted(links);
    Q_EMIT changed();
}

} // namespace portolan
