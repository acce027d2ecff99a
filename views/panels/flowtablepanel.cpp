#include "flowtablepanel.h"

#include "catalog/catalog.h"
#include "design/document.h"
#include "flows/flowengine.h"
#include "panelworker.h"
#include "verify/verification.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QTableView>
#include <QTimer>

#include <set>

using namespace Qt::StringLiterals;

namespace portolan {

void FlowTableModel::setRows(QList<FlowListRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

namespace {

QString resultKey(int source, int destination, const QString& protocol, const QString& port)
{
    return u"%1>%2 %3 %4"_s.arg(source).arg(destination).arg(protocol, port);
}

} // namespace

void FlowTableModel::setVerification(std::shared_ptr<const Verification> verification)
{
    m_verification = std::move(verification);
    m_results.clear();
    if (m_verification)
        for (const FlowVerdict& v : m_verification->flows)
            m_results.insert(resultKey(v.flow.source, v.flow.destination, protocolName(v.flow.protocol),
                                       v.flow.portText()),
                             v.result ? testResultName(*v.result) : u"UNTESTED"_s);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Result), index(rowCount() - 1, Result));
}

void FlowTableModel::setSelection(const QSet<int>& nodes)
{
    if (nodes == m_selection)
        return;
    m_selection = nodes;
    // Without a selection the panel hides the column: the filter would test every row of a large
    // design again for a column nobody reads (a selected server deleted).
    if (!m_rows.isEmpty() && !nodes.isEmpty())
        Q_EMIT dataChanged(index(0, Direction), index(rowCount() - 1, Direction));
}

QString FlowTableModel::result(const FlowListRow& row) const
{
    if (!m_verification || row.local)
        return {};
    return m_results.value(resultKey(row.source, row.destination, row.protocol, row.port), u"UNTESTED"_s);
}

int FlowTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FlowTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FlowTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const FlowListRow& r = m_rows.at(index.row());
    if (role == Qt::UserRole && index.column() == Port)
        return r.port.section(u'-', 0, 0).toInt();
    if (index.column() == Direction) {
        const FlowDirection direction = flowDirection(r, m_selection);
        if (role == Qt::UserRole) // inbound first, then outbound, between and local
            return int(direction);
        if (role == Qt::BackgroundRole && direction == FlowDirection::Inbound)
            return QColor(0xe8, 0xf5, 0xe9);
        if (role == Qt::BackgroundRole && direction == FlowDirection::Outbound)
            return QColor(0xe3, 0xf2, 0xfd);
        if (role == Qt::ToolTipRole && direction == FlowDirection::Inbound)
            return tr("Inbound: a port the selected server must open to %1").arg(r.sourceName);
        if (role == Qt::ToolTipRole && direction == FlowDirection::Outbound)
            return tr("Outbound: a port the selected server must reach on %1").arg(r.destinationName);
    }
    if (role == Qt::ToolTipRole) {
        // Where each flow comes from: the reference section or public source,
        // its basis, and where a field-reported source can be read.
        QString tip = r.services.join(u'\n') + u"\n\n"_s + r.references.join(u'\n') + u"\nBasis: "_s +
                      r.bases.join(u"; ");
        if (!r.sourceUrls.isEmpty())
            tip += u"\nSource: "_s + r.sourceUrls.join(u"\nSource: "_s);
        return tip;
    }
    if (role == Qt::ForegroundRole && r.local)
        return QColor(0x78, 0x90, 0x9c);
    if (role == Qt::ForegroundRole && index.column() == Result) {
        const QString result = this->result(r);
        if (result == u"PASS")
            return QColor(0x2e, 0x7d, 0x32);
        if (result == u"FAIL" || result == u"NO RESPONDER")
            return QColor(0xd3, 0x2f, 0x2f);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Source:
        return r.sourceName;
    case Destination:
        return r.destinationName;
    case ProtocolColumn:
        return r.protocol;
    case Port:
        return r.port;
    case Service:
        return r.services.join(u"; ");
    case SourceZone:
        return r.sourceZone;
    case DestinationZone:
        return r.destinationZone;
    case Reference:
        return r.references.join(u"; ");
    case Basis:
        return r.bases.join(u"; ");
    case Local:
        return r.local ? tr("local") : QString();
    case Result:
        return result(r);
    case Direction:
        return flowDirectionName(flowDirection(r, m_selection));
    default:
        return {};
    }
}

