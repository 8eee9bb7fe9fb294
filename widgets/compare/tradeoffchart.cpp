// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/tradeoffchart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/compare/chartsupport.h"

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace comparecharts;

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

} // namespace recscope
