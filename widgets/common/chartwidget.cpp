// SPDX-License-Identifier: GPL-3.0-or-later
// ChartWidget, LongTailChart and HistoryLengthChart.
#include "widgets/common/chartwidget.h"

#include "widgets/common/qcustomplotwrapper.h"

#include <QContextMenuEvent>
#include <QFileDialog>
#include <QHelpEvent>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace recscope {

ChartWidget::ChartWidget(QWidget *parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMinimumSize(280, 200);
    m_plot->setAttribute(Qt::WA_Hover);
    m_plot->setToolTip(QString()); // tooltips come from toolTipAt()
    setContextMenuPolicy(Qt::DefaultContextMenu);
    m_plot->setContextMenuPolicy(Qt::NoContextMenu);
    m_plot->setNoAntialiasingOnDrag(true);
    // Tick labels use the C locale: QCustomPlot's 10ⁿ labels need its lower-case 'e', and digits
    // read the same in every language RecScope ships.
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::OmitGroupSeparator);
    m_plot->setLocale(c);
    applyTheme();
}

void ChartWidget::applyTheme() {
    const QPalette pal = palette();
    m_plot->setBackground(pal.color(QPalette::Base));
    for (QCPAxis *axis : m_plot->axisRect()->axes()) {
        axis->setBasePen(QPen(pal.color(QPalette::Text)));
        axis->setTickPen(QPen(pal.color(QPalette::Text)));
        axis->setSubTickPen(QPen(pal.color(QPalette::Mid)));
        axis->setTickLabelColor(pal.color(QPalette::Text));
        axis->setLabelColor(pal.color(QPalette::Text));
        axis->grid()->setPen(QPen(pal.color(QPalette::Midlight), 0, Qt::DotLine));
    }
    for (int i = 0; i < m_plot->plotLayout()->elementCount(); ++i)
        if (auto *title = qobject_cast<QCPTextElement *>(m_plot->plotLayout()->elementAt(i)))
            title->setTextColor(pal.color(QPalette::Text));
    for (int i = 0; i < m_plot->itemCount(); ++i)
        if (auto *text = qobject_cast<QCPItemText *>(m_plot->item(i))) {
            text->setColor(pal.color(QPalette::Text));
            QColor box = pal.color(QPalette::Base);
            box.setAlpha(200);
            text->setBrush(box);
        }
    m_plot->replot();
}

QString ChartWidget::toolTipAt(const QPoint &) const { return {}; }

void ChartWidget::setTitle(const QString &title) {
    setWindowTitle(title);
    m_plot->plotLayout()->insertRow(0);
    auto *element = new QCPTextElement(m_plot, title, QFont(font().family(), font().pointSize() + 1, QFont::Bold));
    element->setTextColor(palette().color(QPalette::Text));
    m_plot->plotLayout()->addElement(0, 0, element);
}

void ChartWidget::retitle(const QString &title) {
    setWindowTitle(title);
    for (int i = 0; i < m_plot->plotLayout()->elementCount(); ++i)
        if (auto *element = qobject_cast<QCPTextElement *>(m_plot->plotLayout()->elementAt(i))) {
            element->setText(title);
            return;
        }
}

QCPItemText *ChartWidget::addNote(const QString &text) {
    auto *note = new QCPItemText(m_plot);
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(0.98, 0.05);
    note->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    note->setPadding(QMargins(6, 4, 6, 4));
    note->setText(text);
    note->setColor(palette().color(QPalette::Text));
    QColor box = palette().color(QPalette::Base);
    box.setAlpha(200);
    note->setBrush(box);
    return note;
}

bool ChartWidget::event(QEvent *event) {
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(m_plot->mapFrom(this, help->pos()));
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
    return QWidget::event(event);
}

void ChartWidget::contextMenuEvent(QContextMenuEvent *event) {
    QMenu menu(this);
    menu.addAction(tr("Export chart…"), this, &ChartWidget::exportInteractively);
    menu.addAction(tr("Reset zoom"), this, [this] {
        m_plot->rescaleAxes();
        m_plot->replot();
    });
    menu.exec(event->globalPos());
}

bool ChartWidget::exportTo(const QString &fileName, QString *error) const {
    const int w = std::max(m_plot->width(), 640), h = std::max(m_plot->height(), 400);
    bool ok = false;
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("png")) {
        ok = m_plot->savePng(fileName, w, h, 2.0);
    } else if (suffix == QLatin1String("pdf")) {
        ok = m_plot->savePdf(fileName, w, h);
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator gen;
        gen.setFileName(fileName);
        gen.setSize(QSize(w, h));
        gen.setViewBox(QRect(0, 0, w, h));
        gen.setTitle(windowTitle());
        QCPPainter painter;
        ok = painter.begin(&gen);
        if (ok) {
            m_plot->toPainter(&painter, w, h);
            painter.end();
            ok = QFileInfo(fileName).size() > 0;
        }
    } else {
        if (error)
            *error = tr("Unknown chart format '%1': use .png, .svg or .pdf.").arg(suffix);
        return false;
    }
    if (!ok && error)
        *error = tr("Could not write %1.").arg(QDir::toNativeSeparators(fileName));
    return ok;
}

