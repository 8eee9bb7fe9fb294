// SPDX-License-Identifier: GPL-3.0-or-later
// One training run as a job: the engine's training loop in a worker, epochs reported live.
#pragma once

#include "engine/settings/trainconfig.h"
#include "engine/store/runstore.h"
#include "widgets/common/enginejob.h"

#include <QString>

namespace recscope {

class TrainingJob : public EngineJob {
    Q_OBJECT
public:
    // With `processes` > 1 (the transformers), this job is rank 0 of a data-parallel run and
    // starts the other ranks as recscope-cli processes on this machine; cancelling stops them all.
    TrainingJob(QString projectPath, qint64 datasetId, engine::TrainConfig config, QString runName, int processes = 1,
                QObject *parent = nullptr);
    // Continues a stored run (interrupted, cancelled or failed) from its last checkpoint, in
    // `processes` processes (any number: a data-parallel run resumes with the same or another).
    static TrainingJob *continueRun(QString projectPath, const engine::RunInfo &run, int processes = 1, QObject *parent = nullptr);

    const engine::TrainConfig &config() const { return m_config; }
    int processes() const { return m_processes; }
    QString runName() const { return m_runName; }
    qint64 datasetId() const { return m_datasetId; }
    // Set once the run has finished (or stopped).
    const engine::TrainResult &result() const { return m_result; }
    const std::vector<engine::EpochRecord> &epochs() const { return m_epochs; }

Q_SIGNALS:
    void epochFinished(const recscope::engine::EpochRecord &epoch);

private:
    void postEpoch(const engine::EpochRecord &epoch); // worker thread -> UI thread
    // Records the result; throws for a cancelled or failed run, else fills in `summary`.
    QString finish(const engine::TrainResult &result, const QString &summary);

    qint64 m_datasetId;
    engine::TrainConfig m_config;
    int m_processes = 1;
    QString m_runName;
    engine::TrainResult m_result;
    std::vector<engine::EpochRecord> m_epochs;
};

} // namespace recscope
