// SPDX-License-Identifier: GPL-3.0-or-later
// Int8 quantization and magnitude / head pruning (50%) of a SASRec of ML-1M size, side by side
// with the original in one run:
// checkpoint size, full-ranking NDCG@10 and HR@10 (leave-one-out, every user), latency per user
// (batch 1, p50 and p95) and throughput (batches of 256). Trains a one-epoch SASRec in the anchor
// shape unless given a run; the int8 copy is made in a scratch copy of the project.
//
// usage: compress_bench [--threads N] [--project FILE --run NAME_OR_ID]
#include "benchrun.h"
#include "engine/efficiency/efficiency.h"
#include "engine/evaluation/evaluation.h"
#include "engine/core/runtime.h"

#include <filesystem>

using namespace recscope::engine;

int main(int argc, char **argv) {
    keepLargeAllocations();
    const auto args = recscope::bench::parseBenchArgs(argc, argv);
    const int threads = args.threads;
    std::string projectPath = args.project;
    const std::string &runRef = args.run;
    setComputeThreads(threads);
    std::filesystem::path scratch;
    if (!projectPath.empty()) { // never write into the analyst's project
        scratch = std::filesystem::temp_directory_path() / ("recscope-compress-" + std::to_string(::getpid()) + ".recscope");
        std::filesystem::copy_file(projectPath, scratch);
        projectPath = scratch.string();
    }
    {
        const auto bench = recscope::bench::sasrecRun(projectPath, runRef, threads, "compress-bench");
        if (bench->runId == 0)
            return 0;
        auto &project = *bench->project;
        NullProgress none;
        const auto original = bench->runId;
        const auto int8 = quantizeRun(project, original, none);
        const auto pruned = pruneRun(project, original, 0.5, false, none), heads = pruneRun(project, original, 0.5, true, none);
        RunStore store(project);
        EvaluationOptions o;
        o.store = false;
        std::printf("%-10s %12s %9s %9s %12s %12s %12s\n", "run", "checkpoint", "NDCG@10", "HR@10", "p50 ms", "p95 ms", "users/s");
        double ndcg[4] = {0, 0, 0, 0};
        int k = 0;
        const char *names[] = {"float32", "int8", "pruned 50%", "heads 50%"};
        for (const auto id : {original, int8, pruned, heads}) {
            const auto e = evaluateRun(project, id, o, none);
            const auto p = profileRun(project, id, none, 200);
            ndcg[k++] = e.table.values.at("NDCG@10");
            std::printf("%-10s %9.2f MB %9.4f %9.4f %12.3f %12.3f %12.0f\n", names[k - 1],
                        static_cast<double>(store.loadCheckpoint(id, "best")->size()) / 1e6, e.table.values.at("NDCG@10"),
                        e.table.values.at("HR@10"), p.latencyP50Ms, p.latencyP95Ms, p.usersPerSecond);
        }
        std::printf("int8: size %.2fx smaller, NDCG@10 %+.2f%%; pruned 50%%: NDCG@10 %+.2f%%; heads 50%%: NDCG@10 %+.2f%%; threads %d; "
                    "peak RSS %ld MiB\n",
                    static_cast<double>(store.loadCheckpoint(original, "best")->size()) / static_cast<double>(store.loadCheckpoint(int8, "best")->size()),
                    100 * (ndcg[1] / ndcg[0] - 1), 100 * (ndcg[2] / ndcg[0] - 1), 100 * (ndcg[3] / ndcg[0] - 1), threads,
                    recscope::bench::peakRssMiB());
    }
    if (!scratch.empty())
        std::filesystem::remove(scratch);
    return 0;
}
