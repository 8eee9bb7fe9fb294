// SPDX-License-Identifier: GPL-3.0-or-later
// Explanations: Shapley values against games with known answers, samplers converging to the
// exact values on a real SASRec, additivity, attention rows, and the demo's planted triggers.
#include "engine/core/errors.h"
#include "engine/explain/explain.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/explain/shapley.h"
#include "engine/training/trainer.h"
#include "engine/data/datasetdraft.h"
#include "engine/store/runstore.h"
#include "engine/evaluation/runscorer.h"
#include "demofixture.h"
#include "plantedcauses.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>
#include <random>

using namespace recscope::engine;
using namespace recscope::test;

class TestExplain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exactOnKnownGames();
    void samplersConvergeOnAGame();
    void orderedKernelShapOnARecencyGame();
    void samplersConvergeOnSasrec();
    void attentionRowsAndRollout();
    void sharedContextGivesTheSameScores();
    void plantedTriggersExplainTheirTargets();
    void plantedCauses_data();
    void plantedCauses();
    void faithfulnessCurves();
    void reasonsFollowTheNumbers();
    void refusals();
    void wordsOfTheItemText();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Project> m_project;
    std::int64_t m_dataset = 0, m_sasrec = 0;
    std::unique_ptr<Project> m_causes; // planted-cause project (plantedCauses)
    std::int64_t m_causesDataset = 0;
    std::map<std::string, std::int64_t> m_causeRuns;
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


// Largest difference between scoring each of a user's coalitions (over the newest six of ten
// items, the older four as context, taken out or left as gaps) whole and after a shared context.
double sharedContextError(Project &project, std::int64_t runId, std::int64_t user) {
    auto scorer = RunScorer::load(project, runId);
    std::vector<std::int32_t> history;
    for (const auto &e : project.timeline(RunStore(project).run(runId)->datasetId, user))
        history.push_back(static_cast<std::int32_t>(e.item));
    history.erase(history.begin(), history.end() - 10);
    const std::vector<std::int32_t> context(history.begin(), history.begin() + 4);
    std::vector<std::vector<std::int32_t>> tails, whole;
    for (int pad = 0; pad < 2; ++pad)
        for (int mask = 0; mask < 64; ++mask) {
            std::vector<std::int32_t> tail;
            for (int i = 0; i < 6; ++i)
                if (mask & (1 << i))
                    tail.push_back(history[static_cast<std::size_t>(4 + i)]);
                else if (pad)
                    tail.push_back(-1);
            tails.push_back(tail);
            whole.push_back(context);
            whole.back().insert(whole.back().end(), tail.begin(), tail.end());
        }
    std::vector<float> after, all;
    scorer->scoreAllAfter(context, tails, user, after);
    scorer->scoreAllAfter(context, tails, user, after); // the second time from the kept context
    scorer->scoreAll(whole, std::vector<std::int64_t>(whole.size(), user), all);
    double worst = 0;
    for (std::size_t i = 0; i < all.size(); ++i)
        worst = std::max(worst, static_cast<double>(std::abs(after[i] - all[i])));
    return worst;
}

} // namespace

void TestExplain::initTestCase() {
    m_dataset = recscope::test::writeDemo(m_dir, QStringLiteral("x.recscope"), 500, 200, 20, m_project);
    // A window of ten items: every explanation has ten players, so exact values are cheap.
    const auto c = TrainConfig::parse("sasrec", {{"epochs", "20"}, {"maxlen", "10"}, {"hidden", "32"}, {"lr", "0.005"}, {"dropout", "0.1"},
                                                 {"loss", "ce"}, {"patience", "0"}, {"threads", "2"}});
    NullProgress none;
    const auto r = trainRun(*m_project, m_dataset, c, "sasrec", none);
    QCOMPARE(r.status, recscope::engine::RunStatus::Finished);
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
    o.value = "logit"; // the score recommend ranks by
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
        // Sampling error in proportion to the attributions: a share of the largest exact value.
        double largest = 0;
        for (const double v : e)
            largest = std::max(largest, std::abs(v));
        worstKernel = std::max(worstKernel, maxError(ke, e) / largest);
        worstKernelAll = std::max(worstKernelAll, maxError(ka, e));
        worstPermutation = std::max(worstPermutation, maxError(pe, e) / largest);
        for (const auto *x : {&exact, &kernel, &kernelAll, &perm})
            worstGap = std::max(worstGap, std::abs(x->additivityGap));
        QVERIFY(std::abs(exact.score - recommend(*m_project, m_sasrec, user, 1).front().second) < 1e-4);
    }
    qInfo("SASRec, 10-item histories: max error against exact values as a share of the largest value %.1f%% (KernelSHAP, 512 "
          "coalitions), %.1f%% (permutation, 8192 orders); %.2e absolute (KernelSHAP, 1024); worst additivity gap %.2e",
          100 * worstKernel, 100 * worstPermutation, worstKernelAll, worstGap);
    QVERIFY(worstKernel < 0.1);
    QVERIFY(worstKernelAll < 1e-6); // docs/features.md: "additivity within 1e-6"
    QVERIFY(worstPermutation < 0.02);
    QVERIFY(worstGap < 1e-6);
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

