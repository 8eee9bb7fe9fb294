// SPDX-License-Identifier: GPL-3.0-or-later
// Time to quality on ML-1M (leave-one-out): how long the defaults take to reach the accuracy of
// the papers on this machine. Each case trains one run within a budget of minutes and prints its
// curve (wall time, validation NDCG@10 per epoch), the wall time at which validation first
// reached the target, and the test figure of the best checkpoint against the target.
//
//   sasrec        defaults, maxlen 200, 10 min: test NDCG@10 (100 uniform negatives) >= 0.59
//   sasrec-full   the same run ranked against the whole catalog, 30 min: NDCG@10 >= 0.18
//   bert4rec      defaults, maxlen 200, 30 min: test NDCG@10 (100 uniform negatives) >= 0.59
//
// usage: quality_bench [--case sasrec|sasrec-full|bert4rec] [--threads 2] [--minutes M]
//                      [--set key=value,key=value]
#include "benchrun.h"
#include "engine/core/progress.h"
#include "engine/core/runtime.h"
#include "engine/data/importer.h"
#include "engine/evaluation/evaluation.h"
#include "engine/store/project.h"
#include "engine/training/trainer.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>

using namespace recscope::engine;
namespace fs = std::filesystem;

namespace {

struct Case {
    std::string model;
    double minutes = 10, target = 0.59;
    bool full = false; // the test figure under full ranking, not 100 sampled negatives
};

Case caseNamed(const std::string &name) {
    if (name == "sasrec")
        return {"sasrec", 10, 0.59, false};
    if (name == "sasrec-full")
        return {"sasrec", 30, 0.18, true};
    if (name == "bert4rec")
        return {"bert4rec", 30, 0.59, false};
    std::fprintf(stderr, "unknown --case %s (sasrec, sasrec-full, bert4rec)\n", name.c_str());
    std::exit(2);
}

} // namespace

int main(int argc, char **argv) {
    keepLargeAllocations();
    const auto args = recscope::bench::parseBenchArgs(argc, argv);
    const std::string name = args.text("--case", "sasrec");
    Case c = caseNamed(name);
    if (args.other.count("--minutes"))
        c.minutes = std::atof(args.other.at("--minutes").c_str());
    const int threads = args.threads > 1 ? args.threads : 2;
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
    NullProgress none;
    const auto dataset = importDataset(*project, request, none).datasetId;

    // What `recscope-cli --threads N train --set maxlen=200 --set max_minutes=M` runs, plus --set.
    std::map<std::string, std::string> settings{{"maxlen", "200"}, {"threads", std::to_string(threads)}};
    std::ostringstream minutes;
    minutes << c.minutes;
    settings["max_minutes"] = minutes.str();
    std::stringstream extra(args.text("--set", ""));
    for (std::string pair; std::getline(extra, pair, ',');)
        if (const auto eq = pair.find('='); eq != std::string::npos)
            settings[pair.substr(0, eq)] = pair.substr(eq + 1);
    const auto config = TrainConfig::parse(c.model, settings);
    std::printf("%s on ML-1M, %d thread(s), a budget of %s min; settings %s\n", name.c_str(), threads, minutes.str().c_str(),
                config.toJson().c_str());
    std::fflush(stdout);

    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    double reached = -1;
    const auto r = trainRun(*project, dataset, config, name, none, [&](const EpochRecord &e) {
        const double t = elapsed();
        if (reached < 0 && !c.full && e.validNdcg10 >= c.target)
            reached = t;
        std::printf("  %7.1f s  epoch %3lld  train loss %.4f  valid NDCG@10 %.4f  HR@10 %.4f\n", t, static_cast<long long>(e.epoch),
                    e.trainLoss, e.validNdcg10, e.validHr10);
        std::fflush(stdout);
    });
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
    std::printf("%s: %d epochs in %.1f s (best epoch %lld); test NDCG@10 %.4f (%s), target %.2f: %s", name.c_str(), r.epochs, trained,
                static_cast<long long>(r.bestEpoch.value_or(0)), figure, protocol.c_str(), c.target, figure >= c.target ? "reached" : "NOT reached");
    if (!c.full)
        std::printf("; validation first reached it at %s", reached < 0 ? "never" : (std::to_string(static_cast<int>(reached)) + " s").c_str());
    std::printf("; peak RSS %ld MiB\n", recscope::bench::peakRssMiB());
    project.reset();
    fs::remove_all(scratch);
    return figure >= c.target ? 0 : 1;
}
