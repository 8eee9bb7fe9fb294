// SPDX-License-Identifier: GPL-3.0-or-later
// Several runs' validation curves on one set of axes.
#pragma once

#include "widgets/common/chartwidget.h"

#include <vector>

namespace recscope {

class CurvesOverlayChart : public ChartWidget {
    Q_OBJECT
public:
    struct Curve {
        QString run;
        std::vector<double> epochs, values;
    };
    explicit CurvesOverlayChart(QWidget *parent = nullptr);
    void setCurves(const std::vector<Curve> &curves);

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<Curve> m_curves;
};

} // namespace recscope
