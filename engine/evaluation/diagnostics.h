// SPDX-License-Identifier: GPL-3.0-or-later
// Diagnostics of a run and its dataset: does the model use the order of a history at all
// (NDCG@10 with each evaluated history shuffled and reversed), is the evaluation leaking the
// future (test interactions older than the latest training interaction: Ji et al., TOIS 2023;
// Hidasi & Czapp, RecSys 2023), and are items or interactions repeated across training and test.
// Read-only; std-only interface.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

struct DiagnoseOptions {
    int users = 0;               // test users to sample; 0: all
    int k = 10;                  // NDCG@k
    int resamples = 1000;        // bootstrap resamples of the paired differences
    std::uint64_t seed = 7;      // which users, the shuffles and the bootstrap
    double temporalShare = 0.2;  // the global temporal split compared with: its last share of interactions
};

// NDCG@k of the run on its own test cases (full ranking, the user's items left out), with the
// part of each history the model reads shuffled or reversed; older items stay where they are.
struct Sequentiality {
    std::int64_t users = 0;
    double ndcg = NAN, ndcgShuffled = NAN, ndcgReversed = NAN;
    double drop = NAN;                    // ndcg - ndcgShuffled
    double dropLow = NAN, dropHigh = NAN; // bootstrap 95% interval of the drop (paired by user)
    double reversedDrop = NAN, reversedLow = NAN, reversedHigh = NAN;
    bool usesOrder = false;               // the shuffled drop's interval lies above 0
};

struct Leakage {
    bool timestamps = false;              // without them nothing below is measured
    std::int64_t testInteractions = 0;
    std::int64_t latestTraining = 0;      // the latest training interaction's time
    double testBeforeCutShare = NAN;      // test interactions older than that
    // The same model on a global temporal split's cases: each user's first interaction after the
    // cut, read from what came before. The run may have trained on interactions after the cut.
    std::int64_t temporalCut = 0;
    std::int64_t temporalUsers = 0;
    double ndcgOwnSplit = NAN, ndcgTemporal = NAN;
    double trainedAfterCutShare = NAN;    // of the run's training interactions
};

struct Repeats {
    std::int64_t testCases = 0;
    double testItemInUserTrainingShare = NAN; // the user's test item is already in their training items
    double testItemNeverTrainedShare = NAN;   // no one has the test item in training
    std::int64_t duplicateInteractions = 0;   // the same user, item and time more than once
};

struct Diagnosis {
    std::int64_t runId = 0;
    std::string split;
    int k = 10;
    Sequentiality sequentiality;
    Leakage leakage;
    Repeats repeats;
    double seconds = 0;
};

// Throws EngineError(Usage) for an unknown run or bad options, EngineError(Cancelled) when
// cancelled. Writes nothing.
Diagnosis diagnose(Project &project, std::int64_t runId, const DiagnoseOptions &options, Progress &progress);

} // namespace recscope::engine
