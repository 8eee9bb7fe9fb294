// SPDX-License-Identifier: GPL-3.0-or-later
// Full-ranking and sampled evaluation of stored runs; metric definitions in evaluation.h.
#include "engine/evaluation/evaluation.h"

#include "engine/core/clock.h"
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/core/runtime.h"
#include "engine/evaluation/runscorer.h"
#include "engine/data/split.h"
#include "engine/store/sqlitedb.h"
#include "engine/evaluation/statistics.h"
#include "engine/training/trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <numeric>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace recscope::engine {

using namespace detail;

namespace {

using Json = nlohmann::json;

std::string at(const std::string &metric, int k) { return metric + "@" + std::to_string(k); }

// Gini index of exposure counts over `items` items (those never recommended count as 0).
double gini(std::vector<double> counts, std::int64_t items) {
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    if (total <= 0 || items <= 0)
        return 0;
    std::sort(counts.begin(), counts.end());
    const auto n = static_cast<double>(items);
    double sum = 0;
    // The recommended items take the top ranks n - m + 1 .. n of the sorted catalog.
    const double first = n - static_cast<double>(counts.size()) + 1;
    for (std::size_t i = 0; i < counts.size(); ++i)
        sum += (2 * (first + static_cast<double>(i)) - n - 1) * counts[i];
    return sum / (n * total);
}

// A genre mix: each of `items` that has categories spreads a weight of 1 over them; the mean
// over those items. False when none has a category.
bool genreMix(const std::vector<std::vector<std::int32_t>> &categories, const std::int32_t *items, std::size_t n,
              std::map<std::int32_t, double> &mix) {
    mix.clear();
    std::size_t counted = 0;
    for (std::size_t a = 0; a < n; ++a) {
        const auto &g = categories[static_cast<std::size_t>(items[a])];
        if (g.empty())
            continue;
        ++counted;
        for (auto x : g)
            mix[x] += 1.0 / static_cast<double>(g.size());
    }
    for (auto &[g, w] : mix)
        w /= static_cast<double>(counted);
    return counted > 0;
}

// Steck's miscalibration: KL (bits) from p to q, q taken 99:1 with p so that it is finite.
double miscalibrationOf(const std::map<std::int32_t, double> &p, const std::map<std::int32_t, double> &q) {
    double kl = 0;
    for (const auto &[g, pg] : p) {
        const auto it = q.find(g);
        kl += pg * std::log2(pg / (0.99 * (it == q.end() ? 0.0 : it->second) + 0.01 * pg));
    }
    return kl;
}

// Jensen-Shannon divergence (bits) between two distributions over two groups, (p, 1 - p) and (q, 1 - q).
double jensenShannon(double p, double q) {
    auto kl = [](double a, double b) { return a > 0 ? a * std::log2(a / b) : 0.0; };
    const double m = 0.5 * (p + q);
    return 0.5 * (kl(p, m) + kl(1 - p, 1 - m)) + 0.5 * (kl(q, m) + kl(1 - q, 1 - m));
}

} // namespace

// ------------------------------------------------------------------ metrics

