// SPDX-License-Identifier: GPL-3.0-or-later
// Sweeps: what --vary accepts and refuses, the grid's order and the random draws, a budget that
// leaves trials out, successive halving that stops poor trials early, a cancel, and the stored
// sweep read back. On the demo data (BPR-MF and a small SASRec).
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/store/sqlitedb.h"
#include "engine/training/sweep.h"

#include <QTemporaryDir>
#include <QTest>

#include "demofixture.h"

#include <set>

using namespace recscope::engine;

class TestSweep : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parsesWhatToVary();
    void refusesBadSpecs_data();
    void refusesBadSpecs();
    void gridAndRandomCandidates();
    void badTrialIsRefusedBeforeAnything();
    void budgetLeavesTrialsOut();
    void halvingStopsPoorTrials();
    void cancelStopsTheSweep();

private:
    std::int64_t count(const char *table) { return m_project->db().queryInt(std::string("SELECT count(*) FROM ") + table); }
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    std::int64_t m_dataset = 0;
};

void TestSweep::initTestCase() { m_dataset = recscope::test::writeDemo(m_dir, QStringLiteral("s.recscope"), 300, 200, 10, m_project); }

void TestSweep::parsesWhatToVary() {
    auto d = SweepDimension::parse("lr=0.001, 0.003,0.001,0.01");
    QCOMPARE(d.key, std::string("lr"));
    QCOMPARE(d.values, (std::vector<std::string>{"0.001", "0.003", "0.01"})); // repeats dropped
    QVERIFY(!d.range);
    d = SweepDimension::parse("lr=1e-4..1e-2:log");
    QVERIFY(d.range && d.logScale);
    QCOMPARE(d.range->first, 1e-4);
    QCOMPARE(SweepDimension::parse(d.toString()).toString(), d.toString());
    d = SweepDimension::parse("optimizer=adam,sgd");
    QCOMPARE(d.values.size(), std::size_t(2));
}

void TestSweep::refusesBadSpecs_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("message");
    QTest::newRow("no equals") << "lr" << "KEY=V1";
    QTest::newRow("unknown setting") << "learning_rate=0.1" << "no setting 'learning_rate'";
    QTest::newRow("empty grid") << "lr=, ," << "empty";
    QTest::newRow("epochs") << "epochs=1,2" << "--set";
    QTest::newRow("empty range") << "lr=0.1..0.01" << "LO must be below HI";
    QTest::newRow("log from zero") << "lr=0..1:log" << "above 0";
    QTest::newRow("outside the setting") << "dropout=0..2" << "between";
    QTest::newRow("range of a choice") << "optimizer=1..2" << "choice";
    QTest::newRow("not a number") << "lr=a..b" << "not a number";
}

void TestSweep::refusesBadSpecs() {
    QFETCH(QString, spec);
    QFETCH(QString, message);
    try {
        SweepDimension::parse(spec.toStdString());
        QFAIL("accepted");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Usage);
        QVERIFY2(QString::fromStdString(e.what()).contains(message), e.what());
    }
}

void TestSweep::gridAndRandomCandidates() {
    SweepRequest r;
    r.model = "sasrec";
    r.dimensions = {SweepDimension::parse("lr=0.001,0.01"), SweepDimension::parse("hidden=16,32,64")};
    const auto grid = sweepCandidates(r);
    QCOMPARE(grid.size(), std::size_t(6));
    QCOMPARE(grid[0], (std::map<std::string, std::string>{{"lr", "0.001"}, {"hidden", "16"}}));
    QCOMPARE(grid[1], (std::map<std::string, std::string>{{"lr", "0.001"}, {"hidden", "32"}})); // the last varies fastest
    QCOMPARE(grid[5], (std::map<std::string, std::string>{{"lr", "0.01"}, {"hidden", "64"}}));

    r.strategy = SweepStrategy::Random;
    r.trials = 50;
    r.dimensions = {SweepDimension::parse("lr=1e-4..1e-2:log"), SweepDimension::parse("layers=1..3"),
                    SweepDimension::parse("activation=relu,gelu")};
    const auto draws = sweepCandidates(r);
    QCOMPARE(draws.size(), std::size_t(50));
    QCOMPARE(sweepCandidates(r), draws); // seeded
    std::set<std::string> layers, activations;
    int low = 0;
    for (const auto &c : draws) {
        const double lr = std::stod(c.at("lr"));
        QVERIFY(lr >= 1e-4 * 0.999 && lr <= 1e-2 * 1.001);
        low += lr < 1e-3; // half of a log range lies below its geometric middle
        layers.insert(c.at("layers"));
        activations.insert(c.at("activation"));
    }
    QVERIFY2(low > 12 && low < 38, qPrintable(QString::number(low)));
    QCOMPARE(layers, (std::set<std::string>{"1", "2", "3"})); // whole numbers for a whole setting
    QCOMPARE(activations.size(), std::size_t(2));
    r.seed = 2;
    QVERIFY(sweepCandidates(r) != draws);
    r.strategy = SweepStrategy::Grid; // a grid does not take ranges
    QVERIFY_THROWS_EXCEPTION(EngineError, sweepCandidates(r));
}

