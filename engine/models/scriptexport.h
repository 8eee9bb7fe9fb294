// SPDX-License-Identifier: GPL-3.0-or-later
// A transformer run as a TorchScript program (engine-private): the SASRec blocks written out in
// TorchScript with the run's weights, its item table and item ids, saved with
// torch::jit::Module::save so that a service loads it with torch.jit.load (Python) or
// torch::jit::load (C++) and no RecScope code.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/models/ is private to the engine: use engine/export/exports.h"
#endif

#include "engine/models/sasrec.h"

#include <string>
#include <vector>

namespace recscope::engine::detail {

// `model` reads rows of `inputs` (item index + 1; 0 is padding; BERT4Rec's [MASK] is the row
// after the last item) and scores against `outputs` ([numItems, H], item order). Writes `file`.
void saveTransformerScript(SasRecImpl &model, const torch::Tensor &inputs, const torch::Tensor &outputs, const std::vector<std::string> &itemIds,
                           const std::string &file);

} // namespace recscope::engine::detail
