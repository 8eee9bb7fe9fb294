// SPDX-License-Identifier: GPL-3.0-or-later
// The training loop (leave-one-out split, SASRec with BCE or full cross-entropy, popularity
// baseline), sampled evaluation, checkpoints and recommendations.
#include "engine/training.h"

#include "engine/errors.h"
#include "engine/progress.h"
#include "engine/project.h"
#include "engine/runtime.h"
#include "engine/sasrec.h"

#include <nlohmann/json.hpp>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/serialize.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>
#include <unistd.h>
#include <unordered_set>

namespace recscope::engine {

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// ------------------------------------------------------------------ data

// Item indices shifted by one: 0 is padding for the models.
struct Split {
    std::int64_t numItems = 0;
    std::vector<std::vector<std::int32_t>> train; // per user
    std::vector<std::int32_t> valid, test;        // 0 when the user has fewer than 3 events
    std::vector<std::unordered_set<std::int32_t>> seen;
};

Split leaveOneOut(Project &project, std::int64_t datasetId) {
    const auto info = project.dataset(datasetId);
    if (!info)
        throw EngineError(ErrorKind::Usage, "no dataset with id " + std::to_string(datasetId));
    const auto t = project.interactions(datasetId);
    Split s;
    s.numItems = info->items;
    const auto users = static_cast<std::size_t>(info->users);
    std::vector<std::vector<std::int32_t>> full(users);
    for (std::size_t i = 0; i < t.size(); ++i)
        full[static_cast<std::size_t>(t.user[i])].push_back(t.item[i] + 1);
    s.train.resize(users);
    s.valid.assign(users, 0);
    s.test.assign(users, 0);
    s.seen.resize(users);
    for (std::size_t u = 0; u < users; ++u) {
        auto &seq = full[u];
        s.seen[u] = std::unordered_set<std::int32_t>(seq.begin(), seq.end());
        if (seq.size() >= 3) {
            s.test[u] = seq.back();
            s.valid[u] = seq[seq.size() - 2];
            seq.resize(seq.size() - 2);
        }
        s.train[u] = std::move(seq);
    }
    return s;
}

// The last `maxlen` items of `seq` (plus `extra` when non-zero), left-padded with zeros.
void fillInput(const std::vector<std::int32_t> &seq, std::int32_t extra, std::int64_t maxlen, std::int64_t *out) {
    std::fill(out, out + maxlen, 0);
    std::int64_t pos = maxlen - 1;
    if (extra > 0)
        out[pos--] = extra;
    for (auto it = seq.rbegin(); it != seq.rend() && pos >= 0; ++it)
        out[pos--] = *it;
}

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
    const std::size_t batch = 256;
    double lossSum = 0;
    for (std::size_t start = 0; start < users.size(); start += batch) {
        throwIfCancelled(progress);
        std::vector<std::size_t> chunk(users.begin() + static_cast<long>(start),
                                       users.begin() + static_cast<long>(std::min(users.size(), start + batch)));
        std::vector<std::vector<std::int32_t>> candidates;
        for (auto u : chunk) {
            // The same negatives for a user every epoch: curves compare like with like.
            std::mt19937_64 rng(seed * 1000003ULL + u * 2 + (test ? 1 : 0));
            std::uniform_int_distribution<std::int32_t> item(1, static_cast<std::int32_t>(s.numItems));
            std::vector<std::int32_t> c{test ? s.test[u] : s.valid[u]};
            std::unordered_set<std::int32_t> taken;
            int guard = 0;
            while (static_cast<int>(c.size()) <= negatives && guard++ < negatives * 50) {
                const auto x = item(rng);
                if (s.seen[u].count(x) || !taken.insert(x).second)
                    continue;
                c.push_back(x);
            }
            candidates.push_back(std::move(c));
        }
        const auto scores = score(chunk, test, candidates);
        std::size_t offset = 0;
        for (std::size_t i = 0; i < chunk.size(); ++i) {
            const std::size_t n = candidates[i].size();
            const float target = scores[offset];
            std::int64_t rank = 0;
            double l = std::log1p(std::exp(-static_cast<double>(target)));
            for (std::size_t j = 1; j < n; ++j) {
                rank += scores[offset + j] > target;
                l += std::log1p(std::exp(static_cast<double>(scores[offset + j]))) / static_cast<double>(n - 1);
            }
            offset += n;
            lossSum += l;
            const double gain = 1.0 / std::log2(static_cast<double>(rank) + 2.0);
            out.metrics.ndcg10 += rank < 10 ? gain : 0;
            out.metrics.hr10 += rank < 10;
            out.metrics.ndcg5 += rank < 5 ? gain : 0;
            out.metrics.hr5 += rank < 5;
            out.metrics.mrr += 1.0 / static_cast<double>(rank + 1);
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

// ------------------------------------------------------------------ models

SasRec makeSasRec(const TrainConfig &c, std::int64_t numItems) {
    SasRecOptions o;
    o.numItems = numItems;
    o.maxlen = c.maxlen;
    o.hidden = c.hidden;
    o.layers = c.layers;
    o.heads = c.heads;
    o.dropout = c.dropout;
    return SasRec(o);
}

std::string serialize(SasRec &model) {
    std::ostringstream out;
    torch::serialize::OutputArchive archive;
    model->save(archive);
    archive.save_to(out);
    return out.str();
}

void deserialize(SasRec &model, const std::string &state) {
    std::istringstream in(state);
    torch::serialize::InputArchive archive;
    archive.load_from(in);
    model->load(archive);
}

Scorer sasrecScorer(SasRec &model, const Split &s, std::int64_t maxlen) {
    return [&model, &s, maxlen](const std::vector<std::size_t> &users, bool test,
                                const std::vector<std::vector<std::int32_t>> &candidates) {
        torch::NoGradGuard noGrad;
        const auto b = static_cast<std::int64_t>(users.size());
        auto input = torch::zeros({b, maxlen}, torch::kLong);
        std::size_t width = 0;
        for (const auto &c : candidates)
            width = std::max(width, c.size());
        auto cand = torch::zeros({b, static_cast<std::int64_t>(width)}, torch::kLong);
        auto *in = input.data_ptr<std::int64_t>();
        auto *cp = cand.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < b; ++i) {
            const auto u = users[static_cast<std::size_t>(i)];
            fillInput(s.train[u], test ? s.valid[u] : 0, maxlen, in + i * maxlen);
            const auto &c = candidates[static_cast<std::size_t>(i)];
            std::copy(c.begin(), c.end(), cp + i * static_cast<std::int64_t>(width));
        }
        const auto hidden = model->encode(input).slice(1, maxlen - 1, maxlen); // [B, 1, H]
        const auto scores = model->score(hidden, cand).contiguous();
        const auto *sp = scores.data_ptr<float>();
        std::vector<float> out;
        for (std::int64_t i = 0; i < b; ++i) {
            const auto n = static_cast<std::int64_t>(candidates[static_cast<std::size_t>(i)].size());
            out.insert(out.end(), sp + i * static_cast<std::int64_t>(width), sp + i * static_cast<std::int64_t>(width) + n);
        }
        return out;
    };
}

std::vector<double> popularity(const Split &s) {
    std::vector<double> pop(static_cast<std::size_t>(s.numItems) + 1, 0.0);
    for (const auto &seq : s.train)
        for (auto i : seq)
            pop[static_cast<std::size_t>(i)] += 1;
    return pop;
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

std::string metricsJson(const EvalMetrics &valid, const EvalMetrics &test) {
    return Json{{"valid", Json::parse(valid.toJson())}, {"test", Json::parse(test.toJson())}}.dump();
}

} // namespace

// ------------------------------------------------------------------ configuration

TrainConfig TrainConfig::parse(const std::string &model, const std::map<std::string, std::string> &values) {
    TrainConfig c;
    if (model != "pop" && model != "sasrec")
        throw EngineError(ErrorKind::Usage, "unknown model '" + model + "' (available: pop, sasrec)");
    c.model = model;
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
        else if (k == "dropout") c.dropout = toReal(k, v, 0, 0.95);
        else if (k == "weight_decay") c.weightDecay = toReal(k, v, 0, 10);
        else if (k == "l1") c.l1 = toReal(k, v, 0, 10);
        else if (k == "optimizer") c.optimizer = oneOf(k, v, {"adam", "adamw"});
        else if (k == "warmup") c.warmupEpochs = toInt(k, v, 0, 100000);
        else if (k == "decay") c.decay = oneOf(k, v, {"none", "linear", "cosine"});
        else if (k == "clip") c.clip = toReal(k, v, 0, 1e6);
        else if (k == "negatives") c.negatives = toInt(k, v, 1, 100000);
        else if (k == "loss") c.loss = oneOf(k, v, {"bce", "ce"});
        else if (k == "patience") c.patience = toInt(k, v, 0, 100000);
        else if (k == "seed") c.seed = static_cast<std::uint64_t>(toInt(k, v, 0, 2147483647));
        else if (k == "threads") c.threads = toInt(k, v, 0, 256);
        else if (k == "split") c.split = oneOf(k, v, {"loo"});
        else
            throw EngineError(ErrorKind::Usage, "unknown setting '" + k + "' (settings: epochs, batch_size, lr, maxlen, hidden, "
                                                "layers, heads, dropout, weight_decay, l1, optimizer, warmup, decay, clip, "
                                                "negatives, loss, patience, seed, threads, split)");
    }
    if (c.hidden % c.heads != 0)
        throw EngineError(ErrorKind::Usage, "hidden (" + std::to_string(c.hidden) + ") must be a multiple of heads (" +
                                                std::to_string(c.heads) + ")");
    return c;
}

std::string TrainConfig::toJson() const {
    return Json{{"model", model}, {"epochs", epochs}, {"batch_size", batchSize}, {"lr", lr}, {"maxlen", maxlen},
                {"hidden", hidden}, {"layers", layers}, {"heads", heads}, {"dropout", dropout},
                {"weight_decay", weightDecay}, {"l1", l1}, {"optimizer", optimizer}, {"warmup", warmupEpochs},
                {"decay", decay}, {"clip", clip}, {"negatives", negatives}, {"loss", loss}, {"patience", patience},
                {"seed", seed}, {"threads", threads}, {"split", split}}
        .dump();
}

TrainConfig TrainConfig::fromJson(const std::string &json) {
    const Json j = Json::parse(json);
    std::map<std::string, std::string> values;
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "model")
            values[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
    return parse(j.at("model").get<std::string>(), values);
}

std::string EvalMetrics::toJson() const {
    return Json{{"NDCG@10", ndcg10}, {"HR@10", hr10}, {"NDCG@5", ndcg5}, {"HR@5", hr5}, {"MRR", mrr}, {"users", users}}.dump();
}

// ------------------------------------------------------------------ memory

std::uint64_t estimateTrainingBytes(const TrainConfig &c, std::int64_t numItems) {
    if (c.model == "pop")
        return static_cast<std::uint64_t>(numItems) * 16;
    const double h = c.hidden, l = c.maxlen, b = c.batchSize, layers = c.layers, heads = c.heads;
    const double params = (static_cast<double>(numItems) + 1 + l) * h + layers * (6 * h * h + 12 * h) + 2 * h;
    // Weights, gradients and two Adam moments; activations kept for backward; the output layer.
    double bytes = params * 4 * 4;
    bytes += b * l * h * layers * 14 * 4 + b * heads * l * l * layers * 3 * 4;
    bytes += c.loss == "ce" ? b * l * (static_cast<double>(numItems) + 1) * 4 * 3 : b * l * h * 4 * 4;
    return static_cast<std::uint64_t>(bytes);
}

std::uint64_t availableMemoryBytes() {
    const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(size) : 0;
}

// ------------------------------------------------------------------ training

TrainResult trainRun(Project &project, std::int64_t datasetId, const TrainConfig &c, const std::string &name,
                     Progress &progress, const std::function<void(const EpochRecord &)> &onEpoch) {
    const auto start = Clock::now();
    if (c.threads > 0)
        setComputeThreads(c.threads);
    progress.report(0, "preparing data");
    const Split s = leaveOneOut(project, datasetId);
    const auto need = estimateTrainingBytes(c, s.numItems), have = availableMemoryBytes();
    if (have > 0 && need > have / 10 * 8)
        throw EngineError(ErrorKind::Usage, "this configuration needs about " + std::to_string(need >> 20) +
                                                " MiB to train, more than 80% of the " + std::to_string(have >> 20) +
                                                " MiB this machine has; lower batch_size, maxlen or hidden");

    RunStore store(project);
    TrainResult result;
    result.runId = store.create(datasetId, name, c.model, c.toJson());
    store.setStatus(result.runId, "running");
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };

