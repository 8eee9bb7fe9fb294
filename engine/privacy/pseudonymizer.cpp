// SPDX-License-Identifier: GPL-3.0-or-later
// HMAC-SHA256 pseudonyms through libsodium.
#include "engine/privacy/pseudonymizer.h"

#include "engine/core/errors.h"

#include <sodium.h>

namespace recscope::engine {

Pseudonymizer::Pseudonymizer(std::vector<unsigned char> key) : m_key(std::move(key)) {
    if (sodium_init() < 0)
        throw EngineError(ErrorKind::Io, "libsodium could not be initialised");
    if (m_key.size() != crypto_auth_hmacsha256_KEYBYTES)
        throw EngineError(ErrorKind::Project, "the project's pseudonymization key has the wrong length");
}

Pseudonymizer::~Pseudonymizer() { sodium_memzero(m_key.data(), m_key.size()); }

std::string Pseudonymizer::pseudonym(std::string_view rawId) const {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, m_key.data(), m_key.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char *>(rawId.data()), rawId.size());
    crypto_auth_hmacsha256_final(&st, mac);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, mac, 16);
    return std::string("u_") + hex;
}

} // namespace recscope::engine
