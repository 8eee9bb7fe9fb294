// SPDX-License-Identifier: GPL-3.0-or-later
// The format readers and the import pipeline (read -> filter -> sort -> store).
#include "engine/data/importer.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"
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

// ---------------------------------------------------------------- value parsing

std::optional<double> parseDouble(std::string_view s) {
    s = trim(s);
    if (s.empty())
        return std::nullopt;
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<std::int64_t> parseInt(std::string_view s) {
    s = trim(s);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Unix seconds from an integer (seconds, or milliseconds when too large to be seconds), a
// decimal, or an ISO 8601 date "YYYY-MM-DD[ T]HH:MM[:SS][Z]".
std::optional<std::int64_t> parseTimestamp(std::string_view s) {
    s = trim(s);
    if (s.empty())
        return std::nullopt;
    if (auto i = parseInt(s))
        return *i > 100'000'000'000LL ? *i / 1000 : *i;
    if (auto d = parseDouble(s))
        return static_cast<std::int64_t>(std::floor(*d > 1e11 ? *d / 1000 : *d));
    int y, mo, d, h = 0, mi = 0, sec = 0;
    char sep = 0;
    std::string str(s);
    const int n = std::sscanf(str.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &sep, &h, &mi, &sec);
    if (n < 3 || mo < 1 || mo > 12 || d < 1 || d > 31 || (n >= 4 && sep != 'T' && sep != ' ') || h > 23 || mi > 59 || sec > 60)
        return std::nullopt;
    return daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + sec;
}

std::string joinCategories(const std::vector<std::string> &parts) {
    std::string out;
    for (const auto &p : parts) {
        auto t = trim(p);
        if (t.empty())
            continue;
        if (!out.empty())
            out += '|';
        out += t;
    }
    return out;
}

// ---------------------------------------------------------------- reading context

class Reader {
public:
    Reader(const ImportRequest &req, DatasetDraft &draft, ImportReport &report, Progress &progress)
        : req(req), draft(draft), report(report), progress(progress) {
        for (const auto *p : {&req.path, &req.itemsPath, &req.usersPath}) {
            std::error_code ec;
            if (!p->empty() && fs::is_regular_file(*p, ec))
                m_totalBytes += fs::file_size(*p, ec);
        }
        // About one interaction per 12 bytes of input: fewer reallocations and page faults.
        std::error_code ec;
        if (req.maxRows == 0 && fs::is_regular_file(req.path, ec))
            draft.interactions.reserve(std::min<std::uint64_t>(fs::file_size(req.path, ec) / 12, 200'000'000));
    }

    const ImportRequest &req;
    DatasetDraft &draft;
    ImportReport &report;
    Progress &progress;

    // A bad row: stop with an error or record it and go on.
    void bad(const TextFile &f, std::int64_t line, const std::string &field, const std::string &message) {
        if (req.onError == ErrorPolicy::Stop)
            throw EngineError(ErrorKind::BadInput, message, {f.path(), line, field});
        ++report.skippedCount;
        if (report.skipped.size() < ImportReport::kMaxListedSkips)
            report.skipped.push_back({f.path(), line, field, message});
    }

    void tick(const TextFile &f) {
        if ((f.lineNumber() & 0x3FFF) == 0) {
            throwIfCancelled(progress);
            const double frac = m_totalBytes ? static_cast<double>(m_doneBytes + f.bytesRead()) / static_cast<double>(m_totalBytes) : 0;
            progress.report(0.7 * std::min(1.0, frac), {Stage::ReadingFile, {fs::path(f.path()).filename().string()}});
        }
    }
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
void readSplitInteractions(Reader &r, const std::string &path, std::string_view separator, Columns c,
                           TextEncoding enc) {
    TextFile f(path, enc);
    std::string_view line;
    std::vector<std::string_view> parts;
    bool any = false;
    while (!r.full() && f.nextLine(line)) {
        r.tick(f);
        if (trim(line).empty())
            continue;
        any = true;
        splitOn(line, separator, parts);
        if (static_cast<int>(parts.size()) < c.needed()) {
            const char *names[] = {"user", "item", "rating", "time"};
            const int idx[] = {c.user, c.item, c.rating, c.time};
            std::string field = "?";
            for (int k = 0; k < 4; ++k)
                if (idx[k] >= static_cast<int>(parts.size())) {
                    field = names[k];
                    break;
                }
            r.bad(f, f.lineNumber(), field,
                  "expected " + std::to_string(c.needed()) + " fields, found " + std::to_string(parts.size()) +
                      (f.endedWithoutNewline() ? " (the last line looks truncated)" : ""));
            continue;
        }
        const auto user = trim(parts[static_cast<std::size_t>(c.user)]);
        const auto item = trim(parts[static_cast<std::size_t>(c.item)]);
        if (user.empty()) {
            r.bad(f, f.lineNumber(), "user", "the user id is empty");
            continue;
        }
        if (item.empty()) {
            r.bad(f, f.lineNumber(), "item", "the item id is empty");
            continue;
        }
        float rating = std::nanf("");
        if (c.rating >= 0) {
            auto v = parseDouble(parts[static_cast<std::size_t>(c.rating)]);
            if (!v) {
                r.bad(f, f.lineNumber(), "rating", "'" + std::string(parts[static_cast<std::size_t>(c.rating)].substr(0, 40)) + "' is not a number");
                continue;
            }
            rating = static_cast<float>(*v);
        }
        std::int64_t ts = kNoTimestamp;
        if (c.time >= 0) {
            auto v = parseTimestamp(parts[static_cast<std::size_t>(c.time)]);
            if (!v) {
                r.bad(f, f.lineNumber(), "time", "'" + std::string(parts[static_cast<std::size_t>(c.time)].substr(0, 40)) + "' is not a timestamp");
                continue;
            }
            ts = *v;
        }
        r.addInteraction(user, item, rating, ts);
    }
    if (!any)
        throw EngineError(ErrorKind::BadInput, "the file has no data rows", {path});
    r.finished(f);
    r.draft.hasRatings |= c.rating >= 0;
    r.draft.hasTimestamps |= c.time >= 0;
}

// ---------------------------------------------------------------- header-based tables

const std::vector<std::string> &synonyms(const std::string &role) {
    static const std::map<std::string, std::vector<std::string>> k = {
        {"user", {"user_id", "userid", "user", "reviewerid", "customer_id", "visitorid", "uid"}},
        {"item", {"item_id", "itemid", "item", "movie_id", "movieid", "asin", "parent_asin", "product_id", "sid", "iid", "id"}},
        {"rating", {"rating", "score", "overall", "stars", "value"}},
        {"time", {"timestamp", "time", "ts", "unixreviewtime", "datetime", "date"}},
        {"order", {"order", "position", "seq", "step"}},
        {"title", {"title", "name", "movie_title", "product_title"}},
        {"categories", {"genres", "categories", "genre", "category", "class", "tags"}},
        {"text", {"description", "text", "overview", "plot", "summary"}},
    };
    static const std::vector<std::string> none;
    auto it = k.find(role);
    return it == k.end() ? none : it->second;
}

// Strips RecBole's ":type" suffix and lower-cases.
std::string headerKey(const std::string &h) {
    auto k = toLower(trim(h));
    if (auto c = k.find(':'); c != std::string::npos)
        k.resize(c);
    return k;
}

// Finds a role's column: the mapping (name or 1-based number) wins; else the synonyms.
int findColumn(const std::vector<std::string> &header, const ImportRequest &req, const std::string &role,
               const std::string &file, bool useSynonyms = true) {
    if (auto m = req.mapping.find(role); m != req.mapping.end()) {
        if (auto n = parseInt(m->second)) {
            if (*n < 1 || (!header.empty() && *n > static_cast<std::int64_t>(header.size())))
                throw EngineError(ErrorKind::Usage, "column " + m->second + " for '" + role + "' does not exist (the file has " +
                                                        std::to_string(header.size()) + " columns)", {file, 1, role});
            return static_cast<int>(*n - 1);
        }
        for (std::size_t i = 0; i < header.size(); ++i)
            if (headerKey(header[i]) == headerKey(m->second))
                return static_cast<int>(i);
        // A mapping meant for another file of the import is not an error here.
        return -2;
    }
    if (!useSynonyms)
        return -1;
    for (const auto &s : synonyms(role))
        for (std::size_t i = 0; i < header.size(); ++i)
            if (headerKey(header[i]) == s)
                return static_cast<int>(i);
    return -1;
}

bool looksLikeHeader(const std::vector<std::string> &row, const ImportRequest &req) {
    for (const auto &cell : row) {
        const auto k = headerKey(cell);
        for (const auto &[role, col] : req.mapping)
            if (headerKey(col) == k)
                return true;
        for (const char *role : {"user", "item", "rating", "time", "title", "categories", "text", "order"})
            for (const auto &s : synonyms(role))
                if (s == k)
                    return true;
    }
    return false;
}

CsvDialect sniff(const std::string &path, TextEncoding enc) {
    TextFile f(path, enc);
    std::vector<std::string> sample;
    std::string_view line;
    while (sample.size() < 50 && f.nextLine(line))
        sample.emplace_back(line);
    return detectDialect(sample);
}

std::string field(const std::vector<std::string> &row, int col) {
    return col >= 0 && col < static_cast<int>(row.size()) ? std::string(trim(row[static_cast<std::size_t>(col)])) : std::string();
}

// A generic item table: id, title, categories, text found by header name or mapping.
void readItemTable(Reader &r, const std::string &path) {
    TextFile f(path, r.req.encoding);
    CsvReader csv(f, sniff(path, r.req.encoding));
    std::vector<std::string> header, row;
    if (!csv.next(header))
        throw EngineError(ErrorKind::BadInput, "the item table is empty", {path});
    if (!looksLikeHeader(header, r.req))
        throw EngineError(ErrorKind::BadInput,
                          "the item table needs a header row naming its columns (item_id, title, genres, ...)", {path, 1});
    int id = findColumn(header, r.req, "item", path);
    if (id < 0)
        for (const auto &s : synonyms("item"))
            for (std::size_t i = 0; i < header.size() && id < 0; ++i)
                if (headerKey(header[i]) == s)
                    id = static_cast<int>(i);
    const int title = findColumn(header, r.req, "title", path), cats = findColumn(header, r.req, "categories", path),
              text = findColumn(header, r.req, "text", path);
    if (id < 0)
        throw EngineError(ErrorKind::BadInput, "no item id column (item_id, item or id) in the header", {path, 1, "item"});
    bool any = false;
    while (!r.previewComplete() && csv.next(row)) {
        r.tick(f);
        if (row.size() == 1 && trim(row[0]).empty())
            continue;
        any = true;
        auto itemId = field(row, id);
        if (itemId.empty()) {
            r.bad(f, csv.recordLine(), header[static_cast<std::size_t>(id)], "the item id is empty");
            continue;
        }
        if (r.skipForPreview(itemId))
            continue;
        auto &it = r.draft.item(itemId);
        it.inCatalog = true;
        it.title = field(row, title);
        auto c = field(row, cats);
        std::replace(c.begin(), c.end(), ',', '|');
        std::vector<std::string> parts;
        std::string cur;
        for (char ch : c) {
            if (ch == '|') {
                parts.push_back(cur);
                cur.clear();
            } else {
                cur += ch;
            }
        }
        parts.push_back(cur);
        it.categories = joinCategories(parts);
        it.description = field(row, text);
    }
    if (!any && !r.previewing())
        throw EngineError(ErrorKind::BadInput, "the item table has a header but no rows", {path});
    r.finished(f);
}

Json attributeValue(const std::string &v) {
    if (auto i = parseInt(v))
        return *i;
    if (auto d = parseDouble(v))
        return *d;
    return v;
}

// A generic user table: the id column, every other column becomes an attribute.
void readUserTable(Reader &r, const std::string &path) {
    TextFile f(path, r.req.encoding);
    CsvReader csv(f, sniff(path, r.req.encoding));
    std::vector<std::string> header, row;
    if (!csv.next(header) || !looksLikeHeader(header, r.req))
        throw EngineError(ErrorKind::BadInput, "the user table needs a header row naming its columns (user_id, ...)", {path, 1});
    int id = findColumn(header, r.req, "user", path);
    if (id < 0)
        throw EngineError(ErrorKind::BadInput, "no user id column (user_id, user or id) in the header", {path, 1, "user"});
    while (csv.next(row)) {
        r.tick(f);
        auto userId = field(row, id);
        if (userId.empty())
            continue;
        Json attrs = Json::object();
        for (std::size_t i = 0; i < header.size() && i < row.size(); ++i)
            if (static_cast<int>(i) != id)
                attrs[headerKey(header[i])] = attributeValue(field(row, static_cast<int>(i)));
        r.draft.user(userId).attributesJson = attrs.dump();
    }
    r.finished(f);
}

// ---------------------------------------------------------------- MovieLens

const char *const kMl100kGenres[] = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
                                     "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
                                     "Romance", "Sci-Fi", "Thriller", "War", "Western"};

std::string requireFolderFile(const std::string &folder, const std::string &name) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        throw EngineError(ErrorKind::BadInput, "expected the dataset's folder (with " + name + ")", {folder});
    auto p = (fs::path(folder) / name).string();
    if (!fs::exists(p, ec))
        throw EngineError(ErrorKind::BadInput, "the folder has no " + name, {folder});
    return p;
}

void readMovieLens100k(Reader &r) {
    const auto &dir = r.req.path;
    readSplitInteractions(r, requireFolderFile(dir, "u.data"), "\t", {0, 1, 2, 3}, r.req.encoding);
    std::error_code ec;
    std::vector<std::string> genres(std::begin(kMl100kGenres), std::end(kMl100kGenres));
    if (auto g = fs::path(dir) / "u.genre"; fs::exists(g, ec)) {
        TextFile f(g.string());
        std::string_view line;
        std::vector<std::string_view> parts;
        while (f.nextLine(line)) {
            splitOn(line, "|", parts);
            if (parts.size() == 2)
                if (auto i = parseInt(parts[1]); i && *i >= 0 && *i < 64) {
                    if (static_cast<std::size_t>(*i) >= genres.size())
                        genres.resize(static_cast<std::size_t>(*i) + 1);
                    genres[static_cast<std::size_t>(*i)] = std::string(parts[0]);
                }
        }
    }
    if (auto itemsPath = fs::path(dir) / "u.item"; fs::exists(itemsPath, ec)) {
        TextFile f(itemsPath.string(), r.req.encoding == TextEncoding::Auto ? TextEncoding::Latin1 : r.req.encoding);
        std::string_view line;
        std::vector<std::string_view> parts;
        while (!r.previewComplete() && f.nextLine(line)) {
            r.tick(f);
            if (line.empty())
                continue;
            splitOn(line, "|", parts);
            if (parts.size() < 5) {
                r.bad(f, f.lineNumber(), "title", "expected at least 5 '|'-separated fields");
                continue;
            }
            if (r.skipForPreview(trim(parts[0])))
                continue;
            auto &it = r.draft.item(trim(parts[0]));
            it.inCatalog = true;
            it.title = std::string(trim(parts[1]));
            std::vector<std::string> cats;
            for (std::size_t g = 5; g < parts.size() && g - 5 < genres.size(); ++g)
                if (trim(parts[g]) == "1")
                    cats.push_back(genres[g - 5]);
            it.categories = joinCategories(cats);
            if (!trim(parts[2]).empty())
                it.description = "Released " + std::string(trim(parts[2])) + ".";
        }
        r.finished(f);
    }
    if (auto usersPath = fs::path(dir) / "u.user"; !r.previewing() && fs::exists(usersPath, ec)) {
        TextFile f(usersPath.string(), r.req.encoding);
        std::string_view line;
        std::vector<std::string_view> parts;
        while (f.nextLine(line)) {
            splitOn(line, "|", parts);
            if (parts.size() < 5)
                continue;
            Json a = {{"age", attributeValue(std::string(parts[1]))}, {"gender", std::string(parts[2])},
                      {"occupation", std::string(parts[3])}, {"zip", std::string(parts[4])}};
            r.draft.user(trim(parts[0])).attributesJson = a.dump();
        }
        r.finished(f);
    }
}

void readMovieLens1m(Reader &r) {
    const auto &dir = r.req.path;
    readSplitInteractions(r, requireFolderFile(dir, "ratings.dat"), "::", {0, 1, 2, 3}, r.req.encoding);
    std::error_code ec;
    if (auto p = fs::path(dir) / "movies.dat"; fs::exists(p, ec)) {
        TextFile f(p.string(), r.req.encoding == TextEncoding::Auto ? TextEncoding::Latin1 : r.req.encoding);
        std::string_view line;
        std::vector<std::string_view> parts;
        while (!r.previewComplete() && f.nextLine(line)) {
            r.tick(f);
            if (line.empty())
                continue;
            splitOn(line, "::", parts);
            if (parts.size() < 3) {
                r.bad(f, f.lineNumber(), "genres", "expected MovieID::Title::Genres");
                continue;
            }
            if (r.skipForPreview(trim(parts[0])))
                continue;
            auto &it = r.draft.item(trim(parts[0]));
            it.inCatalog = true;
            it.title = std::string(trim(parts[1]));
            std::vector<std::string> cats;
            std::vector<std::string_view> g;
            splitOn(parts[2], "|", g);
            for (auto s : g)
                cats.emplace_back(s);
            it.categories = joinCategories(cats);
        }
        r.finished(f);
    }
    if (auto p = fs::path(dir) / "users.dat"; !r.previewing() && fs::exists(p, ec)) {
        TextFile f(p.string(), r.req.encoding);
        std::string_view line;
        std::vector<std::string_view> parts;
        while (f.nextLine(line)) {
            splitOn(line, "::", parts);
            if (parts.size() < 5)
                continue;
            Json a = {{"gender", std::string(parts[1])}, {"age", attributeValue(std::string(parts[2]))},
                      {"occupation", attributeValue(std::string(parts[3]))}, {"zip", std::string(parts[4])}};
            r.draft.user(trim(parts[0])).attributesJson = a.dump();
        }
        r.finished(f);
    }
}

// ---------------------------------------------------------------- SASRec sequences

void readSasrec(Reader &r) {
    // `user item` per line in time order: the line order is the order of events.
    readSplitInteractions(r, r.req.path, "", {0, 1, -1, -1}, r.req.encoding);
    if (!r.req.itemsPath.empty())
        readItemTable(r, r.req.itemsPath);
    if (!r.req.usersPath.empty() && !r.previewing())
        readUserTable(r, r.req.usersPath);
}

// ---------------------------------------------------------------- RecBole atomic files

struct AtomicHeader {
    std::vector<std::string> names; // without :type
    std::vector<std::string> types;
};

AtomicHeader readAtomicHeader(TextFile &f) {
    std::string_view line;
    if (!f.nextLine(line))
        throw EngineError(ErrorKind::BadInput, "the file is empty", {f.path()});
    AtomicHeader h;
    std::vector<std::string_view> parts;
    splitOn(line, "\t", parts);
    for (auto p : parts) {
        auto s = std::string(trim(p));
        auto c = s.find(':');
        if (c == std::string::npos)
            throw EngineError(ErrorKind::BadInput, "a RecBole header names each field as name:type; '" + s + "' has no type",
                              {f.path(), 1, s});
        h.names.push_back(s.substr(0, c));
        h.types.push_back(s.substr(c + 1));
    }
    return h;
}

int atomicIndex(const AtomicHeader &h, const ImportRequest &req, const std::string &role,
                std::initializer_list<const char *> defaults) {
    if (auto m = req.mapping.find(role); m != req.mapping.end()) {
        for (std::size_t i = 0; i < h.names.size(); ++i)
            if (h.names[i] == m->second)
                return static_cast<int>(i);
    }
    for (const char *d : defaults)
        for (std::size_t i = 0; i < h.names.size(); ++i)
            if (h.names[i] == d)
                return static_cast<int>(i);
    return -1;
}

void readRecbole(Reader &r) {
    std::error_code ec;
    fs::path inter = r.req.path;
    if (fs::is_directory(inter, ec)) {
        auto candidate = inter / (inter.filename().string() + ".inter");
        if (!fs::exists(candidate, ec)) {
            candidate.clear();
            for (const auto &e : fs::directory_iterator(inter, ec))
                if (e.path().extension() == ".inter")
                    candidate = e.path();
        }
        if (candidate.empty())
            throw EngineError(ErrorKind::BadInput, "the folder has no .inter file", {r.req.path});
        inter = candidate;
    }
    {
        TextFile f(inter.string(), r.req.encoding);
        const auto h = readAtomicHeader(f);
        Columns c;
        c.user = atomicIndex(h, r.req, "user", {"user_id"});
        c.item = atomicIndex(h, r.req, "item", {"item_id"});
        c.rating = atomicIndex(h, r.req, "rating", {"rating"});
        c.time = atomicIndex(h, r.req, "time", {"timestamp"});
        if (c.user < 0 || c.item < 0)
            throw EngineError(ErrorKind::BadInput, "the header has no user_id or item_id field", {inter.string(), 1});
        std::string_view line;
        std::vector<std::string_view> parts;
        bool any = false;
        while (!r.full() && f.nextLine(line)) {
            r.tick(f);
            if (trim(line).empty())
                continue;
            any = true;
            splitOn(line, "\t", parts);
            if (static_cast<int>(parts.size()) < c.needed()) {
                r.bad(f, f.lineNumber(), h.names[std::min<std::size_t>(parts.size(), h.names.size() - 1)],
                      "expected " + std::to_string(h.names.size()) + " tab-separated fields, found " + std::to_string(parts.size()));
                continue;
            }
            float rating = std::nanf("");
            if (c.rating >= 0) {
                auto v = parseDouble(parts[static_cast<std::size_t>(c.rating)]);
                if (!v) {
                    r.bad(f, f.lineNumber(), "rating", "not a number");
                    continue;
                }
                rating = static_cast<float>(*v);
            }
            std::int64_t ts = kNoTimestamp;
            if (c.time >= 0) {
                auto v = parseTimestamp(parts[static_cast<std::size_t>(c.time)]);
                if (!v) {
                    r.bad(f, f.lineNumber(), "timestamp", "not a timestamp");
                    continue;
                }
                ts = *v;
            }
            const auto user = trim(parts[static_cast<std::size_t>(c.user)]), item = trim(parts[static_cast<std::size_t>(c.item)]);
            if (user.empty() || item.empty()) {
                r.bad(f, f.lineNumber(), user.empty() ? "user_id" : "item_id", "empty id");
                continue;
            }
            r.addInteraction(user, item, rating, ts);
        }
        if (!any)
            throw EngineError(ErrorKind::BadInput, "the file has a header but no data rows", {inter.string()});
        r.draft.hasRatings = c.rating >= 0;
        r.draft.hasTimestamps = c.time >= 0;
        r.finished(f);
    }
    auto sibling = [&](const std::string &given, const char *ext) {
        if (!given.empty())
            return given;
        auto p = inter;
        p.replace_extension(ext);
        return fs::exists(p, ec) ? p.string() : std::string();
    };
    if (auto itemPath = sibling(r.req.itemsPath, ".item"); !itemPath.empty()) {
        TextFile f(itemPath, r.req.encoding);
        const auto h = readAtomicHeader(f);
        const int id = atomicIndex(h, r.req, "item", {"item_id"});
        if (id < 0)
            throw EngineError(ErrorKind::BadInput, "the header has no item_id field", {itemPath, 1});
        int title = atomicIndex(h, r.req, "title", {"title", "movie_title", "name", "product_title"});
        int cats = atomicIndex(h, r.req, "categories", {"genre", "class", "categories", "category", "genres"});
        std::string_view line;
        std::vector<std::string_view> parts;
        while (!r.previewComplete() && f.nextLine(line)) {
            r.tick(f);
            if (trim(line).empty())
                continue;
            splitOn(line, "\t", parts);
            if (static_cast<int>(parts.size()) <= id) {
                r.bad(f, f.lineNumber(), "item_id", "missing field");
                continue;
            }
            if (r.skipForPreview(trim(parts[static_cast<std::size_t>(id)])))
                continue;
            auto &it = r.draft.item(trim(parts[static_cast<std::size_t>(id)]));
            it.inCatalog = true;
            std::string text;
            for (std::size_t i = 0; i < parts.size() && i < h.names.size(); ++i) {
                const auto v = std::string(trim(parts[i]));
                if (static_cast<int>(i) == id)
                    continue;
                if (static_cast<int>(i) == title) {
                    it.title = v;
                } else if (static_cast<int>(i) == cats) {
                    std::vector<std::string> cs;
                    std::vector<std::string_view> toks;
                    splitOn(v, h.types[i] == "token_seq" ? "" : "|", toks);
                    for (auto t : toks)
                        cs.emplace_back(t);
                    it.categories = joinCategories(cs);
                } else if (!v.empty()) {
                    text += (text.empty() ? "" : "; ") + h.names[i] + ": " + v;
                }
            }
            it.description = text;
        }
        r.finished(f);
    }
    if (auto userPath = sibling(r.req.usersPath, ".user"); !userPath.empty() && !r.previewing()) {
        TextFile f(userPath, r.req.encoding);
        const auto h = readAtomicHeader(f);
        const int id = atomicIndex(h, r.req, "user", {"user_id"});
        if (id < 0)
            throw EngineError(ErrorKind::BadInput, "the header has no user_id field", {userPath, 1});
        std::string_view line;
        std::vector<std::string_view> parts;
        while (f.nextLine(line)) {
            splitOn(line, "\t", parts);
            if (static_cast<int>(parts.size()) <= id)
                continue;
            Json a = Json::object();
            for (std::size_t i = 0; i < parts.size() && i < h.names.size(); ++i)
                if (static_cast<int>(i) != id)
                    a[h.names[i]] = attributeValue(std::string(trim(parts[i])));
            r.draft.user(trim(parts[static_cast<std::size_t>(id)])).attributesJson = a.dump();
        }
        r.finished(f);
    }
}

// ---------------------------------------------------------------- Amazon JSON lines

const Json *firstKey(const Json &j, std::initializer_list<const char *> keys) {
    for (const char *k : keys)
        if (auto it = j.find(k); it != j.end() && !it->is_null())
            return &*it;
    return nullptr;
}

std::string jsonText(const Json &v) {
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number_integer())
        return std::to_string(v.get<std::int64_t>());
    if (v.is_number())
        return std::to_string(v.get<double>());
    if (v.is_array()) {
        std::string s;
        for (const auto &e : v) {
            auto t = jsonText(e);
            if (!t.empty())
                s += (s.empty() ? "" : " ") + t;
        }
        return s;
    }
    return {};
}

