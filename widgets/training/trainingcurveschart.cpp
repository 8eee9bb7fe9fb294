// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/training/trainingcurveschart.h"

#include "widgets/common/qcustomplotwrapper.h"

#include <QLocale>

#include <cmath>

namespace recscope {

} // namespace recscope

namespace recscope {

// ------------------------------------------------------------------ TrainingCurvesChart

TrainingCurvesChart::TrainingCurvesChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Training curves"));
    auto *p = plot();
    p->xAxis->setLabel(tr("Epoch"));
    p->yAxis->setLabel(tr("Loss"));
    p->yAxis2->setVisible(true);
    p->yAxis2->setLabel(tr("Validation NDCG@10"));
    auto *train = p->addGraph();
    train->setName(tr("training loss"));
    train->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2));
    auto *valid = p->addGraph();
    valid->setName(tr("validation loss (gap to training shaded)"));
    valid->setPen(QPen(QColor(0xff, 0x7f, 0x0e), 2));
    valid->setBrush(QColor(0xff, 0x7f, 0x0e, 45));
    valid->setChannelFillGraph(train);
    auto *ndcg = p->addGraph(p->xAxis, p->yAxis2);
    ndcg->setName(tr("validation NDCG@10"));
    ndcg->setPen(QPen(QColor(0x2c, 0xa0, 0x2c), 2, Qt::DashLine));
    for (auto *g : {train, valid, ndcg})
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    // The legend sits in a row under the plot, where it hides no curve.
    p->legend->setVisible(true);
    p->legend->setFont(QFont(font().family(), std::max(7, font().pointSize() - 1)));
    p->axisRect()->insetLayout()->take(p->legend);
    p->axisRect()->insetLayout()->simplify();
    p->plotLayout()->addElement(2, 0, p->legend);
    p->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    p->legend->setBorderPen(Qt::NoPen);
    p->legend->setBrush(Qt::NoBrush);
    p->plotLayout()->setRowStretchFactor(2, 0.001);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    p->xAxis->setTicker(ticker);
    applyTheme();
}

void TrainingCurvesChart::setCurves(const std::vector<Point> &points, int bestEpoch, bool comparable) {
    m_points = points;
    m_comparable = comparable;
    m_bestEpoch = bestEpoch;
    auto *p = plot();
    // Shade the gap only between losses of one kind.
    p->graph(1)->setChannelFillGraph(comparable ? p->graph(0) : nullptr);
    p->graph(1)->setBrush(comparable ? QBrush(QColor(0xff, 0x7f, 0x0e, 45)) : QBrush(Qt::NoBrush));
    p->graph(1)->setName(comparable ? tr("validation loss (gap to training shaded)") : tr("validation loss (sampled BCE, other scale)"));
    QVector<double> x, train, valid, ndcg;
    double lo = 1e300, hi = -1e300;
    for (const auto &pt : points) {
        x << pt.epoch;
        train << pt.trainLoss;
        valid << pt.validLoss;
        ndcg << pt.validNdcg10;
        lo = std::min({lo, pt.trainLoss, pt.validLoss});
        hi = std::max({hi, pt.trainLoss, pt.validLoss});
    }
    p->graph(0)->setData(x, train, true);
    p->graph(1)->setData(x, valid, true);
    p->graph(2)->setData(x, ndcg, true);
    p->clearItems();
    if (!points.empty()) {
        p->xAxis->setRange(0.5, std::max(2.0, static_cast<double>(points.back().epoch)) + 0.5);
        const double pad = std::max(1e-3, (hi - lo) * 0.1);
        p->yAxis->setRange(std::max(0.0, lo - pad), hi + pad);
        double nmax = 0;
        for (double v : ndcg)
            nmax = std::max(nmax, v);
        p->yAxis2->setRange(0, std::max(0.05, nmax * 1.2));
        if (bestEpoch > 0) {
            auto *line = new QCPItemStraightLine(p);
            line->point1->setCoords(bestEpoch, 0);
            line->point2->setCoords(bestEpoch, 1);
            line->setPen(QPen(QColor(0xd6, 0x27, 0x28), 1.5, Qt::DashLine));
            auto *label = new QCPItemText(p);
            label->position->setCoords(bestEpoch, hi + pad * 0.5);
            // Right of the line, unless the line is at the right edge.
            const bool last = bestEpoch >= points.back().epoch;
            label->setPositionAlignment((last ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
            label->setText(last ? tr("best epoch %1").arg(bestEpoch) + QLatin1Char(' ')
                                : QLatin1Char(' ') + tr("best epoch %1").arg(bestEpoch));
            label->setColor(QColor(0xd6, 0x27, 0x28));
        }
    }
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString TrainingCurvesChart::toolTipAt(const QPoint &pos) const {
    if (m_points.empty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const long epoch = std::lround(plot()->xAxis->pixelToCoord(pos.x()));
    for (const auto &pt : m_points)
        if (pt.epoch == epoch && !m_comparable)
            return tr("Epoch %1\ntraining loss %2 (cross-entropy)\nvalidation loss %3 (sampled BCE)\nvalidation NDCG@10 %4")
                .arg(epoch)
                .arg(QLocale().toString(pt.trainLoss, 'f', 4), QLocale().toString(pt.validLoss, 'f', 4),
                     QLocale().toString(pt.validNdcg10, 'f', 4));
        else if (pt.epoch == epoch)
            return tr("Epoch %1\ntraining loss %2\nvalidation loss %3 (gap %4)\nvalidation NDCG@10 %5")
                .arg(epoch)
                .arg(QLocale().toString(pt.trainLoss, 'f', 4), QLocale().toString(pt.validLoss, 'f', 4),
                     QLocale().toString(pt.validLoss - pt.trainLoss, 'f', 4), QLocale().toString(pt.validNdcg10, 'f', 4));
    return {};
}

} // namespace recscope
