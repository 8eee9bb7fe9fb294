// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/lm/safetensorsheader.h"

#include "engine/core/errors.h"

#include <nlohmann/json.hpp>

#include <limits>

namespace recscope::engine {

namespace {

struct DType {
    const char *name;
    std::size_t size;
};
constexpr DType kTypes[] = {{"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8},
                            {"I32", 4}, {"I16", 2}, {"I8", 1},  {"U8", 1},   {"BOOL", 1}};

// The largest header RecScope reads (the format's own limit is 100 MB).
constexpr std::uint64_t kMaxHeader = 100u << 20;

} // namespace

SafeTensorsHeader readSafeTensorsHeader(std::istream &in, std::uint64_t fileSize, const std::string &path) {
    using Json = nlohmann::json;
    unsigned char lengthBytes[8] = {};
    if (fileSize < 8 || !in.read(reinterpret_cast<char *>(lengthBytes), 8))
        throw EngineError(ErrorKind::BadInput, "not a safetensors file (shorter than its 8-byte header length)", {path});
    std::uint64_t headerSize = 0;
    for (int i = 7; i >= 0; --i)
        headerSize = (headerSize << 8) | lengthBytes[i];
    if (headerSize > fileSize - 8 || headerSize > kMaxHeader)
        throw EngineError(ErrorKind::BadInput,
                          "not a safetensors file (its header length, " + std::to_string(headerSize) + " bytes, does not fit the file)", {path});
    std::string text(headerSize, '\0');
    if (!in.read(text.data(), static_cast<std::streamsize>(headerSize)))
        throw EngineError(ErrorKind::BadInput, "the file ends inside the safetensors header", {path});
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::exception &e) {
        throw EngineError(ErrorKind::BadInput, std::string("the safetensors header is not valid JSON: ") + e.what(), {path});
    }
    if (!j.is_object())
        throw EngineError(ErrorKind::BadInput, "the safetensors header is not a JSON object", {path});

    SafeTensorsHeader header;
    header.dataStart = 8 + headerSize;
    const std::uint64_t dataSize = fileSize - header.dataStart;
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "__metadata__")
            continue;
        const SourceLocation where{path, 0, it.key()};
        const auto &entry = it.value();
        if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
            throw EngineError(ErrorKind::BadInput, "the header entry lacks dtype, shape or data_offsets", where);
        SafeTensorEntry t;
        t.name = it.key();
        t.dtype = entry["dtype"].is_string() ? entry["dtype"].get<std::string>() : std::string();
        const DType *dtype = nullptr;
        for (const auto &d : kTypes)
            if (t.dtype == d.name)
                dtype = &d;
        if (!dtype)
            throw EngineError(ErrorKind::BadInput, "unsupported dtype '" + t.dtype + "'", where);
        t.elementSize = dtype->size;
        const auto &shape = entry["shape"];
        if (!shape.is_array())
            throw EngineError(ErrorKind::BadInput, "the shape is not a list of sizes", where);
        // The element count must not overflow: a wrapped count would pass the size check below.
        std::uint64_t count = 1;
        constexpr auto kMaxSize = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        for (const auto &d : shape) {
            if (!d.is_number_unsigned() || d.get<std::uint64_t>() > kMaxSize)
                throw EngineError(ErrorKind::BadInput, "the shape holds something other than sizes", where);
            const auto size = d.get<std::uint64_t>();
            if (size != 0 && count > dataSize / size)
                count = dataSize + 1; // more elements than the file has bytes: refused below
            else
                count *= size;
            t.shape.push_back(static_cast<std::int64_t>(size));
        }
        const auto &range = entry["data_offsets"];
        if (!range.is_array() || range.size() != 2 || !range[0].is_number_unsigned() || !range[1].is_number_unsigned())
            throw EngineError(ErrorKind::BadInput, "data_offsets is not a pair of byte offsets", where);
        t.begin = range[0].get<std::uint64_t>();
        t.end = range[1].get<std::uint64_t>();
        const bool fits = count <= dataSize && t.end >= t.begin && t.end <= dataSize && t.end - t.begin == count * t.elementSize;
        if (!fits)
            throw EngineError(ErrorKind::BadInput,
                              "its bytes " + std::to_string(t.begin) + ".." + std::to_string(t.end) + " do not hold a " + t.dtype +
                                  " tensor of its shape within the file's " + std::to_string(dataSize) + " data bytes",
                              where);
        header.tensors.push_back(std::move(t));
    }
    return header;
}

} // namespace recscope::engine
