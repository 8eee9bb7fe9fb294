// SPDX-License-Identifier: GPL-3.0-or-later
// Encrypted project files. A passphrase gives a key through Argon2id (salt and cost in the file's
// header); the key lives in locked memory for as long as this process has the project unlocked, and
// every connection that opens the file (any thread) reads and writes through it. Project::open and
// Project::openOrCreate consult this: callers only unlock, or set a passphrase for the session.
#pragma once

#include "engine/core/secret.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace recscope::engine {

class Progress;

// How hard deriving a key from a passphrase is (Argon2id passes and memory).
struct KdfCost {
    std::uint64_t opsLimit = 0;
    std::size_t memLimit = 0;
    static KdfCost moderate();    // 3 passes over 256 MiB, about a second: the default for projects
    static KdfCost interactive(); // 2 passes over 64 MiB
    static KdfCost minimal();     // for tests: no protection against guessing
};

// True when the file starts with an encrypted project's header. Throws EngineError(Project) naming
// the file when that header is damaged.
bool isEncryptedProjectFile(const std::string &path);

// Derives the key of an encrypted project and keeps it for this process. Throws
// EngineError(Passphrase) for a wrong passphrase, (Project) for a damaged or foreign file. The
// passphrase string is wiped. Thread-safe.
void unlockProject(const std::string &path, std::string passphrase);
bool isProjectUnlocked(const std::string &path);
// Forgets (wipes) the key; connections already open keep working until they close.
void lockProject(const std::string &path);

// A passphrase for everything this process opens: encrypted projects are unlocked with it and new
// projects are created encrypted with it (recscope-cli --passphrase-file, the test-suite switch).
void setSessionPassphrase(std::string passphrase, KdfCost cost = KdfCost::moderate());
void clearSessionPassphrase();
bool hasSessionPassphrase();

// Handing an unlocked project to a worker process (the workbench's data-parallel ranks) without
// its passphrase, so that no second key derivation runs: the page key of `path` as hex text in
// locked memory, to write down the worker's pipe. Throws EngineError(Passphrase) when `path` is
// not unlocked in this process.
SecretBytes workerKeyOf(const std::string &path);
// In the worker: the key it was handed (as workerKeyOf writes it) unlocks the encrypted project it
// opens. A key that is not the project's fails the first page's authentication check. Throws
// EngineError(Usage) for text that is not such a key.
void setSessionWorkerKey(SecretBytes hexKey);

// The project about to be created at `path` (which must not exist or be empty) will be encrypted.
void encryptNewProject(const std::string &path, std::string passphrase, KdfCost cost = KdfCost::moderate());

// Conversions. Each writes the whole project into a new file beside it, checks that file, then
// renames it over the original, so that a failure or a kill leaves the original as it was. The
// project must not be open elsewhere (EngineError(Project) "in use" otherwise).
void encryptProject(const std::string &path, std::string passphrase, KdfCost cost = KdfCost::moderate());
void decryptProject(const std::string &path);                 // must be unlocked
void changeProjectPassphrase(const std::string &path, std::string newPassphrase,
                             KdfCost cost = KdfCost::moderate()); // must be unlocked

namespace detail {
// For SqliteDb and Project: whether `path` is to be created encrypted (a key is ready for it or a
// session passphrase is set; the key is made then), and unlocking with the session passphrase.
bool prepareNewEncrypted(const std::string &path);
void requireUnlocked(const std::string &path);
} // namespace detail

} // namespace recscope::engine
