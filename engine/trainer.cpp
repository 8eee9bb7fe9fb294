// SPDX-License-Identifier: GPL-3.0-or-later
// The training loop (leave-one-out split, SASRec with BCE or full cross-entropy, popularity
// baseline), sampled evaluation, checkpoints and recommendations.
#include "engine/training.h"

#include "engine/errors.h"
#include "engine/platform.h"
#include "engine/progress.h"
#include "engine/project.h"
#include "engine/models.h"
#include "engine/privacy.h"
#include "engine/runtime.h"
#include "engine/scoring.h"
#include "engine/split.h"

#include <nlohmann/json.hpp>
#include <torch/autograd.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <torch/nn/init.h>
#include <torch/serialize.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <iomanip>
#include <sstream>
#include <unordered_set>

namespace recscope::engine {

using namespace detail;

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// ------------------------------------------------------------------ evaluation

// Scores candidates[u] (target first) for a batch of users; returns [users x candidates].
using Scorer = std::function<std::vector<float>(const std::vector<std::size_t> &users, bool test,
                                                const std::vector<std::vector<std::int32_t>> &candidates)>;

struct EvalOutcome {
    EvalMetrics metrics;
    double loss = 0; // BCE of the target against the sampled negatives
};

EvalOutcome evaluateSampled(const Split &s, bool test, int negatives, std::uint64_t seed, const Scorer &score,
                            Progress &progress) {
    EvalOutcome out;
    std::vector<std::size_t> users;
    for (std::size_t u = 0; u < s.train.size(); ++u)
        if ((test ? s.test[u] : s.valid[u]) > 0)
            users.push_back(u);
    // Similar history lengths share a batch, so sequence models cut less padding.
    std::stable_sort(users.begin(), users.end(), [&](auto a, auto b) { return s.train[a].size() < s.train[b].size(); });
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
    const double n = std::max<double>(1, static_cast<double>(users.size()));
    out.metrics.users = static_cast<std::int64_t>(users.size());
    out.metrics.ndcg10 /= n;
    out.metrics.hr10 /= n;
    out.metrics.ndcg5 /= n;
    out.metrics.hr5 /= n;
    out.metrics.mrr /= n;
    out.loss = lossSum / n;
    return out;
}


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
    const torch::Tensor scores = torch::matmul(itemVectors(cand), hidden.unsqueeze(-1)).squeeze(-1).contiguous(); // [B, W]
    const auto *sp = scores.data_ptr<float>();
    std::vector<float> out;
    for (std::int64_t i = 0; i < b; ++i) {
        const auto n = static_cast<std::int64_t>(candidates[static_cast<std::size_t>(i)].size());
        out.insert(out.end(), sp + i * static_cast<std::int64_t>(width), sp + i * static_cast<std::int64_t>(width) + n);
    }
    return out;
}

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
            candidates, [&] { return model->encode(input).select(1, L - 1); },
            [&](const torch::Tensor &items) { return model->itemVectors(items); });
    };
}


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


Scorer knnScorer(const ItemKnn &knn, const Split &s) {
    return [&knn, &s](const std::vector<std::size_t> &users, bool test, const std::vector<std::vector<std::int32_t>> &candidates) {
        std::vector<float> out;
        for (std::size_t i = 0; i < users.size(); ++i) {
            auto history = test ? scoringHistory(s, users[i]) : s.train[users[i]];
            if (test && s.valid[users[i]] > 0)
                history.push_back(s.valid[users[i]]);
            const auto acc = knnScores(knn, history);
            for (auto c : candidates[i]) {
                const auto it = acc.find(c);
                out.push_back(it == acc.end() ? 0.0f : static_cast<float>(it->second));
            }
        }
        return out;
    };
}


Scorer popScorer(const std::vector<double> &pop) {
    return [&pop](const std::vector<std::size_t> &, bool, const std::vector<std::vector<std::int32_t>> &candidates) {
        std::vector<float> out;
        for (const auto &c : candidates)
            for (auto i : c)
                out.push_back(static_cast<float>(pop[static_cast<std::size_t>(i)]));
        return out;
    };
}

double learningRateFactor(const TrainConfig &c, int epoch) { // epoch is 0-based
    if (c.warmupEpochs > 0 && epoch < c.warmupEpochs)
        return static_cast<double>(epoch + 1) / static_cast<double>(c.warmupEpochs);
    const int span = std::max(1, c.epochs - c.warmupEpochs);
    const double t = static_cast<double>(epoch - c.warmupEpochs) / static_cast<double>(span);
    if (c.decay == "linear")
        return std::max(0.0, 1.0 - t);
    if (c.decay == "cosine")
        return 0.5 * (1.0 + std::cos(M_PI * t));
    return 1.0;
}

// A number in at most 3 significant digits, for messages.
std::string formatShort(double x) {
    std::ostringstream out;
    out << std::setprecision(3) << x;
    return out.str();
}

// The numbers measured at the end of training, with the protocol they were measured under, and
// for a DP run the privacy spent.
std::string metricsJson(const TrainConfig &c, const TrainResult &r) {
    Json j{{"valid", Json::parse(r.valid.toJson())},
           {"test", Json::parse(r.test.toJson())},
           {"protocol", c.split + "-sampled-uniform-" + std::to_string(c.negatives)},
           {"seed", c.seed}};
    if (r.epsilon)
        j["privacy"] = Json{{"unit", c.dp}, {"epsilon", *r.epsilon}, {"delta", r.delta}, {"noise", c.dpNoise},
                            {"clip", c.dpClip}, {"sampling", c.dpSampling}, {"target_epsilon", c.dpTargetEpsilon}};
    return j.dump();
}

} // namespace

std::optional<RunPrivacy> runPrivacy(const RunInfo &run) {
    const Json j = Json::parse(run.metricsJson.empty() ? std::string("{}") : run.metricsJson, nullptr, false);
    if (!j.is_object() || !j.contains("privacy"))
        return std::nullopt;
    const auto &p = j["privacy"];
    return RunPrivacy{p.value("unit", std::string()), p.value("epsilon", 0.0), p.value("delta", 0.0)};
}

// ------------------------------------------------------------------ configuration

