// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset statistics, quality checks and cleaned copies.
#include "engine/data/datasetstats.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <unordered_set>

namespace recscope::engine {

namespace {
double quantile(const std::vector<std::int64_t> &sorted, double q) {
    if (sorted.empty())
        return 0;
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    return static_cast<double>(sorted[lo]) + (pos - static_cast<double>(lo)) * static_cast<double>(sorted[hi] - sorted[lo]);
}
} // namespace

DatasetStats computeStats(const InteractionTable &t, std::int64_t users, std::int64_t items) {
    DatasetStats s;
    s.users = users;
    s.items = items;
    s.interactions = static_cast<std::int64_t>(t.size());
    std::vector<std::int64_t> perUser(static_cast<std::size_t>(users), 0), perItem(static_cast<std::size_t>(items), 0);
    double ratingSum = 0;
    std::int64_t rated = 0;
    s.timeMin = std::numeric_limits<std::int64_t>::max();
    s.timeMax = std::numeric_limits<std::int64_t>::min();
    for (std::size_t i = 0; i < t.size(); ++i) {
        ++perUser[static_cast<std::size_t>(t.user[i])];
        ++perItem[static_cast<std::size_t>(t.item[i])];
        if (!std::isnan(t.rating[i])) {
            ratingSum += t.rating[i];
            ++rated;
        }
        if (t.timestamp[i] != kNoTimestamp) {
            s.timeMin = std::min(s.timeMin, t.timestamp[i]);
            s.timeMax = std::max(s.timeMax, t.timestamp[i]);
        }
    }
    s.hasRatings = rated > 0;
    s.ratingMean = rated ? ratingSum / static_cast<double>(rated) : 0;
    s.hasTimestamps = s.timeMin <= s.timeMax;
    if (!s.hasTimestamps)
        s.timeMin = s.timeMax = 0;

    s.popularity = perItem;
    std::sort(s.popularity.begin(), s.popularity.end(), std::greater<>());
    s.interactedItems = std::count_if(s.popularity.begin(), s.popularity.end(), [](auto c) { return c > 0; });
    s.density = users && s.interactedItems ? static_cast<double>(s.interactions) / (static_cast<double>(users) * static_cast<double>(s.interactedItems)) : 0;
    if (!s.popularity.empty() && s.interactions > 0) {
        const auto top = std::max<std::size_t>(1, s.popularity.size() / 10);
        s.top10PercentShare = static_cast<double>(std::accumulate(s.popularity.begin(), s.popularity.begin() + static_cast<long>(top), std::int64_t{0})) /
                              static_cast<double>(s.interactions);
        // Gini over items sorted ascending: sum (2i - n - 1) x_i / (n sum x).
        const double n = static_cast<double>(s.popularity.size());
        double acc = 0;
        for (std::size_t i = 0; i < s.popularity.size(); ++i) {
            const double rankAsc = n - static_cast<double>(i); // 1-based rank in ascending order
            acc += (2 * rankAsc - n - 1) * static_cast<double>(s.popularity[i]);
        }
        s.giniItems = acc / (n * static_cast<double>(s.interactions));
    }

    std::vector<std::int64_t> lens;
    for (auto c : perUser)
        if (c > 0)
            lens.push_back(c);
    std::sort(lens.begin(), lens.end());
    if (!lens.empty()) {
        s.historyMin = lens.front();
        s.historyMax = lens.back();
        s.historyMean = static_cast<double>(std::accumulate(lens.begin(), lens.end(), std::int64_t{0})) / static_cast<double>(lens.size());
        s.historyMedian = quantile(lens, 0.5);
        s.historyP90 = quantile(lens, 0.9);
        // Log-spaced bins from the shortest to the longest history, about 24 of them.
        const double lo = std::log(static_cast<double>(s.historyMin)), hi = std::log(static_cast<double>(s.historyMax) + 1);
        const int nb = std::max(1, std::min<int>(24, static_cast<int>(s.historyMax - s.historyMin + 1)));
        std::vector<double> edges;
        for (int b = 0; b <= nb; ++b)
            edges.push_back(std::exp(lo + (hi - lo) * b / nb));
        for (int b = 0; b < nb; ++b)
            s.historyHistogram.push_back({edges[static_cast<std::size_t>(b)], edges[static_cast<std::size_t>(b) + 1], 0});
        for (auto l : lens) {
            auto it = std::upper_bound(edges.begin(), edges.end(), static_cast<double>(l));
            auto b = std::clamp<long>(static_cast<long>(it - edges.begin()) - 1, 0, nb - 1);
            ++s.historyHistogram[static_cast<std::size_t>(b)].count;
        }
    }
    return s;
}

DatasetStats computeStats(Project &project, std::int64_t datasetId) {
    auto info = project.dataset(datasetId);
    if (!info)
        throw EngineError(ErrorKind::Usage, "no dataset with id " + std::to_string(datasetId));
    return computeStats(project.interactions(datasetId), info->users, info->items);
}

std::int64_t QualityReport::totalIssues() const {
    return duplicateInteractions + itemsWithoutText + interactionsWithUnknownItems + interactionsOutsideKcore +
           timestampsMissing + timestampsNonPositive + timestampsInFuture;
}

QualityReport checkQuality(Project &project, std::int64_t datasetId, int k) {
    QualityReport q;
    q.k = k;
    auto info = project.dataset(datasetId);
    if (!info)
        throw EngineError(ErrorKind::Usage, "no dataset with id " + std::to_string(datasetId));
    const auto items = project.items(datasetId);
    const auto t = project.interactions(datasetId);
    for (const auto &it : items) {
        q.hasCatalog |= it.inCatalog;
        if (it.title.empty())
            ++q.itemsWithoutTitle;
        if (it.title.empty() && it.description.empty())
            ++q.itemsWithoutText;
    }
    if (q.hasCatalog)
        for (const auto &it : items)
            if (!it.inCatalog && it.interactions > 0) {
                ++q.unknownItems;
                q.interactionsWithUnknownItems += it.interactions;
            }

    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::unordered_set<std::int32_t> seen;
    std::int32_t lastUser = -1;
    bool userHasDup = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t.user[i] != lastUser) {
            seen.clear();
            lastUser = t.user[i];
            userHasDup = false;
        } else if (info->hasTimestamps && t.timestamp[i] != kNoTimestamp && t.timestamp[i] == t.timestamp[i - 1]) {
            ++q.sameTimeRuns;
        }
        if (!seen.insert(t.item[i]).second) {
            ++q.duplicateInteractions;
            if (!userHasDup)
                ++q.usersWithDuplicates;
            userHasDup = true;
        }
        if (info->hasTimestamps) {
            if (t.timestamp[i] == kNoTimestamp)
                ++q.timestampsMissing;
            else if (t.timestamp[i] <= 0)
                ++q.timestampsNonPositive;
            else if (t.timestamp[i] > now + 86400)
                ++q.timestampsInFuture;
        }
    }
    // Users and items below k, and what a full k-core filter would remove.
    std::vector<std::int64_t> perUser(static_cast<std::size_t>(info->users), 0), perItem(static_cast<std::size_t>(info->items), 0);
    for (std::size_t i = 0; i < t.size(); ++i) {
        ++perUser[static_cast<std::size_t>(t.user[i])];
        ++perItem[static_cast<std::size_t>(t.item[i])];
    }
    q.usersBelowK = std::count_if(perUser.begin(), perUser.end(), [&](auto c) { return c > 0 && c < k; });
    q.itemsBelowK = std::count_if(perItem.begin(), perItem.end(), [&](auto c) { return c > 0 && c < k; });
    if (q.usersBelowK + q.itemsBelowK > 0) {
        DatasetDraft d;
        d.users.resize(perUser.size());
        d.items.resize(perItem.size());
        for (std::size_t i = 0; i < t.size(); ++i)
            d.interactions.push_back({t.user[i], t.item[i], t.rating[i], t.timestamp[i], 0});
        FilterCounts c;
        d.applyKcore(k, c);
        q.interactionsOutsideKcore = c.droppedByKcore;
    }
    return q;
}

