// SPDX-License-Identifier: GPL-3.0-or-later
// Hyperparameter sweeps: trials over chosen training settings, each an ordinary run, tried as a
// grid or as seeded random draws, within a budget (runs, time), optionally with successive
// halving (every trial trains a few epochs; the best third carry on to more; poor trials stop
// early). Sweeps and their trials are stored in the project (schema 7).
#pragma once

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

// One setting a sweep varies: a list of values (grid, or drawn from at random), or a range
// a random search draws from (evenly, or evenly in its logarithm).
struct SweepDimension {
    std::string key;
    std::vector<std::string> values;
    std::optional<std::pair<double, double>> range;
    bool logScale = false;

    // "lr=0.001,0.003,0.01", "hidden=32,64", "lr=1e-4..1e-2:log", "dropout=0..0.5". Throws
    // EngineError(Usage) naming what is wrong (an unknown setting, an empty list, a bad range).
    static SweepDimension parse(const std::string &spec);
    std::string toString() const;
};

enum class SweepStrategy { Grid, Random };

template <>
struct EnumNames<SweepStrategy> {
    static constexpr std::pair<SweepStrategy, std::string_view> values[] = {{SweepStrategy::Grid, "grid"}, {SweepStrategy::Random, "random"}};
};

struct SweepRequest {
    std::string name;                          // the sweep's; trials are "NAME #k"
    std::string model;
    std::map<std::string, std::string> fixed;  // settings every trial shares (epochs: the full length)
    std::vector<SweepDimension> dimensions;
    SweepStrategy strategy = SweepStrategy::Grid;
    int trials = 10;                           // random: how many draws
    std::uint64_t seed = 1;                    // random draws
    int maxRuns = 0;                           // budget: trials started at most (0: all)
    double maxSeconds = 0;                     // budget: no trial starts after this (0: no limit)
    bool halving = false;                      // successive halving over the epochs
    int eta = 3;                               // halving: keep the best 1/eta at each rung
    int minEpochs = 1;                         // halving: the first rung's epochs

    std::string toJson() const;
    static SweepRequest fromJson(const std::string &json);
};

struct SweepTrial {
    int index = 0;                             // 1-based
    std::map<std::string, std::string> settings; // the varied ones
    std::int64_t runId = 0;                    // 0: not started (budget)
    RunStatus status = RunStatus::Queued;
    std::int64_t epochs = 0;                   // trained
    double validNdcg10 = NAN, testNdcg10 = NAN; // of the run's best checkpoint
    double seconds = 0;
    bool stoppedEarly = false;                 // halving left it behind at a rung
};

struct SweepResult {
    std::int64_t sweepId = 0;
    std::int64_t datasetId = 0;
    SweepRequest request;
    std::vector<SweepTrial> trials;
    int best = -1;                             // index into trials: the highest validation NDCG@10
    std::string status;                        // finished, cancelled, failed
    std::string stopped;                       // why trials were left out (budget), or empty
    std::string createdAt;
    double seconds = 0;
};

// The trials' settings, in the order a sweep would try them (the whole grid, or the draws).
// Every one is checked against the model's settings first: throws EngineError(Usage) before
// anything is stored.
std::vector<std::map<std::string, std::string>> sweepCandidates(const SweepRequest &request);

// Runs the sweep on `datasetId`: stores it, trains its trials as runs, records each as it ends
// (`onTrial` sees it). Cancel stops the running trial (kept as a cancelled run) and the sweep.
SweepResult runSweep(Project &project, std::int64_t datasetId, const SweepRequest &request, Progress &progress,
                     const std::function<void(const SweepTrial &)> &onTrial = {});

// Stored sweeps, newest last; one with its trials.
std::vector<SweepResult> listSweeps(Project &project, std::int64_t datasetId = -1);
std::optional<SweepResult> loadSweep(Project &project, std::int64_t sweepId);

} // namespace recscope::engine
