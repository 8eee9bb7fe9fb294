// SPDX-License-Identifier: GPL-3.0-or-later
// Explanations: explain, review, report.
#include "cli/cli.h"

#include "cli/reportwriter.h"

#include "engine/explain/explain.h"
#include "engine/explain/explainreview.h"
#include "engine/store/runstore.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

namespace recscope::cli {

using namespace engine;

namespace {

Json faithfulnessJson(const Faithfulness &f) {
    return {{"deletion", f.deletion},
            {"insertion", f.insertion},
            {"deletion_rank", f.deletionRank},
            {"insertion_rank", f.insertionRank},
            {"deletion_area", number(f.deletionArea)},
            {"insertion_area", number(f.insertionArea)},
            {"deletion_area_random", number(f.deletionRandom)},
            {"insertion_area_random", number(f.insertionRandom)},
            {"attention_agreement", number(f.attentionAgreement)},
            {"evaluations", f.evaluations}};
}

// Reports are .html, .htm or .pdf; checked before any work is done.
void requireReportSuffix(const std::string &file) {
    const auto dot = file.find_last_of('.');
    std::string suffix = dot == std::string::npos ? std::string() : file.substr(dot);
    std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (suffix != ".html" && suffix != ".htm" && suffix != ".pdf")
        throw EngineError(ErrorKind::Usage, file + ": a report is written as .html or .pdf");
}

// The choices explain and report share.
void addExplainOptions(CLI::App *cmd, ExplainOptions &o) {
    cmd->add_option("--method", o.method, "auto | exact | kernelshap | permutation | attention")
        ->check(CLI::IsMember({"auto", "exact", "kernelshap", "permutation", "attention"}))
        ->capture_default_str();
    cmd->add_option("--samples", o.samples, "Coalitions to evaluate (KernelSHAP or permutation sampling)")->capture_default_str();
    cmd->add_option("--masking", o.masking, "pad (leave a gap where an absent item was) | remove (take absent items out)")
        ->check(CLI::IsMember({"remove", "pad"}))
        ->capture_default_str();
    cmd->add_option("--players", o.players, "history (the history's items) | text (the words of the item's text; text model)")
        ->check(CLI::IsMember({"history", "text"}))
        ->capture_default_str();
    cmd->add_option("--value", o.value,
                    "What is explained: auto | margin (score minus the best other item's: the ranking) | logit (the raw score) | "
                    "probability (log softmax over the catalog); auto is margin, or logit for --versus and text players")
        ->check(CLI::IsMember({"auto", "margin", "logit", "probability"}))
        ->capture_default_str();
    cmd->add_option("--random-orders", o.randomOrders, "Random orders for the deletion and insertion curves' baseline")->capture_default_str();
    cmd->add_flag("!--no-faithfulness", o.faithfulness, "Skip the deletion and insertion curves");
    cmd->add_option("--seed", o.seed, "Sampling seed")->capture_default_str();
}

struct ExplainArgs {
    std::string project, run, user, item, versus;
    ExplainOptions options;
    bool counterfactual = false;
    CounterfactualOptions change;
    bool json = false;
};

Json counterfactualJson(const Counterfactual &c, const std::vector<ItemRecord> &items) {
    const auto id = [&](std::int64_t i) { return i >= 0 ? Json(items[static_cast<std::size_t>(i)].externalId) : Json(nullptr); };
    Json removed = Json::array();
    for (auto i : c.removed)
        removed.push_back(id(i));
    Json j = {{"found", c.found},
              {"search", c.search},
              {"rank_before", c.rankBefore},
              {"top_k", c.topK},
              {"removed", removed},
              {"removed_positions", c.removedPositions},
              {"new_top", id(c.newTop)},
              {"rank_after", c.found ? Json(c.rankAfter) : Json(nullptr)},
              {"verified", c.verified},
              {"top_attributed", c.topAttributed},
              {"searched_up_to", c.found ? Json(nullptr) : Json(c.searchedUpTo)},
              {"evaluations", c.evaluations},
              {"seconds", c.seconds}};
    j["swap"] = {{"found", c.swap.found}, {"tried", c.swap.tried}};
    if (c.swap.found)
        j["swap"].update({{"position", c.swap.position}, {"from", id(c.swap.from)}, {"to", id(c.swap.to)},
                          {"similarity", number(c.swap.similarity)}, {"new_top", id(c.swap.newTop)},
                          {"rank_after", c.swap.rankAfter}, {"verified", c.swap.verified}});
    return j;
}

void printCounterfactual(const Counterfactual &c, const std::vector<ItemRecord> &items) {
    const auto title = [&](std::int64_t i) { return items[static_cast<std::size_t>(i)].title.c_str(); };
    const auto place = c.topK == 1 ? std::string("first place") : "the top " + std::to_string(c.topK);
    if (c.rankBefore > c.topK) {
        std::printf("smallest change: nothing to undo, the item is at rank %lld already, outside %s\n", static_cast<long long>(c.rankBefore),
                    place.c_str());
        return;
    }
    if (!c.found) {
        std::printf("smallest change: no removal of up to %d item(s) takes it out of %s (%s search, %lld histories scored)\n",
                    c.searchedUpTo, place.c_str(), c.search.c_str(), static_cast<long long>(c.evaluations));
    } else {
        std::printf("smallest change: without %zu item(s) it leaves %s (%s search, %lld histories scored, %.2f s)%s:\n", c.removed.size(),
                    place.c_str(), c.search.c_str(), static_cast<long long>(c.evaluations), c.seconds,
                    c.verified ? ", checked by scoring the changed history" : "; NOT confirmed by scoring the changed history");
        for (auto i : c.removed)
            std::printf("  - %s\n", title(i));
        std::printf("  it falls to rank %lld; %s comes first%s\n", static_cast<long long>(c.rankAfter), title(c.newTop),
                    c.topAttributed ? " (these are the items with the largest attributions)" : "");
    }
    if (c.swap.found)
        std::printf("closest swap: %s in place of %s (cosine %.2f) leaves it at rank %lld, %s first%s\n", title(c.swap.to),
                    title(c.swap.from), c.swap.similarity, static_cast<long long>(c.swap.rankAfter), title(c.swap.newTop),
                    c.swap.verified ? "" : " (NOT confirmed)");
    else if (c.swap.tried > 0)
        std::printf("closest swap: none of %lld swaps of one item for a similar one does it\n", static_cast<long long>(c.swap.tried));
}

void printExplanation(const Explanation &e, const std::vector<UserRecord> &users, const std::vector<ItemRecord> &items) {
    std::printf("%s for %s, %s: score %.4f = base %.4f + attributions (gap %.2g)\n", items[static_cast<std::size_t>(e.item)].title.c_str(),
                users[static_cast<std::size_t>(e.user)].externalId.c_str(), e.method.c_str(), e.score, e.baseValue, e.additivityGap);
    for (const auto &a : e.attributions)
        std::printf("%+9.4f  +-%.4f  %s\n", a.value, a.stderr_, a.word.empty() ? items[static_cast<std::size_t>(a.item)].title.c_str() : a.word.c_str());
    std::cout << e.reason << "\n";
    if (const auto &f = e.faithfulness; f.computed && !std::isfinite(f.deletionArea)) {
        std::printf("faithfulness: not defined (removing history items does not change the score)\n");
    } else if (f.computed) {
        std::printf("faithfulness: deletion area %.3f (random orders %.3f; lower is better), insertion area %.3f "
                    "(random %.3f; higher is better)",
                    f.deletionArea, f.deletionRandom, f.insertionArea, f.insertionRandom);
        if (std::isfinite(f.attentionAgreement))
            std::printf(", attention rollout agreement (Spearman) %.2f", f.attentionAgreement);
        std::printf("\n");
    }
}

int runExplain(const ExplainArgs &a, Progress &progress) {
    auto p = Project::open(a.project);
    const auto r = RunStore(*p).requireRun(a.run);
    const auto users = p->users(r.datasetId);
    const auto items = p->items(r.datasetId);
    ExplainOptions o = a.options;
    if (!a.versus.empty())
        o.versus = findItem(items, a.versus);
    if (a.counterfactual)
        o.counterfactual = a.change;
    const auto e = explain(*p, r.id, findUser(users, a.user), findItem(items, a.item), o, progress);
    if (!a.json) {
        printExplanation(e, users, items);
        if (e.counterfactual.computed)
            printCounterfactual(e.counterfactual, items);
        return kOk;
    }
    Json attributions = Json::array();
    for (const auto &at : e.attributions) {
        const auto &it = items[static_cast<std::size_t>(at.item)];
        Json entry = {{"item", it.externalId}, {"title", it.title}, {"position", at.position},
                      {"value", number(at.value)}, {"stderr", number(at.stderr_)}};
        if (!at.word.empty())
            entry["word"] = at.word;
        attributions.push_back(entry);
    }
    Json j = {{"run", r.id}, {"user", users[static_cast<std::size_t>(e.user)].externalId},
              {"item", items[static_cast<std::size_t>(e.item)].externalId}, {"method", e.method},
              {"masking", e.masking}, {"players", e.players}, {"base_value", e.baseValue}, {"score", e.score},
              {"attributions", attributions}, {"additivity_gap", number(e.additivityGap)},
              {"evaluations", e.evaluations}, {"seconds", e.seconds}, {"reason", e.reason},
              {"older_items_not_read", e.skippedOlder}, {"context_items", e.context}};
    if (e.versus)
        j["versus"] = items[static_cast<std::size_t>(*e.versus)].externalId;
    j["value"] = e.value;
    if (e.faithfulness.computed)
        j["faithfulness"] = faithfulnessJson(e.faithfulness);
    if (e.counterfactual.computed)
        j["counterfactual"] = counterfactualJson(e.counterfactual, items);
    if (!e.attention.empty()) {
        j["layers"] = e.attention; // [layer][head][query][key]
        j["rollout"] = e.rollout;
    }
    std::cout << j.dump() << "\n";
    return kOk;
}

void addExplain(CLI::App &app, Shared &shared, Commands &out) {
    auto a = std::make_shared<ExplainArgs>();
    auto *cmd = app.add_subcommand("explain", "Why a run recommends an item to a user: attributions over the user's history");
    addProjectOption(cmd, a->project);
    cmd->add_option("--run", a->run, "Run name or id")->required();
    cmd->add_option("--user", a->user, "User id (as stored) or #index")->required();
    cmd->add_option("--item", a->item, "Item id (as stored) or #index")->required();
    cmd->add_option("--versus", a->versus, "Explain the score difference to this item (why ITEM above VERSUS)");
    addExplainOptions(cmd, a->options);
    cmd->add_option("--window", a->options.window, "Explain only the last N history items (older ones stay as context)");
    cmd->add_flag("--counterfactual", a->counterfactual,
                  "Also find the fewest window items whose removal takes the item out of first place (or --top-k), and the "
                  "closest single swap that does; each answer is checked by scoring the changed history");
    cmd->add_option("--top-k", a->change.topK, "Counterfactual: push the item out of the top K")->capture_default_str()->check(CLI::Range(1, 1000));
    cmd->add_option("--max-removed", a->change.maxSize, "Counterfactual: the largest removal tried (0: the whole window)")
        ->capture_default_str()
        ->check(CLI::Range(0, 1000));
    cmd->add_option("--budget", a->change.maxEvaluations, "Counterfactual: histories scored before the search gives up")
        ->capture_default_str()
        ->check(CLI::Range(1, 10000000));
    cmd->add_option("--replacements", a->change.replacements, "Counterfactual: similar items tried in each item's place (0: no swap)")
        ->capture_default_str()
        ->check(CLI::Range(0, 10000));
    addProgressFlag(cmd, shared);
    addJsonFlag(cmd, a->json, "One JSON object on stdout");
    out.push_back({cmd, [a](Progress &p) { return runExplain(*a, p); }});
}

struct ReviewArgs {
    std::string project, run, users = "100", report;
    ReviewOptions options;
    bool json = false;
};

void printReview(Project &p, const RunInfo &run, const Review &review, bool json, const std::string &report) {
    const auto items = p.items(run.datasetId);
    const auto users = p.users(run.datasetId);
    auto column = [&](double ReviewCase::*field) {
        std::vector<double> v;
        for (const auto &c : review.cases)
            v.push_back(c.*field);
        return v;
    };
    const double deletion = finiteMedian(column(&ReviewCase::deletionArea)), insertion = finiteMedian(column(&ReviewCase::insertionArea));
    const double deletionRandom = finiteMedian(column(&ReviewCase::deletionRandom));
    const double insertionRandom = finiteMedian(column(&ReviewCase::insertionRandom));
    const double agreement = finiteMedian(column(&ReviewCase::attentionAgreement));
    const auto itemId = [&](std::int64_t i) { return items[static_cast<std::size_t>(i)].externalId; };
    if (json) {
        Json cases = Json::array(), credited = Json::array(), groups = Json::array();
        for (const auto &c : review.cases)
            cases.push_back({{"user", users[static_cast<std::size_t>(c.user)].externalId},
                             {"item", itemId(c.item)},
                             {"first_item", c.firstItem >= 0 ? Json(itemId(c.firstItem)) : Json(nullptr)},
                             {"newest_first", c.newestFirst},
                             {"deletion_area", number(c.deletionArea)},
                             {"insertion_area", number(c.insertionArea)},
                             {"deletion_area_random", number(c.deletionRandom)},
                             {"insertion_area_random", number(c.insertionRandom)},
                             {"attention_agreement", number(c.attentionAgreement)},
                             {"additivity_gap", number(c.additivityGap)},
                             {"smallest_change", c.smallestChange > 0 ? Json(c.smallestChange) : Json(nullptr)}});
        for (const auto &c : review.items)
            credited.push_back({{"item", itemId(c.item)}, {"title", items[static_cast<std::size_t>(c.item)].title},
                                {"first", c.first}, {"positive", c.positive}});
        for (const auto &c : review.categories)
            groups.push_back({{"category", c.name}, {"first", c.first}, {"positive", c.positive}});
        // {"sizes": {"1": cases, "2": ...}, "none": cases with none in the window, ...}
        Json changes = nullptr;
        if (!review.changeSizes.empty()) {
            Json sizes = Json::object();
            for (std::size_t k = 1; k < review.changeSizes.size(); ++k)
                sizes[std::to_string(k)] = review.changeSizes[k];
            changes = {{"sizes", sizes}, {"none", review.changeSizes[0]}, {"top_attributed_share", number(review.changeTopAttributedShare)}};
        }
        std::cout << Json{{"run", run.id}, {"users", review.cases.size()}, {"method", review.method}, {"masking", review.masking},
                          {"value", review.value}, {"seconds", review.seconds}, {"newest_first_share", number(review.newestFirstShare)},
                          {"beats_random_share", number(review.beatsRandomShare)},
                          {"median", {{"deletion_area", number(deletion)}, {"insertion_area", number(insertion)},
                                      {"deletion_area_random", number(deletionRandom)}, {"insertion_area_random", number(insertionRandom)},
                                      {"attention_agreement", number(agreement)}}},
                          {"credited_items", credited}, {"credited_categories", groups}, {"cases", cases},
                          {"smallest_changes", changes},
                          {"diagnosis", review.diagnosis ? diagnosisJson(*review.diagnosis) : Json(nullptr)},
                          {"report", report.empty() ? Json(nullptr) : Json(report)}}
                         .dump()
                  << "\n";
        return;
    }
    std::printf("%zu users' top recommendations explained (%s, masking %s, value %s) in %.1f s\n", review.cases.size(),
                review.method.c_str(), review.masking.c_str(), review.value.c_str(), review.seconds);
    std::printf("median deletion area %.3f (random orders %.3f), insertion area %.3f (random %.3f); %.0f%% beat random orders on both\n",
                deletion, deletionRandom, insertion, insertionRandom, 100 * review.beatsRandomShare);
    std::printf("newest item credited most in %.0f%%; attention rollout agreement (Spearman, median) %.2f\n", 100 * review.newestFirstShare,
                agreement);
    if (!review.changeSizes.empty()) {
        std::printf("smallest change that takes the item out of first place:");
        for (std::size_t k = 1; k < review.changeSizes.size(); ++k)
            std::printf(" %zu item(s) in %d;", k, review.changeSizes[k]);
        std::printf(" none in the window in %d; the top-attributed items in %.0f%% of those found\n", review.changeSizes[0],
                    100 * review.changeTopAttributedShare);
    }
    std::printf("most often credited first:\n");
    for (const auto &c : review.items)
        std::printf("  %4d  %s\n", c.first, items[static_cast<std::size_t>(c.item)].title.c_str());
    if (!review.categories.empty()) {
        std::printf("their categories:\n");
        for (const auto &c : review.categories)
            std::printf("  %4d  %s\n", c.first, c.name.c_str());
    }
    if (const auto &d = review.diagnosis)
        std::printf("order: NDCG@%d %.4f as read, %.4f shuffled (drop interval [%.4f, %.4f]): %s\n", d->k, d->sequentiality.ndcg,
                    d->sequentiality.ndcgShuffled, d->sequentiality.dropLow, d->sequentiality.dropHigh,
                    d->sequentiality.usesOrder ? "the model uses order" : "no sign that the model uses order");
    if (!report.empty())
        std::printf("wrote %s\n", report.c_str());
}

int runReview(ReviewArgs a, Progress &progress) {
    auto p = Project::open(a.project);
    const auto r = RunStore(*p).requireRun(a.run);
    if (a.users == "all")
        a.options.users = 0;
    else if (const auto n = parseId(a.users); n && *n > 0)
        a.options.users = static_cast<int>(*n);
    else
        throw EngineError(ErrorKind::Usage, "--users: a number of users above 0, or all, not '" + a.users + "'");
    if (!a.report.empty())
        requireReportSuffix(a.report);
    const auto review = reviewExplanations(*p, r.id, a.options, progress);
    if (!a.report.empty())
        writeReviewReport(*p, r, a.options, review, a.report);
    printReview(*p, r, review, a.json, a.report);
    return kOk;
}

void addReview(CLI::App &app, Shared &shared, Commands &out) {
    auto a = std::make_shared<ReviewArgs>();
    auto *cmd = app.add_subcommand("review", "Explainability review: explain many users' top recommendations and summarise "
                                             "faithfulness, credited items and attention agreement");
    auto &o = a->options;
    addProjectOption(cmd, a->project);
    cmd->add_option("--run", a->run, "Run name or id")->required();
    cmd->add_option("--users", a->users, "Users to sample, or all")->capture_default_str();
    cmd->add_option("--seed", o.seed, "Which users are sampled")->capture_default_str();
    cmd->add_option("--window", o.explain.window, "Explain the last N history items (older ones stay as context)")->capture_default_str();
    cmd->add_option("--method", o.explain.method, "auto | exact | kernelshap | permutation")
        ->check(CLI::IsMember({"auto", "exact", "kernelshap", "permutation"}))
        ->capture_default_str();
    cmd->add_option("--masking", o.explain.masking, "remove | pad")->check(CLI::IsMember({"remove", "pad"}))->capture_default_str();
    cmd->add_option("--value", o.explain.value, "auto | margin | logit | probability")
        ->check(CLI::IsMember({"auto", "margin", "logit", "probability"}))
        ->capture_default_str();
    cmd->add_option("--samples", o.explain.samples, "Coalitions per explanation (KernelSHAP or permutation)")->capture_default_str();
    cmd->add_option("--report", a->report, "Also write the review report: .html (standalone, plots inline) or .pdf");
    addProgressFlag(cmd, shared);
    addJsonFlag(cmd, a->json, "One JSON object on stdout");
    out.push_back({cmd, [a](Progress &p) { return runReview(*a, p); }});
}

struct ReportArgs {
    std::string project, run, user, item, out;
    ExplainOptions options;
    int k = 10;
    bool json = false;
};

int runReport(const ReportArgs &a, Progress &progress) {
    requireReportSuffix(a.out);
    auto p = Project::open(a.project);
    const auto r = RunStore(*p).requireRun(a.run);
    const auto users = p->users(r.datasetId);
    const auto items = p->items(r.datasetId);
    std::optional<std::int64_t> item;
    if (!a.item.empty())
        item = findItem(items, a.item);
    ExplainOptions o = a.options;
    if (o.players == "history") // the report says what the smallest change would be
        o.counterfactual = CounterfactualOptions{};
    const auto e = writeExplanationReport(*p, r, findUser(users, a.user), item, a.k, o, a.out, progress);
    if (a.json)
        std::cout << Json{{"out", a.out}, {"run", r.id}, {"user", users[static_cast<std::size_t>(e.user)].externalId},
                          {"item", items[static_cast<std::size_t>(e.item)].externalId}, {"method", e.method},
                          {"masking", e.masking}, {"value", e.value}, {"base_value", e.baseValue}, {"score", e.score},
                          {"additivity_gap", number(e.additivityGap)}, {"reason", e.reason},
                          {"faithfulness", e.faithfulness.computed ? faithfulnessJson(e.faithfulness) : Json(nullptr)}}
                         .dump()
                  << "\n";
    else
        std::printf("wrote %s: why \"%s\" for %s (%s)\n", a.out.c_str(), items[static_cast<std::size_t>(e.item)].title.c_str(),
                    users[static_cast<std::size_t>(e.user)].externalId.c_str(), e.method.c_str());
    return kOk;
}

void addReport(CLI::App &app, Shared &shared, Commands &out) {
    auto a = std::make_shared<ReportArgs>();
    auto *cmd = app.add_subcommand(
        "report", "Explanation report for reviewers (HTML or PDF): a user's top list and why the top item (or --item) is there");
    addProjectOption(cmd, a->project);
    cmd->add_option("--run", a->run, "Run name or id")->required();
    cmd->add_option("--user", a->user, "User id (as stored) or #index")->required();
    cmd->add_option("--item", a->item, "Item id (as stored) or #index to explain (default: the top recommendation)");
    cmd->add_option("--out", a->out, "Report file: .html (standalone, images inline) or .pdf")->required();
    addExplainOptions(cmd, a->options);
    cmd->add_option("-k", a->k, "Recommendations listed")->capture_default_str();
    addProgressFlag(cmd, shared);
    addJsonFlag(cmd, a->json, "One JSON object on stdout");
    out.push_back({cmd, [a](Progress &p) { return runReport(*a, p); }});
}

} // namespace

void addExplainCommands(CLI::App &app, Shared &shared, Commands &out) {
    addExplain(app, shared, out);
    addReview(app, shared, out);
    addReport(app, shared, out);
}

} // namespace recscope::cli
