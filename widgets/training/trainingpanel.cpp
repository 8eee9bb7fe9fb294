// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/training/trainingpanel.h"

#include "engine/core/errors.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/training/trainer.h"
#include "widgets/common/emptystate.h"
#include "widgets/common/enginejob.h"
#include "widgets/training/sweepdialog.h"
#include "widgets/training/trainingform.h"
#include "widgets/training/trainingjob.h"
#include "widgets/training/trainingqueue.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace recscope {

TrainingPanel::TrainingPanel(QWidget *parent) : QWidget(parent) {
    auto *layout = new QHBoxLayout(this);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(buildForm());
    auto *right = new QSplitter(Qt::Vertical, split);
    m_queue = new TrainingQueue(right);
    m_runsView = new RunsView(right);
    right->addWidget(m_queue);
    right->addWidget(m_runsView);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    layout->addWidget(split);
    m_queue->setSlots(m_parallel->value());
    connect(m_parallel, &QSpinBox::valueChanged, m_queue, &TrainingQueue::setSlots);
    connect(m_queue, &TrainingQueue::runsChanged, this, &TrainingPanel::refreshRuns);
    connect(m_queue, &TrainingQueue::runFinished, this, &TrainingPanel::runFinished);
    connect(m_queue, &TrainingQueue::activityChanged, this, &TrainingPanel::updateEmptyState);
    connect(m_queue->emptyState(), &EmptyStateStack::actionTriggered, this, [this] { trainModels({QStringLiteral("sasrec")}); });
    connect(m_runsView, &RunsView::runSelected, this, [this](qint64 id) {
        if (!currentJob()) // a training run keeps the monitor
            showRun(id);
    });
    connect(m_runsView, &RunsView::refreshed, m_form, &TrainingForm::setFineTuningSources);
    connect(m_runsView, &RunsView::duplicateRequested, this, [this](const engine::TrainConfig &config, const QString &name) {
        m_form->loadConfig(config);
        m_form->setRunName(name);
    });
    connect(m_runsView, &RunsView::resumeRequested, this, &TrainingPanel::resumeRun);
    connect(m_runsView, &RunsView::runDeleted, m_queue, &TrainingQueue::clearCurves);
    connect(m_runsView, &RunsView::jobCreated, this, &TrainingPanel::jobCreated);
    connect(m_runsView, &RunsView::report, m_queue, &TrainingQueue::showMessage);
    updateEmptyState();
}

TrainingPanel::~TrainingPanel() = default;

QWidget *TrainingPanel::buildForm() {
    auto *box = new QGroupBox(tr("New run"), this);
    auto *l = new QVBoxLayout(box);
    m_datasetLabel = new QLabel(tr("Choose a dataset in the Datasets dock."), box);
    m_datasetLabel->setWordWrap(true);
    l->addWidget(m_datasetLabel);
    m_form = new TrainingForm(box);
    l->addWidget(m_form, 1);
    auto *queueForm = new QFormLayout;
    m_parallel = new QSpinBox(box);
    m_parallel->setRange(1, 8);
    m_parallel->setAccessibleName(tr("Runs at a time"));
    m_parallel->setToolTip(tr("How many queued runs train side by side; each takes its share of the compute threads."));
    queueForm->addRow(tr("Runs at a &time:"), m_parallel);
    l->addLayout(queueForm);
    m_start = new QPushButton(tr("Add to queue"), box);
    m_start->setToolTip(tr("Queue a run with these settings; it starts when a slot is free."));
    m_sweepButton = new QPushButton(tr("S&weep…"), box);
    m_sweepButton->setToolTip(tr("Train one run per combination of the settings you vary, the others as in this form, and compare "
                                 "them (Compare ▸ Sweeps)."));
    auto *startRow = new QHBoxLayout;
    startRow->addWidget(m_start, 1);
    startRow->addWidget(m_sweepButton);
    l->addLayout(startRow);
    auto *hint = new QLabel(tr("Validation after each epoch: the held-out item ranked against sampled items the "
                               "user never saw (NDCG@10, HR@10). The best epoch's checkpoint is kept."), box);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    l->addWidget(hint);
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::enqueue);
    connect(m_sweepButton, &QPushButton::clicked, this, &TrainingPanel::openSweepDialog);
    box->setMinimumWidth(300);
    return box;
}

