// SPDX-License-Identifier: GPL-3.0-or-later
// A run's training and validation curves, epoch by epoch.
#pragma once

#include "widgets/common/chartwidget.h"

#include <QWidget>

#include <vector>

namespace recscope {

// Training curves of one run: training and validation loss (left axis, the gap between them
// shaded), validation NDCG@10 (right axis), and the early-stopping point.
class TrainingCurvesChart : public ChartWidget {
    Q_OBJECT
public:
    struct Point {
        int epoch;
        double trainLoss, validLoss, validNdcg10;
    };
    explicit TrainingCurvesChart(QWidget *parent = nullptr);
    // comparable: the training loss is the validation loss's kind (BCE over sampled items). A
    // cross-entropy over the catalog is on another scale: no gap is shaded then.
    void setCurves(const std::vector<Point> &points, int bestEpoch, bool comparable = true);
    void clear() { setCurves({}, 0); }
    int pointCount() const { return static_cast<int>(m_points.size()); }
    int bestEpoch() const { return m_bestEpoch; } // the one marked; 0 for none

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<Point> m_points;
    bool m_comparable = true;
    int m_bestEpoch = 0;
};

} // namespace recscope
