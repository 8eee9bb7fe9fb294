// SPDX-License-Identifier: GPL-3.0-or-later
// Training runs: configuration, learning a planted pattern, checkpoints, cancel, memory refusal.
#include "encryptionswitch.h"
#include "engine/data/datasetdraft.h"
#include "engine/data/demogenerator.h"
#include "engine/efficiency/efficiency.h"
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/models/epochloop.h"
#include "engine/models/sasrec.h"
#include "engine/models/sequencetrainer.h"
#include "engine/core/dropout.h"
#include "engine/core/runtime.h"
#include "engine/core/platform.h"
#include "engine/data/split.h"
#include "engine/store/sqlitedb.h"
#include "engine/evaluation/runscorer.h"
#include "engine/training/trainer.h"
#include "demofixture.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <set>
#include <QTest>

using namespace recscope::engine;

namespace {

// A run's model loaded into memory scores every item after `user`'s history; saved again into a
// copy of the run (its other checkpoints, a tokenizer or a language model, carried over) and
// loaded from there, it must give exactly the same numbers.
void checkSaveAndLoad(Project &project, std::int64_t runId, std::int64_t user) {
    RunStore store(project);
    const auto run = store.run(runId);
    QVERIFY(run);
    std::vector<std::int32_t> history;
    for (const auto &e : project.timeline(run->datasetId, user))
        history.push_back(static_cast<std::int32_t>(e.item));
    std::vector<float> before, after;
    const auto loaded = RunScorer::load(project, runId);
    loaded->scoreAll({history}, {user}, before);
    const std::string saved = loaded->state();
    const auto copy = store.create(run->datasetId, run->name + " (saved again)", run->model, run->configJson);
    for (const char *kind : {"tokenizer", "lm", "encoder"})
        if (const auto other = store.loadCheckpoint(runId, kind))
            store.saveCheckpoint(copy, kind, 0, *other);
    store.saveCheckpoint(copy, "best", run->bestEpoch.value_or(1), saved);
    RunScorer::load(project, copy)->scoreAll({history}, {user}, after);
    QCOMPARE(after.size(), before.size());
    QVERIFY(after == before);
    store.remove(copy);
}

} // namespace

class TestTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parsesConfig();
    void settingsTableDrivesEverySetting();
    void sasrecLearnsPlantedRules();
    void everyModelLearns_data();
    void everyModelLearns();
    void checkpointsAreVerified();
    void cancelStopsWithinABatch();
    void refusesWhatWouldNotFit();
    void timeBudgetEndsTheRun();
    void marksInterruptedRuns();
    void resumeMatchesUninterrupted();
    void fineTuningStartsAhead();
    void nonFiniteLossStopsTheRun();
    void textModelScoresColdItems();
    void damagedStoredSettingsAreEngineErrors();
    void negativesForAUserWhoTookEverything();
    void popularitySamplingEstimatesTheFullSoftmax();
    void batchesByLengthKeepTheLoss();
    void fastDropoutKeepsItsRate();
    void paddingIsInvisible_data();
    void paddingIsInvisible();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    std::int64_t m_dataset = 0;
    // The SASRec of sasrecLearnsPlantedRules; cases that read it train it when run on their own.
    static TrainConfig sasrecConfig();
    std::int64_t sasrecRun();
    std::int64_t m_sasrecRun = 0;
};

using recscope::test::writeDemo;

void TestTraining::initTestCase() { m_dataset = writeDemo(m_dir, QStringLiteral("t.recscope"), 600, 300, 20, m_project); }

void TestTraining::parsesConfig() {
    const auto c = TrainConfig::parse("sasrec", {{"epochs", "3"}, {"lr", "0.01"}, {"loss", "ce"}, {"heads", "2"}});
    QCOMPARE(c.epochs, 3);
    QCOMPARE(c.lr, 0.01);
    QCOMPARE(std::string(nameOf(c.loss)), std::string("ce"));
    const auto back = TrainConfig::fromJson(c.toJson());
    QCOMPARE(back.toJson(), c.toJson());
    QCOMPARE(TrainConfig::parse("sasrec", c.settings()).toJson(), c.toJson());
    // Batches are random draws; a run stored before the setting existed resumes as it trained.
    QCOMPARE(std::string(nameOf(c.batching)), std::string("random"));
    QCOMPARE(std::string(nameOf(TrainConfig::fromJson(R"({"model": "sasrec", "epochs": 3})").batching)), std::string("length"));
    QVERIFY_THROWS_EXCEPTION(EngineError, TrainConfig::parse("gpt5", {}));
    QVERIFY_THROWS_EXCEPTION(EngineError, TrainConfig::parse("sasrec", {{"colour", "red"}}));
    QVERIFY_THROWS_EXCEPTION(EngineError, TrainConfig::parse("sasrec", {{"epochs", "-1"}}));
    QVERIFY_THROWS_EXCEPTION(EngineError, TrainConfig::parse("sasrec", {{"dropout", "lots"}}));
    QVERIFY_THROWS_EXCEPTION(EngineError, TrainConfig::parse("sasrec", {{"hidden", "30"}, {"heads", "4"}}));
    // A loss the model cannot use: BERT4Rec predicts masked items over the catalog.
    QVERIFY_THROWS_EXCEPTION(EngineError, TrainConfig::parse("bert4rec", {{"loss", "bce"}}));
}

