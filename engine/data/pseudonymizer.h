// SPDX-License-Identifier: GPL-3.0-or-later
// Keyed pseudonyms for user ids (HMAC-SHA256 from libsodium), so raw ids are never stored.
#pragma once

#include "engine/core/secret.h"

#include <string>
#include <string_view>
#include <vector>

namespace recscope::engine {

// Thread-safe after construction. The same key and id always give the same pseudonym, so
// two imports with one key agree; without the key the raw id cannot be recovered or tested
// against guesses. The key is held in locked memory and wiped with the object.
class Pseudonymizer {
public:
    explicit Pseudonymizer(const SecretBytes &key);
    explicit Pseudonymizer(std::vector<unsigned char> key); // the vector is wiped
    // "u_" followed by the first 128 bits of HMAC-SHA256(key, id) in hex.
    std::string pseudonym(std::string_view rawId) const;

private:
    SecretBytes m_key;
};

} // namespace recscope::engine
