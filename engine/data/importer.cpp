// SPDX-License-Identifier: GPL-3.0-or-later
// The import pipeline: read (the readers are in formats/) -> filter -> sort -> store.
#include "engine/data/importer.h"

#include "engine/core/errors.h"
#include "engine/data/formats/formats.h"
#include "engine/core/progress.h"
#include "engine/core/utf8.h"
#include "engine/store/project.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace recscope::engine {

namespace {

using Json = nlohmann::json;
using namespace formats;

void readAny(Reader &r) {
    const auto &fmt = r.req.format;
    if (fmt == "movielens-100k")
        readMovieLens100k(r);
    else if (fmt == "movielens-1m")
        readMovieLens1m(r);
    else if (fmt == "sasrec")
        readSasrec(r);
    else if (fmt == "recbole")
        readRecbole(r);
    else if (fmt == "amazon-jsonl")
        readAmazon(r);
    else if (fmt == "csv")
        readCsv(r);
    else {
        std::string all;
        for (const auto &f : importFormats())
            all += (all.empty() ? "" : ", ") + f;
        throw EngineError(ErrorKind::Usage, "unknown format '" + fmt + "' (choose one of " + all + ")");
    }
}

std::string defaultName(const ImportRequest &req) {
    fs::path p(req.path);
    auto n = p.has_filename() ? p.stem().string() : p.parent_path().filename().string();
    return n.empty() ? req.format : n;
}

Json requestJson(const ImportRequest &req) {
    Json j = {{"format", req.format}, {"path", req.path}, {"kcore", req.kcore}, {"pseudonymize", !req.pseudonymize ? "no"
                                  : req.pseudonymKey.kind == PseudonymKeySource::Kind::Irreversible ? "irreversible" : "keyed"},
              {"on_error", req.onError == ErrorPolicy::Stop ? "stop" : "skip"},
              {"duplicates", req.duplicates == DuplicatePolicy::KeepAll ? "keep-all"
                             : req.duplicates == DuplicatePolicy::KeepFirst ? "keep-first" : "keep-last"}};
    if (!req.itemsPath.empty())
        j["items"] = req.itemsPath;
    if (!req.usersPath.empty())
        j["users"] = req.usersPath;
    if (req.minRating)
        j["min_rating"] = *req.minRating;
    if (!req.mapping.empty())
        j["mapping"] = req.mapping;
    return j;
}

} // namespace

const std::vector<std::string> &importFormats() {
    static const std::vector<std::string> k = {"movielens-100k", "movielens-1m", "sasrec", "recbole", "amazon-jsonl", "csv"};
    return k;
}

