// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/fingerprint.h"

#include "engine/core/errors.h"

#include <xxhash.h>

#include <cstdio>
#include <fstream>
#include <vector>

namespace recscope::engine {

struct Fingerprint::State {
    XXH3_state_t *xxh = XXH3_createState();
    ~State() { XXH3_freeState(xxh); }
};

Fingerprint::Fingerprint() : m(std::make_unique<State>()) { XXH3_64bits_reset(m->xxh); }
Fingerprint::~Fingerprint() = default;

Fingerprint &Fingerprint::add(const void *data, std::size_t size) {
    XXH3_64bits_update(m->xxh, data, size);
    return *this;
}

Fingerprint &Fingerprint::addFile(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw EngineError(ErrorKind::BadInput, "cannot be read", {path});
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        add(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    return *this;
}

std::string Fingerprint::hex() const {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(XXH3_64bits_digest(m->xxh)));
    return out;
}

std::string Fingerprint::of(std::string_view data) { return Fingerprint().add(data).hex(); }

} // namespace recscope::engine
