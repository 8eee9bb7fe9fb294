// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/lm/safetensors.h"

#include "engine/core/errors.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace recscope::engine {

namespace {

struct DType {
    const char *name;
    torch::ScalarType type;
};

constexpr DType kTypes[] = {{"F64", torch::kFloat64}, {"F32", torch::kFloat32}, {"F16", torch::kFloat16}, {"BF16", torch::kBFloat16},
                            {"I64", torch::kInt64},   {"I32", torch::kInt32},   {"I16", torch::kInt16},   {"I8", torch::kInt8},
                            {"U8", torch::kUInt8},    {"BOOL", torch::kBool}};

} // namespace

std::map<std::string, torch::Tensor> readSafeTensors(const std::string &path) {
    using Json = nlohmann::json;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw EngineError(ErrorKind::BadInput, "cannot be read", {path});
    std::error_code ec;
    const auto fileSize = std::filesystem::file_size(path, ec);
    std::uint64_t headerSize = 0;
    unsigned char lengthBytes[8] = {};
    if (ec || !in.read(reinterpret_cast<char *>(lengthBytes), 8))
        throw EngineError(ErrorKind::BadInput, "not a safetensors file (shorter than its 8-byte header length)", {path});
    for (int i = 7; i >= 0; --i)
        headerSize = (headerSize << 8) | lengthBytes[i];
    if (headerSize > fileSize - 8 || headerSize > (100u << 20))
        throw EngineError(ErrorKind::BadInput,
                          "not a safetensors file (its header length, " + std::to_string(headerSize) + " bytes, does not fit the file)", {path});
    std::string header(headerSize, '\0');
    in.read(header.data(), static_cast<std::streamsize>(headerSize));
    Json j;
    try {
        j = Json::parse(header);
    } catch (const Json::exception &e) {
        throw EngineError(ErrorKind::BadInput, std::string("the safetensors header is not valid JSON: ") + e.what(), {path});
    }
    if (!j.is_object())
        throw EngineError(ErrorKind::BadInput, "the safetensors header is not a JSON object", {path});
    const std::uint64_t dataStart = 8 + headerSize, dataSize = fileSize - dataStart;
    std::map<std::string, torch::Tensor> out;
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "__metadata__")
            continue;
        const SourceLocation where{path, 0, it.key()};
        const auto &entry = it.value();
        if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
            throw EngineError(ErrorKind::BadInput, "the header entry lacks dtype, shape or data_offsets", where);
        const auto dtypeName = entry["dtype"].is_string() ? entry["dtype"].get<std::string>() : std::string();
        const DType *dtype = nullptr;
        for (const auto &t : kTypes)
            if (dtypeName == t.name)
                dtype = &t;
        if (!dtype)
            throw EngineError(ErrorKind::BadInput, "unsupported dtype '" + dtypeName + "'", where);
        std::vector<std::int64_t> shape;
        std::uint64_t count = 1;
        for (const auto &d : entry["shape"]) {
            if (!d.is_number_unsigned())
                throw EngineError(ErrorKind::BadInput, "the shape holds something other than sizes", where);
            shape.push_back(d.get<std::int64_t>());
            count *= d.get<std::uint64_t>();
        }
        const auto &range = entry["data_offsets"];
        if (!range.is_array() || range.size() != 2 || !range[0].is_number_unsigned() || !range[1].is_number_unsigned())
            throw EngineError(ErrorKind::BadInput, "data_offsets is not a pair of byte offsets", where);
        const auto begin = range[0].get<std::uint64_t>(), end = range[1].get<std::uint64_t>();
        const auto bytes = count * c10::elementSize(dtype->type);
        if (end < begin || end > dataSize || end - begin != bytes)
            throw EngineError(ErrorKind::BadInput,
                              "its bytes " + std::to_string(begin) + ".." + std::to_string(end) + " do not hold a " + dtypeName +
                                  " tensor of its shape within the file's " + std::to_string(dataSize) + " data bytes",
                              where);
        auto tensor = torch::empty(shape, torch::TensorOptions().dtype(dtype->type));
        in.seekg(static_cast<std::streamoff>(dataStart + begin));
        if (bytes > 0 && !in.read(static_cast<char *>(tensor.data_ptr()), static_cast<std::streamsize>(bytes)))
            throw EngineError(ErrorKind::BadInput, "the file ends inside the tensor's data", where);
        out[it.key()] = tensor.is_floating_point() ? tensor.to(torch::kFloat32) : tensor.to(torch::kInt64);
    }
    return out;
}

} // namespace recscope::engine
