// SPDX-License-Identifier: GPL-3.0-or-later
#include "reports/reportcharts.h"

#include "reports/plotpainter.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace recscope {

// The charts' words, in one translation context.
class ReportCharts {
    Q_DECLARE_TR_FUNCTIONS(recscope::ReportCharts)
};

namespace {


QString num(double v, int digits = 4) { return std::isfinite(v) ? QLocale().toString(v, 'f', digits) : QStringLiteral("–"); }

// Ticks naming positions 0..n-1 (at `at(i)`): up to 40, names as many as fit in `pixels`;
// more, their numbers at a round step.
PlotPainter::Ticks positionTicks(const QStringList &labels, int n, int pixels, const std::function<double(int)> &at) {
    PlotPainter::Ticks ticks;
    if (n <= 40) {
        const int fit = std::clamp(pixels / 16, 2, 25);
        const int step = std::max(1, (n + fit - 1) / fit);
        for (int i = 0; i < n; i += step)
            ticks.emplace_back(at(i), shortened(i < labels.size() ? labels[i] : QString::number(i + 1), 22));
        return ticks;
    }
    const int step = positionStep(n);
    for (int i = 0; i < n; ++i)
        if ((i + 1) % step == 0 || i == n - 1)
            ticks.emplace_back(at(i), QStringLiteral("#%1").arg(i + 1));
    return ticks;
}

// QCustomPlot's "thermal" gradient, which the on-screen heatmap uses.
QColor thermal(double v) {
    struct Stop {
        double at;
        QColor colour;
    };
    static const Stop stops[] = {{0, QColor(0, 0, 50)},       {0.15, QColor(20, 0, 120)}, {0.33, QColor(200, 30, 140)},
                                 {0.6, QColor(255, 100, 0)}, {0.85, QColor(255, 255, 40)}, {1, QColor(255, 255, 255)}};
    v = std::clamp(v, 0.0, 1.0);
    for (std::size_t i = 1; i < std::size(stops); ++i)
        if (v <= stops[i].at) {
            const double t = (v - stops[i - 1].at) / (stops[i].at - stops[i - 1].at);
            const auto &a = stops[i - 1].colour, &b = stops[i].colour;
            return QColor::fromRgbF(static_cast<float>(a.redF() + t * (b.redF() - a.redF())), static_cast<float>(a.greenF() + t * (b.greenF() - a.greenF())),
                                    static_cast<float>(a.blueF() + t * (b.blueF() - a.blueF())));
        }
    return stops[std::size(stops) - 1].colour;
}

} // namespace

std::vector<WaterfallBar> waterfallBars(double base, const std::vector<WaterfallStep> &steps, double score, int shown) {
    auto sorted = steps;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return std::abs(a.value) > std::abs(b.value); });
    std::vector<WaterfallBar> bars;
    double at = base;
    bars.push_back({ReportCharts::tr("base value"), 0, base, 0});
    for (std::size_t i = 0; i < sorted.size() && static_cast<int>(i) < shown; ++i) {
        bars.push_back({sorted[i].label, at, at + sorted[i].value, sorted[i].stderr_});
        at += sorted[i].value;
    }
    if (static_cast<int>(sorted.size()) > shown) {
        double rest = 0;
        for (std::size_t i = static_cast<std::size_t>(shown); i < sorted.size(); ++i)
            rest += sorted[i].value;
        bars.push_back({ReportCharts::tr("%n other item(s)", nullptr, static_cast<int>(sorted.size()) - shown), at, at + rest, 0});
    }
    bars.push_back({ReportCharts::tr("score"), 0, score, 0});
    return bars;
}

QString waterfallTitle(bool words) {
    return words ? ReportCharts::tr("From the base value (the item with an empty text) to the score: what each word of its text adds")
                 : ReportCharts::tr("From the base value (empty history) to the score: what each history item adds");
}

int positionStep(int positions) {
    for (int s : {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500})
        if (positions / s <= 12)
            return s;
    return 1000;
}

QStringList attentionLabels(int n, const QStringList &history) {
    QStringList labels;
    for (int i = 0; i < n; ++i)
        labels << (i < history.size() ? history[i] : ReportCharts::tr("[prediction]"));
    if (n < history.size())
        labels = history.mid(history.size() - n);
    return labels;
}