void TestExplain::sharedContextGivesTheSameScores() {
    // A causal model computes a shared context once per position: the scores do not change.
    for (std::int64_t user : {2, 41}) {
        const double error = sharedContextError(*m_project, m_sasrec, user);
        QVERIFY2(error < 1e-4, qPrintable(QString::number(error)));
    }
    // And an explanation over a window after context is the same through a kept Explainer.
    NullProgress none;
    ExplainOptions o;
    o.window = 6;
    Explainer explainer(*m_project, m_sasrec);
    const auto top = explainer.recommend(9, 1).front();
    QCOMPARE(top, recommend(*m_project, m_sasrec, 9, 1).front());
    const auto kept = explainer.explain(9, top.first, o, none), once = explain(*m_project, m_sasrec, 9, top.first, o, none);
    QCOMPARE(kept.context, std::int64_t(4));
    QCOMPARE(kept.attributions.size(), std::size_t(6));
    for (std::size_t i = 0; i < 6; ++i)
        QVERIFY(std::abs(kept.attributions[i].value - once.attributions[i].value) < 1e-6);
    QVERIFY(std::abs(kept.additivityGap) < 1e-4);
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

void TestExplain::plantedCauses_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("shape");
    for (const char *model : {"sasrec", "bert4rec", "textrec"})
        for (const char *shape : {"anywhere", "far", "two", "distractors"})
            // BERT4Rec, as trained here, does not learn the two-trigger rules: none of 120 such
            // histories gets the target on top, so there is nothing to explain.
            if (std::string(model) != "bert4rec" || std::string(shape) != "two")
                QTest::addRow("%s %s", model, shape) << QString::fromLatin1(model) << QString::fromLatin1(shape);
}