    try {
        if (c.model == "pop") {
            const auto pop = popularity(s);
            const auto scorer = popScorer(pop);
            EpochRecord e;
            e.epoch = 1;
            const auto v = evaluateSampled(s, false, c.negatives, c.seed, scorer, progress);
            e.validLoss = v.loss;
            e.validNdcg10 = v.metrics.ndcg10;
            e.validHr10 = v.metrics.hr10;
            e.seconds = elapsed();
            store.appendEpoch(result.runId, e);
            if (onEpoch)
                onEpoch(e);
            result.valid = v.metrics;
            result.test = evaluateSampled(s, true, c.negatives, c.seed, scorer, progress).metrics;
            result.bestEpoch = 1;
            result.epochs = 1;
        } else {
            torch::manual_seed(c.seed);
            std::mt19937_64 rng(c.seed);
            SasRec model = makeSasRec(c, s.numItems);
            std::unique_ptr<torch::optim::Optimizer> opt;
            if (c.optimizer == "adamw")
                opt = std::make_unique<torch::optim::AdamW>(model->parameters(), torch::optim::AdamWOptions(c.lr).betas({0.9, 0.98}).weight_decay(c.weightDecay));
            else
                opt = std::make_unique<torch::optim::Adam>(model->parameters(), torch::optim::AdamOptions(c.lr).betas({0.9, 0.98}).weight_decay(c.weightDecay));

            std::vector<std::size_t> trainUsers;
            for (std::size_t u = 0; u < s.train.size(); ++u)
                if (s.train[u].size() >= 2)
                    trainUsers.push_back(u);
            if (trainUsers.empty())
                throw EngineError(ErrorKind::BadInput, "no user has two or more training interactions");
            const std::int64_t L = c.maxlen;
            const auto scorer = sasrecScorer(model, s, L);
            std::uniform_int_distribution<std::int32_t> anyItem(1, static_cast<std::int32_t>(s.numItems));
            double best = -1;
            int sinceBest = 0;
            const std::size_t batches = (trainUsers.size() + static_cast<std::size_t>(c.batchSize) - 1) / static_cast<std::size_t>(c.batchSize);

            for (int epoch = 0; epoch < c.epochs; ++epoch) {
                const auto epochStart = Clock::now();
                for (auto &g : opt->param_groups())
                    static_cast<torch::optim::AdamOptions &>(g.options()).lr(c.lr * learningRateFactor(c, epoch));
                model->train();
                std::shuffle(trainUsers.begin(), trainUsers.end(), rng);
                double lossSum = 0;
                std::int64_t lossCount = 0;
                for (std::size_t bi = 0; bi < batches; ++bi) {
                    throwIfCancelled(progress);
                    const std::size_t from = bi * static_cast<std::size_t>(c.batchSize);
                    const std::size_t to = std::min(trainUsers.size(), from + static_cast<std::size_t>(c.batchSize));
                    const auto B = static_cast<std::int64_t>(to - from);
                    auto input = torch::zeros({B, L}, torch::kLong), pos = torch::zeros({B, L}, torch::kLong),
                         neg = torch::zeros({B, L}, torch::kLong);
                    auto *ip = input.data_ptr<std::int64_t>(), *pp = pos.data_ptr<std::int64_t>(), *np = neg.data_ptr<std::int64_t>();
                    for (std::int64_t i = 0; i < B; ++i) {
                        const auto u = trainUsers[from + static_cast<std::size_t>(i)];
                        const auto &seq = s.train[u];
                        // Input: seq[:-1]; positives: seq[1:]; both right-aligned.
                        std::int64_t p = L - 1;
                        for (std::size_t k = seq.size() - 1; k >= 1 && p >= 0; --k, --p) {
                            ip[i * L + p] = seq[k - 1];
                            pp[i * L + p] = seq[k];
                            std::int32_t x;
                            do {
                                x = anyItem(rng);
                            } while (s.seen[u].count(x));
                            np[i * L + p] = x;
                        }
                    }
                    const auto hidden = model->encode(input);
                    const auto valid = pos.ne(0);
                    torch::Tensor loss;
                    if (c.loss == "ce") {
                        const auto logits = torch::matmul(hidden, model->itemEmbeddings().t()); // [B, L, n+1]
                        loss = torch::nll_loss(torch::log_softmax(logits.view({-1, logits.size(-1)}), -1), pos.view({-1}),
                                               {}, at::Reduction::Mean, /*ignore_index=*/0);
                    } else {
                        const auto posLogits = model->score(hidden, pos), negLogits = model->score(hidden, neg);
                        const auto mask = valid.to(torch::kFloat);
                        // Binary cross-entropy with logits: -log sigmoid(pos) - log(1 - sigmoid(neg)).
                        const auto l = torch::softplus(-posLogits) + torch::softplus(negLogits);
                        loss = (l * mask).sum() / mask.sum().clamp_min(1);
                    }
                    if (c.l1 > 0)
                        loss = loss + c.l1 * model->itemEmbeddings().abs().sum() / static_cast<double>(s.numItems);
                    const double value = loss.item<double>();
                    if (!std::isfinite(value)) {
                        std::int64_t kept = 0;
                        store.loadCheckpoint(result.runId, "last", &kept);
                        throw EngineError(ErrorKind::BadInput,
                                          "the training loss became " + std::string(std::isnan(value) ? "NaN" : "infinite") +
                                              " in epoch " + std::to_string(epoch + 1) + ", batch " + std::to_string(bi + 1) +
                                              (kept > 0 ? "; the checkpoint of epoch " + std::to_string(kept) + " is kept"
                                                        : "; no checkpoint was written yet") +
                                              ". Lower lr or raise clip.");
                    }
                    opt->zero_grad();
                    loss.backward();
                    if (c.clip > 0)
                        torch::nn::utils::clip_grad_norm_(model->parameters(), c.clip);
                    opt->step();
                    lossSum += value;
                    ++lossCount;
                    progress.report((static_cast<double>(epoch) + static_cast<double>(bi + 1) / static_cast<double>(batches)) /
                                        static_cast<double>(c.epochs),
                                    "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(c.epochs));
                }
                const double trainSeconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
                model->eval();
                progress.report((static_cast<double>(epoch) + 1) / static_cast<double>(c.epochs),
                                "validating epoch " + std::to_string(epoch + 1));
                const auto v = evaluateSampled(s, false, c.negatives, c.seed, scorer, progress);
                EpochRecord e;
                e.sequencesPerSecond = static_cast<double>(trainUsers.size()) / std::max(1e-9, trainSeconds);
                e.epoch = epoch + 1;
                e.trainLoss = lossSum / static_cast<double>(std::max<std::int64_t>(1, lossCount));
                e.validLoss = v.loss;
                e.validNdcg10 = v.metrics.ndcg10;
                e.validHr10 = v.metrics.hr10;
                e.seconds = std::chrono::duration<double>(Clock::now() - epochStart).count();
                const std::string state = serialize(model);
                store.saveCheckpoint(result.runId, "last", e.epoch, state);
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
            }
            if (auto bestState = store.loadCheckpoint(result.runId, "best"))
                deserialize(model, *bestState);
            model->eval();
            result.test = evaluateSampled(s, true, c.negatives, c.seed, scorer, progress).metrics;
        }
        result.status = "finished";
    } catch (const EngineError &e) {
        result.status = e.kind() == ErrorKind::Cancelled ? "cancelled" : "failed";
        result.message = e.kind() == ErrorKind::Cancelled ? "cancelled by the user" : e.message();
    }
    result.seconds = elapsed();
    store.finish(result.runId, result.status, result.message, result.seconds, result.bestEpoch,
                 metricsJson(result.valid, result.test));
    progress.report(1.0, result.status);
    return result;
}

std::vector<std::pair<std::int64_t, double>> recommend(Project &project, std::int64_t runId, std::int64_t userIndex, int k) {
    RunStore store(project);
    const auto run = store.run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    const auto info = project.dataset(run->datasetId);
    if (!info || userIndex < 0 || userIndex >= info->users)
        throw EngineError(ErrorKind::Usage, "no user " + std::to_string(userIndex) + " in the run's dataset");
    const auto config = TrainConfig::fromJson(run->configJson);
    std::vector<std::int32_t> history;
    for (const auto &e : project.timeline(run->datasetId, userIndex))
        history.push_back(static_cast<std::int32_t>(e.item) + 1);
    std::vector<double> scores(static_cast<std::size_t>(info->items) + 1, 0.0);
    if (config.model == "pop") {
        scores = popularity(leaveOneOut(project, run->datasetId));
    } else {
        torch::NoGradGuard noGrad;
        SasRec model = makeSasRec(config, info->items);
        const auto state = store.loadCheckpoint(runId, "best");
        if (!state)
            throw EngineError(ErrorKind::Project, "run " + std::to_string(runId) + " has no checkpoint");
        deserialize(model, *state);
        model->eval();
        auto input = torch::zeros({1, config.maxlen}, torch::kLong);
        fillInput(history, 0, config.maxlen, input.data_ptr<std::int64_t>());
        const auto hidden = model->encode(input).slice(1, config.maxlen - 1, config.maxlen).squeeze(1); // [1, H]
        const auto all = torch::matmul(hidden, model->itemEmbeddings().t()).squeeze(0).contiguous();
        const auto *p = all.data_ptr<float>();
        for (std::size_t i = 0; i < scores.size(); ++i)
            scores[i] = p[i];
    }
    const std::unordered_set<std::int32_t> seen(history.begin(), history.end());
    std::vector<std::pair<std::int64_t, double>> ranked;
    for (std::size_t i = 1; i < scores.size(); ++i)
        if (!seen.count(static_cast<std::int32_t>(i)))
            ranked.emplace_back(static_cast<std::int64_t>(i) - 1, scores[i]);
    const auto top = std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(std::max(0, k)));
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(top), ranked.end(),
                      [](const auto &a, const auto &b) { return a.second > b.second; });
    ranked.resize(top);
    return ranked;
}

} // namespace recscope::engine
