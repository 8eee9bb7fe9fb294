// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/explain/shapley.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace recscope::engine {

namespace {

constexpr std::size_t kBatch = 1024; // coalitions per call of the value function

// Evaluates many coalitions in batches.
std::vector<double> evaluateAll(const std::vector<std::vector<char>> &coalitions, const CoalitionValue &value) {
    std::vector<double> out;
    out.reserve(coalitions.size());
    for (std::size_t start = 0; start < coalitions.size(); start += kBatch) {
        const std::vector<std::vector<char>> chunk(coalitions.begin() + static_cast<long>(start),
                                                   coalitions.begin() + static_cast<long>(std::min(coalitions.size(), start + kBatch)));
        const auto v = value(chunk);
        out.insert(out.end(), v.begin(), v.end());
    }
    return out;
}

// Solves A x = b (A symmetric positive semi-definite, n x n row-major) by Gaussian elimination
// with partial pivoting and a tiny ridge.
std::vector<double> solve(std::vector<double> a, std::vector<double> b, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        a[i * n + i] += 1e-10;
    for (std::size_t col = 0; col < n; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < n; ++r)
            if (std::abs(a[r * n + col]) > std::abs(a[pivot * n + col]))
                pivot = r;
        if (pivot != col) {
            for (std::size_t c = 0; c < n; ++c)
                std::swap(a[col * n + c], a[pivot * n + c]);
            std::swap(b[col], b[pivot]);
        }
        const double d = a[col * n + col];
        if (std::abs(d) < 1e-300)
            continue;
        for (std::size_t r = col + 1; r < n; ++r) {
            const double f = a[r * n + col] / d;
            if (f == 0)
                continue;
            for (std::size_t c = col; c < n; ++c)
                a[r * n + c] -= f * a[col * n + c];
            b[r] -= f * b[col];
        }
    }
    std::vector<double> x(n, 0.0);
    for (std::size_t i = n; i-- > 0;) {
        double s = b[i];
        for (std::size_t c = i + 1; c < n; ++c)
            s -= a[i * n + c] * x[c];
        x[i] = std::abs(a[i * n + i]) < 1e-300 ? 0 : s / a[i * n + i];
    }
    return x;
}

// The regression KernelSHAP solves: v(z) - v0 = z . b (+ c[newest player of z], with `newest`)
// under the efficiency constraint v(all) - v0 = sum(b) (+ c[last]), over every row of `z`;
// returns the Shapley values of the fitted game and their standard errors. Additive terms are their own Shapley values. The
// newest-player game c[max S] has them in closed form: player i (0-based, of m) raises the maximum
// when it comes before every newer player, from the previous maximum j when j was the first of
// {j..m-1} and i the second, so phi_i = c_i / (m - i) - sum_{j<i} c_j / ((m - j)(m - j - 1)).
// Under exact enumeration both fits give the exact values (the residual is orthogonal to the
// additive features); sampled, the newest-player terms take up what a recency-driven sequence
// model does beyond additive, which paired sampling alone cannot cancel.
struct Fit {
    std::vector<double> values, stderrs;
};