void ChartWidget::exportInteractively() {
    QString selected;
    const QString name = QFileDialog::getSaveFileName(this, tr("Export chart"), windowTitle(),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &selected);
    if (name.isEmpty())
        return;
    QString file = name;
    if (QFileInfo(file).suffix().isEmpty())
        file += selected.contains(QLatin1String("svg")) ? QLatin1String(".svg")
                : selected.contains(QLatin1String("pdf")) ? QLatin1String(".pdf") : QLatin1String(".png");
    QString error;
    if (!exportTo(file, &error))
        QMessageBox::warning(this, tr("Export chart"), error);
}

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

// ------------------------------------------------------------------ HistoryLengthChart

HistoryLengthChart::HistoryLengthChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("History lengths"));
    auto *p = plot();
    p->xAxis->setLabel(tr("Interactions per user (log-spaced bins)"));
    p->yAxis->setLabel(tr("Users"));
    p->xAxis->setTickLabelRotation(45);
    auto *bars = new QCPBars(p->xAxis, p->yAxis);
    bars->setPen(QPen(QColor(0x2c, 0x7f, 0xb8)));
    bars->setBrush(QColor(0x2c, 0x7f, 0xb8, 170));
    bars->setWidth(0.85);
    bars->setName(tr("users"));
}

void HistoryLengthChart::setHistogram(const std::vector<Bin> &bins, double median) {
    m_bins = bins;
    auto *p = plot();
    auto *bars = qobject_cast<QCPBars *>(p->plottable(0));
    QVector<double> x, y;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    double maxCount = 0;
    for (std::size_t i = 0; i < bins.size(); ++i) {
        x << static_cast<double>(i);
        y << static_cast<double>(bins[i].count);
        maxCount = std::max(maxCount, static_cast<double>(bins[i].count));
        const auto lo = static_cast<qint64>(std::ceil(bins[i].from)), hi = static_cast<qint64>(std::ceil(bins[i].to)) - 1;
        ticker->addTick(static_cast<double>(i), lo >= hi ? QString::number(lo) : QStringLiteral("%1–%2").arg(lo).arg(hi));
    }
    p->xAxis->setTicker(ticker);
    bars->setData(x, y, true);
    p->clearItems();
    addNote(tr("Median history: %1 interactions").arg(QLocale().toString(median, 'f', 0)));
    p->xAxis->setRange(-0.7, static_cast<double>(bins.size()) - 0.3);
    p->yAxis->setRange(0, maxCount * 1.15 + 1);
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString HistoryLengthChart::toolTipAt(const QPoint &pos) const {
    if (m_bins.empty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const long i = std::lround(plot()->xAxis->pixelToCoord(pos.x()));
    if (i < 0 || i >= static_cast<long>(m_bins.size()))
        return {};
    const auto &b = m_bins[static_cast<std::size_t>(i)];
    return tr("%1 users with %2 to %3 interactions")
        .arg(QLocale().toString(b.count), QLocale().toString(static_cast<qint64>(std::ceil(b.from))),
             QLocale().toString(static_cast<qint64>(std::ceil(b.to)) - 1));
}

} // namespace recscope

namespace recscope {

// ------------------------------------------------------------------ TrainingCurvesChart

TrainingCurvesChart::TrainingCurvesChart(QWidget *parent) : ChartWidget(parent) {
    setTitle(tr("Training curves"));
    auto *p = plot();
    p->xAxis->setLabel(tr("Epoch"));
    p->yAxis->setLabel(tr("Loss"));
    p->yAxis2->setVisible(true);
    p->yAxis2->setLabel(tr("Validation NDCG@10"));
    auto *train = p->addGraph();
    train->setName(tr("training loss"));
    train->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2));
    auto *valid = p->addGraph();
    valid->setName(tr("validation loss (gap to training shaded)"));
    valid->setPen(QPen(QColor(0xff, 0x7f, 0x0e), 2));
    valid->setBrush(QColor(0xff, 0x7f, 0x0e, 45));
    valid->setChannelFillGraph(train);
    auto *ndcg = p->addGraph(p->xAxis, p->yAxis2);
    ndcg->setName(tr("validation NDCG@10"));
    ndcg->setPen(QPen(QColor(0x2c, 0xa0, 0x2c), 2, Qt::DashLine));
    for (auto *g : {train, valid, ndcg})
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    // The legend sits in a row under the plot, where it hides no curve.
    p->legend->setVisible(true);
    p->legend->setFont(QFont(font().family(), std::max(7, font().pointSize() - 1)));
    p->axisRect()->insetLayout()->take(p->legend);
    p->axisRect()->insetLayout()->simplify();
    p->plotLayout()->addElement(2, 0, p->legend);
    p->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    p->legend->setBorderPen(Qt::NoPen);
    p->legend->setBrush(Qt::NoBrush);
    p->plotLayout()->setRowStretchFactor(2, 0.001);
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    p->xAxis->setTicker(ticker);
    applyTheme();
}

