// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/comparisoncharts.h"

#include "widgets/common/qcustomplotwrapper.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace recscope {

namespace {

QString num(double v, int digits = 4) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }

QString stars(double p) {
    if (p < 0 || !std::isfinite(p))
        return {};
    return p < 0.001 ? QStringLiteral("***") : p < 0.01 ? QStringLiteral("**") : p < 0.05 ? QStringLiteral("*") : QString();
}

void legendTopRight(QCustomPlot *p) {
    p->legend->setVisible(true);
    p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    p->legend->setBrush(QColor(255, 255, 255, 210));
}

} // namespace

QColor runColor(int index) {
    static const QColor colors[] = {QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73),
                                    QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9), QColor(0xd5, 0x5e, 0x00),
                                    QColor(0xf0, 0xe4, 0x42), QColor(0x55, 0x55, 0x55)};
    return colors[index % 8];
}

// ------------------------------------------------------------------ bars

MetricBarsChart::MetricBarsChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(defaultTitle());
    plot()->yAxis->setLabel(tr("value"));
    legendTopRight(plot());
}

int MetricBarsChart::barCount() const {
    int n = 0;
    for (int i = 0; i < plot()->plottableCount(); ++i)
        if (auto *bars = qobject_cast<QCPBars *>(plot()->plottable(i)))
            n += bars->dataCount();
    return n;
}

QString MetricBarsChart::defaultTitle() {
    // Two lines: the title fits the chart on a 1280-pixel screen.
    return tr("Metrics per run\n95% bootstrap intervals; * p < 0.05, ** p < 0.01, *** p < 0.001 against the first run");
}

void MetricBarsChart::setData(const QStringList &runs, const QStringList &metrics, const std::vector<std::vector<Cell>> &cells) {
    m_runs = runs;
    m_metrics = metrics;
    m_cells = cells;
    auto *p = plot();
    p->clearPlottables();
    p->clearItems();
    const int n = static_cast<int>(runs.size());
    const double width = 0.8 / std::max(1, n);
    double top = 0;
    for (int r = 0; r < n; ++r) {
        auto *bars = new QCPBars(p->xAxis, p->yAxis);
        bars->setName(runs[r]);
        bars->setWidth(width);
        bars->setPen(QPen(runColor(r).darker(130)));
        bars->setBrush(runColor(r));
        auto *errors = new QCPErrorBars(p->xAxis, p->yAxis);
        errors->removeFromLegend();
        errors->setDataPlottable(bars);
        errors->setPen(QPen(palette().color(QPalette::Text), 1.2));
        QVector<double> keys, values;
        QVector<double> minus, plus;
        for (int m = 0; m < metrics.size(); ++m) {
            const auto &c = cells[static_cast<std::size_t>(m)][static_cast<std::size_t>(r)];
            const double key = m + 1 - 0.4 + width * (r + 0.5);
            keys << key;
            values << (std::isfinite(c.value) ? c.value : 0);
            const bool interval = std::isfinite(c.low) && std::isfinite(c.high);
            minus << (interval ? c.value - c.low : 0);
            plus << (interval ? c.high - c.value : 0);
            top = std::max(top, interval ? c.high : c.value);
            const QString mark = stars(c.p);
            if (!mark.isEmpty()) {
                auto *label = new QCPItemText(p);
                label->position->setCoords(key, interval ? c.high : c.value);
                label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
                label->setText(mark);
                label->setColor(palette().color(QPalette::Text));
            }
        }
        bars->setData(keys, values, true);
        errors->setData(minus, plus);
    }
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int m = 0; m < metrics.size(); ++m)
        ticker->addTick(m + 1, metrics[m]);
    p->xAxis->setTicker(ticker);
    p->xAxis->setSubTicks(false);
    p->xAxis->setTickLength(0, 4);
    p->xAxis->setRange(0.4, metrics.size() + 0.6);
    p->yAxis->setRange(0, std::max(0.05, top * 1.25)); // room above for the marks and the legend
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString MetricBarsChart::toolTipAt(const QPoint &pos) const {
    if (m_metrics.isEmpty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const double x = plot()->xAxis->pixelToCoord(pos.x());
    const int m = static_cast<int>(std::lround(x)) - 1;
    if (m < 0 || m >= m_metrics.size())
        return {};
    const double width = 0.8 / std::max<qsizetype>(1, m_runs.size());
    const int r = static_cast<int>(std::floor((x - (m + 1 - 0.4)) / width));
    if (r < 0 || r >= m_runs.size())
        return {};
    const auto &c = m_cells[static_cast<std::size_t>(m)][static_cast<std::size_t>(r)];
    QString text = tr("%1 of %2: %3").arg(m_metrics[m], m_runs[r], num(c.value));
    if (std::isfinite(c.low))
        text += QLatin1Char('\n') + tr("95% interval %1 – %2").arg(num(c.low), num(c.high));
    if (c.p >= 0)
        text += QLatin1Char('\n') + tr("paired t-test against %1: p = %2").arg(m_runs[0], QLocale().toString(c.p, 'g', 3));
    return text;
}

// ------------------------------------------------------------------ trade-off

TradeoffChart::TradeoffChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Trade-off between two metrics; the line joins the runs no other run beats on both"));
}

