// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/explain/explain.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/evaluation/runscorer.h"
#include "engine/explain/shapley.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <random>

namespace recscope::engine {

std::vector<double> attentionRollout(const std::vector<std::vector<std::vector<std::vector<float>>>> &attention) {
    if (attention.empty() || attention.front().empty())
        return {};
    const auto L = attention.front().front().size();
    std::vector<double> joint(L * L, 0.0);
    for (std::size_t i = 0; i < L; ++i)
        joint[i * L + i] = 1;
    for (const auto &layer : attention) {
        std::vector<double> a(L * L, 0.0);
        for (const auto &head : layer)
            for (std::size_t q = 0; q < L; ++q)
                for (std::size_t k = 0; k < L; ++k)
                    a[q * L + k] += head[q][k] / static_cast<double>(layer.size());
        for (std::size_t q = 0; q < L; ++q) { // residual path, then rows back to sum 1
            a[q * L + q] += 1;
            double sum = 0;
            for (std::size_t k = 0; k < L; ++k)
                sum += a[q * L + k];
            for (std::size_t k = 0; k < L; ++k)
                a[q * L + k] /= sum;
        }
        std::vector<double> next(L * L, 0.0);
        for (std::size_t q = 0; q < L; ++q)
            for (std::size_t m = 0; m < L; ++m)
                if (a[q * L + m] != 0)
                    for (std::size_t k = 0; k < L; ++k)
                        next[q * L + k] += a[q * L + m] * joint[m * L + k];
        joint = std::move(next);
    }
    return std::vector<double>(joint.end() - static_cast<long>(L), joint.end());
}

ReasonParts reasonParts(const std::vector<Attribution> &attributions) {
    ReasonParts r;
    std::vector<std::size_t> positive;
    double total = 0, magnitude = 0;
    for (std::size_t i = 0; i < attributions.size(); ++i) {
        magnitude += std::abs(attributions[i].value);
        if (attributions[i].value > 0) {
            positive.push_back(i);
            total += attributions[i].value;
        }
    }
    if (positive.empty() || total <= 0.05 * magnitude)
        return r;
    std::sort(positive.begin(), positive.end(), [&](auto a, auto b) { return attributions[a].value > attributions[b].value; });
    double sum = 0;
    for (auto i : positive) {
        r.items.push_back(i);
        sum += attributions[i].value;
        if (sum >= 0.5 * total || r.items.size() == 3)
            break;
    }
    r.share = sum / total;
    r.kind = r.share >= 0.5 ? ReasonParts::Kind::Items : ReasonParts::Kind::Diffuse;
    return r;
}

std::string reasonFor(const std::vector<Attribution> &attributions, const std::vector<std::string> &titles) {
    const auto r = reasonParts(attributions);
    const auto percent = std::to_string(static_cast<int>(std::round(100 * r.share))) + "%";
    if (r.kind == ReasonParts::Kind::Nothing)
        return "No item of the history pushes this recommendation up: it comes from what the model learned overall.";
    if (r.kind == ReasonParts::Kind::Diffuse)
        return "Many items of the history add a little each; none stands out (the top three make up " + percent +
               " of the positive attribution).";
    auto name = [&](std::size_t i) { return "\"" + (titles[i].empty() ? "item " + std::to_string(attributions[i].item) : titles[i]) + "\""; };
    std::string text = "Recommended mainly because of " + name(r.items[0]);
    for (std::size_t k = 1; k < r.items.size(); ++k)
        text += (k + 1 == r.items.size() ? " and " : ", ") + name(r.items[k]);
    return text + " (" + percent + " of the positive attribution).";
}

double spearman(const std::vector<double> &a, const std::vector<double> &b) {
    const auto n = std::min(a.size(), b.size());
    if (n < 3)
        return NAN;
    auto ranks = [n](const std::vector<double> &x) {
        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](auto i, auto j) { return x[i] < x[j]; });
        std::vector<double> r(n);
        for (std::size_t i = 0; i < n;) { // ties share their average rank
            auto j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]])
                ++j;
            for (auto k = i; k <= j; ++k)
                r[order[k]] = 0.5 * static_cast<double>(i + j);
            i = j + 1;
        }
        return r;
    };
    const auto ra = ranks(a), rb = ranks(b);
    const double mean = 0.5 * static_cast<double>(n - 1);
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sab += (ra[i] - mean) * (rb[i] - mean);
        saa += (ra[i] - mean) * (ra[i] - mean);
        sbb += (rb[i] - mean) * (rb[i] - mean);
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : NAN;
}

