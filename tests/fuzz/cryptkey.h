// SPDX-License-Identifier: GPL-3.0-or-later
// The fixed page key of the encrypted-file fuzz target and its seed (no passphrase derivation: a
// fuzzed header must not make each input an Argon2id run).
#pragma once

#include "engine/store/cryptvfs.h"

#include <memory>

namespace recscope::fuzz {

inline std::shared_ptr<engine::cryptvfs::FileKey> fixedKey(const engine::cryptvfs::Header &header) {
    auto key = std::make_shared<engine::cryptvfs::FileKey>();
    unsigned char bytes[32];
    for (int i = 0; i < 32; ++i)
        bytes[i] = static_cast<unsigned char>(0x5A ^ (i * 29));
    key->pageKey = engine::SecretBytes(bytes, sizeof bytes);
    key->header = header;
    return key;
}

} // namespace recscope::fuzz
