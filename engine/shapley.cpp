// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/shapley.h"

#include "engine/errors.h"

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

// Least squares of v(z) - v0 = z . phi with sum(phi) = delta, over the rows `use` of `z`.
std::vector<double> constrainedFit(const std::vector<std::vector<char>> &z, const std::vector<double> &v, const std::vector<double> &weight,
                                   const std::vector<std::size_t> &use, int players, double v0, double delta) {
    const auto m = static_cast<std::size_t>(players);
    if (m == 1)
        return {delta};
    const std::size_t k = m - 1; // the last player is eliminated: phi_last = delta - sum(others)
    std::vector<double> ata(k * k, 0.0), atb(k, 0.0), row(k);
    for (auto r : use) {
        const double last = z[r][m - 1];
        for (std::size_t j = 0; j < k; ++j)
            row[j] = z[r][j] - last;
        const double y = v[r] - v0 - last * delta;
        const double w = weight[r];
        for (std::size_t i = 0; i < k; ++i) {
            if (row[i] == 0)
                continue;
            atb[i] += w * row[i] * y;
            for (std::size_t j = 0; j < k; ++j)
                ata[i * k + j] += w * row[i] * row[j];
        }
    }
    auto phi = solve(ata, atb, k);
    phi.push_back(delta - std::accumulate(phi.begin(), phi.end(), 0.0));
    return phi;
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

ShapleyResult kernelShap(int players, const CoalitionValue &value, int samples, std::uint64_t seed) {
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
    std::vector<std::size_t> all(z.size());
    std::iota(all.begin(), all.end(), 0);
    r.values = constrainedFit(z, v, weight, all, players, r.empty, delta);
    if (pairs == 0) // every coalition enumerated: the values are exact
        return r;
    // Bootstrap over the sampled pairs (enumerated coalitions stay) for standard errors.
    const int resamples = 30;
    std::vector<std::vector<double>> boot;
    std::vector<std::size_t> fixed, firstOfPair;
    for (std::size_t row = 0; row < z.size(); ++row) {
        if (row + 1 < z.size() && pairOf[row + 1] == pairOf[row])
            firstOfPair.push_back(row++);
        else
            fixed.push_back(row);
    }
    std::uniform_int_distribution<std::size_t> pick(0, firstOfPair.size() - 1);
    for (int b = 0; b < resamples; ++b) {
        std::vector<std::size_t> use = fixed;
        for (std::size_t p = 0; p < firstOfPair.size(); ++p) {
            const auto q = firstOfPair[pick(rng)];
            use.push_back(q);
            use.push_back(q + 1);
        }
        boot.push_back(constrainedFit(z, v, weight, use, players, r.empty, delta));
    }
    for (std::size_t i = 0; i < m; ++i) {
        double mean = 0, ss = 0;
        for (const auto &x : boot)
            mean += x[i] / resamples;
        for (const auto &x : boot)
            ss += (x[i] - mean) * (x[i] - mean);
        r.stderrs[i] = std::sqrt(ss / (resamples - 1));
    }
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