MetricTable computeMetrics(const std::vector<EvalCase> &cases, const CatalogFacts &facts, const std::vector<int> &ks,
                           double tailRatio) {
    MetricTable t;
    const auto users = cases.size();
    auto perUser = [&](const std::string &name) -> std::vector<double> & {
        auto &v = t.perUser[name];
        if (v.empty()) {
            v.assign(users, 0.0);
            t.names.push_back(name);
        }
        return v;
    };
    std::vector<int> sortedKs(ks.begin(), ks.end());
    std::sort(sortedKs.begin(), sortedKs.end());
    sortedKs.erase(std::unique(sortedKs.begin(), sortedKs.end()), sortedKs.end());

    // Accuracy. One target: expectations over its tied ranks above .. above + ties. Several:
    // read off the list.
    const bool anyMulti = std::any_of(cases.begin(), cases.end(), [](const auto &c) { return !c.targets.empty(); });
    auto isTarget = [](const EvalCase &c, std::int32_t item) {
        return c.targets.empty() ? item == c.target : std::find(c.targets.begin(), c.targets.end(), item) != c.targets.end();
    };
    for (int k : sortedKs) {
        auto &hr = perUser(at("HR", k));
        auto *recall = anyMulti ? &perUser(at("Recall", k)) : nullptr;
        auto &precision = perUser(at("Precision", k));
        auto &ndcg = perUser(at("NDCG", k));
        auto &map = perUser(at("MAP", k));
        for (std::size_t u = 0; u < users; ++u) {
            const auto &c = cases[u];
            if (!c.targets.empty()) {
                const auto n = std::min<std::size_t>(c.list.size(), static_cast<std::size_t>(k));
                const auto relevant = std::min<std::size_t>(c.targets.size(), static_cast<std::size_t>(k));
                double hits = 0, dcg = 0, ideal = 0, ap = 0;
                for (std::size_t p = 0; p < n; ++p)
                    if (isTarget(c, c.list[p])) {
                        hits += 1;
                        dcg += 1 / std::log2(static_cast<double>(p) + 2);
                        ap += hits / static_cast<double>(p + 1);
                    }
                for (std::size_t p = 0; p < relevant; ++p)
                    ideal += 1 / std::log2(static_cast<double>(p) + 2);
                hr[u] = hits > 0 ? 1 : 0;
                (*recall)[u] = hits / static_cast<double>(c.targets.size());
                precision[u] = hits / k;
                ndcg[u] = ideal > 0 ? dcg / ideal : 0;
                map[u] = relevant ? ap / static_cast<double>(relevant) : 0;
                continue;
            }
            const double share = 1.0 / static_cast<double>(c.ties + 1);
            const auto last = std::min<std::int64_t>(c.above + c.ties, k - 1);
            for (std::int64_t r = c.above; r <= last; ++r) {
                hr[u] += share;
                ndcg[u] += share / std::log2(static_cast<double>(r) + 2);
                map[u] += share / static_cast<double>(r + 1);
            }
            precision[u] = hr[u] / k;
            if (recall)
                (*recall)[u] = hr[u];
        }
    }
    auto &mrr = perUser("MRR");
    auto &auc = perUser("AUC");
    for (std::size_t u = 0; u < users; ++u) {
        const auto &c = cases[u];
        if (!c.targets.empty()) {
            mrr[u] = 1.0 / static_cast<double>(c.bestRank + 1);
            auc[u] = c.auc;
            continue;
        }
        const double share = 1.0 / static_cast<double>(c.ties + 1);
        for (std::int64_t r = c.above; r <= c.above + c.ties; ++r)
            mrr[u] += share / static_cast<double>(r + 1);
        auc[u] = c.negatives > 0
                     ? (static_cast<double>(c.negatives - c.above - c.ties) + 0.5 * static_cast<double>(c.ties)) /
                           static_cast<double>(c.negatives)
                     : 0.5;
    }

    // Long tail: the tailRatio least interacted-with items among those seen in training
    // (ties by index), as RecBole's TailPercentage.
    std::vector<char> tail(facts.interactions.size(), 0);
    {
        std::vector<std::int32_t> seen;
        for (std::size_t i = 0; i < facts.interactions.size(); ++i)
            if (facts.interactions[i] > 0)
                seen.push_back(static_cast<std::int32_t>(i));
        std::stable_sort(seen.begin(), seen.end(), [&](auto a, auto b) { return facts.interactions[a] < facts.interactions[b]; });
        const auto cut = tailRatio >= 1 ? seen.size()
                                        : std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(seen.size()) * tailRatio));
        for (std::size_t i = 0; i < std::min(cut, seen.size()); ++i)
            tail[static_cast<std::size_t>(seen[i])] = 1;
    }
    // Popularity groups (Abdollahpouri et al. 2019): the short head is the most interacted-with
    // items that together take 20% of the training interactions (ties by index); the rest of the
    // catalog is the long tail.
    std::vector<char> head(facts.interactions.size(), 0);
    std::int64_t headItems = 0;
    {
        std::vector<std::int32_t> order(facts.interactions.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return facts.interactions[a] > facts.interactions[b]; });
        const double total = std::accumulate(facts.interactions.begin(), facts.interactions.end(), 0.0);
        double taken = 0;
        for (auto i : order) {
            if (taken >= 0.2 * total || facts.interactions[static_cast<std::size_t>(i)] <= 0)
                break;
            head[static_cast<std::size_t>(i)] = 1;
            taken += facts.interactions[static_cast<std::size_t>(i)];
            ++headItems;
        }
    }
    // AWRF's target: each group's share of the items a list could hold.
    const double headShare = facts.recommendable > 0 ? std::min(1.0, static_cast<double>(headItems) / static_cast<double>(facts.recommendable)) : 0;
    const bool hasCategories = std::any_of(facts.categories.begin(), facts.categories.end(), [](const auto &c) { return !c.empty(); });
    if (!hasCategories)
        t.notes.push_back("ILD@K and Miscal@K left out: the dataset's items have no categories");

    if (!facts.similarity)
        t.notes.push_back("ILD-cooc@K and Serendipity@K left out: the catalog is too large for co-occurrence similarity");
    auto jaccardDistance = [&](std::int32_t a, std::int32_t b) -> std::optional<double> {
        const auto &x = facts.categories[static_cast<std::size_t>(a)], &y = facts.categories[static_cast<std::size_t>(b)];
        if (x.empty() || y.empty())
            return std::nullopt;
        std::size_t common = 0;
        for (std::size_t i = 0, j = 0; i < x.size() && j < y.size();) {
            if (x[i] == y[j]) {
                ++common, ++i, ++j;
            } else if (x[i] < y[j]) {
                ++i;
            } else {
                ++j;
            }
        }
        return 1.0 - static_cast<double>(common) / static_cast<double>(x.size() + y.size() - common);
    };
    auto novelty = [&](std::int32_t i) {
        const double takers = std::max(1.0, facts.takers[static_cast<std::size_t>(i)]);
        return -std::log2(takers / static_cast<double>(std::max<std::int64_t>(1, facts.users)));
    };

    for (int k : sortedKs) {
        std::unordered_map<std::int32_t, double> exposure;
        auto *ild = hasCategories ? &perUser(at("ILD", k)) : nullptr;
        auto *ildCooc = facts.similarity ? &perUser(at("ILD-cooc", k)) : nullptr;
        auto &nov = perUser(at("Novelty", k));
        auto *serendipity = facts.similarity ? &perUser(at("Serendipity", k)) : nullptr;
        auto &avgPop = perUser(at("AvgPop", k));
        auto &tailShare = perUser(at("Tail", k));
        auto &aplt = perUser(at("APLT", k));
        auto &aclt = perUser(at("ACLT", k));
        auto &awrf = perUser(at("AWRF", k));
        auto *miscal = hasCategories ? &perUser(at("Miscal", k)) : nullptr;
        double slots = 0;
        for (std::size_t u = 0; u < users; ++u) {
            const auto &c = cases[u];
            const auto n = std::min<std::size_t>(c.list.size(), static_cast<std::size_t>(k));
            if (n == 0)
                continue;
            double jaccardSum = 0, coocSum = 0;
            std::size_t jaccardPairs = 0, pairs = 0;
            for (std::size_t a = 0; a < n; ++a) {
                const auto i = c.list[a];
                exposure[i] += 1;
                nov[u] += novelty(i) / static_cast<double>(n);
                avgPop[u] += facts.interactions[static_cast<std::size_t>(i)] / static_cast<double>(n);
                tailShare[u] += tail[static_cast<std::size_t>(i)] / static_cast<double>(n);
                for (std::size_t b = a + 1; b < n; ++b) {
                    ++pairs;
                    if (ild)
                        if (auto dist = jaccardDistance(i, c.list[b])) {
                            jaccardSum += *dist;
                            ++jaccardPairs;
                        }
                    if (ildCooc)
                        coocSum += 1.0 - facts.similarity(i, c.list[b]);
                }
                if (serendipity && isTarget(c, i) && !c.history.empty()) {
                    double sim = 0;
                    for (auto h : c.history)
                        sim += facts.similarity(i, h);
                    (*serendipity)[u] += (1.0 - sim / static_cast<double>(c.history.size())) / static_cast<double>(n);
                }
            }
            // Long-tail share and count, and the attention-weighted exposure of the two groups
            // against their share of the catalog (Jensen-Shannon divergence, bits).
            double exposed = 0, exposedTail = 0;
            for (std::size_t a = 0; a < n; ++a) {
                const bool inTail = !head[static_cast<std::size_t>(c.list[a])];
                aclt[u] += inTail;
                const double w = 1.0 / std::log2(static_cast<double>(a) + 2);
                exposed += w;
                exposedTail += inTail ? w : 0;
            }
            aplt[u] = aclt[u] / static_cast<double>(n);
            awrf[u] = jensenShannon(1.0 - exposedTail / exposed, headShare);
            // Miscalibration (Steck 2018): KL from the history's genre mix to the list's, the list's
            // smoothed towards the history's (alpha 0.01) so that it is finite.
            if (miscal) {
                std::map<std::int32_t, double> p, q;
                if (genreMix(facts.categories, c.history.data(), c.history.size(), p) && genreMix(facts.categories, c.list.data(), n, q))
                    (*miscal)[u] = miscalibrationOf(p, q);
            }
            slots += static_cast<double>(n);
            if (ild)
                (*ild)[u] = jaccardPairs ? jaccardSum / static_cast<double>(jaccardPairs) : 0;
            if (ildCooc)
                (*ildCooc)[u] = pairs ? coocSum / static_cast<double>(pairs) : 0;
        }
        // Global exposure metrics.
        std::vector<double> counts;
        for (const auto &[item, count] : exposure)
            counts.push_back(count);
        const std::string coverage = at("Coverage", k), giniName = at("Gini", k), entropy = at("Entropy", k),
                          personalization = at("Personalization", k);
        for (const auto &name : {coverage, giniName, entropy, personalization})
            t.names.push_back(name);
        t.values[coverage] = facts.recommendable > 0 ? static_cast<double>(exposure.size()) / static_cast<double>(facts.recommendable) : 0;
        t.values[giniName] = gini(counts, facts.recommendable);
        double h = 0, overlapPairs = 0;
        for (double count : counts) {
            const double p = count / slots;
            h -= p * std::log2(p);
            overlapPairs += count * (count - 1) / 2;
        }
        t.values[entropy] = h;
        const double userPairs = static_cast<double>(users) * static_cast<double>(users - 1) / 2;
        t.values[personalization] = userPairs > 0 ? 1.0 - overlapPairs / userPairs / k : 0;
    }
    for (const auto &[name, values] : t.perUser)
        t.values[name] = users ? std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(users) : 0;
    // Rating models: errors on the held-out ratings, over all of them (the usual RMSE and MAE);
    // each user's own errors are kept for the paired tests.
    std::int64_t rated = 0;
    double squared = 0, absolute = 0;
    for (const auto &c : cases) {
        rated += c.rated;
        squared += c.squaredError;
        absolute += c.absoluteError;
    }
    if (rated > 0) {
        t.names.insert(t.names.end(), {"RMSE", "MAE"});
        t.values["RMSE"] = std::sqrt(squared / static_cast<double>(rated));
        t.values["MAE"] = absolute / static_cast<double>(rated);
        if (std::all_of(cases.begin(), cases.end(), [](const EvalCase &c) { return c.rated > 0; })) {
            auto &rmse = t.perUser["RMSE"], &mae = t.perUser["MAE"];
            for (const auto &c : cases) {
                rmse.push_back(std::sqrt(c.squaredError / static_cast<double>(c.rated)));
                mae.push_back(c.absoluteError / static_cast<double>(c.rated));
            }
        } else {
            t.notes.push_back("RMSE and MAE over the " + std::to_string(rated) + " rated test interactions; some test users have "
                              "no rating, so no per-user errors are kept");
        }
    }
    // Display order: accuracy by K, then beyond-accuracy by K.
    std::stable_sort(t.names.begin(), t.names.end(), [](const std::string &a, const std::string &b) {
        static const std::vector<std::string> order{"HR",    "Recall",   "Precision", "NDCG",        "MAP",  "MRR",     "AUC",
                                                    "RMSE",  "MAE",      "Coverage",  "ILD",         "ILD-cooc", "Novelty", "Serendipity",
                                                    "Gini",  "Entropy",  "AvgPop",    "Tail",        "APLT",     "ACLT",    "AWRF",
                                                    "Miscal", "Personalization"};
        auto key = [&](const std::string &n) {
            const auto base = n.substr(0, n.find('@'));
            const auto k = n.find('@') == std::string::npos ? 0 : std::stoi(n.substr(n.find('@') + 1));
            const auto pos = static_cast<int>(std::find(order.begin(), order.end(), base) - order.begin());
            return std::make_pair(pos < 9 ? 0 : 1, pos * 1000 + k);
        };
        return key(a) < key(b);
    });
    return t;
}

