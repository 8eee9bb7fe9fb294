// SPDX-License-Identifier: GPL-3.0-or-later
// Training runs in the project file: configuration, status, per-epoch curves, checkpoints.
#pragma once

#include "engine/core/enumnames.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace recscope::engine {

class Project;

// Where a run is in its life. Queued: created, not started; Running: a process trains it (see
// owner_pid); Interrupted: that process died; the others are how training ended.
enum class RunStatus { Queued, Running, Finished, Cancelled, Failed, Interrupted };

template <>
struct EnumNames<RunStatus> {
    static constexpr std::pair<RunStatus, std::string_view> values[] = {
        {RunStatus::Queued, "queued"},       {RunStatus::Running, "running"}, {RunStatus::Finished, "finished"},
        {RunStatus::Cancelled, "cancelled"}, {RunStatus::Failed, "failed"},   {RunStatus::Interrupted, "interrupted"},
    };
};

// Interrupted, cancelled and failed runs can continue from their last checkpoint.
constexpr bool isResumable(RunStatus s) {
    return s == RunStatus::Interrupted || s == RunStatus::Cancelled || s == RunStatus::Failed;
}

struct RunInfo {
    std::int64_t id = 0;
    std::int64_t datasetId = 0;
    std::string name;
    std::string model;
    std::string configJson;
    RunStatus status = RunStatus::Queued;
    std::string message;  // why it failed or stopped
    std::string createdAt;
    std::string finishedAt;
    double seconds = 0;
    std::optional<std::int64_t> bestEpoch;
    std::int64_t epochsDone = 0;
    std::string metricsJson; // {"valid": {...}, "test": {...}}
};

struct EpochRecord {
    std::int64_t epoch = 0;     // 1-based
    double trainLoss = 0;
    std::optional<double> validLoss;
    double validNdcg10 = 0;
    double validHr10 = 0;
    double seconds = 0;
    double sequencesPerSecond = 0; // training throughput; not stored
    std::optional<double> epsilon;  // DP runs: the privacy budget spent by the end of the epoch
};

// Sampled or full-ranking accuracy of a checkpoint, as stored with a run's epochs and metrics.
struct EvalMetrics {
    double ndcg10 = 0, hr10 = 0, ndcg5 = 0, hr5 = 0, mrr = 0;
    std::int64_t users = 0;
    std::optional<double> rmse, mae; // rating models, on the held-out ratings
    std::string toJson() const;
};

// How a training run ended, as trainRun and resumeRun report it and the models fill it in.
struct TrainResult {
    std::int64_t runId = 0;
    RunStatus status = RunStatus::Queued; // finished, cancelled or failed once trained
    std::string message;
    std::optional<std::int64_t> bestEpoch;
    std::int64_t epochs = 0;
    double seconds = 0;
    EvalMetrics valid, test;       // of the best checkpoint
    std::optional<double> epsilon; // DP runs: the budget spent, for `delta`
    double delta = 0;
};

// Reads and writes runs through the project's connection (same thread rules as Project).
// Every write is its own small transaction, so a crash mid-training keeps the epochs and
// checkpoints already written.
class RunStore {
public:
    explicit RunStore(Project &project) : m_project(project) {}

    std::int64_t create(std::int64_t datasetId, const std::string &name, const std::string &model,
                        const std::string &configJson);
    // A running run records the process training it (this one unless `owner` names another), so
    // that a later process can tell a run whose trainer died; other statuses clear it.
    void setStatus(std::int64_t run, RunStatus status, const std::string &message = {}, std::optional<std::int64_t> owner = {});
    // Records that `run` was fine-tuned from `parent`.
    void setConfig(std::int64_t run, const std::string &configJson);
    void setParent(std::int64_t run, std::int64_t parent);
    void appendEpoch(std::int64_t run, const EpochRecord &epoch);
    void finish(std::int64_t run, RunStatus status, const std::string &message, double seconds,
                std::optional<std::int64_t> bestEpoch, const std::string &metricsJson);
    void saveCheckpoint(std::int64_t run, const std::string &kind, std::int64_t epoch, const std::string &state);
    // The stored state after verifying its checksum; throws EngineError(Project) on a mismatch.
    std::optional<std::string> loadCheckpoint(std::int64_t run, const std::string &kind, std::int64_t *epoch = nullptr);

    std::vector<RunInfo> runs();
    std::optional<RunInfo> run(std::int64_t id);
    RunInfo requireRun(const std::string &nameOrId);
    // The run, or EngineError(Usage) "no run with id N".
    RunInfo requireRunId(std::int64_t id);
    std::vector<EpochRecord> epochs(std::int64_t run);
    void rename(std::int64_t run, const std::string &name);
    void remove(std::int64_t run);
    // Runs left running by a process that died are marked "interrupted"; returns how many.
    int markInterrupted();

private:
    Project &m_project;
};

} // namespace recscope::engine
