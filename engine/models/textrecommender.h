// SPDX-License-Identifier: GPL-3.0-or-later
// The text-aware model (engine-private): item vectors from a small language model over each
// item's text (pretrained on the catalog by masked language modelling), or from a pretrained
// BERT-family encoder (frozen or with its last layers fine-tuned), fused with id embeddings, read
// by a causal transformer. Its words can be explanation players.
#pragma once

#include "engine/lm/textword.h"
#include "engine/models/sequencerecommender.h"
#include "engine/models/textrec.h"

#include <optional>

namespace recscope::engine::detail {

class TextRecommender final : public SequenceRecommender {
public:
    using SequenceRecommender::SequenceRecommender;

    void preflight(Project &project, std::int64_t datasetId) const override;
    void train(TrainingSession &session) override;
    void load(const StoredRun &run) override;
    std::uint64_t trainingBytes() const override;
    torch::nn::Module *module() override { return m_model.get(); }

    // The words of an item's text as the model reads them (the first text_len tokens).
    std::vector<TextWord> itemWords(std::int32_t item);
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
    void trainWithEncoder(TrainingSession &session);
    torch::Tensor ownTextVectors(const std::vector<std::vector<int>> &texts);     // SentencePiece ids
    torch::Tensor encoderTextVectors(const std::vector<std::vector<int>> &texts); // WordPiece ids
    // The pretrained encoder of config().encoder, loaded on first use. Throws EngineError(BadInput)
    // naming the folder when it is gone or damaged.
    PretrainedEncoder &encoder();
    int encoderTextLength() const; // tokens per item with [CLS] and [SEP], within the encoder's positions

    std::optional<PretrainedEncoder> m_encoder;

    TextRec m_model{nullptr};
    std::optional<TextTokenizer> m_tokenizer;
    std::vector<std::string> m_texts; // each item row's text
};

} // namespace recscope::engine::detail
