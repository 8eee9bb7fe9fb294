// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/evaluation/diagnostics.h"

#include "engine/core/enumnames.h"
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/split.h"
#include "engine/evaluation/runscorer.h"
#include "engine/evaluation/statistics.h"
#include "engine/settings/modelinfo.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <tuple>
#include <unordered_set>

namespace recscope::engine {

namespace {

// One case to rank: a history (0-based items, oldest first), the held-out item, and the items
// it is ranked against (all items but the history's; or a pool's, for the cold-start split).
struct Case {
    std::int64_t user = 0;
    std::vector<std::int32_t> history;
    std::int32_t target = 0;
};

double mean(const std::vector<double> &v) {
    return v.empty() ? NAN : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// NDCG@k of each case after `histories` (one per case), ties counted at their expected rank.
class Ranker {
public:
    Ranker(RunScorer &scorer, std::int64_t items, int k, const std::vector<std::int32_t> &pool)
        : m_scorer(scorer), m_items(items), m_k(k), m_inPool(pool.empty() ? std::vector<char>{} : std::vector<char>(static_cast<std::size_t>(items), 0)) {
        for (auto i : pool)
            m_inPool[static_cast<std::size_t>(i)] = 1;
    }

    std::vector<double> ndcg(const std::vector<Case> &cases, const std::vector<std::vector<std::int32_t>> &histories, Progress &progress,
                             double from, double to) {
        std::vector<double> out;
        constexpr std::size_t kBatch = 128;
        std::vector<float> scores;
        for (std::size_t at = 0; at < cases.size(); at += kBatch) {
            throwIfCancelled(progress);
            progress.report(from + (to - from) * static_cast<double>(at) / static_cast<double>(std::max<std::size_t>(1, cases.size())),
                            Stage::Diagnosing);
            const auto end = std::min(cases.size(), at + kBatch);
            std::vector<std::vector<std::int32_t>> batch(histories.begin() + static_cast<long>(at), histories.begin() + static_cast<long>(end));
            std::vector<std::int64_t> users;
            for (auto i = at; i < end; ++i)
                users.push_back(cases[i].user);
            m_scorer.scoreAll(batch, users, scores);
            for (auto i = at; i < end; ++i)
                out.push_back(ndcgOf(cases[i], scores.data() + (i - at) * static_cast<std::size_t>(m_items)));
        }
        return out;
    }

private:
    double ndcgOf(const Case &c, const float *row) const {
        const std::unordered_set<std::int32_t> own(c.history.begin(), c.history.end());
        const float mine = row[c.target];
        std::int64_t above = 0, ties = 0;
        for (std::int32_t j = 0; j < m_items; ++j) {
            if (j == c.target || own.count(j) || (!m_inPool.empty() && !m_inPool[static_cast<std::size_t>(j)]))
                continue;
            above += row[j] > mine;
            ties += row[j] == mine;
        }
        double gain = 0; // the expectation over the tied places
        for (std::int64_t r = above; r <= above + ties && r < m_k; ++r)
            gain += 1.0 / std::log2(static_cast<double>(r) + 2);
        return gain / static_cast<double>(ties + 1);
    }

    RunScorer &m_scorer;
    std::int64_t m_items;
    int m_k;
    std::vector<char> m_inPool;
};

} // namespace

Diagnosis diagnose(Project &project, std::int64_t runId, const DiagnoseOptions &options, Progress &progress) {
    const auto start = std::chrono::steady_clock::now();
    if (options.users < 0 || options.k < 1 || options.resamples < 100 || !(options.temporalShare > 0 && options.temporalShare < 1))
        throw EngineError(ErrorKind::Usage, "a diagnosis needs users >= 0 (0: all), k >= 1, at least 100 resamples and a temporal "
                                            "share between 0 and 1");
    const auto run = RunStore(project).run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    const auto info = project.dataset(run->datasetId);
    if (!info)
        throw EngineError(ErrorKind::Project, "run " + std::to_string(runId) + " refers to a dataset that is gone");
    progress.report(0, Stage::LoadingModel);
    const auto config = TrainConfig::fromJson(run->configJson);
    auto scorer = RunScorer::load(project, runId);
    const auto split = detail::makeSplit(project, run->datasetId, config.splitOptions());
    const auto table = project.interactions(run->datasetId);
    Diagnosis d;
    d.runId = runId;
    d.split = std::string(nameOf(config.split));
    d.k = options.k;
    std::mt19937_64 rng(options.seed);

    // The run's own test cases, as evaluation ranks them (split items are shifted by one).
    std::vector<Case> cases;
    for (std::size_t u = 0; u < split.test.size(); ++u) {
        if (split.test[u] == 0)
            continue;
        Case c;
        c.user = static_cast<std::int64_t>(u);
        for (auto i : detail::scoringHistory(split, u))
            c.history.push_back(i - 1);
        if (split.valid[u] != 0)
            c.history.push_back(split.valid[u] - 1);
        c.target = split.test[u] - 1;
        cases.push_back(std::move(c));
    }
    if (options.users > 0 && static_cast<std::size_t>(options.users) < cases.size()) {
        std::shuffle(cases.begin(), cases.end(), rng);
        cases.resize(static_cast<std::size_t>(options.users));
        std::sort(cases.begin(), cases.end(), [](const Case &a, const Case &b) { return a.user < b.user; });
    }
    if (cases.empty())
        throw EngineError(ErrorKind::Usage, "run " + std::to_string(runId) + " has no test cases to diagnose");
    std::vector<std::int32_t> pool;
    for (auto i : split.testPool.items)
        pool.push_back(i - 1);
    Ranker ranker(*scorer, info->items, options.k, pool);

    // Sequentiality: the part of each history the model reads, shuffled and reversed.
    const auto &model = modelInfo(run->model);
    const std::size_t reads = model.transformer ? static_cast<std::size_t>(std::max(1, config.maxlen - (model.bidirectional ? 1 : 0)))
                                                : std::numeric_limits<std::size_t>::max();
    std::vector<std::vector<std::int32_t>> asIs, shuffled, reversed;
    for (const auto &c : cases) {
        asIs.push_back(c.history);
        const auto window = static_cast<long>(std::min(reads, c.history.size()));
        auto s = c.history;
        std::shuffle(s.end() - window, s.end(), rng);
        shuffled.push_back(std::move(s));
        auto r = c.history;
        std::reverse(r.end() - window, r.end());
        reversed.push_back(std::move(r));
    }
    const auto base = ranker.ndcg(cases, asIs, progress, 0.0, 0.25);
    const auto mixed = ranker.ndcg(cases, shuffled, progress, 0.25, 0.5);
    const auto back = ranker.ndcg(cases, reversed, progress, 0.5, 0.75);
    auto &q = d.sequentiality;
    q.users = static_cast<std::int64_t>(cases.size());
    q.ndcg = mean(base);
    q.ndcgShuffled = mean(mixed);
    q.ndcgReversed = mean(back);
    std::vector<double> drops, reversedDrops;
    for (std::size_t i = 0; i < base.size(); ++i) {
        drops.push_back(base[i] - mixed[i]);
        reversedDrops.push_back(base[i] - back[i]);
    }
    q.drop = mean(drops);
    q.reversedDrop = mean(reversedDrops);
    std::tie(q.dropLow, q.dropHigh) = bootstrapMeanInterval(drops, options.resamples, options.seed);
    std::tie(q.reversedLow, q.reversedHigh) = bootstrapMeanInterval(reversedDrops, options.resamples, options.seed + 1);
    q.usesOrder = q.dropLow > 0;

    // Which interactions trained the run: each user's training items matched in time order.
    std::vector<std::vector<std::size_t>> byUser(static_cast<std::size_t>(info->users));
    for (std::size_t i = 0; i < table.size(); ++i)
        byUser[static_cast<std::size_t>(table.user[i])].push_back(i);
    std::vector<char> trained(table.size(), 0);
    for (std::size_t u = 0; u < byUser.size(); ++u) {
        const auto &train = split.train[u];
        std::size_t next = 0;
        for (auto i : byUser[u])
            if (next < train.size() && table.item[i] + 1 == train[next]) {
                trained[i] = 1;
                ++next;
            }
    }

    // Repeats across training and test.
    auto &rep = d.repeats;
    std::vector<char> inTraining(static_cast<std::size_t>(info->items), 0);
    for (const auto &train : split.train)
        for (auto i : train)
            inTraining[static_cast<std::size_t>(i - 1)] = 1;
    std::int64_t repeated = 0, never = 0, all = 0;
    for (std::size_t u = 0; u < split.test.size(); ++u) {
        if (split.test[u] == 0)
            continue;
        const auto &train = split.train[u];
        const auto targets = !split.testSets.empty() && !split.testSets[u].empty() ? split.testSets[u] : std::vector<std::int32_t>{split.test[u]};
        for (auto t : targets) {
            ++all;
            repeated += std::find(train.begin(), train.end(), t) != train.end();
            never += !inTraining[static_cast<std::size_t>(t - 1)];
        }
    }
    rep.testCases = all;
    rep.testItemInUserTrainingShare = all > 0 ? static_cast<double>(repeated) / static_cast<double>(all) : NAN;
    rep.testItemNeverTrainedShare = all > 0 ? static_cast<double>(never) / static_cast<double>(all) : NAN;

    // Leakage: needs the interactions' times.
    auto &leak = d.leakage;
    leak.timestamps = info->hasTimestamps;
    if (info->hasTimestamps) {
        std::set<std::tuple<std::int32_t, std::int32_t, std::int64_t>> once;
        for (std::size_t i = 0; i < table.size(); ++i)
            rep.duplicateInteractions += !once.emplace(table.user[i], table.item[i], table.timestamp[i]).second;
        leak.latestTraining = std::numeric_limits<std::int64_t>::min();
        for (std::size_t i = 0; i < table.size(); ++i)
            if (trained[i])
                leak.latestTraining = std::max(leak.latestTraining, table.timestamp[i]);
        // A user's test interactions: the latest one with each test item that did not train.
        std::int64_t before = 0;
        for (std::size_t u = 0; u < split.test.size(); ++u) {
            if (split.test[u] == 0)
                continue;
            const auto targets = !split.testSets.empty() && !split.testSets[u].empty() ? split.testSets[u] : std::vector<std::int32_t>{split.test[u]};
            for (auto t : targets)
                for (auto it = byUser[u].rbegin(); it != byUser[u].rend(); ++it)
                    if (table.item[*it] + 1 == t && !trained[*it]) {
                        ++leak.testInteractions;
                        before += table.timestamp[*it] < leak.latestTraining;
                        break;
                    }
        }
        if (leak.testInteractions > 0)
            leak.testBeforeCutShare = static_cast<double>(before) / static_cast<double>(leak.testInteractions);
        leak.ndcgOwnSplit = q.ndcg;

        // The global temporal split: the last share of the interactions by time is the future.
        std::vector<std::size_t> order(table.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return table.timestamp[a] < table.timestamp[b]; });
        const auto cut = static_cast<std::size_t>(std::floor(static_cast<double>(table.size()) * (1.0 - options.temporalShare)));
        std::vector<char> future(table.size(), 0);
        for (auto k = cut; k < order.size(); ++k)
            future[order[k]] = 1;
        if (cut < order.size())
            leak.temporalCut = table.timestamp[order[cut]];
        std::int64_t trainedCount = 0, trainedFuture = 0;
        for (std::size_t i = 0; i < table.size(); ++i)
            if (trained[i]) {
                ++trainedCount;
                trainedFuture += future[i];
            }
        if (trainedCount > 0)
            leak.trainedAfterCutShare = static_cast<double>(trainedFuture) / static_cast<double>(trainedCount);
        std::vector<Case> temporal;
        for (std::size_t u = 0; u < byUser.size(); ++u) {
            Case c;
            c.user = static_cast<std::int64_t>(u);
            c.target = -1;
            for (auto i : byUser[u]) {
                if (!future[i]) {
                    c.history.push_back(table.item[i]);
                } else if (!c.history.empty() && std::find(c.history.begin(), c.history.end(), table.item[i]) == c.history.end()) {
                    c.target = table.item[i]; // the first new item after the cut
                    break;
                }
            }
            if (c.target >= 0)
                temporal.push_back(std::move(c));
        }
        if (options.users > 0 && static_cast<std::size_t>(options.users) < temporal.size()) {
            std::shuffle(temporal.begin(), temporal.end(), rng);
            temporal.resize(static_cast<std::size_t>(options.users));
        }
        leak.temporalUsers = static_cast<std::int64_t>(temporal.size());
        if (!temporal.empty()) {
            Ranker all(*scorer, info->items, options.k, {});
            std::vector<std::vector<std::int32_t>> histories;
            for (const auto &c : temporal)
                histories.push_back(c.history);
            leak.ndcgTemporal = mean(all.ndcg(temporal, histories, progress, 0.75, 1.0));
        }
    }
    d.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.report(1.0, Stage::Diagnosed);
    return d;
}

} // namespace recscope::engine
