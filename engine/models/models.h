// SPDX-License-Identifier: GPL-3.0-or-later
// The models behind a run, built from its configuration (engine-private, includes torch):
// the transformers, BPR-MF and item-kNN, their checkpoints, and what a transformer reads to
// score the next item. Shared by training, scoring and evaluation.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/models/ is private to the engine: use engine/evaluation/runscorer.h or engine/training/trainer.h"
#endif

#include "engine/models/sasrec.h"
#include "engine/models/textrec.h"

#include <torch/nn/init.h>
#include <torch/serialize.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace recscope::engine {

class Progress;
struct TrainConfig;

namespace detail {

struct Split;

SasRecOptions sequenceOptions(const TrainConfig &c, std::int64_t numItems);
SasRec makeTransformer(const TrainConfig &c, std::int64_t numItems);
TextRec makeTextRec(const TrainConfig &c, std::int64_t numItems, const TextTokenizer &tokenizer,
                    const std::vector<std::string> &texts);
TextRec makeTextRec(const TrainConfig &c, std::int64_t numItems, const EncodedCatalog &catalog);

template <typename Holder>
std::string serialize(Holder &model) {
    std::ostringstream out;
    torch::serialize::OutputArchive archive;
    model->save(archive);
    archive.save_to(out);
    return out.str();
}

// Int8 checkpoints (recscope-cli compress --quantize int8): every matrix of the module stored
// per row (output channel) as int8 with a float scale, everything else as float32.
std::string quantizeInt8(torch::nn::Module &module);
bool isQuantized(const std::string &state);
// Magnitude pruning in place. Unstructured: the `fraction` of smallest-magnitude entries over all
// weight matrices together are set to zero. By head: that fraction of the attention heads (of
// `heads` per layer; the smallest by the norm of their value and output weights) is cut by
// zeroing its value rows and output columns. Returns the share of matrix entries now zero.
double pruneUnstructured(torch::nn::Module &module, double fraction);
double pruneHeads(torch::nn::Module &module, int heads, double fraction);
// Reads an int8 checkpoint back into the module's float weights.
void loadQuantized(torch::nn::Module &module, const std::string &state);

template <typename Holder>
void deserialize(Holder &model, const std::string &state) {
    if (isQuantized(state)) {
        loadQuantized(*model, state);
        return;
    }
    // Checkpoints are device-neutral: their tensors land where the model's are.
    const auto params = model->parameters();
    std::istringstream in(state);
    torch::serialize::InputArchive archive;
    archive.load_from(in, params.empty() ? torch::Device(torch::kCPU) : params.front().device());
    model->load(archive);
}

// What a transformer reads to score the next item: SASRec the history itself, BERT4Rec the
// history followed by [MASK] (the position whose item it predicts).
// `width` <= maxlen is the batch's input length (its longest input).
void fillScoringInput(const TrainConfig &c, const std::vector<std::int32_t> &seq, std::int32_t extra, std::int64_t numItems,
                      std::int64_t width, std::int64_t *out);
// The input length a history needs (clamped to maxlen); `extra`: one more item appended.
std::int64_t scoringLength(const TrainConfig &c, std::size_t history, bool extra);

} // namespace detail
} // namespace recscope::engine
