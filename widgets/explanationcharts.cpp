// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explanationcharts.h"

#include "widgets/qcustomplotwrapper.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace recscope {

namespace {
QString num(double v) { return QLocale().toString(v, 'f', 4); }
QString shortLabel(const QString &s) { return s.size() > 28 ? s.left(26) + QStringLiteral("…") : s; }
} // namespace

WaterfallChart::WaterfallChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("From the base value (empty history) to the score: what each history item adds"));
    plot()->xAxis->setLabel(tr("score"));
}

void WaterfallChart::setSteps(double base, const std::vector<Step> &steps, double score, int shown) {
    auto sorted = steps;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return std::abs(a.value) > std::abs(b.value); });
    m_bars.clear();
    double at = base;
    m_bars.push_back({tr("base value"), 0, base, 0});
    for (std::size_t i = 0; i < sorted.size() && static_cast<int>(i) < shown; ++i) {
        m_bars.push_back({sorted[i].label, at, at + sorted[i].value, sorted[i].stderr_});
        at += sorted[i].value;
    }
    if (static_cast<int>(sorted.size()) > shown) {
        double rest = 0;
        for (std::size_t i = static_cast<std::size_t>(shown); i < sorted.size(); ++i)
            rest += sorted[i].value;
        m_bars.push_back({tr("%n other item(s)", nullptr, static_cast<int>(sorted.size()) - shown), at, at + rest, 0});
        at += rest;
    }
    m_bars.push_back({tr("score"), 0, score, 0});

    auto *p = plot();
    p->clearPlottables();
    p->clearItems();
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double lo = 0, hi = 0;
    const int n = static_cast<int>(m_bars.size());
    for (int i = 0; i < n; ++i) { // one horizontal bar per step, the first at the top
        const auto &b = m_bars[static_cast<std::size_t>(i)];
        const double key = n - i;
        const bool end = i == 0 || i == n - 1;
        ticker->addTick(key, shortLabel(b.label));
        auto *bar = new QCPBars(p->yAxis, p->xAxis);
        bar->setWidth(0.7);
        bar->setPen(Qt::NoPen);
        bar->setBrush(end ? QColor(0x56, 0x56, 0x56) : b.to >= b.from ? QColor(0x00, 0x9e, 0x73) : QColor(0xd5, 0x5e, 0x00));
        bar->setBaseValue(std::min(b.from, b.to)); // drawn from base to base + length
        bar->addData(key, std::abs(b.to - b.from));
        lo = std::min({lo, b.from, b.to});
        hi = std::max({hi, b.from, b.to});
        auto *label = new QCPItemText(p);
        label->position->setAxes(p->xAxis, p->yAxis);
        label->position->setCoords(std::max(b.from, b.to), key);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        label->setText(QStringLiteral(" ") +
                       (end ? num(b.to) : (b.to >= b.from ? QStringLiteral("+") : QString()) + num(b.to - b.from)));
        label->setColor(palette().color(QPalette::Text));
    }
    p->yAxis->setTicker(ticker);
    p->yAxis->setSubTicks(false);
    p->yAxis->setRange(0.3, n + 0.7);
    const double pad = std::max(1e-3, (hi - lo) * 0.18);
    p->xAxis->setRange(lo - pad * 0.3, hi + pad);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString WaterfallChart::toolTipAt(const QPoint &pos) const {
    if (m_bars.empty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const int n = static_cast<int>(m_bars.size());
    const int i = n - static_cast<int>(std::lround(plot()->yAxis->pixelToCoord(pos.y())));
    if (i < 0 || i >= n)
        return {};
    const auto &b = m_bars[static_cast<std::size_t>(i)];
    if (i == 0 || i == n - 1)
        return QStringLiteral("%1: %2").arg(b.label, num(b.to));
    return tr("%1\nattribution %2 (± %3)\nrunning total %4").arg(b.label, num(b.to - b.from), num(b.stderr_), num(b.to));
}

AttentionHeatmap::AttentionHeatmap(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Attention: each row is a position reading the earlier ones (rows sum to 1)"));
    plot()->xAxis->setLabel(tr("attended item (key)"));
    plot()->yAxis->setLabel(tr("reading position (query)"));
}

void AttentionHeatmap::setMatrix(const std::vector<std::vector<float>> &weights, const QStringList &labels, const QString &title) {
    m_weights = weights;
    m_labels = labels;
    retitle(title);
    auto *p = plot();
    p->clearPlottables();
    const int n = static_cast<int>(weights.size());
    if (n == 0) {
        p->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    auto *map = new QCPColorMap(p->xAxis, p->yAxis);
    map->data()->setSize(n, n);
    map->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
    for (int q = 0; q < n; ++q)
        for (int k = 0; k < n; ++k)
            map->data()->setCell(k, n - 1 - q, weights[static_cast<std::size_t>(q)][static_cast<std::size_t>(k)]);
    QCPColorGradient gradient(QCPColorGradient::gpThermal);
    map->setGradient(gradient);
    map->setDataRange(QCPRange(0, 1));
    if (!m_scale) { // the colour key, once
        m_scale = new QCPColorScale(p);
        m_scale->setLabel(tr("weight"));
        p->plotLayout()->addElement(p->plotLayout()->rowCount() - 1, 1, m_scale);
    }
    m_scale->setGradient(gradient);
    m_scale->setDataRange(QCPRange(0, 1));
    map->setColorScale(m_scale);
    map->setInterpolate(false);
    // Titles on the axes while they fit; positions beyond.
    QSharedPointer<QCPAxisTickerText> xt(new QCPAxisTickerText), yt(new QCPAxisTickerText);
    const int step = std::max(1, n / 25);
    for (int i = 0; i < n; i += step) {
        const QString l = i < labels.size() ? shortLabel(labels[i]) : QString::number(i + 1);
        xt->addTick(i, l);
        yt->addTick(n - 1 - i, l);
    }
    p->xAxis->setTicker(xt);
    p->yAxis->setTicker(yt);
    p->xAxis->setTickLabelRotation(60);
    p->xAxis->setRange(-0.5, n - 0.5);
    p->yAxis->setRange(-0.5, n - 0.5);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString AttentionHeatmap::toolTipAt(const QPoint &pos) const {
    const int n = static_cast<int>(m_weights.size());
    if (n == 0 || !plot()->axisRect()->rect().contains(pos))
        return {};
    const int k = static_cast<int>(std::lround(plot()->xAxis->pixelToCoord(pos.x())));
    const int q = n - 1 - static_cast<int>(std::lround(plot()->yAxis->pixelToCoord(pos.y())));
    if (k < 0 || k >= n || q < 0 || q >= n)
        return {};
    auto label = [&](int i) { return i < m_labels.size() ? m_labels[i] : QString::number(i + 1); };
    return tr("%1 reads %2\nweight %3").arg(label(q), label(k), num(m_weights[static_cast<std::size_t>(q)][static_cast<std::size_t>(k)]));
}

} // namespace recscope
