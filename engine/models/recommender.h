// SPDX-License-Identifier: GPL-3.0-or-later
// The interface every model implements (engine-private, includes torch): training on a split,
// loading a stored run's checkpoint, and scoring. One class per model, found through
// makeRecommender(); what a model can do is in its ModelInfo (engine/settings/modelinfo.h).
// Adding a model: a ModelKind and ModelInfo row, its class, and its line in makeRecommender
// (docs/architecture.md, "Adding a model").
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/models/ is private to the engine: use engine/evaluation/runscorer.h or engine/training/trainer.h"
#endif

#include "engine/store/runstore.h"
#include "engine/settings/trainconfig.h"

#include <torch/nn/module.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

namespace detail {

class Collective;
struct ResumePoint;
struct Split;
struct WarmStart;

// What a model's training is given; trainRun and resumeRun set it up and record how it ends.
struct TrainingSession {
    Project &project;
    std::int64_t datasetId;
    const TrainConfig &config;
    const Split &split;
    RunStore &store;
    TrainResult &result; // runId set; the model fills in epochs, best epoch and metrics
    Progress &progress;
    const std::function<void(const EpochRecord &)> &onEpoch;
    const ResumePoint *resume; // continuing the stored run, or null
    const WarmStart *warm;     // fine-tuning from another run's weights, or null (never with resume)
    std::function<double()> elapsed; // seconds since the run began
    Collective *collective = nullptr; // data parallel: the other processes (sequence models only)
    // Whether this process writes the run: one process, or rank 0 (the others open the project
    // read-only and only train).
    bool writes() const;
};

// A stored run whose model is being loaded to score.
struct StoredRun {
    Project &project;
    RunStore &store;
    const RunInfo &run;
    std::int64_t users = 0; // of the run's dataset
    // Throws EngineError(Project) for a run without one.
    std::string checkpoint(const std::string &kind = "best") const;
};

class Recommender {
public:
    Recommender(const TrainConfig &config, std::int64_t numItems) : m_config(config), m_numItems(numItems) {}
    virtual ~Recommender() = default;
    Recommender(const Recommender &) = delete;
    Recommender &operator=(const Recommender &) = delete;

    const TrainConfig &config() const { return m_config; }
    const ModelInfo &info() const { return m_config.info(); }
    std::int64_t numItems() const { return m_numItems; }

    // Training (one object per run): fits on the session's split, storing each epoch and the
    // checkpoints as it goes. Throws EngineError(Cancelled) on cancel, (BadInput) for a
    // non-finite loss.
    virtual void train(TrainingSession &session) = 0;
    // Bytes the configuration needs while training (weights, optimiser state, activations),
    // from the settings alone: nothing is allocated before train().
    virtual std::uint64_t trainingBytes() const = 0;
    // The model's own checks of the dataset and settings before a run is recorded (item text,
    // ratings, a pretrained encoder's shape). Throws EngineError(Usage) saying what is missing.
    virtual void preflight(Project &, std::int64_t /*datasetId*/) const {}

    // Scoring: reads the run's best checkpoint (on the caller's thread).
    virtual void load(const StoredRun &run) = 0;
    // Scores of every item after each history: histories.size() x numItems() into `scores`
    // (0-based items; -1 in a history is a gap). `users` are the cases' user indices.
    virtual void scoreAll(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users,
                          std::vector<float> &scores) = 0;
    // The score of `item` (minus that of `versus` when >= 0) after each history.
    virtual std::vector<double> scoreItem(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t user, std::int32_t item,
                                          std::int32_t versus) = 0;
    // scoreAll for histories that all start with `context` and go on with one of `tails` (-1 a
    // gap): the whole histories by default; causal transformers reuse the context.
    virtual void scoreAllAfter(const std::vector<std::int32_t> &context, const std::vector<std::vector<std::int32_t>> &tails, std::int64_t user,
                               std::vector<float> &scores);
    // Models that score by a dot product (the transformers, the text model, BPR-MF): each
    // item's vector, [numItems, H], and the user's after each history, [cases, H], so that
    // userVectors(...) x itemVectors()^T are scoreAll's numbers. Others throw EngineError(Usage).
    virtual torch::Tensor itemVectors();
    virtual torch::Tensor userVectors(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users);
    // Writes the loaded model as a TorchScript program with `itemIds` (the transformers).
    // Others throw EngineError(Usage).
    virtual void saveScript(const std::string &file, const std::vector<std::string> &itemIds);
    // The loaded weights, or null for models without (popularity, item-kNN).
    virtual torch::nn::Module *module() { return nullptr; }
    // Trainable numbers: the module's parameters unless the model says otherwise.
    virtual std::int64_t parameterCount() const;

private:
    TrainConfig m_config;
    std::int64_t m_numItems;
};

// The registry: a new, untrained model of the configuration's kind for a catalog of `numItems`.
std::unique_ptr<Recommender> makeRecommender(const TrainConfig &config, std::int64_t numItems);

// Each model's constructor, for the registry.
std::unique_ptr<Recommender> makePopularityRecommender(const TrainConfig &config, std::int64_t numItems);
std::unique_ptr<Recommender> makeItemKnnRecommender(const TrainConfig &config, std::int64_t numItems);
std::unique_ptr<Recommender> makeBprMfRecommender(const TrainConfig &config, std::int64_t numItems);
std::unique_ptr<Recommender> makeBiasedMfRecommender(const TrainConfig &config, std::int64_t numItems);
std::unique_ptr<Recommender> makeTransformerRecommender(const TrainConfig &config, std::int64_t numItems); // SASRec, BERT4Rec
std::unique_ptr<Recommender> makeTextRecommender(const TrainConfig &config, std::int64_t numItems);

} // namespace detail
} // namespace recscope::engine
