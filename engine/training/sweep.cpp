// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/training/sweep.h"

#include "engine/core/clock.h"
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/core/runtime.h"
#include "engine/store/project.h"
#include "engine/store/sqlitedb.h"
#include "engine/training/trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>

namespace recscope::engine {

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxTrials = 1000;

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string trim(std::string s) {
    const auto a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

double parseNumber(const std::string &text, const std::string &spec) {
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && std::isfinite(v))
            return v;
    } catch (const std::exception &) {
    }
    throw EngineError(ErrorKind::Usage, "--vary " + spec + ": '" + text + "' is not a number");
}

Json trialJson(const SweepTrial &t) {
    return {{"trial", t.index},
            {"run", t.runId},
            {"settings", t.settings},
            {"status", nameOf(t.status)},
            {"epochs", t.epochs},
            {"valid_ndcg10", std::isfinite(t.validNdcg10) ? Json(t.validNdcg10) : Json(nullptr)},
            {"test_ndcg10", std::isfinite(t.testNdcg10) ? Json(t.testNdcg10) : Json(nullptr)},
            {"seconds", t.seconds},
            {"stopped_early", t.stoppedEarly}};
}

void storeTrial(Project &project, std::int64_t sweepId, const SweepTrial &t) {
    SqliteStatement st(project.db(), "INSERT OR REPLACE INTO sweep_trials(sweep_id, trial, run_id, trial_json) VALUES(?,?,?,?)");
    st.bind(1, sweepId).bind(2, t.index);
    if (t.runId > 0)
        st.bind(3, t.runId);
    else
        st.bindNull(3);
    st.bind(4, trialJson(t).dump()).exec();
}

SweepTrial readTrial(const std::string &json) {
    try {
        const auto j = Json::parse(json);
        SweepTrial t;
        t.index = j.at("trial").get<int>();
        t.runId = j.at("run").get<std::int64_t>();
        t.settings = j.at("settings").get<std::map<std::string, std::string>>();
        t.status = enumFromName<RunStatus>(j.at("status").get<std::string>()).value_or(RunStatus::Failed);
        t.epochs = j.at("epochs").get<std::int64_t>();
        t.validNdcg10 = j.at("valid_ndcg10").is_number() ? j.at("valid_ndcg10").get<double>() : NAN;
        t.testNdcg10 = j.at("test_ndcg10").is_number() ? j.at("test_ndcg10").get<double>() : NAN;
        t.seconds = j.at("seconds").get<double>();
        t.stoppedEarly = j.at("stopped_early").get<bool>();
        return t;
    } catch (const nlohmann::json::exception &e) {
        throw EngineError(ErrorKind::Project, std::string("a stored sweep trial is damaged: ") + e.what());
    }
}

int bestTrial(const std::vector<SweepTrial> &trials) {
    int best = -1;
    for (std::size_t i = 0; i < trials.size(); ++i) {
        const auto &t = trials[i];
        if (t.status != RunStatus::Finished || t.stoppedEarly || !std::isfinite(t.validNdcg10))
            continue;
        if (best < 0 || t.validNdcg10 > trials[static_cast<std::size_t>(best)].validNdcg10)
            best = static_cast<int>(i);
    }
    return best;
}

} // namespace

