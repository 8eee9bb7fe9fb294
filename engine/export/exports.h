// SPDX-License-Identifier: GPL-3.0-or-later
// Taking a run's results out of the project: every user's top-k list (CSV or JSON lines) and
// the vectors a run scores with (TSV files and metadata that TensorBoard's projector reads).
// Files are written beside their final names and renamed at the end: a failure or a cancel
// leaves no half-written file behind.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

struct ExportResult {
    std::vector<std::string> files; // what was written
    std::int64_t users = 0;         // users listed
    std::int64_t items = 0;         // items listed (embeddings)
    std::int64_t rows = 0;          // recommendations written
    std::int64_t dim = 0;           // vector length (embeddings)
    double seconds = 0;
};

// Each user's `k` best items they have not taken, after their whole history, as the run ranks
// them. The format follows the suffix: .csv (user, rank, item, score, title; RFC 4180) or
// .jsonl (one object per user: {"user", "recommendations": [{"item", "title", "score"}]}).
// Throws EngineError: Usage for a bad k or suffix, Io when the file cannot be written.
ExportResult exportRecommendations(Project &project, std::int64_t runId, const std::string &file, int k, Progress &progress);

// The run's item and user vectors into `folder` (made if missing): items.tsv and users.tsv
// (one vector per line, tab-separated), items_metadata.tsv and users_metadata.tsv (a header,
// then id, title, categories and interactions; id and history length), projector_config.pbtxt
// (TensorBoard's projector) and embeddings.json (run, model, dimensions; a user's row times an
// item's row is the run's score). Throws EngineError(Usage) for popularity and item-kNN runs.
ExportResult exportEmbeddings(Project &project, std::int64_t runId, const std::string &folder, Progress &progress);

// A transformer run (SASRec, BERT4Rec, the text model) as a TorchScript program in `file`
// (.pt), with its weights and item ids: torch.jit.load(file) gives forward(rows) -> scores
// ([B, L] of item index + 1, 0 padding, right-aligned; BERT4Rec ends each row with its [MASK]
// row, numItems + 1) and recommend(history, k) -> (item ids, scores) for 0-based item indices,
// oldest first, leaving out the items in the history. Throws EngineError(Usage) for other models.
ExportResult exportModel(Project &project, std::int64_t runId, const std::string &file, Progress &progress);

} // namespace recscope::engine
