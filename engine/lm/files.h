// SPDX-License-Identifier: GPL-3.0-or-later
// Reading a checkpoint folder's small files whole. Engine-private (nlohmann-json).
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace recscope::engine {

// Throw EngineError(BadInput) naming the file when it cannot be read (or is not JSON).
std::string readWholeFile(const std::filesystem::path &path);
nlohmann::json readJsonFile(const std::filesystem::path &path);

} // namespace recscope::engine
