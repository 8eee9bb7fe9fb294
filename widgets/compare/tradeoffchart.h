// SPDX-License-Identifier: GPL-3.0-or-later
// Two metrics against each other, a point per run, and the Pareto front of the runs no other beats on both.
#pragma once

#include "widgets/common/chartwidget.h"

#include <QStringList>

#include <vector>

namespace recscope {

class TradeoffChart : public ChartWidget {
    Q_OBJECT
public:
    explicit TradeoffChart(QWidget *parent = nullptr);
    // A title for a chart with a fixed purpose (accuracy against privacy, against cost).
    void setPurpose(const QString &title) { retitle(title); }
    // One point per run; the front joins the runs no other run beats on both axes.
    void setPoints(const QStringList &runs, const std::vector<double> &x, const std::vector<double> &y, const QString &xName,
                   const QString &yName, bool xHigherIsBetter, bool yHigherIsBetter);
    const std::vector<int> &front() const { return m_front; }
    const QStringList &runs() const { return m_runs; }
    const std::vector<double> &xValues() const { return m_x; }
    // Horizontal dashed lines across the plot, one per reference run (e.g. the runs trained
    // without DP, which have no place on an epsilon axis); call after setPoints().
    void setReferenceLines(const QStringList &names, const std::vector<double> &y);
    const QStringList &referenceNames() const { return m_referenceNames; }

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    QStringList m_runs;
    std::vector<double> m_x, m_y;
    QString m_xName, m_yName;
    std::vector<int> m_front;
    QStringList m_referenceNames;
};

} // namespace recscope
