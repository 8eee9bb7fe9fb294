// SPDX-License-Identifier: GPL-3.0-or-later
// The system keyring, for secrets the analyst keeps outside any project (pseudonym keys): the
// Secret Service through libsecret on Linux (GNOME Keyring, KWallet), the Keychain on macOS, the
// Credential Manager on Windows. Each secret is filed under RecScope and a name the analyst
// chooses. Std-only header; the platform APIs stay in the .cpp.
#pragma once

#include "engine/core/secret.h"

#include <optional>
#include <string>

namespace recscope::engine::keyring {

// The store this build talks to, in words ("Secret Service"); empty when it has none.
std::string backendName();

// The secret filed under `name`, or nothing when there is none. Throws EngineError(Io) when the
// keyring cannot be reached (no Secret Service running, a locked keychain the user declined).
std::optional<SecretBytes> lookup(const std::string &name);

// Files `secret` under `name` (replacing one already there), described by `label` in the
// keyring's own manager. Throws EngineError(Io) when the keyring cannot be reached.
void store(const std::string &name, const std::string &label, const SecretBytes &secret);

// Removes the secret filed under `name`; false when there was none.
bool remove(const std::string &name);

} // namespace recscope::engine::keyring
