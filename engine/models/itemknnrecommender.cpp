// SPDX-License-Identifier: GPL-3.0-or-later
// Item-kNN (Sarwar et al. 2001): cosine similarity of items over the users who took them, the
// k most similar kept per item; a user's score for an item sums its similarity to their history.
#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/data/split.h"
#include "engine/models/recommender.h"
#include "engine/models/epochloop.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

namespace recscope::engine::detail {

namespace {

// The neighbour lists, as checkpointed.
struct ItemKnn {
    std::vector<std::vector<std::pair<std::int32_t, float>>> neighbors; // indexed by item (1-based)

    std::string serialize() const;
    // Throws EngineError(Project) for a truncated checkpoint.
    static ItemKnn parse(const std::string &data);
};


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
            progress.report(0.8 * static_cast<double>(u) / static_cast<double>(s.train.size()), Stage::CountingCooccurrences);
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


Scorer knnScorer(const ItemKnn &knn, const Split &s) {
    return [&knn, &s](const std::vector<std::size_t> &users, bool test, const std::vector<std::vector<std::int32_t>> &candidates) {
        std::vector<float> out;
        for (std::size_t i = 0; i < users.size(); ++i) {
            auto history = test ? scoringHistory(s, users[i]) : s.train[users[i]];
            if (test && s.valid[users[i]] > 0)
                history.push_back(s.valid[users[i]]);
            const auto acc = knnScores(knn, history);
            for (auto c : candidates[i]) {
                const auto it = acc.find(c);
                out.push_back(it == acc.end() ? 0.0f : static_cast<float>(it->second));
            }
        }
        return out;
    };
}


// Item indices of a history (0-based, -1 a gap) as rows (1-based), the gaps left out.
std::vector<std::int32_t> rowsOf(const std::vector<std::int32_t> &history) {
    std::vector<std::int32_t> rows;
    for (auto item : history)
        if (item >= 0)
            rows.push_back(item + 1);
    return rows;
}

class ItemKnnRecommender final : public Recommender {
public:
    using Recommender::Recommender;

    void train(TrainingSession &t) override {
        m_knn = fitItemKnn(t.split, config().neighbors, t.progress);
        fitOnce(config(), t.split, t.store, t.result, t.progress, t.onEpoch, knnScorer(m_knn, t.split), m_knn.serialize(), t.elapsed());
    }
    // Dense co-occurrence counts up to 8,192 items, neighbour lists after.
    std::uint64_t trainingBytes() const override {
        const double n = static_cast<double>(numItems()) + 1;
        return static_cast<std::uint64_t>(n <= 8192 ? n * n * 4 : n * config().neighbors * 8 * 4);
    }

    void load(const StoredRun &run) override { m_knn = ItemKnn::parse(run.checkpoint()); }

    void scoreAll(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &, std::vector<float> &scores) override {
        const auto n = static_cast<std::size_t>(numItems());
        scores.assign(histories.size() * n, 0.0f);
        for (std::size_t i = 0; i < histories.size(); ++i)
            for (const auto &[item, score] : knnScores(m_knn, rowsOf(histories[i])))
                scores[i * n + static_cast<std::size_t>(item - 1)] = static_cast<float>(score);
    }

    std::vector<double> scoreItem(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t, std::int32_t item,
                                  std::int32_t versus) override {
        std::vector<double> out;
        for (const auto &h : histories) {
            const auto acc = knnScores(m_knn, rowsOf(h));
            auto at = [&](std::int32_t x) {
                const auto it = acc.find(x + 1);
                return it == acc.end() ? 0.0 : it->second;
            };
            out.push_back(at(item) - (versus >= 0 ? at(versus) : 0.0));
        }
        return out;
    }

    std::int64_t parameterCount() const override {
        std::int64_t n = 0;
        for (const auto &list : m_knn.neighbors)
            n += static_cast<std::int64_t>(list.size());
        return n;
    }

private:
    ItemKnn m_knn;
};

} // namespace

std::unique_ptr<Recommender> makeItemKnnRecommender(const TrainConfig &config, std::int64_t numItems) {
    return std::make_unique<ItemKnnRecommender>(config, numItems);
}

} // namespace recscope::engine::detail
