// SPDX-License-Identifier: GPL-3.0-or-later
// Evaluation: every metric against values worked out by hand, the significance tests against
// reference values, and protocols on stored runs (demo project and MovieLens-100K).
#include "engine/core/errors.h"
#include "engine/evaluation/evaluation.h"
#include "engine/data/importer.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/evaluation/statistics.h"
#include "engine/training/trainer.h"
#include "demofixture.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <set>

using namespace recscope::engine;

class TestEvaluation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void metricsByHand();
    void tiedTargetsCountTheirExpectation();
    void severalTargetsByHand();
    void tTestMatchesReference();
    void wilcoxonMatchesReference();
    void bootstrapIntervalCoversTheMean();
    void sampledProtocolReproducesTraining();
    void fullRankingSeparatesModels();
    void storedWithItsProtocol();
    void refusesProtocolsThatDoNotFit();
    void comparisonFlagsDifferentProtocols();
    void movieLensFullRanking();
    void temporalAndRandomSplits();
    void mmrByHand();
    void crossValidationHoldsUsersOut();
    void mmrTradesAccuracyForDiversity();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    std::int64_t m_dataset = 0;
    std::int64_t m_pop = 0, m_sasrec = 0;
};

namespace {

// Six items, three users (see metricsByHand for the lists).
CatalogFacts handFacts() {
    CatalogFacts f;
    f.recommendable = 6;
    f.users = 4;
    f.interactions = {10, 8, 6, 4, 2, 0};
    f.takers = {4, 4, 3, 2, 1, 0};
    // Categories A = 0, B = 1, C = 2; item 4 has none.
    f.categories = {{0}, {0, 1}, {1}, {2}, {}, {0, 2}};
    f.similarity = [](std::int32_t a, std::int32_t b) {
        if (a == b)
            return 1.0;
        const auto lo = std::min(a, b), hi = std::max(a, b);
        if (lo == 0 && hi == 1)
            return 0.5;
        if (lo == 0 && hi == 2)
            return 0.2;
        if (lo == 0 && hi == 3)
            return 0.1;
        if (lo == 1 && hi == 3)
            return 0.4;
        if (lo == 2 && hi == 4)
            return 0.3;
        return 0.0;
    };
    return f;
}

std::vector<EvalCase> handCases() {
    EvalCase a; // target ranked first
    a.user = 0, a.target = 1, a.above = 0, a.ties = 0, a.negatives = 5, a.list = {1, 0, 2}, a.history = {0, 3};
    EvalCase b; // target third
    b.user = 1, b.target = 4, b.above = 2, b.ties = 0, b.negatives = 5, b.list = {0, 2, 4}, b.history = {2};
    EvalCase c; // target tied with two others for ranks 2..4
    c.user = 2, c.target = 3, c.above = 1, c.ties = 2, c.negatives = 4, c.list = {0, 3, 5}, c.history = {};
    return {a, b, c};
}

// Enough training for SASRec to pick up the demo's planted rules (full softmax learns fast).
TrainConfig quick(const std::string &model) {
    return TrainConfig::parse(model, {{"epochs", "15"}, {"maxlen", "20"}, {"hidden", "32"}, {"lr", "0.005"}, {"dropout", "0.1"},
                                      {"loss", model == "sasrec" ? "ce" : "bce"}, {"patience", "0"}, {"threads", "2"}});
}

} // namespace

void TestEvaluation::initTestCase() {
    m_dataset = recscope::test::writeDemo(m_dir, QStringLiteral("e.recscope"), 500, 200, 20, m_project);
    NullProgress none;
    m_pop = trainRun(*m_project, m_dataset, quick("pop"), "pop", none).runId;
    auto sasrec = trainRun(*m_project, m_dataset, quick("sasrec"), "sasrec", none);
    QCOMPARE(sasrec.status, recscope::engine::RunStatus::Finished);
    m_sasrec = sasrec.runId;
}

