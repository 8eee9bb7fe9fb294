// SPDX-License-Identifier: GPL-3.0-or-later
// The review's faithfulness: each explanation's deletion and insertion areas against random orders.
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/chartwidget.h"

#include <vector>

namespace recscope {

// One point per explanation and curve: x the random orders' area, y the attributions' order's.
// Deletion points below the diagonal and insertion points above it are faithful.
class ReviewFaithfulnessChart : public ChartWidget {
    Q_OBJECT
public:
    using Case = FaithfulnessCase; // label: who and what, for the tooltip
    explicit ReviewFaithfulnessChart(QWidget *parent = nullptr);
    void setCases(const std::vector<Case> &cases);
    int pointCount() const; // finite points drawn, both curves

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<Case> m_cases;
};

} // namespace recscope
