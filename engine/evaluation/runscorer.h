// SPDX-License-Identifier: GPL-3.0-or-later
// A stored run's best checkpoint, loaded once to score the whole catalog for many users:
// the path shared by recommendations and full-ranking evaluation, and the recommendations
// themselves. Std-only interface.
#pragma once

#include "engine/lm/textword.h"
#include "engine/settings/trainconfig.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace recscope::engine {

class Project;

class RunScorer {
public:
    // Throws EngineError(Usage) for an unknown run, EngineError(Project) for one without a
    // checkpoint (or a damaged one).
    static std::unique_ptr<RunScorer> load(Project &project, std::int64_t runId);
    ~RunScorer();
    RunScorer(const RunScorer &) = delete;
    RunScorer &operator=(const RunScorer &) = delete;

    const TrainConfig &config() const;
    std::int64_t numItems() const;
    // Trainable numbers in the model (popularity: one count per item; item-kNN: stored neighbours).
    std::int64_t parameterCount() const;
    // The loaded weights as a checkpoint, written as training writes its own (save/load checks).
    // Throws EngineError(Usage) for popularity and item-kNN, which have no weights.
    std::string state() const;
    // The loaded weights as an int8 checkpoint (see quantizeInt8). Throws EngineError(Usage) for
    // popularity and item-kNN, which have no weight matrices.
    std::string quantizedState() const;
    // The weights after magnitude pruning (see pruneUnstructured / pruneHeads), as a checkpoint;
    // `zeroShare` receives the share of matrix entries that are zero. Changes the loaded model.
    std::string prunedState(double fraction, bool byHead, double *zeroShare = nullptr);

    // Scores of every item for each case: row i, column j is item j's score (0-based item index)
    // after histories[i] (0-based item indices, oldest first; -1 is a gap, as in scoreItem). `users` are the cases' user
    // indices in the run's dataset (BPR-MF scores by user). Writes histories.size() x numItems().
    void scoreAll(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users,
                  std::vector<float> &scores);

    // scoreAll for one user's histories that all start with `context` and go on with one of
    // `tails` (-1 a gap): the same numbers, but causal transformers (SASRec, the text model)
    // compute the context once per reading position, kept until the context changes, and then
    // read only each tail. An explanation's coalitions differ only in their tails.
    void scoreAllAfter(const std::vector<std::int32_t> &context, const std::vector<std::vector<std::int32_t>> &tails, std::int64_t user,
                       std::vector<float> &scores);

    // The score of `item` (minus the score of `versus`, when given) after each history; a history
    // entry of -1 is a gap: that item is absent and the others keep their positions (the
    // prediction is read after the newest item present). One value per history.
    std::vector<double> scoreItem(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t user, std::int32_t item,
                                  std::int32_t versus = -1);

    // Models that score by a dot product (transformers, the text model, BPR-MF): row-major
    // vectors such that a user's row times an item's row is scoreAll's number for them.
    // Throws EngineError(Usage) for popularity and item-kNN.
    struct Vectors {
        std::vector<float> values; // rows x dim
        std::int64_t rows = 0, dim = 0;
    };
    Vectors itemVectors();
    // The transformers: the model as a TorchScript program with `itemIds` (see exportModel).
    // Throws EngineError(Usage) for other models.
    void saveScript(const std::string &file, const std::vector<std::string> &itemIds);
    Vectors userVectors(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users);

    // The text model: the words of an item's text as the model reads them (the first
    // text_len tokens; a word's pieces, in order). Throws EngineError(Usage) for other models.
    using Word = TextWord;
    std::vector<Word> itemWords(std::int32_t item) const;
    // The text model: the score of `item` after `history` when its text is read as each of
    // `texts` (token ids in reading order, 0 = a masked piece left as padding); minus the score of
    // `versus` when given. One value per text.
    std::vector<double> scoreItemTexts(const std::vector<std::int32_t> &history, std::int32_t item,
                                       const std::vector<std::vector<int>> &texts, std::int32_t versus = -1);

    // Transformer runs: every layer's attention while reading `history`, [layer][head][query][key]
    // over the input positions (the history's last maxlen items, then [MASK] for BERT4Rec); each
    // row sums to 1. Throws EngineError(Usage) for models without attention.
    std::vector<std::vector<std::vector<std::vector<float>>>> attention(const std::vector<std::int32_t> &history);

private:
    struct Impl;
    explicit RunScorer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

// The `k` best-scored of `n` items (scores[i] is item i's) that are not in `seen`, best first.
std::vector<std::pair<std::int64_t, double>> topUnseen(const float *scores, std::size_t n, const std::unordered_set<std::int32_t> &seen, int k);

// The top-k items for a user of the run's dataset (index into Project::users), scored by the
// run's best checkpoint; items already in the user's history are excluded. With `history` (item
// indices, oldest first), the model reads that edited history instead of the user's own
// (counterfactuals); the user's own items stay excluded.
std::vector<std::pair<std::int64_t, double>> recommend(Project &project, std::int64_t runId, std::int64_t userIndex, int k,
                                                       const std::optional<std::vector<std::int64_t>> &history = {});
// The same with the run's scorer already loaded (many users in a row); `datasetId` is the run's.
std::vector<std::pair<std::int64_t, double>> recommend(Project &project, RunScorer &scorer, std::int64_t datasetId, std::int64_t userIndex,
                                                       int k, const std::optional<std::vector<std::int64_t>> &history = {});

} // namespace recscope::engine
