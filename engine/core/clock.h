// SPDX-License-Identifier: GPL-3.0-or-later
// Time as project files store it.
#pragma once

#include <string>

namespace recscope::engine {

// The current time as ISO 8601 in UTC ("2026-11-29T18:02:34Z").
std::string utcTimestamp();

} // namespace recscope::engine
