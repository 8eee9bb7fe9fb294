// SPDX-License-Identifier: GPL-3.0-or-later
// A run's settings: the model, every hyperparameter, and one table of them (TrainSetting) that
// parsing, the stored JSON, the command line's help and the training form all read. Std-only.
#pragma once

#include "engine/core/enumnames.h"
#include "engine/data/splitkind.h"
#include "engine/settings/modelinfo.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace recscope::engine {

enum class Activation { Relu, Gelu };
enum class Optimizer { Adam, AdamW, Sgd };
enum class LrDecay { None, Linear, Cosine };
enum class Loss { Bce, CrossEntropy, SampledSoftmax };
enum class Sampling { Uniform, Popularity };
enum class Batching { Random, Length };
enum class Windows { Newest, All };
enum class Fusion { Text, TextAndId };
enum class DpMode { None, Example, User };
enum class DpSampling { Poisson, Uniform };

template <> struct EnumNames<Activation> {
    static constexpr std::pair<Activation, std::string_view> values[] = {{Activation::Relu, "relu"}, {Activation::Gelu, "gelu"}};
};
template <> struct EnumNames<Optimizer> {
    static constexpr std::pair<Optimizer, std::string_view> values[] = {
        {Optimizer::Adam, "adam"}, {Optimizer::AdamW, "adamw"}, {Optimizer::Sgd, "sgd"}};
};
template <> struct EnumNames<LrDecay> {
    static constexpr std::pair<LrDecay, std::string_view> values[] = {
        {LrDecay::None, "none"}, {LrDecay::Linear, "linear"}, {LrDecay::Cosine, "cosine"}};
};
template <> struct EnumNames<Loss> {
    static constexpr std::pair<Loss, std::string_view> values[] = {{Loss::Bce, "bce"}, {Loss::CrossEntropy, "ce"}, {Loss::SampledSoftmax, "ssm"}};
};
template <> struct EnumNames<Sampling> {
    static constexpr std::pair<Sampling, std::string_view> values[] = {{Sampling::Uniform, "uniform"}, {Sampling::Popularity, "popularity"}};
};
template <> struct EnumNames<Batching> {
    static constexpr std::pair<Batching, std::string_view> values[] = {{Batching::Length, "length"}, {Batching::Random, "random"}};
};
template <> struct EnumNames<Windows> {
    static constexpr std::pair<Windows, std::string_view> values[] = {{Windows::Newest, "newest"}, {Windows::All, "all"}};
};
template <> struct EnumNames<Fusion> {
    static constexpr std::pair<Fusion, std::string_view> values[] = {{Fusion::Text, "text"}, {Fusion::TextAndId, "text+id"}};
};
template <> struct EnumNames<DpMode> {
    static constexpr std::pair<DpMode, std::string_view> values[] = {
        {DpMode::None, "none"}, {DpMode::Example, "example"}, {DpMode::User, "user"}};
};
template <> struct EnumNames<DpSampling> {
    static constexpr std::pair<DpSampling, std::string_view> values[] = {{DpSampling::Poisson, "poisson"}, {DpSampling::Uniform, "uniform"}};
};

namespace detail {
struct SplitOptions;
}