std::string metricDefinition(const std::string &name) {
    const auto base = name.substr(0, name.find('@'));
    static const std::map<std::string, std::string> defs{
        {"HR", "hit ratio: share of users whose held-out item is in the top K (= Recall@K with one held-out item; RecBole Hit)"},
        {"Recall", "held-out items in the top K / all held-out items of the user (RecBole Recall)"},
        {"Precision", "held-out items in the top K divided by K (RecBole Precision)"},
        {"NDCG", "1 / log2(rank + 1) of the held-out item within the top K, else 0 (RecBole NDCG, binary relevance)"},
        {"MAP", "average precision of the top K; with one held-out item 1 / rank within K (RecBole MAP)"},
        {"MRR", "1 / rank of the held-out item among all candidates (RecBole MRR, untruncated)"},
        {"AUC", "share of negative candidates scored below the held-out item, ties counting half (RecBole GAUC)"},
        {"Coverage", "distinct items recommended to anyone / items that could be recommended (RecBole ItemCoverage)"},
        {"ILD", "intra-list diversity: mean 1 - Jaccard similarity of the categories of two listed items"},
        {"ILD-cooc", "intra-list diversity: mean 1 - cosine co-occurrence of two listed items (Microsoft Recommenders diversity)"},
        {"Novelty", "mean -log2(share of training users who took the item) over the list (Microsoft Recommenders novelty)"},
        {"Serendipity", "mean over the list of relevance x (1 - similarity to the user's history) (Microsoft Recommenders)"},
        {"Gini", "inequality of how often items are recommended: 0 even, 1 all on one item (RecBole GiniIndex)"},
        {"Entropy", "Shannon entropy (bits) of how often items are recommended (Microsoft Recommenders distributional coverage)"},
        {"AvgPop", "mean training interactions of the recommended items: ARP, average recommendation popularity (RecBole "
                   "AveragePopularity; Abdollahpouri et al. 2019)"},
        {"Tail", "share of recommended items from the 10% least interacted-with items (RecBole TailPercentage)"},
        {"Personalization", "1 - mean overlap of two users' lists (recmetrics personalization)"},
        {"APLT", "average percentage of long-tail items: share of the list outside the short head, the most popular items that "
                 "take 20% of the training interactions (Abdollahpouri et al. 2019)"},
        {"ACLT", "average coverage of the long tail: long-tail items in the list (Abdollahpouri et al. 2019)"},
        {"AWRF", "attention-weighted rank fairness: Jensen-Shannon divergence (bits) between the head and tail groups' exposure "
                 "in the list, weighted 1 / log2(rank + 1), and their share of the catalog; 0 is exposure in proportion (Sapiezynski "
                 "et al. 2019)"},
        {"Miscal", "miscalibration: KL divergence (bits) from the genre mix of the user's history to that of the list, the list's "
                   "mixed 1% with the history's (Steck 2018)"},
        {"RMSE", "rating models: root mean squared error of the predicted ratings over all held-out ratings (tests: per user)"},
        {"MAE", "rating models: mean absolute error of the predicted ratings over all held-out ratings (tests: per user)"},
    };
    const auto it = defs.find(base);
    return it == defs.end() ? std::string() : it->second;
}

bool higherIsBetter(const std::string &name) {
    const auto base = name.substr(0, name.find('@'));
    return base != "Gini" && base != "AvgPop" && base != "RMSE" && base != "MAE" && base != "AWRF" && base != "Miscal";
}

// ------------------------------------------------------------------ protocols

namespace {
bool severalTargets(const std::string &split) { return split == "temporal" || split == "random"; }
// Splits whose full-ranking protocol is named by the split alone ("temporal", not "temporal-full").
bool bareName(const std::string &split) { return severalTargets(split) || split == "kfold"; }
} // namespace

std::string Protocol::name() const {
    if (candidates == "full")
        return bareName(split) ? split : split + "-full";
    return split + "-sampled-" + candidates + "-" + std::to_string(negatives);
}

