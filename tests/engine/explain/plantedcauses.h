// SPDX-License-Identifier: GPL-3.0-or-later
// A dataset with planted causes, for tests whose answers are known: which item made the model
// recommend another (explanations, counterfactuals).
#pragma once

#include "engine/data/datasetdraft.h"
#include "engine/store/project.h"
#include "demofixture.h"

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace recscope::test {

using engine::DatasetDraft;
using engine::Project;

// Planted causes: filler items drawn by popularity, and rules whose trigger, seen anywhere in the
// last eight items, makes the rule's target come next. Rules 8 and 9 have two triggers, either
// of which brings the target.
inline constexpr int kFillers = 200, kRules = 10, kTriggers = kFillers, kTargets = kFillers + kRules, kSecond = kFillers + 2 * kRules;
inline constexpr int kCauseItems = kSecond + 2;

inline std::vector<int> triggersOf(int rule) {
    if (rule >= 8)
        return {kTriggers + rule, kSecond + rule - 8};
    return {kTriggers + rule};
}

inline int filler(std::mt19937_64 &rng) { // Zipf-like: item k with weight 1 / (k + 10)
    static const std::vector<double> cumulative = [] {
        std::vector<double> c;
        double sum = 0;
        for (int k = 0; k < kFillers; ++k)
            c.push_back(sum += 1.0 / (k + 10));
        return c;
    }();
    std::uniform_real_distribution<double> u(0, cumulative.back());
    return static_cast<int>(std::upper_bound(cumulative.begin(), cumulative.end(), u(rng)) - cumulative.begin());
}

inline std::int64_t writePlantedCauses(const std::string &path, std::unique_ptr<Project> &project) {
    project = Project::openOrCreate(path);
    std::mt19937_64 rng(77);
    static const char *words[] = {"amber", "brook", "cedar", "delta", "ember", "fjord", "grove", "haven", "iris", "jade",
                                  "kite", "lumen", "maple", "north", "onyx", "pearl", "quill", "raven", "sage", "tide"};
    DatasetDraft d;
    for (int i = 0; i < kCauseItems; ++i) {
        auto &item = d.item("i" + std::to_string(i));
        item.inCatalog = true;
        item.title = std::string(words[i % 20]) + " " + words[(i / 20) % 20] + " " + std::to_string(i);
        item.categories = i < kFillers ? "filler" : "rule";
    }
    for (int u = 0; u < 1200; ++u) {
        const auto user = d.internUser("u" + std::to_string(u));
        d.users[static_cast<std::size_t>(user)].externalId = "u" + std::to_string(u);
        std::vector<int> h(static_cast<std::size_t>(std::uniform_int_distribution<int>(20, 30)(rng)));
        for (auto &x : h)
            x = filler(rng);
        if (u % 5 != 0) { // a fifth of the users follow no rule
            for (int times = 0; times < 2; ++times) {
                const int rule = std::uniform_int_distribution<int>(0, kRules - 1)(rng);
                const auto triggers = triggersOf(rule);
                const int p = std::uniform_int_distribution<int>(0, static_cast<int>(h.size()) - 9)(rng);
                const int gap = std::uniform_int_distribution<int>(1, 8)(rng);
                h[static_cast<std::size_t>(p)] = triggers[std::uniform_int_distribution<std::size_t>(0, triggers.size() - 1)(rng)];
                h[static_cast<std::size_t>(p + gap)] = kTargets + rule;
                if (triggers.size() == 2 && gap > 1 && (u + times) % 2 == 0) // half the time both triggers, then the target
                    h[static_cast<std::size_t>(p + 1)] = h[static_cast<std::size_t>(p)] == triggers[0] ? triggers[1] : triggers[0];
            }
        }
        for (std::size_t k = 0; k < h.size(); ++k)
            d.add(user, d.internItem("i" + std::to_string(h[k])), 4.0f, 1000000 + static_cast<std::int64_t>(u) * 1000 + static_cast<std::int64_t>(k));
    }
    for (int r = 0; r < kRules; ++r)
        for (auto t : triggersOf(r))
            d.plantedRules.push_back({t, kTargets + r, 1.0});
    d.hasRatings = true;
    d.hasTimestamps = true;
    return storeDraft(*project, d, "causes");
}

// Ten-item histories with the rule's trigger(s) placed as each shape says.
inline std::vector<std::int32_t> causeHistory(const std::string &shape, int rule, std::mt19937_64 &rng) {
    std::vector<std::int32_t> h(10);
    for (auto &x : h)
        x = filler(rng);
    const auto triggers = triggersOf(rule);
    auto at = [&](int from, int to) { return static_cast<std::size_t>(std::uniform_int_distribution<int>(from, to)(rng)); };
    if (shape == "anywhere") {
        h[at(2, 9)] = triggers[0];
    } else if (shape == "far") {
        h[at(2, 4)] = triggers[0];
    } else if (shape == "two") {
        const auto a = at(2, 9);
        auto b = at(2, 9);
        while (b == a)
            b = at(2, 9);
        h[a] = triggers[0];
        h[b] = triggers[1];
    } else { // distractors: the newest three are the most popular fillers
        h[at(2, 6)] = triggers[0];
        h[7] = 0;
        h[8] = 1;
        h[9] = 2;
    }
    return h;
}

} // namespace recscope::test