// One table names every setting: keys are unique, each has a meaning, and for every model the
// stored JSON and the settings map go round through parse unchanged.
void TestTraining::settingsTableDrivesEverySetting() {
    std::set<std::string> keys;
    for (const auto &st : trainSettings()) {
        QVERIFY2(keys.insert(std::string(st.key)).second, st.key.data());
        QVERIFY(!st.help.empty());
        QVERIFY(st.type != TrainSetting::Type::Choice || st.choices.size() >= 2);
    }
    QCOMPARE(keys.size(), TrainConfig::defaults(ModelKind::SasRec).settings().size());
    for (const auto &m : allModels()) {
        const auto c = TrainConfig::defaults(m.kind);
        QCOMPARE(TrainConfig::parse(std::string(m.key), c.settings()).toJson(), c.toJson());
        QCOMPARE(TrainConfig::fromJson(c.toJson()).toJson(), c.toJson());
        QCOMPARE(&modelInfo(m.key), &m);
    }
    // A value out of a setting's range names the key and the range.
    try {
        TrainConfig::parse("sasrec", {{"ffn", "99"}});
        QFAIL("ffn=99 was accepted");
    } catch (const EngineError &e) {
        QCOMPARE(QString::fromStdString(e.message()), QStringLiteral("--set ffn=99: expected a whole number from 1 to 16"));
    }
}

TrainConfig TestTraining::sasrecConfig() {
    return TrainConfig::parse("sasrec", {{"epochs", "40"}, {"maxlen", "20"}, {"hidden", "32"}, {"lr", "0.005"},
                                         {"dropout", "0.1"}, {"patience", "40"}, {"seed", "7"}});
}

std::int64_t TestTraining::sasrecRun() {
    if (m_sasrecRun == 0) {
        NullProgress none;
        m_sasrecRun = trainRun(*m_project, m_dataset, sasrecConfig(), "sasrec", none).runId;
    }
    return m_sasrecRun;
}

void TestTraining::sasrecLearnsPlantedRules() {
    NullProgress none;
    const auto pop = trainRun(*m_project, m_dataset, TrainConfig::parse("pop", {}), "pop", none);
    QCOMPARE(pop.status, recscope::engine::RunStatus::Finished);
    std::vector<EpochRecord> seen;
    const auto r = trainRun(*m_project, m_dataset, sasrecConfig(), "sasrec", none, [&](const EpochRecord &e) { seen.push_back(e); });
    QCOMPARE(r.status, recscope::engine::RunStatus::Finished);
    m_sasrecRun = r.runId;
    QCOMPARE(static_cast<int>(seen.size()), 40);
    QVERIFY(seen.back().trainLoss < seen.front().trainLoss);
    qInfo("pop valid NDCG@10 %.3f; SASRec %.3f (best epoch %lld), test %.3f", pop.valid.ndcg10, r.valid.ndcg10,
          static_cast<long long>(r.bestEpoch.value_or(0)), r.test.ndcg10);
    QVERIFY2(r.valid.ndcg10 > pop.valid.ndcg10 + 0.05, "SASRec should beat popularity on sequential data");

    // The planted rules: for users whose history ends with a trigger, the target is recommended.
    RunStore store(*m_project);
    const auto epochs = store.epochs(r.runId);
    QCOMPARE(epochs.size(), std::size_t(40));
    const auto rules = m_project->plantedRules(m_dataset);
    int cases = 0, hits = 0, popHits = 0;
    for (const auto &u : m_project->users(m_dataset)) {
        const auto tl = m_project->timeline(m_dataset, u.index);
        for (const auto &rule : rules) {
            if (tl.back().item != rule.trigger)
                continue;
            bool already = false;
            for (const auto &e : tl)
                already |= e.item == rule.target;
            if (already)
                continue;
            ++cases;
            for (const auto &[item, score] : recommend(*m_project, r.runId, u.index, 10))
                hits += item == rule.target;
            for (const auto &[item, score] : recommend(*m_project, pop.runId, u.index, 10))
                popHits += item == rule.target;
        }
    }
    qInfo("planted rule target in the top 10 for %d of %d users whose history ends with its trigger (popularity: %d)",
          hits, cases, popHits);
    QVERIFY(cases >= 5);
    QVERIFY2(hits * 10 >= cases * 6, qPrintable(QStringLiteral("%1 of %2").arg(hits).arg(cases)));
    QVERIFY2(hits >= 3 * std::max(1, popHits), qPrintable(QStringLiteral("%1 vs popularity %2").arg(hits).arg(popHits)));
}