Protocol Protocol::parse(const std::string &name) {
    auto fail = [&] {
        return EngineError(ErrorKind::Usage, "unknown protocol '" + name +
                                                 "'; use loo-full, loo-sampled-uniform-N, loo-sampled-popular-N, "
                                                 "temporal, random or kfold (cold-... for runs on the cold-start split)");
    };
    Protocol p;
    const auto dash = name.find('-');
    p.split = name.substr(0, dash);
    if (p.split != "loo" && p.split != "cold" && !bareName(p.split))
        throw fail();
    if (dash == std::string::npos) {
        if (!bareName(p.split))
            throw fail();
        return p;
    }
    const auto rest = name.substr(dash + 1);
    if (rest == "full")
        return p;
    for (const std::string kind : {"uniform", "popular"}) {
        const std::string prefix = "sampled-" + kind + "-";
        if (rest.rfind(prefix, 0) == 0) {
            const auto n = parseId(rest.substr(prefix.size()));
            if (!n || *n < 1 || *n > 100000)
                throw fail();
            p.candidates = kind;
            p.negatives = static_cast<int>(*n);
            return p;
        }
    }
    throw fail();
}

// ------------------------------------------------------------------ evaluating a run

namespace {


// Cosine co-occurrence between the items of `focus` and every item, counted over training
// histories (distinct items per user). Dense focus x items counts: callers cap its size.
class Cooccurrence {
public:
    Cooccurrence(const Split &s, const std::vector<std::int32_t> &focus, std::int64_t items)
        : m_items(static_cast<std::size_t>(items)), m_row(m_items, -1), m_takers(m_items, 0) {
        for (std::size_t r = 0; r < focus.size(); ++r)
            m_row[static_cast<std::size_t>(focus[r])] = static_cast<std::int32_t>(r);
        m_counts.assign(focus.size() * m_items, 0);
        std::vector<std::int32_t> h, inFocus;
        for (const auto &seq : s.train) {
            h.clear();
            for (auto i : seq)
                h.push_back(i - 1);
            std::sort(h.begin(), h.end());
            h.erase(std::unique(h.begin(), h.end()), h.end());
            inFocus.clear();
            for (auto i : h) {
                ++m_takers[static_cast<std::size_t>(i)];
                if (m_row[static_cast<std::size_t>(i)] >= 0)
                    inFocus.push_back(m_row[static_cast<std::size_t>(i)]);
            }
            for (auto r : inFocus) {
                auto *row = m_counts.data() + static_cast<std::size_t>(r) * m_items;
                for (auto j : h)
                    ++row[static_cast<std::size_t>(j)];
            }
        }
    }
    double operator()(std::int32_t a, std::int32_t b) const {
        auto r = m_row[static_cast<std::size_t>(a)];
        if (r < 0) {
            std::swap(a, b);
            r = m_row[static_cast<std::size_t>(a)];
        }
        const double ta = m_takers[static_cast<std::size_t>(a)], tb = m_takers[static_cast<std::size_t>(b)];
        if (r < 0 || ta == 0 || tb == 0)
            return 0;
        return m_counts[static_cast<std::size_t>(r) * m_items + static_cast<std::size_t>(b)] / std::sqrt(ta * tb);
    }

private:
    std::size_t m_items;
    std::vector<std::int32_t> m_row;
    std::vector<double> m_takers;
    std::vector<std::uint32_t> m_counts;
};

constexpr std::size_t kMaxCooccurrenceCells = 150'000'000; // 600 MB of counts

std::string joinKs(const std::vector<int> &ks) {
    std::string out;
    for (auto k : ks)
        out += (out.empty() ? "" : ",") + std::to_string(k);
    return out;
}

std::vector<int> splitKs(const std::string &text) {
    std::vector<int> ks;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ','))
        if (const auto k = parseId(part))
            ks.push_back(static_cast<int>(*k));
    return ks;
}

void store(Project &project, Evaluation &e) {
    Json metrics{{"names", e.table.names}, {"values", e.table.values}, {"notes", e.table.notes}};
    std::vector<std::string> perUserNames;
    std::vector<float> matrix;
    for (const auto &name : e.table.names)
        if (const auto it = e.table.perUser.find(name); it != e.table.perUser.end()) {
            perUserNames.push_back(name);
            matrix.insert(matrix.end(), it->second.begin(), it->second.end());
        }
    metrics["per_user"] = perUserNames;
    std::vector<std::int32_t> users(e.users.begin(), e.users.end());
    SqliteStatement st(project.db(), "INSERT INTO evaluations(run_id, protocol, ks, seed, dataset_fingerprint, created_at, "
                                     "seconds, metrics_json, users, per_user) VALUES(?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, e.runId).bind(2, e.protocol).bind(3, joinKs(e.ks)).bind(4, static_cast<std::int64_t>(e.seed));
    st.bind(5, e.datasetFingerprint).bind(6, e.createdAt).bind(7, e.seconds).bind(8, metrics.dump());
    st.bindBlob(9, users.data(), users.size() * sizeof(std::int32_t));
    st.bindBlob(10, matrix.data(), matrix.size() * sizeof(float));
    st.exec();
    e.id = project.db().lastInsertId();
}

} // namespace

