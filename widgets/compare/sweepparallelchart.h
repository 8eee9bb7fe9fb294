// SPDX-License-Identifier: GPL-3.0-or-later
// A sweep's trials across every varied setting at once (parallel coordinates).
#pragma once

#include "engine/training/sweep.h"
#include "widgets/common/chartwidget.h"

#include <QWidget>

#include <optional>

namespace recscope {

// Parallel coordinates: one vertical axis per varied setting and a last one for validation
// NDCG@10; each trial is a line through its values (numbers placed on a linear or log scale,
// choices evenly), coloured by status as the per-setting chart.
class SweepParallelChart : public ChartWidget {
    Q_OBJECT
public:
    explicit SweepParallelChart(QWidget *parent = nullptr);
    void setSweep(const engine::SweepResult &sweep);
    int lineCount() const { return static_cast<int>(m_lines.size()); }

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    struct Line {
        std::vector<double> y; // per axis, in [0, 1]
        QString text;
    };
    std::vector<Line> m_lines;
};

} // namespace recscope
