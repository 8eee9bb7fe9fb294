// SPDX-License-Identifier: GPL-3.0-or-later
// Base of every chart: owns a QCustomPlot, shows values on hover and exports PNG, SVG or PDF.
#pragma once

#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPItemText;

namespace recscope {

class ChartWidget : public QWidget {
    Q_OBJECT
public:
    explicit ChartWidget(QWidget *parent = nullptr);
    QCustomPlot *plot() const { return m_plot; }

    // Writes the chart; the format follows the suffix (.png, .svg, .pdf). Returns false and
    // sets `error` when the file cannot be written.
    bool exportTo(const QString &fileName, QString *error = nullptr) const;
    // Asks for a file name and exports.
    void exportInteractively();

protected:
    // Text for the tooltip at a point in widget coordinates; empty for none.
    virtual QString toolTipAt(const QPoint &pos) const;
    bool event(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void applyTheme();
    // A bold title row above the plot (also the window title, used for export file names).
    void setTitle(const QString &title);
    // Changes the text of the title made by setTitle().
    void retitle(const QString &title);
    // A short note in the top-right corner of the plot; removed by clearItems().
    QCPItemText *addNote(const QString &text);

private:
    QCustomPlot *m_plot;
};

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

// How many users have a history of each length (log-spaced bins).
class HistoryLengthChart : public ChartWidget {
    Q_OBJECT
public:
    struct Bin {
        double from, to;
        qint64 count;
    };
    explicit HistoryLengthChart(QWidget *parent = nullptr);
    void setHistogram(const std::vector<Bin> &bins, double median);

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<Bin> m_bins;
};

// Training curves of one run: training and validation loss (left axis, the gap between them
// shaded), validation NDCG@10 (right axis), and the early-stopping point.
class TrainingCurvesChart : public ChartWidget {
    Q_OBJECT
public:
    struct Point {
        int epoch;
        double trainLoss, validLoss, validNdcg10;
    };
    explicit TrainingCurvesChart(QWidget *parent = nullptr);
    // comparable: the training loss is the validation loss's kind (BCE over sampled items). A
    // cross-entropy over the catalog is on another scale: no gap is shaded then.
    void setCurves(const std::vector<Point> &points, int bestEpoch, bool comparable = true);
    void clear() { setCurves({}, 0); }
    int pointCount() const { return static_cast<int>(m_points.size()); }
    int bestEpoch() const { return m_bestEpoch; } // the one marked; 0 for none

protected:
    QString toolTipAt(const QPoint &pos) const override;

private:
    std::vector<Point> m_points;
    bool m_comparable = true;
    int m_bestEpoch = 0;
};

} // namespace recscope