namespace {

// Every test case of a run under a protocol, scored by its best checkpoint: the ranks of the
// held-out items and each user's top `listLength` list, with what the beyond-accuracy metrics
// need to know about the catalog.
struct Collected {
    RunInfo run;
    Protocol protocol;
    std::string fingerprint;
    std::vector<EvalCase> cases;
    CatalogFacts facts;
    std::shared_ptr<Cooccurrence> cooccurrence;
};

Collected collectCases(Project &project, std::int64_t runId, const Protocol &protocol, int listLength, std::uint64_t seed,
                       Progress &progress) {
    RunStore runs(project);
    const auto run = runs.run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    const auto config = TrainConfig::fromJson(run->configJson);
    const std::string trainedSplit(nameOf(config.split));
    if (protocol.split != trainedSplit) {
        static const std::map<std::string, std::string> words{
            {"loo", "leave-one-out"}, {"cold", "cold-start"}, {"temporal", "temporal"}, {"random", "random"}, {"kfold", "k-fold"}};
        throw EngineError(ErrorKind::Usage, "protocol " + protocol.name() + " does not fit run '" + run->name + "', trained on the " +
                                                words.at(trainedSplit) + " split; use " + Protocol{trainedSplit}.name() +
                                                " or " + trainedSplit + "-sampled-...");
    }
    const auto info = project.dataset(run->datasetId);
    progress.report(0, Stage::LoadingModel);
    auto scorer = RunScorer::load(project, runId);
    const Split s = makeSplit(project, run->datasetId, config.splitOptions());
    const auto n = static_cast<std::size_t>(s.numItems);
    const int maxK = listLength;
    Collected out;
    out.run = *run;
    out.protocol = protocol;
    out.fingerprint = info ? info->fingerprint : std::string();
    CatalogFacts &facts = out.facts;

    // Who can be recommended: every item (leave-one-out) or the held-out ones (cold start).
    std::vector<char> recommendable(n, protocol.split == "cold" ? 0 : 1);
    for (auto i : s.testPool.items)
        recommendable[static_cast<std::size_t>(i - 1)] = 1;
    facts.recommendable = std::count(recommendable.begin(), recommendable.end(), 1);
    facts.interactions = [&] {
        auto pop = popularity(s);
        return std::vector<double>(pop.begin() + 1, pop.end());
    }();
    std::discrete_distribution<std::int32_t> popular;
    if (protocol.candidates == "popular") {
        std::vector<double> weights(n + 1, 0.0);
        for (std::size_t i = 0; i < n; ++i)
            weights[i + 1] = recommendable[i] ? facts.interactions[i] + 1e-9 : 0; // items never taken: almost never drawn
        popular = std::discrete_distribution<std::int32_t>(weights.begin(), weights.end());
    }
    const ItemPool &pool = s.testPool;

    std::vector<std::size_t> users;
    for (std::size_t u = 0; u < s.test.size(); ++u)
        if (s.test[u] > 0)
            users.push_back(u);
    std::stable_sort(users.begin(), users.end(), [&](auto a, auto b) { return s.train[a].size() < s.train[b].size(); });
    std::vector<EvalCase> &cases = out.cases;
    cases.resize(users.size());
    // Rating models: each user's held-out ratings, scored against the predictions.
    std::vector<std::vector<RatedCase>> heldOutRatings;
    if (modelInfo(run->model).ratings) {
        heldOutRatings.resize(s.test.size());
        for (const auto &r : ratingsOf(s, project.interactions(run->datasetId)).test)
            heldOutRatings[static_cast<std::size_t>(r.user)].push_back(r);
    }
    std::vector<float> scores;
    std::vector<char> taken(n, 0); // the current user's items that are not candidates
    const std::size_t batch = 256;
    for (std::size_t startAt = 0; startAt < users.size(); startAt += batch) {
        throwIfCancelled(progress);
        progress.report(0.85 * static_cast<double>(startAt) / static_cast<double>(users.size()), Stage::RankingCatalog);
        const auto end = std::min(users.size(), startAt + batch);
        std::vector<std::vector<std::int32_t>> histories;
        std::vector<std::int64_t> userIds;
        for (auto k = startAt; k < end; ++k) {
            const auto u = users[k];
            std::vector<std::int32_t> h;
            for (auto i : scoringHistory(s, u))
                h.push_back(i - 1);
            if (s.valid[u] > 0)
                h.push_back(s.valid[u] - 1);
            histories.push_back(std::move(h));
            userIds.push_back(static_cast<std::int64_t>(u));
        }
        scorer->scoreAll(histories, userIds, scores);
        for (auto k = startAt; k < end; ++k) {
            const auto u = users[k];
            const float *row = scores.data() + (k - startAt) * n;
            EvalCase &c = cases[k];
            c.user = static_cast<std::int64_t>(u);
            c.target = s.test[u] - 1;
            const bool several = protocol.candidates == "full" && !s.testSets.empty();
            if (several)
                for (auto i : s.testSets[u])
                    c.targets.push_back(i - 1);
            const auto &before = scoringHistory(s, u);
            c.history.assign(before.size(), 0);
            std::transform(before.begin(), before.end(), c.history.begin(), [](auto i) { return i - 1; });
            const float target = row[c.target];
            if (!heldOutRatings.empty())
                for (const auto &r : heldOutRatings[u])
                    addRatingError(c, row[r.item - 1], r.rating);
            auto targetOf = [&](std::int32_t i) {
                return several ? std::find(c.targets.begin(), c.targets.end(), i) != c.targets.end() : i == c.target;
            };
            // Candidates: what the user never took, and what they are to take.
            for (auto i : s.seen[u])
                taken[static_cast<std::size_t>(i - 1)] = 1;
            for (auto t : several ? c.targets : std::vector<std::int32_t>{c.target})
                taken[static_cast<std::size_t>(t)] = 0;
            auto eligible = [&](std::size_t i) { return recommendable[i] && !taken[i]; };
            auto count = [&](std::int32_t i) {
                if (i == c.target)
                    return;
                ++c.negatives;
                const float x = row[i];
                c.above += x > target;
                c.ties += x == target;
            };
            if (several) {
                // Rank of the best target (ties by item index) and AUC over (target, negative) pairs.
                std::vector<float> targetScores;
                std::int32_t best = c.targets.front();
                for (auto t : c.targets) {
                    targetScores.push_back(row[t]);
                    if (row[t] > row[best] || (row[t] == row[best] && t < best))
                        best = t;
                }
                std::sort(targetScores.begin(), targetScores.end());
                double ordered = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    const auto item = static_cast<std::int32_t>(i);
                    if (!eligible(i) || targetOf(item))
                        continue;
                    ++c.negatives;
                    const float x = row[i];
                    c.bestRank += x > row[best] || (x == row[best] && item < best);
                    const auto lo = std::lower_bound(targetScores.begin(), targetScores.end(), x);
                    const auto hi = std::upper_bound(targetScores.begin(), targetScores.end(), x);
                    ordered += static_cast<double>(targetScores.end() - hi) + 0.5 * static_cast<double>(hi - lo);
                }
                c.auc = c.negatives ? ordered / (static_cast<double>(c.negatives) * static_cast<double>(c.targets.size())) : 0.5;
            } else if (protocol.candidates == "full") {
                for (std::size_t i = 0; i < n; ++i)
                    if (eligible(i))
                        count(static_cast<std::int32_t>(i));
            } else {
                auto rng = caseGenerator(seed, u, true);
                const auto negatives =
                    protocol.candidates == "uniform"
                        ? sampleNegatives(s, u, protocol.negatives, rng, [&pool](std::mt19937_64 &g) { return pool.draw(g); })
                        : sampleNegatives(s, u, protocol.negatives, rng, [&popular](std::mt19937_64 &g) { return popular(g); });
                for (auto x : negatives)
                    count(x - 1);
            }
            // The list a user would be shown: the catalog's top items minus their history
            // (ties by item index, so lists are reproducible).
            std::vector<std::pair<float, std::int32_t>> top;
            top.reserve(static_cast<std::size_t>(maxK) + 1);
            auto worse = [](const auto &a, const auto &b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
            for (std::size_t i = 0; i < n; ++i) {
                if (!eligible(i) || std::isnan(row[i]))
                    continue;
                const std::pair<float, std::int32_t> entry{row[i], static_cast<std::int32_t>(i)};
                if (top.size() < static_cast<std::size_t>(maxK)) {
                    top.push_back(entry);
                    std::push_heap(top.begin(), top.end(), worse);
                } else if (worse(entry, top.front())) {
                    std::pop_heap(top.begin(), top.end(), worse);
                    top.back() = entry;
                    std::push_heap(top.begin(), top.end(), worse);
                }
            }
            std::sort_heap(top.begin(), top.end(), worse);
            for (const auto &[score, item] : top) {
                c.list.push_back(item);
                c.listScores.push_back(score);
            }
            for (auto i : s.seen[u])
                taken[static_cast<std::size_t>(i - 1)] = 0;
        }
    }

    progress.report(0.9, Stage::MeasuringBeyondAccuracy);
    throwIfCancelled(progress);
    facts.takers.assign(n, 0.0);
    facts.users = 0;
    for (const auto &seq : s.train) {
        if (seq.empty())
            continue;
        ++facts.users;
        std::unordered_set<std::int32_t> distinct(seq.begin(), seq.end());
        for (auto i : distinct)
            facts.takers[static_cast<std::size_t>(i - 1)] += 1;
    }
    std::map<std::string, std::int32_t> categoryIds;
    facts.categories.resize(n);
    for (const auto &item : project.items(run->datasetId)) {
        std::stringstream in(item.categories);
        std::string part;
        auto &list = facts.categories[static_cast<std::size_t>(item.index)];
        while (std::getline(in, part, '|'))
            if (!part.empty())
                list.push_back(categoryIds.emplace(part, static_cast<std::int32_t>(categoryIds.size())).first->second);
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    std::vector<std::int32_t> focus;
    {
        std::vector<char> listed(n, 0);
        for (const auto &c : cases)
            for (auto i : c.list)
                listed[static_cast<std::size_t>(i)] = 1;
        for (std::size_t i = 0; i < n; ++i)
            if (listed[i])
                focus.push_back(static_cast<std::int32_t>(i));
    }
    if (focus.size() * n <= kMaxCooccurrenceCells) {
        out.cooccurrence = std::make_shared<Cooccurrence>(s, focus, s.numItems);
        facts.similarity = [cooc = out.cooccurrence](std::int32_t a, std::int32_t b) { return (*cooc)(a, b); };
    }
    throwIfCancelled(progress);
    return out;
}

} // namespace

Evaluation evaluateRun(Project &project, std::int64_t runId, const EvaluationOptions &options, Progress &progress) {
    const auto start = std::chrono::steady_clock::now();
    const Protocol protocol = Protocol::parse(options.protocol);
    if (options.ks.empty() || std::any_of(options.ks.begin(), options.ks.end(), [](int k) { return k < 1 || k > 1000; }))
        throw EngineError(ErrorKind::Usage, "K must be between 1 and 1000");
    const int maxK = *std::max_element(options.ks.begin(), options.ks.end());
    const Collected collected = collectCases(project, runId, protocol, maxK, options.seed, progress);

    Evaluation e;
    e.runId = runId;
    e.runName = collected.run.name;
    e.model = collected.run.model;
    e.datasetId = collected.run.datasetId;
    e.protocol = protocol.name();
    e.ks = options.ks;
    std::sort(e.ks.begin(), e.ks.end());
    e.ks.erase(std::unique(e.ks.begin(), e.ks.end()), e.ks.end());
    e.seed = options.seed;
    e.datasetFingerprint = collected.fingerprint;
    e.createdAt = utcTimestamp();
    e.table = computeMetrics(collected.cases, collected.facts, e.ks, options.tailRatio);
    for (const auto &c : collected.cases)
        e.users.push_back(c.user);
    e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options.store)
        store(project, e);
    progress.report(1.0, Stage::Evaluated);
    return e;
}

