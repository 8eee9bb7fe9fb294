// SPDX-License-Identifier: GPL-3.0-or-later
// Diagnostics with known answers: the order verdict on data whose next item follows from the
// previous one against the same items in random order, leakage planted before the training cut,
// repeats and duplicates counted exactly.
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/datasetdraft.h"
#include "engine/evaluation/diagnostics.h"
#include "engine/evaluation/evaluation.h"
#include "engine/store/project.h"
#include "engine/training/trainer.h"
#include "demofixture.h"

#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace recscope::engine;

class TestDiagnostics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void orderSeparatesAChainFromABagOfItems();
    void leakagePlantedBeforeTheCut();
    void repeatsAndDuplicates();
    void matchesTheStoredEvaluation();
    void refusals();

private:
    std::int64_t train(const std::string &model, std::int64_t dataset, std::map<std::string, std::string> set = {});
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
};

namespace {

// Users' sequences over 120 items: with `chain`, the next item is the previous one plus one
// (nine times in ten); without, each user's same items in a random order (the same item counts).
std::vector<std::vector<int>> sequences(bool chain) {
    std::mt19937_64 rng(11);
    constexpr int kItems = 120;
    std::vector<std::vector<int>> out;
    for (int u = 0; u < 400; ++u) {
        std::vector<int> s{static_cast<int>(rng() % kItems)};
        while (s.size() < 25) {
            const bool follow = std::uniform_real_distribution<double>(0, 1)(rng) < 0.9;
            s.push_back(follow ? (s.back() + 1) % kItems : static_cast<int>(rng() % kItems));
        }
        if (!chain)
            std::shuffle(s.begin(), s.end(), rng);
        out.push_back(std::move(s));
    }
    return out;
}

std::int64_t store(Project &project, const std::string &name, const std::vector<std::vector<int>> &users,
                   const std::function<std::int64_t(int user, int position)> &time) {
    DatasetDraft d;
    for (int u = 0; u < static_cast<int>(users.size()); ++u) {
        const auto user = d.internUser("u" + std::to_string(u));
        d.users[static_cast<std::size_t>(user)].externalId = "u" + std::to_string(u);
        for (int k = 0; k < static_cast<int>(users[static_cast<std::size_t>(u)].size()); ++k)
            d.add(user, d.internItem("i" + std::to_string(users[static_cast<std::size_t>(u)][static_cast<std::size_t>(k)])), 4.0f, time(u, k));
    }
    d.hasTimestamps = true;
    return recscope::test::storeDraft(project, d, name);
}

} // namespace

void TestDiagnostics::initTestCase() { m_project = Project::openOrCreate(m_dir.filePath(QStringLiteral("d.recscope")).toStdString()); }

std::int64_t TestDiagnostics::train(const std::string &model, std::int64_t dataset, std::map<std::string, std::string> set) {
    set.emplace("threads", "2");
    NullProgress none;
    const auto r = trainRun(*m_project, dataset, TrainConfig::parse(model, set), model, none);
    if (r.status != RunStatus::Finished)
        return 0;
    return r.runId;
}

void TestDiagnostics::orderSeparatesAChainFromABagOfItems() {
    const std::map<std::string, std::string> sasrec = {{"maxlen", "20"}, {"hidden", "32"}, {"epochs", "12"}, {"loss", "ce"},
                                                       {"lr", "0.005"}, {"dropout", "0.1"}, {"patience", "0"}};
    NullProgress none;
    DiagnoseOptions o;
    Diagnosis verdict[2];
    for (const bool chain : {true, false}) {
        const auto dataset = store(*m_project, chain ? "chain" : "bag", sequences(chain), [](int u, int k) { return 1000LL * u + k; });
        const auto run = train("sasrec", dataset, sasrec);
        QVERIFY(run > 0);
        verdict[chain ? 0 : 1] = diagnose(*m_project, run, o, none);
    }
    const auto &c = verdict[0].sequentiality, &b = verdict[1].sequentiality;
    qInfo("chain: NDCG@10 %.3f, shuffled %.3f, reversed %.3f, drop %.3f [%.3f, %.3f]", c.ndcg, c.ndcgShuffled, c.ndcgReversed, c.drop,
          c.dropLow, c.dropHigh);
    qInfo("bag:   NDCG@10 %.3f, shuffled %.3f, reversed %.3f, drop %.3f [%.3f, %.3f]", b.ndcg, b.ndcgShuffled, b.ndcgReversed, b.drop,
          b.dropLow, b.dropHigh);
    QCOMPARE(c.users, std::int64_t(400));
    QVERIFY(c.usesOrder);               // a significant drop
    QVERIFY(c.ndcgReversed < c.ndcg);
    QVERIFY(!b.usesOrder);              // none
    QVERIFY(b.dropLow <= 0 && b.dropHigh >= 0);
}

