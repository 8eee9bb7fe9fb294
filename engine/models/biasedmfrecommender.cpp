// SPDX-License-Identifier: GPL-3.0-or-later
// Biased matrix factorisation for explicit ratings (Koren, Bell and Volinsky 2009): a rating is
// predicted as mu + b_u + b_i + p_u . q_i and trained by mean squared error with L2 on each
// rating's factors and biases. Its ranking score is the predicted rating.
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/split.h"
#include "engine/models/models.h"
#include "engine/models/factorrecommender.h"
#include "engine/store/project.h"
#include "engine/models/epochloop.h"

#include <torch/nn/init.h>
#include <torch/nn/modules/embedding.h>

#include <algorithm>

namespace recscope::engine::detail {

namespace {

class BiasedMfImpl : public torch::nn::Module {
public:
    BiasedMfImpl(std::int64_t users, std::int64_t items, std::int64_t hidden, double mean) {
        m_users = register_module("users", torch::nn::Embedding(users, hidden));
        m_items = register_module("items", torch::nn::Embedding(items + 1, hidden));
        m_userBias = register_module("user_bias", torch::nn::Embedding(users, 1));
        m_itemBias = register_module("item_bias", torch::nn::Embedding(items + 1, 1));
        m_mean = register_buffer("mean", torch::full({1}, mean));
        torch::nn::init::normal_(m_users->weight, 0, 0.1);
        torch::nn::init::normal_(m_items->weight, 0, 0.1);
        torch::NoGradGuard noGrad;
        m_userBias->weight.zero_();
        m_itemBias->weight.zero_();
    }
    // Predicted ratings of (users[k], items[k]).
    torch::Tensor predict(const torch::Tensor &users, const torch::Tensor &items) {
        return m_mean + m_userBias(users).squeeze(-1) + m_itemBias(items).squeeze(-1) + (m_users(users) * m_items(items)).sum(-1);
    }
    // The squared norm of each pair's factors and biases (the per-rating L2 term).
    torch::Tensor penalty(const torch::Tensor &users, const torch::Tensor &items) {
        return m_users(users).pow(2).sum(-1) + m_items(items).pow(2).sum(-1) + m_userBias(users).squeeze(-1).pow(2) +
               m_itemBias(items).squeeze(-1).pow(2);
    }
    // Augmented vectors whose dot product is the prediction: [p_u, 1, mu + b_u] . [q_i, b_i, 1].
    torch::Tensor userRows(const torch::Tensor &users) {
        return torch::cat({m_users(users), torch::ones({users.size(0), 1}), m_userBias(users) + m_mean}, 1);
    }
    torch::Tensor itemRows(const torch::Tensor &items) {
        return torch::cat({m_items(items), m_itemBias(items), torch::ones({items.size(0), 1})}, 1);
    }

private:
    torch::nn::Embedding m_users{nullptr}, m_items{nullptr}, m_userBias{nullptr}, m_itemBias{nullptr};
    torch::Tensor m_mean;
};
TORCH_MODULE(BiasedMf);

// Errors of the model's predictions on `cases`, in batches.
RatingErrors errorsOn(BiasedMf &model, const std::vector<RatedCase> &cases) {
    torch::NoGradGuard noGrad;
    RatingErrors e;
    double squared = 0, absolute = 0;
    constexpr std::size_t kBatch = 8192;
    for (std::size_t from = 0; from < cases.size(); from += kBatch) {
        const auto to = std::min(cases.size(), from + kBatch);
        const auto n = static_cast<std::int64_t>(to - from);
        auto u = torch::empty({n}, torch::kLong), i = torch::empty({n}, torch::kLong);
        auto r = torch::empty({n});
        for (std::int64_t k = 0; k < n; ++k) {
            const auto &c = cases[from + static_cast<std::size_t>(k)];
            u[k] = c.user;
            i[k] = c.item;
            r[k] = c.rating;
        }
        const auto error = model->predict(u, i) - r;
        squared += error.pow(2).sum().item<double>();
        absolute += error.abs().sum().item<double>();
    }
    e.count = cases.size();
    if (e.count > 0) {
        e.mse = squared / static_cast<double>(e.count);
        e.mae = absolute / static_cast<double>(e.count);
    }
    return e;
}

class BiasedMfRecommender final : public FactorRecommender {
public:
    using FactorRecommender::FactorRecommender;

    void preflight(Project &project, std::int64_t datasetId) const override {
        if (const auto info = project.dataset(datasetId); info && !info->hasRatings)
            throw EngineError(ErrorKind::Usage, config().modelKey() + " predicts explicit ratings, and dataset '" + info->name +
                                                    "' has none; import one with a rating column, or train bprmf");
    }

