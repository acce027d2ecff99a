#include "propertiespanel.h"

#include "catalog/catalog.h"
#include "design/designrules.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "zoneseditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <tuple>

using namespace Qt::StringLiterals;

namespace portolan {

PropertiesPanel::PropertiesPanel(const Document& document, QWidget* parent)
    : QWidget(parent), m_document(document)
{
    m_title = new QLabel(this);
    QFont font = m_title->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    m_title->setFont(font);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(u"color: #b71c1c;"_s);
    m_message->hide();
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_message);
    layout->addWidget(m_scroll);
    const auto refresh = [this] {
        if (!m_applying)
            rebuild();
        else // the field being typed in stays; the header follows a rename at once
            updateTitle();
    };
    connect(&document, &Document::nodeChanged, this, refresh);
    connect(&document, &Document::siteChanged, this, refresh);
    connect(&document, &Document::optionsChanged, this, refresh);
    connect(&document, &Document::infoChanged, this, refresh);
    connect(&document, &Document::zonesChanged, this, refresh);
    connect(&document, &Document::documentReset, this, [this] { showSelection({}, {}); });
    connect(&document, &Document::nodeRemoved, this, [this](const Node& n) {
        if (n.id == m_node)
            showSelection({}, {});
    });
    connect(&document, &Document::siteRemoved, this, [this](const Site& s) {
        if (s.id == m_site)
            showSelection({}, {});
    });
    rebuild();
}

QString PropertiesPanel::addressProblem(const QString& address)
{
    if (address.isEmpty() || !QHostAddress(address).isNull())
        return {};
    if (address.contains(u'/') && !QHostAddress::parseSubnet(address).first.isNull())
        return {};
    return tr("'%1' is not an IPv4 or IPv6 address or CIDR").arg(address);
}

QString PropertiesPanel::subnetProblem(const QString& subnets)
{
    for (const QString& s : subnets.split(u',', Qt::SkipEmptyParts))
        if (QHostAddress::parseSubnet(s.trimmed()).first.isNull())
            return tr("'%1' is not a subnet (CIDR such as 10.1.0.0/16)").arg(s.trimmed());
    return {};
}

QString PropertiesPanel::hostNameProblem(const QString& name)
{
    if (name.trimmed().isEmpty())
        return tr("A name is required");
    if (name.size() > 253)
        return tr("A host name has at most 253 characters");
    for (const QChar c : name)
        if (c.category() == QChar::Other_Control)
            return tr("A name cannot contain control characters");
    return {};
}

QString PropertiesPanel::siteCodeProblem(const QString& code)
{
    static const QRegularExpression format(u"^[A-Za-z0-9]{3}$"_s);
    if (!format.match(code).hasMatch())
        return tr("A site code is exactly three letters or digits");
    static const QStringList reserved = {u"AUX"_s, u"CON"_s, u"NUL"_s, u"PRN"_s, u"SMS"_s, u"ENV"_s};
    if (reserved.contains(code.toUpper()))
        return tr("%1 is reserved by Configuration Manager").arg(code.toUpper());
    return {};
}

QString PropertiesPanel::optionChangeText(const QString& name) const
{
    // The undo history speaks the user's words: the option as the panel labels it, not its key.
    const OptionInfo* info = m_document.catalog().option(name);
    return tr("Change “%1”").arg(info && !info->description.isEmpty() ? info->description : name);
}

void PropertiesPanel::setFlowEngine(const FlowEngine* engine)
{
    m_engine = engine;
    if (!m_portsRefresh) {
        m_portsRefresh = new QTimer(this);
        m_portsRefresh->setSingleShot(true);
        m_portsRefresh->setInterval(100);
        connect(m_portsRefresh, &QTimer::timeout, this, &PropertiesPanel::updatePorts);
    }
    if (engine)
        connect(engine, &FlowEngine::flowsChanged, m_portsRefresh, qOverload<>(&QTimer::start));
    rebuild();
}

QString PropertiesPanel::portsText() const
{
    return m_ports ? m_ports->text() : QString();
}

