// SPDX-License-Identifier: GPL-3.0-or-later
// Explicit ratings, on a generated dataset (always) and on MovieLens 100K (where ../shared/data
// has it): the rating split's parts, biased MF's predictions against the global mean, early
// stopping on the validation MSE, RMSE/MAE in evaluations (the same numbers as at the end of
// training) and in comparisons with a ranking model, and a dataset without ratings refused
// before a run is recorded.
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
#include <numeric>
#include <random>

using namespace recscope::engine;
using namespace recscope::engine::detail;

// The datasets the cases run on, one row each: "generated" (made in the test: two groups of users
// and of items, a user rating its own group's items near 4.3 and the other's near 1.9, each user
// a little harsher or kinder, plus noise) and "ml-100k".
struct RatingData {
    std::unique_ptr<Project> project;
    std::int64_t dataset = -1;
    std::size_t ratings = 0;
    TrainResult biased;
};

class TestRatings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void ratingSplitCoversEveryRating_data() { rows(); }
    void ratingSplitCoversEveryRating();
    void biasedMfBeatsTheMean_data() { rows(); }
    void biasedMfBeatsTheMean();
    void evaluationAndComparisonShowRatingErrors_data() { rows(); }
    void evaluationAndComparisonShowRatingErrors();
    void refusedWithoutRatings();

private:
    static void rows() {
        QTest::addColumn<QString>("data");
        QTest::newRow("generated") << QStringLiteral("generated");
        QTest::newRow("ml-100k") << QStringLiteral("ml-100k");
    }
    TrainResult train(RatingData &d, const std::string &model, std::map<std::string, std::string> settings, const std::string &name);

    QTemporaryDir m_dir;
    std::map<QString, RatingData> m_data;
};

// The row's dataset; the ml-100k row skips, naming the folder, where ../shared/data lacks it.
#define RATING_DATA(d)                                                                                                          \
    QFETCH(QString, data);                                                                                                      \
    if (data == QLatin1String("ml-100k")) {                                                                                     \
        RECSCOPE_REQUIRE_SHARED("ml-100k");                                                                                     \
    }                                                                                                                           \
    QVERIFY(m_data.count(data));                                                                                                \
    auto &d = m_data.at(data)

TrainResult TestRatings::train(RatingData &d, const std::string &model, std::map<std::string, std::string> settings, const std::string &name) {
    settings["threads"] = "2";
    NullProgress none;
    return trainRun(*d.project, d.dataset, TrainConfig::parse(model, settings), name, none);
}

void TestRatings::initTestCase() {
    auto &generated = m_data[QStringLiteral("generated")];
    generated.project = Project::openOrCreate(m_dir.filePath(QStringLiteral("generated.recscope")).toStdString());
    DatasetDraft draft;
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> unit(-0.5, 0.5);
    for (int u = 0; u < 400; ++u) {
        const auto user = draft.internUser("u" + std::to_string(u));
        const double bias = unit(rng);
        std::vector<int> items(300);
        std::iota(items.begin(), items.end(), 0);
        std::shuffle(items.begin(), items.end(), rng);
        for (int k = 0; k < 40; ++k) {
            const int i = items[static_cast<std::size_t>(k)];
            const double base = (i % 2) == (u % 2) ? 4.3 : 1.9;
            const auto rating = static_cast<float>(std::clamp(std::round(base + bias + unit(rng)), 1.0, 5.0));
            draft.add(user, draft.internItem("i" + std::to_string(i)), rating, 1000000 + u * 100 + k);
        }
    }
    draft.hasRatings = true;
    draft.hasTimestamps = true;
    generated.dataset = recscope::test::storeDraft(*generated.project, draft, "generated ratings");
    generated.ratings = 400 * 40;
    if (recscope::test::sharedDataDir().isEmpty())
        return; // the ml-100k rows skip with the reason
    auto &ml = m_data[QStringLiteral("ml-100k")];
    ml.project = Project::openOrCreate(m_dir.filePath(QStringLiteral("ml.recscope")).toStdString());
    ImportRequest r;
    r.format = "movielens-100k";
    r.path = (recscope::test::sharedDataDir() + QStringLiteral("/ml-100k")).toStdString();
    NullProgress none;
    ml.dataset = importDataset(*ml.project, r, none).datasetId;
    ml.ratings = 100000;
}

