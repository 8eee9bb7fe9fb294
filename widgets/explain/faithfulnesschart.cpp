// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explain/faithfulnesschart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/explain/chartsupport.h"

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace explaincharts;

FaithfulnessChart::FaithfulnessChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Deletion and insertion curves"));
    plot()->xAxis->setLabel(tr("items taken away (deletion) or given back (insertion), most credited first"));
    plot()->legend->setVisible(true);
    plot()->legend->setWrap(2); // two by two across the top, above the curves
    plot()->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignHCenter);
    QSharedPointer<QCPAxisTickerFixed> whole(new QCPAxisTickerFixed); // items are counted whole
    whole->setTickStep(1);
    whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot()->xAxis->setTicker(whole);
}

void FaithfulnessChart::setCurves(const Curves &curves, const QString &valueName) {
    m_curves = curves;
    auto *p = plot();
    p->clearGraphs();
    p->yAxis->setLabel(valueName);
    const int n = pointCount();
    struct Line {
        const std::vector<double> *values;
        QString name;
        QColor colour;
        Qt::PenStyle style;
    };
    // Okabe-Ito colours; random orders dashed in the same colour as their curve.
    const QColor deletion(0xd5, 0x5e, 0x00), insertion(0x00, 0x72, 0xb2);
    const Line lines[] = {{&m_curves.deletion, tr("deletion"), deletion, Qt::SolidLine},
                          {&m_curves.deletionRandom, tr("deletion, random order"), deletion, Qt::DashLine},
                          {&m_curves.insertion, tr("insertion"), insertion, Qt::SolidLine},
                          {&m_curves.insertionRandom, tr("insertion, random order"), insertion, Qt::DashLine}};
    double low = 0, high = 0;
    bool any = false;
    for (const auto &line : lines) {
        if (static_cast<int>(line.values->size()) != n || n == 0)
            continue;
        QVector<double> keys, values;
        for (int k = 0; k < n; ++k) {
            keys << k;
            values << (*line.values)[static_cast<std::size_t>(k)];
            low = any ? std::min(low, values.back()) : values.back();
            high = any ? std::max(high, values.back()) : values.back();
            any = true;
        }
        auto *g = p->addGraph();
        g->setName(line.name);
        g->setData(keys, values, true);
        QPen pen(line.colour, line.style == Qt::SolidLine ? 2 : 1.5);
        pen.setStyle(line.style);
        g->setPen(pen);
        if (line.style == Qt::SolidLine)
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    }
    p->legend->setVisible(any);
    const double pad = std::max(1e-3, 0.08 * (high - low));
    p->yAxis->setRange(low - pad, high + 4 * pad); // room for the legend
    p->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    p->xAxis->setRange(-0.3, std::max(1, n - 1) + 0.3);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString FaithfulnessChart::toolTipAt(const QPoint &pos) const {
    const int n = pointCount();
    if (n == 0 || !plot()->axisRect()->rect().contains(pos))
        return {};
    const int k = static_cast<int>(std::lround(plot()->xAxis->pixelToCoord(pos.x())));
    if (k < 0 || k >= n)
        return {};
    const auto at = static_cast<std::size_t>(k);
    QString text = tr("%n item(s) most credited first", nullptr, k);
    text += tr("\ndeletion: %1").arg(num(m_curves.deletion[at]));
    if (at < m_curves.deletionRank.size())
        text += tr(" (rank %1)").arg(m_curves.deletionRank[at]);
    text += tr("\ninsertion: %1").arg(num(m_curves.insertion[at]));
    if (at < m_curves.insertionRank.size())
        text += tr(" (rank %1)").arg(m_curves.insertionRank[at]);
    if (at < m_curves.deletionRandom.size())
        text += tr("\nrandom order: deletion %1, insertion %2").arg(num(m_curves.deletionRandom[at]), num(m_curves.insertionRandom[at]));
    return text;
}

} // namespace recscope
