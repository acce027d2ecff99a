#include "zoneseditor.h"

#include "design/designrules.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QHostAddress>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

enum Column
{
    Name,
    Subnets,
    Interface, // the firewall interface the zone sits behind
    Colour
};

const char16_t* const kPalette[] = {u"#3566a8", u"#3f8f4f", u"#b5752a", u"#8a4f9e",
                                    u"#2a9bd6", u"#c0392b", u"#607d8b", u"#6d4c41"};

} // namespace

ZonesEditor::ZonesEditor(const Document& document, QWidget* parent) : QWidget(parent), m_document(document)
{
    m_table = new QTableWidget(0, 4, this);
    m_table->setHorizontalHeaderLabels({tr("Zone"), tr("Subnets"), tr("Interface"), tr("Colour")});
    m_table->horizontalHeaderItem(Interface)->setToolTip(
        tr("The firewall interface the zone sits behind (eth1): the nftables rule set between "
           "zones then matches it, so a forged source on the wrong side is dropped"));
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(150);
    m_table->setColumnWidth(Name, 120);
    m_table->setColumnWidth(Subnets, 150);
    m_table->setColumnWidth(Interface, 80);
    m_table->verticalHeader()->setDefaultSectionSize(22);
    auto* add = new QPushButton(tr("Add zone"), this);
    auto* remove = new QPushButton(tr("Remove zone"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, &ZonesEditor::addZone);
    connect(remove, &QPushButton::clicked, this, [this] { removeZone(m_table->currentRow()); });
    connect(m_table, &QTableWidget::cellChanged, this, [this](int row, int column) {
        if (!m_filling)
            editCell(row, column, m_table->item(row, column)->text());
    });
    fill();
}

void ZonesEditor::fill()
{
    m_filling = true;
    const QList<Zone>& zones = m_document.zones();
    m_table->setRowCount(int(zones.size()));
    for (int i = 0; i < zones.size(); ++i) {
        const Zone& z = zones.at(i);
        m_table->setItem(i, Name, new QTableWidgetItem(z.name));
        m_table->setItem(i, Subnets, new QTableWidgetItem(z.subnets.join(u", ")));
        m_table->setItem(i, Interface, new QTableWidgetItem(z.firewallInterface));
        auto* colour = new QTableWidgetItem(z.color);
        if (QColor::isValidColorName(z.color))
            colour->setData(Qt::DecorationRole, QColor::fromString(z.color));
        m_table->setItem(i, Colour, colour);
    }
    m_filling = false;
}

void ZonesEditor::addZone()
{
    QList<Zone> zones = m_document.zones();
    QString key;
    for (int n = int(zones.size()) + 1;
         key.isEmpty() || m_document.zone(key) || m_document.nodeByKey(key) >= 0; ++n)
        key = u"zone-%1"_s.arg(n);
    zones << Zone{key, tr("New zone"), {}, QString::fromUtf16(kPalette[zones.size() % std::size(kPalette)])};
    Q_EMIT zonesEdited(zones, tr("Add zone"));
}

void ZonesEditor::removeZone(int row)
{
    QList<Zone> zones = m_document.zones();
    if (row < 0 || row >= zones.size())
        return;
    int users = 0;
    for (const auto& [id, n] : m_document.nodes())
        users += n.zone == zones.at(row).key;
    if (users > 0) {
        Q_EMIT problem(tr("Zone %1 is used by %n node(s); move them to another zone first", nullptr, users)
                           .arg(zones.at(row).name));
        return;
    }
    zones.removeAt(row);
    Q_EMIT zonesEdited(zones, tr("Remove zone"));
}

void ZonesEditor::editCell(int row, int column, const QString& text)
{
    QList<Zone> zones = m_document.zones();
    if (row < 0 || row >= zones.size())
        return;
    Zone& z = zones[row];
    const QString value = text.trimmed();
    QString refusal;
    switch (column) {
    case Name:
        if (value.isEmpty())
            refusal = tr("A zone needs a name");
        z.name = value;
        break;
    case Subnets:
        z.subnets.clear();
        for (const QString& s : value.split(u',', Qt::SkipEmptyParts)) {
            if (QHostAddress::parseSubnet(s.trimmed()).first.isNull())
                refusal = tr("'%1' is not a subnet (CIDR such as 10.1.0.0/16)").arg(s.trimmed());
            z.subnets << s.trimmed();
        }
        break;
    case Interface:
        if (const QString p = DesignRules::interfaceProblem(value); !p.isEmpty())
            refusal = tr("'%1' is not an interface name: %2").arg(value, p);
        z.firewallInterface = value;
        break;
    case Colour: {
        static const QRegularExpression colour(u"^#[0-9A-Fa-f]{6}$"_s);
        if (!colour.match(value).hasMatch())
            refusal = tr("'%1' is not a colour such as #3366cc").arg(value);
        z.color = value;
        break;
    }
    default:
        return;
    }
    if (!refusal.isEmpty()) {
        Q_EMIT problem(tr("Zone refused: %1").arg(refusal));
        fill();
        return;
    }
    Q_EMIT zonesEdited(zones, tr("Change zone"));
}

} // namespace portolan