QVariant FlowTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char* names[] = {"Source",  "Destination", "Protocol",         "Port",
                                  "Service", "Source zone", "Destination zone", "Reference",
                                  "Basis",   "Local",       "Result",           "Direction"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

void FlowFilterProxy::setText(const QString& text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void FlowFilterProxy::setProtocol(const QString& protocol)
{
    m_protocol = protocol;
    invalidateFilter();
}

void FlowFilterProxy::setNodes(const QSet<int>& nodes)
{
    const bool widened = !m_nodes.isEmpty() && nodes.isEmpty();
    m_nodes = nodes;
    // Back to every row from a selection's few: mapped again at once. Inserted between the rows
    // kept, they came in as many ranges as the selection had rows, the header revisiting the whole
    // list for each (a selected server deleted on a large design).
    if (widened)
        invalidate();
    else
        invalidateFilter();
}

void FlowFilterProxy::setEnds(const QList<QSet<int>>& ends)
{
    m_ends = ends;
    invalidateFilter();
}

bool FlowFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex&) const
{
    const auto* model = static_cast<const FlowTableModel*>(sourceModel());
    const FlowListRow& r = model->row(sourceRow);
    if (!m_nodes.isEmpty() && !m_nodes.contains(r.source) && !m_nodes.contains(r.destination))
        return false;
    for (const QSet<int>& ends : m_ends)
        if (!ends.contains(r.source) && !ends.contains(r.destination))
            return false;
    if (!m_protocol.isEmpty() && r.protocol != m_protocol)
        return false;
    if (m_text.isEmpty())
        return true;
    const QStringList words = m_text.split(u' ', Qt::SkipEmptyParts);
    const QString haystack = flowListFields(r).join(u' ');
    for (const QString& word : words) {
        // A bare number matches a port exactly or a range that holds it.
        bool isNumber = false;
        const int port = word.toInt(&isNumber);
        if (isNumber) {
            const int first = r.port.section(u'-', 0, 0).toInt();
            const int last = r.port.contains(u'-') ? r.port.section(u'-', 1, 1).toInt() : first;
            if (!r.port.isEmpty() && port >= first && port <= last)
                continue;
        }
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool FlowFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (left.column() == FlowTableModel::Port || left.column() == FlowTableModel::Direction)
        return left.data(Qt::UserRole).toInt() < right.data(Qt::UserRole).toInt();
    return QString::localeAwareCompare(left.data().toString(), right.data().toString()) < 0;
}

FlowTablePanel::FlowTablePanel(const Document& document, const FlowEngine& engine, QWidget* parent)
    : QWidget(parent), m_document(document), m_engine(engine)
{
    m_model = new FlowTableModel(this);
    m_proxy = new FlowFilterProxy(this);
    m_proxy->setSourceModel(m_model);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter: host, port, zone, service or reference section"));
    m_filter->setClearButtonEnabled(true);
    m_protocol = new QComboBox(this);
    m_protocol->addItem(tr("All protocols"), QString());
    for (const QString& p : {u"TCP"_s, u"UDP"_s, u"ICMP"_s})
        m_protocol->addItem(p, p);
    m_role = new QComboBox(this);
    m_role->setToolTip(tr("Only the flows to or from a node playing this role"));
    m_role->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_site = new QComboBox(this);
    m_site->setToolTip(tr("Only the flows to or from a node of this site (servers and the client "
                          "groups assigned to it)"));
    m_site->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_selectionOnly = new QCheckBox(tr("Selection only"), this);
    m_selectionOnly->setChecked(true);
    m_selectionOnly->setToolTip(tr("Show only the flows of the nodes selected on the canvas"));
    m_count = new QLabel(this);
    m_worker = new PanelWorker(document, engine, this);
    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnHidden(FlowTableModel::Result, true);
    // Shown beside the port it is about, once results are imported.
    m_table->horizontalHeader()->moveSection(FlowTableModel::Result, FlowTableModel::Service);
    // First, while a selection narrows the list: inbound rows (ports to open) apart from outbound.
    m_table->setColumnHidden(FlowTableModel::Direction, true);
    m_table->horizontalHeader()->moveSection(FlowTableModel::Direction, 0);
    m_table->setWordWrap(false);
    const int widths[] = {190, 190, 64, 90, 260, 110, 110, 320, 130, 50, 100, 120};
    static_assert(std::size(widths) == FlowTableModel::ColumnCount);
    for (int c = 0; c < FlowTableModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, widths[c]);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_protocol);
    bar->addWidget(m_role);
    bar->addWidget(m_site);
    bar->addWidget(m_selectionOnly);
    bar->addWidget(m_count);
    bar->addWidget(m_worker->progressBar());
    m_worker->progressBar()->setMaximumWidth(80);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_table);

    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(80);
    connect(m_refresh, &QTimer::timeout, this, &FlowTablePanel::refresh);
    connect(&engine, &FlowEngine::flowsChanged, m_refresh, qOverload<>(&QTimer::start));
    connect(&document, &Document::nodeChanged, m_refresh, qOverload<>(&QTimer::start));
    connect(&document, &Document::zonesChanged, m_refresh, qOverload<>(&QTimer::start));
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setText(text);
        updateCount();
        Q_EMIT filterChanged();
    });
    connect(m_protocol, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setProtocol(m_protocol->currentData().toString());
        updateCount();
        Q_EMIT filterChanged();
    });
    for (QComboBox* box : {m_role, m_site})
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            applyEndFilters();
            updateCount();
            Q_EMIT filterChanged();
        });
    connect(&document, &Document::siteAdded, m_refresh, qOverload<>(&QTimer::start));
    connect(&document, &Document::siteChanged, m_refresh, qOverload<>(&QTimer::start));
    connect(&document, &Document::siteRemoved, m_refresh, qOverload<>(&QTimer::start));
    connect(&document, &Document::documentReset, m_refresh, qOverload<>(&QTimer::start));
    connect(m_selectionOnly, &QCheckBox::toggled, this, [this] { setSelection(m_selection); });
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const FlowListRow& r = m_model->row(m_proxy->mapToSource(index).row());
        Q_EMIT pairActivated(r.source, r.destination);
    });
    refresh();
}

