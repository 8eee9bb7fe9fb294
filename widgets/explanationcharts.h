// SPDX-License-Identifier: GPL-3.0-or-later
// Charts of the explanation view: a waterfall from the base value through each history item's
// attribution to the score, and an attention heatmap (one layer and head, or their average).
#pragma once

#include "widgets/chartwidget.h"

#include <QStringList>

#include <vector>

class QCPColorScale;

namespace recscope {

class WaterfallChart : public ChartWidget {
    Q_OBJECT
public:
    struct Step {
        QString label;
        double value = 0, stderr_ = 0;
    };
    explicit WaterfallChart(QWidget *parent = nullptr);
    // Bars from `base` by each step (largest magnitude first; the rest summed as "other items")
    // to base + sum; at most `shown` steps drawn apart.
    void setSteps(double base, const std::vector<Step> &steps, double score, int shown = 15);
    int barCount() const { return static_cast<int>(m_bars.size()); }

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    struct Bar {
        QString label;
        double from, to, stderr_;
    };
    std::vector<Bar> m_bars;
};

class AttentionHeatmap : public ChartWidget {
    Q_OBJECT
public:
    explicit AttentionHeatmap(QWidget *parent = nullptr);
    // weights[query][key] over `labels` (the input positions, oldest first).
    void setMatrix(const std::vector<std::vector<float>> &weights, const QStringList &labels, const QString &title);
    int size() const { return static_cast<int>(m_weights.size()); }

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<std::vector<float>> m_weights;
    QStringList m_labels;
    QCPColorScale *m_scale = nullptr;
};

} // namespace recscope