void TradeoffChart::setPoints(const QStringList &runs, const std::vector<double> &x, const std::vector<double> &y, const QString &xName,
                              const QString &yName, bool xHigherIsBetter, bool yHigherIsBetter) {
    m_runs = runs;
    m_x = x;
    m_y = y;
    m_xName = xName;
    m_yName = yName;
    auto *p = plot();
    p->clearGraphs();
    p->clearItems();
    p->xAxis->setLabel(xName + (xHigherIsBetter ? tr(" (higher is better)") : tr(" (lower is better)")));
    p->yAxis->setLabel(yName + (yHigherIsBetter ? tr(" (higher is better)") : tr(" (lower is better)")));
    const int n = static_cast<int>(runs.size());
    // Pareto front: no other run at least as good on both axes and better on one.
    auto better = [&](int a, int b) { // a dominates b
        const double ax = xHigherIsBetter ? x[a] : -x[a], bx = xHigherIsBetter ? x[b] : -x[b];
        const double ay = yHigherIsBetter ? y[a] : -y[a], by = yHigherIsBetter ? y[b] : -y[b];
        return ax >= bx && ay >= by && (ax > bx || ay > by);
    };
    m_front.clear();
    for (int i = 0; i < n; ++i) {
        bool dominated = false;
        for (int j = 0; j < n && !dominated; ++j)
            dominated = j != i && better(j, i);
        if (!dominated && std::isfinite(x[i]) && std::isfinite(y[i]))
            m_front.push_back(i);
    }
    std::sort(m_front.begin(), m_front.end(), [&](int a, int b) { return x[a] < x[b]; });
    auto *front = p->addGraph();
    front->setName(tr("Pareto front"));
    front->setPen(QPen(palette().color(QPalette::Text), 1.5, Qt::DashLine));
    QVector<double> fx, fy;
    for (int i : m_front)
        fx << x[i], fy << y[i];
    front->setData(fx, fy, true);
    double xlo = 1e300, xhi = -1e300, ylo = 1e300, yhi = -1e300;
    for (int i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
            continue;
        auto *g = p->addGraph();
        g->setName(runs[i]);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, runColor(i), runColor(i), 11));
        g->setData({x[i]}, {y[i]});
        auto *label = new QCPItemText(p);
        label->position->setCoords(x[i], y[i]);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setText(QStringLiteral("  ") + runs[i]);
        label->setColor(palette().color(QPalette::Text));
        xlo = std::min(xlo, x[i]), xhi = std::max(xhi, x[i]), ylo = std::min(ylo, y[i]), yhi = std::max(yhi, y[i]);
    }
    if (xlo <= xhi) {
        const double px = std::max(1e-3, xhi > xlo ? (xhi - xlo) * 0.15 : std::abs(xhi) * 0.1);
        const double py = std::max(1e-3, yhi > ylo ? (yhi - ylo) * 0.15 : std::abs(yhi) * 0.1);
        p->xAxis->setRange(xlo - px, xhi + px * 2);
        p->yAxis->setRange(ylo - py, yhi + py * 2);
    }
    p->legend->setVisible(false);
    p->replot(QCustomPlot::rpQueuedReplot);
}

