// SPDX-License-Identifier: GPL-3.0-or-later
// Evaluating a stored run under a named protocol, with accuracy and beyond-accuracy metrics kept
// per user, stored in the project with everything needed to redo them (protocol, K, seed, the
// dataset's fingerprint), and comparing runs with significance tests. Std-only interface.
//
// Definitions (per user u with held-out item t, list L = the top K of the catalog minus u's
// history, rank r of t among the candidates, 0-based; ties are broken at random and every
// accuracy metric is its expectation over the tied ranks):
//   HR@K (= Recall@K, one held-out item)  [r < K]                                       RecBole Hit/Recall
// With several held-out items T (temporal and random splits) the list decides, ties by item index:
//   HR@K [a hit in the top K]; Recall@K hits / |T|; Precision@K hits / K; NDCG@K DCG / ideal DCG of
//   min(|T|, K) hits; MAP@K sum of precision at each hit / min(|T|, K); MRR 1 / best rank; AUC over
//   all (target, negative) pairs.
//   Precision@K                            [r < K] / K                                   RecBole Precision
//   NDCG@K                                 [r < K] / log2(r + 2)                         RecBole NDCG
//   MAP@K                                  [r < K] / (r + 1)                             RecBole MAP
//   MRR                                    1 / (r + 1), not truncated                    RecBole MRR (K = all)
//   AUC                                    share of negatives scored below t (ties 1/2)  RecBole GAUC
//   Coverage@K        distinct items in all lists / items that could be recommended      RecBole ItemCoverage
//   ILD@K             mean over pairs in L of 1 - Jaccard(categories)    (Ziegler et al. 2005)
//   ILD-cooc@K        mean over pairs in L of 1 - cosine co-occurrence   Microsoft Recommenders diversity
//   Novelty@K         mean over L of -log2(takers(i) / training users)   Microsoft Recommenders novelty
//   Serendipity@K     mean over L of (1 - mean cosine co-occurrence of i with u's training items) x [i = t]
//                                                                        Microsoft Recommenders serendipity
//   Gini@K            Gini index of how often each item is recommended    RecBole GiniIndex
//   Entropy@K         -sum p log2 p of the same exposure                  Microsoft Recommenders distributional coverage
//   AvgPop@K          mean training interactions of the items in L       RecBole AveragePopularity
//   Tail@K            share of L in the long tail (the 10% least interacted-with training items)
//                                                                        RecBole TailPercentage (tail_ratio 0.1)
//   Personalization@K 1 - mean over user pairs of |L_u n L_v| / K        recmetrics personalization
// Popularity groups: the short head H is the most interacted-with training items that take 20% of
// the training interactions; every other item is the long tail (Abdollahpouri et al. 2019).
//   APLT@K            share of L outside H                                Abdollahpouri et al. 2019
//   ACLT@K            items of L outside H                                Abdollahpouri et al. 2019
//   AWRF@K            JSD (bits) between the groups' exposure in L (weights 1 / log2(r + 2)) and
//                     their share of the recommendable items              Sapiezynski et al. 2019
//   Miscal@K          KL (bits) from the genre mix of u's history to that of L (each item spreads 1
//                     over its categories; L's mix taken 99:1 with the history's)   Steck 2018
// (ARP, the average recommendation popularity of Abdollahpouri et al., is AvgPop@K.)
// Rating models (biased MF), on the held-out interactions that carry a rating, the score being
// the predicted rating:
//   RMSE              sqrt(mean squared error) over all held-out ratings Surprise / RecBole RMSE
//   MAE               mean absolute error over all held-out ratings      Surprise / RecBole MAE
// Cosine co-occurrence: users who took both / sqrt(users who took each), in training.
#pragma once

#include "engine/settings/trainconfig.h"
#include "engine/store/runstore.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

// ------------------------------------------------------------------ metrics of lists

