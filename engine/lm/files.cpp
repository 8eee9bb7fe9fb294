// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/lm/files.h"

#include "engine/core/errors.h"

#include <fstream>
#include <sstream>

namespace recscope::engine {

std::string readWholeFile(const std::filesystem::path &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw EngineError(ErrorKind::BadInput, "cannot be read", {path.string()});
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

nlohmann::json readJsonFile(const std::filesystem::path &path) {
    const std::string text = readWholeFile(path);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception &e) {
        throw EngineError(ErrorKind::BadInput, std::string("is not valid JSON: ") + e.what(), {path.string()});
    }
}

} // namespace recscope::engine
