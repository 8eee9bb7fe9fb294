// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/evaluation/runscorer.h"

#include "engine/core/errors.h"
#include "engine/models/models.h"
#include "engine/models/recommender.h"
#include "engine/models/sequencerecommender.h"
#include "engine/models/textrecommender.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"

namespace recscope::engine {

using namespace detail;

struct RunScorer::Impl {
    std::unique_ptr<Recommender> model;

    std::string modelKey() const { return model->config().modelKey(); }
    // The transformers' scoring extras, or null.
    SequenceRecommender *sequence() { return dynamic_cast<SequenceRecommender *>(model.get()); }
    TextRecommender *text() const { return dynamic_cast<TextRecommender *>(model.get()); }
};

RunScorer::RunScorer(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
RunScorer::~RunScorer() = default;

const TrainConfig &RunScorer::config() const { return d->model->config(); }
std::int64_t RunScorer::numItems() const { return d->model->numItems(); }
std::int64_t RunScorer::parameterCount() const { return d->model->parameterCount(); }

std::string RunScorer::quantizedState() const {
    auto *m = d->model->module();
    if (!m)
        throw EngineError(ErrorKind::Usage, "a " + d->modelKey() + " run has no weight matrices to quantize");
    return quantizeInt8(*m);
}

std::string RunScorer::state() const {
    auto *m = d->model->module();
    if (!m)
        throw EngineError(ErrorKind::Usage, "a " + d->modelKey() + " run has no weights to save");
    return serialize(m);
}

std::string RunScorer::prunedState(double fraction, bool byHead, double *zeroShare) {
    auto *m = d->model->module();
    if (!m)
        throw EngineError(ErrorKind::Usage, "a " + d->modelKey() + " run has no weight matrices to prune");
    if (byHead && !d->model->info().transformer)
        throw EngineError(ErrorKind::Usage, "a " + d->modelKey() + " run has no attention heads to prune");
    const double z = byHead ? pruneHeads(*m, config().heads, fraction) : pruneUnstructured(*m, fraction);
    if (zeroShare)
        *zeroShare = z;
    return serialize(m);
}

std::unique_ptr<RunScorer> RunScorer::load(Project &project, std::int64_t runId) {
    RunStore store(project);
    const auto run = store.run(runId);
    if (!run)
        throw EngineError(ErrorKind::Usage, "no run with id " + std::to_string(runId));
    const auto info = project.dataset(run->datasetId);
    if (!info)
        throw EngineError(ErrorKind::Project, "run " + std::to_string(runId) + " refers to a dataset that is gone");
    auto d = std::make_unique<Impl>();
    d->model = makeRecommender(TrainConfig::fromJson(run->configJson), info->items);
    torch::NoGradGuard noGrad;
    d->model->load(StoredRun{project, store, *run, info->users});
    return std::unique_ptr<RunScorer>(new RunScorer(std::move(d)));
}

void RunScorer::scoreAll(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users,
                         std::vector<float> &scores) {
    torch::NoGradGuard noGrad; // thread-local: on the caller's thread
    d->model->scoreAll(histories, users, scores);
}

namespace {
RunScorer::Vectors toVectors(const torch::Tensor &t) {
    const auto c = t.to(torch::kCPU, torch::kFloat).contiguous();
    RunScorer::Vectors v;
    v.rows = c.size(0);
    v.dim = c.size(1);
    v.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    return v;
}
} // namespace

void RunScorer::saveScript(const std::string &file, const std::vector<std::string> &itemIds) {
    torch::NoGradGuard noGrad;
    d->model->saveScript(file, itemIds);
}

RunScorer::Vectors RunScorer::itemVectors() {
    torch::NoGradGuard noGrad;
    return toVectors(d->model->itemVectors());
}

RunScorer::Vectors RunScorer::userVectors(const std::vector<std::vector<std::int32_t>> &histories, const std::vector<std::int64_t> &users) {
    torch::NoGradGuard noGrad;
    return toVectors(d->model->userVectors(histories, users));
}

void RunScorer::scoreAllAfter(const std::vector<std::int32_t> &context, const std::vector<std::vector<std::int32_t>> &tails,
                              std::int64_t user, std::vector<float> &scores) {
    torch::NoGradGuard noGrad;
    d->model->scoreAllAfter(context, tails, user, scores);
}

std::vector<double> RunScorer::scoreItem(const std::vector<std::vector<std::int32_t>> &histories, std::int64_t user, std::int32_t item,
                                         std::int32_t versus) {
    torch::NoGradGuard noGrad;
    if (item < 0 || item >= numItems() || versus >= numItems())
        throw EngineError(ErrorKind::Usage, "no item " + std::to_string(item) + " in the run's dataset");
    return d->model->scoreItem(histories, user, item, versus);
}

std::vector<RunScorer::Word> RunScorer::itemWords(std::int32_t item) const {
    auto *text = d->text(); // may load the pretrained encoder on first use
    if (!text)
        throw EngineError(ErrorKind::Usage, "only the text model reads item text; a " + d->modelKey() + " run has no words to explain");
    if (item < 0 || item >= numItems())
        throw EngineError(ErrorKind::Usage, "no item " + std::to_string(item) + " in the run's dataset");
    return text->itemWords(item);
}

std::vector<double> RunScorer::scoreItemTexts(const std::vector<std::int32_t> &history, std::int32_t item,
                                              const std::vector<std::vector<int>> &texts, std::int32_t versus) {
    torch::NoGradGuard noGrad;
    auto *text = d->text();
    if (!text)
        throw EngineError(ErrorKind::Usage, "only the text model reads item text");
    return text->scoreItemTexts(history, item, texts, versus);
}

std::vector<std::vector<std::vector<std::vector<float>>>> RunScorer::attention(const std::vector<std::int32_t> &history) {
    torch::NoGradGuard noGrad;
    auto *s = d->sequence();
    if (!s)
        throw EngineError(ErrorKind::Usage, "a " + d->modelKey() + " run has no attention; attention views need SASRec, BERT4Rec or the text model");
    return s->attention(history);
}

std::vector<std::pair<std::int64_t, double>> recommend(Project &project, std::int64_t runId, std::int64_t userIndex, int k,
                                                       const std::optional<std::vector<std::int64_t>> &edited) {
    auto scorer = RunScorer::load(project, runId);
    return recommend(project, *scorer, RunStore(project).run(runId)->datasetId, userIndex, k, edited);
}

std::vector<std::pair<std::int64_t, double>> recommend(Project &project, RunScorer &scorer, std::int64_t datasetId, std::int64_t userIndex,
                                                       int k, const std::optional<std::vector<std::int64_t>> &edited) {
    const auto info = project.dataset(datasetId);
    if (!info || userIndex < 0 || userIndex >= info->users)
        throw EngineError(ErrorKind::Usage, "no user " + std::to_string(userIndex) + " in the run's dataset");
    std::unordered_set<std::int32_t> seen;
    std::vector<std::int32_t> history;
    for (const auto &e : project.timeline(datasetId, userIndex)) {
        history.push_back(static_cast<std::int32_t>(e.item));
        seen.insert(static_cast<std::int32_t>(e.item));
    }
    if (edited) {
        history.clear();
        for (auto i : *edited) {
            if (i < 0 || i >= info->items)
                throw EngineError(ErrorKind::Usage, "the edited history names item " + std::to_string(i) + ", not in the run's dataset");
            history.push_back(static_cast<std::int32_t>(i));
        }
    }
    std::vector<float> scores;
    scorer.scoreAll({history}, {userIndex}, scores);
    return topUnseen(scores.data(), scores.size(), seen, k);
}

std::vector<std::pair<std::int64_t, double>> topUnseen(const float *scores, std::size_t n, const std::unordered_set<std::int32_t> &seen, int k) {
    std::vector<std::pair<std::int64_t, double>> ranked;
    for (std::size_t i = 0; i < n; ++i)
        if (!seen.count(static_cast<std::int32_t>(i)))
            ranked.emplace_back(static_cast<std::int64_t>(i), scores[i]);
    const auto top = std::min<std::size_t>(ranked.size(), static_cast<std::size_t>(std::max(0, k)));
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(top), ranked.end(),
                      [](const auto &a, const auto &b) { return a.second > b.second; });
    ranked.resize(top);
    return ranked;
}

} // namespace recscope::engine
