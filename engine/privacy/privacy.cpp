// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/privacy/privacy.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/evaluation/runscorer.h"
#include "engine/data/split.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

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

MembershipAudit auditMembership(Project &project, std::int64_t runId, Progress &progress) {
    const auto run = RunStore(project).run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    progress.report(0, Stage::LoadingModel);
    auto scorer = RunScorer::load(project, runId);
    const auto split = detail::makeSplit(project, run->datasetId, scorer->config().splitOptions());
    if (split.context.empty())
        throw EngineError(ErrorKind::Usage, "the audit compares users trained on with users held out of training; run '" + run->name +
                                                "' held none out (train it with --set split=kfold)");
    // Each user's case: the last item of what could have been trained on, after the items before it.
    struct Case {
        std::vector<std::int32_t> history;
        std::int32_t target;
        std::int64_t user;
        bool member;
    };
    std::vector<Case> cases;
    for (std::size_t u = 0; u < split.train.size(); ++u) {
        const bool member = split.context[u].empty();
        const auto &seq = member ? split.train[u] : split.context[u];
        if (seq.size() < 2)
            continue;
        cases.push_back({std::vector<std::int32_t>(seq.begin(), seq.end() - 1), seq.back() - 1, static_cast<std::int64_t>(u), member});
    }
    std::vector<double> loss(cases.size());
    std::vector<float> scores;
    const std::size_t batch = 256;
    const auto n = static_cast<std::size_t>(scorer->numItems());
    for (std::size_t start = 0; start < cases.size(); start += batch) {
        throwIfCancelled(progress);
        const auto end = std::min(cases.size(), start + batch);
        std::vector<std::vector<std::int32_t>> histories;
        std::vector<std::int64_t> users;
        for (auto i = start; i < end; ++i) {
            histories.push_back(cases[i].history);
            for (auto &item : histories.back())
                item -= 1; // split rows are 1-based item rows; the scorer takes item indices
            users.push_back(cases[i].user);
        }
        scorer->scoreAll(histories, users, scores);
        for (auto i = start; i < end; ++i) { // cross-entropy: log-sum-exp minus the target's score
            const float *s = scores.data() + (i - start) * n;
            const double top = *std::max_element(s, s + n);
            double sum = 0;
            for (std::size_t j = 0; j < n; ++j)
                sum += std::exp(s[j] - top);
            loss[i] = top + std::log(sum) - s[static_cast<std::size_t>(cases[i].target)];
        }
        progress.report(static_cast<double>(end) / static_cast<double>(cases.size()), Stage::ScoringMembers);
    }
    MembershipAudit a;
    a.runId = runId;
    // AUC by ranks (Mann-Whitney), ties sharing their mean rank.
    std::vector<std::size_t> order(cases.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto x, auto y) { return loss[x] < loss[y]; });
    double rankSum = 0; // of the non-members, 1-based
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && loss[order[j]] == loss[order[i]])
            ++j;
        const double rank = 0.5 * static_cast<double>(i + 1 + j);
        for (auto k = i; k < j; ++k)
            if (!cases[order[k]].member)
                rankSum += rank;
        i = j;
    }
    for (std::size_t i = 0; i < cases.size(); ++i) {
        (cases[i].member ? a.memberLoss : a.nonMemberLoss) += loss[i];
        ++(cases[i].member ? a.members : a.nonMembers);
    }
    if (a.members == 0 || a.nonMembers == 0)
        throw EngineError(ErrorKind::Usage, "the audit needs both members and held-out users with two items or more");
    a.memberLoss /= static_cast<double>(a.members);
    a.nonMemberLoss /= static_cast<double>(a.nonMembers);
    const double m = static_cast<double>(a.members), h = static_cast<double>(a.nonMembers);
    a.auc = (rankSum - h * (h + 1) / 2) / (m * h); // non-members ranking above members: higher loss
    progress.report(1, Stage::Audited);
    return a;
}

