// SPDX-License-Identifier: GPL-3.0-or-later
// Deletion and insertion curves of an explanation beside random orders.
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/chartwidget.h"

#include <vector>

namespace recscope {

// Deletion and insertion curves: the explained value as the most credited items are taken away
// (or given back) one by one, beside the same curves for random orders. A faithful explanation's
// deletion curve falls faster, and its insertion curve rises faster, than the random ones.
class FaithfulnessChart : public ChartWidget {
    Q_OBJECT
public:
    struct Curves {
        std::vector<double> deletion, insertion, deletionRandom, insertionRandom; // n + 1 points each
        std::vector<qint64> deletionRank, insertionRank;                          // may be empty
    };
    explicit FaithfulnessChart(QWidget *parent = nullptr);
    // `valueName` says what the curves measure (for the axis); empty curves clear the chart.
    void setCurves(const Curves &curves, const QString &valueName);
    int pointCount() const { return static_cast<int>(m_curves.deletion.size()); }

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    Curves m_curves;
};

} // namespace recscope
