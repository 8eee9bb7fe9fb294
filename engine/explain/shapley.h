// SPDX-License-Identifier: GPL-3.0-or-later
// Shapley values of a cooperative game given by a batched value function over coalitions:
// exact enumeration, KernelSHAP (Lundberg & Lee 2017) and antithetic permutation sampling.
// Model-free and std-only, so each method can be checked on games with known answers.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace recscope::engine {

// v(S) for a batch of coalitions; coalitions[k][i] != 0 when player i is in the k-th one.
using CoalitionValue = std::function<std::vector<double>(const std::vector<std::vector<char>> &coalitions)>;

struct ShapleyResult {
    std::vector<double> values;  // one per player
    std::vector<double> stderrs; // standard errors (0 for exact values)
    double empty = 0, full = 0;  // v(empty), v(all players)
    std::int64_t evaluations = 0; // coalitions evaluated
};

// Every coalition (2^players of them; players <= 20). Throws EngineError(Usage) above that.
ShapleyResult exactShapley(int players, const CoalitionValue &value);

// KernelSHAP: `samples` coalitions drawn from the Shapley kernel in complementary pairs, solved by
// weighted least squares under the efficiency constraint (the values sum to v(all) - v(empty));
// standard errors from the sandwich estimator with the sampled pairs as clusters.
// With `ordered` (players in time order, the last the newest), the regression also fits a term
// for which present player is the newest, whose Shapley values are known in closed form: the
// same values under full enumeration, a far smaller error on sequence models whose score
// follows the newest item.
ShapleyResult kernelShap(int players, const CoalitionValue &value, int samples, std::uint64_t seed, bool ordered = false);

// Antithetic permutation sampling: `samples` random orders, each with its reverse; a player's value
// is its mean marginal contribution; standard errors over the orders.
ShapleyResult permutationShapley(int players, const CoalitionValue &value, int samples, std::uint64_t seed);

} // namespace recscope::engine
