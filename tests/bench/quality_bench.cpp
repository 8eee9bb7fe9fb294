// SPDX-License-Identifier: GPL-3.0-or-later
// Time to quality on ML-1M (leave-one-out): how long RecScope takes to reach the accuracy of the
// papers on this machine. Each case trains one run within a budget of minutes and prints its
// curve (wall time, validation NDCG@10 per epoch), the wall time at which validation first
// reached the target, and the test figure of the best checkpoint against the target.
//
//   sasrec        defaults, maxlen 200, 10 min: test NDCG@10 (100 uniform negatives) >= 0.59
//   sasrec-full   ranked against the whole catalog, 30 min: NDCG@10 >= 0.18, with the recipe
//                 hidden 128, a feed-forward block 4x as wide with GELU, lr 0.002, 3 epochs of
//                 warm-up, cosine decay, windows=all, in two processes of one thread (batch_size
//                 64 each: a global batch of 128)
//   bert4rec      defaults, maxlen 200, 30 min: test NDCG@10 (100 uniform negatives) >= 0.59
//
// usage: quality_bench [--case sasrec|sasrec-full|bert4rec] [--threads 2] [--minutes M]
//                      [--processes N] [--set key=value,key=value]
// With --processes N > 1 the run is recscope-cli --threads 1 train --nproc N (one thread each).
#include "benchrun.h"
#include "engine/core/progress.h"
#include "engine/core/runtime.h"
#include "engine/data/importer.h"
#include "engine/evaluation/evaluation.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/training/trainer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>
#include <string>

using namespace recscope::engine;
namespace fs = std::filesystem;

namespace {

struct Case {
    std::string model;
    double minutes = 10, target = 0.59;
    bool full = false; // the test figure under full ranking, not 100 sampled negatives
    std::map<std::string, std::string> recipe; // settings beyond the defaults
    int processes = 1;
};

Case caseNamed(const std::string &name) {
    if (name == "sasrec")
        return {"sasrec", 10, 0.59, false, {}, 1};
    if (name == "sasrec-full")
        return {"sasrec", 30, 0.18, true,
                {{"hidden", "128"}, {"ffn", "4"}, {"activation", "gelu"}, {"batch_size", "64"}, {"lr", "0.002"}, {"warmup", "3"}, {"decay", "cosine"},
                 {"windows", "all"}, {"patience", "0"}},
                2};
    if (name == "bert4rec")
        return {"bert4rec", 30, 0.59, false, {}, 1};
    std::fprintf(stderr, "unknown --case %s (sasrec, sasrec-full, bert4rec)\n", name.c_str());
    std::exit(2);
}

// Trains with `recscope-cli --threads 1 train --nproc N` and prints each epoch as rank 0 reports
// it, at the wall time it arrives; returns the run's id (0 when it failed).
std::int64_t trainInProcesses(const std::string &project, const TrainConfig &config, int processes, const std::function<double()> &elapsed,
                              const std::function<void(double, double)> &onValidation) {
    std::string command = std::string("'") + RECSCOPE_CLI_PATH + "' --threads 1 train --nproc " + std::to_string(processes) + " --project '" +
                          project + "' --dataset ml1m --model " + config.modelKey() + " --json";
    for (const auto &[key, value] : config.settings())
        if (key != "threads")
            command += " --set " + key + "=" + value;
    FILE *out = ::popen(command.c_str(), "r");
    if (!out)
        return 0;
    std::int64_t run = 0;
    char line[4096];
    while (std::fgets(line, sizeof line, out)) {
        const std::string text(line);
        if (text.rfind("epoch ", 0) == 0) {
            const double t = elapsed();
            std::printf("  %7.1f s  %s", t, line);
            if (const auto at = text.find("valid NDCG@10 "); at != std::string::npos)
                onValidation(t, std::atof(text.c_str() + at + 14));
        }
        else if (const auto at = text.find("\"run\":"); at != std::string::npos)
            run = std::atoll(text.c_str() + at + 6);
        std::fflush(stdout);
    }
    return ::pclose(out) == 0 ? run : 0;
}

} // namespace

