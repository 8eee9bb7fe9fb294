// SPDX-License-Identifier: GPL-3.0-or-later
// What every trainable model's training shares (engine-private, includes torch): sampled
// evaluation, the epoch loop with checkpoints and early stopping, optimisers, fine-tuning from
// another run's weights. A model supplies an EpochTrainer; runEpochs does the rest.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/models/epochloop.h is private to the engine"
#endif

#include "engine/store/runstore.h"
#include "engine/settings/trainconfig.h"

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace recscope::engine {

class Progress;

namespace detail {

class Collective;
struct Split;

// Scores candidates[u] (target first) for a batch of users; returns [users x candidates].
using Scorer = std::function<std::vector<float>(const std::vector<std::size_t> &users, bool test,
                                                const std::vector<std::vector<std::int32_t>> &candidates)>;

struct EvalOutcome {
    EvalMetrics metrics;
    double loss = 0; // BCE of the target against the sampled negatives
};

// Validation (or test) on each user's held-out item against `negatives` sampled ones, the same
// negatives every epoch. With `shards`, each rank scores its share of the users and the sums are
// reduced: every rank gets the numbers of all users.
EvalOutcome evaluateSampled(const Split &s, bool test, int negatives, std::uint64_t seed, const Scorer &score, Progress &progress,
                            Collective *shards = nullptr);

// Scores candidates [users x width] from one hidden vector per user.
template <typename HiddenFn, typename ItemsFn>
std::vector<float> scoreCandidates(const std::vector<std::vector<std::int32_t>> &candidates, HiddenFn hiddenOf,
                                   ItemsFn itemVectors) {
    const auto b = static_cast<std::int64_t>(candidates.size());
    std::size_t width = 0;
    for (const auto &c : candidates)
        width = std::max(width, c.size());
    auto cand = torch::zeros({b, static_cast<std::int64_t>(width)}, torch::kLong);
    auto *cp = cand.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < b; ++i) {
        const auto &c = candidates[static_cast<std::size_t>(i)];
        std::copy(c.begin(), c.end(), cp + i * static_cast<std::int64_t>(width));
    }
    const torch::Tensor hidden = hiddenOf(); // [B, H]
    const torch::Tensor scores = torch::matmul(itemVectors(cand.to(hidden.device())), hidden.unsqueeze(-1)).squeeze(-1).to(torch::kCPU).contiguous(); // [B, W]
    const auto *sp = scores.data_ptr<float>();
    std::vector<float> out;
    for (std::int64_t i = 0; i < b; ++i) {
        const auto n = static_cast<std::int64_t>(candidates[static_cast<std::size_t>(i)].size());
        out.insert(out.end(), sp + i * static_cast<std::int64_t>(width), sp + i * static_cast<std::int64_t>(width) + n);
    }
    return out;
}


// A rating model's errors on a set of ratings.
struct RatingErrors {
    double mse = 0, mae = 0;
    std::size_t count = 0;
};

// What differs between trainable models; runEpochs does the rest (evaluation, checkpoints,
// early stopping, curves).
struct EpochTrainer {
    std::function<double(int epoch)> trainEpoch; // mean training loss; throws on cancel or NaN
    double timeShare = -1; // with max_minutes: the share of the time budget spent as the epoch begins (set by runEpochs)
    std::size_t sequences = 0;                   // training examples per epoch, for throughput
    Scorer scorer;
    std::function<std::string()> state;
    std::function<void(const std::string &)> load;
    std::function<std::string()> optimizerState;
    std::function<void(const std::string &)> loadOptimizer;
    std::function<void(bool)> setTraining;
    std::function<std::optional<double>()> epsilon; // DP runs: the budget spent so far
    std::function<bool()> budgetSpent;               // DP runs with a target: no step is left
    // Rating models: errors on the validation (false) or test (true) ratings. The curve's
    // validation loss is then the validation MSE, and the best epoch and early stopping follow it
    // instead of NDCG@10.
    std::function<RatingErrors(bool test)> rate;
    // Data-parallel runs: the other processes. Validation is sharded, decisions to stop are
    // taken together, and only rank 0 writes the project and measures the test part.
    Collective *collective = nullptr;
};

// Fine-tuning: the weights of another run, with its items (and users) matched by external id.
struct WarmStart {
    TrainConfig source;
    std::int64_t sourceItems = 0, sourceUsers = 0;
    std::string state;
    std::vector<std::int64_t> itemMap; // target row -> source row, -1 where the item is new
    std::vector<std::int64_t> userMap; // likewise for BPR-MF's user vectors
    std::int64_t matchedItems = 0;
};

// Where a resumed run picks up: the last stored epoch and the best result so far.
struct ResumePoint {
    int startEpoch = 0; // epochs already done
    double best = -std::numeric_limits<double>::infinity(); // NDCG@10, or minus the validation MSE
    int sinceBest = 0;
    std::string modelState, optimizerState;
};

// Copies rows of `from` into `to` where map[row] >= 0.
void copyMappedRows(torch::Tensor to, const torch::Tensor &from, const std::vector<std::int64_t> &map);

// Starts `model` from the source run's weights: item (and user) rows by id, everything else where
// the shapes agree; position embeddings are aligned from the most recent position backwards.
template <typename Holder>
void applyWarmStart(Holder &model, Holder &source, const WarmStart &w) {
    torch::NoGradGuard noGrad;
    const auto from = source->named_parameters();
    for (auto &p : model->named_parameters()) {
        const auto name = p.key();
        if (!from.contains(name))
            continue;
        auto to = p.value();
        const auto &f = from[name];
        if (name == "items.weight" || name == "seq.items.weight") // id embeddings (the text model's under seq.)
            copyMappedRows(to, f, w.itemMap);
        else if (name == "item_bias.weight") // biased MF
            copyMappedRows(to, f, w.itemMap);
        else if (name == "users.weight" || name == "user_bias.weight")
            copyMappedRows(to, f, w.userMap);
        else if (name.ends_with("positions.weight")) {
            const auto n = std::min(to.size(0), f.size(0));
            to.slice(0, to.size(0) - n).copy_(f.slice(0, f.size(0) - n));
        } else if (f.sizes() == to.sizes())
            to.copy_(f);
    }
}

// Passes a step's loss to testing::traceSteps' function, if any.
void traceStep(double loss);
// Throws EngineError(BadInput) for a NaN or infinite loss (or the one testing:: injects).
void checkFinite(double value, int epoch, std::size_t batch);

// The epochs of a trainable model from `resume` (or the first), storing each with its
// checkpoints, stopping early on validation NDCG@10 or a spent privacy budget; then the best
// checkpoint's validation and test numbers into `result`.
void runEpochs(const TrainConfig &c, const Split &s, RunStore &store, TrainResult &result, Progress &progress,
               const std::function<void(const EpochRecord &)> &onEpoch, EpochTrainer &t, const ResumePoint *resume);

// Models without epochs (popularity, item-kNN): one "epoch" record with their validation scores.
void fitOnce(const TrainConfig &c, const Split &s, RunStore &store, TrainResult &result, Progress &progress,
             const std::function<void(const EpochRecord &)> &onEpoch, const Scorer &scorer, const std::string &state,
             double seconds);

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainConfig &c, const std::vector<torch::Tensor> &params);
std::string serializeOptimizer(torch::optim::Optimizer &opt);
void deserializeOptimizer(torch::optim::Optimizer &opt, const std::string &state);
// zero_grad, backward, clipping to `clip` (0 = off), step. With `together`, the gradients are
// summed over the ranks before clipping (each rank's loss is its share of the batch's).
void step(torch::optim::Optimizer &opt, torch::Tensor loss, const std::vector<torch::Tensor> &params, double clip,
          Collective *together = nullptr);
