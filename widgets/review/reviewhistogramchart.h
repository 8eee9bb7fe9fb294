// SPDX-License-Identifier: GPL-3.0-or-later
// The spread of a per-explanation measure (such as attention-Shapley agreement) across the review.
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/chartwidget.h"

#include <vector>

namespace recscope {

// A histogram of values in [lo, hi] (bins of equal width) with the median marked.
class ReviewHistogramChart : public ChartWidget {
    Q_OBJECT
public:
    explicit ReviewHistogramChart(QWidget *parent = nullptr);
    void setValues(const std::vector<double> &values, double lo, double hi, int bins, const QString &title, const QString &axis);
    int counted() const { return m_counted; } // finite values

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<int> m_counts;
    double m_lo = 0, m_hi = 1;
    int m_counted = 0;
};

} // namespace recscope
