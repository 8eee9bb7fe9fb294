// SPDX-License-Identifier: GPL-3.0-or-later
// Full-ranking evaluation benchmark (issue: under 10 s for a SASRec run on ML-1M, all metrics at
// K = 5, 10, 20). Trains a one-epoch SASRec in the anchor shape (maxlen 200, hidden 50, 2 blocks,
// 1 head) unless given a stored run, then times evaluateRun under loo-full and under
// loo-sampled-uniform-100 side by side, and prints the peak memory.
//
// usage: evaluate_bench [--threads N] [--project FILE --run NAME_OR_ID]
#include "benchsupport.h"
#include "engine/evaluation.h"
#include "engine/importer.h"
#include "engine/progress.h"
#include "engine/project.h"
#include "engine/runstore.h"
#include "engine/runtime.h"
#include "engine/training.h"

#include <sys/resource.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

using namespace recscope::engine;
namespace fs = std::filesystem;

namespace {

long peakRssMiB() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

} // namespace

int main(int argc, char **argv) {
    int threads = 1;
    std::string projectPath, runRef;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads"))
            threads = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--project"))
            projectPath = argv[i + 1];
        else if (!std::strcmp(argv[i], "--run"))
            runRef = argv[i + 1];
    }
    setComputeThreads(threads);
    NullProgress none;
    std::unique_ptr<Project> project;
    std::int64_t runId = 0;
    fs::path scratch;
    if (!projectPath.empty()) {
        project = Project::open(projectPath);
        runId = RunStore(*project).requireRun(runRef).id;
    } else {
        const fs::path data = fs::path(recscope::bench::dataDir()) / "ml-1m";
        if (!fs::exists(data / "ml-1m.txt")) {
            std::printf("skipped: %s/ml-1m.txt not found (set RECSCOPE_DATA_DIR)\n", data.c_str());
            return 0;
        }
        scratch = fs::temp_directory_path() / ("recscope-evaluate-bench-" + std::to_string(::getpid()));
        fs::create_directories(scratch);
        project = Project::openOrCreate((scratch / "bench.recscope").string());
        ImportRequest r;
        r.format = "sasrec";
        r.path = (data / "ml-1m.txt").string();
        r.itemsPath = (data / "items.tsv").string();
        const auto dataset = importDataset(*project, r, none).datasetId;
        std::printf("training a one-epoch SASRec (anchor shape) on ML-1M...\n");
        std::fflush(stdout);
        const auto c = TrainConfig::parse("sasrec", {{"epochs", "1"}, {"maxlen", "200"}, {"hidden", "50"}, {"layers", "2"},
                                                     {"heads", "1"}, {"dropout", "0.2"}, {"threads", std::to_string(threads)}});
        runId = trainRun(*project, dataset, c, "sasrec", none).runId;
    }
    const long before = peakRssMiB();
    // glibc's default allocator first, then with large buffers kept in the heap (as the apps run).
    struct Case {
        const char *protocol;
        bool keep;
    };
    for (const auto &[protocol, keep] : {Case{"loo-full", false}, Case{"loo-full", true}, Case{"loo-sampled-uniform-100", true}}) {
        if (keep)
            keepLargeAllocations();
        EvaluationOptions o;
        o.protocol = protocol;
        o.store = false;
        const auto e = evaluateRun(*project, runId, o, none);
        std::printf("%-24s %-18s %zu users, %zu metrics at K = 5, 10, 20: %.2f s  (NDCG@10 %.4f, HR@10 %.4f, Coverage@10 %.3f, "
                    "ILD@10 %.3f, Gini@10 %.3f)\n",
                    protocol, keep ? "(heap kept)" : "(glibc default)", e.users.size(), e.table.names.size(), e.seconds, e.table.values.at("NDCG@10"),
                    e.table.values.at("HR@10"), e.table.values.at("Coverage@10"),
                    e.table.values.count("ILD@10") ? e.table.values.at("ILD@10") : NAN, e.table.values.at("Gini@10"));
        std::fflush(stdout);
    }
    std::printf("threads %d; peak RSS %ld MiB (%ld MiB before evaluating)\n", threads, peakRssMiB(), before);
    if (!scratch.empty())
        fs::remove_all(scratch);
    return 0;
}