TrainConfig TrainConfig::parse(const std::string &model, const std::map<std::string, std::string> &values) {
    TrainConfig c;
    if (model != "pop" && model != "itemknn" && model != "bprmf" && model != "sasrec" && model != "bert4rec" && model != "textrec")
        throw EngineError(ErrorKind::Usage, "unknown model '" + model + "' (available: pop, itemknn, bprmf, sasrec, bert4rec, textrec)");
    c.model = model;
    if (model == "bprmf") {
        c.batchSize = 1024;
        c.lr = 5e-3;
        c.weightDecay = 1e-5;
    } else if (model == "textrec") {
        // Text vectors learn from contrast with the whole catalog far faster than from one
        // sampled negative (on the demo's cold items: NDCG@10 0.09 against 0.05).
        c.loss = "ce";
    } else if (model == "bert4rec") {
        // Masked-item training starts with a long popularity-like plateau: give it time.
        c.epochs = 100;
        c.patience = 20;
        c.dropout = 0.1;
        c.loss = "ce";
    }
    auto toInt = [](const std::string &k, const std::string &v, int lo, int hi) {
        char *end = nullptr;
        const long x = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end || x < lo || x > hi)
            throw EngineError(ErrorKind::Usage, "--set " + k + "=" + v + ": expected a whole number from " +
                                                    std::to_string(lo) + " to " + std::to_string(hi));
        return static_cast<int>(x);
    };
    auto toReal = [](const std::string &k, const std::string &v, double lo, double hi) {
        char *end = nullptr;
        const double x = std::strtod(v.c_str(), &end);
        if (v.empty() || *end || !(x >= lo && x <= hi))
            throw EngineError(ErrorKind::Usage, "--set " + k + "=" + v + ": expected a number from " +
                                                    std::to_string(lo) + " to " + std::to_string(hi));
        return x;
    };
    auto oneOf = [](const std::string &k, const std::string &v, std::initializer_list<const char *> allowed) {
        std::string list;
        for (const char *a : allowed) {
            if (v == a)
                return v;
            list += (list.empty() ? "" : ", ") + std::string(a);
        }
        throw EngineError(ErrorKind::Usage, "--set " + k + "=" + v + ": expected one of " + list);
    };
    for (const auto &[k, v] : values) {
        if (k == "epochs") c.epochs = toInt(k, v, 1, 100000);
        else if (k == "batch_size") c.batchSize = toInt(k, v, 1, 65536);
        else if (k == "lr") c.lr = toReal(k, v, 1e-8, 10);
        else if (k == "maxlen") c.maxlen = toInt(k, v, 2, 4096);
        else if (k == "hidden") c.hidden = toInt(k, v, 2, 4096);
        else if (k == "layers") c.layers = toInt(k, v, 1, 64);
        else if (k == "heads") c.heads = toInt(k, v, 1, 64);
        else if (k == "ffn") c.ffn = toInt(k, v, 1, 16);
        else if (k == "activation") c.activation = oneOf(k, v, {"relu", "gelu"});
        else if (k == "dropout") c.dropout = toReal(k, v, 0, 0.95);
        else if (k == "weight_decay") c.weightDecay = toReal(k, v, 0, 10);
        else if (k == "l1") c.l1 = toReal(k, v, 0, 10);
        else if (k == "optimizer") c.optimizer = oneOf(k, v, {"adam", "adamw", "sgd"});
        else if (k == "warmup") c.warmupEpochs = toInt(k, v, 0, 100000);
        else if (k == "decay") c.decay = oneOf(k, v, {"none", "linear", "cosine"});
        else if (k == "clip") c.clip = toReal(k, v, 0, 1e6);
        else if (k == "negatives") c.negatives = toInt(k, v, 1, 100000);
        else if (k == "loss") c.loss = oneOf(k, v, {"bce", "ce"});
        else if (k == "batching") c.batching = oneOf(k, v, {"length", "random"});
        else if (k == "patience") c.patience = toInt(k, v, 0, 100000);
        else if (k == "seed") c.seed = static_cast<std::uint64_t>(toInt(k, v, 0, 2147483647));
        else if (k == "threads") c.threads = toInt(k, v, 0, 256);
        else if (k == "split") c.split = oneOf(k, v, {"loo", "cold", "temporal", "random", "kfold"});
        else if (k == "folds") c.folds = toInt(k, v, 2, 20);
        else if (k == "fold") c.fold = toInt(k, v, 0, 19);
        else if (k == "test_ratio") c.testRatio = toReal(k, v, 0.01, 0.9);
        else if (k == "neighbors") c.neighbors = toInt(k, v, 1, 100000);
        else if (k == "mask_prob") c.maskProb = toReal(k, v, 0.01, 0.9);
        else if (k == "mask_last") c.maskLast = toReal(k, v, 0, 1);
        else if (k == "init_from") c.initFrom = toInt(k, v, 0, 2147483647);
        else if (k == "text_len") c.textLength = toInt(k, v, 2, 512);
        else if (k == "vocab_size") c.vocabularySize = toInt(k, v, 16, 100000);
        else if (k == "pretrain_epochs") c.pretrainEpochs = toInt(k, v, 0, 10000);
        else if (k == "fusion") c.fusion = oneOf(k, v, {"text", "text+id"});
        else if (k == "id_dropout") c.idDropout = toReal(k, v, 0, 1);
        else if (k == "dp") c.dp = oneOf(k, v, {"none", "example", "user"});
        else if (k == "dp.noise") c.dpNoise = toReal(k, v, 0, 1000);
        else if (k == "dp.clip") c.dpClip = toReal(k, v, 1e-6, 1e6);
        else if (k == "dp.delta") c.dpDelta = toReal(k, v, 0, 0.5);
        else if (k == "dp.target_epsilon") c.dpTargetEpsilon = toReal(k, v, 0, 1e6);
        else if (k == "dp.sampling") c.dpSampling = oneOf(k, v, {"poisson", "uniform"});
        else
            throw EngineError(ErrorKind::Usage, "unknown setting '" + k + "' (settings: epochs, batch_size, lr, maxlen, hidden, "
                                                "layers, heads, ffn, activation, dropout, weight_decay, l1, optimizer, warmup, decay, clip, "
                                                "negatives, loss, batching, patience, seed, threads, split, test_ratio, folds, fold, neighbors, mask_prob, "
                                                "mask_last, init_from, text_len, vocab_size, pretrain_epochs, fusion, id_dropout, dp, dp.noise, dp.clip, "
                                                "dp.delta, dp.target_epsilon, dp.sampling)");
    }
    if (c.fold >= c.folds)
        throw EngineError(ErrorKind::Usage, "fold (" + std::to_string(c.fold) + ") must be below folds (" + std::to_string(c.folds) + ")");
    if (c.split == "kfold" && c.model == "bprmf")
        throw EngineError(ErrorKind::Usage, "BPR-MF learns one vector per training user and cannot score users it never saw; "
                                            "k-fold holds whole users out (use split=loo, temporal or random)");
    if (c.dp != "none" && c.model != "sasrec" && c.model != "bert4rec" && c.model != "textrec")
        throw EngineError(ErrorKind::Usage, "dp=" + c.dp + ": DP-SGD trains the neural models (sasrec, bert4rec, textrec), not " + c.model);
    if (c.dp != "none" && c.dpNoise <= 0 && c.dpTargetEpsilon <= 0)
        throw EngineError(ErrorKind::Usage, "dp=" + c.dp + " needs dp.noise (the noise multiplier) or dp.target_epsilon "
                                            "(the noise is then chosen to reach it at the last epoch)");
    if (c.hidden % c.heads != 0)
        throw EngineError(ErrorKind::Usage, "hidden (" + std::to_string(c.hidden) + ") must be a multiple of heads (" +
                                                std::to_string(c.heads) + ")");
    return c;
}

