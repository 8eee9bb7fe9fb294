// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/mmrcurvechart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/compare/chartsupport.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace comparecharts;

MmrCurveChart::MmrCurveChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Diversity re-ranking (MMR): each point is one lambda, from the model's order (1) to diversity only (0)"));
}

void MmrCurveChart::setCurve(const std::vector<Point> &points, const QString &diversityName, const QString &accuracyName) {
    m_points = points;
    m_diversity = diversityName;
    m_accuracy = accuracyName;
    auto *p = plot();
    p->clearPlottables(); // the curve of an earlier computation as well
    const bool calibration = diversityName.startsWith(QLatin1String("Miscal"));
    retitle(calibration ? tr("Calibrated re-ranking: each point is one lambda, from the model's order (1) to the user's genre mix only (0)")
                        : tr("Diversity re-ranking (MMR): each point is one lambda, from the model's order (1) to diversity only (0)"));
    p->xAxis->setLabel(diversityName + (calibration ? tr(" (miscalibration: lower is closer to the history)") : tr(" (diversity)")));
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
