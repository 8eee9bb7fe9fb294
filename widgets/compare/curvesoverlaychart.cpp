// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/curvesoverlaychart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/compare/chartsupport.h"

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace comparecharts;

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

} // namespace recscope
