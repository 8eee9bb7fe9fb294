// SPDX-License-Identifier: GPL-3.0-or-later
// The splits on a small dataset whose every case is known: leave-one-out, temporal, random
// (one fixed draw), k-fold by user and cold start.
#include "engine/data/datasetdraft.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/data/split.h"

#include <QTemporaryDir>
#include <QTest>

#include "demofixture.h"

#include <set>

using namespace recscope::engine;
namespace d = recscope::engine::detail;

class TestSplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void leaveOneOutTakesTheLastTwo();
    void temporalCutsAtOneTime();
    void randomIsOneFixedDraw();
    void kfoldHoldsUsersOutWhole();
    void coldItemsNeverTrain();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    std::int64_t m_dataset = 0;
};

// 40 users with 6 items each: user u takes item (u + k) % 30 at time 1000 k + u, so the k-th
// items of all users come before the (k + 1)-th.
void TestSplit::initTestCase() {
    m_project = Project::openOrCreate(m_dir.filePath(QStringLiteral("s.recscope")).toStdString());
    DatasetDraft draft;
    for (int i = 0; i < 30; ++i) {
        auto &item = draft.item("i" + std::to_string(i));
        item.inCatalog = true;
        item.title = "item " + std::to_string(i);
    }
    for (int u = 0; u < 40; ++u) {
        const auto user = draft.internUser("u" + std::to_string(u));
        draft.users[static_cast<std::size_t>(user)].externalId = "u" + std::to_string(u);
        for (int k = 0; k < 6; ++k)
            draft.add(user, draft.internItem("i" + std::to_string((u + k) % 30)), 4.0f, 1000 * k + u);
    }
    draft.hasRatings = draft.hasTimestamps = true;
    m_dataset = recscope::test::storeDraft(*m_project, draft, "six");
}

void TestSplit::leaveOneOutTakesTheLastTwo() {
    const auto s = d::leaveOneOut(*m_project, m_dataset);
    QCOMPARE(s.train.size(), std::size_t(40));
    for (std::size_t u = 0; u < 40; ++u) {
        std::vector<std::int32_t> history;
        for (const auto &e : m_project->timeline(m_dataset, static_cast<std::int64_t>(u)))
            history.push_back(static_cast<std::int32_t>(e.item) + 1); // splits count items from 1
        QCOMPARE(s.test[u], history[5]);
        QCOMPARE(s.valid[u], history[4]);
        QCOMPARE(s.train[u], std::vector<std::int32_t>(history.begin(), history.begin() + 4));
        for (auto x : history)
            QVERIFY(s.seen[u].count(x));
    }
}

void TestSplit::temporalCutsAtOneTime() {
    const auto s = d::temporalSplit(*m_project, m_dataset, 0.2);
    // A fifth of 240 interactions after one global time: every user's sixth item (40) and the
    // fifth items of the last eight users (times 4032-4039).
    std::size_t tested = 0;
    for (std::size_t u = 0; u < 40; ++u) {
        QCOMPARE(s.testSets[u].size(), std::size_t(u >= 32 ? 2 : 1));
        QCOMPARE(s.train[u].size(), std::size_t(u >= 32 ? 3 : 4)); // the last kept item validates
        QVERIFY(s.valid[u] != 0);
        tested += s.testSets[u].size();
    }
    QCOMPARE(tested, std::size_t(48));
}

void TestSplit::randomIsOneFixedDraw() {
    const auto a = d::randomSplit(*m_project, m_dataset, 0.25), b = d::randomSplit(*m_project, m_dataset, 0.25);
    QCOMPARE(a.testSets, b.testSets);
    std::size_t tested = 0;
    for (const auto &t : a.testSets)
        tested += t.size();
    QVERIFY2(tested > 30 && tested < 90, qPrintable(QString::number(tested))); // about a quarter of 240
}

void TestSplit::kfoldHoldsUsersOutWhole() {
    std::vector<int> heldOut(40, 0);
    for (int fold = 0; fold < 5; ++fold) {
        const auto s = d::kfoldSplit(*m_project, m_dataset, 5, fold);
        for (std::size_t u = 0; u < 40; ++u)
            if (s.train[u].empty()) { // held out: scored from the rest of their history
                ++heldOut[u];
                QCOMPARE(s.context[u].size(), std::size_t(5));
                QVERIFY(s.test[u] != 0);
            }
    }
    QCOMPARE(heldOut, std::vector<int>(40, 1)); // every user in exactly one fold
}

void TestSplit::coldItemsNeverTrain() {
    const auto s = d::coldStart(*m_project, m_dataset);
    std::set<std::int32_t> cold;
    for (std::size_t i = 0; i < s.heldOut.size(); ++i)
        if (s.heldOut[i])
            cold.insert(static_cast<std::int32_t>(i));
    QVERIFY(!cold.empty());
    for (const auto &train : s.train)
        for (auto x : train)
            QVERIFY(!cold.count(x));
    for (auto x : s.trainPool.items)
        QVERIFY(!cold.count(x)); // not even as negatives
    for (std::size_t u = 0; u < 40; ++u)
        if (s.test[u] != 0)
            QVERIFY(cold.count(s.test[u]));
}

QTEST_GUILESS_MAIN(TestSplit)
#include "tst_split.moc"