void collectCategories(const Json &v, std::vector<std::string> &out) {
    if (v.is_string())
        out.push_back(v.get<std::string>());
    else if (v.is_array())
        for (const auto &e : v)
            collectCategories(e, out);
}

Json parseJsonLine(Reader &r, TextFile &f, std::string_view line, bool &ok) {
    ok = false;
    Json j = Json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        r.bad(f, f.lineNumber(), "", j.is_discarded() ? "not valid JSON" : "not a JSON object");
        return {};
    }
    ok = true;
    return j;
}

void readAmazon(Reader &r) {
    TextFile f(r.req.path, r.req.encoding);
    std::string_view line;
    bool any = false, hasRating = false, hasTime = false;
    while (!r.full() && f.nextLine(line)) {
        r.tick(f);
        if (trim(line).empty())
            continue;
        any = true;
        bool ok;
        Json j = parseJsonLine(r, f, line, ok);
        if (!ok)
            continue;
        const Json *user = firstKey(j, {"reviewerID", "user_id"});
        const Json *item = firstKey(j, {"asin", "parent_asin"});
        if (!user || jsonText(*user).empty()) {
            r.bad(f, f.lineNumber(), "reviewerID", "missing reviewer id");
            continue;
        }
        if (!item || jsonText(*item).empty()) {
            r.bad(f, f.lineNumber(), "asin", "missing product id");
            continue;
        }
        float rating = std::nanf("");
        if (const Json *o = firstKey(j, {"overall", "rating"})) {
            if (!o->is_number()) {
                r.bad(f, f.lineNumber(), "overall", "not a number");
                continue;
            }
            rating = o->get<float>();
            hasRating = true;
        }
        std::int64_t ts = kNoTimestamp;
        if (const Json *t = firstKey(j, {"unixReviewTime", "timestamp", "sort_timestamp"})) {
            auto v = parseTimestamp(jsonText(*t));
            if (!v) {
                r.bad(f, f.lineNumber(), "unixReviewTime", "not a timestamp");
                continue;
            }
            ts = *v;
            hasTime = true;
        }
        r.addInteraction(jsonText(*user), jsonText(*item), rating, ts);
    }
    if (!any)
        throw EngineError(ErrorKind::BadInput, "the file has no reviews", {r.req.path});
    r.draft.hasRatings = hasRating;
    r.draft.hasTimestamps = hasTime;
    r.finished(f);

    if (r.req.itemsPath.empty())
        return;
    TextFile m(r.req.itemsPath, r.req.encoding);
    while (!r.previewComplete() && m.nextLine(line)) {
        r.tick(m);
        if (trim(line).empty())
            continue;
        bool ok;
        Json j = parseJsonLine(r, m, line, ok);
        if (!ok)
            continue;
        const Json *asin = firstKey(j, {"asin", "parent_asin"});
        if (!asin) {
            r.bad(m, m.lineNumber(), "asin", "missing product id");
            continue;
        }
        if (r.skipForPreview(jsonText(*asin)))
            continue;
        auto &it = r.draft.item(jsonText(*asin));
        it.inCatalog = true;
        if (const Json *t = firstKey(j, {"title"}))
            it.title = jsonText(*t);
        std::vector<std::string> cats;
        if (const Json *c = firstKey(j, {"categories", "category"}))
            collectCategories(*c, cats);
        if (cats.empty())
            if (const Json *c = firstKey(j, {"main_category"}))
                collectCategories(*c, cats);
        it.categories = joinCategories(cats);
        std::string text;
        if (const Json *b = firstKey(j, {"brand", "store"}))
            text = "Brand: " + jsonText(*b) + ". ";
        if (const Json *d = firstKey(j, {"description"}))
            text += jsonText(*d);
        it.description = std::string(trim(text));
    }
    r.finished(m);
}