void TradeoffChart::setReferenceLines(const QStringList &names, const std::vector<double> &y) {
    m_referenceNames = names;
    auto *p = plot();
    double lo = 1e300, hi = -1e300;
    for (std::size_t i = 0; i < y.size() && static_cast<int>(i) < names.size(); ++i) {
        auto *line = new QCPItemStraightLine(p);
        line->point1->setCoords(0, y[i]);
        line->point2->setCoords(1, y[i]);
        line->setPen(QPen(runColor(static_cast<int>(i) + static_cast<int>(m_runs.size())), 1.5, Qt::DashDotLine));
        auto *label = new QCPItemText(p);
        label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        label->position->setTypeY(QCPItemPosition::ptPlotCoords);
        label->position->setCoords(0.02, y[i]);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setText(names[static_cast<int>(i)]);
        label->setColor(palette().color(QPalette::Text));
        lo = std::min(lo, y[i]);
        hi = std::max(hi, y[i]);
    }
    if (lo <= hi) { // the lines in view, beside the points if there are any
        const double pad = std::max(1e-3, (hi - lo) * 0.15);
        QCPRange range(lo - pad, hi + pad * 2);
        if (m_runs.isEmpty())
            p->xAxis->setRange(0, 10);
        else
            range.expand(p->yAxis->range());
        p->yAxis->setRange(range);
    }
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString TradeoffChart::toolTipAt(const QPoint &pos) const {
    for (int i = 0; i < m_runs.size(); ++i) {
        const double px = plot()->xAxis->coordToPixel(m_x[static_cast<std::size_t>(i)]);
        const double py = plot()->yAxis->coordToPixel(m_y[static_cast<std::size_t>(i)]);
        if (std::hypot(px - pos.x(), py - pos.y()) < 10) {
            const bool onFront = std::find(m_front.begin(), m_front.end(), i) != m_front.end();
            return tr("%1\n%2 %3\n%4 %5").arg(m_runs[i], m_xName, num(m_x[static_cast<std::size_t>(i)]), m_yName,
                                               num(m_y[static_cast<std::size_t>(i)])) +
                   (onFront ? QLatin1Char('\n') + tr("on the Pareto front") : QString());
        }
    }
    return {};
}

// ------------------------------------------------------------------ curves

CurvesOverlayChart::CurvesOverlayChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Validation NDCG@10 per epoch (sampled, as measured during training)"));
    plot()->xAxis->setLabel(tr("epoch"));
    plot()->yAxis->setLabel(tr("validation NDCG@10"));
    legendTopRight(plot());
    plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
}

