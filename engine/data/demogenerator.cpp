// SPDX-License-Identifier: GPL-3.0-or-later
// Demo data: genre-driven users with a long-tail catalog and planted sequential rules.
#include "engine/data/demogenerator.h"

#include "engine/core/progress.h"
#include "engine/data/pseudonymkey.h"
#include "engine/store/project.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

namespace recscope::engine {

namespace {

// SplitMix64: tiny, fast and identical everywhere.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_s(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_s += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    int below(int n) { return static_cast<int>(uniform() * n); }

private:
    std::uint64_t m_s;
};

const std::array<const char *, 16> kGenres = {"Drama", "Comedy", "Thriller", "Sci-Fi", "Romance", "Documentary",
                                              "Animation", "Horror", "Adventure", "Mystery", "Fantasy", "Western",
                                              "Musical", "Crime", "War", "Family"};
const std::array<const char *, 24> kAdjectives = {"Silent", "Crimson", "Hidden", "Last", "Golden", "Broken", "Distant",
                                                  "Electric", "Frozen", "Wild", "Midnight", "Secret", "Lonely", "Burning",
                                                  "Paper", "Iron", "Velvet", "Hollow", "Bright", "Restless", "Quiet",
                                                  "Northern", "Lost", "Endless"};
const std::array<const char *, 24> kNouns = {"Harbor", "Signal", "Garden", "Empire", "River", "Mirror", "Voyage",
                                             "Letter", "Orchard", "Machine", "Frontier", "Kingdom", "Station",
                                             "Lantern", "Horizon", "Citadel", "Melody", "Shadow", "Island", "Archive",
                                             "Carnival", "Compass", "Tide", "Summit"};
const std::array<const char *, 12> kThemes = {"a family secret", "an unlikely friendship", "a stolen invention",
                                              "the last day of summer", "a journey home", "a vanished town",
                                              "a rivalry between sisters", "an impossible heist", "a forgotten song",
                                              "a storm at sea", "a small-town election", "the end of an era"};

struct Catalog {
    std::vector<std::vector<int>> byGenre;         // item ids per genre, most popular first
    std::vector<std::vector<double>> cumulative;   // Zipf weights per genre
    std::vector<int> primaryGenre;
};

int sampleZipf(Rng &rng, const std::vector<double> &cum) {
    const double u = rng.uniform() * cum.back();
    return static_cast<int>(std::upper_bound(cum.begin(), cum.end(), u) - cum.begin());
}

} // namespace