// ---------------------------------------------------------------- generic CSV/TSV

struct CsvLayout {
    CsvDialect dialect;
    bool hasHeader = false;
    std::vector<std::string> header;
    Columns cols;
};

// With `requireRoles` false (previews) a missing user or item column is left at -1.
CsvLayout csvLayout(const ImportRequest &req, bool requireRoles = true) {
    CsvLayout l;
    l.dialect = sniff(req.path, req.encoding);
    TextFile f(req.path, req.encoding);
    CsvReader csv(f, l.dialect);
    std::vector<std::string> first;
    if (!csv.next(first))
        throw EngineError(ErrorKind::BadInput, "the file is empty", {req.path});
    l.hasHeader = looksLikeHeader(first, req);
    if (l.hasHeader) {
        l.header = first;
    } else {
        for (std::size_t i = 0; i < first.size(); ++i)
            l.header.push_back("Column " + std::to_string(i + 1));
    }
    auto find = [&](const char *role) {
        int c = findColumn(l.header, req, role, req.path, l.hasHeader);
        if (c == -2)
            throw EngineError(ErrorKind::Usage, std::string("the mapping names column '") + req.mapping.at(role) + "' for " +
                                                    role + ", but the header has no such column", {req.path, 1, role});
        return c;
    };
    l.cols.user = find("user");
    l.cols.item = find("item");
    l.cols.rating = find("rating");
    l.cols.time = find("time");
    l.cols.order = find("order");
    if (!l.hasHeader && req.mapping.empty()) {
        // No header and no mapping: user, item[, rating[, time]] by position.
        const int n = static_cast<int>(first.size());
        l.cols = {0, n > 1 ? 1 : -1, n > 2 ? 2 : -1, n > 3 ? 3 : -1, -1};
    }
    if (!requireRoles)
        return l;
    if (l.cols.user < 0)
        throw EngineError(ErrorKind::Usage, "no user column: name it with --map user=COLUMN", {req.path, 1, "user"});
    if (l.cols.item < 0)
        throw EngineError(ErrorKind::Usage, "no item column: name it with --map item=COLUMN", {req.path, 1, "item"});
    return l;
}

