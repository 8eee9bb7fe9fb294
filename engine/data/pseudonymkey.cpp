// SPDX-License-Identifier: GPL-3.0-or-later
// Pseudonymization keys: key files, the system keyring, passphrase derivation (Argon2id),
// one-time keys.
#include "engine/data/pseudonymkey.h"

#include "engine/core/errors.h"
#include "engine/core/keyring.h"
#include "engine/core/utf8.h"
#include "engine/store/project.h"

#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace recscope::engine {

namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr const char *kKeyFileTag = "recscope-pseudonym-key";
constexpr const char *kSaltMetaKey = "pseudonym_salt";

SecretBytes deriveFromPassphrase(Project &project, std::string &passphrase) {
    if (passphrase.empty())
        throw EngineError(ErrorKind::Usage, "a pseudonym passphrase cannot be empty");
    auto salt = project.metaBlob(kSaltMetaKey);
    if (!salt || salt->size() != crypto_pwhash_SALTBYTES) {
        salt = std::vector<unsigned char>(crypto_pwhash_SALTBYTES);
        randombytes_buf(salt->data(), salt->size());
        project.setMetaBlob(kSaltMetaKey, *salt);
    }
    SecretBytes key(kKeyBytes);
    // Whoever has the file can test guesses at the passphrase against the stored pseudonyms, so the
    // derivation is deliberately slow (libsodium's MODERATE: 3 passes over 256 MiB).
    if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt->data(),
                      crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw EngineError(ErrorKind::Io, "not enough memory to derive the pseudonym key (Argon2id needs 256 MiB)");
    wipeString(passphrase);
    return key;
}

} // namespace

std::string pseudonymKindName(PseudonymKind kind) {
    switch (kind) {
    case PseudonymKind::None: return "";
    case PseudonymKind::Keyed: return "keyed";
    case PseudonymKind::Irreversible: return "irreversible";
    case PseudonymKind::StoredKey: return "stored-key";
    }
    return "";
}

PseudonymKind pseudonymKindFromName(const std::string &name) {
    if (name == "keyed")
        return PseudonymKind::Keyed;
    if (name == "irreversible")
        return PseudonymKind::Irreversible;
    if (name == "stored-key")
        return PseudonymKind::StoredKey;
    return PseudonymKind::None;
}

std::string pseudonymKeyId(const SecretBytes &key) {
    requireSodium();
    static const char kLabel[] = "recscope pseudonym key id";
    unsigned char out[8];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char *>(kLabel), sizeof kLabel - 1, key.data(), key.size());
    char hex[2 * sizeof out + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

SecretBytes readPseudonymKeyFile(const std::string &path) {
    std::ifstream in(path);
    if (!in)
        throw EngineError(ErrorKind::BadInput, "cannot read the pseudonym key file", {path});
    std::string line;
    std::int64_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty() || line[0] == '#')
            continue;
        std::istringstream fields(line);
        std::string tag, version, hex;
        fields >> tag >> version >> hex;
        if (tag != kKeyFileTag)
            throw EngineError(ErrorKind::BadInput, "not a RecScope pseudonym key file", {path, lineNo});
        if (version != "1")
            throw EngineError(ErrorKind::BadInput, "unknown key file version '" + version + "'", {path, lineNo, "version"});
        SecretBytes key(kKeyBytes);
        std::size_t got = 0;
        const bool ok = hex.size() == 2 * kKeyBytes &&
                        sodium_hex2bin(key.data(), key.size(), hex.c_str(), hex.size(), nullptr, &got, nullptr) == 0 &&
                        got == kKeyBytes;
        wipeString(hex);
        wipeString(line);
        if (!ok)
            throw EngineError(ErrorKind::BadInput, "the key is not 64 hexadecimal digits", {path, lineNo, "key"});
        return key;
    }
    throw EngineError(ErrorKind::BadInput, "the pseudonym key file holds no key", {path});
}

void writePseudonymKeyFile(const std::string &path, const SecretBytes &key) {
    if (key.size() != kKeyBytes)
        throw EngineError(ErrorKind::Usage, "a pseudonym key has 32 bytes");
    // O_EXCL: never overwrite a key that earlier pseudonyms depend on; 0600: the key is the secret.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw EngineError(ErrorKind::Io,
                          errno == EEXIST ? "the key file already exists (a key is never overwritten)"
                                          : std::string("cannot create the key file: ") + std::strerror(errno),
                          {path});
    char hex[2 * kKeyBytes + 1];
    sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
    std::string text = std::string("# RecScope pseudonym key. Whoever holds this file can link pseudonymized user ids\n"
                                   "# back to the source ids: keep it apart from the project.\n") +
                       kKeyFileTag + " 1 " + hex + "\n";
    sodium_memzero(hex, sizeof hex);
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    wipeString(text);
    ::close(fd);
    if (!ok) {
        ::unlink(path.c_str());
        throw EngineError(ErrorKind::Io, "cannot write the key file", {path});
    }
}

