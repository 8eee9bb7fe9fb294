// SPDX-License-Identifier: GPL-3.0-or-later
// Training runs: setting a run up and handing it to its model, resuming it, and what a DP run
// spent. The settings are in settings/trainconfig.h, the result in store/runstore.h, scoring a
// stored run in evaluation/runscorer.h. Std-only interface; the models behind it use libtorch.
#pragma once

#include "engine/core/world.h"
#include "engine/store/runstore.h"
#include "engine/settings/trainconfig.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace recscope::engine {

class Progress;
class Project;

// What a DP-SGD run spent, as stored with its metrics; nullopt for a run trained without DP.
struct RunPrivacy {
    std::string unit; // user, example
    double epsilon = 0, delta = 0;
};
std::optional<RunPrivacy> runPrivacy(const RunInfo &run);
// The processes a run last trained with (data parallel), as stored with its metrics; 1 when none is.
int runWorldSize(const RunInfo &run);

// Trains a new run on the caller's thread (open `project` there). Each epoch is stored as it
// ends, with the best and last checkpoints; `onEpoch` sees it too. Cancel stops within one
// batch and keeps what was stored. A NaN or infinite loss stops the run as failed, keeping the
// last good checkpoint.
//
// Data parallel (`world` of several processes, each calling trainRun with the same arguments;
// the transformers only): the processes meet at the world's master, agree on the settings and
// the dataset (EngineError(Usage) naming what differs), and train one run together. Only rank 0
// records the run and its epochs; the others read the project and return the run's id with the
// validation curve's numbers. A process that stops makes the others end the run as interrupted,
// naming its rank; it resumes from its last checkpoint with any number of processes.
TrainResult trainRun(Project &project, std::int64_t datasetId, const TrainConfig &config, const std::string &name,
                     Progress &progress, const std::function<void(const EpochRecord &)> &onEpoch = {}, const World &world = {});

// Continues an interrupted, cancelled or failed run from its last checkpoint (model and
// optimiser state), keeping its curve and best epoch; epochs are seeded by number, so the result
// matches an uninterrupted run on the same machine and thread count.
// With `epochs`, the run ends there instead (at least the epochs already done; equal to them,
// it only evaluates the best checkpoint on validation and test); a finished run given more
// epochs continues too (early stopping counts from its curve).
TrainResult resumeRun(Project &project, std::int64_t runId, Progress &progress,
                      const std::function<void(const EpochRecord &)> &onEpoch = {}, std::optional<int> epochs = {},
                      const World &world = {});

namespace testing {
// Fault injection for tests: the loss of this batch (0-based epoch and batch) reads as NaN, in
// every run until called again with epoch -1.
void injectNonFiniteLoss(int epoch, int batch);
// Hands every mini-batch step's loss (the whole batch's, on every rank of a data-parallel run)
// to `trace`, in every run until called again with an empty function.
void traceSteps(std::function<void(double loss)> trace);
} // namespace testing

} // namespace recscope::engine