namespace {

enum class ColumnKind { Band, Code, Other };

ColumnKind kindOf(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name.find("zip") != std::string::npos || name.find("post") != std::string::npos)
        return ColumnKind::Code;
    if (name.find("age") != std::string::npos || name.find("year") != std::string::npos || name.find("birth") != std::string::npos)
        return ColumnKind::Band;
    return ColumnKind::Other;
}

// A value at generalisation step 0 (as stored), 1 or 2.
std::string generalise(const std::string &value, ColumnKind kind, int step) {
    if (step == 0 || value.empty())
        return value;
    switch (kind) {
    case ColumnKind::Band: {
        char *end = nullptr;
        const double v = std::strtod(value.c_str(), &end);
        if (end == value.c_str() || *end != '\0')
            return value;
        const int width = step == 1 ? 10 : 20;
        const auto from = static_cast<long long>(std::floor(v / width) * width);
        return std::to_string(from) + "-" + std::to_string(from + width - 1);
    }
    case ColumnKind::Code:
        return value.substr(0, step == 1 ? 3 : 1) + "*";
    case ColumnKind::Other:
        return step == 1 ? value : "*";
    }
    return value;
}

std::string describe(const std::string &column, ColumnKind kind, int step) {
    if (step == 0)
        return column + " as stored";
    switch (kind) {
    case ColumnKind::Band:
        return column + " in " + (step == 1 ? "10" : "20") + "-wide bands";
    case ColumnKind::Code:
        return column + " cut to its first " + (step == 1 ? "3 characters" : "character");
    case ColumnKind::Other:
        return step == 1 ? column + " kept" : column + " suppressed";
    }
    return column;
}

} // namespace

AnonymityReport anonymityReport(Project &project, std::int64_t datasetId, const std::vector<std::string> &wanted) {
    if (!project.dataset(datasetId))
        throw EngineError(ErrorKind::Usage, "no dataset with id " + std::to_string(datasetId));
    // Every user's attributes as text.
    std::vector<std::map<std::string, std::string>> rows;
    std::set<std::string> present;
    for (const auto &u : project.users(datasetId)) {
        if (u.attributesJson.empty())
            continue;
        const auto j = nlohmann::json::parse(u.attributesJson, nullptr, false);
        if (!j.is_object() || j.empty())
            continue;
        std::map<std::string, std::string> row;
        for (const auto &[key, value] : j.items()) {
            row[key] = value.is_string() ? value.get<std::string>() : value.dump();
            present.insert(key);
        }
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        throw EngineError(ErrorKind::Usage, "this dataset stores no user attributes (MovieLens u.user / users.dat, or a users file) to examine");
    AnonymityReport report;
    report.columns = wanted.empty() ? std::vector<std::string>(present.begin(), present.end()) : wanted;
    for (const auto &c : report.columns)
        if (!present.count(c))
            throw EngineError(ErrorKind::Usage, "no user has an attribute '" + c + "'");
    report.users = static_cast<std::int64_t>(rows.size());
    const char *names[] = {"as stored", "generalised", "generalised further"};
    for (int step = 0; step < 3; ++step) {
        AnonymityLevel level;
        level.name = names[step];
        for (const auto &c : report.columns)
            level.changes.push_back(describe(c, kindOf(c), step));
        std::map<std::string, std::int64_t> classes;
        for (const auto &row : rows) {
            std::string key;
            for (const auto &c : report.columns) {
                const auto it = row.find(c);
                key += generalise(it == row.end() ? std::string() : it->second, kindOf(c), step);
                key += '\x1f';
            }
            ++classes[key];
        }
        level.classes = static_cast<std::int64_t>(classes.size());
        level.k = std::numeric_limits<std::int64_t>::max();
        for (const auto &[key, count] : classes) {
            level.k = std::min(level.k, count);
            if (count == 1)
                ++level.uniqueUsers;
        }
        level.uniqueShare = static_cast<double>(level.uniqueUsers) / static_cast<double>(rows.size());
        report.levels.push_back(std::move(level));
    }
    return report;
}

} // namespace recscope::engine
