// SPDX-License-Identifier: GPL-3.0-or-later
// Datasets: import, info, stats, anonymity, demo.
#include "cli/cli.h"

#include "engine/data/datasetstats.h"
#include "engine/data/demogenerator.h"
#include "engine/data/importer.h"
#include "engine/privacy/privacy.h"
#include "engine/data/pseudonymkey.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace recscope::cli {

using namespace engine;

namespace {

Json datasetJson(const DatasetInfo &d) {
    return {{"id", d.id}, {"name", d.name}, {"format", d.format}, {"source", d.source}, {"created_at", d.createdAt},
            {"users", d.users}, {"items", d.items}, {"interactions", d.interactions},
            {"pseudonymized", d.pseudonymized}, {"pseudonym_kind", d.pseudonymized ? d.pseudonymKind : ""},
            {"pseudonym_key_id", d.pseudonymKeyId}, {"has_ratings", d.hasRatings}, {"has_timestamps", d.hasTimestamps},
            {"fingerprint", d.fingerprint}};
}

struct ImportArgs {
    std::string project, format, name, items, users, map, onError = "stop", duplicates = "keep-all", path, encoding = "auto";
    std::string pseudonymKeyFile, pseudonymPassphraseFile, pseudonymKeyring;
    std::optional<double> minRating;
    int kcore = 0;
    bool pseudonymize = false, json = false;
};

int runImport(const ImportArgs &a, Progress &progress) {
    ImportRequest req;
    req.format = a.format;
    req.path = a.path;
    req.itemsPath = a.items;
    req.usersPath = a.users;
    req.name = a.name;
    req.mapping = parseMapping(a.map);
    req.minRating = a.minRating;
    req.kcore = a.kcore;
    req.duplicates = a.duplicates == "keep-first"  ? DuplicatePolicy::KeepFirst
                     : a.duplicates == "keep-last" ? DuplicatePolicy::KeepLast
                                                   : DuplicatePolicy::KeepAll;
    if (int(!a.pseudonymKeyFile.empty()) + int(!a.pseudonymPassphraseFile.empty()) + int(!a.pseudonymKeyring.empty()) > 1)
        throw EngineError(ErrorKind::Usage, "give one of --pseudonym-key, --pseudonym-keyring and --pseudonym-passphrase-file");
    req.pseudonymize = a.pseudonymize || !a.pseudonymKeyFile.empty() || !a.pseudonymPassphraseFile.empty() || !a.pseudonymKeyring.empty();
    if (!a.pseudonymKeyring.empty()) {
        req.pseudonymKey.kind = PseudonymKeySource::Kind::Keyring;
        req.pseudonymKey.keyringName = a.pseudonymKeyring;
    } else if (!a.pseudonymKeyFile.empty()) {
        req.pseudonymKey.kind = PseudonymKeySource::Kind::KeyFile;
        req.pseudonymKey.keyFile = a.pseudonymKeyFile;
    } else if (!a.pseudonymPassphraseFile.empty()) {
        req.pseudonymKey.kind = PseudonymKeySource::Kind::Passphrase;
        req.pseudonymKey.passphrase = readPassphraseFile(a.pseudonymPassphraseFile);
    }
    req.onError = a.onError == "skip" ? ErrorPolicy::Skip : ErrorPolicy::Stop;
    req.encoding = a.encoding == "utf-8" ? TextEncoding::Utf8 : a.encoding == "latin-1" ? TextEncoding::Latin1 : TextEncoding::Auto;
    auto p = Project::openOrCreate(a.project);
    const auto report = importDataset(*p, req, progress);
    if (a.json) {
        std::cout << report.toJson() << "\n";
        return kOk;
    }
    std::cout << "Imported '" << report.name << "': " << report.users << " users, " << report.items << " items, "
              << report.interactions << " interactions in " << report.seconds << " s\n";
    if (report.skippedCount > 0) {
        std::cout << "Skipped " << report.skippedCount << " bad lines:\n";
        for (const auto &s : report.skipped)
            std::cout << "  " << EngineError::compose(s.message, {s.file, s.line, s.field}) << "\n";
    }
    return kOk;
}

void addImport(CLI::App &app, Shared &shared, Commands &out) {
    auto a = std::make_shared<ImportArgs>();
    auto *cmd = app.add_subcommand("import", "Import a dataset into a project (created if missing)");
    cmd->add_option("--project", a->project, "Project file (.recscope)")->required();
    cmd->add_option("--format", a->format, "movielens-100k | movielens-1m | sasrec | recbole | amazon-jsonl | csv")
        ->required()
        ->check(CLI::IsMember(importFormats()));
    cmd->add_option("--name", a->name, "Dataset name (default: from the path)");
    cmd->add_option("--items", a->items, "Item table: titles, categories, text");
    cmd->add_option("--users", a->users, "User table");
    cmd->add_option("--map", a->map, "Column roles: user=COL,item=COL,rating=COL,time=COL,order=COL,title=COL,categories=COL,text=COL");
    cmd->add_option_function<double>("--min-rating", [a](double r) { a->minRating = r; }, "Keep ratings >= R as implicit feedback");
    cmd->add_option("--kcore", a->kcore, "Keep the k-core: users and items with >= K interactions");
    cmd->add_option("--duplicates", a->duplicates, "keep-all | keep-first | keep-last")
        ->check(CLI::IsMember({"keep-all", "keep-first", "keep-last"}))
        ->capture_default_str();
    cmd->add_flag("--pseudonymize", a->pseudonymize,
                  "Store keyed hashes instead of user ids; without a key option the key is random, used once and "
                  "wiped (irreversible: no one can link the ids back)");
    cmd->add_option("--pseudonym-key", a->pseudonymKeyFile,
                    "Pseudonymize with the key in FILE (created owner-only when missing): imports with the same key "
                    "give the same pseudonyms. The key is never stored in the project");
    cmd->add_option("--pseudonym-keyring", a->pseudonymKeyring,
                    "Pseudonymize with the key filed under NAME in the system keyring (created when missing): "
                    "imports with the same NAME give the same pseudonyms")
        ->type_name("NAME");
    cmd->add_option("--pseudonym-passphrase-file", a->pseudonymPassphraseFile,
                    "Pseudonymize with a key derived (Argon2id) from the passphrase on the first line of FILE");
    cmd->add_option("--on-error", a->onError, "stop | skip (skip lists the skipped lines)")
        ->check(CLI::IsMember({"stop", "skip"}))
        ->capture_default_str();
    cmd->add_option("--encoding", a->encoding, "auto | utf-8 | latin-1")->check(CLI::IsMember({"auto", "utf-8", "latin-1"}));
    addProgressFlag(cmd, shared);
    cmd->add_option("--stall-at", shared.stallAt, "Testing only: hang when this stage starts")->group("");
    addJsonFlag(cmd, a->json, "Print the import report as JSON");
    cmd->add_option("PATH", a->path, "Interactions file, or the dataset folder")->required();
    out.push_back({cmd, [a](Progress &p) { return runImport(*a, p); }});
}

struct InfoArgs {
    std::string project;
    bool json = false;
};

int runInfo(const InfoArgs &a) {
    auto p = Project::open(a.project);
    if (a.json) {
        Json ds = Json::array();
        for (const auto &d : p->datasets())
            ds.push_back(datasetJson(d));
        std::cout << Json{{"project", a.project}, {"schema_version", p->schemaVersion()}, {"datasets", ds}}.dump() << "\n";
        return kOk;
    }
    for (const auto &d : p->datasets())
        std::cout << d.id << "\t" << d.name << "\t" << d.users << " users\t" << d.items << " items\t" << d.interactions
                  << " interactions\t" << d.format << (d.pseudonymized ? "\tpseudonymized" : "") << "\n";
    return kOk;
}

void addInfo(CLI::App &app, Commands &out) {
    auto a = std::make_shared<InfoArgs>();
    auto *cmd = app.add_subcommand("info", "List the datasets of a project");
    addProjectOption(cmd, a->project);
    addJsonFlag(cmd, a->json);
    out.push_back({cmd, [a](Progress &) { return runInfo(*a); }});
}

struct StatsArgs {
    std::string project, dataset;
    int k = 5;
    bool json = false;
};

int runStats(const StatsArgs &a) {
    auto p = Project::open(a.project);
    const auto d = p->requireDataset(a.dataset);
    const auto s = computeStats(*p, d.id);
    const auto q = checkQuality(*p, d.id, a.k);
    Json j = {{"dataset", datasetJson(d)},
              {"stats",
               {{"users", s.users},
                {"items", s.items},
                {"interacted_items", s.interactedItems},
                {"interactions", s.interactions},
                {"density", s.density},
                {"history", {{"min", s.historyMin}, {"max", s.historyMax}, {"mean", s.historyMean}, {"median", s.historyMedian}, {"p90", s.historyP90}}},
                {"top10_percent_share", s.top10PercentShare},
                {"gini_items", s.giniItems}}},
              {"quality",
               {{"k", q.k},
                {"duplicate_interactions", q.duplicateInteractions},
                {"items_without_text", q.itemsWithoutText},
                {"unknown_items", q.unknownItems},
                {"interactions_with_unknown_items", q.interactionsWithUnknownItems},
                {"users_below_k", q.usersBelowK},
                {"items_below_k", q.itemsBelowK},
                {"interactions_outside_kcore", q.interactionsOutsideKcore},
                {"timestamps_missing", q.timestampsMissing},
                {"timestamps_non_positive", q.timestampsNonPositive},
                {"timestamps_in_future", q.timestampsInFuture},
                {"same_time_runs", q.sameTimeRuns}}}};
    std::cout << (a.json ? j.dump() : j.dump(2)) << "\n";
    return kOk;
}

void addStats(CLI::App &app, Commands &out) {
    auto a = std::make_shared<StatsArgs>();
    auto *cmd = app.add_subcommand("stats", "Shape and data-quality report of one dataset");
    addProjectOption(cmd, a->project);
    cmd->add_option("--dataset", a->dataset, "Dataset name or id")->required();
    cmd->add_option("--k", a->k, "k for the k-core check")->capture_default_str();
    addJsonFlag(cmd, a->json);
    out.push_back({cmd, [a](Progress &) { return runStats(*a); }});
}

struct AnonymityArgs {
    std::string project, dataset, columns;
    bool json = false;
};

int runAnonymity(const AnonymityArgs &a) {
    auto p = Project::open(a.project);
    const auto d = p->requireDataset(a.dataset);
    const auto report = anonymityReport(*p, d.id, splitList(a.columns));
    if (a.json) {
        Json levels = Json::array();
        for (const auto &l : report.levels)
            levels.push_back({{"name", l.name}, {"changes", l.changes}, {"k", l.k}, {"classes", l.classes},
                              {"unique_users", l.uniqueUsers}, {"unique_share", l.uniqueShare}});
        std::cout << Json{{"dataset", d.name}, {"columns", report.columns}, {"users", report.users}, {"levels", levels}}.dump() << "\n";
        return kOk;
    }
    std::printf("%lld users with attributes; quasi-identifiers:", static_cast<long long>(report.users));
    for (const auto &c : report.columns)
        std::printf(" %s", c.c_str());
    std::printf("\n");
    for (const auto &l : report.levels) {
        std::printf("%-20s k = %-4lld %6lld classes, %6lld unique users (%.1f%%)\n", l.name.c_str(), static_cast<long long>(l.k),
                    static_cast<long long>(l.classes), static_cast<long long>(l.uniqueUsers), 100 * l.uniqueShare);
        std::string changes;
        for (const auto &c : l.changes)
            changes += (changes.empty() ? "  " : "; ") + c;
        std::printf("%s\n", changes.c_str());
    }
    return kOk;
}

void addAnonymity(CLI::App &app, Commands &out) {
    auto a = std::make_shared<AnonymityArgs>();
    auto *cmd = app.add_subcommand("anonymity", "k-anonymity of a dataset's user table through its quasi-identifiers, as stored and generalised");
    addProjectOption(cmd, a->project);
    cmd->add_option("--dataset", a->dataset, "Dataset name or id")->required();
    cmd->add_option("--columns", a->columns, "Quasi-identifier columns, comma-separated (default: every stored attribute)");
    addJsonFlag(cmd, a->json);
    out.push_back({cmd, [a](Progress &) { return runAnonymity(*a); }});
}

struct DemoArgs {
    std::string project;
    std::uint64_t seed = DemoOptions{}.seed;
};

int runDemo(const DemoArgs &a, Progress &progress) {
    DemoOptions o;
    o.seed = a.seed;
    const auto id = writeDemoProject(a.project, progress, o);
    std::cout << "Demo dataset stored in " << a.project << " (dataset id " << id << ")\n";
    return kOk;
}

void addDemo(CLI::App &app, Commands &out) {
    auto a = std::make_shared<DemoArgs>();
    auto *cmd = app.add_subcommand("demo", "Write the demo project (synthetic data with planted rules)");
    addProjectOption(cmd, a->project);
    cmd->add_option("--seed", a->seed, "Random seed")->capture_default_str();
    out.push_back({cmd, [a](Progress &p) { return runDemo(*a, p); }});
}

} // namespace

void addDataCommands(CLI::App &app, Shared &shared, Commands &out) {
    addImport(app, shared, out);
    addInfo(app, out);
    addStats(app, out);
    addAnonymity(app, out);
    addDemo(app, out);
}

} // namespace recscope::cli
