// SPDX-License-Identifier: GPL-3.0-or-later
// The Train tab's queue and monitor: runs wait their turn (so many at a time), the one watched
// shows its progress, throughput, time left, privacy budget and live curves, with Pause and
// Cancel; between runs it shows a stored run's curves or what a job reported.
#pragma once

#include "engine/settings/trainconfig.h"
#include "engine/training/runqueue.h"

#include <QElapsedTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;

namespace recscope {

namespace engine {
class Project;
}
class EmptyStateStack;
class TrainingCurvesChart;
class TrainingJob;

class TrainingQueue : public QWidget {
    Q_OBJECT
public:
    explicit TrainingQueue(QWidget *parent = nullptr);
    ~TrainingQueue() override;

    // The project whose stored runs showRun reads (on the UI thread).
    void setProject(engine::Project *project) { m_project = project; }
    // Queues a job; it starts when a slot is free.
    void add(std::unique_ptr<TrainingJob> job);
    // How many runs train side by side.
    void setSlots(int slots);
    int waitingCount() const { return m_queue.waitingCount(); }
    int runningCount() const { return static_cast<int>(m_running.size()); }
    // The running job the monitor shows, or null.
    TrainingJob *currentJob() const;

    // A stored run's curves, status and privacy spent (nothing training).
    void showRun(qint64 runId);
    // A line about other work (a sweep, an export) in the monitor's title and status.
    void showMessage(const QString &title, const QString &text);
    void clearCurves();
    QString statusText() const;

    TrainingCurvesChart *curvesChart() const { return m_curves; }
    EmptyStateStack *emptyState() const { return m_curvesStack; }
    QProgressBar *privacyMeter() const { return m_budget; }
    QLabel *privacyMeterLabel() const { return m_budgetLabel; }
    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *cancelButton() const { return m_cancel; }

Q_SIGNALS:
    // A job started, stored an epoch or ended: the runs table has news.
    void runsChanged();
    // A job ended; runId is 0 when it was refused before a run was stored.
    void runFinished(qint64 runId);
    // A run was queued, started or ended.
    void activityChanged();

private:
    void startNext();
    void onJobFinished(TrainingJob *job);
    void updateMonitor();
    // The privacy-budget meter for a run's configuration and the epsilon spent so far; hidden
    // for runs without DP.
    void showPrivacyBudget(const engine::TrainConfig &config, std::optional<double> epsilon);

    engine::Project *m_project = nullptr;
    QLabel *m_runTitle, *m_runStatus;
    QProgressBar *m_progress;
    QWidget *m_budgetRow;
    QLabel *m_budgetLabel;
    QProgressBar *m_budget;
    QPushButton *m_pause, *m_cancel;
    QListWidget *m_queueView;
    TrainingCurvesChart *m_curves;
    EmptyStateStack *m_curvesStack;

    engine::RunQueue<std::unique_ptr<TrainingJob>> m_queue; // waiting, and how many run
    std::vector<std::unique_ptr<TrainingJob>> m_running;     // at most the slots
    TrainingJob *m_watched = nullptr;                         // the job the monitor shows
    QElapsedTimer m_watchedClock;
};

} // namespace recscope