// ------------------------------------------------------------------ diversity re-ranking

namespace {
// The greedy loop both re-rankers share: the scores scaled to a relevance of 0..1 over the
// candidates; `k` picks, each the unpicked candidate with the largest value(i, relevance of i)
// (ties keep the model's order), then picked(i).
template <typename Value, typename Picked>
std::vector<std::int32_t> greedyRerank(const std::vector<std::int32_t> &candidates, const std::vector<float> &scores, int k, Value value,
                                       Picked picked) {
    const auto n = candidates.size();
    const auto want = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(0, k)));
    if (n == 0)
        return {};
    const auto [lo, hi] = std::minmax_element(scores.begin(), scores.end());
    const double span = *hi - *lo;
    std::vector<double> relevance(n);
    for (std::size_t i = 0; i < n; ++i)
        relevance[i] = span > 0 ? (scores[i] - *lo) / span : 1.0;
    std::vector<char> taken(n, 0);
    std::vector<std::int32_t> out;
    while (out.size() < want) {
        std::size_t best = n;
        double bestValue = -1e300;
        for (std::size_t i = 0; i < n; ++i) {
            if (taken[i])
                continue;
            const double v = value(i, relevance[i]);
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        taken[best] = 1;
        out.push_back(candidates[best]);
        picked(best, relevance[best]);
    }
    return out;
}
} // namespace

std::vector<std::int32_t> mmrRerank(const std::vector<std::int32_t> &candidates, const std::vector<float> &scores, int k,
                                    double lambda, const std::function<double(std::int32_t, std::int32_t)> &similarity) {
    std::vector<double> closest(candidates.size(), 0.0); // max similarity to the picked items
    bool first = true;
    return greedyRerank(
        candidates, scores, k, [&](std::size_t i, double relevance) { return lambda * relevance - (first ? 0.0 : (1 - lambda) * closest[i]); },
        [&](std::size_t best, double) {
            first = false;
            for (std::size_t i = 0; i < candidates.size(); ++i)
                closest[i] = std::max(closest[i], similarity(candidates[i], candidates[best]));
        });
}

std::vector<std::int32_t> calibratedRerank(const std::vector<std::int32_t> &candidates, const std::vector<float> &scores, int k, double lambda,
                                           const std::map<std::int32_t, double> &historyMix,
                                           const std::vector<std::vector<std::int32_t>> &categories) {
    // The list's genre weights so far (only the history's genres enter the divergence) and how
    // many of its items have categories; a candidate's mix is these with its own added.
    const std::vector<std::pair<std::int32_t, double>> history(historyMix.begin(), historyMix.end());
    std::vector<double> listWeight(history.size(), 0.0);
    std::size_t counted = 0;
    double relevance = 0; // of the list so far
    auto weightIn = [&](std::int32_t item, std::int32_t genre) {
        const auto &g = categories[static_cast<std::size_t>(item)];
        return std::binary_search(g.begin(), g.end(), genre) ? 1.0 / static_cast<double>(g.size()) : 0.0;
    };
    auto divergence = [&](std::int32_t item) { // KL(history || list with `item`), as miscalibrationOf
        const bool has = !categories[static_cast<std::size_t>(item)].empty();
        const double items = static_cast<double>(counted + (has ? 1 : 0));
        double kl = 0;
        for (std::size_t g = 0; g < history.size(); ++g) {
            const double q = items > 0 ? (listWeight[g] + (has ? weightIn(item, history[g].first) : 0.0)) / items : 0.0;
            kl += history[g].second * std::log2(history[g].second / (0.99 * q + 0.01 * history[g].second));
        }
        return kl;
    };
    return greedyRerank(
        candidates, scores, k,
        [&](std::size_t i, double r) {
            return lambda * (relevance + r) - (lambda < 1 && !history.empty() ? (1 - lambda) * divergence(candidates[i]) : 0.0);
        },
        [&](std::size_t best, double r) {
            relevance += r;
            const auto item = candidates[best];
            if (categories[static_cast<std::size_t>(item)].empty())
                return;
            ++counted;
            for (std::size_t g = 0; g < history.size(); ++g)
                listWeight[g] += weightIn(item, history[g].first);
        });
}

