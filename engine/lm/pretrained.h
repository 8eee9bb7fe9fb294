// SPDX-License-Identifier: GPL-3.0-or-later
// What a pretrained encoder folder holds, as a form describes it before a run. Std-only.
#pragma once

#include <cstdint>
#include <string>

namespace recscope::engine {

struct PretrainedInfo {
    std::int64_t layers = 0, hidden = 0, heads = 0, vocabulary = 0, maxPositions = 0;
    bool lowercase = true; // the tokenizer lower-cases (an "uncased" model)
};

// Reads config.json and the tokenizer (not the weights): the checks loadPretrainedEncoder makes
// before it reads them. Throws EngineError(BadInput) naming the folder or file, as training would;
// the trainer refuses a run with it before the run is recorded.
PretrainedInfo inspectPretrainedFolder(const std::string &folder);

} // namespace recscope::engine
