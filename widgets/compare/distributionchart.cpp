// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/distributionchart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/compare/chartsupport.h"

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace comparecharts;

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

} // namespace recscope
