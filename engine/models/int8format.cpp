// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/int8format.h"

#include "engine/core/errors.h"

#include <cstring>

namespace recscope::engine::detail {

namespace {

constexpr std::size_t kMaxDims = 8;

[[noreturn]] void damaged(const std::string &what) {
    throw EngineError(ErrorKind::Project, "an int8 checkpoint is damaged: " + what);
}

class Cursor {
public:
    explicit Cursor(std::string_view in) : m_in(in), m_pos(kInt8Magic.size()) {}
    template <typename T>
    T get() {
        if (sizeof(T) > left())
            damaged("it is truncated");
        T v;
        std::memcpy(&v, m_in.data() + m_pos, sizeof v);
        m_pos += sizeof v;
        return v;
    }
    std::size_t skip(std::size_t bytes, const std::string &what) {
        if (bytes > left())
            damaged(what + " runs past its end");
        const auto at = m_pos;
        m_pos += bytes;
        return at;
    }
    std::size_t left() const { return m_in.size() - m_pos; }
    std::string_view text(std::size_t at, std::size_t bytes) const { return m_in.substr(at, bytes); }

private:
    std::string_view m_in;
    std::size_t m_pos;
};

} // namespace

bool isInt8Checkpoint(std::string_view state) { return state.substr(0, kInt8Magic.size()) == kInt8Magic; }

std::vector<Int8Entry> readInt8Checkpoint(std::string_view state) {
    if (!isInt8Checkpoint(state))
        damaged("it does not start with " + std::string(kInt8Magic));
    Cursor in(state);
    const auto count = in.get<std::uint32_t>();
    std::vector<Int8Entry> out;
    for (std::uint32_t k = 0; k < count; ++k) {
        Int8Entry e;
        const auto length = in.get<std::uint32_t>();
        e.name = std::string(in.text(in.skip(length, "a tensor name"), length));
        const auto dims = in.get<std::uint8_t>();
        if (dims > kMaxDims)
            damaged(e.name + " has " + std::to_string(dims) + " dimensions");
        e.elements = 1;
        for (std::uint8_t d = 0; d < dims; ++d) {
            const auto size = in.get<std::int64_t>();
            // No tensor holds more elements than the checkpoint has bytes (each takes at least one).
            if (size < 0 || (size > 0 && e.elements > state.size() / static_cast<std::uint64_t>(size)))
                damaged(e.name + " has an impossible shape");
            e.shape.push_back(size);
            e.elements *= static_cast<std::size_t>(size);
        }
        const auto kind = in.get<std::uint8_t>();
        if (kind > 1)
            damaged(e.name + " is stored in an unknown way");
        e.matrix = kind == 1;
        if (e.matrix && dims != 2)
            damaged(e.name + " is stored as a matrix but has " + std::to_string(dims) + " dimensions");
        if (e.matrix) {
            e.scales = in.skip(static_cast<std::size_t>(e.shape[0]) * sizeof(float), e.name + "'s scales");
            e.values = in.skip(e.elements, e.name);
        } else {
            if (e.elements > in.left() / sizeof(float))
                damaged(e.name + " runs past its end");
            e.values = in.skip(e.elements * sizeof(float), e.name);
        }
        out.push_back(std::move(e));
    }
    if (in.left() != 0)
        damaged(std::to_string(in.left()) + " bytes follow its last tensor");
    return out;
}

} // namespace recscope::engine::detail
