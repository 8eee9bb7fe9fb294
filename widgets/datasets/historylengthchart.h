// SPDX-License-Identifier: GPL-3.0-or-later
// How long users' histories are, as a histogram.
#pragma once

#include "widgets/common/chartwidget.h"

#include <QWidget>

#include <vector>

namespace recscope {

// How many users have a history of each length (log-spaced bins).
class HistoryLengthChart : public ChartWidget {
    Q_OBJECT
public:
    struct Bin {
        double from, to;
        qint64 count;
    };
    explicit HistoryLengthChart(QWidget *parent = nullptr);
    void setHistogram(const std::vector<Bin> &bins, double median);

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<Bin> m_bins;
};

} // namespace recscope
