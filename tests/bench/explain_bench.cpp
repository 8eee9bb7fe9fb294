// SPDX-License-Identifier: GPL-3.0-or-later
// Explanation speed on a SASRec of ML-1M size (issue targets: attention plus exact Shapley for a
// 10-item history under 300 ms on one core; KernelSHAP for a 50-item history, at a budget that
// reaches error 1e-2, under 2 s). Trains a one-epoch SASRec in the anchor shape unless given a
// run. Histories are a user's last 10 or 50 items. The reference for the 50-item error is
// KernelSHAP at 16x the budget, run in the same process. Times include loading the checkpoint.
//
// usage: explain_bench [--threads N] [--project FILE --run NAME_OR_ID] [--users N]
#include "benchrun.h"
#include "engine/explain.h"
#include "engine/progress.h"
#include "engine/project.h"
#include "engine/runtime.h"
#include "engine/training.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

using namespace recscope::engine;

int main(int argc, char **argv) {
    keepLargeAllocations();
    int threads = 1, sampleUsers = 5;
    std::string projectPath, runRef;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--threads"))
            threads = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--project"))
            projectPath = argv[i + 1];
        else if (!std::strcmp(argv[i], "--run"))
            runRef = argv[i + 1];
        else if (!std::strcmp(argv[i], "--users"))
            sampleUsers = std::atoi(argv[i + 1]);
    }
    setComputeThreads(threads);
    NullProgress none;
    const auto bench = recscope::bench::sasrecRun(projectPath, runRef, threads, "explain-bench");
    if (bench->runId == 0)
        return 0;
    auto &project = bench->project;
    const auto runId = bench->runId;
    std::vector<double> exactMs, kernelMs, kernelError;
    for (int k = 0; k < sampleUsers; ++k) {
        const std::int64_t user = 17 + 997 * k % 6000;
        const auto item = recommend(*project, runId, user, 1).front().first;
        // The user's last 10 (then 50) items as the whole history.
        std::vector<std::int64_t> timeline;
        for (const auto &e : project->timeline(RunStore(*project).run(runId)->datasetId, user))
            timeline.push_back(e.item);
        ExplainOptions o;
        o.method = "exact";
        o.history = std::vector<std::int64_t>(timeline.end() - 10, timeline.end());
        auto e = explain(*project, runId, user, item, o, none); // attention + exact Shapley
        exactMs.push_back(1000 * e.seconds);
        o.method = "kernelshap";
        o.history = std::vector<std::int64_t>(timeline.end() - 50, timeline.end());
        o.samples = 2048;
        const auto fast = explain(*project, runId, user, item, o, none);
        kernelMs.push_back(1000 * fast.seconds);
        o.samples = 32768;
        const auto reference = explain(*project, runId, user, item, o, none);
        auto errorOf = [&](const Explanation &x) {
            double err = 0;
            for (std::size_t i = 0; i < x.attributions.size(); ++i)
                err = std::max(err, std::abs(x.attributions[i].value - reference.attributions[i].value));
            return err;
        };
        const double err = errorOf(fast);
        kernelError.push_back(err);
        o.method = "permutation"; // the same number of coalitions: 20 orders x 2 x 51
        o.samples = 20;
        const auto perm = explain(*project, runId, user, item, o, none);
        std::printf("  permutation sampling, %lld coalitions: %.0f ms, max error %.4f\n", static_cast<long long>(perm.evaluations),
                    1000 * perm.seconds, errorOf(perm));
        std::printf("user %lld: attention + exact Shapley (10 items, %lld coalitions) %.0f ms; KernelSHAP (50 items, 2048 "
                    "coalitions) %.0f ms, max error against 32768 coalitions %.4f (score %.3f)\n",
                    static_cast<long long>(user), static_cast<long long>(e.evaluations), exactMs.back(), kernelMs.back(), err, e.score);
        std::fflush(stdout);
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    std::printf("threads %d; medians: exact (10 items) %.0f ms, KernelSHAP (50 items, 2048) %.0f ms, error %.4f; peak RSS %ld MiB\n",
                threads, median(exactMs), median(kernelMs), median(kernelError), recscope::bench::peakRssMiB());
    return 0;
}