namespace {
SecretBytes takeStoredKey(Project &project) {
    auto raw = project.storedPseudonymKey();
    SecretBytes key(raw.data(), raw.size());
    sodium_memzero(raw.data(), raw.size());
    if (key.size() != kKeyBytes)
        throw EngineError(ErrorKind::Project, "the project's stored pseudonym key has the wrong length", {project.path()});
    return key;
}
} // namespace

bool movePseudonymKeyOut(Project &project, const std::string &keyFile) {
    const auto key = takeStoredKey(project);
    writePseudonymKeyFile(keyFile, key);
    // The project's copy is the only other one: it goes only once the file reads back the same.
    if (!readPseudonymKeyFile(keyFile).equals(key))
        throw EngineError(ErrorKind::Io, "the key file reads back differently; the key stays in the project", {keyFile});
    return project.removeStoredPseudonymKey(pseudonymKindName(PseudonymKind::Keyed), pseudonymKeyId(key));
}

bool movePseudonymKeyToKeyring(Project &project, const std::string &name) {
    const auto key = takeStoredKey(project);
    requireUtf8Name(name, "keyring entry name");
    if (keyring::lookup(name)) // an entry may be another project's key: never replaced
        throw EngineError(ErrorKind::Usage, "the system keyring already has an entry '" + name + "': choose another name");
    keyring::store(name, pseudonymKeyringLabel(name), key);
    const auto back = keyring::lookup(name);
    if (!back || !back->equals(key))
        throw EngineError(ErrorKind::Io, "the system keyring gives the key back differently; the key stays in the project");
    return project.removeStoredPseudonymKey(pseudonymKindName(PseudonymKind::Keyed), pseudonymKeyId(key));
}

bool destroyStoredPseudonymKey(Project &project) {
    return project.removeStoredPseudonymKey(pseudonymKindName(PseudonymKind::Irreversible), "");
}

std::string pseudonymKeyringLabel(const std::string &name) { return "RecScope pseudonym key \"" + name + "\""; }

PseudonymKey resolvePseudonymKey(Project &project, PseudonymKeySource source) {
    requireSodium();
    PseudonymKey k;
    switch (source.kind) {
    case PseudonymKeySource::Kind::Irreversible:
        k.bytes = SecretBytes::random(kKeyBytes);
        k.kind = PseudonymKind::Irreversible;
        return k; // no id: nothing may link this key to another import
    case PseudonymKeySource::Kind::KeyFile: {
        if (source.keyFile.empty())
            throw EngineError(ErrorKind::Usage, "a keyed import needs a key file");
        struct stat st {};
        if (::stat(source.keyFile.c_str(), &st) == 0) {
            k.bytes = readPseudonymKeyFile(source.keyFile);
        } else {
            k.bytes = SecretBytes::random(kKeyBytes);
            writePseudonymKeyFile(source.keyFile, k.bytes);
        }
        break;
    }
    case PseudonymKeySource::Kind::Passphrase:
        k.bytes = deriveFromPassphrase(project, source.passphrase);
        break;
    case PseudonymKeySource::Kind::Keyring: {
        if (source.keyringName.empty())
            throw EngineError(ErrorKind::Usage, "a keyed import needs the name of its system keyring entry");
        requireUtf8Name(source.keyringName, "keyring entry name");
        if (auto stored = keyring::lookup(source.keyringName)) {
            if (stored->size() != kKeyBytes)
                throw EngineError(ErrorKind::BadInput, "the system keyring's entry '" + source.keyringName + "' holds a " +
                                                           std::to_string(stored->size()) + "-byte secret, not a pseudonym key");
            k.bytes = std::move(*stored);
        } else {
            k.bytes = SecretBytes::random(kKeyBytes);
            keyring::store(source.keyringName, pseudonymKeyringLabel(source.keyringName), k.bytes);
        }
        break;
    }
    }
    k.kind = PseudonymKind::Keyed;
    k.id = pseudonymKeyId(k.bytes);
    return k;
}

} // namespace recscope::engine
