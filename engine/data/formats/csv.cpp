// SPDX-License-Identifier: GPL-3.0-or-later
// Any CSV or TSV: dialect and header sniffed, columns found by name, synonym or mapping.
#include "engine/data/formats/formats.h"

#include "engine/core/errors.h"

#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace recscope::engine::formats {


// With `requireRoles` false (previews) a missing user or item column is left at -1.
CsvLayout csvLayout(const ImportRequest &req, bool requireRoles) {
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
                r.bad(f, csv.recordLine(), name(c.rating), quotedValue(field(row, c.rating)) + " is not a number");
                continue;
            }
            rating = static_cast<float>(*v);
        }
        std::int64_t ts = kNoTimestamp;
        if (c.time >= 0) {
            auto v = parseTimestamp(row[static_cast<std::size_t>(c.time)]);
            if (!v) {
                r.bad(f, csv.recordLine(), name(c.time), quotedValue(field(row, c.time)) + " is not a timestamp or date");
                continue;
            }
            ts = *v;
        }
        std::optional<std::int64_t> order;
        if (c.order >= 0) {
            auto v = parseInt(row[static_cast<std::size_t>(c.order)]);
            if (!v) {
                r.bad(f, csv.recordLine(), name(c.order), quotedValue(field(row, c.order)) + " is not a whole number");
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

} // namespace recscope::engine::formats