std::vector<std::vector<float>> headAverage(const std::vector<std::vector<std::vector<float>>> &layer) {
    if (layer.empty())
        return {};
    auto m = layer.front();
    for (std::size_t h = 1; h < layer.size(); ++h)
        for (std::size_t q = 0; q < m.size(); ++q)
            for (std::size_t k = 0; k < m[q].size(); ++k)
                m[q][k] += layer[h][q][k];
    for (auto &row : m)
        for (auto &x : row)
            x /= static_cast<float>(layer.size());
    return m;
}

QImage waterfallImage(const std::vector<WaterfallBar> &bars, bool words, const QString &valueName, int width) {
    const int n = static_cast<int>(bars.size());
    PlotPainter plot(width, 90 + 30 * n, waterfallTitle(words));
    double lo = 0, hi = 0;
    PlotPainter::Ticks names;
    for (int i = 0; i < n; ++i) {
        const auto &b = bars[static_cast<std::size_t>(i)];
        lo = std::min({lo, b.from, b.to});
        hi = std::max({hi, b.from, b.to});
        names.emplace_back(n - i, shortened(b.label, 28));
    }
    const double pad = std::max(1e-3, (hi - lo) * 0.18);
    plot.setX(lo - pad * 0.3, hi + pad, valueName.isEmpty() ? ReportCharts::tr("score") : valueName);
    plot.setY(0.3, n + 0.7, {}, names);
    plot.drawAxes();
    for (int i = 0; i < n; ++i) { // one horizontal bar per step, the first at the top
        const auto &b = bars[static_cast<std::size_t>(i)];
        const bool end = i == 0 || i == n - 1;
        const double key = n - i;
        plot.box(b.from, key - 0.35, b.to, key + 0.35, end ? palette::kGrey : b.to >= b.from ? palette::kGreen : palette::kVermillion);
        const QString label = end ? num(b.to) : (b.to >= b.from ? QStringLiteral("+") : QString()) + num(b.to - b.from);
        plot.text(std::max(b.from, b.to), key, label, Qt::AlignLeft);
    }
    return plot.finish();
}

QImage faithfulnessImage(const FaithfulnessCurves &curves, const QString &valueName, int width, int height) {
    PlotPainter plot(width, height, ReportCharts::tr("Deletion and insertion curves"));
    const int n = static_cast<int>(curves.deletion.size());
    struct Line {
        const std::vector<double> *values;
        QString name;
        QColor colour;
        bool random;
    };
    const Line lines[] = {{&curves.deletion, ReportCharts::tr("deletion"), palette::kVermillion, false},
                          {&curves.deletionRandom, ReportCharts::tr("deletion, random order"), palette::kVermillion, true},
                          {&curves.insertion, ReportCharts::tr("insertion"), palette::kBlue, false},
                          {&curves.insertionRandom, ReportCharts::tr("insertion, random order"), palette::kBlue, true}};
    double low = 0, high = 0;
    bool any = false;
    for (const auto &line : lines)
        if (static_cast<int>(line.values->size()) == n)
            for (double v : *line.values) {
                low = any ? std::min(low, v) : v;
                high = any ? std::max(high, v) : v;
                any = true;
            }
    const double pad = std::max(1e-3, 0.08 * (high - low));
    plot.setX(-0.3, std::max(1, n - 1) + 0.3, ReportCharts::tr("items taken away (deletion) or given back (insertion), most credited first"), {}, true);
    plot.setY(low - pad, high + 5 * pad, valueName); // room for the legend
    plot.drawAxes();
    std::vector<PlotPainter::LegendEntry> legend;
    for (const auto &line : lines) {
        if (static_cast<int>(line.values->size()) != n || n == 0)
            continue;
        QPen pen(line.colour, line.random ? 1.5 : 2);
        pen.setStyle(line.random ? Qt::DashLine : Qt::SolidLine);
        std::vector<std::pair<double, double>> points;
        for (int k = 0; k < n; ++k)
            points.emplace_back(k, (*line.values)[static_cast<std::size_t>(k)]);
        plot.line(points, pen);
        if (!line.random)
            for (const auto &[x, y] : points)
                plot.marker(x, y, line.colour, false, 5);
        legend.push_back({line.name, pen, line.random ? QColor() : line.colour});
    }
    plot.legend(legend, Qt::AlignTop | Qt::AlignHCenter, 2);
    return plot.finish();
}

