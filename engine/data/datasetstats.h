// SPDX-License-Identifier: GPL-3.0-or-later
// The shape of a dataset (long tail, history lengths, sparsity) and its data-quality report.
#pragma once

#include "engine/data/datasetdraft.h"
#include "engine/data/importer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

struct HistogramBin {
    double from = 0; // inclusive
    double to = 0;   // exclusive
    std::int64_t count = 0;
};

struct DatasetStats {
    std::int64_t users = 0;
    std::int64_t items = 0;            // all stored items
    std::int64_t interactedItems = 0;  // items with at least one interaction
    std::int64_t interactions = 0;
    double density = 0;                // interactions / (users * interacted items)
    std::int64_t historyMin = 0, historyMax = 0;
    double historyMean = 0, historyMedian = 0, historyP90 = 0;
    std::vector<std::int64_t> popularity; // interactions per item, most popular first
    double top10PercentShare = 0;      // share of interactions on the top 10% of items
    double giniItems = 0;              // Gini index of item popularity
    std::vector<HistogramBin> historyHistogram; // log-spaced bins
    bool hasRatings = false, hasTimestamps = false;
    double ratingMean = 0;
    std::int64_t timeMin = 0, timeMax = 0;
};

// Reads the dataset and computes its statistics. Runs on the caller's thread.
DatasetStats computeStats(Project &project, std::int64_t datasetId);
DatasetStats computeStats(const InteractionTable &t, std::int64_t users, std::int64_t items);

struct QualityReport {
    int k = 5;
    std::int64_t duplicateInteractions = 0; // repeats of a (user, item) pair beyond the first
    std::int64_t usersWithDuplicates = 0;
    std::int64_t itemsWithoutText = 0;      // no title and no description
    std::int64_t itemsWithoutTitle = 0;
    bool hasCatalog = false;                // an item table came with the import
    std::int64_t unknownItems = 0;          // interacted items missing from the item table
    std::int64_t interactionsWithUnknownItems = 0;
    std::int64_t usersBelowK = 0;
    std::int64_t itemsBelowK = 0;
    std::int64_t interactionsOutsideKcore = 0; // what a k-core filter would remove
    std::int64_t timestampsMissing = 0;     // rows without a time when others have one
    std::int64_t timestampsNonPositive = 0;
    std::int64_t timestampsInFuture = 0;
    std::int64_t sameTimeRuns = 0;          // consecutive events of a user with identical times
    std::int64_t totalIssues() const;
};

QualityReport checkQuality(Project &project, std::int64_t datasetId, int k = 5);

struct CleaningOptions {
    bool removeDuplicates = true;     // keep each user's first interaction with an item
    bool dropUnknownItems = true;
    bool applyKcore = false;
    int k = 5;
    bool dropBadTimestamps = true;
    std::string name;                 // default: "<name> (cleaned)"
};

// Stores a cleaned copy of a dataset as a new dataset (one transaction), leaving the original
// untouched. Returns the report of what was removed.
ImportReport createCleanedCopy(Project &project, std::int64_t datasetId, const CleaningOptions &options,
                               Progress &progress);

} // namespace recscope::engine
