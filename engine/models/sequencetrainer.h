// SPDX-License-Identifier: GPL-3.0-or-later
// Training of the sequence models (SASRec, BERT4Rec, the text-aware model; engine-private,
// includes torch). SequenceTrainer builds batches and losses for any model that reaches its
// items through itemVectors(); how each epoch turns losses into weight updates is a strategy:
// plain mini-batches, or DP-SGD (per-unit clipping, Gaussian noise, an RDP accountant).
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/models/sequencetrainer.h is private to the engine"
#endif

#include "engine/core/progress.h"
#include "engine/data/split.h"
#include "engine/models/collective.h"
#include "engine/models/models.h"
#include "engine/models/epochloop.h"

#include <torch/torch.h>

#include <cmath>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <vector>

namespace recscope::engine::detail {

// One training row: the items seq[begin, end) of a user's training history.
struct Window {
    std::size_t user = 0, begin = 0, end = 0;
};

// The rows of a history: its newest maxlen items (one more for next-item targets) and, with
// `all`, the windows before them back to its oldest item, so every interaction is a target once.
std::vector<Window> windowsOf(const Split &s, std::size_t u, std::int64_t L, bool bert, bool all);
// The input length a window gives (next-item targets read one item fewer).
inline std::int64_t inputLength(const Window &w, bool bert) { return static_cast<std::int64_t>(w.end - w.begin) - (bert ? 0 : 1); }
// The units DP-SGD protects: each window (dp=example) or each user's windows (dp=user).
std::vector<std::vector<Window>> privacyUnits(const TrainConfig &c, const Split &s);
std::int64_t dpStepsPerEpoch(const TrainConfig &c, std::size_t units);
double dpSamplingRate(const TrainConfig &c, std::size_t units);
// Fills in what a DP configuration leaves open: delta = 1 / units, and the noise that reaches
// the target epsilon at the last epoch. Refuses a target that not even one step fits in.
void resolvePrivacy(TrainConfig &c, const Split &s);

// Where to cut a batch whose input lengths are sorted ascending into groups that are each
// computed at their own longest input: the ends of the groups, chosen to minimise an estimate
// of the work (position-wise products, attention over pairs, a fixed cost per group).
std::vector<std::size_t> lengthGroups(const std::vector<std::int64_t> &sortedLengths, const TrainConfig &c);

// The loss of a batch of windows summed over the positions that have a target, with their
// number, and the L1 term; what an update strategy asks of the model.
class SequenceLoss {
public:
    virtual ~SequenceLoss() = default;
    virtual std::pair<torch::Tensor, std::int64_t> lossSum(const Window *rows, std::size_t count, std::mt19937_64 &rng) = 0;
    virtual torch::Tensor l1() = 0;
    // The loss averaged over the positions.
    torch::Tensor loss(const Window *rows, std::size_t count, std::mt19937_64 &rng) {
        auto [sum, positions] = lossSum(rows, count, rng);
        return sum / static_cast<double>(std::max<std::int64_t>(1, positions));
    }
};

// How an epoch updates the weights from the losses.
class UpdateStrategy {
public:
    virtual ~UpdateStrategy() = default;
    // The epoch's mean training loss; throws on cancel or a non-finite loss.
    virtual double trainEpoch(int epoch, std::mt19937_64 &rng) = 0;
    // Training examples per epoch, for throughput.
    virtual std::size_t examples() const = 0;
    // DP-SGD: the budget spent so far and whether a step is left; plain training: none.
    virtual std::optional<double> epsilon() const { return std::nullopt; }
    virtual bool budgetSpent() const { return false; }
};

struct UpdateContext {
    const TrainConfig &config;
    const Split &split;
    SequenceLoss &loss;
    torch::optim::Optimizer &optimizer;
    const std::vector<torch::Tensor> &params;
    Progress &progress;
    // Data parallel: each global batch (batch_size rows per rank) is cut into one share per
    // rank, and the gradients are summed so that every rank takes the step one process would
    // take on the whole batch. DP-SGD: each rank clips its share of the units.
    Collective *collective = nullptr;
};

// Mini-batches of each user's newest window (shuffled, or by length with batching=length),
// clipped to `clip`.
std::unique_ptr<UpdateStrategy> makeMinibatchUpdates(const UpdateContext &context);
// DP-SGD over privacy units; `resume` counts the steps of the epochs already done.
std::unique_ptr<UpdateStrategy> makePrivateUpdates(const UpdateContext &context, const ResumePoint *resume);

template <typename Model>
Scorer transformerScorer(Model &model, const TrainConfig &c, const Split &s) {
    return [&model, &c, &s](const std::vector<std::size_t> &users, bool test,
                            const std::vector<std::vector<std::int32_t>> &candidates) {
        torch::NoGradGuard noGrad;
        const auto b = static_cast<std::int64_t>(users.size());
        std::int64_t L = 1;
        auto history = [&](std::size_t u) -> const std::vector<std::int32_t> & { return test ? scoringHistory(s, u) : s.train[u]; };
        for (auto u : users)
            L = std::max(L, scoringLength(c, history(u).size(), test));
        auto input = torch::zeros({b, L}, torch::kLong);
        auto *in = input.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < b; ++i) {
            const auto u = users[static_cast<std::size_t>(i)];
            fillScoringInput(c, history(u), test ? s.valid[u] : 0, s.numItems, L, in + i * L);
        }
        return scoreCandidates(
            candidates, [&] { return model->encode(input.to(model->itemEmbeddings().device())).select(1, L - 1); },
            [&](const torch::Tensor &items) { return model->itemVectors(items); });
    };
}

