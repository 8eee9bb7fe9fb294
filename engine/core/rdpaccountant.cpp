// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/rdpaccountant.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace recscope::engine {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// log(exp(x) + exp(y)) without overflow.
double logAdd(double x, double y) {
    const double a = std::min(x, y), b = std::max(x, y);
    if (a == -kInf)
        return b;
    return std::log1p(std::exp(a - b)) + b;
}

// log(exp(x) - exp(y)); NaN when that would be negative.
double logSub(double x, double y) {
    if (x < y)
        return std::nan("");
    if (y == -kInf)
        return x;
    if (x == y)
        return -kInf;
    if (x - y > 700) // exp would overflow; the difference is x to double precision
        return x;
    return std::log(std::expm1(x - y)) + y;
}

// log(erfc(x)), also far in the tail where erfc underflows (asymptotic series).
double logErfc(double x) {
    if (x < 25)
        return std::log(std::erfc(x));
    const double t = 1 / (2 * x * x);
    // erfc(x) = exp(-x^2) / (x sqrt(pi)) * (1 - t + 3 t^2 - 15 t^3 + 105 t^4 - ...)
    const double series = 1 - t * (1 - 3 * t * (1 - 5 * t * (1 - 7 * t * (1 - 9 * t))));
    return -x * x - std::log(x) - 0.5 * std::log(M_PI) + std::log(series);
}

// The binomial coefficient for real n and integer k >= 0 (the multiplication formula, as scipy
// uses for small k; it is exact for the integers RDP needs and stable for fractional n).
double binomial(double n, int k) {
    double num = 1, den = 1;
    for (int i = 1; i <= k; ++i) {
        num *= i + n - k;
        den *= i;
        if (std::abs(num) > 1e50) {
            num /= den;
            den = 1;
        }
    }
    return num / den;
}

double logAIntegerOrder(double q, double sigma, int alpha) {
    double logA = -kInf;
    for (int i = 0; i <= alpha; ++i) {
        const double logCoef = std::log(binomial(alpha, i)) + i * std::log(q) + (alpha - i) * std::log(1 - q);
        logA = logAdd(logA, logCoef + (double(i) * i - i) / (2 * sigma * sigma));
    }
    return logA;
}

double logAFractionalOrder(double q, double sigma, double alpha) {
    double logA0 = -kInf, logA1 = -kInf;
    const double z0 = sigma * sigma * std::log(1 / q - 1) + 0.5;
    // The series may run to millions of terms for small orders (the coefficients fall only as a
    // power of i): binom(alpha, i) by its recurrence, not afresh each time.
    double coef = 1;
    for (int i = 0;; coef *= (alpha - i) / (i + 1.0), ++i) {
        const double logCoef = std::log(std::abs(coef));
        const double j = alpha - i;
        const double logT0 = logCoef + i * std::log(q) + j * std::log(1 - q);
        const double logT1 = logCoef + j * std::log(q) + i * std::log(1 - q);
        const double logE0 = std::log(0.5) + logErfc((i - z0) / (std::sqrt(2.0) * sigma));
        const double logE1 = std::log(0.5) + logErfc((z0 - j) / (std::sqrt(2.0) * sigma));
        const double logS0 = logT0 + (double(i) * i - i) / (2 * sigma * sigma) + logE0;
        const double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
        if (coef > 0) {
            logA0 = logAdd(logA0, logS0);
            logA1 = logAdd(logA1, logS1);
        } else {
            logA0 = logSub(logA0, logS0);
            logA1 = logSub(logA1, logS1);
        }
        if (std::max(logS0, logS1) < -30)
            break;
    }
    return logAdd(logA0, logA1);
}

} // namespace

std::vector<double> defaultRdpOrders() {
    std::vector<double> orders;
    for (int x = 1; x < 100; ++x)
        orders.push_back(1 + x / 10.0);
    for (int a = 12; a < 64; ++a)
        orders.push_back(a);
    return orders;
}

double rdpSampledGaussian(double q, double sigma, double alpha) {
    if (q == 0)
        return 0;
    if (sigma == 0 || std::isinf(alpha))
        return kInf;
    if (q == 1)
        return alpha / (2 * sigma * sigma);
    const double logA = alpha == std::floor(alpha) ? logAIntegerOrder(q, sigma, static_cast<int>(alpha))
                                                   : logAFractionalOrder(q, sigma, alpha);
    return logA / (alpha - 1);
}

PrivacySpent epsilonFromRdp(const std::vector<double> &orders, const std::vector<double> &rdp, double delta) {
    PrivacySpent best{kInf, std::nan("")};
    for (std::size_t k = 0; k < orders.size() && k < rdp.size(); ++k) {
        const double a = orders[k];
        const double eps = rdp[k] - (std::log(delta) + std::log(a)) / (a - 1) + std::log((a - 1) / a);
        if (!std::isnan(eps) && (std::isnan(best.order) || eps < best.epsilon))
            best = {eps, a};
    }
    return best;
}

RdpAccountant::RdpAccountant(std::vector<double> orders) : m_orders(std::move(orders)), m_rdp(m_orders.size(), 0.0) {}

void RdpAccountant::addSteps(double q, double sigma, std::int64_t steps) {
    if (q != m_lastQ || sigma != m_lastSigma || m_lastStep.size() != m_orders.size()) {
        m_lastStep.resize(m_orders.size());
        for (std::size_t k = 0; k < m_orders.size(); ++k)
            m_lastStep[k] = rdpSampledGaussian(q, sigma, m_orders[k]);
        m_lastQ = q;
        m_lastSigma = sigma;
    }
    for (std::size_t k = 0; k < m_orders.size(); ++k)
        m_rdp[k] += m_lastStep[k] * static_cast<double>(steps);
    m_steps += steps;
}

PrivacySpent epsilonAfter(double q, double sigma, std::int64_t steps, double delta) {
    RdpAccountant a;
    a.addSteps(q, sigma, steps);
    return a.spent(delta);
}

double noiseForEpsilon(double q, std::int64_t steps, double delta, double targetEpsilon) {
    double hi = 1000;
    if (!(epsilonAfter(q, hi, steps, delta).epsilon <= targetEpsilon))
        throw EngineError(ErrorKind::Usage, "no noise multiplier up to 1000 keeps epsilon within " + std::to_string(targetEpsilon) +
                                                " over " + std::to_string(steps) + " steps; raise the target or train fewer steps");
    double lo = 0;
    while (hi - lo > 1e-3 * hi) {
        const double mid = 0.5 * (lo + hi);
        (epsilonAfter(q, mid, steps, delta).epsilon <= targetEpsilon ? hi : lo) = mid;
    }
    return hi;
}

PrivacySpent RdpAccountant::spent(double delta) const { return epsilonFromRdp(m_orders, m_rdp, delta); }

} // namespace recscope::engine
