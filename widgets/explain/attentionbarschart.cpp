// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explain/attentionbarschart.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/explain/chartsupport.h"

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace explaincharts;

QStringList AttentionBarsChart::tickLabels() const { return axisLabels(plot()->xAxis); }

AttentionBarsChart::AttentionBarsChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("What the prediction reads"));
    plot()->yAxis->setLabel(tr("attention weight"));
    // Upright names: a slanted one reaches right of its bar, and QCustomPlot drops a tick label
    // that would cross the widget's edge (the newest item's).
    plot()->xAxis->setTickLabelRotation(90);
    plot()->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot()->axisRect()->setRangeDrag(Qt::Horizontal);
    plot()->axisRect()->setRangeZoom(Qt::Horizontal);
    plot()->legend->setVisible(true);
    plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    connect(plot()->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this] { relabel(); });
    connect(plot(), &QCustomPlot::mouseDoubleClick, this, [this] {
        plot()->xAxis->setRange(-0.5, barCount() - 0.5);
        relabel();
    });
}

void AttentionBarsChart::setWeights(const std::vector<double> &weights, const std::vector<double> &rollout, const QStringList &labels,
                                    const QString &title) {
    m_weights = weights;
    m_rollout = rollout.size() == weights.size() ? rollout : std::vector<double>{};
    m_labels = labels;
    retitle(title);
    auto *p = plot();
    p->clearPlottables();
    const int n = barCount();
    QVector<double> keys, values, rolled;
    double top = 0;
    for (int i = 0; i < n; ++i) {
        keys << i;
        values << m_weights[static_cast<std::size_t>(i)];
        top = std::max(top, m_weights[static_cast<std::size_t>(i)]);
        if (!m_rollout.empty()) {
            rolled << m_rollout[static_cast<std::size_t>(i)];
            top = std::max(top, m_rollout[static_cast<std::size_t>(i)]);
        }
    }
    auto *bars = new QCPBars(p->xAxis, p->yAxis);
    bars->setName(tr("this layer and head"));
    bars->setData(keys, values, true);
    bars->setWidth(0.8);
    bars->setPen(Qt::NoPen);
    bars->setBrush(QColor(0xe6, 0x9f, 0x00));
    if (!m_rollout.empty()) {
        auto *line = p->addGraph();
        line->setName(tr("rollout through all layers"));
        line->setData(keys, rolled, true);
        line->setPen(QPen(QColor(0x00, 0x72, 0xb2), 2));
        line->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    }
    p->legend->setVisible(n > 0);
    p->yAxis->setRange(0, std::max(1e-3, top * 1.15));
    p->xAxis->setRange(-0.5, n - 0.5);
    relabel();
}

void AttentionBarsChart::relabel() {
    const int n = barCount();
    if (n == 0) {
        plot()->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const QSignalBlocker block(plot()->xAxis);
    clampRange(plot()->xAxis, -0.5, n - 0.5);
    plot()->xAxis->setTickLabelRotation(plot()->xAxis->range().size() <= 41 ? 90 : 0);
    labelPositions(plot()->xAxis, m_labels, n, [](int i) { return double(i); });
    plot()->replot(QCustomPlot::rpQueuedReplot);
}

QString AttentionBarsChart::toolTipAt(const QPoint &pos) const {
    const int n = barCount();
    if (n == 0 || !plot()->axisRect()->rect().contains(pos))
        return {};
    const int i = static_cast<int>(std::lround(plot()->xAxis->pixelToCoord(pos.x())));
    if (i < 0 || i >= n)
        return {};
    QString text = tr("%1 (position %2)\nweight %3").arg(m_labels.value(i), QString::number(i + 1), num(m_weights[static_cast<std::size_t>(i)]));
    if (!m_rollout.empty())
        text += tr("\nrollout %1").arg(num(m_rollout[static_cast<std::size_t>(i)]));
    return text;
}

} // namespace recscope
