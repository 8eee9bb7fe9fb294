// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explain/attentionheatmap.h"

#include "widgets/common/qcustomplotwrapper.h"
#include "widgets/explain/chartsupport.h"

#include <algorithm>
#include <cmath>

namespace recscope {

using namespace explaincharts;

AttentionHeatmap::AttentionHeatmap(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Attention: each row is a position reading the earlier ones (rows sum to 1)"));
    plot()->xAxis->setLabel(tr("read position (key)"));
    plot()->yAxis->setLabel(tr("reading (query)"));
    plot()->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(plot()->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this] { relabel(); });
    connect(plot()->yAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this] { relabel(); });
    connect(plot(), &QCustomPlot::mouseDoubleClick, this, [this] { showAll(); });
    setToolTip(tr("Wheel to zoom, drag to move, double-click to see every position"));
}

void AttentionHeatmap::relabel() {
    const int n = size();
    if (n == 0)
        return;
    const QSignalBlocker bx(plot()->xAxis), by(plot()->yAxis);
    clampRange(plot()->xAxis, -0.5, n - 0.5);
    clampRange(plot()->yAxis, -0.5, n - 0.5);
    // Slanted names; upright numbers.
    plot()->xAxis->setTickLabelRotation(plot()->xAxis->range().size() <= 41 ? 60 : 0);
    labelPositions(plot()->xAxis, m_labels, n, [](int i) { return double(i); }, m_numbers);
    labelPositions(plot()->yAxis, m_labels, n, [n](int i) { return double(n - 1 - i); }, m_numbers);
    plot()->replot(QCustomPlot::rpQueuedReplot);
}

void AttentionHeatmap::zoomTo(double from, double to) {
    const int n = size();
    plot()->xAxis->setRange(from - 0.5, to + 0.5);
    plot()->yAxis->setRange(n - 1 - to - 0.5, n - 1 - from + 0.5);
    relabel();
}

void AttentionHeatmap::showAll() {
    const int n = size();
    plot()->xAxis->setRange(-0.5, n - 0.5);
    plot()->yAxis->setRange(-0.5, n - 0.5);
    relabel();
}

void AttentionHeatmap::setMatrix(const std::vector<std::vector<float>> &weights, const QStringList &labels, const QString &title,
                                 const std::vector<int> &numbers) {
    m_weights = weights;
    m_labels = labels;
    m_numbers = numbers;
    retitle(title);
    auto *p = plot();
    p->clearPlottables();
    m_map = nullptr;
    const int n = static_cast<int>(weights.size());
    if (n == 0) {
        p->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    setToolTip({});
    m_map = new QCPColorMap(p->xAxis, p->yAxis);
    m_map->data()->setSize(n, n);
    m_map->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
    m_map->setGradient(attentionGradient());
    m_map->setInterpolate(false);
    if (!m_scale) { // the colour key, once
        m_scale = new QCPColorScale(p);
        p->plotLayout()->addElement(p->plotLayout()->rowCount() - 1, 1, m_scale);
    }
    m_scale->setGradient(attentionGradient());
    m_map->setColorScale(m_scale);
    paint();
    showAll();
}

void AttentionHeatmap::setColour(Colour colour) {
    m_colour = colour;
    if (m_map) {
        paint();
        plot()->replot(QCustomPlot::rpQueuedReplot);
    }
}

double AttentionHeatmap::shownValue(int q, int k) const {
    const auto &row = m_weights[static_cast<std::size_t>(q)];
    const double w = row[static_cast<std::size_t>(k)];
    if (m_colour == Colour::PerRow) {
        const double top = *std::max_element(row.begin(), row.end());
        return top > 0 ? w / top : 0.0;
    }
    return m_colour == Colour::Log ? std::max(w, kLogFloor) : w;
}

void AttentionHeatmap::paint() {
    const int n = size();
    for (int q = 0; q < n; ++q)
        for (int k = 0; k < n; ++k)
            m_map->data()->setCell(k, n - 1 - q, shownValue(q, k));
    const bool log = m_colour == Colour::Log;
    const QCPRange range = log ? QCPRange(kLogFloor, 1) : QCPRange(0, 1);
    m_scale->setDataScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    m_scale->axis()->setTicker(log ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog) : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    m_map->setDataScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    m_scale->setDataRange(range);
    m_map->setDataRange(range);
    m_scale->setLabel(m_colour == Colour::PerRow ? tr("share of the row's largest weight")
                      : log                      ? tr("weight (log scale)")
                                                 : tr("weight"));
}

double AttentionHeatmap::visibleShare() const {
    // Of the cells a position may read (weight above zero), those drawn at a tenth of the scale or more.
    int cells = 0, shown = 0;
    const int n = size();
    for (int q = 0; q < n; ++q)
        for (int k = 0; k < n; ++k)
            if (m_weights[static_cast<std::size_t>(q)][static_cast<std::size_t>(k)] > 0) {
                ++cells;
                const double v = shownValue(q, k);
                shown += m_colour == Colour::Log ? std::log10(v / kLogFloor) >= 0.1 * std::log10(1 / kLogFloor) : v >= 0.1;
            }
    return cells ? static_cast<double>(shown) / cells : 0.0;
}

QStringList AttentionHeatmap::tickLabels() const { return axisLabels(plot()->xAxis); }

QString AttentionHeatmap::toolTipAt(const QPoint &pos) const {
    const int n = static_cast<int>(m_weights.size());
    if (n == 0 || !plot()->axisRect()->rect().contains(pos))
        return {};
    const int k = static_cast<int>(std::lround(plot()->xAxis->pixelToCoord(pos.x())));
    const int q = n - 1 - static_cast<int>(std::lround(plot()->yAxis->pixelToCoord(pos.y())));
    if (k < 0 || k >= n || q < 0 || q >= n)
        return {};
    auto label = [&](int i) {
        const int number = i < static_cast<int>(m_numbers.size()) ? m_numbers[static_cast<std::size_t>(i)] : i + 1;
        return QStringLiteral("#%1 %2").arg(number).arg(i < m_labels.size() ? m_labels[i] : QString());
    };
    const auto &row = m_weights[static_cast<std::size_t>(q)];
    return tr("%1 reads %2\nweight %3 (the row's largest: %4)")
        .arg(label(q), label(k), num(row[static_cast<std::size_t>(k)]), num(*std::max_element(row.begin(), row.end())));
}

} // namespace recscope
