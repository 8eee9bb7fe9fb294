// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/settings/trainconfig.h"

#include "engine/core/device.h"

#include "engine/data/split.h"

#include "engine/core/errors.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace recscope::engine {

namespace {

using Json = nlohmann::json;
using Type = TrainSetting::Type;
using Group = TrainSetting::Group;

bool always(const ModelInfo &) { return true; }
bool trained(const ModelInfo &m) { return m.trained; }
bool transformer(const ModelInfo &m) { return m.transformer; }

std::string usage(std::string_view key, const std::string &value, const std::string &expected) {
    return "--set " + std::string(key) + "=" + value + ": expected " + expected;
}

// A whole-number setting held in a field of type T.
template <typename T>
TrainSetting integer(std::string_view key, T TrainConfig::*field, double lo, double hi, Group group, std::string_view help,
                     std::function<bool(const ModelInfo &)> applies = always) {
    TrainSetting s{key, Type::Integer, group, lo, hi, {}, help, std::move(applies), {}, {}};
    s.get = [field](const TrainConfig &c) { return std::to_string(c.*field); };
    s.set = [key, field, lo, hi](TrainConfig &c, const std::string &v) {
        char *end = nullptr;
        const long long x = std::strtoll(v.c_str(), &end, 10);
        if (v.empty() || *end || static_cast<double>(x) < lo || static_cast<double>(x) > hi)
            throw EngineError(ErrorKind::Usage, usage(key, v, "a whole number from " + std::to_string(static_cast<long long>(lo)) + " to " +
                                                                  std::to_string(static_cast<long long>(hi))));
        c.*field = static_cast<T>(x);
    };
    return s;
}

TrainSetting real(std::string_view key, double TrainConfig::*field, double lo, double hi, Group group, std::string_view help,
                  std::function<bool(const ModelInfo &)> applies = always) {
    TrainSetting s{key, Type::Real, group, lo, hi, {}, help, std::move(applies), {}, {}};
    s.get = [field](const TrainConfig &c) { return Json(c.*field).dump(); };
    s.set = [key, field, lo, hi](TrainConfig &c, const std::string &v) {
        char *end = nullptr;
        const double x = std::strtod(v.c_str(), &end);
        if (v.empty() || *end || !(x >= lo && x <= hi))
            throw EngineError(ErrorKind::Usage, usage(key, v, "a number from " + std::to_string(lo) + " to " + std::to_string(hi)));
        c.*field = x;
    };
    return s;
}

template <typename E>
TrainSetting choice(std::string_view key, E TrainConfig::*field, Group group, std::string_view help,
                    std::function<bool(const ModelInfo &)> applies = always) {
    TrainSetting s{key, Type::Choice, group, 0, 0, {}, help, std::move(applies), {}, {}};
    for (const auto &[value, name] : EnumNames<E>::values)
        s.choices.push_back(name);
    s.get = [field](const TrainConfig &c) { return std::string(nameOf(c.*field)); };
    s.set = [key, field](TrainConfig &c, const std::string &v) {
        const auto value = enumFromName<E>(v);
        if (!value)
            throw EngineError(ErrorKind::Usage, usage(key, v, "one of " + enumNameList<E>()));
        c.*field = *value;
    };
    return s;
}

// A positive number that may be left unset ("none"; null in the stored JSON), stored as 0.
TrainSetting optionalReal(std::string_view key, double TrainConfig::*field, double hi, Group group, std::string_view help,
                          std::function<bool(const ModelInfo &)> applies = always) {
    TrainSetting s{key, Type::Real, group, 0, hi, {}, help, std::move(applies), {}, {}, true};
    s.get = [field](const TrainConfig &c) { return c.*field > 0 ? Json(c.*field).dump() : std::string("none"); };
    s.set = [key, field, hi](TrainConfig &c, const std::string &v) {
        if (v == "none" || v == "null") {
            c.*field = 0;
            return;
        }
        char *end = nullptr;
        const double x = std::strtod(v.c_str(), &end);
        if (v.empty() || *end || !(x > 0 && x <= hi))
            throw EngineError(ErrorKind::Usage, usage(key, v, "a number above 0 (at most " + std::to_string(static_cast<long long>(hi)) + "), or none"));
        c.*field = x;
    };
    return s;
}

// A free-text setting (a path); any value is taken, its meaning checked where it is used.
TrainSetting text(std::string_view key, std::string TrainConfig::*field, Group group, std::string_view help,
                  std::function<bool(const ModelInfo &)> applies = always) {
    TrainSetting s{key, Type::Text, group, 0, 0, {}, help, std::move(applies), {}, {}};
    s.get = [field](const TrainConfig &c) { return c.*field; };
    s.set = [field](TrainConfig &c, const std::string &v) { c.*field = v; };
    return s;
}

std::vector<TrainSetting> makeSettings() {
    using C = TrainConfig;
    const auto knn = [](const ModelInfo &m) { return m.kind == ModelKind::ItemKnn; };
    const auto bert = [](const ModelInfo &m) { return m.bidirectional; };
    const auto reads = [](const ModelInfo &m) { return m.readsText; };
    const auto gpu = [](const ModelInfo &m) { return m.transformer && !m.readsText; }; // what trains on a GPU
    return {
        integer("epochs", &C::epochs, 1, 100000, Group::Training, "passes over the training data", trained),
        integer("batch_size", &C::batchSize, 1, 65536, Group::Training, "training rows per step (DP-SGD: expected units per step)", trained),
        real("lr", &C::lr, 1e-8, 10, Group::Training, "learning rate", trained),
        integer("maxlen", &C::maxlen, 2, 4096, Group::Model, "newest items of a history the model reads", transformer),
        integer("hidden", &C::hidden, 2, 4096, Group::Model, "width of item and user vectors", trained),
        integer("layers", &C::layers, 1, 64, Group::Model, "transformer blocks", transformer),
        integer("heads", &C::heads, 1, 64, Group::Model, "attention heads per block (hidden must be a multiple)", transformer),
        integer("ffn", &C::ffn, 1, 16, Group::Model, "feed-forward width as a multiple of hidden (SASRec 1, BERT 4)", transformer),
        choice("activation", &C::activation, Group::Model, "feed-forward activation", transformer),
        real("dropout", &C::dropout, 0, 0.95, Group::Model, "dropout in the transformer blocks", transformer),
        real("weight_decay", &C::weightDecay, 0, 10, Group::Training, "L2 through the optimiser (decoupled with adamw; biased MF: on each rating's factors and biases)", trained),
        real("l1", &C::l1, 0, 10, Group::Training, "L1 on the item embeddings", trained),
        choice("optimizer", &C::optimizer, Group::Schedule, "optimiser (sgd: momentum 0.9)", trained),
        integer("warmup", &C::warmupEpochs, 0, 100000, Group::Schedule, "epochs of linear learning-rate warm-up", trained),
        choice("decay", &C::decay, Group::Schedule, "learning-rate decay after warm-up", trained),
        real("clip", &C::clip, 0, 1e6, Group::Schedule, "gradient-norm clipping; 0 = off", trained),
        integer("negatives", &C::negatives, 1, 100000, Group::Evaluation, "sampled negatives per user in validation and test"),
        choice("loss", &C::loss, Group::Model,
               "bce: one sampled negative per position; ce: softmax over the catalog; ssm: softmax over the target and loss_negatives drawn items",
               transformer),
        integer("loss_negatives", &C::lossNegatives, 1, 1000000, Group::Model, "ssm: items drawn per batch that every position's target is ranked against",
                transformer),
        choice("loss_sampling", &C::lossSampling, Group::Model,
               "ssm: uniform (every item alike) or popularity (as often as items are training targets, with a log-Q correction)",
               transformer),
        choice("batching", &C::batching, Group::Schedule, "random batches, or users of like history length together", transformer),
        choice("windows", &C::windows, Group::Schedule,
               "newest: each user's newest maxlen items once per epoch; all: the older items of long histories too, in maxlen-item windows",
               transformer),
        integer("patience", &C::patience, 0, 100000, Group::Training, "epochs without a better validation NDCG@10 before stopping; 0 = off", trained),
        optionalReal("max_minutes", &C::maxMinutes, 1e6, Group::Training,
                     "a budget of training time in minutes: no epoch starts that would end past it, and lr decay spans it; none = no budget",
                     trained),
        integer("seed", &C::seed, 0, 2147483647, Group::Schedule, "random seed of initialisation, batches and negatives"),
        integer("threads", &C::threads, 0, 256, Group::Schedule, "compute threads; 0 = leave as set"),
        text("device", &C::device, Group::Schedule, "where the run computes: cpu, cuda, cuda:N (a GPU) or auto (a GPU if there is one)", gpu),
        choice("split", &C::split, Group::Evaluation, "how validation and test are held out"),
        real("test_ratio", &C::testRatio, 0.01, 0.9, Group::Evaluation, "temporal, random: share of interactions in the test part"),
        integer("folds", &C::folds, 2, 20, Group::Evaluation, "kfold: groups of users"),
        integer("fold", &C::fold, 0, 19, Group::Evaluation, "kfold: the group held out (below folds)"),
        integer("neighbors", &C::neighbors, 1, 100000, Group::Model, "item-kNN: neighbours kept per item", knn),
        real("mask_prob", &C::maskProb, 0.01, 0.9, Group::Model, "BERT4Rec: share of positions masked in training", bert),
        real("mask_last", &C::maskLast, 0, 1, Group::Model, "BERT4Rec: chance that a row's newest item is masked too", bert),
        integer("init_from", &C::initFrom, 0, 2147483647, Group::Training, "fine-tune from this run's best checkpoint; 0 = from scratch", trained),
        integer("text_len", &C::textLength, 2, 512, Group::Text, "text model: tokens read per item", reads),
        integer("vocab_size", &C::vocabularySize, 16, 100000, Group::Text, "text model: tokenizer vocabulary asked for (own language model)", reads),
        integer("pretrain_epochs", &C::pretrainEpochs, 0, 10000, Group::Text, "text model: masked-language-model epochs on the item text (own language model)", reads),
        choice("fusion", &C::fusion, Group::Text, "text model: item vector from its text alone or text and id", reads),
        real("id_dropout", &C::idDropout, 0, 1, Group::Text, "text model: share of items trained on their text alone", reads),
        text("encoder", &C::encoder, Group::Text, "text model: a pretrained Hugging Face BERT-family folder to read item text with; empty = its own", reads),
        integer("encoder_layers", &C::encoderLayers, 0, 64, Group::Text, "text model with an encoder: last layers fine-tuned; 0 = frozen", reads),
        choice("dp", &C::dp, Group::Privacy, "DP-SGD: the unit protected (none = off)", transformer),
        real("dp.noise", &C::dpNoise, 0, 1000, Group::Privacy, "DP-SGD noise multiplier; 0 with a target: calibrated", transformer),
        real("dp.clip", &C::dpClip, 1e-6, 1e6, Group::Privacy, "DP-SGD clip norm of each unit's gradient", transformer),
        real("dp.delta", &C::dpDelta, 0, 0.5, Group::Privacy, "DP-SGD delta; 0 = 1 / units", transformer),
        real("dp.target_epsilon", &C::dpTargetEpsilon, 0, 1e6, Group::Privacy, "DP-SGD: stop before spending more; 0 = no target", transformer),
        choice("dp.sampling", &C::dpSampling, Group::Privacy, "DP-SGD sampling of units per step", transformer),
    };
}

} // namespace