int main(int argc, char **argv) {
    keepLargeAllocations();
    const auto args = recscope::bench::parseBenchArgs(argc, argv);
    const std::string name = args.text("--case", "sasrec");
    Case c = caseNamed(name);
    if (args.other.count("--minutes"))
        c.minutes = std::atof(args.other.at("--minutes").c_str());
    const int processes = args.other.count("--processes") ? std::atoi(args.other.at("--processes").c_str()) : c.processes;
    const int threads = processes > 1 ? 1 : args.threads > 1 ? args.threads : 2;
    const fs::path data = fs::path(recscope::bench::dataDir()) / "ml-1m" / "ml-1m.txt";
    if (!fs::exists(data)) {
        std::printf("SKIP: %s not found (set RECSCOPE_DATA_DIR)\n", data.c_str());
        return 0;
    }
    const fs::path scratch = fs::temp_directory_path() / ("recscope-quality-bench-" + std::to_string(::getpid()));
    fs::create_directories(scratch);
    auto project = Project::openOrCreate((scratch / "ml1m.recscope").string());
    ImportRequest request;
    request.format = "sasrec";
    request.path = data.string();
    request.name = "ml1m";
    NullProgress none;
    const auto dataset = importDataset(*project, request, none).datasetId;

    // What `recscope-cli --threads N train --set maxlen=200 --set max_minutes=M` runs, plus --set.
    std::map<std::string, std::string> settings = c.recipe;
    settings["maxlen"] = "200";
    settings["threads"] = std::to_string(threads);
    std::ostringstream minutes;
    minutes << c.minutes;
    settings["max_minutes"] = minutes.str();
    std::stringstream extra(args.text("--set", ""));
    for (std::string pair; std::getline(extra, pair, ',');)
        if (const auto eq = pair.find('='); eq != std::string::npos)
            settings[pair.substr(0, eq)] = pair.substr(eq + 1);
    const auto config = TrainConfig::parse(c.model, settings);
    std::printf("%s on ML-1M, %d process(es) of %d thread(s), a budget of %s min; settings %s\n", name.c_str(), processes, threads,
                minutes.str().c_str(), config.toJson().c_str());
    std::fflush(stdout);

    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    double reached = -1;
    TrainResult r;
    if (processes > 1) {
        project.reset(); // the processes write it
        const auto path = (scratch / "ml1m.recscope").string();
        r.runId = trainInProcesses(path, config, processes, elapsed, [&](double t, double ndcg) {
            if (reached < 0 && !c.full && ndcg >= c.target)
                reached = t;
        });
        project = Project::open(path);
        RunStore store(*project);
        const auto run = store.run(r.runId);
        if (!run || run->status != RunStatus::Finished) {
            std::printf("%s: the run in %d processes did not finish\n", name.c_str(), processes);
            return 1;
        }
        r.bestEpoch = run->bestEpoch;
        r.epochs = static_cast<std::int64_t>(store.epochs(r.runId).size());
        const auto metrics = nlohmann::json::parse(run->metricsJson, nullptr, false);
        if (metrics.is_object() && metrics.contains("test"))
            r.test.ndcg10 = metrics["test"].value("NDCG@10", 0.0);
    } else {
        r = trainRun(*project, dataset, config, name, none, [&](const EpochRecord &e) {
            const double t = elapsed();
            if (reached < 0 && !c.full && e.validNdcg10 >= c.target)
                reached = t;
            std::printf("  %7.1f s  epoch %3lld  train loss %.4f  valid NDCG@10 %.4f  HR@10 %.4f\n", t, static_cast<long long>(e.epoch),
                        e.trainLoss, e.validNdcg10, e.validHr10);
            std::fflush(stdout);
        });
    }
    const double trained = elapsed();
    double figure = r.test.ndcg10;
    std::string protocol = "100 uniform negatives";
    if (c.full) {
        EvaluationOptions o;
        o.protocol = "loo-full";
        o.ks = {10};
        const auto e = evaluateRun(*project, r.runId, o, none);
        figure = e.table.values.at("NDCG@10");
        protocol = "full ranking";
    }
    std::printf("%s: %lld epochs in %.1f s (best epoch %lld); test NDCG@10 %.4f (%s), target %.2f: %s", name.c_str(), static_cast<long long>(r.epochs), trained,
                static_cast<long long>(r.bestEpoch.value_or(0)), figure, protocol.c_str(), c.target, figure >= c.target ? "reached" : "NOT reached");
    if (!c.full)
        std::printf("; validation first reached it at %s", reached < 0 ? "never" : (std::to_string(static_cast<int>(reached)) + " s").c_str());
    std::printf("; peak RSS %ld MiB\n", recscope::bench::peakRssMiB());
    project.reset();
    fs::remove_all(scratch);
    return figure >= c.target ? 0 : 1;
}
