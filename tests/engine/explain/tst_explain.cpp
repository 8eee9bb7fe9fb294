// SPDX-License-Identifier: GPL-3.0-or-later
// Explanations: Shapley values against games with known answers, samplers converging to the
// exact values on a real SASRec, additivity, attention rows, and the demo's planted triggers.
#include "engine/errors.h"
#include "engine/explain.h"
#include "engine/progress.h"
#include "engine/project.h"
#include "engine/shapley.h"
#include "engine/training.h"
#include "demofixture.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace recscope::engine;

class TestExplain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exactOnKnownGames();
    void samplersConvergeOnAGame();
    void orderedKernelShapOnARecencyGame();
    void samplersConvergeOnSasrec();
    void attentionRowsAndRollout();
    void plantedTriggersExplainTheirTargets();
    void reasonsFollowTheNumbers();
    void refusals();
    void wordsOfTheItemText();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    std::int64_t m_dataset = 0, m_sasrec = 0;
};

namespace {

// v(S) = c + sum of w_i over S: phi_i = w_i.
CoalitionValue linearGame(std::vector<double> w, double c) {
    return [w, c](const std::vector<std::vector<char>> &coalitions) {
        std::vector<double> out;
        for (const auto &s : coalitions) {
            double v = c;
            for (std::size_t i = 0; i < w.size(); ++i)
                v += s[i] ? w[i] : 0;
            out.push_back(v);
        }
        return out;
    };
}

// A game with interactions: a weighted sum, its square, and a pair bonus.
CoalitionValue curvedGame(int n) {
    std::vector<double> w;
    std::mt19937_64 rng(5);
    std::normal_distribution<double> g(0, 1);
    for (int i = 0; i < n; ++i)
        w.push_back(g(rng));
    return [w](const std::vector<std::vector<char>> &coalitions) {
        std::vector<double> out;
        for (const auto &s : coalitions) {
            double sum = 0;
            for (std::size_t i = 0; i < w.size(); ++i)
                sum += s[i] ? w[i] : 0;
            const auto size = std::count(s.begin(), s.end(), 1);
            // Pairs alone would be solved exactly by antithetic orders; a majority vote is not.
            out.push_back(sum + 0.3 * sum * sum + (s[0] && s[1] ? 1.5 : 0) + (size >= 7 ? 2.0 : 0));
        }
        return out;
    };
}

double maxError(const std::vector<double> &a, const std::vector<double> &b) {
    double e = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        e = std::max(e, std::abs(a[i] - b[i]));
    return e;
}

} // namespace

void TestExplain::initTestCase() {
    m_dataset = recscope::test::writeDemo(m_dir, QStringLiteral("x.recscope"), 500, 200, 20, m_project);
    // A window of ten items: every explanation has ten players, so exact values are cheap.
    const auto c = TrainConfig::parse("sasrec", {{"epochs", "20"}, {"maxlen", "10"}, {"hidden", "32"}, {"lr", "0.005"}, {"dropout", "0.1"},
                                                 {"loss", "ce"}, {"patience", "0"}, {"threads", "2"}});
    NullProgress none;
    const auto r = trainRun(*m_project, m_dataset, c, "sasrec", none);
    QCOMPARE(r.status, std::string("finished"));
    m_sasrec = r.runId;
}

void TestExplain::exactOnKnownGames() {
    const std::vector<double> w{0.5, -1.25, 2.0, 0.0, 3.5};
    const auto r = exactShapley(5, linearGame(w, 0.7));
    QCOMPARE(r.evaluations, std::int64_t(32));
    QVERIFY(maxError(r.values, w) < 1e-12);
    QVERIFY(std::abs(r.empty - 0.7) < 1e-12);
    // Unanimity of two players: they split the worth; the others get nothing.
    const CoalitionValue both = [](const std::vector<std::vector<char>> &cs) {
        std::vector<double> out;
        for (const auto &s : cs)
            out.push_back(s[1] && s[3] ? 1.0 : 0.0);
        return out;
    };
    const auto u = exactShapley(4, both);
    QVERIFY(maxError(u.values, {0, 0.5, 0, 0.5}) < 1e-12);
    QVERIFY_THROWS_EXCEPTION(EngineError, exactShapley(21, both));
}

