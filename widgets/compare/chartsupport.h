// SPDX-License-Identifier: GPL-3.0-or-later
// What the Compare tab's charts share: number formats, significance stars, the legend's place,
// and one colour per run (Okabe-Ito, readable by colour-blind viewers) kept across all charts.
#pragma once

#include "widgets/common/qcustomplotwrapper.h"

#include <QColor>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <vector>

namespace recscope::comparecharts {

inline QString num(double v, int digits = 4) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }

inline QString stars(double p) {
    if (p < 0 || !std::isfinite(p))
        return {};
    return p < 0.001 ? QStringLiteral("***") : p < 0.01 ? QStringLiteral("**") : p < 0.05 ? QStringLiteral("*") : QString();
}

inline void legendTopRight(QCustomPlot *p) {
    p->legend->setVisible(true);
    p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    p->legend->setBrush(QColor(255, 255, 255, 210));
}

inline QColor runColor(int index) {
    static const QColor colors[] = {QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73),
                                    QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9), QColor(0xd5, 0x5e, 0x00),
                                    QColor(0xf0, 0xe4, 0x42), QColor(0x55, 0x55, 0x55)};
    return colors[index % 8];
}

} // namespace recscope::comparecharts
