// SPDX-License-Identifier: GPL-3.0-or-later
// The syntax of a `device` setting, kept apart from device.cpp so that it needs no libtorch.
#include "engine/core/device.h"

#include <cctype>

namespace recscope::engine {

int detail::cudaIndex(const std::string &s) {
    if (s == "cuda")
        return -1;
    if (s.rfind("cuda:", 0) != 0 || s.size() == 5 || s.size() > 8)
        return -2;
    for (std::size_t i = 5; i < s.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            return -2;
    return std::stoi(s.substr(5));
}

bool isDeviceSetting(const std::string &s) { return s == "cpu" || s == "auto" || detail::cudaIndex(s) >= -1; }

} // namespace recscope::engine