void TestTraining::everyModelLearns_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("settings");
    QTest::newRow("itemknn") << "itemknn" << "";
    QTest::newRow("bprmf") << "bprmf" << "epochs=15,hidden=32";
    QTest::newRow("bert4rec") << "bert4rec" << "epochs=40,patience=0,maxlen=20,hidden=32,lr=0.003";
    QTest::newRow("bert4rec paper block") << "bert4rec" << "epochs=40,patience=0,maxlen=20,hidden=32,lr=0.003,mask_last=0.5,ffn=4,activation=gelu";
    QTest::newRow("sasrec ce") << "sasrec" << "epochs=15,maxlen=20,hidden=32,lr=0.003,loss=ce";
    QTest::newRow("sasrec bce") << "sasrec" << "epochs=15,maxlen=20,hidden=32,lr=0.003,loss=bce";
    QTest::newRow("sasrec sampled softmax") << "sasrec" << "epochs=15,maxlen=20,hidden=32,lr=0.003,loss=ssm,loss_negatives=256";
    QTest::newRow("sasrec popularity-sampled softmax") << "sasrec" << "epochs=15,maxlen=20,hidden=32,lr=0.003,loss=ssm,loss_negatives=256,loss_sampling=popularity";
    QTest::newRow("sasrec length batches") << "sasrec" << "epochs=15,maxlen=20,hidden=32,lr=0.003,batching=length";
    QTest::newRow("textrec") << "textrec" << "epochs=8,maxlen=20,hidden=32,lr=0.003,text_len=16,pretrain_epochs=2";
}

void TestTraining::everyModelLearns() {
    QFETCH(QString, model);
    QFETCH(QString, settings);
    if (model == QLatin1String("textrec"))
        RECSCOPE_REQUIRE_PLUGINS();
    std::map<std::string, std::string> values;
    for (const auto &kv : settings.split(QLatin1Char(','), Qt::SkipEmptyParts))
        values[kv.section(QLatin1Char('='), 0, 0).toStdString()] = kv.section(QLatin1Char('='), 1).toStdString();
    NullProgress none;
    const auto pop = trainRun(*m_project, m_dataset, TrainConfig::parse("pop", {}), "pop", none);
    const auto r = trainRun(*m_project, m_dataset, TrainConfig::parse(model.toStdString(), values), model.toStdString(), none);
    QCOMPARE(r.status, recscope::engine::RunStatus::Finished);
    qInfo("%s: valid NDCG@10 %.3f (popularity %.3f), test %.3f, %lld epoch(s), %.1f s", qPrintable(model), r.valid.ndcg10,
          pop.valid.ndcg10, r.test.ndcg10, static_cast<long long>(r.epochs), r.seconds);
    QVERIFY2(r.valid.ndcg10 > pop.valid.ndcg10 * 1.5, "a model of the data must beat popularity clearly");
    // Recommendations come from the stored checkpoint and never repeat the history.
    const auto top = recommend(*m_project, r.runId, 0, 10);
    QCOMPARE(top.size(), std::size_t(10));
    for (const auto &e : m_project->timeline(m_dataset, 0))
        for (const auto &[item, score] : top)
            QVERIFY(item != e.item);
}

void TestTraining::checkpointsAreVerified() {
    QVERIFY(sasrecRun() > 0);
    RunStore store(*m_project);
    std::int64_t epoch = 0;
    QVERIFY(store.loadCheckpoint(m_sasrecRun, "best", &epoch).has_value());
    QVERIFY(epoch >= 1);
    QVERIFY(store.loadCheckpoint(m_sasrecRun, "last").has_value());
    // A model saved and loaded again scores exactly as it did before.
    checkSaveAndLoad(*m_project, m_sasrecRun, 3);
    const auto run = store.run(m_sasrecRun);
    QCOMPARE(run->status, recscope::engine::RunStatus::Finished);
    QVERIFY(QString::fromStdString(run->metricsJson).contains(QStringLiteral("\"test\"")));
    // A damaged checkpoint is refused, not loaded.
    m_project->db().exec("UPDATE checkpoints SET state = zeroblob(64) WHERE run_id = " + std::to_string(m_sasrecRun) +
                         " AND kind = 'last'");
    QVERIFY_THROWS_EXCEPTION(EngineError, store.loadCheckpoint(m_sasrecRun, "last"));
}

