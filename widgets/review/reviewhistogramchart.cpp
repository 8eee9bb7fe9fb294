// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/review/reviewhistogramchart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/review/chartsupport.h"

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace reviewcharts;

ReviewHistogramChart::ReviewHistogramChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(QString());
    plot()->yAxis->setLabel(tr("explanations"));
    QSharedPointer<QCPAxisTickerFixed> whole(new QCPAxisTickerFixed);
    whole->setTickStep(1);
    whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot()->yAxis->setTicker(whole);
}

void ReviewHistogramChart::setValues(const std::vector<double> &values, double lo, double hi, int bins, const QString &title,
                                     const QString &axis) {
    retitle(title);
    m_lo = lo;
    m_hi = hi;
    m_counts.assign(static_cast<std::size_t>(std::max(1, bins)), 0);
    std::vector<double> finite;
    for (double v : values)
        if (std::isfinite(v)) {
            finite.push_back(v);
            const auto bin = std::clamp(static_cast<int>((v - lo) / (hi - lo) * bins), 0, bins - 1);
            ++m_counts[static_cast<std::size_t>(bin)];
        }
    m_counted = static_cast<int>(finite.size());
    auto *p = plot();
    p->clearPlottables();
    p->clearItems();
    p->xAxis->setLabel(axis);
    const double width = (hi - lo) / bins;
    auto *bars = new QCPBars(p->xAxis, p->yAxis);
    bars->setWidth(width * 0.92);
    bars->setPen(Qt::NoPen);
    bars->setBrush(QColor(0x00, 0x9e, 0x73));
    int top = 1;
    for (int b = 0; b < bins; ++b) {
        bars->addData(lo + (b + 0.5) * width, m_counts[static_cast<std::size_t>(b)]);
        top = std::max(top, m_counts[static_cast<std::size_t>(b)]);
    }
    if (!finite.empty()) {
        std::sort(finite.begin(), finite.end());
        const auto n = finite.size();
        const double median = n % 2 ? finite[n / 2] : 0.5 * (finite[n / 2 - 1] + finite[n / 2]);
        auto *line = new QCPItemStraightLine(p);
        line->point1->setCoords(median, 0);
        line->point2->setCoords(median, 1);
        line->setPen(QPen(palette().color(QPalette::Text), 1.5, Qt::DashLine));
        addNote(tr("median %1 over %n explanation(s)", nullptr, m_counted).arg(num(median, 2)));
    }
    p->xAxis->setRange(lo, hi);
    p->yAxis->setRange(0, top * 1.15);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString ReviewHistogramChart::toolTipAt(const QPoint &pos) const {
    if (m_counts.empty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const double x = plot()->xAxis->pixelToCoord(pos.x());
    const int bins = static_cast<int>(m_counts.size());
    const int b = static_cast<int>(std::floor((x - m_lo) / (m_hi - m_lo) * bins));
    if (b < 0 || b >= bins)
        return {};
    const double width = (m_hi - m_lo) / bins;
    return tr("%1 to %2: %n explanation(s)", nullptr, m_counts[static_cast<std::size_t>(b)]).arg(num(m_lo + b * width, 2), num(m_lo + (b + 1) * width, 2));
}

} // namespace recscope
