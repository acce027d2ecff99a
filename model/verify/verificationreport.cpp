// The report is one table of failures and one of every flow, the same in both
// formats: the PDF through QTextDocument (HTML with every design text escaped),
// the workbook through libxlsxwriter.
#include "verificationreport.h"

#include "design/document.h"
#include "export/xlsxstream.h"
#include "io/outputfile.h"
#include "verification.h"

#include <QDateTime>
#include <QFile>
#include <QPdfWriter>
#include <QTemporaryDir>
#include <QTextDocument>

#include <xlsxwriter.h>

using namespace Qt::StringLiterals;

namespace portolan {

namespace {

struct Line
{
    QString flow, result, computer, time, address, reason, rule;
};

Line lineOf(const Document& document, const FlowVerdict& v)
{
    Line l;
    l.flow = testFlowName(document, v.flow);
    l.result = v.result ? testResultName(*v.result) : u"UNTESTED"_s;
    l.rule = v.rule;
    if (const ResultRow* row = v.decisive()) {
        l.computer = row->computer.isEmpty() ? row->source : row->computer;
        l.time = row->time.toUTC().toString(Qt::ISODate);
        l.address = row->address;
        l.reason = row->reason;
    }
    return l;
}

bool failed(const FlowVerdict& v)
{
    return v.result == TestResult::Fail || v.result == TestResult::NoResponder;
}

QString cell(const QString& text)
{
    return u"<td>"_s + text.toHtmlEscaped() + u"</td>"_s;
}

QString html(const Document& document, const Verification& v)
{
    QString out =
        u"<html><body style=\"font-family: sans-serif; font-size: 8pt\"><h2>Port test verification: "_s +
        document.info().name.toHtmlEscaped() + u"</h2><p>"_s + v.summary().toHtmlEscaped() +
        u"<br/>Report written "_s + QDateTime::currentDateTimeUtc().toString(Qt::ISODate) + u"</p>"_s;
    const QString head = u"<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\"><tr>"
                         u"<th>Flow</th><th>Result</th><th>From</th><th>When (UTC)</th><th>Why</th>"
                         u"<th>Rule that should allow it</th></tr>"_s;
    const auto row = [&](const Line& l) {
        return u"<tr>"_s + cell(l.flow) + cell(l.result) + cell(l.computer) + cell(l.time) + cell(l.reason) +
               cell(l.rule) + u"</tr>"_s;
    };
    out += u"<h3>Failures</h3>"_s;
    QString failures;
    for (const FlowVerdict& f : v.flows)
        if (failed(f))
            failures += row(lineOf(document, f));
    out += failures.isEmpty() ? u"<p>No flow failed.</p>"_s : head + failures + u"</table>"_s;
    if (!v.unmatched.isEmpty()) {
        out += u"<h3>Results the design does not know</h3><ul>"_s;
        for (const UnmatchedRow& u : v.unmatched)
            out += u"<li>"_s + (u.row.place() + u": "_s + u.why).toHtmlEscaped() + u"</li>"_s;
        out += u"</ul>"_s;
    }
    out += u"<h3>Every flow</h3>"_s + head;
    for (const FlowVerdict& f : v.flows)
        out += row(lineOf(document, f));
    return out + u"</table></body></html>"_s;
}

void writeSheet(lxw_workbook* book, lxw_format* bold, const char* name, const Document& document,
                const Verification& v, bool failuresOnly)
{
    lxw_worksheet* sheet = workbook_add_worksheet(book, name);
    const QStringList titles = {u"Flow"_s,
                                u"Result"_s,
                                u"From"_s,
                                u"When (UTC)"_s,
                                u"Address"_s,
                                u"Why"_s,
                                u"Rule that should allow it"_s};
    const QList<double> widths = {52, 14, 16, 22, 16, 60, 60};
    for (int c = 0; c < titles.size(); ++c) {
        worksheet_write_string(sheet, 0, lxw_col_t(c), titles.at(c).toUtf8().constData(), bold);
        worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), widths.at(c), nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    int r = 0;
    for (const FlowVerdict& f : v.flows) {
        if (failuresOnly && !failed(f))
            continue;
        const Line l = lineOf(document, f);
        ++r;
        const QStringList values = {l.flow, l.result, l.computer, l.time, l.address, l.reason, l.rule};
        for (int c = 0; c < values.size(); ++c)
            if (!values.at(c).isEmpty())
                worksheet_write_string(sheet, lxw_row_t(r), lxw_col_t(c), sheetText(values.at(c)).constData(),
                                       nullptr);
    }
    worksheet_autofilter(sheet, 0, 0, lxw_row_t(qMax(r, 1)), lxw_col_t(titles.size() - 1));
}

} // namespace

bool writeVerificationPdf(const Document& document, const Verification& verification, const QString& path,
                          QString* error)
{
    const QString text = html(document, verification);
    return OutputFile::write(
        path,
        [&](QIODevice& device, QString*) {
            QPdfWriter writer(&device);
            writer.setPageSize(QPageSize(QPageSize::A4));
            writer.setPageOrientation(QPageLayout::Landscape);
            writer.setTitle(u"Port test verification: "_s + document.info().name);
            writer.setCreator(u"Portolan"_s);
            QTextDocument doc;
            doc.setHtml(text);
            doc.print(&writer);
            return true;
        },
        error);
}

bool writeVerificationXlsx(const Document& document, const Verification& verification, const QString& path,
                           QString* error)
{
    if (OutputFile::checkTarget(path, {}, error).isEmpty())
        return false;
    const QTemporaryDir folder;
    if (!folder.isValid()) {
        *error = u"%1: cannot create a temporary folder: %2"_s.arg(path, folder.errorString());
        return false;
    }
    const QString temporary = folder.filePath(u"report.xlsx"_s);
    lxw_workbook* book = workbook_new(QFile::encodeName(temporary).constData());
    if (!book) {
        *error = u"%1: cannot write"_s.arg(path);
        return false;
    }
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    writeSheet(book, bold, "Failures", document, verification, true);
    writeSheet(book, bold, "All Flows", document, verification, false);
    lxw_worksheet* unknown = workbook_add_worksheet(book, "Not In Design");
    worksheet_write_string(unknown, 0, 0, "Where", bold);
    worksheet_write_string(unknown, 0, 1, "Why", bold);
    worksheet_set_column(unknown, 0, 0, 40, nullptr);
    worksheet_set_column(unknown, 1, 1, 90, nullptr);
    int r = 0;
    for (const UnmatchedRow& u : verification.unmatched) {
        ++r;
        worksheet_write_string(unknown, lxw_row_t(r), 0, sheetText(u.row.place()).constData(), nullptr);
        worksheet_write_string(unknown, lxw_row_t(r), 1, sheetText(u.why).constData(), nullptr);
    }
    const lxw_error result = workbook_close(book);
    if (result != LXW_NO_ERROR) {
        *error = u"%1: cannot write: %2"_s.arg(path, QString::fromUtf8(lxw_strerror(result)));
        return false;
    }
    QFile file(temporary);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"%1: cannot read the finished workbook back: %2"_s.arg(path, file.errorString());
        return false;
    }
    return OutputFile::write(path, file.readAll(), error);
}

} // namespace portolan
