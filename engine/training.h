// SPDX-License-Identifier: GPL-3.0-or-later
// Training runs: configuration, the training loop with early stopping, and recommendations
// from a stored run. Std-only interface; the models behind it use libtorch.
#pragma once

#include "engine/runstore.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

// Every hyperparameter of a run; stored with it as JSON. Keys are those of `recscope-cli train --set`.
struct TrainConfig {
    std::string model = "sasrec"; // pop, itemknn, bprmf, sasrec, bert4rec, textrec
    int epochs = 20;
    int batchSize = 128;
    double lr = 1e-3;
    int maxlen = 50;
    int hidden = 64;
    int layers = 2;
    int heads = 1;
    int ffn = 1;                   // transformers: feed-forward inner width as a multiple of hidden
                                   // (SASRec's blocks: 1; BERT's: 4)
    std::string activation = "relu"; // transformers: feed-forward activation, relu (SASRec) or gelu (BERT)
    double dropout = 0.2;
    double weightDecay = 0.0;      // L2 through the optimiser (AdamW-style decoupled when optimizer=adamw)
    double l1 = 0.0;               // L1 on the item embeddings
    std::string optimizer = "adam"; // adam, adamw, sgd (momentum 0.9)
    int warmupEpochs = 0;          // linear warm-up of the learning rate
    std::string decay = "none";    // none, linear, cosine (after warm-up)
    double clip = 5.0;             // gradient-norm clipping; 0 = off
    int negatives = 100;           // sampled negatives per user in validation and test
    std::string loss = "bce";      // bce (one sampled negative per position), ce (full softmax)
    std::string batching = "random"; // sequence models: random (every batch a random draw of users) or
                                   // length (users of like history length together: less padding, but
                                   // a batch of short histories then weighs its few targets like a
                                   // full batch; slower to learn, see the README)
    int patience = 5;              // early stopping on validation NDCG@10; 0 = off
    std::uint64_t seed = 42;
    int threads = 0;               // torch intra-op threads; 0 = leave as set
    std::string split = "loo";     // loo: leave-one-out (last = test, second-to-last = validation);
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
    std::string fusion = "text+id"; // text model: item vector = text (+ id embedding)
    double idDropout = 0.3;        // text model: share of items trained on their text alone
    std::int64_t initFrom = 0;     // fine-tune: start from this run's best checkpoint (same model
                                   // and shape; items and users matched by id); 0 = from scratch
    // DP-SGD (the neural models). The unit protected: "example" (a window of at most maxlen items
    // of a history; long histories give several) or "user" (all of a user's windows together).
    // Each step samples units (Poisson: each with probability batch_size / units; uniform: fixed
    // batches of a shuffled order), clips each unit's gradient to dpClip, adds Gaussian noise of
    // dpNoise x dpClip to the sum and divides by batch_size. `clip` is not used then.
    std::string dp = "none";       // none, example, user
    double dpNoise = 0;            // noise multiplier sigma; 0 with a target: calibrated to reach it at the last epoch
    double dpClip = 1.0;           // clip norm C of each unit's gradient
    double dpDelta = 0;            // 0 = 1 / number of units
    double dpTargetEpsilon = 0;    // stop before a step would spend more; 0 = no target
    std::string dpSampling = "poisson"; // poisson, uniform

    // Defaults for the model, then `values` over them. Throws EngineError(Usage) naming a bad
    // key or value.
    static TrainConfig parse(const std::string &model, const std::map<std::string, std::string> &values);
    std::string toJson() const;
    static TrainConfig fromJson(const std::string &json);
    // Every setting as parse() reads it (model excluded): parse(model, settings()) gives this back.
    std::map<std::string, std::string> settings() const;
};

struct EvalMetrics {
    double ndcg10 = 0, hr10 = 0, ndcg5 = 0, hr5 = 0, mrr = 0;
    std::int64_t users = 0;
    std::string toJson() const;
};

struct TrainResult {
    std::int64_t runId = 0;
    std::string status;            // finished, cancelled, failed
    std::string message;
    std::optional<std::int64_t> bestEpoch;
    std::int64_t epochs = 0;
    double seconds = 0;
    EvalMetrics valid, test;       // of the best checkpoint
    std::optional<double> epsilon; // DP runs: the budget spent, for `delta`
    double delta = 0;
};

// What a DP-SGD run spent, as stored with its metrics; nullopt for a run trained without DP.
struct RunPrivacy {
    std::string unit; // user, example
    double epsilon = 0, delta = 0;
};
std::optional<RunPrivacy> runPrivacy(const RunInfo &run);

// Bytes a configuration needs while training (parameters, optimiser state, activations), and
// the memory the machine has; trainRun refuses a run whose estimate exceeds 80% of it.
std::uint64_t estimateTrainingBytes(const TrainConfig &config, std::int64_t numItems);
std::uint64_t availableMemoryBytes();

// Trains a new run on the caller's thread (open `project` there). Each epoch is stored as it
// ends, with the best and last checkpoints; `onEpoch` sees it too. Cancel stops within one
// batch and keeps what was stored. A NaN or infinite loss stops the run as failed, keeping the
// last good checkpoint.
TrainResult trainRun(Project &project, std::int64_t datasetId, const TrainConfig &config, const std::string &name,
                     Progress &progress, const std::function<void(const EpochRecord &)> &onEpoch = {});

// Continues an interrupted, cancelled or failed run from its last checkpoint (model and
// optimiser state), keeping its curve and best epoch; epochs are seeded by number, so the result
// matches an uninterrupted run on the same machine and thread count.
// With `epochs`, the run ends there instead (at least the epochs already done; equal to them,
// it only evaluates the best checkpoint on validation and test); a finished run given more
// epochs continues too (early stopping counts from its curve).
TrainResult resumeRun(Project &project, std::int64_t runId, Progress &progress,
                      const std::function<void(const EpochRecord &)> &onEpoch = {}, std::optional<int> epochs = {});

// The top-k items for a user of the run's dataset (index into Project::users), scored by the
// run's best checkpoint; items already in the user's history are excluded. With `history` (item
// indices, oldest first), the model reads that edited history instead of the user's own
// (counterfactuals); the user's own items stay excluded.
std::vector<std::pair<std::int64_t, double>> recommend(Project &project, std::int64_t runId, std::int64_t userIndex, int k,
                                                       const std::optional<std::vector<std::int64_t>> &history = {});
class RunScorer;
// The same with the run's scorer already loaded (many users in a row); `datasetId` is the run's.
std::vector<std::pair<std::int64_t, double>> recommend(Project &project, RunScorer &scorer, std::int64_t datasetId, std::int64_t userIndex,
                                                       int k, const std::optional<std::vector<std::int64_t>> &history = {});

namespace testing {
// Fault injection for tests: the loss of this batch (0-based epoch and batch) reads as NaN, in
// every run until called again with epoch -1.
void injectNonFiniteLoss(int epoch, int batch);
} // namespace testing

} // namespace recscope::engine