std::string TrainConfig::toJson() const {
    return Json{{"model", model}, {"epochs", epochs}, {"batch_size", batchSize}, {"lr", lr}, {"maxlen", maxlen},
                {"hidden", hidden}, {"layers", layers}, {"heads", heads}, {"ffn", ffn}, {"activation", activation}, {"dropout", dropout},
                {"weight_decay", weightDecay}, {"l1", l1}, {"optimizer", optimizer}, {"warmup", warmupEpochs},
                {"decay", decay}, {"clip", clip}, {"negatives", negatives}, {"loss", loss}, {"batching", batching}, {"patience", patience},
                {"seed", seed}, {"threads", threads}, {"split", split}, {"test_ratio", testRatio}, {"folds", folds}, {"fold", fold}, {"neighbors", neighbors}, {"mask_prob", maskProb}, {"mask_last", maskLast}, {"init_from", initFrom},
                {"text_len", textLength}, {"vocab_size", vocabularySize}, {"pretrain_epochs", pretrainEpochs}, {"fusion", fusion},
                {"id_dropout", idDropout}, {"dp", dp}, {"dp.noise", dpNoise}, {"dp.clip", dpClip}, {"dp.delta", dpDelta},
                {"dp.target_epsilon", dpTargetEpsilon}, {"dp.sampling", dpSampling}}
        .dump();
}

namespace {
std::map<std::string, std::string> settingsOf(const Json &j) {
    std::map<std::string, std::string> values;
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "model")
            values[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
    return values;
}
} // namespace

TrainConfig TrainConfig::fromJson(const std::string &json) {
    try {
        const Json j = Json::parse(json);
        auto values = settingsOf(j);
        if (!j.contains("batching")) // stored before the setting existed: batches were grouped by length
            values["batching"] = "length";
        return parse(j.at("model").get<std::string>(), values);
    } catch (const Json::exception &e) { // the JSON library's own errors become the engine's
        throw EngineError(ErrorKind::Project, std::string("a run's stored settings are damaged: ") + e.what());
    }
}

std::map<std::string, std::string> TrainConfig::settings() const { return settingsOf(Json::parse(toJson())); }

std::string EvalMetrics::toJson() const {
    return Json{{"NDCG@10", ndcg10}, {"HR@10", hr10}, {"NDCG@5", ndcg5}, {"HR@5", hr5}, {"MRR", mrr}, {"users", users}}.dump();
}

// ------------------------------------------------------------------ memory

std::uint64_t estimateTrainingBytes(const TrainConfig &c, std::int64_t numItems) {
    const double n = static_cast<double>(numItems) + 1;
    if (c.model == "pop")
        return static_cast<std::uint64_t>(n * 16);
    if (c.model == "itemknn") // dense co-occurrence counts up to 8,192 items, neighbour lists after
        return static_cast<std::uint64_t>(n <= 8192 ? n * n * 4 : n * c.neighbors * 8 * 4);
    if (c.model == "bprmf") // users are bounded by the dataset; count them as items for the estimate
        return static_cast<std::uint64_t>(2 * n * c.hidden * 16 + c.batchSize * c.hidden * 4 * 8);
    const double h = c.hidden, l = c.maxlen, b = c.batchSize, layers = c.layers, heads = c.heads;
    // The text model reads up to the whole catalog's text per batch.
    const double text = c.model == "textrec" ? n * c.textLength * h * layers * 14 * 4 + n * heads * c.textLength * c.textLength * layers * 3 * 4 : 0;
    const double params = (static_cast<double>(numItems) + 1 + l) * h + layers * ((4 + 2.0 * c.ffn) * h * h + 12 * h) + 2 * h;
    // Weights, gradients and two Adam moments; activations kept for backward; the output layer.
    double bytes = params * 4 * 4;
    bytes += b * l * h * layers * (12 + 2.0 * c.ffn) * 4 + b * heads * l * l * layers * 3 * 4;
    bytes += c.loss == "ce" ? b * l * (static_cast<double>(numItems) + 1) * 4 * 3 : b * l * h * 4 * 4;
    return static_cast<std::uint64_t>(bytes + text);
}

std::uint64_t availableMemoryBytes() { return platform::physicalMemoryBytes(); }

// ------------------------------------------------------------------ training

namespace {

// What differs between trainable models; runEpochs does the rest (evaluation, checkpoints,
// early stopping, curves).
struct EpochTrainer {
    std::function<double(int epoch)> trainEpoch; // mean training loss; throws on cancel or NaN
    std::size_t sequences = 0;                   // training examples per epoch, for throughput
    Scorer scorer;
    std::function<std::string()> state;
    std::function<void(const std::string &)> load;
    std::function<std::string()> optimizerState;
    std::function<void(const std::string &)> loadOptimizer;
    std::function<void(bool)> setTraining;
    std::function<std::optional<double>()> epsilon; // DP runs: the budget spent so far
    std::function<bool()> budgetSpent;               // DP runs with a target: no step is left
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

// Copies rows of `from` into `to` where map[row] >= 0.
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
        else if (name == "users.weight")
            copyMappedRows(to, f, w.userMap);
        else if (name.ends_with("positions.weight")) {
            const auto n = std::min(to.size(0), f.size(0));
            to.slice(0, to.size(0) - n).copy_(f.slice(0, f.size(0) - n));
        } else if (f.sizes() == to.sizes())
            to.copy_(f);
    }
}

// Where a resumed run picks up: the last stored epoch and the best result so far.
struct ResumePoint {
    int startEpoch = 0; // epochs already done
    double best = -1;
    int sinceBest = 0;
    std::string modelState, optimizerState;
};