void TestDiagnostics::leakagePlantedBeforeTheCut() {
    // Users 1..199 take an item every 100 s, all by time 1,200; user 0 keeps on until 10^6. Under
    // leave-one-out every test interaction but user 0's is older than user 0's latest training
    // interaction.
    std::mt19937_64 rng(3);
    std::vector<std::vector<int>> users(200);
    for (auto &s : users)
        for (int k = 0; k < 12; ++k)
            s.push_back(static_cast<int>(rng() % 50));
    const auto dataset = store(*m_project, "leaky", users, [](int u, int k) {
        return u == 0 ? 1000000LL + k : 100LL * k + u % 100;
    });
    const auto run = train("pop", dataset);
    NullProgress none;
    const auto d = diagnose(*m_project, run, DiagnoseOptions{}, none);
    const auto &l = d.leakage;
    QVERIFY(l.timestamps);
    QCOMPARE(l.testInteractions, std::int64_t(200));
    QCOMPARE(l.latestTraining, std::int64_t(1000000 + 9)); // user 0's tenth item; the 11th validates, the 12th tests
    QCOMPARE(l.testBeforeCutShare, 199.0 / 200.0);         // every planted one
    // The global temporal split's last fifth (from k = 9 on, and user 0's): the run trained on
    // some of it.
    qInfo("trained after the temporal cut: %.3f; temporal cases %lld", l.trainedAfterCutShare, static_cast<long long>(l.temporalUsers));
    QVERIFY(l.trainedAfterCutShare > 0.02);
    QVERIFY(l.temporalUsers >= 150); // users whose items after the cut are all repeats have no case
    // A temporal run of the same data leaks nothing.
    const auto temporal = train("pop", dataset, {{"split", "temporal"}});
    const auto t = diagnose(*m_project, temporal, DiagnoseOptions{}, none);
    QCOMPARE(t.split, std::string("temporal"));
    QCOMPARE(t.leakage.testBeforeCutShare, 0.0);
    QCOMPARE(t.leakage.trainedAfterCutShare, 0.0); // the same cut
}

void TestDiagnostics::repeatsAndDuplicates() {
    // 100 users; the first 30 take their test item (the last) earlier as well; the first 10
    // have one interaction twice at the same time. Item 999 is only ever a test item (user 99).
    std::vector<std::vector<int>> users(100);
    for (int u = 0; u < 100; ++u) {
        for (int k = 0; k < 8; ++k)
            users[static_cast<std::size_t>(u)].push_back((u + k) % 40);
        users[static_cast<std::size_t>(u)].push_back(u < 30 ? users[static_cast<std::size_t>(u)][2] : u == 99 ? 999 : (u + 20) % 40);
    }
    DatasetDraft d;
    for (int u = 0; u < 100; ++u) {
        const auto user = d.internUser("u" + std::to_string(u));
        d.users[static_cast<std::size_t>(user)].externalId = "u" + std::to_string(u);
        const auto &s = users[static_cast<std::size_t>(u)];
        for (int k = 0; k < static_cast<int>(s.size()); ++k) {
            d.add(user, d.internItem("i" + std::to_string(s[static_cast<std::size_t>(k)])), 4.0f, 1000LL * u + k);
            if (u < 10 && k == 3)
                d.add(user, d.internItem("i" + std::to_string(s[3])), 4.0f, 1000LL * u + k); // the same again
        }
    }
    d.hasTimestamps = true;
    const auto dataset = recscope::test::storeDraft(*m_project, d, "repeats");
    const auto run = train("pop", dataset);
    NullProgress none;
    const auto r = diagnose(*m_project, run, DiagnoseOptions{}, none).repeats;
    QCOMPARE(r.testCases, std::int64_t(100));
    QCOMPARE(r.testItemInUserTrainingShare, 0.30);
    QCOMPARE(r.testItemNeverTrainedShare, 0.01);
    QCOMPARE(r.duplicateInteractions, std::int64_t(10));
}

void TestDiagnostics::matchesTheStoredEvaluation() {
    // NDCG@10 as read is the full-ranking evaluation's.
    std::unique_ptr<Project> demo;
    const auto dataset = recscope::test::writeDemo(m_dir, QStringLiteral("demo.recscope"), 300, 120, 10, demo);
    NullProgress none;
    const auto r = trainRun(*demo, dataset, TrainConfig::parse("itemknn", {}), "itemknn", none);
    const auto d = diagnose(*demo, r.runId, DiagnoseOptions{}, none);
    EvaluationOptions e;
    e.store = false;
    const auto full = evaluateRun(*demo, r.runId, e, none);
    QVERIFY(std::abs(d.sequentiality.ndcg - full.table.values.at("NDCG@10")) < 1e-9);
    // Item-kNN reads a history as a set: shuffling and reversing change nothing.
    QCOMPARE(d.sequentiality.drop, 0.0);
    QVERIFY(!d.sequentiality.usesOrder);
}

void TestDiagnostics::refusals() {
    NullProgress none;
    DiagnoseOptions o;
    QVERIFY_THROWS_EXCEPTION(EngineError, diagnose(*m_project, 9999, o, none));
    o.k = 0;
    QVERIFY_THROWS_EXCEPTION(EngineError, diagnose(*m_project, 1, o, none));
}

QTEST_GUILESS_MAIN(TestDiagnostics)
#include "tst_diagnostics.moc"
