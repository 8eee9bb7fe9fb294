// SPDX-License-Identifier: GPL-3.0-or-later
// Includes qcustomplot.h under QT_NO_KEYWORDS: it uses the `signals` and `foreach` keywords.
#pragma once

#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef foreach