// Trains a sequence model (SasRec or TextRec holder) through runEpochs: next-item targets with
// BCE or softmax cross-entropy, or BERT4Rec's masked items.
template <typename Model>
class SequenceTrainer final : public SequenceLoss {
public:
    SequenceTrainer(const TrainConfig &c, const Split &s, Model &model)
        : m_c(c), m_s(s), m_model(model), m_bert(c.info().bidirectional), m_device(model->itemEmbeddings().device()) {
        if (!s.heldOut.empty()) {
            m_heldOut = torch::zeros({s.numItems + 1}, torch::kBool);
            for (std::size_t i = 0; i < s.heldOut.size(); ++i)
                if (s.heldOut[i])
                    m_heldOut[static_cast<std::int64_t>(i)] = true;
            m_heldOut = m_heldOut.to(m_device);
        }
        if (c.loss == Loss::SampledSoftmax)
            prepareSampler();
    }

    void train(RunStore &store, TrainResult &result, Progress &progress, const std::function<void(const EpochRecord &)> &onEpoch,
               const ResumePoint *resume, Collective *collective = nullptr) {
        std::mt19937_64 rng(m_c.seed);
        const auto params = m_model->parameters();
        if (collective) { // every rank starts from rank 0's weights
            auto tensors = params;
            for (const auto &b : m_model->buffers())
                tensors.push_back(b);
            collective->broadcast(tensors);
        }
        auto opt = makeOptimizer(m_c, params);
        const UpdateContext context{m_c, m_s, *this, *opt, params, progress, collective};
        auto updates = m_c.dp == DpMode::None ? makeMinibatchUpdates(context) : makePrivateUpdates(context, resume);
        EpochTrainer t;
        t.collective = collective;
        t.sequences = updates->examples();
        t.scorer = transformerScorer(m_model, m_c, m_s);
        bindModel(t, m_model, *opt);
        if (m_c.dp != DpMode::None) {
            t.epsilon = [&] { return updates->epsilon(); };
            t.budgetSpent = [&] { return updates->budgetSpent(); };
        }
        t.trainEpoch = [&](int epoch) {
            beginEpoch(m_c, epoch, t.timeShare, rng, *opt, collective ? collective->rank() : 0);
            return updates->trainEpoch(epoch, rng);
        };
        runEpochs(m_c, m_s, store, result, progress, onEpoch, t, resume);
    }

    // Rows of like input length are computed together, each group cut to its own longest input:
    // the same sum as the whole batch's without the work on padding.
    std::pair<torch::Tensor, std::int64_t> lossSum(const Window *rows, std::size_t count, std::mt19937_64 &rng) override {
        std::vector<Window> sorted(rows, rows + count);
        std::stable_sort(sorted.begin(), sorted.end(), [&](const Window &a, const Window &b) { return inputLength(a, m_bert) < inputLength(b, m_bert); });
        std::vector<std::int64_t> lengths;
        for (const auto &w : sorted)
            lengths.push_back(inputLength(w, m_bert));
        torch::Tensor sum;
        std::int64_t positions = 0;
        std::size_t from = 0;
        for (const auto to : lengthGroups(lengths, m_c)) {
            auto [s, p] = batchLossSum(makeBatch(sorted.data() + from, to - from, rng), rng);
            sum = sum.defined() ? sum + s : s;
            positions += p;
            from = to;
        }
        return {sum.defined() ? sum : torch::zeros({}, torch::TensorOptions().device(m_device)), positions};
    }

