// SPDX-License-Identifier: GPL-3.0-or-later
// TrainingJob.
#include "widgets/training/trainingjob.h"

#include "engine/core/errors.h"
#include "engine/store/project.h"
#include "engine/training/trainer.h"

#include <QLocale>

namespace recscope {

TrainingJob::TrainingJob(QString projectPath, qint64 datasetId, engine::TrainConfig config, QString runName, QObject *parent)
    : EngineJob(tr("Training %1").arg(runName), {}, parent), m_datasetId(datasetId), m_config(std::move(config)),
      m_runName(std::move(runName)) {
    const std::string path = projectPath.toStdString();
    // The job outlives its work (the destructor waits), so the work may post back to `this`.
    setWork([this, path](engine::Progress &progress) {
        auto project = engine::Project::open(path);
        const auto result = engine::trainRun(*project, m_datasetId, m_config, m_runName.toStdString(), progress,
                                             [this](const engine::EpochRecord &e) { postEpoch(e); });
        return finish(result, tr("best epoch %1, test NDCG@10 %2"));
    });
}

TrainingJob *TrainingJob::continueRun(QString projectPath, const engine::RunInfo &run, QObject *parent) {
    auto *job = new TrainingJob(projectPath, run.datasetId, engine::TrainConfig::fromJson(run.configJson),
                                QString::fromStdString(run.name), parent);
    const std::string path = projectPath.toStdString();
    const std::int64_t runId = run.id;
    job->setWork([job, path, runId](engine::Progress &progress) {
        auto project = engine::Project::open(path);
        const auto result =
            engine::resumeRun(*project, runId, progress, [job](const engine::EpochRecord &e) { job->postEpoch(e); });
        return job->finish(result, tr("resumed; best epoch %1, test NDCG@10 %2"));
    });
    return job;
}

void TrainingJob::postEpoch(const engine::EpochRecord &e) {
    post([this, e] {
        m_epochs.push_back(e);
        Q_EMIT epochFinished(e);
    });
}

QString TrainingJob::finish(const engine::TrainResult &result, const QString &summary) {
    // Written on the worker, read by the UI thread only after finished(): the future's completion
    // orders the two (a posted assignment could arrive after finished()).
    m_result = result;
    if (result.status == engine::RunStatus::Cancelled)
        throw engine::EngineError(engine::ErrorKind::Cancelled, "cancelled");
    if (result.status == engine::RunStatus::Failed)
        throw engine::EngineError(engine::ErrorKind::BadInput, result.message);
    return summary.arg(result.bestEpoch ? QString::number(*result.bestEpoch) : QStringLiteral("–"),
                       QLocale().toString(result.test.ndcg10, 'f', 4));
}

} // namespace recscope
