// SPDX-License-Identifier: GPL-3.0-or-later
// Training runs: the training loop with early stopping, resuming, and recommendations from a
// stored run (the settings are in trainconfig.h). Std-only interface; the models behind it use libtorch.
#pragma once

#include "engine/store/runstore.h"
#include "engine/training/trainconfig.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

struct TrainResult {
    std::int64_t runId = 0;
    RunStatus status = RunStatus::Queued; // finished, cancelled or failed once trained
    std::string message;
    std::optional<std::int64_t> bestEpoch;
    std::int64_t epochs = 0;
    double seconds = 0;
    EvalMetrics valid, test;       // of the best checkpoint
    std::optional<double> epsilon; // DP runs: the budget spent, for `delta`
    double delta = 0;
};

// What a DP-SGD run spent, as stored with its metrics; nullopt for a run trained without DP.
struct RunPrivacy {
    std::string unit; // user, example
    double epsilon = 0, delta = 0;
};
std::optional<RunPrivacy> runPrivacy(const RunInfo &run);

// Bytes a configuration needs while training (parameters, optimiser state, activations), and
// the memory the machine has; trainRun refuses a run whose estimate exceeds 80% of it.
std::uint64_t estimateTrainingBytes(const TrainConfig &config, std::int64_t numItems);
std::uint64_t availableMemoryBytes();

// Trains a new run on the caller's thread (open `project` there). Each epoch is stored as it
// ends, with the best and last checkpoints; `onEpoch` sees it too. Cancel stops within one
// batch and keeps what was stored. A NaN or infinite loss stops the run as failed, keeping the
// last good checkpoint.
TrainResult trainRun(Project &project, std::int64_t datasetId, const TrainConfig &config, const std::string &name,
                     Progress &progress, const std::function<void(const EpochRecord &)> &onEpoch = {});

// Continues an interrupted, cancelled or failed run from its last checkpoint (model and
// optimiser state), keeping its curve and best epoch; epochs are seeded by number, so the result
// matches an uninterrupted run on the same machine and thread count.
// With `epochs`, the run ends there instead (at least the epochs already done; equal to them,
// it only evaluates the best checkpoint on validation and test); a finished run given more
// epochs continues too (early stopping counts from its curve).
TrainResult resumeRun(Project &project, std::int64_t runId, Progress &progress,
                      const std::function<void(const EpochRecord &)> &onEpoch = {}, std::optional<int> epochs = {});

// The `k` best-scored of `n` items (scores[i] is item i's) that are not in `seen`, best first.
std::vector<std::pair<std::int64_t, double>> topUnseen(const float *scores, std::size_t n, const std::unordered_set<std::int32_t> &seen, int k);

// The top-k items for a user of the run's dataset (index into Project::users), scored by the
// run's best checkpoint; items already in the user's history are excluded. With `history` (item
// indices, oldest first), the model reads that edited history instead of the user's own
// (counterfactuals); the user's own items stay excluded.
std::vector<std::pair<std::int64_t, double>> recommend(Project &project, std::int64_t runId, std::int64_t userIndex, int k,
                                                       const std::optional<std::vector<std::int64_t>> &history = {});
class RunScorer;
// The same with the run's scorer already loaded (many users in a row); `datasetId` is the run's.
std::vector<std::pair<std::int64_t, double>> recommend(Project &project, RunScorer &scorer, std::int64_t datasetId, std::int64_t userIndex,
                                                       int k, const std::optional<std::vector<std::int64_t>> &history = {});

namespace testing {
// Fault injection for tests: the loss of this batch (0-based epoch and batch) reads as NaN, in
// every run until called again with epoch -1.
void injectNonFiniteLoss(int epoch, int batch);
} // namespace testing

} // namespace recscope::engine