std::atomic<long> g_nonFiniteAt{-1}; // testing::injectNonFiniteLoss

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
    double best = resume ? resume->best : -1;
    int sinceBest = resume ? resume->sinceBest : 0;
    if (resume && !resume->modelState.empty()) {
        t.load(resume->modelState);
        if (!resume->optimizerState.empty())
            t.loadOptimizer(resume->optimizerState);
    }
    const bool alreadyStopped = (c.patience > 0 && sinceBest >= c.patience) || (t.budgetSpent && t.budgetSpent());
    for (int epoch = resume ? resume->startEpoch : 0; epoch < c.epochs && !alreadyStopped; ++epoch) {
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
        progress.report((static_cast<double>(epoch) + 1) / static_cast<double>(c.epochs), "validating epoch " + std::to_string(epoch + 1));
        const auto v = evaluateSampled(s, false, c.negatives, c.seed, t.scorer, progress);
        EpochRecord e;
        e.epoch = epoch + 1;
        e.trainLoss = loss;
        e.validLoss = v.loss;
        e.validNdcg10 = v.metrics.ndcg10;
        e.validHr10 = v.metrics.hr10;
        e.seconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
        e.sequencesPerSecond = static_cast<double>(t.sequences) / std::max(1e-9, trainSeconds);
        if (t.epsilon)
            e.epsilon = t.epsilon();
        const std::string state = t.state();
        store.saveCheckpoint(result.runId, "last", e.epoch, state);
        store.saveCheckpoint(result.runId, "optimizer", e.epoch, t.optimizerState());
        if (v.metrics.ndcg10 > best) {
            best = v.metrics.ndcg10;
            sinceBest = 0;
            result.bestEpoch = e.epoch;
            result.valid = v.metrics;
            store.saveCheckpoint(result.runId, "best", e.epoch, state);
        } else {
            ++sinceBest;
        }
        store.appendEpoch(result.runId, e);
        result.epochs = e.epoch;
        if (onEpoch)
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
    if (auto bestState = store.loadCheckpoint(result.runId, "best"))
        t.load(*bestState);
    t.setTraining(false);
    // Both measured from the best checkpoint (the same fixed negatives as during training).
    result.valid = evaluateSampled(s, false, c.negatives, c.seed, t.scorer, progress).metrics;
    result.test = evaluateSampled(s, true, c.negatives, c.seed, t.scorer, progress).metrics;
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainConfig &c, const std::vector<torch::Tensor> &params) {
    if (c.optimizer == "sgd") // with momentum 0.9: DP-SGD's own optimiser, where noise averages out over steps
        return std::make_unique<torch::optim::SGD>(params, torch::optim::SGDOptions(c.lr).momentum(0.9).weight_decay(c.weightDecay));
    if (c.optimizer == "adamw")
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
    archive.load_from(in);
    opt.load(archive);
}

void setLearningRate(torch::optim::Optimizer &opt, double lr) {
    for (auto &g : opt.param_groups())
        g.options().set_lr(lr);
}

void step(torch::optim::Optimizer &opt, torch::Tensor loss, const std::vector<torch::Tensor> &params, double clip) {
    opt.zero_grad();
    loss.backward();
    if (clip > 0)
        torch::nn::utils::clip_grad_norm_(params, clip);
    opt.step();
}

// Checkpointing and train/eval switching for a torch model and its optimiser.
template <typename Holder>
void bindModel(EpochTrainer &t, Holder &model, torch::optim::Optimizer &opt) {
    t.state = [&model] { return serialize(model); };
    t.load = [&model](const std::string &state) { deserialize(model, state); };
    t.optimizerState = [&opt] { return serializeOptimizer(opt); };
    t.loadOptimizer = [&opt](const std::string &state) { deserializeOptimizer(opt, state); };
    t.setTraining = [&model](bool on) { on ? model->train() : model->eval(); };
}

// Seeds the epoch by its number (so a resumed run draws what an uninterrupted one would have)
// and sets its learning rate.
void beginEpoch(const TrainConfig &c, int epoch, std::mt19937_64 &rng, torch::optim::Optimizer &opt) {
    torch::manual_seed(c.seed + static_cast<std::uint64_t>(epoch) + 1);
    rng.seed(c.seed * 7919 + static_cast<std::uint64_t>(epoch));
    setLearningRate(opt, c.lr * learningRateFactor(c, epoch));
}