void TestTraining::cancelStopsWithinABatch() {
    int reportsAfterCancel = 0;
    bool cancelled = false;
    CallbackProgress *self = nullptr;
    CallbackProgress p([&](double, const ProgressStage &stage) {
        if (cancelled && stage.code == Stage::Epoch)
            ++reportsAfterCancel;
        if (stage.code == Stage::Epoch && stage.arg(0) == "1" && !cancelled) {
            cancelled = true;
            self->cancel();
        }
    });
    self = &p;
    const auto r = trainRun(*m_project, m_dataset, TrainConfig::parse("sasrec", {{"epochs", "5"}, {"batch_size", "16"}}),
                            "cancelled", p);
    QCOMPARE(r.status, recscope::engine::RunStatus::Cancelled);
    QCOMPARE(reportsAfterCancel, 0); // no further batch ran
    QCOMPARE(r.epochs, 0);
    QCOMPARE(RunStore(*m_project).run(r.runId)->status, recscope::engine::RunStatus::Cancelled);
}

void TestTraining::refusesWhatWouldNotFit() {
    NullProgress none;
    const auto before = RunStore(*m_project).runs().size();
    try {
        trainRun(*m_project, m_dataset,
                 TrainConfig::parse("sasrec", {{"hidden", "4096"}, {"maxlen", "4096"}, {"batch_size", "65536"}}), "huge", none);
        QFAIL("a configuration that cannot fit was started");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Usage);
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("MiB")), e.what());
    }
    QCOMPARE(RunStore(*m_project).runs().size(), before);
}

void TestTraining::timeBudgetEndsTheRun() {
    // A budget above 0, or none; it is stored with the run.
    QVERIFY_THROWS_EXCEPTION(EngineError, TrainConfig::parse("sasrec", {{"max_minutes", "0"}}));
    QVERIFY_THROWS_EXCEPTION(EngineError, TrainConfig::parse("sasrec", {{"max_minutes", "-1"}}));
    QCOMPARE(TrainConfig::parse("sasrec", {{"max_minutes", "none"}}).maxMinutes, 0.0);
    QCOMPARE(TrainConfig::parse("sasrec", {}).settings().at("max_minutes"), std::string("none"));
    QCOMPARE(TrainConfig::fromJson(TrainConfig::parse("sasrec", {{"max_minutes", "2.5"}}).toJson()).maxMinutes, 2.5);
    QCOMPARE(TrainConfig::fromJson(TrainConfig{}.toJson()).maxMinutes, 0.0);
    // The decay spans the budget rather than the epochs: half of it spent, half the rate.
    const auto cosine = TrainConfig::parse("sasrec", {{"decay", "cosine"}, {"epochs", "1000"}});
    QVERIFY(std::abs(recscope::engine::detail::learningRateFactor(cosine, 3, 0.5) - 0.5) < 1e-12);
    QVERIFY(std::abs(recscope::engine::detail::learningRateFactor(cosine, 3, 1.0)) < 1e-12);
    QVERIFY(recscope::engine::detail::learningRateFactor(cosine, 3) > 0.99); // by epochs: 3 of 1000 done

    // Far more epochs than 3 seconds allow: the run ends at the budget, finished, with its best
    // checkpoint. An epoch starts only when, judged by the one before, it ends within the budget,
    // so every epoch but the last fits in it.
    NullProgress none;
    const auto run = trainRun(*m_project, m_dataset,
                              TrainConfig::parse("sasrec", {{"epochs", "1000"}, {"maxlen", "20"}, {"hidden", "16"}, {"patience", "0"},
                                                            {"decay", "cosine"}, {"max_minutes", "0.05"}}),
                              "budget", none);
    QCOMPARE(run.status, RunStatus::Finished);
    QVERIFY2(QString::fromStdString(run.message).contains(QStringLiteral("time budget")), run.message.c_str());
    QVERIFY(run.epochs >= 1 && run.epochs < 1000);
    QVERIFY(RunStore(*m_project).loadCheckpoint(run.runId, "best").has_value());
    const auto epochs = RunStore(*m_project).epochs(run.runId);
    QCOMPARE(static_cast<std::int64_t>(epochs.size()), run.epochs);
    double beforeLast = 0;
    for (std::size_t i = 0; i + 1 < epochs.size(); ++i)
        beforeLast += epochs[i].seconds;
    qInfo("a 3-second budget: %lld epochs, %.2f s before the last", static_cast<long long>(run.epochs), beforeLast);
    QVERIFY(beforeLast <= 3.0);
}

void TestTraining::marksInterruptedRuns() {
    RunStore store(*m_project);
    const auto id = store.create(m_dataset, "ghost", "sasrec", TrainConfig{}.toJson());
    store.setStatus(id, RunStatus::Running, {}, 999999999); // a process that is not there
    const auto mine = store.create(m_dataset, "alive", "sasrec", TrainConfig{}.toJson());
    store.setStatus(mine, RunStatus::Running); // this process
    QCOMPARE(store.run(mine)->message, std::string()); // liveness is not in the message people read
    QCOMPARE(store.markInterrupted(), 1);
    QCOMPARE(store.run(id)->status, RunStatus::Interrupted);
    QCOMPARE(store.run(mine)->status, RunStatus::Running);
    store.setStatus(mine, RunStatus::Cancelled);
    QVERIFY(platform::processAlive(platform::processId()));
    QVERIFY(!platform::processAlive(999999999));
}

