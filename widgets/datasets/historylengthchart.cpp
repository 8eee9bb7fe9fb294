// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/datasets/historylengthchart.h"

#include "widgets/common/qcustomplotwrapper.h"

#include <QLocale>

#include <cmath>

namespace recscope {

// ------------------------------------------------------------------ HistoryLengthChart

HistoryLengthChart::HistoryLengthChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("History lengths"));
    auto *p = plot();
    p->xAxis->setLabel(tr("Interactions per user (log-spaced bins)"));
    p->yAxis->setLabel(tr("Users"));
    p->xAxis->setTickLabelRotation(45);
    auto *bars = new QCPBars(p->xAxis, p->yAxis);
    bars->setPen(QPen(QColor(0x2c, 0x7f, 0xb8)));
    bars->setBrush(QColor(0x2c, 0x7f, 0xb8, 170));
    bars->setWidth(0.85);
    bars->setName(tr("users"));
}

void HistoryLengthChart::setHistogram(const std::vector<Bin> &bins, double median) {
    m_bins = bins;
    auto *p = plot();
    auto *bars = qobject_cast<QCPBars *>(p->plottable(0));
    QVector<double> x, y;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double maxCount = 0;
    for (std::size_t i = 0; i < bins.size(); ++i) {
        x << static_cast<double>(i);
        y << static_cast<double>(bins[i].count);
        maxCount = std::max(maxCount, static_cast<double>(bins[i].count));
        const auto lo = static_cast<qint64>(std::ceil(bins[i].from)), hi = static_cast<qint64>(std::ceil(bins[i].to)) - 1;
        ticker->addTick(static_cast<double>(i), lo >= hi ? QString::number(lo) : QStringLiteral("%1–%2").arg(lo).arg(hi));
    }
    p->xAxis->setTicker(ticker);
    bars->setData(x, y, true);
    p->clearItems();
    addNote(tr("Median history: %1 interactions").arg(QLocale().toString(median, 'f', 0)));
    p->xAxis->setRange(-0.7, static_cast<double>(bins.size()) - 0.3);
    p->yAxis->setRange(0, maxCount * 1.15 + 1);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString HistoryLengthChart::toolTipAt(const QPoint &pos) const {
    if (m_bins.empty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const long i = std::lround(plot()->xAxis->pixelToCoord(pos.x()));
    if (i < 0 || i >= static_cast<long>(m_bins.size()))
        return {};
    const auto &b = m_bins[static_cast<std::size_t>(i)];
    return tr("%1 users with %2 to %3 interactions")
        .arg(QLocale().toString(b.count), QLocale().toString(static_cast<qint64>(std::ceil(b.from))),
             QLocale().toString(static_cast<qint64>(std::ceil(b.to)) - 1));
}

} // namespace recscope
