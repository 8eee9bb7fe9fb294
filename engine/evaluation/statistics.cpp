// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/evaluation/statistics.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace recscope::engine {

namespace {

// Continued fraction of the regularised incomplete beta function (modified Lentz's method).
double betaFraction(double a, double b, double x) {
    const double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    d = 1 / (std::abs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 300; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
        d = 1 + aa * d;
        d = 1 / (std::abs(d) < tiny ? tiny : d);
        c = 1 + aa / c;
        c = std::abs(c) < tiny ? tiny : c;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
        d = 1 + aa * d;
        d = 1 / (std::abs(d) < tiny ? tiny : d);
        c = 1 + aa / c;
        c = std::abs(c) < tiny ? tiny : c;
        const double delta = d * c;
        h *= delta;
        if (std::abs(delta - 1) < 1e-15)
            break;
    }
    return h;
}

// I_x(a, b).
double incompleteBeta(double a, double b, double x) {
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x));
    if (x < (a + 1) / (a + b + 2))
        return front * betaFraction(a, b, x) / a;
    return 1 - front * betaFraction(b, a, 1 - x) / b;
}

void requirePairs(const std::vector<double> &a, const std::vector<double> &b) {
    if (a.size() != b.size())
        throw EngineError(ErrorKind::Usage, "a paired test needs the same users on both sides (" + std::to_string(a.size()) +
                                                " vs " + std::to_string(b.size()) + " values)");
}

} // namespace

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double studentTCdf(double t, double df) {
    const double tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t)); // P(T > |t|)
    return t >= 0 ? 1 - tail : tail;
}

TestResult pairedTTest(const std::vector<double> &a, const std::vector<double> &b) {
    requirePairs(a, b);
    TestResult r;
    r.n = static_cast<std::int64_t>(a.size());
    if (r.n < 2)
        return r;
    double mean = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        mean += a[i] - b[i];
    mean /= static_cast<double>(r.n);
    double ss = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        ss += (a[i] - b[i] - mean) * (a[i] - b[i] - mean);
    r.df = static_cast<double>(r.n - 1);
    const double se = std::sqrt(ss / r.df / static_cast<double>(r.n));
    if (se == 0) { // every difference equal: no evidence unless they all differ
        r.statistic = mean == 0 ? 0 : std::copysign(INFINITY, mean);
        r.p = mean == 0 ? 1 : 0;
        return r;
    }
    r.statistic = mean / se;
    r.p = std::min(1.0, 2 * (1 - studentTCdf(std::abs(r.statistic), r.df)));
    return r;
}

TestResult wilcoxonSignedRank(const std::vector<double> &a, const std::vector<double> &b) {
    requirePairs(a, b);
    std::vector<double> d;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i])
            d.push_back(a[i] - b[i]);
    TestResult r;
    r.n = static_cast<std::int64_t>(d.size());
    if (d.empty())
        return r;
    // Average ranks of |d|; ties share their mean rank.
    std::vector<std::size_t> order(d.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto x, auto y) { return std::abs(d[x]) < std::abs(d[y]); });
    std::vector<double> rank(d.size());
    double tieTerm = 0; // sum of t^3 - t over tie groups
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && std::abs(d[order[j + 1]]) == std::abs(d[order[i]]))
            ++j;
        const double avg = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
        for (std::size_t k = i; k <= j; ++k)
            rank[order[k]] = avg;
        const double t = static_cast<double>(j - i + 1);
        tieTerm += t * t * t - t;
        i = j + 1;
    }
    double wPlus = 0;
    for (std::size_t i = 0; i < d.size(); ++i)
        wPlus += d[i] > 0 ? rank[i] : 0;
    r.statistic = wPlus;
    const double n = static_cast<double>(d.size());
    const double total = n * (n + 1) / 2;
    if (d.size() <= 50 && tieTerm == 0) {
        // Exact: the number of subsets of {1..n} with each rank sum, by dynamic programming.
        const auto max = static_cast<std::size_t>(total);
        std::vector<double> count(max + 1, 0.0);
        count[0] = 1;
        for (std::size_t k = 1; k <= d.size(); ++k)
            for (std::size_t s = max; s >= k; --s)
                count[s] += count[s - k];
        const double all = std::pow(2.0, n);
        const double w = std::min(wPlus, total - wPlus);
        double lower = 0;
        for (std::size_t s = 0; s <= static_cast<std::size_t>(std::floor(w + 1e-9)); ++s)
            lower += count[s];
        r.p = std::min(1.0, 2 * lower / all);
        r.exact = true;
        return r;
    }
    const double mean = total / 2;
    const double var = n * (n + 1) * (2 * n + 1) / 24 - tieTerm / 48;
    if (var <= 0)
        return r;
    const double z = (wPlus - mean) / std::sqrt(var);
    r.p = std::min(1.0, 2 * (1 - normalCdf(std::abs(z))));
    return r;
}

std::pair<double, double> bootstrapMeanInterval(const std::vector<double> &values, int resamples, std::uint64_t seed,
                                                double level) {
    if (values.empty())
        return {NAN, NAN};
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, values.size() - 1);
    std::vector<double> means(static_cast<std::size_t>(std::max(1, resamples)));
    for (auto &m : means) {
        double sum = 0;
        for (std::size_t i = 0; i < values.size(); ++i)
            sum += values[pick(rng)];
        m = sum / static_cast<double>(values.size());
    }
    std::sort(means.begin(), means.end());
    auto at = [&](double q) { // linear interpolation between order statistics (numpy's default)
        const double pos = q * static_cast<double>(means.size() - 1);
        const auto lo = static_cast<std::size_t>(std::floor(pos));
        const auto hi = std::min(means.size() - 1, lo + 1);
        return means[lo] + (pos - static_cast<double>(lo)) * (means[hi] - means[lo]);
    };
    const double alpha = (1 - level) / 2;
    return {at(alpha), at(1 - alpha)};
}

} // namespace recscope::engine
