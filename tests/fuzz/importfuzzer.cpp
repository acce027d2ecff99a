// libFuzzer targets for the import (the collector's JSON, or the role CSV when
// built with PORTOLAN_FUZZ_ROLE_CSV): any bytes must either be refused with a
// message, or give a design that saves and opens again the same, with every
// line of the report free of control characters once printed. Never a crash,
// a hang, a leak or undefined behaviour (built with ASan and UBSan). Build:
// cmake -DPORTOLAN_FUZZ=ON with clang (scripts/fuzz).
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"
#include "import/hierarchyimport.h"

#include <cstdint>
#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace portolan;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    Hierarchy hierarchy;
    ImportReport report;
    QString error;
#ifdef PORTOLAN_FUZZ_ROLE_CSV
    const bool read = HierarchyImport::readRoleCsv(bytes, u"fuzz.csv"_s, &hierarchy, &report, &error);
#else
    const bool read = HierarchyImport::readCollection(bytes, u"fuzz.json"_s, &hierarchy, &report, &error);
#endif
    if (!read) {
        if (error.isEmpty())
            std::abort(); // a refusal always says why
        return 0;
    }
    Document document(Catalog::builtin());
    buildDesign(document, hierarchy, &report);
    // What an import makes, saves; what is saved, opens again the same.
    const QByteArray saved = DesignFile::toJson(document);
    Document again(Catalog::builtin());
    if (!DesignFile::loadBytes(again, saved, u"fuzz-saved"_s, &error) || DesignFile::toJson(again) != saved)
        std::abort();
    // The report as the command line prints it: one line per item, no control characters.
    for (const QChar c : report.text())
        if ((c.unicode() < 0x20 && c != u'\n') || (c.unicode() >= 0x7f && c.unicode() < 0xa0))
            std::abort();
    return 0;
}