const std::vector<TrainSetting> &trainSettings() {
    static const std::vector<TrainSetting> settings = makeSettings();
    return settings;
}

const TrainSetting *findTrainSetting(std::string_view key) {
    for (const auto &s : trainSettings())
        if (s.key == key)
            return &s;
    return nullptr;
}

std::string trainSettingKeys() {
    std::string out;
    for (const auto &s : trainSettings())
        out += (out.empty() ? "" : ", ") + std::string(s.key);
    return out;
}

TrainConfig TrainConfig::defaults(ModelKind model) {
    TrainConfig c;
    c.model = model;
    switch (model) {
    case ModelKind::SasRec:
        // Cross-entropy over the catalog reaches in 25 epochs what one sampled negative reaches in
        // about 110 (ML-1M, maxlen 200: test NDCG@10 0.596 in a 10-minute budget on 2 cores,
        // docs/benchmarks.md); a run ends when validation stalls or its budget is spent.
        c.loss = Loss::CrossEntropy;
        c.epochs = 200;
        c.patience = 10;
        break;
    case ModelKind::BprMf:
        c.batchSize = 1024;
        c.lr = 5e-3;
        c.weightDecay = 1e-5;
        break;
    case ModelKind::BiasedMf:
        // Rating prediction: a random fifth of the interactions held out (the classic rating
        // split); weight_decay is the per-rating L2 on the factors and biases (Koren et al. 2009).
        c.split = SplitKind::Random;
        c.batchSize = 512;
        c.lr = 5e-3;
        c.hidden = 32;
        c.weightDecay = 0.1; // ML-100K: test RMSE 0.909 (0.05: 0.916, 0.2: 0.933)
        c.patience = 3;
        break;
    case ModelKind::TextRec:
        // Text vectors learn from contrast with the whole catalog far faster than from one
        // sampled negative (on the demo's cold items: NDCG@10 0.09 against 0.05).
        c.loss = Loss::CrossEntropy;
        break;
    case ModelKind::Bert4Rec:
        // Masked-item training starts with a long popularity-like plateau: give it time.
        c.epochs = 100;
        c.patience = 20;
        c.dropout = 0.1;
        c.loss = Loss::CrossEntropy;
        break;
    default:
        break;
    }
    return c;
}