QImage attentionBarsImage(const std::vector<double> &weights, const std::vector<double> &rollout, const QStringList &labels,
                          const QString &title, int width, int height) {
    const int n = static_cast<int>(weights.size());
    const bool rolled = rollout.size() == weights.size() && n > 0;
    double top = 0;
    for (int i = 0; i < n; ++i)
        top = std::max({top, weights[static_cast<std::size_t>(i)], rolled ? rollout[static_cast<std::size_t>(i)] : 0.0});
    PlotPainter plot(width, height, title);
    plot.setX(-0.5, n - 0.5, {}, positionTicks(labels, n, width - 120, [](int i) { return double(i); }), false, n <= 40 ? 90 : 0);
    plot.setY(0, std::max(1e-3, top * 1.25), ReportCharts::tr("attention weight"));
    plot.drawAxes();
    std::vector<std::pair<double, double>> line;
    for (int i = 0; i < n; ++i) {
        plot.box(i - 0.4, 0, i + 0.4, weights[static_cast<std::size_t>(i)], palette::kOrange);
        if (rolled)
            line.emplace_back(i, rollout[static_cast<std::size_t>(i)]);
    }
    const QPen pen(palette::kBlue, 2);
    std::vector<PlotPainter::LegendEntry> legend{{ReportCharts::tr("this layer and head"), QPen(palette::kOrange, 6), {}}};
    if (rolled) {
        plot.line(line, pen);
        for (const auto &[x, y] : line)
            plot.marker(x, y, palette::kBlue, false, 4);
        legend.push_back({ReportCharts::tr("rollout through all layers"), pen, palette::kBlue});
    }
    if (n > 0)
        plot.legend(legend);
    return plot.finish();
}

QImage attentionHeatmapImage(const std::vector<std::vector<float>> &weights, const QStringList &labels, const QString &title, int width,
                             int height) {
    const int n = static_cast<int>(weights.size());
    PlotPainter plot(width, height, title);
    plot.reserveRight(70);
    plot.setX(-0.5, n - 0.5, ReportCharts::tr("read position (key)"), positionTicks(labels, n, width - 260, [](int i) { return double(i); }), false,
              n <= 40 ? 90 : 0);
    plot.setY(-0.5, n - 0.5, ReportCharts::tr("reading (query)"), positionTicks(labels, n, height - 260, [n](int i) { return double(n - 1 - i); }));
    plot.drawAxes();
    for (int q = 0; q < n; ++q) {
        const auto &row = weights[static_cast<std::size_t>(q)];
        const double most = row.empty() ? 0.0 : *std::max_element(row.begin(), row.end());
        for (int k = 0; k < n && k < static_cast<int>(row.size()); ++k) {
            const double y = n - 1 - q;
            plot.box(k - 0.5, y - 0.5, k + 0.5, y + 0.5, thermal(most > 0 ? row[static_cast<std::size_t>(k)] / most : 0.0));
        }
    }
    // The colour key on the right.
    auto &p = plot.painter();
    p.setClipping(false);
    const QRectF area = plot.plotArea();
    const QRectF key(area.right() + 14, area.top(), 14, area.height());
    for (int i = 0; i < 100; ++i)
        p.fillRect(QRectF(key.left(), key.bottom() - (i + 1) * key.height() / 100, key.width(), key.height() / 100 + 0.5), thermal(i / 99.0));
    p.setPen(QColor(0x80, 0x80, 0x80));
    p.drawRect(key);
    p.setPen(Qt::black);
    const QFontMetrics fm = p.fontMetrics();
    for (double v : {0.0, 0.5, 1.0})
        p.drawText(QPointF(key.right() + 4, key.bottom() - v * key.height() + fm.ascent() / 2.0 - 1), QLocale().toString(v, 'f', 1));
    p.save();
    p.translate(key.right() + 8 + fm.horizontalAdvance(QStringLiteral("0.0")) + fm.ascent(), key.center().y());
    p.rotate(-90);
    const QString scale = ReportCharts::tr("share of the row's largest weight");
    p.drawText(QPointF(-fm.horizontalAdvance(scale) / 2.0, 0), scale);
    p.restore();
    return plot.finish();
}

