// SPDX-License-Identifier: GPL-3.0-or-later
// xxh3-64 fingerprints of data (datasets, checkpoints, encoder folders, item text), written as 16
// hex digits. Std-only; xxhash stays in the .cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace recscope::engine {

class Fingerprint {
public:
    Fingerprint();
    ~Fingerprint();
    Fingerprint(const Fingerprint &) = delete;
    Fingerprint &operator=(const Fingerprint &) = delete;

    Fingerprint &add(const void *data, std::size_t size);
    Fingerprint &add(std::string_view text) { return add(text.data(), text.size()); }
    // Adds the whole file. Throws EngineError(BadInput) naming it when it cannot be read.
    Fingerprint &addFile(const std::string &path);
    std::string hex() const; // of everything added so far

    // One piece of data at once.
    static std::string of(std::string_view data);

private:
    struct State;
    std::unique_ptr<State> m;
};

} // namespace recscope::engine