void PropertiesPanel::addPorts(const QList<int>& nodes)
{
    // Below the fields: what the selection must open and must reach, counted as the Flows panel and
    // Analysis count it. The label is refilled when the flows change, the form kept.
    if (!m_engine)
        return;
    m_portNodes = nodes;
    auto* header = new QLabel(tr("<b>Ports</b>"), m_form);
    m_layout->addRow(header);
    m_ports = new QLabel(m_form);
    m_ports->setObjectName(u"ports"_s);
    m_ports->setTextFormat(Qt::RichText);
    m_ports->setWordWrap(true);
    m_ports->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_layout->addRow(m_ports);
    auto* show = new QPushButton(tr("Show in the Flows Panel"), m_form);
    show->setToolTip(tr("Every flow of the selection with its services and references, inbound first"));
    connect(show, &QPushButton::clicked, this, &PropertiesPanel::showFlowsRequested);
    m_layout->addRow(show);
    updatePorts();
}

void PropertiesPanel::updatePorts()
{
    if (!m_ports || !m_engine)
        return;
    if (m_portNodes.size() > kMaxPortNodes) {
        m_ports->setText(tr("%1 nodes selected: the Flows panel lists their ports.").arg(m_portNodes.size()));
        return;
    }
    FlowListOptions options;
    options.includeLocal = true;
    const QList<FlowListRow> rows = buildSelectionFlowList(m_document, *m_engine, m_portNodes, options);
    const QSet<int> selection(m_portNodes.begin(), m_portNodes.end());
    // One line per protocol and port, with the hosts at the other end.
    struct Line
    {
        QString protocol;
        QString port;
        QStringList peers;
    };
    QList<Line> groups[3]; // must open, must reach, between the selected
    const auto add = [](QList<Line>& lines, const FlowListRow& r, const QString& peer) {
        for (Line& line : lines)
            if (line.protocol == r.protocol && line.port == r.port) {
                if (!line.peers.contains(peer))
                    line.peers << peer;
                return;
            }
        lines.append({r.protocol, r.port, {peer}});
    };
    for (const FlowListRow& r : rows) {
        switch (flowDirection(r, selection)) {
        case FlowDirection::Inbound:
            add(groups[0], r, r.sourceName);
            break;
        case FlowDirection::Outbound:
            add(groups[1], r, r.destinationName);
            break;
        case FlowDirection::Between:
            add(groups[2], r, r.sourceName + u" → "_s + r.destinationName);
            break;
        default:
            break;
        }
    }
    const auto portKey = [](const Line& l) {
        return std::make_tuple(l.protocol, l.port.section(u'-', 0, 0).toInt(), l.port);
    };
    const auto table = [&portKey](QList<Line> lines, const QString& title) {
        std::sort(lines.begin(), lines.end(),
                  [&](const Line& a, const Line& b) { return portKey(a) < portKey(b); });
        QString html =
            u"<p style='margin-top:6px; margin-bottom:2px'><b>%1</b></p>"_s.arg(title.toHtmlEscaped());
        if (lines.isEmpty())
            return html + tr("<i>none</i>");
        html += u"<table cellspacing='0' cellpadding='1'>"_s;
        for (const Line& l : lines) {
            QStringList shortNames;
            for (const QString& peer : l.peers)
                shortNames << (peer.contains(u" → "_s) ? peer : peer.section(u'.', 0, 0));
            QString peers = shortNames.mid(0, 3).join(u", "_s);
            if (shortNames.size() > 3)
                peers += tr(" and %1 more").arg(shortNames.size() - 3);
            html += u"<tr><td style='white-space:nowrap; padding-right:8px'>%1 %2</td><td>%3</td></tr>"_s.arg(
                l.protocol, l.port.isEmpty() ? QString() : l.port, peers.toHtmlEscaped());
        }
        return html + u"</table>"_s;
    };
    const QString count = selectionFlowCountText(countSelectionFlows(rows, selection));
    QString html = count.toHtmlEscaped();
    html += table(groups[0], tr("Must open (inbound), from"));
    html += table(groups[1], tr("Must reach (outbound), on"));
    if (!groups[2].isEmpty())
        html += table(groups[2], tr("Between the selected"));
    m_ports->setText(html);
}

