// SPDX-License-Identifier: GPL-3.0-or-later
// A pretrained encoder's model.safetensors: its length-prefixed JSON header and the byte ranges
// it claims, checked against the file's size before anything is allocated from them.
#include "fuzzsupport.h"

#include "engine/lm/safetensorsheader.h"

#include <sstream>

using namespace recscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char *>(data), size));
    fuzz::refusalsOnly([&] {
        const auto header = engine::readSafeTensorsHeader(in, size, "model.safetensors");
        for (const auto &t : header.tensors) {
            // What safetensors.cpp relies on before it allocates and reads.
            std::uint64_t count = 1;
            for (auto d : t.shape)
                count *= static_cast<std::uint64_t>(d);
            if (t.end - t.begin != count * t.elementSize || header.dataStart + t.end > size)
                __builtin_trap();
        }
    });
    return 0;
}
