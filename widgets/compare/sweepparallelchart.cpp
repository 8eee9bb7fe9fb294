// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/compare/sweepparallelchart.h"

#include "engine/core/errors.h"
#include "engine/store/project.h"
#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/compare/sweepsupport.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace recscope {

using namespace sweepcharts;

SweepParallelChart::SweepParallelChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Every trial across all varied settings and its validation NDCG@10 (parallel coordinates)"));
    plot()->legend->setVisible(true);
    plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot()->yAxis->setTickLabels(false);
    plot()->yAxis->setTicks(false);
    plot()->yAxis->grid()->setVisible(false);
}

void SweepParallelChart::setSweep(const engine::SweepResult &sweep) {
    m_lines.clear();
    auto *p = plot();
    p->clearGraphs();
    p->clearItems();
    std::vector<std::string> keys;
    for (const auto &d : sweep.request.dimensions)
        keys.push_back(d.key);
    const auto axes = static_cast<int>(keys.size()) + 1;
    std::vector<AxisPlacement> placed;
    for (const auto &k : keys)
        placed.push_back(placeSetting(sweep, k));
    // The last axis: validation NDCG@10 over the trials that have one.
    double lo = INFINITY, hi = -INFINITY;
    for (const auto &t : sweep.trials)
        if (std::isfinite(t.validNdcg10)) {
            lo = std::min(lo, t.validNdcg10);
            hi = std::max(hi, t.validNdcg10);
        }
    AxisPlacement score;
    for (const auto &t : sweep.trials)
        score.position.push_back(!std::isfinite(t.validNdcg10) ? NAN : hi > lo ? (t.validNdcg10 - lo) / (hi - lo) : 0.5);
    if (std::isfinite(lo)) {
        score.labels.emplace_back(hi > lo ? 0.0 : 0.5, num(lo));
        if (hi > lo)
            score.labels.emplace_back(1.0, num(hi));
    }
    placed.push_back(score);

    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int a = 0; a < axes; ++a) {
        ticker->addTick(a, a + 1 < axes ? QString::fromStdString(keys[static_cast<std::size_t>(a)]) : tr("valid NDCG@10"));
        auto *axis = new QCPItemLine(p);
        axis->start->setCoords(a, 0);
        axis->end->setCoords(a, 1);
        axis->setPen(QPen(palette().color(QPalette::Text), 1));
        for (const auto &[y, text] : placed[static_cast<std::size_t>(a)].labels) {
            auto *label = new QCPItemText(p);
            label->position->setCoords(a, y);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            label->setPadding(QMargins(4, 0, 0, 0));
            label->setText(text);
            label->setColor(palette().color(QPalette::Text));
        }
    }
    p->xAxis->setTicker(ticker);
    p->xAxis->setRange(-0.3, axes - 1 + 0.6);
    p->yAxis->setRange(-0.08, 1.4); // the legend above the lines
    // Lines: full-length trials first, then the stopped ones, the best on top.
    bool named[3] = {false, false, false};
    const QString names[3] = {tr("trained the full length"), tr("stopped early (halving)"), tr("best trial")};
    for (int pass = 0; pass < 3; ++pass)
        for (std::size_t i = 0; i < sweep.trials.size(); ++i) {
            const auto &t = sweep.trials[i];
            const int kind = static_cast<int>(i) == sweep.best ? 2 : t.stoppedEarly ? 1 : 0;
            if (kind != (pass == 0 ? 1 : pass == 1 ? 0 : 2) || !std::isfinite(t.validNdcg10))
                continue;
            Line line;
            QVector<double> xs, ys;
            for (int a = 0; a < axes; ++a) {
                const double y = placed[static_cast<std::size_t>(a)].position[i];
                line.y.push_back(y);
                if (std::isfinite(y)) {
                    xs << a;
                    ys << y;
                }
            }
            line.text = trialText(t);
            m_lines.push_back(std::move(line));
            auto *g = p->addGraph();
            g->setData(xs, ys, true);
            QColor colour = kind == 2 ? kBest : kind == 1 ? kStopped : kFull;
            if (kind != 2)
                colour.setAlpha(170);
            g->setPen(QPen(colour, kind == 2 ? 3 : 1.5));
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, kind == 2 ? 7 : 5));
            if (named[kind]) {
                g->removeFromLegend();
            } else {
                g->setName(names[kind]);
                named[kind] = true;
            }
        }
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString SweepParallelChart::toolTipAt(const QPoint &pos) const {
    double best = 100; // within 10 pixels of a trial's point on an axis
    QString text;
    for (const auto &line : m_lines)
        for (std::size_t a = 0; a < line.y.size(); ++a) {
            if (!std::isfinite(line.y[a]))
                continue;
            const double dx = plot()->xAxis->coordToPixel(static_cast<double>(a)) - pos.x(), dy = plot()->yAxis->coordToPixel(line.y[a]) - pos.y();
            if (dx * dx + dy * dy < best) {
                best = dx * dx + dy * dy;
                text = line.text;
            }
        }
    return text;
}

} // namespace recscope