void readCsv(Reader &r) {
    const CsvLayout l = csvLayout(r.req);
    TextFile f(r.req.path, r.req.encoding);
    CsvReader csv(f, l.dialect);
    std::vector<std::string> row;
    if (l.hasHeader)
        csv.next(row);
    const auto &c = l.cols;
    auto name = [&](int col) { return l.header[static_cast<std::size_t>(col)]; };
    bool any = false;
    while (!r.full() && csv.next(row)) {
        r.tick(f);
        if (row.size() == 1 && trim(row[0]).empty())
            continue;
        any = true;
        if (static_cast<int>(row.size()) < c.needed()) {
            int missing = c.needed() - 1;
            for (int col : {c.user, c.item, c.rating, c.time, c.order})
                if (col >= static_cast<int>(row.size()))
                    missing = std::min(missing, col);
            r.bad(f, csv.recordLine(), name(missing),
                  "expected " + std::to_string(l.header.size()) + " fields, found " + std::to_string(row.size()) +
                      (f.endedWithoutNewline() ? " (the last line looks truncated)" : ""));
            continue;
        }
        const auto user = field(row, c.user), item = field(row, c.item);
        if (user.empty() || item.empty()) {
            r.bad(f, csv.recordLine(), name(user.empty() ? c.user : c.item), "the id is empty");
            continue;
        }
        float rating = std::nanf("");
        if (c.rating >= 0) {
            auto v = parseDouble(row[static_cast<std::size_t>(c.rating)]);
            if (!v) {
                r.bad(f, csv.recordLine(), name(c.rating), "'" + field(row, c.rating).substr(0, 40) + "' is not a number");
                continue;
            }
            rating = static_cast<float>(*v);
        }
        std::int64_t ts = kNoTimestamp;
        if (c.time >= 0) {
            auto v = parseTimestamp(row[static_cast<std::size_t>(c.time)]);
            if (!v) {
                r.bad(f, csv.recordLine(), name(c.time), "'" + field(row, c.time).substr(0, 40) + "' is not a timestamp or date");
                continue;
            }
            ts = *v;
        }
        std::optional<std::int64_t> order;
        if (c.order >= 0) {
            auto v = parseInt(row[static_cast<std::size_t>(c.order)]);
            if (!v) {
                r.bad(f, csv.recordLine(), name(c.order), "'" + field(row, c.order).substr(0, 40) + "' is not a whole number");
                continue;
            }
            order = *v;
        }
        r.addInteraction(user, item, rating, ts, order);
    }
    if (!any)
        throw EngineError(ErrorKind::BadInput, l.hasHeader ? "the file has a header but no data rows" : "the file has no data rows",
                          {r.req.path});
    r.draft.hasRatings = c.rating >= 0;
    r.draft.hasTimestamps = c.time >= 0;
    r.finished(f);
    if (!r.req.itemsPath.empty())
        readItemTable(r, r.req.itemsPath);
    if (!r.req.usersPath.empty() && !r.previewing())
        readUserTable(r, r.req.usersPath);
}

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
    Json j = {{"format", req.format}, {"path", req.path}, {"kcore", req.kcore}, {"pseudonymize", req.pseudonymize},
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
    return j.dump();
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
    report.name = req.name.empty() ? project.uniqueDatasetName(defaultName(req)) : req.name;
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
    meta.source = req.path;
    meta.optionsJson = requestJson(req).dump();
    meta.pseudonymize = req.pseudonymize;
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
