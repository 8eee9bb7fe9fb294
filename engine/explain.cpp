// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/explain.h"

#include "engine/errors.h"
#include "engine/progress.h"
#include "engine/project.h"
#include "engine/runstore.h"
#include "engine/scoring.h"
#include "engine/shapley.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

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

namespace {
// The sample budget counts coalitions for both samplers: an order and its reverse cost 2 (n + 1).
int permutationOrders(int samples, int players) { return std::max(1, samples / (2 * (players + 1))); }
} // namespace

Explanation explain(Project &project, std::int64_t runId, std::int64_t user, std::int64_t item, const ExplainOptions &options,
                    Progress &progress) {
    const auto start = std::chrono::steady_clock::now();
    const auto run = RunStore(project).run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    const auto info = project.dataset(run->datasetId);
    if (!info || user < 0 || user >= info->users)
        throw EngineError(ErrorKind::Usage, "no user " + std::to_string(user) + " in the run's dataset");
    if (item < 0 || item >= info->items || (options.versus && (*options.versus < 0 || *options.versus >= info->items)))
        throw EngineError(ErrorKind::Usage, "no item " + std::to_string(options.versus && item >= 0 && item < info->items ? *options.versus : item) +
                                                " in the run's dataset");
    if (options.masking != "remove" && options.masking != "pad")
        throw EngineError(ErrorKind::Usage, "masking is remove or pad, not '" + options.masking + "'");
    if (options.players != "history" && options.players != "text")
        throw EngineError(ErrorKind::Usage, "players are history (the history's items) or text (the item's words), not '" + options.players + "'");
    if (options.players == "text" && run->model != "textrec")
        throw EngineError(ErrorKind::Usage, "only the text model reads item text; explain a " + run->model + " run over its history");
    progress.report(0, "loading the model");
    auto scorer = RunScorer::load(project, runId);
    const auto items = project.items(run->datasetId);

    // The players: the history items the model reads (its last maxlen).
    std::vector<std::int32_t> history;
    if (options.history) {
        for (auto i : *options.history) {
            if (i < 0 || i >= info->items)
                throw EngineError(ErrorKind::Usage, "the edited history names item " + std::to_string(i) + ", not in the run's dataset");
            history.push_back(static_cast<std::int32_t>(i));
        }
    } else {
        for (const auto &e : project.timeline(run->datasetId, user))
            history.push_back(static_cast<std::int32_t>(e.item));
    }
    const auto window = static_cast<std::size_t>(std::max(1, scorer->config().maxlen - (scorer->config().model == "bert4rec" ? 1 : 0)));
    Explanation ex;
    ex.runId = runId;
    ex.user = user;
    ex.item = item;
    ex.versus = options.versus;
    ex.masking = options.masking;
    ex.players = options.players;
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
    const double expected = ex.method == "exact"         ? std::ldexp(1.0, std::min(players, 30))
                            : ex.method == "kernelshap" ? std::max(2, options.samples) + 2.0
                            : ex.method == "permutation" ? 2.0 * permutationOrders(options.samples, players) * (players + 1) + 2
                                                         : 2.0;
    CoalitionValue value = [&](const std::vector<std::vector<char>> &coalitions) {
        throwIfCancelled(progress);
        ex.evaluations += static_cast<std::int64_t>(coalitions.size());
        progress.report(0.1 + 0.9 * std::min(1.0, static_cast<double>(ex.evaluations) / expected), "computing attributions");
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
        std::vector<std::vector<std::int32_t>> histories;
        histories.reserve(coalitions.size());
        for (const auto &c : coalitions) {
            std::vector<std::int32_t> h = context;
            for (std::size_t i = 0; i < history.size(); ++i) {
                if (c[i])
                    h.push_back(history[i]);
                else if (options.masking == "pad")
                    h.push_back(-1);
            }
            histories.push_back(std::move(h));
        }
        return scorer->scoreItem(histories, user, target, versus);
    };

    const bool transformer = run->model == "sasrec" || run->model == "bert4rec" || run->model == "textrec";
    if (transformer) {
        std::vector<std::int32_t> input = context; // text players: the whole history is context
        if (!text)
            input.insert(input.end(), history.begin(), history.end());
        ex.attention = scorer->attention(input);
        const auto row = attentionRollout(ex.attention);
        // The input ends with the history (BERT4Rec: then [MASK]); earlier positions are padding.
        const std::size_t offset = scorer->config().model == "bert4rec" ? 1 : 0;
        ex.rollout.assign(text ? 0 : history.size(), 0.0); // rollout is over history items, not words
        for (std::size_t i = 0; i < ex.rollout.size(); ++i) {
            const auto pos = row.size() - offset - history.size() + i;
            if (pos < row.size())
                ex.rollout[i] = row[pos];
        }
    } else if (ex.method == "attention") {
        throw EngineError(ErrorKind::Usage, "a " + run->model + " run has no attention; use exact, kernelshap or permutation");
    }

    progress.report(0.1, "computing attributions");
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
    ex.reason = ex.method == "attention" ? "Attention shows where the model looked, not why it scored the item; use a Shapley method for a reason."
                                         : reasonFor(ex.attributions, titles);
    ex.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.report(1.0, "explained");
    return ex;
}

} // namespace recscope::engine