// One user's test case, items as 0-based indices. One held-out item (`target`, ranked by
// above/ties) or several (`targets`: temporal and random splits, ranked by the list).
struct EvalCase {
    std::int64_t user = 0;             // index into the dataset's users
    std::int32_t target = 0;           // the held-out item
    std::int64_t above = 0, ties = 0;  // candidates scored above / the same as the target
    std::int64_t negatives = 0;        // candidates besides the target(s)
    std::vector<std::int32_t> targets; // several held-out items; when set, `target` is unused
    std::int64_t bestRank = 0;         // several: rank of the best-ranked target, 0-based (MRR)
    double auc = 0;                    // several: share of (target, negative) pairs in order
    std::vector<std::int32_t> list;    // the top items (at least max K where the catalog allows), best first
    std::vector<float> listScores;     // the model's scores of `list` (re-ranking)
    std::vector<std::int32_t> history; // the user's training items (serendipity)
    // Rating models: the user's held-out ratings against the predictions (scores).
    std::int64_t rated = 0;
    double squaredError = 0, absoluteError = 0;
};

// Counts one held-out rating and the model's prediction of it into a case's errors.
void addRatingError(EvalCase &c, double predicted, double rating);

// What the beyond-accuracy metrics know of the catalog, from the training data.
struct CatalogFacts {
    std::int64_t recommendable = 0;            // items a list could hold (coverage, Gini)
    std::int64_t users = 0;                    // training users (novelty)
    std::vector<double> interactions;          // per item (popularity, tail)
    std::vector<double> takers;                // per item: distinct training users (novelty)
    std::vector<std::vector<std::int32_t>> categories; // per item, sorted; all empty: ILD@K is left out
    std::function<double(std::int32_t, std::int32_t)> similarity; // cosine co-occurrence; empty: left out
};

struct MetricTable {
    std::vector<std::string> names;                      // display order
    std::map<std::string, double> values;                // the mean over users, or the global value
    std::map<std::string, std::vector<double>> perUser;  // one value per case, for per-user metrics
    std::vector<std::string> notes;                      // what was left out and why
};

MetricTable computeMetrics(const std::vector<EvalCase> &cases, const CatalogFacts &facts, const std::vector<int> &ks,
                           double tailRatio = 0.1);

// The definition of a metric ("NDCG@10" or "NDCG"), one line for tooltips and reports.
std::string metricDefinition(const std::string &name);
// Whether larger is better (false for Gini, AvgPop: smaller means less popularity bias).
bool higherIsBetter(const std::string &name);

// ------------------------------------------------------------------ protocols and runs

// A protocol name: "<split>-full", "<split>-sampled-uniform-N" or "<split>-sampled-popular-N",
// where split is the run's (loo: leave-one-out; cold: the cold-start split's held-out items;
// temporal, random: all of a user's test items, full ranking only, named "temporal" and
// "random"; their sampled protocols rank the first test item).
struct Protocol {
    std::string split = "loo";
    std::string candidates = "full"; // full, uniform, popular
    int negatives = 0;
    std::string name() const;
    // Throws EngineError(Usage) naming the accepted forms.
    static Protocol parse(const std::string &name);
};

struct EvaluationOptions {
    std::string protocol = "loo-full";
    std::vector<int> ks{5, 10, 20};
    std::uint64_t seed = 42;  // negative sampling; the sampled protocols under the run's own seed
                              // reproduce the test numbers stored at the end of training
    double tailRatio = 0.1;
    bool store = true;        // keep it in the project file
};

struct Evaluation {
    std::int64_t id = 0;      // stored row; 0 when not stored
    std::int64_t runId = 0;
    std::string runName;
    std::string model;
    std::int64_t datasetId = 0;
    std::string protocol;
    std::vector<int> ks;
    std::uint64_t seed = 0;
    std::string datasetFingerprint;
    std::string createdAt;
    double seconds = 0;
    std::vector<std::int64_t> users; // the cases' user indices, in perUser order
    MetricTable table;
};

// Evaluates the run's best checkpoint on the test cases of its split. Cancellable; reports
// progress. Throws EngineError(Usage) when the protocol does not fit the run (another split).
Evaluation evaluateRun(Project &project, std::int64_t runId, const EvaluationOptions &options, Progress &progress);

// Stored evaluations of a run, newest first; per-user values only when asked for.
std::vector<Evaluation> storedEvaluations(Project &project, std::int64_t runId, bool perUser = false);
// The newest stored evaluation of a run under exactly this protocol, K list and seed, on the
// dataset as it is now (fingerprint), with per-user values.
std::optional<Evaluation> findEvaluation(Project &project, std::int64_t runId, const EvaluationOptions &options);

