// SPDX-License-Identifier: GPL-3.0-or-later
// Explicit ratings on MovieLens 100K: the rating split's parts, biased MF's predictions against
// the global mean, early stopping on the validation MSE, RMSE/MAE in evaluations (the same
// numbers as at the end of training) and in comparisons with a ranking model, and a dataset
// without ratings refused before a run is recorded.
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/datasetdraft.h"
#include "engine/data/importer.h"
#include "engine/data/split.h"
#include "engine/evaluation/evaluation.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/store/sqlitedb.h"
#include "engine/training/trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include "demofixture.h"
#include "testsupport.h"

#include <algorithm>
#include <cmath>

using namespace recscope::engine;
using namespace recscope::engine::detail;

class TestRatings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void ratingSplitCoversEveryRating();
    void biasedMfBeatsTheMean();
    void evaluationAndComparisonShowRatingErrors();
    void refusedWithoutRatings();

private:
    TrainResult train(const std::string &model, std::map<std::string, std::string> settings, const std::string &name);

    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    std::int64_t m_dataset = -1;
    TrainResult m_biased;
};

TrainResult TestRatings::train(const std::string &model, std::map<std::string, std::string> settings, const std::string &name) {
    settings["threads"] = "2";
    NullProgress none;
    return trainRun(*m_project, m_dataset, TrainConfig::parse(model, settings), name, none);
}

void TestRatings::initTestCase() {
    if (recscope::test::sharedDataDir().isEmpty())
        return; // each case skips with the reason
    m_project = Project::openOrCreate(m_dir.filePath(QStringLiteral("ml.recscope")).toStdString());
    ImportRequest r;
    r.format = "movielens-100k";
    r.path = (recscope::test::sharedDataDir() + QStringLiteral("/ml-100k")).toStdString();
    NullProgress none;
    m_dataset = importDataset(*m_project, r, none).datasetId;
}

void TestRatings::ratingSplitCoversEveryRating() {
    RECSCOPE_REQUIRE_SHARED("ml-100k");
    const auto config = TrainConfig::parse("biasedmf", {});
    QCOMPARE(std::string(nameOf(config.split)), std::string("random")); // the classic rating split by default
    const auto split = makeSplit(*m_project, m_dataset, config.splitOptions());
    const auto table = m_project->interactions(m_dataset);
    const auto sets = ratingsOf(split, table);
    QCOMPARE(sets.train.size() + sets.valid.size() + sets.test.size(), std::size_t{100000});
    const double share = static_cast<double>(sets.test.size()) / 100000.0;
    QVERIFY2(std::abs(share - config.testRatio) < 0.01, std::to_string(share).c_str());
    for (const auto &r : sets.test) {
        const auto &t = split.testSets[static_cast<std::size_t>(r.user)];
        QVERIFY(std::find(t.begin(), t.end(), r.item) != t.end());
    }
    for (const auto &r : sets.valid)
        QCOMPARE(split.valid[static_cast<std::size_t>(r.user)], r.item);
    QVERIFY(sets.trainMean > 3.4 && sets.trainMean < 3.6); // ML-100K's mean rating is 3.53
}

void TestRatings::biasedMfBeatsTheMean() {
    RECSCOPE_REQUIRE_SHARED("ml-100k");
    m_biased = train("biasedmf", {}, "biased");
    QCOMPARE(m_biased.status, RunStatus::Finished);
    QVERIFY(m_biased.test.rmse && m_biased.test.mae);
    // The global mean of the training ratings, as a predictor, on the same test ratings.
    const auto sets = ratingsOf(makeSplit(*m_project, m_dataset, TrainConfig::parse("biasedmf", {}).splitOptions()), m_project->interactions(m_dataset));
    double squared = 0;
    for (const auto &r : sets.test)
        squared += std::pow(r.rating - sets.trainMean, 2);
    const double meanRmse = std::sqrt(squared / static_cast<double>(sets.test.size()));
    qInfo("test RMSE %.4f, MAE %.4f; the global mean's RMSE %.4f", *m_biased.test.rmse, *m_biased.test.mae, meanRmse);
    QVERIFY(*m_biased.test.rmse < 0.95);
    QVERIFY(*m_biased.test.rmse < meanRmse - 0.15);
    QVERIFY(*m_biased.test.mae < *m_biased.test.rmse);
    // The best epoch is the one of the lowest validation MSE (the curve's validation loss).
    const auto epochs = RunStore(*m_project).epochs(m_biased.runId);
    const auto best = std::min_element(epochs.begin(), epochs.end(), [](const auto &a, const auto &b) { return *a.validLoss < *b.validLoss; });
    QCOMPARE(best->epoch, *m_biased.bestEpoch);
    QVERIFY(std::abs(*best->validLoss - *m_biased.valid.rmse * *m_biased.valid.rmse) < 1e-6);
}