void TestEvaluation::metricsByHand() {
    const auto t = computeMetrics(handCases(), handFacts(), {2, 3}, 0.4);
    auto value = [&](const char *name) {
        const auto it = t.values.find(name);
        if (it == t.values.end())
            qFatal("metric %s missing", name);
        return it->second;
    };
    const double eps = 1e-6;
    // Ranks: a 0; b 2; c 1, 2 or 3 (a third each).
    QVERIFY(std::abs(value("HR@2") - 4.0 / 9) < eps);           // (1 + 0 + 1/3) / 3
    QVERIFY(std::abs(value("Precision@2") - 2.0 / 9) < eps);    // HR / K
    QVERIFY(std::abs(value("NDCG@2") - 0.40343663) < eps);      // (1 + (1/3) / log2 3) / 3
    QVERIFY(std::abs(value("MAP@2") - 7.0 / 18) < eps);         // (1 + 0 + (1/3)(1/2)) / 3
    QVERIFY(std::abs(value("HR@3") - 8.0 / 9) < eps);           // (1 + 1 + 2/3) / 3
    QVERIFY(std::abs(value("NDCG@3") - 0.62565887) < eps);      // (1 + 1/2 + (1/3)(1/log2 3 + 1/2)) / 3
    QVERIFY(std::abs(value("MRR") - 61.0 / 108) < eps);         // (1 + 1/3 + (1/3)(1/2 + 1/3 + 1/4)) / 3
    QVERIFY(std::abs(value("AUC") - 0.7) < eps);                // (5/5 + 3/5 + (1 + 2 x 1/2)/4) / 3
    // Lists at K = 2: [1 0], [0 2], [0 3]; item 0 shown three times, 1, 2, 3 once.
    QVERIFY(std::abs(value("Coverage@2") - 4.0 / 6) < eps);
    QVERIFY(std::abs(value("Gini@2") - 0.5) < eps);             // sum (2i - 7) c_i over ranks 3..6 = 18; / (6 x 6)
    QVERIFY(std::abs(value("Entropy@2") - 1.79248125) < eps);   // -(1/2 log2 1/2 + 3 x 1/6 log2 1/6)
    QVERIFY(std::abs(value("Personalization@2") - 0.5) < eps);  // every pair shares one of two items
    QVERIFY(std::abs(value("ILD@2") - 2.5 / 3) < eps);          // Jaccard distances 1/2, 1, 1
    QVERIFY(std::abs(value("ILD-cooc@2") - 2.2 / 3) < eps);     // 1 - 0.5, 1 - 0.2, 1 - 0.1
    QVERIFY(std::abs(value("Novelty@2") - 0.23583958) < eps);   // (0 + (0 + 0.41504)/2 + (0 + 1)/2) / 3
    QVERIFY(std::abs(value("AvgPop@2") - 8.0) < eps);           // (9 + 8 + 7) / 3
    QVERIFY(std::abs(value("Tail@2") - 1.0 / 6) < eps);         // tail (40%): items 4 and 3; c shows 3
    QVERIFY(std::abs(value("Tail@3") - 2.0 / 9) < eps);         // b shows 4, c shows 3 (5 was never taken: not tail)
    QVERIFY(std::abs(value("Serendipity@2") - 0.55 / 2 / 3) < eps); // a: 1 - (0.5 + 0.4)/2 at its hit, over 2
    QVERIFY(std::abs(value("Serendipity@3") - (0.55 / 3 + 0.7 / 3) / 3) < eps);
    // Popularity groups: the short head takes 20% of the 30 training interactions: item 0 alone.
    QVERIFY(std::abs(value("APLT@2") - 0.5) < eps);             // each list holds item 0 and one tail item
    QVERIFY(std::abs(value("ACLT@2") - 1.0) < eps);
    QVERIFY(std::abs(value("APLT@3") - 2.0 / 3) < eps);
    QVERIFY(std::abs(value("ACLT@3") - 2.0) < eps);
    // AWRF@2: head exposure w1 / (1 + w1) for a (item 0 second, w1 = 1 / log2 3), 1 / (1 + w1) for b
    // and c, each against the head's share of the catalog, 1/6 (Jensen-Shannon, bits).
    QVERIFY(std::abs(value("AWRF@2") - 0.12044521) < eps);
    // Miscal@2: a's history is A 1/2, C 1/2, its list A 3/4, B 1/4 (smoothed: C 0.005): 3.0318554;
    // b's history B, its list A 1/2, B 1/2: log2(1 / 0.505) = 0.9856447; c has no history: 0.
    QVERIFY(std::abs(value("Miscal@2") - (3.0318554 + 0.9856447) / 3) < eps);
    QVERIFY(!higherIsBetter("Miscal@10") && !higherIsBetter("AWRF@10") && higherIsBetter("APLT@10"));
    // Per-user values are kept for the per-user metrics, not for global ones.
    QCOMPARE(t.perUser.at("NDCG@2").size(), std::size_t(3));
    QVERIFY(!t.perUser.count("Gini@2"));
    QVERIFY(std::abs(t.perUser.at("HR@3")[2] - 2.0 / 3) < eps);
    // Accuracy first, by K; every definition is documented.
    QCOMPARE(t.names.front(), std::string("HR@2"));
    for (const auto &name : t.names)
        QVERIFY2(!metricDefinition(name).empty(), name.c_str());
    QVERIFY(!higherIsBetter("Gini@10"));
    QVERIFY(higherIsBetter("NDCG@10"));

    // Rating models: RMSE and MAE over all held-out ratings, and per user. Predictions against
    // ratings: a 4.5 for 5 and 3 for 2, b 2 for 4, c 3.5 for 3.5.
    auto rated = handCases();
    addRatingError(rated[0], 4.5, 5), addRatingError(rated[0], 3, 2);
    addRatingError(rated[1], 2, 4);
    addRatingError(rated[2], 3.5, 3.5);
    const auto r = computeMetrics(rated, handFacts(), {2});
    QVERIFY(std::abs(r.values.at("RMSE") - std::sqrt(5.25 / 4)) < eps);  // (0.25 + 1 + 4 + 0) / 4 ratings
    QVERIFY(std::abs(r.values.at("MAE") - 3.5 / 4) < eps);             // (0.5 + 1 + 2 + 0) / 4
    QVERIFY(std::abs(r.perUser.at("RMSE")[0] - std::sqrt(1.25 / 2)) < eps);
    QVERIFY(std::abs(r.perUser.at("RMSE")[1] - 2) < eps);
    QVERIFY(std::abs(r.perUser.at("MAE")[2]) < eps);
    QVERIFY(!t.values.count("RMSE")); // ranking models have none
    // A user without a held-out rating: the global errors stay, the per-user ones go, with a note.
    auto someRated = handCases();
    addRatingError(someRated[0], 4, 5);
    const auto partly = computeMetrics(someRated, handFacts(), {2});
    QVERIFY(std::abs(partly.values.at("RMSE") - 1) < eps);
    QVERIFY(!partly.perUser.count("RMSE"));

    // Without categories or similarity, those metrics are left out with a note.
    auto bare = handFacts();
    bare.categories.assign(6, {});
    bare.similarity = nullptr;
    const auto b = computeMetrics(handCases(), bare, {2});
    QVERIFY(!b.values.count("ILD@2"));
    QVERIFY(!b.values.count("Miscal@2"));
    QVERIFY(!b.values.count("Serendipity@2"));
    QCOMPARE(b.notes.size(), std::size_t(2));
}

