// SPDX-License-Identifier: GPL-3.0-or-later
// Amazon reviews as JSON lines, with an optional metadata file.
#include "engine/data/formats/formats.h"

#include "engine/core/errors.h"

#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace recscope::engine::formats {

namespace {

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

} // namespace


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

} // namespace recscope::engine::formats