void PropertiesPanel::showSelection(const QList<int>& nodes, const QList<int>& sites)
{
    m_node = nodes.size() == 1 && sites.isEmpty() ? nodes.first() : -1;
    m_site = m_node < 0 && sites.size() == 1 && nodes.isEmpty() ? sites.first() : -1;
    m_nodes = nodes.size() > 1 ? nodes : QList<int>();
    showMessage({});
    rebuild();
}

QString PropertiesPanel::message() const
{
    return m_message->text();
}

void PropertiesPanel::showMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void PropertiesPanel::clearForm()
{
    m_ports = nullptr; // deleted with the form
    m_form = new QWidget;
    m_layout = new QFormLayout(m_form);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_layout->setLabelAlignment(Qt::AlignRight);
    m_scroll->setWidget(m_form); // deletes the previous form
}

void PropertiesPanel::rebuild()
{
    clearForm();
    m_nodes.removeIf([this](int id) { return !m_document.node(id); });
    if (const Node* n = m_document.node(m_node))
        buildNode(*n);
    else if (const Site* s = m_document.site(m_site))
        buildSite(*s);
    else if (m_nodes.size() > 1) {
        buildNodes();
        addPorts(m_nodes);
    } else
        buildDesign();
    updateTitle();
}

void PropertiesPanel::updateTitle()
{
    if (const Node* n = m_document.node(m_node))
        m_title->setText(u"%1: %2"_s.arg(nodeKindName(n->kind), n->name));
    else if (const Site* s = m_document.site(m_site))
        m_title->setText(tr("Site %1").arg(s->code));
    else if (m_nodes.size() > 1)
        m_title->setText(tr("%1 items selected").arg(m_nodes.size()));
    else
        m_title->setText(tr("Design"));
}

void PropertiesPanel::buildNodes()
{
    // The fields the selected nodes share, each set on all of them at once (one undo step);
    // a field whose values differ shows "(mixed)" until it is set.
    QList<Node> selected;
    for (int id : std::as_const(m_nodes))
        selected << *m_document.node(id);
    const auto editAll = [this](const std::function<void(Node&)>& change, const QString& text) {
        QList<Node> before, after;
        for (int id : std::as_const(m_nodes)) {
            const Node* n = m_document.node(id);
            Node changed = *n;
            change(changed);
            if (changed == *n)
                continue;
            before << *n;
            after << changed;
        }
        if (after.isEmpty())
            return;
        showMessage({});
        m_applying = true;
        Q_EMIT nodesEdited(before, after, text);
        m_applying = false;
        QTimer::singleShot(0, this, &PropertiesPanel::rebuild); // "(mixed)" settles, after the combo's signal
    };
    QStringList names;
    for (const Node& n : std::as_const(selected))
        names << n.name;
    auto* list =
        new QLabel(names.mid(0, 8).join(u", "_s) + (names.size() > 8 ? u", …"_s : QString()), m_form);
    list->setWordWrap(true);
    m_layout->addRow(list);

    const auto shared = [&selected](const auto& value) {
        for (const Node& n : std::as_const(selected))
            if (value(n) != value(selected.first()))
                return false;
        return true;
    };
    auto* zone = new QComboBox(m_form);
    zone->setObjectName(u"zone"_s);
    zone->setPlaceholderText(tr("(mixed)"));
    zone->addItem(tr("(no zone)"), QString());
    for (const Zone& z : m_document.zones())
        zone->addItem(z.name, z.key);
    zone->setCurrentIndex(
        shared([](const Node& n) { return n.zone; }) ? qMax(0, zone->findData(selected.first().zone)) : -1);
    connect(zone, &QComboBox::currentIndexChanged, this, [zone, editAll](int index) {
        if (index >= 0)
            editAll([&](Node& n) { n.zone = zone->currentData().toString(); }, tr("Change zone"));
    });
    m_layout->addRow(tr("Zone"), zone);

    const bool sited = std::all_of(selected.cbegin(), selected.cend(), [](const Node& n) {
        return n.kind == NodeKind::Server || n.kind == NodeKind::ClientGroup;
    });
    if (!sited)
        return;
    auto* site = new QComboBox(m_form);
    site->setObjectName(u"site"_s);
    site->setPlaceholderText(tr("(mixed)"));
    site->addItem(tr("(no site)"), -1);
    for (const auto& [id, s] : m_document.sites())
        site->addItem(s.name.isEmpty() ? s.code : u"%1 (%2)"_s.arg(s.code, s.name), id);
    site->setCurrentIndex(
        shared([](const Node& n) { return n.site; }) ? qMax(0, site->findData(selected.first().site)) : -1);
    connect(site, &QComboBox::currentIndexChanged, this, [site, editAll](int index) {
        if (index >= 0)
            editAll([&](Node& n) { n.site = site->currentData().toInt(); }, tr("Change site"));
    });
    m_layout->addRow(tr("Site"), site);
}