double curveArea(const std::vector<double> &curve, double low, double high) {
    if (curve.size() < 2 || high == low)
        return NAN;
    double area = 0;
    for (std::size_t k = 0; k + 1 < curve.size(); ++k)
        area += 0.5 * ((curve[k] - low) + (curve[k + 1] - low)) / (high - low);
    return area / static_cast<double>(curve.size() - 1);
}

namespace {
// The sample budget counts coalitions for both samplers: an order and its reverse cost 2 (n + 1).
int permutationOrders(int samples, int players) { return std::max(1, samples / (2 * (players + 1))); }
// Coalitions that take away (deletion) or give (insertion) the players in `order` one by one.
void appendCurves(const std::vector<std::size_t> &order, std::vector<std::vector<char>> &coalitions) {
    const auto n = order.size();
    std::vector<char> c(n, 1);
    coalitions.push_back(c);
    for (auto i : order) {
        c[i] = 0;
        coalitions.push_back(c);
    }
    std::fill(c.begin(), c.end(), 0);
    coalitions.push_back(c);
    for (auto i : order) {
        c[i] = 1;
        coalitions.push_back(c);
    }
}

// v(S) for coalitions, and the item's rank after each when `ranks` is given.
using RankedValue = std::function<std::vector<double>(const std::vector<std::vector<char>> &, std::vector<std::int64_t> *ranks)>;

Faithfulness faithfulnessOf(const Explanation &ex, const std::vector<double> &attributions, const ExplainOptions &options,
                            const RankedValue &value, bool text) {
    Faithfulness f;
    const auto n = attributions.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    // Largest first; among equals the newer item first, so the curves do not favour an order.
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
        return attributions[a] > attributions[b] || (attributions[a] == attributions[b] && a > b);
    });
    std::vector<std::vector<char>> own, shuffled;
    appendCurves(order, own);
    std::mt19937_64 rng(options.seed ^ 0x9e3779b97f4a7c15ULL);
    for (int r = 0; r < options.randomOrders; ++r) {
        auto random = order;
        std::shuffle(random.begin(), random.end(), rng);
        appendCurves(random, shuffled);
    }
    std::vector<std::int64_t> ranks;
    auto values = value(own, text ? nullptr : &ranks);
    const auto more = value(shuffled, nullptr);
    values.insert(values.end(), more.begin(), more.end());
    const auto points = n + 1;
    auto curve = [&](std::size_t block, std::size_t which) {
        const auto at = values.begin() + static_cast<long>(block * 2 * points + which * points);
        return std::vector<double>(at, at + static_cast<long>(points));
    };
    f.deletion = curve(0, 0);
    f.insertion = curve(0, 1);
    // One scale for all of an explanation's curves: its lowest value is 0, its highest 1 (scaling by
    // full - empty alone blows up where the two are close, as margins often are).
    const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
    const double low = *lowest, high = *highest;
    f.deletionArea = curveArea(f.deletion, low, high);
    f.insertionArea = curveArea(f.insertion, low, high);
    if (options.randomOrders > 0) {
        f.deletionRandom = f.insertionRandom = 0;
        f.deletionRandomCurve.assign(points, 0.0);
        f.insertionRandomCurve.assign(points, 0.0);
        for (int r = 0; r < options.randomOrders; ++r) {
            const auto deletion = curve(static_cast<std::size_t>(r) + 1, 0), insertion = curve(static_cast<std::size_t>(r) + 1, 1);
            for (std::size_t k = 0; k < points; ++k) {
                f.deletionRandomCurve[k] += deletion[k] / options.randomOrders;
                f.insertionRandomCurve[k] += insertion[k] / options.randomOrders;
            }
            f.deletionRandom += curveArea(deletion, low, high) / options.randomOrders;
            f.insertionRandom += curveArea(insertion, low, high) / options.randomOrders;
        }
    }
    if (!text) {
        f.deletionRank.assign(ranks.begin(), ranks.begin() + static_cast<long>(points));
        f.insertionRank.assign(ranks.begin() + static_cast<long>(points), ranks.end());
    }
    if (ex.method != "attention" && !ex.rollout.empty() && ex.rollout.size() == n)
        f.attentionAgreement = spearman(ex.rollout, attributions);
    f.computed = true;
    return f;
}

} // namespace

