// SPDX-License-Identifier: GPL-3.0-or-later
// Runs one piece of engine work on a worker thread and reports back on the UI thread.
#pragma once

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QMetaObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace recscope::engine {
class EngineError;
class Progress;
struct ProgressStage;
}

namespace recscope {

// A job owns its work until it ends. Progress reaches the UI through queued signals at most
// ten times a second. cancel() asks the engine to stop at its next check; the destructor
// cancels and waits, so a job can be deleted at any time. The work function runs on a pool
// thread: it must open its own Project there and must not touch widgets.
class EngineJob : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Running, Succeeded, Failed, Cancelled };
    Q_ENUM(State)

    // The work returns a short summary for the status bar; it throws EngineError on failure.
    using Work = std::function<QString(engine::Progress &)>;

    EngineJob(QString title, Work work, QObject *parent = nullptr);
    ~EngineJob() override;

    QString title() const { return m_title; }
    State state() const { return m_state; }
    double progress() const { return m_fraction; }
    QString stage() const { return m_stage; }
    QString resultText() const { return m_result; }
    QString errorText() const { return m_error; }
    bool isRunning() const { return m_state == State::Running; }

    void start();
    void cancel();
    // Holds the work at its next progress report until resume() (or cancel()).
    void pause();
    void resume();
    bool isPaused() const;
    // Blocks until the work has returned (tests and shutdown only).
    void waitForFinished();
    // Words for people for the engine's stage codes (Reading u.data…, Epoch 3 of 10).
    static QString describeStage(const engine::ProgressStage &stage);
    // An engine error for people: where (file, line, field) in words, then the engine's detail.
    static QString describeError(const engine::EngineError &error);

Q_SIGNALS:
    void progressChanged(double fraction, const QString &stage);
    void pausedChanged(bool paused);
    void succeeded(const QString &summary);
    void failed(const QString &message);
    void cancelled();
    // Emitted after any of the three above.
    void finished();

protected:
    // For subclasses whose work reports more than progress: runs `f` on this job's thread.
    template <typename F>
    void post(F &&f) {
        QMetaObject::invokeMethod(this, std::forward<F>(f), Qt::QueuedConnection);
    }
    void setWork(Work work) { m_work = std::move(work); }

private:
    class Sink;
    void onWorkDone();

    QString m_title;
    Work m_work;
    std::shared_ptr<Sink> m_sink;
    QFutureWatcher<void> m_watcher;
    State m_state = State::Idle;
    double m_fraction = 0;
    QString m_stage, m_result, m_error;
};

} // namespace recscope