ImportReport createCleanedCopy(Project &project, std::int64_t datasetId, const CleaningOptions &o, Progress &progress) {
    const auto start = std::chrono::steady_clock::now();
    auto info = project.dataset(datasetId);
    if (!info)
        throw EngineError(ErrorKind::Usage, "no dataset with id " + std::to_string(datasetId));
    progress.report(0.05, Stage::Reading);
    DatasetDraft d = loadDraft(project, datasetId);
    throwIfCancelled(progress);
    ImportReport report;
    const bool hasCatalog = std::any_of(d.items.begin(), d.items.end(), [](const auto &i) { return i.inCatalog; });
    if (o.removeDuplicates)
        d.removeDuplicates(DuplicatePolicy::KeepFirst, report.filtered);
    if (o.dropUnknownItems && hasCatalog)
        d.dropUnknownItems(report.filtered);
    if (o.dropBadTimestamps)
        d.dropBadTimestamps(report.filtered);
    if (o.applyKcore)
        d.applyKcore(o.k, report.filtered);
    d.sortByUserAndTime();
    d.compact(!o.applyKcore);
    throwIfCancelled(progress);
    report.name = o.name.empty() ? project.uniqueDatasetName(info->name + " (cleaned)") : o.name;
    report.users = static_cast<std::int64_t>(d.users.size());
    report.items = static_cast<std::int64_t>(d.items.size());
    report.interactions = static_cast<std::int64_t>(d.interactions.size());
    report.rowsRead = info->interactions;

    DatasetMeta meta;
    meta.name = report.name;
    meta.format = "cleaned";
    meta.source = info->name;
    meta.optionsJson = nlohmann::json{{"remove_duplicates", o.removeDuplicates}, {"drop_unknown_items", o.dropUnknownItems},
                                      {"kcore", o.applyKcore ? o.k : 0}, {"drop_bad_timestamps", o.dropBadTimestamps},
                                      {"parent", info->name}}
                           .dump();
    meta.inheritedPseudonymKind = info->pseudonymKind;
    meta.inheritedPseudonymKeyId = info->pseudonymKeyId;
    meta.parentId = datasetId;
    meta.reportJson = report.toJson();
    report.datasetId = writeDataset(project, d, meta, progress);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

} // namespace recscope::engine
