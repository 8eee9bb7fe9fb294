// SPDX-License-Identifier: GPL-3.0-or-later
// A word of an item's text as a text model reads it: the word and its tokenizer pieces, in order.
// Std-only; shared by the text model (models/) and the scorer's public interface (evaluation/).
#pragma once

#include <string>
#include <vector>

namespace recscope::engine {

struct TextWord {
    std::string text;
    std::vector<int> pieces; // token ids
};

} // namespace recscope::engine
