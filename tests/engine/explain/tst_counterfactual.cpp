// SPDX-License-Identifier: GPL-3.0-or-later
// Smallest counterfactuals: the search against brute force on games and on a real SASRec, its
// budget, and planted triggers found as the one item whose removal undoes their target.
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/evaluation/runscorer.h"
#include "engine/explain/counterfactual.h"
#include "engine/explain/explain.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/training/trainer.h"
#include "demofixture.h"
#include "plantedcauses.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <random>

using namespace recscope::engine;
using namespace recscope::test;

class TestCounterfactual : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exactAgreesWithBruteForce();
    void beamOnLongerGames();
    void budgetSaysHowFarItSearched();
    void agreesWithBruteForceOnAModel();
    void plantedTriggersAreTheSmallestChange();
    void nothingToUndo();
    void refusals();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    std::int64_t m_dataset = 0, m_run = 0;
};

namespace {

// A game in which a target competes with five other items; each score is a base, a weight per
// present player and, for some pairs of players, a bonus when both are present.
struct Game {
    int players = 0;
    std::vector<double> base;                  // [item], item 0 the target
    std::vector<std::vector<double>> weight;   // [item][player]
    std::vector<std::tuple<int, int, int, double>> pairs; // item, player, player, bonus

    ChangeOutcome outcome(const std::vector<char> &removed) const {
        std::vector<double> score = base;
        for (std::size_t item = 0; item < base.size(); ++item)
            for (int p = 0; p < players; ++p)
                if (!removed[static_cast<std::size_t>(p)])
                    score[item] += weight[item][static_cast<std::size_t>(p)];
        for (const auto &[item, a, b, bonus] : pairs)
            if (!removed[static_cast<std::size_t>(a)] && !removed[static_cast<std::size_t>(b)])
                score[static_cast<std::size_t>(item)] += bonus;
        ChangeOutcome o;
        double best = -1e300;
        for (std::size_t j = 1; j < score.size(); ++j) {
            o.rank += score[j] > score[0];
            if (score[j] > best)
                best = score[j], o.top = static_cast<std::int64_t>(j);
        }
        o.margin = score[0] - best;
        if (o.margin > 0)
            o.top = 0;
        return o;
    }
    RemovalValue value(std::int64_t *calls = nullptr) const {
        return [this, calls](const std::vector<std::vector<char>> &sets) {
            std::vector<ChangeOutcome> out;
            for (const auto &s : sets)
                out.push_back(outcome(s));
            if (calls)
                *calls += static_cast<std::int64_t>(sets.size());
            return out;
        };
    }
};

// The target leads, mostly because of a few players: removing them lets the others through.
Game randomGame(int players, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> g(0, 1);
    Game game;
    game.players = players;
    for (int item = 0; item < 6; ++item) {
        game.base.push_back(item == 0 ? 0.0 : 0.5 * g(rng));
        game.weight.emplace_back();
        for (int p = 0; p < players; ++p)
            game.weight.back().push_back(item == 0 ? std::abs(g(rng)) * 0.6 : 0.25 * g(rng));
    }
    for (int k = 0; k < players / 2; ++k)
        game.pairs.emplace_back(static_cast<int>(rng() % 6), static_cast<int>(rng() % static_cast<std::uint64_t>(players)),
                                static_cast<int>(rng() % static_cast<std::uint64_t>(players)), g(rng));
    return game;
}

// Brute force: the smallest removal that pushes the target below top K, and the furthest rank a
// removal of that size reaches (-1 and 0 when none does).
std::pair<int, std::int64_t> bruteForce(const Game &game, int topK) {
    int smallest = -1;
    std::int64_t furthest = 0;
    for (std::uint32_t mask = 1; mask < (1u << game.players); ++mask) {
        std::vector<char> removed(static_cast<std::size_t>(game.players));
        for (int p = 0; p < game.players; ++p)
            removed[static_cast<std::size_t>(p)] = (mask >> p) & 1;
        const int size = __builtin_popcount(mask);
        const auto o = game.outcome(removed);
        if (o.rank <= topK || (smallest >= 0 && size > smallest))
            continue;
        if (smallest < 0 || size < smallest)
            smallest = size, furthest = 0;
        furthest = std::max(furthest, o.rank);
    }
    return {smallest, furthest};
}

std::vector<char> asSet(const RemovalSearch &s, int players) {
    std::vector<char> set(static_cast<std::size_t>(players), 0);
    for (auto p : s.removed)
        set[static_cast<std::size_t>(p)] = 1;
    return set;
}

} // namespace

void TestCounterfactual::initTestCase() {
    m_dataset = writePlantedCauses(m_dir.filePath(QStringLiteral("causes.recscope")).toStdString(), m_project);
    // The planted-cause SASRec of tst_explain: it learns every rule.
    const auto c = TrainConfig::parse("sasrec", {{"maxlen", "10"}, {"hidden", "32"}, {"dropout", "0.1"}, {"loss", "ce"}, {"patience", "0"},
                                                 {"threads", "2"}, {"lr", "0.005"}, {"epochs", "30"}, {"batch_size", "32"}});
    NullProgress none;
    const auto r = trainRun(*m_project, m_dataset, c, "sasrec", none);
    QCOMPARE(r.status, RunStatus::Finished);
    m_run = r.runId;
}