void TrainingPanel::setProject(engine::Project *project) {
    m_project = project;
    m_datasetId = -1;
    m_datasetLabel->setText(tr("Choose a dataset in the Datasets dock."));
    m_start->setEnabled(false);
    if (m_project)
        engine::RunStore(*m_project).markInterrupted();
    m_queue->setProject(project);
    m_runsView->setProject(project);
}

void TrainingPanel::setDataset(qint64 datasetId, const QString &name, qint64 users, qint64 interactions) {
    m_datasetId = datasetId;
    m_datasetName = name;
    const QLocale loc;
    m_datasetLabel->setText(tr("Dataset: <b>%1</b> (%2 users, %3 interactions)")
                                .arg(name.toHtmlEscaped(), loc.toString(users), loc.toString(interactions)));
    m_start->setEnabled(datasetId >= 0);
    updateEmptyState();
    // Nothing training: the dataset's latest run shows its curves rather than empty axes.
    if (!currentJob() && m_project && datasetId >= 0) {
        std::int64_t latest = 0;
        for (const auto &r : engine::RunStore(*m_project).runs())
            if (r.datasetId == datasetId)
                latest = std::max(latest, r.id);
        if (latest > 0)
            showRun(latest);
    }
    // A history window that covers most users: about twice the mean length, within 10..200.
    if (users > 0)
        m_form->field<QSpinBox>("maxlen")->setValue(static_cast<int>(std::clamp<qint64>(2 * interactions / users, 10, 200)));
}

bool TrainingPanel::enqueue() {
    if (!m_project || m_datasetId < 0)
        return false;
    engine::TrainConfig config;
    try {
        config = m_form->config();
    } catch (const engine::EngineError &e) {
        QMessageBox::warning(this, tr("New run"), QString::fromStdString(e.message()));
        return false;
    }
    QString name = m_form->runName();
    if (name.isEmpty())
        name = tr("%1 on %2").arg(m_form->modelKey(), m_datasetName);
    queueJob(std::make_unique<TrainingJob>(QString::fromStdString(m_project->path()), m_datasetId, config, name, m_form->processes()));
    return true;
}

engine::SweepRequest TrainingPanel::sweepBase() const {
    engine::SweepRequest r;
    const auto c = m_form->config(); // throws for impossible settings
    r.model = c.modelKey();
    r.fixed = c.settings();
    r.name = m_form->runName().isEmpty() ? tr("%1 sweep on %2").arg(QString::fromStdString(r.model), m_datasetName).toStdString()
                                         : m_form->runName().toStdString();
    return r;
}

void TrainingPanel::openSweepDialog() {
    if (!m_project || m_datasetId < 0)
        return;
    engine::SweepRequest base;
    try {
        base = sweepBase();
    } catch (const engine::EngineError &e) {
        QMessageBox::warning(this, tr("Sweep"), QString::fromStdString(e.message()));
        return;
    }
    SweepDialog dialog(base, this);
    if (dialog.exec() == QDialog::Accepted && dialog.isValid())
        startSweep(dialog.request());
}

