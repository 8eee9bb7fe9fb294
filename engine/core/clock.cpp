// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/clock.h"

#include <ctime>

namespace recscope::engine {

std::string utcTimestamp() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace recscope::engine
