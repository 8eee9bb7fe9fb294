// SPDX-License-Identifier: GPL-3.0-or-later
// Export: a run's top-k lists and vectors out of the project.
#include "cli/cli.h"

#include "engine/export/exports.h"
#include "engine/store/runstore.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace recscope::cli {

using namespace engine;

namespace {

struct ExportArgs {
    std::string project, run, recommendations, embeddings, torchscript;
    int k = 10;
    bool json = false;
};

int runExport(const ExportArgs &a, Progress &progress) {
    const int targets = !a.recommendations.empty() + !a.embeddings.empty() + !a.torchscript.empty();
    if (targets != 1)
        throw EngineError(ErrorKind::Usage, "export needs one of --recommendations FILE, --embeddings FOLDER or --torchscript FILE.pt");
    auto p = Project::open(a.project);
    const auto r = RunStore(*p).requireRun(a.run);
    if (!a.torchscript.empty()) {
        const auto result = exportModel(*p, r.id, a.torchscript, progress);
        if (a.json)
            std::cout << Json{{"run", r.id}, {"what", "torchscript"}, {"files", result.files}, {"items", result.items}, {"seconds", result.seconds}}.dump()
                      << "\n";
        else
            std::printf("wrote %s: %s with its weights and %lld item ids in %.1f s (torch.jit.load it; recommend(history, k))\n",
                        a.torchscript.c_str(), r.model.c_str(), static_cast<long long>(result.items), result.seconds);
        return kOk;
    }
    const bool lists = !a.recommendations.empty();
    const auto result = lists ? exportRecommendations(*p, r.id, a.recommendations, a.k, progress)
                              : exportEmbeddings(*p, r.id, a.embeddings, progress);
    if (a.json) {
        Json j = {{"run", r.id}, {"what", lists ? "recommendations" : "embeddings"}, {"files", result.files},
                  {"users", result.users}, {"seconds", result.seconds}};
        if (lists) {
            j["k"] = a.k;
            j["rows"] = result.rows;
        } else {
            j["items"] = result.items;
            j["dimensions"] = result.dim;
        }
        std::cout << j.dump() << "\n";
    } else if (lists) {
        std::printf("wrote %s: %lld recommendations for %lld users (top %d each) in %.1f s\n", a.recommendations.c_str(),
                    static_cast<long long>(result.rows), static_cast<long long>(result.users), a.k, result.seconds);
    } else {
        std::printf("wrote %zu files to %s: %lld item and %lld user vectors of %lld numbers in %.1f s\n", result.files.size(),
                    a.embeddings.c_str(), static_cast<long long>(result.items), static_cast<long long>(result.users),
                    static_cast<long long>(result.dim), result.seconds);
    }
    return kOk;
}

} // namespace

void addExportCommands(CLI::App &app, Shared &shared, Commands &out) {
    auto a = std::make_shared<ExportArgs>();
    auto *cmd = app.add_subcommand("export", "A run's results out of the project: every user's top-k list (CSV or JSON lines), the item "
                                             "and user vectors with metadata for TensorBoard's projector, or the model as TorchScript");
    addProjectOption(cmd, a->project);
    cmd->add_option("--run", a->run, "Run name or id")->required();
    auto *lists = cmd->add_option("--recommendations", a->recommendations,
                                  "Write each user's top-k unseen items to FILE: .csv (user, rank, item, score, title) or .jsonl");
    auto *vectors = cmd->add_option("--embeddings", a->embeddings,
                                    "Write items.tsv, users.tsv, their metadata, projector_config.pbtxt and embeddings.json to FOLDER "
                                    "(models that score by a dot product: sasrec, bert4rec, textrec, bprmf)");
    auto *script = cmd->add_option("--torchscript", a->torchscript,
                                   "Write the model as a TorchScript program to FILE.pt, with its weights and item ids "
                                   "(transformers: sasrec, bert4rec, textrec); torch.jit.load gives forward(rows) and recommend(history, k)");
    lists->excludes(vectors);
    lists->excludes(script);
    vectors->excludes(script);
    cmd->add_option("-k,--k", a->k, "Items per user (--recommendations)")->capture_default_str()->check(CLI::Range(1, 10000));
    addProgressFlag(cmd, shared);
    addJsonFlag(cmd, a->json, "One JSON object on stdout");
    out.push_back({cmd, [a](Progress &p) { return runExport(*a, p); }});
}

} // namespace recscope::cli
