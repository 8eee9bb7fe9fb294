// SPDX-License-Identifier: GPL-3.0-or-later
// TrainingJob.
#include "widgets/training/trainingjob.h"

#include "engine/core/errors.h"
#include "engine/core/platform.h"
#include "engine/store/encryption.h"
#include "engine/store/project.h"
#include "engine/training/trainer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QProcess>

#include <memory>
#include <optional>
#include <vector>

namespace recscope {

namespace {

// recscope-cli beside this program (the packages install both in one folder), or where
// RECSCOPE_CLI names it (tests, builds that keep it elsewhere).
QString cliPath() {
    if (const QString named = qEnvironmentVariable("RECSCOPE_CLI"); !named.isEmpty())
        return named;
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("recscope-cli"));
    return QFileInfo(beside).isExecutable() ? beside : QStringLiteral("recscope-cli");
}

// Ranks 1..n-1 of a data-parallel run whose rank 0 is this process: recscope-cli workers running
// `command` (train or resume with the same settings), stopped (if they are still there) when the
// run ends however it ends. An encrypted project's key goes to each down its standard input; the
// passphrase is not kept, and the workers derive nothing.
class Helpers {
public:
    Helpers(const QString &project, const QStringList &command, const engine::World &world) {
        const std::string path = project.toStdString();
        std::optional<engine::SecretBytes> key;
        if (engine::isEncryptedProjectFile(path))
            key = engine::workerKeyOf(path);
        QStringList args = command;
        args << QStringLiteral("--project") << project;
        for (int rank = 1; rank < world.size; ++rank) {
            auto p = std::make_unique<QProcess>();
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("RANK"), QString::number(rank));
            env.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
            env.insert(QStringLiteral("WORLD_SIZE"), QString::number(world.size));
            env.insert(QStringLiteral("MASTER_ADDR"), QString::fromStdString(world.masterAddr));
            env.insert(QStringLiteral("MASTER_PORT"), QString::number(world.masterPort));
            if (key)
                env.insert(QStringLiteral("RECSCOPE_PROJECT_KEY_FD"), QStringLiteral("0"));
            p->setProcessEnvironment(env);
            p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
            p->setStandardOutputFile(QProcess::nullDevice());
            p->start(cliPath(), args);
            if (!p->waitForStarted(10000))
                throw engine::EngineError(engine::ErrorKind::Usage, "could not start " + cliPath().toStdString() + " for process " +
                                                                         std::to_string(rank) + ": " + p->errorString().toStdString());
            if (key) {
                p->write(reinterpret_cast<const char *>(key->data()), static_cast<qint64>(key->size()));
                p->write("\n", 1);
                p->waitForBytesWritten(10000);
            }
            p->closeWriteChannel();
            m_processes.push_back(std::move(p));
        }
    }
    ~Helpers() {
        for (auto &p : m_processes) // they stop on their own once rank 0 is gone; a moment's grace, then stop them
            if (!p->waitForFinished(15000)) {
                p->kill();
                p->waitForFinished(5000);
            }
    }

private:
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

// The ranks other than this process's for a run of `processes`, or none for one process.
std::unique_ptr<Helpers> startHelpers(int processes, const QString &project, const QStringList &command, engine::World &world) {
    if (processes <= 1)
        return nullptr;
    world.size = processes;
    world.masterPort = engine::platform::freeLoopbackPort();
    return std::make_unique<Helpers>(project, command, world);
}

// `train` with the run's dataset, model and every setting, as the workers are to run it.
QStringList trainCommand(qint64 dataset, const engine::TrainConfig &config) {
    QStringList args{QStringLiteral("train"), QStringLiteral("--dataset"), QString::number(dataset), QStringLiteral("--model"),
                     QString::fromStdString(config.modelKey())};
    for (const auto &[key, value] : config.settings())
        args << QStringLiteral("--set") << QString::fromStdString(key + "=" + value);
    return args;
}

} // namespace

TrainingJob::TrainingJob(QString projectPath, qint64 datasetId, engine::TrainConfig config, QString runName, int processes, QObject *parent)
    : EngineJob(tr("Training %1").arg(runName), {}, parent), m_datasetId(datasetId), m_config(std::move(config)),
      m_processes(std::max(1, processes)), m_runName(std::move(runName)) {
    const std::string path = projectPath.toStdString();
    // The job outlives its work (the destructor waits), so the work may post back to `this`.
    setWork([this, path, projectPath](engine::Progress &progress) {
        engine::World world;
        const auto helpers = startHelpers(m_processes, projectPath, trainCommand(m_datasetId, m_config), world);
        auto project = engine::Project::open(path);
        const auto result = engine::trainRun(*project, m_datasetId, m_config, m_runName.toStdString(), progress,
                                             [this](const engine::EpochRecord &e) { postEpoch(e); }, world);
        return finish(result, tr("best epoch %1, test NDCG@10 %2"));
    });
}

TrainingJob *TrainingJob::continueRun(QString projectPath, const engine::RunInfo &run, int processes, QObject *parent) {
    auto *job = new TrainingJob(projectPath, run.datasetId, engine::TrainConfig::fromJson(run.configJson),
                                QString::fromStdString(run.name), processes, parent);
    const std::string path = projectPath.toStdString();
    const std::int64_t runId = run.id;
    job->setWork([job, path, projectPath, runId](engine::Progress &progress) {
        engine::World world;
        const auto helpers = startHelpers(job->m_processes, projectPath,
                                          {QStringLiteral("resume"), QStringLiteral("--run"), QString::number(runId)}, world);
        auto project = engine::Project::open(path);
        const auto result = engine::resumeRun(*project, runId, progress, [job](const engine::EpochRecord &e) { job->postEpoch(e); },
                                              std::nullopt, world);
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
    if (result.status == engine::RunStatus::Interrupted) // a process of a data-parallel run stopped
        throw engine::EngineError(engine::ErrorKind::Peer, result.message);
    return summary.arg(result.bestEpoch ? QString::number(*result.bestEpoch) : QStringLiteral("–"),
                       QLocale().toString(result.test.ndcg10, 'f', 4));
}

} // namespace recscope
