// SPDX-License-Identifier: GPL-3.0-or-later
// What the format readers share: values, delimited rows, header-based item and user tables.
#include "engine/data/formats/formats.h"

#include "engine/core/errors.h"
#include "engine/core/progress.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace recscope::engine::formats {

namespace {

std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

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

} // namespace

Reader::Reader(const ImportRequest &req, DatasetDraft &draft, ImportReport &report, Progress &progress)
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

void Reader::bad(const TextFile &f, std::int64_t line, const std::string &field, const std::string &message) {
    // Whatever a message quotes from the file, it reaches JSON and the project as valid UTF-8.
    if (req.onError == ErrorPolicy::Stop)
        throw EngineError(ErrorKind::BadInput, toValidUtf8(message), {toValidUtf8(f.path()), line, toValidUtf8(field)});
    ++report.skippedCount;
    if (report.skipped.size() < ImportReport::kMaxListedSkips)
        report.skipped.push_back({toValidUtf8(f.path()), line, toValidUtf8(field), toValidUtf8(message)});
}

void Reader::tick(const TextFile &f) {
    if ((f.lineNumber() & 0x3FFF) == 0) {
        throwIfCancelled(progress);
        const double frac = m_totalBytes ? static_cast<double>(m_doneBytes + f.bytesRead()) / static_cast<double>(m_totalBytes) : 0;
        progress.report(0.7 * std::min(1.0, frac), {Stage::ReadingFile, {fs::path(f.path()).filename().string()}});
    }
}


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

// Unix seconds from an integer (seconds, or milliseconds when too large to be seconds), a
// decimal, or an ISO 8601 date "YYYY-MM-DD[ T]HH:MM[:SS][Z]".
std::optional<std::int64_t> parseTimestamp(std::string_view s) {
    s = trim(s);
    if (s.empty())
        return std::nullopt;
    if (auto i = parseInt(s))
        return *i > 100'000'000'000LL ? *i / 1000 : *i;
    if (auto d = parseDouble(s)) {
        const double seconds = std::floor(*d > 1e11 ? *d / 1000 : *d);
        // Past int64's range (9.783e+21 from a fuzzed file) the cast is undefined: not a time.
        if (!(std::abs(seconds) < 9.0e18))
            return std::nullopt;
        return static_cast<std::int64_t>(seconds);
    }
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

bool readInteractionRows(Reader &r, TextFile &f, std::string_view separator, Columns c, const std::vector<std::string> *names) {
    // A field as messages name it: the header's name when there is one, else its role.
    const auto label = [names](int column, const char *role) {
        return names && column >= 0 && column < static_cast<int>(names->size()) ? (*names)[static_cast<std::size_t>(column)]
                                                                                  : std::string(role);
    };
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
            const char *roles[] = {"user", "item", "rating", "time"};
            const int idx[] = {c.user, c.item, c.rating, c.time};
            std::string field = "?";
            for (int k = 0; k < 4; ++k)
                if (idx[k] >= static_cast<int>(parts.size())) {
                    field = label(idx[k], roles[k]);
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
            r.bad(f, f.lineNumber(), label(c.user, "user"), "the user id is empty");
            continue;
        }
        if (item.empty()) {
            r.bad(f, f.lineNumber(), label(c.item, "item"), "the item id is empty");
            continue;
        }
        float rating = std::nanf("");
        if (c.rating >= 0) {
            auto v = parseDouble(parts[static_cast<std::size_t>(c.rating)]);
            if (!v) {
                r.bad(f, f.lineNumber(), label(c.rating, "rating"),
                      quotedValue(parts[static_cast<std::size_t>(c.rating)]) + " is not a number");
                continue;
            }
            rating = static_cast<float>(*v);
        }
        std::int64_t ts = kNoTimestamp;
        if (c.time >= 0) {
            auto v = parseTimestamp(parts[static_cast<std::size_t>(c.time)]);
            if (!v) {
                r.bad(f, f.lineNumber(), label(c.time, "time"),
                      quotedValue(parts[static_cast<std::size_t>(c.time)]) + " is not a timestamp");
                continue;
            }
            ts = *v;
        }
        r.addInteraction(user, item, rating, ts);
    }
    return any;
}

void readSplitInteractions(Reader &r, const std::string &path, std::string_view separator, Columns c,
                           TextEncoding enc) {
    TextFile f(path, enc);
    if (!readInteractionRows(r, f, separator, c, nullptr))
        throw EngineError(ErrorKind::BadInput, "the file has no data rows", {path});
    r.finished(f);
    r.draft.hasRatings |= c.rating >= 0;
    r.draft.hasTimestamps |= c.time >= 0;
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

Json attributeValue(const std::string &v) {
    if (auto i = parseInt(v))
        return *i;
    if (auto d = parseDouble(v))
        return *d;
    return v;
}

} // namespace recscope::engine::formats