    void train(TrainingSession &session) override {
        const auto &c = config();
        const auto &s = session.split;
        auto &progress = session.progress;
        auto ratings = ratingsOf(s, session.project.interactions(session.datasetId));
        if (ratings.train.empty())
            throw EngineError(ErrorKind::BadInput, "no rated training interactions: biased MF learns from explicit ratings");
        torch::manual_seed(c.seed);
        std::mt19937_64 rng(c.seed);
        m_model = BiasedMf(static_cast<std::int64_t>(s.train.size()), s.numItems, c.hidden, ratings.trainMean);
        auto &model = m_model;
        if (const auto *warm = session.warm) {
            BiasedMf source(warm->sourceUsers, warm->sourceItems, warm->source.hidden, 0);
            deserialize(source, warm->state);
            applyWarmStart(model, source, *warm);
        }
        const auto params = model->parameters();
        TrainConfig adam = c;
        adam.weightDecay = 0; // the L2 is in the loss, per rating
        auto opt = makeOptimizer(adam, params);
        auto &train = ratings.train;
        const auto batch = static_cast<std::size_t>(c.batchSize);
        const std::size_t batches = (train.size() + batch - 1) / batch;

        EpochTrainer t;
        t.sequences = train.size();
        t.scorer = [&model](const std::vector<std::size_t> &users, bool, const std::vector<std::vector<std::int32_t>> &candidates) {
            torch::NoGradGuard noGrad;
            std::vector<std::int64_t> u(users.begin(), users.end());
            return scoreCandidates(
                candidates, [&] { return model->userRows(torch::tensor(u, torch::kLong)); },
                [&](const torch::Tensor &items) { return model->itemRows(items.reshape({-1})).view({items.size(0), items.size(1), -1}); });
        };
        t.rate = [&](bool test) { return errorsOn(model, test ? ratings.test : ratings.valid); };
        bindModel(t, model, *opt);
        t.trainEpoch = [&](int epoch) {
            beginEpoch(c, epoch, t.timeShare, rng, *opt);
            std::shuffle(train.begin(), train.end(), rng);
            double sum = 0;
            for (std::size_t bi = 0; bi < batches; ++bi) {
                throwIfCancelled(progress);
                const std::size_t from = bi * batch, to = std::min(train.size(), from + batch);
                const auto n = static_cast<std::int64_t>(to - from);
                auto u = torch::empty({n}, torch::kLong), i = torch::empty({n}, torch::kLong);
                auto r = torch::empty({n});
                auto *up = u.data_ptr<std::int64_t>(), *ip = i.data_ptr<std::int64_t>();
                auto *rp = r.data_ptr<float>();
                for (std::int64_t k = 0; k < n; ++k) {
                    const auto &x = train[from + static_cast<std::size_t>(k)];
                    up[k] = x.user;
                    ip[k] = x.item;
                    rp[k] = x.rating;
                }
                const auto mse = (model->predict(u, i) - r).pow(2).mean();
                const auto loss = mse + c.weightDecay * model->penalty(u, i).mean();
                const double value = mse.item<double>();
                checkFinite(value, epoch, bi);
                step(*opt, loss, params, c.clip);
                sum += value * static_cast<double>(n);
                reportBatch(progress, c, epoch, bi, batches);
            }
            return sum / static_cast<double>(train.size()); // the training MSE, on the validation MSE's scale
        };
        runEpochs(c, s, session.store, session.result, progress, session.onEpoch, t, session.resume);
    }

    std::uint64_t trainingBytes() const override {
        const double n = static_cast<double>(numItems()) + 1;
        return static_cast<std::uint64_t>(2 * n * (config().hidden + 1) * 16 + config().batchSize * config().hidden * 4 * 8);
    }

    void load(const StoredRun &run) override {
        m_model = BiasedMf(run.users, numItems(), config().hidden, 0); // the mean is a stored buffer
        deserialize(m_model, run.checkpoint());
        m_itemTable = m_model->itemRows(torch::arange(numItems() + 1, torch::kLong));
    }

    torch::nn::Module *module() override { return m_model.get(); }

protected:
    torch::Tensor userRows(const torch::Tensor &users) override { return m_model->userRows(users); } // [p_u, 1, mu + b_u]

private:
    BiasedMf m_model{nullptr}; // m_itemTable rows: [q_i, b_i, 1]
};

} // namespace

std::unique_ptr<Recommender> makeBiasedMfRecommender(const TrainConfig &config, std::int64_t numItems) {
    return std::make_unique<BiasedMfRecommender>(config, numItems);
}

} // namespace recscope::engine::detail