void TestExplain::plantedCauses() {
    // Does the default explanation name the planted cause of a recommendation? Histories are
    // built with the trigger where each shape puts it; among those whose top recommendation is
    // the rule's target, a trigger must carry the largest attribution in 90% of the cases.
    QFETCH(QString, model);
    QFETCH(QString, shape);
    if (model == QLatin1String("textrec"))
        RECSCOPE_REQUIRE_PLUGINS();
    NullProgress none;
    if (!m_causes)
        m_causesDataset = writePlantedCauses(m_dir.filePath(QStringLiteral("causes.recscope")).toStdString(), m_causes);
    const auto name = model.toStdString();
    if (!m_causeRuns.count(name)) {
        std::map<std::string, std::string> set = {{"maxlen", "10"}, {"hidden", "32"}, {"dropout", "0.1"}, {"loss", "ce"},
                                                  {"patience", "0"}, {"threads", "2"}, {"lr", "0.005"}, {"epochs", "30"}, {"batch_size", "32"}};
        if (name == "bert4rec") {
            // Masked items give far fewer targets than next items: BERT4Rec reads whole histories
            // (20-30 items; the explained ones stay under 10) so that every planted rule is seen,
            // and warms up, or it settles on popularity in about half of the seeds.
            set["epochs"] = "60", set["mask_last"] = "0.5", set["maxlen"] = "30", set["warmup"] = "5";
        }
        if (name == "textrec") // warm-up: without it the text model learns the rules in about half of the seeds
            set["text_len"] = "8", set["pretrain_epochs"] = "1", set["epochs"] = "25", set["warmup"] = "5";
        const auto r = trainRun(*m_causes, m_causesDataset, TrainConfig::parse(name, set), name, none);
        QCOMPARE(r.status, recscope::engine::RunStatus::Finished);
        m_causeRuns[name] = r.runId;
    }
    const auto run = m_causeRuns[name];
    // A user who followed no rule: its own items are fillers, so no rule item is left out.
    const std::int64_t user = 0;
    std::mt19937_64 rng(std::hash<std::string>{}(shape.toStdString()));
    // The defaults, and for the record the settings an analyst might pick instead.
    struct Setting {
        std::string masking, value;
    };
    std::vector<Setting> settings = {{ExplainOptions{}.masking, ExplainOptions{}.value}};
    if (qEnvironmentVariableIsSet("RECSCOPE_EXPLAIN_SWEEP"))
        for (const char *m : {"pad", "remove"})
            for (const char *v : {"logit", "margin", "probability"})
                settings.push_back({m, v});
    std::vector<int> agree(settings.size(), 0), newest(settings.size(), 0);
    int cases = 0, tried = 0;
    while (cases < 20 && tried < 120) {
        ++tried;
        const int rule = shape == "two" ? 8 + (tried % 2) : tried % 8;
        const auto h = causeHistory(shape.toStdString(), rule, rng);
        const std::vector<std::int64_t> edited(h.begin(), h.end());
        const auto top = recommend(*m_causes, run, user, 1, edited);
        if (top.empty() || top.front().first != kTargets + rule)
            continue;
        ++cases;
        const auto triggers = triggersOf(rule);
        for (std::size_t s = 0; s < settings.size(); ++s) {
            ExplainOptions o;
            o.method = "exact";
            o.history = edited;
            o.masking = settings[s].masking;
            o.value = settings[s].value;
            o.faithfulness = false;
            const auto e = explain(*m_causes, run, user, kTargets + rule, o, none);
            const auto best = std::max_element(e.attributions.begin(), e.attributions.end(),
                                               [](const auto &a, const auto &b) { return a.value < b.value; });
            agree[s] += std::find(triggers.begin(), triggers.end(), best->item) != triggers.end();
            newest[s] += best->position == static_cast<std::int64_t>(h.size()) - 1;
        }
    }
    for (std::size_t s = 0; s < settings.size(); ++s)
        qInfo("%s, %s: masking %s, value %s%s: trigger first in %d of %d, newest item first in %d", qPrintable(model), qPrintable(shape),
              settings[s].masking.c_str(), settings[s].value.c_str(), s == 0 ? " (default)" : "", agree[s], cases, newest[s]);
    QVERIFY2(cases >= 10, qPrintable(QStringLiteral("only %1 of %2 histories recommend the target").arg(cases).arg(tried)));
    // The default in every run; with RECSCOPE_EXPLAIN_SWEEP, every masking and value as well.
    for (std::size_t s = 0; s < settings.size(); ++s)
        QVERIFY2(agree[s] >= 0.9 * cases, qPrintable(QStringLiteral("masking %1, value %2: %3 of %4")
                                                          .arg(settings[s].masking.c_str(), settings[s].value.c_str())
                                                          .arg(agree[s])
                                                          .arg(cases)));
}

