// SPDX-License-Identifier: GPL-3.0-or-later
// A sweep's validation NDCG@10 against one varied setting, a point per trial.
#pragma once

#include "engine/training/sweep.h"
#include "widgets/common/chartwidget.h"

#include <QWidget>

#include <optional>

namespace recscope {

// Validation NDCG@10 of each trial against one setting's values (numbers on a linear or log
// axis, choices as categories).
class SweepSettingChart : public ChartWidget {
    Q_OBJECT
public:
    explicit SweepSettingChart(QWidget *parent = nullptr);
    void setSweep(const engine::SweepResult &sweep, const std::string &key);
    int pointCount() const { return static_cast<int>(m_points.size()); }

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    struct Point {
        double x, y;
        QString text;
    };
    std::vector<Point> m_points;
};

} // namespace recscope