void reportBatch(Progress &progress, const TrainConfig &c, int epoch, std::size_t batch, std::size_t batches) {
    progress.report((static_cast<double>(epoch) + static_cast<double>(batch + 1) / static_cast<double>(batches)) /
                        static_cast<double>(c.epochs),
                    "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(c.epochs));
}

// One training row: the items seq[begin, end) of a user's training history.
struct Window {
    std::size_t user = 0, begin = 0, end = 0;
};

// The rows of a history: its newest maxlen items (one more for next-item targets) and, with
// `all`, the windows before them back to its oldest item, so every interaction is a target once.
std::vector<Window> windowsOf(const Split &s, std::size_t u, std::int64_t L, bool bert, bool all) {
    const std::size_t n = s.train[u].size(), step = static_cast<std::size_t>(L), span = step + (bert ? 0 : 1);
    std::vector<Window> out;
    for (std::size_t end = n; end >= (bert ? 1u : 2u);) {
        out.push_back({u, end > span ? end - span : 0, end});
        if (!all || end <= span)
            break;
        end -= step;
    }
    return out;
}

// The units DP-SGD protects: each window (dp=example) or each user's windows (dp=user).
std::vector<std::vector<Window>> privacyUnits(const TrainConfig &c, const Split &s) {
    std::vector<std::vector<Window>> units;
    const bool bert = c.model == "bert4rec";
    for (std::size_t u = 0; u < s.train.size(); ++u) {
        if (s.train[u].size() < 2)
            continue;
        auto w = windowsOf(s, u, c.maxlen, bert, true);
        if (c.dp == "user")
            units.push_back(std::move(w));
        else
            for (const auto &x : w)
                units.push_back({x});
    }
    return units;
}

std::int64_t dpStepsPerEpoch(const TrainConfig &c, std::size_t units) {
    return static_cast<std::int64_t>((units + static_cast<std::size_t>(c.batchSize) - 1) / static_cast<std::size_t>(c.batchSize));
}

double dpSamplingRate(const TrainConfig &c, std::size_t units) {
    return std::min(1.0, static_cast<double>(c.batchSize) / static_cast<double>(std::max<std::size_t>(1, units)));
}

// Fills in what a DP configuration leaves open: delta = 1 / units, and the noise that reaches
// the target epsilon at the last epoch. Refuses a target that not even one step fits in.
void resolvePrivacy(TrainConfig &c, const Split &s) {
    if (c.dp == "none")
        return;
    const auto n = privacyUnits(c, s).size();
    if (n == 0)
        throw EngineError(ErrorKind::BadInput, "no user has two or more training interactions");
    if (c.dpDelta <= 0)
        c.dpDelta = 1.0 / static_cast<double>(n);
    const double q = dpSamplingRate(c, n);
    if (c.dpNoise <= 0)
        c.dpNoise = noiseForEpsilon(q, dpStepsPerEpoch(c, n) * c.epochs, c.dpDelta, c.dpTargetEpsilon);
    else if (c.dpTargetEpsilon > 0 && epsilonAfter(q, c.dpNoise, 1, c.dpDelta).epsilon > c.dpTargetEpsilon)
        throw EngineError(ErrorKind::Usage, "dp.target_epsilon=" + std::to_string(c.dpTargetEpsilon) + " is spent by a single step at dp.noise=" +
                                                std::to_string(c.dpNoise) + "; raise the noise or the target");
}

// The input, targets and sampled negatives of a batch of windows.
struct TrainBatch {
    torch::Tensor input, target, negative;
};

// DP-SGD's state through a run: the units, the rate, and the accountant.
struct PrivacyPlan {
    std::vector<std::vector<Window>> units;
    double q = 0;
    std::int64_t stepsPerEpoch = 0;
    RdpAccountant accountant;
    bool budgetSpent = false; // one more step would pass the target
};

// The training loop of the sequence models (SASRec, BERT4Rec, the text-aware model): each
// reaches its items through itemVectors(), so one loop serves id and text embeddings.
template <typename Model>
void trainSequenceModel(const TrainConfig &c, const Split &s, RunStore &store, TrainResult &result, Progress &progress,
                        const std::function<void(const EpochRecord &)> &onEpoch, const ResumePoint *resume, Model &model) {
    std::mt19937_64 rng(c.seed);
    const auto params = model->parameters();
    auto opt = makeOptimizer(c, params);
    const bool bert = c.model == "bert4rec";
    const std::int64_t L = c.maxlen;
    std::vector<Window> rows;
    for (std::size_t u = 0; u < s.train.size(); ++u)
        if (s.train[u].size() >= 2)
            rows.push_back(windowsOf(s, u, L, bert, false).front());
    if (rows.empty())
        throw EngineError(ErrorKind::BadInput, "no user has two or more training interactions");
    const auto maskId = static_cast<std::int32_t>(s.numItems + 1);
    std::uniform_real_distribution<double> coin(0, 1);
    torch::Tensor heldOut; // [n+1] true for items kept out of training
    if (!s.heldOut.empty()) {
        heldOut = torch::zeros({s.numItems + 1}, torch::kBool);
        for (std::size_t i = 0; i < s.heldOut.size(); ++i)
            if (s.heldOut[i])
                heldOut[static_cast<std::int64_t>(i)] = true;
    }
    const auto inputLength = [&](const Window &w) { return static_cast<std::int64_t>(w.end - w.begin) - (bert ? 0 : 1); };

    // The input, targets and sampled negatives of `count` rows, cut to the longest input.
    const auto makeBatch = [&](const Window *batchRows, std::size_t count) -> TrainBatch {
        const auto B = static_cast<std::int64_t>(count);
        std::int64_t W = 1;
        for (std::size_t k = 0; k < count; ++k)
            W = std::max(W, inputLength(batchRows[k]));
        TrainBatch b{torch::zeros({B, W}, torch::kLong), torch::zeros({B, W}, torch::kLong), torch::zeros({B, W}, torch::kLong)};
        auto *ip = b.input.data_ptr<std::int64_t>(), *tp = b.target.data_ptr<std::int64_t>(), *np = b.negative.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < B; ++i) {
            const auto &w = batchRows[i];
            const auto seq = std::span<const std::int32_t>(s.train[w.user]).subspan(w.begin, w.end - w.begin);
            if (bert) {
                // Masked item prediction; at least one position masked, and with mask_last the
                // newest item too.
                fillInput(seq, 0, W, ip + i * W);
                bool any = false;
                const bool last = c.maskLast > 0 && coin(rng) < c.maskLast;
                for (std::int64_t p = 0; p < W; ++p) {
                    if (ip[i * W + p] == 0 || (coin(rng) >= c.maskProb && !(last && p == W - 1)))
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
                    np[i * W + p] = drawNegative(s, w.user, rng);
                }
            }
        }
        return b;
    };
    // The model's loss on a batch, averaged over the positions that have a target.
    const auto lossOf = [&](const TrainBatch &b) -> torch::Tensor {
        const auto valid = b.target.ne(0);
        torch::Tensor loss;
        if (bert || c.loss == "ce") {
            // Cross-entropy over the catalog (less held-out items) at the positions that have a target.
            // One table of item vectors serves input and output (BERT4Rec's also holds [MASK]).
            const auto table = model->itemVectors(torch::arange(s.numItems + (bert ? 2 : 1), torch::kLong));
            const auto h = model->encodeVectors(torch::embedding(table, b.input), b.input).index({valid}); // [M, H]
            auto logits = torch::matmul(h, table.slice(0, 0, s.numItems + 1).t()); // [M, n+1]
            if (heldOut.defined())
                logits = logits.masked_fill(heldOut, -1e9);
            loss = torch::nll_loss(torch::log_softmax(logits, -1), b.target.index({valid}));
        } else {
            // BCE: -log sigmoid(positive) - log(1 - sigmoid(negative)); one item lookup for all three.
            const auto v = model->itemVectors(torch::stack({b.input, b.target, b.negative})); // [3, B, W, H]
            const auto hidden = model->encodeVectors(v[0], b.input);
            const auto l = torch::softplus(-(hidden * v[1]).sum(-1)) + torch::softplus((hidden * v[2]).sum(-1));
            const auto mask = valid.to(torch::kFloat);
            loss = (l * mask).sum() / mask.sum().clamp_min(1);
        }
        return loss;
    };
    const auto l1Term = [&]() -> torch::Tensor { return c.l1 * model->itemEmbeddings().abs().sum() / static_cast<double>(s.numItems); };

    std::optional<PrivacyPlan> dp;
    if (c.dp != "none") {
        dp.emplace();
        dp->units = privacyUnits(c, s);
        dp->q = dpSamplingRate(c, dp->units.size());
        dp->stepsPerEpoch = dpStepsPerEpoch(c, dp->units.size());
        if (resume) // the steps of the epochs already done
            dp->accountant.addSteps(dp->q, c.dpNoise, resume->startEpoch * dp->stepsPerEpoch);
    }

    // One DP-SGD step over the chosen units: each unit's gradient clipped to dp.clip, summed,
    // Gaussian noise of dp.noise x dp.clip added, divided by the batch size. Returns the units' mean loss.
    const auto privateStep = [&](const std::vector<std::size_t> &chosen, int epoch, std::size_t bi) {
        std::vector<torch::Tensor> sum;
        for (const auto &p : params)
            sum.push_back(torch::zeros_like(p));
        double lossSum = 0;
        for (const auto unit : chosen) {
            const auto &unitRows = dp->units[unit];
            const torch::Tensor loss = lossOf(makeBatch(unitRows.data(), unitRows.size()));
            const double value = loss.item<double>();
            checkFinite(value, epoch, bi);
            lossSum += value;
            const std::vector<torch::Tensor> grads = torch::autograd::grad({loss}, params, {}, false, false, true);
            double squared = 0;
            for (const auto &g : grads)
                if (g.defined())
                    squared += g.pow(2).sum().item<double>();
            const double factor = std::min(1.0, c.dpClip / (std::sqrt(squared) + 1e-12));
            for (std::size_t k = 0; k < grads.size(); ++k)
                if (grads[k].defined())
                    sum[k].add_(grads[k], factor);
        }
        {
            torch::NoGradGuard noGrad;
            for (std::size_t k = 0; k < params.size(); ++k) {
                auto noisy = (sum[k] + torch::randn_like(sum[k]) * (c.dpNoise * c.dpClip)) / static_cast<double>(c.batchSize);
                params[k].mutable_grad() = noisy;
            }
        }
        if (c.l1 > 0) // depends on the weights alone, not on the data: no clipping or noise needed
            l1Term().backward();
        opt->step();
        dp->accountant.addSteps(dp->q, c.dpNoise);
        if (c.dpTargetEpsilon > 0) { // room for one more step?
            auto next = dp->accountant;
            next.addSteps(dp->q, c.dpNoise);
            dp->budgetSpent = next.spent(c.dpDelta).epsilon > c.dpTargetEpsilon;
        }
        return lossSum / static_cast<double>(std::max<std::size_t>(1, chosen.size()));
    };

    const std::size_t batches = (rows.size() + static_cast<std::size_t>(c.batchSize) - 1) / static_cast<std::size_t>(c.batchSize);
    EpochTrainer t;
    t.sequences = dp ? dp->units.size() : rows.size();
    t.scorer = transformerScorer(model, c, s);
    bindModel(t, model, *opt);
    if (dp) {
        t.epsilon = [&] { return std::optional<double>(dp->accountant.spent(c.dpDelta).epsilon); };
        t.budgetSpent = [&] { return dp->budgetSpent; };
    }
    const auto trainPrivateEpoch = [&](int epoch) {
        const auto n = dp->units.size();
        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), std::size_t{0});
        if (c.dpSampling == "uniform")
            std::shuffle(order.begin(), order.end(), rng);
        double sum = 0;
        std::size_t count = 0;
        const auto steps = static_cast<std::size_t>(dp->stepsPerEpoch);
        for (std::size_t bi = 0; bi < steps && !dp->budgetSpent; ++bi) {
            throwIfCancelled(progress);
            std::vector<std::size_t> chosen;
            if (c.dpSampling == "uniform") {
                const std::size_t from = bi * static_cast<std::size_t>(c.batchSize);
                chosen.assign(order.begin() + static_cast<long>(from),
                              order.begin() + static_cast<long>(std::min(n, from + static_cast<std::size_t>(c.batchSize))));
            } else {
                for (std::size_t u = 0; u < n; ++u) // Poisson: each unit on its own coin
                    if (coin(rng) < dp->q)
                        chosen.push_back(u);
            }
            sum += privateStep(chosen, epoch, bi);
            ++count;
            reportBatch(progress, c, epoch, bi, steps);
        }
        return sum / static_cast<double>(std::max<std::size_t>(1, count));
    };
    t.trainEpoch = [&](int epoch) {
        beginEpoch(c, epoch, rng, *opt);
        if (dp)
            return trainPrivateEpoch(epoch);
        std::sort(rows.begin(), rows.end(), [](const Window &a, const Window &b) { return a.user < b.user; });
        std::shuffle(rows.begin(), rows.end(), rng); // the order depends on this epoch's seed alone
        if (c.batching == "length") {
            // Length buckets: within pools of 32 batches rows are ordered by length, so a batch is
            // cut to its longest input instead of maxlen; the order of batches is shuffled.
            const std::size_t pool = static_cast<std::size_t>(c.batchSize) * 32;
            for (std::size_t from = 0; from < rows.size(); from += pool)
                std::stable_sort(rows.begin() + static_cast<long>(from), rows.begin() + static_cast<long>(std::min(rows.size(), from + pool)),
                                 [&](const Window &a, const Window &b) { return inputLength(a) < inputLength(b); });
        }
        std::vector<std::size_t> order(batches);
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::shuffle(order.begin(), order.end(), rng);
        double sum = 0;
        std::size_t count = 0;
        for (std::size_t bi = 0; bi < batches; ++bi) {
            throwIfCancelled(progress);
            const std::size_t from = order[bi] * static_cast<std::size_t>(c.batchSize);
            const std::size_t to = std::min(rows.size(), from + static_cast<std::size_t>(c.batchSize));
            torch::Tensor loss = lossOf(makeBatch(rows.data() + from, to - from));
            if (c.l1 > 0)
                loss = loss + l1Term();
            const double value = loss.item<double>();
            checkFinite(value, epoch, bi);
            step(*opt, loss, params, c.clip);
            sum += value;
            ++count;
            reportBatch(progress, c, epoch, bi, batches);
        }
        return sum / static_cast<double>(std::max<std::size_t>(1, count));
    };
    runEpochs(c, s, store, result, progress, onEpoch, t, resume);
}

