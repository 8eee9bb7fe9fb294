// SPDX-License-Identifier: GPL-3.0-or-later
// Charts of the comparison view: grouped metric bars with confidence intervals and significance
// marks, an accuracy-vs-diversity scatter with its Pareto front, overlaid validation curves, and
// per-user distributions as box plots. Each run keeps one colour across all four.
#pragma once

#include "widgets/common/chartwidget.h"

#include <QColor>
#include <QStringList>

#include <vector>

namespace recscope {

// The colour of the i-th run (Okabe-Ito, readable by colour-blind viewers).
QColor runColor(int index);

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

class CurvesOverlayChart : public ChartWidget {
    Q_OBJECT
public:
    struct Curve {
        QString run;
        std::vector<double> epochs, values;
    };
    explicit CurvesOverlayChart(QWidget *parent = nullptr);
    void setCurves(const std::vector<Curve> &curves);

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<Curve> m_curves;
};

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