// ------------------------------------------------------------------ diversity re-ranking

// Maximal marginal relevance (Carbonell & Goldstein 1998): picks k of `candidates` (best
// first) one at a time by  lambda x relevance - (1 - lambda) x max similarity to those picked,
// relevance being the score scaled to 0..1 over the candidates. lambda = 1 keeps the order.
std::vector<std::int32_t> mmrRerank(const std::vector<std::int32_t> &candidates, const std::vector<float> &scores, int k,
                                    double lambda, const std::function<double(std::int32_t, std::int32_t)> &similarity);

// Calibrated re-ranking (Steck 2018): picks k of `candidates` one at a time, each time the one
// that maximises  lambda x (summed relevance of the list) - (1 - lambda) x KL(history || list)
// over genre mixes, relevance being the score scaled to 0..1 over the candidates.
// `historyMix` maps a category to its share of the user's history; `categories` are each
// item's (sorted). lambda = 1 keeps the order.
std::vector<std::int32_t> calibratedRerank(const std::vector<std::int32_t> &candidates, const std::vector<float> &scores, int k, double lambda,
                                           const std::map<std::int32_t, double> &historyMix,
                                           const std::vector<std::vector<std::int32_t>> &categories);

struct MmrOptions {
    std::string method = "mmr";    // mmr: for diversity; calibrated: to each user's genre mix (Steck 2018)
    int k = 10;
    int pool = 50;                 // candidates re-ranked per user: the model's top `pool`
    std::vector<double> lambdas;   // empty: 0, 0.05, ..., 1
    std::string similarity = "categories"; // categories (Jaccard) or cooc (cosine co-occurrence)
};

struct MmrPoint {
    double lambda = 1;
    double ndcg = 0, hr = 0, ild = 0, coverage = 0, novelty = 0; // at K; ild by the chosen similarity
    double miscalibration = NAN;  // Miscal@K (datasets with categories)
};

// The accuracy-diversity (or accuracy-calibration) trade-off of re-ranking a run's full-ranking
// lists with MMR (or calibrated re-ranking), one point per lambda (the run's own split, all test
// users). Throws EngineError(Usage) when the dataset has no categories and similarity is
// "categories" or the method is "calibrated".
std::vector<MmrPoint> mmrTradeoff(Project &project, std::int64_t runId, const MmrOptions &options, Progress &progress);

// ------------------------------------------------------------------ cross-validation

struct CrossValidation {
    std::vector<std::int64_t> runIds;      // one run per fold
    std::vector<Evaluation> folds;         // each under the "kfold" protocol (full ranking)
    std::vector<std::string> names;        // metric order
    std::map<std::string, double> mean, sd; // across folds (sample standard deviation)
};

// K-fold cross-validation grouped by user: trains `config` once per fold (split=kfold, runs named
// "<name> (fold i of K)"), evaluates each on its held-out users and summarises every metric
// across folds. A cancelled or failed fold stops the whole and throws.
CrossValidation crossValidate(Project &project, std::int64_t datasetId, TrainConfig config, const std::string &name, int folds,
                              const std::vector<int> &ks, Progress &progress,
                              const std::function<void(int fold, const Evaluation &)> &onFold = {});

// ------------------------------------------------------------------ comparison

struct MetricComparison {
    std::string metric;
    std::vector<double> values;                       // per evaluation
    std::vector<std::pair<double, double>> interval;  // bootstrap 95% interval of the mean (per-user metrics)
    // Against the first evaluation (index 0 is empty/NaN):
    std::vector<double> difference;
    std::vector<std::pair<double, double>> differenceInterval;
    std::vector<double> tTestP, wilcoxonP;
};

struct Comparison {
    std::vector<Evaluation> evaluations;
    std::vector<MetricComparison> metrics;
    // Why some numbers are not comparable (different protocols, K, datasets or users): such
    // pairs get no tests.
    std::vector<std::string> warnings;
    std::vector<bool> comparable; // per evaluation, against the first
};

Comparison compare(const std::vector<Evaluation> &evaluations, int resamples = 1000, std::uint64_t seed = 42);

} // namespace recscope::engine
