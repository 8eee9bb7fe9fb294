// SPDX-License-Identifier: GPL-3.0-or-later
// What a trained run costs to use: parameters, checkpoint size, floating-point operations per
// scored user, latency per user (batch 1, p50 and p95) and throughput (batch 256), measured on
// this machine and stored with the run. Std-only interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace recscope::engine {

class Progress;
class Project;

struct RunProfile {
    std::int64_t runId = 0;
    std::int64_t parameters = 0;
    std::int64_t checkpointBytes = 0; // the best checkpoint as stored
    double flopsPerUser = 0;          // scoring one full-length history against the whole catalog
    double latencyP50Ms = 0, latencyP95Ms = 0; // one user at a time (their real histories)
    double usersPerSecond = 0;        // batches of 256 users
    int threads = 1;                  // torch threads during the measurement
    std::string measuredAt;           // ISO 8601, UTC
    std::string toJson() const;
    static RunProfile fromJson(const std::string &json);
};

// Measures `runId` (`repeats` single-user calls for the latency, after a warm-up) and stores the
// result with the run, replacing an older one. Throws EngineError(Usage) for an unknown run.
RunProfile profileRun(Project &project, std::int64_t runId, Progress &progress, int repeats = 100);
// A new run holding `runId`'s best checkpoint with int8 weights (each matrix per row with a float
// scale; biases and norms stay float32). It appears like any run: evaluate, compare, explain,
// profile. Returns its id. Throws EngineError(Usage) for popularity and item-kNN.
std::int64_t quantizeRun(Project &project, std::int64_t runId, Progress &progress);

// A new run with the smallest weights of `runId` set to zero: `fraction` of all weight-matrix
// entries by magnitude (byHead false), or that share of the attention heads, the weakest by the
// norm of their value and output weights (byHead true). The checkpoint keeps its size (zeros are
// stored); the run records the share of zeros. Throws EngineError(Usage) for fractions outside
// (0, 1), for popularity and item-kNN, and for heads of models without attention.
std::int64_t pruneRun(Project &project, std::int64_t runId, double fraction, bool byHead, Progress &progress);

// The stored profile of a run, if measured.
std::optional<RunProfile> storedProfile(Project &project, std::int64_t runId);

// Multiply-adds times two for one user: the sequence models over a full maxlen history (attention,
// projections and feed-forward per layer) plus the dot products with every item; BPR-MF the dot
// products; item-kNN a neighbour list per history item; popularity a read per item.
double flopsPerScoredUser(const std::string &model, int maxlen, int hidden, int layers, std::int64_t items, int neighbors, int ffn = 1);

} // namespace recscope::engine