void TestCounterfactual::exactAgreesWithBruteForce() {
    int withAnswer = 0;
    for (int topK : {1, 2})
        for (std::uint64_t seed = 1; seed <= 60; ++seed) {
            const int players = 3 + static_cast<int>(seed % 8); // 3 to 10
            const auto game = randomGame(players, seed);
            if (game.outcome(std::vector<char>(static_cast<std::size_t>(players), 0)).rank > topK)
                continue; // the target is not there to begin with
            CounterfactualOptions o;
            o.topK = topK;
            std::int64_t calls = 0;
            const auto s = smallestRemoval(players, game.value(&calls), {}, o);
            const auto [smallest, furthest] = bruteForce(game, topK);
            QCOMPARE(s.method, std::string("exact"));
            QCOMPARE(s.evaluations, calls);
            QCOMPARE(s.found, smallest >= 0);
            if (smallest < 0) {
                QCOMPARE(s.searchedUpTo, players);
                continue;
            }
            ++withAnswer;
            QCOMPARE(static_cast<int>(s.removed.size()), smallest);
            QCOMPARE(s.outcome.rank, furthest);                        // the furthest push among the smallest
            QCOMPARE(game.outcome(asSet(s, players)).rank, s.outcome.rank); // the set reported is the one scored
            QVERIFY(s.outcome.rank > topK);
            QCOMPARE(s.searchedUpTo, smallest - 1);
        }
    qInfo("exact search matched brute force on %d games with an answer", withAnswer);
    QVERIFY(withAnswer >= 40);
}

void TestCounterfactual::beamOnLongerGames() {
    // Beyond exactUpTo the beam answers: every answer works, none is smaller than brute force's,
    // and with the attributions' guide most are the smallest.
    int games = 0, smallestFound = 0;
    for (std::uint64_t seed = 100; seed < 140; ++seed) {
        const int players = 12;
        const auto game = randomGame(players, seed);
        if (game.outcome(std::vector<char>(players, 0)).rank > 1)
            continue;
        const auto [smallest, furthest] = bruteForce(game, 1);
        if (smallest < 0)
            continue;
        (void)furthest;
        // The guide: each player's weight for the target (a stand-in for its attribution).
        CounterfactualOptions o;
        o.exactUpTo = 8;
        const auto s = smallestRemoval(players, game.value(), game.weight[0], o);
        QCOMPARE(s.method, std::string("beam"));
        QVERIFY(s.found);
        QVERIFY(static_cast<int>(s.removed.size()) >= smallest);
        QVERIFY(game.outcome(asSet(s, players)).rank > 1);
        ++games;
        smallestFound += static_cast<int>(s.removed.size()) == smallest;
    }
    qInfo("beam search: the smallest removal in %d of %d games of 12 players", smallestFound, games);
    QVERIFY(games >= 15);
    QVERIFY(smallestFound >= 0.9 * games);
}

void TestCounterfactual::budgetSaysHowFarItSearched() {
    // Ten players, of which the target needs three removed: 10 + 45 sets of one and two players
    // fit a budget of 100, the 120 sets of three do not.
    Game game;
    game.players = 10;
    game.base = {0, 0.5};
    game.weight = {std::vector<double>(10, 0.0), std::vector<double>(10, 0.0)};
    for (int p = 0; p < 4; ++p)
        game.weight[0][static_cast<std::size_t>(p)] = 0.3; // 1.2 against 0.5: two removed leave 0.6, three 0.3
    CounterfactualOptions o;
    o.maxEvaluations = 100;
    auto s = smallestRemoval(10, game.value(), {}, o);
    QVERIFY(!s.found);
    QCOMPARE(s.searchedUpTo, 2);
    QCOMPARE(s.evaluations, std::int64_t(55));
    o.maxEvaluations = 1000;
    s = smallestRemoval(10, game.value(), {}, o);
    QVERIFY(s.found);
    QCOMPARE(s.removed.size(), std::size_t(3));
    o.maxSize = 2; // a size limit instead of a budget
    s = smallestRemoval(10, game.value(), {}, o);
    QVERIFY(!s.found);
    QCOMPARE(s.searchedUpTo, 2);
}

