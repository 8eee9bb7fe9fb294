// SPDX-License-Identifier: GPL-3.0-or-later
// A metric's per-user values as one box plot per run.
#pragma once

#include "widgets/common/chartwidget.h"

#include <QStringList>

#include <vector>

namespace recscope {

class DistributionChart : public ChartWidget {
    Q_OBJECT
public:
    explicit DistributionChart(QWidget *parent = nullptr);
    // One box per run: quartiles, whiskers at 1.5 IQR, the mean as a diamond; or, as a
    // histogram, each run's share of users per value bin as a step line.
    void setDistributions(const QStringList &runs, const std::vector<std::vector<double>> &values, const QString &metric);
    void setHistogram(bool histogram);
    bool isHistogram() const { return m_histogram; }
    // Plotted series: two per run as boxes (box and mean), one per run as a histogram.
    int seriesCount() const;

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    struct Summary {
        double min, q1, median, q3, max, mean;
        int n;
    };
    void drawBoxes();
    void drawHistogram();
    QStringList m_runs;
    std::vector<std::vector<double>> m_values;
    std::vector<Summary> m_summaries;
    QString m_metric;
    bool m_histogram = false;
};

} // namespace recscope
