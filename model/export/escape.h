#pragma once

#include <QString>

namespace portolan::escape {

// Text for a comment line: control characters (line breaks included) become spaces.
QString comment(const QString& text);
// Text from an input file for a terminal or a log, one line: control
// characters (line breaks, escape sequences, C1 controls), line and paragraph
// separators and bidirectional overrides become visible escapes (\n, \t,
// \x1b, \u202e; a lone surrogate as \ud800), so that what a file says can
// neither forge a line nor drive the terminal.
QString terminal(const QString& text);
// A PowerShell single-quoted literal: every single quote, typographic ones
// included (PowerShell treats U+2018-U+201B as quotes), is doubled.
QString powershell(const QString& text);
// An nftables comment "...": no double quotes or control characters, at most 128 bytes.
QString nftComment(const QString& text);
// An identifier for nftables set names and ASA object names: letters, digits, _ and -.
QString identifier(const QString& text, int maximum = 60);
// An ASA description or remark: printable ASCII only, at most `maximum` characters.
QString asaText(const QString& text, int maximum = 200);
// A unique, stable identifier for a design id: prefix + id when the id is
// letters, digits, _ and - and fits; else the cleaned, shortened id and a
// hash of the whole id, so that distinct ids never share an identifier.
QString stableIdentifier(const QString& prefix, const QString& id, int maximum);

} // namespace portolan::escape
