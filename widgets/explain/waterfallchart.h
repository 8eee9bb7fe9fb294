// SPDX-License-Identifier: GPL-3.0-or-later
// The explanation's waterfall: from the base value (an empty history) through each history item's
// attribution to the score.
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/chartwidget.h"

#include <vector>

namespace recscope {

class WaterfallChart : public ChartWidget {
    Q_OBJECT
public:
    using Step = WaterfallStep;
    explicit WaterfallChart(QWidget *parent = nullptr);
    // Bars from `base` by each step (largest magnitude first; the rest summed as "other items")
    // to base + sum; at most `shown` steps drawn apart.
    void setSteps(double base, const std::vector<Step> &steps, double score, int shown = 15);
    int barCount() const { return static_cast<int>(m_bars.size()); }
    // The title for history items (false) or the words of the item's text (true); the axis
    // names what is explained (default: score).
    void retitleFor(bool words, const QString &valueName = {});

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<WaterfallBar> m_bars;
};

} // namespace recscope
