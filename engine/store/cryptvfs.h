// SPDX-License-Identifier: GPL-3.0-or-later
// An SQLite VFS that encrypts and authenticates every page of a project file, its WAL and its
// rollback journal (XChaCha20-Poly1305, libsodium), on top of the system's default VFS. Internal
// to engine/store: callers use engine/store/encryption.h.
//
// File layout: a 4096-byte header of our own (magic, Argon2id parameters and salt, a key check, a
// checksum), then SQLite's pages. Each page keeps its last 40 bytes (SQLite's "reserved" bytes,
// set when the file is created) for a random 24-byte nonce and the 16-byte tag; the associated
// data binds a page to its number, so pages cannot be swapped. The -shm file holds only page and
// frame numbers and stays as SQLite writes it; temporary files are kept in memory (temp_store).
#pragma once

#include "engine/core/secret.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace recscope::engine::cryptvfs {

inline constexpr const char *kVfsName = "recscope-crypt";
inline constexpr int kPageSize = 4096;
inline constexpr int kReserveBytes = 40; // nonce (24) + tag (16)
inline constexpr std::size_t kHeaderBytes = 4096;

// The header at the start of an encrypted file.
struct Header {
    std::uint32_t version = 1;
    std::uint32_t pageSize = kPageSize;
    std::uint32_t reserveBytes = kReserveBytes;
    std::uint32_t kdfAlgorithm = 0;   // crypto_pwhash_ALG_ARGON2ID13
    std::uint64_t opsLimit = 0;
    std::uint64_t memLimit = 0;
    std::array<unsigned char, 16> salt{};
    std::array<unsigned char, 32> keyCheck{}; // a subkey of the master key: tells a wrong passphrase

    std::array<unsigned char, kHeaderBytes> serialize() const;
    // Reads a header; nullopt when the bytes do not start with the magic. Throws EngineError(Project)
    // naming `path` when the magic is there but the header is damaged or unsupported.
    static std::optional<Header> parse(const unsigned char *bytes, std::size_t size, const std::string &path);
};

// What the VFS needs to read and write one file: the page key and the header it was derived with.
struct FileKey {
    SecretBytes pageKey; // 32 bytes, locked memory
    Header header;
};

// Registers the VFS with SQLite (once; thread-safe).
void ensureRegistered();
// The name SQLite will pass to the VFS for `path` (absolute, symbolic links resolved).
std::string canonicalPath(const std::string &path);
// Keys by canonical path of the main database file; the WAL and journal use their database's.
void setKey(const std::string &canonical, std::shared_ptr<const FileKey> key);
std::shared_ptr<const FileKey> key(const std::string &canonical);
void removeKey(const std::string &canonical);

} // namespace recscope::engine::cryptvfs
