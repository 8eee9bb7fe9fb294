// SPDX-License-Identifier: GPL-3.0-or-later
// A pretrained encoder's tokenizer folder on fuzzed files (vocab.txt, tokenizer_config.json,
// tokenizer.json), then the tokenizer on fuzzed text.
#include "fuzzsupport.h"

#include "engine/lm/wordpiece.h"

using namespace recscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const auto files = fuzz::parts(data, size, 4);
    fuzz::Scratch s;
    s.write("vocab.txt", files[0]);
    if (files.size() > 1 && !files[1].empty())
        s.write("tokenizer_config.json", files[1]);
    if (files.size() > 2 && !files[2].empty())
        s.write("tokenizer.json", files[2]);
    const std::string_view text = files.size() > 3 ? files[3] : files[0];
    fuzz::refusalsOnly([&] {
        const auto tokenizer = engine::WordPieceTokenizer::fromFolder(s.dir().string());
        tokenizer.tokenize(text);
        tokenizer.encodeForModel(text, 32);
    });
    return 0;
}
