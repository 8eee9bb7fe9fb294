// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/data/split.h"

#include "engine/core/errors.h"
#include "engine/store/project.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace recscope::engine::detail {

namespace {

// Fills the split's sizes and `seen` sets from `t` (the dataset's interactions) and returns each
// user's whole history.
std::vector<std::vector<std::int32_t>> histories(Project &project, std::int64_t datasetId, Split &s, const InteractionTable &t) {
    const auto info = project.dataset(datasetId);
    if (!info)
        throw EngineError(ErrorKind::Usage, "no dataset with id " + std::to_string(datasetId));
    s.numItems = info->items;
    s.trainPool.numItems = s.validPool.numItems = s.testPool.numItems = info->items;
    const auto users = static_cast<std::size_t>(info->users);
    std::vector<std::vector<std::int32_t>> full(users);
    for (std::size_t i = 0; i < t.size(); ++i)
        full[static_cast<std::size_t>(t.user[i])].push_back(t.item[i] + 1);
    s.train.resize(users);
    s.valid.assign(users, 0);
    s.test.assign(users, 0);
    s.seen.resize(users);
    for (std::size_t u = 0; u < users; ++u)
        s.seen[u] = std::unordered_set<std::int32_t>(full[u].begin(), full[u].end());
    return full;
}

} // namespace

Split leaveOneOut(Project &project, std::int64_t datasetId) {
    Split s;
    auto full = histories(project, datasetId, s, project.interactions(datasetId));
    for (std::size_t u = 0; u < full.size(); ++u) {
        auto &seq = full[u];
        if (seq.size() >= 3) {
            s.test[u] = seq.back();
            s.valid[u] = seq[seq.size() - 2];
            seq.resize(seq.size() - 2);
        }
        s.train[u] = std::move(seq);
    }
    return s;
}

Split coldStart(Project &project, std::int64_t datasetId) {
    Split s;
    auto full = histories(project, datasetId, s, project.interactions(datasetId));
    s.heldOut.assign(static_cast<std::size_t>(s.numItems) + 1, 0);
    std::vector<std::int32_t> order(static_cast<std::size_t>(s.numItems));
    std::iota(order.begin(), order.end(), 1);
    std::mt19937_64 draw(0xC01D5747);
    std::shuffle(order.begin(), order.end(), draw);
    const auto cold = std::max<std::size_t>(1, order.size() / 10);
    for (std::size_t i = 0; i < order.size(); ++i)
        (i < cold ? s.testPool.items : s.trainPool.items).push_back(order[i]);
    for (auto i : s.testPool.items)
        s.heldOut[static_cast<std::size_t>(i)] = 1;
    std::sort(s.testPool.items.begin(), s.testPool.items.end());
    std::sort(s.trainPool.items.begin(), s.trainPool.items.end());
    s.validPool = s.trainPool;
    for (std::size_t u = 0; u < full.size(); ++u) {
        const auto &seq = full[u];
        std::size_t end = seq.size();
        for (std::size_t k = seq.size(); k-- > 0;)
            if (s.heldOut[static_cast<std::size_t>(seq[k])]) {
                end = k;
                break;
            }
        std::vector<std::int32_t> kept;
        for (std::size_t k = 0; k < end; ++k)
            if (!s.heldOut[static_cast<std::size_t>(seq[k])])
                kept.push_back(seq[k]);
        if (end < seq.size() && !kept.empty())
            s.test[u] = seq[end];
        if (kept.size() >= 3) {
            s.valid[u] = kept.back();
            kept.pop_back();
        }
        s.train[u] = std::move(kept);
    }
    return s;
}

namespace {

// Splits each user's history by `isTest` (indices into the dataset's interaction table, in
// storage order): validation is the last kept item (with three or more kept), training the rest.
template <typename IsTest>
Split splitBy(Project &project, std::int64_t datasetId, const InteractionTable &t, IsTest isTest) {
    Split s;
    histories(project, datasetId, s, t);
    const auto users = s.train.size();
    std::vector<std::vector<std::int32_t>> kept(users);
    s.testSets.assign(users, {});
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto u = static_cast<std::size_t>(t.user[i]);
        const auto item = t.item[i] + 1;
        if (!isTest(i)) {
            kept[u].push_back(item);
        } else if (std::find(s.testSets[u].begin(), s.testSets[u].end(), item) == s.testSets[u].end()) {
            s.testSets[u].push_back(item);
        }
    }
    for (std::size_t u = 0; u < users; ++u) {
        auto &k = kept[u];
        if (k.empty()) // nothing to recommend from: not a test case
            s.testSets[u].clear();
        if (!s.testSets[u].empty())
            s.test[u] = s.testSets[u].front();
        if (k.size() >= 3) {
            s.valid[u] = k.back();
            k.pop_back();
        }
        s.train[u] = std::move(k);
    }
    return s;
}

} // namespace

Split temporalSplit(Project &project, std::int64_t datasetId, double testRatio) {
    const auto info = project.dataset(datasetId);
    if (info && !info->hasTimestamps)
        throw EngineError(ErrorKind::Usage, "the temporal split needs timestamps, and dataset '" + info->name +
                                                "' has none; use split=loo or split=random");
    const auto t = project.interactions(datasetId);
    // Global order by time (storage order among equal times); the last share is test.
    std::vector<std::size_t> order(t.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return t.timestamp[a] < t.timestamp[b]; });
    const auto cut = static_cast<std::size_t>(std::floor(static_cast<double>(t.size()) * (1.0 - testRatio)));
    std::vector<char> test(t.size(), 0);
    for (std::size_t k = cut; k < order.size(); ++k)
        test[order[k]] = 1;
    return splitBy(project, datasetId, t, [&](std::size_t i) { return test[i] != 0; });
}