struct Explainer::Impl {
    Project &project;
    RunInfo run;
    DatasetInfo info;
    std::vector<ItemRecord> items;
    std::unique_ptr<RunScorer> scorer;
    std::vector<float> unitVectors; // items' vectors scaled to length 1 (swaps), once
    bool noVectors = false;         // the model scores without item vectors (popularity, item-kNN)
    Impl(Project &p, RunInfo r, DatasetInfo i) : project(p), run(std::move(r)), info(std::move(i)) {}

    Counterfactual counterfactual(const Explanation &ex, const std::vector<std::int32_t> &full, const std::vector<std::int32_t> &window,
                                  const std::vector<char> &seen, const CounterfactualOptions &options, Progress &progress);
    // The `count` items most like `item` by the cosine of their vectors, with the cosines, most
    // alike first, leaving out the items `skip` marks. Empty for models without item vectors.
    std::vector<std::pair<std::int32_t, double>> alike(std::int32_t item, int count, const std::vector<char> &skip);
};

std::vector<std::pair<std::int32_t, double>> Explainer::Impl::alike(std::int32_t item, int count, const std::vector<char> &skip) {
    if (unitVectors.empty() && !noVectors) {
        try {
            auto v = scorer->itemVectors();
            for (std::int64_t r = 0; r < v.rows; ++r) {
                double norm = 0;
                for (std::int64_t k = 0; k < v.dim; ++k)
                    norm += static_cast<double>(v.values[static_cast<std::size_t>(r * v.dim + k)]) * v.values[static_cast<std::size_t>(r * v.dim + k)];
                const auto scale = norm > 0 ? static_cast<float>(1 / std::sqrt(norm)) : 0.0f;
                for (std::int64_t k = 0; k < v.dim; ++k)
                    v.values[static_cast<std::size_t>(r * v.dim + k)] *= scale;
            }
            unitVectors = std::move(v.values);
        } catch (const EngineError &) {
            noVectors = true;
        }
    }
    if (noVectors)
        return {};
    const auto n = static_cast<std::size_t>(info.items);
    const auto dim = unitVectors.size() / std::max<std::size_t>(1, n);
    const float *a = unitVectors.data() + static_cast<std::size_t>(item) * dim;
    std::vector<std::pair<std::int32_t, double>> all;
    for (std::size_t j = 0; j < n; ++j) {
        if (skip[j] || j == static_cast<std::size_t>(item))
            continue;
        const float *b = unitVectors.data() + j * dim;
        double dot = 0;
        for (std::size_t k = 0; k < dim; ++k)
            dot += static_cast<double>(a[k]) * b[k];
        all.emplace_back(static_cast<std::int32_t>(j), dot);
    }
    const auto keep = std::min(all.size(), static_cast<std::size_t>(std::max(0, count)));
    std::partial_sort(all.begin(), all.begin() + static_cast<long>(keep), all.end(), [](const auto &x, const auto &y) { return x.second > y.second; });
    all.resize(keep);
    return all;
}