std::vector<MmrPoint> mmrTradeoff(Project &project, std::int64_t runId, const MmrOptions &options, Progress &progress) {
    if (options.k < 1 || options.pool < options.k)
        throw EngineError(ErrorKind::Usage, "MMR needs 1 <= K <= pool");
    if (options.method != "mmr" && options.method != "calibrated")
        throw EngineError(ErrorKind::Usage, "re-ranking is mmr or calibrated, not '" + options.method + "'");
    const auto run = RunStore(project).run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    const std::string split(nameOf(TrainConfig::fromJson(run->configJson).split));
    SubProgress scoring(progress, 0, 0.8);
    const Collected collected = collectCases(project, runId, Protocol{split}, options.pool, 0, scoring);
    const auto &facts = collected.facts;
    std::function<double(std::int32_t, std::int32_t)> similarity;
    std::string diversityName;
    if (options.similarity == "cooc") {
        if (!facts.similarity)
            throw EngineError(ErrorKind::Usage, "the catalog is too large for co-occurrence similarity; use categories");
        similarity = facts.similarity;
        diversityName = "ILD-cooc";
    } else {
        if (std::none_of(facts.categories.begin(), facts.categories.end(), [](const auto &c) { return !c.empty(); }))
            throw EngineError(ErrorKind::Usage, options.method == "calibrated"
                                                    ? "calibrated re-ranking needs genres or categories, and the dataset's items have none"
                                                    : "the dataset's items have no categories; re-rank by co-occurrence (cooc) instead");
        similarity = [&facts](std::int32_t a, std::int32_t b) {
            const auto &x = facts.categories[static_cast<std::size_t>(a)], &y = facts.categories[static_cast<std::size_t>(b)];
            if (x.empty() || y.empty())
                return 0.0;
            std::vector<std::int32_t> common;
            std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(common));
            return static_cast<double>(common.size()) / static_cast<double>(x.size() + y.size() - common.size());
        };
        diversityName = "ILD";
    }
    auto lambdas = options.lambdas;
    if (lambdas.empty())
        for (int i = 0; i <= 20; ++i)
            lambdas.push_back(i / 20.0);
    // One working copy of the cases; only the lists change with lambda.
    std::vector<EvalCase> cases = collected.cases;
    for (auto &c : cases)
        if (c.targets.empty())
            c.targets = {c.target}; // read the hit off the re-ranked list
    // Calibration: each user's genre mix, from their history.
    const bool calibrated = options.method == "calibrated";
    if (calibrated && std::none_of(facts.categories.begin(), facts.categories.end(), [](const auto &c) { return !c.empty(); }))
        throw EngineError(ErrorKind::Usage, "calibrated re-ranking needs genres or categories, and the dataset's items have none");
    std::vector<std::map<std::int32_t, double>> mixes(calibrated ? cases.size() : 0);
    for (std::size_t u = 0; u < mixes.size(); ++u)
        genreMix(facts.categories, cases[u].history.data(), cases[u].history.size(), mixes[u]);
    std::vector<MmrPoint> points;
    for (std::size_t l = 0; l < lambdas.size(); ++l) {
        throwIfCancelled(progress);
        progress.report(0.8 + 0.2 * static_cast<double>(l) / static_cast<double>(lambdas.size()), Stage::Reranking);
        for (std::size_t u = 0; u < cases.size(); ++u)
            cases[u].list = calibrated ? calibratedRerank(collected.cases[u].list, collected.cases[u].listScores, options.k, lambdas[l], mixes[u],
                                                          facts.categories)
                                       : mmrRerank(collected.cases[u].list, collected.cases[u].listScores, options.k, lambdas[l], similarity);
        const auto t = computeMetrics(cases, facts, {options.k});
        MmrPoint p;
        p.lambda = lambdas[l];
        p.ndcg = t.values.at(at("NDCG", options.k));
        p.hr = t.values.at(at("HR", options.k));
        p.ild = t.values.count(at(diversityName, options.k)) ? t.values.at(at(diversityName, options.k)) : NAN;
        p.coverage = t.values.at(at("Coverage", options.k));
        p.novelty = t.values.at(at("Novelty", options.k));
        if (t.values.count(at("Miscal", options.k)))
            p.miscalibration = t.values.at(at("Miscal", options.k));
        points.push_back(p);
    }
    progress.report(1.0, Stage::Reranked);
    return points;
}

// ------------------------------------------------------------------ cross-validation

CrossValidation crossValidate(Project &project, std::int64_t datasetId, TrainConfig config, const std::string &name, int folds,
                              const std::vector<int> &ks, Progress &progress,
                              const std::function<void(int fold, const Evaluation &)> &onFold) {
    if (folds < 2 || folds > 20)
        throw EngineError(ErrorKind::Usage, "folds must be between 2 and 20");
    config.split = SplitKind::KFold;
    config.folds = folds;
    CrossValidation cv;
    for (int f = 0; f < folds; ++f) {
        config.fold = f;
        config = TrainConfig::fromJson(config.toJson()); // re-checks the combination (BPR-MF is refused)
        SubProgress step(progress, static_cast<double>(f) / folds, (f + 0.9) / folds);
        const auto run = trainRun(project, datasetId, config, name + " (fold " + std::to_string(f + 1) + " of " + std::to_string(folds) + ")", step);
        if (run.status != RunStatus::Finished)
            throw EngineError(run.status == RunStatus::Cancelled ? ErrorKind::Cancelled : ErrorKind::BadInput,
                              "fold " + std::to_string(f + 1) + ": " + run.message);
        cv.runIds.push_back(run.runId);
        EvaluationOptions o;
        o.protocol = "kfold";
        o.ks = ks;
        SubProgress evaluating(progress, (f + 0.9) / folds, static_cast<double>(f + 1) / folds);
        cv.folds.push_back(evaluateRun(project, run.runId, o, evaluating));
        if (onFold)
            onFold(f, cv.folds.back());
    }
    cv.names = cv.folds.front().table.names;
    for (const auto &metric : cv.names) {
        double sum = 0, squares = 0;
        for (const auto &e : cv.folds)
            sum += e.table.values.at(metric);
        const double mean = sum / folds;
        for (const auto &e : cv.folds)
            squares += (e.table.values.at(metric) - mean) * (e.table.values.at(metric) - mean);
        cv.mean[metric] = mean;
        cv.sd[metric] = std::sqrt(squares / (folds - 1));
    }
    return cv;
}

// ------------------------------------------------------------------ stored evaluations

