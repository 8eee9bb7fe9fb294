// SPDX-License-Identifier: GPL-3.0-or-later
// One layer and head's attention (or their average) as a heatmap.
#pragma once

#include "reports/reportcharts.h"
#include "widgets/common/chartwidget.h"

#include <QStringList>

#include <vector>

class QCPColorMap;
class QCPColorScale;

namespace recscope {

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

} // namespace recscope
