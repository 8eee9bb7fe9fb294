// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the benchmarks that measure a trained SASRec: the run named on the command line, or a
// one-epoch run in the anchor shape trained on ML-1M in a scratch folder.
#pragma once

#include "benchsupport.h"
#include "engine/data/importer.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/training/trainer.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <filesystem>
#include <memory>
#include <string>

namespace recscope::bench {

inline long peakRssMiB() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

// The options every benchmark of a trained run takes (--threads N, --project FILE, --run NAME_OR_ID),
// and any other "--key value" pairs for the benchmark's own.
struct BenchArgs {
    int threads = 1;
    std::string project, run;
    std::map<std::string, std::string> other;
    int number(const std::string &key, int fallback) const {
        const auto it = other.find(key);
        return it == other.end() ? fallback : std::atoi(it->second.c_str());
    }
    std::string text(const std::string &key, const std::string &fallback) const {
        const auto it = other.find(key);
        return it == other.end() ? fallback : it->second;
    }
};

inline BenchArgs parseBenchArgs(int argc, char **argv) {
    BenchArgs a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--threads")
            a.threads = std::atoi(value.c_str());
        else if (key == "--project")
            a.project = value;
        else if (key == "--run")
            a.run = value;
        else
            a.other[key] = value;
    }
    return a;
}

struct BenchRun {
    std::unique_ptr<engine::Project> project;
    std::int64_t runId = 0; // 0: skipped (no data)
    std::filesystem::path scratch;
    ~BenchRun() {
        project.reset();
        if (!scratch.empty())
            std::filesystem::remove_all(scratch);
    }
};

// `projectPath` and `runRef` from --project/--run, or empty to train one on ML-1M. Prints why
// and leaves runId 0 when the data is missing.
inline std::unique_ptr<BenchRun> sasrecRun(const std::string &projectPath, const std::string &runRef, int threads,
                                           const std::string &name) {
    namespace fs = std::filesystem;
    auto b = std::make_unique<BenchRun>();
    engine::NullProgress none;
    if (!projectPath.empty()) {
        b->project = engine::Project::open(projectPath);
        b->runId = engine::RunStore(*b->project).requireRun(runRef).id;
        return b;
    }
    const fs::path data = fs::path(dataDir()) / "ml-1m";
    if (!fs::exists(data / "ml-1m.txt")) {
        std::printf("skipped: %s/ml-1m.txt not found (set RECSCOPE_DATA_DIR)\n", data.c_str());
        return b;
    }
    b->scratch = fs::temp_directory_path() / ("recscope-" + name + "-" + std::to_string(::getpid()));
    fs::create_directories(b->scratch);
    b->project = engine::Project::openOrCreate((b->scratch / "bench.recscope").string());
    engine::ImportRequest r;
    r.format = "sasrec";
    r.path = (data / "ml-1m.txt").string();
    r.itemsPath = (data / "items.tsv").string();
    const auto dataset = engine::importDataset(*b->project, r, none).datasetId;
    std::printf("training a one-epoch SASRec (anchor shape) on ML-1M...\n");
    std::fflush(stdout);
    const auto c = engine::TrainConfig::parse("sasrec", {{"epochs", "1"}, {"maxlen", "200"}, {"hidden", "50"}, {"layers", "2"},
                                                         {"heads", "1"}, {"dropout", "0.2"}, {"loss", "bce"}, {"threads", std::to_string(threads)}});
    b->runId = engine::trainRun(*b->project, dataset, c, "sasrec", none).runId;
    return b;
}

} // namespace recscope::bench