QImage reviewFaithfulnessImage(const std::vector<FaithfulnessCase> &cases, int width, int height) {
    PlotPainter plot(width, height, ReportCharts::tr("Each explanation against random orders (areas on the 0-1 scale of its curves)"));
    plot.setX(0, 1, ReportCharts::tr("area when items are taken in random orders"));
    plot.setY(0, 1, ReportCharts::tr("area when the most credited items go first"));
    plot.drawAxes();
    const QPen diagonal(QColor(0xa0, 0xa0, 0xa0), 1, Qt::DashLine);
    plot.line({{0, 0}, {1, 1}}, diagonal);
    for (const auto &c : cases) {
        plot.marker(c.deletionRandom, c.deletion, palette::kVermillion);
        plot.marker(c.insertionRandom, c.insertion, palette::kBlue, true);
    }
    plot.legend({{ReportCharts::tr("as good as random"), diagonal, {}},
                 {ReportCharts::tr("deletion (faithful below the line)"), QPen(Qt::NoPen), palette::kVermillion},
                 {ReportCharts::tr("insertion (faithful above the line)"), QPen(Qt::NoPen), palette::kBlue, true}});
    return plot.finish();
}

QImage histogramImage(const std::vector<double> &values, double lo, double hi, int bins, const QString &title, const QString &axis,
                      int width, int height) {
    bins = std::max(1, bins);
    std::vector<int> counts(static_cast<std::size_t>(bins), 0);
    std::vector<double> finite;
    for (double v : values)
        if (std::isfinite(v)) {
            finite.push_back(v);
            ++counts[static_cast<std::size_t>(std::clamp(static_cast<int>((v - lo) / (hi - lo) * bins), 0, bins - 1))];
        }
    const int top = std::max(1, *std::max_element(counts.begin(), counts.end()));
    PlotPainter plot(width, height, title);
    plot.setX(lo, hi, axis);
    plot.setY(0, top * 1.15, ReportCharts::tr("explanations"), {}, true);
    plot.drawAxes();
    const double w = (hi - lo) / bins;
    for (int b = 0; b < bins; ++b)
        plot.box(lo + (b + 0.04) * w, 0, lo + (b + 0.96) * w, counts[static_cast<std::size_t>(b)], palette::kGreen);
    if (!finite.empty()) {
        std::sort(finite.begin(), finite.end());
        const auto n = finite.size();
        const double median = n % 2 ? finite[n / 2] : 0.5 * (finite[n / 2 - 1] + finite[n / 2]);
        plot.line({{median, 0}, {median, top * 1.15}}, QPen(QColor(0x20, 0x20, 0x20), 1.5, Qt::DashLine));
        plot.note(ReportCharts::tr("median %1 over %n explanation(s)", nullptr, static_cast<int>(n))
                      .arg(num(median, 2)));
    }
    return plot.finish();
}

QImage creditImage(const QStringList &names, const std::vector<int> &counts, const QString &title, int width) {
    const int n = static_cast<int>(counts.size());
    PlotPainter plot(width, 90 + 34 * std::max(1, n), title);
    PlotPainter::Ticks ticks;
    int top = 1;
    for (int i = 0; i < n; ++i) {
        ticks.emplace_back(n - 1 - i, shortened(names.value(i), 32)); // the largest on top
        top = std::max(top, counts[static_cast<std::size_t>(i)]);
    }
    plot.setX(0, top * 1.1, ReportCharts::tr("explanations that credit it most"), {}, true);
    plot.setY(-0.6, std::max(1, n) - 0.4, {}, ticks);
    plot.drawAxes();
    for (int i = 0; i < n; ++i)
        plot.box(0, n - 1 - i - 0.35, counts[static_cast<std::size_t>(i)], n - 1 - i + 0.35, palette::kBlue);
    return plot.finish();
}

} // namespace recscope
