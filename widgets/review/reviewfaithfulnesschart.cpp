// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/review/reviewfaithfulnesschart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/review/chartsupport.h"

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace reviewcharts;

ReviewFaithfulnessChart::ReviewFaithfulnessChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Each explanation against random orders (areas on the 0-1 scale of its curves)"));
    plot()->xAxis->setLabel(tr("area when items are taken in random orders"));
    plot()->yAxis->setLabel(tr("area when the most credited items go first"));
    plot()->legend->setVisible(true);
    plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
}

void ReviewFaithfulnessChart::setCases(const std::vector<Case> &cases) {
    m_cases = cases;
    auto *p = plot();
    p->clearGraphs();
    auto *diagonal = p->addGraph();
    diagonal->setName(tr("as good as random"));
    diagonal->setData({0.0, 1.0}, {0.0, 1.0});
    diagonal->setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
    auto points = [&](bool deletion, const QString &name, const QColor &colour) {
        QVector<double> x, y;
        for (const auto &c : m_cases) {
            const double a = deletion ? c.deletionRandom : c.insertionRandom, b = deletion ? c.deletion : c.insertion;
            if (std::isfinite(a) && std::isfinite(b)) {
                x << a;
                y << b;
            }
        }
        auto *g = p->addGraph();
        g->setName(name);
        g->setData(x, y);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(deletion ? QCPScatterStyle::ssDisc : QCPScatterStyle::ssTriangle, colour, colour, 6));
    };
    points(true, tr("deletion (faithful below the line)"), kDeletion);
    points(false, tr("insertion (faithful above the line)"), kInsertion);
    p->xAxis->setRange(0, 1);
    p->yAxis->setRange(0, 1);
    p->replot(QCustomPlot::rpQueuedReplot);
}

int ReviewFaithfulnessChart::pointCount() const {
    int n = 0;
    for (int g = 1; g < plot()->graphCount(); ++g)
        n += plot()->graph(g)->dataCount();
    return n;
}

QString ReviewFaithfulnessChart::toolTipAt(const QPoint &pos) const {
    if (!plot()->axisRect()->rect().contains(pos))
        return {};
    // The nearest point within 8 pixels.
    double best = 64;
    QString text;
    for (const auto &c : m_cases)
        for (int which = 0; which < 2; ++which) {
            const double a = which ? c.insertionRandom : c.deletionRandom, b = which ? c.insertion : c.deletion;
            if (!std::isfinite(a) || !std::isfinite(b))
                continue;
            const double dx = plot()->xAxis->coordToPixel(a) - pos.x(), dy = plot()->yAxis->coordToPixel(b) - pos.y();
            if (dx * dx + dy * dy < best) {
                best = dx * dx + dy * dy;
                text = c.label + QLatin1Char('\n') +
                       (which ? tr("insertion area %1, random orders %2") : tr("deletion area %1, random orders %2")).arg(num(b), num(a));
            }
        }
    return text;
}

} // namespace recscope