std::string ImportReport::toJson() const {
    Json skips = Json::array();
    for (const auto &s : skipped)
        skips.push_back({{"file", s.file}, {"line", s.line}, {"field", s.field}, {"message", s.message}});
    Json j = {{"dataset_id", datasetId}, {"name", name}, {"users", users}, {"items", items},
              {"interactions", interactions}, {"rows_read", rowsRead}, {"skipped_count", skippedCount},
              {"skipped", skips}, {"seconds", seconds},
              {"filtered", {{"by_rating", filtered.droppedByRating}, {"duplicates", filtered.droppedDuplicates},
                            {"by_kcore", filtered.droppedByKcore}, {"unknown_items", filtered.droppedUnknownItems},
                            {"bad_timestamps", filtered.droppedBadTimestamps}}}};
    // Every text above is valid UTF-8 already; replacing is the guard, not the rule.
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

DatasetDraft readDataset(const ImportRequest &req, Progress &progress, ImportReport &report) {
    DatasetDraft draft;
    Reader r(req, draft, report, progress);
    readAny(r);
    throwIfCancelled(progress);
    progress.report(0.72, Stage::Filtering);
    if (req.minRating) {
        if (!draft.hasRatings)
            throw EngineError(ErrorKind::Usage, "a minimum rating was set, but the data has no ratings", {req.path});
        draft.keepRatingsAtLeast(*req.minRating, report.filtered);
    }
    draft.removeDuplicates(req.duplicates, report.filtered);
    draft.applyKcore(req.kcore, report.filtered);
    draft.sortByUserAndTime();
    draft.compact(req.kcore <= 1);
    throwIfCancelled(progress);
    return draft;
}

ImportReport importDataset(Project &project, const ImportRequest &req, Progress &progress) {
    const auto start = std::chrono::steady_clock::now();
    ImportReport report;
    requireUtf8Name(req.name, "the dataset name");
    report.name = req.name.empty() ? project.uniqueDatasetName(toValidUtf8(defaultName(req))) : req.name;
    if (project.hasDatasetNamed(report.name))
        throw EngineError(ErrorKind::Usage, "a dataset named '" + report.name + "' already exists in the project");
    DatasetDraft draft = readDataset(req, progress, report);

    class Scaled final : public Progress {
    public:
        explicit Scaled(Progress &p) : m_p(p) {}
        void report(double f, const ProgressStage &s) override { m_p.report(0.75 + 0.25 * f, s); }
        bool cancelled() const override { return m_p.cancelled(); }

    private:
        Progress &m_p;
    } scaled(progress);

    DatasetMeta meta;
    meta.name = report.name;
    meta.format = req.format;
    meta.source = toValidUtf8(req.path);
    meta.optionsJson = requestJson(req).dump(-1, ' ', false, Json::error_handler_t::replace);
    // The key is resolved only now that the rows are read: a bad file never creates a key file.
    std::optional<PseudonymKey> key;
    if (req.pseudonymize) {
        key = resolvePseudonymKey(project, req.pseudonymKey);
        meta.pseudonymKey = &*key;
    }
    report.users = static_cast<std::int64_t>(draft.users.size());
    report.items = static_cast<std::int64_t>(draft.items.size());
    report.interactions = static_cast<std::int64_t>(draft.interactions.size());
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    meta.reportJson = report.toJson();
    report.datasetId = writeDataset(project, draft, meta, scaled);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

ImportPreview previewImport(const ImportRequest &request, int maxRows) {
    ImportPreview p;
    ImportRequest req = request;
    req.maxRows = maxRows;
    req.onError = ErrorPolicy::Skip;
    try {
        if (req.format == "csv") {
            const auto l = csvLayout(req, false);
            p.delimiter = std::string(1, l.dialect.delimiter);
            p.hasHeader = l.hasHeader;
            p.rawHeader = l.header;
            const char *roles[] = {"user", "item", "rating", "time", "order"};
            const int cols[] = {l.cols.user, l.cols.item, l.cols.rating, l.cols.time, l.cols.order};
            for (int k = 0; k < 5; ++k)
                if (cols[k] >= 0)
                    p.detectedMapping[roles[k]] = l.header[static_cast<std::size_t>(cols[k])];
            TextFile f(req.path, req.encoding);
            CsvReader csv(f, l.dialect);
            std::vector<std::string> row;
            if (l.hasHeader)
                csv.next(row);
            while (static_cast<int>(p.rawRows.size()) < maxRows && csv.next(row))
                p.rawRows.push_back(row);
        }
        NullProgress none;
        ImportReport report;
        DatasetDraft d;
        Reader r(req, d, report, none);
        readAny(r);
        p.parsedHeader = {"user", "item", "rating", "time", "title"};
        for (std::size_t i = 0; i < d.interactions.size() && static_cast<int>(i) < maxRows; ++i) {
            const auto &x = d.interactions[i];
            const auto &it = d.items[static_cast<std::size_t>(x.item)];
            p.parsedRows.push_back({d.users[static_cast<std::size_t>(x.user)].externalId, it.externalId,
                                    std::isnan(x.rating) ? std::string() : std::to_string(x.rating).substr(0, 4),
                                    x.timestamp == kNoTimestamp ? std::string() : std::to_string(x.timestamp), it.title});
        }
        if (report.skippedCount > 0 && p.parsedRows.empty())
            p.error = EngineError::compose(report.skipped.front().message,
                                           {report.skipped.front().file, report.skipped.front().line, report.skipped.front().field});
    } catch (const EngineError &e) {
        p.error = e.what();
    }
    return p;
}

std::map<std::string, std::string> parseMapping(const std::string &text) {
    static const std::vector<std::string> roles = {"user", "item", "rating", "time", "order", "title", "categories", "text"};
    std::map<std::string, std::string> m;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos)
            end = text.size();
        auto part = trim(std::string_view(text).substr(start, end - start));
        if (!part.empty()) {
            auto eq = part.find('=');
            if (eq == std::string_view::npos || eq == 0 || eq + 1 == part.size())
                throw EngineError(ErrorKind::Usage, "a mapping entry must look like role=COLUMN, not '" + std::string(part) + "'");
            auto role = toLower(trim(part.substr(0, eq)));
            if (std::find(roles.begin(), roles.end(), role) == roles.end())
                throw EngineError(ErrorKind::Usage, "unknown mapping role '" + role +
                                                        "' (roles: user, item, rating, time, order, title, categories, text)");
            m[role] = std::string(trim(part.substr(eq + 1)));
        }
        start = end + 1;
    }
    return m;
}

} // namespace recscope::engine