void TestEvaluation::tiedTargetsCountTheirExpectation() {
    // A scorer that gives every candidate the same score is ranked at random, not first.
    EvalCase c;
    c.target = 0, c.above = 0, c.ties = 99, c.negatives = 99, c.list = {0};
    auto facts = handFacts();
    facts.interactions.assign(1, 1);
    facts.takers.assign(1, 1);
    facts.categories.assign(1, {});
    const auto t = computeMetrics({c}, facts, {10});
    QVERIFY(std::abs(t.values.at("HR@10") - 0.1) < 1e-9);
    QVERIFY(std::abs(t.values.at("AUC") - 0.5) < 1e-9);
}

void TestEvaluation::severalTargetsByHand() {
    // Held-out items 2 and 5; the list shows 2 first and 5 third.
    EvalCase c;
    c.targets = {2, 5};
    c.list = {2, 0, 5};
    c.bestRank = 0;
    c.auc = 0.8;
    c.negatives = 3;
    const auto t = computeMetrics({c}, handFacts(), {2, 3});
    const double eps = 1e-6;
    QVERIFY(std::abs(t.values.at("HR@2") - 1) < eps);
    QVERIFY(std::abs(t.values.at("Recall@2") - 0.5) < eps);
    QVERIFY(std::abs(t.values.at("Precision@2") - 0.5) < eps);
    QVERIFY(std::abs(t.values.at("NDCG@2") - 0.61314719) < eps);  // 1 / (1 + 1/log2 3)
    QVERIFY(std::abs(t.values.at("MAP@2") - 0.5) < eps);          // (1/1) / min(2, 2)
    QVERIFY(std::abs(t.values.at("Recall@3") - 1) < eps);
    QVERIFY(std::abs(t.values.at("Precision@3") - 2.0 / 3) < eps);
    QVERIFY(std::abs(t.values.at("NDCG@3") - 0.91972078) < eps);  // (1 + 1/2) / (1 + 1/log2 3)
    QVERIFY(std::abs(t.values.at("MAP@3") - 5.0 / 6) < eps);      // (1/1 + 2/3) / 2
    QVERIFY(std::abs(t.values.at("MRR") - 1) < eps);
    QVERIFY(std::abs(t.values.at("AUC") - 0.8) < eps);
}

void TestEvaluation::tTestMatchesReference() {
    // Student's t: the 97.5% quantile for 9 degrees of freedom; the Cauchy distribution at 1.
    QVERIFY(std::abs(studentTCdf(2.262, 9) - 0.974993577) < 1e-8);
    QVERIFY(std::abs(studentTCdf(1.0, 1) - 0.75) < 1e-10);
    QVERIFY(std::abs(studentTCdf(-1.0, 1) - 0.25) < 1e-10);
    // Differences -1 0 -1 -1 -2: t = -sqrt(10), 4 df, p = 0.0341094 (numerical integration of the density).
    const auto r = pairedTTest({1, 2, 3, 4, 5}, {2, 2, 4, 5, 7});
    QVERIFY(std::abs(r.statistic + std::sqrt(10.0)) < 1e-9);
    QCOMPARE(r.df, 4.0);
    QVERIFY(std::abs(r.p - 0.0341094232) < 1e-8);
    QCOMPARE(pairedTTest({1, 2, 3}, {1, 2, 3}).p, 1.0);
    QVERIFY_THROWS_EXCEPTION(EngineError, pairedTTest({1, 2}, {1}));
}