EngineJob *TrainingPanel::startSweep(const engine::SweepRequest &request) {
    if (!m_project || m_datasetId < 0 || (m_sweepJob && m_sweepJob->isRunning()))
        return nullptr;
    const std::string path = m_project->path();
    const qint64 dataset = m_datasetId;
    auto best = std::make_shared<qint64>(0);
    const QString title = tr("Sweep %1").arg(QString::fromStdString(request.name));
    m_sweepJob = std::make_unique<EngineJob>(title, [path, dataset, request, best](engine::Progress &progress) -> QString {
        auto project = engine::Project::open(path);
        const auto r = engine::runSweep(*project, dataset, request, progress);
        if (r.status == "cancelled")
            throw engine::EngineError(engine::ErrorKind::Cancelled, "cancelled");
        if (r.best < 0)
            return tr("No trial finished.");
        const auto &b = r.trials[static_cast<std::size_t>(r.best)];
        *best = b.runId;
        return tr("%n trial(s); the best is trial %1 (validation NDCG@10 %2). See Compare ▸ Sweeps.", nullptr, static_cast<int>(r.trials.size()))
            .arg(b.index)
            .arg(QLocale().toString(b.validNdcg10, 'f', 4));
    });
    connect(m_sweepJob.get(), &EngineJob::finished, this, [this, title, best, job = m_sweepJob.get()] {
        m_queue->showMessage(title, job->state() == EngineJob::State::Succeeded ? job->resultText()
                                    : job->state() == EngineJob::State::Cancelled ? tr("Sweep cancelled; the trials that ended are kept.")
                                                                                  : job->errorText());
        refreshRuns();
        Q_EMIT runFinished(*best);
    });
    m_queue->showMessage(title, tr("Working…"));
    Q_EMIT jobCreated(m_sweepJob.get());
    m_sweepJob->start();
    return m_sweepJob.get();
}

bool TrainingPanel::trainModels(const QStringList &models) {
    for (const QString &model : models) {
        if (!m_form->setModel(model))
            return false;
        if (!enqueue())
            return false;
    }
    return true;
}

void TrainingPanel::updateEmptyState() {
    auto *stack = m_queue->emptyState();
    // Guidance only while the dataset has no run at all and none is on its way.
    bool none = m_project && m_datasetId >= 0 && pendingCount() == 0;
    if (none)
        for (const auto &r : engine::RunStore(*m_project).runs())
            if (r.datasetId == m_datasetId) {
                none = false;
                break;
            }
    if (!none) {
        stack->showContent();
    } else if (!stack->isShowingEmpty()) {
        stack->showEmpty(tr("No run on this dataset yet"),
                                 tr("Set a run up on the left and add it to the queue, or begin with SASRec, the usual "
                                    "baseline for next-item recommendation: its training and validation curves appear "
                                    "here epoch by epoch."),
                                 tr("Train a SASRec on This Dataset"));
    }
    Q_EMIT activityChanged();
}

void TrainingPanel::queueJob(std::unique_ptr<TrainingJob> job) {
    Q_EMIT jobCreated(job.get());
    m_queue->add(std::move(job));
}

bool TrainingPanel::resumeRun() {
    const auto *run = m_runsView->currentRun();
    if (!run || !m_project || !engine::isResumable(run->status))
        return false;
    // With as many processes as it trained with (the form's count is for new runs).
    queueJob(std::unique_ptr<TrainingJob>(TrainingJob::continueRun(QString::fromStdString(m_project->path()), *run, engine::runWorldSize(*run))));
    return true;
}

void TrainingPanel::refreshRuns() { m_runsView->refresh(); }

void TrainingPanel::showRun(qint64 runId) { m_queue->showRun(runId); }

EngineJob *TrainingPanel::startLabJob(LabTask task, const QString &target) { return m_runsView->startLabJob(task, target); }

int TrainingPanel::queuedCount() const { return m_queue->waitingCount(); }
int TrainingPanel::runningCount() const { return m_queue->runningCount(); }
int TrainingPanel::pendingCount() const { return queuedCount() + runningCount(); }
TrainingJob *TrainingPanel::currentJob() const { return m_queue->currentJob(); }
RunsTableModel *TrainingPanel::runsModel() const { return m_runsView->model(); }
QTableView *TrainingPanel::runsView() const { return m_runsView->view(); }
TrainingCurvesChart *TrainingPanel::curvesChart() const { return m_queue->curvesChart(); }
EmptyStateStack *TrainingPanel::emptyState() const { return m_queue->emptyState(); }
QProgressBar *TrainingPanel::privacyMeter() const { return m_queue->privacyMeter(); }
QLabel *TrainingPanel::privacyMeterLabel() const { return m_queue->privacyMeterLabel(); }
QPushButton *TrainingPanel::pauseButton() const { return m_queue->pauseButton(); }
QPushButton *TrainingPanel::cancelButton() const { return m_queue->cancelButton(); }
QString TrainingPanel::statusText() const { return m_queue->statusText(); }

} // namespace recscope
