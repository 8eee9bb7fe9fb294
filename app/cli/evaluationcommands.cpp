// SPDX-License-Identifier: GPL-3.0-or-later
// Evaluation: evaluate, compare, diagnose.
#include "cli/cli.h"

#include "engine/evaluation/diagnostics.h"
#include "engine/evaluation/evaluation.h"
#include "engine/comparison/runcomparison.h"
#include "engine/store/runstore.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

namespace recscope::cli {

using namespace engine;

namespace {

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

void printComparison(const Comparison &c) {
    std::printf("%-20s", "metric");
    for (const auto &e : c.evaluations)
        std::printf(" %18s", e.runName.substr(0, 18).c_str());
    std::printf("\n");
    for (const auto &m : c.metrics) {
        std::printf("%-20s", m.metric.c_str());
        for (std::size_t r = 0; r < m.values.size(); ++r) {
            char cell[64];
            if (std::isnan(m.values[r])) // a metric this run's model has none of (RMSE of a ranking model)
                std::snprintf(cell, sizeof cell, "-");
            else
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

// What evaluate and compare share: the protocol.
struct ProtocolArgs {
    std::string project, protocol = "loo-full", ks = "5,10,20";
    std::uint64_t seed = EvaluationOptions{}.seed;
    bool json = false;

    EvaluationOptions options() const {
        EvaluationOptions o;
        o.protocol = protocol;
        o.seed = seed;
        o.ks = parseKs(ks);
        return o;
    }
};

void addProtocolOptions(CLI::App *cmd, ProtocolArgs &a, Shared &shared) {
    addProjectOption(cmd, a.project);
    cmd->add_option("--protocol", a.protocol, "loo-full | loo-sampled-uniform-N | loo-sampled-popular-N (cold-... for cold-start runs)")
        ->capture_default_str();
    cmd->add_option("--k", a.ks, "Cut-offs, comma-separated")->capture_default_str();
    cmd->add_option("--seed", a.seed, "Seed of the sampled negatives")->capture_default_str();
    addProgressFlag(cmd, shared);
    addJsonFlag(cmd, a.json, "One JSON object on stdout");
}

struct EvaluateArgs : ProtocolArgs {
    std::string run;
};

int runEvaluate(const EvaluateArgs &a, Progress &progress) {
    auto p = Project::open(a.project);
    const auto e = evaluateRun(*p, RunStore(*p).requireRun(a.run).id, a.options(), progress);
    if (a.json) {
        std::cout << evaluationJson(e).dump() << "\n";
        return kOk;
    }
    std::cout << "Run '" << e.runName << "' (" << e.model << "), " << e.protocol << ", " << e.users.size() << " users, seed " << e.seed
              << ", " << e.seconds << " s\n";
    for (const auto &name : e.table.names)
        std::printf("%-20s %.4f\n", name.c_str(), e.table.values.at(name));
    for (const auto &note : e.table.notes)
        std::cout << "note: " << note << "\n";
    return kOk;
}

struct CompareArgs : ProtocolArgs {
    std::string runs;
    bool fresh = false;
};

int runCompare(const CompareArgs &a, Progress &progress) {
    auto p = Project::open(a.project);
    RunStore store(*p);
    RunComparisonRequest request;
    for (const auto &ref : splitList(a.runs))
        request.runs.push_back(store.requireRun(ref).id);
    request.options = a.options();
    request.fresh = a.fresh;
    const auto c = compareRuns(*p, request, progress).comparison;
    if (a.json)
        std::cout << comparisonJson(c).dump() << "\n";
    else
        printComparison(c);
    return kOk;
}

struct DiagnoseArgs {
    std::string project, run;
    DiagnoseOptions options;
    bool json = false;
};

int runDiagnose(const DiagnoseArgs &a, Progress &progress) {
    auto p = Project::open(a.project);
    const auto d = diagnose(*p, RunStore(*p).requireRun(a.run).id, a.options, progress);
    if (a.json) {
        std::cout << diagnosisJson(d).dump() << "\n";
        return kOk;
    }
    const auto &q = d.sequentiality;
    std::printf("order: NDCG@%d %.4f as read, %.4f shuffled, %.4f reversed (%lld users); the shuffled drop %.4f, 95%% interval "
                "[%.4f, %.4f]: %s\n",
                d.k, q.ndcg, q.ndcgShuffled, q.ndcgReversed, static_cast<long long>(q.users), q.drop, q.dropLow, q.dropHigh,
                q.usesOrder ? "the model uses the order of a history" : "no sign that the model uses order; position-based explanations mean little here");
    if (const auto &l = d.leakage; l.timestamps)
        std::printf("leakage: %.1f%% of %lld test interactions are older than the latest training interaction; NDCG@%d %.4f on the "
                    "run's split, %.4f on a global temporal split's %lld users (%.1f%% of the run's training is after its cut)\n",
                    100 * l.testBeforeCutShare, static_cast<long long>(l.testInteractions), d.k, l.ndcgOwnSplit, l.ndcgTemporal,
                    static_cast<long long>(l.temporalUsers), 100 * l.trainedAfterCutShare);
    else
        std::printf("leakage: not measured (the dataset has no timestamps)\n");
    const auto &r = d.repeats;
    std::printf("repeats: %.1f%% of %lld test items are already in the user's training items, %.1f%% in no one's; %s\n",
                100 * r.testItemInUserTrainingShare, static_cast<long long>(r.testCases), 100 * r.testItemNeverTrainedShare,
                d.leakage.timestamps ? (std::to_string(r.duplicateInteractions) + " duplicate interaction(s) (same user, item and time)").c_str()
                                     : "duplicates not counted (no timestamps)");
    return kOk;
}

} // namespace

Json diagnosisJson(const Diagnosis &d) {
    const auto &q = d.sequentiality;
    const auto &l = d.leakage;
    const auto &r = d.repeats;
    Json leakage = nullptr;
    if (l.timestamps)
        leakage = {{"test_before_cut_share", number(l.testBeforeCutShare)},
                   {"test_interactions", l.testInteractions},
                   {"latest_training_time", l.latestTraining},
                   {"ndcg_own_split", number(l.ndcgOwnSplit)},
                   {"ndcg_temporal", number(l.ndcgTemporal)},
                   {"temporal_cut_time", l.temporalCut},
                   {"temporal_users", l.temporalUsers},
                   {"trained_after_cut_share", number(l.trainedAfterCutShare)}};
    return {{"run", d.runId},
            {"split", d.split},
            {"k", d.k},
            {"seconds", d.seconds},
            {"sequentiality",
             {{"users", q.users},
              {"ndcg", number(q.ndcg)},
              {"ndcg_shuffled", number(q.ndcgShuffled)},
              {"ndcg_reversed", number(q.ndcgReversed)},
              {"drop", number(q.drop)},
              {"ci95", {number(q.dropLow), number(q.dropHigh)}},
              {"reversed_drop", number(q.reversedDrop)},
              {"reversed_ci95", {number(q.reversedLow), number(q.reversedHigh)}},
              {"uses_order", q.usesOrder}}},
            {"leakage", leakage},
            {"repeats",
             {{"test_cases", r.testCases},
              {"test_item_in_user_training_share", number(r.testItemInUserTrainingShare)},
              {"test_item_never_trained_share", number(r.testItemNeverTrainedShare)},
              {"duplicate_interactions", l.timestamps ? Json(r.duplicateInteractions) : Json(nullptr)}}}};
}

void addEvaluationCommands(CLI::App &app, Shared &shared, Commands &out) {
    auto evaluate = std::make_shared<EvaluateArgs>();
    auto *evaluateCmd = app.add_subcommand("evaluate", "Evaluate a run's best checkpoint under a protocol and store the result");
    addProtocolOptions(evaluateCmd, *evaluate, shared);
    evaluateCmd->add_option("--run", evaluate->run, "Run name or id")->required();
    out.push_back({evaluateCmd, [evaluate](Progress &p) { return runEvaluate(*evaluate, p); }});

    auto compare = std::make_shared<CompareArgs>();
    auto *compareCmd = app.add_subcommand("compare", "Metrics of several runs side by side, with significance tests against the first");
    addProtocolOptions(compareCmd, *compare, shared);
    compareCmd->add_option("--runs", compare->runs, "Run names or ids, comma-separated; the first is the baseline")->required();
    compareCmd->add_flag("--fresh", compare->fresh, "Evaluate again even where a stored evaluation matches");
    out.push_back({compareCmd, [compare](Progress &p) { return runCompare(*compare, p); }});

    auto diagnose = std::make_shared<DiagnoseArgs>();
    auto *diagnoseCmd = app.add_subcommand("diagnose", "Does the run use the order of a history, does its evaluation leak the future, "
                                                       "are items repeated across training and test");
    addProjectOption(diagnoseCmd, diagnose->project);
    diagnoseCmd->add_option("--run", diagnose->run, "Run name or id")->required();
    diagnoseCmd->add_option("--users", diagnose->options.users, "Test users to sample (0: all)")->capture_default_str()->check(CLI::NonNegativeNumber);
    diagnoseCmd->add_option("--k", diagnose->options.k, "NDCG@K")->capture_default_str()->check(CLI::Range(1, 1000));
    diagnoseCmd->add_option("--seed", diagnose->options.seed, "Users, shuffles and bootstrap")->capture_default_str();
    diagnoseCmd->add_option("--temporal-share", diagnose->options.temporalShare,
                            "The global temporal split compared with: its last share of the interactions")
        ->capture_default_str()
        ->check(CLI::Range(0.01, 0.99));
    addProgressFlag(diagnoseCmd, shared);
    addJsonFlag(diagnoseCmd, diagnose->json, "One JSON object on stdout");
    out.push_back({diagnoseCmd, [diagnose](Progress &p) { return runDiagnose(*diagnose, p); }});
}

} // namespace recscope::cli
