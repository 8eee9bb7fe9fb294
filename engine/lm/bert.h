// SPDX-License-Identifier: GPL-3.0-or-later
// A pretrained BERT-family encoder read from a local Hugging Face folder (config.json,
// model.safetensors, vocab.txt or tokenizer.json): BERT, MiniLM and sentence-transformers models
// built on BERT. The modules are named as Hugging Face names them, so weights load by name.
// Engine-private: includes torch.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/lm/ is private to the engine"
#endif

#include "engine/lm/bertconfig.h"
#include "engine/lm/wordpiece.h"

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace recscope::engine {

// Self-attention, then the feed-forward block, each added to its input and normalised (post-norm).
class BertLayerImpl : public torch::nn::Module {
public:
    explicit BertLayerImpl(const BertConfig &config);
    // hidden [B, T, H]; mask [B, T], nonzero for real tokens.
    torch::Tensor forward(const torch::Tensor &hidden, const torch::Tensor &mask);

private:
    struct Parts;
    std::shared_ptr<Parts> m;
    BertConfig m_config;
};
TORCH_MODULE(BertLayer);

class BertEncoderImpl : public torch::nn::Module {
public:
    explicit BertEncoderImpl(const BertConfig &config);

    // The embeddings' output (word + position + token type 0, normalised): [B, T, H].
    torch::Tensor embed(const torch::Tensor &ids);
    // Layers [from, to) over `hidden`.
    torch::Tensor run(torch::Tensor hidden, const torch::Tensor &mask, std::int64_t from, std::int64_t to);
    // The last hidden state: [B, T, H].
    torch::Tensor forward(const torch::Tensor &ids, const torch::Tensor &mask) { return run(embed(ids), mask, 0, m_config.layers); }
    BertLayer layer(std::int64_t i) const { return m_layers->ptr<BertLayerImpl>(static_cast<std::size_t>(i)); }
    const BertConfig &config() const { return m_config; }

    // Weights by Hugging Face's names, with or without the "bert." prefix (old "gamma"/"beta"
    // LayerNorm names too). Throws EngineError(BadInput) naming `file` and the tensor for one that
    // is missing or whose shape differs from config.json's.
    void loadWeights(const std::map<std::string, torch::Tensor> &state, const std::string &file);

private:
    struct Embeddings;
    struct Layers;
    BertConfig m_config;
    std::shared_ptr<Embeddings> m_embeddings; // "embeddings."
    std::shared_ptr<Layers> m_encoder;        // "encoder.layer.N."
    torch::nn::ModuleList m_layers{nullptr};
};
TORCH_MODULE(BertEncoder);

// [B, T, H] states over [B, T] masks -> [B, H].
torch::Tensor poolStates(const torch::Tensor &states, const torch::Tensor &mask, Pooling pooling);

// A checkpoint folder, loaded.
struct PretrainedEncoder {
    std::string folder;
    BertConfig config;
    std::shared_ptr<const WordPieceTokenizer> tokenizer;
    BertEncoder model{nullptr}; // in eval mode
    Pooling pooling = Pooling::Mean;
    std::string fingerprint; // xxh3-64 (hex) of config.json, the weights and the vocabulary

    // Right-padded token ids ([CLS] text [SEP], at most `length`, itself capped at the model's
    // positions) and masks, both [texts, longest].
    std::pair<torch::Tensor, torch::Tensor> tokenize(const std::vector<std::string> &texts, int length) const;
};

// Throws EngineError(BadInput) naming the folder or file: not a folder, no config.json, an
// unsupported architecture, no model.safetensors (pytorch_model.bin only), no tokenizer, a
// missing tensor or a shape that does not match.
PretrainedEncoder loadPretrainedEncoder(const std::string &folder);

// Just the fingerprint, as loadPretrainedEncoder computes it (no weights are built).
std::string pretrainedFingerprint(const std::string &folder);

} // namespace recscope::engine
