// SPDX-License-Identifier: GPL-3.0-or-later
// Training runs: train, resume, runs, recommend, cv.
#include "cli/cli.h"
#include "cli/launcher.h"

#include "engine/core/world.h"
#include "engine/evaluation/evaluation.h"
#include "engine/store/runstore.h"
#include "engine/training/sweep.h"
#include "engine/evaluation/runscorer.h"
#include "engine/training/trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

namespace recscope::cli {

using namespace engine;

namespace {

void printEpoch(const EpochRecord &e) {
    std::printf("epoch %lld  train_loss %.4f  valid_loss %.4f  valid NDCG@10 %.4f  HR@10 %.4f", static_cast<long long>(e.epoch),
                e.trainLoss, e.validLoss.value_or(0), e.validNdcg10, e.validHr10);
    if (e.epsilon)
        std::printf("  epsilon %.3f", *e.epsilon);
    std::printf("  (%.1f s)\n", e.seconds);
    std::fflush(stdout);
}

// The JSON summary of a training (train, resume).
Json trainSummary(const TrainResult &r) {
    Json j = {{"run", r.runId}, {"status", nameOf(r.status)}, {"epochs", r.epochs}, {"seconds", r.seconds},
              {"metrics", {{"valid", Json::parse(r.valid.toJson())}, {"test", Json::parse(r.test.toJson())}}}};
    j["best_epoch"] = r.bestEpoch ? Json(*r.bestEpoch) : Json(nullptr);
    if (r.epsilon) {
        j["epsilon"] = *r.epsilon;
        j["delta"] = r.delta;
    }
    if (!r.message.empty())
        j["message"] = r.message;
    return j;
}

// How a training ended, as an exit code.
int exitFor(const TrainResult &r) {
    switch (r.status) {
    case RunStatus::Cancelled: return kCancelled;
    case RunStatus::Failed: return kBadInput;
    case RunStatus::Interrupted: return kFailure; // a process of a data-parallel run stopped
    default: return kOk;
    }
}

// "pop | itemknn | ...": the models there are.
std::string modelChoices() {
    std::string out;
    for (const auto &m : allModels())
        out += (out.empty() ? "" : " | ") + std::string(m.key);
    return out;
}

// One line per training setting, from the settings table: key, range or choices, meaning.
std::string settingsHelp() {
    std::string out;
    for (const auto &s : trainSettings()) {
        std::string range;
        if (s.type == TrainSetting::Type::Choice) {
            for (const auto &c : s.choices)
                range += (range.empty() ? "" : "|") + std::string(c);
        } else if (s.type == TrainSetting::Type::Text) {
            range = "text";
        } else {
            std::ostringstream r;
            if (s.optional)
                r << "none, or above " << s.min << " up to " << s.max;
            else
                r << s.min << ".." << s.max;
            range = r.str();
        }
        out += "  " + std::string(s.key) + " (" + range + "): " + std::string(s.help) + "\n";
    }
    return out;
}

// What train and cv share: where, which model, with which settings.
struct ModelArgs {
    std::string project, dataset, model, name;
    std::vector<std::string> sets;
    bool json = false;
    int nproc = 0;
    std::string traceSteps; // testing: each step's loss, one per line
};

// Testing only: writes each mini-batch step's loss to `file`, one per line, as it is taken.
void traceStepsTo(const std::string &file) {
    if (file.empty())
        return;
    auto out = std::make_shared<std::ofstream>(file);
    if (!*out)
        throw EngineError(ErrorKind::Usage, "--trace-steps: cannot write " + file);
    *out << std::setprecision(17);
    testing::traceSteps([out](double loss) { *out << loss << "\n" << std::flush; });
}

void addNprocOption(CLI::App *cmd, int &nproc) {
    cmd->add_option("--nproc", nproc,
                    "Train with N processes on this machine, one run together (data parallel; sasrec, bert4rec, textrec). "
                    "torchrun or srun start workers on several machines instead: RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT "
                    "(or SLURM_PROCID and SLURM_NTASKS) make this command one of them")
        ->check(CLI::Range(1, 256));
}

// This process's place in a data-parallel run, from the environment (one process when none).
World worldHere() { return worldFromEnvironment().value_or(World{}); }

// Rank 0 writes the run; the other ranks of a data-parallel run read the project and nothing more
// (they wait a minute for rank 0 to upgrade an older project).
std::unique_ptr<Project> openForRank(const std::string &path, const World &world) {
    return world.leader() ? Project::open(path) : Project::openReadOnly(path, std::chrono::minutes(1));
}

// The passphrase --nproc hands to its workers: only one read from a file descriptor (a
// --passphrase-file stays on their command line).
std::string passphraseForWorkers(const Shared &shared) { return shared.passphraseFile.empty() ? shared.passphrase : std::string(); }

void addModelOptions(CLI::App *cmd, ModelArgs &a, const std::string &setsHelp, const std::string &nameHelp) {
    addProjectOption(cmd, a.project);
    cmd->add_option("--dataset", a.dataset, "Dataset name or id")->required();
    cmd->add_option("--model", a.model, modelChoices())->required();
    cmd->add_option("--set", a.sets, setsHelp);
    cmd->add_option("--name", a.name, nameHelp);
}

int runTrain(const ModelArgs &a, const Shared &shared, Progress &progress) {
    if (a.nproc > 1)
        return launchWorkers(a.nproc, shared.argv, passphraseForWorkers(shared));
    const auto config = TrainConfig::parse(a.model, parseSets(a.sets));
    const World world = worldHere();
    traceStepsTo(a.traceSteps);
    auto p = openForRank(a.project, world);
    const auto d = p->requireDataset(a.dataset);
    const auto r = trainRun(*p, d.id, config, a.name.empty() ? a.model + " on " + d.name : a.name, progress, printEpoch, world);
    if (!world.leader()) { // rank 0 reports the run
        if (r.status != RunStatus::Finished && !r.message.empty())
            std::cerr << "recscope-cli (" << world.describe() << "): " << r.message << "\n";
        return exitFor(r);
    }
    if (a.json)
        std::cout << trainSummary(r).dump() << "\n";
    else
        std::cout << "Run " << r.runId << " " << nameOf(r.status) << (r.message.empty() ? "" : ": " + r.message) << "; best epoch "
                  << (r.bestEpoch ? std::to_string(*r.bestEpoch) : "-") << "; test NDCG@10 " << r.test.ndcg10 << ", HR@10 " << r.test.hr10
                  << (r.test.rmse ? "; test RMSE " + std::to_string(*r.test.rmse) + ", MAE " + std::to_string(r.test.mae.value_or(0)) : "")
                  << (r.epsilon ? "; epsilon " + std::to_string(*r.epsilon) + " at delta " + std::to_string(r.delta) : "") << "\n";
    if (r.status == RunStatus::Failed)
        std::cerr << "recscope-cli: " << r.message << "\n";
    return exitFor(r);
}

void addTrain(CLI::App &app, const Shared &shared, Commands &out) {
    auto a = std::make_shared<ModelArgs>();
    auto *cmd = app.add_subcommand("train", "Train a model on a dataset and store the run");
    addModelOptions(cmd, *a, "KEY=VALUE, repeatable; the settings:\n" + settingsHelp(), "Run name (default: model and dataset)");
    addJsonFlag(cmd, a->json, "Last line of stdout: the run summary as JSON");
    addNprocOption(cmd, a->nproc);
    cmd->add_option("--trace-steps", a->traceSteps, "Testing only: each step's loss to FILE")->group("");
    out.push_back({cmd, [a, &shared](Progress &p) { return runTrain(*a, shared, p); }});
}

struct ResumeArgs {
    std::string project, run;
    int epochs = 0;
    bool json = false;
    int nproc = 0;
};

int runResume(const ResumeArgs &a, const Shared &shared, Progress &progress) {
    if (a.nproc > 1)
        return launchWorkers(a.nproc, shared.argv, passphraseForWorkers(shared));
    const World world = worldHere();
    auto p = openForRank(a.project, world);
    RunStore store(*p);
    if (world.leader())
        store.markInterrupted();
    const auto r = resumeRun(*p, store.requireRun(a.run).id, progress, printEpoch, a.epochs > 0 ? std::optional<int>(a.epochs) : std::nullopt,
                             world);
    if (!world.leader())
        return exitFor(r);
    if (a.json)
        std::cout << trainSummary(r).dump() << "\n";
    else
        std::cout << "Run " << r.runId << " " << nameOf(r.status) << "; " << r.epochs << " epochs; test NDCG@10 " << r.test.ndcg10 << "\n";
    return exitFor(r);
}

void addResume(CLI::App &app, const Shared &shared, Commands &out) {
    auto a = std::make_shared<ResumeArgs>();
    auto *cmd = app.add_subcommand("resume", "Continue an interrupted, cancelled or failed run from its last checkpoint (or a finished one, with --epochs)");
    addProjectOption(cmd, a->project);
    cmd->add_option("--run", a->run, "Run name or id")->required();
    cmd->add_option("--epochs", a->epochs, "End the run at this epoch instead (the epochs done: evaluate only)")->check(CLI::PositiveNumber);
    addJsonFlag(cmd, a->json, "Last line of stdout: the run summary as JSON");
    addNprocOption(cmd, a->nproc);
    out.push_back({cmd, [a, &shared](Progress &p) { return runResume(*a, shared, p); }});
}

struct RunsArgs {
    std::string project;
    bool json = false;
};

int runRuns(const RunsArgs &a) {
    auto p = Project::open(a.project);
    RunStore store(*p);
    store.markInterrupted();
    Json all = Json::array();
    for (const auto &r : store.runs()) {
        Json j = {{"id", r.id},
                  {"name", r.name},
                  {"model", r.model},
                  {"dataset_id", r.datasetId},
                  {"status", nameOf(r.status)},
                  {"epochs", r.epochsDone},
                  {"seconds", r.seconds},
                  {"config", Json::parse(r.configJson)},
                  {"metrics", Json::parse(r.metricsJson)}};
        j["best_epoch"] = r.bestEpoch ? Json(*r.bestEpoch) : Json(nullptr);
        all.push_back(j);
        if (!a.json)
            std::cout << r.id << "\t" << r.name << "\t" << r.model << "\t" << nameOf(r.status) << "\t" << r.epochsDone << " epochs\t"
                      << r.metricsJson << "\n";
    }
    if (a.json)
        std::cout << Json{{"runs", all}}.dump() << "\n";
    return kOk;
}

void addRuns(CLI::App &app, Commands &out) {
    auto a = std::make_shared<RunsArgs>();
    auto *cmd = app.add_subcommand("runs", "List the training runs of a project");
    addProjectOption(cmd, a->project);
    addJsonFlag(cmd, a->json);
    out.push_back({cmd, [a](Progress &) { return runRuns(*a); }});
}

struct RecommendArgs {
    std::string project, run, user, without;
    int top = 10;
    bool json = false;
};

int runRecommend(const RecommendArgs &a) {
    auto p = Project::open(a.project);
    const auto r = RunStore(*p).requireRun(a.run);
    const auto users = p->users(r.datasetId);
    const auto userIndex = findUser(users, a.user);
    const auto items = p->items(r.datasetId);
    // --without: the user's history with those items taken out (what-if).
    std::optional<std::vector<std::int64_t>> history;
    Json removed = Json::array();
    if (!a.without.empty()) {
        history.emplace();
        for (const auto &e : p->timeline(r.datasetId, userIndex))
            history->push_back(e.item);
        for (const auto &id : splitList(a.without)) {
            const auto item = findItem(items, id);
            const auto before = history->size();
            history->erase(std::remove(history->begin(), history->end(), item), history->end());
            if (history->size() == before)
                throw EngineError(ErrorKind::Usage, "--without: item " + id + " is not in the history of user " + a.user);
            removed.push_back(items[static_cast<std::size_t>(item)].externalId);
        }
    }
    Json list = Json::array();
    for (const auto &[item, score] : recommend(*p, r.id, userIndex, a.top, history)) {
        const auto &it = items[static_cast<std::size_t>(item)];
        list.push_back({{"item", it.externalId}, {"title", it.title}, {"score", score}});
        if (!a.json)
            std::cout << it.externalId << "\t" << score << "\t" << it.title << "\n";
    }
    if (a.json)
        std::cout << Json{{"run", r.id}, {"user", users[static_cast<std::size_t>(userIndex)].externalId}, {"without", removed},
                          {"recommendations", list}}
                         .dump()
                  << "\n";
    return kOk;
}

void addRecommend(CLI::App &app, Commands &out) {
    auto a = std::make_shared<RecommendArgs>();
    auto *cmd = app.add_subcommand("recommend", "Top-K items for a user from a run");
    addProjectOption(cmd, a->project);
    cmd->add_option("--run", a->run, "Run name or id")->required();
    cmd->add_option("--user", a->user, "User id (as stored) or #index")->required();
    cmd->add_option("--top", a->top, "How many")->capture_default_str();
    cmd->add_option("--without", a->without, "ITEM,ITEM: score the user's history without these items (ids as stored or #index)");
    addJsonFlag(cmd, a->json);
    out.push_back({cmd, [a](Progress &) { return runRecommend(*a); }});
}

struct CvArgs : ModelArgs {
    int folds = 5;
    std::string ks = "5,10,20";
};

int runCv(const CvArgs &a, Progress &progress) {
    const auto config = TrainConfig::parse(a.model, parseSets(a.sets));
    auto p = Project::open(a.project);
    const auto d = p->requireDataset(a.dataset);
    const auto name = a.name.empty() ? a.model + " on " + d.name : a.name;
    const auto cv = crossValidate(*p, d.id, config, name, a.folds, parseKs(a.ks), progress, [&](int fold, const Evaluation &e) {
        if (!a.json)
            std::printf("fold %d of %d: run %lld, %zu held-out users, NDCG@10 %.4f\n", fold + 1, a.folds, static_cast<long long>(e.runId),
                        e.users.size(), e.table.values.count("NDCG@10") ? e.table.values.at("NDCG@10") : NAN);
        std::fflush(stdout);
    });
    Json metrics = Json::object();
    for (const auto &metric : cv.names) {
        Json perFold = Json::array();
        for (const auto &e : cv.folds)
            perFold.push_back(number(e.table.values.at(metric)));
        metrics[metric] = {{"mean", number(cv.mean.at(metric))}, {"sd", number(cv.sd.at(metric))}, {"folds", perFold}};
        if (!a.json)
            std::printf("%-20s %.4f +- %.4f\n", metric.c_str(), cv.mean.at(metric), cv.sd.at(metric));
    }
    if (a.json)
        std::cout << Json{{"folds", a.folds}, {"protocol", "kfold"}, {"runs", cv.runIds}, {"metrics", metrics}}.dump() << "\n";
    return kOk;
}

void addCv(CLI::App &app, Shared &shared, Commands &out) {
    auto a = std::make_shared<CvArgs>();
    auto *cmd = app.add_subcommand("cv", "K-fold cross-validation grouped by user: one run per fold, metrics as mean and spread");
    addModelOptions(cmd, *a, "KEY=VALUE, as for train", "Run name prefix (default: model and dataset)");
    cmd->add_option("--folds", a->folds, "Folds (2-20)")->capture_default_str()->check(CLI::Range(2, 20));
    cmd->add_option("--k", a->ks, "Cut-offs, comma-separated")->capture_default_str();
    addProgressFlag(cmd, shared);
    addJsonFlag(cmd, a->json, "One JSON object on stdout");
    out.push_back({cmd, [a](Progress &p) { return runCv(*a, p); }});
}


struct SweepArgs : ModelArgs {
    std::vector<std::string> vary;
    std::string strategy = "grid";
    int trials = 10, maxRuns = 0, eta = 3, minEpochs = 1;
    double maxMinutes = 0;
    std::uint64_t seed = 1;
    bool halving = false;
};

Json sweepJson(const SweepResult &r) {
    Json trials = Json::array();
    for (const auto &t : r.trials)
        trials.push_back({{"trial", t.index},
                          {"run", t.runId > 0 ? Json(t.runId) : Json(nullptr)},
                          {"settings", t.settings},
                          {"status", nameOf(t.status)},
                          {"epochs", t.epochs},
                          {"valid_ndcg10", number(t.validNdcg10)},
                          {"test_ndcg10", number(t.testNdcg10)},
                          {"seconds", t.seconds},
                          {"stopped_early", t.stoppedEarly}});
    return {{"sweep", r.sweepId},
            {"name", r.request.name},
            {"model", r.request.model},
            {"strategy", nameOf(r.request.strategy)},
            {"halving", r.request.halving},
            {"status", r.status},
            {"stopped", r.stopped.empty() ? Json(nullptr) : Json(r.stopped)},
            {"seconds", r.seconds},
            {"best", r.best >= 0 ? Json(r.trials[static_cast<std::size_t>(r.best)].index) : Json(nullptr)},
            {"trials", trials}};
}

int runSweepCommand(const SweepArgs &a, Progress &progress) {
    SweepRequest request;
    request.model = a.model;
    request.fixed = parseSets(a.sets);
    for (const auto &spec : a.vary)
        request.dimensions.push_back(SweepDimension::parse(spec));
    request.strategy = a.strategy == "random" ? SweepStrategy::Random : SweepStrategy::Grid;
    request.trials = a.trials;
    request.seed = a.seed;
    request.maxRuns = a.maxRuns;
    request.maxSeconds = 60 * a.maxMinutes;
    request.halving = a.halving;
    request.eta = a.eta;
    request.minEpochs = a.minEpochs;
    auto p = Project::open(a.project);
    const auto d = p->requireDataset(a.dataset);
    request.name = a.name.empty() ? a.model + " sweep on " + d.name : a.name;
    const auto r = runSweep(*p, d.id, request, progress, [&](const SweepTrial &t) {
        if (a.json)
            return;
        std::string settings;
        for (const auto &[k, v] : t.settings)
            settings += (settings.empty() ? "" : " ") + k + "=" + v;
        std::printf("trial %d (run %lld) %s: %lld epochs, valid NDCG@10 %.4f, test %.4f  [%s]\n", t.index, static_cast<long long>(t.runId),
                    std::string(nameOf(t.status)).c_str(), static_cast<long long>(t.epochs), t.validNdcg10, t.testNdcg10, settings.c_str());
        std::fflush(stdout);
    });
    if (a.json) {
        std::cout << sweepJson(r).dump() << "\n";
    } else {
        if (!r.stopped.empty())
            std::printf("%s\n", r.stopped.c_str());
        if (r.best >= 0) {
            const auto &b = r.trials[static_cast<std::size_t>(r.best)];
            std::printf("sweep %lld %s in %.1f s; best: trial %d (run %lld), valid NDCG@10 %.4f, test %.4f\n", static_cast<long long>(r.sweepId),
                        r.status.c_str(), r.seconds, b.index, static_cast<long long>(b.runId), b.validNdcg10, b.testNdcg10);
        }
    }
    return r.status == "cancelled" ? kCancelled : kOk;
}

void addSweep(CLI::App &app, Shared &shared, Commands &out) {
    auto a = std::make_shared<SweepArgs>();
    auto *cmd = app.add_subcommand("sweep", "Hyperparameter sweep: train one run per trial over the settings given with --vary "
                                            "(grid or random), within a budget, optionally with successive halving");
    addModelOptions(cmd, *a, "KEY=VALUE every trial shares (epochs: each trial's full length), as for train",
                    "Sweep name (trials are NAME #k; default: model and dataset)");
    cmd->add_option("--vary", a->vary, "KEY=V1,V2,... (values) or KEY=LO..HI[:log] (a range, --strategy random); repeatable")->required();
    cmd->add_option("--strategy", a->strategy, "grid (every combination) | random (--trials draws)")
        ->check(CLI::IsMember({"grid", "random"}))
        ->capture_default_str();
    cmd->add_option("--trials", a->trials, "Random draws")->capture_default_str();
    cmd->add_option("--seed", a->seed, "Seed of the random draws")->capture_default_str();
    cmd->add_option("--max-runs", a->maxRuns, "Budget: trials started at most (0: all)")->capture_default_str();
    cmd->add_option("--max-minutes", a->maxMinutes, "Budget: no trial starts after this many minutes (0: no limit)")->capture_default_str();
    cmd->add_flag("--halving", a->halving, "Successive halving: every trial trains --min-epochs, the best 1/eta carry on to eta times more");
    cmd->add_option("--eta", a->eta, "Halving: keep the best 1/eta at each rung")->capture_default_str()->check(CLI::Range(2, 10));
    cmd->add_option("--min-epochs", a->minEpochs, "Halving: epochs of the first rung")->capture_default_str()->check(CLI::PositiveNumber);
    addProgressFlag(cmd, shared);
    addJsonFlag(cmd, a->json, "One JSON object on stdout: the sweep and its trials");
    out.push_back({cmd, [a](Progress &p) { return runSweepCommand(*a, p); }});
}

} // namespace

void addRunCommands(CLI::App &app, Shared &shared, Commands &out) {
    addTrain(app, shared, out);
    addResume(app, shared, out);
    addRuns(app, out);
    addRecommend(app, out);
    addCv(app, shared, out);
    addSweep(app, shared, out);
}

} // namespace recscope::cli