void TestRatings::ratingSplitCoversEveryRating() {
    RATING_DATA(d);
    const auto config = TrainConfig::parse("biasedmf", {});
    QCOMPARE(std::string(nameOf(config.split)), std::string("random")); // the classic rating split by default
    const auto split = makeSplit(*d.project, d.dataset, config.splitOptions());
    const auto table = d.project->interactions(d.dataset);
    const auto sets = ratingsOf(split, table);
    QCOMPARE(sets.train.size() + sets.valid.size() + sets.test.size(), d.ratings);
    const double share = static_cast<double>(sets.test.size()) / static_cast<double>(d.ratings);
    QVERIFY2(std::abs(share - config.testRatio) < 0.01, std::to_string(share).c_str());
    for (const auto &r : sets.test) {
        const auto &t = split.testSets[static_cast<std::size_t>(r.user)];
        QVERIFY(std::find(t.begin(), t.end(), r.item) != t.end());
    }
    for (const auto &r : sets.valid)
        QCOMPARE(split.valid[static_cast<std::size_t>(r.user)], r.item);
    double mean = 0; // of every rating
    for (float r : table.rating)
        mean += r;
    mean /= static_cast<double>(table.size());
    QVERIFY2(std::abs(sets.trainMean - mean) < 0.05, qPrintable(QStringLiteral("%1 vs %2").arg(sets.trainMean).arg(mean)));
    if (data == QLatin1String("ml-100k"))
        QVERIFY(sets.trainMean > 3.4 && sets.trainMean < 3.6); // ML-100K's mean rating is 3.53
}

void TestRatings::biasedMfBeatsTheMean() {
    RATING_DATA(d);
    d.biased = train(d, "biasedmf", {}, "biased");
    const auto &biased = d.biased;
    QCOMPARE(biased.status, RunStatus::Finished);
    QVERIFY(biased.test.rmse && biased.test.mae);
    // The global mean of the training ratings, as a predictor, on the same test ratings.
    const auto sets = ratingsOf(makeSplit(*d.project, d.dataset, TrainConfig::parse("biasedmf", {}).splitOptions()), d.project->interactions(d.dataset));
    double squared = 0;
    for (const auto &r : sets.test)
        squared += std::pow(r.rating - sets.trainMean, 2);
    const double meanRmse = std::sqrt(squared / static_cast<double>(sets.test.size()));
    qInfo("%s: test RMSE %.4f, MAE %.4f; the global mean's RMSE %.4f", qPrintable(data), *biased.test.rmse, *biased.test.mae, meanRmse);
    if (data == QLatin1String("ml-100k"))
        QVERIFY(*biased.test.rmse < 0.95);
    else // the noise alone (uniform over a unit, then rounded) leaves about 0.4
        QVERIFY(*biased.test.rmse < 0.6);
    QVERIFY(*biased.test.rmse < meanRmse - 0.15);
    QVERIFY(*biased.test.mae < *biased.test.rmse);
    // The best epoch is the one of the lowest validation MSE (the curve's validation loss).
    const auto epochs = RunStore(*d.project).epochs(biased.runId);
    const auto best = std::min_element(epochs.begin(), epochs.end(), [](const auto &a, const auto &b) { return *a.validLoss < *b.validLoss; });
    QCOMPARE(best->epoch, *biased.bestEpoch);
    QVERIFY(std::abs(*best->validLoss - *biased.valid.rmse * *biased.valid.rmse) < 1e-6);
}

void TestRatings::evaluationAndComparisonShowRatingErrors() {
    RATING_DATA(d);
    const auto &biased = d.biased;
    QVERIFY(biased.runId > 0);
    EvaluationOptions o;
    o.protocol = "random-full";
    o.ks = {10};
    NullProgress none;
    const auto e = evaluateRun(*d.project, biased.runId, o, none);
    QVERIFY(std::find(e.table.names.begin(), e.table.names.end(), "RMSE") != e.table.names.end());
    QVERIFY(std::abs(e.table.values.at("RMSE") - *biased.test.rmse) < 1e-5); // the numbers training reported
    QVERIFY(std::abs(e.table.values.at("MAE") - *biased.test.mae) < 1e-5);
    QCOMPARE(e.table.perUser.at("RMSE").size(), e.users.size());
    QVERIFY(!higherIsBetter("RMSE") && !higherIsBetter("MAE"));

    const auto heavier = train(d, "biasedmf", {{"weight_decay", "0.4"}}, "biased, heavier L2");
    const auto ranking = train(d, "bprmf", {{"split", "random"}, {"epochs", "3"}}, "bpr");
    std::vector<Evaluation> evaluations{e, evaluateRun(*d.project, heavier.runId, o, none), evaluateRun(*d.project, ranking.runId, o, none)};
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
