// SPDX-License-Identifier: GPL-3.0-or-later
// An explainability review across users: explain each sampled user's top recommendation and
// summarise how faithful the explanations are, which items and item groups they credit, how
// often the newest item dominates, how well attention agrees and how small a change undoes each. Read-only; std-only interface.
#pragma once

#include "engine/evaluation/diagnostics.h"
#include "engine/explain/explain.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

struct ReviewOptions {
    int users = 100;              // users to sample; 0: every user
    std::uint64_t seed = 7;       // which users
    bool diagnose = true;         // also diagnose the run (order, leakage, repeats) on 1,000 test users
    ExplainOptions explain;       // per explanation (window 10 unless set; the smallest removal
                                  // that takes the item out of first place, without swaps)
    ReviewOptions() {
        explain.window = 10;
        explain.counterfactual = CounterfactualOptions{};
        explain.counterfactual->replacements = 0;
    }
};

struct ReviewCase {
    std::int64_t user = 0, item = 0;   // the user and their top recommendation (dataset indices)
    std::int64_t firstItem = -1;       // the history item with the largest attribution
    bool newestFirst = false;          // that item is the newest one explained
    double deletionArea = NAN, insertionArea = NAN, deletionRandom = NAN, insertionRandom = NAN;
    double attentionAgreement = NAN;
    double additivityGap = NAN;
    int smallestChange = -1;           // items in the smallest removal that undoes it; 0: none up to
                                       // the whole window; -1: not searched
    bool changeTopAttributed = false;  // that removal is the same number of top-attributed items
};

struct ReviewCredit {
    std::string name;                  // an item's index as text, or a category
    std::int64_t item = -1;            // items: the index; categories: -1
    int first = 0;                     // explanations it leads
    double positive = 0;               // its summed positive attribution
};

struct Review {
    std::int64_t runId = 0;
    std::vector<ReviewCase> cases;
    std::vector<ReviewCredit> items;      // most often first, at most 20
    std::vector<ReviewCredit> categories; // categories of the first items, most often first
    double newestFirstShare = NAN;        // of the cases
    double beatsRandomShare = NAN;        // deletion below and insertion above random orders
    std::vector<int> changeSizes;         // [k]: cases whose smallest change removes k items; [0]: none
                                          // found in the window (empty when not searched)
    double changeTopAttributedShare = NAN; // of the cases with a change: it is the top-attributed items
    std::optional<Diagnosis> diagnosis;   // with ReviewOptions::diagnose
    double seconds = 0;
    std::string method, masking, value;
};

// Throws EngineError(Usage) for an unknown run or bad options; EngineError(Cancelled) when
// cancelled (the project is never written).
Review reviewExplanations(Project &project, std::int64_t runId, const ReviewOptions &options, Progress &progress);

// Median of the finite values (NaN when there are none).
double finiteMedian(std::vector<double> values);

} // namespace recscope::engine
