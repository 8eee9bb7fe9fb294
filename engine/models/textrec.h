// SPDX-License-Identifier: GPL-3.0-or-later
// The text-aware sequence recommender. Each item is read by a small transformer language model
// over its text (title, categories, description) with a SentencePiece tokenizer trained on the
// catalog, or by a pretrained BERT-family encoder (EncodedCatalog); the pooled text vector
// (optionally plus an item-id embedding) is the item's vector in a SASRec-style sequence model.
// Items nobody has interacted with still get a vector from their text, so the model can score
// them (cold start). Engine-private: includes torch.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/models/ is private to the engine: use engine/evaluation/runscorer.h or engine/training/trainer.h"
#endif

#include "engine/models/encodedcatalog.h"
#include "engine/models/sasrec.h"

#include <memory>
#include <random>
#include <string>
#include <vector>

namespace recscope::engine {

class Project;

// The text a model reads for each item row (row = item index + 1; row 0, padding, is empty):
// "title | category, category | description".
std::vector<std::string> catalogText(Project &project, std::int64_t datasetId);
// Throws EngineError(BadInput) when no item has any text.
void requireItemText(const std::vector<std::string> &texts);

// A SentencePiece unigram tokenizer. Ids: 0 padding, 1 unknown, 2.. pieces. SentencePiece is
// reached through a plugin (librecscope_sentencepiece.so) that keeps its protobuf apart from torch's.
class TextTokenizer {
public:
    // Trains on `texts` (empty ones are skipped); the vocabulary may come out smaller than asked
    // when the catalog has little text. Throws EngineError(BadInput) when there is no text.
    static TextTokenizer train(const std::vector<std::string> &texts, int vocabularySize);
    // From serialized(); throws EngineError(Project) when it does not parse.
    static TextTokenizer load(const std::string &serialized);

    const std::string &serialized() const { return m_model; }
    int vocabularySize() const;
    std::vector<int> encode(const std::string &text) const;
    // [texts, length] token ids: the first `length` tokens of each text, left-padded with 0.
    torch::Tensor encodeAll(const std::vector<std::string> &texts, std::int64_t length) const;

private:
    std::shared_ptr<void> m_processor; // a SentencePieceProcessor inside the plugin
    std::string m_model;
};

struct TextRecOptions {
    SasRecOptions sequence; // causal; its item embeddings are the id embeddings
    std::int64_t vocabulary = 0; // tokenizer vocabulary (ids 0..vocabulary-1)
    bool fuseIds = true;         // item vector = text vector + id embedding (zero for unseen items)
    double idDropout = 0.3;      // training: share of items whose id embedding is left out
};

// A pretrained encoder's vectors into the sequence model's space: a mixture of experts, each a
// parametric whitening (x - b_k) W_k, weighted by a softmax gate over x (UniSRec, Hou et al. 2022).
class TextAdaptorImpl : public torch::nn::Module {
public:
    TextAdaptorImpl(std::int64_t in, std::int64_t out, std::int64_t experts, double dropout);
    torch::Tensor forward(const torch::Tensor &x);
    // Centres each expert on `sample`'s mean and scales it to unit spread ([N, in], N > 1).
    void whitenFor(const torch::Tensor &sample);

private:
    torch::Tensor m_bias, m_weight; // [E, in], [E, in, out]
    torch::nn::Linear m_gate{nullptr};
    double m_dropout;
};
TORCH_MODULE(TextAdaptor);

class TextRecImpl : public torch::nn::Module {
public:
    // tokens: [items + 1, text length] from TextTokenizer::encodeAll over catalogText().
    TextRecImpl(const TextRecOptions &options, const torch::Tensor &tokens);
    // With a pretrained encoder's reading of the catalog instead of the own language model.
    TextRecImpl(const TextRecOptions &options, const EncodedCatalog &catalog);
    bool pretrained() const { return m_catalogStates.defined() || m_catalogVectors.defined(); }
    // Fine-tuned: the trained layers start as the encoder's last ones. Both: the adaptor is
    // whitened for the catalog's vectors.
    void startFrom(PretrainedEncoder &encoder);
    // Pretrained: item vectors from token states after the encoder's frozen layers ([B, T, D] and
    // [B, T] masks; pooled [B, D] states when frozen). Explanations read edited texts through it.
    torch::Tensor textVectorsFromStates(const torch::Tensor &states, const torch::Tensor &mask);

    // The sequence-model interface the trainer uses (see SasRecImpl). In eval mode without
    // gradients the catalog's vectors are computed once and kept until train() is called; call
    // train(false) again after loading weights.
    torch::Tensor itemVectors(const torch::Tensor &items);
    void train(bool on = true) override;
    torch::Tensor encode(const torch::Tensor &sequences, std::vector<torch::Tensor> *attention = nullptr,
                         const torch::Tensor *positions = nullptr);
    torch::Tensor encodeVectors(const torch::Tensor &vectors, const torch::Tensor &sequences,
                                std::vector<torch::Tensor> *attention = nullptr, const torch::Tensor *positions = nullptr) {
        return m_sequence->encodeVectors(vectors, sequences, attention, positions);
    }
    torch::Tensor itemEmbeddings() const { return m_sequence->itemEmbeddings(); } // the id part
    SasRecImpl &sequenceModel() { return *m_sequence; } // causal, over item vectors
    std::int64_t numItems() const { return m_options.sequence.numItems; }

    // Masked-language-model loss on the text of `items` ([B]): 15% of each text's tokens (at
    // least one) replaced by [MASK] and predicted over the vocabulary.
    torch::Tensor maskedLanguageLoss(const torch::Tensor &items, std::mt19937_64 &rng);
    torch::Tensor tokens() const { return m_tokens; }
    // The text part of item vectors from token rows ([B, T], 0 = padding anywhere): what an item
    // would be with this text. Explanations read edited texts through it.
    torch::Tensor textVectorsOf(const torch::Tensor &tokens);
    // The id part of item vectors (zero rows when ids are not fused).
    torch::Tensor idVectors(const torch::Tensor &items);

private:
    std::int64_t pretrainedRows() const;
    // The tuned layers over [B, T, D] states, pooled to [B, D]; pooled input passes through.
    torch::Tensor pooledText(const torch::Tensor &states, const torch::Tensor &mask);
    std::pair<torch::Tensor, torch::Tensor> catalogStates(const torch::Tensor &items) const; // cut to the longest text
    torch::Tensor tokensOf(const torch::Tensor &items) const;      // [U] -> [U, T'], T' <= text length
    torch::Tensor textVectors(const torch::Tensor &uniqueItems); // [U] -> [U, H]

    TextRecOptions m_options;
    // Pretrained encoder (empty otherwise): the cached reading, the trained last layers, the adaptor.
    torch::Tensor m_catalogVectors, m_catalogStates, m_catalogMask;
    torch::nn::ModuleList m_tuned{nullptr};
    TextAdaptor m_adaptor{nullptr};
    Pooling m_pooling = Pooling::Mean;
    // Own language model.
    SasRec m_language{nullptr}; // bidirectional, over tokens; [MASK] = vocabulary
    SasRec m_sequence{nullptr};
    torch::nn::Linear m_project{nullptr};
    torch::nn::Embedding m_words{nullptr}; // the bag-of-words path
    torch::Tensor m_gate;                  // weight of the contextual states in the item vector
    torch::Tensor m_tokens;
    torch::Tensor m_catalog; // scoring cache, see itemVectors()
};
TORCH_MODULE(TextRec);

} // namespace recscope::engine