    torch::Tensor l1() override { return m_c.l1 * m_model->itemEmbeddings().abs().sum() / static_cast<double>(m_s.numItems); }

private:
    struct Batch {
        torch::Tensor input, target, negative;
    };

    // The input, targets and sampled negatives of `count` rows, cut to the longest input.
    Batch makeBatch(const Window *rows, std::size_t count, std::mt19937_64 &rng) const {
        const auto B = static_cast<std::int64_t>(count);
        std::int64_t W = 1;
        for (std::size_t k = 0; k < count; ++k)
            W = std::max(W, inputLength(rows[k], m_bert));
        Batch b{torch::zeros({B, W}, torch::kLong), torch::zeros({B, W}, torch::kLong), torch::zeros({B, W}, torch::kLong)};
        auto *ip = b.input.template data_ptr<std::int64_t>(), *tp = b.target.template data_ptr<std::int64_t>(), *np = b.negative.template data_ptr<std::int64_t>();
        const auto maskId = static_cast<std::int32_t>(m_s.numItems + 1);
        std::uniform_real_distribution<double> coin(0, 1);
        for (std::int64_t i = 0; i < B; ++i) {
            const auto &w = rows[i];
            const auto seq = std::span<const std::int32_t>(m_s.train[w.user]).subspan(w.begin, w.end - w.begin);
            if (m_bert) {
                // Masked item prediction; at least one position masked, and with mask_last the
                // newest item too.
                fillInput(seq, 0, W, ip + i * W);
                bool any = false;
                const bool last = m_c.maskLast > 0 && coin(rng) < m_c.maskLast;
                for (std::int64_t p = 0; p < W; ++p) {
                    if (ip[i * W + p] == 0 || (coin(rng) >= m_c.maskProb && !(last && p == W - 1)))
                        continue;
                    tp[i * W + p] = ip[i * W + p];
                    ip[i * W + p] = maskId;
                    any = true;
                }
                if (!any) {
                    tp[i * W + W - 1] = ip[i * W + W - 1];
                    ip[i * W + W - 1] = maskId;
                }
            } else {
                // Next-item prediction: input seq[:-1], targets seq[1:], right-aligned.
                std::int64_t p = W - 1;
                for (std::size_t k = seq.size() - 1; k >= 1 && p >= 0; --k, --p) {
                    ip[i * W + p] = seq[k - 1];
                    tp[i * W + p] = seq[k];
                    np[i * W + p] = drawNegative(m_s, w.user, rng);
                }
            }
        }
        if (m_device.type() != torch::kCPU) // built on the processor, computed where the model is
            b = {b.input.to(m_device), b.target.to(m_device), b.negative.to(m_device)};
        return b;
    }

