// SPDX-License-Identifier: GPL-3.0-or-later
// recscope-cli: the headless front end to the engine, for scripts, benchmarks and CI.
#include "engine/data/datasetstats.h"
#include "engine/data/demogenerator.h"
#include "engine/efficiency/efficiency.h"
#include "engine/core/errors.h"
#include "engine/evaluation/evaluation.h"
#include "engine/evaluation/runcomparison.h"
#include "engine/explain/explain.h"
#include "engine/explain/explainreview.h"
#include "engine/data/importer.h"
#include "engine/privacy/privacy.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/core/runtime.h"
#include "engine/training/trainer.h"
#include "widgets/explain/explanationreport.h"
#include "widgets/review/reviewreport.h"

#include <CLI/CLI.hpp>
#include <QApplication>
#include <nlohmann/json.hpp>

#include <chrono>
#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <thread>

using namespace recscope::engine;
using Json = nlohmann::json;

namespace {

// Exit codes promised to scripts.
enum Exit { kOk = 0, kFailure = 1, kUsage = 2, kBadInput = 3, kProjectError = 4, kCancelled = 130 };

CallbackProgress *g_progress = nullptr;

extern "C" void onSignal(int) {
    if (g_progress)
        g_progress->cancel();
}

// Prints "progress 0.42 stage" lines to stderr at most ten times a second, when asked.
// `stallAt` (a hidden option for crash tests) announces a stage and then hangs inside it, so a
// test can kill the process at a known point of an open transaction.
CallbackProgress makeProgress(bool show, std::string stallAt) {
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return CallbackProgress([show, last, stallAt](double f, std::string_view stage) {
        if (!stallAt.empty() && stage.rfind(stallAt, 0) == 0) {
            std::fprintf(stderr, "stalled in %.*s\n", static_cast<int>(stage.size()), stage.data());
            std::fflush(stderr);
            for (;;)
                std::this_thread::sleep_for(std::chrono::seconds(1));
        }
        if (!show)
            return;
        const auto now = std::chrono::steady_clock::now();
        if (now - *last < std::chrono::milliseconds(100) && f < 1.0)
            return;
        *last = now;
        std::fprintf(stderr, "progress %.3f %.*s\n", f, static_cast<int>(stage.size()), stage.data());
        std::fflush(stderr);
    });
}

int exitCodeFor(const EngineError &e) {
    switch (e.kind()) {
    case ErrorKind::Usage: return kUsage;
    case ErrorKind::BadInput: return kBadInput;
    case ErrorKind::Project: return kProjectError;
    case ErrorKind::Cancelled: return kCancelled;
    case ErrorKind::Io: return kFailure;
    }
    return kFailure;
}

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
    Json j = {{"run", r.runId}, {"status", r.status}, {"epochs", r.epochs}, {"seconds", r.seconds},
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

Json datasetJson(const DatasetInfo &d) {
    return {{"id", d.id}, {"name", d.name}, {"format", d.format}, {"source", d.source}, {"created_at", d.createdAt},
            {"users", d.users}, {"items", d.items}, {"interactions", d.interactions},
            {"pseudonymized", d.pseudonymized}, {"has_ratings", d.hasRatings}, {"has_timestamps", d.hasTimestamps},
            {"fingerprint", d.fingerprint}};
}

std::vector<std::string> splitList(const std::string &text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(',', start), text.size());
        if (end > start)
            out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::map<std::string, std::string> parseSets(const std::vector<std::string> &sets) {
    std::map<std::string, std::string> values;
    for (const auto &kv : sets) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            throw EngineError(ErrorKind::Usage, "--set takes KEY=VALUE, not '" + kv + "'");
        values[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    return values;
}

std::vector<int> parseKs(const std::string &text) {
    std::vector<int> ks;
    for (const auto &part : splitList(text)) {
        const auto k = parseId(part);
        if (!k)
            throw EngineError(ErrorKind::Usage, "--k: '" + part + "' is not a whole number");
        ks.push_back(static_cast<int>(*k));
    }
    return ks;
}

// A user or item named by its stored id or by "#index".
template <typename Record>
std::int64_t findByRef(const std::vector<Record> &records, const std::string &ref, const char *what) {
    std::int64_t index = -1;
    if (!ref.empty() && ref[0] == '#')
        index = parseId(ref.substr(1)).value_or(-1);
    for (const auto &r : records)
        if (r.externalId == ref)
            index = r.index;
    if (index < 0 || index >= static_cast<std::int64_t>(records.size()))
        throw EngineError(ErrorKind::Usage, std::string("no ") + what + " '" + ref + "' in the run's dataset");
    return index;
}
std::int64_t findUser(const std::vector<UserRecord> &users, const std::string &ref) { return findByRef(users, ref, "user"); }
std::int64_t findItem(const std::vector<ItemRecord> &items, const std::string &ref) { return findByRef(items, ref, "item"); }

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// Reports are .html, .htm or .pdf; checked before any work is done.
bool reportSuffixOk(const std::string &file) {
    const auto dot = file.find_last_of('.');
    std::string suffix = dot == std::string::npos ? std::string() : file.substr(dot);
    std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return suffix == ".html" || suffix == ".htm" || suffix == ".pdf";
}

void printReview(Project &p, const RunInfo &run, const Review &review, bool json, const std::string &report) {
    const auto items = p.items(run.datasetId);
    const auto users = p.users(run.datasetId);
    auto column = [&](double ReviewCase::*field) {
        std::vector<double> v;
        for (const auto &c : review.cases)
            v.push_back(c.*field);
        return v;
    };
    const double deletion = finiteMedian(column(&ReviewCase::deletionArea)), insertion = finiteMedian(column(&ReviewCase::insertionArea));
    const double deletionRandom = finiteMedian(column(&ReviewCase::deletionRandom));
    const double insertionRandom = finiteMedian(column(&ReviewCase::insertionRandom));
    const double agreement = finiteMedian(column(&ReviewCase::attentionAgreement));
    if (json) {
        Json cases = Json::array(), credited = Json::array(), groups = Json::array();
        for (const auto &c : review.cases)
            cases.push_back({{"user", users[static_cast<std::size_t>(c.user)].externalId},
                             {"item", items[static_cast<std::size_t>(c.item)].externalId},
                             {"first_item", c.firstItem >= 0 ? Json(items[static_cast<std::size_t>(c.firstItem)].externalId) : Json(nullptr)},
                             {"newest_first", c.newestFirst},
                             {"deletion_area", number(c.deletionArea)},
                             {"insertion_area", number(c.insertionArea)},
                             {"deletion_area_random", number(c.deletionRandom)},
                             {"insertion_area_random", number(c.insertionRandom)},
                             {"attention_agreement", number(c.attentionAgreement)},
                             {"additivity_gap", number(c.additivityGap)}});
        for (const auto &c : review.items)
            credited.push_back({{"item", items[static_cast<std::size_t>(c.item)].externalId}, {"title", items[static_cast<std::size_t>(c.item)].title},
                                {"first", c.first}, {"positive", c.positive}});
        for (const auto &c : review.categories)
            groups.push_back({{"category", c.name}, {"first", c.first}, {"positive", c.positive}});
        std::cout << Json{{"run", run.id}, {"users", review.cases.size()}, {"method", review.method}, {"masking", review.masking},
                          {"value", review.value}, {"seconds", review.seconds}, {"newest_first_share", number(review.newestFirstShare)},
                          {"beats_random_share", number(review.beatsRandomShare)},
                          {"median", {{"deletion_area", number(deletion)}, {"insertion_area", number(insertion)},
                                      {"deletion_area_random", number(deletionRandom)}, {"insertion_area_random", number(insertionRandom)},
                                      {"attention_agreement", number(agreement)}}},
                          {"credited_items", credited}, {"credited_categories", groups}, {"cases", cases},
                          {"report", report.empty() ? Json(nullptr) : Json(report)}}
                         .dump()
                  << "\n";
        return;
    }
    std::printf("%zu users' top recommendations explained (%s, masking %s, value %s) in %.1f s\n", review.cases.size(),
                review.method.c_str(), review.masking.c_str(), review.value.c_str(), review.seconds);
    std::printf("median deletion area %.3f (random orders %.3f), insertion area %.3f (random %.3f); %.0f%% beat random orders on both\n",
                deletion, deletionRandom, insertion, insertionRandom, 100 * review.beatsRandomShare);
    std::printf("newest item credited most in %.0f%%; attention rollout agreement (Spearman, median) %.2f\n", 100 * review.newestFirstShare,
                agreement);
    std::printf("most often credited first:\n");
    for (const auto &c : review.items)
        std::printf("  %4d  %s\n", c.first, items[static_cast<std::size_t>(c.item)].title.c_str());
    if (!review.categories.empty()) {
        std::printf("their categories:\n");
        for (const auto &c : review.categories)
            std::printf("  %4d  %s\n", c.first, c.name.c_str());
    }
}

Json faithfulnessJson(const Faithfulness &f) {
    return {{"deletion", f.deletion},
            {"insertion", f.insertion},
            {"deletion_rank", f.deletionRank},
            {"insertion_rank", f.insertionRank},
            {"deletion_area", number(f.deletionArea)},
            {"insertion_area", number(f.insertionArea)},
            {"deletion_area_random", number(f.deletionRandom)},
            {"insertion_area_random", number(f.insertionRandom)},
            {"attention_agreement", number(f.attentionAgreement)},
            {"evaluations", f.evaluations}};
}

Json evaluationJson(const Evaluation &e) {
    Json metrics = Json::object();
    for (const auto &name : e.table.names)
        metrics[name] = number(e.table.values.at(name));
    return {{"evaluation", e.id}, {"run", e.runId}, {"run_name", e.runName}, {"model", e.model},
            {"protocol", e.protocol}, {"k", e.ks}, {"seed", e.seed}, {"dataset_fingerprint", e.datasetFingerprint},
            {"users", e.users.size()}, {"seconds", e.seconds}, {"created_at", e.createdAt},
            {"metrics", metrics}, {"notes", e.table.notes}};
}

Json comparisonJson(const Comparison &c) {
    Json runs = Json::array();
    for (const auto &e : c.evaluations)
        runs.push_back({{"run", e.runId}, {"name", e.runName}, {"model", e.model}, {"protocol", e.protocol},
                        {"k", e.ks}, {"seed", e.seed}, {"evaluation", e.id}});
    auto pairs = [](const std::vector<std::pair<double, double>> &v) {
        Json out = Json::array();
        for (const auto &[lo, hi] : v)
            out.push_back(std::isfinite(lo) ? Json::array({lo, hi}) : Json(nullptr));
        return out;
    };
    auto numbers = [](const std::vector<double> &v) {
        Json out = Json::array();
        for (double x : v)
            out.push_back(number(x));
        return out;
    };
    Json metrics = Json::object();
    for (const auto &m : c.metrics)
        metrics[m.metric] = {{"values", numbers(m.values)}, {"ci95", pairs(m.interval)},
                             {"difference", numbers(m.difference)}, {"difference_ci95", pairs(m.differenceInterval)},
                             {"p_ttest", numbers(m.tTestP)}, {"p_wilcoxon", numbers(m.wilcoxonP)},
                             {"higher_is_better", higherIsBetter(m.metric)}};
    return {{"runs", runs}, {"baseline", c.evaluations.front().runName}, {"metrics", metrics}, {"warnings", c.warnings}};
}

// * p < 0.05, ** p < 0.01, *** p < 0.001 (paired t-test against the first run).
std::string stars(double p) {
    if (!std::isfinite(p))
        return "";
    return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : "";
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

void printComparison(const Comparison &c) {
    std::printf("%-20s", "metric");
    for (const auto &e : c.evaluations)
        std::printf(" %18s", e.runName.substr(0, 18).c_str());
    std::printf("\n");
    for (const auto &m : c.metrics) {
        std::printf("%-20s", m.metric.c_str());
        for (std::size_t r = 0; r < m.values.size(); ++r) {
            char cell[64];
            std::snprintf(cell, sizeof cell, "%.4f%s", m.values[r], stars(m.tTestP[r]).c_str());
            std::printf(" %18s", cell);
        }
        std::printf("\n");
    }
    std::printf("Protocol %s; * p < 0.05, ** p < 0.01, *** p < 0.001 (paired t-test against '%s', same users)\n",
                c.evaluations.front().protocol.c_str(), c.evaluations.front().runName.c_str());
    for (const auto &w : c.warnings)
        std::printf("warning: %s\n", w.c_str());
}

} // namespace

int main(int argc, char **argv) {
    recscope::engine::keepLargeAllocations();
    CLI::App app{"RecScope command line: import datasets and inspect projects headlessly.", "recscope-cli"};
    app.set_version_flag("--version", std::string("recscope-cli " RECSCOPE_VERSION " (") + engineVersions() + ")");
    app.require_subcommand(1);
    int threads = 0;
    app.add_option("--threads", threads, "Torch intra-op threads (0 = all cores)")->capture_default_str();

    // import
    auto *imp = app.add_subcommand("import", "Import a dataset into a project (created if missing)");
    std::string project, format, name, items, users, map, onError = "stop", duplicates = "keep-all", path, encoding = "auto";
    double minRating = 0;
    int kcore = 0;
    bool pseudonymize = false, progress = false, json = false;
    imp->add_option("--project", project, "Project file (.recscope)")->required();
    imp->add_option("--format", format, "movielens-100k | movielens-1m | sasrec | recbole | amazon-jsonl | csv")
        ->required()->check(CLI::IsMember(importFormats()));
    imp->add_option("--name", name, "Dataset name (default: from the path)");
    imp->add_option("--items", items, "Item table: titles, categories, text");
    imp->add_option("--users", users, "User table");
    imp->add_option("--map", map, "Column roles: user=COL,item=COL,rating=COL,time=COL,order=COL,title=COL,categories=COL,text=COL");
    auto *minOpt = imp->add_option("--min-rating", minRating, "Keep ratings >= R as implicit feedback");
    imp->add_option("--kcore", kcore, "Keep the k-core: users and items with >= K interactions");
    imp->add_option("--duplicates", duplicates, "keep-all | keep-first | keep-last")
        ->check(CLI::IsMember({"keep-all", "keep-first", "keep-last"}))->capture_default_str();
    imp->add_flag("--pseudonymize", pseudonymize, "Store keyed hashes instead of user ids");
    imp->add_option("--on-error", onError, "stop | skip (skip lists the skipped lines)")
        ->check(CLI::IsMember({"stop", "skip"}))->capture_default_str();
    imp->add_option("--encoding", encoding, "auto | utf-8 | latin-1")->check(CLI::IsMember({"auto", "utf-8", "latin-1"}));
    imp->add_flag("--progress", progress, "Print progress lines to stderr");
    std::string stallAt;
    imp->add_option("--stall-at", stallAt, "Testing only: hang when this stage starts")->group("");
    imp->add_flag("--json", json, "Print the import report as JSON");
    imp->add_option("PATH", path, "Interactions file, or the dataset folder")->required();

    // info
    auto *info = app.add_subcommand("info", "List the datasets of a project");
    info->add_option("--project", project, "Project file")->required();
    info->add_flag("--json", json, "JSON on stdout");

    // stats
    auto *stats = app.add_subcommand("stats", "Shape and data-quality report of one dataset");
    std::string dataset;
    int k = 5;
    stats->add_option("--project", project, "Project file")->required();
    stats->add_option("--dataset", dataset, "Dataset name or id")->required();
    stats->add_option("--k", k, "k for the k-core check")->capture_default_str();
    stats->add_flag("--json", json, "JSON on stdout");

    // anonymity
    auto *anonymity = app.add_subcommand("anonymity", "k-anonymity of a dataset's user table through its quasi-identifiers, as stored and generalised");
    std::string columnsText;
    anonymity->add_option("--project", project, "Project file")->required();
    anonymity->add_option("--dataset", dataset, "Dataset name or id")->required();
    anonymity->add_option("--columns", columnsText, "Quasi-identifier columns, comma-separated (default: every stored attribute)");
    anonymity->add_flag("--json", json, "JSON on stdout");

    // demo
    auto *demo = app.add_subcommand("demo", "Write the demo project (synthetic data with planted rules)");
    std::uint64_t seed = DemoOptions{}.seed;
    demo->add_option("--project", project, "Project file")->required();
    demo->add_option("--seed", seed, "Random seed")->capture_default_str();

    std::string runRef;

    // train
    auto *train = app.add_subcommand("train", "Train a model on a dataset and store the run");
    std::string model, runName;
    std::vector<std::string> sets;
    train->add_option("--project", project, "Project file")->required();
    train->add_option("--dataset", dataset, "Dataset name or id")->required();
    train->add_option("--model", model, modelChoices())->required();
    train->add_option("--set", sets, "KEY=VALUE, repeatable; the settings:\n" + settingsHelp());
    train->add_option("--name", runName, "Run name (default: model and dataset)");
    train->add_flag("--json", json, "Last line of stdout: the run summary as JSON");

    // resume
    auto *resumeCmd = app.add_subcommand("resume", "Continue an interrupted, cancelled or failed run from its last checkpoint (or a finished one, with --epochs)");
    resumeCmd->add_option("--project", project, "Project file")->required();
    resumeCmd->add_option("--run", runRef, "Run name or id")->required();
    int resumeEpochs = 0;
    resumeCmd->add_option("--epochs", resumeEpochs, "End the run at this epoch instead (the epochs done: evaluate only)")
        ->check(CLI::PositiveNumber);
    resumeCmd->add_flag("--json", json, "Last line of stdout: the run summary as JSON");

    // runs
    auto *runsCmd = app.add_subcommand("runs", "List the training runs of a project");
    runsCmd->add_option("--project", project, "Project file")->required();
    runsCmd->add_flag("--json", json, "JSON on stdout");

    // recommend
    auto *rec = app.add_subcommand("recommend", "Top-K items for a user from a run");
    std::string userRef;
    int top = 10;
    rec->add_option("--project", project, "Project file")->required();
    rec->add_option("--run", runRef, "Run name or id")->required();
    rec->add_option("--user", userRef, "User id (as stored) or #index")->required();
    rec->add_option("--top", top, "How many")->capture_default_str();
    rec->add_flag("--json", json, "JSON on stdout");

    // evaluate, compare
    auto *evalCmd = app.add_subcommand("evaluate", "Evaluate a run's best checkpoint under a protocol and store the result");
    auto *compareCmd = app.add_subcommand("compare", "Metrics of several runs side by side, with significance tests against the first");
    std::string protocol = "loo-full", ksText = "5,10,20", runsText;
    std::uint64_t evalSeed = EvaluationOptions{}.seed;
    bool fresh = false;
    for (auto *cmd : {evalCmd, compareCmd}) {
        cmd->add_option("--project", project, "Project file")->required();
        cmd->add_option("--protocol", protocol,
                        "loo-full | loo-sampled-uniform-N | loo-sampled-popular-N (cold-... for cold-start runs)")
            ->capture_default_str();
        cmd->add_option("--k", ksText, "Cut-offs, comma-separated")->capture_default_str();
        cmd->add_option("--seed", evalSeed, "Seed of the sampled negatives")->capture_default_str();
        cmd->add_flag("--progress", progress, "Print progress lines to stderr");
        cmd->add_flag("--json", json, "One JSON object on stdout");
    }
    evalCmd->add_option("--run", runRef, "Run name or id")->required();

    // explain
    auto *explainCmd = app.add_subcommand("explain", "Why a run recommends an item to a user: attributions over the user's history");
    std::string itemRef, versusRef;
    ExplainOptions explainWith; // the choices explain and report share
    auto addExplainOptions = [&](CLI::App *cmd) {
        cmd->add_option("--method", explainWith.method, "auto | exact | kernelshap | permutation | attention")
            ->check(CLI::IsMember({"auto", "exact", "kernelshap", "permutation", "attention"}))->capture_default_str();
        cmd->add_option("--samples", explainWith.samples, "Coalitions to evaluate (KernelSHAP or permutation sampling)")->capture_default_str();
        cmd->add_option("--masking", explainWith.masking, "pad (leave a gap where an absent item was) | remove (take absent items out)")
            ->check(CLI::IsMember({"remove", "pad"}))->capture_default_str();
        cmd->add_option("--players", explainWith.players, "history (the history's items) | text (the words of the item's text; text model)")
            ->check(CLI::IsMember({"history", "text"}))->capture_default_str();
        cmd->add_option("--value", explainWith.value,
                        "What is explained: auto | margin (score minus the best other item's: the ranking) | logit (the raw score) | "
                        "probability (log softmax over the catalog); auto is margin, or logit for --versus and text players")
            ->check(CLI::IsMember({"auto", "margin", "logit", "probability"}))->capture_default_str();
        cmd->add_option("--random-orders", explainWith.randomOrders, "Random orders for the deletion and insertion curves' baseline")
            ->capture_default_str();
        cmd->add_flag("!--no-faithfulness", explainWith.faithfulness, "Skip the deletion and insertion curves");
        cmd->add_option("--seed", explainWith.seed, "Sampling seed")->capture_default_str();
    };
    explainCmd->add_option("--project", project, "Project file")->required();
    explainCmd->add_option("--run", runRef, "Run name or id")->required();
    explainCmd->add_option("--user", userRef, "User id (as stored) or #index")->required();
    explainCmd->add_option("--item", itemRef, "Item id (as stored) or #index")->required();
    explainCmd->add_option("--versus", versusRef, "Explain the score difference to this item (why ITEM above VERSUS)");
    addExplainOptions(explainCmd);
    explainCmd->add_option("--window", explainWith.window, "Explain only the last N history items (older ones stay as context)");
    explainCmd->add_flag("--progress", progress, "Print progress lines to stderr");
    explainCmd->add_flag("--json", json, "One JSON object on stdout");

    // profile
    auto *profileCmd = app.add_subcommand("profile", "What a run costs to use: parameters, size, FLOPs per user, latency (p50, p95) and throughput; stored with the run");
    int repeats = 100;
    profileCmd->add_option("--project", project, "Project file")->required();
    profileCmd->add_option("--run", runRef, "Run name or id")->required();
    profileCmd->add_option("--repeats", repeats, "Single-user calls timed for the latency")->capture_default_str();
    profileCmd->add_flag("--json", json, "JSON on stdout");

    // audit
    // review
    auto *reviewCmd = app.add_subcommand("review", "Explainability review: explain many users' top recommendations and summarise "
                                                   "faithfulness, credited items and attention agreement");
    std::string reviewUsers = "100";
    ReviewOptions reviewWith;
    reviewCmd->add_option("--project", project, "Project file")->required();
    reviewCmd->add_option("--run", runRef, "Run name or id")->required();
    reviewCmd->add_option("--users", reviewUsers, "Users to sample, or all")->capture_default_str();
    reviewCmd->add_option("--seed", reviewWith.seed, "Which users are sampled")->capture_default_str();
    reviewCmd->add_option("--window", reviewWith.explain.window, "Explain the last N history items (older ones stay as context)")
        ->capture_default_str();
    reviewCmd->add_option("--method", reviewWith.explain.method, "auto | exact | kernelshap | permutation")
        ->check(CLI::IsMember({"auto", "exact", "kernelshap", "permutation"}))->capture_default_str();
    reviewCmd->add_option("--masking", reviewWith.explain.masking, "remove | pad")->check(CLI::IsMember({"remove", "pad"}))->capture_default_str();
    reviewCmd->add_option("--value", reviewWith.explain.value, "auto | margin | logit | probability")
        ->check(CLI::IsMember({"auto", "margin", "logit", "probability"}))->capture_default_str();
    reviewCmd->add_option("--samples", reviewWith.explain.samples, "Coalitions per explanation (KernelSHAP or permutation)")->capture_default_str();
    std::string reviewReport;
    reviewCmd->add_option("--report", reviewReport, "Also write the review report: .html (standalone, plots inline) or .pdf");
    reviewCmd->add_flag("--progress", progress, "Print progress lines to stderr");
    reviewCmd->add_flag("--json", json, "One JSON object on stdout");

    auto *auditCmd = app.add_subcommand("audit", "Membership-inference audit of a k-fold run: can a loss threshold tell trained users from held-out ones?");
    auditCmd->add_option("--project", project, "Project file")->required();
    auditCmd->add_option("--run", runRef, "Run name or id (trained with --set split=kfold)")->required();
    auditCmd->add_flag("--json", json, "JSON on stdout");

    // compress
    auto *compressCmd = app.add_subcommand("compress", "A compressed copy of a run as a new run (int8 weights, or pruned), to evaluate and compare like any run");
    std::string quantize, pruneBy = "magnitude";
    double prune = 0;
    compressCmd->add_option("--project", project, "Project file")->required();
    compressCmd->add_option("--run", runRef, "Run name or id")->required();
    auto *quantizeOpt = compressCmd->add_option("--quantize", quantize, "int8: every weight matrix per row in int8 with a float scale")
                            ->check(CLI::IsMember({"int8"}));
    auto *pruneOpt = compressCmd->add_option("--prune", prune, "Share to prune, e.g. 0.5: of all weights by magnitude, or of the attention heads (--by head)")
                         ->check(CLI::Range(0.0, 1.0));
    quantizeOpt->excludes(pruneOpt);
    compressCmd->add_option("--by", pruneBy, "magnitude (global, unstructured) | head (whole attention heads)")
        ->check(CLI::IsMember({"magnitude", "head"}))->capture_default_str();
    compressCmd->add_flag("--json", json, "JSON on stdout");

    // report
    auto *reportCmd = app.add_subcommand("report", "Explanation report for reviewers (HTML or PDF): a user's top list and why the top item (or --item) is there");
    std::string outFile;
    int reportK = 10;
    reportCmd->add_option("--project", project, "Project file")->required();
    reportCmd->add_option("--run", runRef, "Run name or id")->required();
    reportCmd->add_option("--user", userRef, "User id (as stored) or #index")->required();
    reportCmd->add_option("--item", itemRef, "Item id (as stored) or #index to explain (default: the top recommendation)");
    reportCmd->add_option("--out", outFile, "Report file: .html (standalone, images inline) or .pdf")->required();
    addExplainOptions(reportCmd);
    reportCmd->add_option("-k", reportK, "Recommendations listed")->capture_default_str();
    reportCmd->add_flag("--progress", progress, "Print progress lines to stderr");
    reportCmd->add_flag("--json", json, "One JSON object on stdout");

    // cv
    auto *cvCmd = app.add_subcommand("cv", "K-fold cross-validation grouped by user: one run per fold, metrics as mean and spread");
    int folds = 5;
    cvCmd->add_option("--project", project, "Project file")->required();
    cvCmd->add_option("--dataset", dataset, "Dataset name or id")->required();
    cvCmd->add_option("--model", model, modelChoices())->required();
    cvCmd->add_option("--set", sets, "KEY=VALUE, as for train");
    cvCmd->add_option("--folds", folds, "Folds (2-20)")->capture_default_str()->check(CLI::Range(2, 20));
    cvCmd->add_option("--k", ksText, "Cut-offs, comma-separated")->capture_default_str();
    cvCmd->add_option("--name", runName, "Run name prefix (default: model and dataset)");
    cvCmd->add_flag("--progress", progress, "Print progress lines to stderr");
    cvCmd->add_flag("--json", json, "One JSON object on stdout");
    compareCmd->add_option("--runs", runsText, "Run names or ids, comma-separated; the first is the baseline")->required();
    compareCmd->add_flag("--fresh", fresh, "Evaluate again even where a stored evaluation matches");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        const int rc = app.exit(e);
        return rc == 0 ? kOk : kUsage;
    }

    // Torch threads matter only to commands that compute; set them when asked.
    if (threads > 0)
        setComputeThreads(threads);
    CallbackProgress sink = makeProgress(progress, stallAt);
    g_progress = &sink;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    try {
        if (*imp) {
            ImportRequest req;
            req.format = format;
            req.path = path;
            req.itemsPath = items;
            req.usersPath = users;
            req.name = name;
            req.mapping = parseMapping(map);
            if (minOpt->count() > 0)
                req.minRating = minRating;
            req.kcore = kcore;
            req.duplicates = duplicates == "keep-first" ? DuplicatePolicy::KeepFirst
                             : duplicates == "keep-last" ? DuplicatePolicy::KeepLast : DuplicatePolicy::KeepAll;
            req.pseudonymize = pseudonymize;
            req.onError = onError == "skip" ? ErrorPolicy::Skip : ErrorPolicy::Stop;
            req.encoding = encoding == "utf-8" ? TextEncoding::Utf8 : encoding == "latin-1" ? TextEncoding::Latin1 : TextEncoding::Auto;
            auto p = Project::openOrCreate(project);
            const auto report = importDataset(*p, req, sink);
            if (json) {
                std::cout << report.toJson() << "\n";
            } else {
                std::cout << "Imported '" << report.name << "': " << report.users << " users, " << report.items << " items, "
                          << report.interactions << " interactions in " << report.seconds << " s\n";
                if (report.skippedCount > 0) {
                    std::cout << "Skipped " << report.skippedCount << " bad lines:\n";
                    for (const auto &s : report.skipped)
                        std::cout << "  " << EngineError::compose(s.message, {s.file, s.line, s.field}) << "\n";
                }
            }
        } else if (*info) {
            auto p = Project::open(project);
            if (json) {
                Json ds = Json::array();
                for (const auto &d : p->datasets())
                    ds.push_back(datasetJson(d));
                std::cout << Json{{"project", project}, {"schema_version", p->schemaVersion()}, {"datasets", ds}}.dump() << "\n";
            } else {
                for (const auto &d : p->datasets())
                    std::cout << d.id << "\t" << d.name << "\t" << d.users << " users\t" << d.items << " items\t"
                              << d.interactions << " interactions\t" << d.format << (d.pseudonymized ? "\tpseudonymized" : "") << "\n";
            }
        } else if (*reviewCmd) {
            auto p = Project::open(project);
            const auto r = RunStore(*p).requireRun(runRef);
            if (reviewUsers == "all")
                reviewWith.users = 0;
            else if (const auto n = parseId(reviewUsers); n && *n > 0)
                reviewWith.users = static_cast<int>(*n);
            else
                throw EngineError(ErrorKind::Usage, "--users: a number of users above 0, or all, not '" + reviewUsers + "'");
            if (reviewReport.empty()) {
                printReview(*p, r, reviewExplanations(*p, r.id, reviewWith, sink), json, reviewReport);
            } else { // the plots need a QApplication (off screen)
                if (!reportSuffixOk(reviewReport))
                    throw EngineError(ErrorKind::Usage, reviewReport + ": a report is written as .html or .pdf");
                if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                    qputenv("QT_QPA_PLATFORM", "offscreen");
                int qtArgc = 1;
                char *qtArgv[] = {argv[0], nullptr};
                QApplication qt(qtArgc, qtArgv);
                QCoreApplication::setApplicationVersion(QStringLiteral(RECSCOPE_VERSION));
                const auto data = recscope::collectReviewData(*p, r.id, reviewWith, sink);
                QString error;
                if (!recscope::ReviewReport(data).write(QString::fromStdString(reviewReport), &error))
                    throw EngineError(ErrorKind::Io, error.toStdString());
                printReview(*p, r, data.review, json, reviewReport);
                if (!json)
                    std::printf("wrote %s\n", reviewReport.c_str());
            }
        } else if (*auditCmd) {
            auto p = Project::open(project);
            const auto r = RunStore(*p).requireRun(runRef);
            const auto a = auditMembership(*p, r.id, sink);
            if (json)
                std::cout << Json{{"run", r.id}, {"auc", a.auc}, {"members", a.members}, {"non_members", a.nonMembers},
                                  {"member_loss", a.memberLoss}, {"non_member_loss", a.nonMemberLoss}}
                                 .dump()
                          << "\n";
            else
                std::printf("%s: membership-inference AUC %.3f (0.5: no leakage); mean loss %.3f over %lld trained users, %.3f over %lld "
                            "held-out users\n",
                            r.name.c_str(), a.auc, a.memberLoss, static_cast<long long>(a.members), a.nonMemberLoss,
                            static_cast<long long>(a.nonMembers));
        } else if (*compressCmd) {
            auto p = Project::open(project);
            RunStore store(*p);
            const auto r = store.requireRun(runRef);
            if (quantize.empty() && prune <= 0)
                throw EngineError(ErrorKind::Usage, "compress needs --quantize int8 or --prune SHARE");
            const auto id = quantize.empty() ? pruneRun(*p, r.id, prune, pruneBy == "head", sink) : quantizeRun(*p, r.id, sink);
            const auto before = store.loadCheckpoint(r.id, "best")->size(), after = store.loadCheckpoint(id, "best")->size();
            const auto made = *store.run(id);
            if (json)
                std::cout << Json{{"run", id}, {"name", made.name}, {"from", r.id}, {"record", Json::parse(made.metricsJson)},
                                  {"checkpoint_bytes_before", before}, {"checkpoint_bytes_after", after}}
                                 .dump()
                          << "\n";
            else
                std::printf("run %lld '%s': %s; checkpoint %.2f MB -> %.2f MB (%.1fx smaller)\n", static_cast<long long>(id), made.name.c_str(),
                            made.message.c_str(), before / 1e6, after / 1e6, static_cast<double>(before) / static_cast<double>(after));
        } else if (*profileCmd) {
            auto p = Project::open(project);
            const auto r = RunStore(*p).requireRun(runRef);
            const auto prof = profileRun(*p, r.id, sink, std::max(1, repeats));
            if (json)
                std::cout << prof.toJson() << "\n";
            else
                std::printf("%s (%s): %lld parameters, checkpoint %.2f MB, %.3g FLOPs per user; latency p50 %.2f ms, p95 %.2f ms "
                            "(one user); %.0f users/s (batches of 256); %d thread(s)\n",
                            r.name.c_str(), r.model.c_str(), static_cast<long long>(prof.parameters), prof.checkpointBytes / 1e6,
                            prof.flopsPerUser, prof.latencyP50Ms, prof.latencyP95Ms, prof.usersPerSecond, prof.threads);
        } else if (*anonymity) {
            auto p = Project::open(project);
            const auto d = p->requireDataset(dataset);
            const auto report = anonymityReport(*p, d.id, splitList(columnsText));
            Json levels = Json::array();
            for (const auto &l : report.levels)
                levels.push_back({{"name", l.name}, {"changes", l.changes}, {"k", l.k}, {"classes", l.classes},
                                  {"unique_users", l.uniqueUsers}, {"unique_share", l.uniqueShare}});
            if (json) {
                std::cout << Json{{"dataset", d.name}, {"columns", report.columns}, {"users", report.users}, {"levels", levels}}.dump() << "\n";
            } else {
                std::printf("%lld users with attributes; quasi-identifiers:", static_cast<long long>(report.users));
                for (const auto &c : report.columns)
                    std::printf(" %s", c.c_str());
                std::printf("\n");
                for (const auto &l : report.levels) {
                    std::printf("%-20s k = %-4lld %6lld classes, %6lld unique users (%.1f%%)\n", l.name.c_str(), static_cast<long long>(l.k),
                                static_cast<long long>(l.classes), static_cast<long long>(l.uniqueUsers), 100 * l.uniqueShare);
                    std::string changes;
                    for (const auto &c : l.changes)
                        changes += (changes.empty() ? "  " : "; ") + c;
                    std::printf("%s\n", changes.c_str());
                }
            }
        } else if (*stats) {
            auto p = Project::open(project);
            const auto d = p->requireDataset(dataset);
            const auto s = computeStats(*p, d.id);
            const auto q = checkQuality(*p, d.id, k);
            Json j = {{"dataset", datasetJson(d)},
                      {"stats", {{"users", s.users}, {"items", s.items}, {"interacted_items", s.interactedItems},
                                 {"interactions", s.interactions}, {"density", s.density},
                                 {"history", {{"min", s.historyMin}, {"max", s.historyMax}, {"mean", s.historyMean},
                                              {"median", s.historyMedian}, {"p90", s.historyP90}}},
                                 {"top10_percent_share", s.top10PercentShare}, {"gini_items", s.giniItems}}},
                      {"quality", {{"k", q.k}, {"duplicate_interactions", q.duplicateInteractions},
                                   {"items_without_text", q.itemsWithoutText}, {"unknown_items", q.unknownItems},
                                   {"interactions_with_unknown_items", q.interactionsWithUnknownItems},
                                   {"users_below_k", q.usersBelowK}, {"items_below_k", q.itemsBelowK},
                                   {"interactions_outside_kcore", q.interactionsOutsideKcore},
                                   {"timestamps_missing", q.timestampsMissing},
                                   {"timestamps_non_positive", q.timestampsNonPositive},
                                   {"timestamps_in_future", q.timestampsInFuture}, {"same_time_runs", q.sameTimeRuns}}}};
            std::cout << (json ? j.dump() : j.dump(2)) << "\n";
        } else if (*train) {
            const auto config = TrainConfig::parse(model, parseSets(sets));
            auto p = Project::open(project);
            const auto d = p->requireDataset(dataset);
            const auto name = runName.empty() ? model + " on " + d.name : runName;
            const auto r = trainRun(*p, d.id, config, name, sink, printEpoch);
            if (json) {
                std::cout << trainSummary(r).dump() << "\n";
            } else {
                std::cout << "Run " << r.runId << " " << r.status << (r.message.empty() ? "" : ": " + r.message)
                          << "; best epoch " << (r.bestEpoch ? std::to_string(*r.bestEpoch) : "-") << "; test NDCG@10 "
                          << r.test.ndcg10 << ", HR@10 " << r.test.hr10
                          << (r.epsilon ? "; epsilon " + std::to_string(*r.epsilon) + " at delta " + std::to_string(r.delta) : "") << "\n";
            }
            if (r.status == "cancelled")
                return kCancelled;
            if (r.status == "failed") {
                std::cerr << "recscope-cli: " << r.message << "\n";
                return kBadInput;
            }
        } else if (*resumeCmd) {
            auto p = Project::open(project);
            RunStore store(*p);
            store.markInterrupted();
            const auto r = resumeRun(*p, store.requireRun(runRef).id, sink, printEpoch,
                                     resumeEpochs > 0 ? std::optional<int>(resumeEpochs) : std::nullopt);
            if (json) {
                std::cout << trainSummary(r).dump() << "\n";
            } else {
                std::cout << "Run " << r.runId << " " << r.status << "; " << r.epochs << " epochs; test NDCG@10 " << r.test.ndcg10 << "\n";
            }
            if (r.status == "cancelled")
                return kCancelled;
            if (r.status == "failed")
                return kBadInput;
        } else if (*runsCmd) {
            auto p = Project::open(project);
            RunStore store(*p);
            store.markInterrupted();
            Json all = Json::array();
            for (const auto &r : store.runs()) {
                Json j = {{"id", r.id}, {"name", r.name}, {"model", r.model}, {"dataset_id", r.datasetId},
                          {"status", r.status}, {"epochs", r.epochsDone}, {"seconds", r.seconds},
                          {"config", Json::parse(r.configJson)}, {"metrics", Json::parse(r.metricsJson)}};
                j["best_epoch"] = r.bestEpoch ? Json(*r.bestEpoch) : Json(nullptr);
                all.push_back(j);
                if (!json)
                    std::cout << r.id << "\t" << r.name << "\t" << r.model << "\t" << r.status << "\t" << r.epochsDone
                              << " epochs\t" << r.metricsJson << "\n";
            }
            if (json)
                std::cout << Json{{"runs", all}}.dump() << "\n";
        } else if (*rec) {
            auto p = Project::open(project);
            const auto r = RunStore(*p).requireRun(runRef);
            const auto users = p->users(r.datasetId);
            const auto userIndex = findUser(users, userRef);
            const auto items = p->items(r.datasetId);
            Json list = Json::array();
            for (const auto &[item, score] : recommend(*p, r.id, userIndex, top)) {
                const auto &it = items[static_cast<std::size_t>(item)];
                list.push_back({{"item", it.externalId}, {"title", it.title}, {"score", score}});
                if (!json)
                    std::cout << it.externalId << "\t" << score << "\t" << it.title << "\n";
            }
            if (json)
                std::cout << Json{{"run", r.id}, {"user", users[static_cast<std::size_t>(userIndex)].externalId},
                                  {"recommendations", list}}.dump() << "\n";
        } else if (*evalCmd || *compareCmd) {
            auto p = Project::open(project);
            RunStore store(*p);
            EvaluationOptions o;
            o.protocol = protocol;
            o.seed = evalSeed;
            o.ks = parseKs(ksText);
            if (*evalCmd) {
                const auto e = evaluateRun(*p, store.requireRun(runRef).id, o, sink);
                if (json) {
                    std::cout << evaluationJson(e).dump() << "\n";
                } else {
                    std::cout << "Run '" << e.runName << "' (" << e.model << "), " << e.protocol << ", " << e.users.size()
                              << " users, seed " << e.seed << ", " << e.seconds << " s\n";
                    for (const auto &name : e.table.names)
                        std::printf("%-20s %.4f\n", name.c_str(), e.table.values.at(name));
                    for (const auto &note : e.table.notes)
                        std::cout << "note: " << note << "\n";
                }
            } else {
                RunComparisonRequest request;
                for (const auto &ref : splitList(runsText))
                    request.runs.push_back(store.requireRun(ref).id);
                request.options = o;
                request.fresh = fresh;
                const auto c = compareRuns(*p, request, sink).comparison;
                if (json)
                    std::cout << comparisonJson(c).dump() << "\n";
                else
                    printComparison(c);
            }
        } else if (*explainCmd) {
            auto p = Project::open(project);
            const auto r = RunStore(*p).requireRun(runRef);
            const auto users = p->users(r.datasetId);
            const auto items = p->items(r.datasetId);
            ExplainOptions o = explainWith;
            if (!versusRef.empty())
                o.versus = findItem(items, versusRef);
            const auto e = explain(*p, r.id, findUser(users, userRef), findItem(items, itemRef), o, sink);
            Json attributions = Json::array();
            for (const auto &a : e.attributions) {
                const auto &it = items[static_cast<std::size_t>(a.item)];
                Json entry = {{"item", it.externalId}, {"title", it.title}, {"position", a.position},
                              {"value", number(a.value)}, {"stderr", number(a.stderr_)}};
                if (!a.word.empty())
                    entry["word"] = a.word;
                attributions.push_back(entry);
            }
            if (json) {
                Json j = {{"run", r.id}, {"user", users[static_cast<std::size_t>(e.user)].externalId},
                          {"item", items[static_cast<std::size_t>(e.item)].externalId}, {"method", e.method},
                          {"masking", e.masking}, {"players", e.players}, {"base_value", e.baseValue}, {"score", e.score},
                          {"attributions", attributions}, {"additivity_gap", number(e.additivityGap)},
                          {"evaluations", e.evaluations}, {"seconds", e.seconds}, {"reason", e.reason},
                          {"older_items_not_read", e.skippedOlder}, {"context_items", e.context}};
                if (e.versus)
                    j["versus"] = items[static_cast<std::size_t>(*e.versus)].externalId;
                j["value"] = e.value;
                if (e.faithfulness.computed)
                    j["faithfulness"] = faithfulnessJson(e.faithfulness);
                if (!e.attention.empty()) {
                    j["layers"] = e.attention; // [layer][head][query][key]
                    j["rollout"] = e.rollout;
                }
                std::cout << j.dump() << "\n";
            } else {
                std::printf("%s for %s, %s: score %.4f = base %.4f + attributions (gap %.2g)\n",
                            items[static_cast<std::size_t>(e.item)].title.c_str(), users[static_cast<std::size_t>(e.user)].externalId.c_str(),
                            e.method.c_str(), e.score, e.baseValue, e.additivityGap);
                for (const auto &a : e.attributions)
                    std::printf("%+9.4f  +-%.4f  %s\n", a.value, a.stderr_,
                                a.word.empty() ? items[static_cast<std::size_t>(a.item)].title.c_str() : a.word.c_str());
                std::cout << e.reason << "\n";
                if (const auto &f = e.faithfulness; f.computed) {
                    std::printf("faithfulness: deletion area %.3f (random orders %.3f; lower is better), insertion area %.3f "
                                "(random %.3f; higher is better)",
                                f.deletionArea, f.deletionRandom, f.insertionArea, f.insertionRandom);
                    if (std::isfinite(f.attentionAgreement))
                        std::printf(", attention rollout agreement (Spearman) %.2f", f.attentionAgreement);
                    std::printf("\n");
                }
            }
        } else if (*reportCmd) {
            if (!reportSuffixOk(outFile))
                throw EngineError(ErrorKind::Usage, outFile + ": a report is written as .html or .pdf");
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen"); // charts are drawn without a screen
            int qtArgc = 1;
            char *qtArgv[] = {argv[0], nullptr};
            QApplication qt(qtArgc, qtArgv);
            QCoreApplication::setApplicationVersion(QStringLiteral(RECSCOPE_VERSION));
            auto p = Project::open(project);
            const auto r = RunStore(*p).requireRun(runRef);
            const auto users = p->users(r.datasetId);
            const auto items = p->items(r.datasetId);
            const ExplainOptions &o = explainWith;
            std::optional<qint64> item;
            if (!itemRef.empty())
                item = findItem(items, itemRef);
            const auto data = recscope::collectReportData(*p, r.id, findUser(users, userRef), item, reportK, o, sink);
            QString error;
            if (!recscope::ExplanationReport(data).write(QString::fromStdString(outFile), &error))
                throw EngineError(ErrorKind::Io, error.toStdString());
            const auto &e = data.explanation;
            if (json)
                std::cout << Json{{"out", outFile}, {"run", r.id}, {"user", users[static_cast<std::size_t>(e.user)].externalId},
                                  {"item", items[static_cast<std::size_t>(e.item)].externalId}, {"method", e.method},
                                  {"masking", e.masking}, {"value", e.value}, {"base_value", e.baseValue}, {"score", e.score},
                                  {"additivity_gap", number(e.additivityGap)}, {"reason", e.reason},
                                  {"faithfulness", e.faithfulness.computed ? faithfulnessJson(e.faithfulness) : Json(nullptr)}}
                                 .dump()
                          << "\n";
            else
                std::printf("wrote %s: why \"%s\" for %s (%s)\n", outFile.c_str(), items[static_cast<std::size_t>(e.item)].title.c_str(),
                            users[static_cast<std::size_t>(e.user)].externalId.c_str(), e.method.c_str());
        } else if (*cvCmd) {
            const auto config = TrainConfig::parse(model, parseSets(sets));
            auto p = Project::open(project);
            const auto d = p->requireDataset(dataset);
            const auto name = runName.empty() ? model + " on " + d.name : runName;
            const auto cv = crossValidate(*p, d.id, config, name, folds, parseKs(ksText), sink, [&](int fold, const Evaluation &e) {
                if (!json)
                    std::printf("fold %d of %d: run %lld, %zu held-out users, NDCG@10 %.4f\n", fold + 1, folds,
                                static_cast<long long>(e.runId), e.users.size(),
                                e.table.values.count("NDCG@10") ? e.table.values.at("NDCG@10") : NAN);
                std::fflush(stdout);
            });
            Json metrics = Json::object();
            for (const auto &name : cv.names) {
                Json perFold = Json::array();
                for (const auto &e : cv.folds)
                    perFold.push_back(number(e.table.values.at(name)));
                metrics[name] = {{"mean", number(cv.mean.at(name))}, {"sd", number(cv.sd.at(name))}, {"folds", perFold}};
                if (!json)
                    std::printf("%-20s %.4f +- %.4f\n", name.c_str(), cv.mean.at(name), cv.sd.at(name));
            }
            if (json)
                std::cout << Json{{"folds", folds}, {"protocol", "kfold"}, {"runs", cv.runIds}, {"metrics", metrics}}.dump() << "\n";
        } else if (*demo) {
            DemoOptions o;
            o.seed = seed;
            const auto id = writeDemoProject(project, sink, o);
            std::cout << "Demo dataset stored in " << project << " (dataset id " << id << ")\n";
        }
    } catch (const EngineError &e) {
        std::cerr << "recscope-cli: " << e.what() << "\n";
        return exitCodeFor(e);
    } catch (const std::exception &e) {
        std::cerr << "recscope-cli: " << e.what() << "\n";
        return kFailure;
    }
    return kOk;
}
