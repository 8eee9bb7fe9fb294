// SPDX-License-Identifier: GPL-3.0-or-later
// What a pretrained encoder read from a catalog's item text, for the text model (row = item index
// + 1). Frozen: each row's pooled vector, and the model trains an adaptor over them (UniSRec-style).
// Fine-tuned: each row's token states after the encoder's frozen lower layers, and the model runs
// its own trained copies of the last layers over them. Kept in the project (Project::encoderCache)
// so that runs, sweeps and scoring do not read the catalog again. Engine-private: includes torch.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/models/ is private to the engine"
#endif

#include "engine/lm/bert.h"

#include <string>
#include <vector>

namespace recscope::engine {

class Progress;

struct EncodedCatalog {
    BertConfig config; // the encoder's
    Pooling pooling = Pooling::Mean;
    std::int64_t tunedLayers = 0;
    torch::Tensor vectors;      // frozen: [items + 1, D]
    torch::Tensor states, mask; // fine-tuned: [items + 1, T, D] (rounded to half precision, as
                                // stored), [items + 1, T] (1 = a real token)

    bool frozen() const { return tunedLayers == 0; }
    std::string serialize() const;
    // Throws EngineError(Project) for a damaged cache.
    static EncodedCatalog deserialize(const std::string &state);
};

// The cache key: the encoder's fingerprint, how it reads (text length, layers left to train) and
// a hash of the texts themselves.
std::string encodedCatalogKey(const std::string &fingerprint, const std::vector<std::string> &texts, int textLength, int tunedLayers);

// Reads every text (batches of 64, reporting Stage::EncodingItems, cancellable) through the
// encoder's layers below the last `tunedLayers`. Throws EngineError(Usage) when the encoder has
// no more layers than that.
EncodedCatalog encodeCatalog(PretrainedEncoder &encoder, const std::vector<std::string> &texts, int textLength, int tunedLayers,
                             Progress &progress);

} // namespace recscope::engine
