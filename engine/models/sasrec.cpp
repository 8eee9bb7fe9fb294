// SPDX-License-Identifier: GPL-3.0-or-later
// SASRec, following the paper and the reference PyTorch implementation (pmixer/SASRec.pytorch):
// pre-norm attention with the normalised input as residual, point-wise feed-forward, shared
// item embeddings for input and output. BERT4Rec uses the same blocks without the causal mask.
#include "engine/models/sasrec.h"

#include <ATen/ATen.h>
#include <torch/nn/init.h>

#include <cmath>

namespace recscope::engine {

CausalSelfAttentionImpl::CausalSelfAttentionImpl(int64_t hidden, int64_t heads, double dropout) : m_heads(heads) {
    m_q = register_module("q", torch::nn::Linear(hidden, hidden));
    m_k = register_module("k", torch::nn::Linear(hidden, hidden));
    m_v = register_module("v", torch::nn::Linear(hidden, hidden));
    m_out = register_module("out", torch::nn::Linear(hidden, hidden));
    m_dropout = register_module("dropout", Dropout(dropout));
}

torch::Tensor CausalSelfAttentionImpl::forward(const torch::Tensor &query, const torch::Tensor &keys,
                                               const torch::Tensor &bias, torch::Tensor *weights) {
    const auto b = query.size(0), l = query.size(1), h = query.size(2), d = h / m_heads;
    // [B heads, L, d]: with one head a view, else a copy.
    auto split = [&](const torch::Tensor &x) { return x.view({b, l, m_heads, d}).transpose(1, 2).reshape({b * m_heads, l, d}); };
    const auto q = split(m_q(query)), k = split(m_k(keys)), v = split(m_v(keys));
    // Scaling and masking ride in the product: bias + q k^T / sqrt(d) in one kernel.
    const auto scores = torch::baddbmm(bias.expand({b, m_heads, l, l}).reshape({b * m_heads, l, l}), q, k.transpose(1, 2), 1.0,
                                       1.0 / std::sqrt(static_cast<double>(d)));
    auto attn = torch::softmax(scores, -1);
    if (weights)
        *weights = attn.detach().view({b, m_heads, l, l});
    auto out = torch::bmm(m_dropout(attn), v).view({b, m_heads, l, d}).transpose(1, 2).reshape({b, l, h});
    return m_out(out);
}

std::pair<torch::Tensor, torch::Tensor> CausalSelfAttentionImpl::keysValues(const torch::Tensor &keys) {
    const auto b = keys.size(0), l = keys.size(1), d = keys.size(2) / m_heads;
    auto split = [&](const torch::Tensor &x) { return x.view({b, l, m_heads, d}).transpose(1, 2); };
    return {split(m_k(keys)), split(m_v(keys))};
}

torch::Tensor CausalSelfAttentionImpl::forwardAfter(const torch::Tensor &query, const torch::Tensor &keys, const torch::Tensor &prefixKeys,
                                                    const torch::Tensor &prefixValues, const torch::Tensor &mask) {
    const auto b = query.size(0), l = query.size(1), h = query.size(2), d = h / m_heads, c = prefixKeys.size(2);
    const auto q = m_q(query).view({b, l, m_heads, d}).transpose(1, 2); // [B, heads, L, d]
    const auto [k, v] = keysValues(keys);
    const double scale = std::sqrt(static_cast<double>(d));
    // The prefix is shared: every row's queries in one product per head, [heads, B L, d] x [heads, d, C].
    const auto folded = q.transpose(0, 1).reshape({m_heads, b * l, d});
    const auto toPrefix = torch::matmul(folded, prefixKeys[0].transpose(-2, -1)).view({m_heads, b, l, c}).transpose(0, 1) / scale;
    const auto toOwn = (torch::matmul(q, k.transpose(-2, -1)) / scale).masked_fill(mask, -1e9);
    const auto attn = m_dropout(torch::softmax(torch::cat({toPrefix, toOwn}, -1), -1));
    const auto fromPrefix = torch::matmul(attn.narrow(-1, 0, c).transpose(0, 1).reshape({m_heads, b * l, c}), prefixValues[0])
                                .view({m_heads, b, l, d})
                                .transpose(0, 1);
    const auto out = fromPrefix + torch::matmul(attn.narrow(-1, c, l), v);
    return m_out(out.transpose(1, 2).contiguous().view({b, l, h}));
}

SasRecImpl::SasRecImpl(const SasRecOptions &o) : m_options(o) {
    m_items = register_module("items", torch::nn::Embedding(torch::nn::EmbeddingOptions(o.vocabulary(), o.hidden).padding_idx(0)));
    m_positions = register_module("positions", torch::nn::Embedding(o.maxlen, o.hidden));
    m_dropout = register_module("dropout", Dropout(o.dropout));
    for (int64_t i = 0; i < o.layers; ++i) {
        m_attentionNorms->push_back(torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.hidden}).eps(1e-8)));
        m_attention->push_back(CausalSelfAttention(o.hidden, o.heads, o.dropout));
        m_ffnNorms->push_back(torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.hidden}).eps(1e-8)));
        m_ffn1->push_back(torch::nn::Linear(o.hidden, o.hidden * o.ffn));
        m_ffn2->push_back(torch::nn::Linear(o.hidden * o.ffn, o.hidden));
    }
    register_module("attention_norms", m_attentionNorms);
    register_module("attention", m_attention);
    register_module("ffn_norms", m_ffnNorms);
    register_module("ffn1", m_ffn1);
    register_module("ffn2", m_ffn2);
    m_lastNorm = register_module("last_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.hidden}).eps(1e-8)));
    // Xavier initialisation as in the reference implementation.
    for (auto &p : parameters())
        if (p.dim() > 1)
            torch::nn::init::xavier_normal_(p);
}