    // The model's loss on a batch summed over the positions that have a target, and their number.
    std::pair<torch::Tensor, std::int64_t> batchLossSum(const Batch &b, std::mt19937_64 &rng) {
        const auto valid = b.target.ne(0);
        const auto positions = valid.sum().template item<std::int64_t>();
        if (m_bert || m_c.loss == Loss::CrossEntropy) {
            // Cross-entropy over the catalog (less held-out items) at the positions that have a target.
            // One table of item vectors serves input and output (BERT4Rec's also holds [MASK]).
            const auto table = m_model->itemVectors(torch::arange(m_s.numItems + (m_bert ? 2 : 1), torch::TensorOptions(torch::kLong).device(m_device)));
            const auto h = m_model->encodeVectors(torch::embedding(table, b.input), b.input).index({valid}); // [M, H]
            auto logits = torch::matmul(h, table.slice(0, 0, m_s.numItems + 1).t()); // [M, n+1]
            if (m_heldOut.defined())
                logits = logits.masked_fill(m_heldOut, -1e9);
            return {torch::nll_loss(torch::log_softmax(logits, -1), b.target.index({valid}), {}, at::Reduction::Sum), positions};
        }
        if (m_c.loss == Loss::SampledSoftmax) {
            // Sampled softmax: each target against loss_negatives items drawn for the batch and
            // shared by its positions (a drawn item that is the position's own target does not
            // count against it). With popularity sampling each drawn item's logit is less
            // log(K q), q its chance to be drawn, so that the drawn items' sum estimates the
            // rest of the catalog's (the log-Q correction); the target's own logit is exact.
            auto drawn = torch::empty({m_c.lossNegatives}, torch::kLong);
            auto *dp = drawn.template data_ptr<std::int64_t>();
            for (std::int64_t k = 0; k < m_c.lossNegatives; ++k)
                dp[k] = m_popularity ? m_trainedItems[(*m_popularity)(rng)] : m_s.trainPool.draw(rng);
            drawn = drawn.to(m_device);
            const auto v = m_model->itemVectors(torch::stack({b.input, b.target})); // [2, B, W, H]
            const auto hidden = m_model->encodeVectors(v[0], b.input).index({valid});  // [M, H]
            const auto target = b.target.index({valid});
            const auto positive = (hidden * v[1].index({valid})).sum(-1, true);                   // [M, 1]
            auto negative = torch::matmul(hidden, m_model->itemVectors(drawn).t());               // [M, K]
            if (m_popularity)
                negative = negative - m_logKq.index({drawn}).unsqueeze(0);
            negative = negative.masked_fill(drawn.unsqueeze(0).eq(target.unsqueeze(1)), -1e9);
            const auto logits = torch::cat({positive, negative}, 1);
            return {torch::nll_loss(torch::log_softmax(logits, -1), torch::zeros({logits.size(0)}, torch::TensorOptions(torch::kLong).device(m_device)), {}, at::Reduction::Sum),
                    positions};
        }
        // BCE: -log sigmoid(positive) - log(1 - sigmoid(negative)); one item lookup for all three.
        const auto v = m_model->itemVectors(torch::stack({b.input, b.target, b.negative})); // [3, B, W, H]
        const auto hidden = m_model->encodeVectors(v[0], b.input);
        const auto l = torch::softplus(-(hidden * v[1]).sum(-1)) + torch::softplus((hidden * v[2]).sum(-1));
        return {(l * valid.to(torch::kFloat)).sum(), positions};
    }

    // Popularity sampling: items drawn in proportion to their training targets (plus one, so
    // that an item of the pool never trained on may still be drawn), and log(K q) per item.
    void prepareSampler() {
        if (m_c.lossSampling != Sampling::Popularity)
            return;
        std::vector<double> count(static_cast<std::size_t>(m_s.numItems) + 1, 0.0);
        for (const auto &history : m_s.train)
            for (std::size_t k = 1; k < history.size(); ++k)
                count[static_cast<std::size_t>(history[k])] += 1;
        const auto &pool = m_s.trainPool.items;
        if (pool.empty())
            for (std::int32_t i = 1; i <= m_s.numItems; ++i)
                m_trainedItems.push_back(i);
        else
            m_trainedItems.assign(pool.begin(), pool.end());
        std::vector<double> weight;
        double total = 0;
        for (const auto i : m_trainedItems) {
            weight.push_back(count[static_cast<std::size_t>(i)] + 1);
            total += weight.back();
        }
        m_popularity.emplace(weight.begin(), weight.end());
        auto logKq = torch::zeros({m_s.numItems + 1}, torch::kFloat);
        auto *lp = logKq.template data_ptr<float>();
        for (std::size_t k = 0; k < m_trainedItems.size(); ++k)
            lp[m_trainedItems[k]] = static_cast<float>(std::log(static_cast<double>(m_c.lossNegatives) * weight[k] / total));
        m_logKq = logKq.to(m_device);
    }

    const TrainConfig &m_c;
    const Split &m_s;
    Model &m_model;
    bool m_bert;
    torch::Device m_device; // the model's
    torch::Tensor m_heldOut; // [n+1] true for items kept out of training
    std::vector<std::int32_t> m_trainedItems;                       // popularity sampling: what may be drawn
    std::optional<std::discrete_distribution<std::size_t>> m_popularity; // and how often
    torch::Tensor m_logKq;                                          // [n+1] log(K q) per item
};

} // namespace recscope::engine::detail