void trainTransformer(const TrainConfig &c, const Split &s, RunStore &store, TrainResult &result, Progress &progress,
                      const std::function<void(const EpochRecord &)> &onEpoch, const ResumePoint *resume,
                      const WarmStart *warm) {
    torch::manual_seed(c.seed);
    SasRec model = makeTransformer(c, s.numItems);
    if (warm) {
        SasRec source = makeTransformer(warm->source, warm->sourceItems);
        deserialize(source, warm->state);
        applyWarmStart(model, source, *warm);
    }
    trainSequenceModel(c, s, store, result, progress, onEpoch, resume, model);
}

// Masked-language-model pretraining of the text model's language model on the catalog text
// (every item with text, held-out ones included: their text is known, their interactions not).
void pretrainLanguageModel(const TrainConfig &c, TextRec &model, std::int64_t numItems, Progress &progress) {
    std::vector<std::int64_t> items;
    const auto hasText = model->tokens().ne(0).any(1).contiguous(); // [n+1]
    const auto *p = hasText.data_ptr<bool>();
    for (std::int64_t i = 1; i <= numItems; ++i)
        if (p[i])
            items.push_back(i);
    if (items.empty() || c.pretrainEpochs == 0)
        return;
    auto opt = makeOptimizer(c, model->parameters());
    std::mt19937_64 rng(c.seed ^ 0x5EEDULL);
    const auto batch = static_cast<std::size_t>(c.batchSize);
    const std::size_t batches = (items.size() + batch - 1) / batch;
    model->train();
    for (int epoch = 0; epoch < c.pretrainEpochs; ++epoch) {
        std::shuffle(items.begin(), items.end(), rng);
        double sum = 0;
        for (std::size_t b = 0; b < batches; ++b) {
            throwIfCancelled(progress);
            const std::vector<std::int64_t> chunk(items.begin() + static_cast<long>(b * batch),
                                                  items.begin() + static_cast<long>(std::min(items.size(), (b + 1) * batch)));
            const auto loss = model->maskedLanguageLoss(torch::tensor(chunk, torch::kLong), rng);
            const double value = loss.item<double>();
            checkFinite(value, epoch, b);
            step(*opt, loss, model->parameters(), c.clip);
            sum += value;
            progress.report(0, "pretraining the language model: epoch " + std::to_string(epoch + 1) + "/" +
                                   std::to_string(c.pretrainEpochs) + ", loss " + std::to_string(sum / static_cast<double>(b + 1)));
        }
    }
}

