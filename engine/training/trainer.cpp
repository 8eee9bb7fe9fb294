// SPDX-License-Identifier: GPL-3.0-or-later
// Training runs: setting a run up (split, privacy, memory, fine-tuning source), handing it to
// its model (engine/models/), recording how it ended; resuming.
#include "engine/training/trainer.h"

#include "engine/core/device.h"
#include "engine/core/errors.h"
#include "engine/core/platform.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/models/recommender.h"
#include "engine/models/collective.h"
#include "engine/models/epochloop.h"
#include "engine/models/sequencetrainer.h"
#include "engine/core/rdpaccountant.h"
#include "engine/core/runtime.h"
#include "engine/data/split.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <unordered_map>

namespace recscope::engine {

using namespace detail;

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// The numbers measured at the end of training, with the protocol they were measured under, and
// for a DP run the privacy spent.
std::string metricsJson(const TrainConfig &c, const TrainResult &r, const Collective *together) {
    Json j{{"valid", Json::parse(r.valid.toJson())},
           {"test", Json::parse(r.test.toJson())},
           {"protocol", std::string(nameOf(c.split)) + "-sampled-uniform-" + std::to_string(c.negatives)},
           {"seed", c.seed}};
    if (together) { // and what moving the gradients cost rank 0 (in this session of the run)
        j["world_size"] = together->size();
        j["allreduce"] = Json{{"bytes", together->bytesReduced()}, {"seconds", together->secondsReducing()}};
    }
    if (r.epsilon)
        j["privacy"] = Json{{"unit", nameOf(c.dp)}, {"epsilon", *r.epsilon}, {"delta", r.delta}, {"noise", c.dpNoise},
                            {"clip", c.dpClip}, {"sampling", nameOf(c.dpSampling)}, {"target_epsilon", c.dpTargetEpsilon}};
    return j.dump();
}

} // namespace

std::optional<RunPrivacy> runPrivacy(const RunInfo &run) {
    const Json j = Json::parse(run.metricsJson.empty() ? std::string("{}") : run.metricsJson, nullptr, false);
    if (!j.is_object() || !j.contains("privacy"))
        return std::nullopt;
    const auto &p = j["privacy"];
    return RunPrivacy{p.value("unit", std::string()), p.value("epsilon", 0.0), p.value("delta", 0.0)};
}

int runWorldSize(const RunInfo &run) {
    const Json j = Json::parse(run.metricsJson.empty() ? std::string("{}") : run.metricsJson, nullptr, false);
    return j.is_object() && j.contains("world_size") && j["world_size"].is_number_integer() ? std::max(1, j["world_size"].get<int>()) : 1;
}

