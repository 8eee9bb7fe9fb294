// SPDX-License-Identifier: GPL-3.0-or-later
// Keyed pseudonyms for user ids (HMAC-SHA256 from libsodium), so raw ids are never stored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace recscope::engine {

// Thread-safe after construction. The same key and id always give the same pseudonym, so
// two imports into one project agree; without the key the raw id cannot be recovered or
// tested against guesses.
class Pseudonymizer {
public:
    explicit Pseudonymizer(std::vector<unsigned char> key);
    ~Pseudonymizer();
    // "u_" followed by the first 128 bits of HMAC-SHA256(key, id) in hex.
    std::string pseudonym(std::string_view rawId) const;

private:
    std::vector<unsigned char> m_key;
};

} // namespace recscope::engine
