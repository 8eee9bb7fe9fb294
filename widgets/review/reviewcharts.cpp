// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/review/reviewcharts.h"

#include "widgets/common/qcustomplotwrapper.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace recscope {

namespace {
QString num(double v, int digits = 3) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }
const QColor kDeletion(0xd5, 0x5e, 0x00), kInsertion(0x00, 0x72, 0xb2); // as in the faithfulness curves
} // namespace

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

ReviewHistogramChart::ReviewHistogramChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(QString());
    plot()->yAxis->setLabel(tr("explanations"));
    QSharedPointer<QCPAxisTickerFixed> whole(new QCPAxisTickerFixed);
    whole->setTickStep(1);
    whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot()->yAxis->setTicker(whole);
}

void ReviewHistogramChart::setValues(const std::vector<double> &values, double lo, double hi, int bins, const QString &title,
                                     const QString &axis) {
    retitle(title);
    m_lo = lo;
    m_hi = hi;
    m_counts.assign(static_cast<std::size_t>(std::max(1, bins)), 0);
    std::vector<double> finite;
    for (double v : values)
        if (std::isfinite(v)) {
            finite.push_back(v);
            const auto bin = std::clamp(static_cast<int>((v - lo) / (hi - lo) * bins), 0, bins - 1);
            ++m_counts[static_cast<std::size_t>(bin)];
        }
    m_counted = static_cast<int>(finite.size());
    auto *p = plot();
    p->clearPlottables();
    p->clearItems();
    p->xAxis->setLabel(axis);
    const double width = (hi - lo) / bins;
    auto *bars = new QCPBars(p->xAxis, p->yAxis);
    bars->setWidth(width * 0.92);
    bars->setPen(Qt::NoPen);
    bars->setBrush(QColor(0x00, 0x9e, 0x73));
    int top = 1;
    for (int b = 0; b < bins; ++b) {
        bars->addData(lo + (b + 0.5) * width, m_counts[static_cast<std::size_t>(b)]);
        top = std::max(top, m_counts[static_cast<std::size_t>(b)]);
    }
    if (!finite.empty()) {
        std::sort(finite.begin(), finite.end());
        const auto n = finite.size();
        const double median = n % 2 ? finite[n / 2] : 0.5 * (finite[n / 2 - 1] + finite[n / 2]);
        auto *line = new QCPItemStraightLine(p);
        line->point1->setCoords(median, 0);
        line->point2->setCoords(median, 1);
        line->setPen(QPen(palette().color(QPalette::Text), 1.5, Qt::DashLine));
        addNote(tr("median %1 over %n explanation(s)", nullptr, m_counted).arg(num(median, 2)));
    }
    p->xAxis->setRange(lo, hi);
    p->yAxis->setRange(0, top * 1.15);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString ReviewHistogramChart::toolTipAt(const QPoint &pos) const {
    if (m_counts.empty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const double x = plot()->xAxis->pixelToCoord(pos.x());
    const int bins = static_cast<int>(m_counts.size());
    const int b = static_cast<int>(std::floor((x - m_lo) / (m_hi - m_lo) * bins));
    if (b < 0 || b >= bins)
        return {};
    const double width = (m_hi - m_lo) / bins;
    return tr("%1 to %2: %n explanation(s)", nullptr, m_counts[static_cast<std::size_t>(b)]).arg(num(m_lo + b * width, 2), num(m_lo + (b + 1) * width, 2));
}

ReviewCreditChart::ReviewCreditChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(QString());
    plot()->xAxis->setLabel(tr("explanations that credit it most"));
    QSharedPointer<QCPAxisTickerFixed> whole(new QCPAxisTickerFixed); // counts are whole
    whole->setTickStep(1);
    whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot()->xAxis->setTicker(whole);
}

void ReviewCreditChart::setCredits(const QStringList &names, const std::vector<int> &counts, int total, const QString &title) {
    retitle(title);
    m_names = names;
    m_counts = counts;
    m_total = total;
    auto *p = plot();
    p->clearPlottables();
    auto *bars = new QCPBars(p->yAxis, p->xAxis); // keys down the side
    bars->setWidth(0.7);
    bars->setPen(Qt::NoPen);
    bars->setBrush(kInsertion);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const int n = static_cast<int>(m_counts.size());
    int top = 1;
    for (int i = 0; i < n; ++i) {
        const double key = n - 1 - i; // the largest on top
        bars->addData(key, m_counts[static_cast<std::size_t>(i)]);
        const QString &name = m_names.value(i);
        ticker->addTick(key, name.size() > 32 ? name.left(30) + QStringLiteral("…") : name);
        top = std::max(top, m_counts[static_cast<std::size_t>(i)]);
    }
    p->yAxis->setTicker(ticker);
    p->yAxis->setRange(-0.6, std::max(1, n) - 0.4);
    p->xAxis->setRange(0, top * 1.1);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString ReviewCreditChart::toolTipAt(const QPoint &pos) const {
    if (!plot()->axisRect()->rect().contains(pos))
        return {};
    const int n = barCount();
    const int i = n - 1 - static_cast<int>(std::lround(plot()->yAxis->pixelToCoord(pos.y())));
    if (i < 0 || i >= n)
        return {};
    const int c = m_counts[static_cast<std::size_t>(i)];
    return tr("%1\ncredited most in %n explanation(s)", nullptr, c).arg(m_names.value(i)) +
           (m_total > 0 ? tr(" (%1% of those reviewed)").arg(num(100.0 * c / m_total, 0)) : QString());
}

} // namespace recscope