SweepDimension SweepDimension::parse(const std::string &spec) {
    const auto eq = spec.find('=');
    SweepDimension d;
    d.key = trim(spec.substr(0, eq));
    if (eq == std::string::npos || d.key.empty())
        throw EngineError(ErrorKind::Usage, "--vary takes KEY=V1,V2,... or KEY=LO..HI[:log], not '" + spec + "'");
    if (d.key == "epochs" || d.key == "threads")
        throw EngineError(ErrorKind::Usage, "--vary " + spec + ": " + d.key + " is the sweep's own (use --set)");
    const auto *setting = findTrainSetting(d.key);
    if (!setting)
        throw EngineError(ErrorKind::Usage, "--vary " + spec + ": no setting '" + d.key + "' (the settings: " + trainSettingKeys() + ")");
    std::string rest = trim(spec.substr(eq + 1));
    if (const auto dots = rest.find(".."); dots != std::string::npos) {
        if (setting->type == TrainSetting::Type::Choice || setting->type == TrainSetting::Type::Text)
            throw EngineError(ErrorKind::Usage, "--vary " + spec + ": " + d.key + " is a choice; list its values");
        if (rest.size() > 4 && rest.compare(rest.size() - 4, 4, ":log") == 0) {
            d.logScale = true;
            rest.resize(rest.size() - 4);
        }
        const double lo = parseNumber(trim(rest.substr(0, dots)), spec), hi = parseNumber(trim(rest.substr(dots + 2)), spec);
        if (!(lo < hi))
            throw EngineError(ErrorKind::Usage, "--vary " + spec + ": the range is empty (LO must be below HI)");
        if (d.logScale && lo <= 0)
            throw EngineError(ErrorKind::Usage, "--vary " + spec + ": a log range starts above 0");
        if (lo < setting->min || hi > setting->max)
            throw EngineError(ErrorKind::Usage, "--vary " + spec + ": " + d.key + " is between " + number(setting->min) + " and " +
                                                    number(setting->max));
        d.range = {lo, hi};
        return d;
    }
    std::set<std::string> seen;
    std::size_t start = 0;
    while (start <= rest.size()) {
        const auto end = std::min(rest.find(',', start), rest.size());
        const auto v = trim(rest.substr(start, end - start));
        if (!v.empty() && seen.insert(v).second)
            d.values.push_back(v);
        start = end + 1;
    }
    if (d.values.empty())
        throw EngineError(ErrorKind::Usage, "--vary " + spec + ": the grid for " + d.key + " is empty");
    return d;
}

std::string SweepDimension::toString() const {
    if (range)
        return key + "=" + number(range->first) + ".." + number(range->second) + (logScale ? ":log" : "");
    std::string out = key + "=";
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? "," : "") + values[i];
    return out;
}

std::string SweepRequest::toJson() const {
    Json dims = Json::array();
    for (const auto &d : dimensions)
        dims.push_back(d.toString());
    return Json{{"name", name},       {"model", model},         {"fixed", fixed},     {"vary", dims},
                {"strategy", nameOf(strategy)}, {"trials", trials}, {"seed", seed},       {"max_runs", maxRuns},
                {"max_seconds", maxSeconds},    {"halving", halving}, {"eta", eta},       {"min_epochs", minEpochs}}
        .dump();
}

SweepRequest SweepRequest::fromJson(const std::string &json) {
    try {
        const auto j = Json::parse(json);
        SweepRequest r;
        r.name = j.at("name").get<std::string>();
        r.model = j.at("model").get<std::string>();
        r.fixed = j.at("fixed").get<std::map<std::string, std::string>>();
        for (const auto &d : j.at("vary"))
            r.dimensions.push_back(SweepDimension::parse(d.get<std::string>()));
        r.strategy = enumFromName<SweepStrategy>(j.at("strategy").get<std::string>()).value_or(SweepStrategy::Grid);
        r.trials = j.at("trials").get<int>();
        r.seed = j.at("seed").get<std::uint64_t>();
        r.maxRuns = j.at("max_runs").get<int>();
        r.maxSeconds = j.at("max_seconds").get<double>();
        r.halving = j.at("halving").get<bool>();
        r.eta = j.at("eta").get<int>();
        r.minEpochs = j.at("min_epochs").get<int>();
        return r;
    } catch (const nlohmann::json::exception &e) {
        throw EngineError(ErrorKind::Project, std::string("a stored sweep is damaged: ") + e.what());
    }
}

