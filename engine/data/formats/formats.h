// SPDX-License-Identifier: GPL-3.0-or-later
// The format readers behind importDataset and previewImport (engine-private). Each reads its
// format's files into the draft through a Reader, which holds the request, the progress, the
// bad-row policy and the preview's limits. Adding a format: its reader here, its file in this
// folder, its name in importFormats() and its line in readAny (importer.cpp).
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/data/formats/ is private to the engine: use engine/data/importer.h"
#endif

#include "engine/data/importer.h"
#include "engine/data/textfile.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace recscope::engine {
class Progress;
}

namespace recscope::engine::formats {

using Json = nlohmann::json;

// Values.
std::optional<double> parseDouble(std::string_view s);
std::optional<std::int64_t> parseInt(std::string_view s);
// Unix seconds from an integer (seconds, or milliseconds when too large to be seconds), a
// decimal, or an ISO 8601 date "YYYY-MM-DD[ T]HH:MM[:SS][Z]".
std::optional<std::int64_t> parseTimestamp(std::string_view s);
std::string joinCategories(const std::vector<std::string> &parts);
// A user attribute: a whole number, a decimal, or the text as it is.
Json attributeValue(const std::string &v);

// What a reader reads with: the request, the draft it fills, the report of bad rows, progress.
class Reader {
public:
    Reader(const ImportRequest &req, DatasetDraft &draft, ImportReport &report, Progress &progress);

    const ImportRequest &req;
    DatasetDraft &draft;
    ImportReport &report;
    Progress &progress;

    // A bad row: stop with an error or record it and go on.
    void bad(const TextFile &f, std::int64_t line, const std::string &field, const std::string &message);
    // Every 16384 lines: checks for cancel and reports the bytes read.
    void tick(const TextFile &f);
    void finished(const TextFile &f) { m_doneBytes += f.size(); }

    // A preview (maxRows > 0) needs item rows only for the items its interactions name, and no
    // user rows: it stops reading item tables once those are found, so a preview stays quick
    // (the wizard runs it on the UI thread) whatever the size of the metadata.
    bool previewing() const { return req.maxRows > 0; }
    bool skipForPreview(std::string_view itemId) {
        if (!previewing())
            return false;
        if (!draft.findItem(itemId))
            return true;
        ++m_previewHits;
        return false;
    }
    bool previewComplete() const { return previewing() && !draft.items.empty() && m_previewHits >= draft.items.size(); }

    bool full() const {
        return req.maxRows > 0 && static_cast<std::int64_t>(draft.interactions.size()) >= req.maxRows;
    }

    void addInteraction(std::string_view user, std::string_view item, float rating, std::int64_t ts,
                        std::optional<std::int64_t> order = std::nullopt) {
        const auto u = draft.internUser(user);
        const auto i = draft.internItem(item);
        draft.interactions.push_back(
            {u, i, rating, ts, order ? *order : static_cast<std::int64_t>(draft.interactions.size())});
        ++report.rowsRead;
    }

private:
    std::size_t m_previewHits = 0;
    std::uint64_t m_totalBytes = 0;
    std::uint64_t m_doneBytes = 0;
};

// Column positions of the interaction roles in a delimited file.
struct Columns {
    int user = -1, item = -1, rating = -1, time = -1, order = -1;
    int needed() const { return std::max({user, item, rating, time, order}) + 1; }
};

// Reads `user item [rating] [time]` rows split by a fixed separator (no quoting).
void readSplitInteractions(Reader &r, const std::string &path, std::string_view separator, Columns c, TextEncoding enc);
// The same rows of an open file from where it stands (after a header, whose field `names` then
// name the fields of bad rows). Returns whether it held any row.
bool readInteractionRows(Reader &r, TextFile &f, std::string_view separator, Columns c, const std::vector<std::string> *names);

// Header-based tables.
// A role's column: the mapping (name or 1-based number) wins; else the synonyms; -1 when none,
// -2 when the mapping names a column the header lacks.
int findColumn(const std::vector<std::string> &header, const ImportRequest &req, const std::string &role, const std::string &path,
               bool hasHeader);
bool looksLikeHeader(const std::vector<std::string> &row, const ImportRequest &req);
CsvDialect sniff(const std::string &path, TextEncoding enc);
std::string field(const std::vector<std::string> &row, int col);
// A generic item table: id, title, categories, text found by header name or mapping.
void readItemTable(Reader &r, const std::string &path);
// A generic user table: the id column, every other column becomes an attribute.
void readUserTable(Reader &r, const std::string &path);
// The dataset's folder's file `name`, or a BadInput error naming the folder.
std::string requireFolderFile(const std::string &folder, const std::string &name);

// The formats.
void readMovieLens100k(Reader &r);
void readMovieLens1m(Reader &r);
void readSasrec(Reader &r);
void readRecbole(Reader &r);
void readAmazon(Reader &r);
void readCsv(Reader &r);

struct CsvLayout {
    CsvDialect dialect;
    bool hasHeader = false;
    std::vector<std::string> header;
    Columns cols;
};
// With `requireRoles` false (previews) a missing user or item column is left at -1.
CsvLayout csvLayout(const ImportRequest &req, bool requireRoles = true);

} // namespace recscope::engine::formats