void TestExplain::faithfulnessCurves() {
    QVERIFY(std::abs(spearman({1, 2, 3, 4}, {10, 20, 30, 40}) - 1) < 1e-12);
    QVERIFY(std::abs(spearman({1, 2, 3, 4}, {4, 3, 2, 1}) + 1) < 1e-12);
    QVERIFY(std::abs(spearman({1, 1, 2, 3}, {1, 2, 3, 4}) - 0.9486832980505138) < 1e-12); // ties: average ranks
    QVERIFY(std::isnan(spearman({1, 2}, {1, 2})));
    QVERIFY(std::abs(curveArea({1, 0.5, 0}, 0, 1) - 0.5) < 1e-12);
    QVERIFY(std::abs(curveArea({3, 1, 1}, 1, 3) - 0.25) < 1e-12);
    QVERIFY(std::isnan(curveArea({1, 1}, 1, 1)));

    NullProgress none;
    double deletion = 0, deletionRandom = 0, insertion = 0, insertionRandom = 0;
    for (std::int64_t user : {3, 50, 222}) {
        const auto top = recommend(*m_project, m_sasrec, user, 1).front().first;
        ExplainOptions o;
        o.method = "exact";
        const auto e = explain(*m_project, m_sasrec, user, top, o, none);
        QCOMPARE(e.value, std::string("margin"));
        const auto &f = e.faithfulness;
        QVERIFY(f.computed);
        QCOMPARE(f.deletion.size(), std::size_t(11));
        QCOMPARE(f.insertionRank.size(), std::size_t(11));
        QCOMPARE(e.evaluations, std::int64_t(1024)); // the curves are counted on their own
        QCOMPARE(f.evaluations, std::int64_t(2 * 11 * (1 + o.randomOrders)));
        // The curves run between the whole history and none of it.
        QVERIFY(std::abs(f.deletion.front() - e.score) < 1e-4 && std::abs(f.deletion.back() - e.baseValue) < 1e-4);
        QVERIFY(std::abs(f.insertion.front() - e.baseValue) < 1e-4 && std::abs(f.insertion.back() - e.score) < 1e-4);
        QCOMPARE(f.deletionRank.front(), std::int64_t(1)); // the top recommendation, margin > 0
        QVERIFY(e.score > 0);
        QVERIFY(f.attentionAgreement >= -1 && f.attentionAgreement <= 1);
        deletion += f.deletionArea, deletionRandom += f.deletionRandom;
        insertion += f.insertionArea, insertionRandom += f.insertionRandom;
    }
    qInfo("deletion area %.3f (random order %.3f), insertion area %.3f (random %.3f), mean of three users", deletion / 3,
          deletionRandom / 3, insertion / 3, insertionRandom / 3);
    QVERIFY(deletion < deletionRandom);
    QVERIFY(insertion > insertionRandom);
    if (!qEnvironmentVariableIsSet("RECSCOPE_EXPLAIN_SWEEP"))
        return;
    // For the record: how each masking and value does on the demo's users (the defaults' choice).
    for (const char *masking : {"pad", "remove"})
        for (const char *value : {"logit", "margin", "probability"}) {
            double d = 0, i = 0, dr = 0, ir = 0;
            int users = 0;
            for (std::int64_t user = 0; user < 300; user += 10, ++users) {
                ExplainOptions o;
                o.method = "exact";
                o.masking = masking;
                o.value = value;
                const auto e = explain(*m_project, m_sasrec, user, recommend(*m_project, m_sasrec, user, 1).front().first, o, none);
                d += e.faithfulness.deletionArea, i += e.faithfulness.insertionArea;
                dr += e.faithfulness.deletionRandom, ir += e.faithfulness.insertionRandom;
            }
            qInfo("masking %s, value %s: deletion %.3f (random %.3f), insertion %.3f (random %.3f), %d users", masking, value, d / users,
                  dr / users, i / users, ir / users, users);
            QVERIFY(d < dr); // each pair's attributions beat random orders both ways
            QVERIFY(i > ir);
        }
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
    RECSCOPE_REQUIRE_PLUGINS();
    NullProgress none;
    const auto c = TrainConfig::parse("textrec", {{"epochs", "3"}, {"maxlen", "10"}, {"hidden", "32"}, {"lr", "0.003"}, {"text_len", "16"},
                                                  {"pretrain_epochs", "1"}, {"loss", "ce"}, {"threads", "2"}});
    const auto run = trainRun(*m_project, m_dataset, c, "textrec", none);
    QCOMPARE(run.status, recscope::engine::RunStatus::Finished);
    const auto item = recommend(*m_project, run.runId, 4, 1).front().first;
    QVERIFY(sharedContextError(*m_project, run.runId, 4) < 1e-4); // its item vectors come from text
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
    o.value = "logit"; // the words explain the raw score
    const auto history = explain(*m_project, run.runId, 4, item, o, none);
    QVERIFY2(std::abs(words.score - history.score) < 1e-4, qPrintable(QStringLiteral("%1 vs %2").arg(words.score).arg(history.score)));
    // Text players are for the text model only.
    o.players = "text";
    QVERIFY_THROWS_EXCEPTION(EngineError, explain(*m_project, m_sasrec, 4, item, o, none));
}

QTEST_GUILESS_MAIN(TestExplain)
#include "tst_explain.moc"
