// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/metricbarschart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/compare/chartsupport.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace comparecharts;

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

} // namespace recscope
