// SPDX-License-Identifier: GPL-3.0-or-later
// UTF-8 validation (a fast ASCII path) and repair.
#include "engine/core/utf8.h"

#include "engine/core/errors.h"

#include <cstdint>
#include <cstring>

namespace recscope::engine {

namespace {

// The length of the valid sequence starting at p (1 to 4), or 0 when it is not valid.
std::size_t sequenceLength(const unsigned char *p, const unsigned char *e) {
    const unsigned c = *p;
    if (c < 0x80)
        return 1;
    std::size_t n;
    if ((c & 0xE0) == 0xC0 && c >= 0xC2)
        n = 1;
    else if ((c & 0xF0) == 0xE0)
        n = 2;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
        n = 3;
    else
        return 0;
    if (static_cast<std::size_t>(e - p) <= n)
        return 0;
    for (std::size_t i = 1; i <= n; ++i)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    if (n == 2 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0)))
        return 0;
    if (n == 3 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90)))
        return 0;
    return n + 1;
}

constexpr const char *kReplacement = "\xEF\xBF\xBD"; // U+FFFD

} // namespace

bool isValidUtf8(std::string_view s) {
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    const auto *e = p + s.size();
    while (p < e) {
        // Fast path for ASCII, eight bytes at a time.
        if (e - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            if ((w & 0x8080808080808080ULL) == 0) {
                p += 8;
                continue;
            }
        }
        const std::size_t n = sequenceLength(p, e);
        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

std::string toValidUtf8(std::string_view s) {
    if (isValidUtf8(s))
        return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    const auto *e = p + s.size();
    while (p < e) {
        const std::size_t n = sequenceLength(p, e);
        if (n == 0) {
            out += kReplacement;
            ++p;
        } else {
            out.append(reinterpret_cast<const char *>(p), n);
            p += n;
        }
    }
    return out;
}

std::string utf8Prefix(std::string_view s, std::size_t maxBytes) {
    const std::string valid = toValidUtf8(s);
    if (valid.size() <= maxBytes)
        return valid;
    std::size_t cut = maxBytes;
    while (cut > 0 && (static_cast<unsigned char>(valid[cut]) & 0xC0) == 0x80)
        --cut; // back to the start of the character that would be split
    return valid.substr(0, cut) + "\xE2\x80\xA6"; // …
}

std::string quotedValue(std::string_view s) { return "'" + utf8Prefix(s, 40) + "'"; }

void requireUtf8Name(std::string_view name, std::string_view what) {
    if (!isValidUtf8(name))
        throw EngineError(ErrorKind::Usage, std::string(what) + " " + quotedValue(name) +
                                                " is not valid UTF-8 text; give it in UTF-8");
}

} // namespace recscope::engine
