// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/comparison/runcomparison.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/efficiency/efficiency.h"
#include "engine/store/runstore.h"
#include "engine/training/trainer.h"

#include <limits>

namespace recscope::engine {

RunComparison compareRuns(Project &project, const RunComparisonRequest &request, Progress &progress) {
    if (request.runs.size() < 2)
        throw EngineError(ErrorKind::Usage, "--runs: name at least two runs to compare");
    RunStore store(project);
    const auto n = static_cast<double>(request.runs.size());
    // Evaluations take most of the time; measuring runs not profiled yet the rest.
    const double evaluated = request.withCosts ? 0.85 : 1.0;
    std::vector<Evaluation> evaluations;
    for (std::size_t i = 0; i < request.runs.size(); ++i) {
        const auto run = store.run(request.runs[i]);
        if (!run)
            throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(request.runs[i]));
        EvaluationOptions o = request.options;
        if (o.protocol.empty())
            o.protocol = std::string(nameOf(TrainConfig::fromJson(run->configJson).split)) + "-" + request.candidates;
        SubProgress step(progress, evaluated * static_cast<double>(i) / n, evaluated * static_cast<double>(i + 1) / n);
        auto found = request.fresh ? std::nullopt : findEvaluation(project, run->id, o);
        evaluations.push_back(found ? std::move(*found) : evaluateRun(project, run->id, o, step));
    }
    RunComparison out;
    if (request.withCosts)
        for (std::size_t i = 0; i < request.runs.size(); ++i) {
            const auto id = request.runs[i];
            RunCosts f;
            const auto privacy = runPrivacy(*store.run(id));
            f.epsilon = privacy ? privacy->epsilon : std::numeric_limits<double>::infinity();
            auto profile = storedProfile(project, id);
            if (!profile) {
                const double share = (1 - evaluated) / n;
                SubProgress step(progress, evaluated + share * static_cast<double>(i), evaluated + share * static_cast<double>(i + 1));
                profile = profileRun(project, id, step, 30);
            }
            f.latencyMs = profile->latencyP50Ms;
            f.megabytes = static_cast<double>(profile->checkpointBytes) / 1e6;
            f.parameters = static_cast<double>(profile->parameters);
            f.flops = profile->flopsPerUser;
            out.costs.push_back(f);
        }
    progress.report(1.0, Stage::TestingDifferences);
    out.comparison = compare(evaluations);
    return out;
}

} // namespace recscope::engine
