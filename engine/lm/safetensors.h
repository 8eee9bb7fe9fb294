// SPDX-License-Identifier: GPL-3.0-or-later
// Hugging Face's safetensors files: an 8-byte little-endian header length, a JSON header naming
// each tensor's dtype, shape and byte range, then the raw data. Engine-private: includes torch.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/lm/ is private to the engine"
#endif

#include <torch/torch.h>

#include <map>
#include <string>

namespace recscope::engine {

// Every tensor of `path` by name: floating-point ones (F64, F32, F16, BF16) as float32, integer
// ones as int64. Throws EngineError(BadInput) naming the file (and the tensor) for a truncated
// file, a damaged header, an unknown dtype or a byte range that does not fit the shape.
std::map<std::string, torch::Tensor> readSafeTensors(const std::string &path);

} // namespace recscope::engine