void TestTraining::resumeMatchesUninterrupted() {
    const auto config = TrainConfig::parse("sasrec", {{"epochs", "4"}, {"maxlen", "20"}, {"hidden", "16"}, {"patience", "0"},
                                                      {"batch_size", "64"}, {"seed", "3"}});
    NullProgress none;
    const auto whole = trainRun(*m_project, m_dataset, config, "whole", none);
    QCOMPARE(whole.status, recscope::engine::RunStatus::Finished);

    // The same run, cancelled during its third epoch, then resumed.
    CallbackProgress *self = nullptr;
    CallbackProgress p([&](double, const ProgressStage &stage) {
        if (stage.code == Stage::Epoch && stage.arg(0) == "3")
            self->cancel();
    });
    self = &p;
    const auto first = trainRun(*m_project, m_dataset, config, "interrupted", p);
    QCOMPARE(first.status, recscope::engine::RunStatus::Cancelled);
    QCOMPARE(first.epochs, 2);
    RunStore store(*m_project);
    QVERIFY_THROWS_EXCEPTION(EngineError, resumeRun(*m_project, whole.runId, none)); // finished runs are done
    std::vector<std::int64_t> resumedEpochs;
    const auto resumed = resumeRun(*m_project, first.runId, none, [&](const EpochRecord &e) { resumedEpochs.push_back(e.epoch); });
    QCOMPARE(resumed.status, recscope::engine::RunStatus::Finished);
    QCOMPARE(resumedEpochs, (std::vector<std::int64_t>{3, 4}));
    QCOMPARE(store.epochs(first.runId).size(), std::size_t(4));
    const auto a = store.epochs(whole.runId), b = store.epochs(first.runId);
    for (std::size_t i = 0; i < a.size(); ++i)
        QVERIFY2(std::abs(a[i].trainLoss - b[i].trainLoss) < 1e-6,
                 qPrintable(QStringLiteral("epoch %1: %2 vs %3").arg(i + 1).arg(a[i].trainLoss).arg(b[i].trainLoss)));
    QVERIFY(std::abs(whole.test.ndcg10 - resumed.test.ndcg10) < 1e-6);
    QCOMPARE(store.run(first.runId)->status, recscope::engine::RunStatus::Finished);

    // A finished run can be given more epochs; fewer than it has done is refused.
    QVERIFY_THROWS_EXCEPTION(EngineError, resumeRun(*m_project, whole.runId, none, {}, 3));
    const auto longer = resumeRun(*m_project, whole.runId, none, {}, 5);
    QCOMPARE(longer.status, recscope::engine::RunStatus::Finished);
    QCOMPARE(store.epochs(whole.runId).size(), std::size_t(5));
    QCOMPARE(TrainConfig::fromJson(store.run(whole.runId)->configJson).epochs, 5);
}

void TestTraining::fineTuningStartsAhead() {
    QVERIFY(sasrecRun() > 0);
    // Another slice of the same data, without every seventh item: the rest are numbered anew.
    NullProgress none;
    auto draft = loadDraft(*m_project, m_dataset);
    std::erase_if(draft.interactions, [](const DraftInteraction &x) { return x.item % 7 == 3; });
    for (std::size_t i = 0; i < draft.items.size(); ++i)
        if (i % 7 == 3)
            draft.items[i].inCatalog = false;
    draft.compact(true);
    DatasetMeta meta;
    meta.name = "slice";
    meta.format = "test";
    meta.source = "demo";
    struct {
        std::int64_t datasetId, items;
    } slice;
    slice.datasetId = writeDataset(*m_project, draft, meta, none);
    slice.items = m_project->dataset(slice.datasetId)->items;
    QVERIFY(slice.items < m_project->dataset(m_dataset)->items);
    QVERIFY(m_project->items(slice.datasetId)[3].externalId != m_project->items(m_dataset)[3].externalId);
    const std::map<std::string, std::string> shape = {{"epochs", "1"}, {"maxlen", "20"}, {"hidden", "32"}, {"lr", "0.005"},
                                                      {"dropout", "0.1"}, {"seed", "7"}};
    const auto cold = trainRun(*m_project, slice.datasetId, TrainConfig::parse("sasrec", shape), "cold", none);
    auto warmSettings = shape;
    warmSettings["init_from"] = std::to_string(m_sasrecRun);
    const auto warm = trainRun(*m_project, slice.datasetId, TrainConfig::parse("sasrec", warmSettings), "warm", none);
    QCOMPARE(warm.status, recscope::engine::RunStatus::Finished);
    qInfo("after one epoch on the slice: from scratch NDCG@10 %.3f, fine-tuned from run %lld %.3f", cold.valid.ndcg10,
          static_cast<long long>(m_sasrecRun), warm.valid.ndcg10);
    QVERIFY(warm.valid.ndcg10 > cold.valid.ndcg10 + 0.05);
    QCOMPARE(m_project->db().queryInt("SELECT parent_run_id FROM runs WHERE id = " + std::to_string(warm.runId)), m_sasrecRun);
    // Another shape cannot be carried over.
    warmSettings["hidden"] = "64";
    QVERIFY_THROWS_EXCEPTION(EngineError, trainRun(*m_project, slice.datasetId, TrainConfig::parse("sasrec", warmSettings), "x", none));
}


