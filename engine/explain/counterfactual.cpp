// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/explain/counterfactual.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <numeric>
#include <set>

namespace recscope::engine {

namespace {

using Set = std::vector<char>;

double guideSum(const Set &s, const std::vector<double> &guide) {
    double sum = 0;
    for (std::size_t i = 0; i < s.size() && i < guide.size(); ++i)
        if (s[i])
            sum += guide[i];
    return sum;
}

// Closer to working first: the item further down, then a smaller margin, then more attribution
// taken away.
bool closer(const ChangeOutcome &a, double guideA, const ChangeOutcome &b, double guideB) {
    if (a.rank != b.rank)
        return a.rank > b.rank;
    if (a.margin != b.margin)
        return a.margin < b.margin;
    return guideA > guideB;
}

struct Scored {
    Set set;
    ChangeOutcome outcome;
    double guide = 0;
};

// Scores `sets` in chunks; false when the budget runs out before all of them are scored.
bool scoreAll(const std::vector<Set> &sets, const RemovalValue &value, const std::vector<double> &guide, const CounterfactualOptions &options,
              RemovalSearch &search, std::vector<Scored> &out) {
    if (search.evaluations + static_cast<std::int64_t>(sets.size()) > options.maxEvaluations)
        return false;
    constexpr std::size_t kChunk = 512;
    for (std::size_t from = 0; from < sets.size(); from += kChunk) {
        const std::vector<Set> chunk(sets.begin() + static_cast<long>(from), sets.begin() + static_cast<long>(std::min(sets.size(), from + kChunk)));
        const auto outcomes = value(chunk);
        for (std::size_t k = 0; k < chunk.size(); ++k)
            out.push_back({chunk[k], outcomes[k], guideSum(chunk[k], guide)});
    }
    search.evaluations += static_cast<std::int64_t>(sets.size());
    return true;
}

// The best working set among `scored`, if any.
bool pickWorking(const std::vector<Scored> &scored, const CounterfactualOptions &options, RemovalSearch &search) {
    const Scored *best = nullptr;
    for (const auto &s : scored)
        if (s.outcome.rank > options.topK && (!best || closer(s.outcome, s.guide, best->outcome, best->guide)))
            best = &s;
    if (!best)
        return false;
    search.found = true;
    search.outcome = best->outcome;
    for (std::size_t i = 0; i < best->set.size(); ++i)
        if (best->set[i])
            search.removed.push_back(static_cast<int>(i));
    return true;
}

// Every set of `size` of `n` players.
std::vector<Set> combinations(int n, int size) {
    std::vector<Set> out;
    Set s(static_cast<std::size_t>(n), 0);
    std::fill(s.end() - size, s.end(), 1);
    do
        out.push_back(s);
    while (std::next_permutation(s.begin(), s.end()));
    return out;
}

} // namespace

RemovalSearch smallestRemoval(int players, const RemovalValue &value, const std::vector<double> &guide, const CounterfactualOptions &options) {
    if (options.topK < 1 || options.beamWidth < 1 || options.maxSize < 0 || options.maxEvaluations < 1)
        throw EngineError(ErrorKind::Usage, "a counterfactual needs top K >= 1, a beam of at least 1, a size limit >= 0 and a budget >= 1");
    if (!guide.empty() && guide.size() != static_cast<std::size_t>(players))
        throw EngineError(ErrorKind::Usage, "the counterfactual's guide has " + std::to_string(guide.size()) + " values for " +
                                                std::to_string(players) + " items");
    RemovalSearch search;
    const bool exact = players <= options.exactUpTo;
    search.method = exact ? "exact" : "beam";
    const int largest = options.maxSize > 0 ? std::min(options.maxSize, players) : players;
    // The guide's ranking of the players, largest first (newer first among equals).
    std::vector<int> byGuide(static_cast<std::size_t>(players));
    std::iota(byGuide.begin(), byGuide.end(), 0);
    if (!guide.empty())
        std::stable_sort(byGuide.begin(), byGuide.end(), [&](int a, int b) {
            return guide[static_cast<std::size_t>(a)] > guide[static_cast<std::size_t>(b)] || (guide[static_cast<std::size_t>(a)] == guide[static_cast<std::size_t>(b)] && a > b);
        });
    std::vector<Scored> beam{{Set(static_cast<std::size_t>(players), 0), {}, 0}};
    for (int size = 1; size <= largest; ++size) {
        std::vector<Set> sets;
        if (exact) {
            sets = combinations(players, size);
        } else {
            std::set<Set> unique;
            for (const auto &b : beam)
                for (int i = 0; i < players; ++i)
                    if (!b.set[static_cast<std::size_t>(i)]) {
                        auto s = b.set;
                        s[static_cast<std::size_t>(i)] = 1;
                        unique.insert(std::move(s));
                    }
            Set greedy(static_cast<std::size_t>(players), 0); // the guide's top `size`
            for (int k = 0; k < size; ++k)
                greedy[static_cast<std::size_t>(byGuide[static_cast<std::size_t>(k)])] = 1;
            unique.insert(greedy);
            sets.assign(unique.begin(), unique.end());
        }
        std::vector<Scored> scored;
        if (!scoreAll(sets, value, guide, options, search, scored))
            return search; // over budget: nothing of this size is known not to work
        if (pickWorking(scored, options, search))
            return search;
        search.searchedUpTo = size;
        if (!exact) {
            std::sort(scored.begin(), scored.end(), [](const Scored &a, const Scored &b) { return closer(a.outcome, a.guide, b.outcome, b.guide); });
            beam.assign(scored.begin(), scored.begin() + static_cast<long>(std::min<std::size_t>(scored.size(), static_cast<std::size_t>(options.beamWidth))));
            // The guide's top `size` stays in the beam.
            Set greedy(static_cast<std::size_t>(players), 0);
            for (int k = 0; k < size; ++k)
                greedy[static_cast<std::size_t>(byGuide[static_cast<std::size_t>(k)])] = 1;
            if (std::none_of(beam.begin(), beam.end(), [&](const Scored &s) { return s.set == greedy; }))
                for (const auto &s : scored)
                    if (s.set == greedy)
                        beam.push_back(s);
        }
    }
    return search;
}

} // namespace recscope::engine
