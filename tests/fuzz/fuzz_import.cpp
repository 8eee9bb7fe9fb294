// SPDX-License-Identifier: GPL-3.0-or-later
// One format reader (RECSCOPE_FUZZ_FORMAT) on fuzzed files: the interactions, and the item and
// user tables where the format has them. The first byte picks the options: stop or skip bad
// lines, the encoding, the k-core and duplicate filters, an explicit CSV mapping.
#include "fuzzsupport.h"

#include "engine/core/progress.h"
#include "engine/data/importer.h"

using namespace recscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 1)
        return 0;
    const std::uint8_t flags = data[0];
    const auto files = fuzz::parts(data + 1, size - 1, 3);
    const auto part = [&](std::size_t i) { return i < files.size() ? files[i] : std::string_view(); };
    fuzz::Scratch s;
    engine::ImportRequest r;
    r.format = RECSCOPE_FUZZ_FORMAT;
    r.onError = flags & 1 ? engine::ErrorPolicy::Skip : engine::ErrorPolicy::Stop;
    r.encoding = (flags >> 1 & 3) == 1 ? engine::TextEncoding::Utf8
                 : (flags >> 1 & 3) == 2 ? engine::TextEncoding::Latin1
                                         : engine::TextEncoding::Auto;
    r.kcore = flags & 8 ? 2 : 0;
    r.duplicates = flags & 16 ? engine::DuplicatePolicy::KeepLast : engine::DuplicatePolicy::KeepAll;
    if (flags & 32)
        r.minRating = 3.5;
    const std::string format = r.format;
    if (format == "csv") {
        r.path = s.write("log.csv", part(0));
        if (files.size() > 1)
            r.itemsPath = s.write("items.csv", part(1));
        if (flags & 64)
            r.mapping = {{"user", "1"}, {"item", "2"}, {"rating", "3"}, {"time", "4"}};
    } else if (format == "sasrec") {
        r.path = s.write("seq.txt", part(0));
        if (files.size() > 1)
            r.itemsPath = s.write("items.tsv", part(1));
    } else if (format == "recbole") {
        s.write("d/d.inter", part(0));
        if (files.size() > 1)
            s.write("d/d.item", part(1));
        if (files.size() > 2)
            s.write("d/d.user", part(2));
        r.path = (s.dir() / "d").string();
    } else if (format == "movielens-100k") {
        s.write("ml/u.data", part(0));
        if (files.size() > 1)
            s.write("ml/u.item", part(1));
        if (files.size() > 2)
            s.write("ml/u.user", part(2));
        r.path = (s.dir() / "ml").string();
    } else if (format == "movielens-1m") {
        s.write("ml/ratings.dat", part(0));
        if (files.size() > 1)
            s.write("ml/movies.dat", part(1));
        if (files.size() > 2)
            s.write("ml/users.dat", part(2));
        r.path = (s.dir() / "ml").string();
    } else if (format == "amazon-jsonl") {
        r.path = s.write("reviews.jsonl", part(0));
        if (files.size() > 1)
            r.itemsPath = s.write("meta.jsonl", part(1));
    }
    engine::NullProgress none;
    engine::ImportReport report;
    fuzz::refusalsOnly([&] {
        engine::readDataset(r, none, report);
        report.toJson();
    });
    fuzz::refusalsOnly([&] { engine::previewImport(r, 20); });
    return 0;
}