namespace {

// Trains (or continues) the stored run `result.runId` and records how it ended (rank 0 of a
// data-parallel run records; the other ranks only train).
void execute(Recommender &model, Project &project, std::int64_t datasetId, const Split &s, const TrainConfig &c, TrainResult &result,
             Progress &progress, const std::function<void(const EpochRecord &)> &onEpoch, const ResumePoint *resume, Clock::time_point start,
             const WarmStart *warm, Collective *together) {
    RunStore store(project);
    const bool writes = !together || together->world().leader();
    if (writes)
        store.setStatus(result.runId, RunStatus::Running);
    auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    try {
        TrainingSession session{project, datasetId, c, s, store, result, progress, onEpoch, resume, resume ? nullptr : warm, elapsed, together};
        model.train(session);
        result.status = RunStatus::Finished;
    } catch (const EngineError &e) {
        // A lost process leaves the run as an interrupted one would be: resumable from its last checkpoint.
        result.status = e.kind() == ErrorKind::Cancelled ? RunStatus::Cancelled
                        : e.kind() == ErrorKind::Peer    ? RunStatus::Interrupted
                                                         : RunStatus::Failed;
        result.message = e.kind() == ErrorKind::Cancelled ? "cancelled by the user" : e.message();
    }
    result.seconds = elapsed();
    if (writes)
        store.finish(result.runId, result.status, result.message, result.seconds, result.bestEpoch,
                     metricsJson(c, result, together));
    progress.report(1.0, {Stage::Stopping, {std::string(nameOf(result.status))}});
}

// The device the run computes on, as stored with it: GPUs train the transformers that read ids
// (auto picks one there is; for other models it means the processor). A data-parallel rank
// takes the GPU of its local rank. `fallBack`: a stored device this machine lacks becomes auto's
// choice (a run resumed elsewhere) instead of an error.
std::string deviceFor(const TrainConfig &c, const World &world, bool fallBack = false) {
    if (!c.info().transformer || c.info().readsText)
        return "cpu";
    std::string device;
    try {
        device = resolveDevice(c.device);
    } catch (const EngineError &) {
        if (!fallBack)
            throw;
        device = resolveDevice("auto");
    }
    if (world.parallel() && device != "cpu") {
        const auto gpus = static_cast<int>(computeDevices().size()) - 1;
        device = "cuda:" + std::to_string(world.localRank % std::max(1, gpus));
    }
    return device;
}

// Meets the other processes of a data-parallel run, or null for a run of one process.
std::unique_ptr<Collective> joinWorld(const World &world, const TrainConfig &c) {
    if (!world.parallel())
        return nullptr;
    if (!c.info().transformer)
        throw EngineError(ErrorKind::Usage, c.modelKey() + " trains in one process; data-parallel training (" + std::to_string(world.size) +
                                                " processes) is for sasrec, bert4rec and textrec");
    return std::make_unique<Collective>(world);
}

// Every rank must train the same thing: rank 0's settings and dataset against each rank's own.
// Throws EngineError(Usage) on every rank, naming the ranks (and on theirs, the keys) that differ.
void agreeOnSettings(Collective &together, const TrainConfig &c, const Split &s, std::int64_t datasetId, std::int64_t runId) {
    Json mine{{"config", Json::parse(c.toJson())}, {"dataset", datasetId}, {"run", runId}, {"items", s.numItems}, {"users", s.train.size()}};
    mine["config"]["device"] = c.device == "cpu" ? "cpu" : "cuda"; // each rank its own GPU
    const Json leader = Json::parse(together.fromLeader("settings", mine.dump()));
    std::vector<double> differs(static_cast<std::size_t>(together.size()), 0.0);
    differs[static_cast<std::size_t>(together.rank())] = leader == mine ? 0.0 : 1.0;
    const auto all = together.sumValues(differs);
    std::string ranks;
    for (std::size_t r = 0; r < all.size(); ++r)
        if (all[r] > 0)
            ranks += (ranks.empty() ? "" : ", ") + std::to_string(r);
    if (ranks.empty())
        return;
    std::string keys;
    for (const auto &[k, v] : mine["config"].items())
        if (!leader["config"].contains(k) || leader["config"][k] != v)
            keys += (keys.empty() ? "" : ", ") + k + "=" + v.dump() + " here, " + (leader["config"].contains(k) ? leader["config"][k].dump() : "none") + " on rank 0";
    for (const char *k : {"dataset", "run", "items", "users"})
        if (leader[k] != mine[k])
            keys += (keys.empty() ? "" : ", ") + std::string(k) + " " + mine[k].dump() + " here, " + leader[k].dump() + " on rank 0";
    throw EngineError(ErrorKind::Usage, "the processes of this data-parallel run do not train the same thing: rank(s) " + ranks +
                                            " differ from rank 0" + (keys.empty() ? "" : " (" + keys + ")") +
                                            "; start every process with the same project, dataset and settings");
}

WarmStart prepareWarmStart(Project &project, const TrainConfig &c, std::int64_t datasetId) {
    RunStore store(project);
    const auto source = store.run(c.initFrom);
    if (!source)
        throw EngineError(ErrorKind::Usage, "init_from: no run with id " + std::to_string(c.initFrom));
    WarmStart w;
    w.source = TrainConfig::fromJson(source->configJson);
    const bool transformer = c.info().transformer;
    if (w.source.model != c.model || !c.info().trained)
        throw EngineError(ErrorKind::Usage, "init_from: run " + std::to_string(c.initFrom) + " is a " + w.source.modelKey() +
                                                " run; a " + c.modelKey() + " run can start only from a " + c.modelKey() +
                                                " run (item-kNN and popularity have no weights to fine-tune)");
    if (w.source.hidden != c.hidden || (transformer && (w.source.layers != c.layers || w.source.heads != c.heads || w.source.ffn != c.ffn)))
        throw EngineError(ErrorKind::Usage, "init_from: run " + std::to_string(c.initFrom) +
                                                " has another shape (hidden, layers, heads or ffn); use the same to fine-tune it");
    auto state = store.loadCheckpoint(c.initFrom, "best");
    if (!state)
        throw EngineError(ErrorKind::Usage, "init_from: run " + std::to_string(c.initFrom) + " has no checkpoint");
    w.state = std::move(*state);
    const auto sourceInfo = project.dataset(source->datasetId), targetInfo = project.dataset(datasetId);
    w.sourceItems = sourceInfo->items;
    w.sourceUsers = sourceInfo->users;
    // Rows are item index + 1 (0 is padding); BERT4Rec's [MASK] is the row after the last item.
    std::unordered_map<std::string, std::int64_t> sourceItems;
    for (const auto &it : project.items(source->datasetId))
        sourceItems.emplace(it.externalId, it.index + 1);
    w.itemMap.assign(static_cast<std::size_t>(targetInfo->items) + 2, -1);
    w.itemMap[0] = 0;
    for (const auto &it : project.items(datasetId))
        if (auto f = sourceItems.find(it.externalId); f != sourceItems.end()) {
            w.itemMap[static_cast<std::size_t>(it.index + 1)] = f->second;
            ++w.matchedItems;
        }
    w.itemMap.back() = w.sourceItems + 1;
    std::unordered_map<std::string, std::int64_t> sourceUsers;
    for (const auto &u : project.users(source->datasetId))
        sourceUsers.emplace(u.externalId, u.index);
    for (const auto &u : project.users(datasetId)) {
        const auto f = sourceUsers.find(u.externalId);
        w.userMap.push_back(f == sourceUsers.end() ? -1 : f->second);
    }
    if (w.matchedItems == 0)
        throw EngineError(ErrorKind::Usage, "init_from: the two datasets share no item ids, so nothing can be carried over");
    return w;
}

// Refuses a model whose estimate of what it needs while training exceeds 80% of the machine's memory.
void checkMemory(const Recommender &model) {
    const auto need = model.trainingBytes(), have = platform::physicalMemoryBytes();
    if (have > 0 && need > have / 10 * 8)
        throw EngineError(ErrorKind::Usage, "this configuration needs about " + std::to_string(need >> 20) +
                                                " MiB to train, more than 80% of the " + std::to_string(have >> 20) +
                                                " MiB this machine has; lower batch_size, maxlen or hidden");
}

} // namespace