Fit constrainedFit(const std::vector<std::vector<char>> &z, const std::vector<double> &v, const std::vector<double> &weight,
                   const std::vector<std::size_t> &firstOfPair, int players, double v0, double delta, bool newest) {
    const auto m = static_cast<std::size_t>(players);
    if (m == 1)
        return {{delta}, {0.0}};
    // Features: b_0..b_{m-1}, then c_0..c_{m-1} with `newest`. Every feature of the full coalition
    // is 1 except c_0..c_{m-2}; the constraint eliminates the last feature (b_{m-1}, or c_{m-1}).
    const std::size_t p = newest ? 2 * m : m;
    const std::size_t e = p - 1, k = p - 1; // eliminated feature; k unknowns remain
    std::vector<double> a(p, 1.0);          // the full coalition's features
    if (newest)
        std::fill(a.begin() + static_cast<long>(m), a.end() - 1, 0.0);
    std::vector<double> x(p);
    auto reduced = [&](std::size_t r, std::vector<double> &row) { // returns y
        std::fill(x.begin(), x.end(), 0.0);
        std::size_t top = 0;
        for (std::size_t i = 0; i < m; ++i)
            if (z[r][i]) {
                x[i] = 1;
                top = i;
            }
        if (newest)
            x[m + top] = 1;
        for (std::size_t j = 0; j < k; ++j)
            row[j] = x[j] - x[e] * a[j];
        return v[r] - v0 - x[e] * delta;
    };
    std::vector<double> ata(k * k, 0.0), atb(k, 0.0), row(k);
    for (std::size_t r = 0; r < z.size(); ++r) {
        const double y = reduced(r, row), w = weight[r];
        for (std::size_t i = 0; i < k; ++i) {
            if (row[i] == 0)
                continue;
            atb[i] += w * row[i] * y;
            for (std::size_t j = 0; j < k; ++j)
                ata[i * k + j] += w * row[i] * row[j];
        }
    }
    const auto theta = solve(ata, atb, k);
    // The Shapley values of the fitted game, linear in the reduced coefficients.
    auto valuesOf = [&](const std::vector<double> &t, double total) {
        std::vector<double> full(t);
        double rest = 0;
        for (std::size_t j = 0; j < k; ++j)
            rest += a[j] * t[j];
        full.push_back(total - rest); // a[e] == 1
        std::vector<double> phi(full.begin(), full.begin() + static_cast<long>(m));
        if (newest) {
            const double *c = full.data() + m;
            double earlier = 0; // sum_{j<i} c_j / ((m - j)(m - j - 1))
            for (std::size_t i = 0; i < m; ++i) {
                phi[i] += c[i] / static_cast<double>(m - i) - earlier;
                if (i + 1 < m)
                    earlier += c[i] / (static_cast<double>(m - i) * static_cast<double>(m - i - 1));
            }
        }
        return phi;
    };
    Fit fit{valuesOf(theta, delta), std::vector<double>(m, 0.0)};
    if (firstOfPair.size() < 2)
        return fit;
    // Standard errors: the sandwich (A^-1 M A^-1) with the sampled complementary pairs as
    // clusters; enumerated coalitions add no sampling variance. One pass, where a bootstrap
    // would refit dozens of times.
    std::vector<double> meat(k * k, 0.0), g(k), row2(k);
    for (auto r : firstOfPair) {
        std::fill(g.begin(), g.end(), 0.0);
        for (auto q : {r, r + 1}) {
            const double y = reduced(q, row2);
            double fitted = 0;
            for (std::size_t j = 0; j < k; ++j)
                fitted += row2[j] * theta[j];
            const double scale = weight[q] * (y - fitted);
            for (std::size_t j = 0; j < k; ++j)
                g[j] += scale * row2[j];
        }
        for (std::size_t i = 0; i < k; ++i)
            if (g[i] != 0)
                for (std::size_t j = 0; j < k; ++j)
                    meat[i * k + j] += g[i] * g[j];
    }
    const double clusters = static_cast<double>(firstOfPair.size());
    for (auto &x2 : meat)
        x2 *= clusters / (clusters - 1);
    // T: how each value moves with each reduced coefficient (valuesOf is affine).
    const auto base = valuesOf(std::vector<double>(k, 0.0), 0.0);
    std::vector<double> t(m * k); // t[i*k + j]
    std::vector<double> unit(k, 0.0);
    for (std::size_t j = 0; j < k; ++j) {
        unit[j] = 1;
        const auto col = valuesOf(unit, 0.0);
        unit[j] = 0;
        for (std::size_t i = 0; i < m; ++i)
            t[i * k + j] = col[i] - base[i];
    }
    // U = T A^-1 (rows solve A u = t_i, A symmetric), then Var(phi_i) = u_i M u_i^T.
    for (std::size_t i = 0; i < m; ++i) {
        const auto u = solve(ata, std::vector<double>(t.begin() + static_cast<long>(i * k), t.begin() + static_cast<long>((i + 1) * k)), k);
        double var = 0;
        for (std::size_t p1 = 0; p1 < k; ++p1)
            if (u[p1] != 0)
                for (std::size_t p2 = 0; p2 < k; ++p2)
                    var += u[p1] * meat[p1 * k + p2] * u[p2];
        fit.stderrs[i] = std::sqrt(std::max(0.0, var));
    }
    return fit;
}