void TestExplain::samplersConvergeOnAGame() {
    const int n = 12;
    const auto game = curvedGame(n);
    const auto exact = exactShapley(n, game);
    const auto coarse = kernelShap(n, game, 128, 1), fine = kernelShap(n, game, 2048, 1);
    const auto pCoarse = permutationShapley(n, game, 16, 1), pFine = permutationShapley(n, game, 2048, 1);
    qInfo("KernelSHAP max error %.4f (128 coalitions), %.4f (2048); permutation %.4f (16 orders), %.4f (2048)",
          maxError(coarse.values, exact.values), maxError(fine.values, exact.values), maxError(pCoarse.values, exact.values),
          maxError(pFine.values, exact.values));
    QVERIFY(maxError(fine.values, exact.values) < maxError(coarse.values, exact.values));
    QVERIFY(maxError(pFine.values, exact.values) < maxError(pCoarse.values, exact.values));
    QVERIFY(maxError(fine.values, exact.values) < 0.05);
    QVERIFY(maxError(pFine.values, exact.values) < 0.05);
    // Both add up exactly (efficiency), and the standard errors are honest: most errors within 3 of them.
    for (const auto *r : {&fine, &pFine}) {
        double sum = 0;
        int within = 0;
        for (int i = 0; i < n; ++i) {
            sum += r->values[static_cast<std::size_t>(i)];
            within += std::abs(r->values[static_cast<std::size_t>(i)] - exact.values[static_cast<std::size_t>(i)]) <=
                      3 * r->stderrs[static_cast<std::size_t>(i)] + 1e-9;
        }
        QVERIFY(std::abs(sum - (exact.full - exact.empty)) < 1e-6);
        QVERIFY2(within >= n - 1, qPrintable(QString::number(within)));
    }
    // A linear game is solved exactly by KernelSHAP at any budget.
    const std::vector<double> w{1, 2, 3, 4, 5, 6};
    QVERIFY(maxError(kernelShap(6, linearGame(w, 0), 16, 3).values, w) < 1e-6);
}

void TestExplain::samplersConvergeOnSasrec() {
    NullProgress none;
    ExplainOptions o;
    o.method = "exact";
    double worstKernel = 0, worstKernelAll = 0, worstPermutation = 0, worstGap = 0;
    for (std::int64_t user : {3, 222}) {
        const auto top = recommend(*m_project, m_sasrec, user, 1).front().first;
        o.method = "exact";
        const auto exact = explain(*m_project, m_sasrec, user, top, o, none);
        QCOMPARE(exact.attributions.size(), std::size_t(10));
        QCOMPARE(exact.evaluations, std::int64_t(1024));
        ExplainOptions k = o;
        k.method = "kernelshap";
        k.samples = 512; // half of the 1,024 coalitions: sizes 1-2 and 8-9 enumerated, the rest sampled
        const auto kernel = explain(*m_project, m_sasrec, user, top, k, none);
        k.samples = 1024; // every size enumerated: the exact values
        const auto kernelAll = explain(*m_project, m_sasrec, user, top, k, none);
        k.method = "permutation";
        k.samples = 8192 * 22; // 8,192 orders and their reverses over 11 coalitions each
        const auto perm = explain(*m_project, m_sasrec, user, top, k, none);
        std::vector<double> e, ke, ka, pe;
        for (std::size_t i = 0; i < 10; ++i) {
            e.push_back(exact.attributions[i].value);
            ke.push_back(kernel.attributions[i].value);
            ka.push_back(kernelAll.attributions[i].value);
            pe.push_back(perm.attributions[i].value);
        }
        worstKernel = std::max(worstKernel, maxError(ke, e));
        worstKernelAll = std::max(worstKernelAll, maxError(ka, e));
        worstPermutation = std::max(worstPermutation, maxError(pe, e));
        for (const auto *x : {&exact, &kernel, &kernelAll, &perm})
            worstGap = std::max(worstGap, std::abs(x->additivityGap));
        QVERIFY(std::abs(exact.score - recommend(*m_project, m_sasrec, user, 1).front().second) < 1e-4);
    }
    qInfo("SASRec, 10-item histories: max error against exact values %.4f (KernelSHAP, 512 coalitions), %.2e (KernelSHAP, "
          "1024), %.4f (permutation, 8192 orders); worst additivity gap %.2e",
          worstKernel, worstKernelAll, worstPermutation, worstGap);
    QVERIFY(worstKernel < 0.1);
    QVERIFY(worstKernelAll < 1e-4);
    QVERIFY(worstPermutation < 1e-2);
    QVERIFY(worstGap < 1e-4);
}