void PropertiesPanel::editNode(const std::function<void(Node&)>& change, const QString& text)
{
    const Node* current = m_document.node(m_node);
    if (!current)
        return;
    Node after = *current;
    change(after);
    if (after == *current)
        return;
    showMessage({});
    m_applying = true;
    Q_EMIT nodeEdited(*current, after, text);
    m_applying = false;
}

void PropertiesPanel::editSite(const std::function<void(Site&)>& change, const QString& text)
{
    const Site* current = m_document.site(m_site);
    if (!current)
        return;
    Site after = *current;
    change(after);
    if (after == *current)
        return;
    showMessage({});
    m_applying = true;
    Q_EMIT siteEdited(*current, after, text);
    m_applying = false;
}

void PropertiesPanel::addTextField(const QString& label, const QString& value,
                                   const std::function<QString(const QString&)>& check,
                                   const std::function<void(const QString&)>& apply)
{
    auto* edit = new QLineEdit(value, m_form);
    edit->setObjectName(label);
    m_layout->addRow(label, edit);
    // What a design file could not hold is refused whatever the field.
    const auto problemOf = [check](const QString& text) {
        const QString limit = DesignRules::textProblem(text);
        return !limit.isEmpty() ? limit : check ? check(text) : QString();
    };
    connect(edit, &QLineEdit::textEdited, this, [this, edit, problemOf](const QString& text) {
        const QString problem = problemOf(text);
        edit->setStyleSheet(problem.isEmpty() ? QString() : u"border: 1px solid #c62828;"_s);
        showMessage(problem);
    });
    connect(edit, &QLineEdit::editingFinished, this, [this, edit, value, problemOf, apply] {
        const QString text = edit->text().trimmed();
        if (text == value)
            return;
        const QString problem = problemOf(text);
        if (!problem.isEmpty()) {
            showMessage(tr("%1 refused: %2").arg(edit->objectName(), problem));
            edit->setText(value);
            edit->setStyleSheet({});
            return;
        }
        apply(text);
    });
}

QWidget* PropertiesPanel::optionEditor(const OptionInfo& info, const QVariant& value,
                                       const std::function<void(const QVariant&)>& apply)
{
    switch (info.type) {
    case OptionInfo::Type::Bool: {
        auto* box = new QCheckBox(m_form);
        box->setChecked(value.toBool());
        connect(box, &QCheckBox::toggled, this, [apply](bool on) { apply(on); });
        return box;
    }
    case OptionInfo::Type::Int:
    case OptionInfo::Type::Port: {
        auto* spin = new QSpinBox(m_form);
        spin->setRange(info.type == OptionInfo::Type::Port ? 1 : info.minimum,
                       info.type == OptionInfo::Type::Port ? 65535 : info.maximum);
        spin->setValue(value.toInt());
        spin->setKeyboardTracking(false);
        connect(spin, &QSpinBox::valueChanged, this, [apply](int v) { apply(v); });
        return spin;
    }
    case OptionInfo::Type::Enum: {
        auto* combo = new QComboBox(m_form);
        combo->addItems(info.values);
        combo->setCurrentText(value.toString());
        connect(combo, &QComboBox::currentTextChanged, this, [apply](const QString& v) { apply(v); });
        return combo;
    }
    case OptionInfo::Type::Range:
    case OptionInfo::Type::String: {
        auto* edit = new QLineEdit(value.toString(), m_form);
        const bool range = info.type == OptionInfo::Type::Range;
        connect(edit, &QLineEdit::editingFinished, this,
                [this, edit, range, value, apply, description = info.description] {
                    QString why;
                    if (range && !PortSpec::parseConcrete(edit->text(), &why)) {
                        showMessage(tr("%1 refused: %2").arg(description, why));
                        edit->setText(value.toString());
                        return;
                    }
                    if (range)
                        apply(PortSpec::parseConcrete(edit->text(), nullptr)->toString());
                    else
                        apply(edit->text());
                });
        return edit;
    }
    }
    return nullptr;
}