void TestEvaluation::wilcoxonMatchesReference() {
    // No ties, 8 pairs: exact distribution; W+ = 31, p = 20/256 (counted over all 2^8 sign patterns).
    const std::vector<double> d{0.5, -1.2, 2.3, 3.1, 0.7, -0.4, 1.9, 2.6};
    const std::vector<double> zero(d.size(), 0.0);
    const auto exact = wilcoxonSignedRank(d, zero);
    QVERIFY(exact.exact);
    QCOMPARE(exact.statistic, 31.0);
    QVERIFY(std::abs(exact.p - 0.078125) < 1e-12);
    // 60 differences with ties and one zero: normal approximation with the tie correction.
    const std::vector<double> t{1.6, 1.7, 0.4, -0.5, -0.8, 0.3, -0.7, -1.1, 0.5, 0.4, 0.8, -0.6, 0.3, 0.2, -1.2,
                                0.8, 0.6, 2.7, 0.5, 0.2, 1.5, 0.5, 1.2, -0.1, 0.5, 1.3, 1.0, 0.4, -0.8, 0.7,
                                0.4, 1.0, 0.5, 1.4, 0.2, 0.5, 1.0, -0.8, -0.1, -0.2, 2.3, 0.2, 1.0, 0.9, -1.3,
                                1.3, -0.1, 1.0, -1.0, -0.1, 1.6, 1.7, -1.0, -1.0, 0.3, 1.0, 0.5, 0.6, -0.7, 0.0};
    const auto approx = wilcoxonSignedRank(t, std::vector<double>(t.size(), 0.0));
    QVERIFY(!approx.exact);
    QCOMPARE(approx.n, std::int64_t(59));
    QCOMPARE(approx.statistic, 1283.0);
    QVERIFY(std::abs(approx.p - 0.0026373023) < 1e-8);
}

void TestEvaluation::bootstrapIntervalCoversTheMean() {
    std::vector<double> v;
    for (int i = 0; i < 400; ++i)
        v.push_back(i % 4 == 0 ? 1.0 : 0.0); // mean 0.25, standard error ~0.0217
    const auto [lo, hi] = bootstrapMeanInterval(v, 2000, 7);
    QVERIFY(lo < 0.25 && hi > 0.25);
    QVERIFY2(hi - lo > 0.06 && hi - lo < 0.11, qPrintable(QStringLiteral("width %1").arg(hi - lo))); // ~4 standard errors
    QCOMPARE(bootstrapMeanInterval(v, 2000, 7), std::make_pair(lo, hi)); // seeded
}

void TestEvaluation::sampledProtocolReproducesTraining() {
    // Under the run's own seed, 100 uniform negatives are the draw the training's test used.
    NullProgress none;
    EvaluationOptions o;
    o.protocol = "loo-sampled-uniform-100";
    o.seed = quick("sasrec").seed;
    o.store = false;
    const auto e = evaluateRun(*m_project, m_sasrec, o, none);
    const auto run = RunStore(*m_project).run(m_sasrec);
    const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(run->metricsJson)).object();
    QCOMPARE(json.value(QStringLiteral("protocol")).toString(), QStringLiteral("loo-sampled-uniform-100"));
    const double stored = json.value(QStringLiteral("test")).toObject().value(QStringLiteral("NDCG@10")).toDouble();
    QVERIFY2(std::abs(e.table.values.at("NDCG@10") - stored) < 1e-5,
             qPrintable(QStringLiteral("%1 vs %2").arg(e.table.values.at("NDCG@10")).arg(stored)));
}

