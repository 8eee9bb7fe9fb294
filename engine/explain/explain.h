// SPDX-License-Identifier: GPL-3.0-or-later
// Why a run recommends an item to a user: Shapley attributions over the items of the user's
// history (exact, KernelSHAP or permutation sampling), attention weights and rollout, the
// additivity check and a plain-language reason. Std-only interface.
#pragma once

#include "engine/explain/counterfactual.h"

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;
class RunScorer;

struct ExplainOptions {
    std::string method = "auto";    // auto (exact up to 14 items, else KernelSHAP), exact, kernelshap,
                                    // permutation, attention
    int samples = 8192;             // coalitions to evaluate (KernelSHAP; permutation sampling runs
                                    // samples / (2 (n + 1)) orders and their reverses). 24,576 reach
                                    // 1e-2 with KernelSHAP at 50 items (explain_bench)
    std::uint64_t seed = 42;
    std::string masking = "remove"; // remove: an absent item is taken out of the sequence and the
                                    // older ones move up a position each, so the prediction is
                                    // always read at the last position. pad: it leaves a gap
                                    // (padding in its place), the others keep their positions and
                                    // the prediction is read after the newest item present; the
                                    // reading position then moves with the newest item, which is
                                    // credited for that move (planted causes: newest item first in
                                    // most cases, tst_explain plantedCauses)
    std::string value = "auto";     // what is explained: logit (the item's raw score), margin (its
                                    // score minus the best other item's: the ranking), probability
                                    // (the log of its softmax probability over the catalog). auto:
                                    // margin, or logit for --versus and text players
    bool faithfulness = true;       // deletion and insertion curves (costs 2 (n + 1) coalitions,
                                    // and as many per random order)
    int randomOrders = 4;           // random orders that make the curves' baseline
    std::optional<std::int64_t> versus; // explain score(item) - score(versus): "why A above B"
    // Explain this history (item indices, oldest first) instead of the user's own: counterfactual
    // edits, or a shortened history.
    std::optional<std::vector<std::int64_t>> history;
    int window = 0;                 // explain only the last N items; older ones stay as fixed context
                                    // (the base value then keeps them); 0: every item the model reads
    std::string players = "history"; // history: the items of the history; text (the text model):
                                    // the words of the item's own text, the history held fixed; an
                                    // absent word's pieces are left as padding, and the base value
                                    // is the item with an empty text
    // Also search the smallest change to the history that takes the item out of first place (or
    // the top K): players "history" only. The window's items are the ones that may change.
    std::optional<CounterfactualOptions> counterfactual;
};

struct Attribution {
    std::int64_t item = 0;     // index into the dataset's items
    std::int64_t position = 0; // in the user's history, 0 = oldest
    double value = 0;
    double stderr_ = 0;        // 0 for exact values
    std::string word;          // players "text": the word (item is then the explained item, and
                               // position the word's place in its text)
};

// How well the attributions predict what the model does when the items they rank are taken away
// or given back (Samek et al. 2017; Petsiuk et al. 2018). Curves have n + 1 points: step k
// removes (deletion) or adds (insertion) the k items with the largest attributions.
struct Faithfulness {
    std::vector<double> deletion, insertion;         // the explained value at each step
    std::vector<std::int64_t> deletionRank, insertionRank; // the item's rank (1 = top) at each step
    std::vector<double> deletionRandomCurve, insertionRandomCurve; // mean over the random orders
    // Areas under the curves with the value scaled so that the lowest point of all the curves is 0
    // and the highest 1: a faithful explanation has a low deletion area and a high insertion
    // area. The random baselines are the same areas averaged over random orders.
    double deletionArea = NAN, insertionArea = NAN, deletionRandom = NAN, insertionRandom = NAN;
    // Spearman rank correlation between attention rollout and the attributions (NaN without
    // attention or with fewer than three items).
    double attentionAgreement = NAN;
    std::int64_t evaluations = 0; // coalitions the curves cost (not in Explanation::evaluations)
    bool computed = false;
};

struct Explanation {
    std::int64_t runId = 0, user = 0, item = 0;
    std::optional<std::int64_t> versus;
    std::string method, masking, value = "logit";
    std::string players = "history";
    double baseValue = 0;      // the score after an empty history
    double score = 0;          // the score after the whole history (as the model sees it)
    std::vector<Attribution> attributions; // one per history item the model reads, oldest first
                                           // (players "text": one per word read, in order)
    double additivityGap = 0;  // base + sum of attributions - score
    std::int64_t evaluations = 0;
    double seconds = 0;
    std::int64_t skippedOlder = 0; // history items older than the model's window (not read)
    std::int64_t context = 0;      // items before the explained window, always present
    // Attention (transformers): [layer][head][query][key] over the input positions, and the
    // rollout of the prediction position over the history items (oldest first).
    std::vector<std::vector<std::vector<std::vector<float>>>> attention;
    std::vector<double> rollout;
    std::string reason;        // built from the strongest attributions
    Faithfulness faithfulness;
    Counterfactual counterfactual; // with ExplainOptions::counterfactual
};

// Explains `item` for user `user` (indices into the run's dataset) under the run's best
// checkpoint. Throws EngineError(Usage) for an unknown user or item or an impossible method.
Explanation explain(Project &project, std::int64_t runId, std::int64_t user, std::int64_t item, const ExplainOptions &options,
                    Progress &progress);

// A run's model, items and settings loaded once, for many explanations in a row (a review, a
// panel that explains user after user). explain() above is one of these used once.
class Explainer {
public:
    // Throws EngineError(Usage) for an unknown run, EngineError(Project) without a checkpoint.
    Explainer(Project &project, std::int64_t runId);
    ~Explainer();
    Explainer(const Explainer &) = delete;
    Explainer &operator=(const Explainer &) = delete;
    Explanation explain(std::int64_t user, std::int64_t item, const ExplainOptions &options, Progress &progress);
    // The user's top k as recommend() gives them.
    std::vector<std::pair<std::int64_t, double>> recommend(std::int64_t user, int k);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// Spearman rank correlation (average ranks for ties); NaN for fewer than three pairs or a
// constant side.
double spearman(const std::vector<double> &a, const std::vector<double> &b);

// Area under a curve of n + 1 points scaled so that `low` is 0 and `high` is 1, by the
// trapezoid rule over [0, 1]. NaN when high == low.
double curveArea(const std::vector<double> &curve, double low, double high);

// Attention rollout (Abnar & Zuidema 2020): head-averaged attention plus the identity, rows
// renormalised, multiplied through the layers; returns the last position's row.
std::vector<double> attentionRollout(const std::vector<std::vector<std::vector<std::vector<float>>>> &attention);

// What a reason may say, from the numbers alone: the fewest positive attributions that make up
// half of the positive total (at most three), or that many items add a little each, or that no
// item pushes the score up. Front ends put it into words.
struct ReasonParts {
    enum class Kind { Items, Diffuse, Nothing } kind = Kind::Nothing;
    std::vector<std::size_t> items; // indices into the attributions, strongest first
    double share = 0;               // of the positive attribution those items carry
};
ReasonParts reasonParts(const std::vector<Attribution> &attributions);
// The reason in English ("Recommended mainly because of "X" and "Y" ..."), for the CLI and
// reports. `titles` per attribution.
std::string reasonFor(const std::vector<Attribution> &attributions, const std::vector<std::string> &titles);

} // namespace recscope::engine
