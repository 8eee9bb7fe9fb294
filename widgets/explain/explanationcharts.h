// SPDX-License-Identifier: GPL-3.0-or-later
// Charts of the explanation view: a waterfall from the base value through each history item's
// attribution to the score, and an attention heatmap (one layer and head, or their average).
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/chartwidget.h"

#include <QStringList>

#include <vector>

class QCPAxis;
class QCPColorMap;
class QCPColorScale;
class QGridLayout;
class QToolButton;

namespace recscope {

class WaterfallChart : public ChartWidget {
    Q_OBJECT
public:
    using Step = WaterfallStep;
    explicit WaterfallChart(QWidget *parent = nullptr);
    // Bars from `base` by each step (largest magnitude first; the rest summed as "other items")
    // to base + sum; at most `shown` steps drawn apart.
    void setSteps(double base, const std::vector<Step> &steps, double score, int shown = 15);
    int barCount() const { return static_cast<int>(m_bars.size()); }
    // The title for history items (false) or the words of the item's text (true); the axis
    // names what is explained (default: score).
    void retitleFor(bool words, const QString &valueName = {});

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<WaterfallBar> m_bars;
};

// Long histories stay readable: the wheel zooms, dragging pans, a double click shows it all
// again, and the axis names as many items as fit at the current zoom.
class AttentionHeatmap : public ChartWidget {
    Q_OBJECT
public:
    // How weights become colours: each row scaled to its largest weight (small weights of long
    // histories show), a log scale from 1e-4, or the weights as they are.
    enum class Colour { PerRow, Log, Linear };
    explicit AttentionHeatmap(QWidget *parent = nullptr);
    // weights[query][key] over `labels` (the input positions, oldest first); `numbers` are the
    // positions' numbers (1-based) when the matrix is a selection of them.
    void setMatrix(const std::vector<std::vector<float>> &weights, const QStringList &labels, const QString &title,
                   const std::vector<int> &numbers = {});
    void setColour(Colour colour);
    Colour colour() const { return m_colour; }
    int size() const { return static_cast<int>(m_weights.size()); }
    // Shows positions [from, to] of both axes (zoom); showAll() undoes it.
    void zoomTo(double from, double to);
    void showAll();
    // Of the cells with weight, the share drawn at a tenth of the colour scale or more.
    double visibleShare() const;
    QStringList tickLabels() const; // the x axis's, as drawn now

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    void relabel();
    void paint();
    double shownValue(int q, int k) const;
    std::vector<std::vector<float>> m_weights;
    QStringList m_labels;
    std::vector<int> m_numbers;
    Colour m_colour = Colour::PerRow;
    QCPColorMap *m_map = nullptr;
    QCPColorScale *m_scale = nullptr;
};

// What the prediction position reads: one bar per history item (oldest first) for the chosen
// layer and head, and the attention rollout through all layers as a line. Zooms like the heatmap.
class AttentionBarsChart : public ChartWidget {
    Q_OBJECT
public:
    explicit AttentionBarsChart(QWidget *parent = nullptr);
    // weights and rollout per history item; rollout may be empty.
    void setWeights(const std::vector<double> &weights, const std::vector<double> &rollout, const QStringList &labels, const QString &title);
    int barCount() const { return static_cast<int>(m_weights.size()); }
    QStringList tickLabels() const; // the x axis's, as drawn now

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    void relabel();
    std::vector<double> m_weights, m_rollout;
    QStringList m_labels;
};

// Deletion and insertion curves: the explained value as the most credited items are taken away
// (or given back) one by one, beside the same curves for random orders. A faithful explanation's
// deletion curve falls faster, and its insertion curve rises faster, than the random ones.
class FaithfulnessChart : public ChartWidget {
    Q_OBJECT
public:
    struct Curves {
        std::vector<double> deletion, insertion, deletionRandom, insertionRandom; // n + 1 points each
        std::vector<qint64> deletionRank, insertionRank;                          // may be empty
    };
    explicit FaithfulnessChart(QWidget *parent = nullptr);
    // `valueName` says what the curves measure (for the axis); empty curves clear the chart.
    void setCurves(const Curves &curves, const QString &valueName);
    int pointCount() const { return static_cast<int>(m_curves.deletion.size()); }

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    Curves m_curves;
};

// A layer x head grid of small heatmaps to pick from: a row per layer, its heads' average first.
class AttentionThumbnails : public QWidget {
    Q_OBJECT
public:
    explicit AttentionThumbnails(QWidget *parent = nullptr);
    // attention[layer][head][query][key]; clears the grid when empty.
    void setAttention(const std::vector<std::vector<std::vector<std::vector<float>>>> &attention);
    // Marks the chosen one (head -1: the layer's average).
    void setCurrent(int layer, int head);
    int buttonCount() const;
    // The picture a thumbnail shows, weights 0..1 on the heatmap's colours, `side` pixels square.
    static QImage render(const std::vector<std::vector<float>> &weights, int side);

Q_SIGNALS:
    void chosen(int layer, int head);

private:
    QGridLayout *m_grid;
    std::vector<QToolButton *> m_buttons;
};

// attentionLabels and headAverage: reports/reportcharts.h (the reports shape attention alike).

} // namespace recscope
