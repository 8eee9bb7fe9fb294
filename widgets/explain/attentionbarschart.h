// SPDX-License-Identifier: GPL-3.0-or-later
// What the prediction position reads, as bars with the rollout through all layers.
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/chartwidget.h"

#include <QStringList>

#include <vector>

namespace recscope {

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

} // namespace recscope