TrainConfig TrainConfig::parse(const std::string &model, const std::map<std::string, std::string> &values) {
    TrainConfig c = defaults(modelInfo(model).kind);
    for (const auto &[k, v] : values) {
        const auto *setting = findTrainSetting(k);
        if (!setting)
            throw EngineError(ErrorKind::Usage, "unknown setting '" + k + "' (settings: " + trainSettingKeys() + ")");
        setting->set(c, v);
    }
    const auto &m = c.info();
    const std::string dp(nameOf(c.dp));
    if (c.fold >= c.folds)
        throw EngineError(ErrorKind::Usage, "fold (" + std::to_string(c.fold) + ") must be below folds (" + std::to_string(c.folds) + ")");
    if (c.split == SplitKind::KFold && m.scoresByUser)
        throw EngineError(ErrorKind::Usage, std::string(m.name) + " learns one vector per training user and cannot score users it never saw; "
                                            "k-fold holds whole users out (use split=loo, temporal or random)");
    if (c.dp != DpMode::None && !m.transformer)
        throw EngineError(ErrorKind::Usage, "dp=" + dp + ": DP-SGD trains the neural models (sasrec, bert4rec, textrec), not " + c.modelKey());
    if (c.dp != DpMode::None && c.dpNoise <= 0 && c.dpTargetEpsilon <= 0)
        throw EngineError(ErrorKind::Usage, "dp=" + dp + " needs dp.noise (the noise multiplier) or dp.target_epsilon "
                                            "(the noise is then chosen to reach it at the last epoch)");
    if (c.encoderLayers > 0 && c.encoder.empty())
        throw EngineError(ErrorKind::Usage, "encoder_layers fine-tunes a pretrained encoder: name its folder with encoder=PATH");
    if (!c.encoder.empty() && c.initFrom != 0)
        throw EngineError(ErrorKind::Usage, "init_from with a pretrained encoder: start a new run from the encoder instead");
    if (m.bidirectional && c.loss != Loss::CrossEntropy)
        throw EngineError(ErrorKind::Usage, "loss=" + std::string(nameOf(c.loss)) + ": " + std::string(m.name) +
                                                " learns by predicting masked items over the whole catalog and trains with loss=ce only");
    if (!isDeviceSetting(c.device))
        throw EngineError(ErrorKind::Usage, "device='" + c.device + "': give cpu, cuda, cuda:N or auto");
    if (c.device != "cpu" && c.device != "auto" && (m.readsText || !m.transformer))
        throw EngineError(ErrorKind::Usage, "device=" + c.device + ": " + std::string(m.name) +
                                                " trains on the processor (device=cpu); GPUs train sasrec and bert4rec");
    if (c.hidden % c.heads != 0)
        throw EngineError(ErrorKind::Usage, "hidden (" + std::to_string(c.hidden) + ") must be a multiple of heads (" +
                                                std::to_string(c.heads) + ")");
    return c;
}

