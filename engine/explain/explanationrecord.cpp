// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/explain/explanationrecord.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/evaluation/runscorer.h"

#include <algorithm>

namespace recscope::engine {

namespace {
std::vector<std::string> titles(Project &project, std::int64_t datasetId) {
    std::vector<std::string> out;
    for (const auto &i : project.items(datasetId))
        out.push_back(i.title);
    return out;
}
} // namespace

ExplanationRecord recordExplanation(Project &project, std::int64_t runId, std::int64_t user, std::optional<std::int64_t> item, int k,
                                    const ExplainOptions &options, Progress &progress) {
    ExplanationRecord d;
    d.run = RunStore(project).requireRunId(runId);
    const auto &run = d.run;
    const auto info = project.dataset(run.datasetId);
    d.projectPath = project.path();
    d.datasetName = info->name;
    d.pseudonymized = info->pseudonymized;
    const auto users = project.users(run.datasetId);
    if (user < 0 || user >= static_cast<std::int64_t>(users.size()))
        throw EngineError(ErrorKind::Usage, "no user " + std::to_string(user) + " in the run's dataset");
    d.userId = users[static_cast<std::size_t>(user)].externalId;
    const auto timeline = project.timeline(run.datasetId, user);
    d.historyLength = static_cast<std::int64_t>(timeline.size());
    d.itemTitles = titles(project, run.datasetId);
    SubProgress ranking(progress, 0, 0.1);
    ranking.report(0, Stage::Recommending);
    d.recommendations = recommend(project, runId, user, k, options.history);
    if (options.history)
        d.editedHistory = *options.history;
    const std::int64_t explained = item ? *item : d.recommendations.empty() ? 0 : d.recommendations.front().first;
    SubProgress explaining(progress, 0.1, 1.0);
    d.explanation = explain(project, runId, user, explained, options, explaining);
    std::vector<std::int64_t> read;
    if (options.history)
        read.assign(options.history->begin(), options.history->end());
    else
        for (const auto &e : timeline)
            read.push_back(e.item);
    d.readHistory.assign(read.begin() + std::min<std::int64_t>(d.explanation.skippedOlder, static_cast<std::int64_t>(read.size())), read.end());
    return d;
}

ReviewRecord recordReview(Project &project, const RunInfo &run, const ReviewOptions &options, Review review) {
    ReviewRecord d;
    d.run = run;
    d.options = options;
    const auto info = project.dataset(run.datasetId);
    d.projectPath = project.path();
    d.datasetName = info->name;
    d.pseudonymized = info->pseudonymized;
    d.datasetUsers = info->users;
    d.review = std::move(review);
    d.itemTitles = titles(project, run.datasetId);
    const auto users = project.users(run.datasetId);
    for (const auto &c : d.review.cases)
        d.userIds[c.user] = users[static_cast<std::size_t>(c.user)].externalId;
    return d;
}

ReviewRecord recordReview(Project &project, std::int64_t runId, const ReviewOptions &options, Progress &progress) {
    return recordReview(project, RunStore(project).requireRunId(runId), options, reviewExplanations(project, runId, options, progress));
}

} // namespace recscope::engine
