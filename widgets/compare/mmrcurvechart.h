// SPDX-License-Identifier: GPL-3.0-or-later
// Accuracy against diversity (or miscalibration) along a re-ranking's lambda.
#pragma once

#include "widgets/common/chartwidget.h"

#include <vector>

namespace recscope {

// MMR re-ranking: accuracy against diversity as lambda goes from 1 (the model's order) to 0
// (diversity only); the chosen lambda is highlighted.
class MmrCurveChart : public ChartWidget {
    Q_OBJECT
public:
    struct Point {
        double lambda, diversity, accuracy;
    };
    explicit MmrCurveChart(QWidget *parent = nullptr);
    void setCurve(const std::vector<Point> &points, const QString &diversityName, const QString &accuracyName);
    void setCurrent(int index);
    int pointCount() const { return static_cast<int>(m_points.size()); }

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<Point> m_points;
    QString m_diversity, m_accuracy;
};

} // namespace recscope
