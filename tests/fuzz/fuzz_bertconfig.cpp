// SPDX-License-Identifier: GPL-3.0-or-later
// A pretrained encoder's config.json and sentence-transformers' 1_Pooling/config.json.
#include "fuzzsupport.h"

#include "engine/lm/bertconfig.h"

using namespace recscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const auto files = fuzz::parts(data, size, 2);
    fuzz::Scratch s;
    const auto config = s.write("config.json", files[0]);
    fuzz::refusalsOnly([&] {
        const auto c = engine::BertConfig::fromFile(config);
        // What the model is built from: positive sizes, heads dividing the width.
        if (c.hidden <= 0 || c.heads <= 0 || c.hidden % c.heads != 0 || c.layers <= 0 || c.vocabulary <= 0)
            __builtin_trap();
    });
    if (files.size() > 1) {
        const auto pooling = s.write("1_Pooling/config.json", files[1]);
        fuzz::refusalsOnly([&] { engine::poolingFromFile(pooling); });
    }
    return 0;
}
