// SPDX-License-Identifier: GPL-3.0-or-later
// What the Review tab's charts share: the number format and the deletion and insertion colours
// (as in the Explain tab's faithfulness curves).
#pragma once

#include "widgets/common/qcustomplotwrapper.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <vector>

namespace recscope::reviewcharts {

inline QString num(double v, int digits = 3) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }
inline const QColor kDeletion(0xd5, 0x5e, 0x00), kInsertion(0x00, 0x72, 0xb2); // as in the faithfulness curves

} // namespace recscope::reviewcharts