std::string TrainConfig::toJson() const {
    Json j{{"model", modelKey()}};
    for (const auto &s : trainSettings()) {
        const auto value = s.get(*this);
        const bool isText = s.type == TrainSetting::Type::Choice || s.type == TrainSetting::Type::Text;
        j[std::string(s.key)] = isText ? Json(value) : s.optional && value == "none" ? Json(nullptr) : Json::parse(value);
    }
    return j.dump();
}

std::map<std::string, std::string> TrainConfig::settings() const {
    std::map<std::string, std::string> values;
    for (const auto &s : trainSettings())
        values[std::string(s.key)] = s.get(*this);
    return values;
}

TrainConfig TrainConfig::fromJson(const std::string &json) {
    try {
        const Json j = Json::parse(json);
        std::map<std::string, std::string> values;
        for (auto it = j.begin(); it != j.end(); ++it)
            if (it.key() != "model")
                values[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
        if (!j.contains("batching")) // stored before the setting existed: batches were grouped by length
            values["batching"] = "length";
        if (!j.contains("device")) // stored before the setting existed: trained on the processor
            values["device"] = "cpu";
        if (modelInfo(j.at("model").get<std::string>()).bidirectional) // stored before bce was refused: it trained with ce
            values["loss"] = "ce";
        return parse(j.at("model").get<std::string>(), values);
    } catch (const Json::exception &e) { // the JSON library's own errors become the engine's
        throw EngineError(ErrorKind::Project, std::string("a run's stored settings are damaged: ") + e.what());
    }
}

detail::SplitOptions TrainConfig::splitOptions() const { return {split, testRatio, folds, fold}; }

} // namespace recscope::engine