std::vector<std::map<std::string, std::string>> sweepCandidates(const SweepRequest &r) {
    if (r.dimensions.empty())
        throw EngineError(ErrorKind::Usage, "a sweep varies at least one setting (--vary KEY=V1,V2,...)");
    std::set<std::string> keys;
    for (const auto &d : r.dimensions)
        if (!keys.insert(d.key).second)
            throw EngineError(ErrorKind::Usage, "--vary names " + d.key + " twice");
    std::vector<std::map<std::string, std::string>> out;
    if (r.strategy == SweepStrategy::Grid) {
        std::size_t total = 1;
        for (const auto &d : r.dimensions) {
            if (d.range)
                throw EngineError(ErrorKind::Usage, "--vary " + d.toString() + ": a grid lists values; ranges are for --strategy random");
            total *= d.values.size();
            if (total > kMaxTrials)
                throw EngineError(ErrorKind::Usage, "the grid has more than " + std::to_string(kMaxTrials) +
                                                        " trials: list fewer values, or draw some at random (--strategy random)");
        }
        out.assign(1, {});
        for (const auto &d : r.dimensions) { // the last setting varies fastest
            std::vector<std::map<std::string, std::string>> next;
            for (const auto &partial : out)
                for (const auto &v : d.values) {
                    auto c = partial;
                    c[d.key] = v;
                    next.push_back(std::move(c));
                }
            out = std::move(next);
        }
    } else {
        if (r.trials < 1 || r.trials > static_cast<int>(kMaxTrials))
            throw EngineError(ErrorKind::Usage, "trials is between 1 and " + std::to_string(kMaxTrials) + ", not " + std::to_string(r.trials));
        std::mt19937_64 rng(r.seed);
        for (int t = 0; t < r.trials; ++t) {
            std::map<std::string, std::string> c;
            for (const auto &d : r.dimensions) {
                if (!d.range) {
                    c[d.key] = d.values[std::uniform_int_distribution<std::size_t>(0, d.values.size() - 1)(rng)];
                    continue;
                }
                const auto [lo, hi] = *d.range;
                double v = d.logScale ? std::exp(std::uniform_real_distribution<double>(std::log(lo), std::log(hi))(rng))
                                      : std::uniform_real_distribution<double>(lo, hi)(rng);
                c[d.key] = findTrainSetting(d.key)->type == TrainSetting::Type::Integer ? std::to_string(std::llround(v)) : number(v);
            }
            out.push_back(std::move(c));
        }
    }
    for (const auto &c : out) { // every trial's settings must parse before anything starts
        auto all = r.fixed;
        for (const auto &[k, v] : c)
            all[k] = v;
        TrainConfig::parse(r.model, all);
    }
    return out;
}

