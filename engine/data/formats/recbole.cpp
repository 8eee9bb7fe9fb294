// SPDX-License-Identifier: GPL-3.0-or-later
// RecBole atomic files: .inter with typed headers, beside .item and .user.
#include "engine/data/formats/formats.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace recscope::engine::formats {

namespace {

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

} // namespace


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
        const bool any = readInteractionRows(r, f, "\t", c, &h.names);
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

} // namespace recscope::engine::formats