void TestEvaluation::fullRankingSeparatesModels() {
    // The demo's planted rules are learnable: SASRec ranks the whole catalog far better than
    // popularity, and the difference is significant on the same users.
    NullProgress none;
    EvaluationOptions o;
    o.store = false;
    const auto pop = evaluateRun(*m_project, m_pop, o, none);
    const auto sasrec = evaluateRun(*m_project, m_sasrec, o, none);
    QCOMPARE(pop.protocol, std::string("loo-full"));
    QCOMPARE(pop.users.size(), std::size_t(500));
    QCOMPARE(pop.users, sasrec.users);
    for (const auto &name : {"NDCG@10", "HR@20", "Coverage@10", "ILD@10", "ILD-cooc@10", "Novelty@10", "Gini@10", "Entropy@10",
                             "Personalization@10", "Tail@10", "AvgPop@10", "Serendipity@10", "MRR", "AUC", "APLT@10", "ACLT@10",
                             "AWRF@10", "Miscal@10"})
        QVERIFY2(sasrec.table.values.count(name) && pop.table.values.count(name), name);
    for (const auto &[name, value] : sasrec.table.values)
        QVERIFY2(std::isfinite(value) && (name.rfind("AvgPop", 0) == 0 || name.rfind("Novelty", 0) == 0 ||
                                          name.rfind("Entropy", 0) == 0 || name.rfind("ACLT", 0) == 0 ||
                                          (name.rfind("Miscal", 0) == 0 && value >= 0) || (value >= 0 && value <= 1)),
                 name.c_str());
    QVERIFY2(sasrec.table.values.at("NDCG@10") > 2 * pop.table.values.at("NDCG@10"),
             qPrintable(QStringLiteral("SASRec %1, popularity %2").arg(sasrec.table.values.at("NDCG@10")).arg(pop.table.values.at("NDCG@10"))));
    // Popularity shows nearly everyone the same few items; SASRec spreads its lists.
    QVERIFY(pop.table.values.at("Coverage@10") < 0.15);
    QVERIFY(pop.table.values.at("Personalization@10") < sasrec.table.values.at("Personalization@10"));
    QVERIFY(sasrec.table.values.at("Coverage@10") > 2 * pop.table.values.at("Coverage@10"));
    QVERIFY(sasrec.table.values.at("Gini@10") < pop.table.values.at("Gini@10"));
    QVERIFY(sasrec.table.values.at("AvgPop@10") < pop.table.values.at("AvgPop@10"));
    const auto c = compare({pop, sasrec});
    QVERIFY(c.warnings.empty());
    const auto ndcg = std::find_if(c.metrics.begin(), c.metrics.end(), [](const auto &m) { return m.metric == "NDCG@10"; });
    QVERIFY(ndcg != c.metrics.end());
    QVERIFY(ndcg->tTestP[1] < 1e-6);
    QVERIFY(ndcg->wilcoxonP[1] < 1e-6);
    QVERIFY(ndcg->difference[1] > 0);
    QVERIFY(ndcg->differenceInterval[1].first > 0);
    QVERIFY(ndcg->interval[0].first <= ndcg->values[0] && ndcg->values[0] <= ndcg->interval[0].second);
}

void TestEvaluation::storedWithItsProtocol() {
    NullProgress none;
    EvaluationOptions o;
    o.protocol = "loo-sampled-popular-50";
    o.ks = {10, 5};
    o.seed = 9;
    const auto e = evaluateRun(*m_project, m_sasrec, o, none);
    QVERIFY(e.id > 0);
    QCOMPARE(e.ks, (std::vector<int>{5, 10}));
    const auto found = findEvaluation(*m_project, m_sasrec, o);
    QVERIFY(found.has_value());
    QCOMPARE(found->id, e.id);
    QCOMPARE(found->protocol, std::string("loo-sampled-popular-50"));
    QCOMPARE(found->seed, std::uint64_t(9));
    QCOMPARE(found->datasetFingerprint, m_project->dataset(m_dataset)->fingerprint);
    QCOMPARE(found->users, e.users);
    QCOMPARE(found->table.names, e.table.names);
    for (const auto &[name, values] : e.table.perUser) {
        QCOMPARE(found->table.perUser.at(name).size(), values.size());
        QVERIFY(std::abs(found->table.perUser.at(name)[7] - values[7]) <= 1e-6 * std::max(1.0, std::abs(values[7]))); // float32
    }
    o.seed = 10; // another seed is another measurement
    QVERIFY(!findEvaluation(*m_project, m_sasrec, o).has_value());
    QVERIFY(!storedEvaluations(*m_project, m_sasrec).empty());
    // Popularity-sampled negatives are harder than uniform ones.
    o.seed = 9;
    o.protocol = "loo-sampled-uniform-50";
    const auto uniform = evaluateRun(*m_project, m_sasrec, o, none);
    QVERIFY(uniform.table.values.at("HR@10") > e.table.values.at("HR@10"));
}

void TestEvaluation::refusesProtocolsThatDoNotFit() {
    NullProgress none;
    EvaluationOptions o;
    for (const auto *bad : {"cold-full", "loo-sampled-uniform-0", "loo-sampled-zipf-100", "full", "loo-everything"}) {
        o.protocol = bad;
        try {
            evaluateRun(*m_project, m_pop, o, none);
            QFAIL(bad);
        } catch (const EngineError &e) {
            QCOMPARE(e.kind(), ErrorKind::Usage);
        }
    }
    o.protocol = "loo-full";
    o.ks = {0};
    QVERIFY_THROWS_EXCEPTION(EngineError, evaluateRun(*m_project, m_pop, o, none));
}