void TrainingCurvesChart::setCurves(const std::vector<Point> &points, int bestEpoch, bool comparable) {
    m_points = points;
    m_comparable = comparable;
    m_bestEpoch = bestEpoch;
    auto *p = plot();
    // Shade the gap only between losses of one kind.
    p->graph(1)->setChannelFillGraph(comparable ? p->graph(0) : nullptr);
    p->graph(1)->setBrush(comparable ? QBrush(QColor(0xff, 0x7f, 0x0e, 45)) : QBrush(Qt::NoBrush));
    p->graph(1)->setName(comparable ? tr("validation loss (gap to training shaded)") : tr("validation loss (sampled BCE, other scale)"));
    QVector<double> x, train, valid, ndcg;
    double lo = 1e300, hi = -1e300;
    for (const auto &pt : points) {
        x << pt.epoch;
        train << pt.trainLoss;
        valid << pt.validLoss;
        ndcg << pt.validNdcg10;
        lo = std::min({lo, pt.trainLoss, pt.validLoss});
        hi = std::max({hi, pt.trainLoss, pt.validLoss});
    }
    p->graph(0)->setData(x, train, true);
    p->graph(1)->setData(x, valid, true);
    p->graph(2)->setData(x, ndcg, true);
    p->clearItems();
    if (!points.empty()) {
        p->xAxis->setRange(0.5, std::max(2.0, static_cast<double>(points.back().epoch)) + 0.5);
        const double pad = std::max(1e-3, (hi - lo) * 0.1);
        p->yAxis->setRange(std::max(0.0, lo - pad), hi + pad);
        double nmax = 0;
        for (double v : ndcg)
            nmax = std::max(nmax, v);
        p->yAxis2->setRange(0, std::max(0.05, nmax * 1.2));
        if (bestEpoch > 0) {
            auto *line = new QCPItemStraightLine(p);
            line->point1->setCoords(bestEpoch, 0);
            line->point2->setCoords(bestEpoch, 1);
            line->setPen(QPen(QColor(0xd6, 0x27, 0x28), 1.5, Qt::DashLine));
            auto *label = new QCPItemText(p);
            label->position->setCoords(bestEpoch, hi + pad * 0.5);
            // Right of the line, unless the line is at the right edge.
            const bool last = bestEpoch >= points.back().epoch;
            label->setPositionAlignment((last ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
            label->setText(last ? tr("best epoch %1").arg(bestEpoch) + QLatin1Char(' ')
                                : QLatin1Char(' ') + tr("best epoch %1").arg(bestEpoch));
            label->setColor(QColor(0xd6, 0x27, 0x28));
        }
    }
    p->replot(QCustomPlot::rpQueuedReplot);
}

QString TrainingCurvesChart::toolTipAt(const QPoint &pos) const {
    if (m_points.empty() || !plot()->axisRect()->rect().contains(pos))
        return {};
    const long epoch = std::lround(plot()->xAxis->pixelToCoord(pos.x()));
    for (const auto &pt : m_points)
        if (pt.epoch == epoch && !m_comparable)
            return tr("Epoch %1\ntraining loss %2 (cross-entropy)\nvalidation loss %3 (sampled BCE)\nvalidation NDCG@10 %4")
                .arg(epoch)
                .arg(QLocale().toString(pt.trainLoss, 'f', 4), QLocale().toString(pt.validLoss, 'f', 4),
                     QLocale().toString(pt.validNdcg10, 'f', 4));
        else if (pt.epoch == epoch)
            return tr("Epoch %1\ntraining loss %2\nvalidation loss %3 (gap %4)\nvalidation NDCG@10 %5")
                .arg(epoch)
                .arg(QLocale().toString(pt.trainLoss, 'f', 4), QLocale().toString(pt.validLoss, 'f', 4),
                     QLocale().toString(pt.validLoss - pt.trainLoss, 'f', 4), QLocale().toString(pt.validNdcg10, 'f', 4));
    return {};
}

} // namespace recscope