ShapleyResult endpoints(int players, const CoalitionValue &value) {
    ShapleyResult r;
    const auto ends = value({std::vector<char>(static_cast<std::size_t>(players), 0), std::vector<char>(static_cast<std::size_t>(players), 1)});
    r.empty = ends[0];
    r.full = ends[1];
    r.evaluations = 2;
    r.values.assign(static_cast<std::size_t>(players), 0.0);
    r.stderrs.assign(static_cast<std::size_t>(players), 0.0);
    return r;
}

} // namespace

ShapleyResult exactShapley(int players, const CoalitionValue &value) {
    if (players < 0 || players > 20)
        throw EngineError(ErrorKind::Usage, "exact Shapley values enumerate 2^n coalitions; " + std::to_string(players) +
                                                " players is too many (use KernelSHAP or permutation sampling)");
    const auto n = static_cast<std::size_t>(players);
    const std::size_t count = std::size_t(1) << n;
    std::vector<std::vector<char>> coalitions(count, std::vector<char>(n, 0));
    for (std::size_t mask = 0; mask < count; ++mask)
        for (std::size_t i = 0; i < n; ++i)
            coalitions[mask][i] = (mask >> i) & 1;
    const auto v = evaluateAll(coalitions, value);
    // weight(|S|) = |S|! (n - |S| - 1)! / n!
    std::vector<double> weight(n + 1, 0.0);
    for (std::size_t s = 0; s < n; ++s)
        weight[s] = std::exp(std::lgamma(double(s) + 1) + std::lgamma(double(n - s)) - std::lgamma(double(n) + 1));
    ShapleyResult r;
    r.values.assign(n, 0.0);
    r.stderrs.assign(n, 0.0);
    for (std::size_t mask = 0; mask < count; ++mask) {
        const auto size = static_cast<std::size_t>(__builtin_popcountll(mask));
        for (std::size_t i = 0; i < n; ++i)
            if (!((mask >> i) & 1))
                r.values[i] += weight[size] * (v[mask | (std::size_t(1) << i)] - v[mask]);
    }
    r.empty = v.front();
    r.full = v.back();
    r.evaluations = static_cast<std::int64_t>(count);
    return r;
}

ShapleyResult kernelShap(int players, const CoalitionValue &value, int samples, std::uint64_t seed, bool ordered) {
    auto r = endpoints(players, value);
    const auto m = static_cast<std::size_t>(players);
    const double delta = r.full - r.empty;
    if (m <= 1) {
        if (m == 1)
            r.values[0] = delta;
        return r;
    }
    // As the shap library does: coalition sizes whose every coalition (and complement) fits in the
    // budget are enumerated with their exact kernel weight, smallest sizes first; the rest of the
    // budget is drawn from the remaining sizes in proportion to their kernel mass, in complementary
    // pairs, sharing that mass equally.
    auto choose = [](std::size_t n, std::size_t k) { return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)); };
    auto kernel = [&](std::size_t s) { // weight of one coalition of size s
        return static_cast<double>(m - 1) / (choose(m, s) * static_cast<double>(s) * static_cast<double>(m - s));
    };
    std::vector<std::vector<char>> z;
    std::vector<double> weight;
    std::vector<std::size_t> pairOf; // bootstrap unit of each row
    double budget = std::max(2, samples);
    std::size_t lowest = 1; // sizes below `lowest` (and above m - lowest) are enumerated
    for (std::size_t s = 1; s <= m / 2; ++s) {
        const double count = choose(m, s) * (s == m - s ? 1 : 2);
        if (count > budget || count > 1e6)
            break;
        budget -= count;
        lowest = s + 1;
    }
    std::size_t unit = 0;
    auto enumerate = [&](std::size_t size) { // every coalition of this size
        std::vector<char> c(m, 0);
        std::fill(c.end() - static_cast<long>(size), c.end(), 1);
        do {
            z.push_back(c);
            weight.push_back(kernel(size));
            pairOf.push_back(unit++);
        } while (std::next_permutation(c.begin(), c.end()));
    };
    for (std::size_t s = 1; s < lowest; ++s) {
        enumerate(s);
        if (m - s != s)
            enumerate(m - s);
    }
    std::mt19937_64 rng(seed);
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), 0);
    std::vector<double> sizeMass;
    for (std::size_t s = lowest; s <= m - lowest; ++s)
        sizeMass.push_back(choose(m, s) * kernel(s));
    const auto pairs = sizeMass.empty() ? 0 : static_cast<std::size_t>(budget / 2);
    if (pairs > 0) {
        std::discrete_distribution<std::size_t> size(sizeMass.begin(), sizeMass.end());
        const double mass = std::accumulate(sizeMass.begin(), sizeMass.end(), 0.0);
        for (std::size_t p = 0; p < pairs; ++p) {
            const auto s = size(rng) + lowest;
            std::shuffle(order.begin(), order.end(), rng);
            std::vector<char> a(m, 0);
            for (std::size_t i = 0; i < s; ++i)
                a[order[i]] = 1;
            std::vector<char> b(m);
            for (std::size_t i = 0; i < m; ++i)
                b[i] = !a[i];
            for (auto *c : {&a, &b}) {
                z.push_back(std::move(*c));
                weight.push_back(mass / static_cast<double>(2 * pairs));
                pairOf.push_back(unit);
            }
            ++unit;
        }
    }
    const auto v = evaluateAll(z, value);
    r.evaluations += static_cast<std::int64_t>(z.size());
    std::vector<std::size_t> firstOfPair; // the sampled pairs, each (row, row + 1)
    for (std::size_t row = 0; row + 1 < z.size(); ++row)
        if (pairOf[row + 1] == pairOf[row])
            firstOfPair.push_back(row++);
    auto fit = constrainedFit(z, v, weight, firstOfPair, players, r.empty, delta, ordered);
    r.values = std::move(fit.values);
    r.stderrs = std::move(fit.stderrs);
    return r;
}