// The text-aware model: a tokenizer trained on the catalog text (or the one of the run it is
// resumed or fine-tuned from), MLM pretraining, then sequence training end to end.
void trainTextRec(Project &project, std::int64_t datasetId, const TrainConfig &c, const Split &s, RunStore &store,
                  TrainResult &result, Progress &progress, const std::function<void(const EpochRecord &)> &onEpoch,
                  const ResumePoint *resume, const WarmStart *warm) {
    const auto texts = catalogText(project, datasetId);
    const std::optional<std::string> own = store.loadCheckpoint(result.runId, "tokenizer");
    std::optional<std::string> stored = own;
    if (!stored && warm)
        stored = store.loadCheckpoint(c.initFrom, "tokenizer");
    if (!stored)
        progress.report(0, "training the tokenizer on the item text");
    const auto tokenizer = stored ? TextTokenizer::load(*stored) : TextTokenizer::train(texts, c.vocabularySize);
    if (!own)
        store.saveCheckpoint(result.runId, "tokenizer", 0, tokenizer.serialized());
    torch::manual_seed(c.seed);
    TextRec model = makeTextRec(c, s.numItems, tokenizer, texts);
    if (warm) {
        TextRec source = makeTextRec(warm->source, warm->sourceItems, tokenizer, std::vector<std::string>(static_cast<std::size_t>(warm->sourceItems) + 1));
        deserialize(source, warm->state);
        applyWarmStart(model, source, *warm);
    } else if (!resume) {
        pretrainLanguageModel(c, model, s.numItems, progress);
        store.saveCheckpoint(result.runId, "lm", 0, serialize(model));
    }
    trainSequenceModel(c, s, store, result, progress, onEpoch, resume, model);
}

void trainBpr(const TrainConfig &c, const Split &s, RunStore &store, TrainResult &result, Progress &progress,
              const std::function<void(const EpochRecord &)> &onEpoch, const ResumePoint *resume, const WarmStart *warm) {
    torch::manual_seed(c.seed);
    std::mt19937_64 rng(c.seed);
    BprMf model(static_cast<std::int64_t>(s.train.size()), s.numItems, c.hidden);
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
        beginEpoch(c, epoch, rng, *opt);
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
    runEpochs(c, s, store, result, progress, onEpoch, t, resume);
}

// Models without epochs (popularity, item-kNN): one "epoch" record with their validation scores.
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

} // namespace

namespace testing {
void injectNonFiniteLoss(int epoch, int batch) {
    g_nonFiniteAt.store(epoch < 0 ? -1L : static_cast<long>(epoch) * 1000000L + batch);
}
} // namespace testing

namespace {

// Trains (or continues) the stored run `result.runId` and records how it ended.
void execute(Project &project, std::int64_t datasetId, const Split &s, const TrainConfig &c, TrainResult &result, Progress &progress,
             const std::function<void(const EpochRecord &)> &onEpoch, const ResumePoint *resume, Clock::time_point start,
             const WarmStart *warm = nullptr) {
    RunStore store(project);
    store.setStatus(result.runId, "running");
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    try {
        if (c.model == "pop") {
            const auto pop = popularity(s);
            fitOnce(c, s, store, result, progress, onEpoch, popScorer(pop), {}, elapsed());
        } else if (c.model == "itemknn") {
            const auto knn = fitItemKnn(s, c.neighbors, progress);
            fitOnce(c, s, store, result, progress, onEpoch, knnScorer(knn, s), knn.serialize(), elapsed());
        } else if (c.model == "bprmf") {
            trainBpr(c, s, store, result, progress, onEpoch, resume, resume ? nullptr : warm);
        } else if (c.model == "textrec") {
            trainTextRec(project, datasetId, c, s, store, result, progress, onEpoch, resume, resume ? nullptr : warm);
        } else {
            trainTransformer(c, s, store, result, progress, onEpoch, resume, resume ? nullptr : warm);
        }
        result.status = "finished";
    } catch (const EngineError &e) {
        result.status = e.kind() == ErrorKind::Cancelled ? "cancelled" : "failed";
        result.message = e.kind() == ErrorKind::Cancelled ? "cancelled by the user" : e.message();
    }
    result.seconds = elapsed();
    store.finish(result.runId, result.status, result.message, result.seconds, result.bestEpoch,
                 metricsJson(c, result));
    progress.report(1.0, result.status);
}

WarmStart prepareWarmStart(Project &project, const TrainConfig &c, std::int64_t datasetId) {
    RunStore store(project);
    const auto source = store.run(c.initFrom);
    if (!source)
        throw EngineError(ErrorKind::Usage, "init_from: no run with id " + std::to_string(c.initFrom));
    WarmStart w;
    w.source = TrainConfig::fromJson(source->configJson);
    const bool transformer = c.model == "sasrec" || c.model == "bert4rec" || c.model == "textrec";
    if (w.source.model != c.model || (c.model != "bprmf" && !transformer))
        throw EngineError(ErrorKind::Usage, "init_from: run " + std::to_string(c.initFrom) + " is a " + w.source.model +
                                                " run; a " + c.model + " run can start only from a " + c.model +
                                                " run (item-kNN and popularity have no weights to fine-tune)");
    if (w.source.hidden != c.hidden || (transformer && (w.source.layers != c.layers || w.source.heads != c.heads || w.source.ffn != c.ffn)))
        throw EngineError(ErrorKind::Usage, "init_from: run " + std::to_string(c.initFrom) +
                                                " has another shape (hidden, layers, heads or ffn); use the same to fine-tune it");
    auto state = store.loadCheckpoint(c.initFrom, "best");
    if (!state)
        throw EngineError(ErrorKind::Usage, "init_from: run " + std::to_string(c.initFrom) + " has no checkpoint");
    w.state = std::move(*state);
    const auto sourceInfo = project.dataset(source->datasetId), targetInfo = project.dataset(datasetId);
    w.sourceItems = sourceInfo->items;
    w.sourceUsers = sourceInfo->users;
    // Rows are item index + 1 (0 is padding); BERT4Rec's [MASK] is the row after the last item.
    std::unordered_map<std::string, std::int64_t> sourceItems;
    for (const auto &it : project.items(source->datasetId))
        sourceItems.emplace(it.externalId, it.index + 1);
    w.itemMap.assign(static_cast<std::size_t>(targetInfo->items) + 2, -1);
    w.itemMap[0] = 0;
    for (const auto &it : project.items(datasetId))
        if (auto f = sourceItems.find(it.externalId); f != sourceItems.end()) {
            w.itemMap[static_cast<std::size_t>(it.index + 1)] = f->second;
            ++w.matchedItems;
        }
    w.itemMap.back() = w.sourceItems + 1;
    std::unordered_map<std::string, std::int64_t> sourceUsers;
    for (const auto &u : project.users(source->datasetId))
        sourceUsers.emplace(u.externalId, u.index);
    for (const auto &u : project.users(datasetId)) {
        const auto f = sourceUsers.find(u.externalId);
        w.userMap.push_back(f == sourceUsers.end() ? -1 : f->second);
    }
    if (w.matchedItems == 0)
        throw EngineError(ErrorKind::Usage, "init_from: the two datasets share no item ids, so nothing can be carried over");
    return w;
}

void checkMemory(const TrainConfig &c, std::int64_t numItems) {
    const auto need = estimateTrainingBytes(c, numItems), have = availableMemoryBytes();
    if (have > 0 && need > have / 10 * 8)
        throw EngineError(ErrorKind::Usage, "this configuration needs about " + std::to_string(need >> 20) +
                                                " MiB to train, more than 80% of the " + std::to_string(have >> 20) +
                                                " MiB this machine has; lower batch_size, maxlen or hidden");
}

} // namespace

