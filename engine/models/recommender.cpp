// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/recommender.h"

#include "engine/core/errors.h"
#include "engine/models/collective.h"

namespace recscope::engine::detail {

std::string StoredRun::checkpoint(const std::string &kind) const {
    auto state = store.loadCheckpoint(run.id, kind);
    if (!state)
        throw EngineError(ErrorKind::Project, "run '" + run.name + "' has no checkpoint to score with");
    return *state;
}

std::int64_t Recommender::parameterCount() const {
    std::int64_t n = 0;
    if (auto *m = const_cast<Recommender *>(this)->module())
        for (const auto &p : m->parameters())
            n += p.numel();
    return n;
}

void Recommender::scoreAllAfter(const std::vector<std::int32_t> &context, const std::vector<std::vector<std::int32_t>> &tails,
                                std::int64_t user, std::vector<float> &scores) {
    std::vector<std::vector<std::int32_t>> joined;
    for (const auto &t : tails) {
        joined.push_back(context);
        joined.back().insert(joined.back().end(), t.begin(), t.end());
    }
    scoreAll(joined, std::vector<std::int64_t>(joined.size(), user), scores);
}

torch::Tensor Recommender::itemVectors() {
    throw EngineError(ErrorKind::Usage, "a " + config().modelKey() + " run has no item vectors: it does not score by a dot product");
}

torch::Tensor Recommender::userVectors(const std::vector<std::vector<std::int32_t>> &, const std::vector<std::int64_t> &) {
    throw EngineError(ErrorKind::Usage, "a " + config().modelKey() + " run has no user vectors: it does not score by a dot product");
}

void Recommender::saveScript(const std::string &, const std::vector<std::string> &) {
    throw EngineError(ErrorKind::Usage, "a " + config().modelKey() + " run cannot be written as TorchScript (the transformers can)");
}

std::unique_ptr<Recommender> makeRecommender(const TrainConfig &config, std::int64_t numItems) {
    switch (config.model) {
    case ModelKind::Popularity: return makePopularityRecommender(config, numItems);
    case ModelKind::ItemKnn: return makeItemKnnRecommender(config, numItems);
    case ModelKind::BprMf: return makeBprMfRecommender(config, numItems);
    case ModelKind::BiasedMf: return makeBiasedMfRecommender(config, numItems);
    case ModelKind::SasRec:
    case ModelKind::Bert4Rec: return makeTransformerRecommender(config, numItems);
    case ModelKind::TextRec: return makeTextRecommender(config, numItems);
    }
    throw EngineError(ErrorKind::Usage, "unknown model kind");
}

bool TrainingSession::writes() const { return !collective || collective->rank() == 0; }

} // namespace recscope::engine::detail
