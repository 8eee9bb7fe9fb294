// SPDX-License-Identifier: GPL-3.0-or-later
// What the Explain tab's charts share: number formats, position ticks that name as many items
// as fit, axes kept in range while zooming, the attention colours. attentionLabels and
// headAverage are in reports/reportcharts.h (the reports shape attention alike).
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/qcustomplotwrapper.h"

#include <QFontMetrics>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <vector>

namespace recscope::explaincharts {

inline QString num(double v) { return QLocale().toString(v, 'f', 4); }
inline QString shortLabel(const QString &s) { return s.size() > 28 ? s.left(26) + QStringLiteral("…") : s; }

// Ticks for the positions in view. Up to 40 in view: names (as many as fit, about 25). More:
// position numbers at a round step, the names on hover. `at(i)` is where position i sits on the
// axis; `numbers` gives each position's number (1-based) when they are not 1..n.
inline void labelPositions(QCPAxis *axis, const QStringList &labels, int n, const std::function<double(int)> &at,
                    const std::vector<int> &numbers = {}) {
    const auto range = axis->range();
    const int visible = std::max(1, static_cast<int>(std::ceil(range.size())));
    auto number = [&](int i) { return i < static_cast<int>(numbers.size()) ? numbers[static_cast<std::size_t>(i)] : i + 1; };
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    auto inView = [&](double x) { return x >= range.lower - 1 && x <= range.upper + 1; };
    if (visible <= 40) {
        // As many names as fit at one line of text apart (about 25 at most), cut short on the slanted axis.
        const bool vertical = axis->orientation() == Qt::Vertical;
        const int pixels = vertical ? axis->axisRect()->height() : axis->axisRect()->width();
        const int fit = std::clamp(pixels / (QFontMetrics(axis->tickLabelFont()).height() + 2), 2, 25);
        const int step = std::max(1, (visible + fit - 1) / fit);
        for (int i = 0; i < n; i += step)
            if (inView(at(i))) {
                const QString name = i < labels.size() ? labels[i] : QString::number(number(i));
                ticker->addTick(at(i), vertical || name.size() <= 20 ? shortLabel(name) : name.left(18) + QStringLiteral("…"));
            }
    } else {
        const int step = positionStep(visible);
        for (int i = 0; i < n; ++i)
            if ((number(i) % step == 0 || i == n - 1) && inView(at(i)))
                ticker->addTick(at(i), QStringLiteral("#%1").arg(number(i)));
    }
    axis->setTicker(ticker);
}

// Keeps an axis inside [lo, hi] while the user drags and zooms.
inline void clampRange(QCPAxis *axis, double lo, double hi) {
    auto r = axis->range();
    if (r.size() >= hi - lo) {
        r = QCPRange(lo, hi);
    } else {
        if (r.lower < lo)
            r = QCPRange(lo, lo + r.size());
        if (r.upper > hi)
            r = QCPRange(hi - r.size(), hi);
    }
    if (r != axis->range())
        axis->setRange(r);
}

inline QCPColorGradient attentionGradient() { return QCPColorGradient(QCPColorGradient::gpThermal); }
constexpr double kLogFloor = 1e-4; // the log colour scale's lowest weight

inline QStringList axisLabels(QCPAxis *axis) {
    QStringList out;
    if (const auto text = axis->ticker().dynamicCast<QCPAxisTickerText>())
        for (const auto &label : text->ticks())
            out << label;
    return out;
}

} // namespace recscope::explaincharts
