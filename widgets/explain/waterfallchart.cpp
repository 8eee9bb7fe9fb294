// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explain/waterfallchart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/explain/chartsupport.h"

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace explaincharts;

WaterfallChart::WaterfallChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("From the base value (empty history) to the score: what each history item adds"));
    plot()->xAxis->setLabel(tr("score"));
}

void WaterfallChart::retitleFor(bool words, const QString &valueName) {
    retitle(waterfallTitle(words));
    plot()->xAxis->setLabel(valueName.isEmpty() ? tr("score") : valueName);
}

void WaterfallChart::setSteps(double base, const std::vector<Step> &steps, double score, int shown) {
    m_bars = waterfallBars(base, steps, score, shown);

    auto *p = plot();
    p->clearPlottables();
    p->clearItems();
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double lo = 0, hi = 0;
    const int n = static_cast<int>(m_bars.size());
    for (int i = 0; i < n; ++i) { // one horizontal bar per step, the first at the top
        const auto &b = m_bars[static_cast<std::size_t>(i)];
        const double key = n - i;
        const bool end = i == 0 || i == n - 1;
        ticker->addTick(key, shortLabel(b.label));
        auto *bar = new QCPBars(p->yAxis, p->xAxis);
        bar->setWidth(0.7);
        bar->setPen(Qt::NoPen);
        bar->setBrush(end ? QColor(0x56, 0x56, 0x56) : b.to >= b.from ? QColor(0x00, 0x9e, 0x73) : QColor(0xd5, 0x5e, 0x00));
        bar->setBaseValue(std::min(b.from, b.to)); // drawn from base to base + length
        bar->addData(key, std::abs(b.to - b.from));
        lo = std::min({lo, b.from, b.to});
        hi = std::max({hi, b.from, b.to});
        auto *label = new QCPItemText(p);
        label->position->setAxes(p->xAxis, p->yAxis);
        label->position->setCoords(std::max(b.from, b.to), key);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->setText(QStringLiteral(" ") +
                       (end ? num(b.to) : (b.to >= b.from ? QStringLiteral("+") : QString()) + num(b.to - b.from)));
        label->setColor(palette().color(QPalette::Text));
    }
    p->yAxis->setTicker(ticker);
    p->yAxis->setSubTicks(false);
    p->yAxis->setRange(0.3, n + 0.7);
    const double pad = std::max(1e-3, (hi - lo) * 0.18);
    p->xAxis->setRange(lo - pad * 0.3, hi + pad);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString WaterfallChart::toolTipAt(const QPoint &pos) const {
    if (m_bars.empty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const int n = static_cast<int>(m_bars.size());
    const int i = n - static_cast<int>(std::lround(plot()->yAxis->pixelToCoord(pos.y())));
    if (i < 0 || i >= n)
        return {};
    const auto &b = m_bars[static_cast<std::size_t>(i)];
    if (i == 0 || i == n - 1)
        return QStringLiteral("%1: %2").arg(b.label, num(b.to));
    return tr("%1\nattribution %2 (± %3)\nrunning total %4").arg(b.label, num(b.to - b.from), num(b.stderr_), num(b.to));
}

} // namespace recscope
