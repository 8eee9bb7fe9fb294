// SPDX-License-Identifier: GPL-3.0-or-later
// Explainability review speed on a SASRec of ML-1M size (issue target: 500 users, exact Shapley
// over a 10-item window with the older items as context, in under 60 s). Trains a one-epoch
// SASRec in the anchor shape (maxlen 200) unless given a run. Prints the review's time and
// figures, then, side by side on the same users, the cost of scoring one explanation's
// coalitions as whole histories and after the shared context (the path the review takes). The
// review's time includes each case's smallest change and the run's diagnosis, printed apart.
//
// usage: review_bench [--threads N] [--project FILE --run NAME_OR_ID] [--users N] [--masking remove|pad]
#include "benchrun.h"
#include "engine/explain/explainreview.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/core/runtime.h"
#include "engine/evaluation/runscorer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

using namespace recscope::engine;

int main(int argc, char **argv) {
    keepLargeAllocations();
    const auto args = recscope::bench::parseBenchArgs(argc, argv);
    const int threads = args.threads, users = args.number("--users", 500);
    setComputeThreads(threads);
    const auto bench = recscope::bench::sasrecRun(args.project, args.run, threads, "review-bench");
    if (bench->runId == 0)
        return 0;
    auto &project = *bench->project;
    NullProgress none;
    ReviewOptions o;
    o.users = users;
    o.explain.method = "exact";
    o.explain.masking = args.text("--masking", "remove");
    const auto review = reviewExplanations(project, bench->runId, o, none);
    std::vector<double> deletion, insertion, agreement;
    for (const auto &c : review.cases) {
        deletion.push_back(c.deletionArea);
        insertion.push_back(c.insertionArea);
        agreement.push_back(c.attentionAgreement);
    }
    std::printf("review: %zu users, exact Shapley over a %d-item window (%s, %s), threads %d: %.1f s (%.0f ms a user)\n",
                review.cases.size(), o.explain.window, review.masking.c_str(), review.value.c_str(), threads, review.seconds,
                1000 * review.seconds / std::max<std::size_t>(1, review.cases.size()));
    std::printf("  median deletion area %.3f, insertion area %.3f; beat random orders %.0f%%; newest item first %.0f%%; attention "
                "agreement %.2f\n",
                finiteMedian(deletion), finiteMedian(insertion), 100 * review.beatsRandomShare, 100 * review.newestFirstShare,
                finiteMedian(agreement));
    if (review.diagnosis) {
        int changed = 0;
        for (std::size_t k = 1; k < review.changeSizes.size(); ++k)
            changed += review.changeSizes[k];
        std::printf("  of which: the run's diagnosis (%lld test users) %.1f s; smallest changes found for %d users (one item: %d)\n",
                    static_cast<long long>(review.diagnosis->sequentiality.users), review.diagnosis->seconds, changed,
                    review.changeSizes.size() > 1 ? review.changeSizes[1] : 0);
        // The same review without the smallest changes and the diagnosis, side by side.
        ReviewOptions plain = o;
        plain.explain.counterfactual.reset();
        plain.diagnose = false;
        const auto bare = reviewExplanations(project, bench->runId, plain, none);
        std::printf("  the same users without smallest changes and diagnosis: %.1f s; the additions cost %.1f s (%.0f%%)\n", bare.seconds,
                    review.seconds - bare.seconds, 100 * (review.seconds - bare.seconds) / bare.seconds);
    }
    std::fflush(stdout);

    // Side by side: one user's 1,024 coalitions (remove masking) scored both ways.
    auto scorer = RunScorer::load(project, bench->runId);
    const auto datasetId = RunStore(project).run(bench->runId)->datasetId;
    double wholeMs = 0, afterMs = 0, worst = 0;
    int measured = 0;
    for (std::size_t k = 0; k < review.cases.size() && measured < 10; k += std::max<std::size_t>(1, review.cases.size() / 10)) {
        const auto user = review.cases[k].user;
        std::vector<std::int32_t> history;
        for (const auto &e : project.timeline(datasetId, user))
            history.push_back(static_cast<std::int32_t>(e.item));
        if (history.size() > 200)
            history.erase(history.begin(), history.end() - 200);
        if (history.size() <= 10)
            continue;
        const std::vector<std::int32_t> context(history.begin(), history.end() - 10);
        std::vector<std::vector<std::int32_t>> tails, whole;
        for (int mask = 0; mask < 1024; ++mask) {
            tails.emplace_back();
            for (int i = 0; i < 10; ++i)
                if (mask & (1 << i))
                    tails.back().push_back(history[history.size() - 10 + static_cast<std::size_t>(i)]);
            whole.push_back(context);
            whole.back().insert(whole.back().end(), tails.back().begin(), tails.back().end());
        }
        std::vector<float> a, b;
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t from = 0; from < whole.size(); from += 256) {
            std::vector<std::vector<std::int32_t>> chunk(whole.begin() + static_cast<long>(from), whole.begin() + static_cast<long>(from + 256));
            std::vector<float> part;
            scorer->scoreAll(chunk, std::vector<std::int64_t>(chunk.size(), user), part);
            a.insert(a.end(), part.begin(), part.end());
        }
        const auto t1 = std::chrono::steady_clock::now();
        scorer->scoreAllAfter(context, tails, user, b);
        const auto t2 = std::chrono::steady_clock::now();
        wholeMs += std::chrono::duration<double, std::milli>(t1 - t0).count();
        afterMs += std::chrono::duration<double, std::milli>(t2 - t1).count();
        for (std::size_t i = 0; i < a.size(); ++i)
            worst = std::max(worst, static_cast<double>(std::abs(a[i] - b[i])));
        ++measured;
    }
    if (measured > 0)
        std::printf("1,024 coalitions of a user (mean of %d users): whole histories %.0f ms, after the shared context %.0f ms (%.1fx); "
                    "largest score difference %.1e\n",
                    measured, wholeMs / measured, afterMs / measured, wholeMs / std::max(1e-9, afterMs), worst);
    std::printf("peak RSS %ld MiB\n", recscope::bench::peakRssMiB());
    return 0;
}