Counterfactual Explainer::Impl::counterfactual(const Explanation &ex, const std::vector<std::int32_t> &full, const std::vector<std::int32_t> &window,
                                               const std::vector<char> &seen, const CounterfactualOptions &options, Progress &progress) {
    const auto start = std::chrono::steady_clock::now();
    Counterfactual cf;
    cf.computed = true;
    cf.topK = options.topK;
    const auto target = static_cast<std::size_t>(ex.item);
    const auto catalog = static_cast<std::size_t>(info.items);
    // The window's items may change; everything older stays. A transformer reads at most its
    // last maxlen items, so older ones cannot matter to it.
    const auto maxlen = static_cast<std::size_t>(std::max(1, scorer->config().maxlen));
    std::vector<std::int32_t> prefix(full.begin(), full.end() - static_cast<long>(window.size()));
    if (modelInfo(run.model).transformer && prefix.size() > maxlen)
        prefix.erase(prefix.begin(), prefix.end() - static_cast<long>(maxlen));
    auto outcomeOf = [&](const float *row) {
        ChangeOutcome o;
        const double own = row[target];
        double best = -INFINITY, top = own;
        o.top = static_cast<std::int64_t>(target);
        for (std::size_t j = 0; j < catalog; ++j) {
            if (seen[j] || j == target)
                continue;
            o.rank += row[j] > own;
            best = std::max(best, static_cast<double>(row[j]));
            if (row[j] > top)
                top = row[j], o.top = static_cast<std::int64_t>(j);
        }
        o.margin = own - best;
        return o;
    };
    std::vector<float> scores;
    const bool transformer = modelInfo(run.model).transformer;
    auto outcomesOf = [&](const std::vector<std::vector<std::int32_t>> &tails) {
        throwIfCancelled(progress);
        // Tails of one length read the same last items of the prefix: a transformer then reads
        // exactly maxlen items and keeps that context's states from one chunk to the next.
        std::map<std::size_t, std::vector<std::size_t>> byLength;
        for (std::size_t i = 0; i < tails.size(); ++i)
            byLength[tails[i].size()].push_back(i);
        std::vector<ChangeOutcome> out(tails.size());
        constexpr std::size_t kChunk = 256;
        for (const auto &[length, cases] : byLength) {
            auto context = prefix;
            if (transformer && context.size() + length > maxlen)
                context.erase(context.begin(), context.end() - static_cast<long>(maxlen - std::min(maxlen, length)));
            for (std::size_t from = 0; from < cases.size(); from += kChunk) {
                std::vector<std::vector<std::int32_t>> chunk;
                for (auto k = from; k < std::min(cases.size(), from + kChunk); ++k)
                    chunk.push_back(tails[cases[k]]);
                scorer->scoreAllAfter(context, chunk, ex.user, scores);
                for (std::size_t r = 0; r < chunk.size(); ++r)
                    out[cases[from + r]] = outcomeOf(scores.data() + r * catalog);
            }
        }
        return out;
    };
    // Scoring the changed history whole, as a recommendation would: the check on each answer.
    auto whole = [&](const std::vector<std::int32_t> &tail) {
        auto h = prefix;
        h.insert(h.end(), tail.begin(), tail.end());
        scorer->scoreAll({h}, {ex.user}, scores);
        return outcomeOf(scores.data());
    };
    // An item that is not in the top K already has nothing to undo.
    cf.rankBefore = whole(window).rank;
    if (cf.rankBefore > options.topK) {
        cf.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return cf;
    }
    std::vector<double> guide;
    for (const auto &a : ex.attributions)
        guide.push_back(a.value);
    const auto removal = smallestRemoval(
        static_cast<int>(window.size()),
        [&](const std::vector<std::vector<char>> &removed) {
            std::vector<std::vector<std::int32_t>> tails;
            for (const auto &r : removed) {
                tails.emplace_back();
                for (std::size_t i = 0; i < window.size(); ++i)
                    if (!r[i])
                        tails.back().push_back(window[i]);
            }
            return outcomesOf(tails);
        },
        guide.size() == window.size() ? guide : std::vector<double>{}, options);
    cf.search = removal.method;
    cf.found = removal.found;
    cf.searchedUpTo = removal.searchedUpTo;
    cf.evaluations = removal.evaluations;
    const auto firstPosition = static_cast<std::int64_t>(full.size() - window.size());
    if (removal.found) {
        std::vector<std::int32_t> tail;
        std::vector<char> gone(window.size(), 0);
        for (auto i : removal.removed) {
            gone[static_cast<std::size_t>(i)] = 1;
            cf.removed.push_back(window[static_cast<std::size_t>(i)]);
            cf.removedPositions.push_back(firstPosition + i);
        }
        for (std::size_t i = 0; i < window.size(); ++i)
            if (!gone[i])
                tail.push_back(window[i]);
        const auto check = whole(tail);
        cf.verified = check.rank > options.topK;
        cf.newTop = check.top;
        cf.rankAfter = check.rank;
        // Are these the items with the largest attributions?
        if (guide.size() == window.size()) {
            std::vector<std::size_t> order(guide.size());
            std::iota(order.begin(), order.end(), 0);
            std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return guide[a] > guide[b]; });
            cf.topAttributed = std::all_of(order.begin(), order.begin() + static_cast<long>(removal.removed.size()),
                                           [&](auto i) { return gone[i] != 0; });
        }
    }
    // The closest single swap: each window item replaced by the items most like it.
    if (options.replacements > 0 && !window.empty()) {
        std::vector<char> skip = seen;
        for (auto i : window)
            skip[static_cast<std::size_t>(i)] = 1;
        skip[target] = 1;
        struct Candidate {
            std::size_t position;
            std::int32_t to;
            double similarity;
        };
        std::vector<Candidate> candidates;
        std::vector<std::vector<std::int32_t>> tails;
        for (std::size_t p = 0; p < window.size(); ++p)
            for (const auto &[to, similarity] : alike(window[p], options.replacements, skip)) {
                candidates.push_back({p, to, similarity});
                tails.push_back(window);
                tails.back()[p] = to;
            }
        const auto outcomes = outcomesOf(tails);
        cf.swap.tried = static_cast<std::int64_t>(tails.size());
        std::size_t best = candidates.size();
        for (std::size_t k = 0; k < candidates.size(); ++k)
            if (outcomes[k].rank > options.topK &&
                (best == candidates.size() || candidates[k].similarity > candidates[best].similarity ||
                 (candidates[k].similarity == candidates[best].similarity && outcomes[k].rank > outcomes[best].rank)))
                best = k;
        if (best < candidates.size()) {
            const auto &c = candidates[best];
            cf.swap.found = true;
            cf.swap.position = firstPosition + static_cast<std::int64_t>(c.position);
            cf.swap.from = window[c.position];
            cf.swap.to = c.to;
            cf.swap.similarity = c.similarity;
            const auto check = whole(tails[best]);
            cf.swap.verified = check.rank > options.topK;
            cf.swap.newTop = check.top;
            cf.swap.rankAfter = check.rank;
        }
    }
    cf.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return cf;
}