void FlowTablePanel::refresh()
{
    if (m_worker->isBusy() || m_document.nodes().size() >= size_t(PanelWorker::backgroundThreshold()))
        m_count->setText(tr("Listing the flows…"));
    m_worker->run([this](const Document& document, const FlowEngine& engine) -> PanelWorker::Apply {
        // In the worker on a large design: only the copy it is given may be read here.
        FlowListOptions options;
        options.includeLocal = true;
        auto rows = std::make_shared<QList<FlowListRow>>(buildFlowList(document, engine, options));
        const FlowCount total = countFlows(*rows);
        return [this, rows, total] {
            m_model->setRows(std::move(*rows));
            m_total = total;
            refillEndFilters();
            updateCount();
            if (isFiltering()) // the canvas follows the filter over the new flows
                Q_EMIT filterChanged();
        };
    });
}

void FlowTablePanel::setSelection(const QList<int>& nodes)
{
    m_selection = nodes;
    const bool only = m_selectionOnly->isChecked() && !nodes.isEmpty();
    const QSet<int> set(nodes.begin(), nodes.end());
    // A selection's ports read in two groups, inbound then outbound, each in the list's order.
    const bool wasShown = !m_table->isColumnHidden(FlowTableModel::Direction);
    // Back to the whole list: out of the direction order first, while the list holds only the
    // selection's rows. Sorting the whole list by that column, about to be hidden, cost a large
    // design half a second when a selected server was deleted.
    if (!only && wasShown && m_proxy->sortColumn() == FlowTableModel::Direction)
        m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_model->setSelection(only ? set : QSet<int>());
    m_proxy->setNodes(only ? set : QSet<int>());
    m_table->setColumnHidden(FlowTableModel::Direction, !only);
    if (only && !wasShown)
        m_table->sortByColumn(FlowTableModel::Direction, Qt::AscendingOrder);
    else if (only)
        m_proxy->invalidate();
    updateCount();
}

void FlowTablePanel::setFilterText(const QString& text)
{
    m_filter->setText(text);
}

bool FlowTablePanel::isFiltering() const
{
    return !m_filter->text().trimmed().isEmpty() || !m_protocol->currentData().toString().isEmpty() ||
           m_role->currentIndex() > 0 || m_site->currentIndex() > 0;
}

void FlowTablePanel::setRoleFilter(const QString& roleId)
{
    m_role->setCurrentIndex(qMax(0, m_role->findData(roleId)));
}

