// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/efficiency/efficiency.h"

#include "engine/core/clock.h"
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/core/runtime.h"
#include "engine/evaluation/runscorer.h"
#include "engine/store/sqlitedb.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace recscope::engine {

std::string RunProfile::toJson() const {
    return nlohmann::json{{"run", runId},
                          {"parameters", parameters},
                          {"checkpoint_bytes", checkpointBytes},
                          {"flops_per_user", flopsPerUser},
                          {"latency_p50_ms", latencyP50Ms},
                          {"latency_p95_ms", latencyP95Ms},
                          {"users_per_second", usersPerSecond},
                          {"threads", threads},
                          {"measured_at", measuredAt}}
        .dump();
}

RunProfile RunProfile::fromJson(const std::string &json) {
    const auto j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw EngineError(ErrorKind::Project, "a run's stored cost profile is damaged (not a JSON object)");
    RunProfile p;
    p.runId = j.value("run", std::int64_t(0));
    p.parameters = j.value("parameters", std::int64_t(0));
    p.checkpointBytes = j.value("checkpoint_bytes", std::int64_t(0));
    p.flopsPerUser = j.value("flops_per_user", 0.0);
    p.latencyP50Ms = j.value("latency_p50_ms", 0.0);
    p.latencyP95Ms = j.value("latency_p95_ms", 0.0);
    p.usersPerSecond = j.value("users_per_second", 0.0);
    p.threads = j.value("threads", 1);
    p.measuredAt = j.value("measured_at", std::string());
    return p;
}

double flopsPerScoredUser(const std::string &model, int maxlen, int hidden, int layers, std::int64_t items, int neighbors, int ffn) {
    const double h = hidden, l = maxlen, n = static_cast<double>(items);
    const auto &m = modelInfo(model);
    if (m.kind == ModelKind::Popularity)
        return n;
    if (m.kind == ModelKind::ItemKnn)
        return 2.0 * l * neighbors;
    const double catalog = 2.0 * n * h; // a dot product with every item
    if (!m.transformer)
        return catalog;
    // Per layer and position: Q, K, V and output projections (4 h^2), two feed-forward layers of
    // inner width ffn x h (2 ffn h^2); per layer, the attention scores and the weighted sum (2 l^2 h).
    const double perLayer = l * (4 + 2.0 * ffn) * h * h + 2 * l * l * h;
    return 2.0 * layers * perLayer + catalog;
}

RunProfile profileRun(Project &project, std::int64_t runId, Progress &progress, int repeats) {
    RunStore store(project);
    const auto run = store.run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    progress.report(0, Stage::LoadingModel);
    auto scorer = RunScorer::load(project, runId);
    const auto &c = scorer->config();
    RunProfile p;
    p.runId = runId;
    p.parameters = scorer->parameterCount();
    if (const auto state = store.loadCheckpoint(runId, "best"))
        p.checkpointBytes = static_cast<std::int64_t>(state->size());
    p.flopsPerUser = flopsPerScoredUser(c.modelKey(), c.maxlen, c.hidden, c.layers, scorer->numItems(), c.neighbors, c.ffn);
    p.threads = computeThreads();
    // Real histories: the dataset's users in turn.
    const auto info = project.dataset(run->datasetId);
    std::vector<std::vector<std::int32_t>> histories;
    std::vector<std::int64_t> users;
    for (std::int64_t u = 0; u < info->users && users.size() < 256; ++u) {
        std::vector<std::int32_t> h;
        for (const auto &e : project.timeline(run->datasetId, u))
            h.push_back(static_cast<std::int32_t>(e.item));
        histories.push_back(std::move(h));
        users.push_back(u);
    }
    using Clock = std::chrono::steady_clock;
    std::vector<float> scores;
    std::vector<double> ms;
    const int warmup = 5;
    for (int r = 0; r < warmup + repeats; ++r) {
        throwIfCancelled(progress);
        const auto i = static_cast<std::size_t>(r) % histories.size();
        const auto start = Clock::now();
        scorer->scoreAll({histories[i]}, {users[i]}, scores);
        if (r >= warmup)
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        progress.report(0.8 * (r + 1) / (warmup + repeats), Stage::MeasuringLatency);
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double share) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(share * static_cast<double>(ms.size())))]; };
    p.latencyP50Ms = at(0.5);
    p.latencyP95Ms = at(0.95);
    // Throughput: the same users in one batch, best of three.
    double best = 1e300;
    for (int r = 0; r < 3; ++r) {
        throwIfCancelled(progress);
        const auto start = Clock::now();
        scorer->scoreAll(histories, users, scores);
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
        progress.report(0.8 + 0.2 * (r + 1) / 3, {Stage::MeasuringThroughput, {"256"}});
    }
    p.usersPerSecond = static_cast<double>(histories.size()) / best;
    p.measuredAt = utcTimestamp();
    SqliteStatement st(project.db(), "INSERT OR REPLACE INTO run_profiles(run_id, measured_at, profile_json) VALUES(?,?,?)");
    st.bind(1, runId).bind(2, p.measuredAt).bind(3, p.toJson()).exec();
    progress.report(1, Stage::Profiled);
    return p;
}

