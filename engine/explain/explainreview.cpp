// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/explain/explainreview.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/evaluation/runscorer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace recscope::engine {

double finiteMedian(std::vector<double> values) {
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }), values.end());
    if (values.empty())
        return NAN;
    const auto mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<long>(mid), values.end());
    const double upper = values[mid];
    if (values.size() % 2)
        return upper;
    return 0.5 * (upper + *std::max_element(values.begin(), values.begin() + static_cast<long>(mid)));
}

namespace {
std::vector<ReviewCredit> ranked(std::map<std::string, ReviewCredit> credits, std::size_t keep) {
    std::vector<ReviewCredit> out;
    for (auto &[name, c] : credits)
        out.push_back(std::move(c));
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.positive > b.positive;
    });
    if (out.size() > keep)
        out.resize(keep);
    return out;
}
} // namespace

Review reviewExplanations(Project &project, std::int64_t runId, const ReviewOptions &options, Progress &progress) {
    const auto start = std::chrono::steady_clock::now();
    const auto run = RunStore(project).run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    if (options.users < 0)
        throw EngineError(ErrorKind::Usage, "users is a count of users to sample, or 0 for all, not " + std::to_string(options.users));
    if (options.explain.history || options.explain.versus || options.explain.players != "history")
        throw EngineError(ErrorKind::Usage, "a review explains each user's own history and top recommendation over its items");
    const auto info = project.dataset(run->datasetId);
    const auto items = project.items(run->datasetId);
    std::vector<std::int64_t> users(static_cast<std::size_t>(info->users));
    std::iota(users.begin(), users.end(), 0);
    std::mt19937_64 rng(options.seed);
    std::shuffle(users.begin(), users.end(), rng);
    if (options.users > 0 && static_cast<std::size_t>(options.users) < users.size())
        users.resize(static_cast<std::size_t>(options.users));
    std::sort(users.begin(), users.end());

    progress.report(0, Stage::LoadingModel);
    Explainer explainer(project, runId); // one loaded model for every user
    Review review;
    review.runId = runId;
    std::map<std::string, ReviewCredit> byItem, byCategory;
    int newest = 0, beats = 0, compared = 0, changed = 0, topAttributed = 0;
    const double explaining = options.diagnose ? 0.85 : 1.0; // the diagnosis takes the rest of the progress
    for (std::size_t k = 0; k < users.size(); ++k) {
        throwIfCancelled(progress);
        const auto share = [&](std::size_t i) { return explaining * static_cast<double>(i) / static_cast<double>(users.size()); };
        progress.report(share(k), Stage::ReviewingExplanations);
        const auto user = users[k];
        const auto top = explainer.recommend(user, 1);
        if (top.empty() || project.timeline(run->datasetId, user).empty())
            continue;
        SubProgress step(progress, share(k), share(k + 1)); // cancels inside a long explanation too
        const auto e = explainer.explain(user, top.front().first, options.explain, step);
        review.method = e.method, review.masking = e.masking, review.value = e.value;
        ReviewCase c;
        c.user = user;
        c.item = e.item;
        c.additivityGap = e.additivityGap;
        c.deletionArea = e.faithfulness.deletionArea;
        c.insertionArea = e.faithfulness.insertionArea;
        c.deletionRandom = e.faithfulness.deletionRandom;
        c.insertionRandom = e.faithfulness.insertionRandom;
        c.attentionAgreement = e.faithfulness.attentionAgreement;
        const auto best = std::max_element(e.attributions.begin(), e.attributions.end(),
                                           [](const auto &a, const auto &b) { return a.value < b.value; });
        if (best != e.attributions.end() && best->value > 0) {
            c.firstItem = best->item;
            c.newestFirst = best == e.attributions.end() - 1;
            newest += c.newestFirst;
            const auto &record = items[static_cast<std::size_t>(best->item)];
            auto &credit = byItem[std::to_string(best->item)];
            credit.name = std::to_string(best->item);
            credit.item = best->item;
            ++credit.first;
            credit.positive += best->value;
            for (std::size_t from = 0; from <= record.categories.size();) { // '|'-separated
                const auto bar = std::min(record.categories.find('|', from), record.categories.size());
                if (bar > from) {
                    auto &g = byCategory[record.categories.substr(from, bar - from)];
                    g.name = record.categories.substr(from, bar - from);
                    ++g.first;
                    g.positive += best->value;
                }
                from = bar + 1;
            }
        }
        if (const auto &change = e.counterfactual; change.computed) {
            c.smallestChange = change.found ? static_cast<int>(change.removed.size()) : 0;
            c.changeTopAttributed = change.topAttributed;
            if (review.changeSizes.size() <= static_cast<std::size_t>(c.smallestChange))
                review.changeSizes.resize(static_cast<std::size_t>(c.smallestChange) + 1, 0);
            ++review.changeSizes[static_cast<std::size_t>(c.smallestChange)];
            changed += change.found;
            topAttributed += change.found && change.topAttributed;
        }
        if (std::isfinite(c.deletionRandom)) {
            ++compared;
            beats += c.deletionArea < c.deletionRandom && c.insertionArea > c.insertionRandom;
        }
        review.cases.push_back(c);
    }
    const auto n = static_cast<double>(review.cases.size());
    if (n > 0)
        review.newestFirstShare = newest / n;
    if (compared > 0)
        review.beatsRandomShare = static_cast<double>(beats) / compared;
    if (changed > 0)
        review.changeTopAttributedShare = static_cast<double>(topAttributed) / changed;
    if (options.diagnose) {
        DiagnoseOptions o; // a verdict on a hundred users is rarely significant; a thousand usually is
        o.users = 1000;
        o.seed = options.seed;
        SubProgress step(progress, 0.85, 1.0);
        review.diagnosis = engine::diagnose(project, runId, o, step);
    }
    review.items = ranked(std::move(byItem), 20);
    review.categories = ranked(std::move(byCategory), 20);
    review.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.report(1.0, Stage::Reviewed);
    return review;
}

} // namespace recscope::engine
