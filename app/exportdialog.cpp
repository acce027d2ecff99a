#include "exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace portolan {

ExportDialog::ExportDialog(const QString& suggestedPath, bool hasSelection, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Export"));
    const QFileInfo info(suggestedPath);
    m_base = info.absolutePath() + u'/' + info.completeBaseName();
    m_format = new QComboBox(this);
    for (ExportFormat f :
         {ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::PowerShell, ExportFormat::Nftables,
          ExportFormat::Asa, ExportFormat::AzureNsg, ExportFormat::PortTest})
        m_format->addItem(exportFormatTitle(f), int(f));
    m_format->addItem(tr("Diagram (PDF)"), int(Diagram::Pdf));
    m_format->addItem(tr("Diagram (SVG)"), int(Diagram::Svg));
    m_format->addItem(tr("Diagram (PNG image)"), int(Diagram::Png));
    m_format->addItem(tr("Diagram set (Visio VSDX)"), int(Diagram::Vsdx));
    m_format->addItem(tr("Diagram set (draw.io)"), int(Diagram::Drawio));
    m_path = new QLineEdit(this);
    auto* browse = new QPushButton(tr("Browse..."), this);
    m_pathRow = new QWidget(this);
    auto* pathRow = new QHBoxLayout(m_pathRow);
    pathRow->setContentsMargins(0, 0, 0, 0);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_pageSize = new QComboBox(this);
    m_pageSize->addItem(u"A4"_s, int(QPageSize::A4));
    m_pageSize->addItem(u"A3"_s, int(QPageSize::A3));
    m_pageSize->addItem(u"Letter"_s, int(QPageSize::Letter));
    m_pageSize->addItem(u"Tabloid"_s, int(QPageSize::Tabloid));
    m_pageSize->setCurrentIndex(1);
    m_orientation = new QComboBox(this);
    m_orientation->addItem(tr("Landscape"), int(QPageLayout::Landscape));
    m_orientation->addItem(tr("Portrait"), int(QPageLayout::Portrait));
    m_scale = new QComboBox(this);
    m_scale->addItem(tr("Fit on one page"), 0.0);
    for (int percent : {50, 75, 100, 150, 200})
        m_scale->addItem(tr("Tile across pages at %1%").arg(percent), percent / 100.0);
    m_titleBlock = new QCheckBox(tr("Title block (name, author, date, revision, page)"), this);
    m_titleBlock->setChecked(true);
    m_legend = new QCheckBox(tr("Legend"), this);
    m_legend->setChecked(true);
    m_appendix = new QCheckBox(tr("Flow list after the diagram"), this);
    m_charts = new QCheckBox(tr("Analysis charts page"), this);
    m_selectionOnly = new QCheckBox(tr("Selection only"), this);
    m_selectionOnly->setEnabled(hasSelection);
    m_dpi = new QComboBox(this);
    for (int dpi : {96, 150, 300, 600})
        m_dpi->addItem(tr("%1 dpi").arg(dpi), dpi);
    m_dpi->setCurrentIndex(1);
    m_transparent = new QCheckBox(tr("Transparent background"), this);
    m_includeLocal = new QCheckBox(tr("Include local flows (between roles on one server)"), this);
    m_crlf = new QCheckBox(tr("End lines with CR LF (Windows)"), this);
    m_csvBom = new QCheckBox(tr("Start with a UTF-8 byte order mark (for Excel)"), this);
    m_csvBom->setChecked(true);
    m_sheetPerZone = new QCheckBox(tr("Add one sheet per source zone"), this);
    m_asaDcerpc = new QCheckBox(tr("Permit TCP 135 with inspect dcerpc instead of the RPC port range"), this);
    m_target = new QComboBox(this);
    m_target->addItem(tr("Between zones (forward chain)"));
    m_target->addItem(tr("On each host (input chain)"));
    m_gpo = new QLineEdit(this);
    m_gpo->setPlaceholderText(tr("DOMAIN\\GPO name, empty for each computer's own store"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("File"), m_pathRow);
    form->addRow(QString(), m_includeLocal);
    form->addRow(QString(), m_crlf);
    form->addRow(QString(), m_csvBom);
    form->addRow(QString(), m_sheetPerZone);
    form->addRow(QString(), m_asaDcerpc);
    form->addRow(tr("Firewall"), m_target);
    form->addRow(tr("Group Policy object"), m_gpo);
    form->addRow(tr("Page"), m_pageSize);
    form->addRow(tr("Orientation"), m_orientation);
    form->addRow(tr("Scale"), m_scale);
    form->addRow(QString(), m_titleBlock);
    form->addRow(QString(), m_legend);
    form->addRow(QString(), m_appendix);
    form->addRow(QString(), m_charts);
    form->addRow(QString(), m_selectionOnly);
    form->addRow(tr("Resolution"), m_dpi);
    form->addRow(QString(), m_transparent);
    form->addRow(buttons);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString suffix = exportFormatSuffix(format());
        const QString chosen = QFileDialog::getSaveFileName(
            this, tr("Export to"), m_path->text(), u"%1 (*.%2)"_s.arg(exportFormatTitle(format()), suffix));
        if (!chosen.isEmpty())
            m_path->setText(chosen);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        // Printing has no file: only an export needs a path before it can go on.
        if (m_printing || !m_path->text().trimmed().isEmpty())
            accept();
        else
            m_path->setFocus();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The paper choices carry over from one export or print to the next, and between the two.
    restorePaperChoices();
    connect(this, &QDialog::accepted, this, &ExportDialog::savePaperChoices);
    formatChanged();
    resize(560, sizeHint().height());
}

ExportDialog* ExportDialog::forPrinting(bool hasSelection, QWidget* parent)
{
    auto* dialog = new ExportDialog(QString(), hasSelection, parent);
    dialog->setWindowTitle(tr("Print"));
    dialog->m_printing = true;
    dialog->m_format->setCurrentIndex(dialog->m_format->findData(int(Diagram::Pdf)));
    dialog->m_path->clear();
    // Format, file and the table and image options mean nothing on paper: hide their rows.
    auto* form = static_cast<QFormLayout*>(dialog->layout());
    for (QWidget* w : {static_cast<QWidget*>(dialog->m_format), dialog->m_pathRow,
                       static_cast<QWidget*>(dialog->m_includeLocal), static_cast<QWidget*>(dialog->m_crlf),
                       static_cast<QWidget*>(dialog->m_sheetPerZone), static_cast<QWidget*>(dialog->m_gpo),
                       static_cast<QWidget*>(dialog->m_csvBom), static_cast<QWidget*>(dialog->m_asaDcerpc),
                       static_cast<QWidget*>(dialog->m_target), static_cast<QWidget*>(dialog->m_dpi),
                       static_cast<QWidget*>(dialog->m_transparent)})
        form->setRowVisible(w, false);
    dialog->resize(dialog->width(), dialog->minimumSizeHint().height());
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->setText(tr("Preview"));
    return dialog;
}

void ExportDialog::formatChanged()
{
    const Diagram d = diagram();
    const ExportFormat f = format();
    const QString suffix = d == Diagram::Pdf      ? u"pdf"_s
                           : d == Diagram::Svg    ? u"svg"_s
                           : d == Diagram::Png    ? u"png"_s
                           : d == Diagram::Vsdx   ? u"vsdx"_s
                           : d == Diagram::Drawio ? u"drawio"_s
                                                  : exportFormatSuffix(f);
    m_path->setText(m_base + u'.' + suffix);
    const bool table = d == Diagram::None;
    m_includeLocal->setEnabled(table && (f == ExportFormat::Csv || f == ExportFormat::Xlsx));
    m_crlf->setEnabled(table && f == ExportFormat::Csv);
    m_csvBom->setEnabled(table && f == ExportFormat::Csv);
    m_sheetPerZone->setEnabled(table && f == ExportFormat::Xlsx);
    m_gpo->setEnabled(table && f == ExportFormat::PowerShell);
    m_asaDcerpc->setEnabled(table && f == ExportFormat::Asa);
    m_target->setEnabled(table && f == ExportFormat::Nftables);
    // The Visio and draw.io drawings are the diagram set's pages: paper and appendix, no tiling.
    const bool set = d == Diagram::Vsdx || d == Diagram::Drawio;
    for (QWidget* w : {static_cast<QWidget*>(m_pageSize), static_cast<QWidget*>(m_orientation),
                       static_cast<QWidget*>(m_appendix)})
        w->setEnabled(d == Diagram::Pdf || set);
    for (QWidget* w : {static_cast<QWidget*>(m_scale), static_cast<QWidget*>(m_charts)})
        w->setEnabled(d == Diagram::Pdf);
    for (QWidget* w : {static_cast<QWidget*>(m_titleBlock), static_cast<QWidget*>(m_legend)})
        w->setEnabled(!table && !set);
    m_selectionOnly->setEnabled(!table && m_selectionOnly->isEnabled());
    m_dpi->setEnabled(d == Diagram::Png);
    m_transparent->setEnabled(d == Diagram::Png);
}

namespace {

constexpr auto kPaper = "diagram/";

QString paperKey(const char* name)
{
    return QString::fromLatin1(kPaper) + QString::fromLatin1(name);
}

} // namespace

void ExportDialog::restorePaperChoices()
{
    const QSettings settings;
    for (QComboBox* combo : {m_pageSize, m_orientation, m_scale}) {
        const QVariant saved = settings.value(paperKey(combo == m_pageSize      ? "pageSize"
                                                       : combo == m_orientation ? "orientation"
                                                                                : "scale"));
        if (const int index = saved.isValid() ? combo->findData(saved) : -1; index >= 0)
            combo->setCurrentIndex(index);
    }
    m_titleBlock->setChecked(settings.value(paperKey("titleBlock"), true).toBool());
    m_legend->setChecked(settings.value(paperKey("legend"), true).toBool());
    m_appendix->setChecked(settings.value(paperKey("flowAppendix"), false).toBool());
    m_charts->setChecked(settings.value(paperKey("charts"), false).toBool());
}

void ExportDialog::savePaperChoices() const
{
    if (!m_printing && diagram() != Diagram::Pdf)
        return; // the choices were not on offer
    QSettings settings;
    settings.setValue(paperKey("pageSize"), m_pageSize->currentData());
    settings.setValue(paperKey("orientation"), m_orientation->currentData());
    settings.setValue(paperKey("scale"), m_scale->currentData());
    settings.setValue(paperKey("titleBlock"), m_titleBlock->isChecked());
    settings.setValue(paperKey("legend"), m_legend->isChecked());
    settings.setValue(paperKey("flowAppendix"), m_appendix->isChecked());
    settings.setValue(paperKey("charts"), m_charts->isChecked());
}

ExportDialog::Diagram ExportDialog::diagram() const
{
    const int chosen = m_format->currentData().toInt();
    return chosen >= int(Diagram::Pdf) ? Diagram(chosen) : Diagram::None;
}

ExportFormat ExportDialog::format() const
{
    return ExportFormat(qMin(m_format->currentData().toInt(), int(ExportFormat::PortTest)));
}

DiagramOptions ExportDialog::diagramOptions(const QList<int>& selection) const
{
    DiagramOptions o;
    o.titleBlock = m_titleBlock->isChecked();
    o.legend = m_legend->isChecked();
    if (m_selectionOnly->isEnabled() && m_selectionOnly->isChecked())
        o.nodes = selection;
    return o;
}

PageOptions ExportDialog::pageOptions() const
{
    PageOptions o;
    o.pageSize = QPageSize::PageSizeId(m_pageSize->currentData().toInt());
    o.orientation = QPageLayout::Orientation(m_orientation->currentData().toInt());
    o.scale = m_scale->currentData().toDouble();
    o.flowAppendix = m_appendix->isChecked();
    return o;
}

bool ExportDialog::includeCharts() const
{
    return m_charts->isEnabled() && m_charts->isChecked();
}

ImageOptions ExportDialog::imageOptions() const
{
    ImageOptions o;
    o.dpi = m_dpi->currentData().toInt();
    o.transparent = m_transparent->isChecked();
    return o;
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

ExportOptions ExportDialog::options() const
{
    ExportOptions o;
    o.includeLocal = m_includeLocal->isChecked();
    o.crlf = m_crlf->isChecked();
    o.csvBom = m_csvBom->isChecked();
    o.sheetPerZone = m_sheetPerZone->isChecked();
    o.policyStore = m_gpo->text().trimmed();
    o.asaInspectDcerpc = m_asaDcerpc->isChecked();
    o.target = m_target->currentIndex() == 1 ? RuleTarget::Host : RuleTarget::Zone;
    return o;
}

} // namespace portolan
