// SPDX-License-Identifier: GPL-3.0-or-later
// Metrics per run as grouped bars with 95% intervals and significance marks against the first run.
#pragma once

#include "widgets/common/chartwidget.h"

#include <QStringList>

#include <vector>

namespace recscope {

class MetricBarsChart : public ChartWidget {
    Q_OBJECT
public:
    struct Cell {
        double value = 0, low = 0, high = 0; // low/high: 95% interval; NaN when none
        double p = -1;                       // against the first run; < 0 for none
    };
    explicit MetricBarsChart(QWidget *parent = nullptr);
    // cells[metric][run]
    void setData(const QStringList &runs, const QStringList &metrics, const std::vector<std::vector<Cell>> &cells);
    int barCount() const;
    static QString defaultTitle();
    // Another title, for a set of metrics the default does not describe.
    void setHeading(const QString &title) { retitle(title); }

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    QStringList m_runs, m_metrics;
    std::vector<std::vector<Cell>> m_cells;
};

} // namespace recscope