TrainResult trainRun(Project &project, std::int64_t datasetId, const TrainConfig &config, const std::string &name,
                     Progress &progress, const std::function<void(const EpochRecord &)> &onEpoch, const World &world) {
    const auto start = Clock::now();
    if (config.threads > 0)
        setComputeThreads(config.threads);
    progress.report(0, Stage::PreparingData);
    const Split s = makeSplit(project, datasetId, config.splitOptions());
    TrainConfig c = config;
    resolvePrivacy(c, s); // stored with the run as resolved (delta, calibrated noise)
    c.device = deviceFor(c, world);
    const auto model = makeRecommender(c, s.numItems);
    checkMemory(*model);
    model->preflight(project, datasetId); // refused before a run is recorded
    std::optional<WarmStart> warm;
    if (c.initFrom > 0)
        warm = prepareWarmStart(project, c, datasetId);
    const auto together = joinWorld(world, c);
    if (together)
        agreeOnSettings(*together, c, s, datasetId, 0);
    TrainResult result;
    RunStore store(project);
    if (!together || world.leader()) {
        result.runId = store.create(datasetId, name, c.modelKey(), c.toJson());
        if (warm)
            store.setParent(result.runId, c.initFrom);
    }
    if (together)
        result.runId = std::stoll(together->fromLeader("run", std::to_string(result.runId)));
    execute(*model, project, datasetId, s, c, result, progress, onEpoch, nullptr, start, warm ? &*warm : nullptr, together.get());
    return result;
}

