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

void Selection::set(const QList<int>& nodes, const QList<int>& sites, const QList<int>& links)
{
    QList<int> n = sorted(nodes), s = sorted(sites), l = sorted(links);
    if (n == m_nodes && s == m_sites && l == m_links)
        return;
    m_nodes = std::move(n);
    m_sites = std::move(s);
    m_links = std::move(l);
    Q_EMIT changed();
}

} // namespace portolan
