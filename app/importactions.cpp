#include "importactions.h"

#include "analysis/flowdiff.h"
#include "commands/replacedesigncommand.h"
#include "designcontroller.h"
#include "diffdialog.h"
#include "flows/flowengine.h"
#include "flows/flowlist.h"
#include "import/hierarchyimport.h"
#include "import/reimport.h"
#include "io/outputfile.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace portolan::ImportActions {

namespace {

// The import report, readable and selectable (to paste into a ticket).
void showReport(QWidget* parent, const QString& summary, const QString& details)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QDialog::tr("Import report"));
    auto* label = new QLabel(summary, &dialog);
    label->setWordWrap(true);
    auto* text = new QPlainTextEdit(details, &dialog);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(label);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog.resize(760, 420);
    dialog.exec();
}

QString listed(const QString& title, const QStringList& items)
{
    if (items.isEmpty())
        return {};
    QString out = title + u'\n';
    for (const QString& item : items)
        out += u"  - "_s + item + u'\n';
    return out;
}

} // namespace

bool importHierarchy(QWidget* parent, DesignController& controller, const QString& directory)
{
    const QString path = QFileDialog::getOpenFileName(
        parent, QDialog::tr("Import hierarchy"), directory,
        QDialog::tr("Collected hierarchies and role lists (*.json *.csv *.txt);;All files (*)"));
    return !path.isEmpty() && importHierarchyFile(parent, controller, path);
}

bool apply(DesignController& controller, const QString& path, Outcome* outcome, QString* error)
{
    Document& document = controller.document();
    Document fresh(document.catalog());
    if (!HierarchyImport::importFile(fresh, path, &outcome->report, error))
        return false;
    const QString name = QFileInfo(path).fileName();
    outcome->reimport = !(document.nodes().empty() && document.sites().empty());
    if (!outcome->reimport) {
        // The new design's zones and options (the user's defaults) stay.
        ReplaceDesignCommand::Content content = ReplaceDesignCommand::contentOf(fresh);
        content.info.name = QFileInfo(path).completeBaseName();
        content.zones = document.zones();
        content.options = document.options();
        controller.undoStack().push(
            new ReplaceDesignCommand(document, content, QDialog::tr("Import Hierarchy from %1").arg(name)));
        return true;
    }
    const QList<FlowListRow> before = buildFlowList(document, controller.engine());
    outcome->merged = mergeImport(document, fresh);
    const MergedDesign& merged = outcome->merged;
    controller.undoStack().push(new ReplaceDesignCommand(
        document,
        {merged.info, document.options(), document.zones(), merged.sites, merged.nodes, merged.links},
        QDialog::tr("Re-import Hierarchy from %1").arg(name)));
    outcome->diff = diffFlows(before, buildFlowList(document, controller.engine()));
    return true;
}

bool importHierarchyFile(QWidget* parent, DesignController& controller, const QString& path)
{
    const QString name = QFileInfo(path).fileName();
    const Document& document = controller.document();
    if (!(document.nodes().empty() && document.sites().empty())) {
        QMessageBox ask(QMessageBox::Question, QDialog::tr("Re-import hierarchy"),
                        QDialog::tr("Re-import %1 onto the open design?").arg(name), QMessageBox::Cancel,
                        parent);
        ask.setInformativeText(QDialog::tr(
            "Servers and client groups are matched by name and keep their positions; your links stay. New "
            "servers are added, servers no longer in the hierarchy are kept and flagged. Edit > Undo takes "
            "it "
            "all back. (For a separate design, use File > New first.)"));
        QPushButton* reimport = ask.addButton(QDialog::tr("Re-import"), QMessageBox::AcceptRole);
        ask.setDefaultButton(reimport);
        ask.exec();
        if (ask.clickedButton() != reimport)
            return false;
    }
    Outcome outcome;
    QString error;
    if (!apply(controller, path, &outcome, &error)) {
        QMessageBox::critical(parent, QDialog::tr("Cannot import"), error);
        return false;
    }
    const ImportReport& report = outcome.report;
    if (!outcome.reimport) {
        showReport(
            parent,
            QDialog::tr("Imported %1: %2 sites, %3 servers, %4 client groups. %5 items could not be mapped.")
                .arg(name)
                .arg(report.sites)
                .arg(report.servers)
                .arg(report.groups)
                .arg(report.notMapped.size()),
            report.text());
        return true;
    }
    const MergedDesign& merged = outcome.merged;
    showReport(
        parent,
        QDialog::tr("Re-imported %1: %2 added, %3 updated, %4 no longer in the hierarchy (kept, flagged). "
                    "%5 flows added, %6 removed.")
            .arg(name)
            .arg(merged.added.size())
            .arg(merged.updated.size())
            .arg(merged.flagged.size())
            .arg(outcome.diff.added.size())
            .arg(outcome.diff.removed.size()),
        listed(QDialog::tr("Added:"), merged.added) + listed(QDialog::tr("Updated:"), merged.updated) +
            listed(QDialog::tr("Not in the import (kept, flagged as warnings):"), merged.flagged) + u'\n' +
            report.text());
    if (!outcome.diff.isEmpty()) {
        DiffDialog dialog(outcome.diff, QDialog::tr("the design before"),
                          QDialog::tr("the re-imported design"), parent);
        dialog.exec();
    }
    return true;
}

void saveCollector(QWidget* parent, const QString& directory)
{
    const QString path = QFileDialog::getSaveFileName(parent, QDialog::tr("Save the hierarchy collector"),
                                                      QDir(directory).filePath(u"collect-hierarchy.ps1"_s),
                                                      QDialog::tr("PowerShell scripts (*.ps1)"));
    if (path.isEmpty())
        return;
    QFile script(u":/tools/collect-hierarchy.ps1"_s);
    QString error;
    if (!script.open(QIODevice::ReadOnly) || !OutputFile::write(path, script.readAll(), &error)) {
        QMessageBox::critical(parent, QDialog::tr("Cannot save"),
                              error.isEmpty() ? script.errorString() : error);
        return;
    }
    QMessageBox::information(
        parent, QDialog::tr("Hierarchy collector saved"),
        QDialog::tr(
            "<p>Saved %1.</p><p>Run it on a machine that reaches the SMS Provider, with read-only "
            "rights:</p><pre>.\\collect-hierarchy.ps1 -ProviderMachine cm01.contoso.com "
            "-OutputPath contoso.json</pre><p>then import the file with File &gt; Import Hierarchy.</p>")
            .arg(QFileInfo(path).fileName().toHtmlEscaped()));
}

} // namespace portolan::ImportActions
