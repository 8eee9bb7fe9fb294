// SPDX-License-Identifier: GPL-3.0-or-later
// Privacy measures. Differential-privacy accounting: Rényi DP of the sampled Gaussian mechanism
// (Mironov, Talwar & Zhang 2019) and its conversion to (epsilon, delta) (Balle et al. 2020, Thm
// 21), as Opacus's RDP accountant computes them; ../shared/reference/rdp_reference.tsv is matched
// to 1e-9 relative with the same best order. And the k-anonymity of a user table. Std-only.
#pragma once

#include <cstdint>
#include <string>
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

class Project;
class Progress;

// A loss-threshold membership-inference attack (Yeom et al. 2018) on a run: for every user, the
// loss of predicting the last item of the sequence the model could have trained on from the items
// before it (cross-entropy over the whole catalog); members are the users trained on, non-members
// the users held out whole (a k-fold run). The attack guesses "member" below a threshold; its AUC
// over all thresholds is the empirical leakage (0.5: none).
struct MembershipAudit {
    std::int64_t runId = 0;
    std::int64_t members = 0, nonMembers = 0;
    double auc = 0.5;                 // P(a member's loss < a non-member's), ties counted half
    double memberLoss = 0, nonMemberLoss = 0; // mean losses
};
// Throws EngineError(Usage) for a run without held-out users (train it with split=kfold).
MembershipAudit auditMembership(Project &project, std::int64_t runId, Progress &progress);

// How identifying a user table is through its quasi-identifiers (e.g. age, gender, occupation,
// zip code in MovieLens): users who share every value form a class; the table is k-anonymous for
// k = the smallest class, and a user alone in a class is unique. Measured as stored, then after
// generalising the columns in two steps (numbers to 10- then 20-wide bands, codes of digits to
// their first 3 then 1 characters, other text kept, then suppressed at the second step).
struct AnonymityLevel {
    std::string name;                 // "as stored", "generalised", "generalised further"
    std::vector<std::string> changes; // what each column became, for the record
    std::int64_t k = 0;               // size of the smallest class
    std::int64_t classes = 0;
    std::int64_t uniqueUsers = 0;     // users alone in their class
    double uniqueShare = 0;           // of the users with attributes
};
struct AnonymityReport {
    std::vector<std::string> columns; // the quasi-identifiers examined
    std::int64_t users = 0;           // users with at least one of them
    std::vector<AnonymityLevel> levels;
};
// Throws EngineError(Usage) for an unknown dataset, for a column no user has, or when the
// dataset has no user attributes. `columns` empty: every attribute stored.
AnonymityReport anonymityReport(Project &project, std::int64_t datasetId, const std::vector<std::string> &columns = {});

} // namespace recscope::engine
