// libFuzzer target for the .portolan loader: any bytes must either load into a
// design that saves and loads again unchanged, or be refused with a message;
// never a crash, a hang, a leak or undefined behaviour (built with ASan and
// UBSan). Build: cmake -DPORTOLAN_FUZZ=ON with clang (scripts/fuzz).
#include "catalog/catalog.h"
#include "design/designfile.h"
#include "design/document.h"

#include <cstdint>
#include <cstdlib>

using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    portolan::Document document(portolan::Catalog::builtin());
    QString error;
    QStringList warnings;
    if (!portolan::DesignFile::loadBytes(document, bytes, u"fuzz"_s, &error, &warnings)) {
        if (error.isEmpty())
            std::abort(); // a refusal always says why
        return 0;
    }
    // What loads, saves; what is saved, loads again the same.
    const QByteArray saved = portolan::DesignFile::toJson(document);
    portolan::Document again(portolan::Catalog::builtin());
    if (!portolan::DesignFile::loadBytes(again, saved, u"fuzz-saved"_s, &error) ||
        portolan::DesignFile::toJson(again) != saved)
        std::abort();
    return 0;
}