void TestExplain::orderedKernelShapOnARecencyGame() {
    // A game that follows the newest player present (plus additive parts): the ordered fit holds
    // it exactly from a few coalitions, where the plain fit cannot.
    const int n = 24;
    std::vector<double> b(n), c(n);
    std::mt19937_64 rng(5);
    std::normal_distribution<double> g;
    for (int i = 0; i < n; ++i) {
        b[i] = 0.2 * g(rng);
        c[i] = g(rng);
    }
    const CoalitionValue recency = [&](const std::vector<std::vector<char>> &coalitions) {
        std::vector<double> out;
        for (const auto &s : coalitions) {
            double v = 0;
            int top = -1;
            for (int i = 0; i < n; ++i)
                if (s[static_cast<std::size_t>(i)]) {
                    v += b[static_cast<std::size_t>(i)];
                    top = i;
                }
            out.push_back(v + (top >= 0 ? c[static_cast<std::size_t>(top)] : 0.0));
        }
        return out;
    };
    // The exact values by permutations (2^24 coalitions is too many to enumerate here): the
    // newest-player game's values follow from which player first beats the running maximum.
    std::vector<double> exact(b);
    for (int i = 0; i < n; ++i) {
        double p = 1.0 / (n - i); // i comes before every newer player
        exact[static_cast<std::size_t>(i)] += c[static_cast<std::size_t>(i)] * p;
        for (int j = 0; j < i; ++j)
            exact[static_cast<std::size_t>(i)] -= c[static_cast<std::size_t>(j)] / (double(n - j) * double(n - j - 1));
    }
    const auto perm = permutationShapley(n, recency, 4000, 11);
    QVERIFY2(maxError(perm.values, exact) < 0.03, qPrintable(QString::number(maxError(perm.values, exact))));
    QVERIFY(maxError(kernelShap(n, recency, 1024, 3, true).values, exact) < 1e-6);
    QVERIFY(maxError(kernelShap(n, recency, 1024, 3, false).values, exact) > 1e-3);
}

void TestExplain::attentionRowsAndRollout() {
    NullProgress none;
    ExplainOptions o;
    o.method = "attention";
    const auto top = recommend(*m_project, m_sasrec, 5, 1).front().first;
    const auto e = explain(*m_project, m_sasrec, 5, top, o, none);
    QCOMPARE(e.attention.size(), std::size_t(2)); // layers
    for (const auto &layer : e.attention)
        for (const auto &head : layer) {
            QCOMPARE(head.size(), std::size_t(10));
            for (std::size_t q = 0; q < head.size(); ++q) {
                double sum = 0;
                for (std::size_t k = 0; k < head[q].size(); ++k) {
                    sum += head[q][k];
                    if (k > q)
                        QCOMPARE(head[q][k], 0.0f); // causal: no look at later items
                }
                QVERIFY(std::abs(sum - 1) < 1e-5);
            }
        }
    double total = 0;
    for (double r : e.rollout)
        total += r;
    QVERIFY(std::abs(total - 1) < 1e-6);
    QVERIFY(std::isnan(e.additivityGap));
    QVERIFY(e.reason.find("not why") != std::string::npos);
}

