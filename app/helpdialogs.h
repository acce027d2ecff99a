#pragma once

#include <QString>

class QWidget;

namespace portolan::HelpDialogs {

// Microsoft's "Ports used in Configuration Manager" on Microsoft Learn.
QString portReferenceUrl();
// Help > Getting Started: the first design in six steps (not modal).
void showGettingStarted(QWidget* parent);
void showAbout(QWidget* parent);
// Help > Port Reference: opens the article in the browser, or, where no browser opens, says so
// with the address to copy (a message on standard error reaches no desktop user).
void openPortReference(QWidget* parent);

} // namespace portolan::HelpDialogs
