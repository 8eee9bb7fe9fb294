// SPDX-License-Identifier: GPL-3.0-or-later
// MovieLens 100K and 1M, from their folders.
#include "engine/data/formats/formats.h"

#include "engine/core/errors.h"

#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace recscope::engine::formats {

namespace {

const char *const kMl100kGenres[] = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
                                     "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
                                     "Romance", "Sci-Fi", "Thriller", "War", "Western"};

// A MovieLens item table (u.item, movies.dat; Latin-1 unless told): an item per line, id and title
// first; `fill` reads the rest of the fields. A line with fewer than `minFields` is a bad row.
template <typename Fill>
void readItemTable(Reader &r, const fs::path &path, std::string_view separator, std::size_t minFields, const char *field,
                   const char *expected, Fill fill) {
    TextFile f(path.string(), r.req.encoding == TextEncoding::Auto ? TextEncoding::Latin1 : r.req.encoding);
    std::string_view line;
    std::vector<std::string_view> parts;
    while (!r.previewComplete() && f.nextLine(line)) {
        r.tick(f);
        if (line.empty())
            continue;
        splitOn(line, separator, parts);
        if (parts.size() < minFields) {
            r.bad(f, f.lineNumber(), field, expected);
            continue;
        }
        if (r.skipForPreview(trim(parts[0])))
            continue;
        auto &it = r.draft.item(trim(parts[0]));
        it.inCatalog = true;
        it.title = std::string(trim(parts[1]));
        fill(it, parts);
    }
    r.finished(f);
}

// A MovieLens user table (u.user, users.dat): id and four attributes per line, skipped while
// previewing; `attributes` turns the fields into the user's attributes.
template <typename Attributes>
void readUserTable(Reader &r, const fs::path &path, std::string_view separator, Attributes attributes) {
    TextFile f(path.string(), r.req.encoding);
    std::string_view line;
    std::vector<std::string_view> parts;
    while (f.nextLine(line)) {
        splitOn(line, separator, parts);
        if (parts.size() < 5)
            continue;
        r.draft.user(trim(parts[0])).attributesJson = attributes(parts).dump();
    }
    r.finished(f);
}

} // namespace


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
    if (auto itemsPath = fs::path(dir) / "u.item"; fs::exists(itemsPath, ec))
        readItemTable(r, itemsPath, "|", 5, "title", "expected at least 5 '|'-separated fields", [&](DraftItem &it, const auto &parts) {
            std::vector<std::string> cats;
            for (std::size_t g = 5; g < parts.size() && g - 5 < genres.size(); ++g)
                if (trim(parts[g]) == "1")
                    cats.push_back(genres[g - 5]);
            it.categories = joinCategories(cats);
            if (!trim(parts[2]).empty())
                it.description = "Released " + std::string(trim(parts[2])) + ".";
        });
    if (auto usersPath = fs::path(dir) / "u.user"; !r.previewing() && fs::exists(usersPath, ec))
        readUserTable(r, usersPath, "|", [](const auto &parts) {
            return Json{{"age", attributeValue(std::string(parts[1]))}, {"gender", std::string(parts[2])},
                        {"occupation", std::string(parts[3])}, {"zip", std::string(parts[4])}};
        });
}

void readMovieLens1m(Reader &r) {
    const auto &dir = r.req.path;
    readSplitInteractions(r, requireFolderFile(dir, "ratings.dat"), "::", {0, 1, 2, 3}, r.req.encoding);
    std::error_code ec;
    if (auto p = fs::path(dir) / "movies.dat"; fs::exists(p, ec))
        readItemTable(r, p, "::", 3, "genres", "expected MovieID::Title::Genres", [](DraftItem &it, const auto &parts) {
            std::vector<std::string> cats;
            std::vector<std::string_view> g;
            splitOn(parts[2], "|", g);
            for (auto s : g)
                cats.emplace_back(s);
            it.categories = joinCategories(cats);
        });
    if (auto p = fs::path(dir) / "users.dat"; !r.previewing() && fs::exists(p, ec))
        readUserTable(r, p, "::", [](const auto &parts) {
            return Json{{"gender", std::string(parts[1])}, {"age", attributeValue(std::string(parts[2]))},
                        {"occupation", attributeValue(std::string(parts[3]))}, {"zip", std::string(parts[4])}};
        });
}

} // namespace recscope::engine::formats
