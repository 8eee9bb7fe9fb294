// SPDX-License-Identifier: GPL-3.0-or-later
// Differential-privacy accounting: Rényi DP of the sampled Gaussian mechanism (Mironov, Talwar &
// Zhang 2019) and its conversion to (epsilon, delta) (Balle et al. 2020, Thm 21), as Opacus's RDP
// accountant computes them; ../shared/reference/rdp_reference.tsv is matched to 1e-9 relative with
// the same best order. On the bottom floor because DP-SGD (models/) and the privacy reports
// (privacy/) both count with it. Std-only.
#pragma once

#include <cstdint>
#include <vector>

namespace recscope::engine {

// Opacus's default orders: 1 + x / 10 for x = 1..99, then the integers 12..63.
std::vector<double> defaultRdpOrders();

// RDP at order `alpha` of one step of the sampled Gaussian mechanism: each record (example, or
// user for user-level DP) is in the batch with probability q, the clipped sum gets Gaussian noise
// of sigma times the clip norm. Integer orders by the binomial expansion, fractional ones by the
// two-series expansion (terms summed until they fall below exp(-30)). 0 for q = 0, infinite for
// sigma = 0, alpha / (2 sigma^2) for q = 1.
double rdpSampledGaussian(double q, double sigma, double alpha);

struct PrivacySpent {
    double epsilon = 0;
    double order = 0; // the order that gives it
};

// The smallest epsilon over the orders for `delta` (the first minimum wins; infinite when none
// is finite): eps(a) = rdp(a) - (ln delta + ln a) / (a - 1) + ln((a - 1) / a).
PrivacySpent epsilonFromRdp(const std::vector<double> &orders, const std::vector<double> &rdp, double delta);

// Adds up RDP over training steps, which may change q or sigma on the way.
class RdpAccountant {
public:
    explicit RdpAccountant(std::vector<double> orders = defaultRdpOrders());
    void addSteps(double q, double sigma, std::int64_t steps = 1);
    PrivacySpent spent(double delta) const;
    std::int64_t steps() const { return m_steps; }
    const std::vector<double> &orders() const { return m_orders; }

private:
    std::vector<double> m_orders, m_rdp;
    std::int64_t m_steps = 0;
    double m_lastQ = -1, m_lastSigma = -1; // the per-step RDP of the last (q, sigma), reused
    std::vector<double> m_lastStep;
};

// Epsilon after `steps` steps at (q, sigma).
PrivacySpent epsilonAfter(double q, double sigma, std::int64_t steps, double delta);

// The smallest noise multiplier (to 0.1%) whose epsilon after `steps` steps at rate q stays
// within `targetEpsilon`, by bisection. Throws EngineError(Usage) when no noise up to 1000 does.
double noiseForEpsilon(double q, std::int64_t steps, double delta, double targetEpsilon);

} // namespace recscope::engine
