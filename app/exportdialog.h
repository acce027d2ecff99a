#pragma once

#include "drawing/diagram.h"
#include "export/exporter.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace portolan {

// Collects what an export needs: format, file and the format's options.
// The export itself is exportDesign() or a diagram writer; the dialog only
// gathers options. Also used, without a file, for printing.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Diagram
    {
        None = -1,
        Pdf = 100,
        Svg,
        Png,
        Vsdx,  // the diagram set as a Visio drawing
        Drawio // the diagram set as a draw.io file
    };

    ExportDialog(const QString& suggestedPath, bool hasSelection, QWidget* parent = nullptr);
    // For printing: only the diagram options, no format or file.
    static ExportDialog* forPrinting(bool hasSelection, QWidget* parent);

    ExportFormat format() const;
    Diagram diagram() const;
    QString path() const;
    ExportOptions options() const;
    DiagramOptions diagramOptions(const QList<int>& selection) const;
    PageOptions pageOptions() const;
    ImageOptions imageOptions() const;
    bool includeCharts() const;

private:
    void formatChanged();
    void restorePaperChoices();
    void savePaperChoices() const;
    QComboBox* m_pageSize;
    QComboBox* m_orientation;
    QComboBox* m_scale;
    QCheckBox* m_titleBlock;
    QCheckBox* m_legend;
    QCheckBox* m_appendix;
    QCheckBox* m_charts;
    QCheckBox* m_selectionOnly;
    QComboBox* m_dpi;
    QCheckBox* m_transparent;
    QWidget* m_pathRow;
    QComboBox* m_format;
    QLineEdit* m_path;
    QCheckBox* m_includeLocal;
    QCheckBox* m_crlf;
    QCheckBox* m_csvBom;
    QCheckBox* m_sheetPerZone;
    QCheckBox* m_asaDcerpc;
    QComboBox* m_target;
    QLineEdit* m_gpo;
    QString m_base;
    bool m_printing = false;
};

} // namespace portolan
