// SPDX-License-Identifier: GPL-3.0-or-later
// Data-parallel training on c10d: ranks as separate recscope-cli processes on loopback.
#include "demofixture.h"
#include "testsupport.h"

#include "engine/core/device.h"
#include "engine/core/errors.h"
#include "engine/core/platform.h"
#include "engine/core/world.h"
#include "engine/settings/trainconfig.h"
#include "engine/store/runstore.h"

#include <nlohmann/json.hpp>
#include <torch/script.h>

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>


#include <map>
#include <memory>
#include <sstream>

using namespace recscope;
using namespace recscope::engine;

namespace {

int freePort() { return platform::freeLoopbackPort(); }

// A small SASRec without dropout, so that its steps depend on the batch alone.
QStringList trainArgs(const QString &project, int batch, const QStringList &more = {}) {
    QStringList a{QStringLiteral("train"), QStringLiteral("--project"), project, QStringLiteral("--dataset"), QStringLiteral("demo"),
                  QStringLiteral("--model"), QStringLiteral("sasrec"), QStringLiteral("--json"), QStringLiteral("--threads"), QStringLiteral("1")};
    for (const auto &s : {QStringLiteral("maxlen=20"), QStringLiteral("hidden=16"), QStringLiteral("epochs=2"), QStringLiteral("dropout=0"),
                          QStringLiteral("patience=0"), QStringLiteral("seed=7"), QStringLiteral("batch_size=%1").arg(batch)})
        a << QStringLiteral("--set") << s;
    return a + more;
}

std::unique_ptr<QProcess> startRank(int rank, int size, int port, const QStringList &args, const std::map<QString, QString> &env = {}) {
    auto p = std::make_unique<QProcess>();
    auto e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("RANK"), QString::number(rank));
    e.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
    e.insert(QStringLiteral("WORLD_SIZE"), QString::number(size));
    e.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
    e.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
    e.insert(QStringLiteral("RECSCOPE_DIST_TIMEOUT"), QStringLiteral("30"));
    for (const auto &[k, v] : env)
        e.insert(k, v);
    p->setProcessEnvironment(e);
    p->start(QStringLiteral(RECSCOPE_CLI_PATH), args);
    return p;
}

// The run id on the last line of a `--json` training's stdout.
std::int64_t runOf(QProcess &p) {
    const auto lines = p.readAllStandardOutput().trimmed().split('\n');
    const auto j = nlohmann::json::parse(lines.last().toStdString(), nullptr, false);
    return j.is_object() ? j.value("run", std::int64_t{-1}) : -1;
}

std::vector<double> readTrace(const QString &file) {
    QFile f(file);
    std::vector<double> out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const auto &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            out.push_back(line.toDouble());
    return out;
}

// Every parameter of a stored checkpoint, by name.
std::map<std::string, torch::Tensor> weightsOf(const std::string &projectPath, std::int64_t run, const std::string &kind) {
    auto project = Project::open(projectPath);
    RunStore store(*project);
    const auto state = store.loadCheckpoint(run, kind);
    std::map<std::string, torch::Tensor> out;
    if (!state)
        return out;
    std::istringstream in(*state);
    auto module = torch::jit::load(in, torch::kCPU);
    for (const auto &p : module.named_parameters(true))
        out[p.name] = p.value.clone();
    return out;
}

} // namespace

class DistributedTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_project;

    std::size_t runCount() {
        auto project = Project::open(m_project.toStdString());
        return RunStore(*project).runs().size();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        std::unique_ptr<Project> project;
        recscope::test::writeDemo(m_dir, QStringLiteral("d.recscope"), 400, 150, 15, project);
        m_project = m_dir.filePath(QStringLiteral("d.recscope"));
    }

    void readsTheLaunchersEnvironment() {
        auto from = [](std::map<std::string, std::string> vars) {
            return worldFromEnvironment([vars](const char *name) -> const char * {
                const auto f = vars.find(name);
                return f == vars.end() ? nullptr : f->second.c_str();
            });
        };
        QVERIFY(!from({}));
        const auto torchrun = from({{"RANK", "3"}, {"WORLD_SIZE", "8"}, {"LOCAL_RANK", "1"}, {"MASTER_ADDR", "node7"}, {"MASTER_PORT", "29400"}});
        QVERIFY(torchrun);
        QCOMPARE(torchrun->rank, 3);
        QCOMPARE(torchrun->size, 8);
        QCOMPARE(torchrun->localRank, 1);
        QCOMPARE(torchrun->masterAddr, std::string("node7"));
        QCOMPARE(torchrun->masterPort, 29400);
        const auto slurm = from({{"SLURM_PROCID", "5"}, {"SLURM_NTASKS", "6"}, {"SLURM_LOCALID", "1"}, {"MASTER_ADDR", "n1"}, {"MASTER_PORT", "1234"}});
        QVERIFY(slurm);
        QCOMPARE(slurm->rank, 5);
        QCOMPARE(slurm->size, 6);
        QCOMPARE(slurm->localRank, 1);
        // Bad values name their variable.
        for (const auto &[vars, name] : std::vector<std::pair<std::map<std::string, std::string>, std::string>>{
                 {{{"RANK", "x"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "1"}}, "RANK"},
                 {{{"RANK", "2"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "1"}}, "RANK"},
                 {{{"RANK", "0"}, {"WORLD_SIZE", "0"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "1"}}, "WORLD_SIZE"},
                 {{{"RANK", "0"}}, "WORLD_SIZE"},
                 {{{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "1"}}, "MASTER_ADDR"},
                 {{{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "70000"}}, "MASTER_PORT"}}) {
            try {
                from(vars);
                QFAIL(("accepted a bad " + name).c_str());
            } catch (const EngineError &e) {
                QCOMPARE(e.kind(), ErrorKind::Usage);
                QVERIFY2(e.message().find(name) != std::string::npos, e.message().c_str());
            }
        }
    }

    void twoRanksTrainAsOneProcessWithTwiceTheBatch() {
        const QString single = m_dir.filePath(QStringLiteral("single.txt"));
        QProcess one;
        one.start(QStringLiteral(RECSCOPE_CLI_PATH), trainArgs(m_project, 64, {QStringLiteral("--trace-steps"), single}));
        QVERIFY(one.waitForFinished(120000));
        QCOMPARE(one.exitCode(), 0);
        const auto oneRun = runOf(one);

        const int port = freePort();
        std::vector<std::unique_ptr<QProcess>> ranks;
        for (int r = 0; r < 2; ++r)
            ranks.push_back(startRank(r, 2, port,
                                      trainArgs(m_project, 32, {QStringLiteral("--trace-steps"), m_dir.filePath(QStringLiteral("rank%1.txt").arg(r))})));
        for (auto &p : ranks) {
            QVERIFY(p->waitForFinished(120000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        const auto twoRun = runOf(*ranks[0]);
        QVERIFY(twoRun > 0 && twoRun != oneRun);

        const auto a = readTrace(single), b = readTrace(m_dir.filePath(QStringLiteral("rank0.txt"))),
                   c = readTrace(m_dir.filePath(QStringLiteral("rank1.txt")));
        QVERIFY(a.size() >= 10);
        QCOMPARE(b.size(), a.size());
        QCOMPARE(c.size(), a.size());
        double worst = 0;
        for (std::size_t k = 0; k < a.size(); ++k)
            worst = std::max({worst, std::abs(a[k] - b[k]) / std::abs(a[k]), std::abs(a[k] - c[k]) / std::abs(a[k])});
        qInfo("%zu steps; largest relative difference of a step's loss %.2e", a.size(), worst);
        QVERIFY2(worst < 1e-4, QByteArray::number(worst).constData());

        const auto wa = weightsOf(m_project.toStdString(), oneRun, "last"), wb = weightsOf(m_project.toStdString(), twoRun, "last");
        QVERIFY(!wa.empty());
        QCOMPARE(wb.size(), wa.size());
        double largest = 0;
        for (const auto &[name, t] : wa) {
            QVERIFY2(wb.count(name), name.c_str());
            largest = std::max(largest, (t - wb.at(name)).abs().max().item<double>());
        }
        qInfo("largest difference of a final weight %.2e", largest);
        QVERIFY(largest < 1e-3);

        // Only rank 0 recorded: one run, its epochs, and the world size with its metrics.
        auto project = Project::open(m_project.toStdString());
        RunStore store(*project);
        const auto run = store.run(twoRun);
        QVERIFY(run);
        QCOMPARE(run->status, RunStatus::Finished);
        QCOMPARE(store.epochs(twoRun).size(), std::size_t{2});
        QCOMPARE(nlohmann::json::parse(run->metricsJson).value("world_size", 0), 2);
    }

    void refusesBadEnvironments() {
        const auto before = runCount();
        // Not a number.
        auto bad = startRank(0, 2, freePort(), trainArgs(m_project, 32), {{QStringLiteral("RANK"), QStringLiteral("one")}});
        QVERIFY(bad->waitForFinished(30000));
        QCOMPARE(bad->exitCode(), 2);
        QVERIFY(bad->readAllStandardError().contains("RANK='one'"));
        // Nobody at the master: rank 1 gives up within its timeout.
        QElapsedTimer clock;
        clock.start();
        auto lonely = startRank(1, 2, freePort(), trainArgs(m_project, 32), {{QStringLiteral("RECSCOPE_DIST_TIMEOUT"), QStringLiteral("3")}});
        QVERIFY(lonely->waitForFinished(60000));
        QCOMPARE(lonely->exitCode(), 2);
        const auto message = lonely->readAllStandardError();
        QVERIFY2(message.contains("could not reach the master at 127.0.0.1"), message.constData());
        QVERIFY2(clock.elapsed() < 30000, QByteArray::number(clock.elapsed()).constData());
        // Rank 0 alone waits for the others as long, then says so.
        auto alone = startRank(0, 2, freePort(), trainArgs(m_project, 32), {{QStringLiteral("RECSCOPE_DIST_TIMEOUT"), QStringLiteral("3")}});
        QVERIFY(alone->waitForFinished(60000));
        QCOMPARE(alone->exitCode(), 2);
        QCOMPARE(runCount(), before);
    }

    void mismatchedSettingsAreRefusedOnEveryRank() {
        const auto before = runCount();
        const int port = freePort();
        auto r0 = startRank(0, 2, port, trainArgs(m_project, 32));
        auto r1 = startRank(1, 2, port, trainArgs(m_project, 32, {QStringLiteral("--set"), QStringLiteral("lr=0.01")}));
        for (auto *p : {r0.get(), r1.get()}) {
            QVERIFY(p->waitForFinished(60000));
            QCOMPARE(p->exitCode(), 2);
        }
        const auto there = r1->readAllStandardError(), here = r0->readAllStandardError();
        QVERIFY2(there.contains("lr=0.01 here, 0.001 on rank 0"), there.constData());
        QVERIFY2(here.contains("rank(s) 1 differ from rank 0"), here.constData());
        QCOMPARE(runCount(), before); // nothing recorded
    }

    void aKilledRankInterruptsTheRunWhichResumesInOneProcess() {
        const int port = freePort();
        const QStringList longer{QStringLiteral("--set"), QStringLiteral("epochs=200")};
        auto r0 = startRank(0, 2, port, trainArgs(m_project, 32, longer));
        auto r1 = startRank(1, 2, port, trainArgs(m_project, 32, longer));
        // Rank 0 prints each epoch as it is stored: kill rank 1 after the first.
        QByteArray out;
        QElapsedTimer clock;
        clock.start();
        while (!out.contains("epoch 1 ") && clock.elapsed() < 120000) {
            r0->waitForReadyRead(1000);
            out += r0->readAllStandardOutput();
        }
        QVERIFY2(out.contains("epoch 1 "), r0->readAllStandardError().constData());
        r1->kill();
        r1->waitForFinished(10000);
        clock.restart();
        QVERIFY(r0->waitForFinished(90000));
        qInfo("rank 0 stopped %.1f s after rank 1 was killed", static_cast<double>(clock.elapsed()) / 1000);
        QVERIFY(clock.elapsed() < 60000);
        QCOMPARE(r0->exitCode(), 1);
        out += r0->readAllStandardOutput();
        const auto lastLine = out.trimmed().split('\n').last();
        const auto summary = nlohmann::json::parse(lastLine.toStdString(), nullptr, false);
        QVERIFY2(summary.is_object(), lastLine.constData());
        QCOMPARE(summary.value("status", std::string()), std::string("interrupted"));
        QVERIFY2(summary.value("message", std::string()).find("rank 1") != std::string::npos, lastLine.constData());
        const auto run = summary.value("run", std::int64_t{0});

        // The run resumes from its last checkpoint in one process and finishes.
        QProcess resume;
        resume.start(QStringLiteral(RECSCOPE_CLI_PATH),
                     QStringList{QStringLiteral("resume"), QStringLiteral("--project"), m_project, QStringLiteral("--run"), QString::number(run),
                                 QStringLiteral("--epochs"), QString::number(summary.value("epochs", 0) + 1), QStringLiteral("--json")});
        QVERIFY(resume.waitForFinished(120000));
        QVERIFY2(resume.exitCode() == 0, resume.readAllStandardError().constData());
        auto project = Project::open(m_project.toStdString());
        QCOMPARE(RunStore(*project).run(run)->status, RunStatus::Finished);
    }

    void dpSgdSumsTheClippedGradientsOfEveryRank() {
        // DP-SGD over two ranks: each clips its share of the sampled units, one noise draw is
        // added to the sum; the accountant counts the same steps as in one process.
        const QStringList dp{QStringLiteral("--set"), QStringLiteral("dp=user"), QStringLiteral("--set"), QStringLiteral("dp.noise=1.0"),
                             QStringLiteral("--set"), QStringLiteral("epochs=1")};
        QProcess one;
        one.start(QStringLiteral(RECSCOPE_CLI_PATH), trainArgs(m_project, 64, dp));
        QVERIFY(one.waitForFinished(120000));
        QVERIFY2(one.exitCode() == 0, one.readAllStandardError().constData());
        const auto single = nlohmann::json::parse(one.readAllStandardOutput().trimmed().split('\n').last().toStdString());
        const int port = freePort();
        auto r0 = startRank(0, 2, port, trainArgs(m_project, 64, dp)), r1 = startRank(1, 2, port, trainArgs(m_project, 64, dp));
        for (auto *p : {r0.get(), r1.get()}) {
            QVERIFY(p->waitForFinished(120000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        const auto two = nlohmann::json::parse(r0->readAllStandardOutput().trimmed().split('\n').last().toStdString());
        QCOMPARE(two.value("status", std::string()), std::string("finished"));
        QVERIFY(two.value("epsilon", 0.0) > 0);
        QCOMPARE(two.value("epsilon", 0.0), single.value("epsilon", -1.0));
    }

    void cudaIsRefusedWhereThereIsNone() {
        if (cudaBuild() && computeDevices().size() > 1)
            QSKIP("this build and machine have CUDA");
        const auto before = runCount();
        QProcess p;
        p.start(QStringLiteral(RECSCOPE_CLI_PATH), trainArgs(m_project, 32, {QStringLiteral("--set"), QStringLiteral("device=cuda")}));
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        const auto message = p.readAllStandardError();
        QVERIFY2(message.contains(cudaBuild() ? "no GPU is visible" : "has no CUDA"), message.constData());
        QCOMPARE(runCount(), before);
        // A device that is not one, and a model that trains on the processor only.
        QProcess typo;
        typo.start(QStringLiteral(RECSCOPE_CLI_PATH), trainArgs(m_project, 32, {QStringLiteral("--set"), QStringLiteral("device=gpu0")}));
        QVERIFY(typo.waitForFinished(60000));
        QCOMPARE(typo.exitCode(), 2);
        try {
            TrainConfig::parse("bprmf", {{"device", "cuda:0"}});
            QFAIL("bprmf accepted a GPU");
        } catch (const EngineError &e) {
            QVERIFY2(e.message().find("trains on the processor") != std::string::npos, e.message().c_str());
        }
        // `auto` is stored as the device it chose.
        QProcess automatic;
        automatic.start(QStringLiteral(RECSCOPE_CLI_PATH), trainArgs(m_project, 32, {QStringLiteral("--set"), QStringLiteral("epochs=1")}));
        QVERIFY(automatic.waitForFinished(60000));
        QCOMPARE(automatic.exitCode(), 0);
        auto project = Project::open(m_project.toStdString());
        const auto run = RunStore(*project).run(runOf(automatic));
        QCOMPARE(TrainConfig::fromJson(run->configJson).device, std::string("cpu"));
    }

    void theTextModelWritesFromRankZeroAlone() {
        // The other ranks open the project read-only: the text model's tokenizer and language
        // model are stored by rank 0, and every rank reads the text with rank 0's vocabulary.
        QStringList args{QStringLiteral("train"), QStringLiteral("--project"), m_project, QStringLiteral("--dataset"), QStringLiteral("demo"),
                         QStringLiteral("--model"), QStringLiteral("textrec"), QStringLiteral("--json"), QStringLiteral("--threads"), QStringLiteral("1")};
        for (const auto &s : {QStringLiteral("maxlen=20"), QStringLiteral("hidden=16"), QStringLiteral("epochs=1"), QStringLiteral("text_len=8"),
                              QStringLiteral("vocab_size=200"), QStringLiteral("pretrain_epochs=1"), QStringLiteral("patience=0")})
            args << QStringLiteral("--set") << s;
        const int port = freePort();
        auto r0 = startRank(0, 2, port, args), r1 = startRank(1, 2, port, args);
        for (auto *p : {r0.get(), r1.get()}) {
            QVERIFY(p->waitForFinished(180000));
            QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
        }
        const auto run = runOf(*r0);
        auto project = Project::open(m_project.toStdString());
        RunStore store(*project);
        QCOMPARE(store.run(run)->status, RunStatus::Finished);
        QVERIFY(store.loadCheckpoint(run, "tokenizer"));
        QVERIFY(store.loadCheckpoint(run, "lm"));
        QCOMPARE(nlohmann::json::parse(store.run(run)->metricsJson).value("world_size", 0), 2);
    }

    void nprocStartsTheRanksItself() {
        QProcess p;
        p.start(QStringLiteral(RECSCOPE_CLI_PATH), trainArgs(m_project, 32, {QStringLiteral("--nproc"), QStringLiteral("2")}));
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const auto run = runOf(p);
        auto project = Project::open(m_project.toStdString());
        const auto info = RunStore(*project).run(run);
        QVERIFY(info);
        QCOMPARE(info->status, RunStatus::Finished);
        QCOMPARE(nlohmann::json::parse(info->metricsJson).value("world_size", 0), 2);
    }
};

QTEST_GUILESS_MAIN(DistributedTest)
#include "tst_distributed.moc"
