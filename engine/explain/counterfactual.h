// SPDX-License-Identifier: GPL-3.0-or-later
// The least that would have to change for a recommendation not to be made (in the spirit of
// ACCENT and CountER): the fewest history items whose removal takes the item out of first place
// (or out of the top K), and the single closest swap of one history item for another that does
// the same. The search below is model-free, so it can be checked against brute force; the
// Explainer runs it on a model. Std-only.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace recscope::engine {

struct CounterfactualOptions {
    int topK = 1;                       // the change must push the item below this rank (1: out of first place)
    int exactUpTo = 14;                 // windows of at most this many items are searched exhaustively,
                                        // size by size; longer ones by a beam guided by the attributions
    int beamWidth = 8;                  // beam search: removal sets kept from one size to the next
    int maxSize = 0;                    // the largest removal tried; 0: the whole window
    std::int64_t maxEvaluations = 20000; // histories scored before the search gives up
    int replacements = 24;              // swaps: the items most like the replaced one tried in its place
                                        // (0: no swap search)
};

// What the model does after a changed history: the explained item's rank among the items a
// recommendation may hold (1 = first), its score minus the best other's, and the first item.
struct ChangeOutcome {
    std::int64_t rank = 1;
    double margin = 0;
    std::int64_t top = -1;
};

// Outcomes after taking away each set of players (removed[k][i] != 0: player i is taken out).
using RemovalValue = std::function<std::vector<ChangeOutcome>(const std::vector<std::vector<char>> &removed)>;

struct RemovalSearch {
    std::string method;        // exact or beam
    bool found = false;
    std::vector<int> removed;  // players, ascending
    ChangeOutcome outcome;     // after the removal (found) 
    int searchedUpTo = 0;      // not found: no removal of up to this many players works (exact), or none
                               // the beam reached (beam)
    std::int64_t evaluations = 0;
};

// The smallest set of players whose removal pushes the item below options.topK. Exact search
// tries every set of one player, then of two, and so on; among the sets of the smallest size that
// work it returns the one that pushes the item furthest down (then the largest total of `guide`).
// Beam search (more than exactUpTo players) grows the beamWidth sets closest to working by one
// player at a time, and always keeps the `guide`'s top players of each size among them.
// `guide` holds one number per player (the attributions; empty: none).
RemovalSearch smallestRemoval(int players, const RemovalValue &value, const std::vector<double> &guide, const CounterfactualOptions &options);

// What the Explainer found, in dataset item indices.
struct Counterfactual {
    bool computed = false;
    int topK = 1;
    std::string search;                      // exact or beam; empty when there was nothing to undo
    std::int64_t rankBefore = 0;             // the item's rank with the history as it is; above topK:
                                             // nothing to undo, no search
    bool found = false;
    std::vector<std::int64_t> removed;       // items, oldest first
    std::vector<std::int64_t> removedPositions; // their positions in the history (0 = oldest)
    std::int64_t newTop = -1;                // the first item after the removal
    std::int64_t rankAfter = 0;              // the explained item's rank after it
    bool verified = false;                   // scoring the changed history whole gave the same
    int searchedUpTo = 0;                    // not found: the largest removal tried
    bool topAttributed = false;              // the removed items are that many items with the largest attributions
    std::int64_t evaluations = 0;
    double seconds = 0;

    struct Swap {
        bool found = false;
        std::int64_t position = -1, from = -1, to = -1; // `from` at `position` replaced by `to`
        double similarity = NAN;             // cosine of the two items' vectors in the model
        std::int64_t newTop = -1, rankAfter = 0;
        bool verified = false;
        std::int64_t tried = 0;              // swaps scored
    } swap;
};

} // namespace recscope::engine
