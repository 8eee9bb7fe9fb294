// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/export/exports.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/evaluation/runscorer.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/settings/modelinfo.h"
#include "engine/evaluation/runscorer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <unordered_set>

namespace fs = std::filesystem;

namespace recscope::engine {

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
constexpr std::size_t kBatch = 256;

// A file written as NAME.part and renamed to NAME by commit(); removed if never committed.
class PartFile {
public:
    explicit PartFile(std::string path) : m_path(std::move(path)), m_part(m_path + ".part") {
        m_out.open(m_part, std::ios::binary | std::ios::trunc);
        if (!m_out)
            throw EngineError(ErrorKind::Io, "cannot write the file: " + std::string(std::strerror(errno)), {m_path});
    }
    ~PartFile() {
        if (!m_done) {
            m_out.close();
            std::error_code ec;
            fs::remove(m_part, ec);
        }
    }
    PartFile(const PartFile &) = delete;
    PartFile &operator=(const PartFile &) = delete;

    std::ofstream &out() { return m_out; }
    // Closes the part file (checking that it was all written) without renaming it yet.
    void close() {
        m_out.close();
        if (m_out.fail())
            throw EngineError(ErrorKind::Io, "writing the file failed (disk full?)", {m_path});
    }
    void commit() {
        if (m_out.is_open())
            close();
        std::error_code ec;
        fs::rename(m_part, m_path, ec);
        if (ec)
            throw EngineError(ErrorKind::Io, "cannot replace the file: " + ec.message(), {m_path});
        m_done = true;
    }
    const std::string &path() const { return m_path; }

private:
    std::string m_path, m_part;
    std::ofstream m_out;
    bool m_done = false;
};

std::string lowerSuffix(const std::string &file) {
    auto s = fs::path(file).extension().string();
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
std::string csvField(const std::string &s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// A TSV cell: tabs and line breaks would break the row, so they become spaces.
std::string tsvField(std::string s) {
    std::replace_if(s.begin(), s.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return s;
}

// Every user's history (item indices, oldest first), by user index.
std::vector<std::vector<std::int32_t>> histories(Project &project, std::int64_t datasetId, std::int64_t users) {
    std::vector<std::vector<std::int32_t>> out(static_cast<std::size_t>(users));
    const auto table = project.interactions(datasetId);
    for (std::size_t i = 0; i < table.size(); ++i)
        out[static_cast<std::size_t>(table.user[i])].push_back(table.item[i]);
    return out;
}

// The users of every batch of kBatch, in order: their histories and indices, after a cancel check
// and a progress report of `stage` between `from` and `to` of the whole.
void forEachBatch(const std::vector<std::vector<std::int32_t>> &all, Progress &progress, Stage stage, double from, double to,
                  const std::function<void(std::size_t first, const std::vector<std::vector<std::int32_t>> &, const std::vector<std::int64_t> &)> &f) {
    for (std::size_t first = 0; first < all.size(); first += kBatch) {
        throwIfCancelled(progress);
        progress.report(from + (to - from) * static_cast<double>(first) / static_cast<double>(all.size()), stage);
        const auto end = std::min(all.size(), first + kBatch);
        const std::vector<std::vector<std::int32_t>> batch(all.begin() + static_cast<long>(first), all.begin() + static_cast<long>(end));
        std::vector<std::int64_t> ids;
        for (auto u = first; u < end; ++u)
            ids.push_back(static_cast<std::int64_t>(u));
        f(first, batch, ids);
    }
}

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

} // namespace

ExportResult exportRecommendations(Project &project, std::int64_t runId, const std::string &file, int k, Progress &progress) {
    const auto start = Clock::now();
    if (k < 1 || k > 10000)
        throw EngineError(ErrorKind::Usage, "k is between 1 and 10000, not " + std::to_string(k));
    const auto suffix = lowerSuffix(file);
    if (suffix != ".csv" && suffix != ".jsonl")
        throw EngineError(ErrorKind::Usage, "recommendations are written as .csv or .jsonl", {file});
    const bool csv = suffix == ".csv";
    const auto run = RunStore(project).requireRunId(runId);
    progress.report(0, Stage::LoadingModel);
    auto scorer = RunScorer::load(project, runId);
    const auto info = project.dataset(run.datasetId);
    const auto users = project.users(run.datasetId);
    const auto items = project.items(run.datasetId);
    const auto all = histories(project, run.datasetId, info->users);

    PartFile out(file);
    if (csv)
        out.out() << "user,rank,item,score,title\n";
    ExportResult result;
    std::vector<float> scores;
    forEachBatch(all, progress, Stage::WritingRecommendations, 0.05, 1.0, [&](std::size_t from, const auto &batch, const auto &ids) {
        scorer->scoreAll(batch, ids, scores);
        const auto n = static_cast<std::size_t>(scorer->numItems());
        for (std::size_t b = 0; b < batch.size(); ++b) {
            const std::unordered_set<std::int32_t> seen(batch[b].begin(), batch[b].end());
            const auto top = topUnseen(scores.data() + b * n, n, seen, k);
            const auto &user = users[from + b].externalId;
            if (csv) {
                int rank = 0;
                for (const auto &[item, score] : top) {
                    const auto &it = items[static_cast<std::size_t>(item)];
                    out.out() << csvField(user) << ',' << ++rank << ',' << csvField(it.externalId) << ',' << score << ','
                              << csvField(it.title) << '\n';
                }
            } else {
                Json list = Json::array();
                for (const auto &[item, score] : top) {
                    const auto &it = items[static_cast<std::size_t>(item)];
                    list.push_back({{"item", it.externalId}, {"title", it.title}, {"score", score}});
                }
                out.out() << Json{{"user", user}, {"recommendations", list}}.dump() << '\n';
            }
            result.rows += static_cast<std::int64_t>(top.size());
        }
        result.users += static_cast<std::int64_t>(batch.size());
    });
    throwIfCancelled(progress);
    out.commit();
    result.files.push_back(file);
    result.seconds = since(start);
    progress.report(1, Stage::Exported);
    return result;
}

ExportResult exportModel(Project &project, std::int64_t runId, const std::string &file, Progress &progress) {
    const auto start = Clock::now();
    if (lowerSuffix(file) != ".pt")
        throw EngineError(ErrorKind::Usage, "a TorchScript model is written as .pt", {file});
    const auto run = RunStore(project).requireRunId(runId);
    if (!modelInfo(run.model).transformer)
        throw EngineError(ErrorKind::Usage, "a " + run.model + " run cannot be written as TorchScript (the transformers can)");
    progress.report(0, Stage::LoadingModel);
    auto scorer = RunScorer::load(project, runId);
    std::vector<std::string> ids;
    for (const auto &it : project.items(run.datasetId))
        ids.push_back(it.externalId);
    progress.report(0.3, Stage::WritingModel);
    const std::string part = file + ".part";
    try {
        scorer->saveScript(part, ids);
    } catch (...) {
        std::error_code ec;
        fs::remove(part, ec);
        throw;
    }
    std::error_code ec;
    fs::rename(part, file, ec);
    if (ec) {
        fs::remove(part, ec);
        throw EngineError(ErrorKind::Io, "cannot replace the file: " + ec.message(), {file});
    }
    ExportResult result;
    result.files.push_back(file);
    result.items = static_cast<std::int64_t>(ids.size());
    result.seconds = since(start);
    progress.report(1, Stage::Exported);
    return result;
}

ExportResult exportEmbeddings(Project &project, std::int64_t runId, const std::string &folder, Progress &progress) {
    const auto start = Clock::now();
    const auto run = RunStore(project).requireRunId(runId);
    if (!modelInfo(run.model).vectors)
        throw EngineError(ErrorKind::Usage, "a " + run.model + " run has no item vectors: it does not score by a dot product");
    progress.report(0, Stage::LoadingModel);
    auto scorer = RunScorer::load(project, runId);
    const auto itemVectors = scorer->itemVectors();
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || !fs::is_directory(folder))
        throw EngineError(ErrorKind::Io, "cannot make the folder: " + ec.message(), {folder});
    const auto info = project.dataset(run.datasetId);
    const auto users = project.users(run.datasetId);
    const auto items = project.items(run.datasetId);
    const auto all = histories(project, run.datasetId, info->users);
    const auto path = [&](const char *name) { return (fs::path(folder) / name).string(); };

    PartFile itemsTsv(path("items.tsv")), itemsMeta(path("items_metadata.tsv")), usersTsv(path("users.tsv")),
        usersMeta(path("users_metadata.tsv")), config(path("projector_config.pbtxt")), manifest(path("embeddings.json"));
    const auto writeRows = [](std::ostream &out, const float *values, std::int64_t rows, std::int64_t dim) {
        out.precision(7);
        for (std::int64_t r = 0; r < rows; ++r) {
            for (std::int64_t c = 0; c < dim; ++c)
                out << (c ? "\t" : "") << values[r * dim + c];
            out << '\n';
        }
    };
    progress.report(0.05, Stage::WritingEmbeddings);
    writeRows(itemsTsv.out(), itemVectors.values.data(), itemVectors.rows, itemVectors.dim);
    itemsMeta.out() << "item\ttitle\tcategories\tinteractions\n";
    for (const auto &it : items)
        itemsMeta.out() << tsvField(it.externalId) << '\t' << tsvField(it.title) << '\t' << tsvField(it.categories) << '\t'
                        << it.interactions << '\n';
    usersMeta.out() << "user\thistory_length\n";
    forEachBatch(all, progress, Stage::WritingEmbeddings, 0.1, 1.0, [&](std::size_t, const auto &batch, const auto &ids) {
        for (auto u : ids)
            usersMeta.out() << tsvField(users[static_cast<std::size_t>(u)].externalId) << '\t' << all[static_cast<std::size_t>(u)].size() << '\n';
        const auto v = scorer->userVectors(batch, ids);
        writeRows(usersTsv.out(), v.values.data(), v.rows, v.dim);
    });
    for (const char *name : {"items", "users"})
        config.out() << "embeddings {\n  tensor_name: \"" << name << "\"\n  tensor_path: \"" << name << ".tsv\"\n  metadata_path: \"" << name
                     << "_metadata.tsv\"\n}\n";
    manifest.out() << Json{{"run", run.id},
                           {"run_name", run.name},
                           {"model", run.model},
                           {"dataset", info->name},
                           {"dimensions", itemVectors.dim},
                           {"items", itemVectors.rows},
                           {"users", static_cast<std::int64_t>(all.size())},
                           {"score", "a user's row times an item's row (dot product) is the run's score after the user's whole history"},
                           {"pseudonymized", info->pseudonymized}}
                          .dump(2)
                   << '\n';
    throwIfCancelled(progress);
    // Every file complete before any takes its name.
    for (auto *f : {&itemsTsv, &itemsMeta, &usersTsv, &usersMeta, &config, &manifest})
        f->close();
    ExportResult result;
    for (auto *f : {&itemsTsv, &itemsMeta, &usersTsv, &usersMeta, &config, &manifest}) {
        f->commit();
        result.files.push_back(f->path());
    }
    result.users = static_cast<std::int64_t>(all.size());
    result.items = itemVectors.rows;
    result.dim = itemVectors.dim;
    result.seconds = since(start);
    progress.report(1, Stage::Exported);
    return result;
}

} // namespace recscope::engine
