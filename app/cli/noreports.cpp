// SPDX-License-Identifier: GPL-3.0-or-later
// recscope-cli of an engine-only build (RECSCOPE_ENGINE_ONLY, no Qt): every command but the two
// that draw reports.
#include "cli/reportwriter.h"

#include "engine/core/errors.h"

namespace recscope::cli {

namespace {
[[noreturn]] void noReports() {
    throw engine::EngineError(engine::ErrorKind::Usage, "this recscope-cli is an engine-only build (no Qt): reports need the full build");
}
} // namespace

engine::Explanation writeExplanationReport(engine::Project &, const engine::RunInfo &, std::int64_t, std::optional<std::int64_t>, int,
                                           const engine::ExplainOptions &, const std::string &, engine::Progress &) {
    noReports();
}

void writeReviewReport(engine::Project &, const engine::RunInfo &, const engine::ReviewOptions &, const engine::Review &, const std::string &) {
    noReports();
}

} // namespace recscope::cli
