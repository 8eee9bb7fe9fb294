// SPDX-License-Identifier: GPL-3.0-or-later
// The two commands that write reports (report, review --report): the only part of recscope-cli
// that draws, and so the only part that starts Qt (a QGuiApplication, off screen).
#pragma once

#include "engine/explain/explain.h"
#include "engine/explain/explainreview.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"

#include <optional>
#include <string>

namespace recscope::cli {

// Recommends `k` items to `user` (index), explains `item` (or the top one) and writes the
// explanation report to `file` (.html or .pdf); returns the explanation. Throws EngineError.
engine::Explanation writeExplanationReport(engine::Project &project, const engine::RunInfo &run,
                                           std::int64_t user, std::optional<std::int64_t> item, int k,
                                           const engine::ExplainOptions &options, const std::string &file, engine::Progress &progress);

// Writes the review report of `review` (made with `options`) to `file`.
void writeReviewReport(engine::Project &project, const engine::RunInfo &run,
                       const engine::ReviewOptions &options, const engine::Review &review, const std::string &file);

} // namespace recscope::cli
