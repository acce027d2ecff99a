#pragma once

// QCustomPlot's header uses Qt's lower-case keywords, which our targets turn
// off (QT_NO_KEYWORDS); map them for this one include.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
