// SPDX-License-Identifier: GPL-3.0-or-later
// HMAC-SHA256 pseudonyms through libsodium.
#include "engine/data/pseudonymizer.h"

#include "engine/core/errors.h"

#include <sodium.h>

namespace recscope::engine {

namespace {
void checkLength(std::size_t n) {
    if (n != crypto_auth_hmacsha256_KEYBYTES)
        throw EngineError(ErrorKind::Project, "a pseudonymization key has 32 bytes, not " + std::to_string(n));
}
} // namespace

Pseudonymizer::Pseudonymizer(const SecretBytes &key) : m_key(key.data(), key.size()) { checkLength(m_key.size()); }

Pseudonymizer::Pseudonymizer(std::vector<unsigned char> key) : m_key(key.data(), key.size()) {
    if (!key.empty())
        sodium_memzero(key.data(), key.size());
    checkLength(m_key.size());
}

std::string Pseudonymizer::pseudonym(std::string_view rawId) const {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, m_key.data(), m_key.size());
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char *>(rawId.data()), rawId.size());
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_memzero(&st, sizeof st);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, mac, 16);
    return std::string("u_") + hex;
}

} // namespace recscope::engine
