// SPDX-License-Identifier: GPL-3.0-or-later
// The training panel: a parameter form per model, a run queue, live progress and curves, and
// the table of runs (rename, duplicate with changed settings, delete).
#pragma once

#include "engine/training/runqueue.h"
#include "engine/training/sweep.h"
#include "engine/training/trainer.h"

#include <QElapsedTimer>
#include <QWidget>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QGroupBox;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;
class QToolButton;

namespace recscope {

namespace engine {
class Project;
}
class EmptyStateStack;
class EngineJob;
class RunsTableModel;
class TrainingCurvesChart;
class TrainingJob;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget *parent = nullptr);
    ~TrainingPanel() override;

    // The project connection is used on the UI thread for small reads (runs, epochs); training
    // opens its own connection in the worker.
    void setProject(engine::Project *project);
    void setDataset(qint64 datasetId, const QString &name, qint64 users, qint64 interactions);

    // The form as a configuration; throws EngineError(Usage) on an impossible combination.
    engine::TrainConfig formConfig() const;
    void loadConfig(const engine::TrainConfig &config);
    // Queues a run with the form's settings; returns false (and says why) when it cannot.
    bool enqueue();
    void refreshRuns();
    // The privacy and efficiency lab on the selected run of the runs table, as a job (the
    // runs table's context menu); the job is returned for tests.
    enum class LabTask { Profile, Quantize, PruneWeights, PruneHeads, Audit, ExportRecommendations, ExportEmbeddings, ExportModel };
    // Starts `task` on the selected run; the exports write to `target` (a .csv, .jsonl or .pt file, a folder).
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
    int queuedCount() const { return m_queue.waitingCount(); }
    int pendingCount() const; // waiting or running
    int runningCount() const;
    TrainingJob *currentJob() const;
    RunsTableModel *runsModel() const { return m_runs; }
    TrainingCurvesChart *curvesChart() const { return m_curves; }
    EmptyStateStack *emptyState() const { return m_curvesStack; }
    QComboBox *modelBox() const { return m_model; }
    QSpinBox *epochsBox() const { return m_epochs; }
    QComboBox *splitBox() const { return m_split; }
    QTabWidget *formTabs() const { return m_formTabs; }
    QComboBox *decayBox() const { return m_decay; }
    QSpinBox *warmupBox() const { return m_warmup; }
    QGroupBox *privacyBox() const { return m_dpBox; }
    QComboBox *privacyUnitBox() const { return m_dpUnit; }
    QDoubleSpinBox *privacyNoiseBox() const { return m_dpNoise; }
    QDoubleSpinBox *privacyTargetBox() const { return m_dpTarget; }
    QProgressBar *privacyMeter() const { return m_budget; }
    QLabel *privacyMeterLabel() const { return m_budgetLabel; }
    QSpinBox *textLengthBox() const { return m_textLength; }
    QSpinBox *pretrainEpochsBox() const { return m_pretrainEpochs; }
    QLineEdit *encoderEdit() const { return m_encoder; }
    QSpinBox *encoderLayersBox() const { return m_encoderLayers; }
    QLabel *encoderInfoLabel() const { return m_encoderInfo; }
    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *cancelButton() const { return m_cancel; }
    QString statusText() const;
    QTableView *runsView() const { return m_runsView; }

Q_SIGNALS:
    void jobCreated(recscope::EngineJob *job);
    // A queued run ended (finished, cancelled or failed); runId is 0 when it was refused
    // before a run was stored.
    void runFinished(qint64 runId);
    // A run was queued, started or ended: what other screens show before there is a run may change.
    void activityChanged();

private:
    QWidget *buildForm();
    QWidget *buildScheduleForm(QWidget *parent);
    QGroupBox *buildPrivacyForm(QWidget *parent);
    QWidget *buildMonitor();
    QWidget *buildRunsTable();
    void updateFormForModel();
    void updateEmptyState();
    // Describes the pretrained encoder folder typed or chosen (or what is wrong with it) and
    // enables the fields that depend on it.
    void updateEncoderInfo();
    void startNext();
    void onJobFinished(TrainingJob *job);
    void updateMonitor();
    void openSweepDialog();
    // The privacy-budget meter for a run's configuration and the epsilon spent so far; hidden
    // for runs without DP.
    void showPrivacyBudget(const engine::TrainConfig &config, std::optional<double> epsilon);
    void renameRun();
    void duplicateRun();
    void deleteRun();

    engine::Project *m_project = nullptr;
    qint64 m_datasetId = -1;
    QString m_datasetName;

    // Form
    QLabel *m_datasetLabel;
    QComboBox *m_model;
    QFormLayout *m_form;
    QSpinBox *m_epochs, *m_batch, *m_maxlen, *m_hidden, *m_layers, *m_heads, *m_patience, *m_parallel;
    QDoubleSpinBox *m_lr, *m_dropout, *m_weightDecay;
    QComboBox *m_loss;
    QComboBox *m_split;
    QSpinBox *m_textLength;
    QSpinBox *m_pretrainEpochs;
    QComboBox *m_fusion;
    QWidget *m_encoderRow;
    QLineEdit *m_encoder;
    QToolButton *m_encoderBrowse;
    QLabel *m_encoderInfo;
    QSpinBox *m_encoderLayers;
    QComboBox *m_initFrom;
    QLineEdit *m_name;
    QPushButton *m_start;
    QPushButton *m_sweepButton;
    std::vector<std::pair<std::string_view, QWidget *>> m_fields; // form field -> training setting key
    QTabWidget *m_formTabs;
    QFormLayout *m_scheduleForm;
    QComboBox *m_optimizer, *m_decay, *m_batching;
    QSpinBox *m_warmup, *m_seed;
    QDoubleSpinBox *m_clip, *m_maskProb;
    // Settings of the last loaded configuration that the form does not show (l1, negatives...),
    // kept so that a duplicated run changes only what was edited.
    std::string m_loadedModel;
    std::map<std::string, std::string> m_loadedSettings;
    QGroupBox *m_dpBox;
    QComboBox *m_dpUnit, *m_dpSampling;
    QDoubleSpinBox *m_dpNoise, *m_dpClip, *m_dpTarget, *m_dpDelta;
    // Monitor
    QLabel *m_runTitle, *m_runStatus;
    QProgressBar *m_progress;
    QWidget *m_budgetRow;
    QLabel *m_budgetLabel;
    QProgressBar *m_budget;
    QPushButton *m_pause, *m_cancel;
    QListWidget *m_queueView;
    TrainingCurvesChart *m_curves;
    EmptyStateStack *m_curvesStack = nullptr;
    // Runs
    RunsTableModel *m_runs;
    QSortFilterProxyModel *m_runsProxy;
    QTableView *m_runsView;

    engine::RunQueue<std::unique_ptr<TrainingJob>> m_queue; // waiting, and how many run
    std::vector<std::unique_ptr<TrainingJob>> m_running;     // at most m_parallel
    TrainingJob *m_watched = nullptr;                    // the job the monitor shows
    std::unique_ptr<EngineJob> m_labJob;                 // profile, compress or audit
    std::unique_ptr<EngineJob> m_sweepJob;
    QElapsedTimer m_watchedClock;
};

} // namespace recscope
