// SPDX-License-Identifier: GPL-3.0-or-later
// Passphrases to keys, the keys this process holds, and whole-file conversions (VACUUM INTO).
#include "engine/store/encryption.h"

#include "engine/core/errors.h"
#include "engine/core/secret.h"
#include "engine/store/cryptvfs.h"
#include "engine/store/project.h"
#include "engine/store/sqlitedb.h"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <vector>

namespace recscope::engine {

namespace fs = std::filesystem;

namespace {

struct Session {
    std::optional<SecretBytes> passphrase;
    KdfCost cost;
    std::optional<SecretBytes> workerKey; // a page key handed down by the process that unlocked the project
};
std::mutex g_sessionMutex;
Session g_session;

// Argon2id over the passphrase, then two subkeys: one encrypts pages, one is stored as the check.
std::shared_ptr<cryptvfs::FileKey> deriveKey(const SecretBytes &passphrase, cryptvfs::Header header,
                                             std::array<unsigned char, 32> &check) {
    requireSodium();
    SecretBytes master(32);
    if (crypto_pwhash(master.data(), master.size(), reinterpret_cast<const char *>(passphrase.data()), passphrase.size(),
                      header.salt.data(), header.opsLimit, static_cast<std::size_t>(header.memLimit),
                      static_cast<int>(header.kdfAlgorithm)) != 0)
        throw EngineError(ErrorKind::Io, "not enough memory to derive the project key (Argon2id needs " +
                                             std::to_string(header.memLimit >> 20) + " MiB)");
    auto key = std::make_shared<cryptvfs::FileKey>();
    key->pageKey = SecretBytes(32);
    crypto_kdf_derive_from_key(key->pageKey.data(), key->pageKey.size(), 1, "RSpages_", master.data());
    crypto_kdf_derive_from_key(check.data(), check.size(), 2, "RScheck_", master.data());
    key->header = header;
    return key;
}

std::shared_ptr<const cryptvfs::FileKey> newKey(const SecretBytes &passphrase, const KdfCost &cost) {
    if (passphrase.empty())
        throw EngineError(ErrorKind::Usage, "a passphrase cannot be empty");
    requireSodium();
    cryptvfs::Header h;
    h.kdfAlgorithm = crypto_pwhash_ALG_ARGON2ID13;
    h.opsLimit = cost.opsLimit;
    h.memLimit = cost.memLimit;
    randombytes_buf(h.salt.data(), h.salt.size());
    std::array<unsigned char, 32> check{};
    auto key = deriveKey(passphrase, h, check);
    key->header.keyCheck = check;
    return key;
}

std::optional<cryptvfs::Header> readHeader(const std::string &path) {
    const auto bytes = readDatabaseStart(path, cryptvfs::kHeaderBytes);
    if (!bytes)
        return std::nullopt;
    std::array<unsigned char, cryptvfs::kHeaderBytes> header{};
    std::copy(bytes->begin(), bytes->end(), header.begin());
    return cryptvfs::Header::parse(header.data(), bytes->size(), path);
}

void unlockWith(const std::string &path, const SecretBytes &passphrase) {
    const auto header = readHeader(path);
    if (!header)
        throw EngineError(ErrorKind::Usage, "the project is not encrypted", {path});
    std::array<unsigned char, 32> check{};
    auto key = deriveKey(passphrase, *header, check);
    if (sodium_memcmp(check.data(), header->keyCheck.data(), check.size()) != 0)
        throw EngineError(ErrorKind::Passphrase, "wrong passphrase for this encrypted project", {path});
    cryptvfs::setKey(cryptvfs::canonicalPath(path), std::move(key));
}

// A URI naming `path` with a VFS, quoted for SQL, for VACUUM INTO.
std::string vacuumTarget(const std::string &path, const char *vfs) {
    std::string uri = "file:";
    const std::string absolute = fs::absolute(path).string();
    for (const unsigned char c : absolute) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
            uri += static_cast<char>(c);
        } else {
            static const char hex[] = "0123456789ABCDEF";
            uri += '%';
            uri += hex[c >> 4];
            uri += hex[c & 15];
        }
    }
    uri += std::string("?vfs=") + vfs;
    std::string quoted = "'";
    for (const char c : uri)
        quoted += c == '\'' ? std::string("''") : std::string(1, c);
    return quoted + "'";
}

