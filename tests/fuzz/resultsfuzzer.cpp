// libFuzzer target for the port test results reader (`portolan verify`): any
// bytes must either be refused with a message naming the file, or read into
// rows whose every text, escaped for printing, holds no control character.
// Never a crash, a hang, a leak or undefined behaviour (ASan and UBSan).
#include "export/escape.h"
#include "verify/testresults.h"

#include <cstdint>
#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace portolan;

namespace {

void expectPrintable(const QString& text)
{
    for (const QChar c : escape::terminal(text))
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() < 0xa0))
            std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    QList<ResultRow> rows;
    QString error;
    if (!parseTestResults(bytes, u"fuzz.csv"_s, &rows, &error)) {
        if (!error.startsWith(u"fuzz.csv"_s) || !rows.isEmpty())
            std::abort(); // a refusal names the file and appends nothing
        expectPrintable(error);
        return 0;
    }
    for (const ResultRow& row : rows) {
        if (!row.time.isValid() || row.line < 1)
            std::abort();
        for (const QString* text : {&row.source, &row.computer, &row.destination, &row.reason, &row.port})
            expectPrintable(*text);
    }
    return 0;
}