void PropertiesPanel::addOptions(const QStringList& prefixes, const Options& values,
                                 const std::function<void(const QString&, const QVariant&)>& apply)
{
    for (const OptionInfo& info : m_document.catalog().options()) {
        if (info.derived || !prefixes.contains(info.name.section(u'.', 0, 0)))
            continue;
        const QVariant value = values.value(info.name, info.defaultValue);
        QWidget* editor =
            optionEditor(info, value, [apply, name = info.name](const QVariant& v) { apply(name, v); });
        editor->setToolTip(
            u"%1\n%2 (default: %3)"_s.arg(info.description, info.name, info.defaultValue.toString()));
        // The descriptions are sentences: give each option the panel's whole width, the label
        // wrapped beside a check box or above its field, so that nothing is clipped.
        auto* row = new QWidget(m_form);
        auto* label = new QLabel(info.description, row);
        label->setWordWrap(true);
        label->setToolTip(editor->toolTip());
        label->setBuddy(editor);
        editor->setParent(row);
        if (info.type == OptionInfo::Type::Bool) {
            auto* line = new QHBoxLayout(row);
            line->setContentsMargins(0, 2, 0, 2);
            line->addWidget(editor, 0, Qt::AlignTop);
            line->addWidget(label, 1);
        } else {
            auto* column = new QVBoxLayout(row);
            column->setContentsMargins(0, 2, 0, 2);
            column->setSpacing(2);
            column->addWidget(label);
            column->addWidget(editor);
        }
        m_layout->addRow(row);
    }
}

