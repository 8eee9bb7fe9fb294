// SPDX-License-Identifier: GPL-3.0-or-later
// The privacy and efficiency lab: profile, audit, compress.
#include "cli/cli.h"

#include "engine/efficiency/efficiency.h"
#include "engine/privacy/privacy.h"
#include "engine/store/runstore.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

namespace recscope::cli {

using namespace engine;

namespace {

struct ProfileArgs {
    std::string project, run;
    int repeats = 100;
    bool json = false;
};

int runProfile(const ProfileArgs &a, Progress &progress) {
    auto p = Project::open(a.project);
    const auto r = RunStore(*p).requireRun(a.run);
    const auto prof = profileRun(*p, r.id, progress, std::max(1, a.repeats));
    if (a.json)
        std::cout << prof.toJson() << "\n";
    else
        std::printf("%s (%s): %lld parameters, checkpoint %.2f MB, %.3g FLOPs per user; latency p50 %.2f ms, p95 %.2f ms "
                    "(one user); %.0f users/s (batches of 256); %d thread(s)\n",
                    r.name.c_str(), r.model.c_str(), static_cast<long long>(prof.parameters), prof.checkpointBytes / 1e6, prof.flopsPerUser,
                    prof.latencyP50Ms, prof.latencyP95Ms, prof.usersPerSecond, prof.threads);
    return kOk;
}

struct AuditArgs {
    std::string project, run;
    bool json = false;
};

int runAudit(const AuditArgs &a, Progress &progress) {
    auto p = Project::open(a.project);
    const auto r = RunStore(*p).requireRun(a.run);
    const auto audit = auditMembership(*p, r.id, progress);
    if (a.json)
        std::cout << Json{{"run", r.id},           {"auc", audit.auc},
                          {"members", audit.members}, {"non_members", audit.nonMembers},
                          {"member_loss", audit.memberLoss}, {"non_member_loss", audit.nonMemberLoss}}
                         .dump()
                  << "\n";
    else
        std::printf("%s: membership-inference AUC %.3f (0.5: no leakage); mean loss %.3f over %lld trained users, %.3f over %lld "
                    "held-out users\n",
                    r.name.c_str(), audit.auc, audit.memberLoss, static_cast<long long>(audit.members), audit.nonMemberLoss,
                    static_cast<long long>(audit.nonMembers));
    return kOk;
}

struct CompressArgs {
    std::string project, run, quantize, pruneBy = "magnitude";
    double prune = 0;
    bool json = false;
};

int runCompress(const CompressArgs &a, Progress &progress) {
    auto p = Project::open(a.project);
    RunStore store(*p);
    const auto r = store.requireRun(a.run);
    if (a.quantize.empty() && a.prune <= 0)
        throw EngineError(ErrorKind::Usage, "compress needs --quantize int8 or --prune SHARE");
    const auto id = a.quantize.empty() ? pruneRun(*p, r.id, a.prune, a.pruneBy == "head", progress) : quantizeRun(*p, r.id, progress);
    const auto before = store.loadCheckpoint(r.id, "best")->size(), after = store.loadCheckpoint(id, "best")->size();
    const auto made = *store.run(id);
    if (a.json)
        std::cout << Json{{"run", id},
                          {"name", made.name},
                          {"from", r.id},
                          {"record", Json::parse(made.metricsJson)},
                          {"checkpoint_bytes_before", before},
                          {"checkpoint_bytes_after", after}}
                         .dump()
                  << "\n";
    else
        std::printf("run %lld '%s': %s; checkpoint %.2f MB -> %.2f MB (%.1fx smaller)\n", static_cast<long long>(id), made.name.c_str(),
                    made.message.c_str(), before / 1e6, after / 1e6, static_cast<double>(before) / static_cast<double>(after));
    return kOk;
}

} // namespace

void addLabCommands(CLI::App &app, Shared &, Commands &out) {
    auto profile = std::make_shared<ProfileArgs>();
    auto *profileCmd = app.add_subcommand(
        "profile", "What a run costs to use: parameters, size, FLOPs per user, latency (p50, p95) and throughput; stored with the run");
    addProjectOption(profileCmd, profile->project);
    profileCmd->add_option("--run", profile->run, "Run name or id")->required();
    profileCmd->add_option("--repeats", profile->repeats, "Single-user calls timed for the latency")->capture_default_str();
    addJsonFlag(profileCmd, profile->json);
    out.push_back({profileCmd, [profile](Progress &p) { return runProfile(*profile, p); }});

    auto audit = std::make_shared<AuditArgs>();
    auto *auditCmd = app.add_subcommand(
        "audit", "Membership-inference audit of a k-fold run: can a loss threshold tell trained users from held-out ones?");
    addProjectOption(auditCmd, audit->project);
    auditCmd->add_option("--run", audit->run, "Run name or id (trained with --set split=kfold)")->required();
    addJsonFlag(auditCmd, audit->json);
    out.push_back({auditCmd, [audit](Progress &p) { return runAudit(*audit, p); }});

    auto compress = std::make_shared<CompressArgs>();
    auto *compressCmd = app.add_subcommand(
        "compress", "A compressed copy of a run as a new run (int8 weights, or pruned), to evaluate and compare like any run");
    addProjectOption(compressCmd, compress->project);
    compressCmd->add_option("--run", compress->run, "Run name or id")->required();
    auto *quantizeOpt = compressCmd->add_option("--quantize", compress->quantize, "int8: every weight matrix per row in int8 with a float scale")
                            ->check(CLI::IsMember({"int8"}));
    auto *pruneOpt =
        compressCmd->add_option("--prune", compress->prune, "Share to prune, e.g. 0.5: of all weights by magnitude, or of the attention heads (--by head)")
            ->check(CLI::Range(0.0, 1.0));
    quantizeOpt->excludes(pruneOpt);
    compressCmd->add_option("--by", compress->pruneBy, "magnitude (global, unstructured) | head (whole attention heads)")
        ->check(CLI::IsMember({"magnitude", "head"}))
        ->capture_default_str();
    addJsonFlag(compressCmd, compress->json);
    out.push_back({compressCmd, [compress](Progress &p) { return runCompress(*compress, p); }});
}

} // namespace recscope::cli