namespace {
// A new finished run of the same dataset and settings holding `state` as its best checkpoint,
// with `parent` recorded (and what the text model reads besides its weights carried over: its
// tokenizer, or the key of its pretrained encoder's cached reading).
std::int64_t deriveRun(Project &project, const RunInfo &parent, const std::string &suffix, const std::string &state,
                       const nlohmann::json &metrics, const std::string &message) {
    RunStore store(project);
    std::int64_t epoch = 0;
    store.loadCheckpoint(parent.id, "best", &epoch);
    SqliteTransaction tx(project.db()); // all of it, or (on a failure) no half-made run
    const auto id = store.create(parent.datasetId, parent.name + " " + suffix, parent.model, parent.configJson);
    store.setParent(id, parent.id);
    store.saveCheckpoint(id, "best", epoch, state);
    for (const char *kind : {"tokenizer", "encoder"})
        if (const auto extra = store.loadCheckpoint(parent.id, kind))
            store.saveCheckpoint(id, kind, epoch, *extra);
    store.finish(id, RunStatus::Finished, message, 0, parent.bestEpoch, metrics.dump());
    tx.commit();
    return id;
}

} // namespace

std::int64_t quantizeRun(Project &project, std::int64_t runId, Progress &progress) {
    const auto run = RunStore(project).requireRunId(runId);
    progress.report(0, Stage::LoadingModel);
    const auto state = RunScorer::load(project, runId)->quantizedState();
    progress.report(0.5, Stage::WritingQuantized);
    const auto id = deriveRun(project, run, "int8", state, {{"compressed_from", runId}, {"quantize", "int8"}},
                              "int8 quantization of run " + std::to_string(runId));
    progress.report(1, Stage::Quantized);
    return id;
}

std::int64_t pruneRun(Project &project, std::int64_t runId, double fraction, bool byHead, Progress &progress) {
    if (!(fraction > 0 && fraction < 1))
        throw EngineError(ErrorKind::Usage, "the share to prune is between 0 and 1, not " + std::to_string(fraction));
    const auto run = RunStore(project).requireRunId(runId);
    progress.report(0, Stage::LoadingModel);
    double zeros = 0;
    const auto state = RunScorer::load(project, runId)->prunedState(fraction, byHead, &zeros);
    progress.report(0.5, Stage::WritingPruned);
    const int percent = static_cast<int>(std::lround(100 * fraction));
    const auto id = deriveRun(project, run, (byHead ? "heads-pruned " : "pruned ") + std::to_string(percent) + "%", state,
                              {{"compressed_from", runId}, {"prune", fraction}, {"prune_by", byHead ? "head" : "magnitude"}, {"zero_share", zeros}},
                              std::string(byHead ? "attention heads" : "magnitude") + " pruning of run " + std::to_string(runId));
    progress.report(1, Stage::Pruned);
    return id;
}

std::optional<RunProfile> storedProfile(Project &project, std::int64_t runId) {
    SqliteStatement st(project.db(), "SELECT profile_json FROM run_profiles WHERE run_id = ?");
    st.bind(1, runId);
    if (!st.step())
        return std::nullopt;
    return RunProfile::fromJson(st.text(0));
}

} // namespace recscope::engine
