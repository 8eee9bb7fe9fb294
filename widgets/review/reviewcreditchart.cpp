// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/review/reviewcreditchart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/review/chartsupport.h"

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace reviewcharts;

ReviewCreditChart::ReviewCreditChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(QString());
    plot()->xAxis->setLabel(tr("explanations that credit it most"));
    QSharedPointer<QCPAxisTickerFixed> whole(new QCPAxisTickerFixed); // counts are whole
    whole->setTickStep(1);
    whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot()->xAxis->setTicker(whole);
}

void ReviewCreditChart::setCredits(const QStringList &names, const std::vector<int> &counts, int total, const QString &title) {
    retitle(title);
    m_names = names;
    m_counts = counts;
    m_total = total;
    auto *p = plot();
    p->clearPlottables();
    auto *bars = new QCPBars(p->yAxis, p->xAxis); // keys down the side
    bars->setWidth(0.7);
    bars->setPen(Qt::NoPen);
    bars->setBrush(kInsertion);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const int n = static_cast<int>(m_counts.size());
    int top = 1;
    for (int i = 0; i < n; ++i) {
        const double key = n - 1 - i; // the largest on top
        bars->addData(key, m_counts[static_cast<std::size_t>(i)]);
        const QString &name = m_names.value(i);
        ticker->addTick(key, name.size() > 32 ? name.left(30) + QStringLiteral("…") : name);
        top = std::max(top, m_counts[static_cast<std::size_t>(i)]);
    }
    p->yAxis->setTicker(ticker);
    p->yAxis->setRange(-0.6, std::max(1, n) - 0.4);
    p->xAxis->setRange(0, top * 1.1);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString ReviewCreditChart::toolTipAt(const QPoint &pos) const {
    if (!plot()->axisRect()->rect().contains(pos))
        return {};
    const int n = barCount();
    const int i = n - 1 - static_cast<int>(std::lround(plot()->yAxis->pixelToCoord(pos.y())));
    if (i < 0 || i >= n)
        return {};
    const int c = m_counts[static_cast<std::size_t>(i)];
    return tr("%1\ncredited most in %n explanation(s)", nullptr, c).arg(m_names.value(i)) +
           (m_total > 0 ? tr(" (%1% of those reviewed)").arg(num(100.0 * c / m_total, 0)) : QString());
}

} // namespace recscope
