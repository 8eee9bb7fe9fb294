// SPDX-License-Identifier: GPL-3.0-or-later
// Privacy measures of runs and datasets: a membership-inference audit and the k-anonymity of a
// user table. The DP accountant they report with is engine/core/rdpaccountant.h. Std-only.
#pragma once

#include "engine/core/rdpaccountant.h"

#include <cstdint>
#include <string>
#include <vector>

namespace recscope::engine {

class Project;
class Progress;

// A loss-threshold membership-inference attack (Yeom et al. 2018) on a run: for every user, the
// loss of predicting the last item of the sequence the model could have trained on from the items
// before it (cross-entropy over the whole catalog); members are the users trained on, non-members
// the users held out whole (a k-fold run). The attack guesses "member" below a threshold; its AUC
// over all thresholds is the empirical leakage (0.5: none).
struct MembershipAudit {
    std::int64_t runId = 0;
    std::int64_t members = 0, nonMembers = 0;
    double auc = 0.5;                 // P(a member's loss < a non-member's), ties counted half
    double memberLoss = 0, nonMemberLoss = 0; // mean losses
};
// Throws EngineError(Usage) for a run without held-out users (train it with split=kfold).
MembershipAudit auditMembership(Project &project, std::int64_t runId, Progress &progress);

// How identifying a user table is through its quasi-identifiers (e.g. age, gender, occupation,
// zip code in MovieLens): users who share every value form a class; the table is k-anonymous for
// k = the smallest class, and a user alone in a class is unique. Measured as stored, then after
// generalising the columns in two steps (numbers to 10- then 20-wide bands, codes of digits to
// their first 3 then 1 characters, other text kept, then suppressed at the second step).
struct AnonymityLevel {
    std::string name;                 // "as stored", "generalised", "generalised further"
    std::vector<std::string> changes; // what each column became, for the record
    std::int64_t k = 0;               // size of the smallest class
    std::int64_t classes = 0;
    std::int64_t uniqueUsers = 0;     // users alone in their class
    double uniqueShare = 0;           // of the users with attributes
};
struct AnonymityReport {
    std::vector<std::string> columns; // the quasi-identifiers examined
    std::int64_t users = 0;           // users with at least one of them
    std::vector<AnonymityLevel> levels;
};
// Throws EngineError(Usage) for an unknown dataset, for a column no user has, or when the
// dataset has no user attributes. `columns` empty: every attribute stored.
AnonymityReport anonymityReport(Project &project, std::int64_t datasetId, const std::vector<std::string> &columns = {});

} // namespace recscope::engine
