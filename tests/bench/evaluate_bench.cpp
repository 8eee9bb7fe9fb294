// SPDX-License-Identifier: GPL-3.0-or-later
// Full-ranking evaluation benchmark (issue: under 10 s for a SASRec run on ML-1M, all metrics at
// K = 5, 10, 20). Trains a one-epoch SASRec in the anchor shape (maxlen 200, hidden 50, 2 blocks,
// 1 head) unless given a stored run, then times evaluateRun under loo-full and under
// loo-sampled-uniform-100 side by side, then a diagnosis of every test user (issue 28: under
// 60 s on ML-1M; three full rankings and the temporal cases when the data has times), and
// prints the peak memory.
//
// usage: evaluate_bench [--threads N] [--project FILE --run NAME_OR_ID]
#include "benchrun.h"
#include "engine/evaluation/diagnostics.h"
#include "engine/evaluation/evaluation.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/core/runtime.h"
#include "engine/evaluation/runscorer.h"

#include <cstdio>
#include <string>

using namespace recscope::engine;

int main(int argc, char **argv) {
    const auto args = recscope::bench::parseBenchArgs(argc, argv);
    const int threads = args.threads;
    setComputeThreads(threads);
    NullProgress none;
    const auto bench = recscope::bench::sasrecRun(args.project, args.run, threads, "evaluate-bench");
    if (bench->runId == 0)
        return 0;
    auto &project = bench->project;
    const auto runId = bench->runId;
    const long before = recscope::bench::peakRssMiB();
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
    const auto d = diagnose(*project, runId, DiagnoseOptions{}, none);
    std::printf("diagnosis of %lld users: %.1f s (beside one full-ranking evaluation above: three rankings%s); NDCG@10 %.4f as read, "
                "%.4f shuffled, %.4f reversed, uses order: %s\n",
                static_cast<long long>(d.sequentiality.users), d.seconds, d.leakage.timestamps ? " and the temporal cases" : ", no timestamps",
                d.sequentiality.ndcg, d.sequentiality.ndcgShuffled, d.sequentiality.ndcgReversed, d.sequentiality.usesOrder ? "yes" : "no");
    std::printf("threads %d; peak RSS %ld MiB (%ld MiB before evaluating)\n", threads, recscope::bench::peakRssMiB(), before);
    return 0;
}