namespace {

Evaluation readEvaluation(Project &project, SqliteStatement &st, bool perUser) {
    Evaluation e;
    e.id = st.int64(0);
    e.runId = st.int64(1);
    e.protocol = st.text(2);
    e.ks = splitKs(st.text(3));
    e.seed = static_cast<std::uint64_t>(st.int64(4));
    e.datasetFingerprint = st.text(5);
    e.createdAt = st.text(6);
    e.seconds = st.real(7);
    const auto metrics = Json::parse(st.text(8), nullptr, false);
    if (metrics.is_discarded() || !metrics.is_object())
        throw EngineError(ErrorKind::Project, "evaluation " + std::to_string(e.id) + " has damaged metrics (not a JSON object)");
    e.table.names = metrics.value("names", std::vector<std::string>{});
    e.table.values = metrics.value("values", std::map<std::string, double>{});
    e.table.notes = metrics.value("notes", std::vector<std::string>{});
    if (perUser) {
        const auto users = st.blob(9);
        const auto count = users.size() / sizeof(std::int32_t);
        std::vector<std::int32_t> ids(count);
        std::memcpy(ids.data(), users.data(), count * sizeof(std::int32_t));
        e.users.assign(ids.begin(), ids.end());
        const auto matrix = st.blob(10);
        const auto names = metrics.value("per_user", std::vector<std::string>{});
        if (matrix.size() != names.size() * count * sizeof(float))
            throw EngineError(ErrorKind::Project, "evaluation " + std::to_string(e.id) + " has damaged per-user values");
        for (std::size_t m = 0; m < names.size(); ++m) {
            std::vector<float> values(count);
            std::memcpy(values.data(), matrix.data() + m * count * sizeof(float), count * sizeof(float));
            e.table.perUser[names[m]].assign(values.begin(), values.end());
        }
    }
    if (const auto run = RunStore(project).run(e.runId)) {
        e.runName = run->name;
        e.model = run->model;
        e.datasetId = run->datasetId;
    }
    return e;
}

constexpr const char *kEvaluationColumns =
    "SELECT id, run_id, protocol, ks, seed, dataset_fingerprint, created_at, seconds, metrics_json, users, per_user "
    "FROM evaluations ";

} // namespace

std::vector<Evaluation> storedEvaluations(Project &project, std::int64_t runId, bool perUser) {
    SqliteStatement st(project.db(), std::string(kEvaluationColumns) + "WHERE run_id = ? ORDER BY id DESC");
    st.bind(1, runId);
    std::vector<Evaluation> out;
    while (st.step())
        out.push_back(readEvaluation(project, st, perUser));
    return out;
}

std::optional<Evaluation> findEvaluation(Project &project, std::int64_t runId, const EvaluationOptions &options) {
    const auto run = RunStore(project).run(runId);
    if (!run)
        return std::nullopt;
    const auto info = project.dataset(run->datasetId);
    auto ks = options.ks;
    std::sort(ks.begin(), ks.end());
    ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
    SqliteStatement st(project.db(), std::string(kEvaluationColumns) +
                                         "WHERE run_id = ? AND protocol = ? AND ks = ? AND seed = ? AND dataset_fingerprint = ? "
                                         "ORDER BY id DESC LIMIT 1");
    st.bind(1, runId).bind(2, Protocol::parse(options.protocol).name()).bind(3, joinKs(ks));
    st.bind(4, static_cast<std::int64_t>(options.seed)).bind(5, info ? info->fingerprint : std::string());
    if (!st.step())
        return std::nullopt;
    return readEvaluation(project, st, true);
}

// ------------------------------------------------------------------ comparison

Comparison compare(const std::vector<Evaluation> &evaluations, int resamples, std::uint64_t seed) {
    Comparison out;
    out.evaluations = evaluations;
    if (evaluations.empty())
        return out;
    const auto &base = evaluations.front();
    out.comparable.push_back(true);
    for (std::size_t r = 1; r < evaluations.size(); ++r) {
        const auto &e = evaluations[r];
        std::vector<std::string> why;
        if (e.protocol != base.protocol)
            why.push_back("protocol " + e.protocol + " vs " + base.protocol);
        if (e.ks != base.ks)
            why.push_back("K " + joinKs(e.ks) + " vs " + joinKs(base.ks));
        if (e.seed != base.seed && e.protocol.find("sampled") != std::string::npos)
            why.push_back("negative-sampling seed " + std::to_string(e.seed) + " vs " + std::to_string(base.seed));
        if (e.datasetFingerprint != base.datasetFingerprint)
            why.push_back("another dataset (fingerprint " + e.datasetFingerprint + " vs " + base.datasetFingerprint + ")");
        else if (e.users != base.users)
            why.push_back("other test users");
        out.comparable.push_back(why.empty());
        if (!why.empty()) {
            std::string text = "'" + e.runName + "' is not comparable with '" + base.runName + "': ";
            for (std::size_t i = 0; i < why.size(); ++i)
                text += (i ? "; " : "") + why[i];
            out.warnings.push_back(text);
        }
    }
    // Metrics in the first evaluation's order, then any others.
    std::vector<std::string> names;
    for (const auto &e : evaluations)
        for (const auto &n : e.table.names)
            if (std::find(names.begin(), names.end(), n) == names.end())
                names.push_back(n);
    for (const auto &name : names) {
        MetricComparison m;
        m.metric = name;
        const auto runs = evaluations.size();
        m.values.assign(runs, NAN);
        m.interval.assign(runs, {NAN, NAN});
        m.difference.assign(runs, NAN);
        m.differenceInterval.assign(runs, {NAN, NAN});
        m.tTestP.assign(runs, NAN);
        m.wilcoxonP.assign(runs, NAN);
        const std::vector<double> *baseValues = nullptr;
        if (const auto it = base.table.perUser.find(name); it != base.table.perUser.end())
            baseValues = &it->second;
        for (std::size_t r = 0; r < runs; ++r) {
            const auto &e = evaluations[r];
            if (const auto v = e.table.values.find(name); v != e.table.values.end())
                m.values[r] = v->second;
            const auto pu = e.table.perUser.find(name);
            if (pu == e.table.perUser.end() || pu->second.empty())
                continue;
            // RMSE and MAE are taken over all ratings, not as the mean of the per-user values: those
            // serve the paired tests only.
            const bool overRatings = name == "RMSE" || name == "MAE";
            if (!overRatings)
                m.interval[r] = bootstrapMeanInterval(pu->second, resamples, seed);
            if (r == 0 || !out.comparable[r] || !baseValues || baseValues->size() != pu->second.size())
                continue;
            std::vector<double> diff(pu->second.size());
            for (std::size_t i = 0; i < diff.size(); ++i)
                diff[i] = pu->second[i] - (*baseValues)[i];
            m.difference[r] = m.values[r] - m.values[0];
            if (!overRatings)
                m.differenceInterval[r] = bootstrapMeanInterval(diff, resamples, seed);
            m.tTestP[r] = pairedTTest(pu->second, *baseValues).p;
            m.wilcoxonP[r] = wilcoxonSignedRank(pu->second, *baseValues).p;
        }
        out.metrics.push_back(std::move(m));
    }
    return out;
}

void addRatingError(EvalCase &c, double predicted, double rating) {
    const double error = predicted - rating;
    c.squaredError += error * error;
    c.absoluteError += std::abs(error);
    ++c.rated;
}

} // namespace recscope::engine