void TestEvaluation::comparisonFlagsDifferentProtocols() {
    NullProgress none;
    EvaluationOptions full, sampled;
    full.store = sampled.store = false;
    sampled.protocol = "loo-sampled-uniform-100";
    const auto c = compare({evaluateRun(*m_project, m_pop, full, none), evaluateRun(*m_project, m_sasrec, sampled, none)});
    QCOMPARE(c.warnings.size(), std::size_t(1));
    QVERIFY(c.warnings[0].find("protocol loo-sampled-uniform-100 vs loo-full") != std::string::npos);
    QVERIFY(!c.comparable[1]);
    for (const auto &m : c.metrics)
        QVERIFY(std::isnan(m.tTestP[1]));
}

void TestEvaluation::movieLensFullRanking() {
    RECSCOPE_REQUIRE_SHARED("ml-100k");
    QTemporaryDir dir;
    auto project = Project::openOrCreate(dir.filePath(QStringLiteral("ml.recscope")).toStdString());
    ImportRequest r;
    r.format = "movielens-100k";
    r.path = recscope::test::str(sharedPath);
    NullProgress none;
    const auto dataset = importDataset(*project, r, none).datasetId;
    const auto pop = trainRun(*project, dataset, quick("pop"), "pop", none).runId;
    const auto knn = trainRun(*project, dataset, quick("itemknn"), "itemknn", none).runId;
    EvaluationOptions o;
    const auto ePop = evaluateRun(*project, pop, o, none);
    const auto eKnn = evaluateRun(*project, knn, o, none);
    QCOMPARE(ePop.users.size(), std::size_t(943));
    for (const auto *name : {"HR@10", "NDCG@10", "Coverage@10", "Gini@10", "Tail@10", "Personalization@10", "ILD@10", "Novelty@10"})
        qInfo("ML-100K full ranking %s: popularity %.4f, item-kNN %.4f", name, ePop.table.values.at(name), eKnn.table.values.at(name));
    // Popularity: the same blockbusters for everyone (minus what each has seen): ~5% of the catalog.
    QVERIFY(ePop.table.values.at("Coverage@10") < 0.1);
    QVERIFY(ePop.table.values.at("Gini@10") > 0.95);
    QVERIFY(ePop.table.values.at("Tail@10") == 0);
    // Item-kNN personalises: more of the catalog, more accurate on the same users.
    QVERIFY(eKnn.table.values.at("Coverage@10") > 2 * ePop.table.values.at("Coverage@10"));
    QVERIFY(eKnn.table.values.at("Novelty@10") > ePop.table.values.at("Novelty@10"));
    QVERIFY(eKnn.table.values.at("Personalization@10") > ePop.table.values.at("Personalization@10"));
    QVERIFY(ePop.table.values.count("ILD@10")); // MovieLens genres
    // On 943 users the accuracy gain (0.085 -> 0.102 HR@10) is within noise, the novelty gain is not:
    // the tests say which differences are real.
    const auto c = compare({ePop, eKnn});
    for (const auto &m : c.metrics) {
        if (m.metric == "HR@10")
            QVERIFY2(m.values[1] > m.values[0] && m.tTestP[1] > 0.01 && m.tTestP[1] < 1,
                     qPrintable(QStringLiteral("pop %1, item-kNN %2, p %3").arg(m.values[0]).arg(m.values[1]).arg(m.tTestP[1])));
        if (m.metric == "Novelty@10")
            QVERIFY(m.tTestP[1] < 1e-6 && m.wilcoxonP[1] < 1e-6);
    }
}

