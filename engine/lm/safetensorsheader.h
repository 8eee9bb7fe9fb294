// SPDX-License-Identifier: GPL-3.0-or-later
// The header of a Hugging Face safetensors file, read and checked without torch: an 8-byte
// little-endian header length, then a JSON object naming each tensor's dtype, shape and byte
// range in the data that follows. safetensors.cpp turns the checked entries into tensors.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace recscope::engine {

struct SafeTensorEntry {
    std::string name;
    std::string dtype;        // F64, F32, F16, BF16, I64, I32, I16, I8, U8 or BOOL
    std::size_t elementSize;  // bytes per element of dtype
    std::vector<std::int64_t> shape;
    std::uint64_t begin, end; // byte range within the data section; end - begin is the tensor's size
};

struct SafeTensorsHeader {
    std::uint64_t dataStart = 0; // where the data section starts in the file
    std::vector<SafeTensorEntry> tensors;
};

// Reads the header from the start of `in` (a file of `fileSize` bytes at `path`, named in errors).
// Every entry is checked: a known dtype, a shape of sizes whose element count does not overflow,
// and a byte range inside the data that holds exactly that many elements. Throws
// EngineError(BadInput) naming the file and the tensor otherwise.
SafeTensorsHeader readSafeTensorsHeader(std::istream &in, std::uint64_t fileSize, const std::string &path);

} // namespace recscope::engine