void TestTraining::nonFiniteLossStopsTheRun() {
    const auto config = TrainConfig::parse("sasrec", {{"epochs", "3"}, {"maxlen", "20"}, {"hidden", "16"}, {"patience", "0"},
                                                      {"batch_size", "64"}});
    NullProgress none;
    testing::injectNonFiniteLoss(1, 2);
    const auto failed = trainRun(*m_project, m_dataset, config, "nan", none);
    testing::injectNonFiniteLoss(-1, 0);
    QCOMPARE(failed.status, recscope::engine::RunStatus::Failed);
    QVERIFY2(failed.message.find("NaN in epoch 2, batch 3") != std::string::npos, failed.message.c_str());
    RunStore store(*m_project);
    QCOMPARE(store.run(failed.runId)->status, recscope::engine::RunStatus::Failed);
    QCOMPARE(store.epochs(failed.runId).size(), std::size_t(1)); // the good epoch stays
    QVERIFY(store.loadCheckpoint(failed.runId, "last").has_value());
    QCOMPARE(recommend(*m_project, failed.runId, 0, 5).size(), std::size_t(5)); // its checkpoint still scores
    const auto resumed = resumeRun(*m_project, failed.runId, none);
    QCOMPARE(resumed.status, recscope::engine::RunStatus::Finished);
    QCOMPARE(store.epochs(failed.runId).size(), std::size_t(3));
}

void TestTraining::paddingIsInvisible_data() {
    QTest::addColumn<bool>("causal");
    QTest::newRow("SASRec (causal)") << true;
    QTest::newRow("BERT4Rec (bidirectional)") << false;
}

// Batches are cut to their longest history: a left-padded input must encode exactly as the
// same history without the padding, and no attention weight may fall on padding.
// A batch is computed in groups of like length, each cut to its own longest input: the loss is
// the same as each row's own loss weighted by its positions, and the cuts follow the lengths.
void TestTraining::batchesByLengthKeepTheLoss() {
    using namespace recscope::engine::detail;
    const auto c = TrainConfig::parse("sasrec", {{"maxlen", "200"}, {"hidden", "64"}, {"dropout", "0"}, {"loss", "ce"}});
    const auto anchor = TrainConfig::parse("sasrec", {{"maxlen", "200"}, {"hidden", "64"}});
    QCOMPARE(lengthGroups({200, 200, 200, 200}, anchor).size(), std::size_t(1));
    std::vector<std::int64_t> mixed(64, 10);
    mixed.insert(mixed.end(), 64, 200);
    QCOMPARE(lengthGroups(mixed, anchor), (std::vector<std::size_t>{64, 128})); // short rows apart from long ones
    Split s;
    s.numItems = 30;
    std::mt19937_64 draw(3);
    for (int u = 0; u < 12; ++u) {
        std::vector<std::int32_t> h(static_cast<std::size_t>(2 + 18 * u));
        for (auto &x : h)
            x = std::uniform_int_distribution<std::int32_t>(1, 30)(draw);
        s.train.push_back(h);
    }
    s.trainPool.numItems = 30;
    s.seen.resize(s.train.size());
    torch::manual_seed(1);
    SasRec model = makeTransformer(c, s.numItems);
    SequenceTrainer<SasRec> trainer(c, s, model);
    std::vector<Window> rows;
    double weighted = 0;
    std::int64_t positions = 0;
    std::mt19937_64 rng(1);
    for (std::size_t u = 0; u < s.train.size(); ++u) {
        rows.push_back(windowsOf(s, u, c.maxlen, false, false).front());
        const auto n = inputLength(rows.back(), false);
        weighted += trainer.loss(&rows.back(), 1, rng).item<double>() * static_cast<double>(n);
        positions += n;
    }
    std::vector<std::int64_t> lengths;
    for (const auto &w : rows)
        lengths.push_back(inputLength(w, false));
    QVERIFY(lengthGroups(lengths, c).size() > 1); // the batch below is computed in several groups
    std::shuffle(rows.begin(), rows.end(), rng);
    const double together = trainer.loss(rows.data(), rows.size(), rng).item<double>();
    QVERIFY2(std::abs(together - weighted / static_cast<double>(positions)) < 1e-5,
             qPrintable(QStringLiteral("%1 against %2").arg(together).arg(weighted / static_cast<double>(positions))));
}

