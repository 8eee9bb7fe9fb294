// SPDX-License-Identifier: GPL-3.0-or-later
// What a reader of one explanation, or of one explainability review, is shown besides the
// numbers themselves: the project, dataset, run, user and item names. Gathered here, Qt-free,
// for the reports the workbench and recscope-cli write.
#pragma once

#include "engine/explain/explain.h"
#include "engine/explain/explainreview.h"
#include "engine/store/runstore.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

struct ExplanationRecord {
    std::string projectPath;
    std::string datasetName;
    bool pseudonymized = false;
    std::string userId;                      // as stored (a keyed hash when pseudonymized)
    std::int64_t historyLength = 0;          // the user's own history
    std::optional<std::vector<std::int64_t>> editedHistory; // set when a counterfactual history was explained
    RunInfo run;
    std::vector<std::pair<std::int64_t, double>> recommendations; // top-k (item index, score), best first
    Explanation explanation;
    std::vector<std::int64_t> readHistory;   // what the model read (its window), oldest first: attention's positions
    std::vector<std::string> itemTitles;     // every item of the dataset, by index
};

// Recommends the top `k` to `user` (index), then explains `item` (or the top one) with
// `options`. Throws EngineError as recommend() and explain() do.
ExplanationRecord recordExplanation(Project &project, std::int64_t runId, std::int64_t user, std::optional<std::int64_t> item, int k,
                                    const ExplainOptions &options, Progress &progress);

struct ReviewRecord {
    std::string projectPath;
    std::string datasetName;
    bool pseudonymized = false;
    std::int64_t datasetUsers = 0;
    RunInfo run;
    ReviewOptions options;
    Review review;
    std::vector<std::string> itemTitles;           // every item of the dataset, by index
    std::map<std::int64_t, std::string> userIds;   // the reviewed users' ids as stored
};

// The names around a review already made with `options`.
ReviewRecord recordReview(Project &project, const RunInfo &run, const ReviewOptions &options, Review review);
// Reviews run `runId` (reviewExplanations) and records it. Throws EngineError as it does.
ReviewRecord recordReview(Project &project, std::int64_t runId, const ReviewOptions &options, Progress &progress);

} // namespace recscope::engine
