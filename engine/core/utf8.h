// SPDX-License-Identifier: GPL-3.0-or-later
// UTF-8 checks for text that reaches JSON, the database or a message: valid, or made so.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace recscope::engine {

bool isValidUtf8(std::string_view s);
// `s` with every invalid sequence replaced by U+FFFD (unchanged when already valid).
std::string toValidUtf8(std::string_view s);
// At most `maxBytes` of `s`, cut at a character boundary ("…" added when cut), made valid.
std::string utf8Prefix(std::string_view s, std::size_t maxBytes);
// A field value as messages quote it: '…' around its first 40 bytes.
std::string quotedValue(std::string_view s);
// Names people give (datasets, runs) must be valid UTF-8: throws EngineError(Usage) saying so,
// with the name shown with its bad bytes replaced.
void requireUtf8Name(std::string_view name, std::string_view what);

} // namespace recscope::engine
