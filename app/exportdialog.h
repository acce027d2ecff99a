#pragma once

#include "export/exporter.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace portolan {

// Collects what an export needs: format, file and the format's options.
// The export itself is exportDesign(); the dialog only gathers options.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    ExportDialog(const QString& suggestedPath, QWidget* parent = nullptr);

    ExportFormat format() const;
    QString path() const;
    ExportOptions options() const;

private:
    void formatChanged();
    QComboBox* m_format;
    QLineEdit* m_path;
    QCheckBox* m_includeLocal;
    QCheckBox* m_crlf;
    QCheckBox* m_sheetPerZone;
    QLineEdit* m_gpo;
    QString m_base;
};

} // namespace portolan
