// The main window's exports, printing, comparisons and port test results: what the File menu
// hands over to other people, kept apart from the window's construction and its file handling.
#include "analysis/flowdiff.h"
#include "canvas/designscene.h"
#include "design/designfile.h"
#include "designcontroller.h"
#include "diffdialog.h"
#include "drawing/diagram.h"
#include "drawing/paper/diagramset.h"
#include "drawing/paper/diagramsetpainter.h"
#include "drawing/paper/drawiowriter.h"
#include "drawing/paper/vsdxwriter.h"
#include "exportdialog.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "mainwindow.h"
#include "panels/analysispanel.h"
#include "testresultscontroller.h"
#include "verify/verification.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPrinter>
#include <QPrintPreviewDialog>
#include <QStatusBar>

#include <memory>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

DiagramSetOptions diagramSetOptions(const PageOptions& pages)
{
    DiagramSetOptions set;
    set.pageSize = pages.pageSize;
    set.orientation = pages.orientation;
    set.flowAppendix = pages.flowAppendix;
    return set;
}

} // namespace

void MainWindow::exportDesign()
{
    const QString current = m_controller->filePath();
    const QString suggested = current.isEmpty() ? QDir(lastDirectory()).filePath(u"design.csv"_s) : current;
    const QList<int> selection = m_controller->selection().nodes();
    ExportDialog dialog(suggested, !selection.isEmpty(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    ExportOptions options = dialog.options();
    options.designFile = current;
    QString error;
    QString smallText; // the diagram set's pages whose labels print under 7 pt
    bool ok = false;
    if (dialog.diagram() == ExportDialog::Diagram::Vsdx ||
        dialog.diagram() == ExportDialog::Diagram::Drawio) {
        // The diagram set's pages, as shapes and connectors a team goes on editing.
        const PageOptions paper = dialog.pageOptions();
        DiagramSetOptions setOptions;
        setOptions.pageSize = paper.pageSize;
        setOptions.orientation = paper.orientation;
        setOptions.flowAppendix = paper.flowAppendix;
        const DiagramSet set = buildDiagramSet(m_controller->document(), m_controller->engine(), setOptions);
        const QStringList inputs = current.isEmpty() ? QStringList() : QStringList{current};
        ok = dialog.diagram() == ExportDialog::Diagram::Vsdx
                 ? writeDiagramSetVsdx(set, dialog.path(), &error, inputs)
                 : writeDiagramSetDrawio(set, dialog.path(), &error, inputs);
        smallText = smallTextWarning(set);
    } else if (dialog.diagram() != ExportDialog::Diagram::None) {
        const Diagram picture(m_controller->document(), m_controller->engine(),
                              dialog.diagramOptions(selection));
        switch (dialog.diagram()) {
        case ExportDialog::Diagram::Pdf: {
            PageOptions pages = dialog.pageOptions();
            // The whole design fitted to its pages is the diagram set; a selection, a scale or the
            // charts page keep the single drawing.
            if (pages.scale <= 0 && dialog.diagramOptions(selection).nodes.isEmpty() &&
                !dialog.includeCharts()) {
                const DiagramSetOptions setOptions = diagramSetOptions(pages);
                const DiagramSet set =
                    buildDiagramSet(m_controller->document(), m_controller->engine(), setOptions);
                ok = writeDiagramSetPdf(set, setOptions, dialog.path(), &error);
                smallText = smallTextWarning(set);
                break;
            }
            if (dialog.includeCharts()) {
                pages.extraPage = [this](QPainter* painter, const QRectF& area) {
                    m_analysis->paintCharts(painter, area);
                };
                pages.extraPageTitle = tr("Analysis");
            }
            ok = writeDiagramPdf(picture, dialog.path(), pages, &error);
            break;
        }
        case ExportDialog::Diagram::Svg:
            ok = writeDiagramSvg(picture, dialog.path(), &error);
            break;
        case ExportDialog::Diagram::Png:
        case ExportDialog::Diagram::Vsdx:
        case ExportDialog::Diagram::Drawio:
        case ExportDialog::Diagram::None:
            ok = writeDiagramPng(picture, dialog.path(), dialog.imageOptions(), &error);
            break;
        }
    }
    ExportReport report;
    if (dialog.diagram() == ExportDialog::Diagram::None)
        ok = portolan::exportDesign(m_controller->document(), m_controller->engine(), dialog.format(),
                                    dialog.path(), options, &error, &report);
    if (!ok) {
        QMessageBox::critical(this, tr("Export failed"), error);
        return;
    }
    if (!smallText.isEmpty())
        QMessageBox::warning(this, tr("Export: text too small to read"),
                             tr("%1 is written. %2").arg(QFileInfo(dialog.path()).fileName(), smallText));
    if (!report.placeholders.isEmpty()) {
        QMessageBox box(QMessageBox::Warning, tr("Export: flows not expressed"),
                        tr("%1 cannot be expressed in %2 and are written as %3 NOT EXPRESSED placeholders "
                           "in the file. Admit them by hand, or give their hosts addresses in the design.")
                            .arg(flowsText(report.flows), QFileInfo(dialog.path()).fileName())
                            .arg(report.placeholders.size()),
                        QMessageBox::Ok, this);
        box.setDetailedText(report.placeholders.join(u'\n'));
        box.exec();
    }
    statusBar()->showMessage(tr("Exported %1").arg(QFileInfo(dialog.path()).fileName()), 5000);
}

void MainWindow::compareWith(const QString& path)
{
    if (path.isEmpty()) {
        QMessageBox::information(this, tr("What changed"), tr("The design has not been saved yet."));
        return;
    }
    Document other(m_controller->document().catalog());
    QString error;
    if (!DesignFile::load(other, path, &error)) {
        QMessageBox::critical(this, tr("Cannot open design"), error);
        return;
    }
    const FlowEngine otherEngine(other);
    const FlowDiff diff = diffFlows(buildFlowList(other, otherEngine),
                                    buildFlowList(m_controller->document(), m_controller->engine()));
    DiffDialog dialog(diff, QFileInfo(path).fileName(), tr("the open design"), this);
    dialog.exec();
}

void MainWindow::printDesign(bool askOptions)
{
    // Print Preview goes straight to the preview with the paper choices last made.
    const QList<int> selection = m_controller->selection().nodes();
    std::unique_ptr<ExportDialog> options(ExportDialog::forPrinting(!selection.isEmpty(), this));
    if (askOptions && options->exec() != QDialog::Accepted)
        return;
    const Diagram picture(m_controller->document(), m_controller->engine(),
                          options->diagramOptions(selection));
    PageOptions pages = options->pageOptions();
    if (options->includeCharts()) {
        pages.extraPage = [this](QPainter* painter, const QRectF& area) {
            m_analysis->paintCharts(painter, area);
        };
        pages.extraPageTitle = tr("Analysis");
    }
    QPrinter printer(QPrinter::HighResolution);
    printer.setPageLayout(
        QPageLayout(QPageSize(pages.pageSize), pages.orientation, QMarginsF(28, 28, 28, 28)));
    pages.useDeviceLayout = true;
    QPrintPreviewDialog preview(&printer, this);
    preview.setWindowTitle(tr("Print preview"));
    if (pages.scale <= 0 && options->diagramOptions(selection).nodes.isEmpty() && !options->includeCharts()) {
        // The diagram set, built for the paper chosen; the preview's own page setup is fitted.
        const DiagramSetOptions setOptions = diagramSetOptions(pages);
        const DiagramSet set = buildDiagramSet(m_controller->document(), m_controller->engine(), setOptions);
        // The preview shows the small text; the status bar says which pages it is on.
        if (const QString smallText = smallTextWarning(set); !smallText.isEmpty())
            statusBar()->showMessage(smallText, 30000);
        connect(&preview, &QPrintPreviewDialog::paintRequested, this,
                [&set, setOptions](QPrinter* device) { paintDiagramSet(device, set, setOptions, true); });
        preview.exec();
        return;
    }
    connect(&preview, &QPrintPreviewDialog::paintRequested, this,
            [&picture, pages](QPrinter* device) { picture.paintPages(device, pages); });
    preview.exec();
}

bool MainWindow::importTestResults(const QStringList& paths)
{
    QString error;
    if (!m_results->importFiles(paths, &error)) {
        QMessageBox::critical(this, tr("Import failed"), error);
        return false;
    }
    const Verification& v = *m_results->verification();
    statusBar()->showMessage(
        tr("Test results: %1 passed, %2 failed, %3 no responder, %4 not tested, %5 without a "
           "result; %6 rows not in the design")
            .arg(v.count(TestResult::Pass))
            .arg(v.count(TestResult::Fail))
            .arg(v.count(TestResult::NoResponder))
            .arg(v.count(TestResult::NotTested))
            .arg(v.count(std::nullopt))
            .arg(v.unmatched.size()),
        15000);
    return true;
}

void MainWindow::exportVerificationReport()
{
    if (!m_results->verification()) {
        QMessageBox::information(this, tr("Export verification report"),
                                 tr("Import port test results first (File > Import Test Results...)."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export verification report"),
                                                      QDir(lastDirectory()).filePath(u"verification.pdf"_s),
                                                      tr("PDF documents (*.pdf);;Excel workbooks (*.xlsx)"));
    QString error;
    if (!path.isEmpty() && !m_results->exportReport(path, &error))
        QMessageBox::critical(this, tr("Export failed"), error);
}

} // namespace portolan