// Every hyperparameter of a run; stored with it as JSON. Keys are those of `recscope-cli train --set`
// (see trainSettings() for each one's range and meaning).
struct TrainConfig {
    ModelKind model = ModelKind::SasRec;
    int epochs = 20;
    int batchSize = 128;
    double lr = 1e-3;
    int maxlen = 50;
    int hidden = 64;
    int layers = 2;
    int heads = 1;
    int ffn = 1;                   // transformers: feed-forward inner width as a multiple of hidden
                                   // (SASRec's blocks: 1; BERT's: 4)
    Activation activation = Activation::Relu; // transformers: relu (SASRec) or gelu (BERT)
    double dropout = 0.2;
    double weightDecay = 0.0;      // L2 through the optimiser (AdamW-style decoupled with AdamW)
    double l1 = 0.0;               // L1 on the item embeddings
    Optimizer optimizer = Optimizer::Adam; // SGD with momentum 0.9
    int warmupEpochs = 0;          // linear warm-up of the learning rate
    LrDecay decay = LrDecay::None; // after warm-up
    double clip = 5.0;             // gradient-norm clipping; 0 = off
    int negatives = 100;           // sampled negatives per user in validation and test
    Loss loss = Loss::Bce;         // bce (one sampled negative per position), ce (full softmax),
                                   // ssm (softmax over the target and lossNegatives drawn items)
    int lossNegatives = 256;       // ssm: items drawn per batch, shared by its positions
    Sampling lossSampling = Sampling::Uniform; // ssm: items drawn alike, or as often as they are
                                   // trained on (each logit then less log of its drawing odds)
    Batching batching = Batching::Random; // sequence models: random (every batch a random draw of
                                   // users, computed in groups of like length) or length (users of
                                   // like history length together: a batch of short histories then
                                   // weighs its few targets like a full batch; slower to learn)
    Windows windows = Windows::Newest; // sequence models: each user's newest maxlen items once per
                                   // epoch (SASRec's), or all of a history in maxlen-item windows
                                   // (every training interaction a target once)
    int patience = 5;              // early stopping on validation NDCG@10; 0 = off
    double maxMinutes = 0;         // a budget of training time: no epoch starts that would end past
                                   // it, and learning-rate decay spans it instead of `epochs`; 0 = none
    std::uint64_t seed = 42;
    int threads = 0;               // torch intra-op threads; 0 = leave as set
    std::string device = "auto";   // cpu | cuda | cuda:N | auto; stored with a run as resolved
                                   // (engine/core/device.h): "cpu" or "cuda:N"
    SplitKind split = SplitKind::LeaveOneOut;
                                   // loo: last = test, second-to-last = validation;
                                   // cold: a tenth of the items held out of training, tested apart;
                                   // temporal: every interaction after a global time cut is test;
                                   // random: a random share of each history is test;
                                   // kfold: a fold of users held out whole, tested on their last item
    double testRatio = 0.2;        // temporal, random: share of all interactions in the test part
    int folds = 5, fold = 0;       // kfold: users in `folds` groups; group `fold` is held out whole
    int neighbors = 100;           // item-kNN: neighbours kept per item
    double maskProb = 0.2;         // BERT4Rec: share of positions masked in training
    double maskLast = 0.0;         // BERT4Rec: chance that a row's newest item is masked as well, the
                                   // position a recommendation is read from (the paper adds such rows)
    int textLength = 32;           // text model: tokens read per item
    int vocabularySize = 4000;     // text model: SentencePiece vocabulary asked for
    int pretrainEpochs = 5;        // text model: masked-language-model epochs on the item text
    Fusion fusion = Fusion::TextAndId; // text model: item vector = text (+ id embedding)
    double idDropout = 0.3;        // text model: share of items trained on their text alone
    std::string encoder;           // text model: a pretrained Hugging Face BERT-family folder read
                                   // instead of the model's own language model; empty = own
    int encoderLayers = 0;         // text model with an encoder: its last N layers fine-tuned;
                                   // 0 = frozen (item vectors cached in the project, an adaptor trained)
    std::int64_t initFrom = 0;     // fine-tune: start from this run's best checkpoint (same model
                                   // and shape; items and users matched by id); 0 = from scratch
    // DP-SGD (the transformers). The unit protected: "example" (a window of at most maxlen items
    // of a history; long histories give several) or "user" (all of a user's windows together).
    // Each step samples units (Poisson: each with probability batch_size / units; uniform: fixed
    // batches of a shuffled order), clips each unit's gradient to dpClip, adds Gaussian noise of
    // dpNoise x dpClip to the sum and divides by batch_size. `clip` is not used then.
    DpMode dp = DpMode::None;
    double dpNoise = 0;            // noise multiplier sigma; 0 with a target: calibrated to reach it at the last epoch
    double dpClip = 1.0;           // clip norm C of each unit's gradient
    double dpDelta = 0;            // 0 = 1 / number of units
    double dpTargetEpsilon = 0;    // stop before a step would spend more; 0 = no target
    DpSampling dpSampling = DpSampling::Poisson;

    const ModelInfo &info() const { return modelInfo(model); }
    std::string modelKey() const { return std::string(nameOf(model)); }

    // Defaults for the model, then `values` over them. Throws EngineError(Usage) naming a bad
    // key or value.
    static TrainConfig parse(const std::string &model, const std::map<std::string, std::string> &values);
    std::string toJson() const;
    // Throws EngineError(Project) for damaged JSON.
    static TrainConfig fromJson(const std::string &json);
    // Every setting as parse() reads it (model excluded): parse(model, settings()) gives this back.
    std::map<std::string, std::string> settings() const;
    // The model's own defaults (parse(model, {})).
    static TrainConfig defaults(ModelKind model);
    // The split these settings ask for (engine-side: data/split.h defines it).
    detail::SplitOptions splitOptions() const;
};

// One training setting: its key, range or choices, which models read it, and how it is read
// from and written to a TrainConfig. The table is the single list of settings there are.
struct TrainSetting {
    enum class Type { Integer, Real, Choice, Text }; // Text: free, such as a folder
    enum class Group { Training, Model, Schedule, Evaluation, Text, Privacy }; // where the form shows it
    std::string_view key;
    Type type;
    Group group;
    double min = 0, max = 0;          // Integer, Real
    std::vector<std::string_view> choices; // Choice
    std::string_view help;            // one line, English (the CLI's help)
    // Which models read it; a setting another model ignores is still stored and parsed.
    std::function<bool(const ModelInfo &)> appliesTo;
    std::function<std::string(const TrainConfig &)> get;
    // Throws EngineError(Usage) "--set key=value: expected ..." for a value out of range.
    std::function<void(TrainConfig &, const std::string &)> set;
    // A number that may be left unset: get() gives "none", set() takes "none"; 0 is refused, and a
    // form shows unset at the field's minimum, 0.
    bool optional = false;
};

const std::vector<TrainSetting> &trainSettings();
// Null for a key that is no setting.
const TrainSetting *findTrainSetting(std::string_view key);
// "epochs, batch_size, ...": every key, for messages.
std::string trainSettingKeys();

} // namespace recscope::engine
