// SPDX-License-Identifier: GPL-3.0-or-later
// Where a pseudonymization key comes from. The key is never stored in the project: it lives in a
// key file the analyst keeps, is derived from a passphrase, or is random, used once and wiped.
#pragma once

#include "engine/core/secret.h"

#include <string>

namespace recscope::engine {

class Project;

// How a dataset's user ids were replaced, as stored with the dataset.
enum class PseudonymKind {
    None,         // ids as in the source
    Keyed,        // a key kept outside the project: further imports with it link the same people
    Irreversible, // a random key used once and wiped: no one can link the ids back
    StoredKey,    // made before schema 9: the key is still in the project file (reversible)
};
std::string pseudonymKindName(PseudonymKind kind); // "", "keyed", "irreversible", "stored-key"
PseudonymKind pseudonymKindFromName(const std::string &name);

struct PseudonymKeySource {
    enum class Kind { Irreversible, KeyFile, Passphrase, Keyring };
    Kind kind = Kind::Irreversible;
    std::string keyFile;     // KeyFile: read, or created (owner-only) when it does not exist
    std::string passphrase;  // Passphrase: with a salt kept in the project (wiped after use)
    std::string keyringName; // Keyring: the system keyring's entry, created when it does not exist
};

// A key ready for one import.
struct PseudonymKey {
    SecretBytes bytes;
    PseudonymKind kind = PseudonymKind::Irreversible;
    std::string id; // a public name of the key (keyed hash of it); empty when irreversible
};

// Resolves a source to a key. KeyFile creates the file with a fresh key when missing, Keyring the
// keyring entry (see core/keyring.h, which also names the entry's label); Passphrase
// derives the key with Argon2id (the salt is made once per project and stored there: it is no
// secret). Throws EngineError(BadInput) naming the key file and line for a malformed one.
PseudonymKey resolvePseudonymKey(Project &project, PseudonymKeySource source);

// Key files: one line "recscope-pseudonym-key 1 <64 hex digits>" after a comment saying what the
// file is. Written owner-only (0600), into a new file: an existing file is never overwritten.
SecretBytes readPseudonymKeyFile(const std::string &path);
void writePseudonymKeyFile(const std::string &path, const SecretBytes &key);

// For projects made before schema 9, whose key sits in the file (Project::hasStoredPseudonymKey):
// writes it to a new key file, reads it back, then removes it from the project; or destroys it.
// The datasets made with it become keyed (with the file's key id) or irreversible. Both return
// false when another connection kept old copies in the WAL (run again once it has closed).
bool movePseudonymKeyOut(Project &project, const std::string &keyFile);
// The same into a new system keyring entry (an existing entry is never replaced).
bool movePseudonymKeyToKeyring(Project &project, const std::string &name);
bool destroyStoredPseudonymKey(Project &project);

// The label a pseudonym key's keyring entry shows in the keyring's own manager.
std::string pseudonymKeyringLabel(const std::string &name);

// 16 hex digits naming a key without revealing it (BLAKE2b keyed with the key itself).
std::string pseudonymKeyId(const SecretBytes &key);

} // namespace recscope::engine