TrainResult resumeRun(Project &project, std::int64_t runId, Progress &progress,
                      const std::function<void(const EpochRecord &)> &onEpoch, std::optional<int> epochs, const World &world) {
    const auto start = Clock::now();
    RunStore store(project);
    const auto run = store.run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    const auto done = store.epochs(runId);
    const bool extend = epochs && run->status == RunStatus::Finished && *epochs > static_cast<int>(done.size());
    if (!isResumable(run->status) && !extend)
        throw EngineError(ErrorKind::Usage, "run '" + run->name + "' is " + std::string(nameOf(run->status)) +
                                                "; only interrupted, cancelled or failed runs can be resumed, "
                                                "or a finished one given more epochs");
    auto c = TrainConfig::fromJson(run->configJson);
    if (epochs) {
        if (*epochs < static_cast<int>(done.size()) || *epochs < 1)
            throw EngineError(ErrorKind::Usage, "epochs=" + std::to_string(*epochs) + ": the run has already done " +
                                                    std::to_string(done.size()) + " epochs");
        c.epochs = *epochs; // a new end for the run, recorded in its configuration
        if (world.leader())
            store.setConfig(runId, c.toJson());
    }
    if (const auto device = deviceFor(c, world, true); device != c.device) {
        c.device = device;
        if (world.leader())
            store.setConfig(runId, c.toJson());
    }
    if (c.threads > 0)
        setComputeThreads(c.threads);
    progress.report(0, Stage::PreparingData);
    const Split s = makeSplit(project, run->datasetId, c.splitOptions());
    const auto model = makeRecommender(c, s.numItems);
    checkMemory(*model);

    ResumePoint point;
    TrainResult result;
    result.runId = runId;
    std::int64_t lastEpoch = 0;
    if (auto state = store.loadCheckpoint(runId, "last", &lastEpoch)) {
        point.modelState = *state;
        std::int64_t optimizerEpoch = 0;
        if (auto opt = store.loadCheckpoint(runId, "optimizer", &optimizerEpoch); opt && optimizerEpoch == lastEpoch)
            point.optimizerState = *opt;
        point.startEpoch = static_cast<int>(lastEpoch);
    }
    // The curve so far decides the best epoch and the patience already used.
    for (const auto &e : store.epochs(runId)) {
        if (e.epoch > lastEpoch)
            break;
        const double criterion = c.info().ratings ? -e.validLoss.value_or(std::numeric_limits<double>::infinity()) : e.validNdcg10;
        if (criterion > point.best) {
            point.best = criterion;
            point.sinceBest = 0;
            result.bestEpoch = e.epoch;
        } else {
            ++point.sinceBest;
        }
        result.epochs = e.epoch;
    }
    if (point.startEpoch == 0) // nothing stored yet: start over with the same settings
        point = ResumePoint{};
    if (c.dp != DpMode::None && c.dpTargetEpsilon > 0) { // the accountant counts every epoch done as whole
        const auto units = privacyUnits(c, s).size();
        const auto taken = point.startEpoch * dpStepsPerEpoch(c, units);
        if (epsilonAfter(dpSamplingRate(c, units), c.dpNoise, taken + 1, c.dpDelta).epsilon > c.dpTargetEpsilon)
            throw EngineError(ErrorKind::Usage, "run '" + run->name + "' has spent its privacy budget: one more step would pass "
                                                    "the target epsilon " + formatShort(c.dpTargetEpsilon));
    }
    const auto together = joinWorld(world, c);
    if (together)
        agreeOnSettings(*together, c, s, run->datasetId, runId);
    execute(*model, project, run->datasetId, s, c, result, progress, onEpoch, &point, start, nullptr, together.get());
    return result;
}

} // namespace recscope::engine
