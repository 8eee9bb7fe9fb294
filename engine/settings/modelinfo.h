// SPDX-License-Identifier: GPL-3.0-or-later
// The models RecScope trains and what each can do: one table that training, scoring,
// explanations and the screens ask instead of comparing model names. Std-only.
#pragma once

#include "engine/core/enumnames.h"

#include <string_view>
#include <vector>

namespace recscope::engine {

enum class ModelKind { Popularity, ItemKnn, BprMf, BiasedMf, SasRec, Bert4Rec, TextRec };

template <>
struct EnumNames<ModelKind> {
    static constexpr std::pair<ModelKind, std::string_view> values[] = {
        {ModelKind::Popularity, "pop"}, {ModelKind::ItemKnn, "itemknn"},   {ModelKind::BprMf, "bprmf"},      {ModelKind::BiasedMf, "biasedmf"},
        {ModelKind::SasRec, "sasrec"},  {ModelKind::Bert4Rec, "bert4rec"}, {ModelKind::TextRec, "textrec"}};
};

struct ModelInfo {
    ModelKind kind;
    std::string_view key;  // as stored with runs and given to --model
    std::string_view name; // in English; the UI has its own words
    bool trained;          // learns weights over epochs (checkpoints, optimiser, fine-tuning, int8)
    bool transformer;      // reads the history with self-attention: attention views, heads, DP-SGD
    bool bidirectional;    // BERT4Rec: reads a [MASK] after the history, both ways (no causal reuse)
    bool readsText;        // the text model: a tokenizer, item words as explanation players
    bool scoresByUser;     // BPR-MF: one vector per training user (cannot score unseen users)
    bool vectors;          // scores by a dot product of a user's and an item's vector: embeddings export
    bool ratings;          // biased MF: predicts explicit ratings (MSE; early stopping and RMSE/MAE on them)
};

// Every model, in the order the screens list them.
const std::vector<ModelInfo> &allModels();
const ModelInfo &modelInfo(ModelKind kind);
// Throws EngineError(Usage) naming the models there are.
const ModelInfo &modelInfo(std::string_view key);
// Null for a name that is no model.
const ModelInfo *findModel(std::string_view key);

} // namespace recscope::engine
