#pragma once

#include "analysis/flowdiff.h"
#include "import/hierarchy.h"
#include "import/reimport.h"

#include <QString>

class QWidget;

namespace portolan {

class DesignController;

// File > Import Hierarchy and Help > Get the Hierarchy Collector: the
// dialogs around model/import. An import into an empty design fills it; onto
// a design with content it is a re-import (model/import/reimport.h), one undo
// step, followed by the flows it added and removed.
namespace ImportActions {

// What an import did: the report, and for a re-import the merge and the flows
// it added and removed.
struct Outcome
{
    bool reimport = false;
    ImportReport report;
    MergedDesign merged;
    FlowDiff diff;
};

// Imports the file into the controller's design, one undo step: fills an empty
// design, or re-imports onto one with content. False with *error (naming the
// file and place) when the file cannot be imported; the design is untouched.
bool apply(DesignController& controller, const QString& path, Outcome* outcome, QString* error);

// Asks for the collector's JSON or a role CSV, imports it and shows the report.
// Returns true when the design changed.
bool importHierarchy(QWidget* parent, DesignController& controller, const QString& directory);
bool importHierarchyFile(QWidget* parent, DesignController& controller, const QString& path);

// Saves a copy of the collector script (bundled in the application).
void saveCollector(QWidget* parent, const QString& directory);

} // namespace ImportActions

} // namespace portolan
