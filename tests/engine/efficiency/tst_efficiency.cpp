// SPDX-License-Identifier: GPL-3.0-or-later
// Profiles of trained runs: parameters, size, FLOPs, latency and throughput, stored with the run.
#include "engine/efficiency/efficiency.h"
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/evaluation/runscorer.h"
#include "engine/training/trainer.h"
#include "demofixture.h"

#include <QTest>

using namespace recscope::engine;

class TestEfficiency : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void flopsFollowTheShape();
    void profilesAreMeasuredAndStored();
};

void TestEfficiency::flopsFollowTheShape() {
    // SASRec, maxlen 200, hidden 50, 2 layers, 3,416 items (the ML-1M anchor shape).
    const double f = flopsPerScoredUser("sasrec", 200, 50, 2, 3416, 0);
    const double expected = 2.0 * 2 * (200 * 6.0 * 50 * 50 + 2.0 * 200 * 200 * 50) + 2.0 * 3416 * 50;
    QCOMPARE(f, expected);
    QVERIFY(flopsPerScoredUser("sasrec", 200, 50, 4, 3416, 0) > f); // deeper costs more
    QCOMPARE(flopsPerScoredUser("bprmf", 0, 64, 0, 1000, 0), 2.0 * 1000 * 64);
}

void TestEfficiency::profilesAreMeasuredAndStored() {
    QTemporaryDir dir;
    std::unique_ptr<Project> project;
    const auto dataset = recscope::test::writeDemo(dir, QStringLiteral("e.recscope"), 300, 120, 15, project);
    NullProgress none;
    const auto c = TrainConfig::parse("sasrec", {{"epochs", "1"}, {"maxlen", "20"}, {"hidden", "32"}, {"threads", "1"}});
    const auto run = trainRun(*project, dataset, c, "sasrec", none).runId;
    QVERIFY(!storedProfile(*project, run));
    const auto p = profileRun(*project, run, none, 20);
    // Item and position embeddings alone are (items + 1 + maxlen) x hidden numbers.
    QVERIFY(p.parameters > (120 + 1 + 20) * 32);
    QVERIFY(p.checkpointBytes >= 4 * p.parameters); // float32 weights, and more
    QVERIFY(p.latencyP50Ms > 0 && p.latencyP95Ms >= p.latencyP50Ms);
    QVERIFY(p.usersPerSecond > 0);
    QCOMPARE(p.flopsPerUser, flopsPerScoredUser("sasrec", 20, 32, 2, 120, 0));
    const auto stored = storedProfile(*project, run);
    QVERIFY(stored);
    QCOMPARE(stored->parameters, p.parameters);
    QCOMPARE(stored->latencyP95Ms, p.latencyP95Ms);
    const auto pop = trainRun(*project, dataset, TrainConfig::parse("pop", {}), "pop", none).runId;
    QCOMPARE(profileRun(*project, pop, none, 5).parameters, std::int64_t(121)); // a count per item (and padding)

    // Int8: a new run, its checkpoint over 3x smaller, recommending nearly the same lists.
    RunStore store(*project);
    const auto q = quantizeRun(*project, run, none);
    QVERIFY(q != run);
    const auto made = store.run(q);
    QCOMPARE(made->status, recscope::engine::RunStatus::Finished);
    QCOMPARE(made->datasetId, dataset);
    const double ratio = static_cast<double>(store.loadCheckpoint(run, "best")->size()) / static_cast<double>(store.loadCheckpoint(q, "best")->size());
    QVERIFY2(ratio >= 3, qPrintable(QString::number(ratio)));
    int same = 0;
    for (std::int64_t user = 0; user < 20; ++user) {
        const auto a = recommend(*project, run, user, 10), b = recommend(*project, q, user, 10);
        for (const auto &x : a)
            for (const auto &y : b)
                same += x.first == y.first;
    }
    QVERIFY2(same >= 180, qPrintable(QString::number(same))); // of 200
    QVERIFY_THROWS_EXCEPTION(EngineError, quantizeRun(*project, pop, none));

    // Pruning: half of all weights by magnitude, or half of the attention heads (1 of 2 layers' one).
    auto zeros = [&](std::int64_t id) {
        const auto m = store.run(id)->metricsJson;
        const auto at = m.find("\"zero_share\":");
        return std::stod(m.substr(at + 13));
    };
    const auto half = pruneRun(*project, run, 0.5, false, none);
    QVERIFY(std::abs(zeros(half) - 0.5) < 0.01);
    QCOMPARE(recommend(*project, half, 3, 10).size(), std::size_t(10));
    const auto heads = pruneRun(*project, run, 0.5, true, none);
    QVERIFY(zeros(heads) > 0.05 && zeros(heads) < 0.5); // one head's value rows and output columns
    QVERIFY(store.run(heads)->name.find("heads-pruned 50%") != std::string::npos);
    QVERIFY_THROWS_EXCEPTION(EngineError, pruneRun(*project, run, 1.5, false, none));
    QVERIFY_THROWS_EXCEPTION(EngineError, pruneRun(*project, pop, 0.5, false, none));
}

QTEST_GUILESS_MAIN(TestEfficiency)
#include "tst_efficiency.moc"