// A place for the converted copy beside the project; an old one left by a kill is removed.
std::string scratchPath(const std::string &path, const char *what) {
    const std::string p = path + "." + what;
    std::error_code ec;
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(p + suffix, ec);
    return p;
}

// The last connection to close a WAL database deletes its -wal file: one still there means another
// program has the project open, and a rename under it would lose what it writes.
void requireClosedElsewhere(const std::string &path) {
    std::error_code ec;
    if (fs::exists(path + "-wal", ec) || fs::exists(path + "-journal", ec))
        throw EngineError(ErrorKind::Project, "the project is in use by another program: close it there first", {path});
}

// Copies `path` into `target` through `vfs`, checks the copy, then renames it over `path`.
void copyAndReplace(const std::string &path, bool fromEncrypted, const std::string &target, const char *vfs) {
    requireClosedElsewhere(path);
    {
        SqliteDb source(path, SqliteDb::Mode::OpenExisting, fromEncrypted);
        if (source.queryInt("PRAGMA page_size") != cryptvfs::kPageSize)
            throw EngineError(ErrorKind::Project, "only projects with 4096-byte pages can be encrypted", {path});
        // VACUUM INTO keeps the largest reserve asked for: the copy gets room for nonce and tag.
        int reserve = cryptvfs::kReserveBytes;
        sqlite3_file_control(source.handle(), "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
        source.exec("VACUUM INTO " + vacuumTarget(target, vfs));
    }
    {
        SqliteDb copy(target, SqliteDb::Mode::OpenExisting, std::string(vfs) == cryptvfs::kVfsName);
        const auto check = copy.queryText("PRAGMA integrity_check");
        if (!check || *check != "ok")
            throw EngineError(ErrorKind::Project, "the converted copy failed its integrity check; the project is unchanged", {path});
    }
    requireClosedElsewhere(path);
    std::error_code ec;
    fs::rename(target, path, ec);
    if (ec)
        throw EngineError(ErrorKind::Io, "cannot replace the project with its converted copy: " + ec.message(), {path});
}

// The whole project written anew through `vfs` (encrypted with `key` when given) beside it, then
// renamed over it; the copy is removed on failure, and the key serves `path` afterwards.
void rewriteProject(const std::string &path, bool fromEncrypted, const char *what, const char *vfs,
                    std::shared_ptr<const cryptvfs::FileKey> key) {
    const std::string target = scratchPath(path, what);
    const std::string targetName = cryptvfs::canonicalPath(target);
    if (key)
        cryptvfs::setKey(targetName, key);
    try {
        copyAndReplace(path, fromEncrypted, target, vfs);
    } catch (...) {
        cryptvfs::removeKey(targetName);
        scratchPath(path, what);
        throw;
    }
    cryptvfs::removeKey(targetName);
    if (key)
        cryptvfs::setKey(cryptvfs::canonicalPath(path), std::move(key));
}

} // namespace

KdfCost KdfCost::moderate() { return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE}; }
KdfCost KdfCost::interactive() { return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE}; }
KdfCost KdfCost::minimal() { return {crypto_pwhash_OPSLIMIT_MIN, 64 * 1024}; }

bool isEncryptedProjectFile(const std::string &path) { return readHeader(path).has_value(); }

void unlockProject(const std::string &path, std::string passphrase) {
    const SecretBytes p = SecretBytes::takeString(passphrase);
    unlockWith(path, p);
}

bool isProjectUnlocked(const std::string &path) { return cryptvfs::key(cryptvfs::canonicalPath(path)) != nullptr; }

void lockProject(const std::string &path) { cryptvfs::removeKey(cryptvfs::canonicalPath(path)); }

void setSessionPassphrase(std::string passphrase, KdfCost cost) {
    std::lock_guard lock(g_sessionMutex);
    g_session.passphrase = SecretBytes::takeString(passphrase);
    g_session.cost = cost;
}

void clearSessionPassphrase() {
    std::lock_guard lock(g_sessionMutex);
    g_session.passphrase.reset();
}

bool hasSessionPassphrase() {
    std::lock_guard lock(g_sessionMutex);
    return g_session.passphrase.has_value();
}