// Every parameter's gradient, zeros where backward left none, summed over the ranks.
void sumGradients(const std::vector<torch::Tensor> &params, Collective &together);
// Seeds the epoch by its number (so a resumed run draws what an uninterrupted one would have)
// and sets its learning rate.
// Seeds the epoch and sets its learning rate (`timeShare`: EpochTrainer's, < 0 without a time budget).
// Data-parallel ranks draw dropout on torch's generator seeded per `rank`; `rng` is the same on
// every rank (it orders the epoch's users).
void beginEpoch(const TrainConfig &c, int epoch, double timeShare, std::mt19937_64 &rng, torch::optim::Optimizer &opt, int rank = 0);
void reportBatch(Progress &progress, const TrainConfig &c, int epoch, std::size_t batch, std::size_t batches);
// The learning rate's multiplier in an epoch (0-based): warm-up over warmup epochs, then the decay
// over the remaining epochs, or with a time budget over the share of it spent (`timeShare` >= 0).
double learningRateFactor(const TrainConfig &c, int epoch, double timeShare = -1);
// A number in at most 3 significant digits, for messages.
std::string formatShort(double x);

// Checkpointing and train/eval switching for a torch model and its optimiser.
template <typename Holder>
void bindModel(EpochTrainer &t, Holder &model, torch::optim::Optimizer &opt) {
    t.state = [&model] { return serialize(model); };
    t.load = [&model](const std::string &state) { deserialize(model, state); };
    t.optimizerState = [&opt] { return serializeOptimizer(opt); };
    t.loadOptimizer = [&opt](const std::string &state) { deserializeOptimizer(opt, state); };
    t.setTraining = [&model](bool on) { on ? model->train() : model->eval(); };
}

} // namespace detail
} // namespace recscope::engine