void PropertiesPanel::buildNode(const Node& node)
{
    const Catalog& catalog = m_document.catalog();
    addTextField(tr("Name"), node.name, hostNameProblem,
                 [this](const QString& v) { editNode([&](Node& n) { n.name = v; }, tr("Rename")); });
    if (node.kind != NodeKind::ClientGroup)
        addTextField(tr("Address"), node.address, addressProblem, [this](const QString& v) {
            editNode([&](Node& n) { n.address = v; }, tr("Change address"));
        });
    if (node.kind == NodeKind::ClientGroup || node.kind == NodeKind::Console)
        addTextField(tr("Subnets"), node.subnets.join(u", "), subnetProblem, [this](const QString& v) {
            QStringList subnets;
            for (const QString& s : v.split(u',', Qt::SkipEmptyParts))
                subnets << s.trimmed();
            editNode([&](Node& n) { n.subnets = subnets; }, tr("Change subnets"));
        });

    auto* zone = new QComboBox(m_form);
    zone->addItem(tr("(no zone)"), QString());
    for (const Zone& z : m_document.zones())
        zone->addItem(z.name, z.key);
    zone->setCurrentIndex(qMax(0, zone->findData(node.zone)));
    connect(zone, &QComboBox::currentIndexChanged, this, [this, zone] {
        editNode([&](Node& n) { n.zone = zone->currentData().toString(); }, tr("Change zone"));
    });
    m_layout->addRow(tr("Zone"), zone);

    if (node.kind == NodeKind::Server || node.kind == NodeKind::ClientGroup) {
        auto* site = new QComboBox(m_form);
        site->addItem(tr("(no site)"), -1);
        for (const auto& [id, s] : m_document.sites())
            site->addItem(s.name.isEmpty() ? s.code : u"%1 (%2)"_s.arg(s.code, s.name), id);
        site->setCurrentIndex(qMax(0, site->findData(node.site)));
        connect(site, &QComboBox::currentIndexChanged, this, [this, site] {
            editNode([&](Node& n) { n.site = site->currentData().toInt(); }, tr("Change site"));
        });
        m_layout->addRow(node.kind == NodeKind::Server ? tr("Site") : tr("Assigned site"), site);
    }
    if (node.kind == NodeKind::ClientGroup) {
        auto* devices = new QSpinBox(m_form);
        devices->setRange(0, 10000000);
        devices->setValue(node.devices);
        devices->setKeyboardTracking(false);
        connect(devices, &QSpinBox::valueChanged, this,
                [this](int v) { editNode([&](Node& n) { n.devices = v; }, tr("Change device count")); });
        m_layout->addRow(tr("Devices"), devices);
        auto* os = new QComboBox(m_form);
        os->addItems({tr("Windows"), tr("Mac"), tr("Mobile")});
        os->setCurrentIndex(int(node.os));
        connect(os, &QComboBox::currentIndexChanged, this,
                [this](int i) { editNode([&](Node& n) { n.os = OsFamily(i); }, tr("Change OS")); });
        m_layout->addRow(tr("Operating system"), os);
    }
    if (node.kind == NodeKind::Server) {
        auto* roles = new QListWidget(m_form);
        for (int r = 0; r < int(catalog.roles().size()); ++r) {
            const RoleInfo& role = catalog.role(r);
            if (role.placement != Placement::Server && role.placement != Placement::Cloud)
                continue;
            auto* item = new QListWidgetItem(role.name, roles);
            item->setData(Qt::UserRole, r);
            item->setCheckState(node.roles.contains(r) ? Qt::Checked : Qt::Unchecked);
        }
        // Every role visible at once across the panel's width: no inner scrolling, no clipped names.
        roles->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        roles->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        roles->setFixedHeight(roles->sizeHintForRow(0) * roles->count() + 2 * roles->frameWidth() + 2);
        connect(roles, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
            const int r = item->data(Qt::UserRole).toInt();
            const bool on = item->checkState() == Qt::Checked;
            editNode([&](Node& n) { on ? void(n.roles << r) : void(n.roles.removeAll(r)); },
                     on ? tr("Add role") : tr("Remove role"));
        });
        m_layout->addRow(new QLabel(tr("Roles"), m_form));
        m_layout->addRow(roles);
    }
    if (node.kind == NodeKind::Console) {
        auto* managed = new QListWidget(m_form);
        for (const auto& [id, s] : m_document.sites()) {
            auto* item =
                new QListWidgetItem(s.name.isEmpty() ? s.code : u"%1 (%2)"_s.arg(s.code, s.name), managed);
            item->setData(Qt::UserRole, id);
            item->setCheckState(node.managedSites.contains(id) ? Qt::Checked : Qt::Unchecked);
        }
        managed->setToolTip(tr("None checked: the console manages every site"));
        connect(managed, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
            const int id = item->data(Qt::UserRole).toInt();
            const bool on = item->checkState() == Qt::Checked;
            editNode([&](Node& n) { on ? void(n.managedSites << id) : void(n.managedSites.removeAll(id)); },
                     tr("Change managed sites"));
        });
        m_layout->addRow(tr("Manages"), managed);
    }

    QStringList prefixes;
    static const QHash<QString, QString> rolePrefixes = {
        {u"management_point"_s, u"mp"_s},
        {u"distribution_point"_s, u"dp"_s},
        {u"software_update_point"_s, u"sup"_s},
        {u"upstream_wsus"_s, u"sup"_s},
        {u"sql_server"_s, u"sql"_s},
        {u"cmg"_s, u"cmg"_s},
    };
    for (int r : m_document.effectiveRoles(node)) {
        const QString prefix = rolePrefixes.value(catalog.role(r).id);
        if (!prefix.isEmpty() && !prefixes.contains(prefix))
            prefixes << prefix;
        if (node.kind == NodeKind::Server && catalog.role(r).id != u"site_server" &&
            !prefixes.contains(u"system"_s))
            prefixes << u"system"_s;
    }
    if (node.kind == NodeKind::ClientGroup)
        prefixes << u"group"_s;
    if (node.kind == NodeKind::Console)
        prefixes << u"console"_s;
    addOptions(prefixes, node.options, [this](const QString& name, const QVariant& value) {
        const OptionInfo* info = m_document.catalog().option(name);
        editNode(
            [&](Node& n) {
                if (info && value == info->defaultValue)
                    n.options.remove(name);
                else
                    n.options.insert(name, value);
            },
            optionChangeText(name));
    });
    addPorts({node.id});
}