// The dropout mask: its rate, its scale, the same draw for the same torch seed on any number of
// threads, and nothing dropped outside training.
void TestTraining::fastDropoutKeepsItsRate() {
    const auto x = torch::ones({64, 200, 50});
    const int threads = computeThreads();
    torch::manual_seed(9);
    setComputeThreads(1);
    const auto one = recscope::engine::fastDropout(x, 0.2, true);
    torch::manual_seed(9);
    setComputeThreads(2);
    const auto two = recscope::engine::fastDropout(x, 0.2, true);
    setComputeThreads(threads);
    QVERIFY(torch::equal(one, two));
    const double kept = one.gt(0).to(torch::kDouble).mean().item<double>();
    QVERIFY2(std::abs(kept - 0.8) < 0.005, qPrintable(QString::number(kept)));
    QVERIFY(std::abs(one.max().item<float>() - 1.25f) < 1e-6f);
    QVERIFY(!torch::equal(one, recscope::engine::fastDropout(x, 0.2, true))); // a fresh mask per call
    QVERIFY(torch::equal(recscope::engine::fastDropout(x, 0.2, false), x));
}

void TestTraining::paddingIsInvisible() {
    QFETCH(bool, causal);
    torch::manual_seed(5);
    SasRecOptions o;
    o.numItems = 50;
    o.maxlen = 30;
    o.hidden = 16;
    o.heads = 2;
    o.causal = causal;
    SasRec model(o);
    model->eval();
    torch::NoGradGuard noGrad;
    const auto history = torch::tensor({7, 3, 19, 42, 5, 11}, torch::kLong).unsqueeze(0);
    const auto padded = torch::cat({torch::zeros({1, 24}, torch::kLong), history}, 1);
    std::vector<torch::Tensor> attention;
    const auto full = model->encode(padded, &attention).select(1, 29);
    const auto cut = model->encode(history).select(1, 5);
    QVERIFY2(torch::allclose(full, cut, 1e-5, 1e-6), "padding changed the encoding");
    QCOMPARE(attention.size(), std::size_t(2));
    for (const auto &a : attention) {
        const auto real = a.slice(2, 24, 30); // rows of real positions
        QVERIFY(torch::allclose(real.sum(-1), torch::ones_like(real.sum(-1)), 1e-5));
        QVERIFY(real.slice(3, 0, 24).abs().max().item<float>() < 1e-6f);
    }
}

// Cold start: items held out of training are ranked among themselves. ID-only SASRec knows
// nothing of them; the text model reads their genres, which drive the demo users' choices.
void TestTraining::textModelScoresColdItems() {
    RECSCOPE_REQUIRE_PLUGINS();
    NullProgress none;
    // A catalog large enough that its held-out tenth gives 100 candidates.
    std::unique_ptr<Project> project;
    const auto dataset = writeDemo(m_dir, QStringLiteral("cold.recscope"), 1000, 1000, 10, project);
    const std::map<std::string, std::string> common{{"split", "cold"}, {"epochs", "8"}, {"maxlen", "20"}, {"hidden", "32"},
                                                    {"lr", "0.003"}, {"patience", "0"}, {"loss", "ce"}};
    auto withText = common;
    withText.insert({{"text_len", "16"}, {"pretrain_epochs", "2"}});
    const auto pop = trainRun(*project, dataset, TrainConfig::parse("pop", common), "pop cold", none);
    const auto ids = trainRun(*project, dataset, TrainConfig::parse("sasrec", common), "sasrec cold", none);
    const auto text = trainRun(*project, dataset, TrainConfig::parse("textrec", withText), "textrec cold", none);
    QCOMPARE(text.status, recscope::engine::RunStatus::Finished);
    qInfo("cold items, test NDCG@10: popularity %.3f, SASRec %.3f, text model %.3f (%lld users)", pop.test.ndcg10,
          ids.test.ndcg10, text.test.ndcg10, static_cast<long long>(text.test.users));
    QVERIFY(text.test.users > 100);
    QVERIFY2(text.test.ndcg10 > ids.test.ndcg10 + 0.03, "the text model must rank unseen items better than ids can");
    // It scores items nobody trained on, and saved and loaded again it scores them the same.
    checkSaveAndLoad(*project, text.runId, 1);
    RunStore store(*project);
    QVERIFY(store.loadCheckpoint(text.runId, "tokenizer").has_value());
    QVERIFY(store.loadCheckpoint(text.runId, "lm").has_value());

    // Items without any text: refused with the reason, before a run is recorded.
    auto draft = loadDraft(*project, dataset);
    for (auto &item : draft.items)
        item.title = item.categories = item.description = "";
    DatasetMeta meta;
    meta.name = "no text";
    meta.format = "test";
    const auto bare = writeDataset(*project, draft, meta, none);
    const auto before = store.runs().size();
    try {
        trainRun(*project, bare, TrainConfig::parse("textrec", withText), "no text", none);
        QFAIL("a text model was trained on items without text");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::BadInput);
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("no text")), e.what());
    }
    QCOMPARE(store.runs().size(), before);
}

