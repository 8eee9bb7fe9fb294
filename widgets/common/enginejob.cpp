// SPDX-License-Identifier: GPL-3.0-or-later
// EngineJob: QtConcurrent plus a throttled, thread-safe Progress sink.
#include "widgets/common/enginejob.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"

#include <QLocale>
#include <QMetaObject>
#include <QPointer>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <thread>

namespace recscope {

class EngineJob::Sink final : public engine::Progress {
public:
    explicit Sink(EngineJob *job) : m_job(job) {}

    void report(double fraction, std::string_view stage) override {
        while (m_paused.load() && !m_cancel.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(m_mutex);
            if (now - m_last < std::chrono::milliseconds(100) && fraction < 1.0)
                return;
            m_last = now;
        }
        const QString s = EngineJob::describeStage(QString::fromUtf8(stage.data(), static_cast<qsizetype>(stage.size())));
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

QString EngineJob::describeStage(const QString &stage) {
    static const QLatin1String reading("reading ");
    if (stage.startsWith(reading))
        return tr("Reading %1…").arg(stage.mid(reading.size()));
    if (stage == QLatin1String("reading"))
        return tr("Reading…");
    if (stage == QLatin1String("filtering"))
        return tr("Filtering and sorting…");
    if (stage == QLatin1String("storing users"))
        return tr("Storing users…");
    if (stage == QLatin1String("storing items"))
        return tr("Storing items…");
    if (stage == QLatin1String("storing interactions"))
        return tr("Storing interactions…");
    static const QRegularExpression epoch(QStringLiteral("^epoch (\\d+)/(\\d+)$"));
    if (const auto m = epoch.match(stage); m.hasMatch())
        return tr("Epoch %1 of %2").arg(m.captured(1), m.captured(2));
    static const QRegularExpression validating(QStringLiteral("^validating epoch (\\d+)$"));
    if (const auto m = validating.match(stage); m.hasMatch())
        return tr("Validating epoch %1…").arg(m.captured(1));
    if (stage == QLatin1String("preparing data"))
        return tr("Preparing the data…");
    if (stage == QLatin1String("training the tokenizer on the item text"))
        return tr("Training the tokenizer on the item text…");
    static const QRegularExpression pretraining(QStringLiteral("^pretraining the language model: epoch (\\d+)/(\\d+), loss ([0-9.]+)$"));
    if (const auto m = pretraining.match(stage); m.hasMatch())
        return tr("Pretraining the language model on the item text: epoch %1 of %2, loss %3")
            .arg(m.captured(1), m.captured(2), QLocale().toString(m.captured(3).toDouble(), 'f', 3));
    if (stage == QLatin1String("finished") || stage == QLatin1String("cancelled") || stage == QLatin1String("failed"))
        return tr("Stopping…");
    if (stage == QLatin1String("committing"))
        return tr("Saving to the project file…");
    return stage;
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
