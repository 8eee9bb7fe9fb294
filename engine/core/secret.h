// SPDX-License-Identifier: GPL-3.0-or-later
// Key material in locked memory: never swapped out, guarded against overruns and wiped when freed
// (libsodium's sodium_malloc). Std-only header; libsodium stays in the .cpp.
#pragma once

#include <cstddef>
#include <string>

namespace recscope::engine {

// A fixed-size secret (a key, a passphrase). Move-only; the bytes are wiped on destruction.
// Not thread-safe to mutate; const reads from many threads are fine.
class SecretBytes {
public:
    SecretBytes() = default;
    explicit SecretBytes(std::size_t size);         // zero-filled
    SecretBytes(const void *data, std::size_t size); // a copy
    ~SecretBytes();
    SecretBytes(SecretBytes &&other) noexcept;
    SecretBytes &operator=(SecretBytes &&other) noexcept;
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;

    // Fresh random bytes from the operating system.
    static SecretBytes random(std::size_t size);
    // Takes the text of `text` and wipes the string it came from.
    static SecretBytes takeString(std::string &text);

    unsigned char *data() { return m_data; }
    const unsigned char *data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    // Constant-time comparison.
    bool equals(const SecretBytes &other) const;

private:
    unsigned char *m_data = nullptr;
    std::size_t m_size = 0;
};

// libsodium ready for use; throws EngineError(Io) when it cannot start. Idempotent, thread-safe.
void requireSodium();

// Overwrites a string's characters (a passphrase read from a file or a dialog) before it is freed.
void wipeString(std::string &text);

} // namespace recscope::engine
