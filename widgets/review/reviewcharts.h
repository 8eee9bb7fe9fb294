// SPDX-License-Identifier: GPL-3.0-or-later
// Charts of the explainability review: each explanation's deletion and insertion areas against
// random orders, the spread of attention-Shapley agreement, and what is credited most often.
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/chartwidget.h"

#include <QStringList>

#include <vector>

namespace recscope {

// One point per explanation and curve: x the random orders' area, y the attributions' order's.
// Deletion points below the diagonal and insertion points above it are faithful.
class ReviewFaithfulnessChart : public ChartWidget {
    Q_OBJECT
public:
    using Case = FaithfulnessCase; // label: who and what, for the tooltip
    explicit ReviewFaithfulnessChart(QWidget *parent = nullptr);
    void setCases(const std::vector<Case> &cases);
    int pointCount() const; // finite points drawn, both curves

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<Case> m_cases;
};

// A histogram of values in [lo, hi] (bins of equal width) with the median marked.
class ReviewHistogramChart : public ChartWidget {
    Q_OBJECT
public:
    explicit ReviewHistogramChart(QWidget *parent = nullptr);
    void setValues(const std::vector<double> &values, double lo, double hi, int bins, const QString &title, const QString &axis);
    int counted() const { return m_counted; } // finite values

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<int> m_counts;
    double m_lo = 0, m_hi = 1;
    int m_counted = 0;
};

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
