// SPDX-License-Identifier: GPL-3.0-or-later
// Every layer and head as a small heatmap to pick from.
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/chartwidget.h"

#include <vector>

class QGridLayout;
class QToolButton;

namespace recscope {

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

} // namespace recscope
