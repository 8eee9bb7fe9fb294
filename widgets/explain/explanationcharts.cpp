// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explain/explanationcharts.h"

#include "widgets/common/qcustomplotwrapper.h"

#include <QFontMetrics>
#include <QGridLayout>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QToolButton>

#include <algorithm>
#include <cmath>

namespace recscope {

namespace {
QString num(double v) { return QLocale().toString(v, 'f', 4); }
QString shortLabel(const QString &s) { return s.size() > 28 ? s.left(26) + QStringLiteral("…") : s; }

// Ticks for the positions in view. Up to 40 in view: names (as many as fit, about 25). More:
// position numbers at a round step, the names on hover. `at(i)` is where position i sits on the
// axis; `numbers` gives each position's number (1-based) when they are not 1..n.
void labelPositions(QCPAxis *axis, const QStringList &labels, int n, const std::function<double(int)> &at,
                    const std::vector<int> &numbers = {}) {
    const auto range = axis->range();
    const int visible = std::max(1, static_cast<int>(std::ceil(range.size())));
    auto number = [&](int i) { return i < static_cast<int>(numbers.size()) ? numbers[static_cast<std::size_t>(i)] : i + 1; };
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    auto inView = [&](double x) { return x >= range.lower - 1 && x <= range.upper + 1; };
    if (visible <= 40) {
        // As many names as fit at one line of text apart (about 25 at most), cut short on the slanted axis.
        const bool vertical = axis->orientation() == Qt::Vertical;
        const int pixels = vertical ? axis->axisRect()->height() : axis->axisRect()->width();
        const int fit = std::clamp(pixels / (QFontMetrics(axis->tickLabelFont()).height() + 2), 2, 25);
        const int step = std::max(1, (visible + fit - 1) / fit);
        for (int i = 0; i < n; i += step)
            if (inView(at(i))) {
                const QString name = i < labels.size() ? labels[i] : QString::number(number(i));
                ticker->addTick(at(i), vertical || name.size() <= 20 ? shortLabel(name) : name.left(18) + QStringLiteral("…"));
            }
    } else {
        const int step = positionStep(visible);
        for (int i = 0; i < n; ++i)
            if ((number(i) % step == 0 || i == n - 1) && inView(at(i)))
                ticker->addTick(at(i), QStringLiteral("#%1").arg(number(i)));
    }
    axis->setTicker(ticker);
}

// Keeps an axis inside [lo, hi] while the user drags and zooms.
void clampRange(QCPAxis *axis, double lo, double hi) {
    auto r = axis->range();
    if (r.size() >= hi - lo) {
        r = QCPRange(lo, hi);
    } else {
        if (r.lower < lo)
            r = QCPRange(lo, lo + r.size());
        if (r.upper > hi)
            r = QCPRange(hi - r.size(), hi);
    }
    if (r != axis->range())
        axis->setRange(r);
}

QCPColorGradient attentionGradient() { return QCPColorGradient(QCPColorGradient::gpThermal); }
constexpr double kLogFloor = 1e-4; // the log colour scale's lowest weight
} // namespace

WaterfallChart::WaterfallChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("From the base value (empty history) to the score: what each history item adds"));
    plot()->xAxis->setLabel(tr("score"));
}

void WaterfallChart::retitleFor(bool words, const QString &valueName) {
    retitle(waterfallTitle(words));
    plot()->xAxis->setLabel(valueName.isEmpty() ? tr("score") : valueName);
}

void WaterfallChart::setSteps(double base, const std::vector<Step> &steps, double score, int shown) {
    m_bars = waterfallBars(base, steps, score, shown);

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

static QStringList axisLabels(QCPAxis *axis) {
    QStringList out;
    if (const auto text = axis->ticker().dynamicCast<QCPAxisTickerText>())
        for (const auto &label : text->ticks())
            out << label;
    return out;
}

QStringList AttentionHeatmap::tickLabels() const { return axisLabels(plot()->xAxis); }
QStringList AttentionBarsChart::tickLabels() const { return axisLabels(plot()->xAxis); }

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

AttentionThumbnails::AttentionThumbnails(QWidget *parent) : QWidget(parent), m_grid(new QGridLayout(this)) {
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(4);
}

int AttentionThumbnails::buttonCount() const { return static_cast<int>(m_buttons.size()); }

QImage AttentionThumbnails::render(const std::vector<std::vector<float>> &weights, int side) {
    const int n = static_cast<int>(weights.size());
    if (n == 0)
        return {};
    QImage image(n, n, QImage::Format_RGB32);
    auto gradient = attentionGradient(); // color() is not const
    for (int q = 0; q < n; ++q)
        for (int k = 0; k < n; ++k)
            image.setPixel(k, q, gradient.color(weights[static_cast<std::size_t>(q)][static_cast<std::size_t>(k)], QCPRange(0, 1)));
    return image.scaled(side, side, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

void AttentionThumbnails::setAttention(const std::vector<std::vector<std::vector<std::vector<float>>>> &attention) {
    m_buttons.clear();
    while (auto *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const int side = 64;
    for (std::size_t l = 0; l < attention.size(); ++l) {
        const auto &layer = attention[l];
        auto *name = new QLabel(tr("Layer %1").arg(l + 1), this);
        m_grid->addWidget(name, static_cast<int>(l), 0);
        const int heads = static_cast<int>(layer.size());
        for (int h = -1; h < heads; ++h) {
            if (h >= 0 && heads == 1)
                break; // one head: its average is itself
            auto *b = new QToolButton(this);
            b->setCheckable(true);
            b->setAutoRaise(true);
            b->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
            b->setIconSize(QSize(side, side));
            const auto &m = h < 0 ? headAverage(layer) : layer[static_cast<std::size_t>(h)];
            b->setIcon(QIcon(QPixmap::fromImage(render(m, side))));
            b->setText(h < 0 ? (heads > 1 ? tr("average") : tr("head 1")) : tr("head %1").arg(h + 1));
            b->setToolTip(h < 0 ? tr("Layer %1, heads averaged").arg(l + 1) : tr("Layer %1, head %2").arg(l + 1).arg(h + 1));
            b->setProperty("layer", static_cast<int>(l));
            b->setProperty("head", h);
            connect(b, &QToolButton::clicked, this, [this, l = static_cast<int>(l), h] { Q_EMIT chosen(l, h); });
            m_grid->addWidget(b, static_cast<int>(l), h + 2);
            m_buttons.push_back(b);
        }
    }
    m_grid->setColumnStretch(m_grid->columnCount(), 1);
}

void AttentionThumbnails::setCurrent(int layer, int head) {
    for (auto *b : m_buttons)
        b->setChecked(b->property("layer").toInt() == layer && b->property("head").toInt() == head);
}

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
