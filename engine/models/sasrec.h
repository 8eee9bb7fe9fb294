// SPDX-License-Identifier: GPL-3.0-or-later
// The transformer sequence recommenders: SASRec (Kang & McAuley 2018, causal self-attention) and
// BERT4Rec (Sun et al. 2019, bidirectional, trained by masked item prediction). Engine-private:
// this header includes torch and must stay out of widgets/ and app/.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/models/ is private to the engine: use engine/evaluation/runscorer.h or engine/training/trainer.h"
#endif

#include "engine/core/dropout.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <utility>
#include <vector>

namespace recscope::engine {

struct SasRecOptions {
    int64_t numItems = 0; // item indices 1..numItems; 0 is padding
    int64_t maxlen = 50;
    int64_t hidden = 64;
    int64_t layers = 2;
    int64_t heads = 1;
    int64_t ffn = 1;   // feed-forward inner width = ffn x hidden
    bool gelu = false; // feed-forward activation: GELU (BERT) instead of ReLU
    double dropout = 0.2;
    bool causal = true;     // SASRec: attend to earlier positions only; BERT4Rec: to all
    bool maskToken = false; // BERT4Rec: item index numItems + 1 is [MASK]
    int64_t vocabulary() const { return numItems + (maskToken ? 2 : 1); }
};

// Multi-head self-attention that can hand back every head's weights (the explanations need
// them; torch's MultiheadAttention averages heads in this version).
class CausalSelfAttentionImpl : public torch::nn::Module {
public:
    CausalSelfAttentionImpl(int64_t hidden, int64_t heads, double dropout);
    // query: [B, L, H] (already normalised), keys: [B, L, H]; bias: added to the scores,
    // broadcastable to [B, heads, L, L], -1e9 where blocked and 0 elsewhere.
    // Writes [B, heads, L, L] attention weights into *weights when given.
    torch::Tensor forward(const torch::Tensor &query, const torch::Tensor &keys, const torch::Tensor &bias,
                          torch::Tensor *weights = nullptr);
    // Keys and values of `keys` ([B, L, H]) split by head: [B, heads, L, d] each.
    std::pair<torch::Tensor, torch::Tensor> keysValues(const torch::Tensor &keys);
    // forward() for positions that come after a prefix every row shares: they attend to the
    // prefix's keys and values ([1, heads, C, d]) and, through `mask` ([L, L]), to each other.
    torch::Tensor forwardAfter(const torch::Tensor &query, const torch::Tensor &keys, const torch::Tensor &prefixKeys,
                               const torch::Tensor &prefixValues, const torch::Tensor &mask);

private:
    int64_t m_heads;
    torch::nn::Linear m_q{nullptr}, m_k{nullptr}, m_v{nullptr}, m_out{nullptr};
    Dropout m_dropout{nullptr};
};
TORCH_MODULE(CausalSelfAttention);

// A causal model's states over a run of oldest items that many sequences share (the context of
// an explanation's coalitions): each layer's keys and values, and the output at its last position.
struct PrefixStates {
    std::vector<torch::Tensor> keys, values; // per layer, [1, heads, C, d]
    torch::Tensor last;                      // [1, H]
};

class SasRecImpl : public torch::nn::Module {
public:
    explicit SasRecImpl(const SasRecOptions &options);

    // sequences: [B, L] item indices (0 = padding, left-padded), L <= maxlen; positions count
    // from the right, so a batch may be cut to its longest history. Returns [B, L, H].
    // With `attention`, one [B, heads, L, L] tensor per layer is appended. With `positions`
    // ([B, L] indices into the position table), each item reads at its own position instead:
    // a sequence with padding inside is computed without its padding (which is never attended).
    torch::Tensor encode(const torch::Tensor &sequences, std::vector<torch::Tensor> *attention = nullptr,
                         const torch::Tensor *positions = nullptr);
    // The same with the input item vectors given ([B, L, H]); `sequences` marks the padding.
    torch::Tensor encodeVectors(const torch::Tensor &vectors, const torch::Tensor &sequences,
                                std::vector<torch::Tensor> *attention = nullptr, const torch::Tensor *positions = nullptr);
    // Causal models: the states of a prefix (item vectors [1, C, H], no padding, at `positions`
    // [1, C]), and the outputs [B, L, H] of items read after it (vectors [B, L, H] at positions
    // [B, L], no padding): the same numbers as encoding prefix and items together, at the cost
    // of the L items alone.
    PrefixStates encodePrefix(const torch::Tensor &vectors, const torch::Tensor &positions);
    torch::Tensor encodeAfter(const PrefixStates &prefix, const torch::Tensor &vectors, const torch::Tensor &positions);
    // Item vectors for item indices of any shape ([...] -> [..., H]): the input and output
    // embeddings. The sequence trainer reaches every model's items through this.
    torch::Tensor itemVectors(const torch::Tensor &items) { return m_items(items); }
    // Scores of `items` ([B, L] or [B, N]) against the hidden states ([B, L, H] or [B, 1, H]).
    torch::Tensor score(const torch::Tensor &hidden, const torch::Tensor &items);
    const SasRecOptions &options() const { return m_options; }
    torch::Tensor itemEmbeddings() const { return m_items->weight; }

private:
    torch::Tensor embed(const torch::Tensor &vectors, const torch::Tensor &positions);
    // The blocks over embedded inputs x; `after` reads past a prefix, `record` keeps each layer's
    // keys and values.
    torch::Tensor blocks(torch::Tensor x, const torch::Tensor &keep, const torch::Tensor &mask, std::vector<torch::Tensor> *attention,
                         const PrefixStates *after = nullptr, PrefixStates *record = nullptr);
    SasRecOptions m_options;
    torch::nn::Embedding m_items{nullptr}, m_positions{nullptr};
    Dropout m_dropout{nullptr};
    torch::nn::ModuleList m_attentionNorms, m_attention, m_ffnNorms, m_ffn1, m_ffn2;
    torch::nn::LayerNorm m_lastNorm{nullptr};
};
TORCH_MODULE(SasRec);

} // namespace recscope::engine