void CurvesOverlayChart::setCurves(const std::vector<Curve> &curves) {
    m_curves = curves;
    auto *p = plot();
    p->clearGraphs();
    double maxEpoch = 1, maxValue = 0.05;
    for (std::size_t i = 0; i < curves.size(); ++i) {
        auto *g = p->addGraph();
        g->setName(curves[i].run);
        g->setPen(QPen(runColor(static_cast<int>(i)), 2));
        g->setScatterStyle(curves[i].epochs.size() < 30 ? QCPScatterStyle(QCPScatterStyle::ssCircle, 5) : QCPScatterStyle());
        g->setData(QVector<double>(curves[i].epochs.begin(), curves[i].epochs.end()),
                   QVector<double>(curves[i].values.begin(), curves[i].values.end()), true);
        for (double e : curves[i].epochs)
            maxEpoch = std::max(maxEpoch, e);
        for (double v : curves[i].values)
            maxValue = std::max(maxValue, v);
    }
    p->xAxis->setRange(0.5, maxEpoch + 0.5);
    p->yAxis->setRange(0, maxValue * 1.15);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString CurvesOverlayChart::toolTipAt(const QPoint &pos) const {
    if (m_curves.empty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const double epoch = std::round(plot()->xAxis->pixelToCoord(pos.x()));
    QString text = tr("Epoch %1").arg(epoch);
    for (const auto &c : m_curves)
        for (std::size_t i = 0; i < c.epochs.size(); ++i)
            if (c.epochs[i] == epoch)
                text += QLatin1Char('\n') + c.run + QStringLiteral(": ") + num(c.values[i]);
    return text;
}

// ------------------------------------------------------------------ distributions

DistributionChart::DistributionChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Per-user values: quartiles, whiskers at 1.5 × IQR, mean as a diamond"));
}

void DistributionChart::setDistributions(const QStringList &runs, const std::vector<std::vector<double>> &values, const QString &metric) {
    m_runs = runs;
    m_values = values;
    m_metric = metric;
    m_summaries.clear();
    for (const auto &raw : values) {
        auto v = raw;
        std::sort(v.begin(), v.end());
        Summary s{};
        s.n = static_cast<int>(v.size());
        if (!v.empty()) {
            auto quantile = [&](double q) {
                const double pos = q * static_cast<double>(v.size() - 1);
                const auto i = static_cast<std::size_t>(std::floor(pos));
                const auto j = std::min(v.size() - 1, i + 1);
                return v[i] + (pos - static_cast<double>(i)) * (v[j] - v[i]);
            };
            s.q1 = quantile(0.25), s.median = quantile(0.5), s.q3 = quantile(0.75);
            const double iqr = s.q3 - s.q1;
            s.min = *std::lower_bound(v.begin(), v.end(), s.q1 - 1.5 * iqr);
            s.max = *(std::upper_bound(v.begin(), v.end(), s.q3 + 1.5 * iqr) - 1);
            double sum = 0;
            for (double x : v)
                sum += x;
            s.mean = sum / static_cast<double>(v.size());
        }
        m_summaries.push_back(s);
    }
    m_histogram ? drawHistogram() : drawBoxes();
}

int DistributionChart::seriesCount() const { return plot()->plottableCount(); }

void DistributionChart::setHistogram(bool histogram) {
    m_histogram = histogram;
    if (!m_runs.isEmpty())
        histogram ? drawHistogram() : drawBoxes();
}

void DistributionChart::drawBoxes() {
    retitle(tr("Per-user values: quartiles, whiskers at 1.5 × IQR, mean as a diamond"));
    auto *p = plot();
    p->clearPlottables();
    p->legend->setVisible(false);
    p->xAxis->setLabel(QString());
    p->yAxis->setLabel(m_metric);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double lo = 0, hi = 0.05;
    for (int r = 0; r < m_runs.size(); ++r) {
        const auto &s = m_summaries[static_cast<std::size_t>(r)];
        ticker->addTick(r + 1, m_runs[r]);
        if (s.n == 0)
            continue;
        auto *box = new QCPStatisticalBox(p->xAxis, p->yAxis);
        box->setName(m_runs[r]);
        box->setBrush(QColor(runColor(r).red(), runColor(r).green(), runColor(r).blue(), 150));
        box->setPen(QPen(runColor(r).darker(140)));
        box->setMedianPen(QPen(palette().color(QPalette::Text), 2));
        box->setWidth(0.5);
        box->addData(r + 1, s.min, s.q1, s.median, s.q3, s.max);
        auto *mean = new QCPGraph(p->xAxis, p->yAxis);
        mean->setLineStyle(QCPGraph::lsNone);
        mean->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, palette().color(QPalette::Text), Qt::white, 9));
        mean->setData({static_cast<double>(r + 1)}, {s.mean});
        lo = std::min(lo, s.min);
        hi = std::max({hi, s.max, s.mean});
    }
    p->xAxis->setTicker(ticker);
    p->xAxis->setSubTicks(false);
    p->xAxis->setRange(0.4, m_runs.size() + 0.6);
    const double pad = (hi - lo) * 0.08;
    p->yAxis->setRange(lo - pad, hi + pad);
    p->replot(QCustomPlot::rpQueuedReplot);
}

