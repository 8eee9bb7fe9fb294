// SPDX-License-Identifier: GPL-3.0-or-later
// Enums with stable names: the names are what the project file, JSON and the command line hold.
// An enum opts in by specialising EnumNames with a `values` array of {value, name} pairs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace recscope::engine {

template <typename E>
struct EnumNames; // static constexpr std::pair<E, std::string_view> values[] = {...};

template <typename E>
std::string_view nameOf(E value) {
    for (const auto &[v, n] : EnumNames<E>::values)
        if (v == value)
            return n;
    return {};
}

template <typename E>
std::optional<E> enumFromName(std::string_view name) {
    for (const auto &[v, n] : EnumNames<E>::values)
        if (n == name)
            return v;
    return std::nullopt;
}

// "a, b, c": every name, for messages and help.
template <typename E>
std::string enumNameList() {
    std::string out;
    for (const auto &[v, n] : EnumNames<E>::values)
        out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

} // namespace recscope::engine