void TestTraining::damagedStoredSettingsAreEngineErrors() {
    // The JSON library's exceptions do not escape the engine: a damaged record is a project error.
    for (const char *json : {"{not json", "{\"model\": 3}", "[]"}) {
        try {
            TrainConfig::fromJson(json);
            QFAIL(json);
        } catch (const EngineError &e) {
            QCOMPARE(e.kind(), ErrorKind::Project);
            QVERIFY2(std::string(e.what()).find("damaged") != std::string::npos, e.what());
        }
    }
    QVERIFY_THROWS_EXCEPTION(EngineError, RunProfile::fromJson("{oops"));
}

void TestTraining::negativesForAUserWhoTookEverything() {
    // A user who has taken every item of the pool gets padding, at once; one unseen item is found
    // however unlikely a draw is to hit it.
    recscope::engine::detail::Split s;
    s.numItems = s.trainPool.numItems = 500;
    s.seen.resize(2);
    for (std::int32_t x = 1; x <= 500; ++x) {
        s.seen[0].insert(x);
        if (x != 377)
            s.seen[1].insert(x);
    }
    std::mt19937_64 rng(5);
    QCOMPARE(recscope::engine::detail::drawNegative(s, 0, rng), 0);
    for (int k = 0; k < 20; ++k)
        QCOMPARE(recscope::engine::detail::drawNegative(s, 1, rng), 377);
    s.trainPool.items = {10, 20, 30}; // a cold-start pool: only its items are negatives
    s.seen[1] = {10, 30};
    QCOMPARE(recscope::engine::detail::drawNegative(s, 1, rng), 20);
    s.seen[1].insert(20);
    QCOMPARE(recscope::engine::detail::drawNegative(s, 1, rng), 0);
}

void TestTraining::popularitySamplingEstimatesTheFullSoftmax() {
    // On a skewed catalog, the sampled softmax with popularity draws and the log-Q correction
    // estimates the loss over the whole catalog. Uniform draws are not corrected: K of them from
    // N items count each item about K / N times, so that loss sits about log(K / N) higher.
    namespace d = recscope::engine::detail;
    constexpr std::int32_t kItems = 300;
    d::Split s;
    s.numItems = s.trainPool.numItems = kItems;
    std::mt19937_64 rng(11);
    std::vector<double> zipf;
    for (std::int32_t i = 1; i <= kItems; ++i)
        zipf.push_back(1.0 / i);
    std::discrete_distribution<std::int32_t> popular(zipf.begin(), zipf.end());
    std::vector<d::Window> rows;
    for (std::size_t u = 0; u < 200; ++u) {
        s.train.emplace_back();
        for (int k = 0; k < 30; ++k)
            s.train.back().push_back(popular(rng) + 1);
        s.seen.emplace_back(s.train.back().begin(), s.train.back().end());
        rows.push_back({u, 0, 30});
    }
    torch::manual_seed(3);
    SasRecOptions o;
    o.numItems = kItems;
    o.maxlen = 30;
    o.hidden = 16;
    o.layers = 1;
    o.dropout = 0;
    SasRec model(o);
    torch::NoGradGuard noGrad;
    model->itemEmbeddings().mul_(8); // scores that differ by several units, as a trained model's do
    auto lossWith = [&](const std::map<std::string, std::string> &loss) {
        auto values = loss;
        values["maxlen"] = "30";
        values["hidden"] = "16";
        const auto c = TrainConfig::parse("sasrec", values);
        d::SequenceTrainer<SasRec> trainer(c, s, model);
        double sum = 0;
        for (int k = 0; k < 5; ++k)
            sum += trainer.loss(rows.data(), rows.size(), rng).item<double>();
        return sum / 5;
    };
    const double full = lossWith({{"loss", "ce"}});
    const double corrected = lossWith({{"loss", "ssm"}, {"loss_negatives", "1000"}, {"loss_sampling", "popularity"}});
    const double uniform = lossWith({{"loss", "ssm"}, {"loss_negatives", "1000"}});
    qInfo("loss over the catalog %.3f, popularity-sampled with log-Q %.3f, uniformly sampled %.3f (log 1001 = %.3f)", full, corrected, uniform,
          std::log(1001.0));
    QVERIFY(full > 1);
    QVERIFY2(std::abs(corrected - full) < 0.03 * full, "the log-Q corrected estimate is close to the full softmax");
    QVERIFY2(uniform > full + 0.5, "uncorrected draws rank the target against more items than the catalog holds");
}

QTEST_GUILESS_MAIN(TestTraining)
#include "tst_training.moc"
