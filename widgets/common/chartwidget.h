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

} // namespace recscope
