// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the libFuzzer targets: an input cut into files in a fresh folder, and the rule that
// the engine may refuse any input with an EngineError and must do nothing else (no crash, no
// other exception, no hang: libFuzzer reports those).
#pragma once

#include "engine/core/errors.h"

#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace recscope::fuzz {

namespace fs = std::filesystem;

// The input's parts, separated by lines "--8<--" (at most `n`; the last takes the rest).
inline std::vector<std::string_view> parts(const std::uint8_t *data, std::size_t size, std::size_t n) {
    std::string_view all(reinterpret_cast<const char *>(data), size);
    std::vector<std::string_view> out;
    static constexpr std::string_view kCut = "\n--8<--\n";
    while (out.size() + 1 < n) {
        const auto at = all.find(kCut);
        if (at == std::string_view::npos)
            break;
        out.push_back(all.substr(0, at));
        all.remove_prefix(at + kCut.size());
    }
    out.push_back(all);
    return out;
}

// A folder of its own for one input (in RAM where the system has /dev/shm), removed afterwards.
class Scratch {
public:
    Scratch() {
        static std::atomic<int> next{0};
        const fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        m_dir = base / ("recscope-fuzz-" + std::to_string(::getpid()) + "-" + std::to_string(next++));
        fs::create_directories(m_dir);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    Scratch(const Scratch &) = delete;
    Scratch &operator=(const Scratch &) = delete;

    // Writes `text` to `name` in the folder; returns its path.
    std::string write(const std::string &name, std::string_view text) const {
        const fs::path p = m_dir / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
        return p.string();
    }
    const fs::path &dir() const { return m_dir; }

private:
    fs::path m_dir;
};

// Runs `work`; the engine's refusals are answers, not findings.
template <typename F>
void refusalsOnly(F &&work) {
    try {
        work();
    } catch (const engine::EngineError &) {
    }
}

} // namespace recscope::fuzz
