// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models.h"

#include "engine/errors.h"
#include "engine/progress.h"
#include "engine/split.h"
#include "engine/training.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace recscope::engine::detail {

SasRecOptions sequenceOptions(const TrainConfig &c, std::int64_t numItems) {
    SasRecOptions o;
    o.numItems = numItems;
    o.maxlen = c.maxlen;
    o.hidden = c.hidden;
    o.layers = c.layers;
    o.heads = c.heads;
    o.dropout = c.dropout;
    o.causal = c.model != "bert4rec";
    o.maskToken = c.model == "bert4rec";
    return o;
}

SasRec makeTransformer(const TrainConfig &c, std::int64_t numItems) { return SasRec(sequenceOptions(c, numItems)); }


TextRec makeTextRec(const TrainConfig &c, std::int64_t numItems, const TextTokenizer &tokenizer, const std::vector<std::string> &texts) {
    TextRecOptions o;
    o.sequence = sequenceOptions(c, numItems);
    o.vocabulary = tokenizer.vocabularySize();
    o.fuseIds = c.fusion == "text+id";
    o.idDropout = c.idDropout;
    return TextRec(o, tokenizer.encodeAll(texts, c.textLength));
}

void fillScoringInput(const TrainConfig &c, const std::vector<std::int32_t> &seq, std::int32_t extra, std::int64_t numItems,
                      std::int64_t width, std::int64_t *out) {
    if (c.model != "bert4rec") {
        fillInput(seq, extra, width, out);
        return;
    }
    std::vector<std::int32_t> withExtra = seq;
    if (extra > 0)
        withExtra.push_back(extra);
    fillInput(withExtra, static_cast<std::int32_t>(numItems + 1), width, out);
}

std::int64_t scoringLength(const TrainConfig &c, std::size_t history, bool extra) {
    const auto n = static_cast<std::int64_t>(history) + (extra ? 1 : 0) + (c.model == "bert4rec" ? 1 : 0);
    return std::clamp<std::int64_t>(n, 1, c.maxlen);
}

std::string ItemKnn::serialize() const {
    std::string out;
    auto put = [&out](const auto &v) { out.append(reinterpret_cast<const char *>(&v), sizeof v); };
    put(static_cast<std::int64_t>(neighbors.size()));
    for (const auto &list : neighbors) {
        put(static_cast<std::int32_t>(list.size()));
        for (const auto &[j, w] : list) {
            put(j);
            put(w);
        }
    }
    return out;
}
ItemKnn ItemKnn::parse(const std::string &data) {
    ItemKnn k;
    std::size_t pos = 0;
    auto get = [&](auto &v) {
        if (pos + sizeof v > data.size())
            throw EngineError(ErrorKind::Project, "an item-kNN checkpoint is truncated");
        std::memcpy(&v, data.data() + pos, sizeof v);
        pos += sizeof v;
    };
    std::int64_t n = 0;
    get(n);
    k.neighbors.resize(static_cast<std::size_t>(n));
    for (auto &list : k.neighbors) {
        std::int32_t m = 0;
        get(m);
        list.resize(static_cast<std::size_t>(m));
        for (auto &[j, w] : list) {
            get(j);
            get(w);
        }
    }
    return k;
}

ItemKnn fitItemKnn(const Split &s, int k, Progress &progress) {
    const auto n = static_cast<std::size_t>(s.numItems) + 1;
    std::vector<std::int64_t> count(n, 0);
    // Dense co-occurrence counts where they fit in memory, hash maps per item beyond that.
    const bool dense = n <= 8192;
    std::vector<std::uint32_t> co(dense ? n * n : 0);
    std::vector<std::unordered_map<std::int32_t, std::uint32_t>> sparse(dense ? 0 : n);
    for (std::size_t u = 0; u < s.train.size(); ++u) {
        if ((u & 255) == 0) {
            throwIfCancelled(progress);
            progress.report(0.8 * static_cast<double>(u) / static_cast<double>(s.train.size()), "counting co-occurrences");
        }
        std::vector<std::int32_t> items(s.train[u].begin(), s.train[u].end());
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
        for (std::size_t a = 0; a < items.size(); ++a) {
            ++count[static_cast<std::size_t>(items[a])];
            for (std::size_t b = a + 1; b < items.size(); ++b) {
                if (dense) {
                    ++co[static_cast<std::size_t>(items[a]) * n + static_cast<std::size_t>(items[b])];
                    ++co[static_cast<std::size_t>(items[b]) * n + static_cast<std::size_t>(items[a])];
                } else {
                    ++sparse[static_cast<std::size_t>(items[a])][items[b]];
                    ++sparse[static_cast<std::size_t>(items[b])][items[a]];
                }
            }
        }
    }
    ItemKnn knn;
    knn.neighbors.resize(n);
    std::vector<std::pair<std::int32_t, float>> row;
    for (std::size_t i = 1; i < n; ++i) {
        row.clear();
        auto add = [&](std::size_t j, std::uint32_t c) {
            if (c > 0 && j != i)
                row.emplace_back(static_cast<std::int32_t>(j),
                                 static_cast<float>(c / std::sqrt(static_cast<double>(count[i]) * static_cast<double>(count[j]))));
        };
        if (dense) {
            for (std::size_t j = 1; j < n; ++j)
                add(j, co[i * n + j]);
        } else {
            for (const auto &[j, c] : sparse[i])
                add(static_cast<std::size_t>(j), c);
        }
        const auto keep = std::min<std::size_t>(row.size(), static_cast<std::size_t>(k));
        std::partial_sort(row.begin(), row.begin() + static_cast<long>(keep), row.end(),
                          [](const auto &x, const auto &y) { return x.second > y.second; });
        knn.neighbors[i].assign(row.begin(), row.begin() + static_cast<long>(keep));
    }
    return knn;
}

std::unordered_map<std::int32_t, double> knnScores(const ItemKnn &knn, const std::vector<std::int32_t> &history) {
    std::unordered_map<std::int32_t, double> acc;
    for (auto h : history)
        if (static_cast<std::size_t>(h) < knn.neighbors.size())
            for (const auto &[j, w] : knn.neighbors[static_cast<std::size_t>(h)])
                acc[j] += w;
    return acc;
}

} // namespace recscope::engine::detail
