// SPDX-License-Identifier: GPL-3.0-or-later
// A BERT-family checkpoint's settings as its Hugging Face folder states them (config.json and
// sentence-transformers' 1_Pooling/config.json), read and checked without torch.
#pragma once

#include <cstdint>
#include <string>

namespace recscope::engine {

struct BertConfig {
    std::int64_t vocabulary = 0, hidden = 0, layers = 0, heads = 0, intermediate = 0;
    std::int64_t maxPositions = 512, tokenTypes = 2;
    double eps = 1e-12, dropout = 0.1, attentionDropout = 0.1;
    std::string activation = "gelu"; // gelu (erf), gelu_new / gelu_pytorch_tanh (tanh), relu

    // A Hugging Face config.json. Throws EngineError(BadInput) naming the file and the key for an
    // architecture other than BERT, a missing size, a value of the wrong type or settings RecScope
    // does not implement.
    static BertConfig fromFile(const std::string &path);
};

// How a text's token states become one vector: their mean over the real tokens
// (sentence-transformers' default) or the [CLS] token's state.
enum class Pooling { Mean, Cls };

// sentence-transformers' 1_Pooling/config.json: Cls when it pools the [CLS] token only.
Pooling poolingFromFile(const std::string &path);

} // namespace recscope::engine
