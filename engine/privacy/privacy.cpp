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