DatasetDraft generateDemo(const DemoOptions &o) {
    Rng rng(o.seed);
    DatasetDraft d;
    const int genres = std::clamp(o.genres, 2, static_cast<int>(kGenres.size()));
    Catalog cat;
    cat.byGenre.resize(static_cast<std::size_t>(genres));
    cat.primaryGenre.resize(static_cast<std::size_t>(o.items));

    for (int i = 0; i < o.items; ++i) {
        const int g = rng.below(genres);
        int g2 = rng.below(genres);
        cat.primaryGenre[static_cast<std::size_t>(i)] = g;
        cat.byGenre[static_cast<std::size_t>(g)].push_back(i);
        auto &it = d.item("m" + std::to_string(i + 1));
        it.inCatalog = true;
        const int year = 1950 + rng.below(75);
        it.title = std::string("The ") + kAdjectives[static_cast<std::size_t>(rng.below(kAdjectives.size()))] + " " +
                   kNouns[static_cast<std::size_t>(rng.below(kNouns.size()))] + " (" + std::to_string(year) + ")";
        it.categories = kGenres[static_cast<std::size_t>(g)];
        if (g2 != g && rng.uniform() < 0.5)
            it.categories += std::string("|") + kGenres[static_cast<std::size_t>(g2)];
        it.description = std::string("A ") + kGenres[static_cast<std::size_t>(g)] + " about " +
                         kThemes[static_cast<std::size_t>(rng.below(kThemes.size()))] + ", set in " +
                         std::to_string(year) + ".";
        // A few items without text, so the data-quality report has something to find.
        if (i % 97 == 96)
            it.description.clear();
    }
    for (auto &g : cat.byGenre) {
        std::vector<double> cum;
        double s = 0;
        for (std::size_t r = 0; r < g.size(); ++r)
            cum.push_back(s += 1.0 / std::pow(static_cast<double>(r) + 1.0, 0.9));
        cat.cumulative.push_back(std::move(cum));
    }

    // Planted rules among fairly popular items (ranks 2..40 of each genre), targets in any genre.
    std::vector<int> triggerOf(static_cast<std::size_t>(o.items), -1);
    std::unordered_set<int> used;
    for (int k = 0; k < o.rules; ++k) {
        int trigger, target;
        do {
            const auto &g = cat.byGenre[static_cast<std::size_t>(rng.below(genres))];
            trigger = g[static_cast<std::size_t>(std::min<int>(2 + rng.below(38), static_cast<int>(g.size()) - 1))];
        } while (used.count(trigger));
        do {
            target = rng.below(o.items);
        } while (used.count(target) || target == trigger);
        used.insert(trigger);
        used.insert(target);
        triggerOf[static_cast<std::size_t>(trigger)] = target;
        d.plantedRules.push_back({trigger, target, o.ruleProbability});
    }

    for (int u = 0; u < o.users; ++u) {
        const auto uid = d.internUser("user" + std::to_string(u + 1));
        const int fav1 = rng.below(genres), fav2 = rng.below(genres);
        nlohmann::json attrs = {{"age_group", std::array{"18-24", "25-34", "35-44", "45-54", "55+"}[rng.below(5)]},
                                {"favourite_genre", kGenres[static_cast<std::size_t>(fav1)]}};
        d.users[static_cast<std::size_t>(uid)].attributesJson = attrs.dump();
        // History lengths follow a long tail between min and max.
        const double span = o.maxHistory - o.minHistory;
        const int len = o.minHistory + static_cast<int>(span * std::pow(rng.uniform(), 2.5));
        std::int64_t ts = 1577836800 + static_cast<std::int64_t>(rng.below(365 * 86400));
        std::unordered_set<int> seen;
        int forced = -1;
        int guard = 0;
        while (static_cast<int>(seen.size()) < len && guard++ < len * 20) {
            int item;
            if (forced >= 0 && !seen.count(forced)) {
                item = forced;
            } else {
                const double r = rng.uniform();
                const int g = r < 0.55 ? fav1 : r < 0.85 ? fav2 : rng.below(genres);
                const auto &pool = cat.byGenre[static_cast<std::size_t>(g)];
                item = pool[static_cast<std::size_t>(sampleZipf(rng, cat.cumulative[static_cast<std::size_t>(g)]))];
            }
            forced = -1;
            if (seen.count(item))
                continue;
            seen.insert(item);
            const int g = cat.primaryGenre[static_cast<std::size_t>(item)];
            const double base = g == fav1 ? 4.2 : g == fav2 ? 3.8 : 3.0;
            const float rating = static_cast<float>(std::clamp(std::round(base + (rng.uniform() - 0.5) * 2.0), 1.0, 5.0));
            d.add(uid, item, rating, ts);
            ts += 3600 + rng.below(3 * 86400);
            if (const int t = triggerOf[static_cast<std::size_t>(item)]; t >= 0 && rng.uniform() < o.ruleProbability)
                forced = t;
        }
    }
    d.hasRatings = true;
    d.hasTimestamps = true;
    d.sortByUserAndTime();
    return d;
}

std::int64_t writeDemoProject(const std::string &path, Progress &progress, const DemoOptions &options) {
    auto project = Project::openOrCreate(path);
    if (auto existing = project->datasetByName("demo"))
        return existing->id;
    DatasetDraft d = generateDemo(options);
    DatasetMeta meta;
    meta.name = "demo";
    meta.format = "demo";
    meta.source = "generated (seed " + std::to_string(options.seed) + ")";
    meta.optionsJson = nlohmann::json{{"seed", options.seed}, {"items", options.items}, {"users", options.users},
                                      {"genres", options.genres}, {"rules", options.rules},
                                      {"rule_probability", options.ruleProbability}}
                           .dump();
    // Nobody needs to link the demo's made-up users to anything: a key used once and wiped.
    const PseudonymKey key = resolvePseudonymKey(*project, {});
    meta.pseudonymKey = &key;
    return writeDataset(*project, d, meta, progress);
}

} // namespace recscope::engine
