// SPDX-License-Identifier: GPL-3.0-or-later
// The Train tab: the form for a new run (TrainingForm) beside the queue with its live monitor
// (TrainingQueue) and the table of runs (RunsView); sweeps start from the form.
#pragma once

#include "engine/training/sweep.h"
#include "widgets/training/runsview.h"

#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableView;

namespace recscope {

namespace engine {
class Project;
}
class EmptyStateStack;
class EngineJob;
class RunsTableModel;
class TrainingCurvesChart;
class TrainingForm;
class TrainingJob;
class TrainingQueue;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    using LabTask = RunsView::LabTask;

    explicit TrainingPanel(QWidget *parent = nullptr);
    ~TrainingPanel() override;

    // The project connection is used on the UI thread for small reads (runs, epochs); training
    // opens its own connection in the worker.
    void setProject(engine::Project *project);
    void setDataset(qint64 datasetId, const QString &name, qint64 users, qint64 interactions);

    // Queues a run with the form's settings; returns false (and says why) when it cannot.
    bool enqueue();
    void refreshRuns();
    // The lab on the runs table's selected run (see RunsView).
    EngineJob *startLabJob(LabTask task, const QString &target = {});
    // The sweep the Sweep… button starts from: the form's model and settings (throws for impossible ones).
    engine::SweepRequest sweepBase() const;
    // Runs a sweep in a job (its trials appear as runs); null when one already runs.
    EngineJob *startSweep(const engine::SweepRequest &request);
    EngineJob *sweepJob() const { return m_sweepJob.get(); }
    // Queues the selected run's continuation from its last checkpoint; false when it cannot.
    bool resumeRun();
    void showRun(qint64 runId);

    // Queues one run per model (keys of the model registry) with the form's other settings, as
    // the empty states' buttons do; false when one cannot be queued (it says why).
    bool trainModels(const QStringList &models);
    int queuedCount() const;
    int pendingCount() const; // waiting or running
    int runningCount() const;
    TrainingJob *currentJob() const;
    TrainingForm *form() const { return m_form; }
    TrainingQueue *queue() const { return m_queue; }
    RunsTableModel *runsModel() const;
    QTableView *runsView() const;
    TrainingCurvesChart *curvesChart() const;
    EmptyStateStack *emptyState() const;
    QProgressBar *privacyMeter() const;
    QLabel *privacyMeterLabel() const;
    QPushButton *pauseButton() const;
    QPushButton *cancelButton() const;
    QString statusText() const;

Q_SIGNALS:
    void jobCreated(recscope::EngineJob *job);
    // A queued run ended (finished, cancelled or failed); runId is 0 when it was refused
    // before a run was stored.
    void runFinished(qint64 runId);
    // A run was queued, started or ended: what other screens show before there is a run may change.
    void activityChanged();

private:
    QWidget *buildForm();
    void updateEmptyState();
    void openSweepDialog();
    void queueJob(std::unique_ptr<TrainingJob> job);

    engine::Project *m_project = nullptr;
    qint64 m_datasetId = -1;
    QString m_datasetName;

    QLabel *m_datasetLabel;
    TrainingForm *m_form;
    QSpinBox *m_parallel;
    QPushButton *m_start;
    QPushButton *m_sweepButton;
    TrainingQueue *m_queue;
    RunsView *m_runsView;
    std::unique_ptr<EngineJob> m_sweepJob;
};

} // namespace recscope
