// SPDX-License-Identifier: GPL-3.0-or-later
// The text-aware model (engine-private): item vectors from a small language model over each
// item's text (pretrained on the catalog by masked language modelling), fused with id
// embeddings, read by a causal transformer. Its words can be explanation players.
#pragma once

#include "engine/evaluation/runscorer.h"
#include "engine/models/sequencerecommender.h"
#include "engine/models/textrec.h"

#include <optional>

namespace recscope::engine::detail {

class TextRecommender final : public SequenceRecommender {
public:
    using SequenceRecommender::SequenceRecommender;

    void train(TrainingSession &session) override;
    void load(const StoredRun &run) override;
    std::uint64_t trainingBytes() const override;
    torch::nn::Module *module() override { return m_model.get(); }

    // The words of an item's text as the model reads them (the first text_len tokens).
    std::vector<RunScorer::Word> itemWords(std::int32_t item) const;
    // The score of `item` after `history` with its text read as each of `texts`.
    std::vector<double> scoreItemTexts(const std::vector<std::int32_t> &history, std::int32_t item, const std::vector<std::vector<int>> &texts,
                                       std::int32_t versus);

protected:
    torch::Tensor encode(const torch::Tensor &input, std::vector<torch::Tensor> *attention, const torch::Tensor *positions) override {
        return m_model->encode(input, attention, positions);
    }
    SasRecImpl *causalModel() override { return &m_model->sequenceModel(); }
    SasRecImpl &sequenceModel() override { return m_model->sequenceModel(); }

private:
    void pretrainLanguageModel(Progress &progress);

    TextRec m_model{nullptr};
    std::optional<TextTokenizer> m_tokenizer;
    std::vector<std::string> m_texts; // each item row's text
};

} // namespace recscope::engine::detail
