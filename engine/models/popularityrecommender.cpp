// SPDX-License-Identifier: GPL-3.0-or-later
// Popularity: every user gets the items most taken in training, the floor any model must beat.
#include "engine/data/split.h"
#include "engine/models/recommender.h"
#include "engine/models/epochloop.h"

namespace recscope::engine::detail {

namespace {

Scorer popScorer(const std::vector<double> &pop) {
    return [&pop](const std::vector<std::size_t> &, bool, const std::vector<std::vector<std::int32_t>> &candidates) {
        std::vector<float> out;
        for (const auto &c : candidates)
            for (auto i : c)
                out.push_back(static_cast<float>(pop[static_cast<std::size_t>(i)]));
        return out;
    };
}

class PopularityRecommender final : public Recommender {
public:
    using Recommender::Recommender;

    void train(TrainingSession &t) override {
        m_popularity = popularity(t.split);
        fitOnce(config(), t.split, t.store, t.result, t.progress, t.onEpoch, popScorer(m_popularity), {}, t.elapsed());
    }
    std::uint64_t trainingBytes() const override { return static_cast<std::uint64_t>((static_cast<double>(numItems()) + 1) * 16); }

    void load(const StoredRun &run) override { m_popularity = popularity(makeSplit(run.project, run.run.datasetId, config().splitOptions())); }

    void scoreAll(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &, std::vector<float> &scores) override {
        const auto n = static_cast<std::size_t>(numItems());
        scores.assign(histories.size() * n, 0.0f);
        for (std::size_t i = 0; i < histories.size(); ++i)
            for (std::size_t j = 0; j < n; ++j)
                scores[i * n + j] = static_cast<float>(m_popularity[j + 1]);
    }

    std::vector<double> scoreItem(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t, std::int32_t item,
                                  std::int32_t versus) override {
        const double v = m_popularity[static_cast<std::size_t>(item + 1)] - (versus >= 0 ? m_popularity[static_cast<std::size_t>(versus + 1)] : 0.0);
        return std::vector<double>(histories.size(), v);
    }

    std::int64_t parameterCount() const override { return static_cast<std::int64_t>(m_popularity.size()); }

private:
    std::vector<double> m_popularity; // by item row (0 is padding)
};

} // namespace

std::unique_ptr<Recommender> makePopularityRecommender(const TrainConfig &config, std::int64_t numItems) {
    return std::make_unique<PopularityRecommender>(config, numItems);
}

} // namespace recscope::engine::detail
