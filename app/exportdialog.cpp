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

using namespace Qt::StringLiterals;

namespace portolan {

ExportDialog::ExportDialog(const QString& suggestedPath, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Export"));
    const QFileInfo info(suggestedPath);
    m_base = info.absolutePath() + u'/' + info.completeBaseName();
    m_format = new QComboBox(this);
    for (ExportFormat f :
         {ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::PowerShell, ExportFormat::Nftables,
          ExportFormat::Asa, ExportFormat::AzureNsg, ExportFormat::PortTest})
        m_format->addItem(exportFormatTitle(f), int(f));
    m_path = new QLineEdit(this);
    auto* browse = new QPushButton(tr("Browse..."), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_includeLocal = new QCheckBox(tr("Include local flows (between roles on one server)"), this);
    m_crlf = new QCheckBox(tr("End lines with CR LF (Windows)"), this);
    m_sheetPerZone = new QCheckBox(tr("Add one sheet per source zone"), this);
    m_gpo = new QLineEdit(this);
    m_gpo->setPlaceholderText(tr("DOMAIN\\GPO name, empty for each computer's own store"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("File"), pathRow);
    form->addRow(QString(), m_includeLocal);
    form->addRow(QString(), m_crlf);
    form->addRow(QString(), m_sheetPerZone);
    form->addRow(tr("Group Policy object"), m_gpo);
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
        if (!m_path->text().trimmed().isEmpty())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    formatChanged();
    resize(560, sizeHint().height());
}

void ExportDialog::formatChanged()
{
    const ExportFormat f = format();
    m_path->setText(m_base + u'.' + exportFormatSuffix(f));
    m_includeLocal->setEnabled(f == ExportFormat::Csv || f == ExportFormat::Xlsx);
    m_crlf->setEnabled(f == ExportFormat::Csv);
    m_sheetPerZone->setEnabled(f == ExportFormat::Xlsx);
    m_gpo->setEnabled(f == ExportFormat::PowerShell);
}

ExportFormat ExportDialog::format() const
{
    return ExportFormat(m_format->currentData().toInt());
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
    o.sheetPerZone = m_sheetPerZone->isChecked();
    o.policyStore = m_gpo->text().trimmed();
    return o;
}

} // namespace portolan