void DistributionChart::drawHistogram() {
    retitle(tr("Per-user values: share of users in each of 20 bins"));
    auto *p = plot();
    p->clearPlottables();
    p->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    p->xAxis->setSubTicks(true);
    p->xAxis->setLabel(m_metric);
    p->yAxis->setLabel(tr("share of users"));
    legendTopRight(p);
    double lo = 1e300, hi = -1e300;
    for (const auto &v : m_values)
        for (double x : v)
            lo = std::min(lo, x), hi = std::max(hi, x);
    if (lo > hi) {
        p->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const int bins = 20;
    const double width = std::max(1e-9, (hi - lo) / bins);
    double top = 0;
    for (int r = 0; r < m_runs.size(); ++r) {
        const auto &v = m_values[static_cast<std::size_t>(r)];
        if (v.empty())
            continue;
        std::vector<double> counts(bins, 0.0);
        for (double x : v)
            counts[static_cast<std::size_t>(std::clamp(static_cast<int>((x - lo) / width), 0, bins - 1))] += 1;
        QVector<double> keys, shares;
        for (int b = 0; b < bins; ++b) {
            keys << lo + (b + 0.5) * width;
            shares << counts[static_cast<std::size_t>(b)] / static_cast<double>(v.size());
            top = std::max(top, shares.back());
        }
        auto *g = p->addGraph();
        g->setName(m_runs[r]);
        g->setLineStyle(QCPGraph::lsStepCenter);
        g->setPen(QPen(runColor(r), 2));
        g->setData(keys, shares, true);
    }
    p->xAxis->setRange(lo - width, hi + width);
    p->yAxis->setRange(0, std::max(0.05, top * 1.1));
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString DistributionChart::toolTipAt(const QPoint &pos) const {
    if (m_summaries.empty() || m_histogram || !plot()->axisRect()->rect().contains(pos))
        return {};
    const int r = static_cast<int>(std::lround(plot()->xAxis->pixelToCoord(pos.x()))) - 1;
    if (r < 0 || r >= static_cast<int>(m_summaries.size()))
        return {};
    const auto &s = m_summaries[static_cast<std::size_t>(r)];
    return tr("%1, %2 over %3 users\nmean %4, median %5\nquartiles %6 – %7")
        .arg(m_runs[r], m_metric)
        .arg(s.n)
        .arg(num(s.mean), num(s.median), num(s.q1), num(s.q3));
}

// ------------------------------------------------------------------ MMR

MmrCurveChart::MmrCurveChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Diversity re-ranking (MMR): each point is one lambda, from the model's order (1) to diversity only (0)"));
}

void MmrCurveChart::setCurve(const std::vector<Point> &points, const QString &diversityName, const QString &accuracyName) {
    m_points = points;
    m_diversity = diversityName;
    m_accuracy = accuracyName;
    auto *p = plot();
    p->clearGraphs();
    p->xAxis->setLabel(diversityName + tr(" (diversity)"));
    p->yAxis->setLabel(accuracyName + tr(" (accuracy)"));
    auto *curve = new QCPCurve(p->xAxis, p->yAxis); // ordered by lambda, not by x
    curve->setPen(QPen(runColor(0), 2));
    curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    QVector<double> t, x, y;
    double xlo = 1e300, xhi = -1e300, ylo = 1e300, yhi = -1e300;
    for (const auto &pt : points) {
        t << pt.lambda, x << pt.diversity, y << pt.accuracy;
        xlo = std::min(xlo, pt.diversity), xhi = std::max(xhi, pt.diversity);
        ylo = std::min(ylo, pt.accuracy), yhi = std::max(yhi, pt.accuracy);
    }
    curve->setData(t, x, y);
    p->addGraph(); // the highlighted lambda
    p->graph(0)->setLineStyle(QCPGraph::lsNone);
    p->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, runColor(5), runColor(5), 14));
    if (!points.empty()) {
        const double px = std::max(1e-3, (xhi - xlo) * 0.1), py = std::max(1e-3, (yhi - ylo) * 0.1);
        p->xAxis->setRange(xlo - px, xhi + px);
        p->yAxis->setRange(std::max(0.0, ylo - py), yhi + py);
    }
    setCurrent(static_cast<int>(points.size()) - 1);
}

void MmrCurveChart::setCurrent(int index) {
    auto *p = plot();
    p->clearItems();
    if (index < 0 || index >= static_cast<int>(m_points.size()) || p->graphCount() == 0) {
        p->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const auto &pt = m_points[static_cast<std::size_t>(index)];
    p->graph(0)->setData({pt.diversity}, {pt.accuracy});
    auto *label = new QCPItemText(p);
    label->position->setCoords(pt.diversity, pt.accuracy);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    label->setText(QStringLiteral("  λ = %1").arg(QLocale().toString(pt.lambda, 'f', 2)));
    label->setColor(palette().color(QPalette::Text));
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString MmrCurveChart::toolTipAt(const QPoint &pos) const {
    for (const auto &pt : m_points) {
        const double px = plot()->xAxis->coordToPixel(pt.diversity), py = plot()->yAxis->coordToPixel(pt.accuracy);
        if (std::hypot(px - pos.x(), py - pos.y()) < 8)
            return tr("λ = %1\n%2 %3\n%4 %5")
                .arg(QLocale().toString(pt.lambda, 'f', 2), m_diversity, num(pt.diversity), m_accuracy, num(pt.accuracy));
    }
    return {};
}

} // namespace recscope