SecretBytes workerKeyOf(const std::string &path) {
    const auto key = cryptvfs::key(cryptvfs::canonicalPath(path));
    if (!key)
        throw EngineError(ErrorKind::Passphrase, "the project is encrypted and not unlocked here", {path});
    SecretBytes hex(key->pageKey.size() * 2 + 1);
    sodium_bin2hex(reinterpret_cast<char *>(hex.data()), hex.size(), key->pageKey.data(), key->pageKey.size());
    return SecretBytes(hex.data(), hex.size() - 1); // without the terminating zero
}

void setSessionWorkerKey(SecretBytes hexKey) {
    requireSodium();
    SecretBytes key(32);
    std::size_t got = 0;
    if (hexKey.size() != 64 || sodium_hex2bin(key.data(), key.size(), reinterpret_cast<const char *>(hexKey.data()), hexKey.size(), nullptr,
                                              &got, nullptr) != 0 || got != key.size())
        throw EngineError(ErrorKind::Usage, "the project key handed to this process is not one (64 hexadecimal digits)");
    std::lock_guard lock(g_sessionMutex);
    g_session.workerKey = std::move(key);
}

void encryptNewProject(const std::string &path, std::string passphrase, KdfCost cost) {
    std::error_code ec;
    if (fs::exists(path, ec) && fs::file_size(path, ec) > 0)
        throw EngineError(ErrorKind::Usage, "a project already exists there", {path});
    const SecretBytes p = SecretBytes::takeString(passphrase);
    cryptvfs::setKey(cryptvfs::canonicalPath(path), newKey(p, cost));
}

void encryptProject(const std::string &path, std::string passphrase, KdfCost cost) {
    const SecretBytes p = SecretBytes::takeString(passphrase);
    if (isEncryptedProjectFile(path))
        throw EngineError(ErrorKind::Usage, "the project is encrypted already (to change its passphrase, rekey it)", {path});
    Project::open(path); // a RecScope project, migrated to this build's schema
    rewriteProject(path, false, "encrypting", cryptvfs::kVfsName, newKey(p, cost));
}

void decryptProject(const std::string &path) {
    if (!isEncryptedProjectFile(path))
        throw EngineError(ErrorKind::Usage, "the project is not encrypted", {path});
    detail::requireUnlocked(path);
    rewriteProject(path, true, "decrypting", sqlite3_vfs_find(nullptr)->zName, nullptr);
    lockProject(path);
}

void changeProjectPassphrase(const std::string &path, std::string newPassphrase, KdfCost cost) {
    const SecretBytes p = SecretBytes::takeString(newPassphrase);
    if (!isEncryptedProjectFile(path))
        throw EngineError(ErrorKind::Usage, "the project is not encrypted (encrypt it instead)", {path});
    detail::requireUnlocked(path);
    rewriteProject(path, true, "rekeying", cryptvfs::kVfsName, newKey(p, cost));
}

namespace detail {

bool prepareNewEncrypted(const std::string &path) {
    const std::string name = cryptvfs::canonicalPath(path);
    if (cryptvfs::key(name))
        return true;
    std::lock_guard lock(g_sessionMutex);
    if (!g_session.passphrase)
        return false;
    cryptvfs::setKey(name, newKey(*g_session.passphrase, g_session.cost));
    return true;
}

void requireUnlocked(const std::string &path) {
    if (isProjectUnlocked(path))
        return;
    std::optional<SecretBytes> session;
    {
        std::lock_guard lock(g_sessionMutex);
        if (g_session.workerKey) {
            const auto header = readHeader(path);
            if (!header)
                throw EngineError(ErrorKind::Usage, "the project is not encrypted", {path});
            auto key = std::make_shared<cryptvfs::FileKey>();
            key->pageKey = SecretBytes(g_session.workerKey->data(), g_session.workerKey->size());
            key->header = *header;
            cryptvfs::setKey(cryptvfs::canonicalPath(path), std::move(key));
            return;
        }
        if (g_session.passphrase)
            session = SecretBytes(g_session.passphrase->data(), g_session.passphrase->size());
    }
    if (!session)
        throw EngineError(ErrorKind::Passphrase, "the project is encrypted: its passphrase is needed", {path});
    unlockWith(path, *session);
}

} // namespace detail

} // namespace recscope::engine
