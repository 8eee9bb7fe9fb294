// SPDX-License-Identifier: GPL-3.0-or-later
// Significance of a difference between two runs measured on the same users: paired t-test,
// Wilcoxon signed-rank test and bootstrap confidence intervals. Std-only.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace recscope::engine {

struct TestResult {
    double statistic = 0; // t for the t-test; W+ (sum of positive ranks) for Wilcoxon
    double p = 1;         // two-sided
    double df = 0;        // t-test: n - 1
    std::int64_t n = 0;   // pairs used (Wilcoxon: non-zero differences)
    bool exact = false;   // Wilcoxon: exact null distribution (n <= 50, no ties) or normal approximation
};

// Two-sided paired t-test of mean(a - b) = 0 (as scipy.stats.ttest_rel). Identical samples give p = 1.
TestResult pairedTTest(const std::vector<double> &a, const std::vector<double> &b);

// Two-sided Wilcoxon signed-rank test of a - b (as scipy.stats.wilcoxon with its defaults: zero
// differences dropped, exact distribution up to 50 pairs without ties, else the normal
// approximation with the tie correction and no continuity correction).
TestResult wilcoxonSignedRank(const std::vector<double> &a, const std::vector<double> &b);

// Percentile bootstrap interval of the mean (`resamples` draws with replacement, seeded).
std::pair<double, double> bootstrapMeanInterval(const std::vector<double> &values, int resamples = 1000,
                                                std::uint64_t seed = 42, double level = 0.95);

// Student's t distribution: P(T <= t) with `df` degrees of freedom.
double studentTCdf(double t, double df);
// Standard normal distribution: P(Z <= z).
double normalCdf(double z);

} // namespace recscope::engine