void TestCounterfactual::agreesWithBruteForceOnAModel() {
    // A real user's real history: the search on the model agrees with scoring every removal from
    // the last seven items whole, through recommend().
    NullProgress none;
    auto scorer = RunScorer::load(*m_project, m_run);
    Explainer explainer(*m_project, m_run);
    int compared = 0, withAnswer = 0;
    for (std::int64_t user = 1; user < 400 && compared < 12; user += 7) {
        const auto top = explainer.recommend(user, 1).front().first;
        std::vector<std::int64_t> history;
        for (const auto &e : m_project->timeline(m_dataset, user))
            history.push_back(e.item);
        const int n = 7;
        int smallest = -1;
        for (std::uint32_t mask = 1; mask < (1u << n); ++mask) {
            const int size = __builtin_popcount(mask);
            if (smallest >= 0 && size >= smallest)
                continue;
            auto edited = history;
            for (int p = n - 1; p >= 0; --p)
                if ((mask >> p) & 1)
                    edited.erase(edited.begin() + static_cast<long>(history.size()) - n + p);
            if (recommend(*m_project, *scorer, m_dataset, user, 1, edited).front().first != top)
                smallest = size;
        }
        ExplainOptions o;
        o.window = n;
        o.faithfulness = false;
        o.counterfactual = CounterfactualOptions{};
        o.counterfactual->replacements = 0;
        const auto e = explainer.explain(user, top, o, none);
        const auto &c = e.counterfactual;
        QVERIFY(c.computed);
        QCOMPARE(c.search, std::string("exact"));
        QCOMPARE(c.found, smallest >= 0);
        ++compared;
        if (!c.found)
            continue;
        ++withAnswer;
        QCOMPARE(static_cast<int>(c.removed.size()), smallest);
        QVERIFY(c.verified);
        // The same change, made by hand, gives the item and the new top the search reports.
        auto edited = history;
        for (auto it = c.removedPositions.rbegin(); it != c.removedPositions.rend(); ++it)
            edited.erase(edited.begin() + *it);
        const auto after = recommend(*m_project, *scorer, m_dataset, user, static_cast<int>(c.rankAfter), edited);
        QCOMPARE(after.front().first, c.newTop);
        QCOMPARE(after.back().first, top);
    }
    qInfo("search and brute force agree on %d users (%d with a removal that works)", compared, withAnswer);
    QVERIFY(withAnswer >= 5);
}

void TestCounterfactual::plantedTriggersAreTheSmallestChange() {
    // Histories with one trigger whose target is on top: taking the trigger out is the smallest
    // change in >= 90% of the cases (other items may do it too: then the search must still find
    // a single item, and the trigger pushes the target furthest).
    NullProgress none;
    Explainer explainer(*m_project, m_run);
    std::mt19937_64 rng(2024);
    int cases = 0, triggerAlone = 0, found = 0, verified = 0, swaps = 0, topAttributed = 0;
    double slowest = 0;
    for (int tried = 0; cases < 30 && tried < 200; ++tried) {
        const int rule = tried % 8;
        const auto h = causeHistory(tried % 2 ? "anywhere" : "far", rule, rng);
        const std::vector<std::int64_t> edited(h.begin(), h.end());
        if (recommend(*m_project, m_run, 0, 1, edited).front().first != kTargets + rule)
            continue;
        ++cases;
        ExplainOptions o;
        o.history = edited;
        o.faithfulness = false;
        o.counterfactual = CounterfactualOptions{};
        const auto e = explainer.explain(0, kTargets + rule, o, none);
        const auto &c = e.counterfactual;
        slowest = std::max(slowest, c.seconds);
        found += c.found;
        verified += c.found && c.verified;
        triggerAlone += c.found && c.removed == std::vector<std::int64_t>{kTriggers + rule};
        topAttributed += c.topAttributed;
        swaps += c.swap.found && c.swap.verified;
    }
    qInfo("planted triggers: the trigger alone is the smallest change in %d of %d cases (verified %d, top attributed %d, "
          "a verified swap in %d); slowest search %.3f s",
          triggerAlone, cases, verified, topAttributed, swaps, slowest);
    QVERIFY2(cases >= 20, qPrintable(QStringLiteral("only %1 histories recommend the target").arg(cases)));
    QVERIFY(triggerAlone >= 0.9 * cases);
    QCOMPARE(verified, found); // every answer was confirmed by scoring the changed history whole
}

void TestCounterfactual::nothingToUndo() {
    // An item far down the list: no search, and the result says where it stands.
    NullProgress none;
    Explainer explainer(*m_project, m_run);
    const auto list = explainer.recommend(5, 50);
    ExplainOptions o;
    o.window = 6;
    o.faithfulness = false;
    o.counterfactual = CounterfactualOptions{};
    const auto c = explainer.explain(5, list.back().first, o, none).counterfactual;
    QVERIFY(c.computed);
    QVERIFY(!c.found);
    QCOMPARE(c.rankBefore, std::int64_t(50));
    QCOMPARE(c.evaluations, std::int64_t(0));
    QVERIFY(c.search.empty());
}

void TestCounterfactual::refusals() {
    CounterfactualOptions o;
    o.topK = 0;
    const Game game = randomGame(4, 1);
    QVERIFY_THROWS_EXCEPTION(EngineError, smallestRemoval(4, game.value(), {}, o));
    o.topK = 1;
    QVERIFY_THROWS_EXCEPTION(EngineError, smallestRemoval(4, game.value(), {1.0, 2.0}, o)); // a guide of the wrong length
}

QTEST_GUILESS_MAIN(TestCounterfactual)
#include "tst_counterfactual.moc"