void TestEvaluation::temporalAndRandomSplits() {
    NullProgress none;
    // Random split on the demo: every user keeps most of the history; all test items count.
    auto random = quick("itemknn");
    random.split = SplitKind::Random;
    const auto run = trainRun(*m_project, m_dataset, random, "itemknn random", none);
    QCOMPARE(run.status, recscope::engine::RunStatus::Finished);
    EvaluationOptions o;
    o.protocol = "random";
    o.store = false;
    const auto e = evaluateRun(*m_project, run.runId, o, none);
    QCOMPARE(e.protocol, std::string("random"));
    QVERIFY(e.table.values.count("Recall@10"));
    QVERIFY(e.table.values.at("Recall@10") > 0 && e.table.values.at("Recall@10") < e.table.values.at("HR@10"));
    QVERIFY(e.table.values.at("Precision@10") > 0.1 * e.table.values.at("HR@10"));
    o.protocol = "loo-full";
    QVERIFY_THROWS_EXCEPTION(EngineError, evaluateRun(*m_project, run.runId, o, none));
    o.protocol = "random-sampled-uniform-100"; // the first test item, as at the end of training
    o.seed = random.seed;
    const auto sampled = evaluateRun(*m_project, run.runId, o, none);
    QVERIFY(std::abs(sampled.table.values.at("NDCG@10") - run.test.ndcg10) < 1e-5);

    // Without timestamps there is no temporal split: refused before a run is stored.
    {
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("plain.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("user,item\na,x\na,y\na,z\nb,x\nb,z\nb,y\n");
        csv.close();
        auto project = Project::openOrCreate(dir.filePath(QStringLiteral("p.recscope")).toStdString());
        ImportRequest plain;
        plain.format = "csv";
        plain.path = csv.fileName().toStdString();
        plain.mapping = {{"user", "user"}, {"item", "item"}};
        const auto dataset = importDataset(*project, plain, none).datasetId;
        auto c = quick("pop");
        c.split = SplitKind::Temporal;
        try {
            trainRun(*project, dataset, c, "pop", none);
            QFAIL("a temporal split without timestamps was accepted");
        } catch (const EngineError &e) {
            QCOMPARE(e.kind(), ErrorKind::Usage);
            QVERIFY(e.message().find("timestamps") != std::string::npos);
        }
        QVERIFY(RunStore(*project).runs().empty());
    }

    // Temporal split on the demo: only users active after the global cut are tested, on every
    // item they took after it.
    auto demoTemporal = quick("pop");
    demoTemporal.split = SplitKind::Temporal;
    o.protocol = "temporal";
    const auto cut = evaluateRun(*m_project, trainRun(*m_project, m_dataset, demoTemporal, "pop temporal", none).runId, o, none);
    const auto demoUsers = static_cast<std::size_t>(m_project->dataset(m_dataset)->users);
    qInfo("demo temporal split: %zu of %zu users tested, Recall@10 %.4f", cut.users.size(), demoUsers, cut.table.values.at("Recall@10"));
    QVERIFY(cut.users.size() > demoUsers / 10 && cut.users.size() < demoUsers);
    QVERIFY(cut.table.values.at("Recall@10") > 0 && cut.table.values.at("Recall@10") <= cut.table.values.at("HR@10"));

    // The same on MovieLens-100K, whose users come and go over seven months.
    RECSCOPE_REQUIRE_SHARED("ml-100k");
    QTemporaryDir dir;
    auto project = Project::openOrCreate(dir.filePath(QStringLiteral("t.recscope")).toStdString());
    ImportRequest r;
    r.format = "movielens-100k";
    r.path = recscope::test::str(sharedPath);
    const auto dataset = importDataset(*project, r, none).datasetId;
    auto temporal = quick("pop");
    temporal.split = SplitKind::Temporal;
    const auto pop = trainRun(*project, dataset, temporal, "pop temporal", none).runId;
    o.protocol = "temporal";
    const auto t = evaluateRun(*project, pop, o, none);
    qInfo("ML-100K temporal split (last 20%% of interactions by time): %zu test users, Recall@10 %.4f, NDCG@10 %.4f",
          t.users.size(), t.table.values.at("Recall@10"), t.table.values.at("NDCG@10"));
    QVERIFY(t.users.size() > 50 && t.users.size() < 943);
    QVERIFY(t.table.values.at("NDCG@10") > 0);
}

void TestEvaluation::crossValidationHoldsUsersOut() {
    NullProgress none;
    int seen = 0;
    auto config = quick("sasrec");
    config.epochs = 3;
    const auto cv = crossValidate(*m_project, m_dataset, config, "sasrec cv", 3, {10}, none,
                                  [&](int fold, const Evaluation &e) {
                                      QCOMPARE(fold, seen++);
                                      QCOMPARE(e.protocol, std::string("kfold"));
                                  });
    QCOMPARE(seen, 3);
    QCOMPARE(cv.runIds.size(), std::size_t(3));
    // Every user is tested in exactly one fold.
    std::set<std::int64_t> users;
    std::size_t total = 0;
    for (const auto &e : cv.folds) {
        users.insert(e.users.begin(), e.users.end());
        total += e.users.size();
    }
    QCOMPARE(total, std::size_t(500));
    QCOMPARE(users.size(), std::size_t(500));
    double sum = 0;
    for (const auto &e : cv.folds)
        sum += e.table.values.at("NDCG@10");
    QVERIFY(std::abs(cv.mean.at("NDCG@10") - sum / 3) < 1e-12);
    QVERIFY(cv.sd.at("NDCG@10") >= 0);
    QVERIFY(cv.mean.at("NDCG@10") > 0);
    // Held-out users are scored from their own history, as at the end of training.
    const auto run = RunStore(*m_project).run(cv.runIds[1]);
    EvaluationOptions o;
    o.protocol = "kfold-sampled-uniform-100";
    o.seed = quick("sasrec").seed;
    o.store = false;
    const auto sampled = evaluateRun(*m_project, cv.runIds[1], o, none);
    const double stored = QJsonDocument::fromJson(QByteArray::fromStdString(run->metricsJson))
                              .object().value(QStringLiteral("test")).toObject().value(QStringLiteral("NDCG@10")).toDouble();
    QVERIFY(std::abs(sampled.table.values.at("NDCG@10") - stored) < 1e-5);
    // BPR-MF cannot score users it never trained on.
    QVERIFY_THROWS_EXCEPTION(EngineError, crossValidate(*m_project, m_dataset, quick("bprmf"), "bpr cv", 3, {10}, none));
}

void TestEvaluation::mmrByHand() {
    // Items 0 and 1 are near duplicates; 2 is unlike both but scored lowest.
    const auto similar = [](std::int32_t a, std::int32_t b) { return (a == 0 && b == 1) || (a == 1 && b == 0) ? 1.0 : 0.0; };
    const std::vector<std::int32_t> candidates{0, 1, 2};
    const std::vector<float> scores{1.0f, 0.9f, 0.5f};
    QCOMPARE(mmrRerank(candidates, scores, 2, 1.0, similar), (std::vector<std::int32_t>{0, 1}));
    // lambda 0.5: after 0, item 1 is worth 0.5 x 0.8 - 0.5 x 1 = -0.1, item 2 0.5 x 0 - 0 = 0.
    QCOMPARE(mmrRerank(candidates, scores, 2, 0.5, similar), (std::vector<std::int32_t>{0, 2}));
    QCOMPARE(mmrRerank(candidates, scores, 2, 0.0, similar), (std::vector<std::int32_t>{0, 2}));
    QCOMPARE(mmrRerank(candidates, scores, 5, 1.0, similar).size(), std::size_t(3));

    // Calibrated re-ranking: items 0 and 1 are genre A, item 2 genre B; the history is half A,
    // half B. A list of A alone has KL 0.5 log2(0.5 / 0.995) + 0.5 log2(0.5 / 0.005) = 2.8255.
    const std::vector<std::vector<std::int32_t>> genres{{0}, {0}, {1}};
    const std::map<std::int32_t, double> half{{0, 0.5}, {1, 0.5}};
    QCOMPARE(calibratedRerank(candidates, scores, 2, 1.0, half, genres), (std::vector<std::int32_t>{0, 1}));
    // lambda 0.5, second pick: item 1 is worth 0.5 x 1.8 - 0.5 x 2.8255 < 0, item 2 0.5 x 1 - 0 (the mix matches).
    QCOMPARE(calibratedRerank(candidates, scores, 2, 0.5, half, genres), (std::vector<std::int32_t>{0, 2}));
    // lambda 0.9: 0.9 x 1.8 - 0.1 x 2.8255 = 1.34 beats 0.9 x 1 = 0.9.
    QCOMPARE(calibratedRerank(candidates, scores, 2, 0.9, half, genres), (std::vector<std::int32_t>{0, 1}));
}

void TestEvaluation::mmrTradesAccuracyForDiversity() {
    NullProgress none;
    MmrOptions o;
    o.lambdas = {0.0, 0.5, 1.0};
    const auto points = mmrTradeoff(*m_project, m_sasrec, o, none);
    QCOMPARE(points.size(), std::size_t(3));
    EvaluationOptions e;
    e.store = false;
    e.ks = {10};
    const auto full = evaluateRun(*m_project, m_sasrec, e, none);
    // lambda = 1 is the model's own list.
    QVERIFY(std::abs(points[2].ndcg - full.table.values.at("NDCG@10")) < 0.01);
    QVERIFY(std::abs(points[2].ild - full.table.values.at("ILD@10")) < 1e-9);
    // Pure diversity: more varied lists, no more accurate.
    QVERIFY2(points[0].ild > points[2].ild, qPrintable(QStringLiteral("%1 vs %2").arg(points[0].ild).arg(points[2].ild)));
    QVERIFY(points[0].ndcg <= points[2].ndcg + 1e-9);
    o.similarity = "cooc";
    QVERIFY(mmrTradeoff(*m_project, m_sasrec, o, none)[0].ild > 0);
    o.k = 60; // more than the pool
    QVERIFY_THROWS_EXCEPTION(EngineError, mmrTradeoff(*m_project, m_sasrec, o, none));
    // Calibrated: the lists come closer to each user's genre mix as lambda falls.
    MmrOptions c;
    c.method = "calibrated";
    c.lambdas = {0.0, 1.0};
    const auto calibrated = mmrTradeoff(*m_project, m_sasrec, c, none);
    qInfo("calibrated re-ranking: Miscal@10 %.4f -> %.4f, NDCG@10 %.4f -> %.4f", calibrated[1].miscalibration, calibrated[0].miscalibration,
          calibrated[1].ndcg, calibrated[0].ndcg);
    QVERIFY(std::abs(calibrated[1].miscalibration - full.table.values.at("Miscal@10")) < 1e-9);
    QVERIFY(calibrated[0].miscalibration < 0.5 * calibrated[1].miscalibration);
    c.method = "fair";
    QVERIFY_THROWS_EXCEPTION(EngineError, mmrTradeoff(*m_project, m_sasrec, c, none));
}

QTEST_GUILESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
