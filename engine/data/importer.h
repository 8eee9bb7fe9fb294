// SPDX-License-Identifier: GPL-3.0-or-later
// Dataset import: MovieLens, SASRec sequences, RecBole atomic files, Amazon JSON lines, CSV/TSV.
#pragma once

#include "engine/data/datasetdraft.h"
#include "engine/data/textfile.h"
#include "engine/data/pseudonymkey.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace recscope::engine {

class Progress;
class Project;

enum class ErrorPolicy { Stop, Skip };

struct ImportRequest {
    std::string format;    // one of importFormats()
    std::string path;      // interactions file, or the folder for MovieLens / RecBole
    std::string itemsPath; // optional item table (titles, categories, text)
    std::string usersPath; // optional user table
    std::string name;      // dataset name; derived from the path when empty
    // Column roles -> header name or 1-based column number. Roles: user, item, rating, time,
    // order (interaction files) and title, categories, text (item tables).
    std::map<std::string, std::string> mapping;
    std::optional<double> minRating;
    int kcore = 0;
    DuplicatePolicy duplicates = DuplicatePolicy::KeepAll;
    bool pseudonymize = false;
    PseudonymKeySource pseudonymKey; // where the key comes from when pseudonymize is set
    ErrorPolicy onError = ErrorPolicy::Stop;
    TextEncoding encoding = TextEncoding::Auto;
    std::int64_t maxRows = 0; // stop reading after this many interactions (previews); 0 = all
};

struct SkippedLine {
    std::string file;
    std::int64_t line = 0;
    std::string field;
    std::string message;
};

struct ImportReport {
    static constexpr std::size_t kMaxListedSkips = 1000;

    std::int64_t datasetId = 0;
    std::string name;
    std::int64_t users = 0;
    std::int64_t items = 0;
    std::int64_t interactions = 0;
    std::int64_t rowsRead = 0;
    std::int64_t skippedCount = 0;
    std::vector<SkippedLine> skipped; // the first kMaxListedSkips
    FilterCounts filtered;
    double seconds = 0;

    std::string toJson() const;
};

const std::vector<std::string> &importFormats();

// Reads, filters and stores one dataset in a single transaction. Runs on the caller's thread
// (open `project` on that thread); reports progress and throws EngineError(Cancelled) when
// cancelled. On any error the project is unchanged. Bad rows stop the import with an error
// naming file, line and field, or are skipped and listed, as request.onError says.
ImportReport importDataset(Project &project, const ImportRequest &request, Progress &progress);

// Reads and filters without storing: the part of importDataset before the write.
DatasetDraft readDataset(const ImportRequest &request, Progress &progress, ImportReport &report);

// The first rows of a source as the importer sees them, for the import wizard.
struct ImportPreview {
    std::vector<std::string> rawHeader;             // csv/tsv: the header (or Column 1..n)
    std::vector<std::vector<std::string>> rawRows;  // csv/tsv: split fields
    std::string delimiter;                          // "\t", ",", ...; empty for fixed formats
    bool hasHeader = false;
    std::map<std::string, std::string> detectedMapping; // role -> column name
    std::vector<std::string> parsedHeader;          // user, item, rating, time, title
    std::vector<std::vector<std::string>> parsedRows;
    std::string error;                              // set when parsing the first rows failed
};
ImportPreview previewImport(const ImportRequest &request, int maxRows = 20);

// "user=COL,item=COL" -> map; throws EngineError(Usage) on a malformed entry.
std::map<std::string, std::string> parseMapping(const std::string &text);

} // namespace recscope::engine
