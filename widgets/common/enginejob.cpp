// SPDX-License-Identifier: GPL-3.0-or-later
// EngineJob: QtConcurrent plus a throttled, thread-safe Progress sink.
#include "widgets/common/enginejob.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"

#include <QLocale>
#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <thread>

namespace recscope {

class EngineJob::Sink final : public engine::Progress {
public:
    explicit Sink(EngineJob *job) : m_job(job) {}

    void report(double fraction, const engine::ProgressStage &stage) override {
        while (m_paused.load() && !m_cancel.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(m_mutex);
            if (now - m_last < std::chrono::milliseconds(100) && fraction < 1.0)
                return;
            m_last = now;
        }
        const QString s = EngineJob::describeStage(stage);
        QPointer<EngineJob> job = m_job.load();
        if (!job)
            return;
        QMetaObject::invokeMethod(job, [job, fraction, s] {
            if (!job)
                return;
            job->m_fraction = fraction;
            job->m_stage = s;
            Q_EMIT job->progressChanged(fraction, s);
        }, Qt::QueuedConnection);
    }
    bool cancelled() const override { return m_cancel.load(); }

    void cancel() { m_cancel = true; }
    void setPaused(bool p) { m_paused = p; }
    bool paused() const { return m_paused.load(); }
    void detach() { m_job = nullptr; }

    QString result, error;
    bool wasCancelled = false;

private:
    std::atomic<EngineJob *> m_job;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_paused{false};
    std::mutex m_mutex;
    std::chrono::steady_clock::time_point m_last{};
};

EngineJob::EngineJob(QString title, Work work, QObject *parent)
    : QObject(parent), m_title(std::move(title)), m_work(std::move(work)), m_sink(std::make_shared<Sink>(this)) {
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, &EngineJob::onWorkDone);
}

EngineJob::~EngineJob() {
    m_sink->cancel();
    m_sink->detach();
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
}

void EngineJob::start() {
    if (m_state == State::Running)
        return;
    m_state = State::Running;
    auto sink = m_sink;
    auto work = m_work;
    m_watcher.setFuture(QtConcurrent::run([sink, work] {
        try {
            sink->result = work(*sink);
        } catch (const engine::EngineError &e) {
            if (e.kind() == engine::ErrorKind::Cancelled)
                sink->wasCancelled = true;
            else
                sink->error = EngineJob::describeError(e);
        } catch (const std::exception &e) {
            sink->error = QString::fromStdString(e.what());
        }
    }));
}

void EngineJob::cancel() { m_sink->cancel(); }

void EngineJob::pause() {
    if (m_state != State::Running || m_sink->paused())
        return;
    m_sink->setPaused(true);
    Q_EMIT pausedChanged(true);
}

void EngineJob::resume() {
    if (!m_sink->paused())
        return;
    m_sink->setPaused(false);
    Q_EMIT pausedChanged(false);
}

bool EngineJob::isPaused() const { return m_sink->paused(); }

QString EngineJob::describeError(const engine::EngineError &e) {
    const auto &w = e.where();
    const QString message = QString::fromStdString(e.message());
    if (w.file.empty())
        return message;
    const QString file = QString::fromStdString(w.file);
    if (w.line > 0 && !w.field.empty())
        return tr("%1, line %2, field “%3”: %4").arg(file).arg(w.line).arg(QString::fromStdString(w.field), message);
    if (w.line > 0)
        return tr("%1, line %2: %3").arg(file).arg(w.line).arg(message);
    return tr("%1: %2").arg(file, message);
}

