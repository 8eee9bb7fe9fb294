// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/datasets/longtailchart.h"

#include "widgets/common/qcustomplotwrapper.h"

#include <QLocale>

#include <cmath>

namespace recscope {

// ------------------------------------------------------------------ LongTailChart

LongTailChart::LongTailChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Item popularity (long tail)"));
    auto *p = plot();
    p->xAxis->setLabel(tr("Item rank (most popular first)"));
    p->yAxis->setLabel(tr("Interactions (log scale)"));
    p->yAxis->setScaleType(QCPAxis::stLogarithmic);
    p->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    p->yAxis->setNumberFormat(QStringLiteral("eb"));
    p->yAxis->setNumberPrecision(0);
    p->setInteractions(QCP::iRangeZoom | QCP::iRangeDrag);
    p->axisRect()->setRangeZoom(Qt::Horizontal);
    p->axisRect()->setRangeDrag(Qt::Horizontal);
    auto *g = p->addGraph();
    g->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2));
    g->setBrush(QColor(0x1f, 0x77, 0xb4, 50));
    g->setName(tr("interactions per item"));
}

void LongTailChart::setPopularity(const std::vector<std::int64_t> &popularity, double top10Share) {
    m_popularity = popularity;
    auto *p = plot();
    QVector<double> x, y;
    x.reserve(static_cast<qsizetype>(popularity.size()));
    y.reserve(static_cast<qsizetype>(popularity.size()));
    for (std::size_t i = 0; i < popularity.size(); ++i) {
        if (popularity[i] <= 0)
            break; // a log axis has no zero
        x << static_cast<double>(i + 1);
        y << static_cast<double>(popularity[i]);
    }
    p->graph(0)->setData(x, y, true);
    p->clearItems();
    if (!y.isEmpty()) {
        const double cut = std::max(1.0, std::floor(static_cast<double>(popularity.size()) / 10.0));
        auto *line = new QCPItemStraightLine(p);
        line->point1->setCoords(cut, 1);
        line->point2->setCoords(cut, 10);
        line->setPen(QPen(QColor(0xd6, 0x27, 0x28), 1, Qt::DashLine));
        addNote(tr("Top 10% of items (left of the dashed line)\nreceive %1 of all interactions")
                    .arg(QLocale().toString(top10Share * 100, 'f', 1) + QLatin1Char('%')));
        p->xAxis->setRange(0, static_cast<double>(x.size()) + 1);
        p->yAxis->setRange(std::max(0.8, y.last() * 0.8), y.first() * 1.5);
    }
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString LongTailChart::toolTipAt(const QPoint &pos) const {
    if (m_popularity.empty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const long rank = std::lround(plot()->xAxis->pixelToCoord(pos.x()));
    if (rank < 1 || rank > static_cast<long>(m_popularity.size()))
        return {};
    return tr("Rank %1: %2 interactions").arg(QLocale().toString(static_cast<qint64>(rank)),
                                               QLocale().toString(static_cast<qint64>(m_popularity[static_cast<std::size_t>(rank - 1)])));
}

} // namespace recscope
