// SPDX-License-Identifier: GPL-3.0-or-later
// The layout of an int8 checkpoint (recscope-cli compress --quantize int8), read and checked
// without torch: "RSQ8", a count, then per tensor its name, shape and either float32 values or,
// for a matrix, a float32 scale per row followed by int8 values. All numbers little-endian.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace recscope::engine::detail {

inline constexpr std::string_view kInt8Magic = "RSQ8";

struct Int8Entry {
    std::string name;
    std::vector<std::int64_t> shape;
    bool matrix = false;       // int8 values with a float32 scale per row; else float32 values
    std::size_t elements = 0;  // product of the shape
    std::size_t scales = 0;    // offset of the row scales (matrix only)
    std::size_t values = 0;    // offset of the values
};

bool isInt8Checkpoint(std::string_view state);

// Every entry of `state`, each checked to lie inside it: a matrix has two dimensions, no size is
// negative, no element count overflows. Throws EngineError(Project) saying what is wrong.
std::vector<Int8Entry> readInt8Checkpoint(std::string_view state);

} // namespace recscope::engine::detail