Explainer::Explainer(Project &project, std::int64_t runId) {
    auto run = RunStore(project).run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    auto info = project.dataset(run->datasetId);
    if (!info)
        throw EngineError(ErrorKind::Project, "run " + std::to_string(runId) + " refers to a dataset that is gone");
    d = std::make_unique<Impl>(project, std::move(*run), std::move(*info));
    d->scorer = RunScorer::load(project, runId);
    d->items = project.items(d->run.datasetId);
}

Explainer::~Explainer() = default;

std::vector<std::pair<std::int64_t, double>> Explainer::recommend(std::int64_t user, int k) {
    return engine::recommend(d->project, *d->scorer, d->run.datasetId, user, k);
}

Explanation explain(Project &project, std::int64_t runId, std::int64_t user, std::int64_t item, const ExplainOptions &options,
                    Progress &progress) {
    progress.report(0, Stage::LoadingModel);
    return Explainer(project, runId).explain(user, item, options, progress);
}

Explanation Explainer::explain(std::int64_t user, std::int64_t item, const ExplainOptions &options, Progress &progress) {
    const auto start = std::chrono::steady_clock::now();
    auto &project = d->project;
    const auto *run = &d->run;
    const auto runId = run->id;
    const auto *info = &d->info;
    if (user < 0 || user >= info->users)
        throw EngineError(ErrorKind::Usage, "no user " + std::to_string(user) + " in the run's dataset");
    if (item < 0 || item >= info->items || (options.versus && (*options.versus < 0 || *options.versus >= info->items)))
        throw EngineError(ErrorKind::Usage, "no item " + std::to_string(options.versus && item >= 0 && item < info->items ? *options.versus : item) +
                                                " in the run's dataset");
    if (options.masking != "remove" && options.masking != "pad")
        throw EngineError(ErrorKind::Usage, "masking is remove or pad, not '" + options.masking + "'");
    if (options.players != "history" && options.players != "text")
        throw EngineError(ErrorKind::Usage, "players are history (the history's items) or text (the item's words), not '" + options.players + "'");
    if (options.players == "text" && !modelInfo(run->model).readsText)
        throw EngineError(ErrorKind::Usage, "only the text model reads item text; explain a " + run->model + " run over its history");
    if (options.value != "auto" && options.value != "logit" && options.value != "margin" && options.value != "probability")
        throw EngineError(ErrorKind::Usage, "value is auto, logit, margin or probability, not '" + options.value + "'");
    if (options.value != "auto" && options.value != "logit" && (options.versus || options.players == "text"))
        throw EngineError(ErrorKind::Usage, std::string("the ") + (options.versus ? "difference to another item" : "item's words") +
                                                " is explained as a logit; choose value logit or auto");
    if (options.randomOrders < 0 || options.randomOrders > 1000)
        throw EngineError(ErrorKind::Usage, "random orders are between 0 and 1000, not " + std::to_string(options.randomOrders));
    auto &scorer = d->scorer;
    const auto &items = d->items;
    const auto timeline = project.timeline(run->datasetId, user);

    // The players: the history items the model reads (its last maxlen).
    std::vector<std::int32_t> history;
    if (options.history) {
        for (auto i : *options.history) {
            if (i < 0 || i >= info->items)
                throw EngineError(ErrorKind::Usage, "the edited history names item " + std::to_string(i) + ", not in the run's dataset");
            history.push_back(static_cast<std::int32_t>(i));
        }
    } else {
        for (const auto &e : timeline)
            history.push_back(static_cast<std::int32_t>(e.item));
    }
    const auto window = static_cast<std::size_t>(std::max(1, scorer->config().maxlen - (scorer->config().info().bidirectional ? 1 : 0)));
    Explanation ex;
    ex.runId = runId;
    ex.user = user;
    ex.item = item;
    ex.versus = options.versus;
    ex.masking = options.masking;
    ex.players = options.players;
    ex.value = options.value != "auto" ? options.value : options.versus || options.players == "text" ? "logit" : "margin";
    // Items a recommendation leaves out (the user's own, as recommend does), but the explained one.
    std::vector<char> seen(static_cast<std::size_t>(info->items), 0);
    for (const auto &e : timeline)
        seen[static_cast<std::size_t>(e.item)] = 1;
    for (auto i : history)
        seen[static_cast<std::size_t>(i)] = 1;
    seen[static_cast<std::size_t>(item)] = 0;
    const auto fullHistory = history; // what the model would read, before the window is cut
    if (history.size() > window) {
        ex.skippedOlder = static_cast<std::int64_t>(history.size() - window);
        history.erase(history.begin(), history.end() - static_cast<long>(window));
    }
    // With a window, the older items are context: in every coalition, not players.
    std::vector<std::int32_t> context;
    if (options.window > 0 && history.size() > static_cast<std::size_t>(options.window)) {
        context.assign(history.begin(), history.end() - options.window);
        history.erase(history.begin(), history.end() - options.window);
        ex.context = static_cast<std::int64_t>(context.size());
    }
    // Text players: the words of the item's text; the history is then fixed context.
    std::vector<RunScorer::Word> words;
    if (options.players == "text") {
        words = scorer->itemWords(static_cast<std::int32_t>(item));
        context.insert(context.end(), history.begin(), history.end());
    }
    const bool text = options.players == "text";
    const int players = static_cast<int>(text ? words.size() : history.size());
    ex.method = options.method == "auto" ? (players <= 14 ? "exact" : "kernelshap") : options.method;

    const auto target = static_cast<std::int32_t>(item);
    const auto versus = options.versus ? static_cast<std::int32_t>(*options.versus) : -1;
    // Coalitions the method will ask for, so long explanations show how far they are.
    const double expected = (ex.method == "exact"         ? std::ldexp(1.0, std::min(players, 30))
                             : ex.method == "kernelshap" ? std::max(2, options.samples) + 2.0
                             : ex.method == "permutation" ? 2.0 * permutationOrders(options.samples, players) * (players + 1) + 2
                                                          : 2.0) +
                            (options.faithfulness ? 2.0 * (players + 1) * (1 + options.randomOrders) : 0.0);
    // The explained value (and the item's rank among the items a recommendation may hold) after
    // each history: the ranking needs the whole catalog's scores.
    const auto catalog = static_cast<std::size_t>(info->items);
    std::vector<float> scores;
    // Histories are the context (always present) and a tail made from a coalition of the window.
    auto valuesOf = [&](const std::vector<std::vector<std::int32_t>> &tails, std::vector<std::int64_t> *ranks) {
        if (ex.value == "logit" && !ranks && context.empty())
            return scorer->scoreItem(tails, user, target, versus);
        std::vector<double> out;
        constexpr std::size_t kChunk = 256;
        for (std::size_t from = 0; from < tails.size(); from += kChunk) {
            const auto to = std::min(tails.size(), from + kChunk);
            const std::vector<std::vector<std::int32_t>> chunk(tails.begin() + static_cast<long>(from), tails.begin() + static_cast<long>(to));
            scorer->scoreAllAfter(context, chunk, user, scores);
            for (std::size_t r = 0; r < chunk.size(); ++r) {
                const float *row = scores.data() + r * catalog;
                const double own = row[static_cast<std::size_t>(target)];
                double best = -INFINITY, top = -INFINITY, sum = 0;
                std::int64_t above = 0;
                if (ex.value == "probability") { // log-sum-exp over the catalog
                    for (std::size_t j = 0; j < catalog; ++j)
                        top = std::max(top, static_cast<double>(row[j]));
                    for (std::size_t j = 0; j < catalog; ++j)
                        sum += std::exp(static_cast<double>(row[j]) - top);
                }
                if (ex.value == "margin" || ranks)
                    for (std::size_t j = 0; j < catalog; ++j) {
                        if (seen[j] || j == static_cast<std::size_t>(target))
                            continue;
                        best = std::max(best, static_cast<double>(row[j]));
                        above += row[j] > own;
                    }
                if (ranks)
                    ranks->push_back(above + 1);
                out.push_back(ex.value == "margin"        ? own - best
                              : ex.value == "probability" ? own - top - std::log(sum)
                              : versus >= 0               ? own - row[static_cast<std::size_t>(versus)]
                                                          : own);
            }
        }
        return out;
    };
    auto tailOf = [&](const std::vector<char> &c) {
        std::vector<std::int32_t> h;
        for (std::size_t i = 0; i < history.size(); ++i) {
            if (c[i])
                h.push_back(history[i]);
            else if (options.masking == "pad")
                h.push_back(-1);
        }
        return h;
    };
    // v(S) for coalitions (and the item's rank after each, when `ranks` is given).
    auto rankedValue = [&](const std::vector<std::vector<char>> &coalitions, std::vector<std::int64_t> *ranks) {
        throwIfCancelled(progress);
        ex.evaluations += static_cast<std::int64_t>(coalitions.size());
        progress.report(0.1 + 0.9 * std::min(1.0, static_cast<double>(ex.evaluations) / expected), Stage::ComputingAttributions);
        if (text) { // the item read with some words masked
            std::vector<std::vector<int>> texts;
            for (const auto &c : coalitions) {
                std::vector<int> t;
                for (std::size_t w = 0; w < words.size(); ++w)
                    if (c[w])
                        t.insert(t.end(), words[w].pieces.begin(), words[w].pieces.end());
                    else if (options.masking == "pad")
                        t.insert(t.end(), words[w].pieces.size(), 0);
                texts.push_back(std::move(t));
            }
            return scorer->scoreItemTexts(context, target, texts, versus);
        }
        std::vector<std::vector<std::int32_t>> tails;
        tails.reserve(coalitions.size());
        for (const auto &c : coalitions)
            tails.push_back(tailOf(c));
        return valuesOf(tails, ranks);
    };
    CoalitionValue value = [&](const std::vector<std::vector<char>> &coalitions) { return rankedValue(coalitions, nullptr); };

    const bool transformer = modelInfo(run->model).transformer;
    if (transformer) {
        std::vector<std::int32_t> input = context; // text players: the whole history is context
        if (!text)
            input.insert(input.end(), history.begin(), history.end());
        ex.attention = scorer->attention(input);
        const auto row = attentionRollout(ex.attention);
        // The input ends with the history (BERT4Rec: then [MASK]); earlier positions are padding.
        const std::size_t offset = scorer->config().info().bidirectional ? 1 : 0;
        ex.rollout.assign(text ? 0 : history.size(), 0.0); // rollout is over history items, not words
        for (std::size_t i = 0; i < ex.rollout.size(); ++i) {
            const auto pos = row.size() - offset - history.size() + i;
            if (pos < row.size())
                ex.rollout[i] = row[pos];
        }
    } else if (ex.method == "attention") {
        throw EngineError(ErrorKind::Usage, "a " + run->model + " run has no attention; use exact, kernelshap or permutation");
    }

    progress.report(0.1, Stage::ComputingAttributions);
    ShapleyResult r;
    if (ex.method == "exact") {
        if (players > 14)
            throw EngineError(ErrorKind::Usage, "exact Shapley values enumerate 2^" + std::to_string(players) +
                                                    " coalitions; above 14 history items use kernelshap or permutation");
        r = exactShapley(players, value);
    } else if (ex.method == "kernelshap") {
        r = kernelShap(players, value, std::max(2, options.samples), options.seed, /*ordered=*/!text); // history: oldest first
    } else if (ex.method == "permutation") {
        r = permutationShapley(players, value, permutationOrders(options.samples, players), options.seed);
    } else if (ex.method == "attention") {
        if (text)
            throw EngineError(ErrorKind::Usage, "attention is over the history's items, not the item's words; use a Shapley method");
        const auto ends = value({std::vector<char>(history.size(), 0), std::vector<char>(history.size(), 1)});
        r.empty = ends[0];
        r.full = ends[1];
        r.values = ex.rollout;
        r.stderrs.assign(history.size(), 0.0);
    } else {
        throw EngineError(ErrorKind::Usage, "method is auto, exact, kernelshap, permutation or attention, not '" + options.method + "'");
    }
    ex.baseValue = r.empty;
    ex.score = r.full;
    std::vector<std::string> titles;
    double sum = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(players); ++i) {
        Attribution a;
        a.item = text ? item : history[i];
        a.position = text ? static_cast<std::int64_t>(i) : ex.skippedOlder + ex.context + static_cast<std::int64_t>(i);
        a.value = r.values[i];
        a.stderr_ = r.stderrs[i];
        if (text)
            a.word = words[i].text;
        sum += a.value;
        ex.attributions.push_back(a);
        titles.push_back(text ? words[i].text : items[static_cast<std::size_t>(history[i])].title);
    }
    // Attention weights are not a decomposition of the score: no additivity to check.
    ex.additivityGap = ex.method == "attention" ? NAN : ex.baseValue + sum - ex.score;
    const auto attributionEvaluations = ex.evaluations;
    if (options.faithfulness && players > 0)
        ex.faithfulness = faithfulnessOf(ex, r.values, options, rankedValue, text);
    ex.faithfulness.evaluations = ex.evaluations - attributionEvaluations;
    ex.evaluations = attributionEvaluations;
    if (options.counterfactual) {
        if (text)
            throw EngineError(ErrorKind::Usage, "a counterfactual changes the history; explain over the history's items, not the item's words");
        ex.counterfactual = d->counterfactual(ex, fullHistory, history, seen, *options.counterfactual, progress);
    }
    ex.reason = ex.method == "attention" ? "Attention shows where the model looked, not why it scored the item; use a Shapley method for a reason."
                                         : reasonFor(ex.attributions, titles);
    ex.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.report(1.0, Stage::Explained);
    return ex;
}

} // namespace recscope::engine
