// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/sweepsettingchart.h"

#include "engine/core/errors.h"
#include "engine/store/project.h"
#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/compare/sweepsupport.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace recscope {

using namespace sweepcharts;

SweepSettingChart::SweepSettingChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Validation NDCG@10 of each trial against a setting"));
    plot()->yAxis->setLabel(tr("validation NDCG@10 (best checkpoint)"));
    plot()->legend->setVisible(true);
    plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
}

void SweepSettingChart::setSweep(const engine::SweepResult &sweep, const std::string &key) {
    m_points.clear();
    auto *p = plot();
    p->clearGraphs();
    p->xAxis->setLabel(QString::fromStdString(key));
    // Numbers on a numeric axis (log when they span two decades or more), else categories.
    bool numeric = true;
    std::vector<std::string> categories;
    for (const auto &t : sweep.trials) {
        const auto it = t.settings.find(key);
        if (it == t.settings.end())
            continue;
        char *end = nullptr;
        std::strtod(it->second.c_str(), &end);
        numeric = numeric && end && *end == '\0' && !it->second.empty();
        if (std::find(categories.begin(), categories.end(), it->second) == categories.end())
            categories.push_back(it->second);
    }
    double lo = INFINITY, hi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    QVector<double> fx, fy, sx, sy, bx, by;
    for (std::size_t i = 0; i < sweep.trials.size(); ++i) {
        const auto &t = sweep.trials[i];
        const auto it = t.settings.find(key);
        if (it == t.settings.end() || !std::isfinite(t.validNdcg10))
            continue;
        const double x = numeric ? std::strtod(it->second.c_str(), nullptr)
                                 : static_cast<double>(std::find(categories.begin(), categories.end(), it->second) - categories.begin());
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        ylo = std::min(ylo, t.validNdcg10);
        yhi = std::max(yhi, t.validNdcg10);
        m_points.push_back({x, t.validNdcg10, trialText(t)});
        auto &xs = static_cast<int>(i) == sweep.best ? bx : t.stoppedEarly ? sx : fx;
        auto &ys = static_cast<int>(i) == sweep.best ? by : t.stoppedEarly ? sy : fy;
        xs << x;
        ys << t.validNdcg10;
    }
    auto points = [&](const QVector<double> &x, const QVector<double> &y, const QString &name, const QColor &colour,
                      QCPScatterStyle::ScatterShape shape, double size) {
        if (x.isEmpty())
            return;
        auto *g = p->addGraph();
        g->setName(name);
        g->setData(x, y);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(shape, colour, colour, size));
    };
    points(fx, fy, tr("trained the full length"), kFull, QCPScatterStyle::ssDisc, 8);
    points(sx, sy, tr("stopped early (halving)"), kStopped, QCPScatterStyle::ssCircle, 8);
    points(bx, by, tr("best trial"), kBest, QCPScatterStyle::ssStar, 14);
    const bool log = numeric && lo > 0 && hi / lo >= 100;
    p->xAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log)
        p->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else if (!numeric) {
        QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
        for (std::size_t c = 0; c < categories.size(); ++c)
            ticker->addTick(static_cast<double>(c), QString::fromStdString(categories[c]));
        p->xAxis->setTicker(ticker);
    } else {
        p->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    }
    if (m_points.empty()) {
        p->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    if (log)
        p->xAxis->setRange(lo / 1.5, hi * 1.5);
    else {
        const double pad = hi > lo ? 0.08 * (hi - lo) : 0.5;
        p->xAxis->setRange(lo - pad, hi + pad);
    }
    const double ypad = yhi > ylo ? 0.1 * (yhi - ylo) : 0.01;
    p->yAxis->setRange(ylo - ypad, yhi + 4 * ypad); // room for the legend
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString SweepSettingChart::toolTipAt(const QPoint &pos) const {
    double best = 100; // within 10 pixels
    QString text;
    for (const auto &pt : m_points) {
        const double dx = plot()->xAxis->coordToPixel(pt.x) - pos.x(), dy = plot()->yAxis->coordToPixel(pt.y) - pos.y();
        if (dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            text = pt.text;
        }
    }
    return text;
}

} // namespace recscope
