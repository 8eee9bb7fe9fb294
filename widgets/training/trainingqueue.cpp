// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/training/trainingqueue.h"

#include "engine/core/errors.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "widgets/common/emptystate.h"
#include "widgets/training/runstablemodel.h"
#include "widgets/training/trainingcurveschart.h"
#include "widgets/training/trainingjob.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <limits>

namespace recscope {

namespace {

// Whether a run's training and validation losses are of one kind, so that their gap means
// something: sampled BCE for both, or the MSE of ratings (a catalog-wide cross-entropy is not).
bool sameScaleLosses(const engine::TrainConfig &c) { return c.info().ratings || c.loss == engine::Loss::Bce; }

QString duration(double seconds) {
    const QLocale loc;
    if (seconds < 90)
        return TrainingQueue::tr("%1 s").arg(loc.toString(seconds, 'f', 0));
    if (seconds < 5400)
        return TrainingQueue::tr("%1 min").arg(loc.toString(seconds / 60, 'f', 1));
    return TrainingQueue::tr("%1 h").arg(loc.toString(seconds / 3600, 'f', 1));
}

} // namespace

TrainingQueue::TrainingQueue(QWidget *parent) : QWidget(parent) {
    auto *l = new QVBoxLayout(this);
    auto *row = new QHBoxLayout;
    m_runTitle = new QLabel(this);
    QFont f = m_runTitle->font();
    f.setBold(true);
    m_runTitle->setFont(f);
    row->addWidget(m_runTitle, 1);
    m_pause = new QPushButton(tr("Pause"), this);
    m_cancel = new QPushButton(tr("Cancel run"), this);
    row->addWidget(m_pause);
    row->addWidget(m_cancel);
    l->addLayout(row);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setAccessibleName(tr("Training progress"));
    l->addWidget(m_progress);
    m_runStatus = new QLabel(this);
    l->addWidget(m_runStatus);
    m_budgetRow = new QWidget(this);
    auto *budget = new QHBoxLayout(m_budgetRow);
    budget->setContentsMargins(0, 0, 0, 0);
    m_budgetLabel = new QLabel(m_budgetRow);
    m_budget = new QProgressBar(m_budgetRow);
    m_budget->setAccessibleName(tr("Privacy budget spent"));
    m_budget->setTextVisible(true);
    budget->addWidget(m_budgetLabel);
    budget->addWidget(m_budget, 1);
    m_budgetRow->setVisible(false);
    l->addWidget(m_budgetRow);
    m_queueView = new QListWidget(this);
    m_queueView->setMaximumHeight(70);
    m_queueView->setAccessibleName(tr("Run queue"));
    l->addWidget(m_queueView);
    m_curves = new TrainingCurvesChart(this);
    m_curves->setAccessibleName(tr("Training curves chart"));
    m_curvesStack = new EmptyStateStack(m_curves, this);
    m_curvesStack->setObjectName(QStringLiteral("trainEmptyState"));
    l->addWidget(m_curvesStack, 1);
    connect(m_pause, &QPushButton::clicked, this, [this] {
        if (auto *j = currentJob())
            j->isPaused() ? j->resume() : j->pause();
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (auto *j = currentJob())
            j->cancel();
    });
    updateMonitor();
}

TrainingQueue::~TrainingQueue() {
    // Jobs cancel and wait in their destructors; stop the queue from starting new ones first.
    m_queue.clearWaiting();
    for (auto &j : m_running)
        j->disconnect(this);
    m_running.clear();
}

void TrainingQueue::add(std::unique_ptr<TrainingJob> job) {
    m_queueView->addItem(tr("%1 (queued)").arg(job->runName()));
    m_queue.add(std::move(job));
    startNext();
}

void TrainingQueue::setSlots(int slots) {
    m_queue.setSlots(slots);
    startNext();
}

TrainingJob *TrainingQueue::currentJob() const { return m_watched && m_watched->isRunning() ? m_watched : nullptr; }

QString TrainingQueue::statusText() const { return m_runTitle->text() + QLatin1Char('\n') + m_runStatus->text(); }

void TrainingQueue::showMessage(const QString &title, const QString &text) {
    m_runTitle->setText(title);
    m_runStatus->setText(text);
}

void TrainingQueue::clearCurves() { m_curves->clear(); }

void TrainingQueue::startNext() {
    for (auto &job : m_queue.takeStartable()) {
        delete m_queueView->takeItem(0);
        TrainingJob *j = job.get();
        connect(j, &EngineJob::progressChanged, this, [this, j] {
            if (j == m_watched)
                updateMonitor();
        });
        connect(j, &EngineJob::pausedChanged, this, &TrainingQueue::updateMonitor);
        connect(j, &TrainingJob::epochFinished, this, [this, j] {
            if (j != m_watched)
                return;
            std::vector<TrainingCurvesChart::Point> points;
            const bool ratings = j->config().info().ratings; // best by validation MSE, as the engine picks it
            double best = -std::numeric_limits<double>::infinity();
            int bestEpoch = 0;
            for (const auto &e : j->epochs()) {
                points.push_back({static_cast<int>(e.epoch), e.trainLoss, e.validLoss.value_or(0), e.validNdcg10});
                const double criterion = ratings ? -e.validLoss.value_or(std::numeric_limits<double>::infinity()) : e.validNdcg10;
                if (criterion > best) {
                    best = criterion;
                    bestEpoch = static_cast<int>(e.epoch);
                }
            }
            m_curves->setCurves(points, bestEpoch, sameScaleLosses(j->config()));
            showPrivacyBudget(j->config(), j->epochs().back().epsilon);
            Q_EMIT runsChanged();
            updateMonitor();
        });
        connect(j, &EngineJob::finished, this, [this, j] { onJobFinished(j); });
        m_running.push_back(std::move(job));
        m_watched = j;
        m_watchedClock.start();
        m_curves->clear();
        showPrivacyBudget(j->config(), std::nullopt);
        j->start();
        Q_EMIT runsChanged(); // the run appears as running once the worker has created it
    }
    updateMonitor();
}

void TrainingQueue::onJobFinished(TrainingJob *job) {
    // The job is deleted once control returns to the event loop: its finished() is still being
    // delivered to other receivers (the status bar) right now.
    for (auto it = m_running.begin(); it != m_running.end(); ++it)
        if (it->get() == job) {
            it->release()->deleteLater();
            m_running.erase(it);
            m_queue.finished();
            break;
        }
    Q_EMIT runsChanged();
    const qint64 runId = job->result().runId;
    if (job == m_watched) {
        m_watched = m_running.empty() ? nullptr : m_running.back().get();
        if (!m_watched && runId > 0)
            showRun(runId);
    }
    if (job->state() == EngineJob::State::Failed && runId <= 0) // refused before a run existed: say why
        showMessage(tr("Could not start %1").arg(job->runName()), job->errorText());
    Q_EMIT runFinished(runId);
    startNext();
}

void TrainingQueue::updateMonitor() {
    m_queueView->setVisible(m_queueView->count() > 0);
    TrainingJob *j = currentJob();
    m_pause->setEnabled(j != nullptr);
    m_cancel->setEnabled(j != nullptr);
    m_pause->setText(j && j->isPaused() ? tr("Resume") : tr("Pause"));
    if (!j) {
        m_progress->setValue(0);
        m_progress->setEnabled(false);
        if (m_runTitle->text().isEmpty())
            m_runTitle->setText(tr("No run is training"));
        m_runStatus->setText(m_queue.waitingCount() == 0 ? tr("Set up a run on the left and add it to the queue.")
                                                         : tr("%n run(s) waiting.", "", m_queue.waitingCount()));
        Q_EMIT activityChanged();
        return;
    }
    m_progress->setEnabled(true);
    m_runTitle->setText(tr("Training %1").arg(j->runName()));
    const double f = j->progress();
    m_progress->setValue(static_cast<int>(f * 1000));
    QStringList parts;
    parts << j->stage();
    if (!j->epochs().empty())
        parts << tr("%1 sequences/s").arg(QLocale().toString(j->epochs().back().sequencesPerSecond, 'f', 0));
    const double elapsed = m_watchedClock.elapsed() / 1000.0;
    if (f > 0.02 && f < 1)
        parts << tr("about %1 left").arg(duration(elapsed * (1 - f) / f));
    if (j->isPaused())
        parts << tr("paused");
    if (m_queue.waitingCount() > 0)
        parts << tr("%n waiting", "", m_queue.waitingCount());
    m_runStatus->setText(parts.join(QStringLiteral(" · ")));
    Q_EMIT activityChanged();
}

void TrainingQueue::showRun(qint64 runId) {
    if (!m_project)
        return;
    engine::RunStore store(*m_project);
    const auto run = store.run(runId);
    if (!run)
        return;
    std::vector<TrainingCurvesChart::Point> points;
    const auto curve = store.epochs(runId);
    for (const auto &e : curve)
        points.push_back({static_cast<int>(e.epoch), e.trainLoss, e.validLoss.value_or(0), e.validNdcg10});
    bool comparable = true;
    try {
        const auto config = engine::TrainConfig::fromJson(run->configJson);
        comparable = sameScaleLosses(config);
        showPrivacyBudget(config, curve.empty() ? std::nullopt : curve.back().epsilon);
    } catch (const engine::EngineError &) {
    }
    m_curves->setCurves(points, static_cast<int>(run->bestEpoch.value_or(0)), comparable);
    m_runTitle->setText(tr("Run %1: %2").arg(QString::fromStdString(run->name), RunsTableModel::statusText(run->status)));
    if (!run->message.empty() && run->status != engine::RunStatus::Running)
        m_runStatus->setText(QString::fromStdString(run->message));
}

void TrainingQueue::showPrivacyBudget(const engine::TrainConfig &c, std::optional<double> epsilon) {
    m_budgetRow->setVisible(c.dp != engine::DpMode::None);
    if (c.dp == engine::DpMode::None)
        return;
    const QLocale loc;
    const QString spent = epsilon ? loc.toString(*epsilon, 'f', 2) : QStringLiteral("0");
    const QString delta = c.dpDelta > 0 ? loc.toString(c.dpDelta, 'g', 2)
                                        : (c.dp == engine::DpMode::User ? tr("1 / users") : tr("1 / examples"));
    const QString unit = c.dp == engine::DpMode::User ? tr("per user") : tr("per example");
    if (c.dpTargetEpsilon > 0) {
        m_budget->setVisible(true);
        m_budget->setRange(0, 1000);
        m_budget->setValue(static_cast<int>(std::min(1.0, epsilon.value_or(0) / c.dpTargetEpsilon) * 1000));
        m_budget->setFormat(tr("%1 of %2").arg(spent, loc.toString(c.dpTargetEpsilon, 'f', 2)));
        m_budgetLabel->setText(tr("Privacy budget (epsilon, %1, delta %2):").arg(unit, delta));
    } else {
        m_budget->setVisible(false);
        m_budgetLabel->setText(tr("Privacy spent: epsilon %1 %2, delta %3 (no target)").arg(spent, unit, delta));
    }
}

} // namespace recscope
