// SPDX-License-Identifier: GPL-3.0-or-later
// Comparing runs, the workflow the Compare tab and `recscope-cli compare` share: find each run's
// stored evaluation under the protocol (or evaluate it), test the differences against the
// first run, and optionally gather what each run cost (privacy spent, size, latency). Std-only.
#pragma once

#include "engine/evaluation/evaluation.h"

#include <cstdint>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

struct RunComparisonRequest {
    std::vector<std::int64_t> runs; // the first is the baseline
    EvaluationOptions options;      // an empty protocol: each run's own split + "-" + candidates
    std::string candidates = "full"; // with an empty protocol: full, or sampled-N
    bool fresh = false;             // evaluate again even where a stored evaluation matches
    bool withCosts = false;         // profile runs not profiled yet
};

// Per compared run: privacy spent (infinite without DP) and its cost profile.
struct RunCosts {
    double epsilon = 0;
    double latencyMs = 0, megabytes = 0, parameters = 0, flops = 0;
};

struct RunComparison {
    Comparison comparison;
    std::vector<RunCosts> costs; // with withCosts, one per run
};

// Throws EngineError(Usage) for fewer than two runs or an unknown one, (Cancelled) on cancel.
RunComparison compareRuns(Project &project, const RunComparisonRequest &request, Progress &progress);

} // namespace recscope::engine