QString EngineJob::describeStage(const engine::ProgressStage &stage) {
    using engine::Stage;
    const auto arg = [&](std::size_t i) { return QString::fromStdString(stage.arg(i)); };
    switch (stage.code) {
    case Stage::Reading: return tr("Reading…");
    case Stage::ReadingFile: return tr("Reading %1…").arg(arg(0));
    case Stage::Filtering: return tr("Filtering and sorting…");
    case Stage::StoringUsers: return tr("Storing users…");
    case Stage::StoringItems: return tr("Storing items…");
    case Stage::StoringInteractions: return tr("Storing interactions…");
    case Stage::Committing: return tr("Saving to the project file…");
    case Stage::PreparingData: return tr("Preparing the data…");
    case Stage::TrainingTokenizer: return tr("Training the tokenizer on the item text…");
    case Stage::LoadingEncoder: return tr("Loading the pretrained encoder %1…").arg(arg(0));
    case Stage::EncodingItems: return tr("Reading the item text with the pretrained encoder: %1 of %2 items").arg(arg(0), arg(1));
    case Stage::Pretraining:
        return tr("Pretraining the language model on the item text: epoch %1 of %2, loss %3")
            .arg(arg(0), arg(1), QLocale().toString(arg(2).toDouble(), 'f', 3));
    case Stage::Epoch: return tr("Epoch %1 of %2").arg(arg(0), arg(1));
    case Stage::Validating: return tr("Validating epoch %1…").arg(arg(0));
    case Stage::Stopping: return tr("Stopping…");
    case Stage::LoadingModel: return tr("Loading the model…");
    case Stage::CountingCooccurrences: return tr("Counting co-occurrences…");
    case Stage::RankingCatalog: return tr("Ranking the catalog…");
    case Stage::MeasuringBeyondAccuracy: return tr("Measuring diversity and novelty…");
    case Stage::Evaluated: return tr("Evaluated");
    case Stage::Reranking: return tr("Re-ranking for diversity…");
    case Stage::Reranked: return tr("Re-ranked");
    case Stage::Recommending: return tr("Recommending…");
    case Stage::ComputingAttributions: return tr("Computing attributions…");
    case Stage::Explained: return tr("Explained");
    case Stage::ReviewingExplanations: return tr("Reviewing explanations…");
    case Stage::Reviewed: return tr("Reviewed");
    case Stage::MeasuringLatency: return tr("Measuring latency, one user at a time…");
    case Stage::MeasuringThroughput: return tr("Measuring throughput, %1 users a batch…").arg(arg(0));
    case Stage::Profiled: return tr("Profiled");
    case Stage::WritingQuantized: return tr("Writing the int8 run…");
    case Stage::Quantized: return tr("Quantized");
    case Stage::WritingPruned: return tr("Writing the pruned run…");
    case Stage::Pruned: return tr("Pruned");
    case Stage::ScoringMembers: return tr("Scoring members and held-out users…");
    case Stage::Audited: return tr("Audited");
    case Stage::TestingDifferences: return tr("Testing the differences…");
    case Stage::WritingRecommendations: return tr("Writing every user's recommendations…");
    case Stage::WritingEmbeddings: return tr("Writing the item and user vectors…");
    case Stage::WritingModel: return tr("Writing the TorchScript model…");
    case Stage::Exported: return tr("Exported");
    case Stage::Swept: return tr("Sweep finished");
    case Stage::Diagnosing: return tr("Diagnosing…");
    case Stage::Diagnosed: return tr("Diagnosed");
    }
    return QString::fromStdString(engine::englishText(stage));
}

void EngineJob::waitForFinished() { m_watcher.waitForFinished(); }

void EngineJob::onWorkDone() {
    if (m_sink->wasCancelled || (m_sink->cancelled() && !m_sink->error.isEmpty())) {
        m_state = State::Cancelled;
        Q_EMIT cancelled();
    } else if (!m_sink->error.isEmpty()) {
        m_state = State::Failed;
        m_error = m_sink->error;
        Q_EMIT failed(m_error);
    } else {
        m_state = State::Succeeded;
        m_result = m_sink->result;
        m_fraction = 1.0;
        Q_EMIT succeeded(m_result);
    }
    Q_EMIT finished();
}

} // namespace recscope