void TestExplain::plantedTriggersExplainTheirTargets() {
    // Users whose last item is a planted trigger, whose top recommendation is its target: the
    // trigger should carry the largest attribution.
    NullProgress none;
    const auto rules = m_project->plantedRules(m_dataset);
    const auto users = m_project->users(m_dataset);
    int cases = 0, agree = 0;
    ExplainOptions o;
    o.method = "exact";
    for (const auto &u : users) {
        const auto timeline = m_project->timeline(m_dataset, u.index);
        const auto last = timeline.back().item;
        const auto rule = std::find_if(rules.begin(), rules.end(), [&](const auto &r) { return r.trigger == last; });
        if (rule == rules.end())
            continue;
        const auto top = recommend(*m_project, m_sasrec, u.index, 1);
        if (top.empty() || top.front().first != rule->target)
            continue;
        const auto e = explain(*m_project, m_sasrec, u.index, rule->target, o, none);
        const auto best = std::max_element(e.attributions.begin(), e.attributions.end(),
                                           [](const auto &a, const auto &b) { return a.value < b.value; });
        ++cases;
        agree += best->item == rule->trigger;
    }
    qInfo("planted triggers: largest attribution in %d of %d cases", agree, cases);
    QVERIFY2(cases >= 10, qPrintable(QString::number(cases)));
    QVERIFY(agree >= 0.9 * cases);
}

void TestExplain::reasonsFollowTheNumbers() {
    std::vector<Attribution> a(4);
    a[0].value = 0.1, a[1].value = 2.0, a[2].value = -1.0, a[3].value = 1.5;
    const std::vector<std::string> titles{"Alien", "Heat", "Ronin", "Fargo"};
    const auto r = reasonFor(a, titles);
    QVERIFY2(r.find("\"Heat\"") != std::string::npos && r.find("\"Fargo\"") == std::string::npos, r.c_str()); // 2.0 of 3.6 > half
    for (auto &x : a)
        x.value = -std::abs(x.value);
    QVERIFY(reasonFor(a, titles).find("No item") == 0);
}

void TestExplain::refusals() {
    NullProgress none;
    ExplainOptions o;
    QVERIFY_THROWS_EXCEPTION(EngineError, explain(*m_project, m_sasrec, 99999, 1, o, none));
    QVERIFY_THROWS_EXCEPTION(EngineError, explain(*m_project, m_sasrec, 1, 99999, o, none));
    o.method = "lime";
    QVERIFY_THROWS_EXCEPTION(EngineError, explain(*m_project, m_sasrec, 1, 1, o, none));
    o.method = "exact";
    o.masking = "blur";
    QVERIFY_THROWS_EXCEPTION(EngineError, explain(*m_project, m_sasrec, 1, 1, o, none));
    // "Why A above B": the difference of two scores, still additive.
    o.masking = "pad";
    o.versus = 7;
    const auto e = explain(*m_project, m_sasrec, 1, 3, o, none);
    QVERIFY(std::abs(e.additivityGap) < 1e-4);
}

void TestExplain::wordsOfTheItemText() {
    // The text model: the words of the recommended item's own text as players.
    NullProgress none;
    const auto c = TrainConfig::parse("textrec", {{"epochs", "3"}, {"maxlen", "10"}, {"hidden", "32"}, {"lr", "0.003"}, {"text_len", "16"},
                                                  {"pretrain_epochs", "1"}, {"loss", "ce"}, {"threads", "2"}});
    const auto run = trainRun(*m_project, m_dataset, c, "textrec", none);
    QCOMPARE(run.status, std::string("finished"));
    const auto item = recommend(*m_project, run.runId, 4, 1).front().first;
    ExplainOptions o;
    o.players = "text";
    o.method = "kernelshap";
    o.samples = 4096;
    const auto words = explain(*m_project, run.runId, 4, item, o, none);
    QCOMPARE(words.players, std::string("text"));
    QVERIFY(words.attributions.size() >= 3);
    for (const auto &a : words.attributions) {
        QVERIFY(!a.word.empty());
        QCOMPARE(a.item, item);
    }
    QVERIFY(std::abs(words.additivityGap) < 1e-4);
    // Read word by word, the whole text gives the model's own score of the item: the words split
    // the text exactly as the tokenizer does.
    o.players = "history";
    const auto history = explain(*m_project, run.runId, 4, item, o, none);
    QVERIFY2(std::abs(words.score - history.score) < 1e-4, qPrintable(QStringLiteral("%1 vs %2").arg(words.score).arg(history.score)));
    // Text players are for the text model only.
    o.players = "text";
    QVERIFY_THROWS_EXCEPTION(EngineError, explain(*m_project, m_sasrec, 4, item, o, none));
}

QTEST_GUILESS_MAIN(TestExplain)
#include "tst_explain.moc"
