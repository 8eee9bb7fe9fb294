// SPDX-License-Identifier: GPL-3.0-or-later
// The Compare tab's Sweeps page: a stored hyperparameter sweep's trials in a sortable table
// (the varied settings, epochs, status, validation and test NDCG@10) and a chart of validation
// NDCG@10 against one varied setting at a time, or against all of them at once (parallel
// coordinates), trials stopped early by halving set apart.
#pragma once

#include "engine/training/sweep.h"
#include "widgets/common/chartwidget.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QStackedWidget;
class QStandardItemModel;
class QTableView;

namespace recscope {

namespace engine {
class Project;
}
class SweepParallelChart;
class SweepSettingChart;

class SweepView : public QWidget {
    Q_OBJECT
public:
    explicit SweepView(QWidget *parent = nullptr);
    // Reads the dataset's sweeps (again, after one ran), keeping the one shown when it is still there.
    void showSweepsOf(engine::Project *project, qint64 datasetId);

    QComboBox *sweepBox() const { return m_sweep; }
    QComboBox *settingBox() const { return m_setting; }
    QTableView *table() const { return m_view; }
    SweepSettingChart *chart() const { return m_chart; }
    SweepParallelChart *parallelChart() const { return m_parallel; }
    // Whether the parallel-coordinates chart is the one shown (the last choice of the setting box).
    bool showsParallel() const;
    QString summaryText() const;

private:
    void showSweep();
    void showSetting();

    engine::Project *m_project = nullptr;
    qint64 m_datasetId = -1;
    std::vector<engine::SweepResult> m_sweeps;
    QComboBox *m_sweep;
    QComboBox *m_setting;
    QLabel *m_summary;
    QStandardItemModel *m_model;
    QTableView *m_view;
    SweepSettingChart *m_chart;
    SweepParallelChart *m_parallel;
    QStackedWidget *m_charts;
};

} // namespace recscope
