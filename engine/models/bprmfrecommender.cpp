// SPDX-License-Identifier: GPL-3.0-or-later
// BPR matrix factorisation (Rendle et al. 2009): a user vector and an item vector, trained so
// that a user's items score above items they never took.
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/split.h"
#include "engine/models/models.h"
#include "engine/models/factorrecommender.h"
#include "engine/models/epochloop.h"

#include <torch/nn/init.h>
#include <torch/nn/modules/embedding.h>

#include <algorithm>

namespace recscope::engine::detail {

namespace {

class BprMfImpl : public torch::nn::Module {
public:
    BprMfImpl(std::int64_t users, std::int64_t items, std::int64_t hidden) {
        m_users = register_module("users", torch::nn::Embedding(users, hidden));
        m_items = register_module("items", torch::nn::Embedding(items + 1, hidden));
        torch::nn::init::normal_(m_users->weight, 0, 0.1);
        torch::nn::init::normal_(m_items->weight, 0, 0.1);
    }
    torch::Tensor users(const torch::Tensor &u) { return m_users(u); }
    torch::Tensor items(const torch::Tensor &i) { return m_items(i); }

private:
    torch::nn::Embedding m_users{nullptr}, m_items{nullptr};
};
TORCH_MODULE(BprMf);

Scorer bprScorer(BprMf &model) {
    return [&model](const std::vector<std::size_t> &users, bool, const std::vector<std::vector<std::int32_t>> &candidates) {
        torch::NoGradGuard noGrad;
        auto u = torch::zeros({static_cast<std::int64_t>(users.size())}, torch::kLong);
        for (std::size_t i = 0; i < users.size(); ++i)
            u[static_cast<std::int64_t>(i)] = static_cast<std::int64_t>(users[i]);
        return scoreCandidates(
            candidates, [&] { return model->users(u); }, [&](const torch::Tensor &items) { return model->items(items); });
    };
}


class BprMfRecommender final : public FactorRecommender {
public:
    using FactorRecommender::FactorRecommender;

    void train(TrainingSession &session) override {
        const auto &c = config();
        const auto &s = session.split;
        const auto *warm = session.warm;
        auto &progress = session.progress;
        torch::manual_seed(c.seed);
        std::mt19937_64 rng(c.seed);
        m_model = BprMf(static_cast<std::int64_t>(s.train.size()), s.numItems, c.hidden);
        auto &model = m_model;
        if (warm) {
            BprMf source(warm->sourceUsers, warm->sourceItems, warm->source.hidden);
            deserialize(source, warm->state);
            applyWarmStart(model, source, *warm);
        }
        const auto params = model->parameters();
        auto opt = makeOptimizer(c, params);
        std::vector<std::pair<std::int32_t, std::int32_t>> pairs;
        for (std::size_t u = 0; u < s.train.size(); ++u)
            for (auto i : s.train[u])
                pairs.emplace_back(static_cast<std::int32_t>(u), i);
        if (pairs.empty())
            throw EngineError(ErrorKind::BadInput, "no training interactions");
        const std::size_t batches = (pairs.size() + static_cast<std::size_t>(c.batchSize) - 1) / static_cast<std::size_t>(c.batchSize);

        EpochTrainer t;
        t.sequences = pairs.size();
        t.scorer = bprScorer(model);
        bindModel(t, model, *opt);
        t.trainEpoch = [&](int epoch) {
            beginEpoch(c, epoch, t.timeShare, rng, *opt);
            std::sort(pairs.begin(), pairs.end());
            std::shuffle(pairs.begin(), pairs.end(), rng);
            double sum = 0;
            for (std::size_t bi = 0; bi < batches; ++bi) {
                throwIfCancelled(progress);
                const std::size_t from = bi * static_cast<std::size_t>(c.batchSize);
                const std::size_t to = std::min(pairs.size(), from + static_cast<std::size_t>(c.batchSize));
                const auto B = static_cast<std::int64_t>(to - from);
                auto u = torch::empty({B}, torch::kLong), pos = torch::empty({B}, torch::kLong), neg = torch::empty({B}, torch::kLong);
                auto *up = u.data_ptr<std::int64_t>(), *pp = pos.data_ptr<std::int64_t>(), *np = neg.data_ptr<std::int64_t>();
                for (std::int64_t i = 0; i < B; ++i) {
                    const auto &[user, item] = pairs[from + static_cast<std::size_t>(i)];
                    up[i] = user;
                    pp[i] = item;
                    np[i] = drawNegative(s, static_cast<std::size_t>(user), rng);
                }
                const auto uv = model->users(u);
                const auto diff = (uv * model->items(pos)).sum(-1) - (uv * model->items(neg)).sum(-1);
                auto loss = torch::softplus(-diff).mean();
                if (c.l1 > 0)
                    loss = loss + c.l1 * model->items(pos).abs().sum(-1).mean();
                const double value = loss.item<double>();
                checkFinite(value, epoch, bi);
                step(*opt, loss, params, c.clip);
                sum += value;
                reportBatch(progress, c, epoch, bi, batches);
            }
            return sum / static_cast<double>(batches);
        };
        runEpochs(c, s, session.store, session.result, progress, session.onEpoch, t, session.resume);
    }


    // Users are bounded by the dataset; counted as items for the estimate.
    std::uint64_t trainingBytes() const override {
        const double n = static_cast<double>(numItems()) + 1;
        return static_cast<std::uint64_t>(2 * n * config().hidden * 16 + config().batchSize * config().hidden * 4 * 8);
    }

    void load(const StoredRun &run) override {
        m_model = BprMf(run.users, numItems(), config().hidden);
        deserialize(m_model, run.checkpoint());
        m_itemTable = m_model->items(torch::arange(numItems() + 1, torch::kLong));
    }

    torch::nn::Module *module() override { return m_model.get(); }

protected:
    torch::Tensor userRows(const torch::Tensor &users) override { return m_model->users(users); }

private:
    BprMf m_model{nullptr};
};

} // namespace

std::unique_ptr<Recommender> makeBprMfRecommender(const TrainConfig &config, std::int64_t numItems) {
    return std::make_unique<BprMfRecommender>(config, numItems);
}

} // namespace recscope::engine::detail
