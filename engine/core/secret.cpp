// SPDX-License-Identifier: GPL-3.0-or-later
// SecretBytes over sodium_malloc / sodium_free.
#include "engine/core/secret.h"

#include "engine/core/errors.h"

#include <sodium.h>

#include <cstring>
#include <utility>

namespace recscope::engine {

void requireSodium() {
    if (sodium_init() < 0)
        throw EngineError(ErrorKind::Io, "libsodium could not be initialised");
}

void wipeString(std::string &text) {
    if (!text.empty())
        sodium_memzero(text.data(), text.size());
    text.clear();
}

SecretBytes::SecretBytes(std::size_t size) {
    if (size == 0)
        return;
    requireSodium();
    m_data = static_cast<unsigned char *>(sodium_malloc(size));
    if (!m_data)
        throw EngineError(ErrorKind::Io, "cannot allocate locked memory for key material");
    m_size = size;
    sodium_memzero(m_data, m_size);
}

SecretBytes::SecretBytes(const void *data, std::size_t size) : SecretBytes(size) {
    if (size)
        std::memcpy(m_data, data, size);
}

SecretBytes::~SecretBytes() {
    if (m_data)
        sodium_free(m_data); // wipes before it frees
}

SecretBytes::SecretBytes(SecretBytes &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)) {}

SecretBytes &SecretBytes::operator=(SecretBytes &&other) noexcept {
    if (this != &other) {
        if (m_data)
            sodium_free(m_data);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecretBytes SecretBytes::random(std::size_t size) {
    SecretBytes s(size);
    randombytes_buf(s.m_data, size);
    return s;
}

SecretBytes SecretBytes::takeString(std::string &text) {
    SecretBytes s(text.data(), text.size());
    wipeString(text);
    return s;
}

bool SecretBytes::equals(const SecretBytes &other) const {
    return m_size == other.m_size && (m_size == 0 || sodium_memcmp(m_data, other.m_data, m_size) == 0);
}

} // namespace recscope::engine
