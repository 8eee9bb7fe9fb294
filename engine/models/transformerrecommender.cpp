// SPDX-License-Identifier: GPL-3.0-or-later
// SASRec (causal, next-item) and BERT4Rec (bidirectional, masked items): one transformer,
// configured by the model's ModelInfo.
#include "engine/models/models.h"
#include "engine/models/sequencerecommender.h"
#include "engine/models/sequencetrainer.h"

namespace recscope::engine::detail {

namespace {

class TransformerRecommender final : public SequenceRecommender {
public:
    using SequenceRecommender::SequenceRecommender;

    void train(TrainingSession &t) override {
        torch::manual_seed(config().seed);
        m_model = makeTransformer(config(), numItems());
        if (t.warm) {
            SasRec source = makeTransformer(t.warm->source, t.warm->sourceItems);
            deserialize(source, t.warm->state);
            applyWarmStart(m_model, source, *t.warm);
        }
        m_model->to(torch::Device(config().device == "auto" ? std::string("cpu") : config().device));
        SequenceTrainer<SasRec>(config(), t.split, m_model).train(t.store, t.result, t.progress, t.onEpoch, t.resume, t.collective);
    }

    void load(const StoredRun &run) override {
        m_model = makeTransformer(config(), numItems());
        deserialize(m_model, run.checkpoint());
        m_model->eval();
        placeForScoring(m_model);
    }

    torch::nn::Module *module() override { return m_model.get(); }

protected:
    torch::Tensor encode(const torch::Tensor &input, std::vector<torch::Tensor> *attention, const torch::Tensor *positions) override {
        return m_model->encode(input, attention, positions);
    }
    SasRecImpl *causalModel() override { return m_model->options().causal ? m_model.get() : nullptr; }
    SasRecImpl &sequenceModel() override { return *m_model; }

private:
    SasRec m_model{nullptr};
};

} // namespace

std::unique_ptr<Recommender> makeTransformerRecommender(const TrainConfig &config, std::int64_t numItems) {
    return std::make_unique<TransformerRecommender>(config, numItems);
}

} // namespace recscope::engine::detail
