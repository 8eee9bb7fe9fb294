// SPDX-License-Identifier: GPL-3.0-or-later
// Item popularity by rank: the long tail.
#pragma once

#include "widgets/common/chartwidget.h"

#include <QWidget>

#include <vector>

namespace recscope {

// Item popularity by rank: the long tail, with a log-scaled count axis.
class LongTailChart : public ChartWidget {
    Q_OBJECT
public:
    explicit LongTailChart(QWidget *parent = nullptr);
    // Interactions per item, most popular first.
    void setPopularity(const std::vector<std::int64_t> &popularity, double top10Share);

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<std::int64_t> m_popularity;
};

} // namespace recscope
