// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/epochloop.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/split.h"
#include "engine/models/collective.h"

#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <torch/serialize.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

namespace recscope::engine {

namespace {
using Clock = std::chrono::steady_clock;
std::atomic<long> g_nonFiniteAt{-1}; // testing::injectNonFiniteLoss
std::function<void(double)> g_traceSteps; // testing::traceSteps
} // namespace

namespace testing {
void injectNonFiniteLoss(int epoch, int batch) {
    g_nonFiniteAt.store(epoch < 0 ? -1L : static_cast<long>(epoch) * 1000000L + batch);
}
void traceSteps(std::function<void(double)> trace) { g_traceSteps = std::move(trace); }
} // namespace testing

namespace detail {

EvalOutcome evaluateSampled(const Split &s, bool test, int negatives, std::uint64_t seed, const Scorer &score,
                            Progress &progress, Collective *shards) {
    EvalOutcome out;
    std::vector<std::size_t> users;
    for (std::size_t u = 0; u < s.train.size(); ++u)
        if ((test ? s.test[u] : s.valid[u]) > 0)
            users.push_back(u);
    // Similar history lengths share a batch, so sequence models cut less padding.
    std::stable_sort(users.begin(), users.end(), [&](auto a, auto b) { return s.train[a].size() < s.train[b].size(); });
    if (shards) { // every size-th user from this rank's place: shares of like lengths
        std::vector<std::size_t> mine;
        for (std::size_t k = static_cast<std::size_t>(shards->rank()); k < users.size(); k += static_cast<std::size_t>(shards->size()))
            mine.push_back(users[k]);
        users.swap(mine);
    }
    const std::size_t batch = 256;
    double lossSum = 0;
    for (std::size_t start = 0; start < users.size(); start += batch) {
        throwIfCancelled(progress);
        std::vector<std::size_t> chunk(users.begin() + static_cast<long>(start),
                                       users.begin() + static_cast<long>(std::min(users.size(), start + batch)));
        std::vector<std::vector<std::int32_t>> candidates;
        for (auto u : chunk) {
            // The same negatives for a user every epoch: curves compare like with like.
            auto rng = caseGenerator(seed, u, test);
            const ItemPool &pool = test ? s.testPool : s.validPool;
            std::vector<std::int32_t> c{test ? s.test[u] : s.valid[u]};
            for (auto x : sampleNegatives(s, u, negatives, rng, [&pool](std::mt19937_64 &g) { return pool.draw(g); }))
                c.push_back(x);
            candidates.push_back(std::move(c));
        }
        const auto scores = score(chunk, test, candidates);
        std::size_t offset = 0;
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            const std::size_t n = candidates[i].size();
            const float target = scores[offset];
            std::int64_t above = 0, ties = 0;
            double l = std::log1p(std::exp(-static_cast<double>(target)));
            for (std::size_t j = 1; j < n; ++j) {
                above += scores[offset + j] > target;
                ties += scores[offset + j] == target;
                l += std::log1p(std::exp(static_cast<double>(scores[offset + j]))) / static_cast<double>(n - 1);
            }
            offset += n;
            lossSum += l;
            // Ties are broken at random: the metrics are their expectation over the target's
            // possible ranks above..above+ties (a model that scores everything alike is no oracle).
            const double share = 1.0 / static_cast<double>(ties + 1);
            for (std::int64_t rank = above; rank <= above + ties; ++rank) {
                const double gain = 1.0 / std::log2(static_cast<double>(rank) + 2.0);
                out.metrics.ndcg10 += rank < 10 ? share * gain : 0;
                out.metrics.hr10 += rank < 10 ? share : 0;
                out.metrics.ndcg5 += rank < 5 ? share * gain : 0;
                out.metrics.hr5 += rank < 5 ? share : 0;
                out.metrics.mrr += share / static_cast<double>(rank + 1);
            }
        }
    }
    double count = static_cast<double>(users.size());
    if (shards) {
        const auto total = shards->sumValues({out.metrics.ndcg10, out.metrics.hr10, out.metrics.ndcg5, out.metrics.hr5, out.metrics.mrr, lossSum, count});
        out.metrics.ndcg10 = total[0];
        out.metrics.hr10 = total[1];
        out.metrics.ndcg5 = total[2];
        out.metrics.hr5 = total[3];
        out.metrics.mrr = total[4];
        lossSum = total[5];
        count = total[6];
    }
    const double n = std::max<double>(1, count);
    out.metrics.users = static_cast<std::int64_t>(count);
    out.metrics.ndcg10 /= n;
    out.metrics.hr10 /= n;
    out.metrics.ndcg5 /= n;
    out.metrics.hr5 /= n;
    out.metrics.mrr /= n;
    out.loss = lossSum / n;
    return out;
}


namespace {
// Where the time budget of the run training on this thread started (each run trains on a thread
// of its own): runEpochs sets it, reportBatch reads it so that a budgeted run's progress follows
// the clock, not its (deliberately large) epoch count.
thread_local struct {
    Clock::time_point start;
    double before = 0; // seconds spent by earlier sessions of a resumed run
} t_budgetClock;

// The share of the time budget spent, or -1 outside runEpochs (a text model's pretraining).
double budgetShare(const TrainConfig &c) {
    if (t_budgetClock.start == Clock::time_point{})
        return -1;
    return std::min(1.0, (t_budgetClock.before + std::chrono::duration<double>(Clock::now() - t_budgetClock.start).count()) /
                             (c.maxMinutes * 60));
}
} // namespace

double learningRateFactor(const TrainConfig &c, int epoch, double timeShare) { // epoch is 0-based
    if (c.warmupEpochs > 0 && epoch < c.warmupEpochs)
        return static_cast<double>(epoch + 1) / static_cast<double>(c.warmupEpochs);
    const int span = std::max(1, c.epochs - c.warmupEpochs);
    const double t = timeShare >= 0 ? std::min(1.0, timeShare) : static_cast<double>(epoch - c.warmupEpochs) / static_cast<double>(span);
    if (c.decay == LrDecay::Linear)
        return std::max(0.0, 1.0 - t);
    if (c.decay == LrDecay::Cosine)
        return 0.5 * (1.0 + std::cos(M_PI * t));
    return 1.0;
}

// A number in at most 3 significant digits, for messages.
std::string formatShort(double x) {
    std::ostringstream out;
    out << std::setprecision(3) << x;
    return out.str();
}

void copyMappedRows(torch::Tensor to, const torch::Tensor &from, const std::vector<std::int64_t> &map) {
    std::vector<std::int64_t> dst, src;
    for (std::size_t t = 0; t < map.size() && static_cast<std::int64_t>(t) < to.size(0); ++t)
        if (map[t] >= 0 && map[t] < from.size(0)) {
            dst.push_back(static_cast<std::int64_t>(t));
            src.push_back(map[t]);
        }
    if (dst.empty())
        return;
    to.index_copy_(0, torch::tensor(dst, torch::kLong), from.index_select(0, torch::tensor(src, torch::kLong)));
}

void traceStep(double loss) {
    if (g_traceSteps)
        g_traceSteps(loss);
}

void checkFinite(double value, int epoch, std::size_t batch) {
    const long at = g_nonFiniteAt.load();
    if (at >= 0 && at == static_cast<long>(epoch) * 1000000L + static_cast<long>(batch))
        value = std::numeric_limits<double>::quiet_NaN();
    if (!std::isfinite(value))
        throw EngineError(ErrorKind::BadInput, "the training loss became " + std::string(std::isnan(value) ? "NaN" : "infinite") +
                                                   " in epoch " + std::to_string(epoch + 1) + ", batch " +
                                                   std::to_string(batch + 1) + ". Lower lr or raise clip");
}

void runEpochs(const TrainConfig &c, const Split &s, RunStore &store, TrainResult &result, Progress &progress,
               const std::function<void(const EpochRecord &)> &onEpoch, EpochTrainer &t, const ResumePoint *resume) {
    double best = resume ? resume->best : -std::numeric_limits<double>::infinity();
    int sinceBest = resume ? resume->sinceBest : 0;
    if (resume && !resume->modelState.empty()) {
        t.load(resume->modelState);
        if (!resume->optimizerState.empty())
            t.loadOptimizer(resume->optimizerState);
    }
    const bool alreadyStopped = (c.patience > 0 && sinceBest >= c.patience) || (t.budgetSpent && t.budgetSpent());
    // A time budget counts the epochs of earlier sessions of a resumed run; an epoch starts only
    // when it can end within the budget, judged by the last one (at least one always runs).
    const double budget = c.maxMinutes * 60;
    const int firstEpoch = resume ? resume->startEpoch : 0;
    double spentBefore = 0, lastEpochSeconds = 0;
    if (budget > 0 && firstEpoch > 0)
        for (const auto &done : store.epochs(result.runId))
            if (done.epoch <= firstEpoch) {
                spentBefore += done.seconds;
                lastEpochSeconds = done.seconds;
            }
    const auto loopStart = Clock::now();
    t_budgetClock.start = loopStart;
    t_budgetClock.before = spentBefore;
    struct ClearBudgetClock { // however the loop ends: a later run on this thread starts its own
        ~ClearBudgetClock() { t_budgetClock = {}; }
    } clearBudgetClock;
    // Data parallel: only rank 0 writes the project; the budget is rank 0's clock.
    Collective *const together = t.collective;
    const bool writes = !together || together->world().leader();
    for (int epoch = firstEpoch; epoch < c.epochs && !alreadyStopped; ++epoch) {
        if (budget > 0) {
            const double spent = spentBefore + std::chrono::duration<double>(Clock::now() - loopStart).count();
            bool stop = (epoch > firstEpoch || spentBefore > 0) && spent + lastEpochSeconds > budget;
            double share = spent / budget;
            if (together) {
                const auto agreed = together->sumValues({stop ? 1.0 : 0.0, writes ? share : 0.0});
                stop = agreed[0] > 0;
                share = agreed[1];
            }
            if (stop) {
                result.message = "stopped at the time budget of " + formatShort(c.maxMinutes) + " min after " + std::to_string(epoch) +
                                 " epoch(s), " + formatShort(share * budget / 60) + " min spent";
                break;
            }
            t.timeShare = share;
        }
        const auto epochStart = Clock::now();
        t.setTraining(true);
        double loss = 0;
        try {
            loss = t.trainEpoch(epoch);
        } catch (const EngineError &e) {
            if (e.kind() != ErrorKind::BadInput)
                throw;
            std::int64_t kept = 0;
            store.loadCheckpoint(result.runId, "last", &kept);
            throw EngineError(ErrorKind::BadInput, e.message() + (kept > 0 ? "; the checkpoint of epoch " + std::to_string(kept) + " is kept"
                                                                            : "; no checkpoint was written yet"));
        }
        const double trainSeconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
        t.setTraining(false);
        progress.report(budget > 0 ? budgetShare(c) : (static_cast<double>(epoch) + 1) / static_cast<double>(c.epochs),
                        {Stage::Validating, {std::to_string(epoch + 1)}});
        const auto v = evaluateSampled(s, false, c.negatives, c.seed, t.scorer, progress, together);
        EpochRecord e;
        e.epoch = epoch + 1;
        e.trainLoss = loss;
        std::optional<RatingErrors> rated;
        if (t.rate)
            rated = t.rate(false);
        e.validLoss = rated ? rated->mse : v.loss;
        e.validNdcg10 = v.metrics.ndcg10;
        e.validHr10 = v.metrics.hr10;
        e.seconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
        e.sequencesPerSecond = static_cast<double>(t.sequences) / std::max(1e-9, trainSeconds);
        if (t.epsilon)
            e.epsilon = t.epsilon();
        const std::string state = writes ? t.state() : std::string();
        if (writes) {
            store.saveCheckpoint(result.runId, "last", e.epoch, state);
            store.saveCheckpoint(result.runId, "optimizer", e.epoch, t.optimizerState());
        }
        const double criterion = rated ? -rated->mse : v.metrics.ndcg10;
        if (criterion > best) {
            best = criterion;
            sinceBest = 0;
            result.bestEpoch = e.epoch;
            result.valid = v.metrics;
            if (writes)
                store.saveCheckpoint(result.runId, "best", e.epoch, state);
        } else {
            ++sinceBest;
        }
        if (writes)
            store.appendEpoch(result.runId, e);
        result.epochs = e.epoch;
        lastEpochSeconds = e.seconds;
        if (onEpoch && writes)
            onEpoch(e);
        if (c.patience > 0 && sinceBest >= c.patience)
            break;
        if (t.budgetSpent && t.budgetSpent()) {
            if (e.epoch < c.epochs) // ahead of the planned end
                result.message = "stopped at the privacy budget: epsilon " + formatShort(*e.epsilon) + " of the target " +
                                 formatShort(c.dpTargetEpsilon) + " (delta " + formatShort(c.dpDelta) + ")";
            break;
        }
    }
    if (t.epsilon) {
        result.epsilon = t.epsilon();
        result.delta = c.dpDelta;
    }
    if (!writes) // rank 0 measures the best checkpoint alone
        return;
    if (auto bestState = store.loadCheckpoint(result.runId, "best"))
        t.load(*bestState);
    t.setTraining(false);
    // Both measured from the best checkpoint (the same fixed negatives as during training).
    result.valid = evaluateSampled(s, false, c.negatives, c.seed, t.scorer, progress).metrics;
    result.test = evaluateSampled(s, true, c.negatives, c.seed, t.scorer, progress).metrics;
    if (t.rate) {
        for (auto [metrics, test] : {std::pair{&result.valid, false}, std::pair{&result.test, true}}) {
            const auto errors = t.rate(test);
            if (errors.count > 0) {
                metrics->rmse = std::sqrt(errors.mse);
                metrics->mae = errors.mae;
            }
        }
    }
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainConfig &c, const std::vector<torch::Tensor> &params) {
    if (c.optimizer == Optimizer::Sgd) // with momentum 0.9: DP-SGD's own optimiser, where noise averages out over steps
        return std::make_unique<torch::optim::SGD>(params, torch::optim::SGDOptions(c.lr).momentum(0.9).weight_decay(c.weightDecay));
    if (c.optimizer == Optimizer::AdamW)
        return std::make_unique<torch::optim::AdamW>(params, torch::optim::AdamWOptions(c.lr).betas({0.9, 0.98}).weight_decay(c.weightDecay));
    return std::make_unique<torch::optim::Adam>(params, torch::optim::AdamOptions(c.lr).betas({0.9, 0.98}).weight_decay(c.weightDecay));
}

std::string serializeOptimizer(torch::optim::Optimizer &opt) {
    std::ostringstream out;
    torch::serialize::OutputArchive archive;
    opt.save(archive);
    archive.save_to(out);
    return out.str();
}

void deserializeOptimizer(torch::optim::Optimizer &opt, const std::string &state) {
    std::istringstream in(state);
    torch::serialize::InputArchive archive;
    const auto &groups = opt.param_groups();
    const bool any = !groups.empty() && !groups.front().params().empty();
    archive.load_from(in, any ? groups.front().params().front().device() : torch::Device(torch::kCPU)); // where the weights are
    opt.load(archive);
}

void setLearningRate(torch::optim::Optimizer &opt, double lr) {
    for (auto &g : opt.param_groups())
        g.options().set_lr(lr);
}

void sumGradients(const std::vector<torch::Tensor> &params, Collective &together) {
    std::vector<torch::Tensor> grads;
    for (torch::Tensor p : params) { // a handle: its gradient is the parameter's
        if (!p.grad().defined())
            p.mutable_grad() = torch::zeros_like(p);
        grads.push_back(p.grad());
    }
    together.sum(grads);
}

void step(torch::optim::Optimizer &opt, torch::Tensor loss, const std::vector<torch::Tensor> &params, double clip, Collective *together) {
    opt.zero_grad();
    if (loss.requires_grad()) // a rank whose share of the last batch is empty has no graph
        loss.backward();
    if (together)
        sumGradients(params, *together);
    if (clip > 0)
        torch::nn::utils::clip_grad_norm_(params, clip);
    opt.step();
}

void beginEpoch(const TrainConfig &c, int epoch, double timeShare, std::mt19937_64 &rng, torch::optim::Optimizer &opt, int rank) {
    torch::manual_seed(c.seed + static_cast<std::uint64_t>(epoch) + 1 + static_cast<std::uint64_t>(rank) * 1000003u);
    rng.seed(c.seed * 7919 + static_cast<std::uint64_t>(epoch));
    setLearningRate(opt, c.lr * learningRateFactor(c, epoch, timeShare));
}

void reportBatch(Progress &progress, const TrainConfig &c, int epoch, std::size_t batch, std::size_t batches) {
    const double byEpochs = (static_cast<double>(epoch) + static_cast<double>(batch + 1) / static_cast<double>(batches)) /
                            static_cast<double>(c.epochs);
    const double share = c.maxMinutes > 0 ? budgetShare(c) : -1;
    progress.report(share >= 0 ? share : byEpochs, {Stage::Epoch, {std::to_string(epoch + 1), std::to_string(c.epochs)}});
}

void fitOnce(const TrainConfig &c, const Split &s, RunStore &store, TrainResult &result, Progress &progress,
             const std::function<void(const EpochRecord &)> &onEpoch, const Scorer &scorer, const std::string &state,
             double seconds) {
    EpochRecord e;
    e.epoch = 1;
    const auto v = evaluateSampled(s, false, c.negatives, c.seed, scorer, progress);
    e.validLoss = v.loss;
    e.validNdcg10 = v.metrics.ndcg10;
    e.validHr10 = v.metrics.hr10;
    e.seconds = seconds;
    if (!state.empty()) {
        store.saveCheckpoint(result.runId, "last", 1, state);
        store.saveCheckpoint(result.runId, "best", 1, state);
    }
    store.appendEpoch(result.runId, e);
    if (onEpoch)
        onEpoch(e);
    result.valid = v.metrics;
    result.test = evaluateSampled(s, true, c.negatives, c.seed, scorer, progress).metrics;
    result.bestEpoch = 1;
    result.epochs = 1;
}

} // namespace detail
} // namespace recscope::engine
