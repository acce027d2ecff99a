#pragma once

#include <QString>

namespace portolan {

class Document;
struct Verification;

// The verification report to attach to a change ticket: what failed (or found
// no responder), from which computer, when, why, and which rule of the exported
// rule sets should have allowed it; then every flow with its result.
// PDF needs a QGuiApplication (fonts); both write through OutputFile and fail
// with "PATH: why" in *error.
bool writeVerificationPdf(const Document& document, const Verification& verification, const QString& path,
                          QString* error);
bool writeVerificationXlsx(const Document& document, const Verification& verification, const QString& path,
                           QString* error);

} // namespace portolan