Split randomSplit(Project &project, std::int64_t datasetId, double testRatio) {
    std::mt19937_64 draw(0x5EED5EED);
    std::bernoulli_distribution coin(testRatio);
    const auto t = project.interactions(datasetId);
    std::vector<char> test(t.size());
    for (auto &x : test)
        x = coin(draw) ? 1 : 0;
    return splitBy(project, datasetId, t, [&](std::size_t i) { return test[i] != 0; });
}

Split kfoldSplit(Project &project, std::int64_t datasetId, int folds, int fold) {
    Split s;
    auto full = histories(project, datasetId, s, project.interactions(datasetId));
    std::vector<std::size_t> order(full.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 draw(0xF01DF01D);
    std::shuffle(order.begin(), order.end(), draw);
    s.context.assign(full.size(), {});
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto u = order[k];
        auto &seq = full[u];
        if (static_cast<int>(k % static_cast<std::size_t>(folds)) == fold) {
            if (seq.size() >= 2) {
                s.test[u] = seq.back();
                seq.pop_back();
                s.context[u] = std::move(seq);
            }
            continue; // held out whole: nothing of theirs is trained on
        }
        if (seq.size() >= 3) {
            s.valid[u] = seq.back();
            seq.pop_back();
        }
        s.train[u] = std::move(seq);
    }
    return s;
}

RatingSets ratingsOf(const Split &s, const InteractionTable &t) {
    RatingSets out;
    double sum = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!std::isfinite(t.rating[i]))
            continue;
        const auto u = static_cast<std::size_t>(t.user[i]);
        const RatedCase r{t.user[i], t.item[i] + 1, t.rating[i]};
        const bool inTestSet = !s.testSets.empty() && std::find(s.testSets[u].begin(), s.testSets[u].end(), r.item) != s.testSets[u].end();
        if (inTestSet || (s.testSets.empty() && s.test[u] == r.item)) {
            out.test.push_back(r);
        } else if (s.valid[u] == r.item) {
            out.valid.push_back(r);
        } else if (!s.train[u].empty()) {
            out.train.push_back(r);
            sum += r.rating;
        }
    }
    if (!out.train.empty())
        out.trainMean = sum / static_cast<double>(out.train.size());
    return out;
}

Split makeSplit(Project &project, std::int64_t datasetId, const SplitOptions &c) {
    switch (c.kind) {
    case SplitKind::KFold: return kfoldSplit(project, datasetId, c.folds, c.fold);
    case SplitKind::ColdStart: return coldStart(project, datasetId);
    case SplitKind::Temporal: return temporalSplit(project, datasetId, c.testRatio);
    case SplitKind::Random: return randomSplit(project, datasetId, c.testRatio);
    case SplitKind::LeaveOneOut: break;
    }
    return leaveOneOut(project, datasetId);
}

void fillInput(std::span<const std::int32_t> seq, std::int32_t extra, std::int64_t maxlen, std::int64_t *out) {
    std::fill(out, out + maxlen, 0);
    std::int64_t pos = maxlen - 1;
    if (extra > 0)
        out[pos--] = extra;
    for (auto it = seq.rbegin(); it != seq.rend() && pos >= 0; ++it)
        out[pos--] = *it;
}

std::vector<double> popularity(const Split &s) {
    std::vector<double> pop(static_cast<std::size_t>(s.numItems) + 1, 0.0);
    for (const auto &seq : s.train)
        for (auto i : seq)
            pop[static_cast<std::size_t>(i)] += 1;
    return pop;
}

std::int32_t drawNegative(const Split &s, std::size_t user, std::mt19937_64 &rng) {
    const auto &taken = s.seen[user];
    for (int tries = 0; tries < 64; ++tries)
        if (const auto x = s.trainPool.draw(rng); !taken.count(x))
            return x;
    const auto &pool = s.trainPool.items;
    const auto size = pool.empty() ? static_cast<std::size_t>(s.trainPool.numItems) : pool.size();
    if (size == 0)
        return 0;
    const auto start = std::uniform_int_distribution<std::size_t>(0, size - 1)(rng);
    for (std::size_t k = 0; k < size; ++k) {
        const auto at = (start + k) % size;
        const auto x = pool.empty() ? static_cast<std::int32_t>(at + 1) : pool[at];
        if (!taken.count(x))
            return x;
    }
    return 0;
}

std::vector<std::int32_t> sampleNegatives(const Split &s, std::size_t user, int count, std::mt19937_64 &rng,
                                          const std::function<std::int32_t(std::mt19937_64 &)> &draw) {
    std::vector<std::int32_t> out;
    std::unordered_set<std::int32_t> taken;
    int guard = 0;
    while (static_cast<int>(out.size()) < count && guard++ < count * 50) {
        const auto x = draw(rng);
        if (s.seen[user].count(x) || !taken.insert(x).second)
            continue;
        out.push_back(x);
    }
    return out;
}

} // namespace recscope::engine::detail
