#pragma once

#include "commandline.h"

namespace portolan {

// `portolan export` of a diagram (pdf, svg, png, vsdx, drawio) from its checked arguments: the
// diagram set or one drawing, laid out first when the design has no coordinates. Needs a
// QGuiApplication (main() of the designer library starts one, offscreen unless a platform is set).
LaunchRequest exportDiagram(const ExportArguments& arguments, QIODevice& err);

} // namespace portolan