void TestSweep::badTrialIsRefusedBeforeAnything() {
    const auto sweeps = count("sweeps"), runs = count("runs");
    SweepRequest r;
    r.name = "bad";
    r.model = "bprmf";
    r.dimensions = {SweepDimension::parse("lr=0.01,-1")}; // the second trial's lr is out of range
    NullProgress none;
    try {
        runSweep(*m_project, m_dataset, r, none);
        QFAIL("a sweep with a bad trial ran");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Usage);
        QVERIFY2(std::string(e.what()).find("lr") != std::string::npos, e.what());
    }
    r.dimensions.clear();
    QVERIFY_THROWS_EXCEPTION(EngineError, runSweep(*m_project, m_dataset, r, none));
    QCOMPARE(count("sweeps"), sweeps);
    QCOMPARE(count("runs"), runs);
}

void TestSweep::budgetLeavesTrialsOut() {
    SweepRequest r;
    r.name = "budget";
    r.model = "bprmf";
    r.fixed = {{"epochs", "2"}, {"threads", "2"}};
    r.dimensions = {SweepDimension::parse("hidden=8,16"), SweepDimension::parse("lr=0.01,0.05")};
    r.maxRuns = 3;
    NullProgress none;
    std::vector<int> seen;
    const auto result = runSweep(*m_project, m_dataset, r, none, [&](const SweepTrial &t) { seen.push_back(t.index); });
    QCOMPARE(seen, (std::vector<int>{1, 2, 3}));
    QCOMPARE(result.status, std::string("finished"));
    QVERIFY2(result.stopped.find("3 of 4") != std::string::npos, result.stopped.c_str());
    QCOMPARE(result.trials.size(), std::size_t(4));
    QCOMPARE(result.trials[3].runId, std::int64_t(0));
    QCOMPARE(result.trials[3].status, RunStatus::Queued);
    QVERIFY(result.best >= 0 && result.best < 3);
    for (int i = 0; i < 3; ++i) {
        const auto &t = result.trials[static_cast<std::size_t>(i)];
        QCOMPARE(t.status, RunStatus::Finished);
        QVERIFY(t.validNdcg10 <= result.trials[static_cast<std::size_t>(result.best)].validNdcg10);
        QCOMPARE(RunStore(*m_project).run(t.runId)->name, "budget #" + std::to_string(i + 1));
    }
    // Stored as run, and read back the same.
    const auto stored = loadSweep(*m_project, result.sweepId);
    QVERIFY(stored);
    QCOMPARE(stored->trials.size(), std::size_t(4));
    QCOMPARE(stored->best, result.best);
    QCOMPARE(stored->trials[1].settings, result.trials[1].settings);
    QCOMPARE(stored->trials[1].validNdcg10, result.trials[1].validNdcg10);
    QCOMPARE(stored->request.toJson(), r.toJson());
    QCOMPARE(stored->stopped, result.stopped);
    QVERIFY(!listSweeps(*m_project, m_dataset).empty());
}

void TestSweep::halvingStopsPoorTrials() {
    SweepRequest r;
    r.name = "halving";
    r.model = "sasrec";
    r.fixed = {{"epochs", "3"}, {"hidden", "16"}, {"maxlen", "20"}, {"threads", "2"}};
    r.dimensions = {SweepDimension::parse("lr=0.0001,0.001,0.01")};
    r.halving = true;
    r.eta = 3;
    r.minEpochs = 1;
    NullProgress none;
    const auto result = runSweep(*m_project, m_dataset, r, none);
    int stopped = 0, full = 0;
    for (const auto &t : result.trials) {
        QCOMPARE(t.status, RunStatus::Finished);
        const auto epochs = RunStore(*m_project).epochs(t.runId).size();
        if (t.stoppedEarly) {
            ++stopped;
            QCOMPARE(epochs, std::size_t(1)); // the first rung only
        } else {
            ++full;
            QCOMPARE(epochs, std::size_t(3)); // carried on to the full length
            QCOMPARE(t.epochs, std::int64_t(3));
        }
    }
    QCOMPARE(stopped, 2);
    QCOMPARE(full, 1);
    QVERIFY(!result.trials[static_cast<std::size_t>(result.best)].stoppedEarly);

    // With a budget of runs too: the trials it allows still go through every rung.
    r.name = "halving within a budget";
    r.maxRuns = 2;
    const auto budgeted = runSweep(*m_project, m_dataset, r, none);
    QCOMPARE(budgeted.trials[2].runId, std::int64_t(0));
    QVERIFY(!budgeted.stopped.empty());
    const auto &best = budgeted.trials[static_cast<std::size_t>(budgeted.best)];
    QCOMPARE(best.epochs, std::int64_t(3));
    QCOMPARE(RunStore(*m_project).epochs(best.runId).size(), std::size_t(3));
}

void TestSweep::cancelStopsTheSweep() {
    SweepRequest r;
    r.name = "cancelled";
    r.model = "bprmf";
    r.fixed = {{"epochs", "3"}, {"threads", "2"}};
    r.dimensions = {SweepDimension::parse("hidden=8,16,32")};
    CallbackProgress *self = nullptr;
    int trialsSeen = 0;
    CallbackProgress p([&](double, const ProgressStage &stage) {
        if (trialsSeen == 1 && stage.code == Stage::Epoch)
            self->cancel(); // in the second trial
    });
    self = &p;
    const auto result = runSweep(*m_project, m_dataset, r, p, [&](const SweepTrial &) { ++trialsSeen; });
    QCOMPARE(result.status, std::string("cancelled"));
    QCOMPARE(result.trials[0].status, RunStatus::Finished);
    QCOMPARE(result.trials[1].status, RunStatus::Cancelled);
    QCOMPARE(result.trials[2].runId, std::int64_t(0));
    QCOMPARE(loadSweep(*m_project, result.sweepId)->status, std::string("cancelled"));
}

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
