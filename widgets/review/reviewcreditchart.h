// SPDX-License-Identifier: GPL-3.0-or-later
// What the review's explanations credit most often.
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/chartwidget.h"

#include <QStringList>

#include <vector>

namespace recscope {

// Horizontal bars, largest on top: how many explanations each name leads.
class ReviewCreditChart : public ChartWidget {
    Q_OBJECT
public:
    explicit ReviewCreditChart(QWidget *parent = nullptr);
    // `total`: the explanations reviewed, for shares in the tooltip.
    void setCredits(const QStringList &names, const std::vector<int> &counts, int total, const QString &title);
    int barCount() const { return static_cast<int>(m_counts.size()); }

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    QStringList m_names;
    std::vector<int> m_counts;
    int m_total = 0;
};

} // namespace recscope
