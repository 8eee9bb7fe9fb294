// SPDX-License-Identifier: GPL-3.0-or-later
// Training runs: train, resume, runs, recommend, cv.
#include "cli/cli.h"

#include "engine/evaluation/evaluation.h"
#include "engine/store/runstore.h"
#include "engine/training/trainer.h"

#include <cstdio>
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
        } else {
            std::ostringstream r;
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
};

void addModelOptions(CLI::App *cmd, ModelArgs &a, const std::string &setsHelp, const std::string &nameHelp) {
    addProjectOption(cmd, a.project);
    cmd->add_option("--dataset", a.dataset, "Dataset name or id")->required();
    cmd->add_option("--model", a.model, modelChoices())->required();
    cmd->add_option("--set", a.sets, setsHelp);
    cmd->add_option("--name", a.name, nameHelp);
}

int runTrain(const ModelArgs &a, Progress &progress) {
    const auto config = TrainConfig::parse(a.model, parseSets(a.sets));
    auto p = Project::open(a.project);
    const auto d = p->requireDataset(a.dataset);
    const auto r = trainRun(*p, d.id, config, a.name.empty() ? a.model + " on " + d.name : a.name, progress, printEpoch);
    if (a.json)
        std::cout << trainSummary(r).dump() << "\n";
    else
        std::cout << "Run " << r.runId << " " << nameOf(r.status) << (r.message.empty() ? "" : ": " + r.message) << "; best epoch "
                  << (r.bestEpoch ? std::to_string(*r.bestEpoch) : "-") << "; test NDCG@10 " << r.test.ndcg10 << ", HR@10 " << r.test.hr10
                  << (r.epsilon ? "; epsilon " + std::to_string(*r.epsilon) + " at delta " + std::to_string(r.delta) : "") << "\n";
    if (r.status == RunStatus::Failed)
        std::cerr << "recscope-cli: " << r.message << "\n";
    return exitFor(r);
}

void addTrain(CLI::App &app, Commands &out) {
    auto a = std::make_shared<ModelArgs>();
    auto *cmd = app.add_subcommand("train", "Train a model on a dataset and store the run");
    addModelOptions(cmd, *a, "KEY=VALUE, repeatable; the settings:\n" + settingsHelp(), "Run name (default: model and dataset)");
    addJsonFlag(cmd, a->json, "Last line of stdout: the run summary as JSON");
    out.push_back({cmd, [a](Progress &p) { return runTrain(*a, p); }});
}

struct ResumeArgs {
    std::string project, run;
    int epochs = 0;
    bool json = false;
};

int runResume(const ResumeArgs &a, Progress &progress) {
    auto p = Project::open(a.project);
    RunStore store(*p);
    store.markInterrupted();
    const auto r = resumeRun(*p, store.requireRun(a.run).id, progress, printEpoch, a.epochs > 0 ? std::optional<int>(a.epochs) : std::nullopt);
    if (a.json)
        std::cout << trainSummary(r).dump() << "\n";
    else
        std::cout << "Run " << r.runId << " " << nameOf(r.status) << "; " << r.epochs << " epochs; test NDCG@10 " << r.test.ndcg10 << "\n";
    return exitFor(r);
}

void addResume(CLI::App &app, Commands &out) {
    auto a = std::make_shared<ResumeArgs>();
    auto *cmd = app.add_subcommand("resume", "Continue an interrupted, cancelled or failed run from its last checkpoint (or a finished one, with --epochs)");
    addProjectOption(cmd, a->project);
    cmd->add_option("--run", a->run, "Run name or id")->required();
    cmd->add_option("--epochs", a->epochs, "End the run at this epoch instead (the epochs done: evaluate only)")->check(CLI::PositiveNumber);
    addJsonFlag(cmd, a->json, "Last line of stdout: the run summary as JSON");
    out.push_back({cmd, [a](Progress &p) { return runResume(*a, p); }});
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
    std::string project, run, user;
    int top = 10;
    bool json = false;
};

int runRecommend(const RecommendArgs &a) {
    auto p = Project::open(a.project);
    const auto r = RunStore(*p).requireRun(a.run);
    const auto users = p->users(r.datasetId);
    const auto userIndex = findUser(users, a.user);
    const auto items = p->items(r.datasetId);
    Json list = Json::array();
    for (const auto &[item, score] : recommend(*p, r.id, userIndex, a.top)) {
        const auto &it = items[static_cast<std::size_t>(item)];
        list.push_back({{"item", it.externalId}, {"title", it.title}, {"score", score}});
        if (!a.json)
            std::cout << it.externalId << "\t" << score << "\t" << it.title << "\n";
    }
    if (a.json)
        std::cout << Json{{"run", r.id}, {"user", users[static_cast<std::size_t>(userIndex)].externalId}, {"recommendations", list}}.dump()
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

} // namespace

void addRunCommands(CLI::App &app, Shared &shared, Commands &out) {
    addTrain(app, out);
    addResume(app, out);
    addRuns(app, out);
    addRecommend(app, out);
    addCv(app, shared, out);
}

} // namespace recscope::cli