torch::Tensor SasRecImpl::encode(const torch::Tensor &seq, std::vector<torch::Tensor> *attention, const torch::Tensor *positions) {
    return encodeVectors(m_items(seq), seq, attention, positions);
}

torch::Tensor SasRecImpl::embed(const torch::Tensor &vectors, const torch::Tensor &positions) {
    return m_dropout(vectors * std::sqrt(static_cast<double>(m_options.hidden)) + m_positions(positions));
}

torch::Tensor SasRecImpl::encodeVectors(const torch::Tensor &vectors, const torch::Tensor &seq, std::vector<torch::Tensor> *attention,
                                        const torch::Tensor *positions) {
    const auto l = seq.size(1);
    auto x = embed(vectors, positions ? *positions
                                      : torch::arange(m_options.maxlen - l, m_options.maxlen, seq.options().dtype(torch::kLong)).unsqueeze(0));
    const auto keep = seq.ne(0).unsqueeze(-1).to(x.dtype()); // [B, L, 1]
    x = x * keep;
    // Causal: position i sees real positions <= i. Bidirectional: every real position. Padding
    // is never attended to, so cutting leading padding (length-bucketed batches) changes nothing.
    auto mask = seq.eq(0).unsqueeze(1).unsqueeze(2); // [B, 1, 1, L]
    if (m_options.causal)
        mask = mask.logical_or(torch::ones({l, l}, seq.options().dtype(torch::kBool)).triu(1));
    return blocks(x, keep, mask, attention);
}

torch::Tensor SasRecImpl::blocks(torch::Tensor x, const torch::Tensor &keep, const torch::Tensor &mask, std::vector<torch::Tensor> *attention,
                                 const PrefixStates *after, PrefixStates *record) {
    // The mask as a score bias, made once for all layers.
    const auto bias = after ? torch::Tensor() : torch::zeros(mask.sizes(), x.options()).masked_fill_(mask, -1e9);
    for (int64_t i = 0; i < m_options.layers; ++i) {
        const auto q = m_attentionNorms[i]->as<torch::nn::LayerNorm>()->forward(x);
        auto *block = m_attention[i]->as<CausalSelfAttention>();
        if (record) {
            auto [k, v] = block->keysValues(x);
            record->keys.push_back(k);
            record->values.push_back(v);
        }
        torch::Tensor w;
        x = q + (after ? block->forwardAfter(q, x, after->keys[static_cast<std::size_t>(i)], after->values[static_cast<std::size_t>(i)], mask)
                       : block->forward(q, x, bias, attention ? &w : nullptr));
        if (attention)
            attention->push_back(w);
        const auto y = m_ffnNorms[i]->as<torch::nn::LayerNorm>()->forward(x);
        const auto inner = m_ffn1[i]->as<torch::nn::Linear>()->forward(y);
        auto f = m_ffn2[i]->as<torch::nn::Linear>()->forward(m_dropout(m_options.gelu ? torch::gelu(inner) : torch::relu(inner)));
        x = (y + m_dropout(f)) * keep;
    }
    return m_lastNorm(x);
}

PrefixStates SasRecImpl::encodePrefix(const torch::Tensor &vectors, const torch::Tensor &positions) {
    TORCH_CHECK(m_options.causal, "a prefix is shared only by a causal model");
    const auto l = vectors.size(1);
    const auto mask = torch::ones({l, l}, positions.options().dtype(torch::kBool)).triu(1);
    PrefixStates p;
    const auto out = blocks(embed(vectors, positions), torch::ones({1, l, 1}, vectors.options()), mask, nullptr, nullptr, &p);
    p.last = out.select(1, l - 1);
    return p;
}

torch::Tensor SasRecImpl::encodeAfter(const PrefixStates &prefix, const torch::Tensor &vectors, const torch::Tensor &positions) {
    TORCH_CHECK(m_options.causal, "a prefix is shared only by a causal model");
    const auto l = vectors.size(1);
    const auto mask = torch::ones({l, l}, positions.options().dtype(torch::kBool)).triu(1);
    return blocks(embed(vectors, positions), torch::ones({1, l, 1}, vectors.options()), mask, nullptr, &prefix);
}

torch::Tensor SasRecImpl::score(const torch::Tensor &hidden, const torch::Tensor &items) {
    // hidden [B, L, H] with items [B, L] -> [B, L]; hidden [B, 1, H] with items [B, N] -> [B, N].
    const auto e = m_items(items);
    if (hidden.size(1) == items.size(1) && hidden.size(1) != 1)
        return (hidden * e).sum(-1);
    return torch::matmul(e, hidden.transpose(1, 2)).squeeze(-1);
}

} // namespace recscope::engine
