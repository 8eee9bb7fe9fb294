// SPDX-License-Identifier: GPL-3.0-or-later
// Pseudonym key files.
#include "fuzzsupport.h"

#include "engine/data/pseudonymkey.h"

using namespace recscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    fuzz::Scratch s;
    const auto path = s.write("people.key", std::string_view(reinterpret_cast<const char *>(data), size));
    fuzz::refusalsOnly([&] { engine::pseudonymKeyId(engine::readPseudonymKeyFile(path)); });
    return 0;
}
