// SPDX-License-Identifier: GPL-3.0-or-later
// How a dataset's histories are cut into training, validation and test cases (engine-private:
// shared by training and evaluation so both read exactly the same split).
#pragma once

#include "engine/data/splitkind.h"

#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <unordered_set>
#include <vector>

namespace recscope::engine {

class Project;
struct InteractionTable;

namespace detail {

// A split and its parameters (TrainConfig::splitOptions() gives a run's).
struct SplitOptions {
    SplitKind kind = SplitKind::LeaveOneOut;
    double testRatio = 0.2; // temporal and random
    int folds = 5, fold = 0; // k-fold
};

// Items a sampler may draw: every item 1..numItems, or the listed ones.
struct ItemPool {
    std::int64_t numItems = 0;
    std::vector<std::int32_t> items; // empty: all
    std::int32_t draw(std::mt19937_64 &rng) const {
        if (items.empty())
            return std::uniform_int_distribution<std::int32_t>(1, static_cast<std::int32_t>(numItems))(rng);
        return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
    }
};

// Item indices shifted by one: 0 is padding for the models.
struct Split {
    std::int64_t numItems = 0;
    std::vector<std::vector<std::int32_t>> train; // per user
    std::vector<std::int32_t> valid, test;        // 0 where the user has no such case
    std::vector<std::unordered_set<std::int32_t>> seen;
    // Where negatives come from: in training, and for the validation and test candidates.
    ItemPool trainPool, validPool, testPool;
    std::vector<char> heldOut; // per item row: kept out of training (cold-start split)
    // Temporal and random splits: every test item of a user (distinct, in time order); test[u]
    // is the first of them, the next item a sequence model is asked for. Empty otherwise.
    std::vector<std::vector<std::int32_t>> testSets;
    // k-fold: a held-out user's history before their test item, to score them from; such users
    // are never trained on (their train is empty). Empty otherwise.
    std::vector<std::vector<std::int32_t>> context;
};

// What a user's test case is scored from: a held-out user's context (k-fold), else their training
// items (callers add the validation item).
inline const std::vector<std::int32_t> &scoringHistory(const Split &s, std::size_t user) {
    return !s.context.empty() && !s.context[user].empty() ? s.context[user] : s.train[user];
}

// Leave-one-out: the last item is the test case, the one before it validation.
Split leaveOneOut(Project &project, std::int64_t datasetId);
// Cold start: a tenth of the items (the same draw for every run on the dataset) never occur in
// training, not even as negatives. A user's test case is their last held-out item, ranked
// against held-out items they never took, from the other items before it; validation is
// leave-one-out on the items kept.
Split coldStart(Project &project, std::int64_t datasetId);
// Temporal: interactions in time order; the last `testRatio` of them (after a global cut) are
// test items. Throws EngineError(Usage) for a dataset without timestamps.
Split temporalSplit(Project &project, std::int64_t datasetId, double testRatio);
// Random: each interaction is a test item with probability `testRatio` (one fixed draw per
// dataset, so every run on it is tested on the same items).
Split randomSplit(Project &project, std::int64_t datasetId, double testRatio);
// k-fold cross-validation grouped by user: users fall into `folds` groups (one fixed shuffle per
// dataset); the users of group `fold` are held out whole and each is tested on their last item
// from the rest of their history; the others train, validated on their last item.
Split kfoldSplit(Project &project, std::int64_t datasetId, int folds, int fold);
// The split `options` ask for (a run's: TrainConfig::splitOptions()).
Split makeSplit(Project &project, std::int64_t datasetId, const SplitOptions &options);

// The last `maxlen` items of `seq` (plus `extra` when non-zero), left-padded with zeros.
void fillInput(std::span<const std::int32_t> seq, std::int32_t extra, std::int64_t maxlen, std::int64_t *out);

// A user's sampled negatives: up to `count` distinct items from `draw` that the user never took.
// The same seed gives the same draw (curves and later evaluations compare like with like).
// One training negative for `user`: an item of the training pool they have not taken. After 64
// draws that all hit taken items, the pool is searched in order from a random place; a user who
// has taken every item of the pool gets 0 (padding: a constant loss, no gradient), never a loop.
std::int32_t drawNegative(const Split &s, std::size_t user, std::mt19937_64 &rng);

std::vector<std::int32_t> sampleNegatives(const Split &s, std::size_t user, int count, std::mt19937_64 &rng,
                                          const std::function<std::int32_t(std::mt19937_64 &)> &draw);
// The generator for a user's validation or test negatives under `seed`.
inline std::mt19937_64 caseGenerator(std::uint64_t seed, std::size_t user, bool test) {
    return std::mt19937_64(seed * 1000003ULL + user * 2 + (test ? 1 : 0));
}

// One rated interaction; item shifted by one, as in Split.
struct RatedCase {
    std::int32_t user = 0, item = 0;
    float rating = 0;
};

// The split's interactions that carry a rating, by the part of the split they fell in: test (a
// user's test item or test set), validation (their validation item), training (the rest of a
// user who trains). Held-out k-fold users' context is in none.
struct RatingSets {
    std::vector<RatedCase> train, valid, test;
    double trainMean = 0; // the global mean of the training ratings (0 when none)
};
RatingSets ratingsOf(const Split &s, const InteractionTable &t);

// Training interactions per item row (row 0, padding, stays 0).
std::vector<double> popularity(const Split &s);

} // namespace detail
} // namespace recscope::engine
