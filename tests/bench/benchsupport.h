// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the benchmarks: where the real datasets are.
#pragma once

#include <cstdlib>
#include <string>

namespace recscope::bench {

// RECSCOPE_DATA_DIR when set, else the folder CMake was configured with (../shared/data).
inline std::string dataDir() {
    if (const char *env = std::getenv("RECSCOPE_DATA_DIR"); env && *env)
        return env;
    return RECSCOPE_DEFAULT_DATA_DIR;
}

} // namespace recscope::bench