void TestRatings::evaluationAndComparisonShowRatingErrors() {
    RECSCOPE_REQUIRE_SHARED("ml-100k");
    QVERIFY(m_biased.runId > 0);
    EvaluationOptions o;
    o.protocol = "random-full";
    o.ks = {10};
    NullProgress none;
    const auto e = evaluateRun(*m_project, m_biased.runId, o, none);
    QVERIFY(std::find(e.table.names.begin(), e.table.names.end(), "RMSE") != e.table.names.end());
    QVERIFY(std::abs(e.table.values.at("RMSE") - *m_biased.test.rmse) < 1e-5); // the numbers training reported
    QVERIFY(std::abs(e.table.values.at("MAE") - *m_biased.test.mae) < 1e-5);
    QCOMPARE(e.table.perUser.at("RMSE").size(), e.users.size());
    QVERIFY(!higherIsBetter("RMSE") && !higherIsBetter("MAE"));

    const auto heavier = train("biasedmf", {{"weight_decay", "0.4"}}, "biased, heavier L2");
    const auto ranking = train("bprmf", {{"split", "random"}, {"epochs", "3"}}, "bpr");
    std::vector<Evaluation> evaluations{e, evaluateRun(*m_project, heavier.runId, o, none), evaluateRun(*m_project, ranking.runId, o, none)};
    const auto c = compare(evaluations);
    const auto rmse = std::find_if(c.metrics.begin(), c.metrics.end(), [](const auto &m) { return m.metric == "RMSE"; });
    QVERIFY(rmse != c.metrics.end());
    QVERIFY(rmse->values[1] > rmse->values[0]);   // more L2 than the default errs more here
    QVERIFY(std::isfinite(rmse->tTestP[1]));       // tested on the per-user errors
    QVERIFY(std::isnan(rmse->interval[0].first)); // no bootstrap around a mean it is not
    QVERIFY(std::isnan(rmse->values[2]));          // BPR-MF ranks; it predicts no ratings
}

void TestRatings::refusedWithoutRatings() {
    QTemporaryDir dir;
    auto project = Project::openOrCreate(dir.filePath(QStringLiteral("implicit.recscope")).toStdString());
    DatasetDraft d;
    for (int u = 0; u < 5; ++u)
        for (int i = 0; i < 6; ++i)
            d.add(d.internUser("u" + std::to_string(u)), d.internItem("i" + std::to_string((u + i) % 8)), std::nanf(""), i);
    d.hasTimestamps = true;
    const auto dataset = recscope::test::storeDraft(*project, d, "clicks");
    NullProgress none;
    try {
        trainRun(*project, dataset, TrainConfig::parse("biasedmf", {}), "refused", none);
        QFAIL("trained a rating model on a dataset without ratings");
    } catch (const EngineError &e) {
        QCOMPARE(e.kind(), ErrorKind::Usage);
        QVERIFY2(std::string(e.what()).find("'clicks' has none") != std::string::npos, e.what());
    }
    QCOMPARE(project->db().queryInt("SELECT count(*) FROM runs"), 0);
}

QTEST_GUILESS_MAIN(TestRatings)
#include "tst_ratings.moc"