TrainResult trainRun(Project &project, std::int64_t datasetId, const TrainConfig &config, const std::string &name,
                     Progress &progress, const std::function<void(const EpochRecord &)> &onEpoch) {
    const auto start = Clock::now();
    if (config.threads > 0)
        setComputeThreads(config.threads);
    progress.report(0, "preparing data");
    const Split s = makeSplit(project, datasetId, config);
    checkMemory(config, s.numItems);
    TrainConfig c = config;
    resolvePrivacy(c, s); // stored with the run as resolved (delta, calibrated noise)
    if (c.model == "textrec")
        requireItemText(catalogText(project, datasetId)); // refused before a run is recorded
    std::optional<WarmStart> warm;
    if (c.initFrom > 0)
        warm = prepareWarmStart(project, c, datasetId);
    TrainResult result;
    RunStore store(project);
    result.runId = store.create(datasetId, name, c.model, c.toJson());
    if (warm)
        store.setParent(result.runId, c.initFrom);
    execute(project, datasetId, s, c, result, progress, onEpoch, nullptr, start, warm ? &*warm : nullptr);
    return result;
}

TrainResult resumeRun(Project &project, std::int64_t runId, Progress &progress,
                      const std::function<void(const EpochRecord &)> &onEpoch, std::optional<int> epochs) {
    const auto start = Clock::now();
    RunStore store(project);
    const auto run = store.run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    const auto done = store.epochs(runId);
    const bool extend = epochs && run->status == "finished" && *epochs > static_cast<int>(done.size());
    if (run->status != "interrupted" && run->status != "cancelled" && run->status != "failed" && !extend)
        throw EngineError(ErrorKind::Usage, "run '" + run->name + "' is " + run->status +
                                                "; only interrupted, cancelled or failed runs can be resumed, "
                                                "or a finished one given more epochs");
    auto c = TrainConfig::fromJson(run->configJson);
    if (epochs) {
        if (*epochs < static_cast<int>(done.size()) || *epochs < 1)
            throw EngineError(ErrorKind::Usage, "epochs=" + std::to_string(*epochs) + ": the run has already done " +
                                                    std::to_string(done.size()) + " epochs");
        c.epochs = *epochs; // a new end for the run, recorded in its configuration
        store.setConfig(runId, c.toJson());
    }
    if (c.threads > 0)
        setComputeThreads(c.threads);
    progress.report(0, "preparing data");
    const Split s = makeSplit(project, run->datasetId, c);
    checkMemory(c, s.numItems);

    ResumePoint point;
    TrainResult result;
    result.runId = runId;
    std::int64_t lastEpoch = 0;
    if (auto state = store.loadCheckpoint(runId, "last", &lastEpoch)) {
        point.modelState = *state;
        std::int64_t optimizerEpoch = 0;
        if (auto opt = store.loadCheckpoint(runId, "optimizer", &optimizerEpoch); opt && optimizerEpoch == lastEpoch)
            point.optimizerState = *opt;
        point.startEpoch = static_cast<int>(lastEpoch);
    }
    // The curve so far decides the best epoch and the patience already used.
    for (const auto &e : store.epochs(runId)) {
        if (e.epoch > lastEpoch)
            break;
        if (e.validNdcg10 > point.best) {
            point.best = e.validNdcg10;
            point.sinceBest = 0;
            result.bestEpoch = e.epoch;
        } else {
            ++point.sinceBest;
        }
        result.epochs = e.epoch;
    }
    if (point.startEpoch == 0) // nothing stored yet: start over with the same settings
        point = ResumePoint{};
    if (c.dp != "none" && c.dpTargetEpsilon > 0) { // the accountant counts every epoch done as whole
        const auto units = privacyUnits(c, s).size();
        const auto taken = point.startEpoch * dpStepsPerEpoch(c, units);
        if (epsilonAfter(dpSamplingRate(c, units), c.dpNoise, taken + 1, c.dpDelta).epsilon > c.dpTargetEpsilon)
            throw EngineError(ErrorKind::Usage, "run '" + run->name + "' has spent its privacy budget: one more step would pass "
                                                    "the target epsilon " + formatShort(c.dpTargetEpsilon));
    }
    execute(project, run->datasetId, s, c, result, progress, onEpoch, &point, start);
    return result;
}

std::vector<std::pair<std::int64_t, double>> recommend(Project &project, std::int64_t runId, std::int64_t userIndex, int k,
                                                       const std::optional<std::vector<std::int64_t>> &edited) {
    auto scorer = RunScorer::load(project, runId);
    return recommend(project, *scorer, RunStore(project).run(runId)->datasetId, userIndex, k, edited);
}

std::vector<std::pair<std::int64_t, double>> recommend(Project &project, RunScorer &scorer, std::int64_t datasetId, std::int64_t userIndex,
                                                       int k, const std::optional<std::vector<std::int64_t>> &edited) {
    const auto info = project.dataset(datasetId);
    if (!info || userIndex < 0 || userIndex >= info->users)
        throw EngineError(ErrorKind::Usage, "no user " + std::to_string(userIndex) + " in the run's dataset");
    std::unordered_set<std::int32_t> seen;
    std::vector<std::int32_t> history;
    for (const auto &e : project.timeline(datasetId, userIndex)) {
        history.push_back(static_cast<std::int32_t>(e.item));
        seen.insert(static_cast<std::int32_t>(e.item));
    }
    if (edited) {
        history.clear();
        for (auto i : *edited) {
            if (i < 0 || i >= info->items)
                throw EngineError(ErrorKind::Usage, "the edited history names item " + std::to_string(i) + ", not in the run's dataset");
            history.push_back(static_cast<std::int32_t>(i));
        }
    }
    std::vector<float> scores;
    scorer.scoreAll({history}, {userIndex}, scores);
    std::vector<std::pair<std::int64_t, double>> ranked;
    for (std::size_t i = 0; i < scores.size(); ++i)
        if (!seen.count(static_cast<std::int32_t>(i)))
            ranked.emplace_back(static_cast<std::int64_t>(i), scores[i]);
    const auto top = std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(std::max(0, k)));
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(top), ranked.end(),
                      [](const auto &a, const auto &b) { return a.second > b.second; });
    ranked.resize(top);
    return ranked;
}

} // namespace recscope::engine