SweepResult runSweep(Project &project, std::int64_t datasetId, const SweepRequest &request, Progress &progress,
                     const std::function<void(const SweepTrial &)> &onTrial) {
    const auto start = Clock::now();
    const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    if (!project.dataset(datasetId))
        throw EngineError(ErrorKind::Usage, "no dataset with id " + std::to_string(datasetId));
    const auto candidates = sweepCandidates(request);
    if (request.halving && (request.eta < 2 || request.minEpochs < 1))
        throw EngineError(ErrorKind::Usage, "halving keeps 1/eta of the trials (eta 2 or more) from min_epochs (1 or more)");
    const int fullEpochs = TrainConfig::parse(request.model, request.fixed).epochs;

    SweepResult result;
    result.request = request;
    result.datasetId = datasetId;
    result.createdAt = utcTimestamp();
    {
        SqliteTransaction tx(project.db()); // the sweep with all its trials, or nothing
        SqliteStatement st(project.db(), "INSERT INTO sweeps(dataset_id, name, request_json, created_at, status) VALUES(?,?,?,?, 'running')");
        st.bind(1, datasetId).bind(2, request.name).bind(3, request.toJson()).bind(4, result.createdAt).exec();
        result.sweepId = project.db().lastInsertId();
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            SweepTrial t;
            t.index = static_cast<int>(i) + 1;
            t.settings = candidates[i];
            result.trials.push_back(t);
            storeTrial(project, result.sweepId, t);
        }
        tx.commit();
    }
    const std::size_t allowed = request.maxRuns > 0 ? std::min<std::size_t>(candidates.size(), static_cast<std::size_t>(request.maxRuns))
                                                    : candidates.size();
    if (allowed < candidates.size())
        result.stopped = "the budget allows " + std::to_string(allowed) + " of " + std::to_string(candidates.size()) + " trials";
    result.status = "finished";

    // The epochs of each rung: one rung of the full length without halving.
    std::vector<int> rungs;
    for (int e = request.halving ? std::min(request.minEpochs, fullEpochs) : fullEpochs;; e = std::min(fullEpochs, e * request.eta)) {
        rungs.push_back(e);
        if (e >= fullEpochs)
            break;
    }
    std::vector<std::size_t> alive(allowed);
    for (std::size_t i = 0; i < allowed; ++i)
        alive[i] = i;
    double steps = 0, done = 0; // trainings, for progress
    for (std::size_t r = 0, n = allowed; r < rungs.size(); ++r, n = std::max<std::size_t>(1, (n + request.eta - 1) / request.eta))
        steps += static_cast<double>(n);

    bool outOfTime = false;
    for (std::size_t r = 0; r < rungs.size() && result.status == "finished"; ++r) {
        for (auto i : alive) {
            if (request.maxSeconds > 0 && elapsed() > request.maxSeconds) {
                outOfTime = true;
                result.stopped = "the time budget (" + number(request.maxSeconds) + " s) ran out";
                break;
            }
            throwIfCancelled(progress);
            auto &t = result.trials[i];
            SubProgress step(progress, done / steps, (done + 1) / steps);
            const auto trialStart = Clock::now();
            TrainResult run;
            if (r == 0) {
                auto settings = request.fixed;
                for (const auto &[k, v] : t.settings)
                    settings[k] = v;
                settings["epochs"] = std::to_string(rungs[0]);
                run = trainRun(project, datasetId, TrainConfig::parse(request.model, settings),
                               request.name + " #" + std::to_string(t.index), step);
            } else {
                run = resumeRun(project, t.runId, step, {}, rungs[r]);
            }
            done += 1;
            t.runId = run.runId;
            t.status = run.status;
            t.epochs = run.epochs;
            t.validNdcg10 = run.valid.ndcg10;
            t.testNdcg10 = run.test.ndcg10;
            t.seconds += std::chrono::duration<double>(Clock::now() - trialStart).count();
            storeTrial(project, result.sweepId, t);
            if (onTrial)
                onTrial(t);
            if (run.status == RunStatus::Cancelled || progress.cancelled()) {
                result.status = "cancelled";
                break;
            }
        }
        if (result.status != "finished" || r + 1 == rungs.size() || outOfTime)
            break;
        // The best 1/eta by validation NDCG@10 go on; the rest stop here.
        std::vector<std::size_t> ranked;
        for (auto i : alive)
            if (result.trials[i].status == RunStatus::Finished)
                ranked.push_back(i);
        std::stable_sort(ranked.begin(), ranked.end(),
                         [&](auto a, auto b) { return result.trials[a].validNdcg10 > result.trials[b].validNdcg10; });
        const auto keep = std::max<std::size_t>(1, (alive.size() + static_cast<std::size_t>(request.eta) - 1) / static_cast<std::size_t>(request.eta));
        for (std::size_t k = keep; k < ranked.size(); ++k) {
            result.trials[ranked[k]].stoppedEarly = true;
            storeTrial(project, result.sweepId, result.trials[ranked[k]]);
        }
        ranked.resize(std::min(keep, ranked.size()));
        alive = ranked;
    }
    result.best = bestTrial(result.trials);
    result.seconds = elapsed();
    SqliteStatement st(project.db(), "UPDATE sweeps SET status = ?, message = ?, finished_at = ?, seconds = ? WHERE id = ?");
    st.bind(1, result.status).bind(2, result.stopped).bind(3, utcTimestamp()).bind(4, result.seconds).bind(5, result.sweepId).exec();
    progress.report(1, Stage::Swept);
    return result;
}

std::vector<SweepResult> listSweeps(Project &project, std::int64_t datasetId) {
    std::vector<std::int64_t> ids;
    SqliteStatement st(project.db(), "SELECT id FROM sweeps WHERE ? < 0 OR dataset_id = ? ORDER BY id");
    st.bind(1, datasetId).bind(2, datasetId);
    while (st.step())
        ids.push_back(st.int64(0));
    std::vector<SweepResult> out;
    for (auto id : ids)
        out.push_back(*loadSweep(project, id));
    return out;
}

std::optional<SweepResult> loadSweep(Project &project, std::int64_t sweepId) {
    SqliteStatement st(project.db(), "SELECT dataset_id, request_json, created_at, status, coalesce(message, ''), coalesce(seconds, 0) "
                                     "FROM sweeps WHERE id = ?");
    st.bind(1, sweepId);
    if (!st.step())
        return std::nullopt;
    SweepResult r;
    r.sweepId = sweepId;
    r.datasetId = st.int64(0);
    r.request = SweepRequest::fromJson(st.text(1));
    r.createdAt = st.text(2);
    r.status = st.text(3);
    r.stopped = st.text(4);
    r.seconds = st.real(5);
    SqliteStatement trials(project.db(), "SELECT trial_json FROM sweep_trials WHERE sweep_id = ? ORDER BY trial");
    trials.bind(1, sweepId);
    while (trials.step())
        r.trials.push_back(readTrial(trials.text(0)));
    r.best = bestTrial(r.trials);
    return r;
}

} // namespace recscope::engine