ShapleyResult permutationShapley(int players, const CoalitionValue &value, int samples, std::uint64_t seed) {
    auto r = endpoints(players, value);
    const auto m = static_cast<std::size_t>(players);
    if (m == 0)
        return r;
    std::mt19937_64 rng(seed);
    const auto orders = static_cast<std::size_t>(std::max(1, samples));
    std::vector<std::vector<double>> perOrder; // each: the antithetic pair's mean marginal contributions
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), 0);
    // Batches of orders: every prefix of an order and of its reverse is one coalition.
    const std::size_t perBatch = std::max<std::size_t>(1, kBatch / (2 * (m + 1)));
    for (std::size_t start = 0; start < orders; start += perBatch) {
        const auto count = std::min(perBatch, orders - start);
        std::vector<std::vector<std::size_t>> sequences;
        std::vector<std::vector<char>> z;
        for (std::size_t o = 0; o < count; ++o) {
            std::shuffle(order.begin(), order.end(), rng);
            for (const bool reversed : {false, true}) {
                auto seq = order;
                if (reversed)
                    std::reverse(seq.begin(), seq.end());
                std::vector<char> c(m, 0);
                z.push_back(c);
                for (auto i : seq) {
                    c[i] = 1;
                    z.push_back(c);
                }
                sequences.push_back(std::move(seq));
            }
        }
        const auto v = value(z);
        r.evaluations += static_cast<std::int64_t>(z.size());
        for (std::size_t o = 0; o < count; ++o) {
            std::vector<double> contribution(m, 0.0);
            for (std::size_t half = 0; half < 2; ++half) {
                const auto &seq = sequences[2 * o + half];
                const std::size_t base = (2 * o + half) * (m + 1);
                for (std::size_t k = 0; k < m; ++k)
                    contribution[seq[k]] += 0.5 * (v[base + k + 1] - v[base + k]);
            }
            perOrder.push_back(std::move(contribution));
        }
    }
    const double n = static_cast<double>(perOrder.size());
    for (std::size_t i = 0; i < m; ++i) {
        double mean = 0, ss = 0;
        for (const auto &x : perOrder)
            mean += x[i] / n;
        for (const auto &x : perOrder)
            ss += (x[i] - mean) * (x[i] - mean);
        r.values[i] = mean;
        r.stderrs[i] = n > 1 ? std::sqrt(ss / (n - 1) / n) : 0;
    }
    return r;
}

} // namespace recscope::engine