void PropertiesPanel::buildSite(const Site& site)
{
    addTextField(tr("Site code"), site.code, siteCodeProblem, [this](const QString& v) {
        editSite([&](Site& s) { s.code = v.toUpper(); }, tr("Change site code"));
    });
    addTextField(tr("Name"), site.name, {},
                 [this](const QString& v) { editSite([&](Site& s) { s.name = v; }, tr("Rename site")); });
    auto* kind = new QComboBox(m_form);
    kind->addItems({tr("Central administration site"), tr("Primary site"), tr("Secondary site")});
    kind->setCurrentIndex(int(site.kind));
    connect(kind, &QComboBox::currentIndexChanged, this,
            [this](int i) { editSite([&](Site& s) { s.kind = SiteKind(i); }, tr("Change site kind")); });
    m_layout->addRow(tr("Kind"), kind);
    auto* parent = new QComboBox(m_form);
    parent->addItem(tr("(none)"), -1);
    for (const auto& [id, s] : m_document.sites())
        if (id != site.id)
            parent->addItem(s.name.isEmpty() ? s.code : u"%1 (%2)"_s.arg(s.code, s.name), id);
    parent->setCurrentIndex(qMax(0, parent->findData(site.parent)));
    connect(parent, &QComboBox::currentIndexChanged, this, [this, parent] {
        editSite([&](Site& s) { s.parent = parent->currentData().toInt(); }, tr("Change parent site"));
    });
    m_layout->addRow(tr("Parent site"), parent);
    addOptions({u"site"_s}, site.options, [this](const QString& name, const QVariant& value) {
        const OptionInfo* info = m_document.catalog().option(name);
        editSite(
            [&](Site& s) {
                if (info && value == info->defaultValue)
                    s.options.remove(name);
                else
                    s.options.insert(name, value);
            },
            optionChangeText(name));
    });
}

void PropertiesPanel::buildDesign()
{
    const DesignInfo info = m_document.info();
    const auto editInfo = [this](const std::function<void(DesignInfo&)>& change, const QString& text) {
        DesignInfo after = m_document.info();
        change(after);
        m_applying = true;
        Q_EMIT designEdited(after, m_document.options(), text);
        m_applying = false;
    };
    addTextField(tr("Design name"), info.name, {}, [editInfo](const QString& v) {
        editInfo([&](DesignInfo& i) { i.name = v; }, tr("Rename design"));
    });
    addTextField(tr("Author"), info.author, {}, [editInfo](const QString& v) {
        editInfo([&](DesignInfo& i) { i.author = v; }, tr("Change author"));
    });
    addTextField(tr("Revision"), info.revision, {}, [editInfo](const QString& v) {
        editInfo([&](DesignInfo& i) { i.revision = v; }, tr("Change revision"));
    });
    auto* zones = new ZonesEditor(m_document, m_form);
    connect(zones, &ZonesEditor::problem, this, &PropertiesPanel::showMessage);
    connect(zones, &ZonesEditor::zonesEdited, this, [this](const QList<Zone>& list, const QString& text) {
        showMessage({});
        Q_EMIT zonesEdited(list, text);
    });
    m_layout->addRow(new QLabel(tr("Network zones"), m_form));
    m_layout->addRow(zones); // spans both columns: the table needs the width
    addOptions({u"design"_s}, m_document.options(), [this](const QString& name, const QVariant& value) {
        Options options = m_document.options();
        const OptionInfo* option = m_document.catalog().option(name);
        if (option && value == option->defaultValue)
            options.remove(name);
        else
            options.insert(name, value);
        m_applying = true;
        Q_EMIT designEdited(m_document.info(), options, optionChangeText(name));
        m_applying = false;
        rebuild();
    });
}

} // namespace portolan