void FlowTablePanel::setSiteFilter(int site)
{
    m_site->setCurrentIndex(qMax(0, m_site->findData(site)));
}

void FlowTablePanel::refillEndFilters()
{
    // The roles the design's nodes play and its sites, keeping what was chosen when it is
    // still there.
    const Catalog& catalog = m_document.catalog();
    const QString role = m_role->currentData().toString();
    const QVariant site = m_site->currentData();
    std::set<int> roles;
    for (const auto& [id, n] : m_document.nodes())
        for (int r : m_document.effectiveRoles(n))
            roles.insert(r);
    QList<std::pair<QString, QString>> roleItems;
    for (int r : roles)
        roleItems.append({catalog.role(r).name, catalog.role(r).id});
    std::sort(roleItems.begin(), roleItems.end(),
              [](const auto& a, const auto& b) { return QString::localeAwareCompare(a.first, b.first) < 0; });
    {
        const QSignalBlocker blockRole(m_role), blockSite(m_site);
        m_role->clear();
        m_role->addItem(tr("All roles"), QString());
        for (const auto& [name, id] : roleItems)
            m_role->addItem(name, id);
        m_role->setCurrentIndex(qMax(0, m_role->findData(role)));
        m_site->clear();
        m_site->addItem(tr("All sites"), -1);
        for (const auto& [id, s] : m_document.sites())
            m_site->addItem(u"%1 · %2"_s.arg(s.code, s.name), id);
        m_site->setCurrentIndex(qMax(0, m_site->findData(site)));
    }
    applyEndFilters();
}

void FlowTablePanel::applyEndFilters()
{
    QList<QSet<int>> ends;
    const QString role = m_role->currentData().toString();
    const int site = m_site->currentData().toInt();
    if (!role.isEmpty()) {
        QSet<int> nodes;
        for (const auto& [id, n] : m_document.nodes())
            if (m_document.hasRole(n, role))
                nodes.insert(id);
        ends << nodes;
    }
    if (m_site->currentIndex() > 0) {
        QSet<int> nodes;
        for (const auto& [id, n] : m_document.nodes())
            if (n.site == site)
                nodes.insert(id);
        ends << nodes;
    }
    m_proxy->setEnds(ends);
}

QSet<std::pair<int, int>> FlowTablePanel::filteredPairs() const
{
    QSet<std::pair<int, int>> pairs;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const FlowListRow& row = m_model->row(m_proxy->mapToSource(m_proxy->index(r, 0)).row());
        pairs.insert({row.source, row.destination});
    }
    return pairs;
}

bool FlowTablePanel::isUpdating() const
{
    return m_worker->isBusy();
}

int FlowTablePanel::visibleRows() const
{
    return m_proxy->rowCount();
}

QString FlowTablePanel::countText() const
{
    return m_count->text();
}

void FlowTablePanel::updateCount()
{
    // Local rows are listed here (greyed) but counted apart, as everywhere else; the rows shown are
    // counted by the one function Analysis and Properties use.
    const QSet<int>& selection = m_model->selection();
    if (!selection.isEmpty()) {
        QList<FlowListRow> shown;
        shown.reserve(m_proxy->rowCount());
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            shown << m_model->row(m_proxy->mapToSource(m_proxy->index(r, 0)).row());
        m_count->setText(
            tr("Selection: %1 · design: %2")
                .arg(selectionFlowCountText(countSelectionFlows(shown, selection)), flowCountText(m_total)));
        return;
    }
    FlowCount shown;
    if (m_proxy->rowCount() == m_model->rowCount()) { // every row: the design's count
        m_count->setText(tr("Shown: %1 · design: %2").arg(flowCountText(m_total), flowCountText(m_total)));
        return;
    }
    for (int r = 0; r < m_proxy->rowCount(); ++r)
        ++(m_model->row(m_proxy->mapToSource(m_proxy->index(r, 0)).row()).local ? shown.local
                                                                                : shown.network);
    m_count->setText(tr("Shown: %1 · design: %2").arg(flowCountText(shown), flowCountText(m_total)));
}

void FlowTablePanel::setVerification(std::shared_ptr<const Verification> verification)
{
    m_table->setColumnHidden(FlowTableModel::Result, verification == nullptr);
    m_model->setVerification(std::move(verification));
}

} // namespace portolan
