// SPDX-License-Identifier: GPL-3.0-or-later
// A stored int8 checkpoint (checkpoints.state of a compressed run): every entry must lie inside
// the blob before the loader copies from it.
#include "fuzzsupport.h"

#include "engine/models/int8format.h"

using namespace recscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view state(reinterpret_cast<const char *>(data), size);
    fuzz::refusalsOnly([&] {
        for (const auto &e : engine::detail::readInt8Checkpoint(state)) {
            const std::size_t bytes = e.matrix ? e.elements : e.elements * sizeof(float);
            if (e.values + bytes > size || (e.matrix && (e.shape.size() != 2 || e.scales + e.shape[0] * sizeof(float) > e.values)))
                __builtin_trap();
        }
    });
    return 0;
}
